"""The Check-in & log page under AppTest: check in, fix a day, refuse a bad value, log a session, delete."""

from __future__ import annotations

from datetime import date, timedelta

from lib import db, store
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


def test_a_session_is_logged_from_the_prefilled_rows(open_page, fresh_path):
    at = open_page("log", fresh_path)
    planned = at.multiselect(key=f"names_{TODAY}_None").value
    assert planned and planned[0] == "Diaphragmatic breathing"  # the day's plan, opener first
    rows_before = read(fresh_path, store.current_prescriptions, TODAY)
    pain = at.number_input(key=f"log_{TODAY}_None_{planned[1]}_pain")
    pain.set_value(2)
    widget(at.number_input, "Duration (minutes").set_value(11)
    at.get("form_submit_button")[1].click()
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
    at.get("form_submit_button")[1].click()
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
