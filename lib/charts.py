"""Pure figure builders: DataFrame in, plotly Figure out, no I/O.

Each builder takes the frames that lib.store returns (daily frames have a
`day` column; frames of a range over a year have `week` instead) and returns
either a `plotly.graph_objects.Figure` or **None when there is not enough
data to draw something honest**. `needs(builder)` then says, in one sentence
a person can act on, what is needed::

    fig = charts.next_morning(pairs)
    if fig is None:
        st.info(charts.needs(charts.next_morning))  # "Log 3 sessions with a next-morning check-in to see this."
    else:
        st.plotly_chart(fig)

Accessibility: the Okabe–Ito palette (safe for the common colour-vision
deficiencies); every series also differs by marker symbol, dash or a label,
so colour never carries meaning alone; every axis has a title with its unit.
Figures work offline: a system font stack, no web fonts, no map tiles.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib import load
from lib.models import VARIABLES

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#8C8C8C",
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# How each progression action is drawn: symbol, colour, label. Symbol and label carry the meaning.
ACTIONS = {
    "progress": ("triangle-up", PALETTE["green"], "Progressed"),
    "hold": ("circle-open", PALETTE["black"], "Held"),
    "regress": ("triangle-down", PALETTE["vermillion"], "Stepped back"),
    "deload": ("square", PALETTE["orange"], "Deload"),
    "manual": ("diamond", PALETTE["purple"], "Set by hand"),
}
# The progression actions marked on the pain-and-load chart (hold changes nothing; deloads are shaded).
CHANGE_ACTIONS = ("progress", "regress", "manual")

NEEDS: dict[str, str] = {
    "pain_and_load": "Log morning check-ins or sessions on 2 days or more in this range to see this.",
    "next_morning": (f"Log {load.MIN_PAIRS} sessions with a next-morning check-in to see this "
                     "(the check-in on the day after each session)."),
    "acute_chronic": "Log sessions over at least 4 weeks to see this: the chronic load needs 28 days of history.",
    "prescription_history": "Pick an exercise that you have done or that has a prescription history.",
    "consistency": "Log a session or tick a daily ritual to start your practice calendar.",
    "questionnaires": "Answer the TSK or the PSFS on the Questionnaires page to see your scores over time.",
    "context": "Log morning check-ins on 5 days or more in this range to see how sleep, stress and sitting go with pain.",
}

MIN_CONTEXT_DAYS = 5


def needs(builder: Callable | str) -> str:
    """Return what a builder needs before it can draw (the sentence to show when it returned None)."""
    name = builder if isinstance(builder, str) else builder.__name__
    return NEEDS[name]


def _style(fig: go.Figure, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        template="plotly_white", font={"family": FONT, "size": 13, "color": "#222222"},
        height=height, margin={"l": 70, "r": 70, "t": 60, "b": 110},
        # The legend sits at the foot of the figure, below the x-axis title, never on top of it.
        legend={"orientation": "h", "yref": "container", "y": 0.01, "yanchor": "bottom", "xanchor": "left", "x": 0},
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def _x(frame: pd.DataFrame) -> tuple[str, str]:
    """Return the time column of a store frame and its axis title."""
    return ("week", "Week (starting Monday)") if "week" in frame.columns else ("day", "Date")


def _legend_only(fig: go.Figure, name: str, symbol: str, colour: str, **kwargs) -> None:
    """Add a legend entry for something drawn as shapes (e.g. shaded weeks)."""
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                             marker={"symbol": symbol, "color": colour, "size": 12}, **kwargs))


# --- 1. Pain and load ------------------------------------------------------------

def pain_and_load(daily: pd.DataFrame, events: pd.DataFrame | None = None,
                  deload_weeks: pd.DataFrame | None = None) -> go.Figure | None:
    """Return morning pain against training load over time, or None with fewer than 2 days of data.

    `daily` is store.daily_pain_and_load; `events` store.progression_events
    (progress, regress and manual changes are marked, with their exercise in
    the hover); `deload_weeks` store.deload_weeks (shaded). Pain is on the
    left axis (0–10), load (RPE × minutes, AU) as bars on the right.
    """
    if daily is None or daily.empty:
        return None
    x, x_title = _x(daily)
    weekly = x == "week"
    pain_col = "pain_median" if weekly else "pain"
    active = daily[pain_col].notna() | (daily["load"] > 0)
    if int(active.sum()) < 2:
        return None
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    unit = "AU per week" if weekly else "AU per day"
    fig.add_trace(go.Bar(
        x=daily[x], y=daily["load"], name=f"Training load ({unit}, bars)",
        marker={"color": PALETTE["sky"], "opacity": 0.55},
        hovertemplate="%{x}<br>Load %{y:.0f} AU<extra></extra>"), secondary_y=True)
    if weekly:
        fig.add_trace(go.Scatter(
            x=daily[x], y=daily["pain_median"], name="Weekly median morning pain", mode="lines+markers",
            line={"color": PALETTE["blue"], "width": 2.5}, marker={"symbol": "circle", "size": 6},
            hovertemplate="Week of %{x}<br>Median pain %{y:.1f}<extra></extra>"), secondary_y=False)
        y_at = daily["pain_median"]
    else:
        fig.add_trace(go.Scatter(
            x=daily[x], y=daily["pain"], name="Morning pain (dots)", mode="markers",
            marker={"color": PALETTE["blue"], "symbol": "circle", "size": 6, "opacity": 0.7},
            hovertemplate="%{x}<br>Pain %{y:.0f} of 10<extra></extra>"), secondary_y=False)
        fig.add_trace(go.Scatter(
            x=daily[x], y=daily["pain_median_7d"], name="7-day median pain (line)", mode="lines",
            line={"color": PALETTE["black"], "width": 2.5},
            hovertemplate="%{x}<br>7-day median %{y:.1f}<extra></extra>"), secondary_y=False)
        y_at = daily["pain"].fillna(daily["pain_median_7d"])
    flares = daily[daily["flare_up"].fillna(False).astype(bool)]
    if not flares.empty:
        fig.add_trace(go.Scatter(
            x=flares[x], y=y_at[flares.index].fillna(10), name="Flare-up (×)", mode="markers",
            marker={"symbol": "x-thin-open", "size": 14, "color": PALETTE["vermillion"], "line": {"width": 3}},
            hovertemplate="%{x}<br>Flare-up flagged<extra></extra>"), secondary_y=False)
    _mark_changes(fig, events, x)
    _shade_deloads(fig, deload_weeks)
    fig.update_yaxes(title_text="Morning pain (0–10)", range=[-0.3, 11.2], tickvals=list(range(0, 11, 2)),
                     secondary_y=False)
    # Bars keep to the lower two thirds, so the change markers along the top stay clear.
    fig.update_yaxes(title_text=f"Training load ({unit}: RPE × min)", range=[0, max(float(daily["load"].max()), 1) * 1.6],
                     tickmode="auto", showgrid=False, secondary_y=True)
    fig.update_xaxes(title_text=x_title)
    fig.update_layout(bargap=0.15)
    return _style(fig, "Morning pain and training load", height=460)


def _mark_changes(fig: go.Figure, events: pd.DataFrame | None, x: str) -> None:
    """Draw accepted prescription changes as a row of symbols along the top of the pain axis."""
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
        fig.add_trace(go.Scatter(
            x=rows[x], y=[10.6] * len(rows), name=f"{label} (exercise in hover)", mode="markers",
            marker={"symbol": symbol, "color": colour, "size": 10, "line": {"width": 1, "color": "#333333"}},
            text=text, hovertemplate="%{x}<br>%{text}<extra></extra>"), secondary_y=False)


def _shade_deloads(fig: go.Figure, deload_weeks: pd.DataFrame | None) -> None:
    if deload_weeks is None or deload_weeks.empty:
        return
    for row in deload_weeks.itertuples(index=False):
        # Shade whole days: from the start of the first day to the end of the last.
        fig.add_vrect(x0=pd.Timestamp(row.week_start) - pd.Timedelta(hours=12),
                      x1=pd.Timestamp(row.week_end) + pd.Timedelta(hours=12),
                      fillcolor=PALETTE["yellow"], opacity=0.25, line_width=0, layer="below")
    _legend_only(fig, "Deload week (shaded)", "square", PALETTE["yellow"])


# --- 2. Next-morning response -------------------------------------------------------

def next_morning(pairs: pd.DataFrame, red_delta: float | None = 2) -> go.Figure | None:
    """Return each session day's load against the next morning's change in pain, or None with too few pairs.

    `pairs` is store.next_morning_pairs (`load`, `delta`, optional `n` and
    `day`). Draws the points, the least-squares trend, the zero line and, when
    given, the `red_delta` line (a rise that matters). Needs load.MIN_PAIRS pairs.
    """
    if pairs is None or pairs.empty:
        return None
    response = load.next_morning_response(pairs)
    if response.pairs < load.MIN_PAIRS:
        return None
    fig = go.Figure()
    grouped = "day" not in pairs.columns
    if grouped:
        size = 6 + 14 * (pairs["n"] / pairs["n"].max()) ** 0.5
        fig.add_trace(go.Scatter(
            x=pairs["load"], y=pairs["delta"], mode="markers", name="Session days (size: how many)",
            marker={"color": PALETTE["blue"], "size": size, "opacity": 0.6, "symbol": "circle"},
            text=pairs["n"], hovertemplate="Load %{x:.0f} AU<br>Change %{y:+.1f}<br>%{text} days<extra></extra>"))
    else:
        fig.add_trace(go.Scatter(
            x=pairs["load"], y=pairs["delta"], mode="markers", name="Session day",
            marker={"color": PALETTE["blue"], "size": 8, "opacity": 0.65, "symbol": "circle"},
            customdata=pairs[["day", "baseline", "next_pain"]].astype(str).to_numpy(),
            hovertemplate=("%{customdata[0]}: load %{x:.0f} AU<br>next morning %{customdata[2]}"
                           " vs baseline %{customdata[1]} (%{y:+.1f})<extra></extra>")))
    lo, hi = float(pairs["load"].min()), float(pairs["load"].max())
    if response.slope is not None and hi > lo:
        label = f"Trend (r = {response.r:+.2f}, {response.pairs} days)" if response.r is not None \
            else f"Trend ({response.pairs} days)"
        fig.add_trace(go.Scatter(
            x=[lo, hi], y=[response.intercept + response.slope * lo, response.intercept + response.slope * hi],
            mode="lines", name=label, line={"color": PALETTE["vermillion"], "width": 2.5, "dash": "dash"},
            hoverinfo="skip"))
    fig.add_hline(y=0, line={"color": PALETTE["grey"], "width": 1},
                  annotation_text="no change from baseline", annotation_position="bottom right")
    if red_delta:
        fig.add_hline(y=red_delta, line={"color": PALETTE["grey"], "width": 1, "dash": "dot"},
                      annotation_text=f"+{red_delta:g}: a rise that matters", annotation_position="top right")
    top = max(float(pairs["delta"].max()), red_delta or 0) + 1
    fig.update_yaxes(title_text="Morning pain vs baseline (points)", zeroline=False,
                     range=[min(float(pairs["delta"].min()), 0) - 1, top])
    fig.update_xaxes(title_text="Session load that day (AU: RPE × minutes)")
    return _style(fig, f"How your back answered the next morning ({response.pairs} session days)", height=420)


# --- 4. Prescription history -------------------------------------------------------

def prescription_history(timeline: pd.DataFrame, events: pd.DataFrame | None, exercise: str) -> go.Figure | None:
    """Return one exercise's prescription over time as step lines, one panel per variable, or None.

    `timeline` is store.prescription_timeline (`day`, `variant`, `source`, a
    column per variable); `events` store.progression_events (rows of other
    exercises are ignored). Each progress, hold, regress, deload or manual
    event is a marker on the panel of the variable it changed (on every panel
    when it names none). Returns None when the timeline is empty.
    """
    if timeline is None or timeline.empty:
        return None
    variables = [c for c in timeline.columns if c in VARIABLES and timeline[c].notna().any()]
    if not variables:
        return None
    titles = [_variable_title(v) for v in variables]
    fig = make_subplots(rows=len(variables), cols=1, shared_xaxes=True, vertical_spacing=0.08)
    variant = timeline["variant"].fillna("").astype(str)
    for i, variable in enumerate(variables, start=1):
        fig.add_trace(go.Scatter(
            x=timeline["day"], y=timeline[variable], mode="lines+markers", line_shape="hv",
            name=titles[i - 1], line={"color": PALETTE["blue"], "width": 2.5},
            marker={"size": 4, "color": PALETTE["blue"]}, text=variant, showlegend=False,
            hovertemplate=f"%{{x}}<br>{titles[i - 1]}: %{{y:g}}<br>%{{text}}<extra></extra>"), row=i, col=1)
        fig.update_yaxes(title_text=titles[i - 1], rangemode="tozero", row=i, col=1)
    _mark_events(fig, timeline, events, exercise, variables)
    changed = timeline[variant.ne(variant.shift()) & (timeline.index > timeline.index[0])]
    for row in changed.itertuples(index=False):
        fig.add_vline(x=pd.Timestamp(row.day).timestamp() * 1000, line={"dash": "dot", "color": PALETTE["grey"]})
        fig.add_annotation(x=pd.Timestamp(row.day), y=1.0, xref="x", yref="paper", yanchor="bottom",
                           text=f"variant: {row.variant}", showarrow=False, font={"size": 11})
    fig.update_xaxes(title_text="Date", row=len(variables), col=1)
    first = variant.iloc[0]
    subtitle = f" · variant: {first}" if first else ""
    return _style(fig, f"{exercise}: prescription over time{subtitle}", height=140 + 170 * len(variables))


def _variable_title(variable: str) -> str:
    spec = VARIABLES[variable]
    return f"{spec.label} ({spec.unit})" if spec.unit else spec.label


def _mark_events(fig: go.Figure, timeline: pd.DataFrame, events: pd.DataFrame | None, exercise: str,
                 variables: list[str]) -> None:
    if events is None or events.empty or "day" not in events.columns:
        return
    mine = events[events["exercise"].astype(str).str.casefold() == exercise.casefold()]
    if mine.empty:
        return
    steps = timeline.assign(_t=pd.to_datetime(timeline["day"])).sort_values("_t")
    mine = mine.assign(_t=pd.to_datetime(mine["day"])).sort_values("_t")
    # The value in force on each event's day, for events that name no variable of this panel.
    placed = pd.merge_asof(mine, steps[["_t", *variables]], on="_t", direction="backward")
    shown = set()
    for i, variable in enumerate(variables, start=1):
        at_panel = placed[(placed["variable"] == variable) | ~placed["variable"].isin(variables)]
        for action, (symbol, colour, label) in ACTIONS.items():
            rows = at_panel[at_panel["action"] == action]
            if rows.empty:
                continue
            y = rows["after"].where(rows["variable"] == variable, rows[variable]) if "after" in rows else rows[variable]
            fig.add_trace(go.Scatter(
                x=rows["day"], y=y, mode="markers", name=label, legendgroup=action,
                showlegend=action not in shown,
                marker={"symbol": symbol, "color": colour, "size": 11, "line": {"width": 1, "color": "#333333"}},
                text=rows["reason"].astype(str),
                hovertemplate=f"%{{x}}<br>{label}<br>%{{text}}<extra></extra>"), row=i, col=1)
            shown.add(action)
