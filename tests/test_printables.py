"""Printable sheets: the read side, the PDFs' words (read back with pypdf) and the page."""

from datetime import UTC, date, datetime, time, timedelta
from io import BytesIO

import pytest
from PIL import Image
from pypdf import PdfReader

from lib import printables
from lib.errors import InvalidInput, NotYourFamily
from lib.printables import canvas, fridge, stars
from tests.conftest import TODAY, make_family, make_user
from tests.factories_sheets import make_assignment, make_caregiver, make_sheet, make_task

MONDAY = date(2026, 11, 23)


def pdf_text(data):
    reader = PdfReader(BytesIO(data))
    return len(reader.pages), " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_fridge_sheet_says_what_to_do_when_with_what_and_who_helps():
    pages, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(), MONDAY))
    assert pages == 1
    for words in (
        "Ava B.: Home practice",
        "Peg the socks",
        "Squeeze the pegs open and clip the socks on the basket.",
        "on laundry day, around 17:30; 5 min, on Monday, Wednesday and Friday",  # one vocabulary (lib.words)
        "clothes pegs and socks",
        "Gran (for your child)",
        "Your child checks that Mum did her breathing task",
        "Mon 23",
        "Sun 29",
    ):
        assert words in text


def test_long_instructions_print_in_full_never_cut_to_fit():
    steps = "Sit on the floor. " + " ".join(["Roll the ball back and forth slowly together."] * 12)
    _, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(make_task(instructions=steps)), MONDAY))
    assert "Sit on the floor. Roll the ball" in text and "More on the handout." not in text
    assert text.count("Roll the ball") == 12


def test_the_fridge_sheet_shows_the_reward_and_every_discipline_s_next_session():
    sessions = (
        (datetime(2026, 12, 1, 16), "Maya Okafor", "OT"),
        (datetime(2026, 12, 3, 10), "Sam Lee", "SLP"),
    )
    tasks = [
        make_task(),
        make_task(id=2, discipline="SLP", title="Sound hunt"),
        make_task(id=3, discipline="PT"),
    ]
    _, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(*tasks, next_sessions=sessions), MONDAY))
    assert "5 ticks → an extra story" in text
    assert "Next OT session: Tue 1 Dec at 16:00 with Maya Okafor" in text
    assert "Next SLP session: Thu 3 Dec at 10:00 with Sam Lee" in text
    assert "No PT session booked yet" in text


def test_a_fortnight_sheet_dates_fourteen_days_from_the_monday():
    _, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(), MONDAY, weeks=2))
    assert "This fortnight: Monday 23 November to Sunday 6 December 2026" in text


def test_a_sheet_starting_on_a_thursday_runs_to_the_wednesday_after():
    _, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(), date(2026, 11, 26)))
    assert "Thursday 26 November to Wednesday 2 December 2026" in text


@pytest.mark.parametrize("kind", ["fridge", "stars"])
@pytest.mark.parametrize("printed_on", [date(2026, 11, 30) + timedelta(days=i) for i in range(7)])
def test_a_sheet_printed_on_any_day_of_the_week_starts_that_day_or_later(kind, printed_on):
    layout = {"fridge": fridge.fridge_sheet, "stars": stars.star_chart}[kind]
    sheet = make_sheet(make_task(weekdays=None, days_per_week=7, reward_ticks=7))
    first = printables.first_day_ahead(printed_on)
    pdf = layout(sheet, first, 1, "A4", None, marked=lambda page: "HP-TEST")
    dated = sorted(b.practice_date for b in pdf.boxes if b.practice_date)
    assert dated and dated[0] >= printed_on  # never a box for a day already gone
    assert dated[0] - printed_on <= timedelta(days=2)  # and no week skipped: at most the weekend
    assert (dated[0] == printed_on) == (printed_on.weekday() < 5)


LONG = "Put a few small pieces on a plate. Your child picks them up one at a time. Then drop them in a cup."


@pytest.mark.parametrize("paper", ["A4", "US Letter"])
@pytest.mark.parametrize("count", [3, 6])
@pytest.mark.parametrize("weeks", [1, 2])
def test_up_to_six_tasks_in_three_disciplines_fit_one_page(paper, count, weeks):
    disciplines = ["OT", "PT", "SLP"]
    tasks = [
        make_task(
            id=i,
            discipline=disciplines[i % 3],
            title=f"Task number {i} with a longer title",
            instructions=LONG,
        )
        for i in range(count)
    ]
    pages, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(*tasks), MONDAY, weeks, paper))
    assert pages == 1
    assert all(f"Task number {i} with a longer title" in text for i in range(count))


def test_a_task_ended_before_the_week_is_left_off_the_sheet():
    ended = make_task(id=2, title="Old task", end_date=date(2026, 11, 20))
    _, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(make_task(), ended), MONDAY))
    assert "Old task" not in text and "Peg the socks" in text


def test_us_letter_and_a4_have_their_own_page_sizes():
    letter = PdfReader(BytesIO(printables.fridge_sheet_pdf(make_sheet(), MONDAY, paper="US Letter")))
    a4 = PdfReader(BytesIO(printables.fridge_sheet_pdf(make_sheet(), MONDAY, paper="A4")))
    assert round(float(letter.pages[0].mediabox.width)) == 612
    assert round(float(a4.pages[0].mediabox.width)) == 595


def test_an_unknown_paper_size_names_the_field():
    with pytest.raises(InvalidInput) as err:
        printables.fridge_sheet_pdf(make_sheet(), MONDAY, paper="A3")
    assert err.value.field == "paper"


def test_a_clinic_logo_is_embedded_when_given():
    logo = BytesIO()
    Image.new("RGB", (120, 60), "black").save(logo, format="PNG")
    with_logo = PdfReader(BytesIO(printables.fridge_sheet_pdf(make_sheet(), MONDAY, logo=logo.getvalue())))
    assert with_logo.pages[0].images


def test_the_star_chart_draws_the_reward_count_dated_on_the_fixed_days():
    pages, text = pdf_text(printables.star_chart_pdf(make_sheet(make_task(reward_ticks=4)), MONDAY))
    assert pages == 1
    assert "Ava B.'s star chart" in text and "4 stars → an extra story" in text
    assert "Mon 23/11 Wed 25/11 Fri 27/11 Mon 30/11" in text and "Wed 2/12" not in text


def test_seven_stars_for_a_trip_to_the_park_draws_seven_stars():
    task = make_task(
        reward_ticks=7, reward_plan="7 stars -> a trip to the park", weekdays=None, days_per_week=5
    )
    data = printables.star_chart_pdf(make_sheet(task), MONDAY)
    assert pdf_text(data)[1].count("date: ____") == 7
    assert "7 stars → a trip to the park" in pdf_text(data)[1]


def test_a_daily_task_dates_its_stars_day_after_day():
    task = make_task(reward_ticks=3, weekdays=None, days_per_week=7)
    assert printables.star_dates(task, MONDAY, 3) == [MONDAY, date(2026, 11, 24), date(2026, 11, 25)]


def test_three_tasks_fit_one_landscape_star_chart_in_both_papers():
    tasks = [make_task(id=i, title=f"Task {i}", reward_ticks=n) for i, n in enumerate([5, 10, 14])]
    for paper in ("A4", "US Letter"):
        pages, text = pdf_text(printables.star_chart_pdf(make_sheet(*tasks), MONDAY, paper=paper))
        assert pages == 1 and "14 stars" in text


def test_the_caregiver_handout_explains_what_to_do_and_why():
    _, text = pdf_text(printables.caregiver_handout_pdf(make_sheet()))
    assert "Helping Ava B. with the home practice" in text
    assert "Squeeze the pegs open" in text and "music lesson" in text
    assert "If the child becomes very upset" in text


def test_the_explainer_handout_carries_the_family_expectation():
    _, text = pdf_text(printables.explainer_handout_pdf("practice time", "Ava B.", "Riverside", 12, 4))
    assert "We agreed: about 12 minutes a day, on 4 days a week." in text
    assert "Practice time: why and how" in text and "How our sessions run" in text


def test_text_in_other_scripts_prints_with_the_shipped_font():
    _, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(family_name="Zoë Ł."), MONDAY))
    assert "Zoë Ł." in text


def test_schedules_read_in_plain_words():
    assert printables.schedule_text(make_task()) == "on Monday, Wednesday and Friday"
    assert printables.schedule_text(make_task(weekdays=None, days_per_week=7)) == "every day"
    assert printables.schedule_text(make_task(weekdays=None, days_per_week=4)) == "on any 4 days a week"


def test_the_read_side_loads_tasks_helpers_and_the_next_session(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    gran = make_caregiver(cur, family_id)
    make_assignment(
        cur, family_id, therapist, supporter_ids=[gran], weekdays=[4, 0], routine_time=time(7, 45)
    )
    make_assignment(cur, family_id, therapist, title="Retired", status="retired")
    cur.execute(
        "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, 'OT', ?)",
        [family_id, therapist.id, datetime(2026, 12, 2, 10)],
    )
    sheet = printables.load_family_sheet(cur, therapist, family_id, TODAY)
    assert [(t.title, t.weekdays, t.supporters) for t in sheet.tasks] == [
        ("Pick up snack pieces", (0, 4), ("Gran",))
    ]
    assert sheet.next_session == datetime(2026, 12, 2, 10) and sheet.word == "home practice"


def test_the_read_side_gives_the_next_booked_session_of_each_discipline(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    for discipline, when in [
        ("OT", datetime(2026, 12, 9, 9)),
        ("OT", datetime(2026, 12, 2, 10)),
        ("SLP", datetime(2026, 12, 4, 15)),
        ("PT", datetime(2026, 11, 20, 9)),
    ]:
        cur.execute(
            "INSERT INTO sessions (family_id, therapist_id, discipline, starts_at) VALUES (?, ?, ?, ?)",
            [family_id, therapist.id, discipline, when],
        )
    sheet = printables.load_family_sheet(cur, therapist, family_id, TODAY)
    assert sheet.next_sessions == (
        (datetime(2026, 12, 2, 10), "Therapist", "OT"),
        (datetime(2026, 12, 4, 15), "Therapist", "SLP"),
    )


def test_the_read_side_checks_the_family_is_yours(cur):
    family_id = make_family(cur, therapist=make_user(cur, "other"))
    with pytest.raises(NotYourFamily):
        printables.load_family_sheet(cur, make_user(cur), family_id, TODAY)


def test_every_demo_family_sheet_fits_one_page_up_to_six_tasks(demo_cur):
    lead = make_user(demo_cur, "lead2", role="lead", discipline=None)
    for (family_id,) in demo_cur.execute("SELECT id FROM families WHERE status = 'active'").fetchall():
        sheet = printables.load_family_sheet(demo_cur, lead, family_id, TODAY)
        pages, text = pdf_text(printables.fridge_sheet_pdf(sheet, TODAY))
        assert pages == (1 if len(sheet.tasks) <= 6 else 2) and sheet.family_name in text


def _marked_stars(sheet, start=MONDAY):
    return stars.star_chart(sheet, start, 1, "A4", None, marked=lambda page: "HP-TEST")


def test_a_seven_day_task_shows_seven_dated_stars_whatever_its_reward_count():
    daily = make_task(weekdays=None, days_per_week=7, reward_ticks=5)
    boxes = _marked_stars(make_sheet(daily)).boxes
    assert [b.practice_date for b in boxes] == [MONDAY + timedelta(days=i) for i in range(7)]
    assert {b.shape for b in boxes} == {"star"}


def test_the_parent_s_own_practice_is_on_its_own_card_not_the_child_s_stars():
    child = make_task(title="Peg the socks")
    parent = make_task(id=2, title="Special time", who="parent", reward_plan="a coffee in the garden")
    pdf = _marked_stars(make_sheet(child, parent))
    _, text = pdf_text(bytes(pdf.output()))
    assert pdf.page_no() == 2
    assert {b.assignment_id: b.shape for b in pdf.boxes} == {1: "star", 2: "box"}
    assert "For you, the grown-up: your own practice" in text
    assert "Your reward for yourself: 5 ticks → a coffee in the garden" in text


def test_a_teenager_gets_a_plain_tracker_without_stars():
    pdf = _marked_stars(make_sheet(make_task(), child_age=14))
    _, text = pdf_text(bytes(pdf.output()))
    assert "practice tracker" in text and "star" not in text.lower()
    assert pdf.boxes and {b.shape for b in pdf.boxes} == {"box"}


def _sheet_bytes(pdf_class, text):
    pdf = pdf_class()
    pdf.set_creation_date(datetime(2026, 11, 25, 9, 0, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(text=text)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, text=text + " Ωκέανος ŁÓDŹ")
    return bytes(pdf.output())


class _EveryFontReadAgain(canvas.PrintablePDF):
    """What fpdf2 does on its own: the font files read for this one PDF."""

    def __init__(self):
        canvas.FPDF.__init__(self)
        for style, path in canvas.FONT_FILES.items():
            self.add_font("DejaVu", style, str(path))


def test_fonts_read_once_print_the_same_pdf_as_fonts_read_for_each_sheet():
    """The fonts are read once per process (0.7 s a sheet under load); each PDF is still its own."""
    first = _sheet_bytes(canvas.PrintablePDF, "Sam’s fridge sheet")
    second = _sheet_bytes(canvas.PrintablePDF, "Zoë: walk like a crab")  # other glyphs, same fonts
    assert second == _sheet_bytes(_EveryFontReadAgain, "Zoë: walk like a crab")
    assert first == _sheet_bytes(_EveryFontReadAgain, "Sam’s fridge sheet")
    assert first != second


def test_a_sheet_laid_out_again_with_its_fit_is_the_same_sheet_in_one_try(monkeypatch):
    """The marked sheet is laid out twice (draft, then with its number): the second time at once."""
    tasks = [
        make_task(
            id=i,
            discipline=["OT", "PT", "SLP"][i % 3],
            title=f"Task {i} with a longer title",
            instructions=LONG,
        )
        for i in range(6)
    ]
    sheet = make_sheet(*tasks)
    draft = fridge.fridge_sheet(sheet, MONDAY, marked=lambda page: "HP-DRAFT")
    tries = []
    real = fridge._fridge_sheet
    monkeypatch.setattr(fridge, "_fridge_sheet", lambda *a, **k: tries.append(a) or real(*a, **k))
    final = fridge.fridge_sheet(sheet, MONDAY, marked=lambda page: "HP-FINAL", fit=draft.fit)
    assert len(tries) == 1 and draft.fit[1] < fridge.ONE_PAGE_SIZES_COMPACT[0]  # smaller type was needed
    assert final.fit == draft.fit and final.page_no() == draft.page_no() == 1
    assert [(b.x, b.y, b.w, b.h, b.practice_date) for b in final.boxes] == [
        (b.x, b.y, b.w, b.h, b.practice_date) for b in draft.boxes
    ]
