"""`fmprep exam`: the plan (answers a day -> expected recall on exam day) and the answers a day for a target."""

from __future__ import annotations

from typing import Mapping

from rich.console import Group, RenderableType
from rich.text import Text

from fmprep.views import INDENT, Col, Measured, fit_table, heading, paragraph


def percent(value: float) -> str:
    """Whole percents, but never a rounded-up 100%: 0.996 is 99.6%, 0.9999 is 99.9%."""
    if value >= 1 or round(100 * value) < 100:
        return f"{round(100 * value)}%"
    return f"{min(99.9, int(1000 * value) / 10):.1f}%"


def target_line(plan: Mapping) -> Text:
    t = plan["target"]
    if t["answers_per_day"] is None:
        return Text(f"{percent(t['recall'])} on exam day is out of reach in the days left, even at {t['most']} "
                    "answers a day.")
    return Text.assemble(f"For {percent(t['recall'])} on exam day: ", (f"{t['answers_per_day']} answers a day",
                         "bold"), f" (expected {percent(t['expected'])}).")


def plan_view(plan: Mapping) -> RenderableType:
    """The plan's table, its note, and the target's answer when one was asked."""

    def build(width: int) -> RenderableType:
        rows = plan["rows"]
        if not rows:  # too far from the exam to simulate
            return Group(heading("What a day of study buys"), paragraph(Text(plan["note"], style="dim"), indent=INDENT))
        budget = Col("answers a day", [str(r["answers_per_day"]) for r in rows], justify="right")
        recall = Col("expected recall on exam day", [percent(r["recall"]) for r in rows], justify="right")
        short = Col("exam day", recall.cells, justify="right")
        parts: list[RenderableType] = [heading("What a day of study buys"), fit_table([[budget, recall],
                                                                                         [budget, short]], width),
                                       paragraph(Text(plan["note"], style="dim"), indent=INDENT)]
        if "target" in plan:
            parts += [Text(), target_line(plan)]
        return Group(*parts)

    return Measured(build)


def plan_line(plan: Mapping) -> str:
    """One line for `stats`: "15 a day -> 84% · 30 a day -> 93% on exam day"."""
    if not plan["rows"]:
        return plan["note"]
    return " · ".join(f"{r['answers_per_day']} a day -> {percent(r['recall'])}" for r in plan["rows"]) + " on exam day"
