"""Writing files so that a crash never leaves a half-written one (``atomic_write``), and one writer at a time
(``FileLock``)."""

from __future__ import annotations

import datetime as dt
import os
import time

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
    while kills < 100:
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
