"""The home-practice kit: every material of every active task, what is lent, where to get the rest."""

from io import BytesIO

from pypdf import PdfReader

from lib import printables
from lib.assignments.barriers import BARRIERS
from tests.conftest import TODAY
from tests.factories import make_lead, make_sheet, make_sheet_task


def pdf_text(data):
    reader = PdfReader(BytesIO(data))
    return len(reader.pages), " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def three_discipline_sheet():
    return make_sheet(
        make_sheet_task(materials="clothes pegs and socks", materials_where="any supermarket"),
        make_sheet_task(
            id=2,
            discipline="SLP",
            title="Straw sips",
            materials="a straw and a cup",
            materials_lent="a set of straws",
        ),
        make_sheet_task(id=3, discipline="PT", title="Stand on one leg", materials=""),
    )


def test_the_kit_lists_every_material_what_is_lent_and_where_to_get_it():
    items, nothing = printables.kit_items(three_discipline_sheet())
    assert [(i.title, i.materials, i.lent, i.where) for i in items] == [
        ("Peg the socks", "clothes pegs and socks", "", "any supermarket"),
        ("Straw sips", "a straw and a cup", "a set of straws", ""),
    ]
    assert nothing == ["Stand on one leg"]


def test_the_kit_list_prints_on_one_page_with_the_box_and_the_ask():
    pages, text = pdf_text(printables.kit_list_pdf(three_discipline_sheet()))
    assert pages == 1
    for words in (
        "Ava B.: the practice kit",
        "Keep everything in one box or bag",
        "clothes pegs and socks",
        "Peg the socks (OT)",
        "Where to get it any supermarket",
        "Lent by us a set of straws",
        "Nothing needed for: Stand on one leg.",
        "Ask us where we got ours",
    ):
        assert words in text


def test_the_kit_is_part_of_the_checklist_when_a_task_is_set():
    materials = next(b for b in BARRIERS if b.id == "materials")
    assert "kit" in materials.question and "lend" in materials.question


def test_a_demo_family_s_kit_says_where_to_get_things(demo_cur):
    lead = make_lead(demo_cur)
    family_id = demo_cur.execute(
        "SELECT family_id FROM assignments WHERE status = 'active' AND materials_where <> '' LIMIT 1"
    ).fetchone()[0]
    sheet = printables.load_family_sheet(demo_cur, lead, family_id, TODAY)
    items, _ = printables.kit_items(sheet)
    assert any(i.where for i in items)
    assert pdf_text(printables.kit_list_pdf(sheet))[0] == 1
