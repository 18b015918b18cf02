"""The practice exam on the screen: one question a screen, the clock in the header, no feedback until the end.

It drives a :class:`~fmprep.progress.MockState` with the functions of :mod:`fmprep.mock`, saves after every change
(``save``), and counts time only while the exam is on screen. On a terminal, keys act at once; off one, each line
answers the current question and moves on (see :meth:`MockScreen.run_lines`).
"""

from __future__ import annotations

import time
from typing import Callable, Optional

from rich.console import Group

from fmprep import mock
from fmprep.deck import ChoiceQuestion, Deck, Reviewable
from fmprep.display import Frame
from fmprep.grading import LETTERS, Hint
from fmprep.keys import SCROLL, EndOfInput, key_name
from fmprep.mockdata import MockState
from fmprep.views import mock as view
from fmprep.views import quiz as quiz_view

SUBMITTED, TIMED_OUT, PAUSED = "submitted", "timed out", "paused"
TYPING = "Press Enter to type your answer; Enter again saves it."
SAVE_EVERY = 10.0  # seconds: the clock is saved at least this often, so a killed exam resumes with its time
HELP = ["a-l  pick or unpick an option (choice questions)", "Enter  type an answer (ordering, matching)",
        "→ or n  next question    ← or p  previous question", "m  flag or unflag for review",
        "r  review page: every question, answered or not, flagged or not; type a number and Enter to go there",
        "s  submit the exam", "q  pause: leave now and resume later with `fmprep mock`",
        "↑ ↓ PgUp PgDn  scroll a question taller than the window", "Ctrl-C  pause at once"]


class MockScreen:
    def __init__(self, state: MockState, deck: Deck, display, keys, save: Callable[[], None],
                 clock: Callable[[], float] = time.monotonic):
        self.state = state
        self.display = display
        self.keys = keys
        self.save = save
        self.clock = clock
        self.units = mock.units_of(deck, state)
        self.frame = Frame()
        self.page = 0
        self._last = clock()
        self._saved_at = self._last
        self._typing: Optional[str] = None  # text being typed for an ordering or matching answer
        self._picks: dict[str, list[int]] = {}  # picks of a choice question that are not a whole answer yet
        self.notice = None  # a message under the question until the next key

    def resumed(self) -> None:
        """Say, on the first screen, that this is an exam taken up again."""
        status = mock.status(self.state)
        self.notice = quiz_view.status(
            f"Resumed: {status.answered} of {len(self.state.items)} answered, "
            f"{view.clock(mock.remaining_seconds(self.state))} left.", "cyan")

    # -- time -----------------------------------------------------------------------------------------------
    def tick(self, on_item: bool = True) -> bool:
        """Count the time since the last tick against the clock; True when time is up."""
        now = self.clock()
        item = self.current() if on_item else None
        mock.add_time(self.state, max(0.0, now - self._last), item)
        self._last = now
        if now - self._saved_at >= SAVE_EVERY:
            self.commit()
        return mock.remaining_seconds(self.state) <= 0

    def commit(self) -> None:
        self.save()
        self._saved_at = self.clock()

    def current(self) -> str:
        return self.state.items[self.state.position]

    # -- frames ---------------------------------------------------------------------------------------------
    def unit(self, item: str) -> Optional[Reviewable]:
        return self.units.get(item)

    def question_frame(self) -> None:
        state, item = self.state, self.current()
        unit = self.unit(item)
        status = mock.status(state)
        kind = "(no longer in the deck)" if unit is None else quiz_view.kind_title(unit)
        self.frame.header = view.header(state.position + 1, len(state.items), mock.remaining_seconds(state),
                                        status.answered, status.flagged, kind, item in state.flags)
        body: list = []
        if unit is None:
            body.append(quiz_view.status("This question has left the deck since the exam began; it is not scored. "
                                         "Move on with →.", "dim"))
        else:
            question, order = unit.question, state.orders[state.position]
            if unit.case is not None:
                body.append(quiz_view.scenario(unit.case, unit.case.questions.index(question) + 1))
            body.append(quiz_view.prompt(question.prompt))
            answer = state.answers.get(item)
            if isinstance(question, ChoiceQuestion):
                picks = self._picks.get(item)
                if picks is None:
                    picks = [order.index(i) for i in answer] if answer is not None else []
                body += [quiz_view.choice_instruction(question, then_enter=False),
                         quiz_view.options([o.text for o in question.options], order, picks)]
            elif hasattr(question, "steps"):
                body.append(quiz_view.ordering_item(question, order, TYPING))
                body.append(view.your_answer(None if answer is None else mock.answer_letters(question, order, answer)))
            else:
                body.append(quiz_view.matching_item(question, order, TYPING))
                body.append(view.your_answer(None if answer is None else mock.answer_letters(question, order, answer)))
        self.frame.body = body
        self.frame.focus = 1 if unit is not None and unit.case is not None else 0
        typed = unit is not None and not isinstance(unit.question, ChoiceQuestion)
        lines = [] if self.notice is None else [self.notice]
        if self._typing is not None:
            self.frame.hint = quiz_view.hint("type your answer", "Enter save", "Enter on an empty line clears it",
                                             "Esc cancel")
            lines.append(quiz_view.status(f"> {self._typing}▌", "bold"))
        self.frame.status = Group(*lines) if lines else None
        if self._typing is None:
            self.frame.hint = quiz_view.hint(*(["Enter answer"] if typed else
                                               [f"a-{LETTERS[len(self.state.orders[self.state.position]) - 1]} pick"]
                                               if unit is not None else []),
                                             "→ next", "← back", "m flag", "r review", "s submit", "q pause", "? help")

    def new_page(self) -> None:
        self.page += 1
        self.frame.page = self.frame.item = self.page

    def draw(self) -> None:
        self.display.show(self.frame)

    # -- on a terminal --------------------------------------------------------------------------------------
    def run(self) -> str:
        """Take the exam with single keys until it is submitted, time runs out or the learner pauses."""
        self.new_page()
        while True:
            if self.tick():
                self.commit()
                return TIMED_OUT
            self.question_frame()
            self.draw()
            key = self.keys.key(timeout=1.0)
            if key is not None:
                self.notice = None
            if key is None or key == "resize":
                continue
            if key in SCROLL:
                self.display.scroll(SCROLL[key])
                continue
            outcome = self.typing_key(key) if self._typing is not None else self.exam_key(key)
            if outcome is not None:
                return outcome

    def exam_key(self, key: str) -> Optional[str]:
        state, item = self.state, self.current()
        unit = self.unit(item)
        choice = unit is not None and isinstance(unit.question, ChoiceQuestion)
        if key in ("right", "n") or key == "enter" and choice:
            self.move(1)
        elif key in ("left", "p"):
            self.move(-1)
        elif key == "m":
            mock.toggle_flag(state, item)
            self.commit()
        elif key == "r":
            return self.review_page()
        elif key == "s":
            return self.confirm_submit()
        elif key == "q":
            self.commit()
            return PAUSED
        elif key == "?":
            self.notice = quiz_view.help_lines(HELP, common=())
        elif unit is not None and isinstance(unit.question, ChoiceQuestion) and len(key) == 1 \
                and key.lower() in LETTERS[:len(unit.question.options)]:
            self.pick(unit, LETTERS.index(key.lower()))
        elif unit is not None and not isinstance(unit.question, ChoiceQuestion) and key == "enter":
            self._typing = ""
        else:
            self.notice = quiz_view.status(f"'{key_name(key)}' is not a key here; ? shows the keys.")
        return None

    def move(self, step: int) -> None:
        position = self.state.position + step
        if 0 <= position < len(self.state.items):
            mock.go_to(self.state, position)
            self.new_page()
        else:
            self.notice = quiz_view.status("That was the last question: r reviews them all, s submits."
                                                 if step > 0 else "This is the first question.")

    def pick(self, unit: Reviewable, letter: int) -> None:
        """Toggle an option; the answer is saved once exactly as many options as asked for are picked."""
        question, item = unit.question, unit.id
        order = self.state.orders[self.state.position]
        picks = self._picks.get(item)
        if picks is None:
            answer = self.state.answers.get(item)
            picks = [order.index(i) for i in answer] if answer is not None else []
        if letter in picks:
            picks.remove(letter)
        elif question.right_count == 1:
            picks = [letter]
        else:
            picks.append(letter)
        self._picks[item] = picks
        stored = mock.stored_answer(question, order, set(picks))
        if isinstance(stored, Hint):
            mock.clear_answer(self.state, item)
            self.notice = quiz_view.status(f"{stored.message} Not answered until you do.")
        else:
            mock.set_answer(self.state, item, stored)
            del self._picks[item]
        self.commit()

    def typing_key(self, key: str) -> Optional[str]:
        if key == "other":  # Esc
            self._typing = None
        elif key == "enter":
            self.save_typed(self._typing or "")
        elif key == "backspace":
            self._typing = self._typing[:-1]
        elif key == "space":
            self._typing += " "
        elif len(key) == 1 and key.isprintable():
            self._typing += key
        return None

    def save_typed(self, text: str) -> bool:
        """Store a typed ordering or matching answer (an empty one clears it); False with a hint if it is not one."""
        item = self.current()
        unit = self.unit(item)
        if not text.strip():
            mock.clear_answer(self.state, item)
            self._typing = None
            self.commit()
            return True
        stored = mock.stored_answer(unit.question, self.state.orders[self.state.position], text)
        if isinstance(stored, Hint):
            self.notice = quiz_view.status(stored.message)
            return False
        mock.set_answer(self.state, item, stored)
        self._typing = None
        self.commit()
        return True

    def review_rows(self) -> list[tuple[int, str, bool, bool]]:
        rows = []
        for n, item in enumerate(self.state.items, 1):
            unit = self.unit(item)
            kind = "(left the deck)" if unit is None else quiz_view.kind_title(unit)
            rows.append((n, kind, item in self.state.answers, item in self.state.flags))
        return rows

    def review_page(self) -> Optional[str]:
        """Every question at a glance; a number and Enter goes there, s submits, Esc or r goes back."""
        typed = ""
        self.new_page()
        while True:
            if self.tick(on_item=False):
                self.commit()
                return TIMED_OUT
            status = mock.status(self.state)
            self.frame.header = view.header(self.state.position + 1, len(self.state.items),
                                            mock.remaining_seconds(self.state), status.answered, status.flagged,
                                            "Review page", False)
            self.frame.body = [view.review_page(self.review_rows(), self.state.position)]
            self.frame.hint = quiz_view.hint("number + Enter go there", "u first unanswered", "s submit",
                                             "r or Esc back", "q pause")
            if typed:
                self.frame.status = quiz_view.status(f"go to question {typed}▌", "bold")
            self.draw()
            key = self.keys.key(timeout=1.0)
            if key is None or key == "resize":
                continue
            if key in SCROLL:
                self.display.scroll(SCROLL[key])
                continue
            self.frame.status = None
            if key.isdigit():
                typed += key
            elif key == "backspace":
                typed = typed[:-1]
            elif key == "enter" and typed:
                number = int(typed)
                typed = ""
                if 1 <= number <= len(self.state.items):
                    mock.go_to(self.state, number - 1)
                    self.new_page()
                    return None
                self.frame.status = quiz_view.status(f"There is no question {number}; they are 1 to "
                                                     f"{len(self.state.items)}.")
            elif key == "u":
                left = [n for n, item in enumerate(self.state.items) if item not in self.state.answers]
                if left:
                    mock.go_to(self.state, left[0])
                    self.new_page()
                    return None
                self.frame.status = quiz_view.status("Every question is answered.", "dim")
            elif key == "s":
                return self.confirm_submit()
            elif key == "q":
                self.commit()
                return PAUSED
            elif key in ("r", "other", "enter"):
                self.new_page()
                return None
            else:
                self.frame.status = quiz_view.status(f"'{key_name(key)}' is not a key here.")

    def confirm_submit(self) -> Optional[str]:
        status = mock.status(self.state)
        self.frame.status = None
        self.frame.body = [view.confirm_submit(status.unanswered, status.flagged)]
        self.frame.hint = quiz_view.hint("y submit", "any other key back")
        self.new_page()
        while True:
            if self.tick(on_item=False):
                self.commit()
                return TIMED_OUT
            self.draw()
            key = self.keys.key(timeout=1.0)
            if key is None or key == "resize":
                continue
            self.new_page()
            if key.lower() == "y":
                self.commit()
                return SUBMITTED
            return None

    # -- off a terminal -------------------------------------------------------------------------------------
    def run_lines(self) -> str:
        """Each line answers the current question and moves on (``-`` leaves it unanswered); a line that is not
        an answer says why and the next line is read. After the last question the exam is submitted."""
        while self.state.position < len(self.state.items):
            if self.tick():
                self.commit()
                return TIMED_OUT
            self.new_page()
            self.question_frame()
            self.frame.hint = quiz_view.hint("letters, an order or pairs; - leaves it unanswered")
            unit = self.unit(self.current())
            while unit is not None:
                self.draw()
                self.display.prompt(self.frame)
                try:
                    text = self.keys.line()
                except EndOfInput:
                    self.tick()
                    self.commit()
                    return PAUSED
                finally:
                    self.display.answered()
                if text.strip() == "-":
                    break
                stored = mock.stored_answer(unit.question, self.state.orders[self.state.position], text)
                if not isinstance(stored, Hint):
                    mock.set_answer(self.state, unit.id, stored)
                    break
                self.frame.status = quiz_view.status(stored.message)
            self.tick()
            self.commit()
            if self.state.position + 1 == len(self.state.items):
                break
            mock.go_to(self.state, self.state.position + 1)
        return SUBMITTED


def walk(deck: Deck, record, state: MockState, display, keys, only_missed: bool) -> None:
    """Walk through a finished mock's questions (or only the missed and flagged ones) with their explanations."""
    units = mock.units_of(deck, state)
    orders = dict(zip(state.items, state.orders))
    rows = [(n, row) for n, row in enumerate(record.items, 1)
            if row.item in units and (not only_missed or not row.correct or row.flagged)]
    frame = Frame()
    index = 0
    while 0 <= index < len(rows):
        n, row = rows[index]
        frame.body = [view.walk_item(n, len(record.items), units[row.item], orders[row.item], row.answer, row.flagged)]
        frame.header = quiz_view.status(f"Walk-through: {index + 1} of {len(rows)}", "bold")
        frame.hint = quiz_view.hint("→ / Space next", "← back", "q done")
        frame.page = frame.item = index + 1
        display.show(frame)
        if not keys.interactive:
            index += 1
            continue
        key = keys.key()
        if key in SCROLL:
            display.scroll(SCROLL[key])
        elif key in ("right", "n", "space", "enter"):
            index += 1
        elif key in ("left", "p"):
            index = max(0, index - 1)
        elif key in ("q", "other"):
            return


def show_result(deck: Deck, record, state: MockState, report, display, keys, notice=None) -> None:
    """The result on the screen until q; ``a`` walks through every question, ``w`` the missed and flagged ones."""
    frame = Frame(body=[report], status=notice,
                  hint=quiz_view.hint("a walk through all questions", "w only missed and flagged", "q done"))
    while True:
        display.show(frame)
        key = keys.key()
        if key in ("a", "w"):
            walk(deck, record, state, display, keys, only_missed=key == "w")
            frame.page += 1
        elif key in SCROLL:
            display.scroll(SCROLL[key])
        elif key in ("q", "enter", "other"):
            return
