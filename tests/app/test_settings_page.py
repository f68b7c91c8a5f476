"""The Settings & data page under AppTest: settings saved and read back by the engine, and the data buttons."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import duckdb

from lib import archive, coach, db, demo_mode, store
from tests.app.pages import read, shown

TODAY = date.today()


def widget(elements, label: str):
    found = [w for w in elements if w.label == label]
    assert len(found) == 1, f"{len(found)} widgets labelled {label!r}"
    return found[0]


def save_settings(at):
    next(b for b in at.get("form_submit_button") if b.label == "Save settings").click()
    return at.run()


def test_every_setting_is_shown_with_its_default_range_and_help(open_page, fresh_path):
    at = open_page("settings", fresh_path)
    ceiling = widget(at.number_input, "Pain ceiling during exercise")
    assert (ceiling.value, ceiling.min, ceiling.max) == (5, 3, 7)  # issue 12: 3–7 (was 1–10)
    assert any(
        c.value.startswith("Peak pain during an exercise above this") and "Default 5; allowed 3–7." in c.value
        for c in at.caption
    )
    assert widget(at.selectbox, "Load units").value == "kg"


def test_saved_settings_are_read_back_by_the_engine(open_page, fresh_path):
    con = store.open_database(fresh_path)
    store.save_session(
        con,
        day=TODAY,
        focus="strength",
        duration_min=10,
        rpe=4,
        today=TODAY,
        exercises=[{"exercise": "Side plank", "hold_s": 20, "sets": 2, "pain_during": 4}],
    )
    assert coach.suggest(con, "Side plank", TODAY).action != "regress"  # pain 4 is under the ceiling of 5
    con.close()
    at = open_page("settings", fresh_path)
    widget(at.number_input, "Pain ceiling during exercise").set_value(3)
    widget(at.number_input, "Deload every N weeks").set_value(0)
    widget(at.selectbox, "Load units").set_value("lb")
    save_settings(at)
    assert not at.exception and not at.error
    stored = read(fresh_path, store.all_settings)
    assert (stored["pain_ceiling"], stored["deload_every_weeks"], stored["units"]) == (3, 0, "lb")
    assert read(fresh_path, coach.suggest, "Side plank", TODAY).action == "regress"  # 4 is now above it
    assert widget(at.number_input, "Pain ceiling during exercise").value == 3  # shown as stored after the rerun


def test_saving_unchanged_settings_stores_nothing(open_page, fresh_path):
    at = save_settings(open_page("settings", fresh_path))
    assert not at.exception
    assert read(fresh_path, store.table_frame, "setting").empty  # defaults stay defaults


def test_the_export_buttons_offer_csv_parquet_and_a_backup_file(open_page, fresh_path):
    at = open_page("settings", fresh_path)
    labels = [b.proto.label for b in at.get("download_button")]
    assert {"Download everything (CSV zip)", "Download as Parquet (zip)", "Download a backup file (.duckdb)"} <= set(
        labels
    )


def open_tab(at, tab: str):
    at.session_state["data_tab"] = tab
    return at.run()


def test_back_up_now_adds_a_copy_and_restore_brings_it_back(open_page, demo_path):
    at = open_tab(open_page("settings", demo_path), "Backups")
    at.button(key="backup_now").click()
    at.run()
    assert not at.exception and not at.error
    con = store.open_database(demo_path)
    [manual] = [b for b in archive.list_backups(con) if b.kind == "by hand"]
    store.delete_checkin(con, TODAY)
    con.close()
    at.selectbox(key="data_backup_pick").set_value(manual.path.name)
    at.run()
    assert at.button(key="restore_button").disabled  # not before the box is ticked
    at.checkbox(key="data_restore_sure").check()
    at.run()
    at.button(key="restore_button").click()
    at.run()
    assert not at.exception and not at.error
    assert read(demo_path, store.get_checkin, TODAY) is not None
    assert at.checkbox(key="data_restore_sure").value is False  # ticked again for the next restore


def test_every_kept_copy_is_listed_with_its_size_and_one_can_be_deleted_after_asking(open_page, demo_path):
    con = store.open_database(demo_path)
    manual = archive.backup_now(con)
    archive.delete_everything(con, "delete everything")  # a "before delete" copy
    con.close()
    at = open_tab(open_page("settings", demo_path), "Backups")
    listed = at.dataframe[0].value
    assert {"by hand", "before delete"} <= set(listed["Kind"]) and (listed["Size (KB)"] > 0).all()
    assert "KB" in " ".join(c.value for c in at.caption)
    at.selectbox(key="data_backup_pick").set_value(manual.name)
    at.run()
    at.button(key="ask_backup_delete").click()
    at.run()
    assert manual.exists()  # asked first: nothing deleted yet
    assert any(manual.name in w.value for w in at.warning)
    at.button(key="yes_backup_delete").click()
    at.run()
    assert not at.exception and not at.error
    assert not manual.exists()
    assert manual.name not in set(at.dataframe[0].value["File"])


def test_delete_everything_needs_the_phrase_and_leaves_a_final_backup(open_page, demo_path):
    at = open_page("settings", demo_path)
    at.text_input(key="data_delete_typed").input("delete")
    at.run()
    assert at.button(key="delete_button").disabled
    at.text_input(key="data_delete_typed").input("delete everything")
    at.run()
    at.button(key="delete_button").click()
    at.run()
    assert not at.exception and not at.error
    assert read(demo_path, store.list_checkins, date(2000, 1, 1), TODAY).empty
    con = store.open_database(demo_path)
    [final] = [b for b in archive.list_backups(con) if b.kind == "before delete"]
    con.close()
    kept = duckdb.connect(str(final.path), read_only=True)
    try:
        assert kept.execute("SELECT count(*) FROM checkin").fetchall()[0][0] == 120
    finally:
        kept.close()


def ui_path(at) -> Path:
    """The file the page was drawn on (lib.ui remembers it to refuse a save into another)."""
    return Path(at.session_state["poise_drawn_path"])


def test_the_demo_switch_opens_a_fresh_demo_file_and_comes_back(open_page, fresh_path, tmp_path, monkeypatch):
    demo_file = tmp_path / "data" / "demo.duckdb"
    monkeypatch.setattr(db, "DEMO_PATH", demo_file)
    at = open_page("settings", fresh_path)
    at.button(key="demo_on").click()
    at.run()
    assert not at.exception and not at.error
    assert demo_file.exists()
    assert demo_mode.is_on() and ui_path(at) == demo_file  # a mode (a marker file), not this session's state
    assert any("demo data" in c.value for c in at.sidebar.caption)
    at.button(key="demo_back").click()  # the banner's way back (the menu offers the demo only from your diary)
    at.run()
    assert not demo_mode.is_on() and ui_path(at) == fresh_path
    assert not any("demo data" in c.value for c in at.sidebar.caption)


def test_the_calendar_tab_offers_the_rituals_file(open_page, demo_path):
    at = open_page("settings", demo_path)
    assert "Download calendar file (.ics)" not in [b.proto.label for b in at.get("download_button")]  # tab hidden
    at = open_tab(at, "Calendar")
    assert "Download calendar file (.ics)" in [b.proto.label for b in at.get("download_button")]


def test_the_physio_summary_is_offered_for_a_period(open_page, demo_path):
    at = open_page("settings", demo_path)
    assert "Download the summary (HTML)" in [b.proto.label for b in at.get("download_button")]


def test_opening_a_page_makes_the_days_automatic_backup_next_to_the_file(open_page, tmp_path):
    path = tmp_path / "mine.duckdb"
    con = store.open_database(path)
    store.save_checkin(
        con, day=TODAY, pain_now=4, stiffness=2, sleep_hours=7, sleep_quality=7, stress=3, sitting_hours=6, today=TODAY
    )
    con.close()
    at = open_page("today", path)
    assert not at.exception
    copy = tmp_path / "backups" / f"mine-{TODAY.isoformat()}.duckdb"
    assert copy.is_file()
    kept = duckdb.connect(str(copy), read_only=True)
    try:
        assert kept.execute("SELECT pain_now FROM checkin").fetchall() == [(4,)]
    finally:
        kept.close()
    open_page("settings", path)  # a second page on the same day adds no second copy
    assert [p.name for p in (tmp_path / "backups").iterdir()] == [copy.name]


def test_a_refused_pair_of_settings_is_shown_naming_both_and_nothing_is_saved(open_page, fresh_path):
    at = open_page("settings", fresh_path)
    widget(at.selectbox, "Load units").set_value("lb")
    widget(at.number_input, "Highest pain that still counts as green").set_value(5)
    save_settings(at)
    assert not at.exception
    [error] = [shown(e.value) for e in at.error]
    assert "(green_max) must be below pain ceiling during exercise (pain_ceiling)" in error
    assert "got green_max 5 and pain_ceiling 5" in error
    assert read(fresh_path, store.table_frame, "setting").empty  # not even the units: one transaction, or nothing
    assert widget(at.number_input, "Highest pain that still counts as green").value == 5  # the typed value stays


def upload_export(at, name: str, data: bytes):
    at.file_uploader(key="data_upload").set_value((name, data, "application/zip"))
    at.run()
    at.button(key="import_button").click()
    return at.run()


def test_the_import_button_imports_an_uploaded_export_and_the_report_goes_with_the_file(open_page, demo_db, fresh_path):
    data = archive.export_bytes(demo_db)
    at = upload_export(open_page("settings", fresh_path), "poise-export.zip", data)
    assert not at.exception
    assert [s.value for s in at.success if s.value.startswith("Imported: ")], [s.value for s in at.success]
    assert len(read(fresh_path, store.list_checkins, date(2000, 1, 1), TODAY)) == 120
    at.file_uploader(key="data_upload").clear()
    at.run()
    assert not [s.value for s in at.success if s.value.startswith("Imported")]  # no report for a file no longer there
    assert "data_import_report" not in at.session_state


def test_a_refused_upload_lists_its_problems_and_writes_nothing(open_page, fresh_path):
    bad = f"day,pain_now,stiffness,sleep_hours,sleep_quality,stress,sitting_hours\n{TODAY},11,2,7,7,3,6\n".encode()
    at = upload_export(open_page("settings", fresh_path), "checkin.csv", bad)
    assert not at.exception
    assert at.error[0].value.startswith("Nothing was imported: 1 row needs fixing")
    problems = at.dataframe[0].value
    assert problems[["file", "line", "field"]].values.tolist() == [["checkin.csv", 2, "pain_now"]]
    assert read(fresh_path, store.list_checkins, date(2000, 1, 1), TODAY).empty


def test_reminder_times_picked_in_the_calendar_tab_are_kept_with_the_ritual(open_page, demo_path):
    rituals = read(demo_path, store.list_rituals)
    first = int(rituals["id"].iloc[0])
    at = open_tab(open_page("settings", demo_path), "Calendar")
    at.session_state["data_reminders"] = {
        "edited_rows": {0: {"time": "06:45:00"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception and not at.error
    kept = read(demo_path, store.list_rituals).set_index("id")["reminder_time"]
    assert kept[first] == time(6, 45)
    assert kept.drop(first).equals(rituals.set_index("id")["reminder_time"].drop(first))  # the others untouched
    again = open_tab(open_page("settings", demo_path), "Calendar")  # a new visit shows the time kept
    assert again.data_editor[0].value["time"].iloc[0] == time(6, 45)


def test_notes_are_left_out_of_the_physio_summary_unless_the_person_ticks_them_in(open_page, demo_path):
    at = open_tab(open_page("settings", demo_path), "Physio summary")
    assert at.checkbox(key="data_summary_notes").value is False
