"""The form to set or change a home practice task, with live quality advice and the
barrier checklist, and the small lifecycle forms of each task.

Widgets live outside st.form so the advice follows every change; saving goes through
button callbacks in one transaction. Keys start with "af_".
"""

import streamlit as st

from lib import assignments, explainer, families, ui
from lib.assignments import quality, templates
from lib.assignments.barriers import ANSWER_LABELS, ANSWERS, BARRIERS, missing_answers
from lib.assignments.checklist import barrier_field
from lib.assignments.safety import UNKNOWN_AGE, acknowledged_text, age_in_years, safety_advice, safety_lines
from lib.clock import today
from lib.errors import DomainError
from lib.printables import reminders
from lib.text import md_escape
from lib.ui.messages import done_key
from lib.words import DAY_SHORT as DAY_LABELS
from lib.words import DISCIPLINES, WHO_LABELS, date_input_format

HAS_LABELS = {"yes": "Yes, they have it", "no": "Not yet", "unknown": "Not asked"}
FIELD_KEYS = {
    "title": "af_title",
    "instructions": "af_instructions",
    "safety": "af_safety",
    "discipline": "af_discipline",
    "therapist_id": "af_therapist",
    "who": "af_who",
    "supporter_ids": "af_supporters",
    "minutes": "af_minutes",
    "days_per_week": "af_days",
    "weekdays": "af_weekdays",
    "start_date": "af_start",
    "end_date": "af_end",
    "review_date": "af_review",
    "routine_anchor": "af_anchor",
    "routine_time": "af_time",
    "materials": "af_materials",
    "has_materials": "af_has",
    "practised_in_session": "af_practised",
    "family_chose": "af_chose",
    "reward_plan": "af_reward",
    "reward_ticks": "af_reward_ticks",
    "media_ref": "af_media",
    "reminder_mode": "af_reminder_mode",
    "reminder_days": "af_reminder_days",
    "materials_lent": "af_lent",
    "materials_where": "af_where",
}
REMINDER_LABELS = {
    "nudge": "A nudge on the routine's days (they pick which)",
    "days": "On days we choose together",
}
SECTION = "as_section"  # the page's section switcher: "Tasks", "Set a task", "Family view"
SAVED = "assignments"  # the page shows saved messages with ui.feedback(SAVED)
SAVED_KEY = done_key(SAVED)


def _defaults(actor):
    return {
        "title": "",
        "instructions": "",
        "safety": "",
        "discipline": actor.discipline if actor.discipline in DISCIPLINES else "OT",
        "therapist_id": actor.id,
        "who": "both",
        "supporter_ids": [],
        "minutes": 5,
        "days_per_week": 7,
        "weekdays": None,
        "start_date": today(),
        "end_date": None,
        "review_date": None,
        "routine_anchor": "",
        "routine_time": None,
        "materials": "",
        "has_materials": None,
        "practised_in_session": False,
        "family_chose": False,
        "reward_plan": "",
        "reward_ticks": 5,
        "media_ref": "",
        "reminder_mode": "nudge",
        "reminder_days": None,
        "materials_lent": "",
        "materials_where": "",
    }


def _load(values, answers=None):
    """Put values into the form's widget keys (called from callbacks, before widgets render)."""
    state = st.session_state
    for field, key in FIELD_KEYS.items():
        if field not in values:
            continue
        value = values[field]
        if field == "has_materials":
            value = {True: "yes", False: "no", None: "unknown"}[value]
        elif field == "weekdays":
            state["af_schedule"] = "any" if not value else "weekdays"
            value = [DAY_LABELS[d] for d in value or ()]
        elif field == "reminder_days":
            value = [DAY_LABELS[d] for d in value or ()]
        elif field == "supporter_ids":
            value = list(value or ())
        state[key] = value
    if answers is not None:
        for barrier in BARRIERS:
            answer, plan = answers.get(barrier.id, ("not_asked", ""))
            state["af_b_" + barrier.id], state["af_bp_" + barrier.id] = answer, plan


def reset_form(actor, family_id=None):
    """Empty the form for a new task, starting from what the family agreed at intake (if given)."""
    for key in [k for k in st.session_state if str(k).startswith("af_")]:
        del st.session_state[key]
    agreed = {}
    if family_id is not None:
        with ui.cursor() as cur:
            agreed = explainer.task_defaults(cur, actor, family_id)
            linked = families.list_family_therapists(cur, actor, family_id)
        # the family's therapist of the task's discipline, not whoever is signed in
        agreed["discipline"], agreed["therapist_id"] = assignments.default_people(linked, actor)
    _load({**_defaults(actor), **agreed}, {})
    st.session_state["af_family"] = family_id


def start_edit(assignment_id):
    """Callback: load a task into the form and switch to it."""
    with ui.cursor() as cur:
        actor = ui.current_actor()
        task = assignments.get_assignment(cur, actor, assignment_id)
        answers = assignments.get_barrier_answers(cur, actor, assignment_id)
    reset_form(actor)
    _load(task.values(), answers)
    st.session_state["af_family"] = task.family_id
    st.session_state["af_editing"] = task.id
    st.session_state["af_version"] = task.version
    st.session_state["af_ack_stored"] = task.safety_acknowledged  # accepted when it was last saved
    st.session_state[SECTION] = "Set a task"


def _follow_discipline(actor, linked):
    """A new discipline brings the family's therapist of it (when the family has one)."""
    s = st.session_state
    discipline, therapist = assignments.default_people(linked, actor, s.get("af_discipline"))
    if any(t.id == therapist and t.discipline == discipline for t in linked):
        s["af_therapist"] = therapist


def _use_template(options, actor, linked):
    template = options.get(st.session_state.get("af_template"))
    if template is not None:
        _load({**template.defaults(), "weekdays": None})
        _follow_discipline(actor, linked)


def current_values():
    """Return the form's values as the dict lib.assignments expects."""
    s = st.session_state
    values = {field: s.get(key) for field, key in FIELD_KEYS.items()}
    values["has_materials"] = {"yes": True, "no": False}.get(s.get("af_has"))
    values["weekdays"] = (
        [DAY_LABELS.index(d) for d in s.get("af_weekdays") or []]
        if s.get("af_schedule") == "weekdays"
        else None
    )
    values["reminder_days"] = [DAY_LABELS.index(d) for d in s.get("af_reminder_days") or []] or None
    shown = acknowledged_text(safety_advice(values, s.get("af_age")))
    # accepted only when the box was ticked for the very advice these values get
    accepted = shown and s.get("af_safety_ok") and s.get("af_safety_ok_for") == shown
    values["safety_acknowledged"] = shown if accepted else ""
    return values


def current_answers():
    """Return the barrier checklist as {barrier: (answer, plan)}."""
    s = st.session_state
    return {b.id: (s.get("af_b_" + b.id, "not_asked"), s.get("af_bp_" + b.id, "")) for b in BARRIERS}


def _save(family_id):
    actor, s = ui.current_actor(), st.session_state
    s.pop("af_error", None)
    try:
        with ui.cursor() as cur:
            if s.get("af_editing"):
                kind = "made_easier" if s.get("af_kind") == "made_easier" else "edited"
                assignments.save_task_changes(
                    cur,
                    actor,
                    s["af_editing"],
                    current_values(),
                    current_answers(),
                    s.get("af_reason", ""),
                    kind=kind,
                    expected_version=s.get("af_version"),
                )
                message = "Changes saved. The ticks so far stay with this task."
            else:
                assignments.create_assignment(cur, actor, family_id, current_values(), current_answers())
                message = "Task saved."
    except DomainError as exc:  # kept with the values it is about (see _forget_stale_error)
        s["af_error"] = (exc.problems, str(exc), (current_values(), current_answers()))
        return
    reset_form(actor, family_id)
    s[SAVED_KEY] = message
    s[SECTION] = "Tasks"


def _forget_stale_error():
    """Drop the last save's problems with the inputs changed since: the next save checks them again.

    A problem not tied to one input goes once anything changed."""
    error = st.session_state.get("af_error")
    if not error:
        return
    problems, message, (values, answers) = error
    now, now_answers = current_values(), current_answers()
    if (now, now_answers) == (values, answers):
        return
    changed = {f for f in now if now[f] != values.get(f)}
    changed |= {barrier_field(b) for b in now_answers if now_answers[b] != answers.get(b)}
    inputs = set(now) | {barrier_field(b) for b in now_answers}
    left = {f: m for f, m in problems.items() if f not in changed and f in inputs}
    if left:
        st.session_state["af_error"] = (
            left,
            next(iter(left.values())) if len(left) == 1 else message,
            (now, now_answers),
        )
    else:
        del st.session_state["af_error"]


def _error_at(*fields):
    """Show the last save's problems with these fields, here under them."""
    error = st.session_state.get("af_error")
    for field in fields:
        if error and field in error[0]:
            st.error(error[0][field], icon=":material/error:")


def _not_saved_yet(error):
    """Return the words by the save button: every problem, or how many are shown by their fields."""
    problems = error[0]
    if len(problems) > 1:
        return f"Not saved yet: {len(problems)} things to fix, each shown by its field above."
    return "Not saved yet: " + error[1]


def render_assignment_form(actor, family_id):
    """Show the form to set (or, after "Change", edit) a task for one family."""
    s = st.session_state
    if "af_title" not in s or s.get("af_family") != family_id:
        reset_form(actor, family_id)  # a new form, or one left open for another family
    _forget_stale_error()
    with ui.cursor() as cur:
        options = {t.id: t for t in templates.list_templates(cur, actor)}
        linked = families.list_family_therapists(cur, actor, family_id)
        therapists = {t.id: f"{t.display_name} ({t.discipline})" for t in linked}
        carers = {c.id: f"{c.name} ({c.relation})" for c in families.list_caregivers(cur, actor, family_id)}
        other_minutes = assignments.family_daily_minutes(cur, actor, family_id, s.get("af_editing"))
        agreed = explainer.agreed_at_intake(cur, actor, family_id)  # what the family agreed at intake
        said = explainer.agreed(cur, actor, family_id)
        born = families.get_family(cur, actor, family_id).date_of_birth
    s["af_age"] = age_in_years(born, today())  # the safety advice's age (None: not recorded)
    therapists.setdefault(actor.id, actor.display_name)
    limit = ui.settings()["daily_minutes_limit"]
    form, side = st.columns([3, 2], gap="large")
    with form:
        if s.get("af_editing"):
            st.subheader("Change this task", anchor=False)
            st.radio(
                "What kind of change",
                ["edited", "made_easier"],
                format_func={"edited": "An edit", "made_easier": "Made easier or more specific"}.get,
                key="af_kind",
                horizontal=True,
            )
            st.text_input(
                "Why (shown on the charts)", key="af_reason", placeholder="e.g. shorter, so it fits"
            )
        else:
            st.subheader("Set a new task", anchor=False)
            if said:
                goal = f"The family's goal: “{md_escape(said.goal)}”. " if said.goal else ""
                line = explainer.agreement_line(
                    said.minutes_per_day, said.days_per_week, said.who_helps, said.practice_when
                )
                st.caption(goal + "Agreed at intake: " + md_escape(line))
            age = s.get("af_age")
            # those that fit the child's age first, then the therapist's own discipline
            mine = sorted(
                options,
                key=lambda i: (not options[i].fits(age), options[i].discipline != actor.discipline, i),
            )
            st.selectbox(
                "Start from a template (optional)",
                mine,
                index=None,
                format_func=lambda i: _template_label(options[i], age),
                key="af_template",
                on_change=_use_template,
                args=(options, actor, linked),
                placeholder="Type to search the clinic's templates",
            )
            _warn_outside_ages(options.get(s.get("af_template")), age)
        st.text_input("Title", key="af_title", max_chars=120)
        _error_at("title")
        st.text_area("What to do, in plain words", key="af_instructions", height=110)
        _error_at("instructions")
        st.text_area(
            "Safety lines, one per line (printed in full on every sheet)",
            key="af_safety",
            height=70,
            placeholder="e.g. A grown-up stays at the table the whole time.",
        )
        _error_at("safety")
        a, b = st.columns(2)
        a.selectbox(
            "Discipline", DISCIPLINES, key="af_discipline", on_change=_follow_discipline, args=(actor, linked)
        )
        b.selectbox("Therapist", list(therapists), format_func=therapists.get, key="af_therapist")
        _error_at("discipline", "therapist_id")
        a, b = st.columns(2)
        a.radio("Who does it", list(WHO_LABELS), format_func=WHO_LABELS.get, key="af_who")
        b.multiselect("Who helps", list(carers), format_func=carers.get, key="af_supporters")
        _error_at("who", "supporter_ids")
        a, b = st.columns(2)
        a.number_input("Minutes per practice", step=1, key="af_minutes")
        b.radio(
            "How often",
            ["any", "weekdays"],
            format_func={"any": "Any days of the week", "weekdays": "On set weekdays"}.get,
            key="af_schedule",
            horizontal=True,
        )
        if s.get("af_schedule") == "weekdays":
            b.pills("Which days", DAY_LABELS, selection_mode="multi", key="af_weekdays")
        else:
            b.slider("Days a week", 1, 7, key="af_days")
        _error_at("minutes", "days_per_week", "weekdays")
        a, b, c = st.columns(3)
        a.date_input("Starts", key="af_start", format=date_input_format())
        b.date_input("Ends (optional)", key="af_end", format=date_input_format())
        c.date_input("Review on (optional)", key="af_review", format=date_input_format())
        _error_at("start_date", "end_date", "review_date")
        _render_when()
        _render_kit()
        st.checkbox("We tried it together in the session", key="af_practised")
        st.checkbox("The family chose this task", key="af_chose")
        a, b = st.columns([3, 1])
        a.text_input(
            "Reward: what the child earns",
            key="af_reward",
            placeholder="e.g. a trip to the park; a coffee for Mum",
        )
        b.number_input("Ticks to earn it", min_value=1, max_value=100, step=1, key="af_reward_ticks")
        st.caption("The star chart draws exactly this many stars.")
        _error_at("reward_plan", "reward_ticks")
        st.text_input(
            "Photo or video kept at the clinic (optional)",
            key="af_media",
            placeholder="file name or a short description",
        )
        _error_at("media_ref")
        _render_checklist()
        _render_safety_advice()
        if s.get("af_error"):
            st.error(_not_saved_yet(s["af_error"]), icon=":material/error:")
        a, b = st.columns([1, 3])
        a.button("Save task", type="primary", key="af_save", on_click=_save, args=(family_id,))
        if s.get("af_editing"):
            b.button("Cancel the change", key="af_cancel", on_click=_cancel)
    with side:
        _render_advice(other_minutes, limit, agreed)


def _template_label(template, age):
    ages = f" · {template.ages()}" if template.ages() else ""
    outside = "" if template.fits(age) else " (not for this age)"
    return f"{template.discipline} · {template.area} · {template.title}{ages}{outside}"


def _warn_outside_ages(template, age):
    """Warn when the chosen template is meant for other ages than this child's."""
    if template is not None and not template.fits(age):
        st.warning(
            f"“{md_escape(template.title)}” is meant for {template.ages()}, and this child is {age}. "
            "Check it suits them, or choose another task.",
            icon=":material/child_care:",
        )


def _render_when():
    """The routine, the reminder time, and how an 'any days' task reminds."""
    s = st.session_state
    a, b = st.columns([2, 1])
    a.text_input("Daily routine it goes with", key="af_anchor", placeholder="e.g. while brushing teeth")
    b.time_input(
        "Usual time",
        key="af_time",
        step=900,
        help="When the routine usually happens: the phone reminder rings then. Without a time it is a silent note.",
    )
    _error_at("routine_anchor", "routine_time")
    if s.get("af_schedule") != "weekdays" and s.get("af_days") != 7:
        a, b = st.columns([2, 3])
        a.radio("Reminders", list(REMINDER_LABELS), format_func=REMINDER_LABELS.get, key="af_reminder_mode")
        if s.get("af_reminder_mode") == "days":
            b.pills("Remind on", DAY_LABELS, selection_mode="multi", key="af_reminder_days")
        else:
            days = reminders.days_words(reminders.nudge_days(s.get("af_anchor"), s.get("af_days")))
            at = f"at {s['af_time']:%H:%M}" if s.get("af_time") else "as silent notes until a time is set"
            b.caption(f"Nudges come {days}, {at}.")
        _error_at("reminder_mode", "reminder_days")


def _render_kit():
    """The materials, whether the family has them, what the clinic lends and where to get the rest."""
    a, b = st.columns([2, 1])
    a.text_input("Materials needed", key="af_materials", placeholder="e.g. a straw and a cup")
    b.radio("Do they have them?", list(HAS_LABELS), format_func=HAS_LABELS.get, key="af_has")
    a, b = st.columns(2)
    a.text_input("What the clinic lends (optional)", key="af_lent", placeholder="e.g. a set of straws")
    b.text_input("Where to get the rest (optional)", key="af_where", placeholder="e.g. any supermarket")
    st.caption("Everything goes on the family's kit list, to keep in one box or bag.")
    _error_at("materials", "materials_lent", "materials_where")


def _cancel():
    reset_form(ui.current_actor(), st.session_state.get("af_family"))
    st.session_state[SECTION] = "Tasks"


def _render_safety_advice():
    """The safety advice for this child, and the box the therapist ticks to accept it before saving."""
    s = st.session_state
    advice = safety_advice(current_values(), s.get("af_age"))
    shown = acknowledged_text(advice)
    if s.get("af_safety_ok_for") != shown:  # new advice is read afresh
        stored = set(safety_lines(s.get("af_ack_stored")))
        s["af_safety_ok"] = bool(advice) and all(text in stored for _, text in advice)
        s["af_safety_ok_for"] = shown
    if not advice:
        return
    with st.container(border=True):
        st.subheader("Safety advice for this child", anchor=False)
        for _, text in advice:
            st.warning(md_escape(text), icon=":material/health_and_safety:")
        if s.get("af_age") is None:
            st.caption(md_escape(UNKNOWN_AGE))
        st.checkbox(
            "I have read this advice and the task is right for this child as it stands",
            key="af_safety_ok",
        )
        _error_at("safety_acknowledged")


def _render_checklist():
    st.subheader("What might get in the way?", anchor=False)
    st.caption("Ask each question together. A risk needs a plan you agree on.")
    for barrier in BARRIERS:
        with st.container(border=True):
            st.markdown(f"**{md_escape(barrier.name)}**: {md_escape(barrier.question)}")
            st.caption("For example: " + md_escape("; ".join(barrier.risk_examples)))
            st.radio(
                barrier.name,
                ANSWERS,
                format_func=ANSWER_LABELS.get,
                key="af_b_" + barrier.id,
                horizontal=True,
                label_visibility="collapsed",
            )
            if st.session_state.get("af_b_" + barrier.id) == "risk":
                st.text_input("The plan", key="af_bp_" + barrier.id, placeholder="e.g. alarm at 7 pm")
            _error_at(barrier_field(barrier.id))


def _render_advice(other_minutes, limit, agreed=None):
    st.subheader("Advice", anchor=False)
    values = current_values()
    minutes = values["minutes"] if isinstance(values["minutes"], int) else 0
    st.metric(
        "Minutes on a day when every task is due",
        f"{other_minutes + max(minutes, 0)} min",
        help="This task plus the family's other active tasks, all disciplines.",
    )
    st.caption(f"The clinic's limit is {limit} minutes a day.")
    advice = quality.check_assignment(values, other_minutes, limit, agreed=agreed)
    if not advice:
        st.success("This looks short, specific and easy to fit in.", icon=":material/check_circle:")
    for item in advice:
        st.warning(f"{md_escape(item.message)}  \n*Why: {md_escape(item.why)}*", icon=":material/lightbulb:")
    missing = [b.name for b in BARRIERS if b.id in missing_answers(current_answers())]
    if missing:
        st.info(
            "Checklist not finished yet (you can still save): " + ", ".join(missing),
            icon=":material/checklist:",
        )


__all__ = [
    "SECTION",
    "WHO_LABELS",
    "render_assignment_form",
    "reset_form",
    "start_edit",
]
