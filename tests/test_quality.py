"""Quality advice on assignments: pure rules, and the same rules in SQL for the caseload."""

from datetime import date, time

from lib import assignments, explainer
from lib.assignments import quality
from tests.factories import make_family, make_user

GOOD = {
    "title": "Blow bubbles",
    "instructions": "Blow bubbles through a straw into a cup of water. Count to five each time.",
    "minutes": 5,
    "days_per_week": 7,
    "weekdays": None,
    "routine_anchor": "after brushing teeth",
    "routine_time": time(7, 30),
    "materials": "a straw and a cup",
    "has_materials": True,
    "practised_in_session": True,
    "family_chose": True,
}


def flags(values, **kw):
    return [a.flag for a in quality.check_assignment(values, **kw)]


def test_a_short_daily_anchored_practised_chosen_task_gets_no_advice():
    assert flags(GOOD) == []
    assert flags({**GOOD, "family_chose": False}) == ["not_chosen"]  # one thing changed is seen


def test_more_than_ten_minutes_is_flagged_as_long_and_ten_is_not():
    assert "long_practice" in flags({**GOOD, "minutes": 15})
    assert "long_practice" not in flags({**GOOD, "minutes": 10})


def test_long_practice_on_fewer_than_three_days_is_flagged_as_infrequent():
    assert "infrequent" in flags({**GOOD, "minutes": 20, "days_per_week": 2})
    assert "infrequent" not in flags({**GOOD, "minutes": 5, "days_per_week": 3})
    assert "infrequent" in flags({**GOOD, "minutes": 20, "weekdays": [5]})


def test_no_routine_unconfirmed_materials_not_practised_and_not_chosen_are_flagged():
    draft = {**GOOD, "routine_anchor": " ", "has_materials": None, "practised_in_session": False}
    found = flags({**draft, "family_chose": False})
    assert {"no_anchor", "materials_unconfirmed", "not_practised", "not_chosen"} <= set(found)


def test_a_task_without_a_usual_time_is_told_a_reminder_needs_one():
    advice = quality.check_assignment({**GOOD, "routine_time": None})
    assert [a.flag for a in advice] == ["no_time"]
    assert advice[0].message == "No usual time yet. When does “after brushing teeth” usually happen?"
    assert "A reminder needs a time" in advice[0].why


def test_no_materials_needed_means_nothing_to_confirm():
    assert "materials_unconfirmed" not in flags({**GOOD, "materials": "", "has_materials": None})
    assert "materials_unconfirmed" in flags({**GOOD, "materials": "a cup", "has_materials": None})


def test_long_sentences_and_jargon_are_flagged_with_the_words_found():
    long_one = " ".join(["word"] * 30) + "."
    advice = quality.check_assignment({**GOOD, "instructions": long_one + " Work on bilateral midline play."})
    assert [a.flag for a in advice] == ["instructions_long", "jargon"]
    assert "bilateral, midline" in advice[1].message


def test_readability_counts_words_sentences_and_jargon():
    reading = quality.measure_readability("Sit up tall. Blow the feather!\nDo the oral motor game")
    assert (reading.words, reading.sentences, reading.jargon) == (11, 3, ("oral motor",))


def test_the_family_total_over_the_clinic_limit_is_flagged():
    assert "daily_load" in flags(GOOD, other_minutes=16, daily_limit=20)
    assert "daily_load" not in flags(GOOD, other_minutes=15, daily_limit=20)


def test_every_advice_has_a_one_line_why():
    draft = {"minutes": 30, "days_per_week": 1, "instructions": ""}
    for advice in quality.check_assignment(draft, other_minutes=10):
        assert advice.why and "\n" not in advice.why


def test_bad_minutes_give_no_minute_advice_and_no_crash():
    assert "long_practice" not in flags({**GOOD, "minutes": 0})
    assert "long_practice" not in flags({**GOOD, "minutes": None})
    assert "long_practice" not in flags({**GOOD, "minutes": 241})
    assert "long_practice" in flags({**GOOD, "minutes": 240})


def _set(cur, actor, family, **values):
    base = {**GOOD, "discipline": "OT", "who": "both", "start_date": date(2026, 11, 1)}
    return assignments.create_assignment(cur, actor, family, {**base, **values})


def test_the_sql_rules_give_the_same_flags_as_the_python_rules(cur):
    ot = make_user(cur)
    family = make_family(cur, therapist=ot)
    drafts = [
        {"title": "A", "minutes": 15, "days_per_week": 2, "routine_anchor": "", "family_chose": False},
        {"title": "B", "instructions": "Do the sensory diet. " + "Go " * 90, "has_materials": None},
        {"title": "C", "instructions": "", "weekdays": [0, 3], "minutes": 12},
        {"title": "D", "routine_time": None},
    ]
    ids = [_set(cur, ot, family, **d) for d in drafts]
    sql = quality.quality_flags_sql(cur, ot, [family], daily_limit=100)
    for assignment_id, draft in zip(ids, drafts, strict=True):
        expected = sorted(flags({**GOOD, **draft}))
        assert sorted(sql[sql.assignment_id == assignment_id].flag) == expected


def test_the_sql_rules_flag_a_family_over_its_daily_minutes_once(cur):
    ot = make_user(cur)
    family = make_family(cur, therapist=ot)
    _set(cur, ot, family, title="A", minutes=12)
    _set(cur, ot, family, title="B", minutes=12)
    sql = quality.quality_flags_sql(cur, ot, [family], daily_limit=20)
    load = sql[sql.flag == "daily_load"]
    assert len(load) == 1 and load.assignment_id.isna().all()


def test_the_sql_rules_only_cover_families_the_actor_may_see(cur):
    ot, other = make_user(cur), make_user(cur, "other")
    _set(cur, other, make_family(cur, therapist=other), minutes=30)
    assert quality.quality_flags_sql(cur, ot, None, daily_limit=20).empty
    assert "long_practice" in set(quality.quality_flags_sql(cur, other, None, daily_limit=20).flag)


def test_the_sql_rules_run_on_the_demo_clinic_for_every_family(demo_cur):
    lead = make_user(demo_cur, "boss", role="lead", discipline=None)
    sql = quality.quality_flags_sql(demo_cur, lead)
    assert {"long_practice", "no_anchor", "not_chosen"} <= set(sql.flag)
    assert sql.why.notna().all()


def test_a_jargon_word_inside_an_accented_word_is_not_jargon():
    assert quality.measure_readability("Cross the émidline, then the midline.").jargon == ("midline",)
    assert quality.measure_readability("Cross the émidline.").jargon == ()


def test_a_short_but_rare_task_gets_the_little_and_often_advice():
    advice = {a.flag: a for a in quality.check_assignment({**GOOD, "minutes": 5, "days_per_week": 1})}
    assert "short but rare" in advice["infrequent"].message
    assert "Little and often" in advice["infrequent"].why


def test_a_task_beyond_what_the_family_agreed_at_intake_is_flagged():
    def agreed(values, other=0):
        return [
            a.message
            for a in quality.check_assignment(values, other, 60, agreed=(10, 5))
            if a.flag == "over_agreed"
        ]

    assert agreed({**GOOD, "minutes": 5, "days_per_week": 5}) == []
    assert agreed({**GOOD, "minutes": 5, "days_per_week": 5}, other=8) == [
        "This adds up to 13 minutes on a busy day; the family agreed about 10 at intake."
    ]
    assert agreed({**GOOD, "minutes": 5, "days_per_week": 7}) == [
        "7 days a week; the family agreed 5 at intake."
    ]


def test_the_sql_rules_flag_tasks_beyond_the_intake_agreement(cur):
    ot = make_user(cur)
    family = make_family(cur, therapist=ot)
    cur.execute(
        "INSERT INTO explainer_runs (family_id, therapist_id, run_on, minutes_per_day, days_per_week)"
        " VALUES (?, ?, ?, 10, 5)",
        [family, ot.id, date(2026, 9, 1)],
    )
    task = assignments.create_assignment(
        cur,
        ot,
        family,
        {
            **GOOD,
            "discipline": "OT",
            "who": "child",
            "start_date": date(2026, 11, 2),
            "minutes": 12,
            "days_per_week": 7,
        },
    )
    found = quality.quality_flags_sql(cur, ot, [family], daily_limit=60)
    agreed = found[found["flag"] == "over_agreed"]
    assert sorted(agreed["assignment_id"].fillna(0).astype(int)) == [0, task]
    assert explainer.agreed_at_intake(cur, ot, family) == (10, 5)
