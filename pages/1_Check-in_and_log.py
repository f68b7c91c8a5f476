"""Check-in & log: the daily check-in and the day's session."""

from datetime import timedelta

import streamlit as st

from lib import store, ui

con = ui.setup("Check-in & log", "Record how your back is this morning, then the session you did. Start with the check-in.")
today = ui.today()

checkins = store.list_checkins(con, today - timedelta(days=29), today)
if checkins.empty:
    st.info("No check-ins in the last 30 days yet.")
else:
    st.dataframe(checkins, hide_index=True)
