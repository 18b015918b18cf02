"""`fmprep stats`: the figures of ``fmprep.stats.compute`` (the ``stats --json`` shape) as a report."""

from __future__ import annotations

import datetime as dt
from typing import Mapping, Optional

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from fmprep.console import MEASURE, plain
from fmprep.views import INDENT, Col, Measured, fit_table, layout_width, packed, paragraph, percent, plural

PASS_SCORE = 700  # AWS scaled score out of 1000
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SHADES = "░▒▓█"
EXAM_MARK = "◆ exam"
MOCKS_SHOWN = 5
LEECHES_SHOWN = 10  # the most forgotten; `stats --json` lists every one


def _heading(title: str) -> Text:
    return Text(title, style="bold")


def _day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def totals(f: Mapping, width: int = MEASURE) -> RenderableType:
    room = width - INDENT
    lines = packed([Text(f"items {f['items_total']}"), Text(f"seen {f['items_seen']}"), Text(f"due now {f['due_now']}"),
                    Text(f"due by the end of today {f['due_today']}"), Text(f"reviews {f['reviews_total']}")], room)
    if f["true_retention_30d"] is not None:
        retention = f"{percent(f['true_retention_30d'])} of {plural(f['retention_reviews_30d'], 'review')}"
    else:
        retention = "no reviews of seen items yet"
    lines += packed([Text(f"true retention, last 30 days: {retention}"), Text(f"streak: {plural(f['streak_days'], 'day')}")],
                    room)
    if f.get("suspended"):
        lines.append(Text.assemble(f"suspended: {plural(f['suspended'], 'item')}, left out of every figure here "
                                   "(", ("fmprep unsuspend ID", "cyan"), " brings one back)"))
    if f.get("exam_date"):
        left = f.get("days_to_exam")
        when = f"in {plural(left, 'day')}" if left is not None else "today or past: plain FSRS again"
        lines.append(Text.assemble("exam: ", plain(f["exam_date"], "bold"), f", {when}"))
    today = f["today"]
    lines += packed([Text(f"today's work now: {today['due']} due, {today['new']} new"), Text("fmprep quiz", "cyan")],
                    room, "  ->  ")
    return Group(_heading("Totals"), *(Padding(line, (0, 0, 0, INDENT), expand=False) for line in lines))


def readiness(f: Mapping, width: int = MEASURE) -> RenderableType:
    r = f["readiness"]
    when = "on exam day" if r["on"] == "exam day" else "today"
    parts: list[RenderableType] = [
        _heading(f"Readiness: {percent(r['recall'])} of Task 3.3 items predicted recalled {when}"),
        paragraph(plain(r["note"], "dim"), indent=INDENT)]
    if f.get("plan") and not f["plan"]["rows"]:
        parts.append(paragraph(plain(f"plan: {f['plan']['note']}", "dim"), indent=INDENT))
    elif f.get("plan"):
        from fmprep.views.exam import plan_line

        pieces = [Text(piece) for piece in f"plan: {plan_line(f['plan'])} (simulated)".split(" · ")]
        lines = packed(pieces, width - INDENT)
        lines[-1:] = packed([lines[-1], Text("fmprep exam --target 90", "cyan")], width - INDENT, "  ->  ")
        parts += [Padding(line, (0, 0, 0, INDENT), expand=False) for line in lines]
    return Group(*parts)


def _exam_columns(f: Mapping) -> bool:
    return bool(f.get("exam_date")) and f.get("days_to_exam") is not None


def objectives(f: Mapping, width: int) -> RenderableType:
    rows = f["objectives"]
    exam = _exam_columns(f)
    title = Col("objective", [o["title"] for o in rows], flex=True)
    seen = Col("seen", [f"{o['seen']}/{o['items']}" for o in rows], justify="right")
    now = Col("now", [percent(o["mastery_now"]) for o in rows], justify="right")
    cols = [title, seen, now]
    if exam:
        cols.append(Col("exam day", [percent(o["mastery_exam"]) for o in rows], justify="right"))
    return Group(_heading("Mastery by objective"), fit_table([cols, cols[:1] + cols[2:]], width))


def concepts(f: Mapping, width: int) -> RenderableType:
    rows = f["concepts"]
    exam = _exam_columns(f)
    title = Col("concept", [c["title"] for c in rows], flex=True)
    seen = Col("seen", [f"{c['seen']}/{c['items']}" for c in rows], justify="right")
    due = Col("due", [str(c["due"]) for c in rows], justify="right")
    now = Col("now", [percent(c["mastery_now"]) for c in rows], justify="right")
    on_exam = Col("exam day", [percent(c["mastery_exam"]) for c in rows], justify="right") if exam else None
    drill = Col("drill it with", [c["drill"] for c in rows], style="cyan")
    ident = Col("id", [c["id"] for c in rows], style="cyan")
    figures = [seen, due, now] + ([on_exam] if on_exam else [])
    key = [now, on_exam] if on_exam else [now]
    with_drill = [[title, *figures, drill], [title, seen, *key, drill]]
    with_id = [[title, *figures, ident], [title, seen, *key, ident], [title, *key, ident]]
    fallback = [title, seen, due, now] + ([Col("exam", on_exam.cells)] if on_exam else []) + [Col("", drill.texts)]
    # The full command when it fits; else the id, with the command once above the table.
    if any(layout_width(cols, width - INDENT) for cols in with_drill):
        body = fit_table(with_drill, width)
        note = None
    elif any(layout_width(cols, width - INDENT) for cols in with_id):
        body = fit_table(with_id, width)
        note = Text.assemble("drill one with ", ("`fmprep quiz --topic ID`", "cyan"))
    else:
        body = fit_table([], width, fallback=fallback)
        note = None
    parts: list[RenderableType] = [_heading("Concepts, weakest first")]
    if note is not None:
        parts.append(Padding(note, (0, 0, 0, INDENT), expand=False))
    parts.append(body)
    return Group(*parts)


def forecast(f: Mapping, width: int) -> RenderableType:
    """A bar a day for the next 14 days; the exam day, when it falls inside them, is marked."""
    days = f["forecast"]
    exam_date = f.get("exam_date")
    top = max([d["due"] for d in days] + [1])
    count_width = len(str(top))
    marks = any(d["date"] == exam_date for d in days)
    label_width = len("Mon 11-25 ")
    room = width - INDENT - label_width - 1 - count_width - ((1 + cell_len(EXAM_MARK)) if marks else 0)
    scale = max(1, min(40, room))
    lines = []
    for d in days:
        day = _day(d["date"])
        is_exam = d["date"] == exam_date
        line = Text(" " * INDENT)
        line.append(f"{day:%a %m-%d} ", style="bold" if is_exam else "")
        bar = "█" * max(1, round(scale * d["due"] / top)) if d["due"] else ""
        line.append(bar, style="red" if is_exam else "cyan")
        line.append(f"{' ' if bar else ''}{d['due']}")
        if is_exam:
            line.append(f" {EXAM_MARK}", style="bold red")
        lines.append(line)
    return Group(_heading("Due in the next 14 days"), *lines)


def heatmap(f: Mapping, width: int) -> RenderableType:
    """Reviews a day over the last 12 weeks: a column a week, Monday on top, and a legend."""
    days = f["activity"]
    if not days:
        return Group(_heading("Activity, last 12 weeks"), Text("  no days to show"))
    lead = _day(days[0]["date"]).weekday()  # pad so that every column is a whole week starting on Monday
    cells: list[Optional[int]] = [None] * lead + [d["reviews"] for d in days]
    weeks = (len(cells) + 6) // 7
    busiest = max([d["reviews"] for d in days] + [1])
    gap = " " if INDENT + 4 + 2 * weeks - 1 <= width else ""
    rows = []
    for weekday in range(7):
        row = Text(" " * INDENT + WEEKDAYS[weekday] + " ")
        marks = []
        for week in range(weeks):
            i = week * 7 + weekday
            value = cells[i] if i < len(cells) else None
            if value is None:
                marks.append(" ")
            elif value == 0:
                marks.append("·")
            else:
                marks.append(SHADES[min(3, (4 * value - 1) // busiest)])
        row.append(gap.join(marks).rstrip(), style="green")
        rows.append(row)
    legend = Text.assemble(" " * INDENT, ("·", "green"), " none  ", (" ".join(SHADES), "green"),
                           f" up to {plural(busiest, 'review')} a day", style="dim")
    return Group(_heading("Activity, last 12 weeks (a column a week, Monday on top)"), *rows, legend)


def mocks(f: Mapping, width: int) -> Optional[RenderableType]:
    """The last few practice exams, newest last, each against the pass mark."""
    runs = f.get("mocks") or []
    if not runs:
        return None
    shown = list(runs)[-MOCKS_SHOWN:]

    def passed(m: Mapping) -> bool:
        if "passed" in m:
            return bool(m["passed"])
        return isinstance(m.get("score"), int) and m["score"] >= PASS_SCORE

    def shown_value(value: object) -> str:
        return "-" if value is None else str(value)

    date = Col("date", [shown_value(m.get("date"))[:10] for m in shown])
    score = Col("score", [shown_value(m.get("score")) for m in shown], justify="right")
    result = Col("result", [Text("pass", style="green") if passed(m) else Text("fail", style="red") for m in shown])
    correct = Col("correct", [f"{shown_value(m.get('correct'))}/{shown_value(m.get('questions'))}" for m in shown],
                  justify="right")
    parts: list[RenderableType] = [
        _heading(f"Practice exams (last {len(shown)} of {len(runs)}; pass mark {PASS_SCORE})"),
        fit_table([[date, score, result, correct], [date, score, result]], width),
    ]
    scores = [m.get("score") for m in shown[-2:]]
    if len(scores) == 2 and all(isinstance(s, int) for s in scores):
        change = scores[1] - scores[0]
        trend = "up" if change > 0 else "down" if change < 0 else "level"
        parts.append(Text(f"  {trend} {abs(change)} on the previous one" if change else "  level with the previous one"))
    return Group(*parts)


def leeches(f: Mapping, width: int) -> Optional[RenderableType]:
    """Items forgotten again and again, the most forgotten first (at most :data:`LEECHES_SHOWN`): how to drill each
    one's concept, or set it aside."""
    found = f.get("leeches") or []
    if not found:
        return None
    shown = list(found)[:LEECHES_SHOWN]
    item = Col("item", [plain(str(leech.get("id", ""))) for leech in shown])
    lapses = Col("lapses", [str(leech.get("lapses", "")) for leech in shown], justify="right")
    drill = Col("drill", [plain(str(leech.get("drill", "")), "cyan") for leech in shown])
    suspend = Col("or set aside", [plain(str(leech.get("suspend", "")), "cyan") for leech in shown])
    parts: list[RenderableType] = [
        _heading(f"Leeches: {plural(len(found), 'item')} forgotten {f.get('leech_lapses')} times or more "
                 "once learned")]
    layouts = [[item, lapses, drill, suspend], [item, lapses, suspend]]
    if not any(layout_width(cols, width - INDENT) for cols in layouts):  # the ids alone, the command once above
        parts.append(Padding(Text.assemble("set one aside with ", ("fmprep suspend ID", "cyan")), (0, 0, 0, INDENT),
                             expand=False))
        layouts = [[item, lapses]]
    parts.append(fit_table(layouts, width))
    if len(found) > len(shown):
        parts.append(paragraph(Text.assemble(f"and {len(found) - len(shown)} more (", ("fmprep stats --json", "cyan"),
                                             " lists them all)"), indent=INDENT))
    parts.append(paragraph(plain("Rewrite the item in your own words, or study its concept again; suspending leaves "
                                 "it out of quiz, mock and these figures.", "dim"), indent=INDENT))
    return Group(*parts)


def report(data: Mapping) -> RenderableType:
    """The whole `fmprep stats` report for the ``compute`` dict (with an optional ``mocks`` list)."""

    def build(width: int) -> RenderableType:
        parts: list[RenderableType] = [totals(data, width), Text(), readiness(data, width), Text(), objectives(data, width),
                                       Text(), concepts(data, width), Text(), forecast(data, width), Text(),
                                       heatmap(data, width)]
        for extra in (leeches(data, width), mocks(data, width)):
            if extra is not None:
                parts += [Text(), extra]
        return Group(*parts)

    return Measured(build)
