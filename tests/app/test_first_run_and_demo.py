"""A first run that teaches, and a demo mode that cannot be mistaken (it survives a new run, a banner on every page)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import db, demo_mode, store, ui
from tests.app.pages import PAGES, ROOT, read
from tests.conftest import TODAY


@pytest.fixture
def demo_file(tmp_path: Path, monkeypatch) -> Path:
    """Where the demo database (and the demo-mode marker beside it) go in this test: never the real data/."""
    path = tmp_path / "data" / "demo.duckdb"
    path.parent.mkdir()
    monkeypatch.setattr(db, "DEMO_PATH", path)
    return path


def welcome_shown(at: AppTest) -> bool:
    return any(s.value == "Welcome to Poise" for s in at.subheader)


def banner_shown(at: AppTest) -> bool:
    return any(demo_mode.BANNER in w.value for w in at.warning)


def test_an_empty_diary_opens_on_a_welcome_with_three_steps_and_two_ways_to_start(open_page, fresh_path, demo_file):
    at = open_page("today", fresh_path)
    assert not at.exception
    assert welcome_shown(at)
    steps = [m.value for m in at.markdown if m.value.startswith("1. ")]
    assert len(steps) == 1 and "2. " in steps[0] and "3. " in steps[0]
    labels = [b.label for b in at.button]
    assert "Start with my own diary" in labels and "Try it on a demo history" in labels


def test_after_a_first_check_in_the_welcome_is_gone(open_page, fresh_path, demo_file):
    con = store.open_database(fresh_path)
    store.save_checkin(con, day=TODAY, pain_now=3)
    con.close()
    at = open_page("today", fresh_path)
    assert not at.exception and not welcome_shown(at)


def test_start_with_my_own_diary_opens_the_check_in(open_page, fresh_path, demo_file):
    at = open_page("today", fresh_path)
    at.button(key="welcome_own").click().run()
    assert not at.exception
    assert any(t.value == "Check-in & log" for t in at.title)


def test_the_demo_is_a_mode_with_a_banner_on_every_page_that_survives_a_new_run(
    open_page, fresh_path, demo_file, monkeypatch
):
    at = open_page("today", fresh_path)
    at.button(key="welcome_demo").click().run()
    assert not at.exception
    assert demo_file.exists() and demo_mode.is_on()
    assert banner_shown(at) and not welcome_shown(at)
    # A new run (a reload, or Poise restarted) still shows the demo, on every page, with its banner.
    for page, script in PAGES.items():
        fresh = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        fresh.run()
        if script:
            fresh.switch_page(script)
            fresh.run()
        assert not fresh.exception, page
        assert banner_shown(fresh), page
        assert any(b.label == demo_mode.BACK for b in fresh.button), page
    # Back to my diary: the banner goes, the welcome of the empty diary is back, and the demo wrote nothing there.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.button(key="demo_back").click().run()
    assert not at.exception and not demo_mode.is_on()
    assert not banner_shown(at) and welcome_shown(at)
    con = store.open_database(fresh_path)
    assert store.first_record_day(con) is None
    con.close()


def test_a_save_drawn_on_one_file_never_lands_in_the_other(open_page, fresh_path, demo_file):
    at = open_page("log", fresh_path)
    demo_mode.turn_on(TODAY)  # another tab turns the demo on while this page is open on the own diary
    at.run()
    assert not at.exception
    assert banner_shown(at)
    assert any("another tab" in t.proto.body for t in at.toast)


def test_with_a_diary_the_demo_is_in_the_menu_of_every_page_and_never_beside_delete_everything(
    open_page, fresh_path, demo_file
):
    con = store.open_database(fresh_path)
    store.save_checkin(con, day=TODAY, pain_now=3)
    con.close()
    for page in PAGES:
        at = open_page(page, fresh_path)
        assert not at.exception, page
        assert [b.label for b in at.sidebar.button] == [ui.DEMO_LABEL], page
    at = open_page("settings", fresh_path)
    [delete] = [t for t in at.tabs if t.label == "Delete"]
    assert [b.key for b in delete.button] == ["delete_button"]  # the only button on the destructive tab
    at.sidebar.button(key="demo_on").click().run()
    assert not at.exception and demo_mode.is_on() and banner_shown(at)
    assert not at.sidebar.button  # in the demo the way out is the banner's, not a second demo button
    at.button(key="demo_back").click().run()
    assert not demo_mode.is_on()
    assert read(fresh_path, store.first_record_day) == TODAY  # the diary is as it was
