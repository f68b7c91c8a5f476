"""Progress: pain against load, consistency and questionnaire trends."""

from datetime import timedelta

import streamlit as st

from lib import store, ui

con = ui.setup("Progress", "See whether your pain follows your training load. Log a few days of check-ins and sessions first.")
today = ui.today()

sessions = store.list_session_summaries(con, today - timedelta(days=27), today)
checkins = store.list_checkins(con, today - timedelta(days=27), today)
if sessions.empty and checkins.empty:
    st.info("Nothing to chart yet: log check-ins and sessions on the Check-in & log page.")
else:
    st.metric("Sessions in the last 4 weeks", len(sessions))
    st.metric("Check-ins in the last 4 weeks", len(checkins))
