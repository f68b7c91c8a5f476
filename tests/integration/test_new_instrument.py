"""A questionnaire added to lib.questionnaires.INSTRUMENTS reaches every place that shows one, with no other edit."""

from __future__ import annotations

from datetime import timedelta

from lib import charts, questionnaires, report, store
from lib.questionnaires import ChartStyle, Instrument
from lib.theme import PALETTE
from tests.conftest import TODAY

# A throwaway two-item instrument: lower is better, a change of 2 matters, due on the PSFS's cadence.
ODI = Instrument(
    id="odi_test",
    version="ODI test 1",
    title="A throwaway disability index",
    short="ODI-T",
    instructions="Rate each.",
    items={1: "Walking", 2: "Sitting"},
    anchors={0: "No trouble", 5: "Cannot do it"},
    low=0,
    high=5,
    band_above=6,
    mic=2,
    mic_direction=-1,
    cadence_setting="psfs_cadence_days",
    style=ChartStyle("purple", "triangle-up", "dot"),
)


def test_an_instrument_added_to_instruments_reaches_the_reminders_the_charts_and_the_summary(fresh_db, monkeypatch):
    monkeypatch.setitem(questionnaires.INSTRUMENTS, ODI.id, ODI)
    assert ODI.id in store.questionnaires_due(fresh_db, TODAY)  # never answered: due

    store.save_questionnaire(fresh_db, ODI.id, {1: 4, 2: 4}, day=TODAY - timedelta(days=20), today=TODAY)
    store.save_questionnaire(fresh_db, ODI.id, {1: 2, 2: 1}, day=TODAY - timedelta(days=2), today=TODAY)
    assert ODI.id not in store.questionnaires_due(fresh_db, TODAY)  # answered 2 days ago, due every 14

    start = TODAY - timedelta(days=27)
    trends = charts.questionnaire_trends(store.questionnaire_totals(fresh_db, start, TODAY))
    (line,) = [t for t in trends.data if t.name == "ODI-T"]
    assert list(line.y) == [8, 3]
    assert (line.line.color, line.marker.symbol, line.line.dash) == (PALETTE["purple"], "triangle-up", "dot")
    assert trends.layout.yaxis.title.text == "ODI-T total (lower is better)"  # a panel of its own
    assert [t.name for t in trends.data if t.marker.symbol == "star"] == ["Change that matters (better, ★)"]
    assert any("ODI-T 6: above this line is high" in a.text for a in trends.layout.annotations)

    history = charts.questionnaire_history(store.questionnaire_series(fresh_db, ODI.id), ODI.id)
    assert list(history.data[0].y) == [8, 3] and [s["y0"] for s in history.layout.shapes] == [6]

    page = report.physio_summary(fresh_db, start, TODAY, TODAY)
    assert "<td>ODI-T</td><td>2</td><td>8</td>" in page and "<td>-5</td>" in page
