"""The red-flag screen: signs that back pain may need urgent medical care, not exercise. Pure data and checks.

The list follows NICE NG59 (low back pain and sciatica in over 16s, 2016/2020:
exclude specific causes such as cauda equina syndrome, fracture, infection or
cancer) and the IFOMPT international framework for red flags (Finucane et al.
2020, JOSPT 50(7):350-372). Poise screens; it does not diagnose: any tick
stops the day's plan and says to seek urgent care and what to tell them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lib.errors import ValidationError
from lib.models import check_day

# key -> what the person reads on the check-in (one line, tick any).
RED_FLAGS: dict[str, str] = {
    "saddle_numbness": "Numbness around the saddle area (between the legs, buttocks, genitals)",
    "bladder_bowel": "New trouble controlling or feeling your bladder or bowel",
    "leg_weakness": "Leg weakness or numbness that is getting worse",
    "fever_unwell": "Fever, or feeling unwell, with the back pain",
    "weight_loss": "Unexplained weight loss",
    "night_pain": "Severe pain at night that does not ease with rest or a change of position",
    "fall_injury": "Pain after a fall or an injury",
}
QUESTION = "Anything new and worrying?"
# What the person reads instead of the plan, and what to say when they seek care.
URGENT = {"saddle_numbness", "bladder_bowel", "leg_weakness"}  # possible cauda equina or nerve compression
STOP_TITLE = "Stop: no exercise today. Please seek medical care now."
STOP_URGENT = (
    "Numbness around the saddle area, new bladder or bowel trouble, or worsening leg weakness can be "
    "signs that a nerve is badly compressed (cauda equina syndrome). This is an emergency: go to an "
    "emergency department or call your emergency number now, today, even if the pain is not bad."
)
STOP_SOON = (
    "These signs are not usual for ordinary back pain. Contact your doctor or an urgent care service "
    "today (the same day), before any more exercise."
)
SAY = (
    'Tell them: "I have low back pain and I now have {signs}. It started on {day}." Mention any recent fall, '
    "cancer in the past, steroid use, or a weakened immune system."
)


@dataclass(frozen=True)
class RedFlagReport:
    """The screen's answer for one day: the keys ticked (empty: nothing new and worrying)."""

    day: date
    flags: tuple[str, ...] = ()
    today: date | None = None

    def __post_init__(self) -> None:
        check_day("day", self.day, self.today or date.today())
        unknown = [f for f in self.flags if f not in RED_FLAGS]
        if unknown:
            raise ValidationError("red_flags", f"red_flags must be among {', '.join(RED_FLAGS)}; got {unknown[0]!r}.")
        object.__setattr__(self, "flags", tuple(f for f in RED_FLAGS if f in self.flags))  # screen order, once


def stop_message(flags: tuple[str, ...] | list[str], since: date) -> tuple[str, str, str]:
    """Return (title, what to do, what to say) for a day with any red flag ticked."""
    signs = [RED_FLAGS[f].lower() for f in RED_FLAGS if f in flags]
    what = STOP_URGENT if URGENT & set(flags) else STOP_SOON
    said = "; ".join(signs) if signs else "a new and worrying symptom"
    return STOP_TITLE, what, SAY.format(signs=said, day=f"{since:%A %d %B %Y}")


def labels(flags: tuple[str, ...] | list[str]) -> list[str]:
    """The ticked flags as the person read them, in screen order."""
    return [RED_FLAGS[f] for f in RED_FLAGS if f in flags]
