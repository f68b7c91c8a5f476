"""Issue 12's safety on the pages: a red-flag tick replaces Today with the stop message; a bad day's minimum."""

from __future__ import annotations

from datetime import timedelta

from lib import plan, redflags, store
from tests.app.test_checkin_page import button
from tests.app.test_today_page import TODAY, build, cards, with_con


def test_a_red_flag_ticked_today_replaces_today_with_the_stop_message_and_no_exercise(open_page, fresh_path):
    build(fresh_path)
    with_con(fresh_path, lambda con: store.save_red_flags(con, day=TODAY, flags=["bladder_bowel"]))
    at = open_page("today", fresh_path)
    assert not at.exception
    stop = " ".join(e.value for e in at.error)
    assert redflags.STOP_TITLE in stop and "emergency" in stop
    assert any("bladder" in m.value for m in at.markdown)
    assert cards(at) == []  # no exercise at all
    assert not at.subheader  # no plan, no focus of the day


def test_ticking_a_red_flag_on_the_check_in_then_opening_today_stops_the_plan(open_page, fresh_path):
    build(fresh_path)
    at = open_page("log", fresh_path)
    at.checkbox(key=f"red_flag_{TODAY}_fall_injury").check()
    button(at, "Save this answer").click()
    at.run()
    assert not at.exception
    assert with_con(fresh_path, lambda con: store.red_flags_on(con, TODAY)) == ("fall_injury",)
    today = open_page("today", fresh_path)
    assert redflags.STOP_TITLE in " ".join(e.value for e in today.error)
    assert cards(today) == []


def test_the_screen_is_offered_on_first_use_and_answering_nothing_keeps_the_plan(open_page, fresh_path):
    build(fresh_path)
    at = open_page("today", fresh_path)
    assert any(e.label.startswith(redflags.QUESTION) for e in at.expander)
    button(at, "Save this answer").click()
    at.run()
    assert with_con(fresh_path, lambda con: store.red_flags_on(con, TODAY)) == ()
    assert not at.error and cards(at)
    assert not any(e.label.startswith(redflags.QUESTION) for e in at.expander)  # answered once: not again here


def test_a_flare_up_day_offers_the_minimum_and_logs_it_as_a_short_session(open_page, fresh_path):
    build(fresh_path, flare_up=True)
    with_con(fresh_path, lambda con: store.save_red_flags(con, day=TODAY - timedelta(days=1)))
    at = open_page("today", fresh_path)
    assert not at.exception
    assert "rest is fine too" in " ".join(e.value for e in at.info)
    button(at, "Log the minimum as today's session").click()  # untouched: pain and effort are not answered
    at.run()
    assert at.error and "Effort" in at.error[0].value and "Pain during" in at.error[0].value
    assert with_con(fresh_path, lambda con: store.list_sessions(con, TODAY, TODAY)).empty
    at.pills(key="minimum_pain").set_value(1)
    at.pills(key="minimum_rpe").set_value(2)
    button(at, "Log the minimum as today's session").click()
    at.run()
    assert not at.exception and not at.error
    sessions = with_con(fresh_path, lambda con: store.list_sessions(con, TODAY, TODAY))
    assert sorted(sessions["exercise"]) == ["Diaphragmatic breathing", "Supported 90/90 rest"]
    assert set(sessions["focus"]) == {"decompression"} and set(sessions["session_notes"]) == {plan.MINIMUM_NOTE}
    assert sessions["session_duration_min"].iloc[0] <= 10  # short: the two positions only
    assert set(sessions["pain_during"]) == {1} and sessions["completed"].all()  # done, not skipped


def test_a_calm_day_offers_no_minimum(open_page, fresh_path):
    build(fresh_path)
    at = open_page("today", fresh_path)
    assert not [b for b in at.get("form_submit_button") if b.label.startswith("Log the minimum")]
