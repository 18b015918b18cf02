"""`fmprep backups`: list the backups of the progress file, newest first. Reads only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import seeded


def test_backups_when_there_are_none(cli):
    result = cli("backups")
    assert result.exit_code == 0 and "No backups yet" in result.output


def test_backups_json_lists_newest_first_and_marks_an_unreadable_one(cli, progress_path):
    seeded(progress_path)
    assert cli("reset", "--topic", "rlhf", "--yes", env={"FMPREP_NOW": "2026-11-25T09:00:00+00:00"}).exit_code == 0
    assert cli("reset", "--yes", env={"FMPREP_NOW": "2026-11-25T09:05:00+00:00"}).exit_code == 0
    data = json.loads(cli("backups", "--json").output)
    assert data["progress"] == str(progress_path)
    first, second = data["backups"]
    assert (first["number"], second["number"]) == (1, 2)
    assert first["name"] > second["name"]  # newest first
    assert (first["items"], second["items"]) == (3, 4)
    (Path(data["folder"]) / second["name"]).write_bytes(b"{broken")
    broken = json.loads(cli("backups", "--json").output)["backups"][1]
    assert (broken["readable"], broken["items"], broken["reviews"]) == (False, None, None)
    assert cli("backups").exit_code == 0


def test_two_backups_in_the_same_second_are_listed_newest_first(cli, progress_path):
    seeded(progress_path)
    same_second = {"FMPREP_NOW": "2026-11-25T09:00:00+00:00"}
    assert cli("reset", "--topic", "rlhf", "--yes", env=same_second).exit_code == 0  # backup of 4 items
    assert cli("reset", "--yes", env=same_second).exit_code == 0  # backup of the 3 left: the newest
    newest = json.loads(cli("backups", "--json").output)["backups"][0]
    assert newest["items"] == 3, newest["name"]
