"""Check-in & log: the morning check-in and the day's sessions, for today or any past day."""

from datetime import timedelta
from functools import partial

import streamlit as st

from lib import logbook, plan, store, ui
from lib.models import FOCI, RPE_LABELS, SKIP_REASONS

con, read = ui.setup("Check-in & log", "Check in first (under 30 seconds), then log what you did. Pick a past date to fix it.")
today = ui.today()
DAY_KEY = "log_day"  # the date picker: the day every tab shows
CHECKIN_SAVED = "checkin_saved"  # the day just checked in: the page says what comes next


def open_picked_day(key: str, days: list) -> None:
    """A row picked in a history table opens its day (a callback: it runs before the date picker is drawn)."""
    if rows := st.session_state[key].selection.rows:
        st.session_state[DAY_KEY] = days[rows[0]]


day = st.date_input("Date", value=today, max_value=today, key=DAY_KEY, format=ui.DATE_FORMAT)
checkin_tab, session_tab, ritual_tab, history_tab = st.tabs(["Check-in", "Session", "Rituals", "Last 30 days"])
SESSION_CHOICE = f"session_{day}"  # which of the day's sessions is open (None: a new one)
SAVED_SESSION = "saved_session"     # a just-saved session, to open on the next rerun
COPIED = f"copied_{day}"            # the check-in form holds yesterday's answers, for the person to adjust
NEW_RITUAL = ("new_ritual_cue", "new_ritual_movement", "new_ritual_minutes")  # the Add ritual fields
if SAVED_SESSION in st.session_state:
    st.session_state[SESSION_CHOICE] = st.session_state.pop(SAVED_SESSION)
settings = read.all_settings()

with checkin_tab:
    existing, yesterday = read.get_checkin(day), read.get_checkin(day - timedelta(days=1))
    keys = {name: f"checkin_{day}_{name}" for name in logbook.CHECKIN_ANSWERS}
    ui.prefill({keys[k]: v for k, v in logbook.checkin_answers(existing).items()})
    if st.session_state.get(CHECKIN_SAVED) == day:
        st.page_link("app.py", label="Saved. Today's plan is ready →")
    st.caption("Editing this day's check-in; the old values are kept." if existing else
               "No check-in for this day yet. Only pain now is needed; leave blank what you are not sure of.")
    if yesterday and not existing:
        st.button("Same as yesterday", help="Fills in yesterday's answers for you to adjust (never flare-up, travel "
                  "or notes). Nothing is saved until you press Save.", on_click=ui.fill, args=(
                      {keys[k]: v for k, v in logbook.copied_from(yesterday).items()} | {COPIED: True},))
    if st.session_state.get(COPIED):
        st.info("Copied from yesterday: change what is different today, then save.")
    with st.form(f"checkin_{day}", enter_to_submit=False):
        answers = ui.checkin_fields(keys, settings["sitting_hours_long"])
        if st.form_submit_button("Save check-in", type="primary"):
            ui.attempt(store.save_checkin, con, message=f"Check-in saved for {day:%a %d %b}.",
                       then={CHECKIN_SAVED: day, COPIED: False}, day=day, today=today, **answers)
    ui.red_flag_screen(con, read, day, today)  # issue 12: the red-flag screen, one line on every check-in
    if existing:
        ui.confirm("Delete this check-in", f"checkin_{day}", f"Delete the check-in of {day:%a %d %b}?",
                   store.delete_checkin, con, day)

with session_tab:
    labels = logbook.session_labels(read.list_session_summaries(day, day))
    session_id = st.selectbox("Session", list(labels), format_func=labels.get, key=SESSION_CHOICE)
    logged = read.get_session(session_id) if session_id else None
    library, prescriptions = read.load_library(), read.current_prescriptions(day)
    day_plan = plan.plan_for(read.engine_inputs(day, active_only=True), read.last_focus(day))  # as Today plans it
    focus, planned = (logged["focus"] if logged else day_plan.focus), [p.name for p in day_plan.exercises]
    names = st.multiselect("Exercises in this session", list(library), key=f"names_{day}_{session_id}",
                           default=[e["exercise"] for e in logged["exercises"]] if logged else planned)
    form_key = f"log_{day}_{session_id}"
    rows = logbook.exercise_rows(library, names, prescriptions, logged["exercises"] if logged else [], settings["units"])
    ui.prefill(logbook.session_form_values(form_key, rows, logged))
    st.page_link("pages/6_Guided_session.py", label="Or let Poise guide today's session, timers included →")
    if rows:
        st.button("Did all of it as planned", help="Ticks every row as done. The pain during each is still yours to pick.",
                  on_click=ui.fill, args=(dict.fromkeys(logbook.done_keys(form_key, rows), True),))
    with st.form(form_key, enter_to_submit=False):
        a, b, c = st.columns(3)
        focus = a.selectbox("Focus", FOCI, index=FOCI.index(focus))
        duration = ui.number("duration_min", f"{form_key}_duration_min", "Minutes, the whole session ({range})", where=b)
        rpe = c.selectbox("Effort, the whole session (CR-10)", list(RPE_LABELS), key=f"{form_key}_rpe", placeholder="Pick 0–10",
                          format_func=lambda r: f"{r} · {RPE_LABELS[r]}")
        entries = [ui.exercise_row(row, form_key, settings["units"]) for row in rows]
        session_notes = ui.notes("Session notes", f"{form_key}_notes")
        if st.form_submit_button("Save session", type="primary"):
            ui.attempt(store.save_session, con, message=f"Session saved for {day:%a %d %b}.", remember=SAVED_SESSION,
                       refuse=logbook.nothing_done(entries), day=day, focus=focus, duration_min=duration, rpe=rpe,
                       notes=session_notes, exercises=entries, session_id=session_id, today=today)
    with st.expander("Skipped the session? Record it, so a missed day is not just a blank"), st.form(f"skip_{form_key}"):
        reason = st.radio("Why (optional)", SKIP_REASONS, index=None, horizontal=True)
        if st.form_submit_button("Save as skipped"):
            ui.attempt(store.save_session, con, message=f"Skipped session saved for {day:%a %d %b}.", remember=SAVED_SESSION,
                       day=day, focus=focus, skipped=True, skip_reason=reason, session_id=session_id, today=today)
    if session_id:
        ui.confirm("Delete this session", f"session_{session_id}", f"Delete session {session_id} and its exercises?",
                   store.delete_session, con, session_id)

with ritual_tab:
    rituals, ticks = read.list_rituals(), read.ritual_ticks(day)
    for r in rituals.itertuples():
        ticked, retire = st.columns([6, 1])
        if (done := ticked.checkbox(ui.plain(f"{r.cue} → {r.movement}"), r.id in ticks, key=f"ritual_{day}_{r.id}")) != (r.id in ticks):
            ui.attempt(store.tick_ritual, con, message=f"Ritual {'ticked' if done else 'unticked'} for {day:%a %d %b}.",
                       ritual_id=r.id, day=day, done=done, today=today)
        if retire.button("Retire", key=f"retire_ritual_{r.id}", help="From today on; its ticks stay."):
            ui.attempt(store.retire_ritual, con, message="Ritual retired; its ticks stay.", ritual_id=r.id, day=today,
                       today=today)
    with st.form("new_ritual", enter_to_submit=False):  # not cleared on submit: a refused entry stays to fix
        st.caption("A ritual ties a movement to a cue you meet every day. Edit rituals on the Exercises page.")
        a, b, c = st.columns([3, 3, 1])
        cue = a.text_input("Cue", placeholder="After morning coffee", key=NEW_RITUAL[0])
        movement = b.text_input("Movement", placeholder="3 min cat-camel", key=NEW_RITUAL[1])
        minutes = ui.number("minutes", NEW_RITUAL[2], "Minutes", where=c)
        if st.form_submit_button("Add ritual"):
            ui.attempt(store.save_ritual, con, message="Ritual added.", forget=NEW_RITUAL, cue=cue, movement=movement,
                       minutes=minutes, today=today)

with history_tab:
    st.caption("Click a row to open its day above, to edit it or delete it. A dash (–) is a value not given.")
    month = today - timedelta(days=29)
    for key, table in (("history_checkins", read.list_checkins(month, today).sort_values("day", ascending=False)),
                       ("history_sessions", read.list_session_summaries(month, today))):
        st.dataframe(logbook.shown(table), hide_index=True, key=key, selection_mode="single-row",
                     on_select=partial(open_picked_day, key, list(table["day"])))
