"""`fmprep reset`: forget progress (all of it, or some topics'), after asking and taking a backup; and what
happens when its save fails."""

from __future__ import annotations

import json

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


# -- issue 12 --------------------------------------------------------------------------------------------------

def test_the_backup_reset_names_survives_a_quiz_and_more_resets_the_same_day(cli, progress_path):
    """Issue 12, 1: after `reset --yes` said "`fmprep restore <name>` undoes this", a quiz and two
    `reset --topic X --yes` the same day thinned that backup away and `restore` answered "no backup"."""
    import datetime as dt
    import re

    from conftest import seeded

    original = seeded(progress_path)
    day = {"FMPREP_NOW": "2026-11-25T09:00:00+00:00"}
    result = cli("reset", "--yes", env=day)
    name = re.search(r"`fmprep restore (\S+)` undoes this", result.output)[1]
    store = ProgressStore(progress_path)
    for minute in range(1, 4):
        now = dt.datetime(2026, 11, 25, 9, minute, tzinfo=dt.timezone.utc)
        seeded(progress_path.with_name("quiz.json"))  # a quiz's answers, saved the way a quiz saves them
        with store.writer(now) as writer:
            writer.save(load_bytes(progress_path.with_name("quiz.json").read_bytes()))
        later = {"FMPREP_NOW": now.replace(second=30).isoformat()}
        assert cli("reset", "--topic", "rlhf", "--yes", env=later).exit_code == 0
    result = cli("restore", name, "--yes", env={"FMPREP_NOW": "2026-11-25T10:00:00+00:00"})
    assert result.exit_code == 0, result.output
    assert progress_path.read_bytes() == original


def test_reset_refuses_a_device_node_and_leaves_it_alone(cli, tmp_path):
    """Issue 12, 5: `reset --yes` on a device node replaced it with a regular file of mode 666."""
    import os
    import stat

    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = cli("reset", "--yes", "--progress", str(node))
    assert result.exit_code == 1
    assert "a device, not a regular file" in result.output and "Traceback" not in result.output
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_reset_refuses_a_fifo_at_once(progress_path):
    import os
    import subprocess
    import sys

    os.mkfifo(progress_path)
    result = subprocess.run([sys.executable, "-m", "fmprep", "reset", "--yes", "--progress", str(progress_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "FIFO (named pipe), not a regular file" in result.stderr
    assert "Traceback" not in result.stderr


def test_reset_refuses_a_read_only_file(cli, progress_path):
    """Issue 12, 8: a read-only (0444) progress file was overwritten."""
    import os

    before = seeded(progress_path)
    os.chmod(progress_path, 0o444)
    result = cli("reset", "--yes")
    assert result.exit_code == 1 and "read-only" in result.output and "chmod u+w" in result.output
    assert progress_path.read_bytes() == before
    progress_path.write_bytes(b"{damaged")  # a damaged read-only file is not set aside and replaced either
    result = cli("reset", "--yes")
    assert result.exit_code == 1 and "read-only" in result.output
    assert progress_path.read_bytes() == b"{damaged" and not list(progress_path.parent.glob("*.damaged-*"))


def test_reset_reports_a_failed_folder_sync_instead_of_success(cli, progress_path, monkeypatch):
    """Issue 12, 8: an error from syncing the folder after a save was ignored and the save reported as done."""
    import errno
    import os
    import stat

    seeded(progress_path)
    real_fsync = os.fsync
    folder = progress_path.parent.stat().st_ino

    def fsync(fd):  # the progress file's folder fails; the backup folder syncs
        if stat.S_ISDIR(os.fstat(fd).st_mode) and os.fstat(fd).st_ino == folder:
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = cli("reset", "--yes")
    assert result.exit_code == 1, result.output
    assert "Backup taken" in result.output  # the backup went through; the save of the reset did not
    assert f"could not save progress to {progress_path} safely: syncing the folder failed: Input/output error" \
        in result.output
    assert "undoes this" not in result.output
def test_a_topic_reset_of_a_damaged_file_is_refused_and_changes_nothing(cli, progress_path):
    damaged = (FIXTURES / "progress" / "damaged" / "bad-card-state.json").read_bytes()
    progress_path.write_bytes(damaged)
    result = cli("reset", "--topic", "rlhf", "--yes")
    assert result.exit_code == 1
    assert "only a file fmprep can read can be reset topic by topic" in result.output
    assert "`fmprep reset` (without --topic) keeps the damaged file aside" in result.output
    assert progress_path.read_bytes() == damaged
    assert sorted(p.name for p in progress_path.parent.iterdir() if p.name.startswith("progress")) == [
        "progress.json", "progress.json.lock"]


HUGE_NUMBER = b'{"format":"fmprep-progress","version":2,"exam_date":null,"cards":{"a":[2,null,3.5,5.0,' + b"7" * 5000 + (
    b',1790000000]},"reviews":{"ids":[],"item":[],"time":[],"grade":"","ms":[]},'
    b'"mocks":{"current":null,"history":[]}}')


def test_a_number_of_thousands_of_digits_is_damage_and_reset_restore_and_backups_still_work(cli, progress_path):
    seeded(progress_path)
    assert cli("reset", "--topic", "rlhf", "--yes", env={"FMPREP_NOW": "2026-11-25T09:00:00+00:00"}).exit_code == 0
    progress_path.write_bytes(HUGE_NUMBER)
    for args in (["stats"], ["topics"], ["quiz"], ["exam"], ["mock", "--history"]):
        result = cli(*args, input="\n3\n")
        assert result.exit_code == 1 and "a whole number with thousands of digits" in result.output, args
        assert "fmprep restore" in result.output and progress_path.read_bytes() == HUGE_NUMBER
    [backup] = (progress_path.parent / "progress.json.backups").iterdir()
    (backup.parent / "20261125T100000Z-daily.json").write_bytes(HUGE_NUMBER)  # a damaged backup, newest
    listed = json.loads(cli("backups", "--json").output)["backups"]
    assert [(b["name"], b["readable"]) for b in listed] == [("20261125T100000Z-daily.json", False),
                                                             (backup.name, True)]
    assert cli("backups").exit_code == 0
    result = cli("restore", "1", "--yes")
    assert result.exit_code == 1 and "cannot be used either" in result.output
    result = cli("restore", "2", "--yes")
    assert result.exit_code == 0, result.output
    [aside] = progress_path.parent.glob("progress.json.damaged-*")
    assert aside.read_bytes() == HUGE_NUMBER and load_bytes(progress_path.read_bytes()).cards
    progress_path.write_bytes(HUGE_NUMBER)
    assert cli("reset", "--yes").exit_code == 0 and load_bytes(progress_path.read_bytes()) == Progress()


def test_a_review_state_without_stability_is_refused_before_any_answer(cli, progress_path):
    data = (b'{"format":"fmprep-progress","version":2,"exam_date":null,'
            b'"cards":{"rlhf.card.what":[2,null,null,5.0,1790000000,1780000000]},'
            b'"reviews":{"ids":[],"item":[],"time":[],"grade":"","ms":[]},"mocks":{"current":null,"history":[]}}')
    progress_path.write_bytes(data)
    result = cli("quiz", "--topic", "rlhf", input="\n3\n", env={"FMPREP_NOW": "2026-11-25T09:00:00+00:00"})
    assert result.exit_code == 1
    assert "\"cards['rlhf.card.what'].stability\" must be a number from 0.001 to 1e+10 (it is null)" in result.output
    assert progress_path.read_bytes() == data
