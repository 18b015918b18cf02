from __future__ import annotations

import random

from fmprep.deck import ChoiceQuestion, MatchingQuestion, Option, OrderingQuestion
from fmprep.grading import Hint, Presentation, grade_choice, mark_choice, grade_matching, grade_ordering, parse_letters, present

MC = ChoiceQuestion("q", ("c",), "P", tuple(Option(t, t.startswith("R"), "w") for t in ("R1", "W2", "W3", "W4")),
                    False, "E", ())
MR = ChoiceQuestion("q", ("c",), "P", tuple(Option(t, t.startswith("R"), "w") for t in ("R1", "R2", "W3", "W4", "W5")),
                    True, "E", ())
ORDER = OrderingQuestion("o", ("c",), "P", ("s1", "s2", "s3"), "E", ())
MATCH = MatchingQuestion("m", ("c",), "P", (("l1", "r1"), ("l2", "r2"), ("l3", "r3")), "E", ())
REVERSED = Presentation((2, 1, 0))


def test_present_is_a_seeded_permutation():
    assert sorted(present(5, random.Random(3)).order) == list(range(5))
    assert present(5, random.Random(3)) == present(5, random.Random(3))


def test_parse_letters():
    assert parse_letters("a, c", 4) == [0, 2]
    assert isinstance(parse_letters("e", 4), Hint)


def test_choice_all_or_nothing_with_verdicts():
    shown = Presentation((3, 2, 1, 0, 4))  # a=W4 b=W3 c=R2 d=R1 e=W5
    result = grade_choice(MR, shown, {2, 3})
    assert result.correct
    result = grade_choice(MR, shown, {2, 0})
    assert not result.correct
    assert [r.verdict for r in result.options] == ["wrong pick", "", "right pick", "missed", ""]
    assert isinstance(grade_choice(MR, shown, set()), Hint)
    assert isinstance(grade_choice(MC, Presentation((0, 1, 2, 3)), {0, 1}), Hint)
    assert grade_choice(MC, Presentation((1, 0, 2, 3)), {1}).correct


def test_ordering():
    assert grade_ordering(ORDER, REVERSED, "cba").correct  # shown c is step 1
    result = grade_ordering(ORDER, REVERSED, "a b c")
    assert not result.correct and result.right_letters == "cba"
    assert "once" in grade_ordering(ORDER, REVERSED, "cb").message
    assert "not an option" in grade_ordering(ORDER, REVERSED, "xyz").message


def test_matching():
    assert grade_matching(MATCH, REVERSED, "1c 2b 3a").correct
    assert grade_matching(MATCH, REVERSED, "3a, 1-c 2:b").correct
    result = grade_matching(MATCH, REVERSED, "1a 2b 3c")
    assert not result.correct and result.right_letters == ("c", "b", "a")
    assert [ok for _, _, ok in result.pairs] == [False, True, False]
    for text, words in (("1c 2b", "missing: 3"), ("1c 1b 3a", "paired twice"), ("4a", "no prompt 4"),
                        ("1z 2b 3a", "not an answer"), ("hello", "like: ")):
        result = grade_matching(MATCH, REVERSED, text)
        assert isinstance(result, Hint) and words in result.message, (text, result)


def test_choice_takes_exactly_as_many_picks_as_asked():
    shown = Presentation((0, 1, 2, 3, 4))
    assert grade_choice(MR, shown, {0}) == Hint("Select 2 - you picked 1.")  # fewer than asked: no grade
    assert grade_choice(MR, shown, {0, 1, 2}) == Hint("Select 2 - you picked 3.")
    assert grade_choice(MC, Presentation((0, 1, 2, 3)), set()) == Hint("Select 1 - you picked 0.")
    assert not isinstance(grade_choice(MR, shown, {2, 4}), Hint)  # two picks, even wrong ones, are graded


def test_choice_partial_credit_is_no_credit():
    shown = Presentation((0, 1, 2, 3, 4))  # a=R1 b=R2 c=W3 d=W4 e=W5
    assert grade_choice(MR, shown, {0, 1}).correct
    assert not grade_choice(MR, shown, {0, 2}).correct  # one right option missing, a wrong one picked
    assert not grade_choice(MR, shown, {2, 3}).correct
    assert not grade_choice(MC, Presentation((0, 1, 2, 3)), {1}).correct
    result = mark_choice(MR, shown, {0})  # the verdicts of a partial pick (a mock left half-answered)
    assert not result.correct
    assert [r.verdict for r in result.options] == ["right pick", "missed", "", "", ""]


def test_ordering_right_only_when_every_step_is_in_place():
    shown = Presentation((0, 1, 2))  # a=s1 b=s2 c=s3
    assert grade_ordering(ORDER, shown, "abc").correct
    for text in ("acb", "bac", "cba", "bca"):  # first right, or last right, or a single swap: all wrong
        result = grade_ordering(ORDER, shown, text)
        assert not result.correct and result.right_letters == "abc", text


def test_matching_right_only_when_every_pair_is():
    shown = Presentation((0, 1, 2))
    assert grade_matching(MATCH, shown, "1a 2b 3c").correct
    result = grade_matching(MATCH, shown, "1a 2c 3b")  # one of three right
    assert not result.correct and [ok for _, _, ok in result.pairs] == [True, False, False]
