"""The Today page: a suggestion with its light on every card, Accept that sticks, and the day's banners."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from lib import store

TODAY = date.today()  # the page asks lib.ui.today(), which is today's date
BREATHING = "Diaphragmatic breathing"  # the opener of every non-flare day
LIGHT = re.compile(r"\b(green|amber|red)\b|no sessions", re.IGNORECASE)
ACTION = re.compile(r"step up|\bhold\b|step back|deload", re.IGNORECASE)


def cards(at: AppTest) -> list[Block]:
    """The exercise cards: bordered containers holding a "How to do it" expander."""
    return [
        node
        for node in at.main.children.values()
        if isinstance(node, Block) and any(e.label == "How to do it" for e in node.expander)
    ]


def card_text(card: Block) -> str:
    return " ".join([m.value for m in card.markdown] + [t.value for t in card.text] + [c.value for c in card.caption])


def card_for(at: AppTest, name: str) -> Block:
    found = [c for c in cards(at) if name in card_text(c).replace("\\", "")]
    assert found, f"no card for {name}: {[card_text(c)[:60] for c in cards(at)]}"
    return found[0]


def banners(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.warning, *at.info])


def build(path: Path, *, checkin_today: bool = True, **today: object) -> None:
    """A fresh file with a calm fortnight of check-ins (today's optional, with `today` overrides)."""
    con = store.open_database(path)
    try:
        for n in range(1, 14):
            _check_in(con, TODAY - timedelta(days=n))
        if checkin_today:
            _check_in(con, TODAY, **today)
    finally:
        con.close()


def _check_in(con, day: date, **context: object) -> None:
    values = {
        "pain_now": 2,
        "stiffness": 2,
        "sleep_hours": 7.5,
        "sleep_quality": 7,
        "stress": 3,
        "sitting_hours": 4.0,
        **context,
    }
    store.save_checkin(con, day=day, **values)


def with_con(path: Path, action):
    con = store.open_database(path)
    try:
        return action(con)
    finally:
        con.close()


@pytest.fixture
def two_green_breathing_days(fresh_path):
    """A fresh file: calm mornings and two green breathing sessions (2 min) on the two days before today."""
    build(fresh_path)

    def log(con):
        for n in (2, 1):
            store.save_session(
                con,
                day=TODAY - timedelta(days=n),
                focus="strength",
                duration_min=10,
                rpe=3,
                exercises=[{"exercise": BREATHING, "duration_min": 2, "pain_during": 1}],
            )

    with_con(fresh_path, log)
    return fresh_path


def test_today_on_the_demo_database_shows_a_light_and_an_action_on_every_card(open_page, demo_path):
    at = open_page("today", demo_path)
    assert not at.exception
    found = cards(at)
    assert len(found) >= 3  # an opener, at least one focus exercise, a transition drill
    for card in found:
        text = card_text(card)
        assert LIGHT.search(text), text
        assert ACTION.search(text), text
    assert "minutes" in at.subheader[0].value  # the day's focus with its estimate


def test_today_on_the_demo_database_does_not_ask_for_a_check_in_already_made(open_page, demo_path):
    at = open_page("today", demo_path)
    assert not any("checked in" in e.value for e in at.info)


def test_accept_changes_the_prescription_in_the_database(open_page, two_green_breathing_days):
    at = open_page("today", two_green_breathing_days)
    card = card_for(at, BREATHING)
    assert "step up" in card_text(card).lower() or "2 min → 3 min" in card_text(card).replace("\\", "")
    accept = [b for b in card.button if b.label == "Accept"]
    assert accept, card_text(card)
    accept[0].click().run()
    assert not at.exception
    assert not at.error
    assert (
        with_con(two_green_breathing_days, lambda con: store.current_prescription(con, BREATHING, TODAY))[
            "duration_min"
        ]
        == 3
    )
    assert with_con(two_green_breathing_days, lambda con: store.decisions_on(con, TODAY)) == {
        BREATHING: store.Decision("accepted", {"duration_min": 3, "variant": "Supine"})
    }
    # The page shows the new prescription at once, and no second Accept for the same exercise today.
    card = card_for(at, BREATHING)
    assert "3 min" in card_text(card)
    assert not [b for b in card.button if b.label == "Accept"]


def test_keep_as_is_leaves_the_prescription_and_records_the_decision(open_page, two_green_breathing_days):
    at = open_page("today", two_green_breathing_days)
    keep = [b for b in card_for(at, BREATHING).button if b.label == "Keep as is"]
    assert keep
    keep[0].click().run()
    assert not at.exception
    assert (
        with_con(two_green_breathing_days, lambda con: store.current_prescription(con, BREATHING, TODAY))[
            "duration_min"
        ]
        == 2
    )
    assert with_con(two_green_breathing_days, lambda con: store.decisions_on(con, TODAY)) == {
        BREATHING: store.Decision("declined", {"duration_min": 3, "variant": "Supine"})
    }


def test_a_deload_week_shows_its_banner_with_the_week(open_page, fresh_path):
    build(fresh_path)
    with_con(fresh_path, lambda con: store.set_setting(con, "programme_start", TODAY - timedelta(days=21)))
    at = open_page("today", fresh_path)
    assert not at.exception
    assert "deload" in banners(at).lower()
    assert "week 4" in banners(at).lower()


def test_an_ordinary_week_has_no_deload_banner(open_page, fresh_path):
    build(fresh_path)
    with_con(fresh_path, lambda con: store.set_setting(con, "programme_start", TODAY - timedelta(days=20)))
    at = open_page("today", fresh_path)
    assert "deload" not in banners(at).lower()
    assert "flare" not in banners(at).lower()


def test_a_flare_up_shows_its_banner_and_turns_the_day_to_decompression(open_page, fresh_path):
    build(fresh_path, flare_up=True)
    at = open_page("today", fresh_path)
    assert not at.exception
    assert "flare" in banners(at).lower()
    assert "decompression" in at.subheader[0].value.lower()
    assert "90/90" in card_text(cards(at)[0])  # the supported position opens the day


def test_a_flare_up_two_days_ago_still_shows_the_banner(open_page, fresh_path):
    build(fresh_path)
    with_con(fresh_path, lambda con: _check_in(con, TODAY - timedelta(days=2), flare_up=True))
    at = open_page("today", fresh_path)
    assert "flare" in banners(at).lower()


def test_a_short_night_names_the_hold_in_the_banner(open_page, fresh_path):
    build(fresh_path, sleep_hours=5.0)
    at = open_page("today", fresh_path)
    assert "sleep" in banners(at).lower()


def test_without_todays_check_in_the_check_in_prompt_comes_first(open_page, fresh_path):
    build(fresh_path, checkin_today=False)
    at = open_page("today", fresh_path)
    assert not at.exception
    body = list(at.main.children.values())
    prompt = next(
        i
        for i, node in enumerate(body)
        if getattr(node, "type", "") in ("info", "warning") and "check" in node.value.lower()
    )
    focus = next(i for i, node in enumerate(body) if getattr(node, "type", "") == "subheader")
    assert prompt == 2  # right after the title and its one-line intro
    assert prompt < focus < body.index(cards(at)[0])
    assert any("check" in link.label.lower() for link in at.page_link)


def test_without_todays_check_in_the_same_hold_on_every_card_is_said_once_at_the_top(open_page, fresh_path):
    build(fresh_path, checkin_today=False)
    at = open_page("today", fresh_path)
    assert not at.exception
    assert "progressions hold" not in banners(at).lower()
    assert "because of no check-in" not in " ".join(card_text(c) for c in cards(at))
    said = [i.value.replace("\\", "") for i in at.info if "Holding today" in i.value.replace("\\", "")]
    assert len(said) == 1 and said[0].startswith("Holding today: you have not checked in yet.")
    assert not any("Holding today" in card_text(c).replace("\\", "") for c in cards(at))
    assert "= Hold" in card_text(card_for(at, BREATHING))


def test_the_lights_have_a_legend_under_the_cards(open_page, fresh_path):
    build(fresh_path)
    at = open_page("today", fresh_path)
    legend = [c.value for c in at.caption if c.value.startswith("Lights:")]
    assert len(legend) == 1 and all(mark in legend[0] for mark in "●▲■○")


def test_a_drill_shorter_than_a_minute_says_under_a_minute_not_about_0_min(open_page, fresh_path):
    build(fresh_path)  # start values: Sit-to-stand 0.7 min, Floor-to-stand 0.5 min, whichever the day brings
    at = open_page("today", fresh_path)
    transition = [c for c in cards(at) if "Transition drill" in card_text(c)]
    assert len(transition) == 1
    assert "under a minute" in card_text(transition[0])
    assert not any(re.search(r"about 0 min", card_text(c)) for c in cards(at))
    assert re.search(r"about \d+ minutes", at.subheader[0].value)


def test_a_suggestion_that_changes_after_the_days_decision_offers_accept_and_keep_again(
    open_page, two_green_breathing_days
):
    at = open_page("today", two_green_breathing_days)
    [accept] = [b for b in card_for(at, BREATHING).button if b.label == "Accept"]
    accept.click().run()
    assert "Accepted today." in card_text(card_for(at, BREATHING))
    # Later the same day: a red breathing session (pain 7) is logged, so the suggestion is now a step back.
    with_con(
        two_green_breathing_days,
        lambda con: store.save_session(
            con,
            day=TODAY,
            focus="control",
            duration_min=5,
            rpe=3,
            exercises=[{"exercise": BREATHING, "duration_min": 3, "pain_during": 7}],
        ),
    )
    at.run()
    card = card_for(at, BREATHING)
    assert "3 min → 2 min" in card_text(card).replace("\\", "")
    assert "Accepted today." not in card_text(card)
    assert [b.label for b in card.button] == ["Accept", "Keep as is"]


def test_a_logged_session_marks_each_card_done_with_its_pain_and_says_so_at_the_top(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.save_checkin(con, day=TODAY, pain_now=2, today=TODAY)
    store.save_session(
        con,
        day=TODAY,
        focus="control",
        duration_min=10,
        rpe=3,
        today=TODAY,
        exercises=[
            {"exercise": BREATHING, "duration_min": 3, "pain_during": 2},
            {"exercise": "Bird dog", "reps": 6, "completed": False},
        ],
    )
    con.close()
    at = open_page("today", fresh_path)
    assert "Today's session is logged." in [s.value for s in at.success]
    assert "Done today · pain 2" in card_text(card_for(at, BREATHING))
    assert "Logged today, not done" in card_text(card_for(at, "Bird dog"))


def test_before_anything_is_logged_no_card_claims_to_be_done(open_page, fresh_path):
    at = open_page("today", fresh_path)
    assert not at.success
    assert not any("Done today" in card_text(c) for c in cards(at))


def test_the_transition_drill_reads_its_support_by_its_meaning_not_a_number(open_page, fresh_path):
    build(fresh_path)
    at = open_page("today", fresh_path)
    words = {
        "Sit-to-stand": "High seat · 5 reps · lower in 2 s · support: push from the armrests (1 of 3)",
        "Floor-to-stand": "With a chair · 2 reps · support: both hands (1 of 3)",
    }
    [(name, card)] = [(n, c) for c in cards(at) for n in words if n in card_text(c).replace("\\", "")]
    assert words[name] in [t.value for t in card.text]
    assert "support level" not in card_text(card) and "support 1 of 3" not in card_text(card)
