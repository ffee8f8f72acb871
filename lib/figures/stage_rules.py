"""The non-completion stage as the guidance means it: pure rules over one family's facts.

Initial: below the on-track threshold (or a recent review of a task said not or partly done).
It stays initial, "not yet addressed", however long it lasts, until the initial path was tried.
Chronic: only after best practice was tried within the episode (the low run of weeks that
started after being on track, or at the first task): the intake explainer given, the barrier
checklist complete for the running tasks, the tasks within the minutes agreed, and at least one
initial-path action that changed the plan (PLAN_CHANGING; talk-only actions are recorded but
do not count), followed by `chronic_weeks` weeks under the partial threshold.
Reviews are judged per task: a task's newest review of the fortnight speaks for that task only.
What a family says never erases what the ticks show: a "done" review lifts the stage only when
every task below on track was reviewed done and ticked at least the partial share that
fortnight; a "done" review of a task ticked under it is flagged ("said done, ticks low") and
the stage stays. A review giving the reason "doing less because it is going well" (the skill
improved, less is needed) ends the episode for that task: its low ticks count against nothing.
Stalled and dropped are signals (days without a tick) that open re-engagement first, even for a
chronic family, never the chronic path by themselves. A family whose running tasks are all paused
on the judged day reads as paused: no stage, no signal, whatever the weeks before the pause said. A child marked upset on UPSET_TICKS or
more ticks in the last 2 weeks is named in the reason.
"""

from dataclasses import dataclass

from lib.errors import InvalidInput

GOING_WELL = "going_well"  # the review reason (data/guide.json) that ends an episode
UPSET_TICKS = 3  # ticks marked "child upset" in 2 weeks that flag the family
# initial-path actions (data/guide.json) that change the plan; talking alone does not
PLAN_CHANGING = ("reissue", "make_easier", "shorten_gap", "cross_accountability", "confirm_before_booking")


@dataclass(frozen=True)
class Gate:
    """The best practice chronic needs, read from the records: each item met or not."""

    explainer_given: bool = False
    checklist_complete: bool = False
    within_minutes: bool = False
    plan_changed: bool = False  # a plan-changing initial-path action in this episode

    def items(self):
        """Return ((label, met), ...) in the order the checklist shows them."""
        return (
            ("Explainer given", self.explainer_given),
            ("checklist complete", self.checklist_complete),
            ("tasks within agreed minutes", self.within_minutes),
            ("plan changed in this episode", self.plan_changed),
        )

    @property
    def met(self):
        return all(ok for _, ok in self.items())

    def text(self):
        """Say the gate as a short checklist: "Explainer given ✓, checklist complete ✗, ..."."""
        return ", ".join(f"{label} {'✓' if ok else '✗'}" for label, ok in self.items())


@dataclass(frozen=True)
class TaskFacts:
    """One running task's fortnight: its ticked completion and its newest review, if any."""

    title: str
    completion: float | None  # % of planned days ticked over the 2 weeks ending at the judged week
    review: str | None = None  # outcome of the task's newest review of those 2 weeks
    going_well: bool = False  # that review said: doing less because it is going well


@dataclass(frozen=True)
class StageFacts:
    """What the stage rule needs to know about one family for the judged week."""

    weeks_below: int  # consecutive weeks under the on-track threshold, ending at the judged week
    weeks_below_partial: int  # consecutive weeks under the partial threshold, ending there
    weeks_since_tried: int | None  # full weeks since a plan-changing action in this episode; None: none
    days_since_tick: int | None
    has_tasks: bool
    tasks: tuple = ()  # TaskFacts of the running tasks
    upset_ticks: int = 0  # ticks marked "child upset" in the 2 weeks ending at the judged day
    gate: Gate = Gate()  # best practice tried (plan_changed is weeks_since_tried is not None)
    paused: bool = False  # every running task is paused on the judged day (a pause or a planned break)


@dataclass(frozen=True)
class Judged:
    """A family's stage, its signal ('' , 'stalled', 'dropped') and the one-line why."""

    stage: str
    signal: str
    why: str
    said_done_low: tuple = ()  # titles of tasks reviewed done but ticked under the partial share
    gate: str = ""  # the chronic gate as a short checklist (Gate.text)


def _plural(n, word):
    return f"{n} {word}{'s' if n != 1 else ''}"


PAUSED_WHY = "Practice is paused: every running task. Nothing to judge until it starts again"


def stage_of(facts, settings):
    """Return the Judged stage of one family under the clinic's settings (paused practice: no concern)."""
    if facts.paused:  # a pause agreed with the family is neither a new episode nor a family gone quiet
        upset = facts.upset_ticks >= UPSET_TICKS
        why = PAUSED_WHY + (
            f"; the child was marked upset on {facts.upset_ticks} ticks in the last 2 weeks" if upset else ""
        )
        return Judged("none", "", why, (), facts.gate.text())
    threshold, partial = settings["adherence_threshold"], settings["partial_threshold"]
    said_done_low = [
        t for t in facts.tasks if t.review == "done" and t.completion is not None and t.completion < partial
    ]
    going_well = [t for t in facts.tasks if t.going_well]
    behind = [t for t in facts.tasks if t.review in ("not_done", "partly") and not t.going_well]
    low = [t for t in facts.tasks if t.completion is not None and t.completion < threshold]
    # every task under on track is going well, or was said done with ticks that agree at least partly
    excused = (
        bool(low)
        and all(t.going_well or (t.review == "done" and t.completion >= partial) for t in low)
        and not behind
    )
    tried = facts.weeks_since_tried is not None
    low_since_tried = min(facts.weeks_below_partial, facts.weeks_since_tried or 0)
    low_long_enough = tried and low_since_tried >= settings["chronic_weeks"] and not excused
    parts = []
    if low_long_enough and facts.gate.met:
        stage = "chronic"
        parts.append(
            f"under {partial}% for {low_since_tried} weeks since the plan was changed in this episode "
            f"({facts.weeks_since_tried} weeks ago), best practice tried: {facts.gate.text()}"
        )
    elif facts.weeks_below and excused:
        stage = "none"
        parts.append(
            f"below {threshold}% in ticks, but each task under it was reviewed done "
            f"(ticked at least {partial}% in the last 2 weeks) or is going well and needs less"
        )
    elif facts.weeks_below >= 1 or behind:
        stage = "initial"
        if facts.weeks_below:
            parts.append(f"below {threshold}% for {_plural(facts.weeks_below, 'week')}")
        parts += [f"last review of {t.title}: {t.review.replace('_', ' ')}" for t in behind]
        if not tried:
            parts.append("not yet addressed with the guide")
        elif facts.weeks_below_partial >= settings["chronic_weeks"] and not facts.gate.met:
            parts.append(f"not chronic until best practice is tried: {facts.gate.text()}")
    else:
        stage = "none"
    parts += [
        f"the review of {t.title} said done, but {t.completion:.0f}% was ticked in the last 2 weeks "
        f"(under {partial}%): ask about it"
        for t in said_done_low
    ]
    parts += [f"doing less on {t.title} because it is going well: no episode for it" for t in going_well]
    if facts.upset_ticks >= UPSET_TICKS:
        parts.append(f"the child was marked upset on {facts.upset_ticks} ticks in the last 2 weeks")
    signal = ""
    days = facts.days_since_tick
    if facts.has_tasks and days is not None:
        if days >= settings["dropped_days"]:
            signal = "dropped"
        elif days >= settings["stalled_days"]:
            signal = "stalled"
    if signal:
        parts.append(f"no tick for {int(days)} days: contact the family and check how things are")
    why = "; ".join(parts)
    return Judged(
        stage,
        signal,
        why[:1].upper() + why[1:] if why else "On track or nothing to review",
        tuple(t.title for t in said_done_low),
        facts.gate.text(),
    )


def stage_label(stage, why=""):
    """Return the stage as shown to therapists: initial is 'not yet addressed' until the guide was used."""
    if stage == "initial" and "not yet addressed" in why:
        return "initial, not yet addressed"
    if stage == "none" and str(why).startswith(PAUSED_WHY):
        return "paused"
    return stage


def check_thresholds(values, changed=()):
    """Check the stage and completion settings together; raise InvalidInput naming the field.

    Of a pair that disagrees, the message goes to the field that was changed (`changed`)."""
    for name in ("adherence_threshold", "partial_threshold"):
        if not 0 <= int(values[name]) <= 100:
            raise InvalidInput("Give a percentage from 0 to 100.", field=name)
    if int(values["partial_threshold"]) >= int(values["adherence_threshold"]):
        raise InvalidInput(
            f"Partly done: give a percentage below on track ({values['adherence_threshold']}%).",
            field="partial_threshold",
        )
    if int(values["stalled_days"]) >= int(values["dropped_days"]):
        if "dropped_days" in changed and "stalled_days" not in changed:
            raise InvalidInput(
                f"Dropped: give more days than stalled ({values['stalled_days']} days).", field="dropped_days"
            )
        raise InvalidInput(
            f"Stalled: give fewer days than dropped ({values['dropped_days']} days).", field="stalled_days"
        )
    if int(values["chronic_weeks"]) < 1:
        raise InvalidInput("Chronic needs at least 1 week.", field="chronic_weeks")
