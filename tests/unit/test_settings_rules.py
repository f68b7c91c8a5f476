"""lib/settings.py: the rules that hold between two settings, in one table, checked in one place."""

from __future__ import annotations

import pytest

from lib import settings
from lib.errors import ValidationError

BROKEN = [
    # (id, changes, field named, words in the message)
    (
        "green at the pain ceiling",
        {"green_max": 5},
        "green_max",
        "green_max) must be below pain ceiling during exercise (pain_ceiling)",
    ),
    # Issue 12: the ceiling's range is now 3–7, so it meets green from above at 3 (was: pain_ceiling 2).
    (
        "a ceiling lowered to green",
        {"pain_ceiling": 3, "green_max": 3},
        "green_max",
        "got green_max 3 and pain_ceiling 3",
    ),
    (
        "amber as high as red",
        {"morning_amber_delta": 2},
        "morning_amber_delta",
        "(morning_amber_delta) must be below next-morning rise that is red (morning_red_delta)",
    ),
    (
        "red lowered to amber",
        {"morning_red_delta": 1},
        "morning_red_delta",
        "got morning_amber_delta 1 and morning_red_delta 1",
    ),
    (
        "shortest above longest",
        {"daily_minutes_min": 13},
        "daily_minutes_min",
        "(daily_minutes_min) must be at most longest daily sequence (min) (daily_minutes_max)",
    ),
]


@pytest.mark.parametrize(("changes", "field", "words"), [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_a_change_that_breaks_a_rule_between_two_settings_is_refused_naming_both(changes, field, words):
    with pytest.raises(ValidationError) as refused:
        settings.validate_changes(changes, settings.defaults())
    assert refused.value.field == field
    assert words in refused.value.message


def test_the_shortest_sequence_may_equal_the_longest():
    assert settings.validate_changes({"daily_minutes_min": 12}, settings.defaults()) == {"daily_minutes_min": 12}


def test_two_settings_changed_together_are_checked_together():
    changes = {"green_max": 5, "pain_ceiling": 7}  # each alone is fine against the other's new value
    assert settings.validate_changes(changes, settings.defaults()) == changes


def test_an_old_stored_pair_does_not_block_saving_something_unrelated():
    broken = {**settings.defaults(), "green_max": 5, "pain_ceiling": 5}
    assert settings.validate_changes({"units": "lb"}, broken) == {"units": "lb"}


def test_each_value_is_still_checked_against_its_own_range_first():
    with pytest.raises(ValidationError, match="pain_ceiling must be between 3 and 7; got 11"):  # issue 12: 3–7
        settings.validate_changes({"pain_ceiling": 11}, settings.defaults())


def test_every_rule_names_two_known_settings_whose_defaults_keep_it():
    for rule in settings.TOGETHER:
        assert rule.lower in settings.BY_KEY and rule.upper in settings.BY_KEY
    settings.check_together(settings.defaults())  # the defaults themselves obey every rule


def test_the_settings_type_has_one_key_per_row_of_the_table_typed_by_its_kind():
    import typing

    from lib.settings import SETTINGS, Settings

    hints = typing.get_type_hints(Settings)
    assert list(hints) == [s.key for s in SETTINGS]
    for s in SETTINGS:
        expected = s.kind | None if s.default is None else s.kind
        assert hints[s.key] == expected, s.key


def test_a_half_filled_dict_does_not_pass_for_the_settings():
    from lib.settings import as_settings, defaults

    values = dict(defaults())
    del values["pain_ceiling"]
    with pytest.raises(KeyError, match="pain_ceiling"):
        as_settings(values)
