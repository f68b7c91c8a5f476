"""Progress in plain words, from small frames: a fall, a rise, flat, too few days, a changed PSFS list."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib import progress_words as pw

END = date(2026, 6, 30)
START = END - timedelta(days=90)  # "Last 3 months": 91 days
SPAN = pw.span_words("Last 3 months", START, END)


def pain_frame(early: list[float], late: list[float], start: date = START, end: date = END) -> pd.DataFrame:
    """Check-ins on the first days of the range (`early`) and on its last days (`late`)."""
    days = [start + timedelta(days=i) for i in range(len(early))]
    days += [end - timedelta(days=len(late) - 1 - i) for i in range(len(late))]
    return pd.DataFrame({"day": days, "pain": [float("nan") if p is None else float(p) for p in early + late]})


def pain_words(frame: pd.DataFrame, start: date = START, end: date = END) -> pw.Sentence:
    return pw.pain_sentence(frame, start, end, pw.span_words("Last 3 months", start, end))


def test_a_fall_of_two_points_says_fell_from_to_and_that_it_matters_and_what_it_compared():
    said = pain_words(pain_frame([4, 4, 5, 4, 3, 4, 4], [2, 2, 3, 2, 1, 2, 2]))
    assert said.enough
    assert said.text.startswith(
        "Over the last 3 months your morning pain fell from 4 to 2 (medians of 01 Apr–14 Apr "
        "and 17 Jun–30 Jun, 7 and 7 check-ins) — a change that matters."
    )


def test_a_rise_of_one_point_says_rose_and_calls_it_small():
    said = pain_words(pain_frame([2] * 6, [3] * 6))
    assert said.enough and " rose from 2 to 3 " in said.text
    assert "a small change (under the 2 points that matter)" in said.text


def test_flat_or_under_a_point_is_about_the_same_never_a_trend():
    said = pain_words(pain_frame([3, 3, 4, 3, 3], [3, 4, 3, 3.5, 3]))
    assert said.enough
    assert "stayed about the same: 3 at the start, 3 at the end" in said.text
    assert "fell" not in said.text and "rose" not in said.text


def test_half_a_point_of_difference_is_still_about_the_same():
    said = pain_words(pain_frame([3, 3, 3, 4, 4, 4], [3, 3, 3, 3, 3, 4]))  # medians 3.5 and 3
    assert "stayed about the same: 3.5 at the start, 3 at the end" in said.text


@pytest.mark.parametrize(
    "early, late",
    [([4] * 4, [1] * 10), ([4] * 10, [1] * 4), ([], [])],
    ids=["four-at-the-start", "four-at-the-end", "none"],
)
def test_fewer_than_the_minimum_of_check_ins_at_either_end_is_not_enough_data_yet(early, late):
    said = pain_words(pain_frame(early, late))
    assert not said.enough
    assert "not enough data yet" in said.text
    assert "fell" not in said.text and "rose" not in said.text


def test_a_range_shorter_than_the_minimum_of_days_never_claims_a_trend():
    end = START + timedelta(days=pw.MIN_TREND_DAYS - 2)  # one day short
    frame = pd.DataFrame(
        {
            "day": [START + timedelta(days=i) for i in range(pw.MIN_TREND_DAYS - 1)],
            "pain": [6.0] * 7 + [1.0] * (pw.MIN_TREND_DAYS - 8),
        }
    )
    said = pain_words(frame, START, end)
    assert not said.enough
    assert f"it needs {pw.MIN_TREND_DAYS} days" in said.text and "fell" not in said.text


def test_records_that_start_inside_the_range_are_compared_from_the_first_check_in():
    first = END - timedelta(days=40)
    said = pain_words(pain_frame([5] * 7, [2] * 7, start=first))
    assert said.enough and "fell from 5 to 2" in said.text and f"{first:%d %b}–" in said.text


def test_unanswered_pain_is_left_out_not_counted_as_zero():
    frame = pain_frame([4] * 5 + [None] * 5, [4] * 5)
    said = pain_words(frame)
    assert "stayed about the same: 4 at the start, 4 at the end" in said.text
    assert "5 and 5 check-ins" in said.text


def test_practice_reads_as_days_a_week_with_the_days_counted():
    assert (
        pw.practice_sentence(65, 91).text == "You practised on 5 days a week (65 of 91 days had a session or a ritual)."
    )
    assert pw.practice_sentence(1, 7).text.startswith("You practised on 1 day a week")
    assert not pw.practice_sentence(3, 6).enough


def test_next_mornings_are_a_share_of_sessions_settled_below_the_amber_rise():
    pairs = pd.DataFrame({"delta": [0, -1, 0.5, 0, 1, 0, -0.5, 0, 2, 0], "n": [1] * 10})
    said = pw.morning_sentence(pairs, amber_delta=1)
    assert said.text.startswith("Your back settled by the next morning after 8 sessions in 10")
    assert not pw.morning_sentence(pairs.head(4), amber_delta=1).enough


def answers(*rows) -> pd.DataFrame:
    """(day offset from START, instrument, total, answers, before the range?) rows."""
    return pd.DataFrame(
        [
            {"day": START + timedelta(days=d), "instrument": i, "total": float(t), "answers": a, "before": b}
            for d, i, t, a, b in rows
        ]
    )


def test_a_tsk11_fall_of_six_is_a_change_that_matters():
    said = pw.tsk_sentence(answers((-10, "tsk11", 30, {}, True), (80, "tsk11", 24, {}, False)))
    assert said.text == "Your TSK-11 fell by 6, from 30 on 22 Mar to 24 on 20 Jun — a change that matters."


def test_a_tsk11_fall_of_two_is_within_measurement_noise():
    said = pw.tsk_sentence(answers((5, "tsk11", 30, {}, False), (80, "tsk11", 28, {}, False)))
    assert "fell by 2" in said.text and "within measurement noise (a change needs 4 points)" in said.text


def test_a_single_tsk_answer_says_to_answer_again_and_no_answer_says_not_yet():
    assert not pw.tsk_sentence(answers((5, "tsk17", 40, {}, False))).enough
    assert "not answered in this range yet" in pw.tsk_sentence(answers((-5, "tsk17", 40, {}, True))).text


def test_a_changed_psfs_activity_list_compares_only_the_activities_rated_both_times():
    said = pw.psfs_sentence(
        answers(
            (0, "psfs", 3, {"Bending": 2, "Sitting": 4, "Gardening": 3}, False),
            (80, "psfs", 7, {"Bending": 6, "Sitting": 8, "Running": 7}, False),
        )
    )
    assert said.enough
    assert "Your PSFS (the 2 activities rated both times) rose by 4, from 3.0" in said.text
    assert "to 7.0" in said.text and "a change that matters" in said.text
    assert "Your activity list changed, so only those are compared." in said.text


def test_a_psfs_with_no_activity_in_common_cannot_be_compared():
    said = pw.psfs_sentence(answers((0, "psfs", 3, {"Bending": 3}, False), (80, "psfs", 7, {"Running": 7}, False)))
    assert not said.enough and "cannot be compared" in said.text


def test_the_sentences_come_pain_first_one_per_question():
    said = pw.sentences(
        pain=pain_frame([4] * 7, [2] * 7),
        start=START,
        end=END,
        span=SPAN,
        practised=60,
        practice_days=91,
        pairs=pd.DataFrame({"delta": [0] * 6}),
        amber_delta=1,
        answers=answers(),
    )
    assert [s.topic for s in said] == ["pain", "practice", "morning", "tsk", "psfs"]


@pytest.mark.parametrize(
    "choice, words",
    [
        ("Last 4 weeks", "Over the last 4 weeks"),
        ("All", "Since you started (01 Apr 2026)"),
        ("Custom", "From 01 Apr 2026 to 30 Jun 2026"),
    ],
)
def test_every_sentence_names_its_range(choice, words):
    assert pw.span_words(choice, START, END) == words
