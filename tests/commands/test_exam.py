"""`fmprep exam`: set, change, show and clear the exam date; quiz and stats then plan for it."""

from __future__ import annotations

import json

import pytest

from fmprep.progress import load_bytes

from conftest import FIXTURES

ENV = {"FMPREP_NOW": "2026-11-25T09:00:00+00:00", "TZ": "UTC", "FMPREP_SEED": "3"}


@pytest.fixture
def run(cli):
    def invoke(*args, input=None):
        return cli(*args, input=input, env=ENV)

    return invoke


def test_set_change_show_and_clear(run, progress_path):
    assert "No exam date is set" in run("exam").output
    result = run("exam", "2026-12-09")
    assert result.exit_code == 0 and "Exam date set: 2026-12-09 (in 14 days)" in result.output
    assert load_bytes(progress_path.read_bytes()).exam_date == "2026-12-09"
    assert "Exam date: 2026-12-09 (in 14 days)." in run("exam").output
    run("exam", "2026-11-25")
    assert "(today)" in run("exam").output
    result = run("exam", "--clear")
    assert result.exit_code == 0 and "cleared" in result.output
    assert load_bytes(progress_path.read_bytes()).exam_date is None


@pytest.mark.parametrize("date, message", [
    ("2026-02-30", "not a calendar date"),
    ("12/09/2026", "not a calendar date"),
    ("2026-1-9", "not a calendar date"),
    ("2026-11-24", "is in the past (today is 2026-11-25)"),
    ("2026-W50-1", "not a calendar date; write it as YYYY-MM-DD"),  # ISO week dates: fromisoformat takes them
    ("2026-349", "not a calendar date"),
    ("20261215", "not a calendar date"),
    ("2026-12-15T09:00", "not a calendar date"),
    ("２０２６-12-15", "not a calendar date"),
    ("9999-12-31", "is more than 3 years ahead (today is 2026-11-25; the latest date fmprep plans for is 2029-11-25)"),
    ("2029-11-26", "is more than 3 years ahead"),
])
def test_bad_dates_are_refused_and_change_nothing(run, progress_path, date, message):
    result = run("exam", date)
    assert result.exit_code == 1 and message in result.output
    assert not progress_path.exists()


def test_date_and_clear_together_is_an_error(run):
    assert run("exam", "2026-12-09", "--clear").exit_code == 1


def test_quiz_and_stats_say_how_many_days_are_left(run, progress_path):
    run("exam", "2026-12-09")
    result = run("--content", str(FIXTURES / "quiz-deck.yaml"), "quiz", "--new", "0", input="\n3\n")
    assert result.exit_code == 0, result.output
    assert "Exam on 2026-12-09: 14 days left. Today: 1 to study" in result.output
    assert "exam in 14 days" in result.output
    data = json.loads(run("--content", str(FIXTURES / "quiz-deck.yaml"), "stats", "--json").output)
    assert data["exam_date"] == "2026-12-09" and data["days_to_exam"] == 14
    assert data["readiness"]["on"] == "exam day"
    text = run("--content", str(FIXTURES / "quiz-deck.yaml"), "stats").output
    assert "exam: 2026-12-09, in 14 days" in text and "on exam day" in text


def test_an_exam_up_to_three_years_ahead_is_accepted(run, progress_path):
    result = run("exam", "2029-11-25")
    assert result.exit_code == 0 and "Exam date set: 2029-11-25 (in 1096 days)" in result.output
