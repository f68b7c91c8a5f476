"""The physiotherapist's summary on a real demo file: one HTML file, no web address, the user's text escaped."""

from __future__ import annotations

import re
from datetime import timedelta

from lib import plain, report, store
from lib.models import ExerciseDef, VariableRule
from tests.conftest import TODAY

START = TODAY - timedelta(days=55)


def outside_plotly(page: str) -> str:
    """The document without the inlined plotly bundle (the first <script>)."""
    head, _, rest = page.partition("<script>")
    return head + rest.partition("</script>")[2]


def test_the_summary_is_one_file_with_no_web_address_in_it(demo_db):
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "http://" not in page and "https://" not in page
    for host in ("plot.ly", "cartocdn", "openstreetmap", "jsdelivr", "arcgisonline", "github.com"):
        assert host not in page, host  # addresses of map tiles, CDNs and licences are cut out of the bundle
    rest = outside_plotly(page)
    assert not re.search(r"<(script|img|link|iframe)\b[^>]*\b(src|href)\s*=", rest), "a file is fetched"
    assert "@import" not in rest and "url(" not in rest
    assert page.count("Plotly.newPlot(") == 2  # pain-and-load and next-morning, drawn by the inlined bundle


def test_the_plotly_bundle_keeps_the_svg_namespace_it_needs():
    js = report.offline_plotlyjs()
    assert 'ns:"http:\\/\\/www.w3.org\\/2000/svg"' in js or '"http:\\/\\/www.w3.org\\/2000/svg"' in js
    assert "http://" not in js and "https://" not in js and "</script" not in js


def test_the_headline_numbers_are_those_of_the_period(demo_db):
    numbers = store.period_numbers(demo_db, START, TODAY)
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    assert numbers["checkins"] == 56
    assert "<td>Morning check-ins</td><td>56 of 56 days</td>" in page
    assert f"<td>Sessions</td><td>{numbers['sessions']} on {numbers['practice_days']} days; " in page
    assert f"{START:%d %b %Y} – {TODAY:%d %b %Y} (56 days)" in page


def test_the_questionnaires_current_prescriptions_and_progressions_are_listed(demo_db):
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    assert "<td>TSK-11</td>" in page and "<td>PSFS</td>" in page
    rules = {v: r.cap for v, r in store.load_library(demo_db)["Side plank"].rules.items()}
    side_plank = plain.prescription_words(store.current_prescription(demo_db, "Side plank", TODAY), rules, "kg")
    assert f"<td>Side plank</td><td>strength</td><td>{side_plank}</td>" in page
    events = store.progression_events(demo_db, START, TODAY)
    assert len(events) and f"{plain.words(events['reason'].iloc[-1])}</td></tr>" in page


def test_the_summary_opens_with_the_plain_words_answer_for_its_period(demo_db):
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    words = page.index("<h2>In plain words</h2>")
    assert words < page.index("<h2>At a glance</h2>")
    assert f"From {START:%d %b %Y} to {TODAY:%d %b %Y} your morning pain" in page[words:]
    assert "You practised on" in page[words:] and "Your back settled by the next morning" in page[words:]


def test_on_paper_no_variable_name_is_left_and_every_marker_is_labelled(demo_db):
    page = outside_plotly(report.physio_summary(demo_db, START, TODAY, TODAY))
    for name in ("hold_s", "tempo_s", "duration_min", "support_level", "range_level", "load_kg", "(exercise in hover)"):
        assert name not in page, name


def test_what_the_person_typed_is_escaped_and_notes_can_be_left_out(demo_db):
    store.save_checkin(
        demo_db,
        day=TODAY,
        pain_now=3,
        stiffness=2,
        sleep_hours=7,
        sleep_quality=7,
        stress=3,
        sitting_hours=6,
        notes="<script>alert('x')</script> & <b>sore</b>",
        today=TODAY,
    )
    store.add_exercise(
        demo_db, ExerciseDef("<i>Pallof</i> press", "control", (), (VariableRule("reps", 6, 1, 4, 12),), custom=True)
    )
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;sore&lt;/b&gt;" in page
    assert "<b>sore</b>" not in page and "<i>Pallof</i>" not in page
    assert "&lt;i&gt;Pallof&lt;/i&gt; press" in page
    private = report.physio_summary(demo_db, START, TODAY, TODAY, include_notes=False)
    assert "sore" not in private and "No notes in this period." in private


def test_a_period_with_nothing_in_it_says_what_is_missing(fresh_db):
    page = report.physio_summary(fresh_db, START, TODAY, TODAY)
    assert "<td>Morning check-ins</td><td>0 of 56 days</td>" in page
    assert "No questionnaire was answered in this period." in page
    assert "No progressions were accepted in this period." in page
    assert page.count("Plotly.newPlot(") == 0


def test_a_web_address_in_the_notes_appears_only_as_escaped_text_never_as_a_link_or_a_fetch(demo_db):
    typed = (
        "physio said see https://example.org/back?a=1&b=<2> "
        "<a href='https://evil.example/x'>here</a> <img src=\"https://evil.example/p.png\">"
    )
    store.save_checkin(
        demo_db,
        day=TODAY,
        pain_now=3,
        stiffness=2,
        sleep_hours=7,
        sleep_quality=7,
        stress=3,
        sitting_hours=6,
        notes=typed,
        today=TODAY,
    )
    page = report.physio_summary(demo_db, START, TODAY, TODAY, include_notes=True)
    rest = outside_plotly(page)
    assert "https://example.org/back?a=1&amp;b=&lt;2&gt;" in rest  # shown, as text
    assert "&lt;a href=&#x27;https://evil.example/x&#x27;&gt;here&lt;/a&gt;" in rest
    assert "&lt;img src=&quot;https://evil.example/p.png&quot;&gt;" in rest
    assert not re.search(r"<(a|img|link|iframe|object|embed)\b", rest), "a tag the person typed got through"
    assert not re.search(r"<[a-zA-Z][^>]*\b(src|href)\s*=", rest), "a tag's attribute points somewhere"
    # Every address left in the page is one the person typed, inside a table cell of the notes.
    assert rest.count("https://") == 3 and rest.count("https://") == _in_notes(rest).count("https://")


def _in_notes(page: str) -> str:
    return page.partition('<table class="notes">')[2].partition("</table>")[0]


def test_a_long_period_shows_its_latest_notes_in_date_order_and_says_how_many_there_were(fresh_db, monkeypatch):
    for offset in range(5):
        store.save_checkin(
            fresh_db,
            day=START + timedelta(days=offset),
            pain_now=3,
            stiffness=2,
            sleep_hours=7,
            sleep_quality=7,
            stress=3,
            sitting_hours=6,
            notes=f"note {offset}",
            today=TODAY,
        )
    notes = store.period_notes(fresh_db, START, TODAY, limit=3)
    assert notes["notes"].tolist() == ["note 2", "note 3", "note 4"]  # the newest three, oldest first
    assert notes["total"].tolist() == [5, 5, 5]
    whole = report.physio_summary(fresh_db, START, TODAY, TODAY, include_notes=True)
    assert "note 0" in whole and " of 5 notes" not in whole  # all of them fit: nothing to say
    monkeypatch.setattr(report, "MAX_NOTES", 3)
    page = report.physio_summary(fresh_db, START, TODAY, TODAY, include_notes=True)
    assert "The latest 3 of 5 notes" in page and "note 4" in page and "note 1" not in page
    assert page.index("note 2") < page.index("note 3") < page.index("note 4")


def test_a_red_flag_ticked_in_the_period_is_shown_first_and_none_says_so(demo_db):
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    assert "No red flag was ticked on the screen in this period." in page
    store.save_red_flags(demo_db, day=TODAY - timedelta(days=3), flags=["night_pain", "fever_unwell"], today=TODAY)
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    assert "advised seeking urgent medical care" in page
    row = f"<td>{TODAY - timedelta(days=3):%d %b %Y}</td><td>Fever, or feeling unwell, with the back pain; Severe pain"
    assert row in page
    assert page.index("Red-flag screen") < page.index("At a glance")


def test_the_psfs_thresholds_are_called_the_smallest_detectable_change(demo_db):
    page = report.physio_summary(demo_db, START, TODAY, TODAY)
    assert "smallest detectable change" in page and "Abbott &amp; Schmitt 2014" in page
    assert "compare with care" in page


def test_a_note_with_a_script_or_template_syntax_appears_as_typed_text(fresh_db):
    typed = "<script>alert(1)</script> {{ 7*7 }} {% if true %}x{% endif %}"
    store.save_checkin(fresh_db, day=TODAY, pain_now=3, notes=typed, today=TODAY)
    page = report.physio_summary(fresh_db, START, TODAY, TODAY)
    notes = _in_notes(outside_plotly(page))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if true %}x{% endif %}" in notes
    assert "49" not in notes and "<script>alert" not in page


def test_the_summary_is_drawn_from_its_own_template_with_autoescape_on():
    template = report._TEMPLATES.get_template("summary.html.j2")
    assert report._TEMPLATES.autoescape is True
    assert template.filename.endswith("lib/templates/summary.html.j2")
    # A value is escaped by the environment, not by each place that prints it.
    assert (
        report._TEMPLATES.from_string("<td>{{ cell }}</td>").render(cell="<b>'x'</b>")
        == "<td>&lt;b&gt;&#x27;x&#x27;&lt;/b&gt;</td>"
    )
