"""Scheduling with FSRS-6 (the ``fsrs`` package). Pure: the clock and the random source are passed in.

``fsrs`` is imported only when a review is computed (an answer, or the exam policy asking what an answer would do):
the queue and the mastery figures need only the forgetting curve, computed here exactly as
``fsrs.Scheduler.get_card_retrievability`` does (a test holds the two equal), so that listing topics or stats
does not pay the ~9 ms import.
"""

from __future__ import annotations

import datetime as dt
import math
from enum import IntEnum
from typing import TYPE_CHECKING, Optional, Sequence

from fmprep.progress import LATEST_TIME, LEARNING, STABILITY_RANGE, CardState, Progress

if TYPE_CHECKING:
    import random as _random

DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.70, 0.99)
DECAY = -0.1542  # -w20 of FSRS-6's default parameters
FACTOR = 0.9 ** (1 / DECAY) - 1
UTC = dt.timezone.utc
MAXIMUM_INTERVAL = 36500  # days: fsrs's default
STABILITY_MIN = 0.001  # fsrs's floor for a stability


class Grade(IntEnum):
    """How well an answer went, as FSRS rates it. Exam-style items are graded all or nothing: Good or Again."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @classmethod
    def for_exam_answer(cls, correct: bool) -> "Grade":
        return cls.GOOD if correct else cls.AGAIN


def to_seconds(moment: dt.datetime) -> int:
    return int(moment.timestamp())


def from_seconds(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, UTC)


def retrievability(card: Optional[CardState], at: dt.datetime, decay: float = DECAY) -> float:
    """Predicted probability of recalling the item at ``at`` (0 for an item never reviewed), on the forgetting
    curve of ``decay`` (-w20: FSRS-6's default, or the learner's own from :func:`decay_of`).

    Like FSRS, elapsed time counts in whole days, so recall is 1.0 all through the day of a review.
    """
    if card is None or card.last_review is None or card.stability is None:
        return 0.0
    return recall(card.stability, days_between(card.last_review, to_seconds(at)), decay)


def days_between(earlier: int, later: int) -> int:
    """Whole days elapsed between two times in seconds (0 when ``later`` is not after ``earlier``), counted as
    ``(later - earlier).days`` counts them on datetimes."""
    return max(0, (later - earlier) // 86400)


def recall(stability: float, elapsed_days: int, decay: float = DECAY) -> float:
    """The forgetting curve: recall after ``elapsed_days`` whole days at this stability."""
    factor = FACTOR if decay == DECAY else 0.9 ** (1 / decay) - 1
    return (1 + factor * elapsed_days / stability) ** decay


def decay_of(progress: Progress) -> float:
    """The forgetting curve's decay for this learner: -w20 of their fitted parameters, else FSRS-6's default."""
    return DECAY if progress.parameters is None else -progress.parameters.values[20]


def scheduler_for(progress: Progress, retention: float = DEFAULT_RETENTION,
                  rng: _random.Random | None = None) -> "Scheduler":
    """The learner's scheduler: FSRS-6 with the parameters ``fmprep optimize`` fitted and kept in the progress
    file, or FSRS-6's defaults. Every command that schedules or predicts builds it here."""
    return Scheduler(retention, rng, None if progress.parameters is None else progress.parameters.values)


def check_retention(value: float) -> float:
    low, high = RETENTION_RANGE
    if not low <= value <= high:
        from fmprep.errors import FmprepError

        raise FmprepError(f"--retention must be between {low} and {high} (the share of items you aim to recall "
                          f"when they come due); got {value}")
    return value


class Scheduler:
    """FSRS-6 with the learner's parameters (None: the defaults), learning steps (1 and 10 minutes) and
    relearning step (10 minutes)."""

    def __init__(self, retention: float = DEFAULT_RETENTION, rng: _random.Random | None = None,
                 parameters: Optional[Sequence[float]] = None):
        import random

        self.retention = check_retention(retention)
        self.rng = rng or random.Random()
        self.parameters = None if parameters is None else tuple(parameters)
        self.decay = DECAY if parameters is None else -self.parameters[20]
        self._fsrs: dict[bool, object] = {}
        self._weights: Optional[tuple[float, ...]] = None

    def retrievability(self, card: Optional[CardState], at: dt.datetime) -> float:
        """:func:`retrievability` on this scheduler's forgetting curve."""
        return retrievability(card, at, self.decay)

    def _scheduler(self, fuzz: bool = True):
        if fuzz not in self._fsrs:
            self._fsrs[fuzz] = _make_fsrs(self.retention, self.rng, fuzz, self.parameters)
        return self._fsrs[fuzz]

    def review(self, card: Optional[CardState], grade: Grade, at: dt.datetime, fuzz: bool = True) -> CardState:
        """The item's state after an answer graded ``grade`` at ``at`` (UTC).
        ``fuzz=False`` asks what FSRS would do without drawing randomness (for planning)."""
        import fsrs

        if at.tzinfo is None:
            raise ValueError("review times must be timezone-aware")
        at = at.astimezone(UTC)
        if card is None:
            card = CardState(LEARNING, 0, None, None, to_seconds(at), None)
        before = fsrs.Card(
            card_id=1,  # any id: without one, fsrs sleeps 1 ms to invent a unique one
            state=fsrs.State(card.state), step=card.step, stability=card.stability, difficulty=card.difficulty,
            due=from_seconds(card.due), last_review=None if card.last_review is None else from_seconds(card.last_review),
        )
        scheduler = self._scheduler(fuzz)
        # Near the end of the range of times a long interval would overflow: no interval reaches past it.
        scheduler.maximum_interval = max(0, min(MAXIMUM_INTERVAL, (LATEST_TIME - to_seconds(at)) // 86400))
        after, _ = scheduler.review_card(before, fsrs.Rating(grade), at)
        # Kept within what a progress file may hold (see fmprep.progress), so that what is saved always loads.
        return CardState(int(after.state), after.step, min(after.stability, STABILITY_RANGE[1]), after.difficulty,
                         min(to_seconds(after.due), LATEST_TIME), to_seconds(after.last_review))

    def next_stability(self, card: Optional[CardState], grade: Grade, at: dt.datetime) -> float:
        """The stability ``review(card, grade, at)`` would give, computed as ``fsrs.Scheduler.review_card`` does
        but without building the new state (about 10x faster): the exam policy asks this for every item, every
        day, and the plan simulates weeks of days. A test holds the two equal."""
        return self.next_stabilities(card, at, (grade,))[0]

    def next_stabilities(self, card: Optional[CardState], at: dt.datetime,
                         grades: tuple[Grade, ...] = (Grade.GOOD, Grade.AGAIN)) -> tuple[float, ...]:
        """:meth:`next_stability` for each of ``grades``. FSRS-6's formulas as ``fsrs`` 6 writes them (term for
        term, so that the results are the same to the last bit), on plain floats: the plan asks this tens of
        thousands of times. A test holds it equal to a full review in every state."""
        return self.stabilities_at(card, to_seconds(at), grades)

    def stabilities_at(self, card: Optional[CardState], seconds: int, grades: tuple[Grade, ...],
                       r: Optional[float] = None) -> tuple[float, ...]:
        """:meth:`next_stabilities` at a time in seconds; ``r``, when given, is the item's recall at that time."""
        w = self._weights or self._load_weights()
        if card is None or card.stability is None or card.difficulty is None:
            return tuple(max(w[grade - 1], STABILITY_MIN) for grade in grades)
        s = card.stability
        out = []
        if card.last_review is not None and days_between(card.last_review, seconds) < 1:
            for grade in grades:  # the same day: fsrs's short-term stability
                increase = (math.e ** (w[17] * (grade - 3 + w[18]))) * (s ** -w[19])
                if grade != Grade.AGAIN:
                    increase = max(increase, 1.0)
                out.append(max(s * increase, STABILITY_MIN))
            return tuple(out)
        if r is None:  # on the learner's curve, as review_card computes it
            r = 0.0 if card.last_review is None else recall(s, days_between(card.last_review, seconds), self.decay)
        d = card.difficulty
        for grade in grades:
            if grade == Grade.AGAIN:
                after = min(w[11] * (d ** -w[12]) * (((s + 1) ** (w[13])) - 1) * (math.e ** ((1 - r) * w[14])),
                            s / (math.e ** (w[17] * w[18])))
            else:
                after = s * (1 + (math.e ** (w[8])) * (11 - d) * (s ** -w[9]) * ((math.e ** ((1 - r) * w[10])) - 1)
                             * (w[15] if grade == Grade.HARD else 1) * (w[16] if grade == Grade.EASY else 1))
            out.append(max(after, STABILITY_MIN))
        return tuple(out)

    def _load_weights(self) -> tuple[float, ...]:
        self._weights = tuple(float(v) for v in self._scheduler(False).parameters)
        return self._weights


def _make_fsrs(retention: float, rng: _random.Random, fuzz: bool, parameters: Optional[tuple[float, ...]]):
    import fsrs
    import fsrs.scheduler as fsrs_scheduler

    class SeededFsrs(fsrs.Scheduler):
        """fsrs fuzzes intervals with the global ``random``; draw from the injected source instead."""

        def _get_fuzzed_interval(self, *, interval):
            saved = fsrs_scheduler.random
            fsrs_scheduler.random = rng.random
            try:
                return super()._get_fuzzed_interval(interval=interval)
            finally:
                fsrs_scheduler.random = saved

    if parameters is None:
        return SeededFsrs(desired_retention=retention, enable_fuzzing=fuzz)
    return SeededFsrs(parameters=parameters, desired_retention=retention, enable_fuzzing=fuzz)
