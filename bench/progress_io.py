"""Progress-file figures: loading a file of 2,000 items and 50,000 reviews, and the save after one answer.

    python bench/progress_io.py [--runs 21]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import reviewable_ids, write_progress  # noqa: E402


def measure(items: int = 2000, reviews: int = 50_000, runs: int = 21) -> dict[str, float]:
    from fmprep.progress import Review
    from fmprep.store import ProgressStore

    with tempfile.TemporaryDirectory() as tmp:
        path = write_progress(Path(tmp) / "progress.json", reviewable_ids(items), reviews)
        size = path.stat().st_size
        store = ProgressStore(path)
        loads = []
        for _ in range(runs):
            start = time.perf_counter()
            store.read()
            loads.append(time.perf_counter() - start)
        saves = []
        now = dt.datetime.now(dt.timezone.utc)
        with store.writer(now) as writer:
            progress = writer.load()
            writer.save(progress)  # the first save of a day also takes the daily backup: not an answer's cost
            for i in range(runs):
                start = time.perf_counter()
                progress.reviews.append(Review(f"gen.{i}", int(now.timestamp()), 3, 2000))
                writer.save(progress)
                saves.append(time.perf_counter() - start)
    return {"bytes": size, "load": statistics.median(loads), "save": statistics.median(saves)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    figures = measure(args.items, args.reviews, args.runs)
    print(f"progress file: {args.items} items, {args.reviews} reviews, {figures['bytes'] / 1e6:.2f} MB")
    print(f"load                     {figures['load'] * 1000:7.1f} ms   target <= 300 ms")
    print(f"save after one answer    {figures['save'] * 1000:7.1f} ms   target <= 50 ms (median, fsync included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
