from __future__ import annotations

import datetime as dt
import random

import fsrs
import pytest
from hypothesis import given, settings, strategies as st

from fmprep.errors import FmprepError
from fmprep.progress import CardState
from fmprep.scheduler import DECAY, Grade, Scheduler, from_seconds, retrievability

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)


def test_our_forgetting_curve_uses_fsrs_default_decay():
    assert DECAY == -fsrs.Scheduler().parameters[20]


@settings(max_examples=200, deadline=None)
@given(st.floats(0.05, 5000), st.integers(0, 4000), st.integers(0, 86399))
def test_retrievability_equals_fsrs(stability, days, seconds):
    card = CardState(2, None, stability, 5.0, 0, 1_790_000_000)
    at = from_seconds(1_790_000_000) + dt.timedelta(days=days, seconds=seconds)
    theirs = fsrs.Scheduler().get_card_retrievability(
        fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, difficulty=5.0,
                  last_review=from_seconds(1_790_000_000)), at)
    assert retrievability(card, at) == pytest.approx(theirs, rel=1e-12)


def test_golden_sequence_with_learning_steps():
    scheduler = Scheduler(0.9, random.Random(0))
    card = scheduler.review(None, 3, T0)  # new, Good: second learning step, 10 minutes
    assert (card.state, card.step, card.due - int(T0.timestamp())) == (1, 1, 600)
    card = scheduler.review(card, 1, T0 + dt.timedelta(minutes=10))  # Again: back to the first step, 1 minute
    assert (card.state, card.step) == (1, 0)
    assert card.due == int((T0 + dt.timedelta(minutes=11)).timestamp())
    card = scheduler.review(card, 3, T0 + dt.timedelta(minutes=11))
    card = scheduler.review(card, 3, T0 + dt.timedelta(minutes=21))  # graduates to review
    assert card.state == 2 and card.due >= int((T0 + dt.timedelta(days=1)).timestamp())


def test_fuzz_draws_from_the_injected_source_only():
    card = CardState(2, None, 40.0, 5.0, int(T0.timestamp()), int((T0 - dt.timedelta(days=40)).timestamp()))
    first = [Scheduler(0.9, random.Random(7)).review(card, 3, T0).due for _ in range(3)]
    random.seed(1)
    again = Scheduler(0.9, random.Random(7)).review(card, 3, T0).due
    assert len(set(first)) == 1 and again == first[0]


def test_retention_is_range_checked():
    with pytest.raises(FmprepError, match="between 0.7 and 0.99"):
        Scheduler(1.5)
    with pytest.raises(ValueError):
        Scheduler(0.9).review(None, 3, T0.replace(tzinfo=None))


def test_recall_is_zero_for_new_items_and_whole_days_count():
    assert retrievability(None, T0) == 0
    card = CardState(2, None, 10.0, 5.0, 0, int(T0.timestamp()))
    assert retrievability(card, T0 + dt.timedelta(hours=23)) == 1.0
    assert retrievability(card, T0 + dt.timedelta(days=10)) == pytest.approx(0.9, abs=1e-9)


# -- the learner's own parameters (`fmprep optimize`) ------------------------------------------------------------

OWN = list(fsrs.Scheduler().parameters)
OWN[0], OWN[2], OWN[8], OWN[20] = 0.8, 4.0, 1.2, 0.35  # a first Good remembered longer, a steeper curve


def own_progress():
    from fmprep.progress import Parameters, Progress

    return Progress(parameters=Parameters(tuple(OWN), 1_790_000_000, 500))


@settings(max_examples=100, deadline=None)
@given(st.floats(0.05, 5000), st.integers(0, 4000))
def test_retrievability_on_the_learners_curve_equals_fsrs_with_their_parameters(stability, days):
    from fmprep.scheduler import scheduler_for

    card = CardState(2, None, stability, 5.0, 0, 1_790_000_000)
    at = from_seconds(1_790_000_000) + dt.timedelta(days=days)
    theirs = fsrs.Scheduler(parameters=OWN).get_card_retrievability(
        fsrs.Card(card_id=1, state=fsrs.State.Review, stability=stability, difficulty=5.0,
                  last_review=from_seconds(1_790_000_000)), at)
    assert scheduler_for(own_progress()).retrievability(card, at) == pytest.approx(theirs, rel=1e-12)
    assert retrievability(card, at, -OWN[20]) == pytest.approx(theirs, rel=1e-12)


def test_the_scheduler_is_built_with_the_stored_parameters_or_the_defaults():
    from fmprep.progress import Progress
    from fmprep.scheduler import decay_of, scheduler_for

    own, default = scheduler_for(own_progress(), rng=random.Random(0)), scheduler_for(Progress(), rng=random.Random(0))
    assert own.parameters == tuple(OWN) and default.parameters is None
    assert decay_of(own_progress()) == -0.35 and decay_of(Progress()) == DECAY
    day = T0 + dt.timedelta(days=1)
    mine = own.review(own.review(None, 3, T0, fuzz=False), 3, day, fuzz=False)
    plain = default.review(default.review(None, 3, T0, fuzz=False), 3, day, fuzz=False)
    reference = fsrs.Scheduler(parameters=OWN, enable_fuzzing=False)
    card, _ = reference.review_card(fsrs.Card(card_id=1, due=T0), fsrs.Rating.Good, T0)
    card, _ = reference.review_card(card, fsrs.Rating.Good, day)
    assert mine.stability == pytest.approx(card.stability) and mine.due == int(card.due.timestamp())
    assert plain.stability != pytest.approx(mine.stability)


@pytest.mark.parametrize("parameters", [None, OWN])
@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([1, 2, 3, 4]), st.integers(0, 40 * 86400)), min_size=0, max_size=6),
       st.sampled_from([1, 2, 3, 4]), st.integers(0, 60 * 86400))
def test_next_stability_equals_what_review_gives(parameters, history, grade, wait):
    """The exam policy's fast path must agree with a full review, in every state and at every elapsed time, with
    the default parameters and with a learner's own (whose forgetting curve differs)."""
    scheduler = Scheduler(0.9, random.Random(0), parameters)
    at = dt.datetime(2026, 1, 1, 9, tzinfo=dt.timezone.utc)
    card = None
    for g, seconds in history:
        at += dt.timedelta(seconds=seconds)
        card = scheduler.review(card, g, at, fuzz=False)
    at += dt.timedelta(seconds=wait)
    assert scheduler.next_stability(card, grade, at) == scheduler.review(card, grade, at, fuzz=False).stability
    assert scheduler.next_stabilities(card, at, (grade, Grade.AGAIN)) == (
        scheduler.next_stability(card, grade, at), scheduler.next_stability(card, Grade.AGAIN, at))
