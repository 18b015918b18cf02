"""The quiz's pieces of screen: header, item, answer, feedback, grade keys. Pure: data in, Rich renderables out.

Every string from the deck goes through :func:`fmprep.console.plain` (sanitized ``Text``, never markup).
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Optional, Sequence

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fmprep.console import plain
from fmprep.deck import CaseStudy, ChoiceQuestion, Flashcard, MatchingQuestion, OrderingQuestion, Reviewable
from fmprep.grading import LETTERS, ChoiceResult, MatchingResult, OrderingResult
from fmprep.scheduler import Grade
from fmprep.views import Measured, packed

BAR_WIDTH = 20
VERDICT_STYLES = {"right pick": "green", "missed": "yellow", "wrong pick": "red"}
VERDICT_MARKS = {"right pick": "✓", "missed": "!", "wrong pick": "✗"}


def labelled(rows: Iterable[tuple[Text, Text]], indent: int = 2) -> Table:
    """Label / text rows with a hanging indent: the text wraps under itself, never under the label."""
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for label, text in rows:
        grid.add_row(Text(" " * indent) + label, text)
    return grid


def indented(text: Text, indent: int = 2) -> Table:
    grid = Table.grid(pad_edge=False)
    grid.add_column(width=indent, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row("", text)
    return grid


def bar(done: int, whole: int, width: int = BAR_WIDTH) -> Text:
    filled = round(width * done / whole) if whole else width
    return Text("█" * filled, style="cyan") + Text("░" * (width - filled), style="dim")


def kind_title(unit: Reviewable) -> str:
    """``Multiple choice``, or ``Case study · Multiple choice`` for a case study's question."""
    kind = unit.question.kind.title
    return kind if unit.case is None else f"Case study · {kind}"


def header(kind: str, concepts: Sequence[str], objectives: Sequence[str], counts: dict[str, int],
           banner: str = "") -> RenderableType:
    """Kind, concepts and objectives of the item; a progress bar and what is left (``counts`` from
    :meth:`Session.counts`: left only goes down; items waiting on a learning step are counted apart)."""
    title = Text(kind, style="bold cyan") + Text(" · ", style="dim") + plain(", ".join(concepts))
    full = " · ".join(objectives)
    short = " · ".join(o.split()[0] for o in objectives if o.split())  # e.g. "3.3.1 · 3.3.2"

    def where(width: int) -> Text:
        return plain(full if cell_len(full) <= width or not short else short, "dim")
    left = counts["left"]
    rest = [Text(f"{counts['again']} again", style="yellow")] if counts["again"] else []
    rest += [Text(banner, style="dim")] if banner else []

    def progress(width: int) -> RenderableType:
        """The bar and what is left; in a narrow window the bar shrinks (to 5 cells), then the line breaks between
        figures ("exam in 24 days" stays whole)."""
        after = cell_len(f" {left} left") + sum(3 + cell_len(t.plain) for t in rest)
        size = max(5, min(BAR_WIDTH, width - after))
        first = bar(counts["planned"] - left, counts["planned"], size) + Text(f" {left} left")
        return Group(*packed([first, *rest], width))
    return Group(title, Measured(where), Measured(progress))


def scenario(case: CaseStudy, number: int) -> RenderableType:
    title = Text("Case study: ", style="bold") + plain(case.title, "bold") + Text(
        f" (question {number} of {len(case.questions)})", style="dim")
    return Group(title, indented(plain(case.scenario)), Text(""))


def prompt(text: str) -> RenderableType:
    return indented(plain(text, "bold"))


def options(texts: Sequence[str], order: Sequence[int], picked: Iterable[int] = ()) -> RenderableType:
    """Options lettered a, b, c... in the shown ``order``; ``picked`` holds shown positions, marked."""
    chosen = set(picked)
    return labelled((Text(f"{'●' if k in chosen else ' '} {LETTERS[k]})", style="bold" if k in chosen else ""),
                     plain(texts[i])) for k, i in enumerate(order))


def instruction(text: str) -> RenderableType:
    return indented(Text(text, style="dim"))


def choice_instruction(question: ChoiceQuestion, then_enter: bool = True) -> RenderableType:
    need = question.right_count
    return instruction(f"Select {need}: " + ("type its letter" if need == 1 else "type their letters")
                       + (", then Enter." if then_enter else "."))


def ordering_item(question: OrderingQuestion, order: Sequence[int],
                  typing: str = "Type all the letters in the right order, the first step first, then Enter."
                  ) -> RenderableType:
    return Group(options(question.steps, order), instruction(typing))


def matching_item(question: MatchingQuestion, order: Sequence[int],
                  typing: str = "Type a letter for each number, like 1b 2c 3a, then Enter.") -> RenderableType:
    prompts = labelled((Text(f"{n + 1}."), plain(left)) for n, (left, _) in enumerate(question.pairs))
    answers = options([right for _, right in question.pairs], order)
    return Group(prompts, Text("  with", style="dim"), answers, instruction(typing))


def recall_answer(question) -> RenderableType:
    """The answer side of a flashcard or open question (with the other answers the source also accepts)."""
    label = Text("\n  Answer", style="bold")
    if isinstance(question, Flashcard):
        return Group(label, indented(plain(question.back, "green")))
    parts: list[RenderableType] = [label, indented(plain(question.answer, "green"))]
    parts += [labelled([(Text("also valid:", style="dim"), plain(other))]) for other in question.also_valid]
    return Group(*parts)


def verdict(correct: Optional[bool]) -> Text:
    """✓ Correct, ✗ Not quite, or (None) ✗ Not answered."""
    if correct is None:
        return Text("\n  ✗ Not answered", style="bold red")
    return Text("\n  ✓ Correct", style="bold green") if correct else Text("\n  ✗ Not quite", style="bold red")


def explanation(text: str) -> RenderableType:
    return labelled([(Text("Explanation:", style="bold"), plain(text))])


def choice_feedback(question: ChoiceQuestion, result: ChoiceResult, answered: bool = True) -> RenderableType:
    """Every option with what the pick was (right pick, missed, wrong pick) and why it is right or wrong."""
    rows = []
    for row in result.options:
        option = question.options[row.index]
        style = VERDICT_STYLES.get(row.verdict, "")
        mark = VERDICT_MARKS.get(row.verdict, " ")
        note = f"[{row.verdict}]" if row.verdict else ("[right]" if row.right else "")
        # The note first: at the start of its cell it is never broken across lines.
        text = (Text(f"{note} ", style=f"bold {style}".strip()) if note else Text("")) + plain(option.text, style)
        rows.append((Text(f"{mark} {row.letter})", style=style), text + Text("\n") + plain(option.why, "dim")))
    return Group(verdict(result.correct if answered else None), labelled(rows), explanation(question.explanation))


def ordering_feedback(question: OrderingQuestion, result: OrderingResult, answered: bool = True) -> RenderableType:
    steps = labelled((Text(f"{n + 1}."), plain(step)) for n, step in enumerate(question.steps))
    return Group(verdict(result.correct if answered else None), Text(f"  The right order is {result.right_letters}:"),
                 steps, explanation(question.explanation))


def matching_feedback(question: MatchingQuestion, result: MatchingResult, answered: bool = True) -> RenderableType:
    rows = []
    for n, given, ok in result.pairs:
        left, right = question.pairs[n]
        text = plain(f"{left} -> {right}")
        if given is None:
            text += Text("  (no answer)", style="dim")
        elif not ok:
            text += Text("  (you paired: ") + plain(question.pairs[given][1]) + Text(")")
        mark = Text("✓", style="green") if ok else Text("✗", style="red")
        rows.append((mark + Text(f" {n + 1}{result.right_letters[n]}"), text))
    return Group(verdict(result.correct if answered else None), labelled(rows), explanation(question.explanation))


def interval(span: dt.timedelta) -> str:
    """A next interval as Anki shows it on its buttons: 1m, 10m, 3h, 4d, 2.5mo, 1.2y."""
    minutes = span.total_seconds() / 60
    if round(minutes) < 60:
        return f"{max(1, round(minutes))}m"
    if round(minutes / 60) < 24:
        return f"{round(minutes / 60)}h"
    days = minutes / 60 / 24
    if round(days) < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo".replace(".0mo", "mo")
    return f"{days / 365:.1f}y".replace(".0y", "y")


def grade_keys(intervals: dict[Grade, dt.timedelta]) -> RenderableType:
    """``1 Again 1m  2 Hard 6m  3 Good 10m  4 Easy 3d  Space/Enter Good``: each key with its grade and when that
    grade brings the item back."""
    pieces = [Text(f"{grade.value} ", style="bold") + Text(f"{grade.name.title()} ")
              + Text(interval(intervals[grade]), style="cyan") for grade in Grade]
    return Keys(pieces + [Text("Space/Enter Good", style="dim")], "  ")


def hint(*keys: str) -> RenderableType:
    """A key hint line: ``Space/Enter reveal · u undo · q quit · ? help``."""
    return Keys([Text(k, style="dim") for k in keys], " · ")


class Keys:
    """Key hints that wrap between hints, never inside one (``u undo`` stays together)."""

    def __init__(self, pieces: list[Text], separator: str):
        self.pieces = pieces
        self.separator = separator

    def __rich_console__(self, console, options):
        width = options.max_width
        line = Text()
        for piece in self.pieces:
            joined = line + Text(self.separator, style="dim") + piece if line else piece
            if line and joined.cell_len > width:
                yield line
                line = piece.copy()
            else:
                line = joined
        yield line


def status(message: str, style: str = "yellow") -> Text:
    return plain(message, style)


def suspended(item_id: str) -> Text:
    """The status after ``!``: the id once (the learner needs it to bring the item back), kept short enough that a
    40-column window still shows the next item under it."""
    return status(f"Suspended {item_id} (u undoes; `fmprep unsuspend ID` brings it back).")


QUIZ_KEYS = ("u  undo the last answer (or suspension)",
             "!  suspend this item: it leaves every session until `fmprep unsuspend ID`",
             "q  end the session (answers so far are saved)", "?  show these keys",
             "↑ ↓ PgUp PgDn  scroll when the item is taller than the window", "Ctrl-C  end at once")


def help_lines(lines: Sequence[str], common: Sequence[str] = QUIZ_KEYS) -> RenderableType:
    """The ``?`` help: the keys of this step, then the keys that work at every step."""
    return Group(*(Text(f"  {line}", style="dim") for line in [*lines, *common]))


def due_text(due: dt.datetime, now: dt.datetime) -> str:
    """When an item is due, in the learner's time: ``2026-11-25 09:10 (in 10 min)``."""
    local = due.astimezone()
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"{local:%Y-%m-%d %H:%M} (in {max(1, round(seconds / 60))} min)"
    if seconds < 86400 * 2:
        return f"{local:%Y-%m-%d %H:%M} (in {round(seconds / 3600)} h)"
    return f"{local:%Y-%m-%d %H:%M} (in {round(seconds / 86400)} days)"
