"""Guided session: today's plan one exercise at a time, timed in the browser, asked after each, logged at the end."""

from datetime import datetime

import streamlit as st

from lib import guided, logbook, plain, plan, store, ui
from lib.models import RPE_LABELS

con, read = ui.setup(
    "Guided session",
    "Today's plan one exercise at a time. The timers, the pace and the rests run "
    "here, so you never need a clock; you say how each one went, and the session logs itself.",
)
today = ui.today()
RESUMED = "guided_resumed"  # the draft this browser session has taken up (so "Resume …?" is asked once)
SAVED = "guided_saved"  # a session just saved from the player: say so and point to Today
settings, library = read.all_settings(), read.load_library()
draft = ui.session_in_progress(read, today)


def keep(new_draft: dict) -> None:
    """Store the next state of the session in progress now (after every exercise: nothing is lost)."""
    ui.keep_session(con, today, new_draft)


if st.session_state.get(SAVED):
    st.success("Today's session is logged.")
    st.page_link("app.py", label="See it on Today →")
if draft is None:
    inputs = read.engine_inputs(today, active_only=True)
    day_plan = plan.plan_for(inputs, read.last_focus(today))
    if not day_plan.exercises:
        st.info("No active exercises. Activate some on the Exercises page.")
        st.stop()
    st.subheader(f"{day_plan.label} · {plan.minutes_words(day_plan.minutes)}")
    st.markdown("\n".join(f"{i}. {ui.plain(p.name)}" for i, p in enumerate(day_plan.exercises, start=1)))
    if st.button("Start today's session", type="primary"):
        fresh = guided.new_draft(
            [p.name for p in day_plan.exercises], inputs.prescriptions, day_plan.focus, datetime.now()
        )
        ui.attempt(keep, fresh, then={RESUMED: fresh["started_at"], SAVED: False})
    st.stop()

if st.session_state.get(RESUMED) != draft["started_at"]:
    st.info(
        f"Resume the session you started at {datetime.fromisoformat(draft['started_at']):%H:%M}? "
        f"{len(draft['results'])} of {len(draft['exercises'])} exercises are through."
    )
    st.button("Resume", type="primary", on_click=ui.fill, args=({RESUMED: draft["started_at"]},))
    ui.confirm(
        "Discard it",
        f"draft_{today}",
        "Discard the session in progress? Nothing of it will be logged.",
        store.discard_draft,
        con,
        today,
        done="The session in progress was discarded.",
    )
    st.stop()

item, index, count = guided.current(draft), draft["index"], len(draft["exercises"])
if item is not None:
    e = library[item["name"]]
    st.subheader(f"{index + 1} of {count} · {item['name']}")
    st.text(plain.prescription_words(item["prescription"], e, settings["units"]))

if draft["stage"] == "timer":
    result = ui.player(
        guided.player_data(e, item["prescription"], settings, key=f"{draft['started_at']}-{index}"),
        key=f"player_{index}",
    )
    if result.finished:
        if (
            result.finished.get("sound") is not None
            and (sound := "on" if result.finished["sound"] else "off") != settings["guided_sound"]
        ):
            store.set_setting(con, "guided_sound", sound)  # the mute switch is remembered
        after = guided.timed(draft, result.finished.get("seconds"))
        ui.attempt(keep, guided.skipped(after, e) if result.finished.get("skipped") else after)
    if result.end:  # the exercise's time so far counts, then the review
        ui.attempt(keep, guided.finish_early(guided.timed(draft, result.end.get("seconds"))))
    st.button(
        "Finished without the timer: say how it went",
        on_click=ui.keep_after_drawing,
        args=(today, guided.timed(draft, None)),
    )

elif draft["stage"] == "rate":
    if index < count - 1:
        ui.player(guided.rest_data(settings, key=f"{draft['started_at']}-{index}-rest"), key=f"rest_{index}")
    st.markdown("**How did it go?**")
    pain = ui.scale("Pain during, at its peak", f"guided_pain_{index}")
    outcome = st.radio(
        "It was",
        list(guided.OUTCOMES),
        format_func=guided.OUTCOMES.get,
        index=None,
        horizontal=True,
        key=f"guided_outcome_{index}",
    )
    (row,) = logbook.exercise_rows(library, [e.name], {e.name: item["prescription"]}, [], settings["units"])
    if outcome == "changed":
        for col, f in zip(st.columns(len(row.fields)), row.fields, strict=True):
            col.number_input(f.label, value=f.value, step=f.step, key=f"guided_{index}_{f.variable}")
    ui.form_check(
        con,
        e.name,
        today,
        item["prescription"],
        slot=f"guided_{index}",
        folded=True,
        log_reps=lambda n: ui.fill({f"guided_outcome_{index}": "changed", f"guided_{index}_reps": n}),
    )

    def rated() -> dict:
        """The current exercise rated with the answers as they stand when the button is pressed."""
        answer = st.session_state.get
        done = {f.variable: answer(f"guided_{index}_{f.variable}", f.value) for f in row.fields}
        changed = (
            logbook.stored_values(done, settings["units"]) if answer(f"guided_outcome_{index}") == "changed" else {}
        )
        return guided.rated(draft, e, answer(f"guided_pain_{index}"), answer(f"guided_outcome_{index}"), changed)

    if pain is not None and pain > settings["pain_ceiling"]:
        st.warning(guided.above_ceiling(e, pain, settings["pain_ceiling"]))
    # Callbacks, not `if st.button`: one run per press, which draws the next exercise before it stores it.
    with st.container(horizontal=True, key="guided_answer"):
        st.button("Next", type="primary", on_click=ui.keep_after_drawing, args=(today, rated))
        st.button("Skip: I did not do it", on_click=ui.keep_after_drawing, args=(today, guided.skipped(draft, e)))
        st.button(
            "End the session here", on_click=ui.keep_after_drawing, args=(today, lambda: guided.finish_early(rated()))
        )

if item is not None:  # the movement and its cues under the timer (the timer first: it is what the mat needs)
    ui.exercise_figure(e.name, item["prescription"], width=320)  # the movement, at the prescribed tempo
    with st.expander("How to do it", expanded=draft["stage"] == "timer"):  # folded while the questions are asked
        st.markdown("\n".join(f"- {ui.plain(cue)}" for cue in e.cues))

if draft["stage"] == "review":
    st.subheader("Review")
    st.text("\n".join(guided.review_lines(draft, settings["units"])) or "Nothing was done.")
    rows = guided.session_rows(draft)
    ui.prefill({"guided_minutes": guided.session_minutes(draft) if draft["seconds"] else None})
    with st.form("guided_review", enter_to_submit=False):
        minutes = ui.number(
            "duration_min",
            "guided_minutes",
            "Minutes, by the player's clock ({range})",
            help="The time the exercises took while their timers ran; change it if it was longer.",
        )
        rpe = st.selectbox(
            "About how hard was the whole session? (effort, CR-10)",
            list(RPE_LABELS),
            index=None,
            placeholder="Pick 0–10",
            format_func=lambda r: f"{r} · {RPE_LABELS[r]}",
        )
        notes = ui.notes("Session notes", "guided_notes")
        if st.form_submit_button("Save session", type="primary"):
            ui.attempt(
                store.save_session,
                con,
                day=today,
                focus=draft["focus"],
                duration_min=minutes if rows else None,
                rpe=rpe if rows else None,
                notes=notes,
                exercises=rows,
                skipped=not rows,
                draft_day=today,
                today=today,
                then={SAVED: True},
                forget=("guided_minutes", "guided_notes"),
            )
    ui.confirm(
        "Discard this session",
        f"draft_{today}",
        "Discard the session? Nothing of it will be logged.",
        store.discard_draft,
        con,
        today,
        done="The session in progress was discarded.",
    )
ui.store_session_drawn(con)  # last: what a button moved on to is stored once it is drawn
