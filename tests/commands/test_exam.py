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


def test_with_a_date_set_exam_shows_the_plan_and_json_gives_the_same_figures(run, cli):
    result = run("exam", "2026-12-09")
    assert result.exit_code == 0, result.output
    assert "What a day of study buys" in result.output and "expected recall on exam day" in result.output
    data = json.loads(run("exam", "--json").output)
    assert data["exam_date"] == "2026-12-09" and data["days_to_exam"] == 14
    rows = data["plan"]["rows"]
    assert [r["answers_per_day"] for r in rows] == [10, 15, 20, 30, 45, 60]
    text = run("exam").output
    for r in rows:  # the table shows the JSON's figures
        assert re_row(r["answers_per_day"], r["recall"]).search(text), (r, text)
    # one definition: stats and exam agree (stats shows fewer budgets), computed afresh as well as kept
    from fmprep.plan import STATS_BUDGETS

    shown = {**data["plan"], "rows": [r for r in rows if r["answers_per_day"] in STATS_BUDGETS]}
    assert len(shown["rows"]) == len(STATS_BUDGETS) >= 2
    uncached = json.loads(cli("stats", "--json", env={**ENV, "FMPREP_NO_CACHE": "1"}).output)
    assert uncached["plan"] == shown
    assert json.loads(run("stats", "--json").output)["plan"] == shown
    assert f"{STATS_BUDGETS[0]} a day -> " in run("stats").output


def re_row(budget: int, recall: float):
    import re

    shown = f"{round(100 * recall)}%" if round(100 * recall) < 100 else f"{100 * recall:.1f}%"
    return re.compile(rf"^\s*{budget}\s+{re.escape(shown)}\s*$", re.M)


def test_target_gives_the_answers_a_day_needed(run):
    run("exam", "2026-12-09")
    data = json.loads(run("exam", "--target", "90", "--json").output)["plan"]["target"]
    assert data["recall"] == 0.9 and data["expected"] >= 0.9 and 1 <= data["answers_per_day"] <= 60
    text = run("exam", "--target", "90").output
    assert f"For 90% on exam day: {data['answers_per_day']} answers a day" in text


def test_target_out_of_reach_says_so(run, monkeypatch):
    from fmprep import plan

    run("exam", "2026-11-26")  # one day for the 87 items of the built-in deck
    monkeypatch.setattr(plan, "MAX_BUDGET", 20)  # and at most 20 answers in it
    result = run("exam", "--target", "90")
    assert result.exit_code == 0 and "90% on exam day is out of reach in the days left, even at 20" in result.output


@pytest.mark.parametrize("args, message", [
    (("--target", "90"), "--target needs an exam date"),
    (("--clear", "--target", "90"), "cannot go with --clear"),
])
def test_target_without_a_date_is_a_clear_error(run, args, message):
    result = run("exam", *args)
    assert result.exit_code == 1 and message in result.output


def test_target_out_of_range_is_a_usage_error(run):
    run("exam", "2026-12-09")
    result = run("exam", "--target", "100")
    assert result.exit_code == 2 and "--target" in result.output


def test_a_target_for_an_exam_today_is_refused_before_the_date_is_saved(run, progress_path):
    result = run("exam", "2026-11-25", "--target", "90")
    assert result.exit_code == 1 and "is today: there is nothing left to plan" in result.output, result.output
    assert "No exam date is set" in run("exam").output, "nothing was saved"


def test_exam_and_stats_plan_with_the_learners_new_items_a_day(cli, progress_path):
    env = {**ENV, "FMPREP_NEW": "3", "FMPREP_NO_CACHE": "1"}
    assert cli("exam", "2026-12-09", env=env).exit_code == 0
    exam = json.loads(cli("exam", "--json", env=env).output)["plan"]
    stats = json.loads(cli("stats", "--json", env=env).output)["plan"]
    assert stats["rows"] and all(row in exam["rows"] for row in stats["rows"]), (exam, stats)
    default = json.loads(cli("exam", "--json", env={**ENV, "FMPREP_NO_CACHE": "1"}).output)["plan"]
    assert default["rows"] != exam["rows"], "3 new items a day plans otherwise than 20"
