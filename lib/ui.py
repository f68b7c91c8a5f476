"""The one module in lib/ that imports Streamlit: page set-up, the cached connection, the menu.

Every page calls `setup()` in its first lines. It sets the page config, opens
the process-wide DuckDB connection (cached; closed when the cache releases it),
draws the sidebar menu with `st.page_link`, and hands the page the connection
for writes and the store's reads behind a cache that every write empties.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from functools import partial
from itertools import cycle
from pathlib import Path
from typing import Any, cast

import duckdb
import streamlit as st

from lib import (
    archive,
    calendar_export,
    charts,
    db,
    demo_mode,
    fields,
    figures,
    guided,
    load,
    logbook,
    media,
    plan,
    programme,
    progress_words,
    questionnaires,
    redflags,
    report,
    store,
)
from lib.errors import PoiseError
from lib.models import CATEGORIES, FOCI, RPE_LABELS, SKIP_REASONS, ExerciseDef
from lib.settings import SETTINGS, Settings

# (script, label). No icons: a :material/...: icon fetches a font from the internet, and
# emoji need a colour-emoji font that many machines lack.
PAGES = (
    ("app.py", "Today"),
    ("pages/1_Check-in_and_log.py", "Check-in & log"),
    ("pages/6_Guided_session.py", "Guided session"),
    ("pages/2_Progress.py", "Progress"),
    ("pages/3_Questionnaires.py", "Questionnaires"),
    ("pages/4_Exercises.py", "Exercises"),
    ("pages/5_Settings_and_data.py", "Settings & data"),
)

DATE_FORMAT = "YYYY-MM-DD"  # every date picker: unambiguous in every locale
DRAWN_KEY = "poise_drawn_path"  # session-state key: the database file this session's page was last drawn on
FLASH_KEY = "poise_flash"  # session-state key: a toast to show after the next rerun
CALLBACK_ERROR_KEY = "poise_callback_error"  # session-state key: a write refused in a widget callback


@st.cache_resource(show_spinner=False, on_release=lambda con: con.close())
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    return store.open_database(path)


@st.cache_resource(show_spinner=False)
def _daily_backup(path: str, day: date) -> None:
    # Cached per file and day, so a server left running for weeks still copies on each day's first open.
    archive.daily_backup(_connection(path), day)


# The store functions a page may read through the cache: reads only, named one by one (a name prefix let
# writes such as keep_old or copy_database pass as reads). A new read a page needs is added here.
CACHEABLE_READS = frozenset(
    {
        "acute_chronic_load",
        "all_settings",
        "context_vs_pain",
        "current_prescription",
        "current_prescriptions",
        "daily_pain_and_load",
        "decisions_on",
        "deload_weeks",
        "engine_inputs",
        "exercises_by_history",
        "first_record_day",
        "get_checkin",
        "get_draft",
        "get_questionnaire",
        "get_session",
        "get_setting",
        "headline_numbers",
        "last_focus",
        "list_checkins",
        "list_questionnaires",
        "list_rituals",
        "list_session_summaries",
        "list_sessions",
        "load_library",
        "media_index",
        "next_morning_pairs",
        "practice_calendar",
        "practice_streaks",
        "prescription_timeline",
        "progress_range",
        "progress_word_inputs",
        "progression_events",
        "psfs_activities",
        "questionnaire_change",
        "questionnaire_on",
        "questionnaire_series",
        "questionnaire_totals",
        "questionnaires_due",
        "range_headline",
        "red_flag_screened",
        "red_flags_on",
        "ritual_ticks",
    }
)


def _check_read(name: str) -> None:
    if name not in CACHEABLE_READS or not callable(getattr(store, name, None)):
        raise AttributeError(f"store.{name} is not a read lib.ui.CachedReads may cache (see CACHEABLE_READS)")


@st.cache_data(show_spinner=False, max_entries=512)
def _cached_read(path: str, version: int, name: str, args: tuple, kwargs: tuple, _con: duckdb.DuckDBPyConnection):
    return getattr(store, name)(_con, *args, **dict(kwargs))


@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_figure(path: str, version: int, builder: str, reads: tuple, options: tuple, _build, _con):
    # cache_resource, not cache_data: the figure object itself is reused, never pickled and
    # rebuilt, which is what makes a rerun that changes nothing cheap.
    return _build(*(getattr(store, name)(_con, *args) for name, *args in reads), **dict(options))


class CachedReads:
    """The store's reads on one database, each answered once per data version.

    `reads.daily_pain_and_load(start, end)` is `store.daily_pain_and_load(con, start, end)`, served
    from a cache until the next write: every transaction moves lib.db.data_version() on, so a page
    never shows what was true before a save, and a rerun that changes nothing reads nothing.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path) -> None:
        self._con, self._path = con, str(path)

    def __getattr__(self, name: str):
        _check_read(name)

        def read(*args, **kwargs):
            return _cached_read(
                self._path, db.data_version(), name, args, tuple(sorted(kwargs.items())), _con=self._con
            )

        return read

    def figure(self, build, *reads: tuple, **options):
        """Return `build(*frames, **options)`, each frame `store.<name>(con, *args)` for `(name, *args)` in `reads`.

        Built once per data version and shared by every rerun: the caller must not change it. Raises
        AttributeError for a store function not in CACHEABLE_READS.
        """
        for name, *_ in reads:
            _check_read(name)
        return _cached_figure(
            self._path,
            db.data_version(),
            f"{build.__module__}.{build.__qualname__}",
            reads,
            tuple(sorted(options.items())),
            _build=build,
            _con=self._con,
        )


def release_database(path: Path) -> None:
    """Close this process's cached connection to `path` (if open), e.g. before the file is rewritten."""
    _connection.clear(str(path))


DEMO_LABEL = "Try a demo history"
DEMO_HELP = "120 made-up days in their own file, until you go back; your own diary is not touched."


def open_demo(day: date) -> None:
    """Write a fresh demo history ending `day` into data/demo.duckdb and turn demo mode on (lib.demo_mode)."""
    release_database(db.DEMO_PATH)  # the file is rewritten: no connection may hold the old one
    demo_mode.turn_on(day)
    st.session_state[DRAWN_KEY] = str(db.DEMO_PATH)  # this tab switched: its next run is no surprise


def current_path() -> Path:
    """Return the database file every page uses: the demo in demo mode, else POISE_DB or the default.

    Demo mode is a marker file (lib.demo_mode), not this browser session: it survives reloads and restarts.
    """
    return demo_mode.database_path()


def use_database(path: Path | None) -> None:
    """Leave demo mode (`path` None: back to the person's own file); any other path turns the demo on."""
    if path is None:
        demo_mode.turn_off()
    else:
        demo_mode.turn_on(fresh=False)
    st.session_state[DRAWN_KEY] = str(demo_mode.database_path())  # this tab switched: no surprise


def setup(title: str, intro: str) -> tuple[duckdb.DuckDBPyConnection, CachedReads]:
    """Set up a page: config, menu, the connection, the title and a one-line intro.

    Returns the connection (for writes) and the cached reads on it (see CachedReads).

    Stops the page with a readable message if the database cannot be opened.
    """
    st.set_page_config(page_title=f"{title} · Poise", page_icon="🌿", layout="wide")
    st.html(f"<style>{PHONE_CSS}</style>")  # our own static CSS: no font, no address
    with st.sidebar:
        _MENU_CLOSER(key="poise_menu_closer", height=0)
        st.markdown("### Poise")
        for script, label in PAGES:
            st.page_link(script, label=label)
    path = current_path()
    try:
        con = _connection(str(path))
    except PoiseError as e:
        show_error(e)
        st.stop()
    try:
        _daily_backup(str(path), today())
    except PoiseError as e:
        st.warning(f"Today's automatic backup could not be made: {e.message}")
    with st.sidebar:
        demo_data = path.name == db.DEMO_PATH.name
        st.caption(f"Data: `{path.name}`" + (" — demo data" if demo_data else ""))
        if not demo_data:  # the way into the demo with a diary of your own (in demo mode: the banner's way back)
            st.button(DEMO_LABEL, key="demo_on", on_click=open_demo, args=(today(),), help=DEMO_HELP)
        st.caption("Everything stays on this computer.")
    guard_switch(path)
    if path == db.DEMO_PATH and demo_mode.is_on():
        demo_banner(title)
    st.title(title)
    st.caption(intro)
    if message := st.session_state.pop(FLASH_KEY, None):
        st.toast(message)
    if refused := st.session_state.pop(CALLBACK_ERROR_KEY, None):
        show_error(refused)
    return con, CachedReads(con, path)


def attempt(
    write,
    *args,
    message: str = "",
    remember: str = "",
    forget: tuple[str, ...] = (),
    then: dict | None = None,
    refuse: PoiseError | None = None,
    **kwargs,
) -> None:
    """Run one write, `write(*args, **kwargs)`, from a page (not from a widget callback).

    A PoiseError (or `refuse`, a refusal the page found first) is shown and nothing else
    happens, so the form keeps what was typed. On
    success: the result is kept under the session-state key `remember`, the `forget` keys are
    dropped (fields cleared only once their entry is saved), `then` is merged into session
    state, `message` is toasted after the rerun, and the page reruns to show the saved state.
    """
    try:
        if refuse:
            raise refuse
        result = write(*args, **kwargs)
    except PoiseError as e:
        show_error(e)
        return
    for key in forget:
        st.session_state.pop(key, None)
    st.session_state.update(({remember: result} if remember else {}) | (then or {}))
    if message:
        flash(message)
    st.rerun()


def in_callback(write, *args, **kwargs) -> None:
    """Run one write from a widget's callback (one script run per press, where `attempt` needs two).

    A PoiseError is kept and shown at the top of the run that follows (lib.ui.setup draws it).
    """
    try:
        write(*args, **kwargs)
    except PoiseError as e:
        st.session_state[CALLBACK_ERROR_KEY] = e.message


def flash(message: str) -> None:
    """Show `message` as a toast after the next rerun (a toast right before st.rerun would be lost)."""
    st.session_state[FLASH_KEY] = message


def today() -> date:
    """Return today's date (one place, so every page agrees)."""
    return date.today()


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")  # ":" too: no :icon: shortcodes


def plain(text: str) -> str:
    """Escape Markdown so text a person typed is shown as typed: no links, images, HTML or formatting."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", str(text))


CONFIRM_KEY = "poise_confirm"  # session-state key: the `key` of the one confirmation open (st.dialog allows one)


def confirm(
    label: str,
    key: str,
    question: str,
    action,
    *args,
    done: str = "Deleted. A copy is kept in the audit trail.",
    yes: str = "Yes, delete",
    no: str = "Cancel",
    forget: tuple[str, ...] = (),
    then: dict | None = None,
) -> None:
    """A delete button that asks first, in a dialog: `question` with `yes`/`no`; `yes` runs `action(*args)`.

    Nothing happens until `yes` is pressed: `no`, the dialog's X, Escape or a click beside it closes it
    and changes nothing. After `yes` the `forget` session-state keys are dropped, `then` is merged into
    session state, `done` is toasted and the page is drawn again; a PoiseError is shown under the button
    instead. The dialog is opened by session state, not by the click alone, so it stays open across
    reruns until answered (and AppTest, which reruns the whole script, can drive it).
    """
    if failed := st.session_state.pop(f"error_{key}", None):
        show_error(failed)
    st.button(label, key=f"ask_{key}", on_click=lambda: st.session_state.update({CONFIRM_KEY: key}))
    if st.session_state.get(CONFIRM_KEY) == key:
        st.dialog(label, on_dismiss=_close_confirmation)(_ask)(
            key, question, action, args, done, yes, no, forget, then or {}
        )


def _close_confirmation() -> None:
    st.session_state.pop(CONFIRM_KEY, None)


def _ask(
    key: str, question: str, action, args: tuple, done: str, yes: str, no: str, forget: tuple[str, ...], then: dict
) -> None:
    st.warning(question)
    left, right = st.columns(2)
    if left.button(yes, key=f"yes_{key}", type="primary"):
        _close_confirmation()
        try:
            action(*args)
        except PoiseError as e:
            st.session_state[f"error_{key}"] = e.message
        else:
            for name in forget:
                st.session_state.pop(name, None)
            st.session_state.update(then)
            flash(done)
        st.rerun()  # the whole page, not just the dialog: it closes and shows what is left
    if right.button(no, key=f"no_{key}"):
        _close_confirmation()
        st.rerun()


def show_error(error: PoiseError | str) -> None:
    """Show a Poise error (or its message) as a calm message, escaped: it may echo what a person typed.

    A toast says it too: the message sits under the form, which can be below the fold on a long page,
    and a Save that seems to do nothing is the one thing a refusal must never look like.
    """
    message = plain(error.message if isinstance(error, PoiseError) else error)
    st.error(message)
    st.toast(message)


# --- answers: every field starts unanswered --------------------------------------------------

SCALE = list(range(11))


def scale(label: str, key: str, ends: tuple[str, str] = ("none", "worst"), help: str | None = None):
    """A 0–10 answer as eleven buttons, the words of its ends on them ("0 none" … "10 worst"), none picked
    until the person picks one. Returns the pick (an int) or None."""
    words = {SCALE[0]: f"{SCALE[0]} {ends[0]}", SCALE[-1]: f"{SCALE[-1]} {ends[1]}"}
    return st.pills(label, SCALE, key=key, help=help, format_func=lambda n: words.get(n, str(n)))


def number(name: str, key: str, label: str = "", help: str | None = None, where=st):
    """A number field of lib.fields.NUMBERS, empty until answered, its range in the label. Returns it or None.

    `label` may hold "{range}" for the field's range ("0–24 h"); without a label: "Sleep (0–24 h)".

    No bounds in the browser: a number out of range reaches the model and is refused there in words
    a person can read (a browser-side bound only draws a red border, and a form would save the old value).
    """
    limit = fields.NUMBERS[name]
    step = int(limit.step) if limit.whole else float(limit.step)
    label = (label or f"{limit.label} ({{range}})").replace("{range}", limit.range_words)
    shown = "%d" if limit.whole else "%.1f"  # "7.5 h", not "7.50"
    return where.number_input(label, value=None, step=step, format=shown, placeholder="–", key=key, help=help)


def notes(label: str, key: str) -> str:
    """A notes box that shows its limit and a live count as you type (nothing typed is cut without warning)."""
    return st.text_area(
        label,
        key=key,
        max_chars=fields.NOTES_MAX,
        help=f"Up to {fields.NOTES_MAX:,} characters; the count is below the box.",
    )


def fill(by_key: dict[str, object]) -> None:
    """Set widgets' values ({widget key: value}), e.g. from a button's callback, before they are drawn."""
    st.session_state.update(by_key)


def checkin_fields(keys: dict[str, str], long_day_hours: float) -> dict[str, object]:
    """The check-in's fields in one column, in reading order (the same on a phone); returns the answers."""
    answers = {
        "pain_now": scale("Pain now", keys["pain_now"]),
        "stiffness": scale("Morning stiffness", keys["stiffness"]),
        "sleep_hours": number("sleep_hours", keys["sleep_hours"], "Sleep last night (hours, in halves)"),
        "sleep_quality": scale("Sleep quality", keys["sleep_quality"], ("poor", "excellent")),
        "stress": scale("Stress", keys["stress"]),
        "sitting_hours": number(
            "sitting_hours",
            keys["sitting_hours"],
            "Sitting today (hours, so far or expected)",
            help=f"{long_day_hours:g} hours or more counts as a long desk day.",
        ),
        "travel": st.checkbox("Travel day", key=keys["travel"]),
        "flare_up": st.checkbox("Flare-up", key=keys["flare_up"]),
        "notes": notes("Notes (only for you and, if you choose, your physiotherapist)", keys["notes"]),
    }
    st.caption("Update it tonight if the day turned out longer: a check-in stays editable.")
    return answers


def exercise_row(row, form_key: str, unit: str) -> dict:
    """One exercise of the session form: a done tick, its variables prefilled, pain during unanswered.

    `row` is a lib.logbook.ExerciseRow; returns the row as store.save_session takes it.
    """
    cols = st.columns([4] + [2] * max(logbook.MAX_FIELDS, len(row.fields)) + [2])
    keys = logbook.row_keys(form_key, row.name)
    done = cols[0].checkbox(plain(row.name), key=keys["done"], help=row.variant and f"Variant: {plain(row.variant)}")
    if row.planned:  # the variant and what each level means, which the number boxes cannot say
        cols[0].caption(f"Planned: {plain(row.planned)}")
    values = {
        f.variable: cols[i].number_input(
            f.label, value=f.value, step=f.step, help=f.help, key=f"{form_key}_{row.name}_{f.variable}"
        )
        for i, f in enumerate(row.fields, start=1)
    }
    pain = number(
        "pain_during",
        keys["pain"],
        "Pain during ({range})",
        where=cols[-1],
        help="Peak pain during it: 0 none – 10 worst. Needed for each row ticked as done.",
    )
    return logbook.entry(row, done, pain, values, unit)


def prefill(by_key: dict[str, object]) -> None:
    """Give widgets their starting values ({widget key: value}), once: what the person changed since stays."""
    for key, value in by_key.items():
        st.session_state.setdefault(key, value)


# --- the guided session's player (browser-side timers: lib/player/) ---------------------------

_PLAYER_DIR = Path(__file__).resolve().parent / "player"
_player = st.components.v2.component(
    "poise_player",
    css=(_PLAYER_DIR / "player.css").read_text(encoding="utf-8"),
    js=(_PLAYER_DIR / "player.js").read_text(encoding="utf-8"),
)


SESSION_PENDING_KEY = "guided_pending"  # (day, draft): where a button of the guided session moved on to, not stored yet


def session_in_progress(read: CachedReads, day: date) -> dict | None:
    """The guided session in progress: the state a button just moved on to, else the one stored for `day`."""
    pending = st.session_state.get(SESSION_PENDING_KEY)
    return pending[1] if pending else read.get_draft(day)


def keep_session(con: duckdb.DuckDBPyConnection, day: date, draft: dict) -> None:
    """Store the guided session in progress now (store.save_draft). Writes; raises PoiseError."""
    store.save_draft(con, day, draft)
    st.session_state.pop(SESSION_PENDING_KEY, None)  # `draft` was made from it: it is stored too


def keep_after_drawing(day: date, draft: dict | Callable[[], dict]) -> None:
    """From a button's callback: the run that follows draws `draft` first and stores it last.

    So the next exercise is drawn without waiting for the disk, or for the reads a write makes stale.
    `draft` may be the function that makes it as the answers stand at the press; a PoiseError it raises
    (pain not picked) is shown instead, as `in_callback` shows one, and nothing moves on.
    """
    in_callback(lambda: st.session_state.update({SESSION_PENDING_KEY: (day, draft() if callable(draft) else draft)}))


def store_session_drawn(con: duckdb.DuckDBPyConnection) -> None:
    """Store the state `keep_after_drawing` left, if any (the page's last line). Writes.

    A run stopped before its end (another press) leaves it pending, and the next run stores it.
    """
    if pending := st.session_state.get(SESSION_PENDING_KEY):
        try:
            keep_session(con, *pending)
        except PoiseError as e:
            show_error(e)


def player(data: dict, key: str):
    """Mount the player on one exercise's steps (lib.guided.player_data). Returns its result for this run:

    `finished` ({seconds, skipped, sound}) when the exercise is over, `end` ({seconds}) when the person
    ends the session; both None on every other run. The timers run in the browser: no rerun ticks them.
    """
    return _player(key=key, data=data, on_finished_change=lambda: None, on_end_change=lambda: None)


# --- issue 12: the red-flag screen and the bad-day plan (widgets here, so the pages need one line each) ----------


def red_flag_screen(
    con: duckdb.DuckDBPyConnection, read: CachedReads, day: date, today_: date, *, expanded: bool = False
) -> None:
    """Draw the one-line red-flag question for `day`; its own Save records the answer (ticks or none). Writes."""
    stored = read.red_flags_on(day)
    answered = "" if stored is None else (" · answered: " + (f"{len(stored)} ticked" if stored else "nothing new"))
    with (
        st.expander(redflags.QUESTION + answered, expanded=expanded or bool(stored)),
        st.form(f"red_flags_{day}", enter_to_submit=False),
    ):
        st.caption("Tick any that is new. Any tick stops today's plan and says where to seek care.")
        ticks = {
            key: st.checkbox(text, key in (stored or ()), key=f"red_flag_{day}_{key}")
            for key, text in redflags.RED_FLAGS.items()
        }
        if st.form_submit_button("Save this answer"):
            flags = [key for key, ticked in ticks.items() if ticked]
            attempt(
                store.save_red_flags,
                con,
                message="Answer saved." if not flags else "Saved. Please read the message on the Today page.",
                day=day,
                flags=flags,
                today=today_,
            )


def red_flag_stop(read: CachedReads, day: date) -> None:
    """If a red flag is ticked for `day`, show the stop-and-seek-care message instead of the plan and stop the page."""
    flags = read.red_flags_on(day)
    if not flags:
        return
    title, what, say = redflags.stop_message(flags, day)
    st.error(f"**{title}**\n\n{what}")
    st.markdown(plain(say))
    st.markdown("You ticked: " + "; ".join(plain(label) for label in redflags.labels(flags)) + ".")
    st.caption(
        "No exercise is suggested today. If you ticked this by mistake, change today's answer on the "
        "Check-in & log page."
    )
    st.page_link("pages/1_Check-in_and_log.py", label="Change today's answer →")
    st.stop()


def bad_day_minimum(con: duckdb.DuckDBPyConnection, inputs, today_: date) -> None:
    """On a flare-up day: say plainly that gentle movement is safe, and offer the minimum (logged as a session)."""
    minimum = plan.minimum_plan(inputs)
    st.info(plan.BAD_DAY_MESSAGE)
    if not minimum.exercises:
        return
    with st.form("bad_day_minimum", enter_to_submit=False):
        st.markdown(
            f"**{plan.MINIMUM_LABEL}** · "
            + ", ".join(plain(p.name) for p in minimum.exercises)
            + f" · {plan.minutes_words(minimum.minutes)}"
        )
        # Nothing preselected: pain and effort are the person's answers, never a default (issue 11).
        pain = scale("Peak pain during", "minimum_pain")
        rpe = scale("Effort, the whole session (CR-10)", "minimum_rpe", ("rest", "maximal"))
        if st.form_submit_button("Log the minimum as today's session"):
            attempt(
                store.save_session,
                con,
                message="The minimum is logged as a short session. Well done.",
                today=today_,
                # save_session's own keyword arguments, checked there
                **cast(dict[str, Any], plan.minimum_session(inputs, pain, rpe)),
            )


@st.cache_data(show_spinner=False, max_entries=256)
def _figure_svg(exercise: str, variant: str | None, tempo: float | None, hold: float | None, strip: bool) -> str | None:
    if strip:
        return figures.exercise_strip(exercise, variant)
    return figures.exercise_svg(exercise, variant, {"tempo_s": tempo, "hold_s": hold})


def exercise_figure(
    exercise: str, prescription: dict | None = None, width: int = 160, strip: bool = False, where=None
) -> None:
    """Draw an exercise's figure: animated at the prescription's tempo, or its start → end frames (`strip`).

    The SVG is Poise's own drawing (lib/figures.py), never stored or typed text, and is shown as an
    image (st.image: an <img>, which runs no script). The person's own photo or clip of the exercise,
    if they attached one, is shown beside it at the same width (instead of it for a custom exercise,
    which has no figure). `where`: the container to draw in (a column), else the page.
    """
    p = prescription or {}
    svg = _figure_svg(exercise, p.get("variant"), p.get("tempo_s"), p.get("hold_s"), strip)
    own = _own_picture(exercise)
    if svg is None and own is None:
        return
    # Side by side on a card and in the player; under the start → end strip, which takes a column's width.
    with (where or st).container(horizontal=not strip, gap="medium"):
        if svg is not None:
            fig = figures.figure_for(exercise, p.get("variant"))
            caption = fig.note if fig and fig.view != "side" else None  # "Seen from above: …" where not a side view
            st.image(svg, width=width, caption=caption, alt=figures.describe(fig) if fig else exercise)
        if own is not None:
            show_own_picture(*own, width=width, stretch=strip)


# --- your own photo or clip of an exercise (issue 14: lib/media.py, lib/store/media.py) ---------------

MEDIA_NONCE_KEY = "own_media_nonce"  # session state: bumped after a save, so the uploader lets go of the file


def _own_picture(exercise: str) -> tuple[media.StoredMedia, duckdb.DuckDBPyConnection, str] | None:
    """Return (what the exercise shows, the connection, its file) on the file this page is drawn on, or None."""
    path = st.session_state.get(DRAWN_KEY)  # set by setup(): the file this run is drawn on
    if path is None:
        return None
    con = _connection(path)
    shown = CachedReads(con, Path(path)).media_index().get(exercise)  # one read per data version for every card
    return (shown, con, path) if shown else None


@st.cache_resource(show_spinner=False, max_entries=64)
def _photo_shown(path: str, sha256: str, width: int, _con, _media_id: int) -> bytes:
    # Keyed by the hash: the same bytes whatever the row, so a restore or an import never makes it stale.
    # At the width shown (Streamlit would cut it to that anyway); a tall photo up to three times as tall.
    data = store.media_bytes(_con, _media_id)
    assert data is not None, "drawn from the media index, so the row is there"
    return media.thumbnail(data, (width, 3 * width))


@st.cache_resource(show_spinner=False, max_entries=4)  # clips are up to 50 MB each: keep only a few
def _clip_bytes(path: str, sha256: str, _con, _media_id: int) -> bytes:
    data = store.media_bytes(_con, _media_id)
    assert data is not None, "drawn from the media index, so the row is there"
    return data


def show_own_picture(
    shown: media.StoredMedia, con: duckdb.DuckDBPyConnection, path: str, width: int, stretch: bool = False
) -> None:
    """Show a person's own photo (a thumbnail at the width shown, never the original) or clip (looped, muted).

    `stretch`: as wide as the column (at most `width`), for a column narrower than the figure asks for.
    """
    if shown.kind == "photo":
        st.image(
            _photo_shown(path, shown.sha256, width, con, shown.id),
            width="stretch" if stretch else width,
            caption=shown.caption(),
            alt=f"Your own photo of {shown.exercise}",
        )
    else:
        with st.container(width="stretch" if stretch else max(width, 240)):  # a player needs room for its controls
            st.video(
                _clip_bytes(path, shown.sha256, con, shown.id),
                format=shown.mime,
                loop=True,
                muted=True,
                alt=f"Your own clip of {shown.exercise}",
            )
            st.caption(plain(shown.caption()))


def own_media_editor(con: duckdb.DuckDBPyConnection, exercise: str) -> None:
    """Attach, replace or remove the person's own photo or clip of `exercise` (the Exercises page).

    The file is checked by its content before anything else (lib.media.check_media): a refused one is
    said at once and nothing is stored. Replacing and removing ask first; the old one is kept.
    """
    shown = store.media_index(con).get(exercise)
    what = shown.kind if shown else "photo or clip"
    st.markdown("**Your own photo or clip**")
    st.caption(
        f"A photo (PNG, JPEG or WebP, up to {media.PHOTO_LIMIT // 2**20} MB) or a short clip (MP4 or WebM, "
        f"up to {media.CLIP_LIMIT // 2**20} MB), the one your physiotherapist took, say. It is kept inside "
        "Poise's file, shown beside the drawing on Today and in the guided session, and goes into every "
        "backup and the CSV export."
    )
    nonce = st.session_state.setdefault(MEDIA_NONCE_KEY, 0)
    upload = st.file_uploader(
        f"Replace my {what} with" if shown else "Attach a photo or clip",
        type=list(media.UPLOAD_TYPES),
        max_upload_size=media.CLIP_LIMIT // 2**20,
        key=f"own_media_{exercise}_{nonce}",
    )
    data = upload.getvalue() if upload is not None else None
    try:
        checked = media.check_media(data) if data is not None else None
    except PoiseError as e:
        show_error(e)
        checked = None

    def attach() -> None:
        assert data is not None and upload is not None  # offered only for an upload that was checked
        store.attach_media(con, exercise, data, upload.name)
        st.session_state[MEDIA_NONCE_KEY] = nonce + 1

    said = plain(exercise)  # the names below are the person's own text, shown as typed (never as Markdown)
    if checked is not None and shown is not None and checked.sha256 == shown.sha256:
        st.info(f"This is the {shown.kind} shown now.")
    elif checked is not None and shown is None:
        if st.button(f"Attach this {checked.kind}", type="primary", key=f"own_media_attach_{exercise}"):
            attempt(attach, message=f"{said}: your {checked.kind} is attached.")
    elif checked is not None and shown is not None and upload is not None:  # (the branch above took shown None)
        confirm(
            f"Replace my {shown.kind}",
            f"own_media_replace_{exercise}",
            plain(
                f"Show {upload.name} for {exercise} instead of {shown.name or f'your {shown.kind}'}? The one "
                "shown now is kept in Poise's history."
            ),
            attach,
            done=f"{said}: replaced.",
            yes="Yes, replace",
        )
    if shown is not None and (checked is None or checked.sha256 == shown.sha256):
        confirm(
            f"Remove my {shown.kind}",
            f"own_media_remove_{exercise}",
            plain(
                f"Stop showing your {shown.kind} of {exercise}? It stays in Poise's file and its history (the "
                "audit), not on the page."
            ),
            store.remove_media,
            con,
            exercise,
            done=f"{said}: your {shown.kind} is removed; a copy is kept in Poise's history.",
            yes="Yes, remove",
        )


# --- check my form (issue 18: lib/motion.py; the pose worker runs in the .venv-motion sidecar) ----------

FORM_CHECK_KEY = "form_check"  # session state: {"shown": {slot: the last result shown}, "nonce": the uploader's}


@st.cache_data(show_spinner=False, max_entries=32)
def _filming_html(exercise: str) -> str:
    import base64
    from xml.sax.saxutils import quoteattr

    from lib.motion_drawings import filming_svg, filming_words
    from lib.motion_specs import spec_for

    spec = spec_for(exercise)
    if spec is None:
        return ""
    # An <img> of Poise's own drawing, as st.image would draw it (an image runs no script), but in the page's
    # HTML: the page's st.image elements stay the exercise's figures. Cached: the figure's solver is not free.
    data = base64.b64encode(filming_svg(spec).encode()).decode()
    return (
        f'<img src="data:image/svg+xml;base64,{data}" alt={quoteattr(filming_words(spec))} width="560" '
        'style="max-width:100%;height:auto">'
    )


def form_check(
    con: duckdb.DuckDBPyConnection,
    exercise: str,
    today: date,
    prescription: Mapping[str, object],
    *,
    slot: str | None = None,
    folded: bool = False,
    log_reps: Callable[[int], None] | None = None,
) -> None:
    """Draw "Check my form" for one exercise: how to film, upload a clip (or use the one attached to the
    exercise), a progress bar, then the result.

    The clip goes through lib.motion_check.check_clip (deleted straight after; the result and a small
    landmark series stored with the exercise and today); the uploader is then cleared so Streamlit lets
    go of it too. The result is kept in this browser session under `slot` (the exercise by default) with
    its keyframe, which is never stored. `folded`: inside a closed expander, and nothing at all for an
    exercise without a form check (the guided player). `log_reps(n)`: offered as one button, "Log n reps",
    when the check counted reps and the prescription has them; it runs as the button's callback.
    """
    from lib import motion_check, pose_sidecar
    from lib.motion_specs import NOT_AVAILABLE, spec_for

    spec, slot = spec_for(exercise), slot or exercise
    if spec is None and folded:
        return
    state = st.session_state.setdefault(FORM_CHECK_KEY, {"nonce": 0, "shown": {}})
    shown = state["shown"].get(slot)
    with st.expander("Check my form", expanded=shown is not None) if folded else st.container():
        if not folded:
            st.subheader("Check my form")
        if spec is None:
            st.info(NOT_AVAILABLE)
            return
        if pose_sidecar.sidecar_python() is None:
            st.info(pose_sidecar.MISSING)
            return
        st.caption(
            f"{spec.film} One set, up to 60 s and 200 MB (MP4, WebM or MOV). The clip is read on this "
            "computer and deleted straight after; only the result and the body's outline over time are kept."
        )
        st.html(_filming_html(exercise))
        clip = st.file_uploader(
            "A clip of one set", type=["mp4", "webm", "mov"], key=f"{FORM_CHECK_KEY}_clip_{slot}_{state['nonce']}"
        )
        data = None
        if clip is not None and st.button("Check my form", type="primary", key=f"{FORM_CHECK_KEY}_go_{slot}"):
            data = clip.getvalue()
        attached = store.media_index(con).get(exercise)
        if (
            attached is not None
            and attached.kind == "clip"
            and st.button(
                f"Use the clip you attached on {attached.created_at:%d %b %Y}",
                key=f"{FORM_CHECK_KEY}_attached_{slot}",
                help="Your clip stays attached as it is; the copy read for the check is deleted straight after.",
            )
        ):
            data = store.media_bytes(con, attached.id)  # the person chose to keep it: nothing new is kept
            if data is None:  # removed since the page was drawn (another tab)
                show_error("That clip is no longer attached: attach it again, or upload it here.")
                return
        if data is not None:
            bar = st.progress(0.0, text="Reading the clip…")

            def progress(done: float) -> None:
                bar.progress(min(done, 1.0), text=f"Finding the pose: {done:.0%}")

            try:
                state["shown"][slot] = motion_check.check_clip(con, exercise, today, prescription, data, progress)
            except PoiseError as e:
                bar.empty()
                show_error(e)
                return
            state["nonce"] += 1  # a new uploader: the clip is let go
            st.rerun()
        if shown is not None:
            _form_check_result(shown, spec, slot, log_reps if prescription.get("reps") is not None else None)


def _form_check_result(shown, spec, slot: str, log_reps: Callable[[int], None] | None) -> None:
    """The result: its words first (and the keyframe beside them); the chart and each rep's numbers on request."""
    from lib import motion_chart

    check = shown.check
    st.success(" ".join(check.words[:1]) or "Checked.")
    words, picture = st.columns([3, 2]) if shown.keyframe_svg else (st.container(), None)
    words.text("\n".join(check.words[1:]))
    if picture is not None:
        picture.image(
            shown.keyframe_svg,
            alt="A frame of your clip with the body's outline drawn over it",
            caption="A frame of your clip with the outline Poise followed. It is shown "
            "only while this page is open and is not saved.",
        )
    if log_reps is not None and check.reps:
        st.button(
            f"Log {len(check.reps)} reps",
            key=f"{FORM_CHECK_KEY}_log_{slot}",
            on_click=log_reps,
            args=(len(check.reps),),
            help="Puts the count into this exercise's answer, under Changed.",
        )
    with st.expander("The numbers: the angle over time, rep by rep"):
        st.plotly_chart(
            motion_chart.form_check_figure(check, spec.phases),
            theme=None,
            config={"displaylogo": False},
            key=f"{FORM_CHECK_KEY}_chart_{slot}",
        )
        if check.reps:
            st.dataframe(
                [
                    {
                        "Rep": n,
                        f"{spec.phases[0].capitalize()} (s)": round(r.lowering_s, 1),
                        f"{spec.phases[1].capitalize()} (s)": round(r.rising_s, 1),
                        "Lowest (°)": round(r.low_deg),
                        "Highest (°)": round(r.high_deg),
                    }
                    for n, r in enumerate(check.reps, start=1)
                ],
                hide_index=True,
            )


# --- the demo mode, the first run, the phone ---------------------------------------


def demo_banner(title: str) -> None:
    """The demo banner at the top of every page (phone included), with the way back to the person's diary."""
    with st.container(border=True, key="demo_banner"):
        st.warning(
            f"**{demo_mode.BANNER}** Everything you see and save here is made-up history in "
            f"`{db.DEMO_PATH.name}`; your own diary is untouched."
        )
        st.button(demo_mode.BACK, key="demo_back", type="primary", on_click=use_database, args=(None,))


def guard_switch(path: Path) -> None:
    """Never save into a file the page was not drawn on.

    Demo mode is shared by every tab: if another tab turned it on or off since this page was drawn, this run
    (maybe a form's Save) is dropped, the person is told, and the page is drawn again on the file now in use.
    """
    drawn = st.session_state.get(DRAWN_KEY)
    st.session_state[DRAWN_KEY] = str(path)
    if drawn is not None and drawn != str(path):
        flash(
            "Poise switched to "
            + ("the demo history" if path == db.DEMO_PATH else "your own diary")
            + " in another tab; nothing from this page was saved. Here is the page again."
        )
        st.rerun()


WELCOME_LINES = (
    "Poise keeps a short daily diary of your back: a morning check-in, the session you did, and how it felt.",
    "From it, it suggests one small change per exercise each day — or says why to hold or ease off — "
    "and never changes anything without your yes.",
    "Everything stays in one file on this computer.",
)
WELCOME_STEPS = (
    "**Check in** — how your back feels this morning (under 30 seconds).",
    "**Look at today's plan** — here on Today, each exercise with one suggestion and its reason.",
    "**Do it, then log it** — on Check-in & log, the rows come prefilled.",
)


def welcome(day: date) -> None:
    """The first-run welcome on an empty diary: what Poise does, three first steps, and two ways to start."""
    with st.container(border=True, key="welcome"):
        st.subheader("Welcome to Poise")
        st.markdown("  \n".join(WELCOME_LINES))
        st.markdown("\n".join(f"{i}. {step}" for i, step in enumerate(WELCOME_STEPS, start=1)))
        with st.container(horizontal=True):
            if st.button("Start with my own diary", key="welcome_own", type="primary"):
                st.switch_page("pages/1_Check-in_and_log.py")
            st.button("Try it on a demo history", key="welcome_demo", on_click=open_demo, args=(day,), help=DEMO_HELP)


PHONE_CSS = """
/* Poise on a phone, and its buttons everywhere (Poise's own static CSS: no font, no address). */
/* Every button and 0-10 pick at least 44 px, on a desktop too: a laptop beside a mat is tapped at arm's length.
   The guided session's "It was …" picks as well (the radio elsewhere stays compact on a desktop). */
.stButton button, .stDownloadButton button, .stFormSubmitButton button, [role="radiogroup"] > button[role="radio"],
[class*="st-key-guided_outcome"] label {
  min-height: 44px; min-width: 44px;
}
[class*="st-key-guided_outcome"] label { align-items: center; }
@media (max-width: 640px), (pointer: coarse) {
  /* Touch targets of at least 44 px: buttons, links in the menu, the 0-10 picks, the menu buttons. */
  .stButton button, .stDownloadButton button, .stFormSubmitButton button, .stLinkButton a,
  [data-testid="stPageLink"] a, [data-testid="stPageLink-NavLink"], button[kind^="pills"],
  [data-testid="stBaseButton-pills"], [data-testid="stBaseButton-pillsActive"],
  [data-testid="stSidebarCollapseButton"] button, [data-testid="stExpandSidebarButton"],
  [data-testid="stSidebarCollapsedControl"] button, [data-testid="stExpander"] summary,
  [data-testid="stCheckbox"] label, [data-testid="stRadio"] label {
    min-height: 44px; min-width: 44px;
  }
  [data-testid="stCheckbox"] label, [data-testid="stRadio"] label { align-items: center; }
  /* Every other button (help icons, a table's toolbar, a picker's arrow) gets a 44 px touch area too. */
  [data-testid="stMain"] button:not(.modebar-btn), [data-testid="stSidebar"] button {
    min-height: 44px; min-width: 44px; justify-content: center;
  }
  [data-baseweb="select"] > div, [data-baseweb="input"], [data-testid="stDateInputField"] { min-height: 44px; }
  /* A heading's link icon is for sharing a desktop link, not a target for a thumb. */
  [data-testid="stHeaderActionElements"] { display: none; }
  /* Slider thumbs: a 28 px knob inside a 44 px touch area. */
  [data-baseweb="slider"] [role="slider"] {
    width: 28px !important; height: 28px !important; padding: 8px; box-sizing: content-box;
    background-clip: content-box;
  }
  /* 16 px text in every input, so phones do not zoom in on focus. */
  input, textarea, select, [data-baseweb="select"] div, [data-baseweb="input"] input { font-size: 16px !important; }
  /* Tabs wrap onto a second line instead of being cut off. */
  [role="tablist"] { flex-wrap: wrap; row-gap: 4px; }
  [data-testid="stTab"] { min-height: 44px; min-width: 44px; justify-content: center; }
  /* Nothing wider than the screen. */
  .block-container { padding-left: 1rem; padding-right: 1rem; }
}
"""

# On a narrow screen the menu lies over the page: after a tap on one of its links, close it (Streamlit leaves
# it open). Runs in the browser, once per tab; our own static code, no address.
_MENU_CLOSER_JS = """
export default function ({ parentElement }) {
  const doc = parentElement.ownerDocument;
  const win = doc.defaultView;
  if (win.__poiseMenuCloser) return;
  win.__poiseMenuCloser = true;
  doc.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest('[data-testid="stSidebar"] [data-testid="stPageLink"] a');
    if (!link || !win.matchMedia("(max-width: 768px)").matches) return;
    win.setTimeout(() => {
      const close = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 50);
  }, true);
}
"""
_MENU_CLOSER = st.components.v2.component("poise_menu_closer", js=_MENU_CLOSER_JS)


# The Exercises page's sections: the add/edit form, prescribing by hand, the prescription history, rituals.

NEXT_PICK_KEY = "exercises_next_pick"  # set by a save; applied before the picker is drawn on the rerun
PRESCRIBE_KEY = "exercises_prescribe"
RITUAL_KEY = "exercises_ritual"
RITUAL_PICK_KEY = "exercises_ritual_pick"


def exercise_form(key: str, unit: str, e: ExerciseDef | None = None, custom: bool = True) -> ExerciseDef | None:
    """Draw the add/edit form; return the ExerciseDef it describes once submitted (None before)."""
    with st.form(key, enter_to_submit=False):
        name = st.text_input("Name", value=e.name if e else "", max_chars=fields.TEXT_MAX["exercise"])
        category = st.selectbox("Category", CATEGORIES, index=CATEGORIES.index(e.category) if e else 2)
        cues = st.text_area("Cues, one per line", value="\n".join(e.cues) if e else "")
        variants = st.text_area("Variant chain, easiest first, one per line", value="\n".join(e.variants) if e else "")
        st.caption(f"Variables in progression order: the first below its cap rises first. Loads in {unit}.")
        table = st.data_editor(
            programme.variables_frame(e, unit),
            num_rows="dynamic",
            hide_index=True,
            key=f"{key}_{e.name if e else 'new'}_variables",
            column_config={"variable": st.column_config.SelectboxColumn(options=programme.VARIABLE_NAMES)},
        )
        anchor = st.checkbox("One of my anchor movements", value=e.anchor if e else False)
        if not st.form_submit_button("Save exercise" if e else "Add exercise", type="primary"):
            return None
    try:
        return programme.exercise_from_form(
            name=name,
            category=category,
            cues=cues,
            variants=variants,
            variables=table,
            unit=unit,
            anchor=anchor,
            active=e.active if e else True,
            custom=custom,
        )
    except PoiseError as err:
        show_error(err)
        return None


def prescribe_by_hand(con, read, e: ExerciseDef, today: date, unit: str) -> None:
    """The "Prescribe by hand" tab: a new version of the prescription, recorded as set by hand."""
    name = e.name
    st.caption("For when your physiotherapist prescribes something: a new version, recorded as set by hand.")
    with st.form(PRESCRIBE_KEY, enter_to_submit=False):
        current = read.current_prescription(name, today)
        day = st.date_input("From", value=today, key=f"{PRESCRIBE_KEY}_{name}_day", format=DATE_FORMAT)
        variant = (
            st.selectbox(
                "Variant",
                e.variants,
                index=e.variants.index(current["variant"]) if current.get("variant") in e.variants else 0,
            )
            if e.variants
            else None
        )
        shown = {
            f.variable: st.number_input(
                f.label,
                min_value=f.low,
                max_value=f.high,
                value=f.value,
                step=f.step,
                key=f"{PRESCRIBE_KEY}_{name}_{f.variable}",
            )
            for f in programme.prescription_inputs(e, current, unit)
        }
        if st.form_submit_button("Set prescription", type="primary"):
            attempt(
                lambda: store.set_prescription(
                    con, name, day, dict[str, object](programme.prescription_from_form(e, shown, unit)), variant=variant
                ),
                message=f"{name}: set from {day:%d %b %Y}.",
                then={NEXT_PICK_KEY: name},
            )


def prescription_history(read, where, name: str, today: date) -> None:
    """The prescription history chart, drawn in `where` (the tab) only when that tab is open."""
    figure = read.figure(
        charts.prescription_history,
        ("prescription_timeline", name),
        ("progression_events", read.first_record_day() or today, today, name),
        exercise=name,
    )
    if figure is None:
        where.info(charts.needs(charts.prescription_history))
    else:
        where.plotly_chart(figure, theme=None, config={"displaylogo": False}, key="prescription_chart")


def rituals_editor(con, read, today: date) -> None:
    """Rituals and personal rules: the list, adding one, retiring one."""
    st.subheader("Rituals and personal rules")
    st.caption("After morning coffee: 3 min cat-camel. If I sit 45 minutes, I move for two. Calendar: Settings & data.")
    table = read.list_rituals()
    st.dataframe(programme.rituals_table(table), hide_index=True)
    with st.expander("Add a habit anchor or a personal rule"), st.form(RITUAL_KEY, enter_to_submit=False):
        kind = st.radio("Kind", list(programme.RITUAL_KINDS), horizontal=True, format_func=programme.RITUAL_KINDS.get)
        cue = st.text_input("Cue (after …, when …, if …)", max_chars=fields.TEXT_MAX["cue"])
        movement = st.text_input("Movement", max_chars=fields.TEXT_MAX["movement"])
        minutes = number("minutes", "exercises_ritual_minutes", "Minutes ({range})")
        at = st.time_input("Reminder time (optional)", value=None)
        if st.form_submit_button("Add ritual"):
            attempt(
                store.save_ritual,
                con,
                cue=cue,
                movement=movement,
                kind=kind,
                minutes=minutes,
                reminder_time=at,
                today=today,
                message="Ritual added.",
            )
    if not table.empty:
        labels = programme.ritual_labels(table)
        pick = st.selectbox("Ritual", table["id"], format_func=lambda i: labels[i], key=RITUAL_PICK_KEY)
        if st.button("Retire this ritual (its ticks stay)"):
            assert pick is not None  # a selectbox with options always has one picked
            attempt(store.retire_ritual, con, int(pick), today, message="Ritual retired; its ticks stay.")


# The guided player's screens: start, resume, the timer, the questions after each exercise, the review.

GUIDED_RESUMED = "guided_resumed"  # the draft this browser session has taken up (so "Resume …?" is asked once)
GUIDED_SAVED = "guided_saved"  # a session just saved from the player: say so and point to Today


def guided_start(con: duckdb.DuckDBPyConnection, read: CachedReads, today: date) -> None:
    """No session in progress: today's plan and the button that starts it; stops the page."""
    inputs = read.engine_inputs(today, active_only=True)
    day_plan = plan.plan_for(inputs, read.last_focus(today))
    if not day_plan.exercises:
        st.info("No active exercises. Activate some on the Exercises page.")
        st.stop()
    st.subheader(f"{day_plan.label} · {plan.minutes_words(day_plan.minutes)}")
    st.markdown("\n".join(f"{i}. {plain(p.name)}" for i, p in enumerate(day_plan.exercises, start=1)))
    if st.button("Start today's session", type="primary"):
        fresh = guided.new_draft(
            [p.name for p in day_plan.exercises], inputs.prescriptions, day_plan.focus, datetime.now()
        )
        attempt(keep_session, con, today, fresh, then={GUIDED_RESUMED: fresh["started_at"], GUIDED_SAVED: False})
    st.stop()


def guided_resume(con: duckdb.DuckDBPyConnection, draft: dict, today: date) -> None:
    """A draft this browser session has not taken up yet: resume it or discard it; stops the page."""
    st.info(
        f"Resume the session you started at {datetime.fromisoformat(draft['started_at']):%H:%M}? "
        f"{len(draft['results'])} of {len(draft['exercises'])} exercises are through."
    )
    st.button("Resume", type="primary", on_click=fill, args=({GUIDED_RESUMED: draft["started_at"]},))
    confirm(
        "Discard it",
        f"draft_{today}",
        "Discard the session in progress? Nothing of it will be logged.",
        store.discard_draft,
        con,
        today,
        done="The session in progress was discarded.",
    )
    st.stop()


def guided_timer(con: duckdb.DuckDBPyConnection, draft: dict, e: ExerciseDef, settings: Settings, today: date) -> None:
    """The exercise's timer; its end (finished, skipped or ended early) moves the draft on."""
    item, index = guided.current(draft), draft["index"]
    assert item is not None  # the timer stage always has a current exercise
    prescription = cast(Mapping[str, object], item["prescription"])  # the draft is JSON: a dict by construction
    result = player(
        guided.player_data(e, prescription, settings, key=f"{draft['started_at']}-{index}"),
        key=f"player_{index}",
    )
    if result.finished:
        if (
            result.finished.get("sound") is not None
            and (sound := "on" if result.finished["sound"] else "off") != settings["guided_sound"]
        ):
            store.set_setting(con, "guided_sound", sound)  # the mute switch is remembered
        after = guided.timed(draft, result.finished.get("seconds"))
        attempt(keep_session, con, today, guided.skipped(after, e) if result.finished.get("skipped") else after)
    if result.end:  # the exercise's time so far counts, then the review
        attempt(keep_session, con, today, guided.finish_early(guided.timed(draft, result.end.get("seconds"))))
    st.button(
        "Finished without the timer: say how it went",
        on_click=keep_after_drawing,
        args=(today, guided.timed(draft, None)),
    )


def guided_rate(
    con: duckdb.DuckDBPyConnection, draft: dict, e: ExerciseDef, library: dict, settings: Settings, today: date
):
    """After an exercise: the rest timer, how it went, the form check, and Next / Skip / End."""
    item, index, count = guided.current(draft), draft["index"], len(draft["exercises"])
    assert item is not None  # the rate stage always has a current exercise
    prescription = cast(Mapping[str, object], item["prescription"])  # the draft is JSON: a dict by construction
    if index < count - 1:
        player(guided.rest_data(settings, key=f"{draft['started_at']}-{index}-rest"), key=f"rest_{index}")
    st.markdown("**How did it go?**")
    pain = scale("Pain during, at its peak", f"guided_pain_{index}")
    outcome = st.radio(
        "It was",
        list(guided.OUTCOMES),
        format_func=guided.OUTCOMES.get,
        index=None,
        horizontal=True,
        key=f"guided_outcome_{index}",
    )
    (row,) = logbook.exercise_rows(library, [e.name], {e.name: prescription}, [], settings["units"])
    if outcome == "changed":
        for col, f in zip(st.columns(len(row.fields)), row.fields, strict=True):
            col.number_input(f.label, value=f.value, step=f.step, key=f"guided_{index}_{f.variable}")
    form_check(
        con,
        e.name,
        today,
        prescription,
        slot=f"guided_{index}",
        folded=True,
        log_reps=lambda n: fill({f"guided_outcome_{index}": "changed", f"guided_{index}_reps": n}),
    )

    def rated() -> dict:
        """The current exercise rated with the answers as they stand when the button is pressed."""
        answer = st.session_state.get
        done = {f.variable: answer(f"guided_{index}_{f.variable}", f.value) for f in row.fields}
        changed = (
            logbook.stored_values(done, settings["units"]) if answer(f"guided_outcome_{index}") == "changed" else {}
        )
        outcome = answer(f"guided_outcome_{index}") or ""  # unpicked: refused by name in guided.rated
        return guided.rated(draft, e, answer(f"guided_pain_{index}"), outcome, changed)

    if pain is not None and pain > settings["pain_ceiling"]:
        st.warning(guided.above_ceiling(e, pain, settings["pain_ceiling"]))
    # Callbacks, not `if st.button`: one run per press, which draws the next exercise before it stores it.
    with st.container(horizontal=True, key="guided_answer"):
        st.button("Next", type="primary", on_click=keep_after_drawing, args=(today, rated))
        st.button("Skip: I did not do it", on_click=keep_after_drawing, args=(today, guided.skipped(draft, e)))
        st.button(
            "End the session here", on_click=keep_after_drawing, args=(today, lambda: guided.finish_early(rated()))
        )


def guided_review(con: duckdb.DuckDBPyConnection, draft: dict, settings: dict, today: date) -> None:
    """The end of the session: what was done, its minutes and effort, then save or discard."""
    st.subheader("Review")
    st.text("\n".join(guided.review_lines(draft, settings["units"])) or "Nothing was done.")
    rows = guided.session_rows(draft)
    prefill({"guided_minutes": guided.session_minutes(draft) if draft["seconds"] else None})
    with st.form("guided_review", enter_to_submit=False):
        minutes = number(
            "duration_min",
            "guided_minutes",
            "Minutes, by the player's clock ({range})",
            help="The time the exercises took while their timers ran; change it if it was longer.",
        )
        rpe = st.selectbox(
            "About how hard was the whole session? (effort, CR-10)",
            list(RPE_LABELS),
            index=None,
            placeholder="Pick 0–10",
            format_func=lambda r: f"{r} · {RPE_LABELS[r]}",
        )
        session_notes = notes("Session notes", "guided_notes")
        if st.form_submit_button("Save session", type="primary"):
            attempt(
                store.save_session,
                con,
                day=today,
                focus=draft["focus"],
                duration_min=minutes if rows else None,
                rpe=rpe if rows else None,
                notes=session_notes,
                exercises=rows,
                skipped=not rows,
                draft_day=today,
                today=today,
                then={GUIDED_SAVED: True},
                forget=("guided_minutes", "guided_notes"),
            )
    confirm(
        "Discard this session",
        f"draft_{today}",
        "Discard the session? Nothing of it will be logged.",
        store.discard_draft,
        con,
        today,
        done="The session in progress was discarded.",
    )


# The Check-in & log page's tabs: the day's check-in, its sessions, its rituals, and the last 30 days.
LOG_DAY_KEY = "log_day"  # the date picker: the day every tab shows
CHECKIN_SAVED = "checkin_saved"  # the day just checked in: the page says what comes next
SAVED_SESSION = "saved_session"  # a just-saved session, to open on the next rerun
NEW_RITUAL = ("new_ritual_cue", "new_ritual_movement", "new_ritual_minutes")  # the Add ritual fields


def log_checkin(con: duckdb.DuckDBPyConnection, read: CachedReads, day: date, today_: date, settings: Settings) -> None:
    """The day's check-in: blank or as saved, "Same as yesterday", the red-flag screen, and delete."""
    copied = f"copied_{day}"  # the check-in form holds yesterday's answers, for the person to adjust
    existing, yesterday = read.get_checkin(day), read.get_checkin(day - timedelta(days=1))
    keys = {name: f"checkin_{day}_{name}" for name in logbook.CHECKIN_ANSWERS}
    prefill({keys[k]: v for k, v in logbook.checkin_answers(existing).items()})
    if st.session_state.get(CHECKIN_SAVED) == day:
        st.page_link("app.py", label="Saved. Today's plan is ready →")
    st.caption(
        "Editing this day's check-in; the old values are kept."
        if existing
        else "No check-in for this day yet. Only pain now is needed; leave blank what you are not sure of."
    )
    if yesterday and not existing:
        st.button(
            "Same as yesterday",
            help="Fills in yesterday's answers for you to adjust (never flare-up, travel "
            "or notes). Nothing is saved until you press Save.",
            on_click=fill,
            args=({keys[k]: v for k, v in logbook.copied_from(yesterday).items()} | {copied: True},),
        )
    if st.session_state.get(copied):
        st.info("Copied from yesterday: change what is different today, then save.")
    with st.form(f"checkin_{day}", enter_to_submit=False):
        answers = checkin_fields(keys, settings["sitting_hours_long"])
        if st.form_submit_button("Save check-in", type="primary"):
            attempt(
                store.save_checkin,
                con,
                message=f"Check-in saved for {day:%a %d %b}.",
                then={CHECKIN_SAVED: day, copied: False},
                day=day,
                today=today_,
                **cast("dict[str, Any]", answers),  # each answer by its name in store.save_checkin
            )
    red_flag_screen(con, read, day, today_)  # issue 12: the red-flag screen, one line on every check-in
    if existing:
        confirm(
            "Delete this check-in",
            f"checkin_{day}",
            f"Delete the check-in of {day:%a %d %b}?",
            store.delete_checkin,
            con,
            day,
        )


def log_session(con: duckdb.DuckDBPyConnection, read: CachedReads, day: date, today_: date, settings: Settings) -> None:
    """One of the day's sessions (or a new one, the day's plan ticked in): its rows, skip, and delete."""
    choice = f"session_{day}"  # which of the day's sessions is open (None: a new one)
    if SAVED_SESSION in st.session_state:
        st.session_state[choice] = st.session_state.pop(SAVED_SESSION)
    labels = logbook.session_labels(read.list_session_summaries(day, day))
    session_id = st.selectbox("Session", [*labels], format_func=lambda i: labels[i], key=choice)
    logged = read.get_session(session_id) if session_id else None
    library, prescriptions = read.load_library(), read.current_prescriptions(day)
    day_plan = plan.plan_for(read.engine_inputs(day, active_only=True), read.last_focus(day))  # as Today plans it
    focus, planned = (logged["focus"] if logged else day_plan.focus), [p.name for p in day_plan.exercises]
    names = st.multiselect(
        "Exercises in this session",
        list(library),
        key=f"names_{day}_{session_id}",
        default=[e["exercise"] for e in logged["exercises"]] if logged else planned,
    )
    form_key = f"log_{day}_{session_id}"
    unit = settings["units"]
    rows = logbook.exercise_rows(library, names, prescriptions, logged["exercises"] if logged else [], unit)
    prefill(logbook.session_form_values(form_key, rows, logged))
    st.page_link("pages/6_Guided_session.py", label="Or let Poise guide today's session, timers included →")
    if rows:
        st.button(
            "Did all of it as planned",
            help="Ticks every row as done. The pain during each is still yours to pick.",
            on_click=fill,
            args=(dict.fromkeys(logbook.done_keys(form_key, rows), True),),
        )
    with st.form(form_key, enter_to_submit=False):
        a, b, c = st.columns(3)
        focus = a.selectbox("Focus", FOCI, index=FOCI.index(focus))
        duration = number("duration_min", f"{form_key}_duration_min", "Minutes, the whole session ({range})", where=b)
        rpe = c.selectbox(
            "Effort, the whole session (CR-10)",
            list(RPE_LABELS),
            key=f"{form_key}_rpe",
            placeholder="Pick 0–10",
            format_func=lambda r: f"{r} · {RPE_LABELS[r]}",
        )
        entries = [exercise_row(row, form_key, unit) for row in rows]
        session_notes = notes("Session notes", f"{form_key}_notes")
        if st.form_submit_button("Save session", type="primary"):
            attempt(
                store.save_session,
                con,
                message=f"Session saved for {day:%a %d %b}.",
                remember=SAVED_SESSION,
                refuse=logbook.nothing_done(entries),
                day=day,
                focus=focus,
                duration_min=duration,
                rpe=rpe,
                notes=session_notes,
                exercises=entries,
                session_id=session_id,
                today=today_,
            )
    with (
        st.expander("Skipped the session? Record it, so a missed day is not just a blank"),
        st.form(f"skip_{form_key}"),
    ):
        reason = st.radio("Why (optional)", SKIP_REASONS, index=None, horizontal=True)
        if st.form_submit_button("Save as skipped"):
            attempt(
                store.save_session,
                con,
                message=f"Skipped session saved for {day:%a %d %b}.",
                remember=SAVED_SESSION,
                day=day,
                focus=focus,
                skipped=True,
                skip_reason=reason,
                session_id=session_id,
                today=today_,
            )
    if session_id:
        confirm(
            "Delete this session",
            f"session_{session_id}",
            f"Delete session {session_id} and its exercises?",
            store.delete_session,
            con,
            session_id,
        )


def log_rituals(con: duckdb.DuckDBPyConnection, read: CachedReads, day: date, today_: date) -> None:
    """The day's ritual ticks, Retire beside each, and a form to add one."""
    rituals, ticks = read.list_rituals(), read.ritual_ticks(day)
    for r in rituals.itertuples():
        ticked, retire = st.columns([6, 1])
        was = r.id in ticks
        if (done := ticked.checkbox(plain(f"{r.cue} → {r.movement}"), was, key=f"ritual_{day}_{r.id}")) != was:
            attempt(
                store.tick_ritual,
                con,
                message=f"Ritual {'ticked' if done else 'unticked'} for {day:%a %d %b}.",
                ritual_id=r.id,
                day=day,
                done=done,
                today=today_,
            )
        if retire.button("Retire", key=f"retire_ritual_{r.id}", help="From today on; its ticks stay."):
            attempt(
                store.retire_ritual,
                con,
                message="Ritual retired; its ticks stay.",
                ritual_id=r.id,
                day=today_,
                today=today_,
            )
    with st.form("new_ritual", enter_to_submit=False):  # not cleared on submit: a refused entry stays to fix
        st.caption("A ritual ties a movement to a cue you meet every day. Edit rituals on the Exercises page.")
        a, b, c = st.columns([3, 3, 1])
        cue = a.text_input("Cue", placeholder="After morning coffee", key=NEW_RITUAL[0])
        movement = b.text_input("Movement", placeholder="3 min cat-camel", key=NEW_RITUAL[1])
        minutes = number("minutes", NEW_RITUAL[2], "Minutes", where=c)
        if st.form_submit_button("Add ritual"):
            attempt(
                store.save_ritual,
                con,
                message="Ritual added.",
                forget=NEW_RITUAL,
                cue=cue,
                movement=movement,
                minutes=minutes,
                today=today_,
            )


def _open_picked_day(key: str, days: list) -> None:
    """A row picked in a history table opens its day (a callback: it runs before the date picker is drawn)."""
    if rows := st.session_state[key].selection.rows:
        st.session_state[LOG_DAY_KEY] = days[rows[0]]


def log_last_30_days(read: CachedReads, today_: date) -> None:
    """The last 30 days' check-ins and sessions; a click on a row opens its day."""
    st.caption("Click a row to open its day above, to edit it or delete it. A dash (–) is a value not given.")
    month = today_ - timedelta(days=29)
    for key, table in (
        ("history_checkins", read.list_checkins(month, today_).sort_values("day", ascending=False)),
        ("history_sessions", read.list_session_summaries(month, today_)),
    ):
        st.dataframe(
            logbook.shown(table),
            hide_index=True,
            key=key,
            selection_mode="single-row",
            on_select=partial(_open_picked_day, key, list(table["day"])),
        )


# The Progress page's sections: the range, the plain-words answer, the headline numbers and each chart.
PROGRESS_RANGE_KEY = "progress_range"
PROGRESS_CUSTOM_KEY = "progress_custom_range"
CHART_CONFIG = {"displaylogo": False, "responsive": True, "displayModeBar": False}  # no toolbar over titles


def progress_range(read: CachedReads, today_: date) -> tuple[str, date, date]:
    """The range picker: the choice and its first and last day (the page stops while a custom range is half picked)."""
    choice = st.radio("Range", list(load.RANGES), horizontal=True, key=PROGRESS_RANGE_KEY)
    custom = None
    if choice == "Custom":
        picked = st.date_input(
            "From – to",
            value=load.period("Last 4 weeks", today_, None),
            max_value=today_,
            format=DATE_FORMAT,
            key=PROGRESS_CUSTOM_KEY,
        )
        if len(picked) != 2:
            st.info("Pick the last day of the range too.")
            st.stop()
        custom = tuple(picked)
    try:
        start, end = read.progress_range(choice, today_, custom)
    except (PoiseError, ValueError) as e:
        show_error(getattr(e, "message", str(e)))
        st.stop()
    weekly = load.is_weekly(start, end)
    st.caption(f"{start:%d %b %Y} – {end:%d %b %Y}" + (" · drawn from weekly totals and medians" if weekly else ""))
    return choice, start, end


def progress_in_words(read: CachedReads, choice: str, start: date, end: date) -> None:
    """ "Am I getting better?" answered in sentences; one without enough data behind it is a caption."""
    for said in progress_words.sentences(
        start=start,
        end=end,
        span=progress_words.span_words(choice, start, end),
        amber_delta=read.get_setting("morning_amber_delta"),
        **read.progress_word_inputs(start, end),
    ):
        (st.markdown if said.enough else st.caption)(plain(said.text))


def _figure(value, unit: str = "") -> str:
    return "–" if value is None else f"{round(value, 1):,g}{unit}"


def _delta(change, text: str, color: str = "off") -> dict:
    """st.metric's delta arguments; no arrow and no colour when nothing changed."""
    if change is None:
        return {"delta": None}
    return {
        "delta": f"{round(change, 1):+,g}{text}",
        "delta_color": "off" if change == 0 else color,
        "delta_arrow": "off" if change == 0 else "auto",
    }


def progress_headline(read: CachedReads, start: date, end: date, today_: date) -> None:
    """Four numbers against the days just before the range: morning pain, sessions, load, and the last TSK."""
    head, tsk = read.range_headline(start, end), read.headline_numbers(today_)["tsk"]
    before = f" vs the {head['days']} days before"
    cols = st.columns(4)
    pain, sessions, effort = head["median_pain"], head["sessions"], head["load"]
    cols[0].metric(
        "Morning pain, median",
        _figure(pain["this"], " / 10"),
        **_delta(pain["change"], before, "inverse"),
        help=f"Lower is better. The median of this range's morning check-ins against the {head['days']} "
        "days just before it.",
    )
    cols[1].metric(
        "Sessions",
        sessions["this"],
        **_delta(sessions["change"], before),
        help="Sessions done in this range (a skipped one does not count).",
    )
    cols[2].metric(
        "Effort × minutes",
        _figure(effort["this"]),
        **_delta(effort["change"], before),
        help="Training load: each session's effort (0–10) times its minutes, added up. "
        "The number has no unit of its own (sports science calls it AU, arbitrary units).",
    )
    if tsk is None:
        cols[3].metric("Fear of movement (TSK)", "–", help="Answer the TSK on the Questionnaires page.")
    else:
        cols[3].metric(
            f"{tsk['instrument']}, {tsk['day']:%d %b}",
            _figure(tsk["total"]),
            **_delta(tsk["change"], f" since {tsk['since']:%d %b}" if tsk["since"] else "", "inverse"),
            help="Lower is less fear of movement.",
        )


def progress_chart(read: CachedReads, builder, *reads: tuple, **options) -> None:
    """Draw `builder`'s chart from the store's `reads`, or say what it needs when there is not enough data yet."""
    figure = read.figure(builder, *reads, **options)
    if figure is None:
        st.info(charts.needs(builder))
    else:
        st.plotly_chart(figure, config=CHART_CONFIG, theme=None, key=f"chart_{builder.__name__}")
        st.expander("How is this worked out?").markdown(progress_words.HOW[builder.__name__])


# The Settings & data page's tabs: settings, export, import, backups, calendar, the physio summary, delete.
DATA_ERROR_KEY = "data_error"  # a data action's refusal, shown at the top of the page on the next rerun
IMPORT_REPORT_KEY = "data_import_report"
BACKUP_PICK_KEY, RESTORE_SURE_KEY, DELETE_TYPED_KEY = "data_backup_pick", "data_restore_sure", "data_delete_typed"


def data_action(action, *args, done: str = "", reset: str | None = None) -> None:
    """Run a data action (a button callback, or inline); toast `done` (may use {result}) or keep the error."""
    try:
        result = action(*args)
        if done:
            flash(done.format(result=getattr(result, "name", result)))
    except PoiseError as e:
        st.session_state[DATA_ERROR_KEY] = e.message
    if reset:
        st.session_state[reset] = "" if reset == DELETE_TYPED_KEY else False


def data_error() -> None:
    """The last data action's refusal, if any, once."""
    if message := st.session_state.pop(DATA_ERROR_KEY, None):
        show_error(message)


def data_settings(con: duckdb.DuckDBPyConnection, read: CachedReads) -> None:
    """Every setting of lib.settings in two columns, saved together in one transaction, or none."""
    with st.form("settings_form", enter_to_submit=False):
        values, submitted = read.all_settings(), dict[str, object]()
        for s, col in zip(SETTINGS, cycle(st.columns(2)), strict=False):
            if s.choices:
                submitted[s.key] = col.selectbox(s.label, s.choices, index=s.choices.index(values[s.key]))
            elif s.kind is date:
                submitted[s.key] = col.date_input(s.label, value=values[s.key], format=DATE_FORMAT)
            else:
                submitted[s.key] = col.number_input(
                    s.label, s.kind(s.low), s.kind(s.high), s.kind(values[s.key]), programme.setting_step(s)
                )
            col.caption(programme.setting_help(s))
        if st.form_submit_button("Save settings", type="primary"):
            data_action(
                store.set_settings,
                con,
                programme.setting_changes(values, submitted),
                done="Settings saved. The suggestions use them from now on.",
            )
            st.rerun()  # a refused combination is shown at the top, the values typed stay in the form


def data_export(con: duckdb.DuckDBPyConnection, today_: date) -> None:
    """A download button per export format."""
    st.caption(
        "A CSV per table and a README of columns: opens in a spreadsheet, imports back here. "
        "Parquet is for other tools."
    )
    for fmt, (label, _, mime) in archive.DOWNLOADS.items():
        st.download_button(
            label,
            partial(archive.download_bytes, con, fmt),  # made on the click, not on every rerun
            archive.export_name(today_, fmt),
            mime,
            key=f"export_{fmt}",
            on_click="ignore",
        )


def data_import(con: duckdb.DuckDBPyConnection, today_: date) -> None:
    """Upload an export or one table's CSV, import it on a click, and show its report."""
    st.caption("Every row is checked first: if one is wrong, nothing is written. Rows already here stay as they are.")
    upload = st.file_uploader(
        "A Poise export (.zip) or one table's .csv",
        type=["zip", "csv"],
        key="data_upload",
        on_change=st.session_state.pop,
        args=(IMPORT_REPORT_KEY, None),
    )  # a new or no file: no old report
    if upload is not None and st.button("Import", type="primary", key="import_button"):
        st.session_state[IMPORT_REPORT_KEY] = archive.import_upload(con, upload.name, upload.getvalue(), today_)
    if (result := st.session_state.get(IMPORT_REPORT_KEY)) is not None:
        (st.success if result.ok else st.error)(result.summary())
        if result.problems:
            st.dataframe(result.problems_frame(), hide_index=True)


def data_backups(con: duckdb.DuckDBPyConnection, t) -> None:
    """The daily copies: back up now, restore one (the current state kept aside), delete one."""
    backups = archive.list_backups(con)
    t.caption(
        f"Each day's first open copies to `{archive.backups_dir(con)}`; the last {archive.KEEP_DAILY} daily copies "
        f"are kept, the others until you delete them: {len(backups)} now, {archive.backups_size_kb(backups):,} KB."
    )
    t.button(
        "Back up now",
        key="backup_now",
        on_click=data_action,
        args=(archive.backup_now, con),
        kwargs={"done": "Copied to {result}."},
    )
    t.dataframe(archive.backups_frame(backups), hide_index=True)
    if backups:
        pick = t.selectbox("A copy to restore or delete", [b.path.name for b in backups], key=BACKUP_PICK_KEY)
        sure = t.checkbox("Replace everything with this copy (the current one is kept aside)", key=RESTORE_SURE_KEY)
        t.button(
            "Restore",
            key="restore_button",
            disabled=not sure,
            on_click=data_action,
            args=(archive.restore, con, archive.backups_dir(con) / pick),
            kwargs={"done": "Restored. The state before is kept as {result}.", "reset": RESTORE_SURE_KEY},
        )
        with t:
            confirm(
                "Delete this copy",
                "backup_delete",
                f"Delete {pick}? This cannot be undone.",
                archive.delete_backup,
                con,
                pick,
                done=f"Deleted {pick}.",
            )


def data_calendar(con: duckdb.DuckDBPyConnection, read: CachedReads, t, today_: date) -> None:
    """The rituals' reminder times, kept as edited, and the calendar file that repeats them daily."""
    rituals = read.list_rituals()
    if rituals.empty:
        t.info("Add a habit anchor or a personal rule on the Exercises page first.")
        return
    t.caption(
        "Tick the rituals to be reminded of and pick a time (kept with the ritual); your calendar repeats them daily."
    )
    table = t.data_editor(
        calendar_export.reminder_table(rituals),
        hide_index=True,
        key="data_reminders",
        disabled=["ritual", "id"],
        column_config={"id": None, "time": st.column_config.TimeColumn(format="HH:mm", step=300)},
    )
    data_action(store.set_reminder_times, con, calendar_export.changed_times(rituals, table))
    t.download_button(
        "Download calendar file (.ics)",
        calendar_export.calendar_from_table(table, today_),
        "poise-rituals.ics",
        "text/calendar",
        key="calendar_download",
        on_click="ignore",
    )


def data_summary(con: duckdb.DuckDBPyConnection, today_: date) -> None:
    """The physio summary of a period, the notes only if ticked in, as one offline HTML file."""
    st.caption(
        "A page to print or hand over: numbers, charts, scores, prescriptions; your notes only if you tick them in. "
        "Opens offline."
    )
    span = st.date_input(
        "Period",
        value=(today_ - timedelta(days=27), today_),
        max_value=today_,
        key="data_summary_range",
        format=DATE_FORMAT,
    )
    start, end = (*span, *span)[:2] if span else (today_, today_)  # one day picked so far: a one-day period
    with_notes = st.checkbox("Include my notes from check-ins and sessions", value=False, key="data_summary_notes")
    st.download_button(
        "Download the summary (HTML)",
        lambda: report.physio_summary(con, start, end, today_, with_notes),
        report.file_name(start, end),
        "text/html",
        key="summary_download",
        on_click="ignore",
    )


def data_delete(con: duckdb.DuckDBPyConnection) -> None:
    """Delete everything, once the confirmation phrase is typed (a copy is kept first)."""
    typed = st.text_input(archive.CONFIRM_LABEL, key=DELETE_TYPED_KEY)
    st.button(
        "Delete everything",
        key="delete_button",
        disabled=typed.strip().lower() != archive.CONFIRM_PHRASE,
        on_click=data_action,
        args=(archive.delete_everything, con, typed),
        kwargs={"done": "Everything deleted. The last copy is {result}.", "reset": DELETE_TYPED_KEY},
    )


# The Questionnaires page's sections: the one just saved, the answer form (same day twice: ask first), the PSFS
# activities, and the history with its chart and a response to open or delete.
Q_SAVED_KEY = "questionnaire_saved_id"  # the response just saved: its score is shown on top
Q_OPEN_KEY = "questionnaire_open_id"  # the response opened under History
# Set by a delete, applied before the picker is drawn: a picker left to fall back by itself shows the deleted label.
Q_NEXT_OPEN_KEY = "questionnaire_next_open_id"
Q_PENDING_KEY = "questionnaire_pending"  # answers waiting for "Replace it" or "Keep both" (same day twice)
Q_ANSWER_KEY = "questionnaire_answer_{}_{}"  # instrument id, item number or PSFS activity id
PSFS_NEW_KEY, PSFS_RETIRE_KEY = "psfs_new_activity", "psfs_retire_activity"


def _show_response(read: CachedReads, response_id: int) -> dict:
    """Draw a stored response's score, band, subscales and change as plain text; return the response."""
    response = read.get_questionnaire(response_id)
    st.text("\n".join(questionnaires.describe_response(response, read.questionnaire_change(response_id))))
    return response


def questionnaire_saved(read: CachedReads, inst: questionnaires.Instrument) -> None:
    """The response just saved, if it is of this instrument and still there."""
    saved_id = st.session_state.get(Q_SAVED_KEY)
    # missing_ok: the response may have been deleted in another tab since it was saved here.
    if saved_id is not None and (read.get_questionnaire(saved_id, missing_ok=True) or {}).get("instrument") == inst.id:
        with st.container(border=True):
            st.success(f"Saved your {inst.short}.")
            _show_response(read, saved_id)


def questionnaire_form(
    con: duckdb.DuckDBPyConnection, read: CachedReads, inst: questionnaires.Instrument, today_: date
) -> dict:
    """Every item, unanswered until answered; saved, or first asked about when this day has an answer already.

    Returns the items asked ({item number or PSFS activity id: its words})."""
    st.markdown(f"**{inst.title}**")
    items = dict(inst.items) or dict(read.psfs_activities()[["id", "name"]].itertuples(index=False))
    with st.form(f"questionnaire_form_{inst.id}", enter_to_submit=False):
        st.caption(inst.instructions)
        day = st.date_input(
            "Answered on",
            value=today_,
            max_value=today_,
            key=f"questionnaire_day_{inst.id}",
            width=220,
            format=DATE_FORMAT,
        )
        for item, text in items.items():
            if inst.items:
                st.radio(
                    f"{item}. {text}",
                    list(inst.anchors),
                    index=None,
                    horizontal=True,
                    format_func=inst.anchors.get,
                    key=Q_ANSWER_KEY.format(inst.id, item),
                )
            else:  # the person's own words: plain text, never a markdown label
                st.text(text)
                st.radio(
                    f"Rating for activity {item}",
                    list(range(inst.low, inst.high + 1)),
                    index=None,
                    horizontal=True,
                    key=Q_ANSWER_KEY.format(inst.id, item),
                    label_visibility="collapsed",
                )
        if not items:  # an if, not `... if ... else None`: Streamlit magic would draw that None on the page
            st.info("Add the activities your back makes hard (below) before the first rating.")
        submitted = st.form_submit_button("Save answers", type="primary", key=f"questionnaire_save_{inst.id}")
    answer_keys = tuple(Q_ANSWER_KEY.format(inst.id, i) for i in items)
    if submitted:
        answers = {
            item if inst.items else text: st.session_state.get(Q_ANSWER_KEY.format(inst.id, item))
            for item, text in items.items()
        }
        st.session_state.pop(Q_SAVED_KEY, None)  # an error must not leave an older result on show
        if earlier := read.questionnaire_on(inst.id, day):  # the same day twice: ask first
            st.session_state[Q_PENDING_KEY] = (inst.id, day, answers, earlier)
        else:
            attempt(
                store.save_questionnaire,
                con,
                inst.id,
                answers,
                day=day,
                today=today_,
                remember=Q_SAVED_KEY,
                forget=answer_keys,
            )
    if (pending := st.session_state.get(Q_PENDING_KEY)) and pending[0] == inst.id:
        _, day, answers, earlier = pending
        save = {"day": day, "today": today_, "remember": Q_SAVED_KEY, "forget": (Q_PENDING_KEY, *answer_keys)}
        st.warning(questionnaires.same_day_question(inst.short, day, today_, earlier["created_at"]))
        with st.container(horizontal=True):
            if st.button("Replace it", type="primary", key="questionnaire_replace"):
                attempt(store.save_questionnaire, con, inst.id, answers, replace_id=earlier["id"], **save)
            if st.button("Keep both", key="questionnaire_keep_both"):
                attempt(store.save_questionnaire, con, inst.id, answers, **save)
    return items


def psfs_activities(con: duckdb.DuckDBPyConnection, read: CachedReads, items: dict, today_: date) -> None:
    """The person's own PSFS activities: add one, retire one (its ratings stay), and the list of them all."""
    low, high = questionnaires.PSFS_ACTIVITIES_ADVISED
    with st.expander(
        f"Your activities ({len(items)} kept; the PSFS asks for {low} to {high})", expanded=len(items) < low
    ):
        with st.form("psfs_add_form", enter_to_submit=False):
            st.text_input(
                "Add an activity",
                key=PSFS_NEW_KEY,
                max_chars=questionnaires.PSFS_NAME_MAX,
                placeholder="e.g. Rising from a low chair",
            )
            add = st.form_submit_button("Add activity", key="psfs_add")
        if add:
            attempt(store.add_psfs_activity, con, st.session_state[PSFS_NEW_KEY], day=today_, forget=(PSFS_NEW_KEY,))
        retire = st.selectbox(
            "Retire an activity (its past ratings stay)", list(items.values()), index=None, key=PSFS_RETIRE_KEY
        )
        if st.button("Retire", key="psfs_retire", disabled=retire is None):
            attempt(store.retire_psfs_activity, con, retire, day=today_, forget=(PSFS_RETIRE_KEY,))
        st.dataframe(
            read.psfs_activities(include_retired=True).drop(columns="id"),
            hide_index=True,
            column_config=questionnaires.COLUMN_LABELS,
        )


def questionnaire_answers(con: duckdb.DuckDBPyConnection, read: CachedReads, inst: questionnaires.Instrument) -> None:
    """The instrument's chart and table of totals, and one response opened with its answers, to delete."""
    series = read.questionnaire_series(inst.id)
    if series.empty:
        st.info(f"No {inst.short} yet: answer it under Answer and it will appear here.")
        return
    st.plotly_chart(
        read.figure(charts.questionnaire_history, ("questionnaire_series", inst.id), instrument_id=inst.id),
        key=f"questionnaire_chart_{inst.id}",
    )
    table = read.list_questionnaires(inst.id)
    st.dataframe(table.drop(columns="id"), hide_index=True, column_config=questionnaires.COLUMN_LABELS)
    labels = {r.id: f"{r.day} · {inst.format_total(r.total)}" for r in table.itertuples()}
    if (following := st.session_state.pop(Q_NEXT_OPEN_KEY, None)) in labels:
        st.session_state[Q_OPEN_KEY] = following
    pick = st.selectbox("Open a response", [*labels], format_func=lambda i: labels[i], key=Q_OPEN_KEY)
    if pick in labels:
        response = _show_response(read, pick)
        st.dataframe(questionnaires.answer_rows(inst.id, response["answers"]), hide_index=True, height="content")
        saved_id = st.session_state.get(Q_SAVED_KEY)
        confirm(
            "Delete this response",
            f"questionnaire_{pick}",
            f"Delete the {inst.short} of {labels[pick]}? A copy stays in the audit table.",
            store.delete_questionnaire,
            con,
            pick,
            yes="Yes, delete it",
            no="Keep it",
            forget=(Q_OPEN_KEY, *([Q_SAVED_KEY] if saved_id == pick else [])),
            then={Q_NEXT_OPEN_KEY: next((i for i in labels if i != pick), None)},
        )
