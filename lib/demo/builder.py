"""The demo builder: families, caregivers, sessions, tasks, ticks and reviews, made in memory and
inserted in bulk from data frames."""

import random
from datetime import datetime, time, timedelta

import numpy as np
import pandas as pd

from lib.accounts.auth import hash_password
from lib.assignments.barriers import BARRIER_IDS
from lib.assignments.safety import age_in_years
from lib.demo.bulk import TICK_COLUMNS, Ids, insert_frame
from lib.demo.data import (
    CAREGIVER_NAMES,
    DEMO_PASSWORD,
    FIRST_NAMES,
    PATTERN_WEIGHTS,
    PATTERNS,
    REASONS,
    RELATIONS,
    THERAPISTS,
    load_templates,
    practice_chance,
    routine_time,
)
from lib.demo.goals import goal_rows

CONTACT_COLUMNS = ("phone", "email", "reminder_way", "contact_consent", "contact_consent_on")
WAYS = ("email", "paper", "calendar", "text")


def contact(caregiver_id, name, intake):
    """Return a demo caregiver's invented contact (CONTACT_COLUMNS), worked out from its id alone.

    No draw from the random streams, so the rest of the clinic stays the same for a seed. Numbers
    are in Ofcom's range for drama (07700 900000-900999), addresses at example.org; most agreed to
    be contacted at intake."""
    phone = f"07700 900{caregiver_id % 1000:03d}" if caregiver_id % 4 != 3 else None
    email = f"{name.lower()}.{caregiver_id}@example.org" if caregiver_id % 5 != 4 else None
    consent = caregiver_id % 6 != 5 and bool(phone or email)
    way = WAYS[caregiver_id % len(WAYS)]
    if (way == "email" and not email) or (way == "text" and not phone):
        way = "paper"
    return phone, email, way, consent, intake if consent else None


class Builder:
    """Make one demo clinic's rows with seeded randomness; flush() writes them."""

    def __init__(self, cur, families, weeks, seed, today):
        self.cur = cur
        self.n_families = families
        self.weeks = weeks
        self.today = today
        self.rng = np.random.default_rng(seed)
        self.rand = random.Random(seed)
        self.guide_rand = random.Random(seed + 1)  # its own stream: the rest of the clinic stays as it was
        self.goal_rand = random.Random(seed + 2)  # the goals' own stream, likewise
        self.templates = load_templates()
        self.rows = {
            name: []
            for name in (
                "families",
                "caregivers",
                "links",
                "sessions",
                "assignments",
                "barriers",
                "skips",
                "reviews",
                "versions",
                "explainers",
                "guide_runs",
                "goals",
                "goal_ratings",
                "goal_tasks",
            )
        }
        self.tick_parts = []  # per task: a tuple of column arrays, joined once in flush()
        self.ids = Ids(cur)

    def users(self):
        password_hash = hash_password(DEMO_PASSWORD)
        ids = self.ids.take("users_id", len(THERAPISTS) + 1)
        rows = [(ids[0], "lead", "Dr. Ruth Alvarez", "lead", None, password_hash)]
        rows += [
            (i, u, n, "therapist", d, password_hash) for i, (u, n, d) in zip(ids[1:], THERAPISTS, strict=True)
        ]
        frame = pd.DataFrame(
            rows, columns=["id", "username", "display_name", "role", "discipline", "password_hash"]
        )
        insert_frame(self.cur, "users", frame)
        self.lead_id = ids[0]
        self.by_discipline = {}
        for user_id, (_, _, discipline) in zip(ids[1:], THERAPISTS, strict=True):
            self.by_discipline.setdefault(discipline, []).append(user_id)

    def build(self):
        self.users()
        family_ids = self.ids.take("families_id", self.n_families)
        span = self.weeks * 7
        for number, family_id in enumerate(family_ids):
            self.family(number, family_id, span)
        self.flush()

    def family(self, number, family_id, span):
        r, today = self.rand, self.today
        self.titles_in_family = set()
        self.agreement = None  # what is left of the minutes and days a chronic family agreed at intake
        name = f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {chr(65 + (number * 7) % 26)}."
        # most families have been coming the whole span; a quarter joined recently
        offset = r.randint(0, span // 8) if r.random() < 0.75 else r.randint(span // 2, span - 14)
        intake = today - timedelta(days=span - offset)
        age_years = r.randint(3, 14)
        dob = intake - timedelta(days=365 * age_years + r.randint(0, 364))
        status = r.choices(["active", "paused", "discharged"], [0.86, 0.07, 0.07])[0]
        discharged_on = today - timedelta(days=r.randint(3, 30)) if status == "discharged" else None
        pattern = r.choices(PATTERNS, PATTERN_WEIGHTS)[0]
        word = r.choice(["activity of the week", "practice time"]) if r.random() < 0.1 else None
        self.rows["families"].append((family_id, name, dob, intake, status, discharged_on, word))
        self.born = dob

        caregiver_ids = self.ids.take("caregivers_id", r.choice([1, 2, 2, 3]))
        relations = r.sample(RELATIONS[:2], 1) + r.sample(RELATIONS[2:], len(caregiver_ids) - 1)
        names = r.sample(CAREGIVER_NAMES, len(caregiver_ids))
        for caregiver_id, relation, cname in zip(caregiver_ids, relations, names, strict=True):
            self.rows["caregivers"].append(
                (
                    caregiver_id,
                    family_id,
                    cname,
                    relation,
                    relation != "teacher",
                    *contact(caregiver_id, cname, intake),
                )
            )

        disciplines = r.sample(list(self.by_discipline), r.choices([1, 2, 3], [0.65, 0.27, 0.08])[0])
        end = discharged_on or today
        tasks_before, ticks_before = len(self.rows["assignments"]), len(self.tick_parts)
        skips = self.skip_days(family_id, intake, end)
        dropped_at = r.uniform(0.55, 0.85)
        for number_in_family, discipline in enumerate(disciplines):
            therapist_id = r.choice(self.by_discipline[discipline])
            if number_in_family == 0 and r.random() < 0.85:  # the intake explainer, with teach-back
                minutes, days = r.choice([10, 15]), r.choice([5, 6, 7])
                self.rows["explainers"].append(
                    (family_id, therapist_id, intake, minutes, days, r.random() < 0.9)
                )
                if pattern == "chronic":  # its therapists tried best practice: tasks fit the agreement
                    self.agreement = {"minutes": minutes, "days": days}
            self.rows["links"].append((family_id, therapist_id, discipline))
            session_days = self.sessions(family_id, therapist_id, discipline, intake, end, status)
            if number_in_family == 0:
                self.first_line_run(family_id, therapist_id, pattern, session_days)
            for slot in range(r.choice([1, 1, 2])):
                self.assignment(
                    family_id,
                    therapist_id,
                    discipline,
                    intake,
                    end,
                    pattern,
                    dropped_at,
                    skips,
                    caregiver_ids,
                    session_days,
                    slot,
                )

        self.goal(family_id, disciplines[0], end, tasks_before, ticks_before)

    def goal(self, family_id, discipline, end, tasks_before, ticks_before):
        """Write the family's goal for its first discipline's tasks, rated as its practice went (lib.demo.goals)."""
        tasks = [a for a in self.rows["assignments"][tasks_before:] if a["discipline"] == discipline]
        if not tasks:
            return
        ids = {a["id"] for a in tasks}
        parts = [p[1] for p in self.tick_parts[ticks_before:] if p[0][0] in ids]
        ticked = np.concatenate(parts) if parts else np.array([], dtype="datetime64[D]")
        (goal_id,) = self.ids.take("goals_id", 1)
        goal, ratings = goal_rows(
            self.goal_rand,
            goal_id,
            lambda n: self.ids.take("goal_ratings_id", n),
            family_id,
            tasks[0]["therapist_id"],
            discipline,
            # a goal runs for months, not years: a long-standing family's current goal was written lately
            max(
                min(a["start_date"] for a in tasks),
                self.today - timedelta(weeks=self.goal_rand.randint(8, 26)),
            ),
            end,
            self.today,
            ticked,
        )
        self.rows["goals"].append(goal)
        self.rows["goal_ratings"] += ratings
        self.rows["goal_tasks"] += [(task_id, goal_id) for task_id in sorted(ids)]

    def first_line_run(self, family_id, therapist_id, pattern, session_days):
        """Record a first-line guide run 5-9 weeks ago, inside the low episode, for most families who
        practise little: a plan-changing action (PLAN_CHANGING), sometimes with a talk as well."""
        r = self.guide_rand
        if r.random() >= {"chronic": 0.8, "fading": 0.4}.get(pattern, 0):
            return
        since = [d for d in session_days if 35 <= (self.today - d).days <= 63]
        if not since:
            return
        self.rows["guide_runs"].append(
            (
                family_id,
                therapist_id,
                r.choice(since),
                ["moment", "ask", "reasons", "act", "finish"],
                r.sample(REASONS, r.choice([1, 2])),
                r.sample(["cross_accountability", "make_easier", "reissue", "shorten_gap"], 1)
                + (r.sample(["raise_belief", "barrier_checklist"], 1) if r.random() < 0.5 else []),
            )
        )

    def skip_days(self, family_id, intake, end):
        r = self.rand
        days = set()
        for reason, chance, length in (("illness", 0.35, (2, 5)), ("holiday", 0.25, (6, 10))):
            if r.random() < chance and (end - intake).days > 30:
                first = intake + timedelta(days=r.randint(7, (end - intake).days - 12))
                for k in range(r.randint(*length)):
                    day = first + timedelta(days=k)
                    if day < end and day not in days:
                        days.add(day)
                        self.rows["skips"].append((family_id, None, day, reason, self.lead_id))
        return days

    def sessions(self, family_id, therapist_id, discipline, intake, end, status):
        r = self.rand
        cadence = r.choices([7, 14, 28], [0.5, 0.35, 0.15])[0]
        hour = r.randint(9, 16)
        day, past = intake, []
        while day < end:
            kept = r.random() < 0.9
            self.rows["sessions"].append(
                (
                    family_id,
                    therapist_id,
                    discipline,
                    datetime.combine(day, time(hour)),
                    "attended" if kept else r.choice(["cancelled", "no_show"]),
                )
            )
            if kept:
                past.append(day)
            day += timedelta(days=cadence + r.choice([0, 0, 0, 1, -1]))
        if status == "active" and r.random() < 0.85:
            upcoming = max(day, self.today + timedelta(days=r.randint(1, cadence)))
            self.rows["sessions"].append(
                (family_id, therapist_id, discipline, datetime.combine(upcoming, time(hour)), "booked")
            )
        return past

    def pool(self, discipline, age, age_at_end):
        """Return the templates to choose from: fitting the child's ages, of the discipline if any.

        One family never has the same task twice at once (the app refuses that too)."""
        fit = [
            t
            for t in self.templates
            if t["age_min"] <= age and age_at_end <= t["age_max"] and t["title"] not in self.titles_in_family
        ]
        return (
            [t for t in fit if t["discipline"] == discipline]
            or [t for t in fit if t["discipline"] == "other"]
            or fit
        )

    def assignment(
        self,
        family_id,
        therapist_id,
        discipline,
        intake,
        end,
        pattern,
        dropped_at,
        skips,
        caregiver_ids,
        session_days,
        slot,
    ):
        r = self.rand
        start = intake + timedelta(days=slot * r.randint(14, 60))
        if start >= end - timedelta(days=3):
            return
        # it fits the child from its first day to its last, given again or not
        template = r.choice(
            self.pool(discipline, age_in_years(self.born, start), age_in_years(self.born, end))
        )
        self.titles_in_family.add(template["title"])
        # most take the template's minutes; some a little longer, as a therapist may set them
        minutes = template["minutes"] + (0 if r.random() < 0.85 else r.choice([2, 5]))
        schedule = r.choices(["flexible", "daily", "weekdays"], [0.6, 0.25, 0.15])[0]
        weekdays = [0, 2, 4] if schedule == "weekdays" else None
        per_week = {"flexible": template["days_per_week"], "daily": 7, "weekdays": 3}[schedule]
        if self.agreement:
            minutes, per_week, weekdays = self.within_agreement(minutes, per_week, weekdays)
        # a third of the tasks were retired and given again ("re-issued") part way
        reissue = (end - start).days > 60 and r.random() < 0.33
        parts = [(start, end, None)]
        if reissue:
            cut = start + timedelta(days=r.randint(28, (end - start).days - 21))
            parts = [(start, cut, "retired"), (cut, end, None)]
        previous = None
        for part_start, part_end, forced in parts:
            (assignment_id,) = self.ids.take("assignments_id", 1)
            status = forced or ("completed" if end < self.today else "active")
            supporters = r.sample(caregiver_ids, min(len(caregiver_ids), r.choice([1, 2])))
            anchor = template["routine_anchor"] if r.random() < 0.85 else ""
            self.rows["assignments"].append(
                dict(
                    id=assignment_id,
                    family_id=family_id,
                    therapist_id=therapist_id,
                    discipline=discipline,
                    title=template["title"],
                    instructions=template["instructions"],
                    safety=template.get("safety", ""),
                    who=template["who"],
                    supporter_ids=supporters,
                    minutes=minutes,
                    days_per_week=per_week,
                    weekdays=weekdays,
                    start_date=part_start,
                    end_date=part_end if forced or end < self.today else None,
                    review_date=None,
                    routine_anchor=anchor,
                    routine_time=routine_time(anchor, assignment_id),
                    materials=template["materials"],
                    has_materials=r.random() < 0.85,
                    practised_in_session=r.random() < 0.8,
                    family_chose=r.random() < 0.6,
                    reward_plan=template["reward_plan"],
                    reward_ticks=template.get("reward_ticks", 5),
                    materials_where=template.get("materials_where", ""),
                    status=status,
                    reissued_from=previous,
                    created_by=therapist_id,
                )
            )
            self.rows["versions"].append(
                (assignment_id, 1, part_start, "reissued" if previous else "created", therapist_id)
            )
            complete = r.random() < 0.75
            for barrier in BARRIER_IDS:
                answer = r.choice(["ok", "ok", "ok", "risk"]) if complete or r.random() < 0.5 else "not_asked"
                if self.agreement and answer == "not_asked":  # drawn as for any family, then asked
                    answer = "ok"
                plan = "alarm on the phone at 7 pm" if answer == "risk" else ""
                self.rows["barriers"].append((assignment_id, barrier, answer, plan))
            last_day = min(part_end, self.today) - timedelta(days=1)
            self.ticks(
                assignment_id,
                family_id,
                part_start,
                last_day,
                weekdays,
                per_week,
                minutes,
                pattern,
                dropped_at,
                skips,
                caregiver_ids,
                therapist_id,
            )
            self.reviews(assignment_id, family_id, therapist_id, pattern, session_days, part_start, part_end)
            previous = assignment_id

    def within_agreement(self, minutes, per_week, weekdays):
        """Fit a task into what is left of the minutes a day and the days a week agreed at intake."""
        minutes = max(2, min(minutes, self.agreement["minutes"]))
        self.agreement["minutes"] -= minutes
        if weekdays is None and per_week > self.agreement["days"]:
            per_week = self.agreement["days"]
        return minutes, per_week, weekdays

    def ticks(
        self,
        assignment_id,
        family_id,
        first,
        last,
        weekdays,
        per_week,
        minutes,
        pattern,
        dropped_at,
        skips,
        caregiver_ids,
        therapist_id,
    ):
        if last < first:
            return
        rng = self.rng
        days = np.arange(np.datetime64(first), np.datetime64(last) + 1)  # datetime64[D]
        span_start = np.datetime64(self.today - timedelta(days=self.weeks * 7))
        progress = ((days - span_start).astype(int) / (self.weeks * 7)).clip(0, 1)
        chance = practice_chance(pattern, progress, dropped_at)
        # some weeks simply go badly for everyone
        week_mood = rng.uniform(0.75, 1.1, size=len(days) // 7 + 1)[np.arange(len(days)) // 7]
        chance = (chance * week_mood).clip(0, 0.98)
        weekday = (days.astype(int) + 3) % 7  # 1970-01-01 was a Thursday; 0 = Monday
        if weekdays is not None:
            chance = np.where(np.isin(weekday, weekdays), chance, 0.03)
        else:
            chance = chance * min(1.0, (per_week + 0.6) / 7)
        ticked = rng.random(len(days)) < chance
        if skips:
            ticked &= ~np.isin(days, np.array(sorted(skips), dtype="datetime64[D]"))
        chosen = days[ticked]
        n = len(chosen)
        if n == 0:
            return
        helpers = np.array(caregiver_ids)
        self.tick_parts.append(
            (
                np.full(n, assignment_id),
                chosen,
                np.full(n, family_id),
                np.maximum(1, minutes + rng.integers(-2, 4, n)),
                helpers[rng.integers(0, len(helpers), n)],
                rng.choice(["easy", "ok", "ok", "hard"], n),
                rng.random(n) < (0.12 if pattern in ("chronic", "fading") else 0.03),
                rng.choice(["sheet", "sheet", "sheet", "photo", "verbal", "demonstrated"], n),
                np.full(n, therapist_id),
                chosen.astype("datetime64[us]") + np.timedelta64(20, "h"),
            )
        )

    def reviews(self, assignment_id, family_id, therapist_id, pattern, session_days, start, end):
        r = self.rand
        reviewed = [d for d in session_days if start + timedelta(days=6) < d <= end][-3:]
        for day in reviewed:
            if pattern in ("chronic", "fading") and r.random() < 0.7:
                outcome, reasons = r.choice(["not_done", "partly"]), r.sample(REASONS, r.choice([1, 2]))
            else:
                outcome, reasons = "done", []
            self.rows["reviews"].append((family_id, assignment_id, day, outcome, reasons, therapist_id))

    def flush(self):
        rows, cur = self.rows, self.cur
        frames = {
            "families": pd.DataFrame(
                rows["families"],
                columns="id display_name date_of_birth intake_date status discharged_on practice_word".split(),
            ),
            "caregivers": pd.DataFrame(
                rows["caregivers"],
                columns=["id", "family_id", "name", "relation", "runs_practice", *CONTACT_COLUMNS],
            ),
            "family_therapists": pd.DataFrame(
                rows["links"], columns=["family_id", "therapist_id", "discipline"]
            ),
            "sessions": pd.DataFrame(
                rows["sessions"], columns=["family_id", "therapist_id", "discipline", "starts_at", "status"]
            ),
            "assignments": pd.DataFrame(rows["assignments"]),
            "assignment_versions": pd.DataFrame(
                rows["versions"], columns=["assignment_id", "version", "changed_on", "kind", "changed_by"]
            ),
            "barrier_answers": pd.DataFrame(
                rows["barriers"], columns=["assignment_id", "barrier", "answer", "plan"]
            ),
            "skip_days": pd.DataFrame(
                rows["skips"], columns=["family_id", "assignment_id", "day", "reason", "entered_by"]
            ),
            "homework_reviews": pd.DataFrame(
                rows["reviews"],
                columns=["family_id", "assignment_id", "reviewed_on", "outcome", "reasons", "therapist_id"],
            ),
        }
        explainer_columns = "family_id therapist_id run_on minutes_per_day days_per_week understood".split()
        frames["explainer_runs"] = pd.DataFrame(rows["explainers"], columns=explainer_columns)
        frames["guide_runs"] = pd.DataFrame(
            rows["guide_runs"],
            columns=["family_id", "therapist_id", "run_on", "steps_visited", "reasons", "actions"],
        ).assign(stage="initial", path="initial", outcome="plan_agreed")
        frames["skip_days"]["assignment_id"] = frames["skip_days"]["assignment_id"].astype("Int32")
        frames["goals"] = pd.DataFrame(rows["goals"])
        frames["goal_ratings"] = pd.DataFrame(rows["goal_ratings"])
        frames["goal_tasks"] = pd.DataFrame(rows["goal_tasks"], columns=["assignment_id", "goal_id"])
        if self.tick_parts:
            columns = zip(TICK_COLUMNS, zip(*self.tick_parts, strict=True), strict=True)
            frames["ticks"] = pd.DataFrame({name: np.concatenate(parts) for name, parts in columns})
        for table, frame in frames.items():
            insert_frame(cur, table, frame)
        self.ids.settle()
