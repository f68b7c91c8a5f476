"""Settings & data: thresholds and cadences; export, import, backups, reminders, a summary, deleting.

The demo is not here: it sits in the menu beside the name of the file in use (lib.ui.setup), away from
"Delete everything".
"""

from datetime import date, timedelta
from itertools import cycle

import streamlit as st

from lib import archive, calendar_export, programme, report, settings, store, ui
from lib.errors import PoiseError

SETTINGS_FORM = "settings_form"
UPLOAD_KEY = "data_upload"
REPORT_KEY = "data_import_report"
ERROR_KEY = "data_error"
BACKUP_PICK_KEY, RESTORE_SURE_KEY, DELETE_TYPED_KEY = "data_backup_pick", "data_restore_sure", "data_delete_typed"
REMINDERS_KEY = "data_reminders"
SUMMARY_KEY, SUMMARY_NOTES_KEY, TABS_KEY = "data_summary_range", "data_summary_notes", "data_tab"

con, read = ui.setup("Settings & data", "Tune the thresholds the suggestions use, and take your data with you.")
today = ui.today()


def run(action, *args, done: str = "", reset: str | None = None) -> None:
    """Run a data action (a button callback, or inline); toast `done` (may use {result}) or keep the error."""
    try:
        result = action(*args)
        if done:
            ui.flash(done.format(result=getattr(result, "name", result)))
    except PoiseError as e:
        st.session_state[ERROR_KEY] = e.message
    if reset:
        st.session_state[reset] = "" if reset == DELETE_TYPED_KEY else False


if message := st.session_state.pop(ERROR_KEY, None):
    ui.show_error(message)
tabs = st.tabs(["Settings", "Export", "Import", "Backups", "Calendar", "Physio summary", "Delete"],
               key=TABS_KEY, on_change="rerun")  # hidden tabs that read files or rows are skipped

with tabs[0], st.form(SETTINGS_FORM, enter_to_submit=False):
    values, submitted = read.all_settings(), {}
    for s, col in zip(settings.SETTINGS, cycle(st.columns(2)), strict=False):
        if s.choices:
            submitted[s.key] = col.selectbox(s.label, s.choices, index=s.choices.index(values[s.key]))
        elif s.kind is date:
            submitted[s.key] = col.date_input(s.label, value=values[s.key], format=ui.DATE_FORMAT)
        else:
            submitted[s.key] = col.number_input(s.label, s.kind(s.low), s.kind(s.high), s.kind(values[s.key]),
                                                programme.setting_step(s))
        col.caption(programme.setting_help(s))
    if st.form_submit_button("Save settings", type="primary"):  # all changes in one transaction, or none
        run(store.set_settings, con, programme.setting_changes(values, submitted),
            done="Settings saved. The suggestions use them from now on.")
        st.rerun()  # a refused combination is shown at the top, the values typed stay in the form

with tabs[1]:
    st.caption("A CSV per table and a README of columns: opens in a spreadsheet, imports back here. Parquet is for other tools.")
    for fmt, (label, _, mime) in archive.DOWNLOADS.items():
        st.download_button(label, lambda fmt=fmt: archive.download_bytes(con, fmt), archive.export_name(today, fmt),
                           mime, key=f"export_{fmt}", on_click="ignore")

with tabs[2]:
    st.caption("Every row is checked first: if one is wrong, nothing is written. Rows already here stay as they are.")
    upload = st.file_uploader("A Poise export (.zip) or one table's .csv", type=["zip", "csv"], key=UPLOAD_KEY,
                              on_change=st.session_state.pop, args=(REPORT_KEY, None))  # a new or no file: no old report
    if upload is not None and st.button("Import", type="primary", key="import_button"):
        st.session_state[REPORT_KEY] = archive.import_upload(con, upload.name, upload.getvalue(), today)
    if (result := st.session_state.get(REPORT_KEY)) is not None:
        (st.success if result.ok else st.error)(result.summary())
        if result.problems:
            st.dataframe(result.problems_frame(), hide_index=True)

if (t := tabs[3]).open:
    backups = archive.list_backups(con)
    t.caption(f"Each day's first open copies to `{archive.backups_dir(con)}`; the last {archive.KEEP_DAILY} daily copies "
              f"are kept, the others until you delete them: {len(backups)} now, {archive.backups_size_kb(backups):,} KB.")
    t.button("Back up now", key="backup_now", on_click=run, args=(archive.backup_now, con),
             kwargs={"done": "Copied to {result}."})
    t.dataframe(archive.backups_frame(backups), hide_index=True)
    if backups:
        pick = t.selectbox("A copy to restore or delete", [b.path.name for b in backups], key=BACKUP_PICK_KEY)
        sure = t.checkbox("Replace everything with this copy (the current one is kept aside)", key=RESTORE_SURE_KEY)
        t.button("Restore", key="restore_button", disabled=not sure, on_click=run,
                 args=(archive.restore, con, archive.backups_dir(con) / pick),
                 kwargs={"done": "Restored. The state before is kept as {result}.", "reset": RESTORE_SURE_KEY})
        with t:
            ui.confirm("Delete this copy", "backup_delete", f"Delete {pick}? This cannot be undone.",
                       archive.delete_backup, con, pick, done=f"Deleted {pick}.")

if (t := tabs[4]).open:
    rituals = read.list_rituals()
    if rituals.empty:
        t.info("Add a habit anchor or a personal rule on the Exercises page first.")
    else:
        t.caption("Tick the rituals to be reminded of and pick a time (kept with the ritual); your calendar repeats them daily.")
        table = t.data_editor(calendar_export.reminder_table(rituals), hide_index=True, key=REMINDERS_KEY, disabled=[
            "ritual", "id"], column_config={"id": None, "time": st.column_config.TimeColumn(format="HH:mm", step=300)})
        run(store.set_reminder_times, con, calendar_export.changed_times(rituals, table))
        t.download_button("Download calendar file (.ics)", calendar_export.calendar_from_table(table, today),
                           "poise-rituals.ics", "text/calendar", key="calendar_download", on_click="ignore")

with tabs[5]:
    st.caption("A page to print or hand over: numbers, charts, scores, prescriptions; your notes only if you tick them in. "
               "Opens offline.")
    span = st.date_input("Period", value=(today - timedelta(days=27), today), max_value=today, key=SUMMARY_KEY, format=ui.DATE_FORMAT)
    start, end = (*span, *span)[:2] if span else (today, today)  # one day picked so far: a one-day period
    notes = st.checkbox("Include my notes from check-ins and sessions", value=False, key=SUMMARY_NOTES_KEY)
    st.download_button("Download the summary (HTML)", lambda: report.physio_summary(con, start, end, today, notes),
                       report.file_name(start, end), "text/html", key="summary_download", on_click="ignore")

with tabs[6]:
    typed = st.text_input(archive.CONFIRM_LABEL, key=DELETE_TYPED_KEY)
    st.button("Delete everything", key="delete_button", disabled=typed.strip().lower() != archive.CONFIRM_PHRASE,
              on_click=run, args=(archive.delete_everything, con, typed),
              kwargs={"done": "Everything deleted. The last copy is {result}.", "reset": DELETE_TYPED_KEY})
