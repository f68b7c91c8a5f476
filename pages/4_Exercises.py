"""Exercises: the library, each exercise's variables and variants, prescriptions by hand, rituals and rules."""

import streamlit as st

from lib import plain, programme, store, ui

PICK_KEY = "exercises_pick"
ADD_KEY = "exercises_add"
EDIT_KEY = "exercises_edit"
TABS_KEY = "exercises_tab"

con, read = ui.setup(
    "Exercises",
    "Your exercise library: how each one progresses, one small step at a time. "
    "Add your own, edit steps and caps, retire what you no longer do.",
)
today = ui.today()
unit = read.get_setting("units")
library = read.load_library()


st.dataframe(programme.library_table(library, unit), hide_index=True)

if pending := st.session_state.pop(ui.NEXT_PICK_KEY, None):
    st.session_state[PICK_KEY] = pending
name = st.selectbox("Exercise", list(library), key=PICK_KEY)
e = library[name]
details, edit, prescribe, history = st.tabs(
    ["Details", "Edit", "Prescribe by hand", "Prescription history"], key=TABS_KEY, on_change="rerun"
)  # the chart is drawn only when shown
with details:
    st.dataframe(programme.variables_table(e, unit), hide_index=True)
    current = read.current_prescription(name, today)
    cues, picture = st.columns([3, 2])
    cues.text("\n".join([*e.cues, "", f"Now: {plain.prescription_words(current, e, unit)}"]))
    ui.exercise_figure(name, current, width=420, strip=True, where=picture)
    with picture:
        ui.own_media_editor(con, name)  # attach, replace or remove your own photo or clip
    ui.form_check(con, name, today, current)
    if st.button("Restore to the plan" if not e.active else "Retire (keeps its history)", key="retire_exercise"):
        ui.attempt(
            store.set_exercise_active,
            con,
            name,
            not e.active,
            then={ui.NEXT_PICK_KEY: name},
            message=f"{name} {'restored' if not e.active else 'retired'}.",
        )
with edit:
    st.caption("A new step or cap applies from now on; the old definition is kept.")
    if (changed := ui.exercise_form(EDIT_KEY, unit, e, custom=e.custom)) is not None:
        ui.attempt(
            store.update_exercise,
            con,
            name,
            changed,
            message=f"{changed.name} saved.",
            then={ui.NEXT_PICK_KEY: changed.name},
        )
with prescribe:
    ui.prescribe_by_hand(con, read, e, today, unit)
if history.open:
    ui.prescription_history(read, history, name, today)

with st.expander("Add a custom exercise"):
    if (new := ui.exercise_form(ADD_KEY, unit)) is not None:
        ui.attempt(
            store.add_exercise,
            con,
            new,
            message=f"{new.name} added to your library.",
            then={ui.NEXT_PICK_KEY: new.name},
        )

ui.rituals_editor(con, read, today)
