"""Check-in & log: the morning check-in and the day's sessions, for today or any past day."""

from datetime import timedelta
from functools import partial

import streamlit as st

from lib import logbook, plan, store, ui
from lib.models import FOCI, RPE_LABELS

con, read = ui.setup("Check-in & log", "Check in first (under 30 seconds), then log what you did. Pick a past date to fix it.")
today = ui.today()
DAY_KEY = "log_day"  # the date picker: the day every tab shows


def open_picked_day(key: str, days: list) -> None:
    """A row picked in a history table opens its day (a callback: it runs before the date picker is drawn)."""
    if rows := st.session_state[key].selection.rows:
        st.session_state[DAY_KEY] = days[rows[0]]


day = st.date_input("Date", value=today, max_value=today, key=DAY_KEY, format=ui.DATE_FORMAT)
checkin_tab, session_tab, ritual_tab, history_tab = st.tabs(["Check-in", "Session", "Rituals", "Last 30 days"])

SESSION_CHOICE = f"session_{day}"  # which of the day's sessions is open (None: a new one)
SAVED_SESSION = "saved_session"     # a just-saved session, to open on the next rerun
NEW_RITUAL = ("new_ritual_cue", "new_ritual_movement", "new_ritual_minutes")  # the Add ritual fields
if SAVED_SESSION in st.session_state:
    st.session_state[SESSION_CHOICE] = st.session_state.pop(SAVED_SESSION)
settings = read.all_settings()

with checkin_tab:
    existing = read.get_checkin(day)
    v = logbook.checkin_defaults(existing, read.get_checkin(day - timedelta(days=1)))
    st.caption("Editing this day's check-in; the old values are kept." if existing else "No check-in for this day yet.")
    with st.form(f"checkin_{day}", enter_to_submit=False):
        a, b = st.columns(2)
        pain = a.slider("Pain now (0 none – 10 worst)", 0, 10, v["pain_now"])
        stiffness = b.slider("Morning stiffness (0–10)", 0, 10, v["stiffness"])
        sleep_hours = a.number_input("Sleep (hours, in halves)", min_value=0.0, value=float(v["sleep_hours"]), step=0.5)
        sleep_quality = b.slider("Sleep quality (0 poor – 10 excellent)", 0, 10, v["sleep_quality"])
        stress = a.slider("Stress (0–10)", 0, 10, v["stress"])
        sitting = b.number_input("Sitting today (hours)", min_value=0.0, value=float(v["sitting_hours"]), step=0.5,
                                 help=f"{settings['sitting_hours_long']:g} hours or more counts as a long desk day.")
        travel = a.checkbox("Travel day", v["travel"])
        flare = b.checkbox("Flare-up", v["flare_up"])
        notes = st.text_area("Notes (only for you and, if you choose, your physiotherapist)", v["notes"])
        if st.form_submit_button("Save check-in", type="primary"):
            ui.attempt(store.save_checkin, con, message=f"Check-in saved for {day:%a %d %b}.", day=day, pain_now=pain,
                       stiffness=stiffness, sleep_hours=sleep_hours, sleep_quality=sleep_quality, stress=stress,
                       sitting_hours=sitting, travel=travel, flare_up=flare, notes=notes, today=today)
    ui.red_flag_screen(con, read, day, today)  # issue 12: the red-flag screen, one line on every check-in
    if existing:
        ui.confirm("Delete this check-in", f"checkin_{day}", f"Delete the check-in of {day:%a %d %b}?",
                   store.delete_checkin, con, day)

with session_tab:
    summaries = read.list_session_summaries(day, day)
    labels = {None: "New session"} | {s["id"]: logbook.session_label(s) for s in summaries.to_dict("records")}
    session_id = st.selectbox("Session", list(labels), format_func=labels.get, key=SESSION_CHOICE)
    logged = read.get_session(session_id) if session_id else None
    library, prescriptions = read.load_library(), read.current_prescriptions(day)
    day_plan = plan.plan_for(read.engine_inputs(day, active_only=True), read.last_focus(day))  # as Today plans it
    focus, planned = (logged["focus"] if logged else day_plan.focus), [p.name for p in day_plan.exercises]
    names = st.multiselect("Exercises in this session", list(library), key=f"names_{day}_{session_id}",
                           default=[e["exercise"] for e in logged["exercises"]] if logged else planned)
    form_key = f"log_{day}_{session_id}"
    with st.form(form_key, enter_to_submit=False):
        a, b, c = st.columns(3)
        focus = a.selectbox("Focus", FOCI, index=FOCI.index(focus))
        duration = b.number_input("Duration (minutes, 1–240)", 1, 240, logged["duration_min"] if logged else 10)
        rpe = c.select_slider("Effort (CR-10)", options=list(RPE_LABELS), value=logged["rpe"] if logged else 3,
                              format_func=lambda r: f"{r} · {RPE_LABELS[r]}")
        entries = []
        for row in logbook.exercise_rows(library, names, prescriptions, logged["exercises"] if logged else [], settings["units"]):
            cols = st.columns([4] + [2] * max(logbook.MAX_FIELDS, len(row.fields)) + [2])
            done = cols[0].checkbox(ui.plain(row.name), row.completed, key=f"{form_key}_{row.name}_done",
                                    help=row.variant and f"Variant: {ui.plain(row.variant)}")
            values = {f.variable: cols[i].number_input(f.label, min_value=0 * f.step, value=f.value, step=f.step,
                                                       key=f"{form_key}_{row.name}_{f.variable}")
                      for i, f in enumerate(row.fields, start=1)}
            pain_during = cols[-1].number_input("Pain during", 0, 10, row.pain_during, help="Peak pain, 0–10",
                                                key=f"{form_key}_{row.name}_pain")
            entries.append(logbook.entry(row, done, pain_during, values, settings["units"]))
        session_notes = st.text_area("Session notes", logged["notes"] if logged else "")
        if st.form_submit_button("Save session", type="primary"):
            ui.attempt(store.save_session, con, message=f"Session saved for {day:%a %d %b}.", remember=SAVED_SESSION,
                       day=day, focus=focus, duration_min=duration, rpe=rpe, notes=session_notes, exercises=entries,
                       session_id=session_id, today=today)
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
        minutes = c.number_input("Minutes", min_value=1, max_value=60, value=3, key=NEW_RITUAL[2])
        if st.form_submit_button("Add ritual"):
            ui.attempt(store.save_ritual, con, message="Ritual added.", forget=NEW_RITUAL, cue=cue, movement=movement,
                       minutes=minutes, today=today)

with history_tab:
    st.caption("Click a row to open its day above, to edit it or delete it.")
    month = today - timedelta(days=29)
    for key, table in (("history_checkins", read.list_checkins(month, today).sort_values("day", ascending=False)),
                       ("history_sessions", read.list_session_summaries(month, today))):
        st.dataframe(table.rename(columns=logbook.COLUMN_LABELS), hide_index=True, key=key, selection_mode="single-row",
                     on_select=partial(open_picked_day, key, list(table["day"])))
