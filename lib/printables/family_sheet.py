"""The read side of the sheets: one family's active tasks, caregivers, therapists and next session,
and the tasks that ended (the activity binder and the kit keep them)."""

from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from lib import clock
from lib.access import require_family
from lib.assignments.records import STATE_TODAY_SQL
from lib.assignments.safety import age_in_years
from lib.db import row, rows
from lib.errors import NotFound
from lib.families.contact import reminder_line
from lib.settings import get_settings
from lib.words import CLINIC_TIME_ZONE

DATA = Path(__file__).resolve().parent.parent.parent / "data"
LOGO_FILES = (DATA / "clinic_logo.png", DATA / "clinic_logo.jpg")
DEFAULT_TIMEZONE = CLINIC_TIME_ZONE


@dataclass(frozen=True)
class SheetTask:
    """One active task as the family sees it on paper."""

    id: int
    discipline: str
    therapist: str
    title: str
    instructions: str
    who: str
    minutes: int
    days_per_week: int
    weekdays: tuple[int, ...] | None
    start_date: date
    end_date: date | None
    review_date: date | None
    routine_anchor: str
    routine_time: time | None
    materials: str
    supporters: tuple[str, ...]
    reward_plan: str
    reward_ticks: int
    cross_note: str
    reminder_mode: str = "nudge"  # "any N days" tasks: a daily nudge, or the chosen reminder_days
    reminder_days: tuple[int, ...] | None = None
    materials_lent: str = ""
    materials_where: str = ""
    photos: tuple[bytes, ...] = ()  # JPEGs from the session (lib.sessions.task_photos), oldest first
    safety: str = ""  # safety lines, one per line: every paper prints them in full
    version: int = 1  # the task's version when the sheet was made: a marked sheet records it
    paused_from: date | None = None  # a pause planned ahead (a break): no box from that day on
    status: str = (
        "active"  # an ended task: 'completed' (the skill was learned), 'retired', or ended by its date
    )

    def __post_init__(self):
        # DuckDB hands back lists; tuples keep the value object hashable
        if self.weekdays is not None:
            object.__setattr__(self, "weekdays", tuple(self.weekdays))
        if self.reminder_days is not None:
            object.__setattr__(self, "reminder_days", tuple(self.reminder_days))
        object.__setattr__(self, "supporters", tuple(self.supporters or ()))
        object.__setattr__(self, "photos", tuple(self.photos or ()))

    def runs_on(self, day):
        """Return True when day lies within the task's dates, before a pause planned ahead."""
        return (
            self.start_date <= day
            and (self.end_date is None or day <= self.end_date)
            and (self.paused_from is None or day < self.paused_from)
        )

    def scheduled_on(self, day):
        """Return True when the task asks for practice on this day (any day for 'N days a week')."""
        return self.runs_on(day) and (self.weekdays is None or day.weekday() in self.weekdays)


@dataclass(frozen=True)
class FamilySheet:
    """Everything the sheets and the calendar need about one family."""

    family_id: int
    family_name: str
    word: str
    clinic_name: str
    timezone: str
    tasks: tuple[SheetTask, ...]
    caregivers: tuple[tuple[str, str], ...]
    therapists: tuple[tuple[str, str], ...]
    next_session: datetime | None
    next_session_with: str
    minutes_per_day: int | None = None
    days_per_week: int | None = None
    # the next booked session of each discipline: (starts_at, "Maya Okafor", "OT"), soonest first
    next_sessions: tuple[tuple[datetime, str, str], ...] = ()
    # what the family said at the explainer's teach-back, in their words
    goal: str = ""
    who_helps: str = ""
    practice_when: str = ""
    child_age: int | None = None  # whole years on the day the sheet was made (None: not recorded)
    # how each caregiver who chose is reminded ("Jo (grandparent) follows the sheet on the fridge");
    # never a phone number or an email address (lib.families.contact.reminder_line)
    reminder_lines: tuple[str, ...] = ()
    clinic_contact: str = ""  # how families reach the clinic (setting clinic_contact), '' for none
    # the tasks that ended (learned, stopped or past their end date), the latest of each title that
    # is not running again now, oldest first: the activity binder's cards, still on the kit list
    past_tasks: tuple[SheetTask, ...] = ()


@dataclass(frozen=True)
class _Family:
    display_name: str
    practice_word: str | None
    date_of_birth: date | None = None


@dataclass(frozen=True)
class _NextSession:
    starts_at: datetime
    with_whom: str


@dataclass(frozen=True)
class _Agreed:
    minutes_per_day: int | None
    days_per_week: int | None
    goal: str
    who_helps: str
    practice_when: str


def clinic_timezone(cur):
    """Return the clinic's IANA time zone name (setting 'timezone', default Europe/London)."""
    found = cur.execute("SELECT value FROM clinic_settings WHERE key = 'timezone'").fetchone()
    name = (found[0] if found else "").strip() or DEFAULT_TIMEZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_TIMEZONE
    return name


def clinic_logo():
    """Return the clinic's logo bytes (data/clinic_logo.png or .jpg), or None."""
    for path in LOGO_FILES:
        if path.exists():
            return path.read_bytes()
    return None


# weekdays: sorted and distinct, NULL for "any N days a week" (an empty list counts as NULL)
_TASK_COLUMNS = """
    SELECT a.id, a.discipline, coalesce(u.display_name, '') AS therapist, a.title, a.instructions,
           a.who, a.minutes, a.days_per_week,
           CASE WHEN len(a.weekdays) > 0 THEN list_sort(list_distinct(a.weekdays)) END AS weekdays,
           a.start_date, a.end_date, a.review_date, a.routine_anchor, a.routine_time, a.materials,
           (SELECT coalesce(list(c.name ORDER BY c.id), []) FROM caregivers c
             WHERE c.family_id = a.family_id AND c.active
               AND list_contains(a.supporter_ids, c.id)) AS supporters,
           a.reward_plan, a.reward_ticks, a.cross_note, a.reminder_mode,
           CASE WHEN len(a.reminder_days) > 0 THEN list_sort(list_distinct(a.reminder_days)) END
             AS reminder_days, a.materials_lent, a.materials_where, a.safety, a.version, a.paused_from,
           (SELECT coalesce(list(p.image ORDER BY p.id), []) FROM task_photos p
             WHERE p.assignment_id = a.id) AS photos
    FROM assignments a LEFT JOIN users u ON u.id = a.therapist_id
"""
_TASKS_SQL = (
    _TASK_COLUMNS
    + """
    WHERE a.family_id = $family AND """  # noqa: S608
    + STATE_TODAY_SQL
    + """ = 'active'
      AND (a.end_date IS NULL OR a.end_date >= $today)
    ORDER BY a.discipline, a.start_date, a.id
"""
)
# ended tasks: learned (completed), stopped (retired) or past their end date; the latest copy of a
# title given again, none that runs again now (its title is among $running)
_PAST_TASKS_SQL = (
    _TASK_COLUMNS.replace("SELECT a.id,", "SELECT a.id, a.status,", 1)
    + """
    WHERE a.family_id = $family
      AND (a.status IN ('completed', 'retired') OR a.end_date < $today)
      AND a.start_date <= $today
      AND NOT list_contains($running::VARCHAR[], lower(a.title))
    QUALIFY row_number() OVER (PARTITION BY lower(a.title) ORDER BY a.end_date DESC NULLS FIRST, a.id DESC) = 1
    ORDER BY a.end_date NULLS LAST, a.id
"""
)


def load_family_sheet(cur, actor, family_id, today=None):
    """Return a FamilySheet: the family's active tasks (not yet ended), caregivers and next session."""
    require_family(cur, actor, family_id)
    today = today or clock.today()
    family = row(
        cur,
        _Family,
        "SELECT display_name, practice_word, date_of_birth FROM families WHERE id = ?",
        [family_id],
    )
    if family is None:
        raise NotFound("No such family.")
    settings = get_settings(cur)
    tasks = tuple(rows(cur, SheetTask, _TASKS_SQL, {"family": family_id, "today": today}))
    running = sorted({t.title.lower() for t in tasks})
    past = tuple(
        rows(cur, SheetTask, _PAST_TASKS_SQL, {"family": family_id, "today": today, "running": running})
    )
    carers = cur.execute(
        "SELECT name, relation, reminder_way, coalesce(contact_consent, FALSE) FROM caregivers"
        " WHERE family_id = ? AND active ORDER BY id",
        [family_id],
    ).fetchall()
    caregivers = [(name, relation) for name, relation, *_ in carers]
    therapists = cur.execute(
        "SELECT u.display_name, ft.discipline FROM family_therapists ft JOIN users u ON u.id = ft.therapist_id"
        " WHERE ft.family_id = ? AND ft.active ORDER BY ft.discipline, u.display_name",
        [family_id],
    ).fetchall()
    session = row(
        cur,
        _NextSession,
        "SELECT s.starts_at, coalesce(u.display_name, '') || ' (' || s.discipline || ')' AS with_whom"
        " FROM sessions s LEFT JOIN users u ON u.id = s.therapist_id"
        " WHERE s.family_id = ? AND s.status = 'booked' AND s.starts_at::DATE >= ?"
        " ORDER BY s.starts_at LIMIT 1",
        [family_id, today],
    )
    booked = cur.execute(
        "SELECT min(s.starts_at) AS starts_at, arg_min(coalesce(u.display_name, ''), s.starts_at),"
        " s.discipline FROM sessions s LEFT JOIN users u ON u.id = s.therapist_id"
        " WHERE s.family_id = ? AND s.status = 'booked' AND s.starts_at::DATE >= ?"
        " GROUP BY s.discipline ORDER BY starts_at",
        [family_id, today],
    ).fetchall()
    agreed = row(
        cur,
        _Agreed,
        "SELECT minutes_per_day, days_per_week, coalesce(goal, '') AS goal, coalesce(who_helps, '') AS who_helps,"
        " coalesce(practice_when, '') AS practice_when FROM explainer_runs WHERE family_id = ?"
        " ORDER BY run_on DESC, id DESC LIMIT 1",
        [family_id],
    )
    return FamilySheet(
        family_id=family_id,
        family_name=family.display_name,
        word=(family.practice_word or "").strip() or settings["practice_word"],
        clinic_name=settings["clinic_name"],
        timezone=clinic_timezone(cur),
        tasks=tasks,
        caregivers=tuple(caregivers),
        therapists=tuple(therapists),
        next_session=session.starts_at if session else None,
        next_session_with=session.with_whom if session else "",
        minutes_per_day=agreed.minutes_per_day if agreed else None,
        days_per_week=agreed.days_per_week if agreed else None,
        next_sessions=tuple(tuple(r) for r in booked),
        goal=agreed.goal if agreed else "",
        who_helps=agreed.who_helps if agreed else "",
        practice_when=agreed.practice_when if agreed else "",
        child_age=age_in_years(family.date_of_birth, today),
        reminder_lines=tuple(line for line in (reminder_line(*c) for c in carers) if line),
        clinic_contact=settings["clinic_contact"],
        past_tasks=past,
    )
