"""The progression engine: pure functions, plain values in, a Suggestion out, no I/O.

A prescription is a dict {variable: value, ..., "variant": name or None}.
Exactly one variable ever changes, by one step, never past its floor or cap.
"""

from __future__ import annotations

import math

from lib.models import ExerciseDef, VariableRule

VOLUME_ORDER = ("sets", "hold_s", "duration_min", "distance_m")  # what a deload cuts, first found


def step_size(rule: VariableRule, value: float) -> float:
    """Return one step of `rule` from `value`: its fixed step, or a percentage rounded to the step."""
    if rule.step_percent is None:
        return rule.step
    return max(rule.step, round(value * rule.step_percent / 100 / rule.step) * rule.step)


def _snap(rule: VariableRule, value: float) -> float:
    """Round to the rule's grid (avoids 0.1 + 0.2 drift) and keep floor <= value <= cap."""
    value = round(value, 6)
    return float(min(rule.cap, max(rule.floor, value)))


def step_up(e: ExerciseDef, current: dict) -> tuple[dict, str | None]:
    """Raise the first variable in progression order that is below its cap by one step.

    Every variable at its cap: the next variant with every variable back at its
    start (variable "variant"). Nothing left: (current, None).
    """
    for rule in e.variables:
        value = current.get(rule.variable, rule.start)
        if value < rule.cap:
            return {**current, rule.variable: _snap(rule, value + step_size(rule, value))}, rule.variable
    variants = e.variants
    variant = current.get("variant")
    if variant in variants and variants.index(variant) + 1 < len(variants):
        fresh = {r.variable: r.start for r in e.variables}
        return {**fresh, "variant": variants[variants.index(variant) + 1]}, "variant"
    return dict(current), None


def step_down(e: ExerciseDef, current: dict, last_raised: str | None = None) -> tuple[dict, str | None]:
    """Lower one variable by one step: `last_raised` if it can go down, else the first above its floor.

    Every variable at its floor: the previous variant (start values). Nothing
    left: (current, None).
    """
    rules = e.rules
    order = ([rules[last_raised]] if last_raised in rules else []) + list(e.variables)
    for rule in order:
        value = current.get(rule.variable, rule.start)
        if value > rule.floor:
            # Down by the step that would have led up to this value.
            size = step_size(rule, value / (1 + rule.step_percent / 100)) if rule.step_percent else rule.step
            return {**current, rule.variable: _snap(rule, value - size)}, rule.variable
    variants = e.variants
    variant = current.get("variant")
    if variant in variants and variants.index(variant) > 0:
        fresh = {r.variable: r.start for r in e.variables}
        return {**fresh, "variant": variants[variants.index(variant) - 1]}, "variant"
    return dict(current), None


def deload(e: ExerciseDef, current: dict, factor: float) -> tuple[dict, str | None]:
    """Cut the volume variable (sets, else hold, else duration, else distance) to `factor` of it.

    Rounded to the variable's step, never below its floor; nothing rises.
    Returns (prescription, variable changed or None).
    """
    variable = next((v for v in VOLUME_ORDER if v in e.rules), None)
    if variable is None:
        return dict(current), None
    rule = e.rules[variable]
    value = current.get(variable, rule.start)
    cut = max(rule.floor, math.floor(value * factor / rule.step + 0.5) * rule.step)
    cut = min(cut, value)
    if cut == value:
        return dict(current), None
    return {**current, variable: float(cut)}, variable
