"""The Check-in & log page under AppTest: check in, fix a day, refuse a bad value, log a session, delete."""

from __future__ import annotations

from datetime import date, timedelta

from lib import plan, store, ui
from tests.app.pages import read, shown

TODAY = date.today()


def widget(elements, label: str):
    """The one element of a kind whose label starts with `label`."""
    found = [w for w in elements if w.label.startswith(label)]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]


def button(at, label: str):
    return next(b for b in [*at.button, *at.get("form_submit_button")] if b.label == label)


def test_a_first_checkin_is_saved_with_what_was_set_and_the_rest_stays_unknown(open_page, fresh_path):
    at = open_page("log", fresh_path)
    widget(at.pills, "Pain now").set_value(4)
    widget(at.number_input, "Sleep").set_value(6.5)
    widget(at.checkbox, "Travel day").check()
    widget(at.text_area, "Notes").input("<b>stiff</b> after the drive")
    at.get("form_submit_button")[0].click()  # the check-in form comes first
    at.run()
    assert not at.exception and not at.error
    saved = read(fresh_path, store.get_checkin, TODAY)
    assert (saved["pain_now"], saved["sleep_hours"], saved["travel"]) == (4, 6.5, True)
    assert saved["notes"] == "<b>stiff</b> after the drive"
    # Never answered: stored as unknown, not as a default that looks like an answer.
    assert [saved[f] for f in ("stiffness", "sleep_quality", "stress", "sitting_hours")] == [None] * 4


def test_every_checkin_field_starts_unanswered(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.save_checkin(con, day=TODAY - timedelta(days=1), pain_now=5, stiffness=4, sleep_hours=6, today=TODAY)
    con.close()
    at = open_page("log", fresh_path)
    assert [
        widget(at.pills, label).value for label in ("Pain now", "Morning stiffness", "Sleep quality", "Stress")
    ] == [None] * 4
    assert [widget(at.number_input, label).value for label in ("Sleep", "Sitting")] == [None, None]


def test_an_untouched_checkin_is_refused_for_its_pain_and_nothing_is_written(open_page, fresh_path):
    at = open_page("log", fresh_path)
    at.get("form_submit_button")[0].click()
    at.run()
    assert [shown(e.value) for e in at.error] == ["Pain now: pick how your back feels now, 0–10."]
    assert read(fresh_path, store.get_checkin, TODAY) is None


def test_same_as_yesterday_copies_yesterdays_answers_marked_as_copied_and_saves_only_on_click(open_page, fresh_path):
    yesterday = TODAY - timedelta(days=1)
    con = store.open_database(fresh_path)
    store.save_checkin(
        con,
        day=yesterday,
        pain_now=5,
        stiffness=4,
        sleep_hours=6.5,
        stress=6,
        flare_up=True,
        notes="bad night",
        today=TODAY,
    )
    con.close()
    at = open_page("log", fresh_path)
    button(at, "Same as yesterday").click()
    at.run()
    assert "Copied from yesterday: change what is different today, then save." in [i.value for i in at.info]
    assert (widget(at.pills, "Pain now").value, widget(at.number_input, "Sleep").value) == (5, 6.5)
    assert widget(at.pills, "Sleep quality").value is None  # unknown yesterday, unknown today
    assert widget(at.checkbox, "Flare-up").value is False  # a flare-up is each day's own news
    assert read(fresh_path, store.get_checkin, TODAY) is None  # nothing saved by copying
    widget(at.pills, "Pain now").set_value(3)
    at.get("form_submit_button")[0].click()
    at.run()
    saved = read(fresh_path, store.get_checkin, TODAY)
    assert (saved["pain_now"], saved["stiffness"], saved["sleep_hours"], saved["sleep_quality"]) == (3, 4, 6.5, None)
    assert saved["notes"] == "" and saved["flare_up"] is False


def test_an_unanswered_value_is_shown_as_a_dash_in_the_history(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.save_checkin(con, day=TODAY, pain_now=2, today=TODAY)
    con.close()
    at = open_page("log", fresh_path)
    table = at.dataframe(key="history_checkins").value
    assert table.loc[0, "Pain"] == 2
    assert [table.loc[0, c] for c in ("Sleep (h)", "Stress", "Sitting (h)", "Long desk day")] == ["–"] * 4


def test_picking_a_day_with_a_checkin_loads_it_and_saving_replaces_it_with_history(open_page, fresh_path):
    yesterday = TODAY - timedelta(days=1)
    con = store.open_database(fresh_path)
    store.save_checkin(
        con,
        day=yesterday,
        pain_now=5,
        stiffness=4,
        sleep_hours=6,
        sleep_quality=5,
        stress=6,
        sitting_hours=9,
        today=TODAY,
    )
    con.close()
    at = open_page("log", fresh_path)
    at.date_input(key="log_day").set_value(yesterday)
    at.run()
    assert widget(at.pills, "Pain now").value == 5  # loaded for editing
    widget(at.pills, "Pain now").set_value(3)
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and not at.error
    assert len(read(fresh_path, store.list_checkins, yesterday, yesterday)) == 1
    assert read(fresh_path, store.get_checkin, yesterday)["pain_now"] == 3
    assert len(read(fresh_path, store.list_audit, "checkin", yesterday.isoformat())) == 1


def test_an_impossible_value_is_refused_by_its_label_and_nothing_is_written(open_page, fresh_path):
    at = open_page("log", fresh_path)
    widget(at.pills, "Pain now").set_value(2)
    widget(at.number_input, "Sleep").set_value(25.0)
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == ["Sleep must be between 0 and 24; got 25."]
    assert widget(at.number_input, "Sleep").value == 25.0  # what the person typed is kept
    assert read(fresh_path, store.get_checkin, TODAY) is None


def test_every_problem_of_one_save_is_listed_together(open_page, fresh_path):
    at = open_page("log", fresh_path)
    widget(at.pills, "Pain now").set_value(2)
    widget(at.number_input, "Sleep").set_value(30.0)
    widget(at.number_input, "Sitting").set_value(30.0)
    at.get("form_submit_button")[0].click()
    at.run()
    assert [shown(e.value) for e in at.error] == [
        "Sleep must be between 0 and 24; got 30. Sitting must be between 0 and 24; got 30."
    ]
    assert read(fresh_path, store.get_checkin, TODAY) is None


def test_on_a_flare_up_day_the_session_rows_are_todays_decompression_plan(open_page, fresh_path):
    con = store.open_database(fresh_path)
    try:
        store.save_checkin(
            con,
            day=TODAY,
            pain_now=6,
            stiffness=6,
            sleep_hours=6,
            sleep_quality=4,
            stress=5,
            sitting_hours=4,
            flare_up=True,
        )
        expected = [
            p.name
            for p in plan.plan_for(
                store.engine_inputs(con, TODAY, active_only=True), store.last_focus(con, TODAY)
            ).exercises
        ]
    finally:
        con.close()
    at = open_page("log", fresh_path)
    assert at.multiselect(key=f"names_{TODAY}_None").value == expected
    assert expected[0] == "Supported 90/90 rest"  # a decompression day opens with the supported position
    assert widget(at.selectbox, "Focus").value == "decompression"


def fill_session(at, rows: dict[str, int | None], duration: int | None = 11, rpe: int | None = 3) -> None:
    """Tick each row in `rows` as done with its pain (None: left unanswered), and set minutes and effort."""
    for name, pain in rows.items():
        at.checkbox(key=f"log_{TODAY}_None_{name}_done").check()
        if pain is not None:
            at.number_input(key=f"log_{TODAY}_None_{name}_pain").set_value(pain)
    if duration is not None:
        at.number_input(key=f"log_{TODAY}_None_duration_min").set_value(duration)
    if rpe is not None:
        widget(at.selectbox, "Effort").set_value(rpe)


def test_a_session_is_logged_from_the_prefilled_rows(open_page, fresh_path):
    at = open_page("log", fresh_path)
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    assert planned and planned[0] == "Diaphragmatic breathing"  # the day's plan, opener first
    rows_before = read(fresh_path, store.current_prescriptions, TODAY)
    fill_session(at, {planned[1]: 2})
    button(at, "Save session").click()  # by label: the red-flag screen (issue 12) adds a form before it
    at.run()
    assert not at.exception and not at.error
    sessions = read(fresh_path, store.list_sessions, TODAY, TODAY)
    assert list(sessions["exercise"]) == planned
    assert sessions["session_duration_min"].iloc[0] == 11
    first = sessions.set_index("exercise").loc[planned[1]]
    assert first["pain_during"] == 2 and first["completed"]
    for variable, value in rows_before[planned[1]].items():
        if variable != "variant":
            assert first[variable] == value  # performed as prescribed unless changed
    others = sessions.set_index("exercise").drop(index=planned[1])
    assert not others["completed"].any() and others["pain_during"].isna().all()  # not ticked: not done, no pain
    # The saved session is now the open one: saving again edits it instead of adding a second.
    assert at.selectbox(key=f"session_{TODAY}").value == int(sessions["session_id"].iloc[0])
    button(at, "Save session").click()  # by label: the red-flag screen (issue 12) adds a form before it
    at.run()
    assert len(read(fresh_path, store.list_session_summaries, TODAY, TODAY)) == 1


def test_an_untouched_session_form_cannot_save_a_painless_completed_session(open_page, fresh_path):
    at = open_page("log", fresh_path)
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    assert [at.checkbox(key=f"log_{TODAY}_None_{n}_done").value for n in planned] == [False] * len(planned)
    assert [at.number_input(key=f"log_{TODAY}_None_{n}_pain").value for n in planned] == [None] * len(planned)
    button(at, "Save session").click()
    at.run()
    assert at.error and "Nothing is ticked as done" in shown(at.error[0].value)
    assert read(fresh_path, store.list_session_summaries, TODAY, TODAY).empty


def test_a_done_row_without_pain_is_refused_by_its_exercise_and_label(open_page, fresh_path):
    at = open_page("log", fresh_path)
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    fill_session(at, {planned[1]: None, planned[2]: None}, duration=None, rpe=None)
    button(at, "Save session").click()
    at.run()
    assert [shown(e.value) for e in at.error] == [
        "Duration: how many minutes did it take, 1–240 min. Effort: pick how hard the whole session felt, 0–10. "
        f"{planned[1]}: Pain during: pick the peak pain during, 0–10. "
        f"{planned[2]}: Pain during: pick the peak pain during, 0–10."
    ]
    assert read(fresh_path, store.list_session_summaries, TODAY, TODAY).empty


def test_did_all_of_it_as_planned_ticks_every_row_and_still_asks_each_pain(open_page, fresh_path):
    at = open_page("log", fresh_path)
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    button(at, "Did all of it as planned").click()
    at.run()
    assert [at.checkbox(key=f"log_{TODAY}_None_{n}_done").value for n in planned] == [True] * len(planned)
    fill_session(at, {})
    button(at, "Save session").click()
    at.run()
    assert len(at.error) == 1 and shown(at.error[0].value).count("pick the peak pain during") == len(planned)
    assert read(fresh_path, store.list_session_summaries, TODAY, TODAY).empty
    for n in planned:
        at.number_input(key=f"log_{TODAY}_None_{n}_pain").set_value(1)
    button(at, "Save session").click()
    at.run()
    assert not at.error
    sessions = read(fresh_path, store.list_sessions, TODAY, TODAY)
    assert sessions["completed"].all() and (sessions["pain_during"] == 1).all()


def test_a_skipped_session_is_saved_with_its_reason_and_no_rows(open_page, fresh_path):
    at = open_page("log", fresh_path)
    at.radio[0].set_value("time")
    button(at, "Save as skipped").click()
    at.run()
    assert not at.exception and not at.error
    (summary,) = read(fresh_path, store.list_session_summaries, TODAY, TODAY).to_dict("records")
    assert (summary["skipped"], summary["skip_reason"], summary["exercises"]) == (True, "time", 0)
    assert at.selectbox(key=f"session_{TODAY}").options[-1].endswith("skipped (time)")


def test_saving_the_checkin_says_what_comes_next_with_a_link_to_today(open_page, fresh_path):
    at = open_page("log", fresh_path)
    widget(at.pills, "Pain now").set_value(1)
    at.get("form_submit_button")[0].click()
    at.run()
    links = [e for e in at.get("page_link") if "Today's plan is ready" in e.proto.label]
    assert len(links) == 1 and links[0].proto.label == "Saved. Today's plan is ready →"


def test_deleting_a_checkin_asks_first(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.save_checkin(
        con, day=TODAY, pain_now=2, stiffness=2, sleep_hours=7, sleep_quality=7, stress=3, sitting_hours=5, today=TODAY
    )
    con.close()
    at = open_page("log", fresh_path)
    button(at, "Delete this check-in").click()
    at.run()
    assert read(fresh_path, store.get_checkin, TODAY) is not None  # only asked so far
    assert any("Delete the check-in of" in w.value for w in at.warning)
    button(at, "Cancel").click()
    at.run()
    assert read(fresh_path, store.get_checkin, TODAY) is not None
    button(at, "Delete this check-in").click()
    at.run()
    button(at, "Yes, delete").click()
    at.run()
    assert not at.exception
    assert read(fresh_path, store.get_checkin, TODAY) is None


def test_after_the_first_checkin_the_page_shows_it_saved_with_its_delete_button(open_page, fresh_path):
    at = open_page("log", fresh_path)
    assert any(c.value.startswith("No check-in for this day yet.") for c in at.caption)
    widget(at.pills, "Pain now").set_value(2)
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and not at.error
    captions = [c.value for c in at.caption]
    assert "Editing this day's check-in; the old values are kept." in captions
    assert not any(c.startswith("No check-in for this day yet.") for c in captions)
    assert [b.label for b in at.button if b.label == "Delete this check-in"] == ["Delete this check-in"]


def test_the_session_widgets_show_the_models_limits_and_leave_refusal_to_the_model(open_page, fresh_path):
    from lib.fields import NUMBERS

    at = open_page("log", fresh_path)
    duration = at.number_input(key=f"log_{TODAY}_None_duration_min")
    assert duration.label == f"Minutes, the whole session ({NUMBERS['duration_min'].range_words})"
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    pain = at.number_input(key=f"log_{TODAY}_None_{planned[0]}_pain")
    assert pain.label == "Pain during (0–10)" and (NUMBERS["pain_during"].low, NUMBERS["pain_during"].high) == (0, 10)
    # No browser-side bound: an 11 reaches the model and is refused in words, instead of a silent red border.
    assert (pain.min, pain.max) != (0, 10)
    fill_session(at, {planned[0]: 11})
    button(at, "Save session").click()
    at.run()
    assert [shown(e.value) for e in at.error] == [f"{planned[0]}: Pain during must be between 0 and 10; got 11."]
    assert read(fresh_path, store.list_session_summaries, TODAY, TODAY).empty


def test_a_variant_named_with_markdown_is_shown_as_typed_in_its_help(open_page, fresh_path):
    from lib.models import ExerciseDef, VariableRule

    variant = "*Arms* [low](http://x) <b>"
    con = store.open_database(fresh_path)
    store.add_exercise(
        con,
        ExerciseDef(
            name="Wall slide",
            category="mobility",
            cues=(),
            custom=True,
            variables=(VariableRule("reps", 5, 1, 1, 10),),
            variants=(variant, "High"),
        ),
    )
    con.close()
    at = open_page("log", fresh_path)
    at.multiselect(key=f"names_{TODAY}_None").set_value(["Wall slide"]).run()
    done = at.checkbox(key=f"log_{TODAY}_None_Wall slide_done")
    assert done.help == "Variant: " + ui.plain(variant)
    assert shown(done.help) == f"Variant: {variant}"


def test_a_session_is_deleted_only_after_the_confirmation(open_page, fresh_path):
    con = store.open_database(fresh_path)
    sid = store.save_session(
        con,
        day=TODAY,
        focus="control",
        duration_min=10,
        rpe=3,
        today=TODAY,
        exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 1}],
    )
    con.close()
    at = open_page("log", fresh_path)
    at.selectbox(key=f"session_{TODAY}").set_value(sid).run()
    button(at, "Delete this session").click()
    at.run()
    assert f"Delete session {sid} and its exercises?" in [w.value for w in at.warning]
    assert len(read(fresh_path, store.list_session_summaries, TODAY, TODAY)) == 1  # only asked so far
    button(at, "Cancel").click()
    at.run()
    assert not at.warning
    assert len(read(fresh_path, store.list_session_summaries, TODAY, TODAY)) == 1
    button(at, "Delete this session").click()
    at.run()
    button(at, "Yes, delete").click()
    at.run()
    assert not at.exception and not at.error
    assert read(fresh_path, store.list_session_summaries, TODAY, TODAY).empty
    assert read(fresh_path, store.list_sessions, TODAY, TODAY).empty
    assert read(fresh_path, store.list_audit, "session", sid)["action"].tolist() == ["delete"]
    assert at.selectbox(key=f"session_{TODAY}").options == ["New session"]


def test_a_refused_ritual_keeps_what_was_typed(open_page, fresh_path):
    at = open_page("log", fresh_path)
    at.text_input(key="new_ritual_cue").input("   ")
    at.text_input(key="new_ritual_movement").input("3 min cat-camel")
    button(at, "Add ritual").click()
    at.run()
    assert [shown(e.value) for e in at.error] == ["Ritual cue must not be empty."]
    assert at.text_input(key="new_ritual_movement").value == "3 min cat-camel"
    assert read(fresh_path, store.list_rituals).empty


def test_rituals_are_created_ticked_and_retired_on_the_rituals_tab(open_page, fresh_path):
    at = open_page("log", fresh_path)
    at.text_input(key="new_ritual_cue").input("After morning coffee")
    at.text_input(key="new_ritual_movement").input("3 min cat-camel")
    at.number_input(key="new_ritual_minutes").set_value(4)
    button(at, "Add ritual").click()
    at.run()
    assert not at.exception and not at.error
    rituals = read(fresh_path, store.list_rituals)
    assert rituals[["cue", "movement", "minutes"]].values.tolist() == [["After morning coffee", "3 min cat-camel", 4]]
    rid = int(rituals["id"].iloc[0])
    assert "Ritual added." in [t.value for t in at.toast]
    assert (at.text_input(key="new_ritual_cue").value, at.text_input(key="new_ritual_movement").value) == ("", "")

    tick = at.checkbox(key=f"ritual_{TODAY}_{rid}")
    assert shown(tick.label) == "After morning coffee → 3 min cat-camel" and tick.value is False
    tick.check()
    at.run()
    assert not at.exception and not at.error
    assert read(fresh_path, store.ritual_ticks, TODAY) == {rid}
    assert at.checkbox(key=f"ritual_{TODAY}_{rid}").value is True
    at.checkbox(key=f"ritual_{TODAY}_{rid}").uncheck()
    at.run()
    assert read(fresh_path, store.ritual_ticks, TODAY) == set()
    at.checkbox(key=f"ritual_{TODAY}_{rid}").check()
    at.run()

    at.button(key=f"retire_ritual_{rid}").click()
    at.run()
    assert not at.exception and not at.error
    assert read(fresh_path, store.list_rituals).empty
    assert read(fresh_path, store.ritual_ticks, TODAY) == {rid}  # its ticks stay
    assert [c for c in at.checkbox if c.key == f"ritual_{TODAY}_{rid}"] == []
    assert read(fresh_path, store.list_audit, "ritual", rid)["action"].tolist() == ["update"]
