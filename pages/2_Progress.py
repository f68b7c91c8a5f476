"""Progress: pain against load, the next-morning answer, consistency and questionnaire trends."""

import streamlit as st

from lib import charts, load, progress_words, ui
from lib.errors import PoiseError

RANGE_KEY = "progress_range"
CUSTOM_KEY = "progress_custom_range"
EXERCISE_KEY = "progress_exercise"
CHART_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}  # no toolbar over titles

con, read = ui.setup("Progress", "Is your pain following your load, and is your fear of movement falling? "
                           "Every chart follows the range you pick.")
today = ui.today()


def show(builder, *reads: tuple, **options) -> None:
    """Draw `builder`'s chart from the store's `reads`, or say what it needs when there is not enough data yet."""
    figure = read.figure(builder, *reads, **options)
    if figure is None:
        st.info(charts.needs(builder))
    else:
        st.plotly_chart(figure, config=CHART_CONFIG, theme=None, key=f"chart_{builder.__name__}")
        st.expander("How is this worked out?").markdown(progress_words.HOW[builder.__name__])


def number(value, unit: str = "") -> str:
    return "–" if value is None else f"{round(value, 1):,g}{unit}"


def delta(change, text: str, color: str = "off") -> dict:
    """st.metric's delta arguments; no arrow and no colour when nothing changed."""
    if change is None:
        return {"delta": None}
    return {"delta": f"{round(change, 1):+,g}{text}", "delta_color": "off" if change == 0 else color,
            "delta_arrow": "off" if change == 0 else "auto"}


choice = st.radio("Range", list(load.RANGES), horizontal=True, key=RANGE_KEY)
custom = None
if choice == "Custom":
    picked = st.date_input("From – to", value=load.period("Last 4 weeks", today, None), max_value=today,
                           format=ui.DATE_FORMAT, key=CUSTOM_KEY)
    if len(picked) != 2:
        st.info("Pick the last day of the range too.")
        st.stop()
    custom = tuple(picked)
try:
    start, end = read.progress_range(choice, today, custom)
except (PoiseError, ValueError) as e:
    ui.show_error(getattr(e, "message", str(e)))
    st.stop()
weekly = load.is_weekly(start, end)
st.caption(f"{start:%d %b %Y} – {end:%d %b %Y}" + (" · drawn from weekly totals and medians" if weekly else ""))

st.subheader("Am I getting better?")
for said in progress_words.sentences(start=start, end=end, span=progress_words.span_words(choice, start, end),
                                     amber_delta=read.get_setting("morning_amber_delta"),
                                     **read.progress_word_inputs(start, end)):
    (st.markdown if said.enough else st.caption)(ui.plain(said.text))

head, tsk = read.range_headline(start, end), read.headline_numbers(today)["tsk"]
before = f" vs the {head['days']} days before"
cols = st.columns(4)
pain, sessions, effort = head["median_pain"], head["sessions"], head["load"]
cols[0].metric("Morning pain, median", number(pain["this"], " / 10"), **delta(pain["change"], before, "inverse"),
               help=f"Lower is better. The median of this range's morning check-ins against the {head['days']} "
                    "days just before it.")
cols[1].metric("Sessions", sessions["this"], **delta(sessions["change"], before),
               help="Sessions done in this range (a skipped one does not count).")
cols[2].metric("Effort × minutes", number(effort["this"]), **delta(effort["change"], before),
               help="Training load: each session's effort (0–10) times its minutes, added up. "
                    "The number has no unit of its own (sports science calls it AU, arbitrary units).")
if tsk is None:
    cols[3].metric("Fear of movement (TSK)", "–", help="Answer the TSK on the Questionnaires page.")
else:
    cols[3].metric(f"{tsk['instrument']}, {tsk['day']:%d %b}", number(tsk["total"]),
                   **delta(tsk["change"], f" since {tsk['since']:%d %b}" if tsk["since"] else "", "inverse"),
                   help="Lower is less fear of movement.")

st.subheader("Is my pain following my load?")
show(charts.pain_and_load, ("daily_pain_and_load", start, end), ("progression_events", start, end),
     ("deload_weeks", start, end))

st.subheader("How does my back answer the next morning?")
pairs = read.next_morning_pairs(start, end)
show(charts.next_morning, ("next_morning_pairs", start, end), red_delta=read.get_setting("morning_red_delta"))
if len(pairs):
    st.write(load.describe_response(load.next_morning_response(pairs)))

st.subheader("Recent load (7 days) against usual load (4 weeks)")
show(charts.acute_chronic, ("acute_chronic_load", start, end))
st.caption("A guide, not a verdict: whether a jump in load predicts injury is disputed, so the shaded band is a "
           "neutral reference, not a safe zone. Poise shows it and never uses it to decide anything.")

st.subheader("Each exercise's prescription")
exercise = st.selectbox("Exercise", read.exercises_by_history(), key=EXERCISE_KEY,
                        help="The exercises whose prescription changed most often come first.")
if exercise:
    show(charts.prescription_history, ("prescription_timeline", exercise, start, end),
         ("progression_events", start, end, exercise), exercise=exercise)

st.subheader("Consistency")
show(charts.consistency, ("practice_calendar", start, end), ("practice_streaks", today))
st.caption("Consistency is the point, not intensity: a short session or a ticked ritual counts as a practice day.")

st.subheader("Is my fear of movement falling?")
show(charts.questionnaire_trends, ("questionnaire_totals", start, end))
st.caption("TSK: Miller, Kori & Todd 1991; a TSK-17 total above 37 is high (Vlaeyen 1995); a TSK-11 fall of 4 "
           "matters (Woby 2005). PSFS: Stratford et al. 1995; a rise of 2 in the mean matters.")

st.subheader("My own triggers")
show(charts.context, ("context_vs_pain", start, end))
st.caption("Each point is the average morning pain on days with that much sleep, stress or sitting. "
           "A flat line means no clear link; a few days prove little.")
