"""In Chromium, on Playwright's clock: a whole guided session timed in the browser, reloaded midway, and logged.

`page.clock.install()` before the first page load fakes the page's timers and performance.now(),
so `run_for(ms)` runs the player's countdowns in an instant: an 8-minute session takes seconds.
The player mounts in an open shadow root; Playwright's CSS locators pierce it.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import assert_no_error, open_page, screenshot
from tests.e2e.forms import pill

pytestmark = pytest.mark.e2e

PEAK_PAIN = "Pain during, at its peak"  # the eleven buttons after each exercise
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

# Counts the tones the player makes (one oscillator each) and the audio contexts it holds open.
AUDIO_SPY = """
window.__tones = [];
window.__audio = { opened: 0, closed: 0 };
const RealAudioContext = window.AudioContext;
window.AudioContext = class extends RealAudioContext {
  constructor(...args) { super(...args); window.__audio.opened++; }
  createOscillator() {
    const osc = super.createOscillator();
    window.__tones.push(performance.now());
    return osc;
  }
  close() { window.__audio.closed++; return super.close(); }
};
"""

TARGET_PX = 44
# The page's own targets smaller than TARGET_PX: its buttons and 0-10 picks, the "It was …" picks and the
# player's buttons (in the player's shadow root), as [what, text, width, height]. Not Streamlit's own
# toolbar over the figure (its full-screen button, shown on hover).
SMALL_TARGETS = """(min) => {
  const roots = [document, ...Array.from(document.querySelectorAll('[data-testid=stBidiComponentIsolated]'),
                                         (e) => e.shadowRoot).filter(Boolean)];
  return roots.flatMap((root) => Array.from(root.querySelectorAll(
      '[data-testid=stMain] [data-testid^=stBaseButton]:not([data-testid=stBaseButton-elementToolbar]), '
      + '[data-testid=stMain] [role=radiogroup] > button, [class*=st-key-guided_outcome] [data-testid=stRadio] label,'
      + ' .poise-player button')))
    .map((e) => [e, e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height > 0)
    .filter(([, r]) => r.width < min || r.height < min)
    .map(([e, r]) => [e.dataset.testid || e.dataset.act || e.tagName, (e.innerText || '').slice(0, 30),
                      Math.round(r.width), Math.round(r.height)]);
}"""


def assert_big_targets(page) -> None:
    """Every target of the page's own at least 44 × 44 px (on a desktop too: the laptop sits beside the mat)."""
    small = page.evaluate(SMALL_TARGETS, TARGET_PX)
    assert small == [], small


class Player:
    """The player's parts, found by their test ids (inside the component's shadow root).

    While the server reruns the page, Streamlit keeps the elements of the run before, marked
    stale (the rest's player beside the next exercise's, for a moment): only live ones count.
    """

    def __init__(self, page):
        self.page = page

    def part(self, name: str):
        return self.page.locator(f"[data-testid=stElementContainer][data-stale=false] [data-testid=player-{name}]")

    def text(self, name: str) -> str:
        return self.part(name).text_content()

    def scale(self) -> float:
        transform = self.part("circle").evaluate("e => e.style.transform")
        return float(re.fullmatch(r"scale\(([\d.]+)\)", transform).group(1))

    def tones(self) -> int:
        return self.page.evaluate("window.__tones.length")


def start_session(page, url: str) -> Player:
    open_page(page, url, "Guided session")
    page.get_by_role("button", name="Start today's session").click()
    player = Player(page)
    player.part("label").wait_for()
    return player


def heading(page, text: str) -> None:
    page.get_by_role("heading", name=text).wait_for()


def exercise(page, player: Player, text: str) -> None:
    """Wait for the next exercise's heading and its own player, waiting to start (the rest's player gone)."""
    heading(page, text)
    expect(player.part("label")).to_have_text("Get ready", timeout=30_000)
    expect(player.part("toggle")).to_have_text("Start")


def run_to_the_questions(page, player: Player) -> None:
    """Start the exercise if it waits, and run the clock until the player reports it over."""
    if player.text("toggle") in ("Start", "Resume"):
        player.part("toggle").click()
    asked = page.locator(
        "[data-testid=stElementContainer][data-stale=false] [data-testid=stMarkdownContainer]",
        has_text="How did it go?",
    )
    label = player.part("label")
    for _ in range(60):  # ten minutes of the player's clock at most
        # Over: the player says so, or the server has already answered with the questions (the
        # last exercise has no rest after it, so its player is gone once the server answers).
        # all_text_contents, not text_content: on a loaded machine the rest's player of the screen before can
        # still be live beside this one for a moment, and a strict locator would refuse two.
        if asked.count() or not label.count() or "Done" in label.all_text_contents():
            break
        if (set_done := player.part("next").filter(has_text="Set done")).count():  # a set at one's own pace
            set_done.first.click()  # ends on a tap
        page.clock.run_for(10_000)
    else:
        raise AssertionError(f"the exercise never ended: {player.text('label')}")
    asked.wait_for()  # the server's answer, in real time


def rate(page, pain: int, outcome: str = "Done as planned") -> None:
    """Pick the peak pain on the buttons and how it went, then Next."""
    pill(page, PEAK_PAIN, pain).click()
    page.get_by_text(outcome, exact=True).click()
    page.locator("[data-testid=stButton]").get_by_role("button", name="Next", exact=True).click()


@pytest.mark.parametrize("size", VIEWPORTS)
def test_a_whole_session_runs_on_the_browsers_clock_survives_a_reload_and_is_logged(browser, empty_server, size):
    context = browser.new_context(viewport=VIEWPORTS[size])
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.add_init_script(AUDIO_SPY)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    sent: list[object] = []  # what the browser sends the server: every rerun is one message
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.clock.install()  # before the first page load: the player's timers run on this clock
    try:
        player = start_session(page, empty_server)
        # 1. The breathing opener: get ready, then the breath pacer.
        exercise(page, player, "1 of 5 · Diaphragmatic breathing")
        assert (player.text("label"), player.text("time"), player.text("toggle")) == ("Get ready", "5", "Start")
        assert player.part("circle").is_hidden()  # the pacer shows only while breathing
        assert_big_targets(page)
        page.clock.run_for(3_000)
        assert player.text("time") == "5"  # nothing runs before Start
        player.part("toggle").click()
        page.clock.run_for(2_000)
        assert (player.text("time"), player.text("toggle")) == ("3", "Pause")
        page.clock.run_for(3_500)  # 5.5 s: the breathing has begun, 0.5 s into the first breath in
        assert (player.text("label"), player.text("phase"), player.text("time")) == (
            "breathe with the circle",
            "in",
            "2:00",
        )
        assert player.part("circle").is_visible()
        assert player.tones() == 4  # 3, 2, 1 and the change of step
        growing = player.scale()
        page.clock.run_for(2_000)
        assert player.scale() > growing  # breathing in, the circle grows
        page.clock.run_for(2_000)  # 4.5 s into the breath: out (4 s in, 6 s out)
        assert player.text("phase") == "out"
        assert player.tones() == 5
        shrinking = player.scale()
        page.clock.run_for(2_000)
        assert player.scale() < shrinking
        screenshot(page, f"guided-breath-{size}")

        # Pause freezes the countdown.
        player.part("toggle").click()
        frozen = (player.text("time"), player.text("phase"), player.scale())
        assert player.text("toggle") == "Resume"
        page.clock.run_for(15_000)
        assert (player.text("time"), player.text("phase"), player.scale()) == frozen

        # A reload midway: the page offers the draft; the player takes up its own progress, paused.
        page.reload()
        open_page(page, empty_server, "Guided session")
        page.get_by_text(re.compile(r"Resume the session you started at \d\d:\d\d\? 0 of 5 exercises")).wait_for()
        page.get_by_role("button", name="Resume", exact=True).click()
        heading(page, "1 of 5 · Diaphragmatic breathing")
        player.part("label").wait_for()
        assert (player.text("label"), player.text("time"), player.text("toggle")) == (
            "breathe with the circle",
            frozen[0],
            "Resume",
        )
        run_to_the_questions(page, player)

        # The rest before the next exercise runs while the questions are answered.
        assert player.text("label") == "Rest, then the next exercise"
        rest = int(player.text("time"))
        page.clock.run_for(3_000)
        assert int(player.text("time")) <= rest - 3
        screenshot(page, f"guided-questions-{size}")
        assert_big_targets(page)  # the eleven pain buttons, "It was …", Next, Skip, End
        rate(page, 1)

        # 2. Bird dog: two sets of holds; a hold counts down, no rerun while it runs, then the rest.
        exercise(page, player, "2 of 5 · Bird dog")
        player.part("toggle").click()
        page.clock.run_for(5_500)
        assert (player.text("label"), player.text("phase"), player.text("sub")) == (
            "Set 1 of 2: hold 5 s, 5 times",
            "hold",
            "Set 1 of 2 · Hold 1 of 5",
        )
        assert player.text("time") == "5"  # this hold's own countdown
        page.clock.run_for(2_000)
        assert player.text("time") == "3"
        before = len(sent)
        page.clock.run_for(20_000)
        assert len(sent) == before, "the server was asked to rerun while a hold was being timed"
        # 22.5 s into the set: the third hold (16–21 s) is over, the switch before the fourth runs.
        assert (player.text("phase"), player.text("sub"), player.text("time")) == (
            "switch",
            "Set 1 of 2 · Hold 3 of 5",
            "2",
        )
        page.clock.run_for(16_000)  # 43.5 s: the first set (37 s after 5 s of getting ready) is over
        assert (player.text("label"), player.text("phase")) == ("Rest", "rest")
        assert 28 <= int(player.text("time")) <= 30
        screenshot(page, f"guided-rest-{size}")
        run_to_the_questions(page, player)
        rate(page, 2)

        # 3. Hip hinge: reps paced through their lowering, "down 1 … 2, up".
        exercise(page, player, "3 of 5 · Hip hinge")
        player.part("toggle").click()
        page.clock.run_for(5_500)
        assert (player.text("phase"), player.text("sub")) == ("down 1", "Set 1 of 2 · Rep 1 of 6")
        page.clock.run_for(1_000)
        assert player.text("phase") == "down 2"
        page.clock.run_for(1_000)
        assert player.text("phase") == "up"
        page.clock.run_for(2_000)
        assert (player.text("phase"), player.text("sub")) == ("down 1", "Set 1 of 2 · Rep 2 of 6")
        run_to_the_questions(page, player)
        rate(page, 2, "Cut short")

        # 4 and 5, then the review.
        exercise(page, player, "4 of 5 · Dead bug")
        run_to_the_questions(page, player)
        rate(page, 1)
        # The closing transition drill rotates with the day (lib.plan), so today's is read off its heading.
        closing = page.get_by_role("heading", name=re.compile(r"^5 of 5 · ")).text_content().split(" · ", 1)[1]
        exercise(page, player, f"5 of 5 · {closing}")
        run_to_the_questions(page, player)
        assert player.part("label").count() == 0  # no rest after the last exercise
        rate(page, 0)
        heading(page, "Review")
        assert_no_error(page)
        review = page.locator("[data-testid=stText]").filter(has_text="Diaphragmatic breathing").text_content()
        assert "Hip hinge: cut short" in review and f"{closing}: done as planned" in review
        minutes = page.get_by_role("spinbutton", name=re.compile("Minutes, by the player.s clock"))
        expect(minutes).to_have_value(re.compile(r"^\d+$"))  # prefilled (a moment after the form is drawn)
        timed = int(minutes.input_value())
        assert 6 <= timed <= 10  # about 8 minutes timed, the pause left out
        page.get_by_role("combobox", name=re.compile("About how hard")).click()
        page.get_by_role("option", name=re.compile(r"^3 · ")).click()
        page.get_by_role("textbox", name="Session notes").fill("Guided, timed in the browser")
        assert_big_targets(page)  # Save session, Discard this session
        page.get_by_role("button", name="Save session").click()
        page.get_by_text("Today's session is logged.").wait_for()
        assert_no_error(page)
        # Since the reload: every phase change and the last three seconds of every count had a tone,
        # and each player, once moved on, let go of its sound.
        assert player.tones() > 100
        audio = page.evaluate("window.__audio")
        assert audio["opened"] >= 5 and audio["opened"] - audio["closed"] <= 1, audio

        # The saved session is in the history.
        open_page(page, empty_server, "Check-in & log")
        page.get_by_role("tab", name="Last 30 days").click()
        tables = page.locator("[data-testid='stDataFrame']")
        tables.nth(1).wait_for()  # check-ins, then sessions
        # Data frames draw on a canvas; their text is in the grid's hidden accessibility table.
        text = tables.nth(1).locator("table").text_content()
        # One row, its cells run together: date, focus, minutes, effort, load (effort × minutes),
        # exercises, completed (Hip hinge was cut short), peak pain, skipped. A phone's grid holds
        # only the columns in view.
        row = f"{date.today().isoformat()}control{timed}3{3 * timed}" + ("542false" if size == "desktop" else "")
        assert row in text, text
        screenshot(page, f"guided-history-{size}")

        hosts = {urlparse(u).hostname for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")}
        assert hosts <= {"127.0.0.1", "localhost"}, hosts
    finally:
        context.close()


def test_the_keys_start_pause_and_skip_but_never_on_a_save_or_over_a_focused_button(page, empty_server):
    page.clock.install()
    player = start_session(page, empty_server)
    heading(page, "1 of 5 · Diaphragmatic breathing")
    expect(player.part("toggle")).to_have_text("Start")
    # Nothing focused: after the Start click the page's focus may rest on a button, which keeps Space for itself.
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press("Space")
    page.clock.run_for(2_000)
    assert (player.text("toggle"), player.text("time")) == ("Pause", "3")
    page.keyboard.press("Space")
    page.clock.run_for(2_000)
    assert (player.text("toggle"), player.text("time")) == ("Resume", "3")
    page.keyboard.press("Enter")  # the next step
    assert player.text("label") == "breathe with the circle"
    page.keyboard.press("Control+s")  # the browser's "save page": not a skip
    page.wait_for_timeout(1_000)
    heading(page, "1 of 5 · Diaphragmatic breathing")
    assert player.text("label") == "breathe with the circle"
    # After a click on the player's button the keys still mean pause and next (the tap leaves no focus).
    player.part("toggle").click()
    page.keyboard.press("Space")
    assert player.text("toggle") == "Resume"
    # A button reached with Tab does what it says on Enter: Back, not "next".
    player.part("toggle").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    assert player.text("label") == "Get ready"
    page.get_by_role("heading", name="Guided session").click()  # focus back on the page, off the buttons
    page.keyboard.press("s")
    heading(page, "2 of 5 · Bird dog")
    assert_no_error(page)
