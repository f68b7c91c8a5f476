"""A prescription: the number of each variable an exercise uses (sets, reps, hold, load, ...) and its variant.

One value from the store to the page: the store builds it from its rows (and from the JSON of an accepted
change), the engine (lib.progression) takes and returns it, and lib.plain.prescription_words words it.
It still reads as the mapping it replaced, {variable: value, ..., "variant": name or None}: `p["sets"]`,
`p.get("variant")`, `dict(p)` (what the store writes as JSON) and `p == {...}` work as they did.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import cast

VARIANT = "variant"  # the key the variant has in the mapping (and in the stored JSON)
# What the engine's doors take: a Prescription, or the mapping of one (a script's, a test's, stored JSON).
PrescriptionLike = Mapping[str, object]


@dataclass(frozen=True, eq=False)
class Prescription(Mapping[str, "float | str | None"]):
    """{variable: its number} in the order given (the stored JSON keeps it), and the variant (None: none)."""

    variables: Mapping[str, float] = field(default_factory=dict)
    variant: str | None = None

    @classmethod
    def of(cls, mapping: Mapping[str, object]) -> Prescription:
        """The prescription a mapping {variable: value, ..., "variant": name or None} states; a Prescription as it is.

        Not a check: the values were validated where they were written (lib.models.check_variables).
        """
        if isinstance(mapping, Prescription):
            return mapping
        variant = mapping.get(VARIANT)
        return cls(
            {k: cast(float, v) for k, v in mapping.items() if k != VARIANT}, None if variant is None else str(variant)
        )

    def with_values(self, values: Mapping[str, float]) -> Prescription:
        """This prescription with `values` set, the other variables and the variant kept."""
        return Prescription({**self.variables, **values}, self.variant)

    def as_dict(self) -> dict[str, object]:
        """{variable: value, ..., "variant": name or None}, as the store writes it (JSON) and scripts read it."""
        return {**self.variables, VARIANT: self.variant}

    def __getitem__(self, key: str) -> float | str | None:
        return self.variant if key == VARIANT else self.variables[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.variables
        yield VARIANT

    def __len__(self) -> int:
        return len(self.variables) + 1

    def __eq__(self, other: object) -> bool:
        """Equal to a prescription, or a mapping, with the same values and variant (a mapping without one: None)."""
        if not isinstance(other, Mapping):
            return NotImplemented
        theirs = other if isinstance(other, Prescription) else Prescription.of(other)
        return dict(self.variables) == dict(theirs.variables) and self.variant == theirs.variant
