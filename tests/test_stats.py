"""`fmprep stats` figures computed on a hand-made progress file with known answers."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from fmprep import stats
from fmprep.content import load_deck
from fmprep.exampolicy import ExamPolicy, exam_start
from fmprep.progress import CardState, Progress, Review
from fmprep.scheduler import Scheduler, retrievability, to_seconds

from conftest import FIXTURES

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
DECK_PATH = FIXTURES / "quiz-deck.yaml"


def at(days: float) -> int:
    return to_seconds(NOW + dt.timedelta(days=days))


def handmade() -> Progress:
    progress = Progress()
    for item, day, grade in [
        ("open", -40, 3),  # first ever: not a retention test
        ("open", -35, 3),  # older than 30 days
        ("card", -10, 3),  # first ever
        ("card", -5, 1),  # the day's first review: a fail
        ("card", -5, 3),  # not the day's first review
        ("card", -2, 3),  # pass
        ("open", -1, 2),  # pass (Hard is a pass)
        ("mc", 0, 3),  # first ever
    ]:
        progress.reviews.append(Review(item, at(day), grade, 5000))
    progress.cards["card"] = CardState(2, None, 10.0, 5.0, at(1), at(-2))
    progress.cards["open"] = CardState(2, None, 5.0, 5.0, at(-0.1), at(-1))
    progress.cards["mc"] = CardState(1, 1, 2.0, 5.0, at(3), at(0))
    progress.cards["gone.from.deck"] = CardState(2, None, 1.0, 5.0, at(-3), at(-9))
    return progress


@pytest.fixture(scope="module")
def deck():
    return load_deck([DECK_PATH])


def test_totals_retention_and_streak(deck):
    f = stats.compute(deck, handmade(), NOW, UTC)
    assert (f["items_total"], f["items_seen"], f["due_now"], f["due_today"]) == (8, 3, 1, 1)
    assert f["reviews_total"] == 8
    assert f["true_retention_30d"] == pytest.approx(2 / 3, abs=1e-4) and f["retention_reviews_30d"] == 3
    assert f["streak_days"] == 3
    assert f["exam_date"] is None and f["days_to_exam"] is None
    assert f["today"] == {"due": 1, "new": 5 + 0}  # five unseen units, allowance 20, one introduced today


def test_forecast_and_activity(deck):
    f = stats.compute(deck, handmade(), NOW, UTC)
    assert [d["due"] for d in f["forecast"][:5]] == [1, 1, 0, 1, 0]
    assert len(f["forecast"]) == 14 and f["forecast"][0]["date"] == "2026-11-25"
    activity = {d["date"]: d["reviews"] for d in f["activity"]}
    assert len(f["activity"]) == 84 and f["activity"][-1]["date"] == "2026-11-25"
    assert activity["2026-11-20"] == 2 and activity["2026-11-25"] == 1 and activity["2026-10-16"] == 1
    assert "2026-09-02" not in activity and activity["2026-09-03"] == 0


def test_mastery_weakest_first_and_readiness(deck):
    progress = handmade()
    f = stats.compute(deck, progress, NOW, UTC)
    r_card = retrievability(progress.cards["card"], NOW)
    alpha = next(c for c in f["concepts"] if c["id"] == "alpha")  # card, mc, order, case.q1, case.q2
    assert alpha["mastery_now"] == pytest.approx((r_card + 1.0) / 5, abs=1e-4)
    assert alpha["drill"] == "fmprep quiz --topic alpha" and (alpha["seen"], alpha["items"]) == (2, 5)
    values = [c["mastery_now"] for c in f["concepts"]]
    assert values == sorted(values)
    readiness = f["readiness"]
    r_open = retrievability(progress.cards["open"], NOW)
    assert readiness["recall"] == pytest.approx((r_card + r_open + 1.0) / 8, abs=1e-4)
    assert readiness["on"] == "today" and "assuming no more study" in readiness["note"]


def test_with_an_exam_date(deck):
    progress = handmade()
    progress.exam_date = "2026-12-09"
    policy = ExamPolicy(exam_start("2026-12-09", UTC), Scheduler(0.9, random.Random(0)))
    f = stats.compute(deck, progress, NOW, UTC, policy)
    assert f["days_to_exam"] == 14 and f["exam_date"] == "2026-12-09"
    exam = exam_start("2026-12-09", UTC)
    expected = sum(retrievability(progress.cards.get(i), exam) for i in ("card", "open", "mc")) / 8
    assert f["readiness"] == {**f["readiness"], "on": "exam day"}
    assert f["readiness"]["recall"] == pytest.approx(expected, abs=1e-4)
    assert all(c["mastery_exam"] <= c["mastery_now"] for c in f["concepts"])


def test_no_progress_at_all(deck):
    f = stats.compute(deck, Progress(), NOW, UTC)
    assert f["true_retention_30d"] is None and f["streak_days"] == 0 and f["readiness"]["recall"] == 0


def test_a_history_out_of_time_order_gives_the_same_figures(deck):
    """A clock set back can append an older review after newer ones; the figures must not change."""
    ordered = handmade()
    shuffled = Progress(dict(ordered.cards))
    reviews = list(ordered.reviews)
    for review in reviews[3:] + reviews[:3]:
        shuffled.reviews.append(review)
    assert stats.compute(deck, shuffled, NOW, UTC) == stats.compute(deck, ordered, NOW, UTC)
