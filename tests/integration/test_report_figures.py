"""The physiotherapist's summary shows each active exercise's start → end frames inline, still, at its variant."""

from __future__ import annotations

import re
from datetime import timedelta

from lib import report, store
from tests.conftest import TODAY


def _section(page: str) -> str:
    return page.split("<h2>How each exercise is done</h2>", 1)[1].split("</section>", 1)[0]


def test_the_summary_shows_still_frames_of_every_active_exercise_at_its_current_variant(fresh_db):
    store.set_prescription(fresh_db, "Side plank", TODAY, {"hold_s": 20, "sets": 2}, variant="On feet")
    page = report.physio_summary(fresh_db, TODAY - timedelta(days=27), TODAY, TODAY)
    part = _section(page)
    captions = re.findall(r"<figcaption>(.*?)</figcaption>", part)
    active = list(store.load_library(fresh_db, active_only=True))
    assert len(captions) == len(active) == part.count("<svg ")
    assert "Side plank — On feet (seen from the front)" in captions
    assert "Open book (seen from above)" in captions
    assert "<animate" not in part and "<script" not in part  # still frames: they print as drawn
    assert "http" not in part  # inline SVG needs no namespace address


def test_a_retired_exercise_has_no_frames_in_the_summary(fresh_db):
    store.set_exercise_active(fresh_db, "Walking", False)
    part = _section(report.physio_summary(fresh_db, TODAY - timedelta(days=27), TODAY, TODAY))
    assert "Walking" not in part
