"""`fmprep quiz` driven through CliRunner with scripted answers (stdin is not a terminal: one answer a line)."""

from __future__ import annotations

import random

import pytest

from fmprep.grading import LETTERS, present
from fmprep.progress import load_bytes

from conftest import FIXTURES

DECK = str(FIXTURES / "quiz-deck.yaml")
SEED = 5
ENV = {"FMPREP_NOW": "2026-11-25T09:00:00+00:00", "FMPREP_SEED": str(SEED)}


def letters(*counts: int) -> list[list[str]]:
    """The letters options are shown under, for the exam items of a session in order (same seed as the CLI)."""
    rng = random.Random(SEED)
    shown = [present(n, rng).order for n in counts]
    return [[LETTERS[order.index(i)] for i in range(len(order))] for order in shown]


@pytest.fixture
def quiz(cli):
    def run(*args: str, input: str = ""):
        return cli("--content", DECK, "quiz", *args, input=input, env=ENV)

    return run


def saved(progress_path):
    return load_bytes(progress_path.read_bytes())


def test_flashcard_and_open_question(quiz, progress_path):
    result = quiz("--type", "flashcard", "--type", "open", input="\n3\n\n1\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Card front" in out and "Card back" in out
    assert "Open answer" in out and "also valid: Other valid answer" in out
    assert "\x1b" not in out  # no colour codes when stdout is not a terminal
    progress = saved(progress_path)
    assert [(r.item, r.grade) for r in progress.reviews] == [("card", 3), ("open", 1)]
    assert "Session over: 2 answered, 1 correct (50%)" in out


def test_multiple_choice_right_and_multiple_response_wrong(quiz, progress_path):
    mc, mr = letters(4, 5)
    wrong_pick = next(k for k in mr if mr.index(k) >= 2)  # a wrong option's letter
    result = quiz("--type", "choice", input=f"{mc[0]}\n{mr[0]} {wrong_pick}\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "✓ Correct" in out and "✗ Not quite" in out
    assert "[right pick]" in out and "[missed]" in out and "[wrong pick]" in out
    for why in ("Because right.", "Because wrong 2.", "Right B.", "Wrong E.", "MC explanation.", "MR explanation."):
        assert why in out
    assert [(r.item, r.grade) for r in saved(progress_path).reviews] == [("mc", 3), ("mr", 1)]


def test_multiple_choice_with_two_picks_gets_a_hint_not_a_grade(quiz, progress_path):
    [mc] = letters(4)
    result = quiz("--type", "choice", "--limit", "1", input=f"{mc[0]}{mc[1]}\nz\n{mc[0]}\n")
    assert result.exit_code == 0
    assert "Select 1 - you picked 2." in result.output and "'z' is not an option here" in result.output
    assert [(r.item, r.grade) for r in saved(progress_path).reviews] == [("mc", 3)]


def test_ordering_and_matching(quiz, progress_path):
    order, match = letters(3, 3)
    result = quiz("--type", "ordering", "--type", "matching", "--limit", "2",
                  input="".join(order) + "\n" + f"1{match[1]} 2{match[0]} 3{match[2]}\n")
    assert result.exit_code == 0, result.output
    assert "The right order is" in result.output and "Ordering explanation." in result.output
    assert "you paired" in result.output and "Matching explanation." in result.output
    assert [(r.item, r.grade) for r in saved(progress_path).reviews] == [("order", 3), ("match", 1)]


def test_case_study_shows_the_scenario_then_each_question_graded_on_its_own(quiz, progress_path):
    q1, q2 = letters(4, 3)
    result = quiz("--type", "case-study", input=f"{q1[1]}\n{''.join(q2)}\n")
    assert result.exit_code == 0, result.output
    out = result.output
    shown = out.count("Case study: The case (question")
    assert shown >= 2 and "(question 1 of 2)" in out and "(question 2 of 2)" in out
    assert out.count("CASE-SCENARIO text.") == shown  # the scenario comes with every one of its questions
    assert [(r.item, r.grade) for r in saved(progress_path).reviews] == [("case.q1", 1), ("case.q2", 3)]


def test_undo_takes_back_the_last_answer_and_shows_it_again(quiz, progress_path):
    result = quiz("--type", "flashcard", "--type", "open", input="\n1\nu\n\n4\nq\n")
    assert result.exit_code == 0, result.output
    assert "Undone" in result.output
    assert result.output.count("Card front") == 2
    assert [(r.item, r.grade) for r in saved(progress_path).reviews] == [("card", 4)]


def test_undo_with_nothing_to_undo_and_bad_keys_give_hints(quiz, progress_path):
    result = quiz("--limit", "1", input="u\nx\n?\n\n3\n")
    assert result.exit_code == 0
    assert "Nothing to undo yet." in result.output and "'x' is not a key here" in result.output
    assert "show these keys" in result.output
    assert len(saved(progress_path).reviews) == 1


def test_q_ends_the_session_and_answers_are_kept(quiz, progress_path):
    result = quiz(input="\n3\nq\n")
    assert result.exit_code == 0
    assert "Session over: 1 answered" in result.output and "Next item due:" in result.output
    assert len(saved(progress_path).reviews) == 1


def test_nothing_due_says_when_and_how_to_cram(quiz, progress_path):
    assert quiz("--type", "flashcard", input="\n4\n").exit_code == 0
    result = quiz("--type", "flashcard", "--new", "0")
    assert result.exit_code == 0
    assert "Nothing is due now" in result.output and "Next item due: 2026-" in result.output
    assert "fmprep quiz --cram" in result.output


def test_cram_leaves_the_schedule_untouched(quiz, progress_path):
    assert quiz("--type", "flashcard", input="\n4\n").exit_code == 0
    before = progress_path.read_bytes()
    result = quiz("--cram", "--type", "flashcard", "--type", "open", input="\n1\n\n3\n\n3\n")
    assert result.exit_code == 0, result.output
    assert "schedule was not changed" in result.output
    assert progress_path.read_bytes() == before


def test_limit_and_daily_new_allowance(quiz, progress_path):
    assert quiz("--limit", "2", "--type", "flashcard", "--type", "open", input="\n4\n\n4\n\n4\n").exit_code == 0
    assert len(saved(progress_path).reviews) == 2
    result = quiz("--new", "2", "--type", "flashcard", "--type", "open")
    assert "Nothing is due now" in result.output  # both new items of today are used up


@pytest.mark.parametrize("args, code, message", [
    (["--retention", "1.5"], 2, "--retention"),
    (["--type", "essay"], 2, "--type"),
    (["--new", "-1"], 2, "--new"),
    (["--limit", "0"], 2, "--limit"),
    (["--topic", "nope"], 1, "unknown topic 'nope'"),
])
def test_bad_options_are_refused_clearly(quiz, progress_path, args, code, message):
    result = quiz(*args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
    assert not progress_path.exists()


def test_topics_shows_seen_due_and_mastery_once_there_is_progress(cli, quiz, progress_path):
    import json

    quiz("--type", "flashcard", input="\n4\n")
    data = json.loads(cli("--content", DECK, "topics", "--json", env=ENV).output)
    [objective] = data["objectives"]
    alpha, beta = objective["concepts"]
    assert (alpha["seen"], alpha["due"]) == (1, 0) and beta["seen"] == 0
    assert alpha["mastery"] == "20%"  # one of five alpha items, recalled for sure on the day of review


def test_items_that_left_the_deck_keep_their_progress(quiz, cli, progress_path):
    from fmprep.progress import CardState, Progress, Review, encode

    old = Progress()
    old.cards["gone.item"] = CardState(2, None, 9.5, 4.0, 1_900_000_000, 1_790_000_000)
    old.reviews.append(Review("gone.item", 1_790_000_000, 3, 1234))
    progress_path.write_bytes(encode(old))
    assert quiz("--type", "flashcard", input="\n3\n").exit_code == 0
    after = saved(progress_path)
    assert after.cards["gone.item"] == old.cards["gone.item"]
    assert [r for r in after.reviews if r.item == "gone.item"] == [Review("gone.item", 1_790_000_000, 3, 1234)]
    assert len(after.reviews) == 2
    before = progress_path.read_bytes()
    files = sorted(p.name for p in progress_path.parent.rglob("progress.json*"))
    for args in (["topics"], ["stats"], ["exam"], ["backups"]):  # readers write nothing
        assert cli("--content", DECK, *args, env=ENV).exit_code == 0
    assert progress_path.read_bytes() == before
    assert sorted(p.name for p in progress_path.parent.rglob("progress.json*")) == files


def test_bang_on_a_line_suspends_the_item_and_the_session_goes_on(quiz, progress_path):
    result = quiz("--type", "flashcard", "--type", "open", input="!\n\n3\n")
    assert result.exit_code == 0, result.output
    assert "Suspended card (u undoes; `fmprep unsuspend ID` brings it back)." in result.output
    progress = saved(progress_path)
    assert progress.suspended == {"card"}
    assert [(r.item, r.grade) for r in progress.reviews] == [("open", 3)]
