"""Questionnaires: fear of movement (TSK-17, TSK-11) and hard everyday activities (PSFS)."""

import streamlit as st

from lib import questionnaires, ui

INSTRUMENT_KEY = "questionnaire_instrument"

con, read = ui.setup(
    "Questionnaires", "Every few weeks, answer one and watch the score move. Every item needs your answer."
)
today = ui.today()
inst_id = st.radio(
    "Questionnaire",
    list(questionnaires.INSTRUMENTS),
    horizontal=True,
    key=INSTRUMENT_KEY,
    format_func=lambda i: questionnaires.INSTRUMENTS[i].short,
)
inst, due = questionnaires.INSTRUMENTS[inst_id], read.questionnaires_due(today)
st.caption(
    f"Due today: {', '.join(questionnaires.INSTRUMENTS[i].short for i in due)}." if due else "Nothing is due today."
)
ui.questionnaire_saved(read, inst)

answer_tab, history_tab = st.tabs(["Answer", "History"])
with answer_tab:
    items = ui.questionnaire_form(con, read, inst, today)
    if not inst.items:
        ui.psfs_activities(con, read, items, today)
with history_tab:
    ui.questionnaire_answers(con, read, inst)

st.caption(inst.citation)
