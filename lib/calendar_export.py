"""Calendar reminders: the person's rituals as an iCalendar file their own calendar app reminds them from.

Each chosen ritual becomes one event repeating daily (RRULE FREQ=DAILY) at
the time the person picked, in floating local time (7:30 stays 7:30 when
they travel), with a reminder at its start. Each event's UID is fixed by the
ritual's id, so importing a newer file updates the events instead of adding
copies. Pure: values in, bytes out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from icalendar import Alarm, Calendar, Event

PRODID = "-//Poise//Rituals//EN"
DEFAULT_TIME = time(8, 0)
DEFAULT_MINUTES = 5


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
        out.append(Reminder(int(r["id"]), f"Poise: {r['movement']}", f"{r['cue']}{joiner}{r['movement']}", at, minutes))
    return out


def reminder_table(rituals: pd.DataFrame) -> pd.DataFrame:
    """Return an editable table of rituals: include (anchors yes, rules no), ritual, time, minutes, id."""
    rows = reminders(rituals)
    kinds = dict(zip(rituals["id"], rituals["kind"], strict=True)) if len(rituals) else {}
    return pd.DataFrame([{"include": kinds[r.ritual_id] == "anchor", "ritual": r.description, "time": r.at,
                          "minutes": r.minutes, "id": r.ritual_id} for r in rows],
                        columns=["include", "ritual", "time", "minutes", "id"])


def calendar_from_table(table: pd.DataFrame, start: date, now: datetime | None = None) -> bytes:
    """Return the iCalendar file for the rows of an edited reminder_table that are included."""
    chosen = [Reminder(int(r["id"]), f"Poise: {r['ritual']}", str(r["ritual"]),
                       r["time"] if isinstance(r["time"], time) else DEFAULT_TIME,
                       DEFAULT_MINUTES if pd.isna(r["minutes"]) else min(240, max(1, int(r["minutes"]))))
              for r in table.to_dict("records") if r["include"] is True]
    return calendar_bytes(chosen, start, now)


def calendar_bytes(chosen: list[Reminder], start: date, now: datetime | None = None) -> bytes:
    """Return an iCalendar file (.ics) with one daily repeating event per reminder, from `start` on."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Poise rituals")
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
