"""The deck model: objectives, concepts and items as frozen dataclasses. Pure: no I/O, no terminal."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple, Union

MAX_FILE_BYTES = 4 * 1024 * 1024  # a content file's size limit: checked before it is read (content.py) and by yamltree


class Kind(str, Enum):
    """The item kinds, as written in content files."""

    FLASHCARD = "flashcard"
    OPEN = "open"
    MULTIPLE_CHOICE = "multiple-choice"
    MULTIPLE_RESPONSE = "multiple-response"
    ORDERING = "ordering"
    MATCHING = "matching"
    CASE_STUDY = "case-study"

    def __str__(self) -> str:
        return self.value

    @property
    def title(self) -> str:
        """How the kind is named on screen."""
        return KIND_TITLES[self]

    @property
    def exam_style(self) -> bool:
        """The AIF-C01 item types (what a practice exam is made of)."""
        return self not in (Kind.FLASHCARD, Kind.OPEN)


class Value:
    """Equality, hashing and repr by field values, written once for every class of the deck model.

    The classes are frozen dataclasses; generating these three methods for each of them (as ``dataclass`` does)
    costs about 2 ms of every start, which is a visible share of a command's run time.
    """

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({fields})"


KIND_TITLES = {Kind.FLASHCARD: "Flashcard", Kind.OPEN: "Open question", Kind.MULTIPLE_CHOICE: "Multiple choice",
               Kind.MULTIPLE_RESPONSE: "Multiple response", Kind.ORDERING: "Ordering", Kind.MATCHING: "Matching",
               Kind.CASE_STUDY: "Case study"}


class TypeName(str, Enum):
    """The names learners pick kinds by (`fmprep quiz --type`): `choice` covers both choice kinds."""

    FLASHCARD = "flashcard"
    OPEN = "open"
    CHOICE = "choice"
    ORDERING = "ordering"
    MATCHING = "matching"
    CASE_STUDY = "case-study"

    @property
    def kinds(self) -> tuple[Kind, ...]:
        if self is TypeName.CHOICE:
            return (Kind.MULTIPLE_CHOICE, Kind.MULTIPLE_RESPONSE)
        return (Kind(self.value),)


@dataclass(frozen=True, eq=False, repr=False)
class Objective(Value):
    """One of the task's objectives (an id and its title)."""

    id: str
    title: str


@dataclass(frozen=True, eq=False, repr=False)
class Misconception(Value):
    """A common mistaken belief and the fact that corrects it."""

    myth: str
    fact: str


@dataclass(frozen=True, eq=False, repr=False)
class Concept(Value):
    """A concept of the task: what it is, its key points, an example, misconceptions and sources."""

    id: str
    title: str
    objectives: tuple[str, ...]
    summary: str
    key_points: tuple[str, ...]
    example: str
    misconceptions: tuple[Misconception, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, eq=False, repr=False)
class Flashcard(Value):
    """A prompt (``front``) and its answer (``back``), graded Again to Easy by the learner."""

    id: str
    concepts: tuple[str, ...]
    front: str
    back: str
    sources: tuple[str, ...]
    kind = Kind.FLASHCARD


@dataclass(frozen=True, eq=False, repr=False)
class OpenQuestion(Value):
    """A question answered in the learner's own words; ``also_valid`` lists other accepted answers."""

    id: str
    concepts: tuple[str, ...]
    prompt: str
    answer: str
    also_valid: tuple[str, ...]
    sources: tuple[str, ...]
    kind = Kind.OPEN


@dataclass(frozen=True, eq=False, repr=False)
class Option(Value):
    """One option of a choice question: its text, whether it is right, and why."""

    text: str
    correct: bool
    why: str


@dataclass(frozen=True, eq=False, repr=False)
class ChoiceQuestion(Value):
    """Multiple choice (one right option) or multiple response (two or more), graded all or nothing."""

    id: str
    concepts: tuple[str, ...]
    prompt: str
    options: tuple[Option, ...]
    multiple: bool
    explanation: str
    sources: tuple[str, ...]

    @property
    def kind(self) -> Kind:
        return Kind.MULTIPLE_RESPONSE if self.multiple else Kind.MULTIPLE_CHOICE

    @property
    def right_count(self) -> int:
        """How many options are right: a learner is asked to pick exactly this many."""
        return sum(o.correct for o in self.options)


@dataclass(frozen=True, eq=False, repr=False)
class OrderingQuestion(Value):
    """``steps`` are in the right order."""

    id: str
    concepts: tuple[str, ...]
    prompt: str
    steps: tuple[str, ...]
    explanation: str
    sources: tuple[str, ...]
    kind = Kind.ORDERING


@dataclass(frozen=True, eq=False, repr=False)
class MatchingQuestion(Value):
    """``pairs`` hold (prompt, its right answer)."""

    id: str
    concepts: tuple[str, ...]
    prompt: str
    pairs: tuple[tuple[str, str], ...]
    explanation: str
    sources: tuple[str, ...]
    kind = Kind.MATCHING


Question = Union[ChoiceQuestion, OrderingQuestion, MatchingQuestion]


@dataclass(frozen=True, eq=False, repr=False)
class CaseStudy(Value):
    """One scenario and two or more questions, each with its own id and graded on its own."""

    id: str
    concepts: tuple[str, ...]
    title: str
    scenario: str
    questions: tuple[Question, ...]
    sources: tuple[str, ...]
    kind = Kind.CASE_STUDY


Item = Union[Flashcard, OpenQuestion, ChoiceQuestion, OrderingQuestion, MatchingQuestion, CaseStudy]


@dataclass(frozen=True, eq=False, repr=False)
class Deck(Value):
    """Everything a deck holds: objectives, concepts and items, and the files they came from."""

    objectives: tuple[Objective, ...]
    concepts: tuple[Concept, ...]
    items: tuple[Item, ...]
    files: tuple[str, ...] = ()

    def concept(self, concept_id: str) -> Concept | None:
        return next((c for c in self.concepts if c.id == concept_id), None)

    def items_of(self, concept_id: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if concept_id in item.concepts)

    def require_concepts(self, concept_ids) -> tuple[str, ...]:
        """The ids, without repeats; an unknown one is an error that lists the known ids."""
        from fmprep.errors import FmprepError

        known = {c.id for c in self.concepts}
        unknown = [c for c in concept_ids if c not in known]
        if unknown:
            raise FmprepError(f"unknown topic {', '.join(repr(t) for t in unknown)}; `fmprep topics` lists the ids: "
                              + ", ".join(c.id for c in self.concepts))
        return tuple(dict.fromkeys(concept_ids))

    def concepts_of(self, objective_id: str) -> tuple[Concept, ...]:
        return tuple(c for c in self.concepts if objective_id in c.objectives)

    def without(self, item_ids) -> "Deck":
        """The deck without these items (ids of reviewable units: a case study keeps its other questions, and goes
        when none is left)."""
        from dataclasses import replace

        gone = set(item_ids)
        if not gone:
            return self
        items = []
        for item in self.items:
            if isinstance(item, CaseStudy):
                questions = tuple(q for q in item.questions if q.id not in gone)
                if questions:
                    items.append(item if len(questions) == len(item.questions) else replace(item, questions=questions))
            elif item.id not in gone:
                items.append(item)
        return replace(self, items=tuple(items))

    def count_by_kind(self) -> dict[Kind, int]:
        counts = dict.fromkeys(Kind, 0)
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
    def kind(self) -> Kind:
        return Kind.CASE_STUDY if self.case is not None else self.question.kind


def reviewables(deck: Deck) -> list[Reviewable]:
    """Everything in the deck that carries a schedule, in deck order."""
    out = []
    for item in deck.items:
        if isinstance(item, CaseStudy):
            out.extend(Reviewable(q.id, q.concepts, q, item) for q in item.questions)
        else:
            out.append(Reviewable(item.id, item.concepts, item))
    return out
