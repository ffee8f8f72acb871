"""The template library page through AppTest."""

from lib.assignments import templates
from tests.factories import make_user
from tests.pages.apptest import button_labelled, open_app

NEW = {
    "discipline": "OT",
    "area": "fine motor",
    "title": "Tear paper for a collage",
    "instructions": "Tear paper into strips and glue them on a drawing.",
    "who": "child",
    "minutes": 5,
    "days_per_week": 4,
    "routine_anchor": "after school",
    "materials": "old magazines, glue stick",
    "reward_plan": "4 ticks -> hang it on the wall",
}


def count(cur):
    return cur.execute("SELECT count(*) FROM templates").fetchone()[0]


# ---- the page, through AppTest ------------------------------------------------------------


def page(user):
    return open_app(user, "pages/templates.py")


def test_a_therapist_browses_the_library_but_cannot_change_it(cur):
    at = page(make_user(cur))
    assert at.title[0].value == "Task templates"
    assert len(at.expander) == len(templates.load_shipped())
    assert "clinic lead can add" in " ".join(c.value for c in at.caption)
    assert not at.text_input


def test_the_lead_adds_a_template_on_the_page(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    at = page(lead)
    at.text_input(key="tpl_new_title").input(NEW["title"])
    at.text_area(key="tpl_new_instr").input(NEW["instructions"])
    button_labelled(at, "Save template").click().run()
    assert "Template saved" in at.success[0].value
    assert NEW["title"] in [t.title for t in templates.list_templates(cur, lead)]


def test_a_template_without_a_title_is_refused_on_the_page(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    at = page(lead)
    at.text_area(key="tpl_new_instr").input("Something to do.")
    button_labelled(at, "Save template").click().run()
    assert "Title cannot be empty" in at.error[0].value
    assert count(cur) == len(templates.load_shipped())


def test_every_problem_of_a_template_shows_at_once_under_its_field(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    at = page(lead)
    at.text_input(key="tpl_new_mat").input("m" * 301)
    at.number_input(key="tpl_new_days").set_value(9)
    button_labelled(at, "Save template").click().run()
    errors = [e.value for e in at.error]
    assert any("Title cannot be empty" in e for e in errors) and any(
        "Instructions cannot be empty" in e for e in errors
    )
    assert any("Days per week" in e for e in errors) and any("Materials is too long" in e for e in errors)
    assert "4 things to fix" in errors[-1]  # each stands by its field
    assert at.text_input(key="tpl_new_mat").value == "m" * 301
    assert count(cur) == len(templates.load_shipped())


def test_the_lead_accepts_the_safety_advice_before_a_template_saves(cur):
    lead = make_user(cur, "lead", role="lead", discipline=None)
    at = page(lead)
    at.text_input(key="tpl_new_title").input("Thread beads")
    at.text_area(key="tpl_new_instr").input("Thread small beads on a lace.")
    at.number_input(key="tpl_new_agemin").set_value(3)
    at.number_input(key="tpl_new_agemax").set_value(6)
    button_labelled(at, "Save template").click().run()
    assert "Read the safety advice" in at.error[0].value
    assert "small enough to swallow" in " ".join(w.value for w in at.warning)
    assert count(cur) == len(templates.load_shipped())
    at.checkbox(key="tpl_new_ack").check()
    button_labelled(at, "Save template").click().run()
    assert "Template saved" in at.success[0].value
    saved = next(t for t in templates.list_templates(cur, lead) if t.title == "Thread beads")
    assert (saved.age_min, saved.age_max) == (3, 6)
    assert "small enough to swallow" in saved.safety_acknowledged
    detail = cur.execute(
        "SELECT detail FROM audit_log WHERE entity = 'template' AND entity_id = ?", [saved.id]
    )
    assert "small enough to swallow" in detail.fetchone()[0]
