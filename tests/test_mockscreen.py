"""`fmprep mock` on a real pseudo-terminal, read as a person sees it: the child's output is fed into a pyte screen
(with the alternate screen of a real terminal), and tests wait until text is on that SCREEN, not merely in the
byte stream. Keys are pressed one at a time."""

from __future__ import annotations

import copy
import datetime as dt
import os
import random
import re
import signal
import sys
import time

import pexpect
import pyte
import pytest

from fmprep import mock
from fmprep.content import load_deck
from fmprep.deck import ChoiceQuestion
from fmprep.grading import LETTERS
from fmprep.progress import Progress, encode, load_bytes

from conftest import FIXTURES

DECK = FIXTURES / "quiz-deck.yaml"
NOW = "2026-11-25T09:00:00+00:00"
RIGHT, LEFT, ESC = "\x1b[C", "\x1b[D", "\x1b"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


class Screen(pyte.Screen):
    """A pyte screen that keeps the normal screen aside while the alternate one (``CSI ? 1049 h``) is shown."""

    _saved = None
    alternate = False  # whether the alternate screen is shown

    def set_mode(self, *modes, **kwargs):
        if kwargs.get("private") and 1049 in modes:
            self._saved = (copy.deepcopy(self.buffer), copy.copy(self.cursor))
            self.erase_in_display(2)
            self.alternate = True
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes, **kwargs):
        if kwargs.get("private") and 1049 in modes and self._saved is not None:
            buffer, cursor = self._saved
            self.buffer.clear()
            self.buffer.update(buffer)
            self.cursor = cursor
            self._saved = None
            self.alternate = False
            self.dirty.update(range(self.lines))
        super().reset_mode(*modes, **kwargs)


class Term:
    """``fmprep mock ARGS`` in a pseudo-terminal of ``cols`` x ``rows``, seen through a pyte screen."""

    def __init__(self, args, progress_path, cols=80, rows=24):
        env = dict(os.environ)
        env.update({"FMPREP_PROGRESS": str(progress_path), "FMPREP_CONTENT": str(DECK), "FMPREP_NOW": NOW,
                    "FMPREP_SEED": "5", "TERM": "xterm-256color"})
        for name in ("COLUMNS", "LINES"):
            env.pop(name, None)  # the window's size comes from the pseudo-terminal
        self.screen = Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.child = pexpect.spawn(sys.executable, ["-m", "fmprep", "mock", *args], env=env, dimensions=(rows, cols),
                                   timeout=10)

    def pump(self, seconds: float = 0.0) -> None:
        end = time.monotonic() + seconds
        while True:
            try:
                self.stream.feed(self.child.read_nonblocking(65536, timeout=0.02))
            except pexpect.TIMEOUT:
                if time.monotonic() >= end:
                    return
            except pexpect.EOF:
                return

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait(self, pattern: str, timeout: float = 6.0, gone: bool = False) -> str:
        """Wait until ``pattern`` (a regular expression) is on the screen (or, with ``gone``, no longer is)."""
        end = time.monotonic() + timeout
        while True:
            self.pump()
            found = re.search(pattern, self.text)
            if bool(found) != gone:
                return found.group(0) if found else ""
            if time.monotonic() >= end:
                raise AssertionError(f"{'still' if gone else 'never'} on screen: {pattern!r}\n{self.text}")

    def press(self, *keys: str, then: str | None = None) -> None:
        for key in keys:
            self.child.send(key)
            time.sleep(0.03)  # one key a read, like a person
        if then is not None:
            self.wait(then)

    def end(self, timeout: float = 6.0) -> int:
        """Wait for the child to exit; its exit code (or -signal)."""
        end = time.monotonic() + timeout
        while self.child.isalive() and time.monotonic() < end:
            self.pump(0.05)
        self.pump()
        assert not self.child.isalive(), self.text
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else -self.child.signalstatus


@pytest.fixture
def term(progress_path):
    started = []

    def start(*args: str, cols: int = 80, rows: int = 24) -> Term:
        t = Term(args, progress_path, cols, rows)
        started.append(t)
        return t

    yield start
    for t in started:
        if t.child.isalive():
            t.child.kill(signal.SIGKILL)
            t.child.close()


@pytest.fixture(scope="module")
def units():
    return {u.id: u for u in mock.exam_units(load_deck([DECK]))}


def saved(progress_path):
    return load_bytes(progress_path.read_bytes())


def state_of(progress_path):
    return saved(progress_path).mocks.current


def right_picks(question: ChoiceQuestion, order) -> list[str]:
    return sorted(LETTERS[order.index(i)] for i, o in enumerate(question.options) if o.correct)


def wrong_picks(question: ChoiceQuestion, order) -> list[str]:
    right = [i for i, o in enumerate(question.options) if o.correct]
    wrong = [i for i, o in enumerate(question.options) if not o.correct]
    return sorted(LETTERS[order.index(i)] for i in right[:-1] + wrong[:1])


def typed_right(question, order) -> str:
    letter = [LETTERS[order.index(i)] for i in range(len(order))]
    if hasattr(question, "steps"):
        return "".join(letter)
    return " ".join(f"{n + 1}{letter[n]}" for n in range(len(order)))


def answer_right(t: Term, question, order) -> None:
    """Answer the question on screen right, with keys (a choice's letters at once; a typed answer after Enter)."""
    if isinstance(question, ChoiceQuestion):
        t.press(*right_picks(question, order))
    else:
        t.press("\r", then="Esc cancel")
        t.press(*typed_right(question, order), "\r")
        t.wait("Esc cancel", gone=True)


def answered_count(t: Term, n: int) -> None:
    t.wait(rf"\b{n} answered · ")


# -- taking an exam ----------------------------------------------------------------------------------------------

def test_answer_flag_move_change_review_submit(term, progress_path, units):
    t = term("--questions", "6")
    t.wait("Question 1 of 6")
    state = state_of(progress_path)
    first, order = units[state.items[0]].question, state.orders[0]
    assert isinstance(first, ChoiceQuestion), "seed 5 starts with a choice question"
    wrong = wrong_picks(first, order)
    t.press(*wrong)
    answered_count(t, 1)
    assert state_of(progress_path).answers[state.items[0]] != sorted(
        i for i, o in enumerate(first.options) if o.correct)

    t.press("m", then="1 flagged")
    t.wait("⚑ flagged for review")
    t.press(RIGHT, then="Question 2 of 6")
    assert "⚑ flagged for review" not in t.text and "1 answered · 1 flagged" in t.text
    t.press(LEFT, then="Question 1 of 6")
    t.wait("⚑ flagged for review")
    for letter in wrong:  # the picks are shown
        assert re.search(rf"● {letter}\)", t.text), t.text
    # Change the answer: unpick the wrong letters, pick the right ones.
    right = right_picks(first, order)
    t.press(*[k for k in wrong if k not in right], *[k for k in right if k not in wrong])
    for letter in right:
        t.wait(rf"● {letter}\)")
    answered_count(t, 1)

    t.press("r", then=r"Review · 1 answered · 5 unanswered · 1 flagged")
    assert re.search(r"▶\s+1 answered\s+⚑", t.text), t.text
    assert len(re.findall(r"unanswered\s+\w", t.text)) == 5
    t.press("3", then="go to question 3")
    t.press("\r", then="Question 3 of 6")
    assert "Review ·" not in t.text
    t.press("s", then="Submit the exam now")
    assert "5 questions unanswered" in t.text and "1 question flagged" in t.text
    t.press("y", then="Practice exam result")
    verdict = t.wait(r"PASS|FAIL")
    assert verdict == "FAIL"
    t.wait(rf"Score {mock.scaled_score(1 / 6)} \(pass mark 700\)")
    t.press("q")
    assert t.end() == 0
    # The alternate screen is gone; the result is left on the normal screen.
    assert not t.screen.alternate
    assert "Practice exam result" in t.text and "Question 3 of 6" not in t.text
    assert re.search(r"Score \d+", t.text)

    [record] = saved(progress_path).mocks.history
    assert saved(progress_path).mocks.current is None
    row = record.items[0]
    assert row.item == state.items[0] and row.correct and row.flagged
    assert list(row.answer) == sorted(i for i, o in enumerate(first.options) if o.correct)
    assert [r.answer for r in record.items[1:]] == [None] * 5


def test_time_running_out_submits_by_itself(term, progress_path):
    deck = load_deck([DECK])
    now = dt.datetime.fromisoformat(NOW)
    state = mock.start_mock(deck, 3, 1, random.Random(1), now, [])
    state.used = state.limit - 2
    progress = Progress()
    progress.mocks.current = state
    progress_path.write_bytes(encode(progress))

    t = term()
    t.wait(r"Question 1 of 3 · 0:0[0-2] left")
    t.wait("Practice exam result", timeout=6)
    [record] = saved(progress_path).mocks.history
    assert record.used >= record.limit and record.questions == 3
    assert saved(progress_path).mocks.current is None
    t.press("q")
    assert t.end() == 0
    assert "Time is up" in t.text and "Practice exam result" in t.text


def test_time_is_up_is_said_on_the_result_screen(term, progress_path):
    deck = load_deck([DECK])
    state = mock.start_mock(deck, 2, 1, random.Random(1), dt.datetime.fromisoformat(NOW), [])
    state.used = state.limit - 1
    progress = Progress()
    progress.mocks.current = state
    progress_path.write_bytes(encode(progress))
    t = term()
    t.wait("Practice exam result", timeout=5)
    assert "Time is up" in t.text


# -- interruptions -----------------------------------------------------------------------------------------------

def test_sigkill_then_resume_keeps_questions_answers_flags_and_time(term, progress_path, units):
    t = term("--questions", "6")
    t.wait("Question 1 of 6")
    state = state_of(progress_path)
    q1, q2 = (units[i].question for i in state.items[:2])
    answer_right(t, q1, state.orders[0])
    answered_count(t, 1)
    t.press(RIGHT, then="Question 2 of 6")
    answer_right(t, q2, state.orders[1])
    answered_count(t, 2)
    time.sleep(0.2)
    at_answer = state_of(progress_path)
    t.press("m", then="1 flagged")  # the last thing before the kill: a flag must be saved by itself
    time.sleep(0.2)
    assert set(at_answer.answers) == set(state.items[:2])
    t.child.kill(signal.SIGKILL)
    assert t.end() == -signal.SIGKILL

    again = term()
    again.wait("Resumed: 2 of 6 answered")
    again.wait("Question 2 of 6")
    shown = again.wait(r"\d+:\d\d left")
    minutes, seconds = map(int, shown.split()[0].split(":"))
    assert minutes * 60 + seconds <= at_answer.limit - at_answer.used + 1
    resumed = state_of(progress_path)
    assert resumed.items == state.items and resumed.orders == state.orders
    assert resumed.answers == at_answer.answers and resumed.flags == {state.items[1]}
    assert resumed.used >= at_answer.used
    again.wait("2 answered · 1 flagged")
    again.wait("⚑ flagged for review")
    if not isinstance(q2, ChoiceQuestion):
        again.wait(rf"Your answer: {re.escape(typed_right(q2, state.orders[1]))}")
    again.press(LEFT, then="Question 1 of 6")
    again.wait("⚑ flagged for review", gone=True)
    if isinstance(q1, ChoiceQuestion):
        for letter in right_picks(q1, state.orders[0]):
            again.wait(rf"● {letter}\)")
    again.press("q")
    assert again.end() == 0


def test_ctrl_c_exits_130_and_the_mock_resumes_at_50_by_20(term, progress_path, units):
    t = term("--questions", "6", cols=50, rows=20)
    t.wait("Question 1 of 6")
    state = state_of(progress_path)
    answer_right(t, units[state.items[0]].question, state.orders[0])
    answered_count(t, 1)
    lines = t.text.split("\n")
    assert all(len(line) <= 50 for line in lines)
    assert lines[0].startswith("Practice exam · Question 1 of 6 ·") and "left" in lines[0]
    assert "? help" in t.text  # the key hint, wrapped, is on screen
    t.press("\x03")
    assert t.end() == 130
    assert state_of(progress_path).answers.keys() == {state.items[0]}

    again = term(cols=50, rows=20)
    again.wait("Resumed: 1 of 6 answered")
    again.press("q")
    assert again.end() == 0
    assert "Practice exam paused" in again.text


def test_a_second_mock_while_one_runs_is_refused(term, progress_path, cli):
    t = term("--questions", "2")
    t.wait("Question 1 of 2")
    result = cli("--content", str(DECK), "mock", env={"FMPREP_NOW": NOW})
    assert result.exit_code == 1
    assert "Another fmprep session is using" in result.output and "Traceback" not in result.output
    t.press("q")
    assert t.end() == 0


# -- mended on the way -----------------------------------------------------------------------------------

def test_choice_instruction_matches_the_keys(term, progress_path):
    t = term("--questions", "6")
    t.wait("Question 1 of 6")
    t.wait("Select 2")
    t.press("\r")
    t.pump(0.3)
    assert "then Enter" not in t.text and "not a key here" not in t.text


def test_a_typed_answer_that_is_not_one_says_why_while_typing(term, progress_path, units):
    t = term("--questions", "6")
    t.wait("Question 1 of 6")
    state = state_of(progress_path)
    position = next(n for n, item in enumerate(state.items) if hasattr(units[item].question, "steps"))
    for _ in range(position):
        t.press("n")
    t.wait(f"Question {position + 1} of 6")
    t.press("\r", "a", "b", "\r")  # too few letters for an ordering
    t.wait("Type each of the letters")
    assert "> ab" in t.text  # the answer being typed stays, to be mended
    assert state_of(progress_path).answers.get(state.items[position]) is None
