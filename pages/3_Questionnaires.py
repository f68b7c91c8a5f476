"""Questionnaires: fear of movement (TSK-17, TSK-11) and hard everyday activities (PSFS)."""

import streamlit as st

from lib import charts, questionnaires, store, ui

INSTRUMENT_KEY = "questionnaire_instrument"
SAVED_KEY = "questionnaire_saved_id"          # the response just saved: its score is shown on top
OPEN_KEY = "questionnaire_open_id"            # the response opened under History
# Set by a delete, applied before the picker is drawn: a picker left to fall back by itself shows the deleted label.
NEXT_OPEN_KEY = "questionnaire_next_open_id"
PENDING_KEY = "questionnaire_pending"         # answers waiting for "Replace it" or "Keep both" (same day twice)
NEW_ACTIVITY_KEY = "psfs_new_activity"
RETIRE_KEY = "psfs_retire_activity"
DAY_KEY = "questionnaire_day_{}"
ANSWER_KEY = "questionnaire_answer_{}_{}"     # instrument id, item number or PSFS activity id


def show_response(response_id: int) -> dict:
    """Draw a stored response's score, band, subscales and change as plain text; return the response."""
    st.text("\n".join(questionnaires.describe_response(response := read.get_questionnaire(response_id),
                                                       read.questionnaire_change(response_id))))
    return response


con, read = ui.setup("Questionnaires", "Every few weeks, answer one and watch the score move. Every item needs your answer.")
today = ui.today()
inst_id = st.radio("Questionnaire", list(questionnaires.INSTRUMENTS), horizontal=True, key=INSTRUMENT_KEY,
                   format_func=lambda i: questionnaires.INSTRUMENTS[i].short)
inst, due = questionnaires.INSTRUMENTS[inst_id], read.questionnaires_due(today)
st.caption(f"Due today: {', '.join(questionnaires.INSTRUMENTS[i].short for i in due)}." if due else "Nothing is due today.")

saved_id = st.session_state.get(SAVED_KEY)
# missing_ok: the response may have been deleted in another tab since it was saved here.
if saved_id is not None and (read.get_questionnaire(saved_id, missing_ok=True) or {}).get("instrument") == inst_id:
    with st.container(border=True):
        st.success(f"Saved your {inst.short}.")
        show_response(saved_id)

answer_tab, history_tab = st.tabs(["Answer", "History"])
with answer_tab:
    st.markdown(f"**{inst.title}**")
    items = dict(inst.items) or dict(read.psfs_activities()[["id", "name"]].itertuples(index=False))
    with st.form(f"questionnaire_form_{inst_id}", enter_to_submit=False):
        st.caption(inst.instructions)
        day = st.date_input("Answered on", value=today, max_value=today, key=DAY_KEY.format(inst_id), width=220,
                            format=ui.DATE_FORMAT)
        for item, text in items.items():
            if inst.items:
                st.radio(f"{item}. {text}", list(inst.anchors), index=None, horizontal=True,
                         format_func=inst.anchors.get, key=ANSWER_KEY.format(inst_id, item))
            else:  # the person's own words: plain text, never a markdown label
                st.text(text)
                st.radio(f"Rating for activity {item}", list(range(inst.low, inst.high + 1)), index=None,
                         horizontal=True, key=ANSWER_KEY.format(inst_id, item), label_visibility="collapsed")
        if not items:  # an if, not `... if ... else None`: Streamlit magic would draw that None on the page
            st.info("Add the activities your back makes hard (below) before the first rating.")
        submitted = st.form_submit_button("Save answers", type="primary", key=f"questionnaire_save_{inst_id}")
    answer_keys = tuple(ANSWER_KEY.format(inst_id, i) for i in items)
    if submitted:
        answers = {item if inst.items else text: st.session_state.get(ANSWER_KEY.format(inst_id, item))
                   for item, text in items.items()}
        st.session_state.pop(SAVED_KEY, None)  # an error must not leave an older result on show
        if earlier := read.questionnaire_on(inst_id, day):  # the same day twice: ask first
            st.session_state[PENDING_KEY] = (inst_id, day, answers, earlier)
        else:
            ui.attempt(store.save_questionnaire, con, inst_id, answers, day=day, today=today, remember=SAVED_KEY,
                       forget=answer_keys)
    if (pending := st.session_state.get(PENDING_KEY)) and pending[0] == inst_id:
        _, day, answers, earlier = pending
        save = {"day": day, "today": today, "remember": SAVED_KEY, "forget": (PENDING_KEY, *answer_keys)}
        st.warning(questionnaires.same_day_question(inst.short, day, today, earlier["created_at"]))
        with st.container(horizontal=True):
            if st.button("Replace it", type="primary", key="questionnaire_replace"):
                ui.attempt(store.save_questionnaire, con, inst_id, answers, replace_id=earlier["id"], **save)
            if st.button("Keep both", key="questionnaire_keep_both"):
                ui.attempt(store.save_questionnaire, con, inst_id, answers, **save)
    if not inst.items:
        low, high = questionnaires.PSFS_ACTIVITIES_ADVISED
        with st.expander(f"Your activities ({len(items)} kept; the PSFS asks for {low} to {high})",
                         expanded=len(items) < low):
            with st.form("psfs_add_form", enter_to_submit=False):
                st.text_input("Add an activity", key=NEW_ACTIVITY_KEY, max_chars=questionnaires.PSFS_NAME_MAX,
                              placeholder="e.g. Rising from a low chair")
                add = st.form_submit_button("Add activity", key="psfs_add")
            if add:
                ui.attempt(store.add_psfs_activity, con, st.session_state[NEW_ACTIVITY_KEY], day=today,
                           forget=(NEW_ACTIVITY_KEY,))
            retire = st.selectbox("Retire an activity (its past ratings stay)", list(items.values()), index=None,
                                  key=RETIRE_KEY)
            if st.button("Retire", key="psfs_retire", disabled=retire is None):
                ui.attempt(store.retire_psfs_activity, con, retire, day=today, forget=(RETIRE_KEY,))
            st.dataframe(read.psfs_activities(include_retired=True).drop(columns="id"), hide_index=True,
                         column_config=questionnaires.COLUMN_LABELS)

with history_tab:
    series = read.questionnaire_series(inst_id)
    if series.empty:
        st.info(f"No {inst.short} yet: answer it under Answer and it will appear here.")
    else:
        st.plotly_chart(read.figure(charts.questionnaire_history, ("questionnaire_series", inst_id),
                                    instrument_id=inst_id), key=f"questionnaire_chart_{inst_id}")
        table = read.list_questionnaires(inst_id)
        st.dataframe(table.drop(columns="id"), hide_index=True, column_config=questionnaires.COLUMN_LABELS)
        labels = {r.id: f"{r.day} · {inst.format_total(r.total)}" for r in table.itertuples()}
        if (following := st.session_state.pop(NEXT_OPEN_KEY, None)) in labels:
            st.session_state[OPEN_KEY] = following
        pick = st.selectbox("Open a response", list(labels), format_func=labels.get, key=OPEN_KEY)
        if pick in labels:
            response = show_response(pick)
            st.dataframe(questionnaires.answer_rows(inst_id, response["answers"]), hide_index=True, height="content")
            ui.confirm("Delete this response", f"questionnaire_{pick}", f"Delete the {inst.short} of {labels[pick]}? "
                       "A copy stays in the audit table.", store.delete_questionnaire, con, pick, yes="Yes, delete it",
                       no="Keep it", forget=(OPEN_KEY, *([SAVED_KEY] if saved_id == pick else [])),
                       then={NEXT_OPEN_KEY: next((i for i in labels if i != pick), None)})

st.caption(inst.citation)
