"""Stored settings on a real file: several saved in one transaction, cross-setting rules refused before writing."""

from __future__ import annotations

import pytest

from lib import store
from lib.errors import ValidationError


def test_several_settings_are_saved_together(fresh_db):
    saved = store.set_settings(fresh_db, {"pain_ceiling": 7, "green_max": 5, "units": "lb"})
    assert saved == {"pain_ceiling": 7, "green_max": 5, "units": "lb"}
    stored = store.all_settings(fresh_db)
    assert (stored["pain_ceiling"], stored["green_max"], stored["units"]) == (7, 5, "lb")


def test_a_refused_combination_writes_nothing_at_all(fresh_db):
    with pytest.raises(ValidationError, match="got green_max 5 and pain_ceiling 5"):
        store.set_settings(fresh_db, {"units": "lb", "green_max": 5})
    assert store.table_frame(fresh_db, "setting").empty  # not even the units, which were fine


def test_set_setting_refuses_a_single_change_that_breaks_a_rule_with_a_stored_setting(fresh_db):
    store.set_setting(fresh_db, "morning_red_delta", 3)
    store.set_setting(fresh_db, "morning_amber_delta", 2)
    with pytest.raises(ValidationError) as refused:
        store.set_setting(fresh_db, "morning_red_delta", 2)
    assert refused.value.field == "morning_red_delta"
    assert (
        "morning_amber_delta" in refused.value.message
        and "got morning_amber_delta 2 and morning_red_delta 2" in refused.value.message
    )
    assert store.get_setting(fresh_db, "morning_red_delta") == 3


def test_resetting_a_setting_whose_default_would_break_a_rule_is_refused(fresh_db):
    # Issue 12: the ceiling's range is 3–7 now (was 8 here).
    store.set_settings(fresh_db, {"pain_ceiling": 7, "green_max": 5})
    with pytest.raises(ValidationError, match="green_max 5 and pain_ceiling 5"):
        store.reset_setting(fresh_db, "pain_ceiling")
    assert store.get_setting(fresh_db, "pain_ceiling") == 7
    store.reset_setting(fresh_db, "green_max")
    assert store.get_setting(fresh_db, "green_max") == 2


def test_set_setting_still_returns_the_stored_value(fresh_db):
    assert store.set_setting(fresh_db, "sleep_hours_min", "5.5") == 5.5


def test_a_value_saved_before_a_range_narrowed_reads_within_the_range(fresh_db):
    # An older Poise allowed a pain ceiling up to 10; issue 12 allows 3 to 7.
    fresh_db.execute("INSERT INTO setting (key, value) VALUES ('pain_ceiling', '9'), ('morning_red_delta', '6')")
    values = store.all_settings(fresh_db)
    assert (values["pain_ceiling"], values["morning_red_delta"]) == (7, 4)
