"""Presenting exam items (shuffled, lettered) and grading typed answers. Pure: the random source comes in.

Answers are checked strictly but kindly: a malformed answer gives a hint (``Hint``) instead of a grade.
"""

from __future__ import annotations

import random
import re
from typing import NamedTuple, Optional, Union

from fmprep.deck import ChoiceQuestion, MatchingQuestion, OrderingQuestion

LETTERS = "abcdefghijkl"  # at most 12 options; u, q and ? stay free for undo, quit and help


class Hint(NamedTuple):
    """The answer could not be read; say why and how to write it."""

    message: str


class Presentation(NamedTuple):
    """The order items are shown in this time: ``order[k]`` is the index in the question of what is shown at k."""

    order: tuple[int, ...]


def present(count: int, rng: random.Random) -> Presentation:
    order = list(range(count))
    rng.shuffle(order)
    return Presentation(tuple(order))


# -- choice ----------------------------------------------------------------------------------------------------

class OptionResult(NamedTuple):
    letter: str
    index: int  # in the question
    picked: bool
    right: bool

    @property
    def verdict(self) -> str:
        if self.picked and self.right:
            return "right pick"
        if self.right:
            return "missed"
        if self.picked:
            return "wrong pick"
        return ""


class ChoiceResult(NamedTuple):
    correct: bool
    options: tuple[OptionResult, ...]


def parse_letters(text: str, count: int) -> Union[list[int], Hint]:
    """Letters typed as ``b``, ``a c`` or ``a,c`` -> shown positions, in typed order."""
    letters = [ch for ch in text.lower() if not ch.isspace() and ch != ","]
    valid = LETTERS[:count]
    bad = [ch for ch in letters if ch not in valid]
    if bad:
        return Hint(f"'{bad[0]}' is not an option here; use the letters a to {valid[-1]}.")
    return [valid.index(ch) for ch in letters]


def grade_choice(question: ChoiceQuestion, shown: Presentation, picks: set[int]) -> Union[ChoiceResult, Hint]:
    """All or nothing, like the exam: every right option and no wrong one. As on the exam, exactly as many picks as
    the question asks for are taken; any other number gets a hint, not a grade."""
    need = question.right_count
    if len(picks) != need:
        return Hint(f"Select {need} - you picked {len(picks)}.")
    return mark_choice(question, shown, picks)


def mark_choice(question: ChoiceQuestion, shown: Presentation, picks: set[int]) -> ChoiceResult:
    """Each option's verdict for any set of picks (none, for a question left unanswered)."""
    rows = tuple(OptionResult(LETTERS[k], i, k in picks, question.options[i].correct) for k, i in enumerate(shown.order))
    return ChoiceResult(all(r.picked == r.right for r in rows), rows)


# -- ordering --------------------------------------------------------------------------------------------------

class OrderingResult(NamedTuple):
    correct: bool
    given: tuple[int, ...]  # question indices in the learner's order
    right_letters: str  # the right order, as the letters shown


def grade_ordering(question: OrderingQuestion, shown: Presentation, text: str) -> Union[OrderingResult, Hint]:
    count = len(question.steps)
    typed = parse_letters(text, count)
    if isinstance(typed, Hint):
        return typed
    if sorted(typed) != list(range(count)):
        return Hint(f"Type each of the letters a to {LETTERS[count - 1]} once, in order (e.g. "
                    f"{LETTERS[:count][::-1]}), then press Enter.")
    given = tuple(shown.order[k] for k in typed)
    return OrderingResult(given == tuple(range(count)), given, right_order(shown))


def right_order(shown: Presentation) -> str:
    """The right order of an ordering question, as the letters shown."""
    return "".join(LETTERS[shown.order.index(i)] for i in range(len(shown.order)))


# -- matching --------------------------------------------------------------------------------------------------

class MatchingResult(NamedTuple):
    correct: bool
    pairs: tuple[tuple[int, Optional[int], bool], ...]  # (prompt number - 1, index of the answer given or None, right?)
    right_letters: tuple[str, ...]  # per prompt, the letter of its right answer


_PAIR = re.compile(r"(\d+)\s*[-:=]?\s*([a-z])")


def grade_matching(question: MatchingQuestion, shown: Presentation, text: str) -> Union[MatchingResult, Hint]:
    """Prompts are numbered in the question's order; answers are lettered in ``shown`` order. E.g. ``1b 2c 3a``."""
    count = len(question.pairs)
    example = " ".join(f"{n + 1}{LETTERS[(n + 1) % count]}" for n in range(count))
    cleaned = text.lower().replace(",", " ")
    found = _PAIR.findall(cleaned)
    leftover = _PAIR.sub("", cleaned).strip()
    if leftover or not found:
        return Hint(f"Type one pair per prompt, a number then a letter, like: {example}")
    chosen: dict[int, int] = {}
    for number, letter in found:
        n = int(number) - 1
        if not 0 <= n < count:
            return Hint(f"There is no prompt {number}; the prompts are 1 to {count}.")
        if letter not in LETTERS[:count]:
            return Hint(f"'{letter}' is not an answer here; use the letters a to {LETTERS[count - 1]}.")
        if n in chosen:
            return Hint(f"Prompt {number} is paired twice; give each prompt one letter.")
        chosen[n] = LETTERS.index(letter)
    if len(chosen) != count:
        missing = ", ".join(str(n + 1) for n in range(count) if n not in chosen)
        return Hint(f"Pair every prompt (missing: {missing}), like: {example}")
    pairs = tuple((n, shown.order[chosen[n]], shown.order[chosen[n]] == n) for n in range(count))
    return MatchingResult(all(ok for _, _, ok in pairs), pairs, right_pairs(shown))


def right_pairs(shown: Presentation) -> tuple[str, ...]:
    """Per prompt of a matching question, the letter its right answer is shown under."""
    return tuple(LETTERS[shown.order.index(n)] for n in range(len(shown.order)))
