"""One day type from the store to the charts: the frames the charts, the summary and the plain words read
carry their days as datetime.date (lib.db.read_df `days`), and lib.charts.plotly_days converts them once.
"""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest

from lib import demo, load, store
from lib.store import progress, words

TODAY = date(2026, 12, 3)


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """Fourteen months of demo history (long enough for the weekly frames too) and a note for the summary."""
    path = demo.write_demo(tmp_path_factory.mktemp("days") / "demo.duckdb", TODAY, days=430)
    con = store.open_database(path)
    try:
        store.save_checkin(con, day=TODAY - timedelta(days=3), pain_now=3, notes="stiff after the drive", today=TODAY)
    finally:
        con.close()
    return path


def _frames(con, start: date, end: date) -> dict[str, pd.DataFrame]:
    """Every frame that lib.store hands to a chart, the summary or the plain words, for [start, end]."""
    frames = {}
    for name in progress.__all__:  # a new read of the Progress store is checked without listing it here
        read = getattr(store, name)
        if list(inspect.signature(read).parameters)[:3] == ["con", "start", "end"]:
            frame = read(con, start, end)
            if isinstance(frame, pd.DataFrame):
                frames[name] = frame
    exercise = store.exercises_by_history(con)[0]
    frames["prescription_timeline"] = store.prescription_timeline(con, exercise, start, end)
    frames["progression_events of one exercise"] = store.progression_events(con, start, end, exercise)
    frames["questionnaire_series"] = store.questionnaire_series(con, "tsk11")
    frames["period_notes"] = store.period_notes(con, start, end)
    for key, value in words.progress_word_inputs(con, start, end).items():
        if isinstance(value, pd.DataFrame):
            frames[f"progress_word_inputs {key}"] = value
    return frames


def _day_columns(frame: pd.DataFrame) -> list[str]:
    return [
        c
        for c in frame.columns
        if pd.api.types.is_datetime64_any_dtype(frame[c]) or frame[c].map(lambda v: isinstance(v, date)).any()
    ]


@pytest.mark.parametrize("days", [90, 430], ids=["daily", "weekly"])
def test_every_day_column_the_charts_read_holds_datetime_date(history, days):
    start, end = TODAY - timedelta(days=days - 1), TODAY
    assert load.is_weekly(start, end) == (days > 366)
    con = store.open_database(history)
    try:
        frames = _frames(con, start, end)
    finally:
        con.close()
    assert "week" in frames["daily_pain_and_load"] if days > 366 else "day" in frames["daily_pain_and_load"]
    seen = set()
    for name, frame in frames.items():
        assert not frame.empty, f"{name}: the demo history should fill it"
        for column in _day_columns(frame):
            seen.add(column)
            kinds = {type(v) for v in frame[column].dropna()}
            assert frame[column].dtype == object and kinds == {date}, f"{name}.{column}: {frame[column].dtype}, {kinds}"
    assert {"day", "week_start", "week_end"} <= seen
