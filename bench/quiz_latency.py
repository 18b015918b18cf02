"""Quiz figures in a real pseudo-terminal: launch to first item on screen (against the import floor), and the
latency from the key that grades a card to the next item on screen.

    python bench/quiz_latency.py [--runs 15] [--answers 40]

Runs on the built-in deck and on a generated deck of 2,000 items with 50,000 reviews.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FLOOR, FMPREP, bench_env, wall  # noqa: E402
from generate import reviewable_ids, write_deck, write_progress  # noqa: E402

ITEM = r"\d+ left"


def spawn(env: dict, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(FMPREP, ["quiz", *args], env=env, encoding="utf-8", timeout=30, dimensions=(50, 120))
    child.delaybeforesend = None  # pexpect sleeps 50 ms before each send by default
    return child


def first_item(env: dict, runs: int) -> tuple[float, float]:
    """Median seconds from launch to the first item on screen, and the floor measured alongside."""
    shown, floor = [], []
    for _ in range(runs + 1):
        start = time.perf_counter()
        child = spawn(env, "--type", "flashcard")
        child.expect("reveal")
        shown.append(time.perf_counter() - start)
        child.send("q")
        child.expect(pexpect.EOF)
        child.close()
        floor.append(wall(FLOOR, env))
    return statistics.median(shown[1:]), statistics.median(floor[1:])


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory so far (Linux: VmHWM), in MB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def answer_latency(env: dict, answers: int) -> tuple[float, float | None]:
    """Median seconds from the grading key to the next item on screen (the answer is saved in between), and the
    session's peak memory in MB."""
    child = spawn(env, "--type", "flashcard", "--new", "1000")
    latencies = []
    child.expect("reveal")
    for _ in range(answers):
        child.send(" ")
        child.expect("Space/Enter Good")
        start = time.perf_counter()
        child.send("3")
        index = child.expect([ITEM, "Session over"])
        latencies.append(time.perf_counter() - start)
        if index == 1:
            break
        child.expect("reveal")
    rss = peak_rss_mb(child.pid)
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    return statistics.median(latencies), rss


def measure(home: Path, runs: int = 15, answers: int = 40, items: int = 2000, reviews: int = 50_000) -> dict:
    """Seconds (and MB): first item and floor on the built-in and the generated deck, latencies, peak memory."""
    builtin = bench_env(home / "quiz-builtin")
    first, floor = first_item(builtin, runs)
    latency, _ = answer_latency(bench_env(home / "quiz-builtin-2"), answers)
    deck = write_deck(home / "quiz-deck", items)
    big = bench_env(home / "quiz-big", FMPREP_CONTENT=str(deck))
    write_progress(Path(big["FMPREP_PROGRESS"]), reviewable_ids(items), reviews)
    big_first, big_floor = first_item(big, max(3, runs // 3))
    big_latency, rss = answer_latency(big, answers)
    return {"quiz_first": first, "quiz_floor": floor, "quiz_first_big": big_first, "quiz_floor_big": big_floor,
            "latency": latency, "latency_big": big_latency, "rss_big_mb": rss}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        m = measure(Path(tmp), args.runs, args.answers, args.items, args.reviews)
    print(f"quiz to first item (built-in deck)   {m['quiz_first'] * 1000:7.1f} ms  "
          f"{m['quiz_first'] / m['quiz_floor']:5.2f}x floor  target <= 1.3x")
    print(f"quiz to first item (generated)       {m['quiz_first_big'] * 1000:7.1f} ms  "
          f"{m['quiz_first_big'] / m['quiz_floor_big']:5.2f}x floor")
    print(f"grade key -> next item (built-in)    {m['latency'] * 1000:7.1f} ms  target <= 30 ms (median)")
    print(f"grade key -> next item (generated)   {m['latency_big'] * 1000:7.1f} ms  target <= 60 ms (median)")
    print(f"peak memory of the session (generated) {m['rss_big_mb'] or float('nan'):5.1f} MB  target <= 120 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
