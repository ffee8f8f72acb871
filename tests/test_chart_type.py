"""Family charts on the shared screen: no text smaller than its body text, and a zero week visible."""

import math
import tomllib
from datetime import date, timedelta

import pandas as pd
import pytest

from lib import charts
from lib.charts import style
from lib.figures import week_figures
from lib.ui.session_view import SESSION_CSS
from tests.factories import ROOT

MON = date(2026, 11, 16)


def weekly(ticked=(4, 0), planned=(5, 5), discipline="OT"):
    return pd.DataFrame(
        {
            "discipline": [discipline] * 2,
            "week_start": pd.to_datetime([MON - timedelta(days=7), MON]),
            "planned_days": list(planned),
            "ticked_days": list(ticked),
            "completion": [t / p if p else float("nan") for t, p in zip(ticked, planned, strict=True)],
        }
    )


def family_figures():
    series = pd.DataFrame(
        {
            "assignment_id": [7] * 3,
            "title": ["Hop"] * 3,
            "day": pd.date_range(MON, periods=3),
            "score": [0.1] * 3,
        }
    )
    marks = pd.DataFrame({"assignment_id": [7], "day": [MON], "kind": ["edited"], "reason": [""]})
    progress = pd.DataFrame({"title": ["Hop"], "reward_ticks": [5], "stars": [2]})
    days = pd.DataFrame(
        {
            "day": [MON + timedelta(days=d) for d in range(7)],
            "state": ["done", "not_ticked", "rest", "skipped", "done", "later", "later"],
            "week_start": [MON] * 7,
            "weekday": list(range(7)),
        }
    )
    return {
        "weekly bars": charts.completion_bars(weekly(), 80),
        "habit strength": charts.habit_chart(series, marks),
        "reward stars": charts.reward_stars(progress),
        "calendar": charts.calendar_heatmap(days, [MON]),
    }


def font_sizes(node, path=""):
    """Yield (where, size) of every font in a figure's JSON (layout, axes, legend, annotations, traces)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("font", "tickfont", "textfont") and isinstance(value, dict):
                yield f"{path}.{key}", value.get("size")
            elif key == "template":
                continue
            else:
                yield from font_sizes(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from font_sizes(value, f"{path}[{i}]")


def test_the_charts_text_size_is_the_shared_screens_body_size_held_in_one_place():
    theme = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["theme"]
    assert style.BASE_FONT_PX == theme["baseFontSize"]
    assert f"font-size: {style.SHARED_SCREEN_SCALE}rem" in SESSION_CSS
    assert math.isclose(style.TEXT_PX, 20.4)


@pytest.mark.parametrize("name", ["weekly bars", "habit strength", "reward stars", "calendar"])
def test_no_text_of_a_family_chart_is_smaller_than_the_shared_screens_body_text(name):
    fig = family_figures()[name]
    found = dict(font_sizes(fig.to_plotly_json()))
    small = {where: size for where, size in found.items() if size is not None and size < style.TEXT_PX}
    assert small == {}
    layout = fig.layout  # set, not inherited: Streamlit's theme would draw unset ticks at 12.75 px
    assert layout.xaxis.tickfont.size >= style.TEXT_PX and layout.yaxis.tickfont.size >= style.TEXT_PX
    assert layout.legend.font.size >= style.TEXT_PX and layout.font.size >= style.TEXT_PX
    assert all(a.font.size >= style.TEXT_PX for a in layout.annotations)


def test_a_week_planned_and_not_practised_has_a_visible_mark_on_the_zero_line():
    fig = charts.completion_bars(weekly(ticked=(4, 0)), 80)
    bars, mark = fig.data
    assert list(bars.y) == [80, 0] and bars.textposition == "outside" and bars.textangle == 0
    assert list(bars.text) == ["4/5", "0/5"]  # "0/5" stands above the mark on the zero line
    assert (list(mark.x), list(mark.y)) == (["16 Nov"], [0])
    assert mark.mode == "markers" and mark.marker.line.width > 0 and mark.marker.size >= 20
    assert mark.offsetgroup == bars.offsetgroup and fig.layout.scattermode == "group"
    assert mark.cliponaxis is False and mark.marker.line.color == bars.marker.color


def test_a_week_with_nothing_planned_gets_no_mark():
    fig = charts.completion_bars(weekly(ticked=(4, 0), planned=(5, 0)), 80)
    assert len(fig.data) == 1 and list(fig.data[0].x) == ["9 Nov"]


def test_the_caseload_bar_cell_keeps_every_week_in_place_and_draws_a_zero_week():
    bars = week_figures.week_bars([50.0, float("nan"), 0.0, 100.0])
    assert bars == [50.0, 0.0, week_figures.ZERO_WEEK_BAR, 100.0]  # nothing planned: no bar, in place
    assert 0 < week_figures.ZERO_WEEK_BAR < 100 / 7  # a stub, lower than one day of a daily task


def test_many_bars_leave_their_words_to_the_hover_rather_than_shrink_them():
    many = pd.concat([weekly(discipline=d) for d in ("OT", "PT", "SLP")] * 2, ignore_index=True)
    many["week_start"] = pd.to_datetime([MON - timedelta(days=7 * (i // 2)) for i in range(len(many))])
    fig = charts.completion_bars(many, 80)
    assert {t.textposition for t in fig.data if t.type == "bar"} == {"none"}
    assert all("%{text}" in t.hovertemplate for t in fig.data if t.type == "bar")
