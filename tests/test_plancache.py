"""The plan's figures kept between runs: used only for exactly the same inputs, never trusted when damaged."""

from __future__ import annotations

import datetime as dt
import json
import os
import random

import pytest

from fmprep import plan
from fmprep.content import load_deck
from fmprep.deck import reviewables
from fmprep.exampolicy import policy_for
from fmprep.paths import builtin_content
from fmprep.plancache import KEEP, NAME, PlanCache
from fmprep.progress import Progress, Review
from fmprep.scheduler import Grade, Scheduler, to_seconds

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 9, 10, tzinfo=UTC)
EXAM = "2026-12-02"  # a week: quick to simulate
BUDGETS = (10, 30)


@pytest.fixture(scope="module")
def deck():
    return load_deck([builtin_content()])


def figures(deck, progress, cache, now=NOW, budgets=BUDGETS, target=None):
    scheduler = Scheduler(rng=random.Random(0))
    return plan.figures(deck, progress, scheduler, policy_for(EXAM, scheduler, UTC), now, UTC, target,
                        budgets=budgets, cache=cache)


@pytest.fixture
def simulated(monkeypatch):
    """The budgets simulated in this test, in order."""
    calls = []
    real = plan._simulate

    def counting(start, scheduler, policy, budget, seed, new_per_day):
        calls.append(budget)
        return real(start, scheduler, policy, budget, seed, new_per_day)

    monkeypatch.setattr(plan, "_simulate", counting)
    return calls


def answered(deck, progress, index, when):
    """``progress`` after one more answer (Good) to the deck's ``index``-th item at ``when``."""
    unit = reviewables(deck)[index]
    after = progress.copy()
    after.cards[unit.id] = Scheduler(rng=random.Random(0)).review(progress.cards.get(unit.id), Grade.GOOD, when)
    after.reviews.append(Review(unit.id, to_seconds(when), Grade.GOOD, 4000))
    return after


def test_the_same_inputs_are_served_from_the_cache_with_the_same_figures(deck, tmp_path, simulated):
    cache = PlanCache(tmp_path / "cache")
    progress = Progress(exam_date=EXAM)
    first = figures(deck, progress, cache)
    assert simulated == list(BUDGETS)
    assert (tmp_path / "cache" / NAME).exists()
    again = figures(deck, progress, cache, now=NOW + dt.timedelta(minutes=40))  # the same hour
    assert again == first and simulated == list(BUDGETS)  # nothing simulated again
    assert figures(deck, progress, None) == first  # and the figures are those computed afresh
    # stats' budgets are among exam's: what exam simulated, stats does not simulate again
    figures(deck, progress, cache, budgets=(10, 20, 30))
    assert simulated == list(BUDGETS) * 2 + [20]


def test_any_change_to_the_inputs_is_a_miss(deck, tmp_path, simulated):
    cache = PlanCache(tmp_path / "cache")
    progress = Progress(exam_date=EXAM)
    figures(deck, progress, cache)
    changed = answered(deck, progress, 0, NOW - dt.timedelta(minutes=5))  # one more answer
    fresh = figures(deck, changed, cache)
    assert simulated == list(BUDGETS) * 2
    assert fresh == figures(deck, changed, None)  # (simulated again: no cache)
    suspended = progress.copy()
    suspended.suspended.add(reviewables(deck)[1].id)  # the deck as studied changes
    figures(deck, suspended, cache)
    figures(deck, progress, cache, now=NOW + dt.timedelta(hours=1))  # the next hour
    assert simulated == list(BUDGETS) * 5
    figures(deck, progress, cache)  # the first inputs are still kept
    assert simulated == list(BUDGETS) * 5


def test_inputs_name_everything_the_figures_depend_on(deck):
    scheduler = Scheduler(rng=random.Random(0))
    policy = policy_for(EXAM, scheduler, UTC)
    progress = Progress(exam_date=EXAM)

    def key(progress=progress, now=NOW, tz=UTC, seed=0, new=20, scheduler=scheduler, policy=policy):
        return plan.inputs(plan._prepare(deck, progress, policy, now, tz), scheduler, policy, seed, new)

    base = key()
    assert key(now=NOW + dt.timedelta(minutes=49)) == base
    other_policy = policy_for("2026-12-03", scheduler, UTC)
    own = Scheduler(rng=random.Random(0), parameters=[w * 1.01 for w in _defaults()])
    from zoneinfo import ZoneInfo

    variants = [key(now=NOW + dt.timedelta(hours=1)), key(seed=1), key(new=10), key(policy=other_policy),
                key(scheduler=own, policy=policy_for(EXAM, own, UTC)), key(tz=ZoneInfo("America/New_York")),
                key(progress=answered(deck, progress, 3, NOW - dt.timedelta(days=2)))]
    assert len({base, *variants}) == len(variants) + 1


def _defaults():
    import fsrs

    return list(fsrs.Scheduler().parameters)


def test_the_plan_starts_at_the_top_of_the_hour_or_at_the_last_answer(deck):
    progress = Progress(exam_date=EXAM)
    assert plan.start_of_plan(progress, NOW, UTC) == NOW.replace(minute=0)
    later = answered(deck, progress, 0, NOW - dt.timedelta(minutes=3))
    assert plan.start_of_plan(later, NOW, UTC) == NOW - dt.timedelta(minutes=3)
    future = answered(deck, progress, 0, NOW + dt.timedelta(hours=2))  # a clock set back: never after now
    assert plan.start_of_plan(future, NOW, UTC) == NOW
    from zoneinfo import ZoneInfo

    kolkata = ZoneInfo("Asia/Kolkata")  # +05:30: local midnight is half past an hour in UTC
    just_after = dt.datetime(2026, 11, 25, 0, 10, tzinfo=kolkata)
    assert plan.start_of_plan(progress, just_after, kolkata) == dt.datetime(2026, 11, 25, tzinfo=kolkata)


def test_only_items_first_seen_today_count_as_introduced_today(deck):
    """An item seen before today and again today is no new item of today (the pacing of new items reads this)."""
    progress = answered(deck, Progress(exam_date=EXAM), 0, NOW - dt.timedelta(days=3))
    progress = answered(deck, progress, 0, NOW - dt.timedelta(hours=1))
    progress = answered(deck, progress, 1, NOW - dt.timedelta(hours=1))
    start = plan._prepare(deck, progress, policy_for(EXAM, Scheduler(), UTC), NOW, UTC)
    assert start.given_today == 2
    assert [r.item for r in start.progress.reviews] == [reviewables(deck)[1].id]


@pytest.mark.parametrize("damage", [
    b"\x80garbage", b"[]", b'["fmprep-plan-cache-1", [["abc", [[10, 0.5]]]]]',
    b'["fmprep-plan-cache-1", [["%s", [[10, 1.5]]]]]', b'["fmprep-plan-cache-1", [["%s", [[0, 0.5]]]]]',
    b'["fmprep-plan-cache-1", [["%s", [[10, "0.5"]]]]]', b'["fmprep-plan-cache-1", [["%s", [[10, NaN]]]]]',
    b'["another-format", [["%s", [[10, 0.5]]]]]',
])
def test_a_damaged_or_foreign_entry_is_only_a_miss(tmp_path, damage):
    cache = PlanCache(tmp_path / "cache")
    cache.put(b"inputs", {10: 0.25})
    entry = tmp_path / "cache" / NAME
    key = json.loads(entry.read_bytes())[1][0][0]
    entry.write_bytes(damage.replace(b"%s", key.encode()) if b"%s" in damage else damage)
    assert cache.get(b"inputs") == {}
    cache.put(b"inputs", {10: 0.25})  # and it is written again
    assert cache.get(b"inputs") == {10: 0.25}


def test_entries_others_could_have_written_are_not_read(tmp_path):
    folder = tmp_path / "cache"
    cache = PlanCache(folder)
    cache.put(b"inputs", {10: 0.25, 30: 0.5})
    assert cache.get(b"inputs") == {10: 0.25, 30: 0.5} and cache.get(b"other inputs") == {}
    os.chmod(folder / NAME, 0o666)
    assert cache.get(b"inputs") == {}
    os.chmod(folder / NAME, 0o600)
    os.chmod(folder, 0o777)
    assert cache.get(b"inputs") == {}
    os.chmod(folder, 0o700)
    link = tmp_path / "link"
    link.symlink_to(folder)
    assert PlanCache(link).get(b"inputs") == {}
    assert PlanCache(None).get(b"inputs") == {}  # FMPREP_NO_CACHE: nothing kept
    PlanCache(None).put(b"inputs", {10: 0.25})


def test_the_latest_inputs_are_kept(tmp_path):
    cache = PlanCache(tmp_path / "cache")
    for n in range(KEEP + 2):
        cache.put(b"inputs %d" % n, {10: n / 100})
    assert cache.get(b"inputs 0") == {} and cache.get(b"inputs 1") == {}
    assert all(cache.get(b"inputs %d" % n) == {10: n / 100} for n in range(2, KEEP + 2))
    cache.put(b"inputs 2", {10: 0.02, 20: 0.2})  # used again: the newest
    cache.put(b"inputs new", {10: 0.5})
    assert cache.get(b"inputs 2") == {10: 0.02, 20: 0.2} and cache.get(b"inputs 3") == {}
