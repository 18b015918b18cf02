"""`fmprep restore NAME`: put a backup back exactly, keeping the current progress first."""

from __future__ import annotations

import json

from fmprep.store import ProgressStore

from conftest import seeded


def test_backups_lists_and_restore_puts_one_back_exactly(cli, progress_path):
    original = seeded(progress_path)
    assert cli("reset", "--topic", "rlhf", "--yes").exit_code == 0
    listing = cli("backups")
    assert listing.exit_code == 0
    assert "before-reset" in listing.output and "daily" not in listing.output
    data = json.loads(cli("backups", "--json").output)
    [entry] = data["backups"]
    assert (entry["number"], entry["items"], entry["reviews"], entry["readable"]) == (1, 4, 8, True)
    result = cli("restore", entry["name"], "--yes")
    assert result.exit_code == 0, result.output
    assert progress_path.read_bytes() == original
    assert "kept as" in result.output
    # the number works too, and the progress before the restore is itself a backup now
    assert any(b.reason == "before-restore" for b in ProgressStore(progress_path).backups())
    assert cli("restore", "99", "--yes").exit_code == 1


def test_a_number_that_is_not_ascii_digits_is_a_name_not_a_crash(cli, progress_path):
    """'²'.isdigit() is True but int('²') fails; '١' (Arabic-Indic one) would be read as 1 by int()."""
    seeded(progress_path)
    assert cli("reset", "--yes").exit_code == 0
    for argument in ("²", "¹", "١", "1²"):
        result = cli("restore", argument, "--yes")
        assert result.exit_code == 1, (argument, result.output)
        assert f"no backup '{argument}'" in result.output and "(1 to 1)" in result.output
    assert cli("restore", "1", "--yes").exit_code == 0  # ASCII digits are still a number
