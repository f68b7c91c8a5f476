"""Progress: pain against load, the next-morning answer, consistency and questionnaire trends."""

import streamlit as st

from lib import charts, load, ui

EXERCISE_KEY = "progress_exercise"

con, read = ui.setup(
    "Progress",
    "Is your pain following your load, and is your fear of movement falling? Every chart follows the range you pick.",
)
today = ui.today()
choice, start, end = ui.progress_range(read, today)

st.subheader("Am I getting better?")
ui.progress_in_words(read, choice, start, end)
ui.progress_headline(read, start, end, today)

st.subheader("Is my pain following my load?")
ui.progress_chart(
    read,
    charts.pain_and_load,
    ("daily_pain_and_load", start, end),
    ("progression_events", start, end),
    ("deload_weeks", start, end),
)

st.subheader("How does my back answer the next morning?")
pairs = read.next_morning_pairs(start, end)
ui.progress_chart(
    read, charts.next_morning, ("next_morning_pairs", start, end), red_delta=read.get_setting("morning_red_delta")
)
if len(pairs):
    st.write(load.describe_response(load.next_morning_response(pairs)))

st.subheader("Recent load (7 days) against usual load (4 weeks)")
ui.progress_chart(read, charts.acute_chronic, ("acute_chronic_load", start, end))
st.caption(
    "A guide, not a verdict: whether a jump in load predicts injury is disputed, so the shaded band is a "
    "neutral reference, not a safe zone. Poise shows it and never uses it to decide anything."
)

st.subheader("Each exercise's prescription")
exercise = st.selectbox(
    "Exercise",
    read.exercises_by_history(),
    key=EXERCISE_KEY,
    help="The exercises whose prescription changed most often come first.",
)
if exercise:
    ui.progress_chart(
        read,
        charts.prescription_history,
        ("prescription_timeline", exercise, start, end),
        ("progression_events", start, end, exercise),
        exercise=exercise,
    )

st.subheader("Consistency")
ui.progress_chart(read, charts.consistency, ("practice_calendar", start, end), ("practice_streaks", today))
st.caption("Consistency is the point, not intensity: a short session or a ticked ritual counts as a practice day.")

st.subheader("Is my fear of movement falling?")
ui.progress_chart(read, charts.questionnaire_trends, ("questionnaire_totals", start, end))
st.caption(
    "TSK: Miller, Kori & Todd 1991; a TSK-17 total above 37 is high (Vlaeyen 1995); a TSK-11 fall of 4 "
    "matters (Woby 2005). PSFS: Stratford et al. 1995; a rise of 2 in the mean matters."
)

st.subheader("My own triggers")
ui.progress_chart(read, charts.context, ("context_vs_pain", start, end))
st.caption(
    "Each point is the average morning pain on days with that much sleep, stress or sitting. "
    "A flat line means no clear link; a few days prove little."
)
