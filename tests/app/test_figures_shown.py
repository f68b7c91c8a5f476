"""The drawn figures on the pages: each Today card animates its exercise, the Exercises page shows start → end."""

from __future__ import annotations

import base64

from lib import figures


def _svgs(at) -> list[str]:
    out = []
    for element in at.get("image"):
        for url in element.value:
            assert url.startswith("data:image/svg+xml;base64,")  # inline: nothing fetched
            out.append(base64.b64decode(url.split(",", 1)[1]).decode())
    return out


def test_each_card_on_today_shows_its_exercise_animated(open_page, fresh_path):
    at = open_page("today", fresh_path)
    assert not at.exception
    svgs = _svgs(at)
    cards = [m.value for m in at.markdown if m.value.startswith("**")]
    assert cards and len(svgs) == len(cards)
    assert all("<animate " in svg and "<script" not in svg for svg in svgs)


def test_the_exercises_page_shows_the_start_and_end_frames_of_the_current_variant(open_page, fresh_path):
    at = open_page("exercises", fresh_path)
    at.selectbox(key="exercises_pick").set_value("Side plank")
    at = at.run()
    assert not at.exception
    (svg,) = _svgs(at)
    assert svg == figures.exercise_strip("Side plank", "On knees")
    assert "<animate " not in svg


def test_a_custom_exercise_has_no_figure_and_the_page_still_draws(open_page, fresh_path):
    from lib import store
    from lib.models import ExerciseDef, VariableRule

    con = store.open_database(fresh_path)
    try:
        store.add_exercise(
            con,
            ExerciseDef(
                "Towel squeeze",
                "control",
                ("Squeeze a towel between the knees.",),
                (VariableRule("reps", 5, 1, 3, 10),),
            ),
        )
    finally:
        con.close()
    at = open_page("exercises", fresh_path)
    at.selectbox(key="exercises_pick").set_value("Towel squeeze")
    at = at.run()
    assert not at.exception and _svgs(at) == []
