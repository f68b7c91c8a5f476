"""Pure figure builders: DataFrame in, plotly Figure out, no I/O.

Each builder takes the frames that lib.store returns (daily frames have a
`day` column; frames of a range over a year have `week` instead; days are
datetime.date, converted for plotly once, by `plotly_days`) and returns
either a `plotly.graph_objects.Figure` or **None when there is not enough
data to draw something honest**. `needs(builder)` then says, in one sentence
a person can act on, what is needed::

    fig = charts.next_morning(pairs)
    if fig is None:
        st.info(charts.needs(charts.next_morning))  # "Log 3 sessions with a next-morning check-in to see this …"
    else:
        st.plotly_chart(fig)

Accessibility: the Okabe–Ito palette (safe for the common colour-vision
deficiencies); every series also differs by marker symbol, dash or a label,
so colour never carries meaning alone; every axis has a title with its unit.
Figures work offline: a system font stack, no web fonts, no map tiles.

Speed: a figure is assembled as plain dicts and validated once at the end.
plotly's `make_subplots`, `add_vrect` and named templates cost 10–30 ms each
(adding shapes one by one is quadratic), which a page of seven charts over
ten years of history cannot afford.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lib import load, questionnaires, theme
from lib.exercises import level_meanings
from lib.models import VARIABLES
from lib.progression import Action
from lib.theme import FONT, GRID, PALETTE  # the one place of Poise's colours and font (re-exported for callers)

# How each progression action is drawn: symbol, colour, label. Symbol and label carry the meaning.
# Keyed by the engine's Action (a StrEnum: equal to the text stored in the `action` and `source` columns).
ACTIONS: dict[Action, tuple[str, str, str]] = {
    Action.PROGRESS: ("triangle-up", PALETTE["green"], "Progressed"),
    Action.HOLD: ("circle-open", PALETTE["black"], "Held"),
    Action.REGRESS: ("triangle-down", PALETTE["vermillion"], "Stepped back"),
    Action.DELOAD: ("square", PALETTE["orange"], "Deload"),
    Action.MANUAL: ("diamond", PALETTE["purple"], "Set by hand"),
}
# The progression actions marked on the pain-and-load chart (hold changes nothing; deloads are shaded).
CHANGE_ACTIONS = (Action.PROGRESS, Action.REGRESS, Action.MANUAL)

MIN_CONTEXT_DAYS = 5

NEEDS: dict[str, str] = {
    "pain_and_load": "Log morning check-ins or sessions on 2 days or more in this range to see this.",
    "next_morning": (
        f"Log {load.MIN_PAIRS} sessions with a next-morning check-in to see this "
        "(the check-in on the day after each session)."
    ),
    "acute_chronic": "Log sessions over at least 4 weeks to see this: the chronic load needs 28 days of history.",
    "prescription_history": "Pick an exercise that you have done or that has a prescription history.",
    "consistency": "Log a session or tick a daily ritual to start your practice calendar.",
    "questionnaire_trends": "Answer the TSK or the PSFS on the Questionnaires page to see your scores over time.",
    "context": (
        f"Log morning check-ins on {MIN_CONTEXT_DAYS} days or more in this range to see how sleep, "
        "stress and sitting go with pain."
    ),
}


def needs(builder: Callable | str) -> str:
    """Return what a builder needs before it can draw (the sentence to show when it returned None)."""
    name = builder if isinstance(builder, str) else builder.__name__
    return NEEDS[name]


# --- assembling a figure cheaply -------------------------------------------------------


class _Canvas:
    """Traces, shapes and annotations gathered as dicts; `figure()` validates them once."""

    def __init__(self) -> None:
        self.traces: list[dict] = []
        self.shapes: list[dict] = []
        self.annotations: list[dict] = []
        self.layout: dict = {}

    def add(self, kind: str, panel: int = 1, **trace) -> None:
        trace = {k: _array(v) if isinstance(v, pd.Series) else v for k, v in trace.items()}
        self.traces.append({"type": kind, "xaxis": _ref("x", panel), "yaxis": _ref("y", panel), **trace})

    def legend_only(self, name: str, symbol: str, colour: str) -> None:
        """A legend entry for something drawn as shapes (shaded weeks, a band)."""
        self.add(
            "scatter",
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            marker={"symbol": symbol, "color": colour, "size": 12},
        )

    def hline(
        self,
        y: float,
        panel: int = 1,
        text: str = "",
        dash: str = "solid",
        where: str = "right",
        colour: str | None = None,
    ) -> None:
        """A reference line across a panel, with its words above it; grey unless `colour` (line and words)."""
        self.shapes.append(
            {
                "type": "line",
                "xref": f"{_ref('x', panel)} domain",
                "yref": _ref("y", panel),
                "x0": 0,
                "x1": 1,
                "y0": y,
                "y1": y,
                "line": {"color": colour or PALETTE["grey"], "width": 1, "dash": dash},
            }
        )
        if text:
            self.annotations.append(
                {
                    "xref": f"{_ref('x', panel)} domain",
                    "yref": _ref("y", panel),
                    "x": 1 if where == "right" else 0,
                    "y": y,
                    "text": text,
                    "xanchor": where,
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 11, "color": colour or "#444444"},
                }
            )

    def figure(self, title: str, height: int, **layout) -> go.Figure:
        # Room at the foot for the legend, one entry a line, below the x-axis title: a phone's narrow
        # screen cannot fit three entries side by side, and a legend that wraps must never cover the axis.
        entries = sum(1 for t in self.traces if t.get("showlegend", True) and t.get("name"))
        legend_rows = entries
        title = wrap_title(title)
        extra = 22 * title.split("<br><sup>")[0].count("<br>")  # each wrapped line of the title
        base = {
            "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
            "font": {"family": FONT, "size": 13, "color": "#222222"},
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "height": height + 20 * legend_rows + extra,
            "margin": {"l": 70, "r": 70, "t": 60 + extra, "b": 80 + 20 * legend_rows},
            # The legend sits at the foot of the figure, below the x-axis title, never on top of it.
            "legend": {
                "orientation": "v",
                "yref": "container",
                "y": 0.01,
                "yanchor": "bottom",
                "xanchor": "left",
                "x": 0,
                # A legendgroup among the traces (the flags) makes every trace a group of its own, 10 px apart by
                # default: rows grow past the 20 px the margin allows, and the legend climbs over the x axis.
                "tracegroupgap": 0,
            },
            "hoverlabel": {"font": {"family": FONT}},
            "shapes": self.shapes,
            "annotations": self.annotations,
        }
        return go.Figure(data=self.traces, layout={**base, **self.layout, **layout})


TITLE_CHARS = 40  # a title line that still fits a phone's screen (390 px) at 16 px


def wrap_title(title: str, width: int = TITLE_CHARS) -> str:
    """Break a chart title into lines of at most `width` characters (plotly never wraps a title itself)."""
    head, sep, rest = title.partition("<br>")
    lines: list[str] = []
    for word in head.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines) + sep + rest


def plotly_days(days: pd.Series) -> pd.Series:
    """Return the store's days (datetime.date; questionnaire frames: datetime64) as datetime64.

    The charts' one conversion of days: plotly copies and serialises datetime64 fast, and pandas
    reckons weeks and spans with it. The store's frames keep datetime.date up to here.
    """
    return pd.to_datetime(days)


def _array(series: pd.Series):
    """Return a column as a numpy array, days as datetime64 (plotly_days)."""
    if series.dtype == object and len(series) and isinstance(series.iloc[0], date):
        return plotly_days(series).to_numpy()
    return series.to_numpy()


def _ref(axis: str, panel: int) -> str:
    return axis if panel == 1 else f"{axis}{panel}"


def _key(axis: str, panel: int) -> str:
    return f"{axis}axis" if panel == 1 else f"{axis}axis{panel}"


def _axis(title: str, standoff: int | None = None, **more) -> dict:
    heading = {"text": title} if standoff is None else {"text": title, "standoff": standoff}
    return {
        "title": heading,
        "gridcolor": GRID,
        "zerolinecolor": GRID,
        "linecolor": "#BBBBBB",
        "showline": True,
        **more,
    }


def _stacked(canvas: _Canvas, titles: list[str], x_title: str, gap: float = 0.08, x_more: dict | None = None) -> None:
    """Panels stacked top to bottom, sharing one time axis (labels on the bottom one only)."""
    n = len(titles)
    height = (1 - gap * (n - 1)) / n
    for i, title in enumerate(titles, start=1):
        top = 1 - (i - 1) * (height + gap)
        last = i == n
        canvas.layout[_key("y", i)] = _axis(title, domain=[max(0.0, top - height), top], anchor=_ref("x", i))
        canvas.layout[_key("x", i)] = _axis(
            x_title if last else "",
            anchor=_ref("y", i),
            showticklabels=last,
            **_follows("x", i),
            **(x_more or {}),
        )


def _follows(axis: str, panel: int) -> dict[str, Any]:
    """The axis of a panel after the first follows the first panel's (zoom one, zoom all)."""
    return {} if panel == 1 else {"matches": axis}


def _x(frame: pd.DataFrame) -> tuple[str, str]:
    """Return the time column of a store frame and its axis title."""
    return ("week", "Week (starting Monday)") if "week" in frame.columns else ("day", "Date")


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


# --- 1. Pain and load ------------------------------------------------------------


def pain_and_load(
    daily: pd.DataFrame, events: pd.DataFrame | None = None, deload_weeks: pd.DataFrame | None = None
) -> go.Figure | None:
    """Return morning pain against training load over time, or None with fewer than 2 days of data.

    `daily` is store.daily_pain_and_load; `events` store.progression_events
    (progress, regress and manual changes are marked along the top, their
    exercise in the hover); `deload_weeks` store.deload_weeks (shaded). Pain
    is on the left axis (0–10), load (RPE × minutes, AU) as bars on the right.
    """
    if daily is None or daily.empty:
        return None
    x, x_title = _x(daily)
    weekly = x == "week"
    pain_col = "pain_median" if weekly else "pain"
    if int((daily[pain_col].notna() | (daily["load"] > 0)).sum()) < 2:
        return None
    c = _Canvas()
    unit = "per week" if weekly else "per day"
    # Axes: y = load (right), y2 = deload shading (hidden, 0–1), y3 = pain (left). Overlaid axes are
    # drawn in that order, so pain sits on top of the bars and the shading.
    _shade_deloads(c, deload_weeks)
    c.add(
        "bar",
        x=daily[x],
        y=daily["load"],
        name=f"Effort × minutes ({unit}, bars)",
        marker={"color": PALETTE["sky"], "opacity": 0.6},
        hovertemplate="%{x}<br>Effort × minutes %{y:.0f}<extra></extra>",
    )
    if weekly:
        c.add(
            "scatter",
            x=daily[x],
            y=daily["pain_median"],
            name="Weekly median morning pain",
            mode="lines+markers",
            line={"color": PALETTE["blue"], "width": 2.5},
            marker={"symbol": "circle", "size": 6},
            hovertemplate="Week of %{x}<br>Median pain %{y:.1f}<extra></extra>",
            yaxis="y3",
        )
        y_at = daily["pain_median"]
    else:
        c.add(
            "scatter",
            x=daily[x],
            y=daily["pain"],
            name="Morning pain (dots)",
            mode="markers",
            marker={"color": PALETTE["blue"], "symbol": "circle", "size": 6, "opacity": 0.8},
            hovertemplate="%{x}<br>Pain %{y:.0f} of 10<extra></extra>",
            yaxis="y3",
        )
        c.add(
            "scatter",
            x=daily[x],
            y=daily["pain_median_7d"],
            name="7-day median pain (line)",
            mode="lines",
            line={"color": PALETTE["black"], "width": 2.5},
            hovertemplate="%{x}<br>7-day median %{y:.1f}<extra></extra>",
            yaxis="y3",
        )
        y_at = daily["pain"].fillna(daily["pain_median_7d"])
    flares = daily["flare_up"].fillna(False).astype(bool)
    if flares.any():
        c.add(
            "scatter",
            x=daily.loc[flares, x],
            y=y_at[flares].fillna(10),
            name="Flare-up (×)",
            mode="markers",
            marker={"symbol": "x-thin-open", "size": 14, "color": PALETTE["vermillion"], "line": {"width": 3}},
            hovertemplate="%{x}<br>Flare-up flagged<extra></extra>",
            yaxis="y3",
        )
    _mark_changes(c, events, x)
    top_load = max(float(daily["load"].max()), 1.0) * 1.6  # bars keep to the lower part; markers ride on top
    c.layout = {
        "xaxis": _axis(x_title),
        "yaxis": _axis(f"Training load: effort × minutes {unit}", side="right", range=[0, top_load], showgrid=False),
        "yaxis2": {"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True},
        "yaxis3": _axis(
            "Morning pain (0–10)", overlaying="y", side="left", range=[-0.3, 11.2], tickvals=list(range(0, 11, 2))
        ),
        "barmode": "overlay",
        "bargap": 0.15,
    }
    return c.figure("Morning pain and training load", 460)


def _mark_changes(c: _Canvas, events: pd.DataFrame | None, x: str) -> None:
    """Accepted prescription changes as a row of symbols along the top of the pain axis."""
    if events is None or events.empty or x not in events.columns:
        return
    for action in CHANGE_ACTIONS:
        rows = events[events["action"] == action]
        if rows.empty:
            continue
        symbol, colour, label = ACTIONS[action]
        if "count" in rows:
            text = rows["count"].astype(str) + " × " + label.lower() + ": " + rows["exercise"].astype(str)
        else:
            text = rows["exercise"].astype(str) + ": " + rows["reason"].astype(str)
        c.add(
            "scatter",
            x=rows[x],
            y=[10.6] * len(rows),
            name=f"{label} (exercise in hover)",
            mode="markers",
            yaxis="y3",
            marker={"symbol": symbol, "color": colour, "size": 10, "line": {"width": 1, "color": "#333333"}},
            text=text,
            hovertemplate="%{x}<br>%{text}<extra></extra>",
        )


def _shade_deloads(c: _Canvas, deload_weeks: pd.DataFrame | None) -> None:
    """Deload weeks as full-height bars on a hidden 0–1 axis: one trace, however many weeks.

    (Shapes would do too, but plotly validates each shape on its own: ten years
    hold 130 deload weeks.)
    """
    if deload_weeks is None or deload_weeks.empty:
        return
    start = plotly_days(deload_weeks["week_start"])
    end = plotly_days(deload_weeks["week_end"]) + pd.Timedelta(days=1)  # through the end of the last day
    c.add(
        "bar",
        x=(start + (end - start) / 2).to_numpy(),
        y=[1] * len(start),
        yaxis="y2",
        width=((end - start).dt.total_seconds() * 1000).to_numpy(),
        name="Deload week (shaded)",
        marker={
            "color": PALETTE["yellow"],
            "opacity": 0.35,
            "line": {"width": 0},
            "pattern": {"shape": "/", "fgcolor": "#B8A800", "size": 10, "solidity": 0.15},
        },
        customdata=deload_weeks[["week_start", "week_end"]].astype(str).to_numpy(),
        hovertemplate="Deload week %{customdata[0]} – %{customdata[1]}<extra></extra>",
    )


# --- 2. Next-morning response -------------------------------------------------------


def next_morning(pairs: pd.DataFrame, red_delta: float | None = 2) -> go.Figure | None:
    """Return each session day's load against the next morning's change in pain, or None with too few pairs.

    `pairs` is store.next_morning_pairs (`load`, `delta`, optional `n` and
    `day`). Draws the points, the least-squares trend (named with r and the
    days it rests on), the zero line and, when given, the `red_delta` line (a
    rise that matters). Needs load.MIN_PAIRS pairs.
    """
    if pairs is None or pairs.empty:
        return None
    response = load.next_morning_response(pairs)
    if response.pairs < load.MIN_PAIRS:
        return None
    c = _Canvas()
    if "day" not in pairs.columns:  # grouped pairs (over a year): the size says how many days
        c.add(
            "scatter",
            x=pairs["load"],
            y=pairs["delta"],
            mode="markers",
            name="Session days (size: how many)",
            marker={
                "color": PALETTE["blue"],
                "size": 6 + 14 * (pairs["n"] / pairs["n"].max()) ** 0.5,
                "opacity": 0.6,
                "symbol": "circle",
            },
            text=pairs["n"],
            hovertemplate="Effort × minutes %{x:.0f}<br>Change %{y:+.1f}<br>%{text} days<extra></extra>",
        )
    else:
        c.add(
            "scatter",
            x=pairs["load"],
            y=pairs["delta"],
            mode="markers",
            name="Session day",
            marker={"color": PALETTE["blue"], "size": 8, "opacity": 0.65, "symbol": "circle"},
            customdata=pairs[["day", "baseline", "next_pain"]].astype(str).to_numpy(),
            hovertemplate=(
                "%{customdata[0]}: effort × minutes %{x:.0f}<br>next morning %{customdata[2]}"
                " vs your usual %{customdata[1]} (%{y:+.1f})<extra></extra>"
            ),
        )
    lo, hi = float(pairs["load"].min()), float(pairs["load"].max())
    if response.slope is not None and response.intercept is not None and hi > lo:
        label = f"Trend ({response.pairs} days)"  # r is explained under "How is this worked out?"
        c.add(
            "scatter",
            x=[lo, hi],
            y=[response.intercept + response.slope * lo, response.intercept + response.slope * hi],
            mode="lines",
            name=label,
            line={"color": PALETTE["vermillion"], "width": 2.5, "dash": "dash"},
            hoverinfo="skip",
        )
    c.hline(0, text="same as your usual", where="right")
    if red_delta:
        c.hline(red_delta, text=f"+{red_delta:g}: a rise that matters", dash="dot", where="left")
    top = max(float(pairs["delta"].max()), red_delta or 0) + 1
    c.layout = {
        "xaxis": _axis("Training load that day (effort × minutes)"),
        "yaxis": _axis(
            "Next morning's pain against your usual",
            zeroline=False,
            range=[min(float(pairs["delta"].min()), 0) - 1, top],
        ),
    }
    return c.figure(f"How your back answered the next morning ({response.pairs} session days)", 420)


# --- 3. Acute:chronic load ----------------------------------------------------------


def acute_chronic(frame: pd.DataFrame) -> go.Figure | None:
    """Return acute (7-day) and chronic load and their ratio over the 0.8–1.3 reference band, or None.

    `frame` is store.acute_chronic_load: the chronic load is uncoupled from the
    acute week (the 3 weeks before it; Lolli 2019). Top panel: both loads as AU
    per day (rolling sums divided by their days, solid with markers; EWMA,
    dashed and dash-dotted). Bottom panel: the ratio, rolling (solid) and EWMA
    (dashed), over a band shaded in neutral grey: a reference, not a safe zone
    (Impellizzeri 2020). None until a ratio exists (28 days of load history). A frame
    too long for six series within load.CHART_POINTS_MAX draws the rolling ones only.
    """
    if frame is None or frame.empty or int(frame[["acwr_rolling", "acwr_ewma"]].notna().to_numpy().sum()) == 0:
        return None
    c = _Canvas()
    x = frame["day"]
    # Six series of years of weeks would pass the point budget: then only the rolling ones are drawn.
    with_ewma = len(frame) * 6 <= load.CHART_POINTS_MAX
    lines = (
        ("Recent (7 days)", frame["acute_sum"] / load.ACUTE_DAYS, PALETTE["vermillion"], "solid", "circle"),
        (
            "Usual (the 3 weeks before)",
            frame["chronic_sum"] / load.CHRONIC_BEFORE_DAYS,
            PALETTE["blue"],
            "solid",
            "square",
        ),
    ) + (
        (
            ("Recent, recent days weigh more", frame["acute_ewma"], PALETTE["vermillion"], "dash", None),
            ("Usual, recent days weigh more", frame["chronic_ewma"], PALETTE["blue"], "dashdot", None),
        )
        if with_ewma
        else ()
    )
    for name, y, colour, dash, symbol in lines:
        c.add(
            "scatter",
            x=x,
            y=y,
            name=name,
            mode="lines+markers" if symbol else "lines",
            line={"color": colour, "dash": dash, "width": 2},
            marker={"symbol": symbol or "circle", "size": 4},
            hovertemplate=f"%{{x}}<br>{name}: %{{y:.1f}} a day<extra></extra>",
        )
    low, high = load.ACWR_BAND
    c.shapes.append(
        {
            "type": "rect",
            "xref": "x2 domain",
            "yref": "y2",
            "x0": 0,
            "x1": 1,
            "y0": low,
            "y1": high,
            "fillcolor": PALETTE["grey"],
            "opacity": 0.15,
            "line": {"width": 0},
            "layer": "below",
        }
    )
    c.annotations.append(
        {
            "xref": "x2 domain",
            "yref": "y2",
            "x": 0,
            "y": high,
            "xanchor": "left",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 11},
            "text": f"{low:g}–{high:g}: a reference band, not a safe zone",
        }
    )
    c.legend_only(f"Guide band {low:g}–{high:g} (shaded)", "square", PALETTE["grey"])
    ratios = (("Recent ÷ usual", "acwr_rolling", "solid"),) + (
        (("Recent ÷ usual, weighted", "acwr_ewma", "dash"),) if with_ewma else ()
    )
    for name, column, dash in ratios:
        c.add(
            "scatter",
            panel=2,
            x=x,
            y=frame[column],
            name=name,
            mode="lines",
            line={"color": PALETTE["black"], "dash": dash, "width": 2},
            hovertemplate=f"%{{x}}<br>{name}: %{{y:.2f}}<extra></extra>",
        )
    _stacked(c, ["Effort × minutes a day", "Recent ÷ usual"], "Date", gap=0.1)
    c.layout["yaxis"]["rangemode"] = "tozero"
    c.layout["yaxis2"]["range"] = [0, max(2.0, float(frame[["acwr_rolling", "acwr_ewma"]].max().max()) + 0.2)]
    return c.figure("Recent load against usual load: a guide, not a verdict", 540)


# --- 4. Prescription history -------------------------------------------------------


def prescription_history(timeline: pd.DataFrame, events: pd.DataFrame | None, exercise: str) -> go.Figure | None:
    """Return one exercise's prescription over time as step lines, one panel per variable, or None.

    `timeline` is store.prescription_timeline (`day`, `variant`, `source`, a
    column per variable); `events` store.progression_events (rows of other
    exercises are ignored). Each progress, hold, regress, deload or manual
    event is a marker on the panel of the variable it changed (on every panel
    when it names none of them); a change of variant is a dotted line with
    its name. Returns None when the timeline is empty.
    """
    if timeline is None or timeline.empty:
        return None
    variables = [v for v in timeline.columns if v in VARIABLES and timeline[v].notna().any()]
    if not variables:
        return None
    c = _Canvas()
    titles = [_variable_title(v) for v in variables]
    variant = timeline["variant"].fillna("").astype(str)
    for i, (variable, title) in enumerate(zip(variables, titles, strict=True), start=1):
        c.add(
            "scatter",
            panel=i,
            x=timeline["day"],
            y=timeline[variable],
            mode="lines+markers",
            line_shape="hv",
            name=title,
            line={"color": PALETTE["blue"], "width": 2.5},
            marker={"size": 4},
            text=variant,
            showlegend=False,
            hovertemplate=f"%{{x}}<br>{title}: %{{y:g}}<br>%{{text}}<extra></extra>",
        )
    _mark_events(c, timeline, events, exercise, variables)
    changed = timeline[variant.ne(variant.shift()) & (timeline.index > timeline.index[0])]
    for row in changed.itertuples(index=False):
        c.shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": row.day,
                "x1": row.day,
                "y0": 0,
                "y1": 1,
                "line": {"dash": "dot", "color": PALETTE["grey"]},
            }
        )
        c.annotations.append(
            {
                "xref": "x",
                "yref": "paper",
                "x": row.day,
                "y": 1,
                "yanchor": "bottom",
                "text": f"→ {row.variant}",
                "showarrow": False,
                "font": {"size": 11},
            }
        )
    if len(changed):
        titles = titles + [_variant_steps(c, timeline, variant, len(variables) + 1)]
    _stacked(c, titles, "Date")
    if len(changed):  # the variant panel: a level, not a number to read
        c.layout[_key("y", len(titles))].update(showticklabels=False, dtick=1, zeroline=False)
    for i, variable in enumerate(variables, start=1):
        c.layout[_key("y", i)]["rangemode"] = "tozero"
        if VARIABLES[variable].whole and float(timeline[variable].max()) <= 10:
            c.layout[_key("y", i)]["dtick"] = 1  # whole-number variables: no "1.5 sets"
        if ladder := level_meanings(exercise, variable):  # each level by its meaning, written in the panel
            low, high = min(1.0, timeline[variable].min()), max(len(ladder), timeline[variable].max())
            c.layout[_key("y", i)]["range"] = [low - 0.5, high + 0.5]  # every level's line, even one not reached
            c.annotations += [
                {
                    "xref": f"{_ref('x', i)} domain",
                    "yref": _ref("y", i),
                    "x": 0,
                    "y": n,
                    "text": meaning,
                    "xanchor": "left",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 11, "color": "#444444"},
                }
                for n, meaning in enumerate(ladder, start=1)
            ]
    first = variant.iloc[0]
    return c.figure(
        f"{exercise}: prescription over time" + (f" · variant: {first}" if first else ""), 140 + 170 * len(titles)
    )


VARIANT_PANEL = "Variant (higher is harder)"


def _variant_steps(c: _Canvas, timeline: pd.DataFrame, variant: pd.Series, panel: int) -> str:
    """The variant as a step line that goes UP on a move to a harder variant (down on a step back to an easier
    one), each move marked ▲ or ▼ and labelled "→ On feet": the variables start again lower, the exercise does not.
    """
    moved = variant.ne(variant.shift()) & (timeline.index > timeline.index[0])
    easier = moved & timeline["source"].astype(str).eq(Action.REGRESS)
    level = (moved.astype(int) - 2 * easier.astype(int)).cumsum()
    c.add(
        "scatter",
        panel=panel,
        x=timeline["day"],
        y=level,
        mode="lines",
        line_shape="hv",
        name=VARIANT_PANEL,
        line={"color": PALETTE["blue"], "width": 2.5},
        text=variant,
        showlegend=False,
        hovertemplate="%{x}<br>Variant: %{text}<extra></extra>",
    )
    for is_easier, symbol, colour, label in (
        (False, "triangle-up", PALETTE["green"], "Harder variant"),
        (True, "triangle-down", PALETTE["vermillion"], "Easier variant"),
    ):
        rows = moved & easier.eq(is_easier)
        if rows.any():
            c.add(
                "scatter",
                panel=panel,
                x=timeline.loc[rows, "day"],
                y=level[rows],
                mode="markers+text",
                name=label,
                text=("→ " + variant[rows]).to_numpy(),
                textposition="top center",
                cliponaxis=False,
                marker={"symbol": symbol, "color": colour, "size": 12, "line": {"width": 1, "color": "#333333"}},
                hovertemplate="%{x}<br>%{text}<extra></extra>",
            )
    return VARIANT_PANEL


def _variable_title(variable: str) -> str:
    spec = VARIABLES[variable]
    return f"{spec.label} ({spec.unit})" if spec.unit else spec.label


def _mark_events(
    c: _Canvas, timeline: pd.DataFrame, events: pd.DataFrame | None, exercise: str, variables: list[str]
) -> None:
    if events is None or events.empty or "day" not in events.columns:
        return
    mine = events[events["exercise"].astype(str).str.casefold() == exercise.casefold()]
    if mine.empty:
        return
    steps = timeline.assign(_t=plotly_days(timeline["day"])).sort_values("_t")
    mine = mine.assign(_t=plotly_days(mine["day"])).sort_values("_t")
    # The value in force on each event's day: where an event that names no variable of a panel sits.
    placed = pd.merge_asof(mine, steps[["_t", *variables]], on="_t", direction="backward")
    placed["_general"] = ~placed["variable"].isin(variables)
    shown: set[str] = set()
    for action, rows_of_action in placed.groupby("action", sort=False):
        if action not in ACTIONS:
            continue
        symbol, colour, label = ACTIONS[Action(action)]
        for i, variable in enumerate(variables, start=1):
            rows = rows_of_action[rows_of_action["_general"] | (rows_of_action["variable"] == variable)]
            if rows.empty:
                continue
            y = rows["after"].where(rows["variable"] == variable, rows[variable]) if "after" in rows else rows[variable]
            c.add(
                "scatter",
                panel=i,
                x=rows["day"],
                y=y,
                mode="markers",
                name=label,
                legendgroup=action,
                showlegend=action not in shown,
                marker={"symbol": symbol, "color": colour, "size": 11, "line": {"width": 1, "color": "#333333"}},
                text=rows["reason"].astype(str),
                hovertemplate=f"%{{x}}<br>{label}<br>%{{text}}<extra></extra>",
            )
            shown.add(action)


# --- 5. Consistency -----------------------------------------------------------------

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_KIND_WORDS = {0: "no practice", 1: "ritual only", 2: "session"}
_KIND_MARKS = {0: "", 1: "R", 2: "S"}


def _skipped(calendar: pd.DataFrame, kind: pd.Series) -> pd.Series:
    """Days with a skipped session recorded and no practice: marked "×", not left blank like a day not logged."""
    return calendar["skipped"].astype(bool) & kind.eq(0) if "skipped" in calendar else kind.ne(kind)


def consistency(calendar: pd.DataFrame, streaks: load.Streaks | None = None) -> go.Figure | None:
    """Return a calendar of practice days, or None when nothing was practised in the range.

    `calendar` is store.practice_calendar. Daily: weeks across, weekdays down;
    a session day is dark and marked "S", a ritual-only day light and marked
    "R", a day recorded as skipped pale and marked "×", a day without practice pale and blank.
    Weekly (over a year): years down, ISO weeks across, the number of days practised written in each cell.
    `streaks` (store.practice_streaks) goes in the title.
    """
    if calendar is None or calendar.empty:
        return None
    weekly = "week" in calendar.columns
    if (weekly and int(calendar["days_practised"].sum()) == 0) or (not weekly and not calendar["practised"].any()):
        return None
    c = _Canvas()
    if weekly:
        iso = plotly_days(calendar["week"]).dt.isocalendar()
        c.add(
            "heatmap",
            x=iso["week"].astype(int),
            y=iso["year"].astype(str),
            z=calendar["days_practised"],
            text=calendar["days_practised"].astype(str),
            texttemplate="%{text}",
            textfont={"size": 9},
            zmin=0,
            zmax=7,
            colorscale=[[0, "#F2F2F2"], [1, PALETTE["blue"]]],
            xgap=1,
            ygap=2,
            colorbar={"title": {"text": "Days practised<br>per week"}, "tickvals": list(range(8))},
            customdata=calendar["week"].astype(str),
            hovertemplate="Week of %{customdata}<br>%{z} of 7 days practised<extra></extra>",
        )
        c.layout = {
            "xaxis": _axis("ISO week of the year", dtick=4, showgrid=False),
            "yaxis": _axis("Year", autorange="reversed", type="category", showgrid=False),
        }
        height = 220 + 26 * iso["year"].nunique()
    else:
        days = plotly_days(calendar["day"])
        # Short week labels ("02 Nov"; the hover names the full day): on a phone they must fit side by side.
        monday = (days - pd.to_timedelta(days.dt.day_of_week, unit="D")).dt.strftime("%d %b")
        kind = calendar["sessions"].gt(0).astype(int) * 2 + (
            calendar["sessions"].eq(0) & calendar["rituals"].gt(0)
        ).astype(int)
        c.add(
            "heatmap",
            x=monday,
            y=days.dt.day_of_week.map(dict(enumerate(WEEKDAYS))),
            z=kind,
            text=kind.map(_KIND_MARKS).where(~_skipped(calendar, kind), "×"),
            texttemplate="%{text}",
            textfont={"size": 10},
            zmin=0,
            zmax=2,
            xgap=2,
            ygap=2,
            colorscale=[
                [0, "#F2F2F2"],
                [0.33, "#F2F2F2"],
                [0.33, PALETTE["sky"]],
                [0.67, PALETTE["sky"]],
                [0.67, PALETTE["blue"]],
                [1, PALETTE["blue"]],
            ],
            # The key lies below the calendar, not beside it: on a phone the weeks keep the whole width.
            colorbar={
                "tickvals": [0.33, 1, 1.67],
                "ticktext": ["No practice (× skipped)", "Ritual only (R)", "Session (S)"],
                "orientation": "h",
                "yref": "container",
                "y": 0.02,
                "yanchor": "bottom",
                "x": 0,
                "xanchor": "left",
                "len": 1,
                "thickness": 12,
                "tickfont": {"size": 11},
            },
            customdata=pd.DataFrame(
                {
                    "d": calendar["day"].astype(str),
                    "w": kind.map(_KIND_WORDS).where(~_skipped(calendar, kind), "skipped (recorded)"),
                }
            ).to_numpy(),
            hovertemplate="%{customdata[0]}: %{customdata[1]}<extra></extra>",
        )
        weeks = monday.nunique()
        # At most 12 week labels, and the angle left to plotly.js, which turns them when they would touch
        # (narrow screens): week labels never overlap.
        c.layout = {
            "xaxis": _axis(
                "Week (starting Monday)",
                type="category",
                showgrid=False,
                nticks=min(12, weeks),
                standoff=18,
                automargin=True,
            ),
            "yaxis": _axis("Day of the week", categoryorder="array", categoryarray=WEEKDAYS[::-1], showgrid=False),
        }
        height = 400
    title = "Practice days"
    if streaks is not None:
        title += (
            f": current streak {_days(streaks.current)}, longest {_days(streaks.longest)}; "
            f"{streaks.last_7} of the last 7 days, {streaks.last_28} of the last 28"
        )
    return c.figure(
        title,
        height,
        **(
            {} if weekly else {"margin": {"l": 70, "r": 20, "t": 60 + 22 * (wrap_title(title).count("<br>")), "b": 150}}
        ),
    )


# --- 6. Questionnaires --------------------------------------------------------------

_FLAGS = (
    ("better", "star", PALETTE["green"], "Change that matters (better, ★)"),
    ("worse", "x", PALETTE["vermillion"], "Change that matters (worse, ×)"),
)


def questionnaire_trends(totals: pd.DataFrame) -> go.Figure | None:
    """Return every instrument's totals over time, or None with no response in the range.

    `totals` is store.questionnaire_totals. Each instrument of lib.questionnaires.INSTRUMENTS
    is drawn in its `style`, in the panel named by its `panel_title` (the TSK forms share one,
    lower is less fear; PSFS has its own, higher is better), panels in INSTRUMENTS order; an
    instrument with a band (TSK-17 at 37) carries its line. A star marks a change since the
    previous answer that reached the minimal important change; a cross one that went the wrong
    way by as much. Answers of an instrument Poise no longer knows are left out.
    """
    if totals is None or totals.empty:
        return None
    answered = set(totals["instrument"])
    panels: dict[str, list[questionnaires.Instrument]] = {}
    for inst in questionnaires.INSTRUMENTS.values():
        if inst.id in answered:
            panels.setdefault(inst.panel_title, []).append(inst)
    if not panels:
        return None
    c = _Canvas()
    shown: set[str] = set()
    for panel, members in enumerate(panels.values(), start=1):
        for inst in members:
            rows = totals[totals["instrument"] == inst.id]
            style = inst.style
            c.add(
                "scatter",
                panel=panel,
                x=rows["day"],
                y=rows["total"].map(inst.rounded),
                name=inst.short,
                mode="lines+markers",
                line={"color": PALETTE[style.colour], "dash": style.dash, "width": 2},
                marker={"symbol": style.symbol, "size": 8},
                hovertemplate=f"%{{x}}<br>{inst.short}: %{{y:g}}<extra></extra>",
            )
            if inst.band_above is not None:
                c.hline(
                    inst.band_above,
                    panel,
                    text=f"{inst.short} {inst.band_above:g}: above this line is high",
                    dash="dot",
                    where="left",
                )
        ids = [inst.id for inst in members]
        for flag, symbol, colour, label in _FLAGS:
            hits = totals[totals["instrument"].isin(ids) & totals[flag]]
            if hits.empty:
                continue
            c.add(
                "scatter",
                panel=panel,
                x=hits["day"],
                y=hits["total"],
                mode="markers",
                name=label,
                legendgroup=flag,
                showlegend=flag not in shown,
                marker={"symbol": symbol, "size": 16, "color": colour, "line": {"width": 1, "color": "#333333"}},
                text=hits["change"].map(lambda d: f"{round(d, 1):+g} since the answer before"),
                hovertemplate="%{x}<br>%{text}<extra></extra>",
            )
            shown.add(flag)
    _stacked(
        c,
        list(panels),
        "Date",
        gap=0.12,
        x_more={"type": "date", **_one_day_range(totals["day"])},  # plotly's own date ticks, as the other charts
    )
    for panel, members in enumerate(panels.values(), start=1):
        if all(inst.aggregate == "mean" for inst in members):  # a mean's scale is fixed: show all of it
            low, high = members[0].total_range
            c.layout[_key("y", panel)]["range"] = [low - 0.03 * (high - low), high + 0.03 * (high - low)]
    return c.figure("Questionnaires: fear of movement and everyday activities", 220 + 230 * len(panels))


def questionnaire_history(series: pd.DataFrame, instrument_id: str) -> go.Figure:
    """Return a line chart of one instrument's totals over time (store.questionnaire_series: `day`, `total`).

    The y axis spans the instrument's whole range, so a small change looks small. An
    instrument with a band (TSK-17 at 37) carries a dashed line at its mark, labelled in
    words, because colour must not carry the meaning alone. The line is in the theme's
    primary colour, as on the rest of the page. Raises ValidationError for an unknown instrument.
    """
    inst = questionnaires.instrument(instrument_id)
    low, high = inst.total_range
    c = _Canvas()
    c.add(
        "scatter",
        x=series["day"],
        y=series["total"].map(inst.rounded),
        mode="lines+markers",
        name=inst.short,
        showlegend=False,
        line={"color": theme.primary(), "width": 2},
        marker={"size": 7},
        hovertemplate=f"%{{x|%Y-%m-%d}}<br>{inst.what}: %{{y:{'.1f' if inst.aggregate == 'mean' else '.0f'}}}"
        "<extra></extra>",
    )
    if inst.band_above is not None:
        c.hline(
            inst.band_above,
            text=f"{inst.band_above:g}: above this line is high",
            dash="dash",
            where="left",
            colour=theme.MARK,
        )
    pad = (high - low) * 0.04
    c.layout["yaxis"] = _axis(inst.what, range=[low - pad, high + pad])
    c.layout["xaxis"] = {**_axis("Date", type="date"), **_one_day_range(series["day"])}
    return c.figure(f"{inst.short}: {inst.what.lower()} ({inst.better})", 420)  # a plot 280 px high, as before


def _one_day_range(days: pd.Series) -> dict:
    """Answers all on one day: show the fortnight around it (alone, the axis would zoom to milliseconds)."""
    days = plotly_days(days)
    if days.nunique() != 1:
        return {}
    return {"range": [days.iloc[0] - pd.Timedelta(days=14), days.iloc[0] + pd.Timedelta(days=14)]}


# --- 7. Context ---------------------------------------------------------------------


def link_words(r: float | None) -> str:
    """Return a correlation in words, never as r: "no clear link", "a weak link: more, less pain" …"""
    if r is None or pd.isna(r):
        return "no spread to compare"
    if abs(r) < 0.2:
        return "no clear link"
    strength = "a weak link" if abs(r) < 0.4 else "a clear link"
    return f"{strength}: more of it, {'more' if r > 0 else 'less'} pain"


def context(frame: pd.DataFrame) -> go.Figure | None:
    """Return mean morning pain by sleep, stress and sitting as small multiples, or None with too few days.

    `frame` is store.context_vs_pain. Each panel names the correlation and the
    days it rests on; every point is labelled with its number of days.
    """
    if frame is None or frame.empty or int(frame["factor_days"].max()) < MIN_CONTEXT_DAYS:
        return None
    c = _Canvas()
    factors = list(dict.fromkeys(frame["factor"]))
    gap = 0.06
    width = (1 - gap * (len(factors) - 1)) / len(factors)
    for i, factor in enumerate(factors, start=1):
        rows = frame[frame["factor"] == factor]
        label, r = rows["label"].iloc[0], rows["r"].iloc[0]
        c.add(
            "scatter",
            panel=i,
            x=rows["value"],
            y=rows["mean_pain"],
            mode="lines+markers+text",
            showlegend=False,
            name=label,
            line={"color": PALETTE["blue"], "width": 1.5},
            marker={"size": 8, "color": PALETTE["blue"]},
            text=rows["days"].astype(str),
            textposition="top center",
            textfont={"size": 9},
            customdata=rows["days"],
            hovertemplate="%{x:g}: mean pain %{y:.1f} over %{customdata} days<extra></extra>",
        )
        left = (i - 1) * (width + gap)
        c.layout[_key("x", i)] = _axis(label, domain=[left, left + width], anchor=_ref("y", i))
        c.layout[_key("y", i)] = _axis(
            "Mean morning pain (0–10)" if i == 1 else "",
            anchor=_ref("x", i),
            range=[-0.3, 10.3],
            showticklabels=i == 1,
            **_follows("y", i),
        )
        r_text = link_words(r)
        c.annotations.append(
            {
                "xref": f"{_ref('x', i)} domain",
                "yref": "paper",
                "x": 0.5,
                "y": 1.02,
                "yanchor": "bottom",
                "showarrow": False,
                "text": f"{label}<br><sup>{r_text}, {int(rows['factor_days'].iloc[0])} days</sup>",
            }
        )
    return c.figure(
        "Sleep, stress and sitting against morning pain (same check-in)"
        "<br><sup>The number above each point: the days it rests on</sup>",
        420,
        margin={"l": 70, "r": 30, "t": 110, "b": 80},
    )
