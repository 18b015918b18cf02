"""Writing files so that a crash never leaves a half-written one (``atomic_write``), and one writer at a time
(``FileLock``)."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest

from fmprep.progress import Review, load_bytes
from fmprep.store import ProgressStore

from test_store import NOW, progress_with, temp_files


def _count_saves(path, n, tag):
    """Child process: n read-modify-write cycles through the store, waiting for the lock."""
    store = ProgressStore(path)
    for i in range(n):
        with store.writer(dt.datetime.now(dt.timezone.utc), wait=30) as writer:
            current = writer.load()
            current.reviews.append(Review(f"{tag}.{i}", 1, 3, 1))
            writer.save(current)


def test_two_processes_saving_concurrently_lose_no_update(progress_path):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_count_saves, args=(progress_path, 60, tag)) for tag in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    items = [r.item for r in ProgressStore(progress_path).read().reviews]
    assert len(items) == 120 and len(set(items)) == 120


def test_sigkill_during_saves_always_leaves_one_complete_save(progress_path):
    """A child saves in a loop and is killed at random moments; the file must always be one whole save."""
    import random
    import signal

    rng = random.Random(1234)
    store = ProgressStore(progress_path)
    kills = interrupted = 0
    n = 0
    # At least 100 kills, and on until 10 of them hit a save in progress (a busy machine may give the child too
    # little time for most kills to find it saving: the test must test, not fail, then).
    while kills < 100 or (interrupted < 10 and kills < 1000):
        pid = os.fork()
        if pid == 0:  # child
            try:
                with store.writer(NOW, wait=10) as writer:
                    for i in range(n + 1, n + 10_000):
                        writer.save(progress_with(i % 40 + 1))
            finally:
                os._exit(0)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        interrupted += bool(temp_files(progress_path.parent))
        if progress_path.exists():
            saved = load_bytes(progress_path.read_bytes())
            assert saved == progress_with(len(saved.cards)), f"kill {kills}: not one complete save"
    assert interrupted >= 10, f"only {interrupted} of {kills} kills hit a save in progress"
    with store.writer(NOW):
        pass
    assert temp_files(progress_path.parent) == []


# -- atomic_write ---------------------------------------------------------------------------------------------

def test_a_new_file_is_written_private_and_leaves_no_temporary_file(tmp_path):
    from fmprep.atomicfile import atomic_write

    target = tmp_path / "new.json"
    atomic_write(target, b"hello")
    assert target.read_bytes() == b"hello"
    assert target.stat().st_mode & 0o777 == 0o600
    assert temp_files(tmp_path) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names open files through /proc")
def test_the_data_goes_to_a_temporary_file_that_is_synced_then_renamed_over_the_target(tmp_path, monkeypatch):
    """The order that makes a save atomic and durable: write a temporary file, fsync it, rename it over the
    target, fsync the folder. Until the rename, the target holds the old bytes."""
    from fmprep import atomicfile

    target = tmp_path / "progress.json"
    target.write_bytes(b"old")
    events = []
    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace
    real_fsync_dir = atomicfile._fsync_dir

    def write(fd, data):
        events.append(("write", target.read_bytes()))
        return real_write(fd, data)

    def fsync(fd):
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return real_fsync(fd)

    def replace(source, destination):
        events.append(("replace", os.path.basename(source), os.path.realpath(destination)))
        return real_replace(source, destination)

    def fsync_dir(folder):
        events.append(("fsync folder", str(folder)))
        return real_fsync_dir(folder)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(atomicfile, "_fsync_dir", fsync_dir)
    atomicfile.atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    kinds = [e[0] for e in events]
    assert kinds[:4] == ["write", "fsync", "replace", "fsync folder"], events
    assert events[0][1] == b"old"  # the target is untouched while the data is written
    synced = events[1][1]
    assert ".progress.json.tmp-" in synced  # the temporary file is synced, before it replaces the target
    assert events[2][1].startswith(".progress.json.tmp-") and events[2][2] == str(target)
    assert events[3][1] == str(tmp_path)


def test_the_target_is_replaced_not_rewritten_in_place(tmp_path):
    """A reader that opened the old file keeps reading the old bytes: the new file is another inode."""
    from fmprep.atomicfile import atomic_write

    target = tmp_path / "progress.json"
    target.write_bytes(b"old bytes")
    old_inode = target.stat().st_ino
    with open(target, "rb") as reader:
        atomic_write(target, b"new")
        assert reader.read() == b"old bytes"
    assert target.stat().st_ino != old_inode and target.read_bytes() == b"new"
    assert temp_files(tmp_path) == []


def test_a_symlink_is_followed_and_the_mode_kept(tmp_path):
    from fmprep.atomicfile import atomic_write

    real = tmp_path / "real.json"
    real.write_bytes(b"old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o640
    atomic_write(tmp_path / "other.json", b"x", mode=0o644)
    assert (tmp_path / "other.json").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    from fmprep.atomicfile import atomic_write

    target = tmp_path / "progress.json"
    target.write_bytes(b"old")

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    with pytest.raises(OSError):
        atomic_write(target, b"new")
    assert target.read_bytes() == b"old" and temp_files(tmp_path) == []


def test_remove_temp_files_removes_only_temporary_files_with_the_prefix(tmp_path):
    from fmprep.atomicfile import remove_temp_files, temp_prefix

    tmp_path = tmp_path / "folder"
    tmp_path.mkdir()
    target = tmp_path / "progress.json"
    for name in (".progress.json.tmp-1-ab", ".progress.json.tmp-2-cd", ".other.json.tmp-3-ef", "progress.json",
                 ".progress.json.notes"):
        (tmp_path / name).write_text("x")
    assert remove_temp_files(tmp_path, temp_prefix(target)) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.json.tmp-3-ef", ".progress.json.notes",
                                                           "progress.json"]
    assert remove_temp_files(tmp_path / "missing", ".") == 0


# -- FileLock -------------------------------------------------------------------------------------------------

def test_a_second_lock_is_refused_at_once_until_the_first_is_released(tmp_path):
    from fmprep.atomicfile import FileLock

    path = tmp_path / "progress.json.lock"
    first, second = FileLock(path), FileLock(path)
    assert first.acquire()
    start = time.monotonic()
    assert second.acquire() is False  # flock: another open file description is another holder
    assert time.monotonic() - start < 0.5
    first.release()
    assert second.acquire() is True
    assert first.acquire() is False
    second.release()


def test_a_lock_waits_up_to_its_timeout(tmp_path):
    import threading

    from fmprep.atomicfile import FileLock

    path = tmp_path / "x.lock"
    holder = FileLock(path)
    assert holder.acquire()
    start = time.monotonic()
    assert FileLock(path).acquire(0.15) is False
    assert 0.1 <= time.monotonic() - start < 2
    threading.Timer(0.1, holder.release).start()
    waiter = FileLock(path)
    assert waiter.acquire(5) is True  # freed while it waits
    waiter.release()


# -- issue 12 --------------------------------------------------------------------------------------------------

def test_only_a_regular_file_is_replaced(tmp_path):
    from fmprep.atomicfile import NotRegularFileError, atomic_write

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFileError, match="FIFO"):
        atomic_write(fifo, b"x")
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(NotRegularFileError, match="a folder"):
        atomic_write(folder, b"x")
    assert os.path.isdir(folder) and temp_files(tmp_path) == []


@pytest.mark.parametrize("code, reported", [(5, True), (22, False)])  # EIO is reported; EINVAL: cannot sync folders
def test_an_error_syncing_the_folder_is_reported(tmp_path, monkeypatch, code, reported):
    import stat

    from fmprep.atomicfile import NotDurableError, atomic_write

    real_fsync = os.fsync

    def fsync(fd):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(code, os.strerror(code))
        return real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "file"
    if reported:
        with pytest.raises(NotDurableError, match="syncing the folder failed"):
            atomic_write(target, b"new")
    else:
        atomic_write(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_check_that_raises_leaves_the_target_alone(tmp_path):
    from fmprep.atomicfile import atomic_write

    target = tmp_path / "file"
    target.write_bytes(b"old")

    def check():
        raise RuntimeError("changed")

    with pytest.raises(RuntimeError):
        atomic_write(target, b"new", check=check)
    assert target.read_bytes() == b"old" and temp_files(tmp_path) == []


def test_the_lock_file_tells_who_holds_it_and_garbage_in_it_is_ignored(tmp_path):
    from fmprep.atomicfile import FileLock

    path = tmp_path / "x.lock"
    holder = FileLock(path)
    assert holder.acquire()
    seen = FileLock(path).holder()
    assert seen["pid"] == os.getpid() and seen["host"] == os.uname().nodename and "UTC" in seen["started"]
    holder.release()
    path.write_bytes(b'{"pid": 7, "host": "\\u001b]52;c;x\\u0007evil", "started": "now"}')
    assert FileLock(path).holder()["host"] == "??52?c?x?evil"  # no escape reaches the terminal
    for junk in (b"", b"{", b'{"pid": "7", "host": "h", "started": "s"}', b"[1]", b'{"pid": -1, "host": "", "started": ""}'):
        path.write_bytes(junk)
        assert FileLock(path).holder() is None, junk


def test_private_folders_are_0700_whatever_the_umask_and_existing_ones_are_left_alone(tmp_path):
    from fmprep.atomicfile import make_private_dir

    existing = tmp_path / "mine"
    existing.mkdir()
    os.chmod(existing, 0o755)
    old = os.umask(0)
    try:
        make_private_dir(existing / "a" / "b")
    finally:
        os.umask(old)
    assert existing.stat().st_mode & 0o777 == 0o755
    assert (existing / "a").stat().st_mode & 0o777 == 0o700 and (existing / "a" / "b").stat().st_mode & 0o777 == 0o700
