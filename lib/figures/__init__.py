"""Figures of a (family, week): every number the caseload, the family page and the session show.

week_figures   every caseload figure, in bulk for the caseload and for one family
planned_days   the planned-day rule (planned, paused or skipped), one SQL fragment
adherence      the day grid of planned, ticked and skipped days, and completion (PDC)
week_summary   per task and week, kept by every write of ticks, skip days and task versions
scores         habit strength (the slowly forgetting trend score)
stages         the facts of a week a stage is judged from
stage_rules    the stage rules, pure
caseload       the weekly caseload overview, its flags and its kept rows
caseload_pdf   the printed team sheet
clinic_charts  the clinic's completion charts
"""
