"""The progress file on disk (``store.py``): saves through atomicfile, the lock refusal, backups and their
thinning, recovery, migrations."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time

import pytest

from fmprep import progress as model
from fmprep.errors import ProgressError
from fmprep.progress import CardState, Progress, Review, encode, load_bytes
from fmprep.store import KEEP_PER_DAY, Backup, ProgressStore, ProgressWriter, backups_to_keep

from conftest import FIXTURES, seeded

NOW = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.timezone.utc)


def progress_with(n: int) -> Progress:
    """A progress whose content tells which save it came from."""
    progress = Progress()
    for i in range(n):
        progress.cards[f"item.{i}"] = CardState(2, None, 1.0 + i, 5.0, 1_800_000_000 + i, 1_790_000_000)
        progress.reviews.append(Review(f"item.{i}", 1_790_000_000 + i, 1 + i % 4, 1000 + i))
    return progress


def temp_files(folder):
    return [p.name for p in folder.iterdir() if ".tmp-" in p.name]


def test_save_and_read_back(progress_path):
    store = ProgressStore(progress_path)
    assert store.read() == Progress()  # no file yet: empty progress, nothing created
    assert not progress_path.parent.joinpath("progress.json.lock").exists()
    with store.writer(NOW) as writer:
        writer.save(progress_with(3))
    assert store.read() == progress_with(3)
    assert temp_files(progress_path.parent) == []


def test_a_symlink_stays_a_symlink_and_the_mode_is_kept(tmp_path):
    real = tmp_path / "real" / "progress.json"
    real.parent.mkdir()
    real.write_bytes(encode(progress_with(1)))
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with ProgressStore(link).writer(NOW) as writer:
        writer.load()
        writer.save(progress_with(2))
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert load_bytes(real.read_bytes()) == progress_with(2)
    assert real.stat().st_mode & 0o777 == 0o640
    assert (real.parent / "progress.json.lock").exists()  # the lock sits beside the real file


def test_temporary_files_of_a_killed_writer_are_cleaned_at_the_next_start(progress_path):
    progress_path.write_bytes(encode(progress_with(1)))
    orphan = progress_path.with_name(".progress.json.tmp-999-abcd")
    orphan.write_bytes(b"half a save")
    ProgressStore(progress_path).read()
    assert orphan.exists(), "a reader must not touch anything"
    backups = progress_path.with_name("progress.json.backups")
    backups.mkdir()
    half_backup = backups / ".20261125T093000Z-daily.json.tmp-999-abcd"
    half_backup.write_bytes(b"half a backup")
    keep = backups / ".notes"
    keep.write_text("the learner's own file")
    with ProgressStore(progress_path).writer(NOW):
        pass
    assert not orphan.exists() and not half_backup.exists() and keep.exists()


def test_a_damaged_file_is_never_overwritten(progress_path):
    damaged = (FIXTURES / "progress" / "damaged" / "truncated.json").read_bytes()
    progress_path.write_bytes(damaged)
    store = ProgressStore(progress_path)
    with pytest.raises(ProgressError) as info:
        store.read()
    message = str(info.value)
    assert str(progress_path) in message and "ends too early" in message
    assert "fmprep reset" in message and "has not been changed" in message
    with store.writer(NOW) as writer:
        with pytest.raises(ProgressError):
            writer.load()
        with pytest.raises(ProgressError):
            writer.save(writer.load())
    assert progress_path.read_bytes() == damaged


def test_a_newer_file_is_refused_and_left_alone(progress_path):
    data = (FIXTURES / "progress" / "damaged" / "newer-version.json").read_bytes()
    progress_path.write_bytes(data)
    with pytest.raises(ProgressError, match="newer fmprep"):
        ProgressStore(progress_path).read()
    with ProgressStore(progress_path).writer(NOW) as writer, pytest.raises(ProgressError, match="Upgrade fmprep"):
        writer.load()
    assert progress_path.read_bytes() == data


def test_one_daily_backup_before_the_first_save_of_a_day(progress_path):
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(1)))
    for minutes in (0, 5, 60):
        with store.writer(NOW + dt.timedelta(minutes=minutes)) as writer:
            writer.save(progress_with(2 + minutes))
    with store.writer(NOW + dt.timedelta(days=1)) as writer:
        writer.save(writer.load())
    daily = [b for b in store.backups() if b.reason == "daily"]
    assert [b.taken.date() for b in daily] == [NOW.date(), (NOW + dt.timedelta(days=1)).date()]
    assert daily[0].path.read_bytes() == encode(progress_with(1))  # the state before that day's first save


def test_a_writer_that_only_reads_leaves_no_trace(progress_path):
    data = encode(progress_with(2))
    progress_path.write_bytes(data)
    with ProgressStore(progress_path).writer(NOW) as writer:
        writer.load()
    assert progress_path.read_bytes() == data
    assert not progress_path.with_name("progress.json.backups").exists()


def test_thinning_keeps_recent_days_then_weeks_then_months():
    backups = [Backup(__import__("pathlib").Path(f"/b/{(NOW - dt.timedelta(days=d)):%Y%m%dT%H%M%SZ}-daily.json"),
                      NOW - dt.timedelta(days=d), "daily") for d in range(0, 800)]
    kept = backups_to_keep(backups, NOW)
    ages = sorted((NOW - b.taken).days for b in backups if b.path in kept)
    assert ages[:7] == list(range(7))
    assert 7 <= len([a for a in ages if 7 <= a < 63]) <= 9  # about one a week for 8 weeks
    assert len([a for a in ages if a >= 63]) <= 12
    assert max(ages) < 366 and len(kept) <= 7 * 3 + 9 + 12


def test_restore_puts_back_the_exact_bytes_and_keeps_the_current_file(progress_path):
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(1)))
    with store.writer(NOW) as writer:
        writer.save(progress_with(5))
    [daily] = store.backups()
    with store.writer(NOW + dt.timedelta(hours=1)) as writer:
        kept = writer.restore(daily)
    assert progress_path.read_bytes() == daily.path.read_bytes() == encode(progress_with(1))
    assert load_bytes(kept.read_bytes()) == progress_with(5)


def test_restore_over_a_damaged_file_keeps_its_bytes_aside(progress_path):
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(1)))
    with store.writer(NOW) as writer:
        writer.save(progress_with(2))
    progress_path.write_bytes(b"{garbage")
    with store.writer(NOW + dt.timedelta(hours=1)) as writer:
        aside = writer.restore(store.backups()[0])
    assert aside.name.startswith("progress.json.damaged-") and aside.read_bytes() == b"{garbage"
    assert store.read() == progress_with(1)


def test_migration_steps_through_versions_with_a_backup_first(progress_path, monkeypatch):
    """The mechanism, with a made-up next version (real old versions get fixtures of their own)."""
    current = model.SCHEMA_VERSION

    def to_next(document):
        return {**document, "version": current + 1, "exam_date": document["exam_date"] or "2027-01-01"}

    old = encode(progress_with(2))
    progress_path.write_bytes(old)
    monkeypatch.setattr(model, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr("fmprep.store.SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(model.MIGRATIONS, current, to_next)
    store = ProgressStore(progress_path)
    assert store.read().exam_date == "2027-01-01" and progress_path.read_bytes() == old  # readers migrate in memory
    with store.writer(NOW) as writer:
        migrated = writer.load()
    assert migrated.exam_date == "2027-01-01"
    [backup] = store.backups()
    assert backup.reason == f"before-migration-v{current}" and backup.path.read_bytes() == old
    assert json.loads(progress_path.read_bytes())["version"] == current + 1


def test_a_real_version_1_file_is_migrated_to_version_2_after_a_backup(progress_path):
    original = (FIXTURES / "progress" / "v1.json").read_bytes()
    v1 = json.loads(original)
    assert v1["version"] == 1
    progress_path.write_bytes(original)
    store = ProgressStore(progress_path)
    with store.writer(NOW) as writer:
        migrated = writer.load()
    assert migrated.exam_date == v1["exam_date"] == "2026-12-15"
    assert {item: list(card) for item, card in migrated.cards.items()} == v1["cards"]
    assert [r.item for r in migrated.reviews] == [v1["reviews"]["ids"][i] for i in v1["reviews"]["item"]]
    assert [(r.time, r.grade, r.ms) for r in migrated.reviews] == list(zip(
        v1["reviews"]["time"], map(int, v1["reviews"]["grade"]), v1["reviews"]["ms"]))
    assert migrated.mocks == model.Mocks() and migrated.mocks.current is None and migrated.mocks.history == []
    [backup] = store.backups()
    assert backup.name.endswith("-before-migration-v1.json") and backup.path.read_bytes() == original
    on_disk = json.loads(progress_path.read_bytes())
    assert on_disk["version"] == model.SCHEMA_VERSION and on_disk["mocks"] == {"current": None, "history": []}
    assert load_bytes(progress_path.read_bytes()) == migrated


def test_a_real_version_2_file_is_migrated_to_version_3_after_a_backup(progress_path):
    original = (FIXTURES / "progress" / "v2.json").read_bytes()
    v2 = json.loads(original)
    assert v2["version"] == 2
    progress_path.write_bytes(original)
    before = load_bytes(original)  # read in memory, as readers do
    store = ProgressStore(progress_path)
    with store.writer(NOW) as writer:
        migrated = writer.load()
    assert migrated == before and migrated.parameters is None and migrated.suspended == set()
    assert migrated.mocks.current is not None and len(migrated.mocks.history) == 1
    [backup] = store.backups()
    assert backup.name.endswith("-before-migration-v2.json") and backup.path.read_bytes() == original
    on_disk = json.loads(progress_path.read_bytes())
    assert on_disk["version"] == 3 and on_disk["parameters"] is None and on_disk["suspended"] == []
    assert {k: v for k, v in on_disk.items() if k not in ("version", "parameters", "suspended")} == \
        {k: v for k, v in v2.items() if k != "version"}


# -- processes -------------------------------------------------------------------------------------------------

HOLD_LOCK = """
import sys, time, datetime as dt
from pathlib import Path
from fmprep.store import ProgressStore
with ProgressStore(Path(sys.argv[1])).writer(dt.datetime.now(dt.timezone.utc)):
    print("holding", flush=True)
    time.sleep(30)
"""


def test_a_second_writer_is_refused_at_once_and_changes_nothing(progress_path):
    progress_path.write_bytes(encode(progress_with(1)))
    before = progress_path.read_bytes()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(progress_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        start = time.monotonic()
        result = subprocess.run([sys.executable, "-m", "fmprep", "reset", "--yes", "--progress", str(progress_path)],
                                capture_output=True, text=True, timeout=30)
        elapsed = time.monotonic() - start
        assert result.returncode == 1
        assert "Another fmprep session is using" in result.stderr and "Traceback" not in result.stderr
        assert elapsed < 5  # the command's own start-up included; the refusal itself does not wait
        assert progress_path.read_bytes() == before
        # readers are not blocked by a writer
        assert ProgressStore(progress_path).read() == progress_with(1)
    finally:
        holder.kill()
        holder.wait()


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


# -- thinning, exactly ----------------------------------------------------------------------------------------

def daily_backups(days: range, per_day: int = 1) -> list[Backup]:
    from pathlib import Path

    backups = []
    for d in days:
        for n in range(per_day):
            taken = NOW - dt.timedelta(days=d, hours=n)
            backups.append(Backup(Path(f"/b/{taken:%Y%m%dT%H%M%SZ}-daily.json"), taken, "daily"))
    return backups


def test_thinning_keeps_exactly_the_newest_of_each_day_week_and_month():
    """The rule written out independently: ages 0-6 all, then the newest of each ISO week up to age 62, then the
    newest of each month (at most 12) up to age 365."""
    backups = daily_backups(range(800))
    by_age = {(NOW - b.taken).days: b for b in backups}
    expected = {by_age[a].path for a in range(7)}
    weeks: dict = {}
    for age in range(7, 63):
        weeks.setdefault(tuple(by_age[age].taken.isocalendar())[:2], age)  # ages ascend: the first is the newest
    months: dict = {}
    for age in range(63, 366):
        taken = by_age[age].taken
        months.setdefault((taken.year, taken.month), age)
    assert len(months) <= 12
    expected |= {by_age[a].path for a in weeks.values()} | {by_age[a].path for a in months.values()}
    assert backups_to_keep(backups, NOW) == expected
    assert len(expected) == 7 + len(weeks) + len(months)


def test_thinning_keeps_the_newest_three_of_a_recent_day():
    backups = daily_backups(range(2), per_day=5)  # five a day, an hour apart (NOW is 09:30: all the same day)
    kept = backups_to_keep(backups, NOW)
    for day in (0, 1):
        of_day = [b for b in backups if b.taken.date() == (NOW - dt.timedelta(days=day)).date()]
        newest = sorted(of_day, key=lambda b: b.taken)[-3:]
        assert {b.path for b in of_day} & kept == {b.path for b in newest}


def test_thinning_keeps_at_most_twelve_months():
    import pathlib

    old = [Backup(pathlib.Path(f"/b/{NOW - dt.timedelta(days=70 + 20 * k):%Y%m%dT%H%M%SZ}-daily.json"),
                  NOW - dt.timedelta(days=70 + 20 * k), "daily") for k in range(15)]  # ages 70 to 350
    months = {(b.taken.year, b.taken.month) for b in old}
    kept = backups_to_keep(old, NOW)
    newest_of_month = {}
    for b in sorted(old, key=lambda b: b.taken):
        newest_of_month[(b.taken.year, b.taken.month)] = b.path
    newest_three = {b.path for b in sorted(old, key=lambda b: b.taken)[-3:]}  # never thinned, whatever their age
    assert len(months) > 9 and kept == set(newest_of_month.values()) | newest_three


def test_a_new_backup_thins_the_folder(progress_path):
    """Taking a backup deletes those the rule does not keep (and never the learner's other files)."""
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(1)))
    folder = store.backup_dir
    folder.mkdir()
    for backup in daily_backups(range(1, 400)):
        (folder / backup.name).write_bytes(encode(progress_with(1)))
    (folder / "notes.txt").write_text("mine")
    before = store.backups()
    with store.writer(NOW) as writer:
        made = writer.backup("before-reset")
    after = store.backups()
    assert made in {b.path for b in after}
    assert {b.path for b in after} == backups_to_keep(before + [Backup(made, NOW.replace(microsecond=0), "before-reset")], NOW)
    assert len(after) < 45 and (folder / "notes.txt").exists()


# -- the lock refusal, in this process ----------------------------------------------------------------------

def test_a_writer_is_refused_while_another_holds_the_lock_and_nothing_is_written(progress_path):
    from fmprep.atomicfile import FileLock

    data = encode(progress_with(1))
    progress_path.write_bytes(data)
    store = ProgressStore(progress_path)
    holder = FileLock(store.lock_path)
    assert holder.acquire()
    try:
        with pytest.raises(ProgressError, match="Another fmprep session is using"):
            with store.writer(NOW) as writer:
                writer.save(progress_with(2))
    finally:
        holder.release()
    assert progress_path.read_bytes() == data and not store.backup_dir.exists()
    with store.writer(NOW) as writer:  # free again
        writer.save(progress_with(2))
        with pytest.raises(ProgressError, match="Another fmprep session"):
            store.writer(NOW).__enter__()  # the same process, a second writer: refused too
    assert store.read() == progress_with(2)


# -- issue 12: backups that a message promised, the clock, only fmprep's own files -------------------------------

def fill_backups(folder, ages_in_days, reason="daily", data=None):
    """Backups of the given ages (days before NOW), with real progress bytes unless ``data`` says otherwise."""
    folder.mkdir(exist_ok=True)
    paths = []
    for age in ages_in_days:
        taken = NOW - dt.timedelta(days=age)
        path = folder / f"{taken:%Y%m%dT%H%M%SZ}-{reason}.json"
        path.write_bytes(encode(progress_with(1)) if data is None else data)
        paths.append(path)
    return paths


def test_a_promised_backup_is_kept_thirty_days_whatever_else_happens_that_day(progress_path):
    """Issue 12, 1: after `reset --yes` named its backup, a quiz and more resets the same day thinned it away."""
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(6)))
    with store.writer(NOW) as writer:
        writer.load()
        named = writer.backup("before-reset")
    for minutes in range(1, 8):  # quizzes and `reset --topic` the same day, then over the following weeks
        for later in (NOW + dt.timedelta(minutes=minutes), NOW + dt.timedelta(days=3 * minutes, minutes=minutes)):
            with store.writer(later) as writer:
                writer.load()
                writer.backup("before-reset")
                writer.save(progress_with(minutes))
    assert named.exists() and named.read_bytes() == encode(progress_with(6))
    same_day = [b for b in store.backups() if b.taken.date() == NOW.date()]
    assert len(same_day) > KEEP_PER_DAY  # the per-day limit does not apply to backups a message named


def test_promised_backups_are_kept_thirty_days_then_thinned_as_any_other():
    from pathlib import Path

    def made(age_days, n):
        taken = NOW - dt.timedelta(days=age_days, minutes=n)
        return Backup(Path(f"/b/{taken:%Y%m%dT%H%M%SZ}-before-reset.json"), taken, "before-reset")

    recent = [made(20, n) for n in range(6)]  # six resets in one day, 20 days ago
    old = [made(40, n) for n in range(6)]  # and six, 40 days ago
    newest = [made(0, n) for n in range(3)]
    kept = backups_to_keep(recent + old + newest, NOW)
    assert {b.path for b in recent} <= kept
    assert len({b.path for b in old} & kept) == 1  # the newest of that week, as the rule keeps for any backup
    assert not Backup(Path("/b/x-daily.json"), NOW, "daily").promised and recent[0].promised


def test_the_newest_three_are_never_thinned_however_old():
    from pathlib import Path

    ancient = [Backup(Path(f"/b/{n}.json"), NOW - dt.timedelta(days=900 + n), "daily") for n in range(5)]
    assert backups_to_keep(ancient, NOW) == {b.path for b in ancient[:3]}


def test_a_clock_far_ahead_of_the_newest_backup_or_review_is_not_used_for_thinning():
    from fmprep.store import thinning_clock

    year_2100 = dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)
    assert thinning_clock(year_2100, [NOW - dt.timedelta(days=3), NOW]) == NOW
    assert thinning_clock(NOW + dt.timedelta(days=2, seconds=1), [NOW]) == NOW
    assert thinning_clock(NOW + dt.timedelta(days=2), [NOW]) == NOW + dt.timedelta(days=2)  # within the slack
    assert thinning_clock(NOW, [NOW - dt.timedelta(days=1)]) == NOW  # a real clock is used as it is
    assert thinning_clock(NOW, []) == NOW


def test_one_session_with_the_clock_at_2100_deletes_no_backup(progress_path):
    """Issue 12, 1: one session with the clock at 2100 took a 30-day folder of 11 backups down to 1."""
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(2)))
    ages = [0, 1, 2, 3, 4, 5, 6, 9, 16, 23, 30]  # what thinning leaves of a month of daily use
    fill_backups(store.backup_dir, ages)
    before = {b.path for b in store.backups()}
    assert len(before) == 11 and backups_to_keep(store.backups(), NOW) == before
    with store.writer(dt.datetime(2100, 1, 1, tzinfo=dt.timezone.utc)) as writer:
        writer.save(progress_with(3))
    after = {b.path for b in store.backups()}
    assert before < after and len(after) == 12


def test_a_learner_back_after_a_break_still_gets_the_folder_thinned(progress_path):
    """The clock guard does not stop thinning for good: after a month away, old backups go as the rule says."""
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(2)))
    fill_backups(store.backup_dir, range(40, 400, 1))
    back = NOW + dt.timedelta(days=5)  # more than two days after the newest backup
    with store.writer(back) as writer:
        writer.save(progress_with(3))
    assert len(store.backups()) < 45


def test_thinning_deletes_only_files_fmprep_wrote(progress_path):
    """Issue 12, 1: files that only matched fmprep's name pattern were deleted."""
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(2)))
    old_ages = range(100, 400, 3)
    theirs = fill_backups(store.backup_dir, old_ages, data=b"the learner's own notes")
    mine = fill_backups(store.backup_dir, [a + 1 for a in old_ages])
    outside = progress_path.parent / "elsewhere.txt"
    outside.write_text("not fmprep's")
    link = store.backup_dir / "20250101T000000Z-daily.json"
    link.symlink_to(outside)
    with store.writer(NOW) as writer:
        writer.backup("before-reset")
    assert all(p.exists() for p in theirs)
    assert sum(p.exists() for p in mine) <= 12
    assert link.is_symlink() and outside.read_text() == "not fmprep's"


def test_nothing_is_deleted_through_a_symlinked_backup_folder(progress_path, tmp_path):
    """Issue 12, 1: through a symlinked backups folder, fmprep deleted files it had not written. A folder that is a
    link is left alone: its files may be anyone's."""
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(2)))
    real = tmp_path / "shared"
    files = fill_backups(real, range(100, 400, 3))
    store.backup_dir.symlink_to(real)
    with store.writer(NOW) as writer:
        made = writer.backup("before-reset")
    assert made.exists() and all(p.exists() for p in files)


# -- issue 12: one writer, whatever happened to the lock file ---------------------------------------------------

def test_a_file_changed_since_it_was_loaded_is_never_overwritten(progress_path):
    """Issue 12, 2: deleting the lock file let a second quiz in, and the first then overwrote its answers."""
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(1)))
    first = store.writer(NOW).__enter__()
    first.load()
    first.save(progress_with(2))
    store.lock_path.unlink()  # what the learner did, reading the refusal message
    with store.writer(NOW) as second:
        second.load()
        second.save(progress_with(7))  # the second session's answers
    theirs = progress_path.read_bytes()
    with pytest.raises(ProgressError) as info:
        first.save(progress_with(3))
    first.__exit__(None, None, None)
    message = str(info.value)
    assert progress_path.read_bytes() == theirs  # the second session's answers are all there
    [beside] = progress_path.parent.glob("progress.json.conflict-*")
    assert load_bytes(beside.read_bytes()) == progress_with(3)  # and the first's are kept beside it
    assert str(progress_path) in message and str(beside) in message and "nothing is lost" in message
    assert temp_files(progress_path.parent) == []


def test_a_change_that_keeps_the_bytes_is_no_conflict(progress_path):
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(1)))
    with store.writer(NOW) as writer:
        writer.load()
        os.utime(progress_path, (1, 1))  # touched, not changed
        writer.save(progress_with(2))
        progress_path.write_bytes(encode(progress_with(2)))  # rewritten with the same bytes (a new inode is fine too)
        writer.save(progress_with(3))
    assert store.read() == progress_with(3)


def test_a_file_that_appears_while_a_session_runs_is_kept(progress_path):
    store = ProgressStore(progress_path)
    with store.writer(NOW) as writer:
        writer.load()  # no file yet
        progress_path.write_bytes(encode(progress_with(4)))
        with pytest.raises(ProgressError, match="changed by another program"):
            writer.save(progress_with(1))
    assert store.read() == progress_with(4)


def test_a_restore_does_not_overwrite_a_file_changed_after_it_was_kept(progress_path, monkeypatch):
    store = ProgressStore(progress_path)
    progress_path.write_bytes(encode(progress_with(1)))
    with store.writer(NOW) as writer:
        writer.save(progress_with(2))
    [daily] = store.backups()
    real_backup = ProgressWriter._backup_bytes

    def backup_then_someone_writes(self, data, reason):
        made = real_backup(self, data, reason)
        progress_path.write_bytes(encode(progress_with(9)))
        return made

    monkeypatch.setattr(ProgressWriter, "_backup_bytes", backup_then_someone_writes)
    with store.writer(NOW) as writer, pytest.raises(ProgressError, match="changed by another program"):
        writer.restore(daily)
    assert store.read() == progress_with(9)


def test_a_hard_linked_progress_file_is_refused(progress_path, tmp_path):
    """Issue 12, 2: a hard link to the progress file forks it (a save replaces one name only)."""
    data = encode(progress_with(1))
    progress_path.write_bytes(data)
    os.link(progress_path, tmp_path / "other-name.json")
    store = ProgressStore(progress_path)
    assert store.read() == progress_with(1)  # reading is fine
    with store.writer(NOW) as writer, pytest.raises(ProgressError, match="2 names \\(hard links\\)") as info:
        writer.load()
    assert "Nothing was changed" in str(info.value)
    assert progress_path.read_bytes() == data and (tmp_path / "other-name.json").read_bytes() == data
    assert not store.backup_dir.exists()


def test_the_refusal_names_the_process_that_holds_the_lock(progress_path):
    from fmprep.atomicfile import FileLock

    store = ProgressStore(progress_path)
    holder = FileLock(store.lock_path)
    assert holder.acquire()
    try:
        with pytest.raises(ProgressError) as info:
            store.writer(NOW).__enter__()
    finally:
        holder.release()
    message = str(info.value)
    assert f"process {os.getpid()} on {os.uname().nodename}" in message
    assert f"`ps -p {os.getpid()}`" in message and "deleting the lock file does not help" in message


# -- issue 12: read-only files, ownership, fsync --------------------------------------------------------------

def test_a_read_only_progress_file_is_refused_and_never_overwritten(progress_path):
    """Issue 12, 8: a read-only (0444) progress file was overwritten."""
    data = encode(progress_with(1))
    progress_path.write_bytes(data)
    os.chmod(progress_path, 0o444)
    store = ProgressStore(progress_path)
    for act in (lambda w: w.load(), lambda w: w.save(progress_with(2)), lambda w: w.problem()):
        with store.writer(NOW) as writer, pytest.raises(ProgressError, match="read-only .*chmod u\\+w"):
            act(writer)
    assert progress_path.read_bytes() == data and progress_path.stat().st_mode & 0o777 == 0o444
    assert store.read() == progress_with(1)


def test_a_run_as_root_gives_the_file_back_to_its_owner(progress_path, monkeypatch):
    """Issue 12, 8: a run as root on a user's file left it owned by root (os.chown mocked: runs as any user)."""
    progress_path.write_bytes(encode(progress_with(1)))
    os.chmod(progress_path, 0o640)
    status = progress_path.stat()
    calls = []
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(os, "chown", lambda path, uid, gid: calls.append((os.path.basename(path), uid, gid)))
    with ProgressStore(progress_path).writer(NOW) as writer:
        writer.save(progress_with(2))
    owner = (status.st_uid, status.st_gid)
    saved = [c for c in calls if c[0].startswith(".progress.json.tmp-")]
    assert saved and all(c[1:] == owner for c in saved)  # the new file is the user's before it replaces the old
    assert any(c[0] == "progress.json.backups" and c[1:] == owner for c in calls)  # and so is the backup folder
    assert progress_path.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to give files away")
def test_as_root_the_file_its_backups_and_its_lock_stay_the_users(progress_path):
    progress_path.write_bytes(encode(progress_with(1)))
    os.chown(progress_path.parent, 4242, 4343)
    os.chown(progress_path, 4242, 4343)
    os.chmod(progress_path, 0o604)
    store = ProgressStore(progress_path)
    with store.writer(NOW) as writer:
        writer.save(progress_with(2))
    for path in (progress_path, store.lock_path, store.backup_dir, *(b.path for b in store.backups())):
        assert (path.stat().st_uid, path.stat().st_gid) == (4242, 4343), path
    assert progress_path.stat().st_mode & 0o777 == 0o604


def test_a_failed_sync_of_the_folder_is_reported_not_taken_for_a_save(progress_path, monkeypatch):
    """Issue 12, 8: an error from syncing the folder after a save was ignored and the save reported as done."""
    import errno
    import stat

    progress_path.write_bytes(encode(progress_with(1)))
    store = ProgressStore(progress_path)
    with store.writer(NOW) as writer:
        writer.save(progress_with(2))  # the day's backup is taken
    real_fsync = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EIO, "Input/output error")
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with store.writer(NOW) as writer, pytest.raises(ProgressError) as info:
        writer.save(progress_with(3))
    assert "Input/output error" in str(info.value) and "may not survive" in str(info.value)


# -- issue 12: only regular files ------------------------------------------------------------------------------

def test_a_fifo_or_a_folder_as_the_progress_file_is_refused_without_waiting(progress_path):
    os.mkfifo(progress_path)
    store = ProgressStore(progress_path)
    start = time.monotonic()
    with pytest.raises(ProgressError, match="FIFO .*not a regular file"):
        store.read()
    with store.writer(NOW) as writer, pytest.raises(ProgressError, match="FIFO"):
        writer.load()
    assert time.monotonic() - start < 5
    progress_path.unlink()
    progress_path.mkdir()
    with pytest.raises(ProgressError, match="a folder, not a regular file"):
        store.read()


def test_a_progress_file_over_the_limit_is_refused_before_it_is_read(progress_path, monkeypatch):
    monkeypatch.setattr("fmprep.store.PROGRESS_LIMIT", 100)
    progress_path.write_bytes(encode(progress_with(5)))
    with pytest.raises(ProgressError, match="over the limit of 100 bytes"):
        ProgressStore(progress_path).read()


def test_a_fifo_named_like_a_backup_is_no_backup(progress_path):
    """Issue 12, 5: a FIFO named like a backup hung `backups` and `restore`."""
    store = ProgressStore(progress_path)
    store.backup_dir.mkdir()
    os.mkfifo(store.backup_dir / "20261125T093000Z-daily.json")
    (store.backup_dir / "20261124T093000Z-daily.json").mkdir()
    assert store.backups() == []


def run_fmprep(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fmprep", *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", [["stats"], ["quiz"], ["backups"], ["exam", "2026-12-15"], ["mock"]])
def test_commands_refuse_a_fifo_as_the_progress_file_instead_of_hanging(progress_path, command):
    """Issue 12, 5: a FIFO as the progress file hung `stats` and `quiz` forever."""
    os.mkfifo(progress_path)
    result = run_fmprep(*command, "--progress", str(progress_path))
    if command == ["backups"]:  # lists the backups folder only; reads no progress file
        assert result.returncode == 0 and "No backups yet" in result.stdout
    else:
        assert result.returncode == 1, result.stderr
        assert "FIFO (named pipe), not a regular file" in result.stderr and str(progress_path) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_as_the_progress_file_is_refused_before_a_byte_is_read():
    """Issue 12, 5: `--progress /dev/zero` read until memory ran out."""
    start = time.monotonic()
    result = run_fmprep("stats", "--progress", "/dev/zero")
    assert result.returncode == 1 and "a device, not a regular file" in result.stderr
    assert time.monotonic() - start < 30


def test_backups_and_restore_pass_over_a_fifo_named_like_a_backup(progress_path):
    """Issue 12, 5: a FIFO named like a backup hung `backups` and `restore`."""
    progress_path.write_bytes(encode(progress_with(1)))
    folder = progress_path.with_name("progress.json.backups")
    folder.mkdir()
    name = "20261125T093000Z-before-reset.json"
    os.mkfifo(folder / name)
    listing = run_fmprep("backups", "--json", "--progress", str(progress_path))
    assert listing.returncode == 0 and json.loads(listing.stdout)["backups"] == []
    result = run_fmprep("restore", name, "--yes", "--progress", str(progress_path))
    assert result.returncode == 1 and f"no backup '{name}'" in result.stderr
    assert load_bytes(progress_path.read_bytes()) == progress_with(1)
