"""`make figures`: write the contact sheet of every exercise figure to docs/figures.svg (and .png).

The SVG comes from lib.figures.contact_sheet_svg (pure). The PNG is drawn by
Debian's Chromium under Playwright (the browser the e2e tests use), with every
animation stopped at its start; without Chromium or Playwright only the SVG is
written, and this says so.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lib import figures

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def render_png(svg: str, path: Path) -> list[dict]:
    """Draw `svg` in Chromium, save a PNG of it at `path`; return each figure cell's box and its drawing's box.

    Each row: {"figure", "cell": (x, y, w, h), "drawn": (x, y, w, h)}, the drawn box in the page's pixels.
    Raises RuntimeError when Chromium or Playwright is missing. Writes `path`.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        raise RuntimeError("Playwright is not installed (requirements-dev.txt)") from e
    if not CHROMIUM.exists():
        raise RuntimeError(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page(viewport={"width": 1200, "height": 800})
            tab.set_content(f"<!DOCTYPE html><html><body style='margin:0;background:#fff'>{svg}</body></html>")
            tab.evaluate("() => { const s = document.querySelector('svg'); s.pauseAnimations(); s.setCurrentTime(0); }")
            boxes = tab.evaluate("""() => [...document.querySelectorAll('svg.cell, svg[class~="cell"]')].map(cell => {
                const c = cell.getBoundingClientRect();
                const body = [...cell.querySelectorAll('.seg, .head')].map(e => e.getBoundingClientRect())
                    .filter(r => r.width > 0 || r.height > 0);
                const x0 = Math.min(...body.map(r => r.left)), y0 = Math.min(...body.map(r => r.top));
                const x1 = Math.max(...body.map(r => r.right)), y1 = Math.max(...body.map(r => r.bottom));
                return {figure: cell.dataset.figure, cell: [c.left, c.top, c.width, c.height],
                        drawn: body.length ? [x0, y0, x1 - x0, y1 - y0] : null};
            })""")
            path.parent.mkdir(parents=True, exist_ok=True)
            tab.screenshot(path=str(path), full_page=True)
        finally:
            browser.close()
    return boxes


def main() -> int:
    """Write docs/figures.svg and, when Chromium is here, docs/figures.png. Prints what it wrote."""
    svg = figures.contact_sheet_svg()
    out = ROOT / "docs" / "figures.svg"
    out.parent.mkdir(exist_ok=True)
    out.write_text(svg + "\n")
    print(f"wrote {out.relative_to(ROOT)} ({len(figures.all_figures())} figures)")
    try:
        render_png(svg, ROOT / "docs" / "figures.png")
        print("wrote docs/figures.png")
    except RuntimeError as e:
        print(f"docs/figures.png not drawn: {e}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
