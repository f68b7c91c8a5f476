"""lib/charts.py: each builder on small hand-made frames — traces, axes, bands — and its empty state."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from lib import charts, load

D = date(2026, 4, 6)  # a Monday


def days(n: int) -> list[date]:
    return [D + timedelta(days=i) for i in range(n)]


def names(fig) -> list[str]:
    return [t.name for t in fig.data]


def trace(fig, name: str):
    return next(t for t in fig.data if t.name == name)


# --- frames as the store returns them ---------------------------------------------------


def daily_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": days(4),
            "pain": [3.0, None, 5.0, 2.0],
            "pain_median_7d": [3.0, 3.0, 4.0, 3.0],
            "load": [40.0, 0.0, 60.0, 30.0],
            "sessions": [1, 0, 2, 1],
            "flare_up": [False, False, True, False],
        }
    )


def events_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": [D, D + timedelta(days=2), D + timedelta(days=3), D + timedelta(days=3)],
            "exercise": ["Side plank", "Bird dog", "Side plank", "Side plank"],
            "action": ["progress", "regress", "hold", "deload"],
            "variable": ["hold_s", "reps", None, "sets"],
            "reason": ["Two green sessions", "Flare-up", "Poor sleep", "Deload week"],
            "before": [20.0, 8.0, None, 2.0],
            "after": [25.0, 7.0, None, 1.0],
        }
    )


DELOADS = pd.DataFrame({"week_start": [D], "week_end": [D + timedelta(days=6)]})


# --- 1. pain and load -----------------------------------------------------------------


def test_pain_and_load_draws_pain_its_median_load_flare_ups_changes_and_deloads():
    fig = charts.pain_and_load(daily_frame(), events_frame(), DELOADS)
    assert names(fig) == [
        "Deload week (shaded)",
        "Effort × minutes (per day, bars)",
        "Morning pain (dots)",
        "7-day median pain (line)",
        "Flare-up (×)",
        "Progressed (exercise in hover)",
        "Stepped back (exercise in hover)",
    ]
    assert list(trace(fig, "Effort × minutes (per day, bars)").y) == [40, 0, 60, 30]
    assert list(trace(fig, "7-day median pain (line)").y) == [3, 3, 4, 3]
    flare = trace(fig, "Flare-up (×)")
    assert list(flare.y) == [5.0] and flare.marker.symbol == "x-thin-open"


def test_pain_and_load_puts_pain_and_load_on_their_own_titled_axes():
    fig = charts.pain_and_load(daily_frame(), None, None)
    assert fig.layout.yaxis3.title.text == "Morning pain (0–10)"
    assert list(fig.layout.yaxis3.range) == [-0.3, 11.2]
    assert fig.layout.yaxis.title.text == "Training load: effort × minutes per day"
    assert fig.layout.xaxis.title.text == "Date"
    assert {t.yaxis for t in fig.data if t.name != "Effort × minutes (per day, bars)"} == {"y3"}


def test_pain_and_load_shades_each_deload_week_over_its_seven_whole_days():
    fig = charts.pain_and_load(daily_frame(), None, DELOADS)
    shade = trace(fig, "Deload week (shaded)")
    assert shade.yaxis == "y2" and list(shade.y) == [1]
    assert pd.Timestamp(shade.x[0]) == pd.Timestamp(D) + pd.Timedelta(days=3.5)
    assert shade.width[0] == 7 * 24 * 3600 * 1000
    assert fig.layout.yaxis2.visible is False


def test_pain_and_load_names_the_exercise_of_each_change_in_the_hover():
    fig = charts.pain_and_load(daily_frame(), events_frame(), None)
    progressed = trace(fig, "Progressed (exercise in hover)")
    assert list(progressed.text) == ["Side plank: Two green sessions"]
    assert progressed.marker.symbol == "triangle-up"
    assert trace(fig, "Stepped back (exercise in hover)").marker.symbol == "triangle-down"
    assert not any("Held" in n for n in names(fig))  # a hold changes nothing on this chart


def test_pain_and_load_from_weekly_rows_draws_the_weekly_median_and_load_per_week():
    weekly = pd.DataFrame(
        {
            "week": [D, D + timedelta(days=7)],
            "pain_median": [4.0, 3.0],
            "load": [200.0, 150.0],
            "sessions": [5, 4],
            "flare_up": [True, False],
            "checkins": [7, 7],
        }
    )
    events = pd.DataFrame({"week": [D], "action": ["progress"], "exercise": ["Bird dog, Side plank"], "count": [3]})
    fig = charts.pain_and_load(weekly, events, None)
    assert "Weekly median morning pain" in names(fig)
    assert "Morning pain (dots)" not in names(fig)
    assert fig.layout.yaxis.title.text == "Training load: effort × minutes per week"
    assert fig.layout.xaxis.title.text == "Week (starting Monday)"
    assert list(trace(fig, "Progressed (exercise in hover)").text) == ["3 × progressed: Bird dog, Side plank"]


def test_pain_and_load_needs_two_days_of_data():
    one_day = daily_frame().assign(pain=[3.0, None, None, None], load=[0.0, 0.0, 0.0, 0.0])
    assert charts.pain_and_load(one_day) is None
    assert charts.pain_and_load(daily_frame().iloc[0:0]) is None
    assert charts.needs(charts.pain_and_load).startswith("Log morning check-ins or sessions on 2 days")


# --- 2. next morning ----------------------------------------------------------------

PAIRS = pd.DataFrame(
    {
        "day": days(4),
        "load": [10.0, 20.0, 30.0, 40.0],
        "baseline": [2.0, 2.0, 2.0, 2.0],
        "next_pain": [2.0, 2.0, 3.0, 3.0],
        "delta": [0.0, 0.0, 1.0, 1.0],
        "n": [1, 1, 1, 1],
    }
)


def test_next_morning_draws_the_days_and_a_trend_named_with_how_many_days_never_r():
    fig = charts.next_morning(PAIRS)
    assert names(fig) == ["Session day", "Trend (4 days)"]
    trend = trace(fig, "Trend (4 days)")
    assert list(trend.x) == [10, 40]
    assert list(trend.y) == pytest.approx([-0.1, 1.1])  # −0.5 + 0.04 × load
    assert fig.layout.xaxis.title.text == "Training load that day (effort × minutes)"
    assert fig.layout.yaxis.title.text == "Next morning's pain against your usual"
    assert "4 session days" in fig.layout.title.text


def test_next_morning_draws_the_zero_line_and_the_rise_that_matters():
    fig = charts.next_morning(PAIRS, red_delta=2)
    assert sorted(s.y0 for s in fig.layout.shapes) == [0, 2]
    assert {a.text for a in fig.layout.annotations} == {"same as your usual", "+2: a rise that matters"}


def test_next_morning_from_grouped_pairs_sizes_points_by_their_days():
    grouped = pd.DataFrame({"load": [10.0, 30.0], "delta": [0.0, 1.0], "n": [1, 4]})
    fig = charts.next_morning(grouped)
    points = trace(fig, "Session days (size: how many)")
    assert points.marker.size[1] > points.marker.size[0]
    assert "5 session days" in fig.layout.title.text


def test_next_morning_needs_three_pairs():
    assert charts.next_morning(PAIRS.head(2)) is None
    assert charts.next_morning(PAIRS.iloc[0:0]) is None
    assert charts.needs("next_morning").startswith("Log 3 sessions with a next-morning check-in to see this")


# --- 3. acute:chronic -----------------------------------------------------------------


def acwr_frame(n: int = 35) -> pd.DataFrame:
    loads = pd.Series([40.0] * min(n, 28) + [80.0] * max(0, n - 28))
    frame = load.acute_chronic(loads)
    frame.insert(0, "day", days(n))
    return frame


def test_acute_chronic_draws_both_loads_rolling_and_ewma_and_both_ratios_over_the_band():
    fig = charts.acute_chronic(acwr_frame())
    assert names(fig) == [
        "Recent (7 days)",
        "Usual (the 3 weeks before)",
        "Recent, recent days weigh more",
        "Usual, recent days weigh more",
        "Guide band 0.8–1.3 (shaded)",
        "Recent ÷ usual",
        "Recent ÷ usual, weighted",
    ]
    assert trace(fig, "Recent (7 days)").y[-1] == pytest.approx(80.0)  # 560 AU / 7 days
    # Issue 12: usual load uncoupled from the recent week (was 1400 AU / 28 days = 50, ratio 1.6).
    assert trace(fig, "Usual (the 3 weeks before)").y[-1] == pytest.approx(40.0)  # 840 AU / 21 days
    assert trace(fig, "Recent ÷ usual").y[-1] == pytest.approx(2.0)
    assert trace(fig, "Recent ÷ usual").yaxis == "y2"
    band = fig.layout.shapes[0]
    assert (band.y0, band.y1, band.yref) == (0.8, 1.3, "y2")
    # Issue 12: a neutral reference band, not a safe zone (was: green, "guide band, not a verdict").
    assert "a reference band, not a safe zone" in fig.layout.annotations[0].text
    assert band.fillcolor == charts.PALETTE["grey"]
    assert "not a verdict" in fig.layout.title.text
    assert fig.layout.yaxis.title.text == "Effort × minutes a day"
    assert fig.layout.yaxis2.title.text == "Recent ÷ usual"
    assert fig.layout.xaxis2.title.text == "Date"


def test_acute_chronic_too_long_for_six_series_draws_the_rolling_ones_only(monkeypatch):
    monkeypatch.setattr(load, "CHART_POINTS_MAX", 6 * 35 - 1)  # one point short of all six series
    fig = charts.acute_chronic(acwr_frame())
    assert names(fig) == [
        "Recent (7 days)",
        "Usual (the 3 weeks before)",
        "Guide band 0.8–1.3 (shaded)",
        "Recent ÷ usual",
    ]
    assert sum(len(t.x) for t in fig.data if t.x is not None) <= load.CHART_POINTS_MAX


def test_acute_chronic_needs_28_days_of_history():
    assert charts.acute_chronic(acwr_frame(27)) is None
    assert charts.acute_chronic(acwr_frame(28)) is not None
    assert "28 days" in charts.needs(charts.acute_chronic)


# --- 4. prescription history ----------------------------------------------------------


def timeline_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": [D, D + timedelta(days=2), D + timedelta(days=3), D + timedelta(days=10)],
            "variant": ["On knees", "On knees", "On feet", "On feet"],
            "source": ["start", "progress", "deload", "progress"],
            "hold_s": [20.0, 25.0, 25.0, 25.0],
            "sets": [2.0, 2.0, 1.0, 2.0],
        }
    )


def test_prescription_history_draws_each_variable_as_a_step_line_in_its_own_panel():
    fig = charts.prescription_history(timeline_frame(), events_frame(), "Side plank")
    hold, sets = trace(fig, "Hold (s)"), trace(fig, "Sets")
    assert hold.line.shape == "hv" and sets.line.shape == "hv"
    assert list(hold.y) == [20, 25, 25, 25] and list(sets.y) == [2, 2, 1, 2]
    assert (hold.yaxis, sets.yaxis) == ("y", "y2")
    assert fig.layout.yaxis.title.text == "Hold (s)"
    assert fig.layout.yaxis2.title.text == "Sets"
    assert fig.layout.yaxis2.dtick == 1
    assert fig.layout.xaxis3.title.text == "Date"  # under the variant panel (the frame changes variant)


def test_prescription_history_marks_each_event_on_the_panel_of_the_variable_it_changed():
    fig = charts.prescription_history(timeline_frame(), events_frame(), "Side plank")
    markers = [t for t in fig.data if t.mode == "markers"]
    by_name = {(t.name, t.yaxis): list(t.y) for t in markers}
    assert by_name[("Progressed", "y")] == [25.0]  # hold_s 20 → 25, on the hold panel
    assert by_name[("Deload", "y2")] == [1.0]  # sets 2 → 1, on the sets panel
    # A hold names no variable: it sits on every panel, at the value then in force.
    assert by_name[("Held", "y")] == [25.0] and by_name[("Held", "y2")] == [1.0]
    assert not any(t.name == "Stepped back" for t in markers)  # that was Bird dog
    symbols = {t.name: t.marker.symbol for t in markers}
    assert symbols == {"Progressed": "triangle-up", "Held": "circle-open", "Deload": "square"}
    assert sum(1 for t in markers if t.showlegend) == 3  # one legend entry per action


def test_prescription_history_marks_a_change_of_variant_by_name():
    fig = charts.prescription_history(timeline_frame(), None, "Side plank")
    assert [a.text for a in fig.layout.annotations] == ["→ On feet"]
    assert "variant: On knees" in fig.layout.title.text


def test_prescription_history_draws_a_harder_variant_as_a_step_up_with_its_own_marker_and_label():
    fig = charts.prescription_history(timeline_frame(), None, "Side plank")
    steps = trace(fig, charts.VARIANT_PANEL)
    assert steps.line.shape == "hv" and list(steps.y) == [0, 0, 1, 1]  # up at the move to "On feet"
    harder = trace(fig, "Harder variant")
    assert harder.marker.symbol == "triangle-up" and list(harder.text) == ["→ On feet"]
    assert harder.yaxis == steps.yaxis == "y3"
    assert fig.layout.xaxis3.title.text == "Date"


def test_prescription_history_draws_a_step_back_to_an_easier_variant_as_a_step_down():
    back = timeline_frame().assign(
        variant=["On knees", "On feet", "On knees", "On knees"], source=["start", "progress", "regress", "manual"]
    )
    fig = charts.prescription_history(back, None, "Side plank")
    assert list(trace(fig, charts.VARIANT_PANEL).y) == [0, 1, 0, 0]
    assert trace(fig, "Easier variant").marker.symbol == "triangle-down"


def test_prescription_history_of_nothing_is_the_empty_state():
    assert charts.prescription_history(timeline_frame().iloc[0:0], None, "Side plank") is None
    assert charts.needs(charts.prescription_history).startswith("Pick an exercise")


# --- 5. consistency -------------------------------------------------------------------


def calendar_frame() -> pd.DataFrame:
    return pd.DataFrame({"day": days(3), "sessions": [1, 0, 0], "rituals": [2, 1, 0], "practised": [True, True, False]})


def test_consistency_marks_session_and_ritual_days_by_letter_as_well_as_colour():
    fig = charts.consistency(calendar_frame(), load.Streaks(current=2, longest=9, last_7=5, last_28=20))
    cells = fig.data[0]
    assert cells.type == "heatmap"
    assert list(cells.z) == [2, 1, 0]
    assert list(cells.text) == ["S", "R", ""]
    assert list(cells.y) == ["Mon", "Tue", "Wed"]
    assert list(cells.x) == ["06 Apr"] * 3  # short week labels fit a phone; the hover names the day
    assert list(cells.colorbar.ticktext) == ["No practice (× skipped)", "Ritual only (R)", "Session (S)"]
    assert fig.layout.title.text.replace("<br>", " ") == (
        "Practice days: current streak 2 days, longest 9 days; 5 of the last 7 days, 20 of the last 28"
    )
    assert fig.layout.yaxis.title.text == "Day of the week"


def test_consistency_over_years_writes_days_practised_per_week():
    weekly = pd.DataFrame(
        {
            "week": [date(2025, 12, 29), date(2026, 1, 5)],
            "days_practised": [3, 7],
            "session_days": [3, 6],
            "ritual_only_days": [0, 1],
            "days_in_range": [7, 7],
        }
    )
    fig = charts.consistency(weekly, load.Streaks(1, 1, 1, 1))
    cells = fig.data[0]
    assert list(cells.x) == [1, 2]  # ISO weeks: 29 Dec 2025 starts week 1 of 2026
    assert list(cells.y) == ["2026", "2026"]
    assert list(cells.text) == ["3", "7"]
    assert "current streak 1 day," in fig.layout.title.text
    assert fig.layout.xaxis.title.text == "ISO week of the year"


def test_consistency_with_nothing_practised_is_the_empty_state():
    assert charts.consistency(calendar_frame().assign(practised=False)) is None
    assert charts.consistency(calendar_frame().iloc[0:0]) is None


# --- 6. questionnaires ----------------------------------------------------------------


def totals_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": [D, D, D + timedelta(days=14), D + timedelta(days=14), D + timedelta(days=28)],
            "instrument": ["tsk17", "tsk11", "tsk17", "tsk11", "psfs"],
            "total": [44.0, 30.0, 40.0, 25.0, 6.0],
            "previous": [None, None, 44.0, 30.0, 4.0],
            "change": [None, None, -4.0, -5.0, 2.0],
            "better": [False, False, False, True, True],
            "worse": [False, False, False, False, False],
        }
    )


def test_questionnaire_trends_draws_tsk_forms_together_and_psfs_apart_with_the_37_line():
    fig = charts.questionnaire_trends(totals_frame())
    assert [n for n in names(fig) if not n.startswith("Change")] == ["TSK-17", "TSK-11", "PSFS"]
    assert (trace(fig, "TSK-17").yaxis, trace(fig, "TSK-11").yaxis, trace(fig, "PSFS").yaxis) == ("y", "y", "y2")
    line = fig.layout.shapes[0]
    assert (line.y0, line.yref) == (37, "y")
    assert "above this line is high" in fig.layout.annotations[0].text
    assert fig.layout.yaxis.title.text == "TSK total (lower is better)"
    assert fig.layout.yaxis2.title.text == "PSFS mean 0–10 (higher is better)"


def test_questionnaire_trends_stars_each_change_that_matters():
    fig = charts.questionnaire_trends(totals_frame())
    stars = [t for t in fig.data if t.name == "Change that matters (better, ★)"]
    assert [(t.yaxis, list(t.y)) for t in stars] == [("y", [25.0]), ("y2", [6.0])]
    assert all(t.marker.symbol == "star" for t in stars)
    assert [t.showlegend for t in stars] == [True, False]
    assert list(stars[0].text) == ["-5 since the answer before"]


def test_questionnaire_trends_with_tsk_only_has_one_panel():
    fig = charts.questionnaire_trends(totals_frame().iloc[:4])
    assert "yaxis2" not in fig.layout.to_plotly_json()
    assert charts.questionnaire_trends(totals_frame().iloc[0:0]) is None


# --- 7. context -----------------------------------------------------------------------


def context_frame(days_counted: int = 6) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "factor": ["sleep_hours", "sleep_hours", "stress", "stress", "sitting_hours"],
            "label": ["Sleep (hours)", "Sleep (hours)", "Stress (0–10)", "Stress (0–10)", "Sitting (hours)"],
            "value": [6.0, 8.0, 2.0, 7.0, 8.0],
            "mean_pain": [4.0, 2.5, 2.0, 4.5, 3.0],
            "days": [2, 4, 3, 3, 6],
            "r": [-0.5, -0.5, 0.62, 0.62, None],
            "factor_days": [days_counted] * 5,
        }
    )


def test_context_draws_one_panel_per_factor_with_the_link_in_words_and_days_counted():
    fig = charts.context(context_frame())
    assert [t.name for t in fig.data] == ["Sleep (hours)", "Stress (0–10)", "Sitting (hours)"]
    assert list(fig.data[0].text) == ["2", "4"]  # each point says how many days it rests on
    titles = [a.text for a in fig.layout.annotations]
    assert titles[:3] == [
        "Sleep (hours)<br><sup>a clear link: more of it, less pain, 6 days</sup>",
        "Stress (0–10)<br><sup>a clear link: more of it, more pain, 6 days</sup>",
        "Sitting (hours)<br><sup>no spread to compare, 6 days</sup>",
    ]
    assert fig.layout.yaxis.title.text == "Mean morning pain (0–10)"
    assert [fig.layout[f"xaxis{i}"].title.text for i in ("", "2", "3")] == [
        "Sleep (hours)",
        "Stress (0–10)",
        "Sitting (hours)",
    ]


def test_context_needs_five_days():
    assert charts.context(context_frame(4)) is None
    assert charts.context(context_frame().iloc[0:0]) is None


# --- every chart ------------------------------------------------------------------------


def every_figure():
    return {
        "pain_and_load": charts.pain_and_load(daily_frame(), events_frame(), DELOADS),
        "next_morning": charts.next_morning(PAIRS),
        "acute_chronic": charts.acute_chronic(acwr_frame()),
        "prescription_history": charts.prescription_history(timeline_frame(), events_frame(), "Side plank"),
        "consistency": charts.consistency(calendar_frame()),
        "questionnaire_trends": charts.questionnaire_trends(totals_frame()),
        "context": charts.context(context_frame()),
    }


@pytest.mark.parametrize("name", list(charts.NEEDS))
def test_every_visible_axis_has_a_title(name):
    layout = every_figure()[name].layout.to_plotly_json()
    axes = {k: v for k, v in layout.items() if k.startswith(("xaxis", "yaxis")) and v.get("visible", True)}
    assert axes
    # Stacked panels share the bottom x axis's title; every y axis and the bottom x axis are titled.
    for key, axis in axes.items():
        if "matches" in axis:  # a panel sharing its neighbour's axis (and title)
            continue
        if key.startswith("yaxis") or axis.get("showticklabels", True):
            assert axis.get("title", {}).get("text"), f"{name}: {key} has no title"


MAP_TRACES = {
    "scattermap",
    "scattermapbox",
    "choroplethmap",
    "choroplethmapbox",
    "densitymap",
    "densitymapbox",
    "scattergeo",
    "choropleth",
}


@pytest.mark.parametrize("name", list(charts.NEEDS))
def test_every_chart_works_offline_with_a_system_font_and_no_map(name):
    fig = every_figure()[name]
    assert fig.layout.font.family == charts.FONT
    assert "Open Sans" not in fig.to_json()
    assert not {t.type for t in fig.data} & MAP_TRACES


@pytest.mark.parametrize("name", list(charts.NEEDS))
def test_every_series_in_the_legend_differs_by_more_than_colour(name):
    fig = every_figure()[name]
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    looks = {t.name: repr((t.type, getattr(t, "mode", None), _symbol(t), _dash(t), _pattern(t))) for t in shown}
    # Names differ (the legend says it in words), and no two series share type, mode, symbol, dash and pattern.
    assert len(looks) == len(shown)
    assert len(set(looks.values())) == len(looks), f"{name}: two series differ only by colour: {looks}"


def _symbol(t):
    marker = getattr(t, "marker", None)
    return getattr(marker, "symbol", None) if marker is not None else None


def _pattern(t):
    marker = getattr(t, "marker", None)
    return getattr(getattr(marker, "pattern", None), "shape", None) if marker is not None else None


def _dash(t):
    line = getattr(t, "line", None)
    return getattr(line, "dash", None) if line is not None else None


def test_every_builder_has_an_empty_state_sentence():
    assert set(charts.NEEDS) == {
        "pain_and_load",
        "next_morning",
        "acute_chronic",
        "prescription_history",
        "consistency",
        "questionnaire_trends",
        "context",
    }
    assert all(charts.needs(name).endswith(".") for name in charts.NEEDS)


def test_questionnaire_trends_on_a_single_day_shows_a_month_around_it_not_milliseconds():
    fig = charts.questionnaire_trends(totals_frame().iloc[:2])
    low, high = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert (low, high) == (pd.Timestamp(D) - pd.Timedelta(days=14), pd.Timestamp(D) + pd.Timedelta(days=14))


def test_the_legend_gets_its_own_room_below_the_axis_title_one_entry_a_line():
    few, many = charts.next_morning(PAIRS), charts.acute_chronic(acwr_frame())
    assert few.layout.margin.b == 80 + 20 * 2  # 2 entries: two lines (a phone fits one entry a line)
    assert many.layout.margin.b == 80 + 20 * 7  # 7 entries: seven lines
    assert many.layout.legend.yref == "container" and many.layout.legend.orientation == "v"


def test_a_long_title_is_wrapped_to_fit_a_phone_and_the_top_margin_grows_with_it():
    assert charts.wrap_title("Morning pain and training load") == "Morning pain and training load"
    wrapped = charts.wrap_title("Recent load against usual load: a guide, not a verdict")
    assert wrapped == "Recent load against usual load: a guide,<br>not a verdict"
    assert all(len(line) <= charts.TITLE_CHARS for line in wrapped.split("<br>"))
    assert charts.wrap_title("Sleep, stress and sitting against morning pain<br><sup>x</sup>").endswith(
        "<br><sup>x</sup>"
    )
    assert charts.acute_chronic(acwr_frame()).layout.margin.t == 60 + 22


def test_a_day_recorded_as_skipped_is_marked_apart_from_a_day_not_logged():
    days = pd.date_range("2026-11-02", periods=3).date
    calendar = pd.DataFrame(
        {
            "day": days,
            "sessions": [1, 0, 0],
            "rituals": [0, 0, 0],
            "practised": [True, False, False],
            "skipped": [False, True, False],
        }
    )
    (trace,) = [t for t in charts.consistency(calendar).data if t.type == "heatmap"]
    assert list(trace.text) == ["S", "×", ""]
    assert [w for _, w in trace.customdata] == ["session", "skipped (recorded)", "no practice"]
