"""Settings & data: thresholds and cadences; export, import, backups, reminders, a summary, deleting.

The demo is not here: it sits in the menu beside the name of the file in use (lib.ui.setup), away from
"Delete everything".
"""

import streamlit as st

from lib import ui

con, read = ui.setup("Settings & data", "Tune the thresholds the suggestions use, and take your data with you.")
today = ui.today()
ui.data_error()
tabs = st.tabs(
    ["Settings", "Export", "Import", "Backups", "Calendar", "Physio summary", "Delete"],
    key="data_tab",
    on_change="rerun",
)  # hidden tabs that read files or rows are skipped

with tabs[0]:
    ui.data_settings(con, read)
with tabs[1]:
    ui.data_export(con, today)
with tabs[2]:
    ui.data_import(con, today)
if tabs[3].open:
    ui.data_backups(con, tabs[3])
if tabs[4].open:
    ui.data_calendar(con, read, tabs[4], today)
with tabs[5]:
    ui.data_summary(con, today)
with tabs[6]:
    ui.data_delete(con)
