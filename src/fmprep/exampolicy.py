"""Studying for a date: the exam-aware policy. Pure: the clock comes in, nothing is read or written.

While an exam date is set and ahead (``bench/exam_sim.py`` measures what it buys):
- every interval is capped so that the next review falls before the exam day;
- new items are paced so that all of them are introduced with at least a day left for another review;
- the queue puts first the items that gain the most predicted recall on exam day per second of review:
  for a seen item with stability S, elapsed days e and d days to the exam, r = R(S, e),
  gain = r * R(S_good, d) + (1 - r) * R(S_again, d) - R(S, e + d); for a new item, R(S_first, d) - 0,
  where the S after Good or Again comes from asking the scheduler.
On and after the exam day none of this applies: plain FSRS, with the states intact.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Optional

from fmprep.progress import CardState
from fmprep.deck import Kind
from fmprep.scheduler import Grade, Scheduler, to_seconds
from fmprep.workload import local_date, midnight

# Expected seconds to answer an item never answered before, by kind (measured answers replace these).
FIRST_ANSWER_SECONDS = {Kind.FLASHCARD: 8.0, Kind.OPEN: 20.0, Kind.MULTIPLE_CHOICE: 25.0, Kind.MULTIPLE_RESPONSE: 35.0,
                        Kind.ORDERING: 30.0, Kind.MATCHING: 40.0, Kind.CASE_STUDY: 45.0}


# An item not due yet is reviewed early when that raises its predicted recall on exam day by at least this much.
MIN_GAIN = 0.02


def exam_start(exam_date: str, tz: dt.tzinfo) -> dt.datetime:
    """Midnight at the start of the exam day, in the learner's time zone."""
    return midnight(dt.date.fromisoformat(exam_date), tz)


def policy_for(exam_date: Optional[str], scheduler: Scheduler, tz: dt.tzinfo) -> Optional["ExamPolicy"]:
    """The policy for an exam date (None when no date is set)."""
    return None if exam_date is None else ExamPolicy(exam_start(exam_date, tz), scheduler)


class ExamPolicy:
    """The exam-date rules for one exam day: the interval cap, always; pacing of new items (``pace_new``); the
    queue ordered by gain per second with early reviews worth at least ``min_gain`` (``prioritize``)."""

    def __init__(self, start: dt.datetime, scheduler: Scheduler, min_gain: float = MIN_GAIN,
                 pace_new: bool = True, prioritize: bool = True):
        self.start = start
        self.scheduler = scheduler
        self.min_gain = min_gain
        self.pace_new = pace_new
        self.prioritize = prioritize

    def active(self, now: dt.datetime) -> bool:
        return now < self.start

    def days_left(self, now: dt.datetime) -> int:
        """Whole days from today to the exam day (1 on the day before)."""
        return (self.start.date() - local_date(now, self.start.tzinfo)).days

    def recall_on_exam_day(self, card: Optional[CardState]) -> float:
        return self.scheduler.retrievability(card, self.start)

    # -- the interval cap -----------------------------------------------------------------------------------
    def cap(self, card: CardState, now: dt.datetime) -> CardState:
        """Bring a due date that falls on or after the exam day forward to the day before it (when that is
        still ahead); intervals after the exam are plain FSRS."""
        if not self.active(now):
            return card
        latest = self.start - dt.timedelta(days=1)
        if card.due >= to_seconds(self.start) and latest > now:
            return card._replace(due=to_seconds(latest))
        return card

    # -- pacing new items ------------------------------------------------------------------------------------
    def new_allowance(self, unseen: int, base: int, now: dt.datetime) -> int:
        """New items for today: at least ``base``, and enough to introduce all ``unseen`` items while a day is
        left for another review of each (all at once when the exam is tomorrow)."""
        if not self.pace_new or not self.active(now):
            return base
        days = self.days_left(now) - 1  # the day before the exam is kept for reviews
        return unseen if days <= 0 else max(base, math.ceil(unseen / days))

    # -- priority ---------------------------------------------------------------------------------------------
    def gain(self, card: Optional[CardState], now: dt.datetime) -> float:
        """Expected increase of recall on exam day from reviewing the item now."""
        if card is None:
            return self.recall_on_exam_day(self.scheduler.review(None, Grade.GOOD, now, fuzz=False))
        r = self.scheduler.retrievability(card, now)
        good = self.scheduler.review(card, Grade.GOOD, now, fuzz=False)
        again = self.scheduler.review(card, Grade.AGAIN, now, fuzz=False)
        return (r * self.recall_on_exam_day(good) + (1 - r) * self.recall_on_exam_day(again)
                - self.recall_on_exam_day(card))

    @staticmethod
    def per_second(gain: float, seconds: float) -> float:
        return gain / max(1.0, seconds)
