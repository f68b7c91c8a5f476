"""The form check's one chart: the tracked angle over time, each rep shaded and its bottom marked. Pure."""

from __future__ import annotations

import plotly.graph_objects as go

from lib.charts import FONT, GRID, PALETTE
from lib.motion import ANGLE_LABELS, FormCheck

__all__ = ["form_check_figure"]


def form_check_figure(check: FormCheck, phases: tuple[str, str] = ("lowering", "rising")) -> go.Figure:
    """Return the angle (°) against time (s) with each rep's span shaded and numbered; its bottom a marker."""
    label = ANGLE_LABELS[check.angle]
    figure = go.Figure()
    figure.add_scatter(
        x=check.chart_t,
        y=check.chart_deg,
        mode="lines",
        name=label.capitalize(),
        line={"color": PALETTE["blue"], "width": 2.5},
        connectgaps=False,
        hovertemplate="%{x:.1f} s: %{y:.0f}°<extra></extra>",
    )
    for n, rep in enumerate(check.reps, start=1):
        figure.add_vrect(
            x0=rep.start_s,
            x1=rep.end_s,
            fillcolor=PALETTE["sky"] if n % 2 else PALETTE["grey"],
            opacity=0.12,
            line_width=0,
            annotation_text=f"rep {n}",
            annotation_position="top left",
            annotation_font_size=11,
        )
    if check.reps:
        figure.add_scatter(
            x=[r.bottom_s for r in check.reps],
            y=[r.low_deg for r in check.reps],
            mode="markers",
            name="Bottom of each rep",
            marker={"symbol": "triangle-down", "size": 10, "color": PALETTE["vermillion"]},
            customdata=[[r.lowering_s, r.rising_s] for r in check.reps],
            hovertemplate=(
                f"%{{y:.0f}}°<br>{phases[0]} %{{customdata[0]:.1f}} s, "
                f"{phases[1]} %{{customdata[1]:.1f}} s<extra></extra>"
            ),
        )
    figure.update_layout(
        title={"text": f"{check.exercise}: {label} ({check.side} side)", "font": {"size": 15}},
        font={"family": FONT, "size": 13},
        height=320,
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        plot_bgcolor="white",
        paper_bgcolor="white",
        showlegend=True,
        legend={"orientation": "h", "y": -0.25},
        hovermode="closest",
        xaxis={"title": "Seconds into the clip", "gridcolor": GRID, "zeroline": False},
        yaxis={"title": "Angle (°), 180° is straight", "gridcolor": GRID, "zeroline": False},
    )
    return figure
