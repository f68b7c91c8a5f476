"""Exercises: the library, its variables and variant chains."""

import streamlit as st

from lib import store, ui

con = ui.setup("Exercises", "Your exercise library: what each one trains and how it progresses. Retire or add exercises here.")

st.dataframe(store.list_exercises(con), hide_index=True)
