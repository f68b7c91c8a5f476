"""Pages keep working when the storage around the file is in trouble (issue 17, defect 12)."""

from __future__ import annotations

import pytest

from tests.app.pages import PAGES


@pytest.mark.parametrize("page", list(PAGES))
def test_a_file_named_backups_where_the_folder_should_be_leaves_every_page_working(open_page, fresh_path, page):
    (fresh_path.parent / "backups").write_text("not a folder")
    at = open_page(page, fresh_path)
    assert not at.exception
    assert any(
        "automatic backup could not be made" in w.value and "a file has that name" in w.value for w in at.warning
    )


def test_a_database_folder_that_cannot_be_made_is_a_message_not_a_crash(open_page, tmp_path):
    (tmp_path / "data").write_text("not a folder")
    at = open_page("today", tmp_path / "data" / "poise.duckdb")
    assert not at.exception
    assert any("a file has that name" in e.value for e in at.error)
