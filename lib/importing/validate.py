"""The import's second stage: each parsed row through lib.models (or the scorer), exactly as a form save.

Each validator takes a row's parsed values and the Context (today, and what the
import or the database holds) and returns the values to write: the ones the
model validated, never the raw parsed cells. Pure: reads nothing, writes nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date

from lib import questionnaires
from lib import settings as definitions
from lib.errors import ValidationError
from lib.models import (
    NOTES_MAX,
    VARIABLES,
    Checkin,
    ExerciseDef,
    ExerciseEntry,
    Ritual,
    Session,
    check_choice,
    check_day,
    check_prescription,
    check_text,
)
from lib.progression import Action, DecisionKind
from lib.redflags import RedFlagReport

# Who set a prescription version (prescription.source): an accepted change of the engine, one by hand, or an import.
PRESCRIPTION_SOURCES = (Action.PROGRESS, Action.REGRESS, Action.DELOAD, Action.MANUAL, "import")


@dataclass
class Context:
    """What row validation may look up: today, and the exercises, sessions and rituals in the import or the database."""

    today: date
    exercises: dict[int, ExerciseDef]  # exercise id (as the import uses it) -> its definition
    session_ids: set[int]
    ritual_ids: set[int]


def _exercise(ctx: Context, values: dict) -> ExerciseDef:
    ex_id = values.get("exercise_id")
    if ex_id not in ctx.exercises:
        raise ValidationError("exercise_id", f"There is no exercise with id {ex_id} in the import or in this database.")
    return ctx.exercises[ex_id]


def _json_object(name: str, text: object) -> dict:
    try:
        value = json.loads(str(text))
    except ValueError:
        raise ValidationError(name, f"{name} must be a JSON object; got {text!r}.") from None
    if not isinstance(value, dict):
        raise ValidationError(name, f"{name} must be a JSON object; got {text!r}.")
    return value


def _model_fields(model: type, v: dict, skip: tuple[str, ...] = ()) -> dict:
    """The row's values for the fields of `model` it carries (so a field the model adds is checked too)."""
    return {f.name: v[f.name] for f in fields(model) if f.name in v and f.name not in skip}


def _check_checkin(v: dict, ctx: Context) -> dict:
    return Checkin(**_model_fields(Checkin, v, ("today",)), today=ctx.today).row()


def _check_session(v: dict, ctx: Context) -> dict:
    values = _model_fields(Session, v, ("today", "exercises"))
    if values.get("notes") is None:
        values["notes"] = ""
    for name in ("duration_min", "rpe"):  # a skipped session leaves them unknown
        values.setdefault(name, None)
    session = Session(**values, today=ctx.today)
    return {k: getattr(session, k) for k in values}


def _check_exercise_log(v: dict, ctx: Context) -> dict:
    if v["session_id"] not in ctx.session_ids:
        raise ValidationError(
            "session_id", f"There is no session with id {v['session_id']} in the import or in this database."
        )
    e = _exercise(ctx, v)
    values = {k: v[k] for k in VARIABLES if v.get(k) is not None}
    unknown = sorted(set(values) - set(e.rules))
    if unknown:  # as save_session refuses it
        raise ValidationError(unknown[0], f"{unknown[0]} is not a variable of {e.name}; it uses: {', '.join(e.rules)}.")
    variant = v.get("variant")
    if variant is not None and variant not in e.variants:
        raise ValidationError(
            "variant", f"{e.name} has no variant {variant!r}; its variants are: {', '.join(e.variants) or 'none'}."
        )
    entry = ExerciseEntry(
        exercise=e.name,
        pain_during=v.get("pain_during"),
        completed=True if v.get("completed") is None else v["completed"],
        variant=variant,
        values=values,
    )
    return {
        **{k: entry.values.get(k) for k in VARIABLES if k in v},
        "pain_during": entry.pain_during,
        "completed": entry.completed,
        "variant": entry.variant,
    }


def _check_prescription(v: dict, ctx: Context) -> dict:
    e = _exercise(ctx, v)
    check_choice("source", v["source"], PRESCRIPTION_SOURCES)
    values = check_prescription(
        e,
        {k: v[k] for k in VARIABLES if v.get(k) is not None},
        v.get("variant"),
        v["effective_from"],
        ctx.today,
        v.get("effective_until"),
    )
    return {k: values.get(k) for k in VARIABLES if k in v}


def _check_questionnaire(v: dict, ctx: Context) -> dict:
    check_choice("instrument", v["instrument"], tuple(questionnaires.INSTRUMENTS))
    inst = questionnaires.INSTRUMENTS[v["instrument"]]
    check_day("day", v["day"], ctx.today)
    scored = questionnaires.score(inst.id, _json_object("answers", v["answers"]))
    if not math.isclose(scored.total, v["total"], abs_tol=0.005):
        raise ValidationError(
            "total", f"total {v['total']:g} does not match the answers, which score {scored.total:g}."
        )
    if v.get("version") not in (None, "") and v["version"] != inst.version:
        raise ValidationError("version", f"version must be {inst.version!r} for {inst.short}; got {v['version']!r}.")
    if v.get("band") != scored.band and not (v.get("band") in (None, "") and scored.band is None):
        raise ValidationError(
            "band", f"band must be {scored.band!r} for a total of {scored.total:g}; got {v.get('band')!r}."
        )
    if "subscales" in v:
        given = _json_object("subscales", v["subscales"]) if v["subscales"] is not None else None
        if given != scored.subscales:
            raise ValidationError(
                "subscales",
                f"subscales must be {json.dumps(scored.subscales)}, as the answers score; got {v['subscales']!r}.",
            )
    # What a form save stores: the scorer's own answers, total, subscales, band and the instrument's version.
    return {
        "version": inst.version,
        "answers": json.dumps({str(k): a for k, a in scored.answers.items()}),
        "total": scored.total,
        "subscales": json.dumps(scored.subscales),
        "band": scored.band,
    }


def _check_psfs_activity(v: dict, ctx: Context) -> dict:
    name = check_text("name", v["name"], required=True, limit=questionnaires.PSFS_NAME_MAX).strip()
    check_day("added_on", v["added_on"], ctx.today)
    if v.get("retired_on") is not None:
        check_day("retired_on", v["retired_on"], ctx.today)
        if v["retired_on"] < v["added_on"]:
            raise ValidationError("retired_on", f"retired_on ({v['retired_on']}) is before added_on ({v['added_on']}).")
    return {"name": name}


def _check_progression_event(v: dict, ctx: Context) -> dict:
    _exercise(ctx, v)
    check_day("day", v["day"], ctx.today)
    check_choice("action", v["action"], tuple(Action))
    check_choice("decision", v["decision"], tuple(DecisionKind))
    _json_object("current", v["current"])
    _json_object("proposed", v["proposed"])
    check_text("reason", v["reason"], limit=NOTES_MAX)
    if v.get("variable") is not None:
        check_choice("variable", v["variable"], (*VARIABLES, "variant"))
    return {}


def _check_ritual(v: dict, ctx: Context) -> dict:
    ritual = Ritual(
        cue=v["cue"],
        movement=v["movement"],
        kind="anchor" if v.get("kind") is None else v["kind"],
        minutes=v.get("minutes"),
        reminder_time=v.get("reminder_time"),
    )
    if v.get("created_on") is not None:
        check_day("created_on", v["created_on"], ctx.today)
    if v.get("retired_on") is not None:
        check_day("retired_on", v["retired_on"], ctx.today)
    out = {
        "cue": ritual.cue,
        "movement": ritual.movement,
        "kind": ritual.kind,
        "minutes": ritual.minutes,
        "reminder_time": ritual.reminder_time,
    }
    return {k: out[k] for k in out if k in v}


def _check_ritual_log(v: dict, ctx: Context) -> dict:
    if v["ritual_id"] not in ctx.ritual_ids:
        raise ValidationError(
            "ritual_id", f"There is no ritual with id {v['ritual_id']} in the import or in this database."
        )
    check_day("day", v["day"], ctx.today)
    return {}


def _check_setting(v: dict, ctx: Context) -> dict:
    try:
        value = definitions.validate(v["key"], json.loads(str(v["value"])))
    except ValueError as e:
        field_name = "key" if v["key"] not in definitions.BY_KEY else "value"
        raise ValidationError(field_name, getattr(e, "message", f"value must be JSON; got {v['value']!r}.")) from None
    # Stored as set_setting stores it: the validated value as JSON (a date as its ISO text).
    return {"value": json.dumps(value.isoformat() if isinstance(value, date) else value)}


def _check_red_flag_report(v: dict, ctx: Context) -> dict:
    report = RedFlagReport(v["day"], tuple(f for f in str(v.get("flags") or "").split(",") if f), ctx.today)
    return {"flags": ",".join(report.flags)}  # as save_red_flags stores them: known keys, in the screen's order


def _check_audit(v: dict, ctx: Context) -> dict:
    check_choice("action", v["action"], ("update", "delete"))
    check_text("table_name", v["table_name"], required=True, limit=80)
    check_text("row_key", v["row_key"], required=True, limit=200)
    try:
        json.loads(str(v["old_row"]))
    except ValueError:
        raise ValidationError("old_row", f"old_row must be JSON; got {v['old_row']!r}.") from None
    return {}


VALIDATORS: dict[str, Callable[[dict, Context], dict]] = {
    "checkin": _check_checkin,
    "session": _check_session,
    "exercise_log": _check_exercise_log,
    "prescription": _check_prescription,
    "questionnaire_response": _check_questionnaire,
    "psfs_activity": _check_psfs_activity,
    "progression_event": _check_progression_event,
    "ritual": _check_ritual,
    "ritual_log": _check_ritual_log,
    "setting": _check_setting,
    "audit": _check_audit,
    "red_flag_report": _check_red_flag_report,
}
