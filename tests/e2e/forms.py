"""Drive Poise's entry widgets in a real browser the way a person does: pick a pill, tick a row, type a pain."""

from __future__ import annotations

import re

PAIN_NOW = "Pain now"
SLEEP = "Sleep last night (hours, in halves)"
NOTES = "Notes (only for you and, if you choose, your physiotherapist)"
MINUTES = "Minutes, the whole session (1–240 min)"
EFFORT = "Effort, the whole session (CR-10)"
PAIN_DURING = "Pain during (0–10)"


def form(tab, submit: str):
    """The form whose submit button reads `submit` ("Save check-in", "Save session"): forms move, buttons stay."""
    return tab.locator("[data-testid='stForm']").filter(has=tab.get_by_role("button", name=submit, exact=True))


def pill(scope, label: str, value: int):
    """The button `value` of the 0–10 pills labelled `label` (a radio in the accessibility tree).

    0 and 10 carry the words of their ends ("0 none", "10 worst"): the button is the one its number starts.
    """
    return scope.get_by_role("radiogroup", name=label, exact=True).get_by_role(
        "radio", name=re.compile(rf"^{value}( |$)")
    )


def pick(scope, label: str, value: int) -> None:
    """Pick `value` on the 0–10 pills labelled `label` (clicking a picked pill would unpick it: never twice)."""
    button = pill(scope, label, value)
    assert button.get_attribute("aria-checked") == "false", f"{label}: {value} was already picked"
    button.click()


def type_number(scope, label: str, value: str) -> None:
    """Type `value` into the number field labelled `label` and leave it, as a person tabbing on does."""
    field = scope.get_by_role("spinbutton", name=label, exact=True)
    field.fill(value)
    field.press("Tab")


def choose(tab, scope, label: str, option: str) -> None:
    """Open the select box labelled `label` and pick the option whose text starts with `option`."""
    scope.get_by_role("combobox", name=label, exact=True).click()
    tab.get_by_role("option", name=re.compile(rf"^{re.escape(option)}")).click()


def session_row(form, exercise: str):
    """The row of the session table for `exercise`: its done tick, its variables and its pain during."""
    return form.locator("[data-testid='stHorizontalBlock']").filter(
        has=form.page.get_by_role("checkbox", name=exercise, exact=True)
    )


def tick(form, exercise: str, pain: str | None = None) -> None:
    """Tick `exercise` as done by clicking its name, and type its pain during (as typed, e.g. "11")."""
    row = session_row(form, exercise)
    row.get_by_text(exercise, exact=True).click()
    assert row.get_by_role("checkbox", name=exercise, exact=True).is_checked()
    if pain is not None:
        type_number(row, PAIN_DURING, pain)
