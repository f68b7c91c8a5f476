"""The Exercises page's sections: the add/edit form, prescribing by hand, the prescription history, rituals."""

from datetime import date

import streamlit as st

from lib import charts, fields, programme, store, ui
from lib.errors import PoiseError
from lib.models import CATEGORIES, ExerciseDef

NEXT_PICK_KEY = "exercises_next_pick"  # set by a save; applied before the picker is drawn on the rerun
PRESCRIBE_KEY = "exercises_prescribe"
RITUAL_KEY = "exercises_ritual"
RITUAL_PICK_KEY = "exercises_ritual_pick"


def exercise_form(key: str, unit: str, e: ExerciseDef | None = None, custom: bool = True) -> ExerciseDef | None:
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


def prescribe(con, read, e: ExerciseDef, today: date, unit: str) -> None:
    """The "Prescribe by hand" tab: a new version of the prescription, recorded as set by hand."""
    name = e.name
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
                    con, name, day, dict[str, object](programme.prescription_from_form(e, shown, unit)), variant=variant
                ),
                message=f"{name}: set from {day:%d %b %Y}.",
                then={NEXT_PICK_KEY: name},
            )


def prescription_history(read, where, name: str, today: date) -> None:
    """The prescription history chart, drawn in `where` (the tab) only when that tab is open."""
    figure = read.figure(
        charts.prescription_history,
        ("prescription_timeline", name),
        ("progression_events", read.first_record_day() or today, today, name),
        exercise=name,
    )
    if figure is None:
        where.info(charts.needs(charts.prescription_history))
    else:
        where.plotly_chart(figure, theme=None, config={"displaylogo": False}, key="prescription_chart")


def rituals(con, read, today: date) -> None:
    """Rituals and personal rules: the list, adding one, retiring one."""
    st.subheader("Rituals and personal rules")
    st.caption("After morning coffee: 3 min cat-camel. If I sit 45 minutes, I move for two. Calendar: Settings & data.")
    table = read.list_rituals()
    st.dataframe(programme.rituals_table(table), hide_index=True)
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
    if not table.empty:
        labels = programme.ritual_labels(table)
        pick = st.selectbox("Ritual", table["id"], format_func=lambda i: labels[i], key=RITUAL_PICK_KEY)
        if st.button("Retire this ritual (its ticks stay)"):
            assert pick is not None  # a selectbox with options always has one picked
            ui.attempt(store.retire_ritual, con, int(pick), today, message="Ritual retired; its ticks stay.")
