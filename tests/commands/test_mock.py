"""`fmprep mock` driven through CliRunner: stdin is not a terminal, so each line answers the current question
(``-`` leaves it unanswered). FMPREP_NOW and FMPREP_SEED are fixed; the right letters are read from the shown
orders saved in the progress file while the mock is unfinished (input ending at once pauses it)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fmprep import mock
from fmprep.content import load_deck
from fmprep.deck import ChoiceQuestion, OrderingQuestion
from fmprep.grading import LETTERS
from fmprep.progress import load_bytes

from conftest import FIXTURES, REPO

DECK = str(FIXTURES / "quiz-deck.yaml")
NOW = "2026-11-25T09:00:00+00:00"
ENV = {"FMPREP_NOW": NOW, "FMPREP_SEED": "5"}
QUIZ_DECK_UNITS = {"mc", "mr", "order", "match", "case.q1", "case.q2"}  # its exam-style units
JSON_KEYS = {"score", "passed", "correct", "questions", "seconds", "objectives", "items"}


@pytest.fixture
def fm(cli):
    """`fmprep [--content DECK] ARGS...` with the fixed clock and seed; ``deck=None`` is the built-in deck."""

    def run(*args: str, input: str = "", deck: str | None = DECK, env: dict | None = None):
        head = ["--content", deck] if deck else []
        return cli(*head, *args, input=input, env={**ENV, **(env or {})})

    return run


def saved(progress_path):
    return load_bytes(progress_path.read_bytes())


def units_of(deck_path: str | None):
    deck = load_deck([Path(deck_path)] if deck_path else [REPO / "content"])
    return deck, {u.id: u for u in mock.exam_units(deck)}


def right_letters(question, order) -> str:
    """What a learner who knows the answer types, worked out from the shown order (not with fmprep.mock)."""
    letter = [LETTERS[order.index(i)] for i in range(len(order))]  # letter[i]: the letter option/step/answer i has
    if isinstance(question, ChoiceQuestion):
        return "".join(sorted(letter[i] for i, o in enumerate(question.options) if o.correct))
    if isinstance(question, OrderingQuestion):
        return "".join(letter)
    return " ".join(f"{n + 1}{letter[n]}" for n in range(len(order)))


def wrong_letters(question, order) -> str:
    """A well-formed answer that is wrong: all or nothing, so one slip is enough."""
    letter = [LETTERS[order.index(i)] for i in range(len(order))]
    if isinstance(question, ChoiceQuestion):
        right = [i for i, o in enumerate(question.options) if o.correct]
        wrong = [i for i, o in enumerate(question.options) if not o.correct]
        picks = right[:-1] + wrong[:1]  # as many picks as asked, one of them wrong
        return "".join(sorted(letter[i] for i in picks))
    if isinstance(question, OrderingQuestion):
        return "".join(reversed(letter))
    return " ".join(f"{n + 1}{letter[(n + 1) % len(order)]}" for n in range(len(order)))


# Scripted quiz answers that fit any exam item of the test deck: a line that is not an answer for the item shown
# gets a hint and the next line is read, so each item takes the first line of its shape.
ANY_ANSWER = "a\nab\nabc\n1a 2b 3c\n" * 8


def paused_mock(fm, progress_path, *args: str, deck: str | None = DECK):
    """Start a mock and pause it at once (stdin empty); returns the saved state."""
    result = fm("mock", *args, deck=deck)
    assert result.exit_code == 0, result.output
    assert "Practice exam paused" in result.output
    state = saved(progress_path).mocks.current
    assert state is not None
    return state


# -- a whole mock ------------------------------------------------------------------------------------------------

def test_full_scripted_mock_scores_all_or_nothing_and_prints_one_json_object(fm, progress_path):
    state = paused_mock(fm, progress_path, "--questions", "6")
    deck, units = units_of(DECK)
    assert set(state.items) == QUIZ_DECK_UNITS and state.answers == {}
    plan = ["right", "wrong", "skip", "right", "wrong", "right"]
    lines, expected = [], {}
    for n, (item, order) in enumerate(zip(state.items, state.orders)):
        question = units[item].question
        if n == 0:
            lines.append("zz")  # not an answer: a hint, and the next line is read for the same question
        if plan[n] == "right":
            lines.append(right_letters(question, order))
        elif plan[n] == "wrong":
            lines.append(wrong_letters(question, order))
        else:
            lines.append("-")
        expected[item] = plan[n] == "right"
    result = fm("mock", "--json", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)  # stdout holds the one object and nothing else
    assert set(data) == JSON_KEYS
    assert data["questions"] == 6 and data["correct"] == 3
    assert data["score"] == mock.scaled_score(3 / 6) and 100 <= data["score"] <= 1000
    assert data["passed"] is False
    assert isinstance(data["seconds"], int) and data["seconds"] >= 0
    assert [row["id"] for row in data["items"]] == state.items
    assert {row["id"]: row["correct"] for row in data["items"]} == expected
    assert all(set(row) == {"id", "correct", "flagged"} and row["flagged"] is False for row in data["items"])
    assert data["objectives"] == [{"id": "obj", "correct": 3, "questions": 6}]
    assert "is not an option here" in result.stderr  # the hint for "zz", on stderr with --json

    progress = saved(progress_path)
    assert progress.mocks.current is None
    [record] = progress.mocks.history
    assert record.items and [(r.item, r.correct) for r in record.items] == list(expected.items())
    skipped = state.items[plan.index("skip")]
    assert [r.answer for r in record.items if r.item == skipped] == [None]
    # Each answered question is a review: right Good (3), wrong Again (1); the skipped one is none.
    assert sorted((r.item, r.grade) for r in progress.reviews) == sorted(
        (item, 3 if ok else 1) for item, ok in expected.items() if item != skipped)
    assert set(progress.cards) == set(expected) - {skipped}


def test_scripted_mock_prints_the_text_result(fm, progress_path):
    state = paused_mock(fm, progress_path, "--questions", "6")
    _, units = units_of(DECK)
    first = units[state.items[0]].question
    lines = ["", "zz"] + [right_letters(units[i].question, o) for i, o in zip(state.items, state.orders)]
    result = fm("mock", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Traceback" not in out
    assert "Practice exam result" in out and "PASS" in out
    assert f"Score {mock.scaled_score(1.0)} (pass mark 700) · 6 of 6 right (100%)" in out
    assert out.count("✓ right") == 6
    assert first.prompt in out


def test_case_study_questions_are_scored_one_by_one(fm, progress_path):
    state = paused_mock(fm, progress_path, "--questions", "6")
    _, units = units_of(DECK)
    lines = []
    for item, order in zip(state.items, state.orders):
        question = units[item].question
        # Only the case study's first question right; its second wrong; all else unanswered.
        lines.append(right_letters(question, order) if item == "case.q1" else
                     wrong_letters(question, order) if item == "case.q2" else "-")
    result = fm("mock", "--json", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {r["id"]: r["correct"] for r in data["items"]} == {i: i == "case.q1" for i in state.items}
    assert data["correct"] == 1 and data["score"] == mock.scaled_score(1 / 6)
    assert state.items.index("case.q2") == state.items.index("case.q1") + 1  # the case study stays together


def test_multiple_response_partly_right_is_wrong(fm, progress_path):
    state = paused_mock(fm, progress_path, "--questions", "6")
    _, units = units_of(DECK)
    lines = []
    for item, order in zip(state.items, state.orders):
        question = units[item].question
        if item == "mr":
            lines.append(wrong_letters(question, order))  # one right pick and one wrong
        elif item == "match":
            right = right_letters(question, order).split()
            lines.append(" ".join([right[1][0] + right[0][1:], right[0][0] + right[1][1:], right[2]]))  # two swapped
        else:
            lines.append(right_letters(question, order))
    data = json.loads(fm("mock", "--json", input="\n".join(lines) + "\n").stdout)
    assert {r["id"] for r in data["items"] if not r["correct"]} == {"mr", "match"}
    assert data["correct"] == 4 and data["score"] == mock.scaled_score(4 / 6)


def test_history_stats_and_missed_drill(fm, progress_path):
    state = paused_mock(fm, progress_path, "--questions", "6")
    _, units = units_of(DECK)
    missed = {"mr", "order", "case.q2"}
    lines = ["-" if item == "order" else wrong_letters(units[item].question, order) if item in missed else
             right_letters(units[item].question, order) for item, order in zip(state.items, state.orders)]
    done = fm("mock", "--json", input="\n".join(lines) + "\n")
    assert done.exit_code == 0, done.output
    record = json.loads(done.stdout)

    listed = fm("mock", "--history", "--json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)["mocks"]
    assert (row["date"], row["score"], row["correct"], row["questions"], row["passed"]) == (
        "2026-11-25", record["score"], 3, 6, False)
    assert row["objectives"] == [{"id": "obj", "correct": 3, "questions": 6}]
    text = fm("mock", "--history")
    assert text.exit_code == 0 and "2026-11-25" in text.output and str(record["score"]) in text.output
    assert "fail" in text.output and "3/6" in text.output

    stats = fm("stats", "--json")
    assert stats.exit_code == 0, stats.output
    figures = json.loads(stats.stdout)
    assert [m["score"] for m in figures["mocks"]] == [record["score"]]
    assert figures["readiness"]["mock_questions"] == 6

    # The drill, a day later: exactly the missed questions (wrong or unanswered); each comes once before any
    # comes back (a wrong answer in the drill brings it back in the same session).
    reviews_before = len(saved(progress_path).reviews)
    drill = fm("quiz", "--missed", input=ANY_ANSWER, env={"FMPREP_NOW": "2026-11-26T09:00:00+00:00"})
    assert drill.exit_code == 0, drill.output
    drilled = [r.item for r in list(saved(progress_path).reviews)[reviews_before:]]
    assert set(drilled) == missed and sorted(drilled[:len(missed)]) == sorted(missed), drill.output


def test_quiz_missed_drills_them_even_the_same_minute(fm, progress_path):
    """Right after the mock, the missed questions are not due yet; --missed still drills them."""
    state = paused_mock(fm, progress_path, "--questions", "6")
    _, units = units_of(DECK)
    lines = [wrong_letters(units[i].question, o) if i == "mc" else right_letters(units[i].question, o)
             for i, o in zip(state.items, state.orders)]
    assert fm("mock", "--json", input="\n".join(lines) + "\n").exit_code == 0
    before = len(saved(progress_path).reviews)
    drill = fm("quiz", "--missed", input=ANY_ANSWER)
    assert drill.exit_code == 0, drill.output
    assert "Pick the right one" in drill.output
    assert [r.item for r in list(saved(progress_path).reviews)[before:]] == ["mc"]


# -- pausing, resuming, abandoning -------------------------------------------------------------------------------

def test_input_ending_early_pauses_and_the_next_mock_resumes(fm, progress_path):
    state = paused_mock(fm, progress_path, "--questions", "6")
    _, units = units_of(DECK)
    first, third = (right_letters(units[state.items[n]].question, state.orders[n]) for n in (0, 2))
    part = fm("mock", input=f"{first}\n-\n{third}\n")  # the second is skipped
    assert part.exit_code == 0, part.output
    assert "Practice exam paused" in part.output and "(2 of 6 answered)" in part.output
    middle = saved(progress_path).mocks.current
    assert middle.items == state.items and middle.orders == state.orders
    assert set(middle.answers) == {state.items[0], state.items[2]}
    assert middle.position == 3

    rest = [right_letters(units[i].question, o) for i, o in zip(state.items[3:], state.orders[3:])]
    final = fm("mock", "--json", input="\n".join(rest) + "\n")
    assert final.exit_code == 0, final.output
    data = json.loads(final.stdout)
    assert [r["id"] for r in data["items"]] == state.items
    assert {r["id"] for r in data["items"] if not r["correct"]} == {state.items[1]}


def test_paused_message_is_on_its_own_line(fm, progress_path):
    result = fm("mock", "--questions", "2", input="")
    assert "Practice exam paused" in result.output
    assert any(line.startswith("Practice exam paused") for line in result.output.splitlines()), result.output


def test_abandon(fm, progress_path):
    paused_mock(fm, progress_path, "--questions", "3")
    before = progress_path.read_bytes()
    refused = fm("mock", "--abandon")  # no terminal, no --yes
    assert refused.exit_code == 1
    assert "Pass --yes" in refused.output and "Traceback" not in refused.output
    assert progress_path.read_bytes() == before
    dropped = fm("mock", "--abandon", "--yes")
    assert dropped.exit_code == 0 and "dropped" in dropped.output
    progress = saved(progress_path)
    assert progress.mocks.current is None and progress.mocks.history == []
    again = fm("mock", "--abandon", "--yes")
    assert again.exit_code == 0 and "no unfinished practice exam" in again.output


# -- what is drawn -----------------------------------------------------------------------------------------------

def test_default_minutes_and_objective_on_the_builtin_deck(fm, progress_path):
    state = paused_mock(fm, progress_path, deck=None)
    assert len(state.items) == 20 and state.limit == 28 * 60
    fm("mock", "--abandon", "--yes", deck=None)
    deck, units = units_of(None)
    objective = deck.objectives[1].id
    state = paused_mock(fm, progress_path, "--questions", "5", "--objective", objective, "--minutes", "7", deck=None)
    assert state.limit == 7 * 60 and len(state.items) == 5
    assert {deck.concept(units[i].concepts[0]).objectives[0] for i in state.items} == {objective}


def test_topic_keeps_to_its_concept(fm, progress_path):
    state = paused_mock(fm, progress_path, "--questions", "3", "--topic", "alpha")
    _, units = units_of(DECK)
    assert all("alpha" in units[i].concepts for i in state.items)


# -- refusals ----------------------------------------------------------------------------------------------------

FLASHCARDS_ONLY = """\
objectives:
  - {id: obj, title: Objective}
concepts:
  - id: alpha
    title: Alpha
    objectives: [obj]
    summary: S.
    key_points: [P]
    example: E.
items:
  - {id: c1, kind: flashcard, concepts: [alpha], front: F, back: B}
  - {id: c2, kind: flashcard, concepts: [alpha], front: G, back: C}
"""


@pytest.mark.parametrize("args, message", [
    (("--objective", "nope"), "There is no objective 'nope'"),
    (("--topic", "nope"), "nope"),
    (("--questions", "7"), "has 6 exam-style questions"),
    (("--questions", "0"), "--questions"),
    (("--minutes", "0"), "--minutes"),
])
def test_bad_requests_are_refused_with_a_message(fm, progress_path, args, message):
    result = fm("mock", *args)
    assert result.exit_code in (1, 2), result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not progress_path.exists() or saved(progress_path).mocks.current is None


def test_a_deck_without_exam_questions_is_refused(fm, progress_path, tmp_path):
    deck = tmp_path / "cards.yaml"
    deck.write_text(FLASHCARDS_ONLY, encoding="utf-8")
    result = fm("mock", deck=str(deck))
    assert result.exit_code == 1
    assert "no exam-style questions" in result.output and "Traceback" not in result.output


def test_a_mock_while_another_session_holds_the_lock_is_refused(fm, progress_path):
    import datetime as dt

    from fmprep.store import ProgressStore

    with ProgressStore(progress_path).writer(dt.datetime(2026, 11, 25, 9, tzinfo=dt.timezone.utc)):
        result = fm("mock", "--questions", "2")
    assert result.exit_code == 1
    assert "Another fmprep session is using" in result.output and "Traceback" not in result.output
    assert not progress_path.exists() or saved(progress_path).mocks.current is None
