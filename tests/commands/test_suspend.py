"""`fmprep suspend` / `unsuspend`, and suspended items left out alike by quiz, mock, stats and topics."""

from __future__ import annotations

import datetime as dt
import json
import random

from fmprep.content import load_deck
from fmprep.progress import CardState, Progress, Review, encode, load_bytes
from fmprep.scheduler import Scheduler
from fmprep.session import QuizOptions, Session

from conftest import FIXTURES

DECK = str(FIXTURES / "quiz-deck.yaml")
ENV = {"FMPREP_NOW": "2026-11-25T09:00:00+00:00", "FMPREP_SEED": "5"}
ALL = {"card", "open", "mc", "mr", "order", "match", "case.q1", "case.q2"}
SUSPENDED = {"mc", "case.q1", "case.q2"}


def run(cli, *args):
    return cli("--content", DECK, *args, env=ENV)


def saved(path) -> Progress:
    return load_bytes(path.read_bytes())


def test_suspend_and_unsuspend_by_id_and_case_study_id(cli, progress_path):
    result = run(cli, "suspend", "mc", "case")
    assert result.exit_code == 0, result.output
    assert "Suspended 3 items; 3 suspended in all." in result.output
    assert saved(progress_path).suspended == SUSPENDED
    assert "Suspended 0 items (1 already were)" in run(cli, "suspend", "mc").output
    result = run(cli, "unsuspend", "case.q1", "card")
    assert result.exit_code == 0, result.output
    assert "Unsuspended 1 item (1 was not suspended); 2 still suspended." in result.output
    assert saved(progress_path).suspended == {"mc", "case.q2"}


def test_unknown_ids_are_refused_and_nothing_changes(cli, progress_path):
    run(cli, "suspend", "mc")
    before = progress_path.read_bytes()
    for command in ("suspend", "unsuspend"):
        result = run(cli, command, "card", "no.such.item")
        assert result.exit_code == 1
        assert "no item with id 'no.such.item'" in result.output and "Traceback" not in result.output
        assert progress_path.read_bytes() == before


def test_an_item_gone_from_the_deck_can_still_be_unsuspended(cli, progress_path):
    progress_path.write_bytes(encode(Progress(suspended={"gone.item", "mc"})))
    assert run(cli, "unsuspend", "gone.item").exit_code == 0
    assert saved(progress_path).suspended == {"mc"}


def test_quiz_mock_stats_and_topics_all_leave_suspended_items_out(cli, progress_path):
    run(cli, "suspend", "mc", "case")
    kept = ALL - SUSPENDED
    stats = json.loads(run(cli, "stats", "--json").output)
    assert stats["items_total"] == len(kept) and stats["suspended"] == len(SUSPENDED)
    topics = json.loads(run(cli, "topics", "--json").output)
    assert sum(c["items"] for o in topics["objectives"] for c in o["concepts"]) == len(kept)
    # mock: the exam-style units left are mr, order and match; a mock of 4 cannot be drawn, one of 3 takes them all
    result = run(cli, "mock", "--questions", "4")
    assert result.exit_code == 1 and "has 3 exam-style questions" in result.output
    assert run(cli, "mock", "--questions", "3").exit_code == 0
    assert set(saved(progress_path).mocks.current.items) == {"mr", "order", "match"}
    # quiz: the session the command builds from the deck and the progress
    now = dt.datetime(2026, 11, 25, 9, tzinfo=dt.timezone.utc)
    session = Session(load_deck([FIXTURES / "quiz-deck.yaml"]), saved(progress_path),
                      Scheduler(0.9, random.Random(0)), QuizOptions(), now, now)
    assert {u.id for u in session.selected} == {u.id for u in session.queue} == kept
    # and back
    run(cli, "mock", "--abandon", "--yes")
    run(cli, "unsuspend", "mc", "case")
    assert json.loads(run(cli, "stats", "--json").output)["items_total"] == len(ALL)


def forgotten(times: int, item: str = "mc") -> Progress:
    """``item`` learned, then forgotten ``times`` times on later days (each lapse relearned the same day)."""
    progress = Progress()
    day = 86400
    start = 1_790_000_000
    progress.reviews.append(Review(item, start, 1, 1000))  # the first day's Again is no lapse
    progress.reviews.append(Review(item, start + 600, 3, 1000))
    for n in range(1, times + 1):
        progress.reviews.append(Review(item, start + n * 2 * day, 1, 1000))
        progress.reviews.append(Review(item, start + n * 2 * day + 600, 1, 1000))  # same day: not another lapse
        progress.reviews.append(Review(item, start + n * 2 * day + 1200, 3, 1000))
    progress.cards[item] = CardState(2, None, 1.0, 7.0, start + 100 * day, start + times * 2 * day)
    return progress


def test_leeches_are_named_in_stats_with_how_to_drill_or_suspend_them(cli, progress_path):
    progress_path.write_bytes(encode(forgotten(8)))
    data = json.loads(run(cli, "stats", "--json").output)
    assert data["leech_lapses"] == 8
    [leech] = data["leeches"]
    assert leech["id"] == "mc" and leech["lapses"] == 8 and leech["suspend"] == "fmprep suspend mc"
    assert leech["drill"].startswith("fmprep quiz --topic ")
    text = run(cli, "stats").output
    assert "Leeches: 1 item forgotten 8 times or more" in text and "fmprep suspend mc" in text
    progress_path.write_bytes(encode(forgotten(7)))
    assert json.loads(run(cli, "stats", "--json").output)["leeches"] == []
    assert [x["id"] for x in json.loads(cli("--content", DECK, "stats", "--json",
                                            env={**ENV, "FMPREP_LEECH_LAPSES": "7"}).output)["leeches"]] == ["mc"]
    assert json.loads(run(cli, "stats", "--json", "--leech-lapses", "7").output)["leeches"][0]["lapses"] == 7
    run(cli, "suspend", "mc")  # set aside: no longer a leech to act on, and counted as suspended
    data = json.loads(run(cli, "stats", "--json").output)
    assert data["leeches"] == [] and data["suspended"] == 1


def test_suspend_alone_lists_the_items_set_aside_and_changes_nothing(cli, progress_path):
    result = run(cli, "suspend")
    assert result.exit_code == 0 and "0 items suspended." in result.output, result.output
    run(cli, "suspend", "mc", "case")
    before = progress_path.read_bytes()
    result = run(cli, "suspend")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["case.q1", "case.q2", "mc",
                                          "3 items suspended. `fmprep unsuspend ID...` brings them back."]
    assert progress_path.read_bytes() == before
