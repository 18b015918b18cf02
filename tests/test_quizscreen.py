"""The interactive quiz end to end in a real pseudo-terminal, looked at as a person sees it.

The program runs in a pty of a given size; everything it writes goes through a pyte screen (``terminal.py``), and
the assertions are about that screen: what is on it, that every line fits, that no word is broken, what the footer
says. ``COLUMNS`` is removed from the child's environment: the program must read the real window size.
"""

from __future__ import annotations

import os
import re
import signal
import time

import pytest
import yaml

from fmprep.progress import load_bytes

from conftest import FIXTURES
from terminal import Terminal

DECK = FIXTURES / "quiz-deck.yaml"
SIZES = [(24, 80), (20, 50), (50, 200)]

PROMPTS = {  # what identifies each item on screen
    "card": "Card front", "open": "Open prompt", "mc": "Pick the right one", "mr": "Pick the right two",
    "order": "Put in order", "match": "Match them", "case.q1": "Case question one", "case.q2": "Case question two",
}
CONTENT_KEYS = {"title", "front", "back", "prompt", "answer", "also_valid", "text", "why", "explanation", "scenario",
                "steps"}

# The program's own words, as seen on its screens (header, hints, instructions, feedback, status lines, summary).
LABELS = set("""
    Flashcard Open question Multiple choice response Ordering Matching Case study of left again
    Space Enter reveal undo quit help Again Hard Good Easy mo pick submit next
    Select type its letter their letters then you picked is not a key here shows the keys an option use to
    Correct Not quite right missed wrong Explanation The order also valid
    Type in e g with for each number like your answer alone
    more arrows or PgUp PgDn scroll back Undone last taken
    show item Session over answered correct concept
    Nothing undo yet Next due Answer all first step
""".split())
SINGLE = set("abcdefghijkl") | {"m", "h", "d", "y", "u", "q"}  # option letters, interval units, u and q
LETTER_RUNS = [re.compile(r"\(e\.g\. [a-l]+\)"), re.compile(r"order is [a-l]+:"), re.compile(r"^> .*$", re.M)]


def deck_words(path=DECK) -> set[str]:
    words: set[str] = set()

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in CONTENT_KEYS:
            words.update(re.findall(r"[A-Za-z]+", node))

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return words


WORDS = deck_words()


# -- the spawn fixture ----------------------------------------------------------------------------------------
@pytest.fixture
def spawn(progress_path, isolated_home):
    terminals = []

    def start(*args: str, size=(24, 80), deck=DECK, colour: bool = False) -> Terminal:
        env = dict(os.environ)
        if colour:
            env.pop("NO_COLOR", None)
        env.update({"FMPREP_PROGRESS": str(progress_path), "FMPREP_CONTENT": str(deck)})
        term = Terminal(["quiz", *args], env, *size)
        terminals.append(term)
        return term

    yield start
    for term in terminals:
        term.kill()


# -- what a person checks on a screen -------------------------------------------------------------------------
def broken_words(text: str, words=WORDS) -> list[str]:
    """Alphabetic tokens on screen that are neither a word of the deck nor one of the program's labels."""
    for pattern in LETTER_RUNS:
        text = pattern.sub(" ", text)
    return [t for t in re.findall(r"[A-Za-z]+", text)
            if t not in words and t not in LABELS and not (len(t) == 1 and t in SINGLE)]


def check_screen(term: Terminal, words=WORDS) -> str:
    """Every line fits the window, no word is broken, header on the first row and key hint on the last."""
    shown = term.screen_text()
    assert not term.screen.overflows, f"lines wider than {term.cols} columns: {term.screen.overflows}\n{shown}"
    assert broken_words(shown, words) == [], shown
    lines = term.lines()
    assert re.match(r"(Case study · )?(Flashcard|Open question|Multiple choice|Multiple response|Ordering|Matching)"
                    r" · ", lines[0]), shown
    assert re.search(r"\bq\s+quit|Space/Enter\s+Good|u/q/\?", "\n".join(lines[-2:])), shown
    return shown


def items_on(shown: str) -> list[str]:
    return [item for item, prompt in PROMPTS.items() if prompt in shown]


def left_count(shown: str) -> int:
    return int(re.search(r"(\d+) left", shown).group(1))


def letter_of(shown: str, text: str) -> str:
    """The letter an option is shown under: ``c) RIGHT-1``."""
    found = re.findall(rf"([a-l])\) {re.escape(text)}(?![\w-])", shown)
    assert len(found) == 1, (text, shown)
    return found[0]


def reviews(progress_path):
    return [(r.item, r.grade) for r in load_bytes(progress_path.read_bytes()).reviews]


GRADE_KEYS = re.compile(r"1 Again 1m  2 Hard \d+m  3 Good 10m  4 Easy \d+[hd]")


# -- every kind of item, at three sizes ------------------------------------------------------------------------
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[1]}x{s[0]}")
def test_every_kind_of_item_as_seen_on_screen(spawn, progress_path, size):
    term = spawn(size=size, colour=size == (24, 80))
    lefts, seen, missed_last = [], [], None
    shown = term.wait_for(re.compile(r"\d+ left"))
    while len(seen) < 8:
        shown = check_screen(term)
        on = items_on(shown)
        assert len(on) == 1, f"only the current item is on screen, not {on}:\n{shown}"
        item = on[0]
        assert item != missed_last, f"{item} came back straight after its own feedback:\n{shown}"
        assert item not in seen, shown
        lefts.append(left_count(shown))
        assert lefts == sorted(lefts, reverse=True), f"'left' went up: {lefts}\n{shown}"
        if missed_last:
            assert re.search(r"left · \d+ again", shown), f"a missed item waits, 'again' is not shown:\n{shown}"
        prompt = PROMPTS[item]
        if item in ("card", "open"):
            assert "Space/Enter reveal" in shown.splitlines()[-1], shown
            term.press(" " if item == "card" else "\r")
            shown = term.wait_for("Card back" if item == "card" else "Other valid answer")
            check_screen(term)
            assert "reveal" not in shown and GRADE_KEYS.search(shown), f"the grade keys after reveal:\n{shown}"
            if item == "open":
                assert "Open answer" in shown
            term.press("1" if item == "card" else "3")
            missed_last = item if item == "card" else None
        elif item in ("mc", "case.q1"):
            if item == "case.q1":
                assert "CASE-SCENARIO text." in shown and "(question 1 of 2)" in shown, shown
            right, wrong = ("RIGHT-1", "WRONG-2") if item == "mc" else ("CASE-RIGHT", "CASE-WRONG-2")
            term.press(letter_of(shown, right if item == "case.q1" else wrong), "\r")
            shown = term.wait_for("Space/Enter next")
            check_screen(term)
            assert ("Not quite" if item == "mc" else "Correct") in shown, shown
            assert "explanation" in shown.lower(), shown
            term.press("\r")
            missed_last = item if item == "mc" else None
        elif item == "mr":
            term.press(letter_of(shown, "RIGHT-A"), "\r")
            shown = term.wait_for("Select 2 - you picked 1.")
            check_screen(term)
            assert "Correct" not in shown and "Not quite" not in shown
            assert [r for r in reviews(progress_path) if r[0] == "mr"] == [], "one pick of two must not grade"
            # the first pick is dropped after the hint (see test_a_pick_is_kept_after_the_hint): pick both again
            if "● " not in shown:
                term.press(letter_of(shown, "RIGHT-A"))
            term.press(letter_of(shown, "RIGHT-B"), "\r")
            shown = term.wait_for("Correct")
            check_screen(term)
            term.press("\r")
            missed_last = None
        elif item in ("order", "case.q2"):
            if item == "case.q2":
                assert "case.q1" in seen, "question 1 of the case comes before question 2"
                assert "CASE-SCENARIO text." in shown and "(question 2 of 2)" in shown, shown
            steps = ["STEP-1", "STEP-2", "STEP-3"] if item == "order" else ["CASE-STEP-1", "CASE-STEP-2", "CASE-STEP-3"]
            term.press("".join(letter_of(shown, s) for s in steps), "\r")
            shown = term.wait_for("Space/Enter next")
            check_screen(term)
            assert "Correct" in shown and "The right order is" in shown, shown
            term.press("\r")
            missed_last = None
        elif item == "match":
            pairs = [letter_of(shown, f"RIGHT-{n}X") for n in (1, 2, 3)]
            term.press(f"1{pairs[0]} 2{pairs[1]} 3{pairs[2]}", "\r")
            shown = term.wait_for("Space/Enter next")
            check_screen(term)
            assert "Correct" in shown and "LEFT-2 -> RIGHT-2X" in shown, shown
            term.press("\r")
            missed_last = None
        seen.append(item)
        term.wait_gone(prompt)
        term.wait_for(re.compile(r"\d+ left"))
    assert seen.index("case.q1") == seen.index("case.q2") - 1, seen
    term.press("q")
    assert term.finish() == 0
    assert not term.screen.alternate
    assert "Session over: 8 answered" in term.screen_text()
    assert items_on(term.screen_text()) == [], "q leaves the alternate screen: no item on the normal screen"
    assert sorted(r[0] for r in reviews(progress_path)) == sorted(PROMPTS)


# -- status lines ----------------------------------------------------------------------------------------------
def test_a_wrong_key_gives_one_status_line_and_a_second_replaces_it(spawn):
    term = spawn("--type", "flashcard", "--type", "choice", size=(20, 50))
    term.wait_for("Card front")
    term.press("x")
    first = term.wait_for("'x' is not a key here; ? shows the keys.").splitlines()
    term.press("y")
    second = term.wait_for("'y' is not a key here; ? shows the keys.").splitlines()
    check_screen(term)
    assert sum("not a key here" in line for line in second) == 1, "\n".join(second)
    changed = [n for n, (a, b) in enumerate(zip(first, second)) if a != b]
    assert len(changed) == 1 and len(first) == len(second), ("only the status line changes", first, second)
    term.press(" ")
    shown = term.wait_for("Card back")
    assert "not a key here" not in shown, "the status line goes with the next key"
    term.press("3")
    term.wait_for("Select 2")  # the multiple response (a concept other than the card's)
    term.press("z")
    term.wait_for("z is not an option; use a to e.")
    term.press("%", settle=True)
    shown = term.wait_for("% is not an option; use a to e.")
    assert shown.count("is not an option") == 1, shown
    check_screen(term)


def test_multiple_response_keeps_the_pick_after_the_hint(spawn, progress_path):
    term = spawn("--type", "choice", size=(24, 80))
    shown = term.wait_for("Select 1")
    term.press(letter_of(shown, "RIGHT-1"), "\r")
    term.wait_for("Space/Enter next")
    term.press("\r")
    shown = term.wait_for("Select 2: type their letters")
    a = letter_of(shown, "RIGHT-A")
    term.press(a, "\r")
    shown = term.wait_for("Select 2 - you picked 1.")
    assert reviews(progress_path) == [("mc", 3)], "one pick of two is not graded"
    assert re.search(rf"● {a}\) RIGHT-A", shown), f"the pick is still marked:\n{shown}"
    term.press(letter_of(shown, "RIGHT-B"), "\r")
    term.wait_for("Correct")


# -- the window changes size ----------------------------------------------------------------------------------
def test_a_resize_redraws_the_screen_at_the_new_size(spawn, progress_path):
    term = spawn("--type", "matching", "--type", "case-study", size=(24, 80))
    shown = term.wait_for("Match them")
    for rows, cols in [(20, 50), (50, 200), (24, 80)]:
        term.resize(rows, cols)
        shown = check_screen(term)
        assert "Match them" in shown and "LEFT-3" in shown and "Type a letter for each number" in shown, shown
        assert len(term.lines()) == rows and all(len(line) == cols for line in term.lines())
    pairs = [letter_of(shown, f"RIGHT-{n}X") for n in (1, 2, 3)]
    term.press(f"1{pairs[0]} 2{pairs[1]}")  # half typed when the window changes
    term.wait_for(f"> 1{pairs[0]} 2{pairs[1]}")
    term.resize(20, 50)
    check_screen(term)
    term.press(f" 3{pairs[2]}", "\r")
    shown = term.wait_for("Space/Enter next")
    assert "Correct" in shown
    for rows, cols in [(50, 200), (20, 50)]:  # the feedback, taller than 20 rows at 50 columns
        term.resize(rows, cols)
        shown = check_screen(term)
        assert "Match them" in shown and "Correct" in shown, shown
    term.press("\r")
    shown = term.wait_for("(question 1 of 2)")
    for rows, cols in [(50, 200), (20, 50), (24, 80)]:
        term.resize(rows, cols)
        shown = check_screen(term)
        assert "Case question one" in shown and "CASE-SCENARIO text." in shown, shown
    term.press("q")
    assert term.finish() == 0
    assert reviews(progress_path) == [("match", 3)]


def test_a_small_window_scrolls_to_the_case_scenario(spawn):
    term = spawn("--type", "case-study", size=(10, 40))
    shown = term.wait_for("Case question one")
    assert "CASE-SCENARIO" not in shown and re.search(r"↑ \d+ more", shown), shown
    for _ in range(4):
        if "(question 1 of 2)" in shown and "CASE-SCENARIO text." in shown:
            break
        term.press("\x1b[A", settle=True)
        shown = check_screen(term)
    assert "Case study: The case (question 1 of 2)" in shown and "CASE-SCENARIO text." in shown, shown
    assert term.lines()[0].startswith("Case study · Multiple choice") and "a-d pick" in shown, "header and footer stay"
    term.press("\x1b[6~", settle=True)  # PgDn to the options
    shown = check_screen(term)
    assert "↓" not in shown and "Case question one" not in shown, shown
    for _ in range(3):
        if "CASE-RIGHT" in shown:
            break
        term.press("\x1b[A", settle=True)
        shown = check_screen(term)
    term.press(letter_of(shown, "CASE-RIGHT"), "\r")
    term.wait_for("Space/Enter next")
    term.press("\r")
    shown = term.wait_for("Case question two")
    term.press("\x1b[5~", settle=True)  # PgUp
    shown = check_screen(term)
    assert "(question 2 of 2)" in shown and "CASE-SCENARIO text." in shown, shown


# -- what is left, undo, a missed item ----------------------------------------------------------------------
def test_undo_restores_the_schedule(spawn, progress_path):
    term = spawn("--type", "flashcard", "--type", "open")
    shown = term.wait_for("Card front")
    left = left_count(shown)
    term.press(" ")
    term.wait_for("Card back")
    term.press("1")
    shown = term.wait_for("Open prompt")
    assert left_count(shown) == left - 1 and "1 again" in shown, shown
    assert set(load_bytes(progress_path.read_bytes()).cards) == {"card"}
    term.press("u")
    shown = term.wait_for("Undone: your last answer is taken back.")
    check_screen(term)
    assert "Card front" in shown and "Open prompt" not in shown and "again" not in shown, shown
    assert left_count(shown) == left, "after undo the item is back in what is left"
    saved = load_bytes(progress_path.read_bytes())
    assert dict(saved.cards) == {} and list(saved.reviews) == [], "the schedule is as before the answer"
    term.press(" ")
    term.wait_for("Card back")
    term.press("4")
    term.wait_for("Open prompt")
    term.press("q")
    assert term.finish() == 0
    assert "Session over: 1 answered" in term.screen_text()
    assert reviews(progress_path) == [("card", 4)]


def test_a_missed_item_waits_for_another_one(spawn, progress_path):
    term = spawn("--type", "flashcard", "--type", "open", size=(20, 50))
    for item in ("card", "open", "card"):  # both missed: the card comes back first, not the open question again
        shown = term.wait_for(PROMPTS[item])
        assert items_on(shown) == [item], shown
        term.press(" ")
        term.wait_for(GRADE_KEYS)
        term.press("1")
        term.wait_gone(PROMPTS[item])
    shown = term.wait_for(PROMPTS["open"])
    assert re.search(r"0 left · 2 again|0 left · 1 again", shown), shown
    term.press("q")
    assert term.finish() == 0
    assert reviews(progress_path) == [("card", 1), ("open", 1), ("card", 1)]


def test_a_single_missed_item_does_not_come_straight_back(spawn, progress_path):
    term = spawn("--type", "flashcard")
    term.wait_for("Card front")
    term.press(" ")
    term.wait_for("Card back")
    term.press("1")
    assert term.finish() == 0
    assert "Card front" not in term.screen_text() and "Session over: 1 answered" in term.screen_text()


# -- the end of a session ----------------------------------------------------------------------------------
def test_ctrl_c_ends_with_130_and_keeps_answers(spawn, progress_path):
    term = spawn("--type", "flashcard", "--type", "open")
    term.wait_for("Card front")
    term.press(" ")
    term.wait_for("Card back")
    term.press("3")
    term.wait_for("Open prompt")
    term.child.sendintr()
    assert term.finish() == 130
    assert not term.screen.alternate and "Session over: 1 answered" in term.screen_text()
    assert "Open prompt" not in term.screen_text()
    assert reviews(progress_path) == [("card", 3)]


def test_sigkill_mid_session_keeps_every_answer_given(spawn, progress_path):
    term = spawn("--type", "flashcard", "--type", "open", "--type", "choice")
    for item, key in (("card", "3"), ("open", "1")):
        term.wait_for(PROMPTS[item])
        term.press(" ")
        term.wait_for(GRADE_KEYS)
        term.press(key)
    term.wait_for("Pick the right one")
    term.child.kill(signal.SIGKILL)
    term.finish()
    assert reviews(progress_path) == [("card", 3), ("open", 1)]


def test_a_second_session_on_the_same_file_is_refused(spawn):
    first = spawn()
    first.wait_for("Space/Enter reveal")
    start = time.monotonic()
    second = spawn()
    assert second.finish() == 1
    assert "Another fmprep session is using" in second.screen_text()
    assert time.monotonic() - start < 5
    first.press("q")
    assert first.finish() == 0


# -- content is text, never escape codes or markup ---------------------------------------------------------------
HOSTILE = (
    'objectives: [{id: o, title: "O"}]\n'
    'concepts: [{id: c, title: "C", objectives: [o], summary: S, key_points: [k], example: E}]\n'
    'items:\n'
    '  - id: evil\n    kind: flashcard\n    concepts: [c]\n'
    '    front: "Clear \\e[2J title \\e]0;pwned\\a clip \\e]52;c;aGk=\\a link [link=https://x]y[/link] :warning:"\n'
    '    back: "back \\x9b31m C1 \\u202e bidi"\n'
)


def test_escape_sequences_and_markup_in_content_are_shown_literally(spawn, tmp_path):
    deck = tmp_path / "hostile.yaml"
    deck.write_text(HOSTILE, encoding="utf-8")
    term = spawn(deck=deck, colour=True, size=(24, 200))
    shown = term.wait_for("Space/Enter reveal")
    assert "Clear \ufffd[2J title \ufffd]0;pwned\ufffd clip \ufffd]52;c;aGk=\ufffd link [link=https://x]y[/link] :warning:" \
        in shown, shown
    assert "⚠" not in shown
    term.press(" ")
    shown = term.wait_for("back \ufffd31m C1 \ufffd bidi")
    term.press("q")
    assert term.finish() == 0
    raw = bytes(term.raw)
    assert b"\x1b]52" not in raw and b"\x1b]0;" not in raw and b"\x07" not in raw
    assert b"Clear \x1b" not in raw and b"\x1b[2J title" not in raw, "the content's clear-screen is not sent"
    assert "\x9b".encode() not in raw and "\u202e".encode() not in raw
    assert re.search(rb"\x1b\[[0-9;]*[1-9][0-9;]*m", raw), "colour was on: fmprep's own styling is sent"


# -- small windows and mended bugs ------------------------------------------------------------------------------
def test_u_with_nothing_to_undo_keeps_the_options_where_they_are(spawn):
    term = spawn("--type", "choice", size=(24, 80))
    shown = term.wait_for("Select 1")
    before = {text: letter_of(shown, text) for text in ("RIGHT-1", "WRONG-2", "WRONG-3", "WRONG-4")}
    for _ in range(3):  # 1 in 24 that one reshuffle lands on the same order
        term.press("u")
        shown = term.wait_for("Nothing to undo yet.")
        assert {text: letter_of(shown, text) for text in before} == before, shown
        term.press("x")
        term.wait_for("x is not an option")


def test_the_key_hint_stays_in_the_smallest_window(spawn):
    term = spawn("--type", "case-study", size=(8, 20))
    term.wait_for("Case question one")  # the question keeps a line: the header gives way first
    shown = term.screen_text()
    assert not term.screen.overflows and broken_words(shown) == [], shown
    assert re.search(r"q\s+quit", shown), f"the key hint is on screen:\n{shown}"


def test_a_window_smaller_than_20x8_gets_no_line_wider_than_itself(spawn):
    term = spawn("--type", "flashcard", size=(6, 15))
    term.wait_for("Card front")
    assert not term.screen.overflows, (term.screen.overflows, term.screen_text())


def test_bang_suspends_the_item_on_screen_and_u_brings_it_back(spawn, progress_path):
    term = spawn("--type", "flashcard", "--type", "open")
    shown = term.wait_for("Card front")
    left = left_count(shown)
    term.press("!")
    shown = term.wait_for("Suspended card")
    assert "Open prompt" in shown and left_count(shown) == left - 1, shown
    assert load_bytes(progress_path.read_bytes()).suspended == {"card"}, "saved at once"
    term.press("u")
    shown = term.wait_for("Undone: card is back")
    assert "Card front" in shown and left_count(shown) == left, shown
    assert load_bytes(progress_path.read_bytes()).suspended == set()
    term.press("?")
    assert "suspend this item" in term.wait_for("show these keys")
    term.press("!")
    term.wait_for("Suspended card")
    term.press("q")
    assert term.finish() == 0
    assert load_bytes(progress_path.read_bytes()).suspended == {"card"}
