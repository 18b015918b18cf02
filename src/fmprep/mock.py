"""The pure core of `fmprep mock`: a timed practice exam in the style of AIF-C01. No terminal, no files, no clock:
``now`` (an aware UTC datetime) and ``rng`` (a ``random.Random``) are passed in. Bad requests raise
:class:`~fmprep.errors.FmprepError` with a message for the learner.

What a mock is made of:
- Exam-style units only: multiple choice, multiple response, ordering, matching, and the questions of case
  studies (each scored on its own). No flashcards, no open questions.
- Each unit counts towards one objective: the first objective of its first concept (a concept may list two).
- Answers are kept in the question's own index space, whatever letters were shown: a choice is the sorted list of
  the indices of the options picked; an ordering the step indices in the learner's order; a matching a list whose
  element n is the index of the answer given for prompt n. The shown order of every question is drawn once at the
  start (``MockState.orders``), so a resumed mock shows the same letters. :func:`stored_answer` turns what the
  learner typed into an answer, :func:`answer_letters` turns it back into letters.
- The clock runs only while the UI says so (:func:`add_time`): quitting a mock pauses it, and it resumes exactly.

A finished mock (:class:`MockRecord`) is kept forever in ``progress.mocks.history``; its answered questions
become reviews (:func:`apply_reviews`) like the quiz's exam items.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Collection, Iterable, NamedTuple, Optional, Sequence, Union

from fmprep.deck import ChoiceQuestion, Deck, Kind, OrderingQuestion, Question, Reviewable, reviewables
from fmprep.errors import FmprepError
from fmprep.grading import (
    LETTERS, Hint, Presentation, grade_choice, grade_matching, grade_ordering, parse_letters, present,
)
from fmprep.exampolicy import ExamPolicy
from fmprep.mockdata import ItemResult, MockRecord, MockState, ObjectiveResult
from fmprep.progress import MAX_SECONDS, Progress, Review
from fmprep.workload import local_date
from fmprep.scheduler import UTC, Grade, Scheduler, from_seconds, to_seconds

__all__ = [
    "DEFAULT_QUESTIONS", "EXAM_QUESTIONS", "EXAM_MINUTES", "PASS_SCORE", "EXAM_KINDS", "MODEL_WEIGHT", "RECENT_MOCKS",
    "MockState", "MockRecord", "ItemResult", "ObjectiveResult", "MockStatus",
    "exam_units", "default_minutes", "quotas", "last_seen_in", "draw", "start_mock",
    "remaining_seconds", "add_time", "set_answer", "clear_answer", "toggle_flag", "go_to", "status",
    "stored_answer", "answer_letters", "is_correct", "scaled_score", "finish_mock", "apply_reviews",
    "missed_in_last", "mock_trend", "readiness_with_mocks",
]

DEFAULT_QUESTIONS = 20
EXAM_QUESTIONS, EXAM_MINUTES = 65, 90  # the real AIF-C01: 65 questions in 90 minutes
PASS_SCORE = 700  # on AWS's scale of 100 to 1,000
EXAM_KINDS = tuple(kind for kind in Kind if kind.exam_style)
MODEL_WEIGHT = 20  # in readiness_with_mocks, the memory model counts like this many mock questions
RECENT_MOCKS = 3  # readiness_with_mocks uses the last this many mocks


class MockStatus(NamedTuple):
    """Counts for the review page."""

    answered: int
    unanswered: int
    flagged: int


# -- drawing ------------------------------------------------------------------------------------------------------

def exam_units(deck: Deck) -> list[Reviewable]:
    """The deck's exam-style units (kinds in ``EXAM_KINDS``; case-study questions one by one), in deck order."""
    return [u for u in reviewables(deck) if u.kind in EXAM_KINDS]


def default_minutes(questions: int) -> int:
    """The real exam's pace, 90 minutes for 65 questions, rounded to whole minutes (20 questions: 28 minutes)."""
    return round(questions * EXAM_MINUTES / EXAM_QUESTIONS)


def quotas(available: dict[str, int], questions: int) -> dict[str, int]:
    """How many of ``questions`` (1 to the sum of ``available``) each objective gets: in proportion to its available
    units, by largest remainder (each gets the whole part of its share; the questions left over go to the largest
    fractional parts, ties to the objective listed first)."""
    total = sum(available.values())
    share = {key: questions * n // total for key, n in available.items()}
    by_remainder = sorted(available, key=lambda key: -(questions * available[key] % total))
    for key in by_remainder[:questions - sum(share.values())]:
        share[key] += 1
    return share


def last_seen_in(history: Iterable[MockRecord]) -> dict[str, int]:
    """Per unit id, when it last appeared in a finished mock (that mock's start, seconds since the epoch)."""
    seen: dict[str, int] = {}
    for record in history:
        for row in record.items:
            seen[row.item] = max(seen.get(row.item, record.started), record.started)
    return seen


def _first_objectives(deck: Deck) -> dict[str, str]:
    """Concept id -> its first objective: a unit's objective is that of its first concept."""
    return {c.id: c.objectives[0] for c in deck.concepts}


def _select(deck: Deck, objective: Optional[str], topics: tuple[str, ...]) -> list[Reviewable]:
    objectives = [o.id for o in deck.objectives]
    if objective is not None and objective not in objectives:
        raise FmprepError(f"There is no objective '{objective}'. The objectives are: {', '.join(objectives)}.")
    concepts = [c.id for c in deck.concepts]
    unknown = [t for t in topics if t not in concepts]
    if unknown:
        raise FmprepError(f"There is no topic '{unknown[0]}'. The topics are: {', '.join(concepts)} "
                          "(`fmprep topics` describes them).")
    objective_of = _first_objectives(deck)
    wanted = set(topics)
    return [u for u in exam_units(deck)
            if (objective is None or objective_of[u.concepts[0]] == objective)
            and (not wanted or wanted.intersection(u.concepts))]


def draw(deck: Deck, questions: int, rng: random.Random, last_seen: dict[str, int], objective: Optional[str] = None,
         topics: tuple[str, ...] = ()) -> list[Reviewable]:
    """Choose a mock's questions, in exam order.

    - Only exam-style units, kept to ``objective`` (a section test: units whose objective it is) and to ``topics``
      (concept ids: units with any of them) when given.
    - Each objective gets its :func:`quotas` share of ``questions``, in proportion to its units in the selection.
    - No unit twice. Units never seen in a mock come first, then those seen longest ago (``last_seen``: unit id ->
      when it last appeared in a mock); random among equals.
    - The selected questions of a case study are one block, kept together and in order; the block is as recent
      as its most recently seen question. Where a block's next question would exceed its objective's quota (or
      the mock's length), only its first questions are taken.
    - Quotas are met exactly unless case studies mixing objectives make it impossible; the slots left are then
      filled in the same order, ignoring quotas, so the mock always has exactly ``questions`` questions.
    - The blocks are shuffled for the exam order (case studies stay contiguous and in order).
    """
    units = _select(deck, objective, topics)
    if questions < 1:
        raise FmprepError("A mock needs at least 1 question; ask for --questions 1 or more.")
    if not units:
        raise FmprepError("The deck has no exam-style questions (multiple choice, multiple response, ordering, "
                          "matching or case study) for this selection; choose another objective or other topics, "
                          "or add such questions to the deck.")
    if questions > len(units):
        raise FmprepError(f"The deck has {len(units)} exam-style questions for this selection; ask for "
                          f"--questions {len(units)} or fewer.")
    objective_of = _first_objectives(deck)
    blocks: list[list[Reviewable]] = []
    cases: dict[str, list[Reviewable]] = {}
    for unit in units:
        if unit.case is None:
            blocks.append([unit])
        elif unit.case.id in cases:
            cases[unit.case.id].append(unit)
        else:
            blocks.append(cases.setdefault(unit.case.id, [unit]))
    recency = [(max(last_seen.get(u.id, -1) for u in block), rng.random()) for block in blocks]
    order = sorted(range(len(blocks)), key=recency.__getitem__)
    available: dict[str, int] = {o.id: 0 for o in deck.objectives}
    for unit in units:
        available[objective_of[unit.concepts[0]]] += 1
    left = quotas({key: n for key, n in available.items() if n}, questions)
    taken = [0] * len(blocks)
    for i in order:
        block = blocks[i]
        while taken[i] < len(block) and left[objective_of[block[taken[i]].concepts[0]]] > 0:
            left[objective_of[block[taken[i]].concepts[0]]] -= 1
            taken[i] += 1
    slots = questions - sum(taken)
    for i in order:
        more = min(slots, len(blocks[i]) - taken[i])
        taken[i] += more
        slots -= more
    chosen = [blocks[i][:taken[i]] for i in order if taken[i]]
    rng.shuffle(chosen)
    return [unit for block in chosen for unit in block]


def _size(question: Question) -> int:
    """How many options, steps or pairs the question shows."""
    if isinstance(question, ChoiceQuestion):
        return len(question.options)
    if isinstance(question, OrderingQuestion):
        return len(question.steps)
    return len(question.pairs)


def start_mock(deck: Deck, questions: int, minutes: Optional[int], rng: random.Random, now: dt.datetime,
               history: Sequence[MockRecord], objective: Optional[str] = None,
               topics: tuple[str, ...] = ()) -> MockState:
    """A new mock: :func:`draw` (units of earlier mocks in ``history`` last) and each question's shown order.
    ``minutes`` None means :func:`default_minutes` of ``questions``."""
    units = draw(deck, questions, rng, last_seen_in(history), objective, topics)
    if minutes is None:
        minutes = default_minutes(questions)
    if minutes < 1:
        raise FmprepError("A mock needs at least 1 minute; ask for --minutes 1 or more.")
    return MockState(started=to_seconds(now), limit=minutes * 60, items=[u.id for u in units],
                     orders=[list(present(_size(u.question), rng).order) for u in units],
                     objective=objective, topics=tuple(topics))


# -- taking it ----------------------------------------------------------------------------------------------------

def _check_item(state: MockState, item_id: str) -> None:
    if item_id not in state.items:
        raise ValueError(f"'{item_id}' is not a question of this mock")


def units_of(deck: Deck, state: MockState) -> dict[str, Reviewable]:
    """The mock's questions as the deck holds them now, by id. A question that has left the deck, or whose options
    (steps, pairs) changed in number since the mock began, is left out: its stored order no longer fits it."""
    size = dict(zip(state.items, map(len, state.orders)))
    return {u.id: u for u in exam_units(deck) if size.get(u.id) == _size(u.question)}


def remaining_seconds(state: MockState) -> float:
    """Seconds left on the clock (0 when time is up)."""
    return max(0.0, state.limit - state.used)


def add_time(state: MockState, seconds: float, item_id: Optional[str] = None) -> None:
    """Count ``seconds`` (>= 0) against the clock, and towards ``item_id``'s time if given (None: the review page)."""
    if seconds < 0:
        raise ValueError("time cannot go backwards")
    if item_id is not None:
        _check_item(state, item_id)
        state.spent[item_id] = min(MAX_SECONDS, state.spent.get(item_id, 0) + seconds)
    state.used = min(MAX_SECONDS, state.used + seconds)  # what a progress file may hold: what is saved loads


def set_answer(state: MockState, item_id: str, answer: Sequence[int]) -> None:
    """Record (or change) an answer, in the question's index space (as :func:`stored_answer` returns it)."""
    _check_item(state, item_id)
    state.answers[item_id] = list(answer)


def clear_answer(state: MockState, item_id: str) -> None:
    """Make a question unanswered again."""
    _check_item(state, item_id)
    state.answers.pop(item_id, None)


def toggle_flag(state: MockState, item_id: str) -> bool:
    """Flag a question for review, or unflag it; returns whether it is flagged now."""
    _check_item(state, item_id)
    if item_id in state.flags:
        state.flags.discard(item_id)
        return False
    state.flags.add(item_id)
    return True


def go_to(state: MockState, position: int) -> str:
    """Move to the question at ``position`` (0-based); returns its id."""
    if not 0 <= position < len(state.items):
        raise FmprepError(f"There is no question {position + 1}; this mock has questions 1 to {len(state.items)}.")
    state.position = position
    return state.items[position]


def status(state: MockState) -> MockStatus:
    answered = sum(1 for item in state.items if item in state.answers)
    return MockStatus(answered, len(state.items) - answered, len(state.flags))


# -- answers ------------------------------------------------------------------------------------------------------

def stored_answer(question: Question, order: Sequence[int],
                  given: Union[str, Collection[int]]) -> Union[list[int], Hint]:
    """What the learner gave, as the answer to store (see the module's docstring), or a :class:`Hint` saying how to
    write it. ``order`` is the question's shown order (``MockState.orders[n]``). ``given`` is:
    for a choice, the picked shown positions (0 = letter a) or the typed letters (``"bd"``); for an ordering, the
    typed letters in order (``"cabd"``); for a matching, the typed pairs (``"1b 2c 3a"``).
    The same checks and hints as the quiz (``fmprep.grading``)."""
    shown = Presentation(tuple(order))
    if isinstance(question, ChoiceQuestion):
        picks = parse_letters(given, len(order)) if isinstance(given, str) else given
        if isinstance(picks, Hint):
            return picks
        result = grade_choice(question, shown, set(picks))
        return result if isinstance(result, Hint) else sorted(row.index for row in result.options if row.picked)
    if isinstance(question, OrderingQuestion):
        ordering = grade_ordering(question, shown, given)
        return ordering if isinstance(ordering, Hint) else list(ordering.given)
    matching = grade_matching(question, shown, given)
    return matching if isinstance(matching, Hint) else [answer for _, answer, _ in matching.pairs]


def answer_letters(question: Question, order: Sequence[int], answer: Sequence[int]) -> str:
    """A stored answer as the letters shown: ``"bd"`` (a choice), ``"cabd"`` (an ordering), ``"1b 2c 3a"``
    (a matching). :func:`stored_answer` reads these back."""
    letter = {index: LETTERS[k] for k, index in enumerate(order)}
    if isinstance(question, ChoiceQuestion):
        return "".join(sorted(letter[i] for i in answer))
    if isinstance(question, OrderingQuestion):
        return "".join(letter[i] for i in answer)
    return " ".join(f"{n + 1}{letter[i]}" for n, i in enumerate(answer))


def is_correct(question: Question, answer: Optional[Sequence[int]]) -> bool:
    """All or nothing, like the exam: a choice needs exactly the right options, an ordering the exact order, a
    matching every pair right. No answer (None) is wrong."""
    if answer is None:
        return False
    if isinstance(question, ChoiceQuestion):
        return sorted(answer) == [i for i, option in enumerate(question.options) if option.correct]
    return list(answer) == list(range(_size(question)))


# -- scoring ------------------------------------------------------------------------------------------------------

def scaled_score(share: float) -> int:
    """An estimate of the exam's scaled score (100 to 1,000; 700 passes) for a share of answers right (0 to 1).

    AWS does not publish how it turns right answers into its scaled score, so fmprep uses a stated estimate: two
    straight lines through 0% right = 100, 70% right = 700 and 100% right = 1,000, rounded to a whole number. Below
    70%, each percentage point is worth about 8.6 points; above it, 10 points. So a mock is passed with 70% of its
    questions right. The real exam's scaling may differ.
    """
    if not 0 <= share <= 1:
        raise ValueError("the share of right answers must be between 0 and 1")
    if share <= 0.7:
        return round(100 + share / 0.7 * 600)
    return round(700 + (share - 0.7) / 0.3 * 300)


def finish_mock(deck: Deck, state: MockState, now: dt.datetime) -> MockRecord:
    """Score a mock. Every question is scored on its own (case-study questions too), all or nothing; unanswered
    questions are wrong. Questions that have left the deck since the mock started (or changed, see
    :func:`units_of`) are dropped: they count neither as right nor as questions. The caller stores the record in
    ``progress.mocks.history``, clears ``progress.mocks.current`` and calls :func:`apply_reviews`."""
    units = units_of(deck, state)
    objective_of = _first_objectives(deck)
    per_objective = {o.id: [0, 0] for o in deck.objectives}  # objective -> [correct, questions]
    rows = []
    for item in state.items:
        unit = units.get(item)
        if unit is None:
            continue
        answer = state.answers.get(item)
        right = is_correct(unit.question, answer)
        rows.append(ItemResult(item, right, item in state.flags, None if answer is None else tuple(answer),
                               state.spent.get(item, 0.0)))
        figures = per_objective[objective_of[unit.concepts[0]]]
        figures[0] += right
        figures[1] += 1
    if not rows:
        raise FmprepError("None of this mock's questions are in the deck any more, so it cannot be scored. "
                          "`fmprep mock --abandon` drops it; then `fmprep mock` starts a new one.")
    correct = sum(row.correct for row in rows)
    score = scaled_score(correct / len(rows))
    return MockRecord(state.started, to_seconds(now), state.limit, state.used, score, score >= PASS_SCORE, correct,
                      len(rows), tuple(ObjectiveResult(o, c, n) for o, (c, n) in per_objective.items() if n),
                      tuple(rows), state.objective, state.topics)


def apply_reviews(progress: Progress, scheduler: Scheduler, policy: Optional[ExamPolicy], record: MockRecord,
                  now: dt.datetime) -> int:
    """Schedule the mock's answered questions as reviews at ``now``, in exam order: right is Good (3), wrong is
    Again (1); unanswered questions are not reviews. Each goes through ``scheduler.review`` and, while ``policy``
    is active, ``policy.cap``, and is appended to the history with its time in milliseconds: exactly what
    ``Session.answer`` does with a quiz answer. Returns how many reviews were added."""
    from fmprep.session import schedule

    added = 0
    for row in record.items:
        if row.answer is None:
            continue
        grade = Grade.for_exam_answer(row.correct)
        progress.cards[row.item] = schedule(scheduler, policy, progress.cards.get(row.item), grade, now)
        progress.reviews.append(Review(row.item, to_seconds(now), grade, int(row.seconds * 1000)))
        added += 1
    return added


# -- figures ------------------------------------------------------------------------------------------------------

def missed_in_last(progress: Progress) -> list[str]:
    """The ids of the questions missed (wrong or unanswered) in the last finished mock, in exam order."""
    history = progress.mocks.history
    return [row.item for row in history[-1].items if not row.correct] if history else []


def mock_trend(history: Iterable[MockRecord], tz: dt.tzinfo = UTC) -> list[dict]:
    """One row per finished mock, oldest first: ``date`` (the day it finished, ``YYYY-MM-DD`` in ``tz``),
    ``score``, ``passed``, ``correct``, ``questions``."""
    return [{"date": local_date(from_seconds(r.finished), tz).isoformat(), "score": r.score,
             "passed": r.passed, "correct": r.correct, "questions": r.questions} for r in history]


def readiness_with_mocks(model_recall: float, history: Sequence[MockRecord]) -> dict:
    """Blend the memory model's predicted recall (0 to 1) with how you did in your last 3 mocks.

    Each question of those mocks (section tests included) counts as one observation and the model as 20:
    ``(20 x model recall + questions right) / (20 + questions)``. With no mocks it is the model's figure; one
    20-question mock weighs as much as the model; three full 65-question mocks outweigh it almost ten to one.
    Returns ``recall`` (the blend, 0 to 1, rounded to 4 places) and ``mock_questions`` (how many it used).
    """
    recent = history[-RECENT_MOCKS:]
    questions = sum(r.questions for r in recent)
    correct = sum(r.correct for r in recent)
    return {"recall": round((MODEL_WEIGHT * model_recall + correct) / (MODEL_WEIGHT + questions), 4),
            "mock_questions": questions}
