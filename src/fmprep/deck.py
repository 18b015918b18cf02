"""The deck model: objectives, concepts and items as frozen dataclasses. Pure: no I/O, no terminal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple, Union

# The item kinds as written in content files, and the names learners use to pick them (`--type`).
KINDS = ("flashcard", "open", "multiple-choice", "multiple-response", "ordering", "matching", "case-study")
TYPE_NAMES = {
    "flashcard": ("flashcard",),
    "open": ("open",),
    "choice": ("multiple-choice", "multiple-response"),
    "ordering": ("ordering",),
    "matching": ("matching",),
    "case-study": ("case-study",),
}


@dataclass(frozen=True)
class Objective:
    id: str
    title: str


@dataclass(frozen=True)
class Misconception:
    myth: str
    fact: str


@dataclass(frozen=True)
class Concept:
    id: str
    title: str
    objectives: tuple[str, ...]
    summary: str
    key_points: tuple[str, ...]
    example: str
    misconceptions: tuple[Misconception, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Flashcard:
    id: str
    concepts: tuple[str, ...]
    front: str
    back: str
    sources: tuple[str, ...]
    kind = "flashcard"


@dataclass(frozen=True)
class OpenQuestion:
    id: str
    concepts: tuple[str, ...]
    prompt: str
    answer: str
    also_valid: tuple[str, ...]
    sources: tuple[str, ...]
    kind = "open"


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    why: str


@dataclass(frozen=True)
class ChoiceQuestion:
    """Multiple choice (one right option) or multiple response (two or more), graded all or nothing."""

    id: str
    concepts: tuple[str, ...]
    prompt: str
    options: tuple[Option, ...]
    multiple: bool
    explanation: str
    sources: tuple[str, ...]

    @property
    def kind(self) -> str:
        return "multiple-response" if self.multiple else "multiple-choice"


@dataclass(frozen=True)
class OrderingQuestion:
    """``steps`` are in the right order."""

    id: str
    concepts: tuple[str, ...]
    prompt: str
    steps: tuple[str, ...]
    explanation: str
    sources: tuple[str, ...]
    kind = "ordering"


@dataclass(frozen=True)
class MatchingQuestion:
    """``pairs`` hold (prompt, its right answer)."""

    id: str
    concepts: tuple[str, ...]
    prompt: str
    pairs: tuple[tuple[str, str], ...]
    explanation: str
    sources: tuple[str, ...]
    kind = "matching"


Question = Union[ChoiceQuestion, OrderingQuestion, MatchingQuestion]


@dataclass(frozen=True)
class CaseStudy:
    """One scenario and two or more questions, each with its own id and graded on its own."""

    id: str
    concepts: tuple[str, ...]
    title: str
    scenario: str
    questions: tuple[Question, ...]
    sources: tuple[str, ...]
    kind = "case-study"


Item = Union[Flashcard, OpenQuestion, ChoiceQuestion, OrderingQuestion, MatchingQuestion, CaseStudy]


@dataclass(frozen=True)
class Deck:
    objectives: tuple[Objective, ...]
    concepts: tuple[Concept, ...]
    items: tuple[Item, ...]
    files: tuple[str, ...] = ()

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)

    def items_of(self, concept_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if concept_id in item.concepts)

    def concepts_of(self, objective_id: str) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if objective_id in c.objectives)

    def count_by_kind(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for item in self.items:
            counts[item.kind] += 1
        return {kind: n for kind, n in counts.items() if n}


class Reviewable(NamedTuple):
    """One thing that carries a schedule: an item, or one question of a case study (shown with its case)."""

    id: str
    concepts: tuple[str, ...]
    question: Item
    case: CaseStudy | None = None

    @property
    def kind(self) -> str:
        return "case-study" if self.case is not None else self.question.kind


def reviewables(deck: Deck) -> list[Reviewable]:
    """Everything in the deck that carries a schedule, in deck order."""
    out = []
    for item in deck.items:
        if isinstance(item, CaseStudy):
            out.extend(Reviewable(q.id, q.concepts, q, item) for q in item.questions)
        else:
            out.append(Reviewable(item.id, item.concepts, item))
    return out
