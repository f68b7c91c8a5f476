"""Today: the day's focus, the check-in prompt and each exercise's prescription."""

import streamlit as st

from lib import store, ui
from lib.models import format_prescription

con = ui.setup("Today", "Your plan for today. Check in first: the suggestions depend on how your back feels this morning.")
today = ui.today()

if store.get_checkin(con, today) is None:
    st.info("You have not checked in today. It takes under 30 seconds.")
    st.page_link("pages/1_Check-in_and_log.py", label="Check in now →")

prescriptions = store.current_prescriptions(con, today)
for name, exercise in store.load_library(con, active_only=True).items():
    with st.container(border=True):
        st.markdown(f"**{name}** · {exercise.category}")
        st.text(format_prescription(prescriptions[name]))
