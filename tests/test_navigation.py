"""The sidebar menu: three sections, every page once, the lead's pages only for the lead."""

from lib.ui.navigation import EVERY_PAGE, LEAD, menu
from tests.factories import ROOT


def files(sections):
    return [file for entries in sections.values() for file, _, _ in entries]


def test_the_menu_has_the_sections_today_families_and_clinic():
    assert list(menu(is_lead=False)) == ["", "Families", "Clinic"]  # the day's pages first, without a heading
    assert files(menu(is_lead=False))[0] == "caseload"


def test_a_therapist_sees_no_lead_page_and_the_lead_sees_them_under_clinic():
    lead_files = {file for file, _, _ in LEAD}
    assert not lead_files & set(files(menu(is_lead=False)))
    assert lead_files <= {file for file, _, _ in menu(is_lead=True)["Clinic"]}


def test_every_page_file_is_in_the_lead_menu_once_and_exists():
    listed = files(menu(is_lead=True))
    assert len(listed) == len(set(listed)) == len(EVERY_PAGE)
    assert all((ROOT / "pages" / f"{file}.py").exists() for file in listed)
    on_disk = {p.stem for p in (ROOT / "pages").glob("*.py")} - {"login", "family_screen"}
    assert on_disk == set(listed)
