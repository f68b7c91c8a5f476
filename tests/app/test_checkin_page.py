"""The Check-in & log page under AppTest: check in, fix a day, refuse a bad value, log a session, delete."""

from __future__ import annotations

from datetime import date, timedelta

from lib import db, plan, store, ui
from tests.app.pages import shown

TODAY = date.today()


def widget(elements, label: str):
    """The one element of a kind whose label starts with `label`."""
    found = [w for w in elements if w.label.startswith(label)]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]


def button(at, label: str):
    return next(b for b in [*at.button, *at.get("form_submit_button")] if b.label == label)


def read(path, fn, *args):
    con = db.connect(path)
    try:
        return fn(con, *args)
    finally:
        con.close()


def test_a_first_checkin_is_saved_with_what_was_set(open_page, fresh_path):
    at = open_page("log", fresh_path)
    widget(at.slider, "Pain now").set_value(4)
    widget(at.number_input, "Sleep").set_value(6.5)
    widget(at.checkbox, "Travel day").check()
    widget(at.text_area, "Notes").input("<b>stiff</b> after the drive")
    at.get("form_submit_button")[0].click()  # the check-in form comes first
    at.run()
    assert not at.exception and not at.error
    saved = read(fresh_path, store.get_checkin, TODAY)
    assert (saved["pain_now"], saved["sleep_hours"], saved["travel"]) == (4, 6.5, True)
    assert saved["notes"] == "<b>stiff</b> after the drive"


def test_picking_a_day_with_a_checkin_loads_it_and_saving_replaces_it_with_history(open_page, fresh_path):
    yesterday = TODAY - timedelta(days=1)
    con = db.connect(fresh_path)
    store.save_checkin(con, day=yesterday, pain_now=5, stiffness=4, sleep_hours=6, sleep_quality=5, stress=6,
                       sitting_hours=9, today=TODAY)
    con.close()
    at = open_page("log", fresh_path)
    at.date_input(key="log_day").set_value(yesterday)
    at.run()
    assert widget(at.slider, "Pain now").value == 5  # loaded for editing
    widget(at.slider, "Pain now").set_value(3)
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and not at.error
    assert len(read(fresh_path, store.list_checkins, yesterday, yesterday)) == 1
    assert read(fresh_path, store.get_checkin, yesterday)["pain_now"] == 3
    assert len(read(fresh_path, store.list_audit, "checkin", yesterday.isoformat())) == 1


def test_an_impossible_value_is_refused_by_name_and_nothing_is_written(open_page, fresh_path):
    at = open_page("log", fresh_path)
    widget(at.number_input, "Sleep").set_value(25.0)
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception
    assert [shown(e.value) for e in at.error] == ["sleep_hours must be between 0 and 24; got 25."]
    assert widget(at.number_input, "Sleep").value == 25.0  # what the person typed is kept
    assert read(fresh_path, store.get_checkin, TODAY) is None


def test_on_a_flare_up_day_the_session_rows_are_todays_decompression_plan(open_page, fresh_path):
    con = db.connect(fresh_path)
    try:
        store.save_checkin(con, day=TODAY, pain_now=6, stiffness=6, sleep_hours=6, sleep_quality=4, stress=5,
                           sitting_hours=4, flare_up=True)
        expected = [p.name for p in plan.plan_for(store.engine_inputs(con, TODAY, active_only=True),
                                                  store.last_focus(con, TODAY)).exercises]
    finally:
        con.close()
    at = open_page("log", fresh_path)
    assert at.multiselect(key=f"names_{TODAY}_None").value == expected
    assert expected[0] == "Supported 90/90 rest"  # a decompression day opens with the supported position
    assert widget(at.selectbox, "Focus").value == "decompression"


def test_a_session_is_logged_from_the_prefilled_rows(open_page, fresh_path):
    at = open_page("log", fresh_path)
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    assert planned and planned[0] == "Diaphragmatic breathing"  # the day's plan, opener first
    rows_before = read(fresh_path, store.current_prescriptions, TODAY)
    pain = at.number_input(key=f"log_{TODAY}_None_{planned[1]}_pain")
    pain.set_value(2)
    widget(at.number_input, "Duration (minutes").set_value(11)
    button(at, "Save session").click()  # by label: the red-flag screen (issue 12) adds a form before it
    at.run()
    assert not at.exception and not at.error
    sessions = read(fresh_path, store.list_sessions, TODAY, TODAY)
    assert list(sessions["exercise"]) == planned
    assert sessions["session_duration_min"].iloc[0] == 11
    first = sessions.set_index("exercise").loc[planned[1]]
    assert first["pain_during"] == 2
    for variable, value in rows_before[planned[1]].items():
        if variable != "variant":
            assert first[variable] == value  # performed as prescribed unless changed
    # The saved session is now the open one: saving again edits it instead of adding a second.
    assert at.selectbox(key=f"session_{TODAY}").value == int(sessions["session_id"].iloc[0])
    button(at, "Save session").click()  # by label: the red-flag screen (issue 12) adds a form before it
    at.run()
    assert len(read(fresh_path, store.list_session_summaries, TODAY, TODAY)) == 1


def test_deleting_a_checkin_asks_first(open_page, fresh_path):
    con = db.connect(fresh_path)
    store.save_checkin(con, day=TODAY, pain_now=2, stiffness=2, sleep_hours=7, sleep_quality=7, stress=3,
                       sitting_hours=5, today=TODAY)
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


def test_after_the_first_checkin_the_page_shows_it_saved_with_its_delete_button_and_a_toast(open_page, fresh_path):
    at = open_page("log", fresh_path)
    assert "No check-in for this day yet." in [c.value for c in at.caption]
    at.get("form_submit_button")[0].click()
    at.run()
    assert not at.exception and not at.error
    captions = [c.value for c in at.caption]
    assert "Editing this day's check-in; the old values are kept." in captions
    assert "No check-in for this day yet." not in captions
    assert [b.label for b in at.button if b.label == "Delete this check-in"] == ["Delete this check-in"]
    assert [t.value for t in at.toast] == [f"Check-in saved for {TODAY:%a %d %b}."]


def test_the_session_widgets_keep_to_the_models_limits(open_page, fresh_path):
    at = open_page("log", fresh_path)
    duration = widget(at.number_input, "Duration (minutes")
    assert (duration.min, duration.max) == (1, 240)
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    pain = at.number_input(key=f"log_{TODAY}_None_{planned[0]}_pain")
    assert (pain.min, pain.max) == (0, 10)


def test_a_variant_named_with_markdown_is_shown_as_typed_in_its_help(open_page, fresh_path):
    from lib.models import ExerciseDef, VariableRule

    variant = "*Arms* [low](http://x) <b>"
    con = db.connect(fresh_path)
    store.add_exercise(con, ExerciseDef(name="Wall slide", category="mobility", cues=(), custom=True,
                                        variables=(VariableRule("reps", 5, 1, 1, 10),), variants=(variant, "High")))
    con.close()
    at = open_page("log", fresh_path)
    at.multiselect(key=f"names_{TODAY}_None").set_value(["Wall slide"]).run()
    done = at.checkbox(key=f"log_{TODAY}_None_Wall slide_done")
    assert done.help == "Variant: " + ui.plain(variant)
    assert shown(done.help) == f"Variant: {variant}"


def test_a_session_is_deleted_only_after_the_confirmation(open_page, fresh_path):
    con = db.connect(fresh_path)
    sid = store.save_session(con, day=TODAY, focus="control", duration_min=10, rpe=3, today=TODAY,
                             exercises=[{"exercise": "Bird dog", "reps": 6, "pain_during": 1}])
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
    assert [shown(e.value) for e in at.error] == ["cue must not be empty."]
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
