"""Questionnaire responses and PSFS activities in real DuckDB files."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from lib import questionnaires, store
from lib.errors import NotFound, ValidationError

DAY = date(2026, 3, 2)
TSK11_ITEMS = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)
SOCKS, CHAIR, CAR = "Putting on socks", "Rising from a low chair", "Getting out of the car"


def tsk11(value: int) -> dict[int, int]:
    return dict.fromkeys(TSK11_ITEMS, value)


def count(con, table: str) -> int:
    return len(store.table_frame(con, table))


def with_activities(con, *names: str, day: date = DAY) -> None:
    for name in names:
        store.add_psfs_activity(con, name, day=day)


# --- responses --------------------------------------------------------------------


def test_a_saved_response_keeps_every_answer_the_version_and_the_scores(fresh_db, fresh_path):
    answers = {1: 2, 2: 3, 3: 1, 5: 2, 6: 1, 7: 2, 10: 3, 11: 1, 13: 2, 15: 1, 17: 2}
    rid = store.save_questionnaire(fresh_db, "tsk11", answers, day=DAY, today=DAY)
    fresh_db.close()

    con = store.open_database(fresh_path)  # reopened: it is on disk
    try:
        row = store.table_frame(con, "questionnaire_response").iloc[0]
        assert json.loads(row["answers"]) == {str(k): v for k, v in answers.items()}  # TSK-17 numbers
        assert (row["instrument"], row["version"], row["total"], row["band"]) == (
            "tsk11",
            "TSK-11 (Woby 2005)",
            20.0,
            None,
        )
        assert json.loads(row["subscales"]) == {"Somatic Focus": 7, "Activity Avoidance": 13}
        got = store.get_questionnaire(con, rid)
        assert got["answers"] == answers and got["total"] == 20 and isinstance(got["total"], int)
        assert got["day"] == DAY
        # Stored answers are enough to recompute the score.
        assert questionnaires.score("tsk11", json.loads(row["answers"])).total == got["total"]
    finally:
        con.close()


def test_a_tsk17_stores_its_band(fresh_db):
    rid = store.save_questionnaire(fresh_db, "tsk17", dict.fromkeys(range(1, 18), 3), day=DAY, today=DAY)
    assert store.get_questionnaire(fresh_db, rid)["band"] == "high"
    table = store.list_questionnaires(fresh_db, "tsk17")
    assert list(table.columns) == ["id", "day", "total", "band", "version"]
    assert table[["day", "total", "band"]].values.tolist() == [[DAY, 47, "high"]]


@pytest.mark.parametrize(
    ("instrument", "answers", "field"),
    [
        ("tsk11", {**tsk11(2), 17: None}, "item 17"),
        ("tsk11", {**tsk11(2), 4: 2}, "item"),
        ("tsk11", {**tsk11(2), 6: 7}, "item 6"),
        ("psfs", {SOCKS: 11}, f"activity {SOCKS!r}"),
    ],
)
def test_a_bad_response_writes_nothing(fresh_db, instrument, answers, field):
    with pytest.raises(ValidationError) as caught:
        store.save_questionnaire(fresh_db, instrument, answers, day=DAY, today=DAY)
    assert caught.value.field == field
    assert count(fresh_db, "questionnaire_response") == 0


def test_a_response_in_the_future_is_refused(fresh_db):
    with pytest.raises(ValidationError, match="day cannot be in the future"):
        store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=DAY + timedelta(days=1), today=DAY)
    assert count(fresh_db, "questionnaire_response") == 0


def test_responses_are_listed_per_instrument_newest_first(fresh_db):
    first = store.save_questionnaire(fresh_db, "tsk11", tsk11(3), day=DAY - timedelta(days=14), today=DAY)
    second = store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=DAY, today=DAY)
    store.save_questionnaire(fresh_db, "tsk17", dict.fromkeys(range(1, 18), 2), day=DAY, today=DAY)
    table = store.list_questionnaires(fresh_db, "tsk11")
    assert table["id"].tolist() == [second, first]
    assert table["total"].tolist() == [22, 33]
    assert table["Somatic Focus"].tolist() == [10, 15]
    assert "band" not in table.columns  # TSK-11 has no validated band


def test_change_since_the_previous_response_marks_a_fall_of_four(fresh_db):
    first = store.save_questionnaire(fresh_db, "tsk11", tsk11(3), day=DAY - timedelta(days=14), today=DAY)
    second = store.save_questionnaire(fresh_db, "tsk11", {**tsk11(3), 1: 1, 2: 1}, day=DAY, today=DAY)
    assert store.questionnaire_change(fresh_db, first) is None
    change = store.questionnaire_change(fresh_db, second)
    assert (change.before, change.after, change.delta, change.better) == (33, 29, -4, True)
    assert change.since == DAY - timedelta(days=14)


def test_change_compares_with_the_same_instrument_only_and_by_day(fresh_db):
    # Backfilled: saved last but dated first, so it is the earlier response.
    later = store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=DAY, today=DAY)
    store.save_questionnaire(fresh_db, "tsk17", dict.fromkeys(range(1, 18), 4), day=DAY - timedelta(days=1), today=DAY)
    earlier = store.save_questionnaire(fresh_db, "tsk11", tsk11(3), day=DAY - timedelta(days=7), today=DAY)
    assert store.questionnaire_change(fresh_db, earlier) is None
    assert store.questionnaire_change(fresh_db, later).before == 33


def test_delete_keeps_the_response_in_the_audit_table(fresh_db):
    rid = store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=DAY, today=DAY)
    store.delete_questionnaire(fresh_db, rid)
    assert count(fresh_db, "questionnaire_response") == 0
    kept = store.list_audit(fresh_db, "questionnaire_response", rid)
    assert kept["action"].tolist() == ["delete"]
    assert json.loads(kept["old_row"].iloc[0])["total"] == 22
    with pytest.raises(NotFound):
        store.get_questionnaire(fresh_db, rid)
    assert store.get_questionnaire(fresh_db, rid, missing_ok=True) is None
    with pytest.raises(NotFound):
        store.delete_questionnaire(fresh_db, rid)


def test_the_chart_series_is_one_point_per_response_oldest_first(fresh_db):
    for weeks, value in ((4, 4), (2, 3), (0, 2)):
        store.save_questionnaire(fresh_db, "tsk11", tsk11(value), day=DAY - timedelta(weeks=weeks), today=DAY)
    series = store.questionnaire_series(fresh_db, "tsk11")
    assert series["total"].tolist() == [44, 33, 22]
    assert series["day"].tolist() == [DAY - timedelta(weeks=4), DAY - timedelta(weeks=2), DAY]


def test_the_chart_series_turns_weekly_past_its_point_limit(fresh_db, monkeypatch):
    from lib import load

    monkeypatch.setattr(load, "CHART_POINTS_MAX", 2)
    monday = date(2026, 3, 2)  # a Monday
    for offset, value in ((0, 4), (2, 2), (7, 3)):
        store.save_questionnaire(
            fresh_db, "tsk11", tsk11(value), day=monday + timedelta(days=offset), today=DAY + timedelta(days=30)
        )
    series = store.questionnaire_series(fresh_db, "tsk11")
    assert series["day"].tolist() == [monday, monday + timedelta(days=7)]
    assert series["total"].tolist() == [33.0, 33.0]
    assert series["responses"].tolist() == [2, 1]


def test_demo_history_reads_back_through_the_store(demo_db):
    for instrument in questionnaires.INSTRUMENTS:
        table = store.list_questionnaires(demo_db, instrument)
        assert len(table) >= 2
        response = store.get_questionnaire(demo_db, int(table["id"].iloc[0]))
        assert questionnaires.score(instrument, response["answers"]).total == pytest.approx(response["total"])
        assert store.questionnaire_change(demo_db, int(table["id"].iloc[0])) is not None


# --- due --------------------------------------------------------------------------


def test_a_new_file_asks_for_one_tsk_and_the_psfs(fresh_db):
    assert store.questionnaires_due(fresh_db, DAY) == ["tsk17", "psfs"]


def test_due_follows_the_cadence_settings(fresh_db):
    with_activities(fresh_db, SOCKS)
    store.save_questionnaire(fresh_db, "tsk17", dict.fromkeys(range(1, 18), 2), day=DAY, today=DAY)
    store.save_questionnaire(fresh_db, "psfs", {SOCKS: 5}, day=DAY, today=DAY)
    assert store.questionnaires_due(fresh_db, DAY + timedelta(days=13)) == []
    assert store.questionnaires_due(fresh_db, DAY + timedelta(days=14)) == ["tsk17", "psfs"]
    store.set_setting(fresh_db, "tsk17_cadence_days", 7)
    store.set_setting(fresh_db, "psfs_cadence_days", 28)
    assert store.questionnaires_due(fresh_db, DAY + timedelta(days=6)) == []
    assert store.questionnaires_due(fresh_db, DAY + timedelta(days=7)) == ["tsk17"]
    assert store.questionnaires_due(fresh_db, DAY + timedelta(days=28)) == ["tsk17", "psfs"]
    assert store.questionnaire_last_answered(fresh_db) == {"tsk17": DAY, "tsk11": None, "psfs": DAY}


def test_a_recent_tsk17_counts_for_the_tsk11_and_the_next_reminder_is_the_version_answered_last(fresh_db):
    store.save_questionnaire(fresh_db, "tsk17", dict.fromkeys(range(1, 18), 2), day=DAY - timedelta(days=30), today=DAY)
    assert "tsk11" not in store.questionnaires_due(fresh_db, DAY - timedelta(days=20))  # never taken, yet covered
    assert "tsk17" in store.questionnaires_due(fresh_db, DAY)
    store.save_questionnaire(fresh_db, "tsk11", tsk11(2), day=DAY, today=DAY)
    assert [i for i in store.questionnaires_due(fresh_db, DAY) if i.startswith("tsk")] == []
    store.set_setting(fresh_db, "tsk11_cadence_days", 10)
    later = store.questionnaires_due(fresh_db, DAY + timedelta(days=10))
    assert [i for i in later if i.startswith("tsk")] == ["tsk11"]  # one TSK at a time: the one answered last


# --- the PSFS activity list -------------------------------------------------------


def test_psfs_rates_exactly_the_kept_activities(fresh_db):
    with_activities(fresh_db, CHAIR, SOCKS, CAR)
    rid = store.save_questionnaire(
        fresh_db, "psfs", {"rising from a LOW chair": 3, SOCKS: 4, CAR: 5}, day=DAY, today=DAY
    )
    got = store.get_questionnaire(fresh_db, rid)
    assert got["answers"] == {CHAIR: 3, SOCKS: 4, CAR: 5}  # spelled as the list spells them
    assert got["total"] == 4.0 and isinstance(got["total"], float)
    with pytest.raises(ValidationError, match=f"PSFS activity {CAR!r} on your list has no rating"):
        store.save_questionnaire(fresh_db, "psfs", {CHAIR: 3, SOCKS: 4}, day=DAY, today=DAY)
    with pytest.raises(ValidationError, match="'Carrying shopping' is not on your activity list"):
        store.save_questionnaire(
            fresh_db, "psfs", {CHAIR: 3, SOCKS: 4, CAR: 5, "Carrying shopping": 2}, day=DAY, today=DAY
        )
    assert count(fresh_db, "questionnaire_response") == 1


def test_psfs_names_that_differ_only_in_case_are_refused_not_merged(fresh_db):
    with_activities(fresh_db, SOCKS, CHAIR)
    with pytest.raises(ValidationError) as caught:
        store.save_questionnaire(fresh_db, "psfs", {SOCKS: 3, "  putting on SOCKS ": 9, CHAIR: 5}, day=DAY, today=DAY)
    assert caught.value.field == "activity 'putting on SOCKS'"
    assert caught.value.message == ("PSFS activity 'putting on SOCKS' is given twice (also as 'Putting on socks').")
    assert count(fresh_db, "questionnaire_response") == 0


def test_the_stored_psfs_total_is_the_score_of_the_stored_answers(fresh_db):
    with_activities(fresh_db, SOCKS, CHAIR)
    rid = store.save_questionnaire(
        fresh_db, "psfs", {"PUTTING ON SOCKS": 3, " rising from a low chair": 6}, day=DAY, today=DAY
    )
    got = store.get_questionnaire(fresh_db, rid)
    assert got["answers"] == {SOCKS: 3, CHAIR: 6}
    assert got["total"] == 4.5 == questionnaires.score("psfs", got["answers"]).total


def test_psfs_change_shows_the_mean_and_each_activity(fresh_db):
    with_activities(fresh_db, CHAIR, SOCKS, CAR)
    store.save_questionnaire(fresh_db, "psfs", {CHAIR: 3, SOCKS: 4, CAR: 5}, day=DAY - timedelta(days=28), today=DAY)
    rid = store.save_questionnaire(fresh_db, "psfs", {CHAIR: 7, SOCKS: 5, CAR: 6}, day=DAY, today=DAY)
    change = store.questionnaire_change(fresh_db, rid)
    assert (change.before, change.after, change.better) == (4.0, 6.0, True)
    assert [(i.item, i.matters) for i in change.items] == [(CHAIR, True), (SOCKS, False), (CAR, False)]


def test_the_psfs_list_holds_at_most_five_activities(fresh_db):
    with_activities(fresh_db, *(f"Activity {i}" for i in range(5)))
    with pytest.raises(ValidationError, match="The PSFS keeps 3 to 5 activities; you have 5"):
        store.add_psfs_activity(fresh_db, "A sixth", day=DAY)
    assert len(store.psfs_activity_names(fresh_db)) == 5


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "name must not be empty"),
        ("   ", "name must not be empty"),
        ("x" * 121, "name must be at most 120 characters"),
        (SOCKS.upper(), "is already on your PSFS list"),
    ],
)
def test_a_bad_activity_name_is_refused(fresh_db, name, message):
    with_activities(fresh_db, SOCKS)
    with pytest.raises(ValidationError, match=message):
        store.add_psfs_activity(fresh_db, name, day=DAY)
    assert store.psfs_activity_names(fresh_db) == [SOCKS]


def test_a_retired_activity_keeps_its_history_and_can_come_back(fresh_db):
    with_activities(fresh_db, CHAIR, SOCKS, CAR)
    rid = store.save_questionnaire(fresh_db, "psfs", {CHAIR: 3, SOCKS: 4, CAR: 5}, day=DAY, today=DAY)
    store.retire_psfs_activity(fresh_db, "putting on socks", day=DAY + timedelta(days=1))

    assert store.psfs_activity_names(fresh_db) == [CHAIR, CAR]
    everything = store.psfs_activities(fresh_db, include_retired=True)
    assert everything["name"].tolist() == [CHAIR, CAR, SOCKS]  # kept ones first
    assert everything["retired_on"].tolist()[-1] == DAY + timedelta(days=1)
    assert store.get_questionnaire(fresh_db, rid)["answers"][SOCKS] == 4  # past ratings stay
    assert store.list_audit(fresh_db, "psfs_activity")["action"].tolist() == ["update"]
    with pytest.raises(NotFound):
        store.retire_psfs_activity(fresh_db, SOCKS, day=DAY)

    again = store.add_psfs_activity(fresh_db, SOCKS, day=DAY + timedelta(days=5))
    assert again == int(everything["id"].iloc[-1])  # the same activity, not a new one
    assert store.psfs_activity_names(fresh_db) == [CHAIR, SOCKS, CAR]
    assert count(fresh_db, "psfs_activity") == 3


def test_both_chart_frames_carry_their_days_as_dates_like_every_other_chart_frame(fresh_db):
    """One date representation from the store to the chart: no datetime64 → date → Timestamp round trip."""
    store.save_questionnaire(fresh_db, "tsk11", tsk11(3), day=DAY, today=DAY)
    totals = store.questionnaire_totals(fresh_db, DAY - timedelta(days=7), DAY)
    series = store.questionnaire_series(fresh_db, "tsk11")
    assert totals["day"].tolist() == series["day"].tolist() == [DAY]
    assert type(totals["day"].iloc[0]) is type(series["day"].iloc[0]) is date
