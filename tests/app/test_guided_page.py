"""The guided session under AppTest: the player's reports sent as the browser sends them, pain asked,
a draft resumed."""

from __future__ import annotations

import json
import math

from streamlit.components.v2.bidi_component.main import _make_trigger_id

from lib import store, ui
from tests.app.pages import read, shown
from tests.conftest import TODAY


def player(at):
    """The player component on the page (the one element AppTest knows no type for)."""
    return [e for e in at.main if type(e).__name__ == "UnknownElement" and type(e.proto).__name__ == "BidiComponent"]


def report(at, event: str, value: dict):
    """Send what the browser's player sends at the end of an exercise: a trigger value on its events widget."""
    (timer,) = player(at)  # on an exercise's screen: its timer alone
    states = at._tree.get_widget_states()
    ws = states.widgets.add()
    ws.id = _make_trigger_id(timer.proto.id, "events")
    ws.json_trigger_value = json.dumps([{"event": event, "value": value}])
    at._run(states)
    assert not at.exception
    return at


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def started(open_page, path):
    at = open_page("guided", path)
    button(at, "Start today's session").click().run()
    assert not at.exception and not at.error
    return at


def test_start_shows_the_first_exercise_of_todays_plan_with_its_player(open_page, fresh_path):
    at = started(open_page, fresh_path)
    assert at.subheader[0].value.startswith("1 of ") and at.subheader[0].value.endswith("Diaphragmatic breathing")
    assert len(player(at)) == 1
    assert read(fresh_path, store.get_draft, TODAY)["index"] == 0  # kept in the database already


def test_after_the_timer_nothing_advances_until_the_pain_is_picked(open_page, fresh_path):
    at = report(started(open_page, fresh_path), "finished", {"seconds": 125, "skipped": False, "sound": True})
    assert at.pills[0].value is None  # no pain preselected
    at.radio[0].set_value("done")
    button(at, "Next").click().run()
    assert [shown(e.value) for e in at.error] == ["Pain during: pick the peak pain during, 0–10."]
    assert read(fresh_path, store.get_draft, TODAY)["index"] == 0
    at.pills[0].set_value(1)
    button(at, "Next").click().run()
    assert not at.error
    assert at.subheader[0].value.startswith("2 of ")
    assert read(fresh_path, store.get_draft, TODAY)["results"][0]["pain_during"] == 1


def test_skip_and_changed_are_recorded_and_the_review_saves_one_session_equal_to_what_was_done(open_page, fresh_path):
    at = started(open_page, fresh_path)
    names = [item["name"] for item in read(fresh_path, store.get_draft, TODAY)["exercises"]]
    report(at, "finished", {"seconds": 120, "skipped": True, "sound": True})  # 1: skipped in the player
    report(at, "finished", {"seconds": 61, "skipped": False, "sound": True})  # 2: changed
    at.pills[0].set_value(2)
    at.radio[0].set_value("changed").run()
    changed = [n for n in at.number_input if n.key.startswith("guided_1_")]
    assert changed, "Changed opens the prescription's fields"
    changed[0].set_value(changed[0].value - 1 if changed[0].value > 1 else changed[0].value)
    button(at, "Next").click().run()
    for _ in names[2:]:
        report(at, "finished", {"seconds": 59, "skipped": False, "sound": True})
        at.pills[0].set_value(1)
        at.radio[0].set_value("done")
        button(at, "Next").click().run()
    assert at.subheader[0].value == "Review"
    # The player's clock, the skipped exercise's time too: 120 + 61 + 59 s each, rounded up to minutes.
    assert at.number_input(key="guided_minutes").value == math.ceil((120 + 61 + 59 * len(names[2:])) / 60)
    at.selectbox[0].set_value(3)
    at.get("form_submit_button")[0].click().run()
    assert not at.exception and not at.error
    sessions = read(fresh_path, store.list_sessions, TODAY, TODAY)
    assert list(sessions["exercise"]) == names[1:]  # the skipped exercise is not logged as done
    assert sessions["pain_during"].tolist() == [2] + [1] * len(names[2:])
    assert read(fresh_path, store.get_draft, TODAY) is None  # the draft became the session
    assert "Today's session is logged." in [s.value for s in at.success]


def test_a_draft_survives_a_reload_and_resumes_where_it_stopped(open_page, fresh_path):
    at = report(started(open_page, fresh_path), "finished", {"seconds": 100, "skipped": False, "sound": True})
    at.pills[0].set_value(0)
    at.radio[0].set_value("done")
    button(at, "Next").click().run()
    again = open_page("guided", fresh_path)  # a new browser session: a reload, or a restart of Poise
    (question,) = [i.value for i in again.info]
    assert question.startswith("Resume the session you started at ") and "1 of " in question
    button(again, "Resume").click().run()
    assert again.subheader[0].value.startswith("2 of ")


def test_ending_the_session_in_the_player_goes_to_the_review(open_page, fresh_path):
    at = report(started(open_page, fresh_path), "end", {"seconds": 40})
    assert at.subheader[0].value == "Review"


def test_the_mute_switch_is_remembered_as_a_setting(open_page, fresh_path):
    report(started(open_page, fresh_path), "finished", {"seconds": 30, "skipped": False, "sound": False})
    assert read(fresh_path, store.get_setting, "guided_sound") == "off"


def test_pain_above_the_ceiling_is_met_with_a_kind_stop(open_page, fresh_path):
    at = report(started(open_page, fresh_path), "finished", {"seconds": 30, "skipped": False, "sound": True})
    at.pills[0].set_value(8).run()
    assert any(w.value.startswith("Pain 8 is above your pain ceiling of 5") for w in at.warning)


def test_the_pain_buttons_read_0_none_to_10_worst_none_picked_and_store_a_whole_number(open_page, fresh_path):
    at = report(started(open_page, fresh_path), "finished", {"seconds": 30, "skipped": False, "sound": True})
    (pain,) = at.pills
    assert list(pain.options) == ["0 none", *map(str, range(1, 10)), "10 worst"] and pain.value is None
    pain.set_value(10)
    at.radio[0].set_value("done")
    button(at, "Next").click().run()
    (stored,) = read(fresh_path, store.get_draft, TODAY)["results"]
    assert stored["pain_during"] == 10 and type(stored["pain_during"]) is int


def test_a_state_a_stopped_run_left_unstored_is_drawn_and_stored_by_the_next_run(open_page, fresh_path):
    # Next leaves the next state for its run to draw first and store last; another press can stop that run first.
    at = started(open_page, fresh_path)
    draft = read(fresh_path, store.get_draft, TODAY)
    moved_on = {
        **draft,
        "index": 1,
        "results": [
            {
                "exercise": draft["exercises"][0]["name"],
                "outcome": "skipped",
                "pain_during": None,
                "values": {},
                "variant": None,
                "seconds": 0.0,
            }
        ],
    }
    at.session_state[ui.SESSION_PENDING_KEY] = (TODAY, moved_on)
    at.run()
    assert at.subheader[0].value.startswith("2 of ")
    assert read(fresh_path, store.get_draft, TODAY) == moved_on
