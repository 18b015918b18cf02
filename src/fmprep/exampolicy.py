"""Studying for a date: the exam-aware policy. Pure: the clock comes in, nothing is read or written.

While an exam date is set and ahead (``bench/exam_sim.py`` measures what it buys):
- every interval is capped so that the next review falls before the exam day;
- new items are paced so that all of them are introduced with at least a day left for another review;
- the queue puts first the items that gain the most predicted recall on exam day per answer:
  for a seen item with stability S, elapsed days e and d days to the exam, r = R(S, e),
  gain = r * R(S_good, d) + (1 - r) * R(S_again, d) - R(S, e + d); for a new item, R(S_first, d) - 0,
  where the S after Good or Again comes from asking the scheduler. The cost of an answer is one answer, whatever
  the learner's answer times: ranking by gain per measured second made reviews of a fast learner look far cheaper
  than new items, which then starved (issue 15); the learner's budget is counted in answers a day;
- the 1- and 10-minute learning-step repeats (and the relearning step) wait until the day's planned items are
  answered: while the budget binds they took 11-23% of it for little exam-day recall (``bench/exam_sim.py``,
  "steps first"); a learner who goes on still meets them.
On and after the exam day none of this applies: plain FSRS, with the states intact.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Iterable, Optional

from fmprep.progress import CardState
from fmprep.scheduler import Grade, Scheduler, days_between, recall, to_seconds
from fmprep.workload import local_date, midnight

# An item not due yet is reviewed early when that raises its predicted recall on exam day by at least this much.
MIN_GAIN = 0.01


def exam_start(exam_date: str, tz: dt.tzinfo) -> dt.datetime:
    """Midnight at the start of the exam day, in the learner's time zone."""
    return midnight(dt.date.fromisoformat(exam_date), tz)


def policy_for(exam_date: Optional[str], scheduler: Scheduler, tz: dt.tzinfo) -> Optional["ExamPolicy"]:
    """The policy for an exam date (None when no date is set)."""
    return None if exam_date is None else ExamPolicy(exam_start(exam_date, tz), scheduler)


class ExamPolicy:
    """The exam-date rules for one exam day: the interval cap, always; pacing of new items (``pace_new``); the
    queue ordered by gain with early reviews worth at least ``min_gain`` (``prioritize``); learning steps after
    the planned items (``defer_steps``). The switches exist so that the benchmark can measure each rule."""

    def __init__(self, start: dt.datetime, scheduler: Scheduler, min_gain: float = MIN_GAIN,
                 pace_new: bool = True, prioritize: bool = True, defer_steps: bool = True):
        self.start = start
        self._start_seconds = to_seconds(start)
        self.scheduler = scheduler
        self.min_gain = min_gain
        self.pace_new = pace_new
        self.prioritize = prioritize
        self.defer_steps = defer_steps
        self._gains: dict[tuple[Optional[CardState], int], float] = {}

    def active(self, now: dt.datetime) -> bool:
        return now < self.start

    def days_left(self, now: dt.datetime) -> int:
        """Whole days from today to the exam day (1 on the day before)."""
        return (self.start.date() - local_date(now, self.start.tzinfo)).days

    def recall_on_exam_day(self, card: Optional[CardState]) -> float:
        if card is None or card.last_review is None or card.stability is None:
            return 0.0
        return recall(card.stability, days_between(card.last_review, self._start_seconds), self.scheduler.decay)

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
        return self.gains((card,), now)[0]

    def gains(self, cards: Iterable[Optional[CardState]], now: dt.datetime) -> list[float]:
        """:meth:`gain` of each item. Remembered for each (state, second): it depends on nothing else, and the
        plan asks it for the same items on the same days, budget after budget."""
        seconds, memo, out = to_seconds(now), self._gains, []
        for card in cards:
            found = memo.get((card, seconds))
            if found is None:
                found = memo[card, seconds] = self._gain(card, seconds)
            out.append(found)
        return out

    def _gain(self, card: Optional[CardState], seconds: int) -> float:
        scheduler = self.scheduler
        decay = scheduler.decay
        seen = card is not None and card.last_review is not None and card.stability is not None
        r = recall(card.stability, days_between(card.last_review, seconds), decay) if seen else 0.0
        good, again = scheduler.stabilities_at(card, seconds, (Grade.GOOD, Grade.AGAIN), r)
        days = days_between(seconds, self._start_seconds)
        if card is None:
            return recall(good, days, decay)
        return r * recall(good, days, decay) + (1 - r) * recall(again, days, decay) - self.recall_on_exam_day(card)
