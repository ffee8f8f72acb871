"""In a browser: walk a demo family through the explainer, record teach-back, download the sheets."""

import duckdb
import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tests.e2e.conftest import ARTIFACTS, login, screenshot, wait_ready

pytestmark = pytest.mark.e2e


def _maya_family_with_tasks(path):
    con = duckdb.connect(str(path), read_only=True)
    name = con.execute(
        "SELECT f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
        " JOIN users u ON u.id = ft.therapist_id WHERE u.username = 'maya.ot' AND f.status = 'active'"
        " AND f.practice_word IS NULL AND EXISTS (SELECT 1 FROM assignments a WHERE a.family_id = f.id AND a.status = 'active')"
        " ORDER BY f.id LIMIT 1"
    ).fetchone()[0]
    con.close()
    return name


def _open_family(page, name):
    page.get_by_label("Find a family").click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name=name).wait_for(timeout=30_000)
    wait_ready(page)


def _next(page, step):
    page.get_by_role("button", name="Next").click()
    page.get_by_text(f"Step {step} of 7").wait_for(timeout=30_000)
    wait_ready(page)


def _go(page, title):
    page.get_by_role("link", name=title).click()
    wait_ready(page)


def test_a_therapist_walks_a_family_through_the_explainer_and_downloads_the_sheets(
    server, page, demo_template
):
    name = _maya_family_with_tasks(demo_template)
    login(page, server, "maya.ot")
    _open_family(page, name)
    _go(page, "Intake explainer")
    page.get_by_role("heading", name="Why practising at home matters").wait_for(timeout=30_000)
    screenshot(page, "explainer_step1")
    _next(page, 2)
    _next(page, 3)
    page.get_by_role("heading", name="What we are asking of your family").wait_for()
    minutes = page.get_by_role("spinbutton", name="Minutes a day")
    minutes.fill("12")
    minutes.press("Enter")
    page.get_by_text("about 12 minutes a day").wait_for(timeout=30_000)
    wait_ready(page)
    screenshot(page, "explainer_expectation")
    for step in (4, 5, 6, 7):
        _next(page, step)
    page.get_by_role("heading", name="Say it back in your own words").wait_for()
    page.get_by_text("Understood: they said back").click()
    page.get_by_role("button", name="Record teach-back").click()
    page.get_by_text("Teach-back recorded").wait_for(timeout=30_000)
    screenshot(page, "explainer_teach_back")
    with page.expect_download() as handout:
        page.get_by_role("button", name="Download the handout (PDF)").click()
    text = PdfReader(handout.value.path()).pages[0].extract_text()
    assert "about 12 minutes a day" in " ".join(text.split())

    _go(page, "Sheets & reminders")
    page.get_by_role("heading", name="Sheets & reminders").wait_for(timeout=30_000)
    screenshot(page, "sheets")
    buttons = page.get_by_role("button", name="Download")
    with page.expect_download() as fridge:
        buttons.nth(0).click()
    reader = PdfReader(fridge.value.path())
    assert name in reader.pages[0].extract_text()
    wait_ready(page)  # the click also audits the download (a rerun): let it finish before the next
    with page.expect_download() as ics:
        buttons.nth(3).click()
    cal = Calendar.from_ical(open(ics.value.path(), "rb").read())
    events = cal.walk("VEVENT")
    assert events and all(bool(e.walk("VALARM")) == ("T" in e["DTSTART"].to_ical().decode()) for e in events)


# ---- both explainers on the family screen -------------------------------------------------

SHOTS = {
    "speech_young": "explainer_family_screen_speech_3y",
    "anxiety_teen": "explainer_family_screen_anxiety_14y",
}
CHILDREN = (  # (therapist, discipline, date of birth, goal, what only this variant says, minutes for the age)
    ("sofia.slp", "SLP", "2023-05-10", "to ask for a drink with words", "learning a new song", 5),
    ("hana.psych", "psychology", "2012-03-02", "to go back to football practice", "learning to drive", 15),
)


@pytest.fixture(scope="module")
def children_server(demo_template, tmp_path_factory):
    """The demo clinic with a 3-year-old seen only in speech therapy and a 14-year-old seen only in psychology."""
    import shutil

    from tests.e2e.conftest import start_server, stop_server

    path = tmp_path_factory.mktemp("children") / "clinic.duckdb"
    shutil.copy(demo_template, path)
    con = duckdb.connect(str(path))
    names = []
    for username, discipline, born, *_ in CHILDREN:
        family_id, name = con.execute(
            "SELECT f.id, f.display_name FROM families f JOIN family_therapists ft ON ft.family_id = f.id"
            " JOIN users u ON u.id = ft.therapist_id WHERE u.username = ? AND ft.discipline = ?"
            " AND f.status = 'active' AND f.practice_word IS NULL ORDER BY f.id LIMIT 1",
            [username, discipline],
        ).fetchone()
        con.execute("UPDATE families SET date_of_birth = ? WHERE id = ?", [born, family_id])
        con.execute("DELETE FROM explainer_runs WHERE family_id = ?", [family_id])  # a family at intake
        con.execute(
            "UPDATE family_therapists SET active = (discipline = ?) WHERE family_id = ?",
            [discipline, family_id],
        )
        names.append(name)
    con.close()
    proc, url = start_server(path)
    yield url, names
    stop_server(proc)


def _fits(screen):
    """Return how far the family screen's explainer reaches below the window (<= 0: it fits)."""
    return screen.evaluate(
        "() => document.querySelector('.st-key-family_explainer').getBoundingClientRect().bottom"
        " - window.innerHeight"
    )


@pytest.mark.parametrize("child", [0, 1], ids=["speech_3y", "anxiety_14y"])
def test_each_childs_explainer_reads_its_own_way_on_the_family_screen_and_fits(
    children_server, browser, child
):
    url, names = children_server
    username, _, _, goal, own_words, minutes = CHILDREN[child]
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    cue = context.new_page()
    login(cue, url, username)
    _open_family(cue, names[child])
    _go(cue, "Intake explainer")
    cue.get_by_role("heading", name="Why practising at home matters").wait_for(timeout=30_000)
    goal_box = cue.get_by_label("The family's goal, in their words")
    goal_box.fill(goal)
    goal_box.press("Enter")
    wait_ready(cue)
    cue.get_by_role("button", name="Show on the family screen").click()
    cue.get_by_role("button", name="Stop showing it").wait_for(timeout=30_000)
    href = cue.get_by_role("link", name="Open the family screen").get_attribute("href")
    screen = context.new_page()  # the second window, signed in by the same cookie
    screen.goto(url + "/" + href.lstrip("./"))
    screen.get_by_text(own_words).wait_for(timeout=30_000)
    screen.get_by_text(goal).wait_for()
    wait_ready(screen)
    shown = screen.locator("body").inner_text()
    assert "Speech and language, under 8" not in shown and "Psychology, 13" not in shown  # therapist's labels
    assert [other for other in names if other != names[child] and other in shown] == []
    assert _fits(screen) <= 0
    variant = "speech_young" if child == 0 else "anxiety_teen"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screen.screenshot(path=str(ARTIFACTS / f"{SHOTS[variant]}.png"))
    for step in range(2, 8):
        _next(cue, step)
        screen.get_by_text(f"{step} of 7").wait_for(timeout=15_000)
        wait_ready(screen)
        assert _fits(screen) <= 0, f"step {step} of {variant} needs scrolling"
        if step == 3:
            screen.get_by_text(f"about {minutes} minutes a day").wait_for()
        if step in (3, 7):  # the agreed minutes and the example task; the teach-back
            screen.screenshot(path=str(ARTIFACTS / f"{SHOTS[variant]}_step{step}.png"))
    screen.get_by_text("Say it back in your own words").wait_for()
    context.close()
