"""Pure figure builders for questionnaire history: a DataFrame in, a plotly Figure out."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from lib import questionnaires

LINE_COLOUR = "#2f6f62"  # the theme's primary colour
MARK_COLOUR = "#8a5a00"


def history_figure(series: pd.DataFrame, instrument_id: str) -> go.Figure:
    """Return a line chart of one instrument's totals over time (columns `day`, `total`).

    The y axis spans the instrument's whole range, so a small change looks
    small. TSK-17 carries a dashed line at its high-kinesiophobia mark (37),
    labelled in words, because colour must not carry the meaning alone.
    Raises ValidationError for an unknown instrument.
    """
    inst = questionnaires.instrument(instrument_id)
    low, high = inst.total_range
    what = "Mean rating" if inst.aggregate == "mean" else "Total"
    fig = go.Figure(go.Scatter(
        x=series["day"], y=series["total"].map(inst.rounded), mode="lines+markers", name=inst.short,
        line={"color": LINE_COLOUR, "width": 2}, marker={"size": 7},
        hovertemplate=f"%{{x|%Y-%m-%d}}<br>{what}: %{{y:{'.1f' if inst.aggregate == 'mean' else '.0f'}}}"
                      "<extra></extra>"))
    if inst.band_above is not None:
        fig.add_hline(y=inst.band_above, line={"color": MARK_COLOUR, "dash": "dash", "width": 1},
                      annotation_text=f"{inst.band_above:g}: above this line is high",
                      annotation_position="top left", annotation_font_color=MARK_COLOUR)
    pad = (high - low) * 0.04
    fig.update_layout(
        height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10}, showlegend=False,
        title={"text": f"{inst.short}: {what.lower()} ({'higher is better' if inst.mic_direction > 0 else 'lower is better'})",
               "font": {"size": 14}},
        yaxis={"range": [low - pad, high + pad], "title": what},
        xaxis={"title": None, "type": "date", "tickformat": "%d %b %Y", **_one_day_range(series["day"])},
    )
    return fig


def _one_day_range(days: pd.Series) -> dict:
    """Answers all on one day: show the fortnight around it (alone, the axis would zoom to milliseconds)."""
    days = pd.to_datetime(days)
    if days.nunique() != 1:
        return {}
    return {"range": [days.iloc[0] - pd.Timedelta(days=14), days.iloc[0] + pd.Timedelta(days=14)]}
