"""Check-in & log: the morning check-in and the day's sessions, for today or any past day."""

import streamlit as st

from lib import ui

con, read = ui.setup(
    "Check-in & log", "Check in first (under 30 seconds), then log what you did. Pick a past date to fix it."
)
today = ui.today()
day = st.date_input("Date", value=today, max_value=today, key=ui.LOG_DAY_KEY, format=ui.DATE_FORMAT)
checkin_tab, session_tab, ritual_tab, history_tab = st.tabs(["Check-in", "Session", "Rituals", "Last 30 days"])
settings = read.all_settings()

with checkin_tab:
    ui.log_checkin(con, read, day, today, settings)
with session_tab:
    ui.log_session(con, read, day, today, settings)
with ritual_tab:
    ui.log_rituals(con, read, day, today)
with history_tab:
    ui.log_last_30_days(read, today)
