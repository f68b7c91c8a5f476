"""Every page at a phone's size (390×844) and a desktop's (1280×900), in Chromium, with screenshots.

Checked on each page: no horizontal scroll, no two tick labels of a chart overlapping, and on the phone
every touch target at least 44 px; the check-in in one column in reading order; inputs at 16 px; the
menu closing after a tap; the demo banner still there after a reload.
"""

from __future__ import annotations

import time

import pytest

from lib import demo_mode
from tests.e2e.browser import ARTIFACTS, URLS, assert_no_error, open_page

pytestmark = pytest.mark.e2e

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
TARGET_PX = 44

# Visible touch targets that are smaller than TARGET_PX: buttons, menu links, the labels of ticks and picks.
_SMALL_TARGETS = """(min) => Array.from(document.querySelectorAll(
    '[data-testid=stMain] button, [data-testid=stSidebar] button, [data-testid=stExpandSidebarButton],'
    + ' [data-testid=stPageLink] a, [data-testid=stCheckbox] label, [data-testid=stRadio] label,'
    + ' [role=slider], [data-testid=stTab]'))
  .filter(e => !e.closest('.modebar') && !e.closest('[data-testid=stTooltipContent]'))
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
  .map(e => { const r = e.getBoundingClientRect();
              return [e.dataset.testid || e.tagName, (e.innerText || e.getAttribute('aria-label') || '').slice(0, 30),
                      Math.round(r.width), Math.round(r.height)]; })
  .filter(([, , w, h]) => w < min || h < min)"""

# Pairs of tick labels of one axis of one chart whose boxes overlap (by more than a pixel).
_OVERLAPS = """() => {
  const found = [];
  document.querySelectorAll('.js-plotly-plot').forEach((plot, p) => {
    plot.querySelectorAll('g.xaxislayer-above, g.yaxislayer-above').forEach(axis => {
      const boxes = Array.from(axis.querySelectorAll('g[class$="tick"] text'))  // xtick, x2tick, ytick …
        .filter(t => t.textContent.trim()).map(t => [t.textContent, t.getBoundingClientRect()]);
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const [a, r] = boxes[i], [b, s] = boxes[j];
        if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
          found.push([p, a, b]);
      }
    });
  });
  return found;
}"""

_WIDER_THAN_SCREEN = """() => {
  const main = document.querySelector('[data-testid=stMain]');
  return [document.documentElement.scrollWidth - window.innerWidth, main.scrollWidth - main.clientWidth];
}"""


def full_screenshot(tab, name: str, width: int, height: int) -> list:
    """Save the whole page, stitched from one screenshot per screenful (Streamlit scrolls inside its main
    block, and draws a chart only when it comes into view); return the overlapping tick labels seen on the way."""
    from PIL import Image

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    main = "document.querySelector('[data-testid=stMain]')"
    tall = tab.evaluate(f"{main}.scrollHeight")
    sheet = Image.new("RGB", (width, tall), "white")
    overlaps: list = []
    shot = ARTIFACTS / f"{name}.part.png"
    for top in range(0, tall, height):
        tab.evaluate(f"{main}.scrollTo(0, {top})")
        time.sleep(0.6)
        wait_for_charts(tab)
        overlaps += [o for o in tab.evaluate(_OVERLAPS) if o not in overlaps]
        tab.screenshot(path=str(shot))
        offset = tab.evaluate(f"{main}.scrollTop")  # the last screenful stops at the foot
        with Image.open(shot) as part:
            sheet.paste(part.convert("RGB"), (0, offset))
    shot.unlink(missing_ok=True)
    sheet.save(ARTIFACTS / f"{name}.png")
    tab.evaluate(f"{main}.scrollTo(0, 0)")
    return overlaps


def wait_for_charts(tab) -> None:
    """Wait until every chart on the page has drawn its axes."""
    tab.wait_for_function("""() => Array.from(document.querySelectorAll('[data-testid=stPlotlyChart]'))
        .every(c => c.querySelector(
            '.js-plotly-plot g.xaxislayer-above text, .js-plotly-plot g.yaxislayer-above text'))""")
    time.sleep(0.5)


@pytest.fixture(params=list(SIZES))
def sized(request, browser):
    """A fresh tab at the phone's or the desktop's size; yields (tab, size name)."""
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab, request.param
    context.close()


def test_every_page_fits_the_screen_keeps_its_labels_apart_and_has_big_enough_targets(sized, demo_server):
    tab, size = sized
    width, height = SIZES[size]
    problems = []
    for title, url in URLS.items():
        open_page(tab, demo_server, title)
        assert_no_error(tab)
        wait_for_charts(tab)
        wider = tab.evaluate(_WIDER_THAN_SCREEN)
        if max(wider) > 0:
            problems.append(f"{title}: {max(wider)} px of horizontal scroll")
        if size == "phone" and (small := tab.evaluate(_SMALL_TARGETS, TARGET_PX)):
            problems.append(f"{title}: touch targets under {TARGET_PX} px {small[:5]}")
        if overlaps := full_screenshot(tab, f"{size}-{url or 'Today'}", width, height):
            problems.append(f"{title} ({size}): tick labels overlap {overlaps[:3]}")
    assert not problems, "\n".join(problems)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


def test_on_a_phone_the_check_in_reads_top_to_bottom_in_one_column_with_16_px_inputs(phone, demo_server):
    open_page(phone, demo_server, "Check-in & log")
    labels = [
        "Pain now",
        "Morning stiffness",
        "Sleep last night",
        "Sleep quality",
        "Stress",
        "Sitting today",
        "Travel day",
        "Flare-up",
        "Notes",
    ]
    boxes = [phone.locator("[data-testid=stMain]").get_by_text(label).first.bounding_box() for label in labels]
    tops = [b["y"] for b in boxes]
    assert tops == sorted(tops), list(zip(labels, tops, strict=True))
    assert len({round(b["x"]) for b in boxes}) <= 2  # one column: every field starts at the same left edge
    sizes = phone.evaluate(
        "() => Array.from(document.querySelectorAll('[data-testid=stMain] input:not([type=checkbox]),"
        " [data-testid=stMain] textarea')).map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes and min(sizes) >= 16, sizes


def test_on_a_phone_the_menu_closes_after_a_page_is_picked(phone, demo_server):
    open_page(phone, demo_server, "Today")
    phone.locator("[data-testid=stExpandSidebarButton]").click()
    sidebar = phone.locator("[data-testid=stSidebar]")
    phone.wait_for_function("document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right > 100")
    phone.locator("[data-testid=stSidebar] [data-testid=stPageLink] a", has_text="Progress").click()
    phone.get_by_role("heading", name="Progress", exact=True).wait_for()
    phone.wait_for_function("document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0")
    assert sidebar.bounding_box()["x"] + sidebar.bounding_box()["width"] <= 0


def test_the_demo_banner_is_on_every_page_and_still_there_after_a_reload(phone, empty_server):
    open_page(phone, empty_server, "Today")
    phone.get_by_role("button", name="Try it on a demo history").click()
    banner = phone.get_by_text(demo_mode.BANNER)
    banner.wait_for()
    phone.reload()
    phone.get_by_role("heading", name="Today", exact=True).wait_for()
    banner.wait_for()
    assert banner.is_visible()
    full_screenshot(phone, "phone-demo-Today", 390, 844)
    for title in URLS:
        open_page(phone, empty_server, title)
        assert phone.get_by_text(demo_mode.BANNER).is_visible(), title
    phone.get_by_role("button", name=demo_mode.BACK).first.click()
    phone.get_by_text(demo_mode.BANNER).wait_for(state="detached")
    open_page(phone, empty_server, "Today")  # the own diary again: still empty, so the welcome is back
    phone.get_by_text("Welcome to Poise").wait_for()
    assert not phone.get_by_text(demo_mode.BANNER).count()
