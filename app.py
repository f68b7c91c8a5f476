"""Today: the focus of the day, the plan with one explained suggestion per exercise, and the day's rituals."""

import streamlit as st

from lib import coach, logbook, plain, plan, progression, questionnaires, store, ui
from lib.errors import PoiseError

con, read = ui.setup(
    "Today", "Your plan for today, one small step at a time. Check in first: the suggestions depend on it."
)
today = ui.today()
ui.red_flag_stop(read, today)  # issue 12: a red flag ticked today replaces the plan with the stop message

if read.first_record_day() is None:  # an empty diary: what Poise is, and two ways to start
    ui.welcome(today)
if read.get_checkin(today) is None:
    st.info("You have not checked in today. It takes under 30 seconds, and the suggestions below wait for it.")
    st.page_link("pages/1_Check-in_and_log.py", label="Check in now →")
if not read.red_flag_screened():  # issue 12: the red-flag screen on first use
    ui.red_flag_screen(con, read, today, today, expanded=True)

inputs = read.engine_inputs(today, active_only=True)
if not inputs.library:
    st.info("No active exercises. Activate some on the Exercises page.")
    st.page_link("pages/4_Exercises.py", label="Open the exercise library →")
    st.stop()
status = progression.day_status(inputs.checkins, inputs.settings, today, inputs.programme_start)
day_plan = plan.plan_for(inputs, read.last_focus(today))

st.subheader(f"{day_plan.label} · {plan.minutes_words(day_plan.minutes)}")
for kind, text in plan.day_messages(status):
    (st.warning if kind == "warning" else st.info)(text)
if status.flare:
    ui.bad_day_minimum(con, inputs, today)  # issue 12: the bad-day plan

decided = read.decisions_on(today)
logged, marks = logbook.logged_today(read.list_sessions(today, today))
if logged:
    st.success(logged)
ERROR_KEY = "today_error"  # a failed Accept/Keep, shown on the rerun after the click
ACTION_LABELS = {"progress": "↑ One step up", "hold": "= Hold", "regress": "↓ One step back", "deload": "↓ Deload"}
ROLE_LABELS = {"opener": "Opener", "focus": "Focus", "transition": "Transition drill"}


def record(suggestion: progression.Suggestion, accepted: bool) -> None:
    try:
        (coach.accept if accepted else coach.decline)(con, suggestion, today)
        st.toast(f"{suggestion.exercise}: " + ("change accepted." if accepted else "kept as it is."))
    except PoiseError as e:
        st.session_state[ERROR_KEY] = e.message


if message := st.session_state.pop(ERROR_KEY, None):
    ui.show_error(message)

suggestions = {item.name: progression.decide_from(inputs, item.name) for item in day_plan.exercises}
if shared := plain.shared_hold(suggestions.values()):  # the same hold on every card: said once, here
    st.info(ui.plain(shared))
for item in day_plan.exercises:
    s = suggestions[item.name]
    exercise = inputs.library[item.name]
    with st.container(border=True):
        st.markdown(
            f"**{ui.plain(item.name)}** · {ROLE_LABELS[item.role]} · {plan.minutes_words(item.minutes)}"
            + (f" · **{marks[item.name]}**" if item.name in marks else "")
        )
        ui.exercise_figure(item.name, s.current)  # animated at the prescribed tempo; nothing for a custom exercise
        st.text(plain.prescription_words(s.current, exercise, inputs.settings["units"]))
        st.markdown(
            f"{progression.LIGHT_SYMBOLS[s.light]} · **{ACTION_LABELS[s.action]}**"
            + ("" if shared else f" — {ui.plain(s.reason)}")
        )
        # A decision covers the suggestion it answered: one that changed since (a red session logged) is new.
        if (done := decided.get(item.name)) and done.proposed == s.proposed:
            st.caption("Accepted today." if done.decision == "accepted" else "Kept as it is today.")
        elif s.proposed != s.current:
            with st.container(horizontal=True):
                st.button("Accept", key=f"accept_{item.name}", type="primary", on_click=record, args=(s, True))
                st.button("Keep as is", key=f"keep_{item.name}", on_click=record, args=(s, False))
        with st.expander("How to do it"):
            for cue in exercise.cues:
                st.markdown(f"- {ui.plain(cue)}")

st.caption(plain.LIGHTS_LEGEND)
if not logged:  # once it is logged, Today says so at the top instead
    st.page_link("pages/6_Guided_session.py", label="Start today's session: Poise times it with you →")
    st.page_link("pages/1_Check-in_and_log.py", label="Done on your own? Log this session (the rows come prefilled) →")

rituals = read.list_rituals()
if not rituals.empty:
    st.subheader("Today's rituals")
    ticks = read.ritual_ticks(today)
    for ritual in rituals.itertuples():
        st.checkbox(
            ui.plain(f"{ritual.cue} → {ritual.movement}"),
            value=ritual.id in ticks,
            key=f"ritual_{ritual.id}",
            on_change=lambda rid=ritual.id: store.tick_ritual(con, rid, today, st.session_state[f"ritual_{rid}"]),
        )

if due := read.questionnaires_due(today):
    names = ", ".join(questionnaires.INSTRUMENTS[i].short for i in due)
    st.caption(f"A questionnaire is due: {names}. It takes a few minutes and shows how things are moving.")
    st.page_link("pages/3_Questionnaires.py", label="Answer it on the Questionnaires page →")
