"""A quiz session: which item comes next, what an answer does, undo. Pure: clock and randomness come in.

The queue: items due now (lowest predicted recall first), then new items up to the day's new-item allowance.
Items answered wrong (or new items still on their learning steps) come back once their step is due; when nothing
else is left, learning items due within the next 20 minutes are shown early, as Anki does, so that a wrong answer
is met again before the session ends (while an exam date is ahead, only once the planned items are answered: see
:mod:`fmprep.exampolicy`). Items of the same concept are not shown back to back when there is a choice;
the questions of one case study are kept together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple, Optional, Union

from fmprep.deck import Deck, Reviewable, TypeName, reviewables
from fmprep.exampolicy import ExamPolicy
from fmprep.progress import LEARNING, RELEARNING, CardState, Progress, Review
from fmprep.scheduler import Grade, Scheduler, from_seconds, to_seconds
from fmprep.workload import DEFAULT_NEW_PER_DAY, due_now, new_left_today, studied

LEARN_AHEAD = dt.timedelta(minutes=20)


@dataclass(frozen=True)
class QuizOptions:
    new_per_day: int = DEFAULT_NEW_PER_DAY
    limit: Optional[int] = None
    topics: tuple[str, ...] = ()
    types: tuple[TypeName, ...] = ()
    cram: bool = False
    items: tuple[str, ...] = ()  # a drill of just these item ids (e.g. those missed in the last mock)


class Answer(NamedTuple):
    unit: Reviewable
    before: Optional[CardState]
    after: CardState
    grade: Grade
    ms: int
    correct: bool


@dataclass
class Summary:
    answered: int
    correct: int
    ms: int
    per_concept: dict[str, tuple[int, int]] = field(default_factory=dict)  # concept -> (answered, correct)
    next_due: Optional[dt.datetime] = None


def select(deck: Deck, topics: tuple[str, ...] = (), types: tuple[TypeName, ...] = (),
           items: tuple[str, ...] = ()) -> list[Reviewable]:
    """The deck's reviewable units, kept to some concepts, item types and item ids (empty: all)."""
    kinds = {k for t in types for k in TypeName(t).kinds}
    wanted, ids = set(topics), set(items)
    return [u for u in reviewables(deck)
            if (not wanted or wanted.intersection(u.concepts)) and (not kinds or u.kind in kinds)
            and (not ids or u.id in ids)]


class Suspension(NamedTuple):
    """An item set aside during the session: ``answered`` if it was answered first, ``learning`` if it was due
    back on a learning step (where undo puts it again)."""

    unit: Reviewable
    answered: bool
    learning: bool


class Session:
    """One quiz session. It owns ``self.progress`` (a copy of the progress it was given) and updates it with every
    answer and undo; the caller saves ``session.progress``."""

    def __init__(self, deck: Deck, progress: Progress, scheduler: Scheduler, options: QuizOptions,
                 now: dt.datetime, today: dt.datetime, policy: Optional[ExamPolicy] = None):
        self.progress = progress = progress.copy()
        deck = studied(deck, progress)
        self.scheduler = scheduler
        self.options = options
        self._policy = policy
        self.selected = select(deck, options.topics, options.types, options.items)
        self._deck_units = reviewables(deck)  # the whole deck: the new-item allowance is one for the day
        self._start(now, today)

    def new_day(self, now: dt.datetime, today: dt.datetime, limit: Optional[int] = None) -> None:
        """Go on as a new session would that starts at ``now`` (``today``: midnight of its day) from this session's
        progress, with ``limit`` answers at most: the plan simulates day after day this way, without building the
        deck's items again each day."""
        from dataclasses import replace

        self.options = replace(self.options, limit=limit)
        self._start(now, today)

    def _start(self, now: dt.datetime, today: dt.datetime) -> None:
        """The queue at the start of a session: see the module's docstring."""
        progress, scheduler, options, units = self.progress, self.scheduler, self.options, self.selected
        policy = self._policy
        self.policy = policy if policy is not None and policy.active(now) and not options.cram else None
        cards = progress.cards
        if options.cram or options.items:  # a drill: every selected item, weakest first
            self.queue = sorted(units, key=lambda u: scheduler.retrievability(cards.get(u.id), now))
        else:
            due = due_now(units, progress, now)
            left = new_left_today(self._deck_units, progress, options.new_per_day, now, today, self.policy)
            fresh = [u for u in units if u.id not in cards][:left]
            if self.policy is not None and self.policy.prioritize:
                # Items not due yet join when reviewing them now gains enough recall on exam day (an item already
                # within min_gain of certain recall on exam day cannot gain that much: it is not asked).
                policy = self.policy
                due_ids = {u.id for u in due}
                asked = [u.id for u in units if u.id in cards and (
                    u.id in due_ids or 1 - policy.recall_on_exam_day(cards[u.id]) >= policy.min_gain)]
                gain = dict(zip(asked, policy.gains([cards[i] for i in asked], now)))
                first = policy.gain(None, now)  # the same for every new item
                gain.update((u.id, first) for u in fresh)
                ahead = [u for u in units if u.id in gain and u.id not in due_ids and u.id in cards
                         and gain[u.id] >= policy.min_gain]
                self.queue = sorted(due + fresh + ahead, key=lambda u: -gain[u.id])
            else:
                due.sort(key=lambda u: scheduler.retrievability(cards[u.id], now))
                self.queue = due + fresh
        self.planned = len(self.queue)  # items planned at the start (the progress bar's whole)
        self.learning: list[Reviewable] = []  # answered, due again soon (learning or relearning steps)
        self.showing: Optional[Reviewable] = None  # the item given by next() and not answered yet
        self.answers: list[Answer] = []
        self.undoable: list[Union[Answer, Suspension]] = []  # answers and suspended items, latest last
        self.last: Optional[Reviewable] = None

    # -- the queue ---------------------------------------------------------------------------------------
    @property
    def remaining(self) -> int:
        left = len(self.queue) + len(self.learning)
        if self.options.limit is not None:
            left = min(left, self.options.limit - len(self.answers))
        return max(0, left)

    def next(self, now: dt.datetime) -> Optional[Reviewable]:
        """The next item to show (removed from the queue), or None when the session is over.

        An item answered a moment ago never comes straight back: it returns once its step is due or after other
        items. When it is all that is left and its step is not due yet, the session ends (``next_due`` says when)."""
        if self.remaining == 0:
            return None
        cards = self.progress.cards

        def due(unit: Reviewable) -> int:
            return cards[unit.id].due

        defer = self.policy is not None and self.policy.defer_steps and bool(self.queue)
        ready = [] if defer else [u for u in self.learning if due(u) <= to_seconds(now)]
        if ready:
            unit = min(ready, key=due)
            self.learning.remove(unit)
        elif self.queue:
            unit = self.queue.pop(self._pick(self.queue))
        else:
            just_answered = self.answers[-1].unit if self.answers else None
            soon = [u for u in self.learning if u is not just_answered and from_seconds(due(u)) <= now + LEARN_AHEAD]
            if not soon:
                return None
            unit = min(soon, key=due)
            self.learning.remove(unit)
        self.last = self.showing = unit
        return unit

    def _pick(self, pool: list[Reviewable]) -> int:
        last = self.last
        if last is None:
            return 0
        if last.case is not None:  # the rest of a case study follows its scenario
            for i, unit in enumerate(pool):
                if unit.case is last.case:
                    return i
        concepts = set(last.concepts)
        for i, unit in enumerate(pool):
            if concepts.isdisjoint(unit.concepts):
                return i
        return 0

    def put_back(self, unit: Reviewable) -> None:
        """Return an item that was shown but not answered to where it came from, at the front."""
        self.showing = None
        self.last = self.answers[-1].unit if self.answers else None
        if any(a.unit is unit for a in self.answers):  # it came back on a learning step
            self.learning.insert(0, unit)
        else:
            self.queue.insert(0, unit)

    # -- answers -----------------------------------------------------------------------------------------
    def preview(self, unit: Reviewable, now: dt.datetime) -> dict[Grade, dt.timedelta]:
        """For each grade, how long until the item would come back (what the grade keys show)."""
        before = self.progress.cards.get(unit.id)
        spans = {}
        for grade in Grade:
            after = schedule(self.scheduler, self.policy, before, grade, now, fuzz=False)
            spans[grade] = from_seconds(after.due) - now
        return spans

    def answer(self, unit: Reviewable, grade: Grade, ms: int, now: dt.datetime, correct: Optional[bool] = None) -> Answer:
        """Grade an item: new schedule, a review in the history, and a return later today if still learning."""
        before = self.progress.cards.get(unit.id)
        after = schedule(self.scheduler, self.policy, before, grade, now)
        self.progress.cards[unit.id] = after
        self.progress.reviews.append(Review(unit.id, to_seconds(now), grade, max(0, int(ms))))
        record = Answer(unit, before, after, grade, ms, grade >= Grade.HARD if correct is None else correct)
        self.showing = None
        # Still on a learning step (due within the hour): it comes back this session. Cramming repeats only misses.
        learning = after.state in (LEARNING, RELEARNING) and from_seconds(after.due) <= now + dt.timedelta(hours=1)
        if learning and (not self.options.cram or not record.correct):
            self.learning.append(unit)
        self.answers.append(record)
        self.undoable.append(record)
        return record

    def suspend(self, unit: Reviewable) -> None:
        """Set the item on screen aside (as `fmprep suspend` does): it leaves this session and every later one. Its
        schedule and history stay; undo brings it back where it was."""
        answered = self.showing is not unit
        learning = unit in self.learning
        self.progress.suspended.add(unit.id)
        if learning:
            self.learning.remove(unit)
        if not answered:
            self.showing = None
        self.undoable.append(Suspension(unit, answered, learning))

    def undo(self) -> Optional[Reviewable]:
        """Take back the last answer exactly (schedule and history), or the last suspension. Returns the item to
        show again: the one taken back, or None when the item set aside had been answered already."""
        if not self.undoable:
            return None
        action = self.undoable.pop()
        if isinstance(action, Answer):
            return self._undo_answer()
        self.progress.suspended.discard(action.unit.id)
        if action.learning:
            self.learning.append(action.unit)
        if action.answered:
            return None
        self.showing = action.unit
        return action.unit

    def _undo_answer(self) -> Reviewable:
        record = self.answers.pop()
        unit = record.unit
        if record.before is None:
            del self.progress.cards[unit.id]
        else:
            self.progress.cards[unit.id] = record.before
        self.progress.reviews.pop()
        if unit in self.learning:
            self.learning.remove(unit)
        self.last = self.answers[-1].unit if self.answers else None
        self.showing = unit  # shown again next
        return unit

    # -- figures -----------------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """For the screen: ``answered``; ``left``, the planned items not answered yet, the one on screen included
        (it only goes down, but for an item undone); ``again``, items to come back on a learning step (the one on
        screen included when it is such a repeat); ``planned``, the whole plan."""
        limit = self.options.limit
        showing = self.showing
        repeat = showing is not None and any(a.unit is showing for a in self.answers)
        left = len(self.queue) + (showing is not None and not repeat)
        again = len(self.learning) + repeat
        if limit is not None:
            room = max(0, limit - len(self.answers))
            left = min(left, room)
            again = min(again, room - left)
        planned = self.planned if limit is None else min(self.planned, limit)
        return {"answered": len(self.answers), "left": left, "again": again, "planned": planned}

    def summary(self) -> Summary:
        per: dict[str, list[int]] = {}
        for a in self.answers:
            for concept in a.unit.concepts:
                row = per.setdefault(concept, [0, 0])
                row[0] += 1
                row[1] += a.correct
        return Summary(len(self.answers), sum(a.correct for a in self.answers), sum(a.ms for a in self.answers),
                       {c: (n, k) for c, (n, k) in per.items()}, self.next_due())

    def next_due(self) -> Optional[dt.datetime]:
        """When the next of the selected items falls due (None if none has been seen)."""
        dues = [self.progress.cards[u.id].due for u in self.selected if u.id in self.progress.cards]
        return from_seconds(min(dues)) if dues else None


def schedule(scheduler: Scheduler, policy: Optional[ExamPolicy], card: Optional[CardState], grade: Grade,
             now: dt.datetime, fuzz: bool = True) -> CardState:
    """An item's state after an answer: FSRS, with the interval capped while an exam date is ahead. Quiz answers
    and practice-exam answers are both scheduled here."""
    after = scheduler.review(card, grade, now, fuzz=fuzz)
    return after if policy is None else policy.cap(after, now)

