"""Settings & data: thresholds, cadences and your data file."""

import pandas as pd
import streamlit as st

from lib import settings, store, ui

con = ui.setup("Settings & data", "Tune the thresholds the suggestions use, and take your data with you. Defaults are a safe start.")

values = store.all_settings(con)
st.dataframe(pd.DataFrame([{"Setting": s.label, "Value": str(values[s.key]), "Help": s.help} for s in settings.SETTINGS]),
             hide_index=True)
st.caption(f"Your data lives in `{ui.current_path()}`.")
