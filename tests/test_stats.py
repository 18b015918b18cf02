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


# -- one notion of "day", in the learner's zone, stable across daylight saving (issue 12, item 4) ---------------

NEW_YORK = "America/New_York"


@pytest.mark.parametrize("now", ["2026-03-08T06:59:00+00:00", "2026-03-08T07:01:00+00:00"])
def test_the_streak_and_activity_do_not_move_when_the_clocks_change(deck, now):
    """Clocks go forward in New York at 07:00 UTC on 2026-03-08. A review at 23:30 on the 6th (EST) stays on the
    6th whether stats runs two minutes before or after the change (a fixed offset of today's -4 h moved it)."""
    from zoneinfo import ZoneInfo

    progress = Progress()
    progress.reviews.append(Review("card", to_seconds(dt.datetime(2026, 3, 7, 4, 30, tzinfo=UTC)), 3, 1000))
    progress.reviews.append(Review("card", to_seconds(dt.datetime(2026, 3, 7, 17, 0, tzinfo=UTC)), 3, 1000))
    f = stats.compute(deck, progress, dt.datetime.fromisoformat(now), ZoneInfo(NEW_YORK))
    assert f["streak_days"] == 2
    activity = {d["date"]: d["reviews"] for d in f["activity"]}
    assert (activity["2026-03-06"], activity["2026-03-07"], activity["2026-03-08"]) == (1, 1, 0)


@pytest.mark.parametrize("now", ["2026-03-08T06:59:00+00:00", "2026-03-08T07:01:00+00:00"])
def test_the_stats_command_keeps_the_streak_across_the_change(cli, now, progress_path):
    progress = Progress()
    progress.reviews.append(Review("card", to_seconds(dt.datetime(2026, 3, 7, 4, 30, tzinfo=UTC)), 3, 1000))
    progress.reviews.append(Review("card", to_seconds(dt.datetime(2026, 3, 7, 17, 0, tzinfo=UTC)), 3, 1000))
    from fmprep.progress import encode

    progress_path.write_bytes(encode(progress))
    result = cli("--content", str(DECK_PATH), "stats", "--json", env={"FMPREP_NOW": now, "TZ": NEW_YORK})
    import json

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["streak_days"] == 2


def test_a_due_date_falls_on_its_local_day_across_the_change(deck):
    from zoneinfo import ZoneInfo

    progress = Progress()
    # Clocks go back on 2026-11-01. Due 23:30 EST that day (04:30 UTC on the 2nd), seen from 31 October (EDT):
    # the forecast puts it on the 1st, not the 2nd.
    progress.cards["card"] = CardState(2, None, 5.0, 5.0, to_seconds(dt.datetime(2026, 11, 2, 4, 30, tzinfo=UTC)),
                                       to_seconds(dt.datetime(2026, 10, 25, tzinfo=UTC)))
    f = stats.compute(deck, progress, dt.datetime(2026, 10, 31, 12, tzinfo=UTC), ZoneInfo(NEW_YORK))
    forecast = {d["date"]: d["due"] for d in f["forecast"]}
    assert (forecast["2026-11-01"], forecast["2026-11-02"]) == (1, 0)


@pytest.mark.parametrize("now", [dt.datetime(9999, 12, 30, tzinfo=UTC), dt.datetime(9999, 12, 31, tzinfo=UTC)])
def test_a_clock_at_the_end_of_the_range_never_overflows(deck, now):
    from zoneinfo import ZoneInfo

    progress = handmade()
    progress.cards["card"] = CardState(2, None, 10.0, 5.0, to_seconds(now), to_seconds(now))
    progress.reviews.append(Review("card", to_seconds(now), 3, 1000))
    for tz in (UTC, ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")):
        f = stats.compute(deck, progress, now, tz)
        today = now.astimezone(tz).date()
        assert [d["date"] for d in f["forecast"]] == [str(today + dt.timedelta(days=n))
                                                      for n in range((dt.date.max - today).days + 1)]
        assert f["activity"][-1]["date"] == f["forecast"][0]["date"] and f["streak_days"] == 1
