"""`fmprep reset`: forget progress (all of it, or some topics'), after asking and taking a backup; and what
happens when its save fails."""

from __future__ import annotations

import pytest

from fmprep.progress import Progress, load_bytes
from fmprep.store import ProgressStore

from conftest import FIXTURES, seeded


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
