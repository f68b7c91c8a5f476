"""Exercises: the library, each exercise's variables and variants, prescriptions by hand, rituals and rules."""

import streamlit as st

from lib import charts, fields, plain, programme, store, ui
from lib.errors import PoiseError
from lib.models import CATEGORIES

PICK_KEY = "exercises_pick"
NEXT_PICK_KEY = "exercises_next_pick"  # set by a save; applied before the picker is drawn on the rerun
ADD_KEY = "exercises_add"
EDIT_KEY = "exercises_edit"
PRESCRIBE_KEY = "exercises_prescribe"
RITUAL_KEY = "exercises_ritual"
RITUAL_PICK_KEY = "exercises_ritual_pick"
TABS_KEY = "exercises_tab"

con, read = ui.setup(
    "Exercises",
    "Your exercise library: how each one progresses, one small step at a time. "
    "Add your own, edit steps and caps, retire what you no longer do.",
)
today = ui.today()
unit = read.get_setting("units")
library = read.load_library()


def exercise_form(key: str, e=None, custom: bool = True):
    """Draw the add/edit form; return the ExerciseDef it describes once submitted (None before)."""
    with st.form(key, enter_to_submit=False):
        name = st.text_input("Name", value=e.name if e else "", max_chars=fields.TEXT_MAX["exercise"])
        category = st.selectbox("Category", CATEGORIES, index=CATEGORIES.index(e.category) if e else 2)
        cues = st.text_area("Cues, one per line", value="\n".join(e.cues) if e else "")
        variants = st.text_area("Variant chain, easiest first, one per line", value="\n".join(e.variants) if e else "")
        st.caption(f"Variables in progression order: the first below its cap rises first. Loads in {unit}.")
        table = st.data_editor(
            programme.variables_frame(e, unit),
            num_rows="dynamic",
            hide_index=True,
            key=f"{key}_{e.name if e else 'new'}_variables",
            column_config={"variable": st.column_config.SelectboxColumn(options=programme.VARIABLE_NAMES)},
        )
        anchor = st.checkbox("One of my anchor movements", value=e.anchor if e else False)
        if not st.form_submit_button("Save exercise" if e else "Add exercise", type="primary"):
            return None
    try:
        return programme.exercise_from_form(
            name=name,
            category=category,
            cues=cues,
            variants=variants,
            variables=table,
            unit=unit,
            anchor=anchor,
            active=e.active if e else True,
            custom=custom,
        )
    except PoiseError as err:
        ui.show_error(err)
        return None


st.dataframe(programme.library_table(library, unit), hide_index=True)

if pending := st.session_state.pop(NEXT_PICK_KEY, None):
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
    if st.button("Restore to the plan" if not e.active else "Retire (keeps its history)", key="retire_exercise"):
        ui.attempt(
            store.set_exercise_active,
            con,
            name,
            not e.active,
            then={NEXT_PICK_KEY: name},
            message=f"{name} {'restored' if not e.active else 'retired'}.",
        )
    ui.form_check(con, name, today, read.current_prescription(name, today))
with edit:
    st.caption("A new step or cap applies from now on; the old definition is kept.")
    if (changed := exercise_form(EDIT_KEY, e, custom=e.custom)) is not None:
        ui.attempt(
            store.update_exercise,
            con,
            name,
            changed,
            message=f"{changed.name} saved.",
            then={NEXT_PICK_KEY: changed.name},
        )
with prescribe:
    st.caption("For when your physiotherapist prescribes something: a new version, recorded as set by hand.")
    with st.form(PRESCRIBE_KEY, enter_to_submit=False):
        current = read.current_prescription(name, today)
        day = st.date_input("From", value=today, key=f"{PRESCRIBE_KEY}_{name}_day", format=ui.DATE_FORMAT)
        variant = (
            st.selectbox(
                "Variant",
                e.variants,
                index=e.variants.index(current["variant"]) if current.get("variant") in e.variants else 0,
            )
            if e.variants
            else None
        )
        shown = {
            f.variable: st.number_input(
                f.label,
                min_value=f.low,
                max_value=f.high,
                value=f.value,
                step=f.step,
                key=f"{PRESCRIBE_KEY}_{name}_{f.variable}",
            )
            for f in programme.prescription_inputs(e, current, unit)
        }
        if st.form_submit_button("Set prescription", type="primary"):
            ui.attempt(
                lambda: store.set_prescription(
                    con, name, day, programme.prescription_from_form(e, shown, unit), variant=variant
                ),
                message=f"{name}: set from {day:%d %b %Y}.",
                then={NEXT_PICK_KEY: name},
            )
if history.open:
    figure = read.figure(
        charts.prescription_history,
        ("prescription_timeline", name),
        ("progression_events", read.first_record_day() or today, today, name),
        exercise=name,
    )
    if figure is None:
        history.info(charts.needs(charts.prescription_history))
    else:
        history.plotly_chart(figure, theme=None, config={"displaylogo": False}, key="prescription_chart")

with st.expander("Add a custom exercise"):
    if (new := exercise_form(ADD_KEY)) is not None:
        ui.attempt(
            store.add_exercise, con, new, message=f"{new.name} added to your library.", then={NEXT_PICK_KEY: new.name}
        )

st.subheader("Rituals and personal rules")
st.caption("After morning coffee: 3 min cat-camel. If I sit 45 minutes, I move for two. Calendar: Settings & data.")
rituals = read.list_rituals()
st.dataframe(programme.rituals_table(rituals), hide_index=True)
with st.expander("Add a habit anchor or a personal rule"), st.form(RITUAL_KEY, enter_to_submit=False):
    kind = st.radio("Kind", list(programme.RITUAL_KINDS), horizontal=True, format_func=programme.RITUAL_KINDS.get)
    cue = st.text_input("Cue (after …, when …, if …)", max_chars=fields.TEXT_MAX["cue"])
    movement = st.text_input("Movement", max_chars=fields.TEXT_MAX["movement"])
    minutes = ui.number("minutes", "exercises_ritual_minutes", "Minutes ({range})")
    at = st.time_input("Reminder time (optional)", value=None)
    if st.form_submit_button("Add ritual"):
        ui.attempt(
            store.save_ritual,
            con,
            cue=cue,
            movement=movement,
            kind=kind,
            minutes=minutes,
            reminder_time=at,
            today=today,
            message="Ritual added.",
        )
if not rituals.empty:
    pick = st.selectbox("Ritual", rituals["id"], format_func=programme.ritual_labels(rituals).get, key=RITUAL_PICK_KEY)
    if st.button("Retire this ritual (its ticks stay)"):
        ui.attempt(store.retire_ritual, con, int(pick), today, message="Ritual retired; its ticks stay.")
