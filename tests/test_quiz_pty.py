"""The interactive quiz end to end in a real pseudo-terminal (pexpect), keys pressed one at a time."""

from __future__ import annotations

import os
import re
import signal
import sys
import time

import pexpect
import pytest

from fmprep.progress import load_bytes

from conftest import FIXTURES

DECK = str(FIXTURES / "quiz-deck.yaml")


@pytest.fixture
def spawn(progress_path, isolated_home):
    children = []

    def start(*args: str, deck: str = DECK, colour: bool = False):
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} if colour else dict(os.environ)
        env.update({"FMPREP_PROGRESS": str(progress_path), "FMPREP_CONTENT": deck, "COLUMNS": "100"})
        child = pexpect.spawn(sys.executable, ["-m", "fmprep", "quiz", *args], env=env, encoding="utf-8",
                              timeout=15, dimensions=(50, 100))
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.kill(signal.SIGKILL)


def letters_of(child, *texts: str, until: str = "then Enter") -> list[str]:
    """Read the letters options are shown under, as a person would, once the question is on screen."""
    child.expect(until)
    letters = []
    for text in texts:
        found = re.findall(rf"([a-l])\) {re.escape(text)}\r", child.before)
        assert found, (text, child.before[-300:])
        letters.append(found[-1])
    return letters


def reviews(progress_path):
    return [(r.item, r.grade) for r in load_bytes(progress_path.read_bytes()).reviews]


def recall(child, key: str) -> None:
    """On a flashcard or open question: reveal with Space, then grade with ``key``."""
    child.expect("reveal")
    child.send(" ")
    child.expect("= Good")
    child.send(key)


def finish(child, code: int = 0):
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code, child.before


def test_flashcard_keys(spawn, progress_path):
    child = spawn("--type", "flashcard", "--type", "open")
    child.expect("Card front")
    child.expect("reveal")
    child.send("x")  # a bad key gets a hint
    child.expect("Not a key here")
    child.send(" ")
    child.expect("Card back")
    child.expect("Space/Enter = Good")
    child.send("2")
    child.expect("Open prompt")
    child.send("\r")
    child.expect("Other valid answer")
    child.send(" ")  # Space means Good
    child.expect("Card front")
    child.send("q")
    finish(child)
    assert reviews(progress_path) == [("card", 2), ("open", 3)]


def test_choice_items_toggle_letters(spawn, progress_path):
    child = spawn("--type", "choice", "--limit", "2")
    [right] = letters_of(child, "RIGHT-1", until="Enter submits")
    child.send(right)
    child.expect(f"picked: {right}")
    child.send("\r")
    child.expect("Correct")
    child.expect("next")
    child.send("\r")
    child.expect("Pick the right two")
    a, b = letters_of(child, "RIGHT-A", "RIGHT-B", until="Enter submits")
    for key in (a, b, b, b):  # toggle b off and on again
        child.send(key)
    child.send("\r")
    child.expect("Correct")
    child.send(" ")
    child.expect("Session over: 2 answered, 2 correct")
    finish(child)
    assert reviews(progress_path) == [("mc", 3), ("mr", 3)]


def test_ordering_matching_and_case_study_typed_answers(spawn, progress_path):
    child = spawn("--type", "ordering", "--type", "matching", "--type", "case-study", "--limit", "4")
    steps = letters_of(child, "STEP-1", "STEP-2", "STEP-3")
    child.send("".join(steps) + "x\x7f\r")  # a typo, erased with backspace
    child.expect("Correct")
    child.send("\r")
    pairs = letters_of(child, "RIGHT-1X", "RIGHT-2X", "RIGHT-3X")
    child.send(f"1{pairs[0]} 2{pairs[1]}\r")  # incomplete: a hint, then the full answer
    child.expect("missing: 3")
    child.send(f"1{pairs[0]} 2{pairs[1]} 3{pairs[2]}\r")
    child.expect("Correct")
    child.send("\r")
    child.expect("CASE-SCENARIO")
    [wrong] = letters_of(child, "CASE-WRONG-2", until="Enter submits")
    child.send(wrong + "\r")
    child.expect("Not quite")
    child.send("\r")
    child.expect("question 2 of 2")
    case_steps = letters_of(child, "CASE-STEP-1", "CASE-STEP-2", "CASE-STEP-3")
    child.send("".join(case_steps) + "\r")
    child.expect("Correct")
    child.send("\r")
    child.expect("Session over: 4 answered, 3 correct")
    finish(child)
    assert reviews(progress_path) == [("order", 3), ("match", 3), ("case.q1", 1), ("case.q2", 3)]


def test_undo_then_quit(spawn, progress_path):
    child = spawn("--type", "flashcard", "--type", "open")
    recall(child, "1")
    child.expect("Open prompt")
    child.expect("reveal")
    child.send("u")
    child.expect("Undone")
    child.expect("Card front")
    recall(child, "4")
    child.expect("Open prompt")
    child.send("q")
    child.expect("Session over: 1 answered")
    finish(child)
    assert reviews(progress_path) == [("card", 4)]


def test_ctrl_c_ends_with_130_and_keeps_answers(spawn, progress_path):
    child = spawn("--type", "flashcard", "--type", "open")
    recall(child, "3")
    child.expect("Open prompt")
    child.sendintr()
    child.expect("Session over: 1 answered")
    finish(child, 130)
    assert reviews(progress_path) == [("card", 3)]


def test_sigkill_mid_session_keeps_every_answer_given(spawn, progress_path):
    child = spawn("--type", "flashcard", "--type", "open", "--type", "choice")
    recall(child, "3")
    child.expect("Open prompt")
    recall(child, "1")
    child.expect("Pick the right one")
    child.kill(signal.SIGKILL)
    child.close()
    assert reviews(progress_path) == [("card", 3), ("open", 1)]


def test_a_second_session_on_the_same_file_is_refused(spawn, progress_path):
    first = spawn()
    first.expect("reveal")
    start = time.monotonic()
    second = spawn()
    second.expect("Another fmprep session is using")
    finish(second, 1)
    assert time.monotonic() - start < 10
    first.send("q")
    finish(first)


def test_escape_sequences_and_markup_in_content_are_shown_literally(spawn, tmp_path):
    deck = tmp_path / "hostile.yaml"
    deck.write_text(
        'objectives: [{id: o, title: "O"}]\n'
        'concepts: [{id: c, title: "C", objectives: [o], summary: S, key_points: [k], example: E}]\n'
        'items:\n'
        '  - id: evil\n    kind: flashcard\n    concepts: [c]\n'
        '    front: "Clear \\e[2J title \\e]0;pwned\\a clip \\e]52;c;aGk=\\a link [link=https://x.test]here[/link] :warning:"\n'
        '    back: "back \\x9b31m C1 \\u202e bidi"\n', encoding="utf-8")
    child = spawn(deck=str(deck), colour=True)
    child.expect("reveal")
    shown = child.before
    assert "[link=https://x.test]here[/link]" in shown and ":warning:" in shown
    assert "\x1b[2J" not in shown and "\x1b]0;" not in shown and "\x1b]52" not in shown
    assert "Clear \ufffd[2J title \ufffd]0;pwned\ufffd clip" in shown
    child.send(" ")
    child.expect("= Good")
    assert "\x9b" not in child.before and "\u202e" not in child.before
    assert "\x1b[" in shown  # colour was on: fmprep's own styling is the only escape code
    child.send("q")
    finish(child)
