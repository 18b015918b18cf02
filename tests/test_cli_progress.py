"""`fmprep reset`, `backups` and `restore` as a learner uses them, and what happens when saving fails."""

from __future__ import annotations

import json
import os

import pytest

from fmprep.progress import CardState, Progress, Review, encode, load_bytes
from fmprep.store import ProgressStore

from conftest import FIXTURES


def seeded(path, items=("pre-training.card.what", "rlhf.card.what", "case.insurer-assistant.q1", "old.item")) -> bytes:
    progress = Progress()
    for n, item in enumerate(items):
        progress.cards[item] = CardState(2, None, 2.0 + n, 5.0, 1_800_000_000, 1_790_000_000)
        progress.reviews.append(Review(item, 1_790_000_000 + n, 3, 1200))
        progress.reviews.append(Review(item, 1_790_100_000 + n, 4, 900))
    data = encode(progress)
    path.write_bytes(data)
    return data


@pytest.fixture
def interactive(monkeypatch):
    """Pretend stdin is a terminal, so that commands ask instead of refusing."""
    monkeypatch.setattr("fmprep.commands.common.stdin_is_terminal", lambda: True)


def test_reset_everything_with_yes_takes_a_backup_first(cli, progress_path):
    before = seeded(progress_path)
    result = cli("reset", "--yes")
    assert result.exit_code == 0, result.output
    assert "Reset 4 items and 8 reviews" in result.output
    [backup] = ProgressStore(progress_path).backups()
    assert f"Backup taken: {backup.path}" in result.output
    assert backup.path.read_bytes() == before
    assert load_bytes(progress_path.read_bytes()) == Progress()


def test_reset_asks_and_no_changes_nothing(cli, progress_path, interactive):
    before = seeded(progress_path)
    result = cli("reset", input="n\n")
    assert result.exit_code == 0
    assert "Reset 4 items and 8 reviews" in result.output and "Nothing was changed." in result.output
    assert progress_path.read_bytes() == before
    assert ProgressStore(progress_path).backups() == []
    result = cli("reset", input="y\n")
    assert result.exit_code == 0 and load_bytes(progress_path.read_bytes()) == Progress()


def test_reset_without_a_terminal_refuses_instead_of_waiting(cli, progress_path):
    before = seeded(progress_path)
    result = cli("reset")
    assert result.exit_code == 1
    assert "Pass --yes" in result.output
    assert progress_path.read_bytes() == before


def test_reset_one_topic_keeps_the_rest_including_items_no_longer_in_the_deck(cli, progress_path):
    seeded(progress_path)
    result = cli("reset", "--topic", "rlhf", "--topic", "distillation", "--yes")  # q1 is about another concept
    assert result.exit_code == 0, result.output
    assert "Reset 1 item and 2 reviews of rlhf, distillation" in result.output
    left = load_bytes(progress_path.read_bytes())
    assert set(left.cards) == {"pre-training.card.what", "case.insurer-assistant.q1", "old.item"}
    # a case study's questions belong to its concepts
    cli("reset", "--topic", "continuous-pre-training", "--yes")
    assert "case.insurer-assistant.q1" not in load_bytes(progress_path.read_bytes()).cards


def test_reset_unknown_topic_is_an_error(cli, progress_path):
    before = seeded(progress_path)
    result = cli("reset", "--topic", "nope", "--yes")
    assert result.exit_code == 1 and "unknown topic 'nope'" in result.output
    assert progress_path.read_bytes() == before


def test_reset_with_nothing_to_reset(cli, progress_path):
    result = cli("reset", "--yes")
    assert result.exit_code == 0 and "Nothing to reset" in result.output
    assert not progress_path.exists()


@pytest.mark.parametrize("fixture", ["truncated", "not-json", "unknown-field"])
def test_commands_meet_a_damaged_file_with_the_way_out(cli, progress_path, fixture):
    damaged = (FIXTURES / "progress" / "damaged" / f"{fixture}.json").read_bytes()
    progress_path.write_bytes(damaged)
    for args in (["restore", "1", "--yes"],):
        result = cli(*args)
        assert result.exit_code == 1
    result = cli("reset", "--yes")
    assert result.exit_code == 0, result.output
    [aside] = progress_path.parent.glob("progress.json.damaged-*")
    assert aside.read_bytes() == damaged
    assert f"Kept the damaged file as {aside}" in result.output
    assert load_bytes(progress_path.read_bytes()) == Progress()


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


def test_backups_when_there_are_none(cli):
    result = cli("backups")
    assert result.exit_code == 0 and "No backups yet" in result.output


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync", "serialization"])
def test_a_failing_save_leaves_the_previous_file_and_no_temporary_file(cli, progress_path, monkeypatch, failing):
    before = seeded(progress_path)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device") if failing != "serialization" else ValueError("cannot encode")

    if failing == "serialization":
        monkeypatch.setattr("fmprep.store.encode", boom)
    else:
        monkeypatch.setattr(failing, boom)
    result = cli("reset", "--yes")
    assert result.exit_code == 1
    assert "The previous file is unchanged" in result.output
    assert "Traceback" not in result.output
    assert progress_path.read_bytes() == before
    leftovers = [p for p in progress_path.parent.rglob("*") if ".tmp-" in p.name]
    assert leftovers == []


def test_save_failing_at_the_rename_keeps_the_previous_file(progress_path, monkeypatch):
    import datetime as dt

    from fmprep.errors import ProgressError

    before = seeded(progress_path)
    store = ProgressStore(progress_path)
    with store.writer(dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)) as writer:
        current = writer.load()
        writer.save(current)  # the day's backup is taken here
        monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError(5, "Input/output error")))
        current.reset()
        with pytest.raises(ProgressError, match="Input/output error"):
            writer.save(current)
    assert progress_path.read_bytes() == before
    assert not [p for p in progress_path.parent.iterdir() if ".tmp-" in p.name]
