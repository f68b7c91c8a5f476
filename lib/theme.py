"""Poise's colours and font, in one place: the charts (lib/charts.py) and the exercise figures (lib/figures.py)
read them here.

The theme's primary colour is read once, from .streamlit/config.toml (the colour
Streamlit draws buttons and links in), so a figure matches the page around it.
The charts draw series in the Okabe–Ito palette, safe for the common colour-vision
deficiencies. Pure: reads one file of the repository, imports no Streamlit.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PRIMARY = "#2f6f62"  # when config.toml is missing or its colour is unreadable

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#8C8C8C",
}
MARK = "#8a5a00"  # a mark line's words (a band's threshold): a dark amber that stays readable on white
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"  # no web font
GRID = "#E6E6E6"


@lru_cache(maxsize=1)
def primary() -> str:
    """Return the theme's primary colour ("#2f6f62") from .streamlit/config.toml, else DEFAULT_PRIMARY."""
    try:
        colour = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]["primaryColor"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return DEFAULT_PRIMARY
    colour = str(colour)
    return colour if len(colour) == 7 and colour.startswith("#") else DEFAULT_PRIMARY
