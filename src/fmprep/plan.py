"""A plan in answers a day: what each daily budget is expected to give on exam day, for this learner's own items.
Pure: the deck, the progress, the scheduler, the clock and a seed come in; figures come out.

For a daily budget B, the days from today to the exam are simulated one by one: each day a quiz ``Session`` with
the exam policy (the same code `fmprep quiz` runs) and at most B answers (today: B less the answers already given
today), starting from the learner's real item states (new items for those never seen). A simulated learner
answers: an item seen before is right with the probability the memory model predicts for that moment; a first
look is right with probability ``FIRST_RIGHT``. The figure is the mean recall the memory model predicts for every
item on exam morning (items never seen count 0), averaged over ``RUNS`` simulated learners. The memory model is the
scheduler's own (FSRS-6 with the learner's parameters): the figures are what that model expects, not a promise.
The same seed gives the same figures; every budget is simulated with the same random draws, so that comparing
budgets shows the budget, not the luck.

The plan starts at the top of the current hour (or at the last answer, when that is later; never before midnight):
the figures are the same all through an hour, so they can be kept. :func:`inputs` is everything they depend on:
the commands keep each budget's figure under a digest of it (``fmprep.plancache``), and `stats` after `exam`, or a
second `stats`, simulates nothing. A new answer, another deck or another hour is another key.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import NamedTuple, Optional, Protocol

from fmprep import __version__
from fmprep.deck import Deck, reviewables
from fmprep.exampolicy import ExamPolicy
from fmprep.progress import Progress, Review, ReviewLog
from fmprep.scheduler import Grade, Scheduler, to_seconds
from fmprep.session import QuizOptions, Session
from fmprep.workload import DEFAULT_NEW_PER_DAY, day_start, local_date, midnight, studied

BUDGETS = (10, 15, 20, 30, 45, 60)  # what `fmprep exam` shows
STATS_BUDGETS = (15, 30, 60)  # what the plan line of `fmprep stats` shows (the same figures)
MAX_BUDGET = 200  # answers a day: a target not reached with this many is out of reach
FIRST_RIGHT = 0.76  # FSRS's simulator rates 24% of first looks Again
RUNS = 1  # simulated learners per budget
STUDY_HOUR = 9  # simulated days after today start their study at 09:00
ANSWER_SECONDS = 15
PLAN_DAYS = 60  # the plan is simulated within this many days of the exam (its cost grows with the days left)


FORMAT = "fmprep-plan-1"  # changes whenever the simulation does, with fmprep's version


class PlanRow(NamedTuple):
    budget: int  # answers a day
    recall: float  # expected mean recall on exam day, 0..1


class RecallCache(Protocol):
    """Figures kept between runs (``fmprep.plancache``): each budget's expected recall, under the inputs' bytes."""

    def get(self, inputs: bytes) -> dict[int, float]: ...

    def put(self, inputs: bytes, recalls: dict[int, float]) -> None: ...


class _Start(NamedTuple):
    """What every budget's simulation starts from, prepared once."""

    deck: Deck  # as the learner studies it: without suspended items
    units: list  # its items that carry a schedule
    progress: Progress  # the item states, with the reviews the pacing of new items needs
    given_today: int  # answers already given today
    days: list  # per day to the exam: (when its study starts, UTC; its midnight)


def start_of_plan(progress: Progress, now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """When the simulated study begins: the top of the hour, or the last answer when that is later (and not after
    ``now``), never before today's midnight."""
    seconds = to_seconds(now)
    log = progress.reviews
    latest = max(max(log.time, default=0), max((c.last_review or 0 for c in progress.cards.values()), default=0))
    begin = max(seconds - seconds % 3600, to_seconds(day_start(now, tz)), latest)
    return now if begin >= seconds else dt.datetime.fromtimestamp(begin, dt.timezone.utc)


def _prepare(deck: Deck, progress: Progress, policy: ExamPolicy, now: dt.datetime, tz: dt.tzinfo) -> _Start:
    deck = studied(deck, progress)  # suspended items count in no figure and are not studied
    begin = start_of_plan(progress, now, tz)
    cutoff = to_seconds(day_start(now, tz))
    log = progress.reviews
    given_today = sum(map(cutoff.__le__, log.time))
    # Only what the pacing of new items reads (the items first seen today, with their reviews): simulating does
    # not copy a long history every day.
    kept = ReviewLog()
    if given_today:
        first = dict(zip(reversed(log.item), reversed(log.time)))
        for item, time, grade, ms in zip(log.item, log.time, log.grade, log.ms):
            if time >= cutoff and first[item] >= cutoff:
                kept.append(Review(log.ids[item], time, grade - 48, ms))
    start = Progress(dict(progress.cards), kept, progress.exam_date, suspended=progress.suspended)
    first_day, days = local_date(now, tz), []
    for day in range(policy.days_left(now)):
        midnight_ = midnight(first_day + dt.timedelta(days=day), tz)  # the learner's days, DST included
        clock = begin if day == 0 else midnight_.replace(hour=STUDY_HOUR)
        days.append((clock.astimezone(dt.timezone.utc), midnight_))
    return _Start(deck, reviewables(deck), start, given_today, days)


def inputs(start: _Start, scheduler: Scheduler, policy: ExamPolicy, seed: int, new_per_day: int) -> bytes:
    """Everything a budget's figure depends on besides the budget (and the code: ``FORMAT`` and the version), as
    bytes: the same bytes, the same figures."""
    import json

    cards = start.progress.cards
    return json.dumps([
        FORMAT, __version__, FIRST_RIGHT, RUNS, ANSWER_SECONDS, seed, new_per_day, start.given_today,
        [[to_seconds(clock), to_seconds(midnight_)] for clock, midnight_ in start.days],
        to_seconds(policy.start), policy.min_gain, policy.pace_new, policy.prioritize, policy.defer_steps,
        scheduler.retention, scheduler.parameters,
        [[u.id, u.concepts, None if u.case is None else u.case.id, cards.get(u.id)] for u in start.units],
        list(start.progress.reviews),
    ], separators=(",", ":")).encode("utf-8", "surrogatepass")


def expected_recall(deck: Deck, progress: Progress, scheduler: Scheduler, policy: ExamPolicy, budget: int,
                    now: dt.datetime, tz: dt.tzinfo, seed: int = 0, new_per_day: int = DEFAULT_NEW_PER_DAY) -> float:
    """Expected mean recall on exam day with ``budget`` answers a day from now on (see the module's docstring)."""
    return _simulate(_prepare(deck, progress, policy, now, tz), scheduler, policy, budget, seed, new_per_day)


def _simulate(start: _Start, scheduler: Scheduler, policy: ExamPolicy, budget: int, seed: int,
              new_per_day: int) -> float:
    total = 0.0
    for run in range(RUNS):
        rng = random.Random(seed * 1_000_003 + run)
        scheduler.rng.seed(seed * 1_000_003 + run)  # interval fuzz: the same draws for every budget
        session: Optional[Session] = None
        for day, (clock, midnight_) in enumerate(start.days):
            limit = budget - start.given_today if day == 0 else budget
            if limit <= 0:
                continue
            if session is None:
                session = Session(start.deck, start.progress, scheduler,
                                  QuizOptions(new_per_day=new_per_day, limit=limit), clock, midnight_, policy)
            else:  # the same as a new Session from the day before's progress, without building the deck again
                session.new_day(clock, midnight_, limit)
            while (unit := session.next(clock)) is not None:
                card = session.progress.cards.get(unit.id)
                right = rng.random() < (FIRST_RIGHT if card is None else scheduler.retrievability(card, clock))
                session.answer(unit, Grade.GOOD if right else Grade.AGAIN, ANSWER_SECONDS * 1000, clock)
                clock += dt.timedelta(seconds=ANSWER_SECONDS)
        cards = (start.progress if session is None else session.progress).cards
        total += sum(policy.recall_on_exam_day(cards.get(u.id)) for u in start.units) / max(1, len(start.units))
    return total / RUNS


class _Planner:
    """Each budget's figure, simulated at most once (and not at all when the cache has it)."""

    def __init__(self, deck: Deck, progress: Progress, scheduler: Scheduler, policy: ExamPolicy, now: dt.datetime,
                 tz: dt.tzinfo, seed: int, new_per_day: int, cache: Optional[RecallCache] = None):
        self.start = _prepare(deck, progress, policy, now, tz)
        self.scheduler, self.policy, self.seed, self.new_per_day = scheduler, policy, seed, new_per_day
        self.cache = cache
        self.inputs = None if cache is None else inputs(self.start, scheduler, policy, seed, new_per_day)
        self.known = {} if cache is None else dict(cache.get(self.inputs))
        self.new: dict[int, float] = {}

    def recall(self, budget: int) -> float:
        if budget not in self.known:
            value = round(_simulate(self.start, self.scheduler, self.policy, budget, self.seed, self.new_per_day), 4)
            self.known[budget] = self.new[budget] = value
        return self.known[budget]

    def save(self) -> None:
        if self.cache is not None and self.new:
            self.cache.put(self.inputs, self.known)


def plan(deck: Deck, progress: Progress, scheduler: Scheduler, policy: ExamPolicy, now: dt.datetime,
         tz: dt.tzinfo, budgets: tuple[int, ...] = BUDGETS, seed: int = 0,
         new_per_day: int = DEFAULT_NEW_PER_DAY) -> list[PlanRow]:
    """Expected exam-day recall for each daily budget (empty once the exam day has come)."""
    if not policy.active(now):
        return []
    planner = _Planner(deck, progress, scheduler, policy, now, tz, seed, new_per_day)
    return [PlanRow(b, planner.recall(b)) for b in budgets]


def needed(deck: Deck, progress: Progress, scheduler: Scheduler, policy: ExamPolicy, target: float,
           now: dt.datetime, tz: dt.tzinfo, seed: int = 0, new_per_day: int = DEFAULT_NEW_PER_DAY,
           most: Optional[int] = None) -> Optional[PlanRow]:
    """The fewest answers a day expected to reach ``target`` recall (0..1) on exam day, with that recall; None when
    even ``most`` (default ``MAX_BUDGET``) a day does not reach it (or the exam day has come)."""
    if not policy.active(now):
        return None
    return _needed(_Planner(deck, progress, scheduler, policy, now, tz, seed, new_per_day), target, most)


def _needed(planner: _Planner, target: float, most: Optional[int] = None) -> Optional[PlanRow]:
    """A binary search: recall grows with the budget (up to the simulation's noise)."""
    most = most or MAX_BUDGET
    best = planner.recall(most)
    if best < target:
        return None
    low, high, found = 1, most, PlanRow(most, best)
    while low < high:
        middle = (low + high) // 2
        value = planner.recall(middle)
        if value >= target:
            high, found = middle, PlanRow(middle, value)
        else:
            low = middle + 1
    return found


PLAN_NOTE = ("Simulated: your items from their present state, studied with fmprep's exam plan, by a learner who "
             "remembers as the FSRS memory model predicts; a forecast of that model, not a promise.")


def figures(deck: Deck, progress: Progress, scheduler: Scheduler, policy: Optional[ExamPolicy], now: dt.datetime,
            tz: dt.tzinfo, target: Optional[float] = None, new_per_day: int = DEFAULT_NEW_PER_DAY,
            seed: int = 0, budgets: tuple[int, ...] = BUDGETS, cache: Optional[RecallCache] = None) -> Optional[dict]:
    """The plan as `exam --json` and `stats --json` give it (None without an exam ahead): ``rows`` of answers a
    day (``budgets``) and expected recall on exam day; with a ``target`` (0..1), ``target`` says the answers a day
    needed (None when out of reach with ``MAX_BUDGET``). Figures already in ``cache`` are not simulated again."""
    if policy is None or not policy.active(now):
        return None
    left = policy.days_left(now)
    if left > PLAN_DAYS:
        begins = local_date(now, tz) + dt.timedelta(days=left - PLAN_DAYS)
        return {"rows": [], "note": f"The plan is simulated in the last {PLAN_DAYS} days before the exam: from "
                                    f"{begins.isoformat()} ({left - PLAN_DAYS} days from now).", "begins": begins.isoformat()}
    planner = _Planner(deck, progress, scheduler, policy, now, tz, seed, new_per_day, cache)
    result: dict = {"rows": [{"answers_per_day": b, "recall": planner.recall(b)} for b in budgets], "note": PLAN_NOTE}
    if target is not None:
        found = _needed(planner, target)
        result["target"] = {"recall": target, "answers_per_day": None if found is None else found.budget,
                            "expected": None if found is None else found.recall, "most": MAX_BUDGET}
    planner.save()
    return result
