"""The Questionnaires page, driven through Streamlit's AppTest on real database files."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lib import questionnaires, store
from tests.app.pages import shown
from tests.conftest import TODAY

TSK17 = questionnaires.INSTRUMENTS["tsk17"]


def answer_key(instrument: str, item: object) -> str:
    return f"questionnaire_answer_{instrument}_{item}"


def texts(at) -> list[str]:
    return [line for t in at.text for line in t.value.splitlines()]


def choose(at, instrument: str):
    at.radio(key="questionnaire_instrument").set_value(instrument).run()
    return at


@pytest.fixture
def stored(fresh_path):
    """Read what the page wrote, through the store (the same process shares the open database)."""

    def _read(instrument: str):
        con = store.open_database(fresh_path)
        try:
            return store.list_questionnaires(con, instrument)
        finally:
            con.close()

    return _read


def test_a_fully_answered_tsk17_is_saved_and_its_score_and_band_are_shown(open_page, fresh_path, stored):
    at = open_page("questionnaires", fresh_path)
    for n in TSK17.items:  # every item "Agree" (3): reversed items 4, 8, 12, 16 score 2
        at.radio(key=answer_key("tsk17", n)).set_value(3)
    at.button(key="questionnaire_save_tsk17").click().run()

    assert not at.exception and not at.error
    assert "Saved your TSK-17." in [s.value for s in at.success]
    assert "TSK-17 total: 47 (range 17–68; higher means more fear of movement)." in texts(at)
    assert any(t.startswith("Band: high") for t in texts(at))
    saved = stored("tsk17")
    assert saved["total"].tolist() == [47]
    # The answers are cleared for the next time: nothing preselected.
    assert at.radio(key=answer_key("tsk17", 1)).value is None


def test_an_unanswered_item_stops_the_save_names_the_item_and_stores_nothing(open_page, fresh_path, stored):
    at = open_page("questionnaires", fresh_path)
    for n in TSK17.items:
        if n != 9:
            at.radio(key=answer_key("tsk17", n)).set_value(2)
    at.button(key="questionnaire_save_tsk17").click().run()

    assert not at.exception
    assert [shown(e.value) for e in at.error] == ["TSK-17 item 9 is not answered; every item needs an answer."]
    assert stored("tsk17").empty
    assert at.radio(key=answer_key("tsk17", 1)).value == 2  # what was answered stays for the fix


def test_the_tsk11_form_keeps_the_tsk17_item_numbers(open_page, fresh_path):
    at = choose(open_page("questionnaires", fresh_path), "tsk11")
    numbers = sorted(int(r.key.rsplit("_", 1)[1]) for r in at.radio if r.key.startswith("questionnaire_answer_tsk11"))
    assert numbers == [1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17]
    assert at.radio(key=answer_key("tsk11", 10)).label.startswith("10. Simply being careful")


def rate_psfs(at, ratings: dict[str, int], day) -> None:
    keys = [r.key for r in at.radio if r.key.startswith("questionnaire_answer_psfs_")]
    # The activity names are drawn as plain text, each just before its rating row.
    for name, key in zip([t.value for t in at.text if t.value in ratings], keys, strict=True):
        at.radio(key=key).set_value(ratings[name])
    at.date_input(key="questionnaire_day_psfs").set_value(day)
    at.button(key="questionnaire_save_psfs").click().run()


def test_psfs_first_assessment_then_a_second_one_shows_the_change_that_matters(open_page, fresh_path, stored):
    at = choose(open_page("questionnaires", fresh_path), "psfs")
    for name in ("Rising from a low chair", "Putting on socks", "Getting out of the car"):
        at.text_input(key="psfs_new_activity").input(name)
        at.button(key="psfs_add").click().run()
        assert not at.error
    rate_psfs(
        at,
        {"Rising from a low chair": 3, "Putting on socks": 4, "Getting out of the car": 5},
        TODAY - timedelta(days=14),
    )
    assert not at.error
    assert "PSFS mean rating: 4.0 (range 0.0–10.0; higher is better)." in texts(at)
    assert "This is your first PSFS: the next one will show the change." in texts(at)

    rate_psfs(at, {"Rising from a low chair": 7, "Putting on socks": 5, "Getting out of the car": 6}, TODAY)
    lines = texts(at)
    assert "PSFS mean rating: 6.0 (range 0.0–10.0; higher is better)." in lines
    assert f"Up 2.0 since {(TODAY - timedelta(days=14)).isoformat()} (4.0 → 6.0)." in lines
    # Issue 12: the PSFS thresholds are the smallest detectable change (was: "the change that matters").
    assert (
        "[beyond the smallest detectable change] PSFS: " + questionnaires.INSTRUMENTS["psfs"].mic_text + "."
    ) in lines
    assert "Rising from a low chair: 3 → 7 [beyond the smallest detectable change]" in lines
    assert "Putting on socks: 4 → 5" in lines
    assert stored("psfs")["total"].tolist() == [6.0, 4.0]


def test_a_retired_psfs_activity_leaves_the_form_and_its_past_ratings_stay(open_page, demo_path):
    at = choose(open_page("questionnaires", demo_path), "psfs")
    at.selectbox(key="psfs_retire_activity").set_value("Putting on socks").run()
    at.button(key="psfs_retire").click().run()

    assert not at.exception and not at.error
    assert "Putting on socks" not in texts(at)
    assert at.selectbox(key="psfs_retire_activity").options == ["Rising from a low chair", "Getting out of the car"]
    con = store.open_database(demo_path)
    try:
        latest = store.get_questionnaire(con, int(store.list_questionnaires(con, "psfs")["id"].iloc[0]))
        assert "Putting on socks" in latest["answers"]
    finally:
        con.close()


def test_a_response_is_deleted_only_after_the_confirmation(open_page, demo_path):
    at = open_page("questionnaires", demo_path)
    con = store.open_database(demo_path)
    before = store.list_questionnaires(con, "tsk17")
    con.close()
    newest = int(before["id"].iloc[0])
    assert at.selectbox(key="questionnaire_open_id").value == newest

    at.button(key=f"ask_questionnaire_{newest}").click().run()
    assert [w.value for w in at.warning][0].startswith("Delete the TSK-17 of ")
    at.button(key=f"no_questionnaire_{newest}").click().run()
    assert not at.warning

    at.button(key=f"ask_questionnaire_{newest}").click().run()
    at.button(key=f"yes_questionnaire_{newest}").click().run()
    assert not at.exception and not at.error
    con = store.open_database(demo_path)
    try:
        after = store.list_questionnaires(con, "tsk17")
        assert after["id"].tolist() == before["id"].tolist()[1:]
        assert store.list_audit(con, "questionnaire_response", newest)["action"].tolist() == ["delete"]
    finally:
        con.close()
    assert newest not in at.selectbox(key="questionnaire_open_id").options


def test_history_shows_the_chart_the_table_and_an_opened_responses_answers(open_page, demo_path):
    at = open_page("questionnaires", demo_path)
    assert not at.exception
    assert at.get("plotly_chart")
    opened = at.dataframe[-1].value
    assert opened["Item"].tolist() == list(TSK17.items)
    assert TSK17.citation in [c.value for c in at.caption]


@pytest.mark.parametrize("instrument", ["tsk11", "psfs"])
def test_the_tsk11_and_psfs_pages_show_their_citation(open_page, fresh_path, instrument):
    at = choose(open_page("questionnaires", fresh_path), instrument)
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert questionnaires.INSTRUMENTS[instrument].citation in captions
    assert TSK17.citation not in captions  # each page its own citation


def test_the_tsk11_citation_names_the_short_form_and_the_psfs_its_authors(open_page, fresh_path):
    at = choose(open_page("questionnaires", fresh_path), "tsk11")
    assert any("Woby SR et al., Pain 2005;117:137–144" in c.value for c in at.caption)
    at = choose(at, "psfs")
    assert any(c.value.startswith("Stratford P, Gill C, Westaway M, Binkley J.") for c in at.caption)


def test_a_new_file_asks_for_one_tsk_at_a_time(open_page, fresh_path):
    at = open_page("questionnaires", fresh_path)
    assert "Due today: TSK-17, PSFS." in [c.value for c in at.caption]


def test_a_tsk11_answered_today_counts_for_the_tsk17_too(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.save_questionnaire(
        con, "tsk11", dict.fromkeys((1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17), 2), day=TODAY, today=TODAY
    )
    con.close()
    at = open_page("questionnaires", fresh_path)
    assert "Due today: PSFS." in [c.value for c in at.caption]


def answer_all_tsk17(at, value: int = 3):
    for n in TSK17.items:
        at.radio(key=answer_key("tsk17", n)).set_value(value)
    at.button(key="questionnaire_save_tsk17").click().run()


def test_a_second_answer_on_the_same_day_asks_first_and_replace_keeps_one(open_page, fresh_path, stored):
    at = open_page("questionnaires", fresh_path)
    answer_all_tsk17(at, 3)
    assert len(stored("tsk17")) == 1
    answer_all_tsk17(at, 2)
    (question,) = [w.value for w in at.warning]
    assert re.fullmatch(r"You answered the TSK-17 today at \d\d:\d\d\. Replace it, or keep both\?", question)
    assert len(stored("tsk17")) == 1  # only asked so far
    at.button(key="questionnaire_replace").click().run()
    assert not at.exception and not at.error and not at.warning
    saved = stored("tsk17")
    assert len(saved) == 1 and saved["total"].tolist() != [47]  # the new answers, in place of the old
    with store.open_database(fresh_path) as con:
        assert store.list_audit(con, "questionnaire_response")["action"].tolist() == ["delete"]  # the old one kept


def test_keep_both_stores_a_second_answer_on_the_same_day(open_page, fresh_path, stored):
    at = open_page("questionnaires", fresh_path)
    answer_all_tsk17(at, 3)
    answer_all_tsk17(at, 2)
    at.button(key="questionnaire_keep_both").click().run()
    assert not at.exception and not at.error
    assert len(stored("tsk17")) == 2


def test_a_psfs_mean_is_shown_rounded_to_one_decimal(open_page, fresh_path):
    con = store.open_database(fresh_path)
    try:
        for name in ("Sitting an hour", "Lifting a child", "Putting on socks"):
            store.add_psfs_activity(con, name, day=TODAY)
        store.save_questionnaire(
            con, "psfs", {"Sitting an hour": 4, "Lifting a child": 4, "Putting on socks": 5}, day=TODAY, today=TODAY
        )
    finally:
        con.close()
    at = choose(open_page("questionnaires", fresh_path), "psfs")
    table = [d.value for d in at.dataframe if "total" in d.value.columns][0]
    assert table["total"].tolist() == [4.3]
