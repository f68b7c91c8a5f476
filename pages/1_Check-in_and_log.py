"""Check-in & log: the morning check-in and the day's sessions, for today or any past day."""

from datetime import timedelta

import streamlit as st

from lib import logbook, plan, store, ui
from lib.errors import PoiseError
from lib.models import FOCI, RPE_LABELS

con, read = ui.setup("Check-in & log", "Check in first (under 30 seconds), then log what you did. Pick a past date to fix it.")
today = ui.today()
day = st.date_input("Date", value=today, max_value=today, key="log_day", format=ui.DATE_FORMAT)
checkin_tab, session_tab, ritual_tab, history_tab = st.tabs(["Check-in", "Session", "Rituals", "Last 30 days"])

SESSION_CHOICE = f"session_{day}"  # which of the day's sessions is open (None: a new one)
SAVED_SESSION = "saved_session"     # a just-saved session, to open on the next rerun
if SAVED_SESSION in st.session_state:
    st.session_state[SESSION_CHOICE] = st.session_state.pop(SAVED_SESSION)
settings = read.all_settings()


def save(what: str, write, **values):
    try:
        result = write(con, **values)
        st.toast(f"{what} saved for {day:%a %d %b}.")
        return result
    except PoiseError as e:
        ui.show_error(e)  # the form keeps what was typed


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
            save("Check-in", store.save_checkin, day=day, pain_now=pain, stiffness=stiffness, sleep_hours=sleep_hours,
                 sleep_quality=sleep_quality, stress=stress, sitting_hours=sitting, travel=travel, flare_up=flare,
                 notes=notes, today=today)
    if existing:
        ui.confirm("Delete this check-in", f"checkin_{day}", f"Delete the check-in of {day:%a %d %b}?",
                   store.delete_checkin, con, day)

with session_tab:
    summaries = read.list_session_summaries(day, day)
    labels = {None: "New session"} | {s["id"]: logbook.session_label(s) for s in summaries.to_dict("records")}
    session_id = st.selectbox("Session", list(labels), format_func=labels.get, key=SESSION_CHOICE)
    logged = read.get_session(session_id) if session_id else None
    library = read.load_library()
    prescriptions = read.current_prescriptions(day)
    focus = logged["focus"] if logged else plan.next_focus(read.last_focus(day))
    planned = [p.name for p in plan.plan_day(library, prescriptions, focus, settings["daily_minutes_min"],
                                             settings["daily_minutes_max"], day.toordinal()).exercises]
    names = st.multiselect("Exercises in this session", list(library), key=f"names_{day}_{session_id}",
                           default=[e["exercise"] for e in logged["exercises"]] if logged else planned)
    form_key = f"log_{day}_{session_id}"
    with st.form(form_key, enter_to_submit=False):
        a, b, c = st.columns(3)
        focus = a.selectbox("Focus", FOCI, index=FOCI.index(focus))
        duration = b.number_input("Duration (minutes, 1–240)", min_value=0, value=logged["duration_min"] if logged else 10)
        rpe = c.select_slider("Effort (CR-10)", options=list(RPE_LABELS), value=logged["rpe"] if logged else 3,
                              format_func=lambda r: f"{r} · {RPE_LABELS[r]}")
        entries = []
        rows = logbook.exercise_rows(library, names, prescriptions, logged["exercises"] if logged else [], settings["units"])
        for row in rows:
            cols = st.columns([4] + [2] * max(logbook.MAX_FIELDS, len(row.fields)) + [2])
            done = cols[0].checkbox(ui.plain(row.name), row.completed, key=f"{form_key}_{row.name}_done",
                                    help=row.variant and f"Variant: {row.variant}")
            values = {f.variable: cols[i].number_input(f.label, min_value=0 * f.step, value=f.value, step=f.step,
                                                       key=f"{form_key}_{row.name}_{f.variable}")
                      for i, f in enumerate(row.fields, start=1)}
            pain_during = cols[-1].number_input("Pain during", min_value=0, value=row.pain_during, help="Peak pain, 0–10",
                                                key=f"{form_key}_{row.name}_pain")
            entries.append({"exercise": row.name, "variant": row.variant, "completed": done,
                            "pain_during": pain_during, **logbook.stored_values(values, settings["units"])})
        session_notes = st.text_area("Session notes", logged["notes"] if logged else "")
        if st.form_submit_button("Save session", type="primary") and (saved := save(
                "Session", store.save_session, day=day, focus=focus, duration_min=duration, rpe=rpe,
                notes=session_notes, exercises=entries, session_id=session_id, today=today)):
            st.session_state[SAVED_SESSION] = saved  # reopen it, so a second click edits instead of duplicating
            ui.flash(f"Session saved for {day:%a %d %b}.")
            st.rerun()
    if session_id:
        ui.confirm("Delete this session", f"session_{session_id}", f"Delete session {session_id} and its exercises?",
                   store.delete_session, con, session_id)

with ritual_tab:
    rituals = read.list_rituals()
    ticks = read.ritual_ticks(day)
    for r in rituals.itertuples():
        st.checkbox(ui.plain(f"{r.cue} → {r.movement}"), value=r.id in ticks, key=f"ritual_{day}_{r.id}",
                    on_change=lambda rid=r.id: store.tick_ritual(con, rid, day, st.session_state[f"ritual_{day}_{rid}"]))
    with st.form("new_ritual", enter_to_submit=False, clear_on_submit=True):
        st.caption("A ritual ties a movement to a cue you meet every day. Edit or retire rituals on the Exercises page.")
        a, b, c = st.columns([3, 3, 1])
        cue = a.text_input("Cue", placeholder="After morning coffee")
        movement = b.text_input("Movement", placeholder="3 min cat-camel")
        minutes = c.number_input("Minutes", min_value=1, max_value=60, value=3)
        if st.form_submit_button("Add ritual"):
            save("Ritual", store.save_ritual, cue=cue, movement=movement, minutes=minutes, today=today)

with history_tab:
    st.caption("Pick a date at the top to open that day and edit it.")
    checkins = read.list_checkins(today - timedelta(days=29), today).sort_values("day", ascending=False)
    st.dataframe(checkins.rename(columns=logbook.COLUMN_LABELS), hide_index=True)
    sessions = read.list_session_summaries(today - timedelta(days=29), today)
    st.dataframe(sessions.rename(columns=logbook.COLUMN_LABELS), hide_index=True)
