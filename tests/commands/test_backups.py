"""`fmprep backups`: list the backups of the progress file, newest first. Reads only."""

from __future__ import annotations

import json

from conftest import seeded


def test_backups_when_there_are_none(cli):
    result = cli("backups")
    assert result.exit_code == 0 and "No backups yet" in result.output
