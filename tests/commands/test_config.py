"""`fmprep config`: every setting with its value and origin; the config file used by every command; a bad file or
variable stops a command with a message, never a traceback."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import FIXTURES

NOW = "2026-03-02T09:00:00+00:00"


@pytest.fixture
def config_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "conf" / "config.toml"
    path.parent.mkdir()
    monkeypatch.setenv("FMPREP_CONFIG", str(path))
    return path


def shown(cli, *args, env=None) -> dict:
    result = cli(*args, "config", "--json", env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_config_shows_each_value_and_where_it_came_from(cli, config_file, tmp_path, isolated_home, monkeypatch):
    monkeypatch.delenv("FMPREP_PROGRESS")
    config_file.write_text('# mine\nnew_per_day = 5\nretention = 0.8\nprogress = "p.json"\n', encoding="utf-8")
    data = shown(cli, "--progress", "~/opt.json", env={"FMPREP_RETENTION": "0.85"})
    assert data["file"] == str(config_file) and data["found"] is True
    got = data["settings"]
    assert got["new_per_day"] == {"value": 5, "origin": "file", "where": "line 2"}
    assert got["retention"] == {"value": 0.85, "origin": "environment", "where": "FMPREP_RETENTION"}
    assert got["progress"] == {"value": str(isolated_home / "opt.json"), "origin": "option", "where": "--progress"}
    assert got["leech_lapses"] == {"value": 8, "origin": "default", "where": ""}
    assert list(got) == ["new_per_day", "retention", "content", "progress", "colour", "leech_lapses",
                         "mock_questions", "mock_minutes", "seed"]
    assert shown(cli)["settings"]["progress"]["value"] == str(config_file.parent / "p.json")

    table = cli("config", env={"FMPREP_RETENTION": "0.85", "FMPREP_PROGRESS": "/p.json"})  # short rows: one table
    assert table.exit_code == 0, table.output
    assert f"Config file: {config_file}" in table.output.replace("\n", "")
    rows = {line.split()[0]: line.split()[1:] for line in table.output.splitlines() if line.startswith("  ")}
    assert rows["new_per_day"] == ["5", "file", "line", "2"]
    assert rows["retention"] == ["0.85", "environment", "FMPREP_RETENTION"]
    assert rows["mock_questions"] == ["20", "default"]
    assert rows["progress"] == ["/p.json", "environment", "FMPREP_PROGRESS"]
    assert "option > environment > config file > default" in table.output


def test_without_a_file_every_value_is_a_default_and_the_path_is_the_user_config_folder(cli, isolated_home,
                                                                                         monkeypatch):
    monkeypatch.delenv("FMPREP_PROGRESS")
    monkeypatch.delenv("NO_COLOR")
    data = shown(cli)
    assert data["found"] is False
    assert data["file"] == str(isolated_home / ".config" / "fmprep" / "config.toml")
    assert {s["origin"] for s in data["settings"].values()} == {"default"}
    result = cli("config", "--path")
    assert result.exit_code == 0 and result.output == f"{isolated_home / '.config' / 'fmprep' / 'config.toml'}\n"
    assert "(not there" in cli("config").output


def test_the_file_sets_what_commands_do_and_an_option_still_wins(cli, config_file, mini_deck, tmp_path, monkeypatch):
    monkeypatch.delenv("FMPREP_PROGRESS")
    progress = tmp_path / "from-config.json"
    config_file.write_text(f'content = "{mini_deck}"\nprogress = "{progress}"\nnew_per_day = 0\n', encoding="utf-8")
    topics = cli("topics")
    assert topics.exit_code == 0 and "Alpha" in topics.output and "pre-training" not in topics.output
    quiz = cli("quiz", input="", env={"FMPREP_NOW": NOW})
    assert "no new items are left for today (0 a day" in quiz.output
    quiz = cli("quiz", "--new", "1", input="\n3\n", env={"FMPREP_NOW": NOW})
    assert quiz.exit_code == 0 and "no new items" not in quiz.output and "1 answered" in quiz.output.lower()
    assert progress.exists()  # the session was saved to the file the config names


def test_a_bad_file_stops_every_command_with_file_line_and_key_but_not_config_path(cli, runner, config_file):
    from fmprep.cli import app

    config_file.write_text("new_per_day = 5\nretention = 2\n", encoding="utf-8")
    for args in (["topics"], ["stats"], ["config"], ["quiz", "--retention", "0.9"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1, (args, result.output)
        assert f"{config_file}, line 2: retention must be a number from 0.7 to 0.99; got 2" in result.stderr
        assert "Traceback" not in result.output and "Correct the value or remove the line" in result.stderr
    assert cli("config", "--path").output == f"{config_file}\n"
    config_file.write_text("new_per_day = 5\nretention = 0.9 0.8\n", encoding="utf-8")
    result = runner.invoke(app, ["topics"])
    assert result.exit_code == 1 and f"{config_file}, line 2: not valid TOML, column 17: " in result.stderr
    config_file.write_text("new_per_day = [\n", encoding="utf-8")
    result = runner.invoke(app, ["topics"])
    assert result.exit_code == 1 and f"{config_file}: not valid TOML at the end of the file: " in result.stderr


def test_init_writes_a_commented_file_once(cli, config_file, monkeypatch):
    monkeypatch.delenv("FMPREP_PROGRESS")
    monkeypatch.delenv("NO_COLOR")
    result = cli("config", "--init")
    assert result.exit_code == 0 and str(config_file) in result.output
    assert oct(config_file.stat().st_mode & 0o777) == "0o600"
    assert {s["origin"] for s in shown(cli)["settings"].values()} == {"default"}
    before = config_file.read_bytes()
    from fmprep.cli import app
    from typer.testing import CliRunner

    again = CliRunner().invoke(app, ["config", "--init"])
    assert again.exit_code == 1 and "already exists" in again.stderr and config_file.read_bytes() == before


# -- variables, parsed by the resolver (issue 12, item 7) ---------------------------------------------------------

def test_a_seed_of_unicode_digits_is_a_message_not_a_traceback(runner):
    from fmprep.cli import app

    result = runner.invoke(app, ["mock", "--questions", "1"], env={"FMPREP_SEED": "²"})
    assert result.exit_code == 1 and "FMPREP_SEED='²' must be a whole number from 0 to" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_tilde_in_the_progress_variable_is_the_home_folder(cli, tmp_path, isolated_home, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("exam", "2026-05-01", env={"FMPREP_PROGRESS": "~/x.json", "FMPREP_NOW": NOW})
    assert result.exit_code == 0, result.output
    assert (isolated_home / "x.json").exists() and not (tmp_path / "~").exists()


def test_an_empty_entry_in_the_content_variable_is_not_the_current_folder(cli, tmp_path, mini_deck, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "stray.yaml").write_text("not: [a deck\n", encoding="utf-8")  # scanning the folder would fail on it
    for value in (f"{mini_deck}{os.pathsep}", f"{os.pathsep}{mini_deck}", f"{mini_deck}{os.pathsep}{os.pathsep}"):
        result = cli("validate", env={"FMPREP_CONTENT": value})
        assert result.exit_code == 0 and result.output.startswith("ok: 1 file,"), (value, result.output)


def test_colour_never_in_the_file_turns_colour_off(config_file, monkeypatch):
    from fmprep.commands.common import Settings
    from fmprep.console import colour_wanted

    class Terminal:
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR")
    config_file.write_text('colour = "auto"\n', encoding="utf-8")
    Settings().resolved()
    assert colour_wanted(Terminal())
    config_file.write_text('colour = "never"\n', encoding="utf-8")
    Settings().resolved()
    assert not colour_wanted(Terminal())


def test_options_are_checked_by_the_resolver_rule_as_usage_errors(runner):
    from fmprep.cli import app

    for args, shown_as in ((["stats", "--leech-lapses", "0"], "--leech-lapses"),
                           (["mock", "--minutes", "2000"], "--minutes"),
                           (["--content", "~no-such-user-zz/d", "topics"], "--content")):
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and shown_as in result.output, (args, result.output)


def test_the_deck_in_the_fixtures_is_used_through_the_variable(cli):
    result = cli("topics", "--json", env={"FMPREP_CONTENT": str(FIXTURES / "quiz-deck.yaml")})
    assert result.exit_code == 0 and "alpha" in result.output
