"""The guided player's screens: start, resume, the timer, the questions after each exercise, the review."""

from collections.abc import Mapping
from datetime import date, datetime
from typing import cast

import duckdb
import streamlit as st

from lib import guided, logbook, plan, store, ui
from lib.models import RPE_LABELS, ExerciseDef

RESUMED = "guided_resumed"  # the draft this browser session has taken up (so "Resume …?" is asked once)
SAVED = "guided_saved"  # a session just saved from the player: say so and point to Today


def start(con: duckdb.DuckDBPyConnection, read: ui.CachedReads, today: date) -> None:
    """No session in progress: today's plan and the button that starts it; stops the page."""
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
        ui.attempt(ui.keep_session, con, today, fresh, then={RESUMED: fresh["started_at"], SAVED: False})
    st.stop()


def resume(con: duckdb.DuckDBPyConnection, draft: dict, today: date) -> None:
    """A draft this browser session has not taken up yet: resume it or discard it; stops the page."""
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


def timer(con: duckdb.DuckDBPyConnection, draft: dict, e: ExerciseDef, settings: dict, today: date) -> None:
    """The exercise's timer; its end (finished, skipped or ended early) moves the draft on."""
    item, index = guided.current(draft), draft["index"]
    assert item is not None  # the timer stage always has a current exercise
    prescription = cast(Mapping[str, object], item["prescription"])  # the draft is JSON: a dict by construction
    result = ui.player(
        guided.player_data(e, prescription, settings, key=f"{draft['started_at']}-{index}"),
        key=f"player_{index}",
    )
    if result.finished:
        if (
            result.finished.get("sound") is not None
            and (sound := "on" if result.finished["sound"] else "off") != settings["guided_sound"]
        ):
            store.set_setting(con, "guided_sound", sound)  # the mute switch is remembered
        after = guided.timed(draft, result.finished.get("seconds"))
        ui.attempt(ui.keep_session, con, today, guided.skipped(after, e) if result.finished.get("skipped") else after)
    if result.end:  # the exercise's time so far counts, then the review
        ui.attempt(ui.keep_session, con, today, guided.finish_early(guided.timed(draft, result.end.get("seconds"))))
    st.button(
        "Finished without the timer: say how it went",
        on_click=ui.keep_after_drawing,
        args=(today, guided.timed(draft, None)),
    )


def rate(con: duckdb.DuckDBPyConnection, draft: dict, e: ExerciseDef, library: dict, settings: dict, today: date):
    """After an exercise: the rest timer, how it went, the form check, and Next / Skip / End."""
    item, index, count = guided.current(draft), draft["index"], len(draft["exercises"])
    assert item is not None  # the rate stage always has a current exercise
    prescription = cast(Mapping[str, object], item["prescription"])  # the draft is JSON: a dict by construction
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
    (row,) = logbook.exercise_rows(library, [e.name], {e.name: prescription}, [], settings["units"])
    if outcome == "changed":
        for col, f in zip(st.columns(len(row.fields)), row.fields, strict=True):
            col.number_input(f.label, value=f.value, step=f.step, key=f"guided_{index}_{f.variable}")
    ui.form_check(
        con,
        e.name,
        today,
        prescription,
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
        outcome = answer(f"guided_outcome_{index}") or ""  # unpicked: refused by name in guided.rated
        return guided.rated(draft, e, answer(f"guided_pain_{index}"), outcome, changed)

    if pain is not None and pain > settings["pain_ceiling"]:
        st.warning(guided.above_ceiling(e, pain, settings["pain_ceiling"]))
    # Callbacks, not `if st.button`: one run per press, which draws the next exercise before it stores it.
    with st.container(horizontal=True, key="guided_answer"):
        st.button("Next", type="primary", on_click=ui.keep_after_drawing, args=(today, rated))
        st.button("Skip: I did not do it", on_click=ui.keep_after_drawing, args=(today, guided.skipped(draft, e)))
        st.button(
            "End the session here", on_click=ui.keep_after_drawing, args=(today, lambda: guided.finish_early(rated()))
        )


def review(con: duckdb.DuckDBPyConnection, draft: dict, settings: dict, today: date) -> None:
    """The end of the session: what was done, its minutes and effort, then save or discard."""
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
