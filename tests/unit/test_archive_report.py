"""The summary's questionnaire rows and its rendering, from hand-made values."""

from __future__ import annotations

from datetime import date

import pandas as pd

from lib import report


def totals(rows):
    return pd.DataFrame(rows, columns=["day", "instrument", "total", "previous"])


def test_a_fall_past_the_minimal_important_change_reads_as_improved():
    [row] = report.score_rows(
        totals([(date(2026, 10, 1), "tsk11", 28.0, 31.0), (date(2026, 10, 15), "tsk11", 25.0, 28.0)])
    )
    assert (row["baseline"], row["change"], row["meaning"]) == (
        "31 (before the period)",
        "-6",
        "improved by at least the minimal important change",
    )


def test_a_rise_in_fear_of_movement_reads_as_worse_and_the_tsk17_band_is_named():
    rows = report.score_rows(
        totals([(date(2026, 10, 1), "tsk11", 30.0, 25.0), (date(2026, 10, 1), "tsk17", 40.0, None)])
    )
    assert [r["meaning"] for r in rows] == ["worse by at least the minimal important change", "first answer"]
    assert rows[1]["latest"] == "40 (high) on 01 Oct 2026"


def test_an_empty_summary_renders_with_what_each_part_needs():
    summary = report.Summary(
        start=date(2026, 10, 1),
        end=date(2026, 10, 28),
        today=date(2026, 10, 28),
        numbers=dict.fromkeys(
            [
                "median_pain",
                "first_pain",
                "last_pain",
                "median_sleep",
                "median_rpe",
                "completed_share",
                "median_pain_during",
                "max_pain_during",
            ]
        )
        | {
            "checkins": 0,
            "flare_days": 0,
            "sessions": 0,
            "practice_days": 0,
            "minutes": 0,
            "load": 0,
            "exercises_done": 0,
        },
        pain_and_load=None,
        next_morning=None,
        next_morning_text="Nothing yet.",
        scores=[],
        prescriptions=[],
        events=pd.DataFrame(),
        notes=pd.DataFrame(columns=["day", "source", "notes"]),
    )
    page = report.render(summary)
    assert report.charts.needs(report.charts.pain_and_load) in page
    assert "<td>Morning pain (0–10), median</td><td>– (first 14 days –, last 14 days –)</td>" in page
    assert "01 Oct 2026 – 28 Oct 2026 (28 days)" in page
