"""The family page shows the therapist the tasks whose safety lines moved, until they check them (AppTest)."""

from lib import db
from tests.factories import make_assignment, make_family, make_user
from tests.pages.apptest import open_app


def _family_with_a_moved_task(path):
    """Maya's family with one task whose safety line migration 018 moved; return (maya, family id)."""
    con = db.connect(path)
    try:
        with con.cursor() as cur:
            maya = make_user(cur, "maya")
            family = make_family(cur, "Sam K.", therapist=maya)
            task = make_assignment(
                cur,
                family,
                maya,
                "Snack pieces",
                instructions="Put six snack pieces in a bowl.",
                safety="A grown-up stays at the table the whole time.",
            )
            cur.execute(
                "INSERT INTO audit_log (action, entity, entity_id, detail, family_id) VALUES ('move_safety_lines',"
                " 'assignment', ?, json_object('moved', 'A grown-up stays at the table the whole time.'), ?)",
                [task, family],
            )
        return maya, family
    finally:
        con.close()


def _notice(at):
    return " ".join(m.value for m in at.markdown if "“What to do”" in m.value)


def _audited(path):
    con = db.connect(path)
    try:
        return con.execute("SELECT count(*) FROM audit_log WHERE action = 'check_safety_lines'").fetchone()[0]
    finally:
        con.close()


def test_the_therapist_sees_what_moved_and_checking_it_clears_the_notice(isolated_database):
    maya, family = _family_with_a_moved_task(isolated_database)
    at = open_app(maya, "pages/family.py", family=family)
    notice = _notice(at)
    assert "**Snack pieces**" in notice
    assert "Before, in “What to do”: “A grown\\-up stays at the table the whole time\\.”" in notice
    assert "“What to do” now reads: “Put six snack pieces in a bowl\\.”" in notice
    at.button(key="safety_moves_checked").click().run()
    assert _notice(at) == ""
    assert "noted that you checked them" in at.success[0].value
    assert _audited(isolated_database) == 1
    assert _notice(open_app(maya, "pages/family.py", family=family)) == ""  # gone for good, for this family


def test_a_family_with_nothing_moved_shows_no_notice(isolated_database):
    con = db.connect(isolated_database)
    with con.cursor() as cur:
        maya = make_user(cur, "maya")
        family = make_family(cur, "Sam K.", therapist=maya)
        make_assignment(cur, family, maya, "Blow bubbles", instructions="Blow ten bubbles.")
    con.close()
    at = open_app(maya, "pages/family.py", family=family)
    assert not at.exception
    assert "Running tasks" in [s.value for s in at.subheader]
    assert _notice(at) == "" and not [b for b in at.button if b.key == "safety_moves_checked"]
