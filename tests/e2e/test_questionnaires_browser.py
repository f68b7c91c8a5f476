"""In a real browser, a new user takes a TSK-11 and finds it on the history chart and in the table."""

from __future__ import annotations

import pytest

from tests.e2e.browser import assert_no_error, open_page, screenshot

pytestmark = pytest.mark.e2e

ANSWERS = {
    1: "Agree",
    2: "Agree",
    3: "Disagree",
    5: "Strongly disagree",
    6: "Disagree",
    7: "Disagree",
    10: "Agree",
    11: "Strongly disagree",
    13: "Strongly agree",
    15: "Disagree",
    17: "Agree",
}
VALUES = {"Strongly disagree": 1, "Disagree": 2, "Agree": 3, "Strongly agree": 4}
TOTAL = sum(VALUES[a] for a in ANSWERS.values())  # 26: no TSK-11 item is reversed


def wait_until_idle(tab) -> None:
    tab.wait_for_load_state("networkidle")
    tab.locator("[data-testid='stStatusWidget']").wait_for(state="hidden")


def test_a_tsk11_taken_in_the_browser_appears_on_the_history_chart_and_table(page, empty_server):
    open_page(page, empty_server, "Questionnaires")
    page.get_by_role("radiogroup", name="Questionnaire").get_by_text("TSK-11", exact=True).click()
    page.get_by_text("Tampa Scale for Kinesiophobia, short form (TSK-11)").wait_for()
    wait_until_idle(page)

    groups = page.locator("[data-testid='stForm'] [role='radiogroup']")
    assert groups.count() == len(ANSWERS)
    for i, (number, answer) in enumerate(ANSWERS.items()):
        group = groups.nth(i)
        assert group.get_attribute("aria-label").startswith(f"{number}.")  # TSK-17 numbering kept
        group.get_by_text(answer, exact=True).click()
    page.get_by_role("button", name="Save answers").click()
    page.get_by_text("Saved your TSK-11.").wait_for()
    wait_until_idle(page)
    assert_no_error(page)
    assert page.get_by_text(f"TSK-11 total: {TOTAL} (range 11–44", exact=False).first.is_visible()

    page.get_by_role("tab", name="History").click()
    chart = page.locator("[data-testid='stPlotlyChart']")
    chart.wait_for()
    assert chart.locator(".main-svg").count() > 0  # plotly drew the figure
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for()
    # The grid draws on a canvas; its cells are also in the DOM for screen readers.
    scores = table.locator("td[role='gridcell'][aria-colindex='2']")  # Day, Score, subscales, Version
    scores.first.wait_for(state="attached")
    assert scores.all_text_contents() == [str(TOTAL)]
    assert_no_error(page)
    screenshot(page, "questionnaires-tsk11-history")


def test_deleting_a_response_asks_in_a_dialog_and_only_yes_deletes(page, demo_server):
    """Escape and "Keep it" close the dialog and change nothing; "Yes, delete it" deletes the response opened."""
    open_page(page, demo_server, "Questionnaires")
    page.get_by_role("tab", name="History").click()
    opened = page.locator("[data-testid='stText']").filter(has_text="TSK-17 total:")  # the response opened
    opened.wait_for()
    wait_until_idle(page)
    newest = opened.inner_text()
    picker = page.get_by_role("combobox", name="Open a response")
    label = picker.input_value()  # "2026-12-01 · 32": the newest response's day and total
    dialog = page.get_by_role("dialog")
    ask = page.get_by_role("button", name="Delete this response")

    for close in (lambda: page.keyboard.press("Escape"), lambda: dialog.get_by_role("button", name="Keep it").click()):
        ask.click()
        dialog.get_by_text("Delete the TSK-17 of ", exact=False).wait_for()
        close()
        dialog.wait_for(state="hidden")
        wait_until_idle(page)
        assert opened.inner_text() == newest and picker.input_value() == label  # nothing deleted

    ask.click()
    dialog.get_by_role("button", name="Yes, delete it").click()
    dialog.wait_for(state="hidden")
    page.get_by_text("Deleted. A copy is kept in the audit trail.").first.wait_for()
    wait_until_idle(page)
    assert_no_error(page)
    assert opened.inner_text() != newest  # the next newest response is opened now
    assert picker.input_value() != label  # and the picker says so (left to itself it kept the deleted label)
    screenshot(page, "questionnaires-deleted-after-the-dialog")
