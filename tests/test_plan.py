"""The plan: expected exam-day recall by answers a day, from a simulation of the learner's own items."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from fmprep import plan
from fmprep.content import load_deck
from fmprep.exampolicy import policy_for
from fmprep.paths import builtin_content
from fmprep.progress import Progress
from fmprep.scheduler import Scheduler, to_seconds
from fmprep.progress import Review
from fmprep.deck import reviewables

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
EXAM = "2026-12-09"  # 14 days ahead


@pytest.fixture(scope="module")
def deck():
    return load_deck([builtin_content()])


def run(deck, progress, seed=0, budgets=(10, 20, 40)):
    scheduler = Scheduler(rng=random.Random(seed))
    return plan.plan(deck, progress, scheduler, policy_for(EXAM, scheduler, UTC), NOW, UTC, budgets, seed=seed)


def test_same_seed_same_figures_and_more_budget_never_much_lower(deck):
    first = run(deck, Progress(exam_date=EXAM), budgets=plan.BUDGETS)
    assert first == run(deck, Progress(exam_date=EXAM), budgets=plan.BUDGETS)
    assert [r.budget for r in first] == list(plan.BUDGETS)
    recalls = [r.recall for r in first]
    assert all(0 < r <= 1 for r in recalls)
    assert all(b >= a - 0.01 for a, b in zip(recalls, recalls[1:])), recalls  # noise, at most a point
    assert recalls[-1] - recalls[0] > 0.05  # 87 unseen items in 14 days: 10 a day is not enough, 60 is plenty
    other = run(deck, Progress(exam_date=EXAM), seed=7, budgets=plan.BUDGETS)
    assert other != first and all(abs(a.recall - b.recall) < 0.03 for a, b in zip(first, other))


def test_the_learners_own_items_count(deck):
    """Items already learned well are ahead: the same budget is expected to give more on exam day."""
    fresh = run(deck, Progress(exam_date=EXAM))
    scheduler = Scheduler(rng=random.Random(0))
    studied = Progress(exam_date=EXAM)
    for unit in list(reviewables(deck))[:60]:
        when = NOW - dt.timedelta(days=3)
        studied.cards[unit.id] = scheduler.review(None, 3, when, fuzz=False)._replace(
            stability=30.0, due=to_seconds(NOW + dt.timedelta(days=5)))
    ahead = run(deck, studied)
    assert all(b.recall > a.recall for a, b in zip(fresh, ahead))


def test_answers_already_given_today_count_against_todays_budget(deck):
    scheduler = Scheduler(rng=random.Random(0))
    progress = Progress(exam_date=EXAM)
    for unit in list(reviewables(deck))[:10]:  # ten first looks earlier today
        progress.cards[unit.id] = scheduler.review(None, 3, NOW - dt.timedelta(hours=1), fuzz=False)
        progress.reviews.append(Review(unit.id, to_seconds(NOW - dt.timedelta(hours=1)), 3, 5000))
    policy = policy_for(EXAM, scheduler, UTC)
    spent = plan.expected_recall(deck, progress, scheduler, policy, 10, NOW, UTC)
    one_day = policy_for("2026-11-26", scheduler, UTC)  # only today is left: ten more answers give nothing
    assert plan.expected_recall(deck, progress, scheduler, one_day, 10, NOW, UTC) == pytest.approx(
        sum(one_day.recall_on_exam_day(c) for c in progress.cards.values()) / len(reviewables(deck)))
    assert 0 < spent < 1


def test_needed_finds_the_fewest_answers_a_day_for_a_target(deck):
    scheduler = Scheduler(rng=random.Random(0))
    policy = policy_for(EXAM, scheduler, UTC)
    progress = Progress(exam_date=EXAM)
    found = plan.needed(deck, progress, scheduler, policy, 0.9, NOW, UTC)
    assert found is not None and found.recall >= 0.9
    below = plan.expected_recall(deck, progress, scheduler, policy, found.budget - 1, NOW, UTC)
    assert below < 0.9
    tomorrow = policy_for("2026-11-26", scheduler, UTC)  # one day for 87 unseen items: 90% is out of reach
    assert plan.needed(deck, progress, scheduler, tomorrow, 0.9, NOW, UTC, most=20) is None


def test_no_plan_once_the_exam_day_has_come(deck):
    scheduler = Scheduler(rng=random.Random(0))
    past = policy_for("2026-11-25", scheduler, UTC)
    assert plan.plan(deck, Progress(exam_date="2026-11-25"), scheduler, past, NOW, UTC) == []
    assert plan.figures(deck, Progress(), scheduler, None, NOW, UTC) is None


def test_far_from_the_exam_the_plan_says_when_it_begins_instead_of_simulating_years():
    import datetime as dt
    import random
    import time

    from fmprep.content import load_deck
    from fmprep.exampolicy import policy_for
    from fmprep.paths import builtin_content
    from fmprep.plan import PLAN_DAYS, figures
    from fmprep.progress import Progress
    from fmprep.scheduler import Scheduler

    now = dt.datetime(2026, 11, 25, 9, tzinfo=dt.timezone.utc)
    deck = load_deck([builtin_content()])
    for left, simulated in ((60, True), (61, False), (3 * 365, False)):  # simulated within 60 days
        exam = (now + dt.timedelta(days=left)).date().isoformat()
        policy = policy_for(exam, Scheduler(rng=random.Random(0)), dt.timezone.utc)
        start = time.monotonic()
        result = figures(deck, Progress(exam_date=exam), policy.scheduler, policy, now, dt.timezone.utc)
        assert bool(result["rows"]) is simulated, (left, result)
        if not simulated:
            begins = (now + dt.timedelta(days=left - PLAN_DAYS)).date().isoformat()
            assert result["begins"] == begins and begins in result["note"]
            assert time.monotonic() - start < 0.5, "nothing is simulated"
