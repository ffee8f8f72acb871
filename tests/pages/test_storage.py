"""The lead sees the clinic computer's free disk space on the settings page."""

from lib import backup
from tests.factories import make_user
from tests.pages.apptest import open_app


def texts(at):
    return " ".join(m.value for m in at.markdown) + " ".join(t.value for t in at.text)


def test_the_lead_sees_the_free_space_of_the_database_and_backups_disks(cur, monkeypatch):
    lead = make_user(cur, "lead", role="lead")
    monkeypatch.setattr(backup, "disk_space", lambda path: (12 * 2**30, 100 * 2**30))
    at = open_app(lead, "pages/settings.py")
    assert "Database: **12.0 GB free** of 100.0 GB" in texts(at)
    assert "Backup folder:" in texts(at)
    assert not at.error


def test_a_nearly_full_disk_is_said_plainly_on_the_settings_page(cur, monkeypatch):
    lead = make_user(cur, "lead", role="lead")
    monkeypatch.setattr(backup, "disk_space", lambda path: (20 * 2**20, 100 * 2**30))
    at = open_app(lead, "pages/settings.py")
    assert "nearly full" in at.error[0].value


def test_backups_on_the_database_disk_are_advised_to_move(cur, monkeypatch):
    lead = make_user(cur, "lead", role="lead")
    monkeypatch.delenv("HOME_PRACTICE_BACKUP_DIR", raising=False)
    at = open_app(lead, "pages/settings.py")
    assert any("HOME_PRACTICE_BACKUP_DIR" in i.value for i in at.info)
