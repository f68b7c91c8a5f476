"""Questionnaires: fear of movement (TSK) and hard everyday activities (PSFS)."""

import streamlit as st

from lib import questionnaires, ui

ui.setup("Questionnaires", "Answer a questionnaire every few weeks and watch the scores move. Start with the TSK-11.")

for instrument in questionnaires.INSTRUMENTS.values():
    with st.container(border=True):
        st.markdown(f"**{instrument.title}**")
        st.caption(instrument.citation)
