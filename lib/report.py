"""The summary for the physiotherapist: one self-contained HTML file for a chosen period.

It holds the headline numbers, the pain-and-load and next-morning charts
(lib/charts.py), questionnaire scores with their change, the current
prescriptions and the progressions made, and the person's notes. It prints on
A4 and opens offline: plotly's JavaScript is inlined once, no font, image or
script is fetched, and the file contains no web address at all (see
`offline_plotlyjs`). The page is a Jinja2 template, lib/templates/summary.html.j2,
with autoescape on: everything the person typed is HTML-escaped, and only Poise's
own markup (the bundle, a chart, an exercise's figure) is marked to pass as it is.

`build_summary` gathers the values (reads only); `render` turns them into HTML
(pure); `physio_summary` does both.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import SupportsFloat

import duckdb
import jinja2
import pandas as pd
import plotly.graph_objects as go
from markupsafe import Markup
from plotly.offline import get_plotlyjs

from lib import charts, figures, load, media, plain, progress_words, questionnaires, redflags, store

PRINT_WIDTH_PX = 680  # A4 portrait minus 15 mm margins, at 96 dpi
FIGURE_HEIGHT_PX = 84  # a strip of up to five frames still fits the print width
MAX_EVENTS = 60
MAX_NOTES = 200  # the newest notes of the period; the summary says when there were more
CHART_CONFIG = {"displayModeBar": False, "responsive": False}

# XML namespace names: identifiers the browser compares as strings and never fetches.
_NAMESPACE = re.compile(r"http://www\.w3\.org/")
_ADDRESS = re.compile(r"https?://[^\s\"'`<>(){}$\\]*")  # up to the end of the address, or a template's ${


@lru_cache(maxsize=1)
def offline_plotlyjs() -> str:
    """Return plotly's bundled JavaScript with no web address left in it.

    The bundle carries addresses only for features Poise never draws (map
    tiles and their fonts, CDN topojson, licence links in comments). They are
    cut out, so nothing can ever be fetched from them. The W3C namespace names
    that SVG needs keep their exact value at run time: their slashes are
    written as the JavaScript escape \\/ , which is the same string.
    """
    js = _NAMESPACE.sub(lambda m: m.group(0).replace("/", "\\/"), get_plotlyjs())
    js = _ADDRESS.sub("", js)
    return js.replace("</script", "<\\/script")  # never close the inline <script> early


@dataclass
class Summary:
    """Everything the summary shows, as plain values (and two plotly figures)."""

    start: date
    end: date
    today: date
    numbers: dict[str, object]
    pain_and_load: go.Figure | None
    next_morning: go.Figure | None
    next_morning_text: str
    scores: list[dict[str, object]]
    prescriptions: list[tuple[str, str, str]]  # exercise, category, prescription
    events: pd.DataFrame
    notes: pd.DataFrame  # store.period_notes: the newest MAX_NOTES, with `total`
    units: str = "kg"
    warnings: list[str] = field(default_factory=list)
    red_flags: list[tuple[date, tuple[str, ...]]] = field(default_factory=list)  # days with a red flag ticked
    figures: list[tuple[str, str]] = field(default_factory=list)  # exercise (variant), its start → end frames (SVG)
    words: list[str] = field(default_factory=list)  # the plain-words answer, as on Progress


def file_name(start: date, end: date) -> str:
    """Return the file name the summary is offered under."""
    return f"poise-summary-{start.isoformat()}-to-{end.isoformat()}.html"


def score_rows(totals: pd.DataFrame) -> list[dict[str, object]]:
    """Return one row per questionnaire answered in the period: baseline, latest, change and its meaning.

    `totals` is store.questionnaire_totals. The baseline is the last answer
    before the period when there is one, else the first answer in it.
    """
    rows = []
    for instrument, df in totals.groupby("instrument", sort=True):
        inst = questionnaires.INSTRUMENTS[str(instrument)]
        first, last = df.iloc[0], df.iloc[-1]
        before = not pd.isna(first["previous"])
        baseline = float(first["previous"]) if before else float(first["total"])
        change = float(last["total"]) - baseline
        if len(df) == 1 and not before:
            meaning = "first answer"
        elif questionnaires.change_matters(str(instrument), baseline, float(last["total"])):
            meaning = (
                "improved by at least the minimal important change"
                if inst.threshold_name == "change that matters"
                else f"improved beyond the {inst.threshold_name} (mean of all activities)"
            )
        elif inst.mic is not None and change * inst.mic_direction <= -inst.mic:
            meaning = (
                "worse by at least the minimal important change"
                if inst.threshold_name == "change that matters"
                else f"worse beyond the {inst.threshold_name} (mean of all activities)"
            )
        else:
            meaning = "no change beyond measurement noise" if inst.mic is not None else "no validated change threshold"
        band = "" if inst.band_above is None else (" (high)" if last["total"] > inst.band_above else " (not high)")
        rows.append(
            {
                "instrument": inst.short,
                "answers": len(df),
                "baseline": inst.format_total(baseline) + (" (before the period)" if before else ""),
                "latest": f"{inst.format_total(last['total'])}{band} on {last['day']:%d %b %Y}",
                "change": f"{inst.rounded(change):+g}",
                "meaning": meaning,
            }
        )
    return rows


def build_summary(
    con: duckdb.DuckDBPyConnection, start: date, end: date, today: date, include_notes: bool = True
) -> Summary:
    """Gather the values of the summary of [start, end]. Reads only."""
    pairs = store.next_morning_pairs(con, start, end)
    settings = store.all_settings(con)
    units = settings["units"]
    prescribed = store.current_prescriptions(con, end)
    library = store.load_library(con, active_only=True)
    events = store.progression_events(con, start, end)
    if "reason" in events:  # a stored reason may name a variable ("hold_s"): on paper, its label
        events["reason"] = events["reason"].map(plain.words)
    return Summary(
        start=start,
        end=end,
        today=today,
        numbers=store.period_numbers(con, start, end),
        pain_and_load=charts.pain_and_load(
            store.daily_pain_and_load(con, start, end), events, store.deload_weeks(con, start, end)
        ),
        next_morning=charts.next_morning(pairs, red_delta=settings["morning_red_delta"]),
        next_morning_text=load.describe_response(load.next_morning_response(pairs)),
        scores=score_rows(store.questionnaire_totals(con, start, end)),
        prescriptions=[
            (name, e.category, plain.prescription_words(prescribed[name], e, units)) for name, e in library.items()
        ],
        events=events,
        notes=(
            store.period_notes(con, start, end, MAX_NOTES)
            if include_notes
            else pd.DataFrame(columns=["day", "source", "notes", "total"])
        ),
        units=units,
        red_flags=store.red_flag_reports(con, start, end),
        figures=exercise_figures(prescribed, library) + own_photos(con, library),
        words=[
            s.text
            for s in progress_words.sentences(
                start=start,
                end=end,
                span=progress_words.span_words("Custom", start, end),
                amber_delta=settings["morning_amber_delta"],
                **store.progress_word_inputs(con, start, end),
            )
        ],
    )


def exercise_figures(prescribed: dict, library: dict) -> list[tuple[str, str]]:
    """Return (label, still SVG for inline HTML) of each active exercise with a figure, at its current variant."""
    out = []
    for name in library:
        variant = (prescribed.get(name) or {}).get("variant")
        svg = figures.exercise_strip(name, variant, height=FIGURE_HEIGHT_PX)
        if svg:
            fig = figures.figure_for(name, variant)
            seen = f" ({fig.note.split(':')[0].lower()})" if fig and fig.view != "side" else ""  # "(seen from above)"
            out.append((name + (f" — {variant}" if variant else "") + seen, figures.inline_html(svg)))
    return out


def own_photos(con: duckdb.DuckDBPyConnection, library: dict) -> list[tuple[str, str]]:
    """Return (label, inline <img>) of the person's own photo of each active exercise. Reads.

    The image is a data: URI (lib.media.summary_photo_uri: a small JPEG), so the summary stays one file.
    A clip does not print: it is left out.
    """
    out = []
    for name, m in store.media_index(con).items():
        if m.kind != "photo" or name not in library or (data := store.media_bytes(con, m.id)) is None:
            continue  # a clip, an exercise not shown, or a picture deleted since the index was read
        out.append(
            (
                f"{name} — your own photo",
                f'<img src="{media.summary_photo_uri(data)}" '
                f'alt="{html.escape(name)}, your own photo" style="max-height:{3 * FIGURE_HEIGHT_PX}px">',
            )
        )
    return out


def physio_summary(
    con: duckdb.DuckDBPyConnection, start: date, end: date, today: date, include_notes: bool = True
) -> str:
    """Return the summary of [start, end] as one self-contained HTML document. Reads only."""
    return render(build_summary(con, start, end, today, include_notes))


# --- rendering (pure): lib/templates/summary.html.j2 -----------------------------------------


def _escape(value: object) -> Markup:
    """Every value a template prints, escaped (None as nothing); Poise's own markup (Markup) passes as it is.

    html.escape rather than Jinja's own escape only for its spelling of quotes (&#x27;, &quot;),
    which the summary has always used; either keeps typed text from becoming markup.
    """
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value)))


_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    finalize=_escape,
    undefined=jinja2.StrictUndefined,
    keep_trailing_newline=False,
)


def _num(value: object, unit: str = "", digits: int = 1) -> str:
    if not isinstance(value, SupportsFloat) or (isinstance(value, float) and pd.isna(value)):  # None: no value
        return "–"
    return f"{round(float(value), digits):g}{unit}"


def _chart(figure: go.Figure | None) -> Markup | None:
    """Return a chart as Poise's own markup for the page (no script of its own: the bundle is inlined once)."""
    if figure is None:
        return None
    fig = go.Figure(figure).update_layout(width=PRINT_WIDTH_PX)
    # On paper nothing can be hovered: a marker's legend points to where its details are written.
    fig.for_each_trace(
        lambda t: (
            t.update(name=t.name.replace("(exercise in hover)", "(listed under Progressions made)")) if t.name else None
        )
    )
    return Markup(fig.to_html(full_html=False, include_plotlyjs=False, config=CHART_CONFIG))


def _numbers(n: dict[str, object], days: int) -> list[list[object]]:
    share = n.get("completed_share")
    return [
        ["Morning check-ins", f"{n['checkins']} of {days} days"],
        [
            "Morning pain (0–10), median",
            f"{_num(n['median_pain'])} (first 14 days {_num(n['first_pain'])}, last 14 days {_num(n['last_pain'])})",
        ],
        ["Flare-up days", n["flare_days"]],
        ["Sleep, median", _num(n["median_sleep"], " h")],
        [
            "Sessions",
            f"{n['sessions']} on {n['practice_days']} days; {n['minutes']} minutes in all"
            + (f"; {n['skipped_sessions']} recorded as skipped" if n.get("skipped_sessions") else ""),
        ],
        ["Training load (effort × minutes)", f"{_num(n['load'], '', 0)}; effort (0–10) median {_num(n['median_rpe'])}"],
        [
            "Exercises done",
            f"{n['exercises_done']}, "
            + ("–" if not isinstance(share, SupportsFloat) else f"{float(share) * 100:.0f} % completed"),
        ],
        [
            "Pain during exercise (0–10)",
            f"median {_num(n['median_pain_during'])}, highest {_num(n['max_pain_during'])}",
        ],
    ]


def _events(events: pd.DataFrame, units: str = "kg") -> dict[str, object]:
    """Return the progressions' table: header, rows (None when there are none) and a lead line when cut."""
    if events.empty:
        return {"rows": None}
    if "day" not in events.columns:  # over a year: weekly counts
        return {
            "header": ["Week of", "Change", "How many", "Exercises"],
            "lead": "",
            "rows": [
                [
                    f"{r.week:%d %b %Y}",
                    plain.change_words(r.action, None, None, None),
                    r.count,
                    r.exercise,
                ]
                for r in events.itertuples()
            ],
        }
    shown = events.tail(MAX_EVENTS)
    more = len(events) - len(shown)
    return {
        "header": ["Day", "Exercise", "What changed", "Why"],
        "lead": f"The latest {len(shown)} of {len(events)} changes." if more else "",
        "rows": [
            [
                f"{r.day:%d %b %Y}",
                r.exercise,
                plain.change_words(r.action, r.variable, r.before, r.after, units, r.exercise),
                plain.words(r.reason),
            ]
            for r in shown.itertuples()
        ],
    }


def _notes(notes: pd.DataFrame) -> dict[str, object]:
    """Return the notes' rows (None when there are none) and a lead line when only the newest are shown."""
    if notes.empty:
        return {"rows": None}
    total = int(notes["total"].iloc[0]) if "total" in notes else len(notes)
    return {
        "lead": f"The latest {len(notes)} of {total} notes, oldest first." if total > len(notes) else "",
        "rows": [[f"{r.day:%d %b %Y}", r.source, r.notes] for r in notes.itertuples()],
    }


def render(s: Summary) -> str:
    """Return the summary as one HTML document: inline CSS and JavaScript, user text escaped. Pure."""
    return _TEMPLATES.get_template("summary.html.j2").render(
        period=f"{s.start:%d %b %Y} – {s.end:%d %b %Y}",
        days=(s.end - s.start).days + 1,
        prepared=f"{s.today:%d %b %Y}",
        prescribed_on=f"{s.end:%d %b %Y}",
        plotlyjs=Markup(offline_plotlyjs()),
        words=s.words,
        red_flags=[[f"{d:%d %b %Y}", "; ".join(redflags.labels(flags))] for d, flags in s.red_flags],
        numbers=_numbers(s.numbers, (s.end - s.start).days + 1),
        pain_and_load=_chart(s.pain_and_load),
        pain_and_load_needs=charts.needs(charts.pain_and_load),
        next_morning=_chart(s.next_morning),
        next_morning_needs=charts.needs(charts.next_morning),
        next_morning_text=s.next_morning_text,
        scores=[
            [r["instrument"], r["answers"], r["baseline"], r["latest"], r["change"], r["meaning"]] for r in s.scores
        ],
        prescriptions=[list(p) for p in s.prescriptions],
        units=s.units,
        # The SVG is Poise's own drawing (lib/figures.py), built from the exercise library, never from typed text.
        figures=[(label, Markup(svg)) for label, svg in s.figures],
        events=_events(s.events, s.units),
        notes=_notes(s.notes),
    )
