"""The audit log in words: one plain sentence for each row (who did what, to which family).

`sentence(action, entity, detail, ...)` covers every action the app writes (a test reads them
from the code); an action it does not know still gets a plain sentence naming it. Names come in
as the app shows them (a person's display name, a family's display name); a family the reader
may not see is never named.
"""

import json
from datetime import date, datetime

from lib.settings import DEFAULTS
from lib.words import date_text, datetime_text

SYSTEM = "The app"  # the subject of a row written by no one (a start, a migration, a command)
OTHER_FAMILY = "a family you do not see"


class _Row:
    """What a phrase may use: the family (named or not), the user acted on, and the detail's fields."""

    def __init__(self, detail, family, user):
        self.detail, self.family_name, self.user_name = detail, family, user

    def __getitem__(self, key):
        value = self.detail.get(key)
        return "" if value is None else str(value)

    @property
    def family(self):
        return self.family_name or OTHER_FAMILY

    @property
    def user(self):
        return self.user_name or "an account"

    def day(self, key):
        """The detail's date (or the date of its date and time), as the clinic writes dates."""
        value = self.detail.get(key)
        try:
            return date_text(date.fromisoformat(str(value)[:10]))
        except (TypeError, ValueError):
            return "an unknown day"

    def when(self, key):
        value = self.detail.get(key)
        try:
            return datetime_text(datetime.fromisoformat(str(value)), weekday=True)
        except (TypeError, ValueError):
            return self.day(key)

    def count(self, key, one, many):
        value = self.detail.get(key)
        n = len(value) if isinstance(value, list | dict) else value
        try:
            n = int(n)
        except (TypeError, ValueError):
            return many
        return f"{n} {one if n == 1 else many}"

    def fields(self, key="fields"):
        value = self.detail.get(key) or list(self.detail.get("after") or {})
        names = [str(v).replace("_", " ") for v in value] if isinstance(value, list) else []
        return ", ".join(names) if names else "nothing"


def _download(r):
    what = r["what"] or "a file"
    noun, _, kind = what.partition(" (")
    noun = noun[:1].lower() + noun[1:]
    verb = "downloaded" if kind.lower().startswith((".ics", "csv")) else "printed"
    return f"{verb} the {noun}" + (f" for {r.family}" if r.family_name or r.detail.get("family_id") else "")


def _setting(r):
    name = r["name"]
    label = DEFAULTS[name][2] if name in DEFAULTS else name.replace("_", " ")
    before, after = (r.detail.get(k) or {} for k in ("before", "after"))
    return f"changed the clinic setting “{label}” from {before.get(name, '?')} to {after.get(name, '?')}"


_OUTCOMES = {"attended": "attended", "cancelled": "cancelled", "no_show": "a no-show", "booked": "booked"}
_TASK_KINDS = {
    "edited": "edited a task of {family}",
    "made_easier": "made a task of {family} easier",
    "paused": "paused a task of {family}",
    "resumed": "resumed a task of {family}",
    "completed": "marked a task of {family} completed",
    "retired": "retired a task of {family}",
}
_LOGOUT_WHY = {
    "idle": "after the idle time",
    "lifetime": "after 12 hours",
    "password_changed": "as the password changed",
    "deactivated": "as the account was deactivated",
}

# (action, entity) -> the rest of the sentence after who did it
WORDS = {
    # ticks and days off
    ("tick", "assignment"): lambda r: f"recorded a tick for {r.day('day')} for {r.family}",
    ("update", "tick"): lambda r: f"changed the details of the tick of {r.day('day')} for {r.family}",
    ("untick", "assignment"): lambda r: f"removed the tick of {r.day('day')} for {r.family}",
    ("skip", "family"): lambda r: (
        f"marked {r.count('days', 'day', 'days')} off from {r.day('first')} for {r.family}"
        + (f" ({r['reason']})" if r["reason"] else "")
    ),
    ("unskip", "family"): lambda r: f"removed the day off of {r.day('day')} for {r.family}",
    # families, caregivers, therapists
    ("create", "family"): lambda r: f"added the family {r.family}",
    ("update", "family"): lambda r: f"changed the details of {r.family} ({r.fields()})",
    ("status", "family"): lambda r: f"set {r.family} to {r['status'] or 'a new status'} from {r.day('on')}",
    ("link", "family"): lambda r: f"linked a therapist ({r['discipline']}) to {r.family}",
    ("unlink", "family"): lambda r: f"unlinked a therapist ({r['discipline']}) from {r.family}",
    ("create", "caregiver"): lambda r: f"added a caregiver to {r.family}",
    ("update", "caregiver"): lambda r: f"changed a caregiver of {r.family} ({r.fields()})",
    ("remove", "caregiver"): lambda r: f"removed a caregiver from {r.family}",
    # tasks
    ("create", "assignment"): lambda r: f"set a new task for {r.family}",
    ("reissue", "assignment"): lambda r: f"gave a task again to {r.family}",
    ("delete", "assignment"): lambda r: f"deleted a task of {r.family}",
    ("update", "assignment"): lambda r: (
        f"linked a task of {r.family} to a goal"
        if "goal_id" in (r.detail.get("after") or {})
        else f"changed the note for other therapists on a task of {r.family}"
    ),
    ("update", "barrier_answers"): lambda r: f"answered the barrier checklist of a task of {r.family}",
    ("review", "assignment"): lambda r: (
        f"reviewed a task of {r.family} in a session ({r['outcome'] or 'noted'})"
    ),
    ("move_safety_lines", "assignment"): lambda r: (
        f"moved the safety lines of a task of {r.family} to their own field"
    ),
    ("move_safety_lines", "template"): lambda r: (
        "moved the safety lines of a task template to their own field"
    ),
    ("check_safety_lines", "family"): lambda r: (
        f"checked the tasks of {r.family} whose safety lines moved to their own field"
    ),
    **{
        (kind, "assignment"): (lambda r, t=text: t.format(family=r.family))
        for kind, text in _TASK_KINDS.items()
    },
    # goals and how the child is doing on them
    ("create", "goal"): lambda r: f"wrote a goal with {r.family}: “{r['title']}”",
    ("update", "goal"): lambda r: f"changed a goal of {r.family} ({r.fields()})",
    ("rate", "goal_rating"): lambda r: f"rated a goal of {r.family} at {r['level'] or 'a level'}",
    ("update", "goal_rating"): lambda r: f"corrected a goal rating of {r.family} ({r.fields()})",
    # templates
    ("create", "template"): lambda r: f"added the task template “{r['title']}”",
    ("update", "template"): lambda r: f"changed a task template ({r.fields()})",
    ("seed", "template"): lambda r: (
        f"added {r.count('rows', 'shipped task template', 'shipped task templates')}"
    ),
    ("fit_shipped_ages", "template"): lambda r: (
        f"set the ages of {r.count('rows', 'shipped template', 'shipped templates')}"
    ),
    # sessions
    ("book", "session"): lambda r: f"booked a session for {r.family} on {r.when('starts_at')}",
    ("move", "session"): lambda r: (
        f"moved a session of {r.family} from {r.when('was')} to {r.when('starts_at')}"
    ),
    ("outcome", "session"): lambda r: (
        f"recorded a session of {r.family} as {_OUTCOMES.get(r['status'], r['status'] or 'done')}"
    ),
    ("start", "session"): lambda r: f"started session mode with {r.family}",
    ("agenda_step", "session"): lambda r: (
        f"finished the agenda step “{r['step']}” in a session with {r.family}"
    ),
    ("end", "session"): lambda r: f"ended session mode with {r.family}",
    ("screen_open", "session"): lambda r: f"opened the family screen for {r.family}",
    ("present", "session"): lambda r: f"changed what the family screen shows {r.family}",
    ("flag", "session"): lambda r: f"held the next booking of {r.family} until practice is confirmed",
    ("request_confirmation", "family"): lambda r: (
        f"asked {r.family} to confirm practice before the next booking"
    ),
    ("confirm_practice", "family"): lambda r: f"recorded that {r.family} confirmed practice",
    ("planned_break", "family"): lambda r: f"planned a break for {r.family} from {r.day('from_date')}",
    ("cancel_break", "family"): lambda r: f"called off the planned break of {r.family}",
    ("create", "task_photo"): lambda r: f"added a photo from the session to a task of {r.family}",
    ("delete", "task_photo"): lambda r: f"deleted a photo of a task of {r.family}",
    ("update", "task_photo"): lambda r: (
        f"{'showed' if (r.detail.get('after') or {}).get('on_family_screen') else 'hid'} a task photo"
        f" on the family screen of {r.family}"
    ),
    # guide, explainer, sheets
    ("create", "guide_run"): lambda r: f"went through the conversation guide with {r.family}",
    ("create", "explainer_run"): lambda r: f"went through the intake explainer with {r.family}",
    ("print_sheet", "family"): lambda r: (
        f"{'printed again' if r.detail.get('reprint') else 'printed'} a marked"
        f" {'star chart' if r['kind'] == 'stars' else 'fridge sheet'} for {r.family}"
    ),
    ("read_sheet", "family"): lambda r: (
        f"read a photographed sheet of {r.family} and saved {r.count('added', 'tick', 'ticks')}"
    ),
    ("delete_sheet_photo", "family"): lambda r: f"deleted a photographed sheet of {r.family}",
    ("email", "family"): lambda r: (
        f"emailed the {(r['what'] or 'file').lower()} to a caregiver of {r.family}"
    ),
    ("download", "family"): _download,
    ("download", "clinic"): _download,
    # wording, settings, data
    ("update", "guide_wording"): lambda r: "changed the wording of the conversation guide",
    ("reset", "guide_wording"): lambda r: "put the conversation guide's shipped wording back",
    ("update", "explainer_wording"): lambda r: "changed the wording of the intake explainer",
    ("reset", "explainer_wording"): lambda r: "put the intake explainer's shipped wording back",
    ("update", "setting"): _setting,
    ("export", "clinic"): lambda r: "exported the whole clinic's records",
    ("export", "family"): lambda r: f"exported the record of {r.family}",
    ("import", "clinic"): lambda r: f"imported {r.count('files', 'file', 'files')} into the clinic",
    ("restore", "clinic"): lambda r: "restored the clinic from an export",
    ("create", "demo"): lambda r: f"built the demo clinic ({r['families']} invented families)",
    # accounts and signing in
    ("create", "user"): lambda r: f"created the account of {r.user} ({r['role'] or 'therapist'})",
    ("update", "user"): lambda r: f"changed the account of {r.user}",
    ("activate", "user"): lambda r: f"re-activated the account of {r.user}",
    ("deactivate", "user"): lambda r: f"deactivated the account of {r.user}",
    ("reset_password", "user"): lambda r: f"reset the password of {r.user}",
    ("login", "user"): lambda r: "signed in",
    ("logout", "user"): lambda r: (
        f"ended the sign-in of {r.user} {_LOGOUT_WHY[r['why']]}" if r["why"] in _LOGOUT_WHY else "signed out"
    ),
    ("login_failed", "user"): lambda r: f"refused a sign-in to {r.user}: wrong password",
    ("login_locked", "user"): lambda r: f"refused a sign-in to {r.user}: the account is locked for now",
    ("setup_code", "clinic"): lambda r: "printed a new setup code for the first sign-in",
}


def _detail(detail):
    if isinstance(detail, dict):
        return detail
    try:
        found = json.loads(detail) if detail else {}
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def has_words(action, entity):
    """Return True when (action, entity) has its own sentence (not the fallback)."""
    return (action, entity) in WORDS


def sentence(action, entity, detail=None, who=None, family=None, user=None, entity_id=None):
    """Return one plain sentence for an audit row: "Maya Okafor printed the fridge sheet for Isla E.".

    who: the acting person's name (None: the app itself); family: the family's name when the
    reader may see it (else it is not named); user: the name of the account acted on."""
    row = _Row(_detail(detail), family, user)
    phrase = WORDS.get((action, entity))
    if phrase is None:
        what = str(entity or "record").replace("_", " ")
        phrase = lambda r: (  # noqa: E731
            f"did “{str(action).replace('_', ' ')}” on a {what}"
            + (f" (number {entity_id})" if entity_id is not None else "")
            + (f" of {r.family}" if family else "")
        )
    text = f"{who or SYSTEM} {phrase(row)}"
    return text if text.endswith(".") else text + "."  # a name may end the sentence: "... for Ava A."


def _or_none(column):
    return column.astype(object).where(column.notna(), None)


def with_sentences(frame):
    """Return audit rows (lib.audit.search's columns) with a "what" column: each row's sentence."""
    names = ("action", "entity", "detail", "who", "family", "user_name", "entity_id")
    what = [sentence(*values) for values in zip(*(_or_none(frame[n]) for n in names), strict=True)]
    return frame.assign(what=what)
