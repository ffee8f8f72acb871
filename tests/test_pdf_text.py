"""Every printable renders whatever the forms accept, and keeps it: each character, or one clear mark.

Names, titles and notes are generated: any Unicode a browser can send (emoji, CJK, RTL, control
characters), very long words, Markdown and HTML. The text read back from the PDF holds every
character of what was typed, except that characters the font lacks print as one MISSING mark.
"""

import io
import unicodedata
from collections import Counter
from datetime import date, datetime

import pandas as pd
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from lib import guide, printables
from lib.exchange.family_record import family_record_pdf
from lib.figures import caseload_pdf
from lib.models import Actor
from lib.printables.canvas import MISSING, printable
from lib.settings import get_settings
from tests.factories import (
    make_assignment,
    make_caregiver,
    make_family,
    make_sheet,
    make_sheet_task,
    make_user,
)

MARKDOWN = "![x](http://127.0.0.2:9/img.png) **Bold** <b>b</b> [link](http://127.0.0.2:9)"
SAMPLES = [
    "😀 Emma 👨‍👩‍👧",
    "שלום עולם",
    "مرحبا بالعالم",
    "中文名字 日本語 한국어",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    MARKDOWN,
    "line1\r\nline2\ttab",
    "a\x00b\x0bc\x1f",
    "W" * 80,
]
ANY = st.characters(exclude_categories=("Cs",))  # a browser never sends a lone surrogate
# few examples, no shrinking: each renders PDFs on a shared machine; a failure still prints its case
EACH = settings(
    max_examples=10,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def typed(max_size):
    """What a form may accept: anything, a long word, or one of the known troublemakers."""
    return st.one_of(
        st.sampled_from([s[:max_size] for s in SAMPLES]),
        st.text(ANY, max_size=max_size),
        st.text(st.characters(categories=("L", "M", "N")), min_size=max_size // 2, max_size=max_size),
    ).filter(lambda s: s.strip())


def _chars(text):
    """The visible characters of text (a soft hyphen or a joiner prints nothing, by design)."""
    text = unicodedata.normalize("NFKC", text)
    return Counter(c for c in text if not c.isspace() and unicodedata.category(c) != "Cf")


def read_back(pdf):
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def assert_kept(pdf, *values):
    """Every character of each value is in the PDF's text, or its MISSING mark is."""
    shown = _chars(read_back(pdf))
    for value in values:
        wanted = _chars(printable(value))
        assert wanted <= shown, f"lost from the PDF: {sorted((wanted - shown).elements())!r} of {value!r}"


def test_printable_keeps_line_breaks_and_marks_what_the_font_lacks():
    assert printable("Ava\r\nB.\tx\x00") == "Ava\nB. x"
    assert printable("Emma 👨‍👩‍👧 中") == f"Emma {MISSING} {MISSING}"
    assert printable("שלום ü") == "שלום ü"


@EACH
@given(name=typed(80), title=typed(120), notes=typed(1000), word=typed(40), clinic=typed(80))
@example(name=MARKDOWN, title=MARKDOWN, notes=MARKDOWN, word=MARKDOWN, clinic=MARKDOWN)
def test_every_family_sheet_renders_any_text_and_keeps_it(name, title, notes, word, clinic):
    task = make_sheet_task(
        title=title,
        instructions=notes,
        materials=notes,
        routine_anchor=word,
        reward_plan=notes,
        cross_note=notes,
        supporters=(name,),
        materials_lent=title,
        materials_where=notes,
    )
    sheet = make_sheet(
        task,
        family_name=name,
        word=word,
        clinic_name=clinic,
        caregivers=((name, "mother"),),
        therapists=((name, "OT"),),
        next_session_with=name,
    )
    start = date(2026, 11, 23)
    assert_kept(printables.fridge_sheet_pdf(sheet, start), name, title, clinic)
    assert_kept(printables.star_chart_pdf(sheet, start), name, title)
    assert_kept(printables.kit_list_pdf(sheet), name, title, notes)
    assert_kept(printables.caregiver_handout_pdf(sheet, paper="US Letter"), name, title, notes)
    assert_kept(printables.explainer_handout_pdf(word, name, clinic, 10, 5), name, clinic)


@EACH
@given(names=st.lists(typed(80), min_size=1, max_size=4), clinic=typed(80))
@example(names=[MARKDOWN, "W" * 80, "W" * 79 + "V"], clinic=MARKDOWN)
def test_the_team_sheet_renders_any_family_name(names, clinic):
    rows = [
        {
            "family": n,
            "disciplines": ["OT"],
            "completion": 50.0,
            "trend": "",
            "stage": "initial",
            "signal": "",
            "days_since_tick": 3,
            "flags": [],
        }
        for n in names
    ]
    pdf = caseload_pdf.caseload_pdf(pd.DataFrame(rows), date(2026, 11, 23), clinic)
    assert_kept(pdf, clinic, *caseload_pdf.short_names(names))


def _clinic(cur, role):
    """The test's one user and family: made by the first example, reused by the others."""
    found = cur.execute("SELECT id, username, display_name, role, discipline FROM users").fetchone()
    if found is None:
        actor = make_user(cur, role, role=role, discipline=None if role == "lead" else "OT")
        family_id = make_family(cur, "Sam K.", actor)
        make_caregiver(cur, family_id)
        make_assignment(cur, family_id, actor)
        return actor, family_id
    return Actor(*found), cur.execute("SELECT min(id) FROM families").fetchone()[0]


@EACH
@given(name=typed(80), notes=typed(2000), word=typed(40), carer=typed(80), title=typed(120), clinic=typed(80))
@example(name=MARKDOWN, notes=MARKDOWN, word=MARKDOWN, carer=MARKDOWN, title=MARKDOWN, clinic=MARKDOWN)
def test_a_familys_record_renders_any_text_and_keeps_it(cur, name, notes, word, carer, title, clinic):
    lead, family_id = _clinic(cur, "lead")
    cur.execute("UPDATE families SET display_name = ?, notes = ?, practice_word = ?", [name, notes, word])
    cur.execute("UPDATE caregivers SET name = ?", [carer])
    cur.execute("UPDATE assignments SET title = ?", [title])
    cur.execute("INSERT OR REPLACE INTO clinic_settings (key, value) VALUES ('clinic_name', ?)", [clinic])
    clinic = get_settings(cur)["clinic_name"]  # a name the settings refuse is read as the default
    assert_kept(family_record_pdf(cur, lead, family_id), name, notes, word, carer, title, clinic)


@EACH
@given(name=typed(80))
@example(name="{tried} {family}")
def test_the_doctor_letter_keeps_the_name_as_typed(cur, name):
    actor, family_id = _clinic(cur, "therapist")
    loaded = guide.load_guide()
    plain = guide.draft_doctor_letter(cur, actor, family_id, loaded, "Zq9")
    assert guide.draft_doctor_letter(cur, actor, family_id, loaded, name) == plain.replace("Zq9", name)


def test_a_markdown_name_prints_literally_on_the_fridge_sheet():
    sheet = make_sheet(family_name=MARKDOWN, next_session=datetime(2026, 12, 1, 16))
    text = "".join(read_back(printables.fridge_sheet_pdf(sheet, date(2026, 11, 23))).split())
    assert "".join(MARKDOWN.split()) in text
