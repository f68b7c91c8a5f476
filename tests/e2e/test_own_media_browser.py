"""In Chromium: a photo attached on the Exercises page through the file picker is drawn beside the figure,
served from Poise itself, and nothing leaves 127.0.0.1."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.browser import ARTIFACTS, assert_no_error, open_page

pytestmark = pytest.mark.e2e


def test_a_photo_chosen_in_the_browser_is_attached_and_shown_on_the_page(page, empty_server, tmp_path):
    photo = tmp_path / "plank from my physio.jpg"
    Image.new("RGB", (640, 480), (47, 111, 98)).save(photo, format="JPEG")
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_page(page, empty_server, "Exercises")
    picker = page.get_by_role("combobox").first
    picker.click()
    page.get_by_role("option", name="Side plank", exact=True).click()
    page.get_by_text("Now: On knees").wait_for()  # Side plank's page is drawn: its uploader, not the first one's
    uploader = page.get_by_test_id("stFileUploader").filter(has_text="Attach a photo or clip")
    expect(uploader).to_have_count(1)  # the first exercise's uploader is gone once the rerun ends
    uploader.locator("input[type='file']").set_input_files(str(photo))
    page.get_by_role("button", name="Attach this photo").click()
    shown = page.get_by_role("img", name="Your own photo of Side plank")
    shown.wait_for(timeout=30_000)
    page.get_by_text("Your own photo · plank from my physio.jpg, 5 kB").wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=shown.element_handle())
    width, height = shown.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert (width, height) == (420, 315)  # a thumbnail at the width asked for, never the original
    column = shown.evaluate("img => img.closest('[data-testid=\"stColumn\"]').getBoundingClientRect().right")
    assert shown.bounding_box()["x"] + shown.bounding_box()["width"] <= column + 1  # inside its column
    page.get_by_test_id("stFileUploader").filter(has_text="Replace my photo with").wait_for()
    assert_no_error(page)
    shown.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "own-photo-attached.png"))  # the viewport around it: look at it
    hosts = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts <= {"127.0.0.1", "localhost"}
