"""Questionnaire definitions and scoring, against the keys in shared/clinical/tsk.md and psfs.md."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from lib import charts, questionnaires
from lib.errors import ValidationError
from lib.questionnaires import INSTRUMENTS, score

TSK17 = INSTRUMENTS["tsk17"]
TSK11 = INSTRUMENTS["tsk11"]
PSFS = INSTRUMENTS["psfs"]
TSK11_ITEMS = (1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17)
CLINICAL = Path(__file__).resolve().parents[3] / "shared" / "clinical"


def all_tsk17(value: int) -> dict[int, int]:
    return dict.fromkeys(range(1, 18), value)


def all_tsk11(value: int) -> dict[int, int]:
    return dict.fromkeys(TSK11_ITEMS, value)


# --- the clinical notes, word for word -------------------------------------------


@pytest.mark.skipif(not (CLINICAL / "tsk.md").exists(), reason="the clinical notes are not beside the repository")
def test_every_tsk17_item_reads_word_for_word_as_in_the_clinical_notes():
    text = (CLINICAL / "tsk.md").read_text(encoding="utf-8")
    section = text.split("## TSK-17 items")[1].split("## TSK-17 scoring")[0]
    printed = {int(n): t for n, t in re.findall(r"^(\d+)\. (.*)$", section, re.M)}
    reversed_in_notes = {n for n, t in printed.items() if t.endswith(" (reverse-scored)")}
    assert {n: t.removesuffix(" (reverse-scored)") for n, t in printed.items()} == TSK17.items
    assert reversed_in_notes == TSK17.reverse == {4, 8, 12, 16}


def test_the_answer_anchors_are_the_four_of_the_tampa_scale():
    assert TSK17.anchors == TSK11.anchors == {1: "Strongly disagree", 2: "Disagree", 3: "Agree", 4: "Strongly agree"}


def test_each_citation_names_its_authors_and_source():
    assert TSK17.citation.startswith(
        "Miller RP, Kori SH, Todd DD. The Tampa Scale: a measure of kinesiophobia. Clinical Journal of Pain 1991;7:51."
    )
    assert "Vlaeyen et al., Pain 1995;62:363" in TSK17.citation
    assert "Woby SR et al., Pain 2005;117:137–144" in TSK11.citation
    assert "Tkachuk & Harris, J Pain 2012;13:970" in TSK11.citation
    assert PSFS.citation == (
        "Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on "
        "individual patients: a report of a patient specific measure. "
        "Physiotherapy Canada 1995;47:258–263."
    )


# --- definitions are consistent --------------------------------------------------


@pytest.mark.parametrize("inst", INSTRUMENTS.values(), ids=list(INSTRUMENTS))
def test_definitions_are_consistent(inst):
    assert inst.low < inst.high
    assert set(inst.anchors) <= set(range(inst.low, inst.high + 1))
    assert inst.reverse <= set(inst.items)
    for name, members in inst.subscales.items():
        assert set(members) <= set(inst.items), name
        assert len(set(members)) == len(members), name
    assert (inst.aggregate == "mean") == (not inst.items)  # person-named items are averaged
    assert inst.mic_direction in (-1, +1)
    assert (inst.mic is None) == (inst.mic_text == "")
    assert inst.version and inst.citation and inst.cadence_setting == f"{inst.id}_cadence_days"
    low, high = inst.total_range
    if inst.items:  # the lowest score on every item gives the lowest total, the highest the highest
        assert score(inst.id, {n: inst.high if n in inst.reverse else inst.low for n in inst.items}).total == low
        assert score(inst.id, {n: inst.low if n in inst.reverse else inst.high for n in inst.items}).total == high
    if inst.band_above is not None:
        assert low <= inst.band_above < high


def test_each_instruments_cadence_is_a_setting():
    from lib import settings

    assert all(i.cadence_setting in settings.BY_KEY for i in INSTRUMENTS.values())


@pytest.mark.parametrize(("instrument", "low", "high"), [("tsk17", 17, 68), ("tsk11", 11, 44), ("psfs", 0, 10)])
def test_total_ranges_match_the_clinical_notes(instrument, low, high):
    assert INSTRUMENTS[instrument].total_range == (low, high)


def test_tsk11_subscale_ranges_match_the_clinical_notes():
    assert TSK11.subscale_range("Somatic Focus") == (5, 20)
    assert TSK11.subscale_range("Activity Avoidance") == (6, 24)


# --- TSK-17 -----------------------------------------------------------------------


def test_tsk17_is_at_its_minimum_when_every_item_points_away_from_fear():
    answers = {n: 4 if n in (4, 8, 12, 16) else 1 for n in range(1, 18)}
    s = score("tsk17", answers)
    assert (s.total, s.band, s.subscales) == (17, "not high", {})
    assert isinstance(s.total, int)


def test_tsk17_is_at_its_maximum_when_every_item_points_towards_fear():
    s = score("tsk17", {n: 1 if n in (4, 8, 12, 16) else 4 for n in range(1, 18)})
    assert (s.total, s.band) == (68, "high")


@pytest.mark.parametrize("item", [4, 8, 12, 16])
@pytest.mark.parametrize(("answer", "scored"), [(1, 4), (2, 3), (3, 2), (4, 1)])
def test_tsk17_reverse_items_score_five_minus_the_answer(item, answer, scored):
    base = score("tsk17", all_tsk17(1)).total  # 13 items at 1, the 4 reversed at 4: 29
    assert base == 13 + 16
    assert score("tsk17", {**all_tsk17(1), item: answer}).total == base - 4 + scored


@pytest.mark.parametrize("item", [n for n in range(1, 18) if n not in (4, 8, 12, 16)])
def test_tsk17_other_items_score_as_answered(item):
    assert score("tsk17", {**all_tsk17(1), item: 4}).total == score("tsk17", all_tsk17(1)).total + 3


@pytest.mark.parametrize(("total", "band"), [(36, "not high"), (37, "not high"), (38, "high"), (39, "high")])
def test_tsk17_band_is_high_only_above_37(total, band):
    # All 13 forward items at 1 and reversed at 4 (scored 1) give 17; raise forward items to reach `total`.
    answers = {n: 4 if n in (4, 8, 12, 16) else 1 for n in range(1, 18)}
    extra = total - 17
    for n in (1, 2, 3, 5, 6, 7, 9, 10):
        step = min(3, extra)
        answers[n] += step
        extra -= step
    s = score("tsk17", answers)
    assert (s.total, s.band) == (total, band)


# --- TSK-11 -----------------------------------------------------------------------


def test_tsk11_keeps_the_woby_items_not_the_first_eleven():
    assert tuple(TSK11.items) == TSK11_ITEMS
    assert {n: TSK17.items[n] for n in TSK11_ITEMS} == TSK11.items


def test_tsk11_reverses_no_item():
    assert TSK11.reverse == frozenset()
    assert score("tsk11", {**all_tsk11(1), 1: 4}).total == 14  # an answer of 4 scores 4 on every item


@pytest.mark.parametrize(("value", "total"), [(1, 11), (4, 44)])
def test_tsk11_minimum_and_maximum(value, total):
    s = score("tsk11", all_tsk11(value))
    assert s.total == total and s.band is None


def test_tsk11_subscales_sum_their_items_in_tsk17_numbering():
    answers = {1: 2, 2: 3, 3: 1, 5: 2, 6: 1, 7: 2, 10: 3, 11: 1, 13: 2, 15: 1, 17: 2}
    s = score("tsk11", answers)
    assert s.total == 20
    assert s.subscales == {"Somatic Focus": 1 + 2 + 1 + 2 + 1, "Activity Avoidance": 2 + 3 + 3 + 2 + 1 + 2}
    assert s.answers == answers


def test_tsk11_answers_read_back_from_json_with_text_keys_score_the_same():
    answers = {1: 2, 2: 3, 3: 1, 5: 2, 6: 1, 7: 2, 10: 3, 11: 1, 13: 2, 15: 1, 17: 2}
    assert score("tsk11", {str(k): v for k, v in answers.items()}) == score("tsk11", answers)


# --- PSFS -------------------------------------------------------------------------


def test_psfs_is_the_mean_of_the_ratings():
    s = score("psfs", {"Rising from a low chair": 4, "Putting on socks": 6})
    assert (s.total, s.subscales, s.band) == (5.0, {}, None)
    assert isinstance(s.total, float)
    assert score("psfs", {"a": 4, "b": 4, "c": 5}).total == pytest.approx(13 / 3)


@pytest.mark.parametrize(("value", "mean"), [(0, 0.0), (10, 10.0)])
def test_psfs_minimum_and_maximum(value, mean):
    assert score("psfs", {f"activity {i}": value for i in range(5)}).total == mean


def test_psfs_names_are_trimmed():
    assert score("psfs", {"  Putting on socks ": 3}).answers == {"Putting on socks": 3}


# --- bad input --------------------------------------------------------------------

BAD_INPUT = [
    ("tsk17", {n: 2 for n in range(1, 17)}, "TSK-17 item 17 is not answered"),
    ("tsk17", {**all_tsk17(2), 3: None, 9: None}, "TSK-17 items 3, 9 are not answered"),
    ("tsk17", {**all_tsk17(2), 18: 2}, "TSK-17 has no item 18"),
    ("tsk17", {**all_tsk17(2), 0: 2}, "TSK-17 has no item 0"),
    ("tsk17", {**all_tsk17(2), "x": 2}, "TSK-17 has no item 'x'"),
    # 1.0 and True equal 1 as dict keys, so they stand in for item 1 here rather than beside it.
    ("tsk17", {**{n: 2 for n in range(2, 18)}, 1.0: 2}, "TSK-17 has no item 1.0"),
    ("tsk17", {**{n: 2 for n in range(2, 18)}, True: 2}, "TSK-17 has no item True"),
    ("tsk17", {**all_tsk17(2), "4": 2}, "TSK-17 item 4 is given twice"),
    ("tsk11", {**all_tsk11(2), 4: 2}, "TSK-11 has no item 4"),  # dropped from the short form
    ("tsk11", {n: 2 for n in range(1, 12)}, "TSK-11 has no item 4"),  # not the first eleven
    ("tsk17", {**all_tsk17(2), 5: 0}, "TSK-17 item 5: the answer must be a whole number from 1 to 4; got 0."),
    ("tsk17", {**all_tsk17(2), 5: 5}, "TSK-17 item 5: the answer must be a whole number from 1 to 4; got 5."),
    ("tsk17", {**all_tsk17(2), 5: 2.5}, "TSK-17 item 5: the answer must be a whole number from 1 to 4; got 2.5."),
    ("tsk17", {**all_tsk17(2), 5: 2.0}, "TSK-17 item 5: the answer must be a whole number from 1 to 4; got 2.0."),
    ("tsk17", {**all_tsk17(2), 5: "3"}, "TSK-17 item 5: the answer must be a whole number from 1 to 4; got '3'."),
    ("tsk17", {**all_tsk17(2), 5: True}, "TSK-17 item 5: the answer must be a whole number from 1 to 4; got True."),
    ("tsk17", {**all_tsk17(2), 5: float("nan")}, "TSK-17 item 5: the answer must be a whole number"),
    (
        "psfs",
        {"Putting on socks": 11},
        "PSFS activity 'Putting on socks': the answer must be a whole number from 0 to 10; got 11.",
    ),
    ("psfs", {"Putting on socks": -1}, "PSFS activity 'Putting on socks'"),
    ("psfs", {"Putting on socks": None}, "PSFS activity 'Putting on socks' is not answered"),
    ("psfs", {"": 3}, "PSFS: every activity needs a name"),
    ("psfs", {"   ": 3}, "PSFS: every activity needs a name"),
    ("psfs", {7: 3}, "PSFS: every activity needs a name; got 7."),
    ("psfs", {"x" * 121: 3}, "PSFS activity names must be at most 120 characters; got 121."),
    ("psfs", {"Socks": 3, " Socks": 4}, "PSFS activity 'Socks' is given twice"),
    (
        "psfs",
        {"Putting on socks": 3, "putting on SOCKS": 4},
        "PSFS activity 'putting on SOCKS' is given twice (also as 'Putting on socks').",
    ),
    (
        "psfs",
        {"Putting on socks": 3, " PUTTING ON SOCKS  ": 4},
        "PSFS activity 'PUTTING ON SOCKS' is given twice (also as 'Putting on socks').",
    ),
    ("psfs", {}, "PSFS needs 1 to 5 activities; got 0."),
    ("psfs", {f"a{i}": 5 for i in range(6)}, "PSFS needs 1 to 5 activities; got 6."),
    ("tsk99", {}, "instrument must be one of tsk17, tsk11, psfs; got 'tsk99'."),
    ("tsk17", [(1, 2)], "TSK-17 answers must be a mapping of item to answer; got list."),
]


@pytest.mark.parametrize(
    ("instrument", "answers", "message"), BAD_INPUT, ids=[f"{i}-{m[:40]}" for i, _, m in BAD_INPUT]
)
def test_bad_input_is_refused_with_a_message_naming_the_item(instrument, answers, message):
    with pytest.raises(ValueError) as caught:
        score(instrument, answers)
    assert isinstance(caught.value, ValidationError)
    assert str(caught.value).startswith(message)


def test_numpy_integers_count_as_whole_numbers():
    assert score("tsk11", {n: np.int64(2) for n in TSK11_ITEMS}).total == 22


# --- change since last time -------------------------------------------------------


@pytest.mark.parametrize(
    ("instrument", "before", "after", "matters"),
    [
        ("tsk11", 30, 26, True),  # a fall of 4
        ("tsk11", 30, 27, False),  # a fall of 3
        ("tsk11", 26, 30, False),  # a rise is no improvement
        ("psfs", 4.0, 6.0, True),  # +2 on the mean
        ("psfs", 13 / 3, 19 / 3, True),  # +2 as thirds, despite floating point
        ("psfs", 4.0, 5.9, False),
        ("psfs", 6.0, 4.0, False),
        ("tsk17", 50, 30, False),  # no validated minimal important change
    ],
)
def test_change_matters_only_for_an_improvement_of_at_least_the_mic(instrument, before, after, matters):
    assert questionnaires.change_matters(instrument, before, after) is matters


def test_a_tsk11_fall_of_four_is_marked_in_plain_text():
    change = questionnaires.compare("tsk11", 30, 25, since=date(2026, 3, 1))
    assert (change.delta, change.better, change.worse) == (-5, True, False)
    assert questionnaires.describe_change(change) == [
        "Down 5 since 2026-03-01 (30 → 25).",
        "[change that matters] TSK-11: a fall of 4 points or more is the smallest change that matters (Woby 2005).",
    ]


def test_a_tsk11_rise_of_four_is_marked_as_worse():
    lines = questionnaires.describe_change(questionnaires.compare("tsk11", 20, 24))
    assert lines[0] == "Up 4 since last time (20 → 24)."
    assert lines[1].startswith(questionnaires.MARK_WORSE)


def test_a_small_tsk11_change_says_it_is_smaller_than_the_change_that_matters():
    lines = questionnaires.describe_change(questionnaires.compare("tsk11", 20, 18))
    assert lines == [
        "Down 2 since last time (20 → 18).",
        "Smaller than the change that matters (a fall of 4 points or more is the smallest change "
        "that matters (Woby 2005)).",
    ]
    assert not any(questionnaires.MARK_BETTER in line for line in lines)


def test_tsk17_change_has_no_marker():
    assert questionnaires.describe_change(questionnaires.compare("tsk17", 45, 30)) == [
        "Down 15 since last time (45 → 30)."
    ]


def test_psfs_change_lists_each_activity_and_marks_three_points_on_one():
    change = questionnaires.compare(
        "psfs", 4.0, 5.0, {"Socks": 4, "Car": 4, "Gone": 2}, {"Socks": 7, "Car": 3, "New": 5}
    )
    assert [(i.item, i.before, i.after, i.matters) for i in change.items] == [
        ("Socks", 4, 7, True),
        ("Car", 4, 3, False),
    ]
    lines = questionnaires.describe_change(change)
    # Issue 12: PSFS thresholds are called the smallest detectable change (was: "the change that matters").
    assert "Socks: 4 → 7 [beyond the smallest detectable change]" in lines
    assert "Car: 4 → 3" in lines
    assert lines[-1] == "For a single activity, 3 points is the smallest detectable change."


def test_a_psfs_change_is_judged_on_the_activities_rated_both_times():
    # Mean 4.0 → 6.0 over the lists, but the two activities rated both times went 4 → 5 and 4 → 5: no change judged.
    change = questionnaires.compare(
        "psfs", 4.0, 6.0, {"Socks": 4, "Car": 4, "Gone": 4}, {"Socks": 5, "Car": 5, "New": 8}
    )
    assert (change.different, change.judged, change.better) == (True, (4.0, 5.0), False)
    lines = questionnaires.describe_change(change)
    assert lines[1] == (
        "Different activities from last time: compare with care. Judged on the 2 activities "
        "rated both times (mean 4.0 → 5.0)."
    )
    assert any(line.startswith("Smaller than the smallest detectable change") for line in lines)


def test_a_psfs_rise_of_two_on_the_same_activities_is_beyond_the_smallest_detectable_change():
    change = questionnaires.compare("psfs", 4.0, 6.0, {"Socks": 4, "Car": 4}, {"Socks": 6, "Car": 6})
    assert (change.different, change.better) == (False, True)
    lines = questionnaires.describe_change(change)
    assert lines[1].startswith("[beyond the smallest detectable change] PSFS: a rise of 2 points in the mean")
    assert "Abbott & Schmitt 2014" in lines[1]


def test_psfs_lists_with_no_activity_in_common_cannot_be_judged():
    change = questionnaires.compare("psfs", 4.0, 8.0, {"Socks": 4}, {"Car": 8})
    assert (change.better, change.worse, change.judged) == (False, False, None)
    assert "No activity was rated both times, so the change cannot be judged." in " ".join(
        questionnaires.describe_change(change)
    )


def test_a_response_summary_gives_score_band_and_first_time_note():
    s = score("tsk17", all_tsk17(3))
    lines = questionnaires.describe_response(
        {"instrument": "tsk17", "total": s.total, "subscales": s.subscales, "band": s.band, "answers": s.answers}, None
    )
    assert lines == [
        "TSK-17 total: 47 (range 17–68; higher means more fear of movement).",
        "Band: high (a total above 37 is the conventional mark of high kinesiophobia; a score, not a diagnosis).",
        "This is your first TSK-17: the next one will show the change.",
    ]


def test_answer_rows_show_the_anchor_and_the_reversed_score():
    rows = questionnaires.answer_rows("tsk17", {str(n): 1 for n in range(1, 18)})
    assert rows[3] == {"Item": 4, "Statement": TSK17.items[4], "Answer": "1 · Strongly disagree", "Scored": 4}
    assert rows[0]["Scored"] == 1


# --- when each is due -------------------------------------------------------------

CADENCES = {"tsk17": 14, "tsk11": 14, "psfs": 28}
MAR = {d: date(2026, 3, d) for d in range(1, 32)}
FEB1 = date(2026, 2, 1)

# (last answered, today, due): one TSK at a time; a TSK of either version counts for both.
DUE_CASES = [
    ({}, MAR[1], ["tsk17", "psfs"]),  # never answered: the TSK-17 (not both TSKs) and the PSFS
    ({"tsk17": MAR[1], "tsk11": MAR[1], "psfs": MAR[1]}, MAR[14], []),
    ({"tsk17": MAR[1], "tsk11": MAR[1], "psfs": MAR[1]}, MAR[15], ["tsk17"]),  # 14 days on; same day: TSK-17
    ({"tsk17": MAR[1], "tsk11": FEB1, "psfs": FEB1}, MAR[1], ["psfs"]),  # the TSK-17 covers the old TSK-11
    ({"tsk17": MAR[1]}, MAR[10], ["psfs"]),  # a recent TSK-17 counts for the TSK-11 never taken
    ({"tsk11": MAR[1]}, MAR[10], ["psfs"]),  # and a recent TSK-11 for the TSK-17
    ({"tsk11": MAR[1], "tsk17": FEB1}, MAR[15], ["tsk11", "psfs"]),  # due again: the one answered last
    ({"tsk17": MAR[1], "tsk11": FEB1, "psfs": MAR[1]}, MAR[15], ["tsk17"]),
]


@pytest.mark.parametrize(
    ("last", "today", "expected"),
    DUE_CASES,
    ids=[
        "new file",
        "within cadence",
        "cadence passed",
        "old tsk11 covered",
        "tsk17 counts for tsk11",
        "tsk11 counts for tsk17",
        "tsk11 last",
        "tsk17 last",
    ],
)
def test_one_tsk_is_due_at_a_time_and_either_version_counts_for_both(last, today, expected):
    assert questionnaires.due(last, CADENCES, today) == expected


def test_the_tsk_due_follows_the_cadence_of_the_version_answered_last():
    cadences = {**CADENCES, "tsk11": 7}
    assert questionnaires.due({"tsk11": MAR[1], "tsk17": FEB1, "psfs": MAR[1]}, cadences, MAR[7]) == []
    assert questionnaires.due({"tsk11": MAR[1], "tsk17": FEB1, "psfs": MAR[1]}, cadences, MAR[8]) == ["tsk11"]
    assert questionnaires.due({"tsk17": MAR[1], "tsk11": FEB1, "psfs": MAR[1]}, cadences, MAR[8]) == []


def test_the_two_tsk_versions_share_a_reminder_and_the_psfs_has_its_own():
    assert TSK17.due_with == TSK11.due_with != ""
    assert PSFS.due_with == ""
    assert set(TSK11.items) <= set(TSK17.items)  # why one counts for the other: the TSK-11 is inside the TSK-17


def test_next_due_adds_the_cadence_to_the_last_answer():
    assert questionnaires.next_due(date(2026, 1, 31), 14) == date(2026, 2, 14)
    assert questionnaires.next_due(None, 14) is None


# --- the history chart ------------------------------------------------------------


def test_the_tsk17_chart_carries_the_37_line_and_spans_the_whole_range():
    import pandas as pd

    series = pd.DataFrame({"day": pd.to_datetime(["2026-01-01", "2026-01-15"]), "total": [44.0, 39.0]})
    fig = charts.questionnaire_history(series, "tsk17")
    assert list(fig.data[0].y) == [44.0, 39.0]
    assert [s["y0"] for s in fig.layout.shapes] == [37]
    assert "37" in fig.layout.annotations[0].text
    low, high = fig.layout.yaxis.range
    assert low < 17 and high > 68


def test_the_tsk11_and_psfs_charts_have_no_band_line():
    import pandas as pd

    series = pd.DataFrame({"day": pd.to_datetime(["2026-01-01"]), "total": [5.0]})
    for instrument in ("tsk11", "psfs"):
        assert not charts.questionnaire_history(series, instrument).layout.shapes
