"""Guided session: today's plan one exercise at a time, timed in the browser, asked after each, logged at the end."""

import streamlit as st

from lib import guided, plain, ui

con, read = ui.setup(
    "Guided session",
    "Today's plan one exercise at a time. The timers, the pace and the rests run "
    "here, so you never need a clock; you say how each one went, and the session logs itself.",
)
today = ui.today()
settings, library = read.all_settings(), read.load_library()
draft = ui.session_in_progress(read, today)

if st.session_state.get(ui.GUIDED_SAVED):
    st.success("Today's session is logged.")
    st.page_link("app.py", label="See it on Today →")
if draft is None:
    ui.guided_start(con, read, today)  # stops the page
if st.session_state.get(ui.GUIDED_RESUMED) != draft["started_at"]:
    ui.guided_resume(con, draft, today)  # stops the page

item, index, count = guided.current(draft), draft["index"], len(draft["exercises"])
if item is not None:
    e = library[item["name"]]
    st.subheader(f"{index + 1} of {count} · {item['name']}")
    st.text(plain.prescription_words(item["prescription"], e, settings["units"]))

if draft["stage"] == "timer":
    ui.guided_timer(con, draft, e, settings, today)
elif draft["stage"] == "rate":
    ui.guided_rate(con, draft, e, library, settings, today)

if item is not None:  # the movement and its cues under the timer (the timer first: it is what the mat needs)
    ui.exercise_figure(e.name, item["prescription"], width=320)  # the movement, at the prescribed tempo
    with st.expander("How to do it", expanded=draft["stage"] == "timer"):  # folded while the questions are asked
        st.markdown("\n".join(f"- {ui.plain(cue)}" for cue in e.cues))

if draft["stage"] == "review":
    ui.guided_review(con, draft, settings, today)
ui.store_session_drawn(con)  # last: what a button moved on to is stored once it is drawn
