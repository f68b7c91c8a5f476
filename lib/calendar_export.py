"""Calendar reminders: the person's rituals as an iCalendar file their own calendar app reminds them from.

Each chosen ritual becomes one event repeating daily (RRULE FREQ=DAILY) at
the time the person picked, in floating local time (7:30 stays 7:30 when
they travel), with a reminder at its start. Each event's UID is fixed by the
ritual's id, so importing a newer file updates the events instead of adding
copies. The calendar is named "Poise rituals", so each event's title is just
the ritual ("After morning coffee: 3 min cat-camel"), cut to TITLE_MAX.

Pure: values in, bytes out. `changed_times` says which picked times to keep
with their rituals (store.set_reminder_times), so they are there on the next visit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from icalendar import Alarm, Calendar, Event

from lib.fields import NUMBERS

PRODID = "-//Poise//Rituals//EN"
CALENDAR_NAME = "Poise rituals"
DEFAULT_TIME = time(8, 0)
DEFAULT_MINUTES = 5
TITLE_MAX = 60  # a calendar's day view shows about this much; the description holds the whole line


def title(line: str) -> str:
    """Return an event title: the ritual's line, cut at a word to TITLE_MAX characters with "…"."""
    line = " ".join(str(line).split())
    if len(line) <= TITLE_MAX:
        return line
    cut = line[: TITLE_MAX - 1].rsplit(" ", 1)[0] or line[: TITLE_MAX - 1]
    return cut.rstrip(" ,:;") + "…"


@dataclass(frozen=True)
class Reminder:
    """One ritual to be reminded of: when, for how long, and what the calendar shows."""

    ritual_id: int
    summary: str
    description: str
    at: time
    minutes: int


def reminders(rituals: pd.DataFrame, times: dict[int, time] | None = None) -> list[Reminder]:
    """Return a Reminder per ritual row (store.list_rituals), at `times[id]`, else its reminder time, else 08:00."""
    times = times or {}
    out = []
    for r in rituals.to_dict("records"):
        stored = r.get("reminder_time")
        at = times.get(r["id"]) or (stored if isinstance(stored, time) else DEFAULT_TIME)
        minutes = r.get("minutes")
        minutes = DEFAULT_MINUTES if minutes is None or pd.isna(minutes) else int(minutes)
        joiner = ": " if r["kind"] == "anchor" else ", "
        line = f"{r['cue']}{joiner}{r['movement']}"
        out.append(Reminder(int(r["id"]), title(line), line, at, minutes))
    return out


def reminder_table(rituals: pd.DataFrame) -> pd.DataFrame:
    """Return an editable table of rituals: include (anchors yes, rules no), ritual, time, minutes, id."""
    rows = reminders(rituals)
    kinds = dict(zip(rituals["id"], rituals["kind"], strict=True)) if len(rituals) else {}
    return pd.DataFrame(
        [
            {
                "include": kinds[r.ritual_id] == "anchor",
                "ritual": r.description,
                "time": r.at,
                "minutes": r.minutes,
                "id": r.ritual_id,
            }
            for r in rows
        ],
        columns=["include", "ritual", "time", "minutes", "id"],
    )


def calendar_from_table(table: pd.DataFrame, start: date, now: datetime | None = None) -> bytes:
    """Return the iCalendar file for the rows of an edited reminder_table that are included."""
    chosen = [
        Reminder(
            int(r["id"]),
            title(r["ritual"]),
            str(r["ritual"]),
            _time(r["time"]) or DEFAULT_TIME,
            event_minutes(r["minutes"]),
        )
        for r in table.to_dict("records")
        if r["include"] is True
    ]
    return calendar_bytes(chosen, start, now)


def event_minutes(cell: float | None) -> int:
    """Return an edited minutes cell as an event's length: DEFAULT_MINUTES when empty, else within a session's range.

    The table is edited freely, so a number out of range is brought inside it (lib.fields' duration row)
    rather than refused: the calendar file is a reminder, not a record.
    """
    if cell is None or pd.isna(cell):
        return DEFAULT_MINUTES
    limit = NUMBERS["duration_min"]
    return int(min(limit.high, max(limit.low, int(cell))))


def _time(value: object) -> time | None:
    """Return a table cell as a time of day ("07:30", "07:30:00" or a time), or None when empty or unreadable."""
    if isinstance(value, time):
        return value.replace(microsecond=0)
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    try:
        return time.fromisoformat(str(value).strip())
    except ValueError:
        return None


def changed_times(rituals: pd.DataFrame, table: pd.DataFrame) -> dict[int, time]:
    """Return {ritual id: time} for the rows of an edited reminder_table whose time the person changed.

    A time counts as changed when it differs from the one the table was
    built with and from the stored reminder time (so a time already saved is
    not saved again, and the 08:00 offered for a ritual without one is not
    stored unasked). A cleared cell changes nothing.
    """
    offered = {r.ritual_id: r.at for r in reminders(rituals)}
    stored = {int(i): _time(t) for i, t in zip(rituals["id"], rituals["reminder_time"], strict=True)}
    changed = {}
    for ritual_id, cell in zip(table["id"], table["time"], strict=True):
        picked, ritual_id = _time(cell), int(ritual_id)
        if picked is not None and picked != offered.get(ritual_id) and picked != stored.get(ritual_id):
            changed[ritual_id] = picked
    return changed


def calendar_bytes(chosen: list[Reminder], start: date, now: datetime | None = None) -> bytes:
    """Return an iCalendar file (.ics) with one daily repeating event per reminder, from `start` on."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", CALENDAR_NAME)
    stamp = now or datetime.now(UTC)
    for r in chosen:
        event = Event()
        event.add("uid", f"poise-ritual-{r.ritual_id}@poise.local")
        event.add("dtstamp", stamp)
        event.add("summary", r.summary)
        event.add("description", r.description)
        event.add("dtstart", datetime.combine(start, r.at))  # naive: floating local time
        event.add("duration", timedelta(minutes=r.minutes))
        event.add("rrule", {"freq": "daily"})
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", r.description)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
