"""The quiz controller: one item at a time on the screen, keys in, answers graded, saved after each one.

It drives a :class:`~fmprep.session.Session` (what comes next, what an answer does), reads keys from
:mod:`fmprep.keys`, builds frames from :mod:`fmprep.views.quiz` and puts them on the terminal with
:mod:`fmprep.display`. On a terminal single keys act at once; off one, answers come a line each (see ``keys``).
"""

from __future__ import annotations

import itertools
import time
from typing import Callable, NamedTuple, Optional, Union

from rich.console import Group

from fmprep.deck import ChoiceQuestion, Deck, Flashcard, OpenQuestion, OrderingQuestion, Reviewable
from fmprep.display import Frame
from fmprep.grading import LETTERS, Hint, grade_choice, grade_matching, grade_ordering, parse_letters, present
from fmprep.keys import HELP, QUIT, SCROLL, SUSPEND, UNDO, EndOfInput, command, key_name
from fmprep.scheduler import Grade
from fmprep.session import Session, Suspension
from fmprep.views import quiz as view

HANDLED = "handled"  # a command key that did its work where it was pressed (help, an undo with nothing to undo)
GRADE_KEYS = {"1": Grade.AGAIN, "2": Grade.HARD, "3": Grade.GOOD, "4": Grade.EASY,
              "enter": Grade.GOOD, "space": Grade.GOOD}


class Outcome(NamedTuple):
    """How showing an item ended: ``command`` is None (go on), UNDO, SUSPEND or QUIT; ``answered`` says if it was
    graded."""

    command: Optional[str]
    answered: bool


class QuizScreen:
    def __init__(self, session: Session, deck: Deck, display, keys, clock: Callable, rng,
                 save: Callable[[], None], banner: str = ""):
        self.session = session
        self.display = display
        self.keys = keys
        self.clock = clock
        self.rng = rng
        self.save = save
        self.banner = banner
        self.titles = {c.id: c.title for c in deck.concepts}
        objective_titles = {o.id: o.title for o in deck.objectives}
        self.objectives = {c.id: [objective_titles[o] for o in c.objectives] for c in deck.concepts}
        self.frame = Frame()
        self._pages = itertools.count(1)

    # -- the loop -----------------------------------------------------------------------------------------
    def run(self) -> None:
        """Show items until the session is over, q is pressed or input ends. Every answer is saved as given."""
        pending: Optional[Reviewable] = None
        try:
            while True:
                unit = pending or self.session.next(self.clock())
                pending = None
                if unit is None:
                    return
                outcome = self.ask(unit)
                if outcome.command == QUIT:
                    if not outcome.answered:
                        self.session.put_back(unit)
                    return
                if outcome.command == UNDO:
                    pending = self.undo(unit, outcome.answered)
                if outcome.command == SUSPEND:
                    self.suspend(unit)
        except EndOfInput:
            return

    def undo(self, shown: Reviewable, answered: bool) -> Reviewable:
        """Take back the last answer (``action`` lets u through only when there is one); returns the item to show
        next (``shown`` is the one on screen)."""
        if not answered:
            self.session.put_back(shown)
        last = self.session.undoable[-1]
        unit = self.session.undo()
        self.save()
        if isinstance(last, Suspension):
            self.frame.status = view.status(f"Undone: {last.unit.id} is back in your studies.")
        else:
            self.frame.status = view.status("Undone: your last answer is taken back.")
        return unit

    def suspend(self, unit: Reviewable) -> None:
        """Set the item aside for good (until `fmprep unsuspend`); u takes it back."""
        self.session.suspend(unit)
        self.save()
        self.frame.status = view.suspended(unit.id)

    # -- frames -------------------------------------------------------------------------------------------
    def start_item(self, unit: Reviewable, blocks: list) -> None:
        """A new item on screen: its header and first blocks (a case study's scenario comes first)."""
        question = unit.question
        objectives = list(dict.fromkeys(t for c in unit.concepts for t in self.objectives.get(c, ())))
        self.frame.header = view.header(view.kind_title(unit), [self.titles.get(c, c) for c in unit.concepts], objectives,
                                        self.session.counts(), self.banner)
        scenario = [] if unit.case is None else [view.scenario(unit.case, unit.case.questions.index(question) + 1)]
        self.frame.body = scenario + blocks
        self.frame.focus = len(scenario)  # the question itself; the scenario is above it (scroll up to read)
        self.frame.item = self.frame.page = next(self._pages)

    def add_blocks(self, *blocks, replacing: int = 0) -> None:
        """A new phase of the same item (answer, feedback), in place of the last ``replacing`` blocks (the options
        once there is feedback on each): the view scrolls to the first new block."""
        kept = self.frame.body[:len(self.frame.body) - replacing]
        self.frame.focus = len(kept)
        self.frame.body = kept + list(blocks)
        self.frame.page = next(self._pages)

    def draw(self) -> None:
        self.display.show(self.frame)

    # -- input --------------------------------------------------------------------------------------------
    def key(self) -> Optional[str]:
        """The next key on a terminal (scrolling and resizing handled here); None when there is none to act on."""
        self.draw()
        key = self.keys.key()
        self.frame.status = None
        if key in SCROLL:
            self.display.scroll(SCROLL[key])
            return None
        if key in (None, "resize"):
            return None
        return key

    def line(self) -> str:
        """The next line of scripted input."""
        self.draw()
        self.display.prompt(self.frame)
        try:
            text = self.keys.line()
        finally:
            self.display.answered()
        return text

    def action(self, key: str, help_lines: list[str]) -> Optional[str]:
        """The session command a key (or a line) stands for: UNDO, SUSPEND or QUIT, which end the item; HANDLED when the key
        did its work here (? shows the keys; u with nothing to undo says so, and the item stays as it is); None
        when it is no command."""
        action = command(key)
        if action == HELP:
            self.frame.status = view.help_lines(help_lines)
            return HANDLED
        if action == UNDO and not self.session.undoable:
            self.frame.status = view.status("Nothing to undo yet.")
            return HANDLED
        return action

    def wait_key(self, hint, keys: dict, help_lines: list[str]):
        """Wait for one of ``keys`` (named like 'enter', 'space', '1'), or u / q; ? shows the keys."""
        self.frame.hint = hint
        while True:
            if self.keys.interactive:
                key = self.key()
                if key is None:
                    continue
            else:
                key = self.line().strip().lower() or "enter"
            if key in keys:
                return keys[key]
            action = self.action(key, help_lines)
            if action == HANDLED:
                continue
            if action:
                return action
            self.frame.status = view.status(f"'{key_name(key)}' is not a key here; ? shows the keys.")

    def wait_text(self, hint, echo: Callable[[str], None], help_lines: list[str], typed: str = "") -> str:
        """A typed answer, ended by Enter (``echo`` shows what is typed so far, starting from ``typed``); or u or q
        typed alone (? alone shows the keys)."""
        self.frame.hint = hint
        if not self.keys.interactive:
            while True:
                text = self.line()
                action = self.action(text, help_lines)
                if action != HANDLED:
                    return action or text
        while True:
            echo(typed)
            key = self.key()
            if key is None:
                continue
            if key == "enter":
                return typed
            action = self.action(key, help_lines) if not typed else None
            if action == HANDLED:
                continue
            if action:
                return action
            if key == "backspace":
                typed = typed[:-1]
            elif key == "space":
                typed += " "
            elif len(key) == 1 and key.isprintable():
                typed += key

    # -- one item -----------------------------------------------------------------------------------------
    def ask(self, unit: Reviewable) -> Outcome:
        question = unit.question
        start = time.monotonic()
        if isinstance(question, (Flashcard, OpenQuestion)):
            return self.ask_recall(unit, start)
        if isinstance(question, ChoiceQuestion):
            return self.ask_choice(unit, start)
        return self.ask_typed(unit, start)

    def commit(self, unit: Reviewable, grade: Grade, start: float, correct: Optional[bool] = None) -> None:
        self.session.answer(unit, grade, int((time.monotonic() - start) * 1000), self.clock(), correct)
        self.save()

    def after_feedback(self) -> Outcome:
        """After an exam item's feedback: a key moves on (on a terminal); scripts go straight on."""
        if not self.keys.interactive:
            self.draw()
            return Outcome(None, True)
        result = self.wait_key(view.hint("Space/Enter next", "u undo", "q quit", "? help"),
                               {"enter": None, "space": None}, ["Space/Enter  next item"])
        return Outcome(result, True)

    def ask_recall(self, unit: Reviewable, start: float) -> Outcome:
        question = unit.question
        self.start_item(unit, [view.prompt(question.front if isinstance(question, Flashcard) else question.prompt)])
        result = self.wait_key(view.hint("Space/Enter reveal", "u undo", "q quit", "? help"),
                               {"enter": "reveal", "space": "reveal"}, ["Space/Enter  show the answer"])
        if result != "reveal":
            return Outcome(result, False)
        self.add_blocks(view.recall_answer(question))
        intervals = self.session.preview(unit, self.clock())
        grade = self.wait_key(view.grade_keys(intervals), GRADE_KEYS,
                              ["1 Again: forgot it  2 Hard  3 Good  4 Easy", "Space/Enter  Good",
                               "the time after each grade is when the item comes back"])
        if not isinstance(grade, Grade):
            return Outcome(grade, False)
        self.commit(unit, grade, start)
        self.frame.status = view.status(f"{grade.name.title()}: back in {view.interval(intervals[grade])}.", "dim")
        if not self.keys.interactive:
            self.draw()
        return Outcome(None, True)

    def ask_choice(self, unit: Reviewable, start: float) -> Outcome:
        question: ChoiceQuestion = unit.question  # type: ignore[assignment]
        shown = present(len(question.options), self.rng)
        texts = [o.text for o in question.options]
        self.start_item(unit, [view.prompt(question.prompt), view.choice_instruction(question),
                               view.options(texts, shown.order)])
        picked_at = len(self.frame.body) - 1
        hint = view.hint(f"a-{LETTERS[len(texts) - 1]} pick", "Enter submit", "u undo", "q quit", "? help")
        help_lines = [f"a-{LETTERS[len(texts) - 1]}  pick or unpick an option", "Enter  submit"]

        def show_picks(picks: list[int]) -> None:
            self.frame.body[picked_at] = view.options(texts, shown.order, picks)

        chosen: list[int] = []  # kept when a hint sends the learner back to picking
        while True:
            picks = self.wait_picks(hint, len(texts), question.right_count, chosen, show_picks, help_lines)
            if isinstance(picks, str):
                return Outcome(picks, False)
            result = grade_choice(question, shown, picks)
            if not isinstance(result, Hint):
                break
            self.frame.status = view.status(result.message)
        self.commit(unit, Grade.for_exam_answer(result.correct), start, result.correct)
        self.add_blocks(view.choice_feedback(question, result), replacing=2)
        return self.after_feedback()

    def wait_picks(self, hint, count: int, need: int, chosen: list[int], show: Callable[[list[int]], None],
                   help_lines: list[str]) -> Union[set[int], str]:
        """Letters toggle options in ``chosen`` (one pick replaces another when one is asked for); Enter submits."""
        self.frame.hint = hint
        if not self.keys.interactive:
            while True:
                text = self.line()
                action = self.action(text, help_lines)
                if action == HANDLED:
                    continue
                if action:
                    return action
                parsed = parse_letters(text, count)
                if isinstance(parsed, Hint):
                    self.frame.status = view.status(parsed.message)
                    continue
                return set(parsed)
        while True:
            show(chosen)
            key = self.key()
            if key is None:
                continue
            if key == "enter":
                return set(chosen)
            if len(key) == 1 and key.lower() in LETTERS[:count]:
                index = LETTERS.index(key.lower())
                if index in chosen:
                    chosen.remove(index)
                elif need == 1:
                    chosen[:] = [index]
                else:
                    chosen.append(index)
                continue
            action = self.action(key, help_lines)
            if action == HANDLED:
                continue
            if action:
                return action
            self.frame.status = view.status(f"{key_name(key)} is not an option; use a to {LETTERS[count - 1]}.")

    def ask_typed(self, unit: Reviewable, start: float) -> Outcome:
        question = unit.question
        if isinstance(question, OrderingQuestion):
            shown = present(len(question.steps), self.rng)
            self.start_item(unit, [view.prompt(question.prompt), view.ordering_item(question, shown.order)])

            def grade(text: str):
                return grade_ordering(question, shown, text)
            help_lines = ["the letters in the right order, then Enter"]
        else:
            shown = present(len(question.pairs), self.rng)
            self.start_item(unit, [view.prompt(question.prompt), view.matching_item(question, shown.order)])

            def grade(text: str):
                return grade_matching(question, shown, text)
            help_lines = ["pairs such as 1b 2c 3a, then Enter"]
        hint = view.hint("type your answer", "Enter submit", "u/q/? alone: undo, quit, help")

        def echo(text: str) -> None:
            prompt = view.status(f"> {text}▌", "bold")
            self.frame.status = prompt if self.frame.status is None else Group(self.frame.status, prompt)

        typed = ""
        while True:
            text = self.wait_text(hint, echo, help_lines, typed)
            if text in (UNDO, QUIT):
                return Outcome(text, False)
            result = grade(text)
            if not isinstance(result, Hint):
                break
            typed = text  # kept, to be mended
            self.frame.status = view.status(result.message)
        self.commit(unit, Grade.for_exam_answer(result.correct), start, result.correct)
        feedback = (view.ordering_feedback(question, result) if isinstance(question, OrderingQuestion)
                    else view.matching_feedback(question, result))
        self.add_blocks(feedback, replacing=1)
        return self.after_feedback()
