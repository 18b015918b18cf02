"""Answer keys: the right answer of every item, normalized, so that an edit that changes it is noticed.

Progress is kept by id. An edit that keeps an item's meaning keeps its id (and the learner's schedule); an edit that
changes the right answer must give the item a new id, or learners keep a schedule learned from a wrong answer.
A manifest (``content/answer-keys.json`` for the built-in deck) records each id's answer key; ``tools/answer_keys.py``
checks a deck against it, records new ids, and accepts an edit the author asserts kept the meaning.
Pure: a Deck in, keys out.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from fmprep.deck import ChoiceQuestion, Deck, Flashcard, MatchingQuestion, OpenQuestion, OrderingQuestion, reviewables

_WORD = re.compile(r"[^\W_]+")


def normalized(text: str) -> str:
    """Lower-case words only: case, spacing and punctuation do not change a key."""
    return " ".join(_WORD.findall(text.lower()))


def answer_key(question) -> str:
    """The right answer of one item (or case-study question), normalized and prefixed with what kind of answer it is:
    choice: the set of right options; order: the steps in order; match: the set of pairs; card/open: the answer."""
    if isinstance(question, ChoiceQuestion):
        return "choice: " + " | ".join(sorted(normalized(o.text) for o in question.options if o.correct))
    if isinstance(question, OrderingQuestion):
        return "order: " + " > ".join(normalized(s) for s in question.steps)
    if isinstance(question, MatchingQuestion):
        return "match: " + " | ".join(sorted(f"{normalized(p)} = {normalized(a)}" for p, a in question.pairs))
    if isinstance(question, Flashcard):
        return "card: " + normalized(question.back)
    if isinstance(question, OpenQuestion):
        return "open: " + normalized(question.answer)
    raise TypeError(f"no answer key for {type(question).__name__}")


def answer_keys(deck: Deck) -> dict[str, str]:
    """id -> answer key for everything in the deck that carries a schedule, in deck order."""
    return {r.id: answer_key(r.question) for r in reviewables(deck)}


class Comparison(NamedTuple):
    """A deck against a manifest: ids with no key yet, ids whose key changed (id -> (recorded, now)), and ids the
    manifest keeps that are no longer in the deck (kept: an id that comes back must come back with its answer)."""

    new: list[str]
    changed: dict[str, tuple[str, str]]
    gone: list[str]

    @property
    def ok(self) -> bool:
        return not self.new and not self.changed


def compare(manifest: dict[str, str], deck: Deck) -> Comparison:
    keys = answer_keys(deck)
    return Comparison([i for i in keys if i not in manifest],
                      {i: (manifest[i], k) for i, k in keys.items() if i in manifest and manifest[i] != k},
                      [i for i in manifest if i not in keys])
