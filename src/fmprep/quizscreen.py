"""The quiz controller: shows items one by one, grades them, saves after each answer, handles u, q and ?."""

from __future__ import annotations

import time
from typing import Callable, Optional

from fmprep.deck import CaseStudy, ChoiceQuestion, Flashcard, MatchingQuestion, OpenQuestion, OrderingQuestion
from fmprep.grading import (
    LETTERS, ChoiceResult, Hint, MatchingResult, OrderingResult, grade_choice, grade_matching, grade_ordering, present,
)
from fmprep.keys import HELP, QUIT, UNDO, EndOfInput, LineInput
from fmprep.scheduler import Grade
from fmprep.screen import BOLD, CYAN, DIM, GREEN, RED, YELLOW, Screen
from fmprep.session import Session, Summary


class QuizRunner:
    """Shows items one by one, grades them, saves after each answer (``save``), and handles u, q and ?."""

    def __init__(self, session: Session, screen: Screen, keys: LineInput, clock: Callable, rng,
                 save: Callable[[], None], concept_titles: dict[str, str], banner: str = ""):
        self.session = session
        self.screen = screen
        self.keys = keys
        self.clock = clock
        self.rng = rng
        self.save = save
        self.titles = concept_titles
        self.banner = banner
        self._case_shown: Optional[CaseStudy] = None
        self.answered = False

    def run(self) -> Summary:
        pending = None
        try:
            while True:
                unit = pending or self.session.next(self.clock())
                pending = None
                if unit is None:
                    break
                outcome = self.ask(unit)
                if outcome == QUIT:
                    if not self.answered:
                        self.session.put_back(unit)
                    break
                if outcome == UNDO:
                    pending = self.undo(unit)
        except EndOfInput:
            pass
        return self.session.summary()

    def undo(self, shown):
        """Take back the last answer and return the item to show next. ``shown`` is the item on screen."""
        session, screen = self.session, self.screen
        if not session.answers:
            screen.line(screen.style("Nothing to undo yet.", YELLOW))
            return shown
        if not self.answered:
            session.put_back(shown)
        unit = session.undo()
        self.save()
        screen.line(screen.style("Undone: your last answer is taken back.", YELLOW))
        return unit

    # -- one item ----------------------------------------------------------------------------------------
    def header(self, unit) -> None:
        s, screen = self.session.counts(), self.screen
        concepts = ", ".join(self.titles.get(c, c) for c in unit.concepts)
        screen.line(screen.style("─" * min(screen.width, 72), DIM))
        screen.line(screen.style(f"{s['left']} left · {s['again']} again", DIM)
                    + ("  " + screen.style(self.banner, DIM) if self.banner else ""))
        screen.line(screen.style(unit.question.kind.title, BOLD, CYAN)
                    + screen.style(" · ", DIM) + screen.text(concepts, DIM))
        if unit.case is not None:
            case = unit.case
            number = case.questions.index(unit.question) + 1
            screen.line(screen.style("Case study: ", BOLD) + screen.text(case.title, BOLD)
                        + screen.style(f" (question {number} of {len(case.questions)})", DIM))
            if self._case_shown is not case:
                screen.paragraph(case.scenario, indent="  ")
                self._case_shown = case
            else:
                screen.line(screen.style("  (scenario above)", DIM))
        else:
            self._case_shown = None
        screen.line()

    def ask(self, unit) -> Optional[str]:
        """Show one item and take its answer: None to go on, or UNDO / QUIT (``self.answered`` says if it was)."""
        self.answered = False
        self.header(unit)
        question = unit.question
        start = time.monotonic()
        if isinstance(question, (Flashcard, OpenQuestion)):
            return self.ask_recall(unit, start)
        if isinstance(question, ChoiceQuestion):
            return self.ask_choice(unit, start)
        return self.ask_typed(unit, start)

    def _help(self, lines: list[str]) -> None:
        for line in lines + ["u  undo the last answer", "q  end the session (answers so far are saved)",
                             "?  show these keys", "Ctrl-C  end at once"]:
            self.screen.line(self.screen.style("  " + line, DIM))

    def _commit(self, unit, grade: int, start: float, correct: Optional[bool] = None) -> None:
        self.session.answer(unit, grade, int((time.monotonic() - start) * 1000), self.clock(), correct)
        self.save()
        self.answered = True

    def _after_feedback(self) -> Optional[str]:
        """After exam-item feedback: wait for a key on a terminal; scripts go straight on."""
        if not self.keys.interactive:
            return None
        while True:
            result = self.keys.step(self.screen, self.screen.style("[Space/Enter] next  u undo  q quit ", DIM),
                                    {"": "next", " ": "next"})
            if result == HELP:
                self._help(["Space/Enter  next item"])
                continue
            return None if result == "next" else result

    def ask_recall(self, unit, start: float) -> Optional[str]:
        question, screen = unit.question, self.screen
        screen.paragraph(question.front if isinstance(question, Flashcard) else question.prompt, indent="  ")
        screen.line()
        while True:
            result = self.keys.step(screen, screen.style("[Space/Enter] reveal  u undo  q quit  ? help ", DIM),
                                    {"": "reveal", " ": "reveal"})
            if result != HELP:
                break
            self._help(["Space/Enter  show the answer"])
        if result != "reveal":
            return result
        if isinstance(question, Flashcard):
            screen.paragraph(question.back, indent="  ", first="  ", codes=(GREEN,))
        else:
            screen.paragraph(question.answer, indent="  ", first="  ", codes=(GREEN,))
            for other in question.also_valid:
                screen.paragraph(other, indent="    ", first="  also valid: ")
        screen.line()
        while True:
            result = self.keys.step(
                screen, screen.style("Grade: 1 Again  2 Hard  3 Good  4 Easy  (Space/Enter = Good) ", DIM),
                {"1": 1, "2": 2, "3": 3, "4": 4, "": 3, " ": 3})  # type: ignore[dict-item]
            if result != HELP:
                break
            self._help(["1 Again (forgot)  2 Hard  3 Good  4 Easy", "Space/Enter  Good"])
        if result in (UNDO, QUIT):
            return result  # type: ignore[return-value]
        self._commit(unit, Grade(result), start)
        screen.line(screen.style(f"  -> {Grade(result).name.title()}", DIM))
        return None

    def ask_choice(self, unit, start: float) -> Optional[str]:
        question, screen = unit.question, self.screen
        shown = present(len(question.options), self.rng)
        screen.paragraph(question.prompt, indent="  ")
        right = sum(o.correct for o in question.options)
        screen.line(screen.style(f"  Select {'ONE' if not question.multiple else f'{right}'}; "
                                 "type the letter" + ("s" if question.multiple else "") + ", then Enter.", DIM))
        for k, i in enumerate(shown.order):
            screen.paragraph(question.options[i].text, indent="     ", first=f"  {LETTERS[k]}) ")
        while True:
            picks = self.keys.picks(screen, len(question.options), single=not question.multiple)
            if picks == HELP:
                self._help([f"a-{LETTERS[len(question.options) - 1]}  pick or unpick an option", "Enter  submit"])
                continue
            if isinstance(picks, str):
                return picks
            result = grade_choice(question, shown, picks)
            if isinstance(result, Hint):
                screen.line(screen.style(result.message, YELLOW))
                continue
            break
        self._commit(unit, Grade.for_exam_answer(result.correct), start, result.correct)
        self.choice_feedback(question, result)
        return self._after_feedback()

    def _verdict(self, correct: bool) -> None:
        screen = self.screen
        screen.line()
        screen.line(screen.style("  ✓ Correct", BOLD, GREEN) if correct else screen.style("  ✗ Not quite", BOLD, RED))

    def choice_feedback(self, question: ChoiceQuestion, result: ChoiceResult) -> None:
        screen = self.screen
        self._verdict(result.correct)
        colours = {"right pick": GREEN, "missed": YELLOW, "wrong pick": RED}
        for row in result.options:
            option = question.options[row.index]
            mark = f"[{row.verdict}]" if row.verdict else ("[right]" if row.right else "")
            screen.paragraph(option.text, indent="       ", first=f"  {row.letter}) ", codes=(colours[row.verdict],) if row.verdict else ())
            if mark:
                screen.line("       " + screen.style(mark, colours.get(row.verdict, DIM), BOLD))
            screen.paragraph(option.why, indent="       ", first="       ", codes=(DIM,))
        screen.paragraph(question.explanation, indent="  ", first="  Explanation: ")

    def ask_typed(self, unit, start: float) -> Optional[str]:
        question, screen = unit.question, self.screen
        screen.paragraph(question.prompt, indent="  ")
        if isinstance(question, OrderingQuestion):
            shown = present(len(question.steps), self.rng)
            for k, i in enumerate(shown.order):
                screen.paragraph(question.steps[i], indent="     ", first=f"  {LETTERS[k]}) ")
            screen.line(screen.style(f"  Type the letters in the right order (e.g. "
                                     f"{LETTERS[:len(question.steps)][::-1]}), then Enter.", DIM))
            grade = lambda text: grade_ordering(question, shown, text)  # noqa: E731
            help_lines = ["letters, in order, then Enter"]
        else:
            shown = present(len(question.pairs), self.rng)
            for n, (left, _) in enumerate(question.pairs):
                screen.paragraph(left, indent="     ", first=f"  {n + 1}. ")
            screen.line(screen.style("  with", DIM))
            for k, i in enumerate(shown.order):
                screen.paragraph(question.pairs[i][1], indent="     ", first=f"  {LETTERS[k]}) ")
            screen.line(screen.style("  Type a letter for each number, like 1b 2c 3a, then Enter.", DIM))
            grade = lambda text: grade_matching(question, shown, text)  # noqa: E731
            help_lines = ["pairs such as 1b 2c 3a, then Enter"]
        while True:
            text = self.keys.text(screen)
            if text == HELP:
                self._help(help_lines)
                continue
            if text in (UNDO, QUIT):
                return text
            result = grade(text)
            if isinstance(result, Hint):
                screen.line(screen.style(result.message, YELLOW))
                continue
            break
        self._commit(unit, Grade.for_exam_answer(result.correct), start, result.correct)
        if isinstance(result, OrderingResult):
            self._verdict(result.correct)
            screen.line(f"  The right order is {result.right_letters}:")
            for n, i in enumerate(range(len(question.steps))):
                screen.paragraph(question.steps[i], indent="       ", first=f"    {n + 1}. ")
        else:
            self.matching_feedback(question, result)
        screen.paragraph(question.explanation, indent="  ", first="  Explanation: ")
        return self._after_feedback()

    def matching_feedback(self, question: MatchingQuestion, result: MatchingResult) -> None:
        screen = self.screen
        self._verdict(result.correct)
        for n, given, ok in result.pairs:
            left, right = question.pairs[n]
            mark = screen.style("✓", GREEN) if ok else screen.style("✗", RED)
            line = f"{left} -> {right}" + ("" if ok else f"  (you paired: {question.pairs[given][1]})")
            screen.paragraph(line, indent="       ", first=f"  {mark} {n + 1}{result.right_letters[n]} ")


def print_summary(screen: Screen, summary: Summary, titles: dict[str, str], now, cram: bool) -> None:
    """The end of a session: answered, correct, per concept, time spent, and when the next items are due."""
    screen.line(screen.style("─" * min(screen.width, 72), DIM))
    if not summary.answered:
        screen.line("No answers this session.")
    else:
        share = round(100 * summary.correct / summary.answered)
        minutes, seconds = divmod(round(summary.ms / 1000), 60)
        screen.line(screen.style(f"Session over: {summary.answered} answered, {summary.correct} correct ({share}%), "
                                 f"{minutes}m {seconds:02d}s.", BOLD))
        rows = [[titles.get(c, c), str(n), str(k)] for c, (n, k) in sorted(summary.per_concept.items(),
                                                                            key=lambda kv: kv[1][1] / kv[1][0])]
        screen.table(["concept", "answered", "correct"], rows, right=(1, 2))
    if cram:
        screen.line("Cram session: your schedule was not changed.")
    elif summary.next_due is not None:
        screen.line(f"Next item due: {describe_due(summary.next_due, now)}.")


def describe_due(due, now) -> str:
    local = due.astimezone()
    seconds = (due - now).total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 3600:
        return f"{local:%Y-%m-%d %H:%M} (in {max(1, round(seconds / 60))} min)"
    if seconds < 86400 * 2:
        return f"{local:%Y-%m-%d %H:%M} (in {round(seconds / 3600)} h)"
    return f"{local:%Y-%m-%d %H:%M} (in {round(seconds / 86400)} days)"
