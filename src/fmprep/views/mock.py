"""The practice exam's pieces of screen: the question header with the clock, the review page, the result, the
walk-through. Pure: data in, Rich renderables out; deck text through :func:`fmprep.console.plain`."""

from __future__ import annotations

from typing import Optional, Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fmprep.console import plain, plain_line
from fmprep.deck import ChoiceQuestion, OrderingQuestion, Reviewable
from fmprep.grading import MatchingResult, OrderingResult, Presentation, mark_choice, right_order, right_pairs
from fmprep.mock import PASS_SCORE, answer_letters
from fmprep.mockdata import MockRecord
from fmprep.views.quiz import bar, choice_feedback, indented, matching_feedback, ordering_feedback, prompt


def clock(seconds: float) -> str:
    """``24:13`` (or ``1:02:03`` from an hour up)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def header(number: int, total: int, remaining: float, answered: int, flagged: int, kind: str,
           is_flagged: bool) -> RenderableType:
    """``Practice exam · Question 3 of 20 · 24:13 left``, a bar of questions answered, and the question's kind."""
    urgent = remaining < 60
    top = Text("Practice exam", style="bold") + Text(f" · Question {number} of {total} · ") + Text(
        f"{clock(remaining)} left", style="bold red" if urgent else "bold")
    counts = bar(answered, total) + Text(f" {answered} answered · {flagged} flagged")
    kind_line = Text(kind, style="bold cyan") + (Text("  ⚑ flagged for review", style="yellow") if is_flagged
                                                else Text(""))
    return Group(top, counts, kind_line)


def your_answer(letters: Optional[str]) -> Text:
    if letters is None:
        return Text("  Your answer: none yet", style="dim")
    return Text("  Your answer: ", style="dim") + Text(letters, style="bold")


def review_page(rows: Sequence[tuple[int, str, bool, bool]], current: int) -> RenderableType:
    """Every question: number, kind, answered or not, flagged or not; ``current`` is marked."""
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    for _ in range(4):
        grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for number, kind, answered, flagged in rows:
        grid.add_row("▶" if number - 1 == current else " ", Text(f"{number:>2}", style="bold"),
                     Text("answered  " if answered else "unanswered", style="" if answered else "yellow"),
                     Text("⚑" if flagged else " ", style="yellow"), plain_line(kind, "dim"))
    answered = sum(1 for r in rows if r[2])
    flagged = sum(1 for r in rows if r[3])
    title = Text("Review", style="bold") + Text(f" · {answered} answered · {len(rows) - answered} unanswered · "
                                               f"{flagged} flagged")
    return Group(title, Text(""), grid)


def confirm_submit(unanswered: int, flagged: int) -> RenderableType:
    lines = [Text("Submit the exam now?", style="bold")]
    if unanswered:
        lines.append(Text(f"  {unanswered} question{'s' * (unanswered != 1)} unanswered (counted wrong).",
                          style="yellow"))
    if flagged:
        lines.append(Text(f"  {flagged} question{'s' * (flagged != 1)} flagged for review.", style="yellow"))
    lines.append(Text("  y submits; any other key goes back.", style="dim"))
    return Group(*lines)


def result(record: MockRecord, objective_titles: dict[str, str], kinds: dict[str, str]) -> RenderableType:
    """The score (an estimate on AWS's 100-1,000 scale), pass or fail, per objective, time, and each question."""
    share = record.correct / record.questions
    verdict = Text(" PASS ", style="bold black on green") if record.passed else Text(" FAIL ", style="bold white on red")
    top = Text("Practice exam result  ", style="bold") + verdict
    score = indented(Text(f"Score {record.score} (pass mark {PASS_SCORE}) · {record.correct} of {record.questions} "
                          f"right ({round(100 * share)}%) · time used {clock(record.used)} of {clock(record.limit)}"))
    note = indented(Text("The score is an estimate: AWS does not publish its scaling; fmprep maps 70% right to 700.",
                         style="dim"))
    per = Table.grid(padding=(0, 1), pad_edge=False)
    per.add_column(ratio=1)
    per.add_column(no_wrap=True)
    per.add_column(no_wrap=True, justify="right")
    for o in record.objectives:
        per.add_row(Text("  ") + plain_line(objective_titles.get(o.objective, o.objective)), bar(o.correct, o.questions, 10),
                    Text(f"{o.correct}/{o.questions}"))
    questions = Table.grid(padding=(0, 1), pad_edge=False)
    questions.add_column(no_wrap=True, justify="right")
    questions.add_column(no_wrap=True)
    questions.add_column(no_wrap=True)
    questions.add_column(ratio=1)
    for n, row in enumerate(record.items, 1):
        mark = Text("✓ right", style="green") if row.correct else Text(
            "✗ wrong" if row.answer is not None else "✗ unanswered", style="red")
        questions.add_row(Text(f"  {n}"), mark, Text("⚑" if row.flagged else " ", style="yellow"),
                          plain_line(kinds.get(row.item, row.item), "dim"))
    return Group(top, Text(""), score, note, Text(""), Text("By objective", style="bold"), per, Text(""),
                 Text("Questions", style="bold"), questions)


def walk_item(number: int, total: int, unit: Reviewable, order: Sequence[int], answer: Optional[Sequence[int]],
              flagged: bool) -> RenderableType:
    """One question of a finished mock: the learner's answer, the right one and every option's explanation."""
    question = unit.question
    title = Text(f"Question {number} of {total} · ", style="bold") + Text(question.kind.title, style="bold cyan")
    if flagged:
        title += Text("  ⚑ flagged", style="yellow")
    parts: list[RenderableType] = [title]
    if unit.case is not None:
        parts += [Text("Case study: ", style="bold") + plain(unit.case.title, "bold"), indented(plain(unit.case.scenario))]
    parts.append(prompt(question.prompt))
    shown = Presentation(tuple(order))
    answered = answer is not None
    parts.append(your_answer(answer_letters(question, order, answer) if answered else None))
    if isinstance(question, ChoiceQuestion):
        picks = {order.index(i) for i in answer} if answered else set()
        parts.append(choice_feedback(question, mark_choice(question, shown, picks), answered))
    elif isinstance(question, OrderingQuestion):
        given = tuple(answer) if answered else ()
        result = OrderingResult(given == tuple(range(len(order))), given, right_order(shown))
        parts.append(ordering_feedback(question, result, answered))
    else:
        pairs = tuple((n, answer[n] if answered else None, answered and answer[n] == n) for n in range(len(order)))
        result = MatchingResult(all(ok for _, _, ok in pairs), pairs, right_pairs(shown))
        parts.append(matching_feedback(question, result, answered))
    return Group(*parts)


def history(rows: Sequence[dict], objective_titles: dict[str, str]) -> RenderableType:
    """``fmprep mock --history``: each finished exam with its date, score, pass or fail and objectives."""
    grid = Table.grid(padding=(0, 2), pad_edge=False)
    for justify in ("left", "right", "left", "right", "left"):
        grid.add_column(no_wrap=True, justify=justify)
    grid.add_row(*(Text(h, style="bold") for h in ("date", "score", "", "right", "by objective")))
    for row in rows:
        per = "  ".join(f"{o['correct']}/{o['questions']}" for o in row["objectives"])
        grid.add_row(plain_line(row["date"]), plain_line(row["score"]),
                     Text("pass", style="green") if row["passed"] else Text("fail", style="red"),
                     plain_line(f"{row['correct']}/{row['questions']}"), plain_line(per))
    legend = plain_line("  by objective: " + " · ".join(f"{n + 1} {t}" for n, t in enumerate(objective_titles.values())),
                        "dim")
    return Group(Text("Practice exams", style="bold"), grid, legend)
