"""The Progress page, driven through Streamlit's AppTest on an empty and on the demo database."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from lib import charts, load, store
from tests.conftest import TODAY

RANGE_KEY = "progress_range"
CHOICES = [c for c in load.RANGES if c != "Custom"]


def plotly_charts(at) -> list[dict]:
    """The figures the page sent, as plotly JSON."""
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def titles(at) -> list[str]:
    return [f["layout"]["title"]["text"].replace("<br>", " ") for f in plotly_charts(at)]  # wrapped for phones


def test_on_an_empty_database_every_chart_says_what_it_needs(open_page, fresh_path):
    at = open_page("progress", fresh_path)
    assert not at.exception and not at.error
    assert plotly_charts(at) == []
    assert [i.value for i in at.info] == list(charts.NEEDS.values())
    assert [m.value for m in at.metric] == ["–", "0", "0", "–"]


@pytest.mark.parametrize("choice", CHOICES)
def test_on_an_empty_database_every_range_draws_without_an_error(open_page, fresh_path, choice):
    at = open_page("progress", fresh_path)
    at.radio(key=RANGE_KEY).set_value(choice).run()
    assert not at.exception and not at.error
    assert len(at.info) == len(charts.NEEDS)


@pytest.mark.parametrize("choice", CHOICES)
def test_on_the_demo_every_range_draws_all_seven_charts(open_page, demo_path, choice):
    at = open_page("progress", demo_path)
    at.radio(key=RANGE_KEY).set_value(choice).run()
    assert not at.exception and not at.error
    assert not at.info
    assert len(plotly_charts(at)) == 7
    found = titles(at)
    for start in (
        "Morning pain and training load",
        "How your back answered the next morning",
        "Recent load against usual load: a guide, not a verdict",
        "Practice days: current streak",
        "Questionnaires: fear of movement",
        "Sleep, stress and sitting against morning pain",
    ):
        assert any(t.startswith(start) for t in found), start


@pytest.mark.parametrize("choice", CHOICES)
def test_the_headline_numbers_follow_each_range_against_the_same_length_before_it(open_page, demo_path, choice):
    con = store.open_database(demo_path)
    try:
        start, end = store.progress_range(con, choice, TODAY)
        head, tsk = store.range_headline(con, start, end), store.headline_numbers(con, TODAY)["tsk"]
    finally:
        con.close()
    at = open_page("progress", demo_path)
    at.radio(key=RANGE_KEY).set_value(choice).run()
    pain, sessions, effort, questionnaire = at.metric
    assert pain.value == f"{head['median_pain']['this']:g} / 10"
    assert sessions.value == str(head["sessions"]["this"])
    assert effort.label == "Effort × minutes" and effort.value == f"{head['load']['this']:,g}"
    assert questionnaire.value == f"{tsk['total']:g}" and questionnaire.label.startswith(tsk["instrument"])
    days = (end - start).days + 1
    if head["sessions"]["change"] is None:  # nothing recorded before the range: no change to show
        assert not sessions.proto.delta
    else:
        assert sessions.proto.delta == f"{head['sessions']['change']:+,d} vs the {days} days before"


def test_progress_answers_am_i_getting_better_in_words_first(open_page, demo_path):
    at = open_page("progress", demo_path)
    at.radio(key=RANGE_KEY).set_value("Last 3 months").run()
    assert at.subheader[0].value == "Am I getting better?"
    words = [m.value.replace("\\", "") for m in at.markdown]
    assert any(w.startswith("Over the last 3 months your morning pain fell from") for w in words), words
    assert any(w.startswith("You practised on") for w in words)
    assert any(w.startswith("Your back settled by the next morning after") for w in words)


def test_on_an_empty_database_the_words_say_not_enough_data_yet(open_page, fresh_path):
    at = open_page("progress", fresh_path)
    quiet = [c.value.replace("\\", "") for c in at.caption]
    assert sum("not enough data yet" in c for c in quiet) == 3
    assert not any("fell" in m.value or "rose" in m.value for m in at.markdown)


def test_under_the_next_morning_chart_a_plain_sentence_says_what_it_shows(open_page, demo_path):
    at = open_page("progress", demo_path)
    sentences = [m.value for m in at.markdown if m.value.startswith("On days after heavier sessions")]
    assert len(sentences) == 1
    assert "link between load and next-morning pain" in sentences[0] and "correlation" not in sentences[0]


def test_the_acute_chronic_ratio_is_labelled_a_guide_not_a_verdict(open_page, demo_path):
    at = open_page("progress", demo_path)
    assert any(c.value.startswith("A guide, not a verdict") for c in at.caption)


def test_a_range_over_a_year_says_it_is_drawn_weekly(open_page, demo_path):
    at = open_page("progress", demo_path)
    at.radio(key=RANGE_KEY).set_value("Custom").run()
    at.date_input(key="progress_custom_range").set_value((TODAY - timedelta(days=800), TODAY)).run()
    assert not at.exception and not at.error
    assert any("weekly totals and medians" in c.value for c in at.caption)
    pain = plotly_charts(at)[0]
    assert pain["layout"]["xaxis"]["title"]["text"] == "Week (starting Monday)"


def test_a_custom_range_follows_the_picked_dates(open_page, demo_path):
    at = open_page("progress", demo_path)
    at.radio(key=RANGE_KEY).set_value("Custom").run()
    at.date_input(key="progress_custom_range").set_value((TODAY - timedelta(days=13), TODAY)).run()
    assert not at.exception
    pain = plotly_charts(at)[0]
    bars = next(t for t in pain["data"] if t["name"].startswith("Effort × minutes"))
    assert len(bars["x"]) == 14


def test_a_custom_range_with_only_a_first_day_asks_for_the_last(open_page, demo_path):
    at = open_page("progress", demo_path)
    at.radio(key=RANGE_KEY).set_value("Custom").run()
    at.date_input(key="progress_custom_range").set_value((TODAY - timedelta(days=13),)).run()
    assert not at.exception
    assert [i.value for i in at.info] == ["Pick the last day of the range too."]
    assert plotly_charts(at) == []


def test_picking_an_exercise_draws_its_prescription_history(open_page, demo_path):
    at = open_page("progress", demo_path)
    at.selectbox(key="progress_exercise").set_value("Side plank").run()
    assert not at.exception
    assert any(t.startswith("Side plank: prescription over time") for t in titles(at))
