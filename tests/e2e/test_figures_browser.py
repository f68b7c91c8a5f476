"""In Chromium, the contact sheet draws every exercise figure inside its own canvas, at the start and mid-way."""

from __future__ import annotations

import pytest

from lib import figures
from tests.e2e.browser import ARTIFACTS

pytestmark = pytest.mark.e2e

BOXES = """() => [...document.querySelectorAll('svg[class~="cell"]')].map(cell => {
    const c = cell.getBoundingClientRect();
    const body = [...cell.querySelectorAll('.seg, .head')].map(e => e.getBoundingClientRect());
    const drawn = body.filter(r => r.width > 0 && r.height > 0);
    return {figure: cell.dataset.figure, cell: [c.left, c.top, c.right, c.bottom], parts: body.length,
            drawn: drawn.length ? [Math.min(...drawn.map(r => r.left)), Math.min(...drawn.map(r => r.top)),
                                   Math.max(...drawn.map(r => r.right)), Math.max(...drawn.map(r => r.bottom))] : null};
})"""


@pytest.mark.parametrize("seconds", [0.0, 1.3])
def test_every_figure_has_a_body_drawn_inside_its_canvas(page, seconds):
    sheet = figures.contact_sheet_svg()
    page.set_content(f"<!DOCTYPE html><html><body style='margin:0;background:#fff'>{sheet}</body></html>")
    page.evaluate(
        f"() => {{ const s = document.querySelector('svg'); s.pauseAnimations(); s.setCurrentTime({seconds}); }}"
    )
    cells = page.evaluate(BOXES)
    assert {c["figure"] for c in cells} == {f.title for f in figures.all_figures()}
    assert len(cells) == 2 * len(figures.all_figures())  # the animation and the strip of each
    for c in cells:
        assert c["parts"] >= 13 and c["drawn"], c["figure"]
        x0, y0, x1, y1 = c["drawn"]
        cx0, cy0, cx1, cy1 = c["cell"]
        assert x1 - x0 > 10 and y1 - y0 > 10, c
        assert cx0 - 0.5 <= x0 and y0 >= cy0 - 0.5 and x1 <= cx1 + 0.5 and y1 <= cy1 + 0.5, c  # nothing off-canvas
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1200, "height": 800})
    page.screenshot(path=str(ARTIFACTS / f"figures-at-{seconds:g}s.png"), full_page=True)
