"""Pages read through a cache (lib.ui.CachedReads); every write must empty it, so nothing shown is ever stale."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from lib import charts, store, ui

TODAY = date.today()
CHECKIN = {"pain_now": 2, "stiffness": 2, "sleep_hours": 7.5, "sleep_quality": 7, "stress": 3, "sitting_hours": 4.0}


def test_cached_reads_answer_as_the_store_does_and_see_every_write(tmp_path):
    path = tmp_path / "poise.duckdb"
    con = store.open_database(path)
    try:
        reads = ui.CachedReads(con, path)
        assert reads.get_checkin(TODAY) is None
        assert reads.get_checkin(TODAY) is None  # answered from the cache this time
        store.save_checkin(con, day=TODAY, **CHECKIN)
        assert reads.get_checkin(TODAY)["pain_now"] == 2
        store.save_checkin(con, day=TODAY, **{**CHECKIN, "pain_now": 6})
        assert reads.get_checkin(TODAY)["pain_now"] == 6
        assert reads.list_checkins(TODAY, TODAY)["pain_now"].tolist() == [6]
    finally:
        con.close()


def test_a_cached_figure_is_reused_until_a_write_and_then_drawn_from_the_new_data(tmp_path):
    path = tmp_path / "poise.duckdb"
    con = store.open_database(path)
    start = TODAY - timedelta(days=6)
    try:
        reads = ui.CachedReads(con, path)
        for back, pain in ((1, 2), (0, 3)):
            store.save_checkin(con, day=TODAY - timedelta(days=back), **{**CHECKIN, "pain_now": pain})
        first = reads.figure(
            charts.pain_and_load,
            ("daily_pain_and_load", start, TODAY),
            ("progression_events", start, TODAY),
            ("deload_weeks", start, TODAY),
        )
        again = reads.figure(
            charts.pain_and_load,
            ("daily_pain_and_load", start, TODAY),
            ("progression_events", start, TODAY),
            ("deload_weeks", start, TODAY),
        )
        assert again is first  # nothing changed: the same figure, not rebuilt
        store.save_checkin(con, day=TODAY, **{**CHECKIN, "pain_now": 7})
        after = reads.figure(
            charts.pain_and_load,
            ("daily_pain_and_load", start, TODAY),
            ("progression_events", start, TODAY),
            ("deload_weeks", start, TODAY),
        )
        assert after is not first
        morning = next(t for t in after.data if t.name.startswith("Morning pain"))
        assert list(morning.y)[-2:] == [2, 7]
    finally:
        con.close()


def test_cached_reads_refuse_to_run_a_write(tmp_path):
    path = tmp_path / "poise.duckdb"
    con = store.open_database(path)
    try:
        reads = ui.CachedReads(con, path)
        for write in ("save_checkin", "delete_session", "set_setting", "tick_ritual"):
            with pytest.raises(AttributeError, match="not a read"):
                getattr(reads, write)
        assert store.get_checkin(con, TODAY) is None
    finally:
        con.close()


@pytest.mark.parametrize("write", ["keep_old", "advance_sequence", "copy_tables", "copy_database", "seed_library"])
def test_a_store_write_whose_name_looks_like_a_read_is_not_cacheable(tmp_path, write):
    path = tmp_path / "poise.duckdb"
    con = store.open_database(path)
    try:
        reads = ui.CachedReads(con, path)
        assert callable(getattr(store, write))
        with pytest.raises(AttributeError, match="not a read"):
            getattr(reads, write)
        with pytest.raises(AttributeError, match="not a read"):
            reads.figure(charts.acute_chronic, (write, TODAY))
    finally:
        con.close()


def test_every_cacheable_read_is_a_store_function_that_says_it_reads_only():
    for name in ui.CACHEABLE_READS:
        doc = getattr(store, name).__doc__ or ""
        assert "Writes" not in doc, name


def test_a_check_in_saved_by_a_script_shows_on_the_next_rerun_of_today(open_page, tmp_path):
    path = tmp_path / "poise.duckdb"
    at = open_page("today", path)
    assert any("not checked in today" in e.value for e in at.info)
    con = store.open_database(path)  # the same process, as a script or another browser tab would write
    try:
        store.save_checkin(con, day=TODAY, **CHECKIN)
    finally:
        con.close()
    at.run()
    assert not at.exception
    assert not any("not checked in today" in e.value for e in at.info)
