"""Safety lines are a field of their own: the rule that finds them, the migration, and every paper."""

from dataclasses import replace
from datetime import date
from io import BytesIO

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from lib import db, printables
from lib.assignments import create_assignment, family_cards, get_assignment, templates
from lib.assignments.safety import is_safety_line, safety_lines, sentences, split_safety
from lib.printables import reminders
from tests.conftest import TODAY, make_family, make_user
from tests.factories import make_sheet, make_sheet_task, schema_before

MONDAY = date(2026, 11, 23)


def squeeze(text):
    """Return text without whitespace: PDF line breaks fall anywhere."""
    return "".join(text.split())


def pdf_text(data):
    reader = PdfReader(BytesIO(data))
    return len(reader.pages), squeeze(" ".join(page.extract_text() for page in reader.pages))


# ---- the rule -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "A grown-up stays at the table the whole time.",
        "Stop if their arms shake or their back sags.",
        "Stop as soon as they say so, or show it.",
        "Stay one step behind them.",
        "Stay close and give one step at a time.",
        "Hold hands if needed.",
        "Keep your child away from the hob.",
        "Never leave your child alone in the bath.",
        "Always stay within reach.",
        "Choose a line well away from the road.",
        "Only carry on if your child enjoys it.",
    ],
)
def test_a_safety_sentence_is_told_apart(sentence):
    assert is_safety_line(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Stay with it until the worry drops a little.",
        "Hold your child's legs at the thighs.",
        "Keep it short.",
        "While reading the bedtime story, stop on some pages.",
    ],
)
def test_an_ordinary_step_stays_in_what_to_do(sentence):
    assert not is_safety_line(sentence)


def test_splitting_moves_only_the_safety_lines_and_keeps_the_order():
    text = 'Put rings on a plate. A grown-up stays close. Ask "Which one?" Then drop them in. Stop if tired.'
    assert split_safety(text) == (
        'Put rings on a plate. Ask "Which one?" Then drop them in.',
        "A grown-up stays close.\nStop if tired.",
    )


def test_text_without_a_safety_sentence_is_left_as_it_was():
    assert split_safety("One step. Two steps.", "Hold hands by the road.") == (
        "One step. Two steps.",
        "Hold hands by the road.",
    )


# ---- the shipped templates and the demo ---------------------------------------------------


def test_no_shipped_template_keeps_a_safety_line_in_what_to_do():
    for template in templates.load_shipped():
        assert not any(is_safety_line(s) for s in sentences(template["instructions"])), template["title"]


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ("Pick up snack pieces with two fingers", "A grown-up stays at the table the whole time."),
        ("Walk the line on the way to school", "Hold hands if needed."),
        ("One foot per step up to bed", "Stay one step behind them."),
        ("Wheelbarrow walk to bed", "Stop if their arms shake or their back sags."),
        ("Towel hug after bath", "Stop as soon as they say so, or show it."),
        ("Kitchen helper at dinner time", "Keep your child away from the hob, the oven and the kettle."),
    ],
)
def test_the_templates_carry_their_safety_lines_in_the_field(title, line):
    shipped = {t["title"]: t for t in templates.load_shipped()}
    assert line in safety_lines(shipped[title]["safety"])


def test_a_seeded_template_gives_its_safety_lines_to_a_new_task(cur):
    therapist = make_user(cur)
    found = [t for t in templates.list_templates(cur, therapist) if t.title.startswith("Wheelbarrow")]
    assert found[0].defaults()["safety"] == "Stop if their arms shake or their back sags."


def test_every_demo_task_has_its_safety_lines_in_the_field(demo_cur):
    shipped = {t["title"]: t["safety"] for t in templates.load_shipped()}
    tasks = demo_cur.execute("SELECT title, instructions, safety FROM assignments").fetchall()
    assert tasks
    for title, instructions, safety in tasks:
        assert not any(is_safety_line(s) for s in sentences(instructions)), title
        assert safety == shipped[title], title


# ---- migration 018 moves what the rule moves ----------------------------------------------


def test_migration_018_moves_the_same_sentences_as_the_rule():
    con = schema_before(18)
    # the templates as they were written before safety had a field: the lines at the end
    old = [t["instructions"] + " " + " ".join(safety_lines(t["safety"])) for t in templates.load_shipped()]
    old.append('Ask "Why?" Stay with it until calm. Keep the cup away from the edge. Never run.')
    con.executemany(
        "INSERT INTO templates (discipline, title, instructions, minutes, days_per_week)"
        " VALUES ('OT', 'x', ?, 5, 5)",
        [[text.strip()] for text in old],
    )
    db.migrate(con)
    moved = con.execute("SELECT instructions, safety FROM templates ORDER BY id").fetchall()
    assert moved == [split_safety(text) for text in old]
    audited = con.execute("SELECT count(*) FROM audit_log WHERE action = 'move_safety_lines'").fetchone()[0]
    assert audited == sum(1 for _, safety in moved if safety)


# ---- tasks keep their safety lines ---------------------------------------------------------


def test_a_task_saves_its_safety_lines_one_per_line(cur):
    therapist = make_user(cur)
    family_id = make_family(cur, therapist=therapist)
    values = {
        "title": "Wheelbarrow walk",
        "instructions": "Hold the legs. They walk on their hands.",
        "safety": "  Stop if their arms shake.\n\n Keep it on a soft floor. ",
        "discipline": "PT",
        "who": "both",
        "minutes": 5,
        "days_per_week": 3,
        "start_date": TODAY,
    }
    task = get_assignment(cur, therapist, create_assignment(cur, therapist, family_id, values))
    assert task.safety == "Stop if their arms shake.\nKeep it on a soft floor."
    assert family_cards(cur, therapist, family_id)[0].safety == task.safety


# ---- every paper prints them ---------------------------------------------------------------


def _template_tasks():
    return [
        make_sheet_task(
            id=i + 1,
            title=t["title"],
            discipline=t["discipline"],
            instructions=t["instructions"],
            safety=t["safety"],
            materials=t["materials"],
            reward_plan=t["reward_plan"],
            who=t["who"],
        )
        for i, t in enumerate(templates.load_shipped())
    ]


def _assert_every_step_and_safety_line_prints(sheet, tasks, paper):
    pages, text = pdf_text(
        printables.fridge_sheet_pdf(replace(sheet, tasks=tuple(tasks)), MONDAY, paper=paper)
    )
    assert pages <= 2
    for task in tasks:
        assert squeeze(sentences(task.instructions)[0]) in text, task.title
        for line in safety_lines(task.safety):
            assert squeeze(line) in text, (task.title, line)


@pytest.mark.parametrize("paper", ["A4", "US Letter"])
@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6])
def test_every_template_s_first_step_and_safety_lines_print_on_the_fridge_sheet(paper, count):
    tasks = _template_tasks()
    for first in range(0, len(tasks), count):
        _assert_every_step_and_safety_line_prints(make_sheet(), tasks[first : first + count], paper)


def test_every_demo_family_s_fridge_sheet_prints_every_first_step_and_safety_line(demo_cur):
    lead = make_user(demo_cur, "lead2", role="lead", discipline=None)
    families = demo_cur.execute("SELECT id FROM families WHERE status = 'active' ORDER BY id").fetchall()
    for n, (family_id,) in enumerate(families):
        sheet = printables.load_family_sheet(demo_cur, lead, family_id, TODAY)
        tasks = [t for t in sheet.tasks if any(t.runs_on(d) for d in printables.period_days(MONDAY, 1))]
        for count in range(1, min(6, len(tasks)) + 1):
            _assert_every_step_and_safety_line_prints(sheet, tasks[:count], ("A4", "US Letter")[n % 2])


def test_six_long_tasks_take_a_second_page_rather_than_cut_what_to_do():
    steps = "Sit on the floor. " + " ".join(["Roll the ball back and forth slowly together."] * 6)
    tasks = [replace(t, instructions=steps) for t in _template_tasks()[:6]]
    pages, text = pdf_text(printables.fridge_sheet_pdf(make_sheet(*tasks), MONDAY))
    assert pages == 2
    assert text.count(squeeze("Roll the ball back and forth slowly together.")) == 6 * 6


def test_the_handout_and_the_star_chart_show_the_safety_lines_under_a_mark():
    sheet = make_sheet(make_sheet_task(safety="Stop if their arms shake.\nStay one step behind them."))
    for data in (printables.caregiver_handout_pdf(sheet), printables.star_chart_pdf(sheet, MONDAY)):
        _, text = pdf_text(data)
        assert squeeze("⚠ Safety Stop if their arms shake. Stay one step behind them.") in text


def test_the_calendar_reminder_carries_the_safety_lines():
    sheet = make_sheet(make_sheet_task(safety="Stop if their arms shake."))
    calendar = Calendar.from_ical(reminders.family_calendar(sheet, TODAY))
    (event,) = calendar.walk("VEVENT")
    assert "⚠ Safety: Stop if their arms shake." in str(event["description"])
