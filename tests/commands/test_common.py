"""What the commands share: global options before or after the command and from the environment, the clock, the
random sources, confirmation."""

from __future__ import annotations

import os


def test_content_option_works_before_or_after_the_command_and_from_the_environment(cli, mini_deck):
    for args, env in ((["--content", str(mini_deck), "topics"], None), (["topics", "--content", str(mini_deck)], None),
                      (["topics"], {"FMPREP_CONTENT": str(mini_deck)})):
        result = cli(*args, env=env)
        assert result.exit_code == 0, result.output
        assert "Alpha" in result.output and "pre-training" not in result.output


def test_content_variable_takes_several_paths(cli, tmp_path, mini_deck):
    extra = tmp_path / "extra.yaml"
    extra.write_text("objectives:\n  - id: extra\n    title: Extra objective\n")
    result = cli("validate", env={"FMPREP_CONTENT": os.pathsep.join([str(mini_deck), str(extra)])})
    assert result.exit_code == 0, result.output
    assert "2 files, 2 objectives" in result.output


# -- the clock and the time zone (issue 12, item 4) ---------------------------------------------------------------

import datetime as dt  # noqa: E402

import pytest  # noqa: E402

from conftest import FIXTURES, seeded  # noqa: E402


@pytest.mark.parametrize("fixed", ["1969-12-31T23:59:59+00:00", "1900-01-01", "0001-01-01T00:00:00+05:00",
                                   "9999-12-31T00:00:01+00:00", "9999-12-31T23:59:59-05:00"])
def test_a_clock_outside_1970_to_9999_is_refused_and_nothing_is_written(cli, progress_path, fixed):
    for args in (["--content", str(FIXTURES / "quiz-deck.yaml"), "quiz"], ["stats"], ["exam", "2026-12-01"],
                 ["reset", "--yes"]):
        result = cli(*args, input="\n3\n", env={"FMPREP_NOW": fixed})
        assert result.exit_code == 1, (args, result.output)
        assert f"FMPREP_NOW='{fixed}' is outside the dates fmprep can record (1970-01-01 to 9999-12-31" in result.output
        assert not progress_path.exists() and not list(progress_path.parent.glob("progress.json*"))


def test_the_system_clock_is_checked_too(cli, progress_path, monkeypatch):
    monkeypatch.setattr("fmprep.commands.common.system_clock",
                        lambda: dt.datetime(1969, 7, 20, 20, 17, tzinfo=dt.timezone.utc))
    result = cli("--content", str(FIXTURES / "quiz-deck.yaml"), "quiz", input="\n3\n")
    assert result.exit_code == 1 and "The system clock is outside the dates fmprep can record" in result.output
    assert not progress_path.exists()


@pytest.mark.parametrize("fixed", ["1970-01-01T00:00:00+00:00", "9999-12-30T12:00:00+00:00", "9999-12-31"])
def test_the_ends_of_the_range_work_for_every_command(cli, progress_path, fixed):
    seeded(progress_path)
    env = {"FMPREP_NOW": fixed, "FMPREP_SEED": "1"}
    for args in (["stats"], ["stats", "--json"], ["topics"], ["backups"]):
        result = cli(*args, env=env)
        assert result.exit_code == 0, (args, result.output)
    result = cli("--content", str(FIXTURES / "quiz-deck.yaml"), "quiz", "--limit", "1", input="\n3\n", env=env)
    assert result.exit_code == 0, result.output
    from fmprep.progress import load_bytes

    assert len(load_bytes(progress_path.read_bytes()).reviews) == 9  # eight seeded, one answered and saved


def test_the_time_zone_is_a_zoneinfo_zone_with_its_daylight_saving_rules(monkeypatch):
    from zoneinfo import ZoneInfo

    from fmprep.commands.common import local_tz

    monkeypatch.setenv("TZ", "America/New_York")
    assert local_tz() == ZoneInfo("America/New_York")
    monkeypatch.setenv("TZ", ":Europe/Paris")
    assert local_tz() == ZoneInfo("Europe/Paris")
    monkeypatch.setenv("TZ", "/usr/share/zoneinfo/Asia/Tokyo")
    tokyo = local_tz()
    assert dt.datetime(2026, 1, 1, tzinfo=tokyo).utcoffset() == dt.timedelta(hours=9)
    monkeypatch.setenv("TZ", "not/a zone")
    now = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    assert local_tz(now) == now.astimezone().tzinfo  # the fixed offset in force, the last resort
