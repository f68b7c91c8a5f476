"""In Chromium: Check my form on the Exercises page, a generated clip uploaded, and nothing leaves 127.0.0.1."""

from __future__ import annotations

import subprocess
from urllib.parse import urlparse

import pytest

from lib import pose_sidecar
from tests.e2e.browser import ROOT, open_page, screenshot

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(pose_sidecar.sidecar_python() is None,
                                 reason="the pose sidecar is not built: run `make motion`")]


def test_a_clip_uploaded_for_sit_to_stand_is_processed_with_a_progress_bar_and_answered(page, empty_server,
                                                                                          tmp_path):
    clip = tmp_path / "astronaut.mp4"
    subprocess.run([str(pose_sidecar.sidecar_python()), str(ROOT / "tools" / "astronaut_clip.py"), str(clip),
                    "--seconds", "6", "--fps", "15"], check=True, capture_output=True, timeout=300)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, empty_server, "Exercises")
    picker = page.get_by_role("combobox").first
    picker.click()
    page.get_by_role("option", name="Sit-to-stand", exact=True).click()
    page.get_by_text("Check my form", exact=True).first.wait_for()
    clip_uploader = page.get_by_test_id("stFileUploader").filter(has_text="A clip of one set")  # not "your own photo"
    clip_uploader.locator("input[type='file']").set_input_files(str(clip))
    page.get_by_role("button", name="Check my form").click()
    page.locator("[data-testid='stProgress']").wait_for(timeout=60_000)
    # the astronaut is found, but from the waist up: the page says what to film, and nothing breaks
    # In the page's message (a toast says it too, so a refusal is never out of sight).
    answer = page.get_by_test_id("stAlertContentError").get_by_text("The hip, knee and ankle are in view in only")
    answer.wait_for(timeout=120_000)
    screenshot(page, "form-check")
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stProgress']").count() == 0   # gone once the clip is read
    hosts = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= {"127.0.0.1", "localhost"}
