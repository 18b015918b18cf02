"""What is due and what is new today: one definition (``workload.py``), and every command showing the same figures.

The progress here holds items that have LEFT the deck (cards and reviews, some first reviewed today) beside real
progress: no figure may count them, and `topics --json`, `stats --json` and a quiz session must agree.
"""

from __future__ import annotations

import datetime as dt
import json
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fmprep.content import load_deck
from fmprep.deck import reviewables
from fmprep.exampolicy import ExamPolicy, exam_start
from fmprep.progress import CardState, Progress, Review, encode
from fmprep.scheduler import Scheduler, to_seconds
from fmprep.session import QuizOptions, Session, select
from fmprep.workload import day_start, due_now, introduced_since, new_left_today

from conftest import FIXTURES

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
TODAY = day_start(NOW, UTC)
DECK_PATH = FIXTURES / "quiz-deck.yaml"  # alpha: card mc order case.q1 case.q2; beta: open mr match case.q2


@pytest.fixture(scope="module")
def deck():
    return load_deck([DECK_PATH])


def at(days: float) -> int:
    return to_seconds(NOW + dt.timedelta(days=days))


def reviewed(progress: Progress, item: str, first: float, due: float, last: float | None = None) -> None:
    """An item first reviewed ``first`` days from NOW (negative: ago), due ``due`` days from NOW."""
    progress.reviews.append(Review(item, at(first), 3, 4000))
    if last is not None:
        progress.reviews.append(Review(item, at(last), 3, 4000))
    progress.cards[item] = CardState(2, None, 4.0, 5.0, at(due), at(last if last is not None else first))


def with_departed_items(exam_date: str | None = None) -> Progress:
    progress = Progress(exam_date=exam_date)
    reviewed(progress, "gone.today", first=-0.1, due=-0.05)  # left the deck: introduced today, due now
    reviewed(progress, "gone.today.2", first=-0.2, due=3)
    reviewed(progress, "gone.old", first=-9, due=-1, last=-3)  # left the deck: due now
    progress.reviews.append(Review("gone.history.only", at(-0.3), 1, 900))  # a review without a card
    reviewed(progress, "card", first=-6, due=-0.5, last=-2)  # alpha: due now
    reviewed(progress, "open", first=-0.2, due=0.5)  # beta: introduced today, not due
    reviewed(progress, "mr", first=-10, due=4, last=-4)  # beta: not due
    reviewed(progress, "case.q2", first=-5, due=-0.01, last=-1)  # alpha and beta: due now
    return progress


def policy_for_test(progress: Progress):
    if progress.exam_date is None:
        return None
    return ExamPolicy(exam_start(progress.exam_date, UTC), Scheduler(0.9, random.Random(0)))


# -- the definition -----------------------------------------------------------------------------------------

def test_due_now_is_seen_items_whose_time_has_come(deck):
    progress = with_departed_items()
    units = reviewables(deck)
    assert [u.id for u in due_now(units, progress, NOW)] == ["card", "case.q2"]
    assert [u.id for u in due_now(units, progress, NOW + dt.timedelta(days=1))] == ["card", "open", "case.q2"]
    exactly = Progress({"mc": CardState(2, None, 4.0, 5.0, to_seconds(NOW), at(-1))})
    assert [u.id for u in due_now(units, exactly, NOW)] == ["mc"]  # due this very second counts


def test_introduced_today_counts_only_the_decks_items_first_reviewed_since_midnight(deck):
    progress = with_departed_items()
    assert introduced_since(reviewables(deck), progress, TODAY) == 1  # open; not the departed ones
    assert introduced_since(reviewables(deck), progress, TODAY - dt.timedelta(days=6)) == 3  # open, card, case.q2


def test_new_left_today(deck):
    units = reviewables(deck)
    progress = with_departed_items()  # 4 of 8 unseen, 1 introduced today
    assert new_left_today(units, progress, 20, NOW, TODAY) == 4  # min(unseen, 20 - 1)
    assert new_left_today(units, progress, 3, NOW, TODAY) == 2  # 3 - 1
    assert new_left_today(units, progress, 1, NOW, TODAY) == 0
    assert new_left_today(units, progress, 0, NOW, TODAY) == 0
    assert new_left_today(units, progress, 3, NOW + dt.timedelta(days=1), TODAY + dt.timedelta(days=1)) == 3


def test_new_left_today_is_paced_for_an_exam_counting_todays_new_items_as_still_to_introduce(deck):
    units = reviewables(deck)
    progress = with_departed_items("2026-11-27")  # two days left: one day to introduce, then a day of reviews
    policy = policy_for_test(progress)
    # 4 unseen + 1 introduced today = 5 to introduce today; less the one already introduced
    assert new_left_today(units, progress, 0, NOW, TODAY, policy) == 4
    assert new_left_today(units, progress, 0, NOW, TODAY, None) == 0
    progress = with_departed_items("2026-12-09")  # 13 days to introduce: ceil(5 / 13) = 1, already used
    assert new_left_today(units, progress, 0, NOW, TODAY, policy_for_test(progress)) == 0
    assert new_left_today(units, progress, 2, NOW, TODAY, policy_for_test(progress)) == 1


def test_day_start_is_local_midnight():
    tz = dt.timezone(dt.timedelta(hours=-5))
    assert day_start(NOW, tz) == dt.datetime(2026, 11, 25, 0, 0, tzinfo=tz)
    assert day_start(dt.datetime(2026, 11, 25, 3, 0, tzinfo=UTC), tz) == dt.datetime(2026, 11, 24, 0, 0, tzinfo=tz)


# -- one figure, one definition: topics, stats and quiz agree ---------------------------------------------------

ENV = {"FMPREP_NOW": NOW.isoformat(), "FMPREP_SEED": "1"}


def run_json(cli, *args):
    result = cli("--content", str(DECK_PATH), *args, "--json", env=ENV)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def quiz_session(deck, progress, new_per_day, topics=()):
    """A session built as `fmprep quiz` builds it."""
    from fmprep.exampolicy import policy_for

    scheduler = Scheduler(0.9, random.Random(1))
    options = QuizOptions(new_per_day, None, tuple(topics))
    return Session(deck, progress, scheduler, options, NOW, day_start(NOW, UTC),
                   policy_for(progress.exam_date, scheduler, UTC))


@pytest.mark.parametrize("exam_date", [None, "2026-11-27"])
@pytest.mark.parametrize("new_per_day", [0, 2, 20])
def test_topics_stats_and_quiz_agree(cli, deck, progress_path, exam_date, new_per_day):
    progress = with_departed_items(exam_date)
    progress_path.write_bytes(encode(progress))
    topics = {c["id"]: c for o in run_json(cli, "topics")["objectives"] for c in o["concepts"]}
    stats = run_json(cli, "stats", "--new", str(new_per_day))
    by_concept = {c["id"]: c for c in stats["concepts"]}
    assert set(topics) == set(by_concept) == {"alpha", "beta"}

    for concept in ("alpha", "beta"):
        units = select(deck, topics=(concept,))
        session = quiz_session(deck, progress, new_per_day, (concept,))
        due_in_quiz = [u.id for u in session.queue if u.id in progress.cards
                       and progress.cards[u.id].due <= to_seconds(NOW)]
        assert topics[concept]["items"] == by_concept[concept]["items"] == len(units) == len(session.selected)
        assert topics[concept]["seen"] == by_concept[concept]["seen"] == sum(u.id in progress.cards for u in units)
        assert topics[concept]["due"] == by_concept[concept]["due"] == len(due_in_quiz)

    whole = quiz_session(deck, progress, new_per_day)
    served_new = [u.id for u in whole.queue if u.id not in progress.cards]
    served_due = [u.id for u in whole.queue if u.id in progress.cards and progress.cards[u.id].due <= to_seconds(NOW)]
    assert stats["today"] == {"due": len(served_due), "new": len(served_new)}
    assert stats["due_now"] == len(served_due) == 2  # card and case.q2, not the departed items due now
    assert stats["items_total"] == len(whole.selected) == len(reviewables(deck)) == 8
    assert stats["items_seen"] == 4
    assert sum(f["items"] for f in stats["objectives"]) == 8  # one objective holding every item once
    # the quiz ends its whole session after serving exactly today's new items (every answer Good, no more new)
    shown_new = set()
    while (unit := whole.next(NOW)) is not None:
        if unit.id not in progress.cards:
            shown_new.add(unit.id)
        whole.answer(unit, 3, 1000, NOW)
    assert len(shown_new) == stats["today"]["new"]


@pytest.mark.parametrize("exam_date", [None, "2026-12-09"])
@pytest.mark.parametrize("new_per_day", [0, 1, 20])
def test_every_drill_command_stats_prints_serves_something(cli, progress_path, exam_date, new_per_day):
    progress = with_departed_items(exam_date)
    progress.cards["mc"] = CardState(2, None, 40.0, 5.0, at(30), at(-1))  # alpha: seen, not due
    progress_path.write_bytes(encode(progress))
    stats = run_json(cli, "stats", "--new", str(new_per_day))
    drills = {c["id"]: c["drill"] for c in stats["concepts"]}
    assert set(drills) == {"alpha", "beta"}
    for concept, drill in drills.items():
        words = drill.split()
        assert words[:2] == ["fmprep", "quiz"] and words[2:4] == ["--topic", concept], drill
        # as printed, and with the same --new N that stats was given
        for extra in ([], ["--new", str(new_per_day)]):
            result = cli("--content", str(DECK_PATH), *words[1:], *extra, input="q\n", env=ENV)
            assert result.exit_code == 0, result.output
            assert "Nothing is due now" not in result.output, (drill, extra, result.output)
            assert "No items match" not in result.output, drill


def test_a_drill_is_a_plain_quiz_exactly_when_a_plain_quiz_serves_something(cli, deck, progress_path):
    """Both ways: when stats says cram, a plain quiz of that concept would indeed serve nothing."""
    progress = Progress()
    for unit in reviewables(deck):  # everything seen, nothing due
        progress.cards[unit.id] = CardState(2, None, 40.0, 5.0, at(30), at(-1))
    progress.reviews.append(Review("card", at(-1), 3, 1000))
    progress.cards["open"] = progress.cards["open"]._replace(due=at(-0.1))  # beta: one item due
    progress_path.write_bytes(encode(progress))
    drills = {c["id"]: c["drill"] for c in run_json(cli, "stats")["concepts"]}
    assert drills == {"alpha": "fmprep quiz --topic alpha --cram", "beta": "fmprep quiz --topic beta"}
    result = cli("--content", str(DECK_PATH), "quiz", "--topic", "alpha", input="q\n", env=ENV)
    assert "Nothing is due now" in result.output


def test_the_drill_printed_by_stats_with_new_above_the_default_serves_something(cli, tmp_path, progress_path):
    deck = tmp_path / "big.yaml"
    cards = "".join(f"  - id: c{n}\n    kind: flashcard\n    concepts: [solo]\n    front: F{n}\n    back: B{n}\n"
                    for n in range(25))
    deck.write_text("objectives:\n  - id: obj\n    title: O\nconcepts:\n  - id: solo\n    title: Solo\n"
                    "    objectives: [obj]\n    summary: S.\n    key_points: [k]\n    example: E.\n"
                    "items:\n" + cards, encoding="utf-8")
    progress = Progress()
    for n in range(21):  # 21 introduced today, none due
        reviewed(progress, f"c{n}", first=-0.1, due=2)
    progress_path.write_bytes(encode(progress))
    result = cli("--content", str(deck), "stats", "--new", "30", "--json", env=ENV)
    [concept] = json.loads(result.output)["concepts"]
    assert json.loads(result.output)["today"]["new"] == 4
    result = cli("--content", str(deck), *concept["drill"].split()[1:], input="q\n", env=ENV)
    assert "Nothing is due now" not in result.output, (concept["drill"], result.output)


def test_a_day_is_the_learners_local_date_with_daylight_saving():
    from zoneinfo import ZoneInfo

    from fmprep.workload import local_date, midnight

    ny = ZoneInfo("America/New_York")
    assert local_date(dt.datetime(2026, 3, 8, 4, 59, tzinfo=UTC), ny) == dt.date(2026, 3, 7)  # 23:59 EST
    assert local_date(dt.datetime(2026, 3, 9, 3, 59, tzinfo=UTC), ny) == dt.date(2026, 3, 8)  # 23:59 EDT
    assert local_date(dt.datetime(2026, 3, 9, 4, 0, tzinfo=UTC), ny) == dt.date(2026, 3, 9)
    # The day the clocks go forward is 23 hours long, the day they go back 25; each starts at local midnight.
    def hours(day: dt.date) -> float:
        return (midnight(day + dt.timedelta(days=1), ny).timestamp() - midnight(day, ny).timestamp()) / 3600

    assert (hours(dt.date(2026, 3, 8)), hours(dt.date(2026, 11, 1)), hours(dt.date(2026, 11, 2))) == (23, 25, 24)
    assert midnight(dt.date(2026, 3, 8), ny).astimezone(UTC) == dt.datetime(2026, 3, 8, 5, tzinfo=UTC)
    # Where midnight itself is skipped (Havana, 2026-03-08), the day starts at the first instant that exists.
    havana = ZoneInfo("America/Havana")
    start = midnight(dt.date(2026, 3, 8), havana)
    assert local_date(start, havana) == dt.date(2026, 3, 8)
    assert local_date(start - dt.timedelta(seconds=1), havana) == dt.date(2026, 3, 7)
    assert day_start(dt.datetime(2026, 3, 8, 15, tzinfo=UTC), ny) == midnight(dt.date(2026, 3, 8), ny)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 253_402_214_400 - 86_400),
       st.sampled_from(["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham",
                        "Pacific/Kiritimati", "Europe/London", "UTC"]))
def test_the_local_day_of_any_time_is_local_date_exactly(seconds, zone):
    from zoneinfo import ZoneInfo

    from fmprep.scheduler import from_seconds
    from fmprep.workload import local_date, local_days

    tz = ZoneInfo(zone)
    assert local_days([seconds], tz) == [local_date(from_seconds(seconds), tz).toordinal()]


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham"])
def test_local_days_change_exactly_at_local_midnight_across_a_year_of_clock_changes(zone):
    from zoneinfo import ZoneInfo

    from fmprep.scheduler import to_seconds
    from fmprep.workload import local_days, midnight

    tz = ZoneInfo(zone)

    def day_number(seconds):
        return local_days([seconds], tz)[0]

    for n in range(366):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=n)
        start = to_seconds(midnight(day, tz))
        assert [day_number(start - 1), day_number(start), day_number(start + 1)] == [
            day.toordinal() - 1, day.toordinal(), day.toordinal()], day


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1_760_000_000, 1_830_000_000), max_size=60), st.booleans(),
       st.sampled_from(["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"]))
def test_local_days_of_a_history_are_local_date_exactly_sorted_or_not(seconds, in_order, zone):
    from zoneinfo import ZoneInfo

    from fmprep.scheduler import from_seconds
    from fmprep.workload import local_date, local_days

    tz = ZoneInfo(zone)
    times = sorted(seconds) if in_order else seconds
    assert local_days(times, tz) == [local_date(from_seconds(s), tz).toordinal() for s in times]


@pytest.mark.parametrize("zone", ["America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"])
def test_local_days_change_exactly_at_local_midnight_across_a_year_of_clock_changes(zone):
    from zoneinfo import ZoneInfo

    from fmprep.scheduler import to_seconds
    from fmprep.workload import local_days, midnight

    tz = ZoneInfo(zone)
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    starts = [to_seconds(midnight(day, tz)) for day in days]
    times = [t for start in starts for t in (start - 1, start, start + 1)]
    assert local_days(times, tz) == [d for day in days for d in (day.toordinal() - 1, day.toordinal(), day.toordinal())]
