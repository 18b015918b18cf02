"""Session logic without a terminal: golden sequences with a fixed clock and seeded randomness."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from fmprep.content import load_deck
from fmprep.progress import CardState, Progress, Review, encode
from fmprep.scheduler import Scheduler, to_seconds
from fmprep.deck import reviewables
from fmprep.session import QuizOptions, Session, select
from fmprep.workload import introduced_since

from conftest import FIXTURES

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)
TODAY = T0.replace(hour=0)
ALL = ["card", "open", "mc", "mr", "order", "match", "case.q1", "case.q2"]


@pytest.fixture(scope="module")
def deck():
    return load_deck([FIXTURES / "quiz-deck.yaml"])


def session(deck, progress=None, now=T0, **options):
    return Session(deck, progress or Progress(), Scheduler(0.9, random.Random(1)), QuizOptions(**options), now, TODAY)


def drain(s, now=T0, grade=3):
    shown = []
    while (unit := s.next(now)) is not None:
        shown.append(unit.id)
        s.answer(unit, grade, 1000, now)
    return shown


def review_card(stability, days_ago, due_in_days=0):
    last = to_seconds(T0 - dt.timedelta(days=days_ago))
    return CardState(2, None, stability, 5.0, to_seconds(T0 + dt.timedelta(days=due_in_days)), last)


def test_new_items_come_in_deck_order_without_the_same_concept_back_to_back(deck):
    s = session(deck, limit=8)
    shown = [s.next(T0).id for _ in range(8)]
    # alpha, beta alternate; the case study's two questions stay together
    assert shown == ["card", "open", "mc", "mr", "order", "match", "case.q1", "case.q2"]


def test_due_items_first_lowest_recall_first_then_new(deck):
    progress = Progress()
    progress.cards["order"] = review_card(stability=30, days_ago=10)  # recall ~0.97
    progress.cards["mr"] = review_card(stability=2, days_ago=10)  # recall ~0.75
    progress.cards["match"] = review_card(stability=50, days_ago=1, due_in_days=20)  # not due
    s = session(deck, progress, limit=4)
    assert [s.next(T0).id for _ in range(4)] == ["mr", "order", "open", "card"]  # not alpha twice in a row


def test_the_daily_new_allowance_counts_items_first_seen_today(deck):
    progress = Progress()
    for item, when in (("card", T0 - dt.timedelta(hours=2)), ("open", T0 - dt.timedelta(days=1))):
        progress.reviews.append(Review(item, to_seconds(when), 3, 100))
        progress.cards[item] = review_card(5, 0, due_in_days=3)
    assert introduced_since(reviewables(deck), progress, TODAY) == 1
    s = session(deck, progress, new_per_day=3)
    assert [u.id for u in s.queue] == ["mc", "mr"]


def test_a_wrong_answer_comes_back_once_its_step_is_due(deck):
    s = session(deck, types=("flashcard", "open", "choice"))
    first = s.next(T0)
    s.answer(first, 1, 500, T0)  # Again: due again in a minute
    shown = []
    for _ in range(3):
        unit = s.next(T0)
        shown.append(unit.id)
        s.answer(unit, 3, 500, T0)
    assert first.id not in shown  # not while other items wait and its step is not due
    assert s.next(T0 + dt.timedelta(minutes=1)).id == first.id


def test_learning_items_are_shown_early_but_never_straight_after_their_own_answer(deck):
    s = session(deck, types=("flashcard", "open"))
    first = s.next(T0)
    s.answer(first, 1, 500, T0)
    second = s.next(T0)
    assert second is not first  # not straight after its own feedback
    s.answer(second, 1, 500, T0)
    assert s.next(T0) is first  # learn-ahead: shown early once something else came between
    s.answer(first, 3, 500, T0)
    assert s.next(T0) is second


def test_a_session_ends_when_only_the_item_just_missed_is_left_and_says_when_it_is_due(deck):
    s = session(deck, types=("flashcard",))
    unit = s.next(T0)
    s.answer(unit, 1, 500, T0)
    assert s.next(T0) is None
    assert s.next_due() == T0 + dt.timedelta(minutes=1)
    assert s.next(T0 + dt.timedelta(minutes=1)) is unit  # once its step is due it may come back


def test_limit_caps_the_answers(deck):
    s = session(deck, limit=3)
    assert len(drain(s, grade=1)) == 3


def test_topic_and_type_filters(deck):
    assert [u.id for u in select(deck, topics=("beta",))] == ["open", "mr", "match", "case.q2"]
    assert [u.id for u in select(deck, types=("choice",))] == ["mc", "mr"]
    assert [u.id for u in select(deck, types=("case-study", "ordering"))] == ["order", "case.q1", "case.q2"]


def test_undo_restores_schedule_and_history_exactly(deck):
    progress = Progress()
    progress.cards["mr"] = review_card(stability=2, days_ago=10)
    progress.reviews.append(Review("mr", to_seconds(T0 - dt.timedelta(days=10)), 3, 900))
    s = session(deck, progress)
    progress = s.progress  # the session owns its copy
    before = encode(progress)
    unit = s.next(T0)
    assert unit.id == "mr"
    s.answer(unit, 1, 1000, T0)
    assert encode(progress) != before
    assert s.undo() is unit
    assert encode(progress) == before
    new_unit = s.next(T0)
    s.answer(new_unit, 3, 1000, T0)
    s.undo()
    assert encode(progress) == before and "card" not in progress.cards
    assert s.undo() is None


def test_an_unanswered_item_put_back_is_shown_again_first(deck):
    s = session(deck)
    first = s.next(T0)
    s.put_back(first)
    assert s.next(T0) is first


def test_cram_orders_everything_by_recall_and_ignores_due_dates(deck):
    progress = Progress()
    progress.cards["match"] = review_card(stability=50, days_ago=1, due_in_days=20)
    s = session(deck, progress, cram=True, new_per_day=0)
    assert s.queue[-1].id == "match"  # the best-known item is queued last
    shown = drain(s, grade=3)
    assert sorted(shown) == sorted(ALL)  # each once: right answers are not repeated when cramming


def test_summary(deck):
    s = session(deck, limit=3)
    for grade in (3, 1, 3):
        s.answer(s.next(T0), grade, 2000, T0)
    summary = s.summary()
    assert (summary.answered, summary.correct, summary.ms) == (3, 2, 6000)
    assert summary.per_concept == {"alpha": (2, 2), "beta": (1, 0)}
    assert summary.next_due == T0 + dt.timedelta(minutes=1)


def test_undo_of_a_wrong_answer_takes_it_off_the_learning_steps(deck):
    s = session(deck, types=("flashcard",))
    unit = s.next(T0)
    s.answer(unit, 1, 500, T0)  # Again: it would come back in a minute
    assert s.remaining == 1
    assert s.undo() is unit
    assert s.remaining == 0 and s.answers == [] and s.last is None
    s.answer(unit, 3, 500, T0)  # shown again and answered Good: a new card's next step, not a second copy
    assert s.next(T0 + dt.timedelta(minutes=30)) is unit
    assert s.next(T0 + dt.timedelta(minutes=30)) is None


def test_undo_twice_takes_back_two_answers_in_order(deck):
    s = session(deck, limit=3)
    start = encode(s.progress)
    first = s.next(T0)
    s.answer(first, 3, 1000, T0)
    middle = encode(s.progress)
    second = s.next(T0)
    s.answer(second, 1, 1000, T0)
    assert s.undo() is second and encode(s.progress) == middle
    assert s.summary().answered == 1
    assert s.undo() is first and encode(s.progress) == start
    assert len(s.progress.reviews) == 0 and s.progress.cards == {}


def test_suspending_the_item_on_screen_takes_it_out_and_undo_puts_it_back(deck):
    s = session(deck)
    unit = s.next(T0)
    before = s.counts()
    s.suspend(unit)
    assert s.progress.suspended == {unit.id} and unit.id not in s.progress.cards
    assert s.counts()["left"] == before["left"] - 1
    assert unit.id not in drain(session(deck, s.progress)), "a later session leaves it out too"
    assert s.undo() is unit and s.progress.suspended == set()
    assert s.counts() == before, "the item taken back is on screen again"
    assert s.undo() is None


def test_an_item_suspended_after_its_answer_keeps_the_answer_and_undo_keeps_it_off_screen(deck):
    s = session(deck)
    unit = s.next(T0)
    s.answer(unit, 1, 1000, T0)  # missed: due back on a learning step
    assert unit in s.learning
    s.suspend(unit)
    assert unit not in s.learning and s.progress.suspended == {unit.id}
    assert [r.item for r in s.progress.reviews] == [unit.id], "the answer stays"
    assert s.undo() is None, "an answered item is not shown again"
    assert unit in s.learning and s.progress.suspended == set()
    assert s.undo() is unit and list(s.progress.reviews) == [], "then the answer itself is taken back"
