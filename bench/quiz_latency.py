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

ITEM = r"item \d+ of"


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


def answer_latency(env: dict, answers: int) -> float:
    """Median seconds from the grading key to the next item on screen (the answer is saved in between)."""
    child = spawn(env, "--type", "flashcard", "--new", "1000")
    latencies = []
    child.expect("reveal")
    for _ in range(answers):
        child.send(" ")
        child.expect("= Good")
        start = time.perf_counter()
        child.send("3")
        index = child.expect([ITEM, "Session over"])
        latencies.append(time.perf_counter() - start)
        if index == 1:
            break
        child.expect("reveal")
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    return statistics.median(latencies)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--answers", type=int, default=40)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        builtin = bench_env(home / "a")
        first, floor = first_item(builtin, args.runs)
        builtin_latency = answer_latency(bench_env(home / "b"), args.answers)
        deck = write_deck(home / "deck", args.items)
        big = bench_env(home / "c", FMPREP_CONTENT=str(deck))
        write_progress(Path(big["FMPREP_PROGRESS"]), reviewable_ids(args.items), args.reviews)
        big_first, big_floor = first_item(big, max(3, args.runs // 3))
        big_latency = answer_latency(big, args.answers)
    print(f"quiz to first item (built-in deck)        {first * 1000:7.1f} ms  {first / floor:5.2f}x floor  target <= 1.3x")
    print(f"quiz to first item ({args.items} items, {args.reviews} reviews) {big_first * 1000:7.1f} ms  {big_first / big_floor:5.2f}x floor")
    print(f"grade key -> next item (built-in deck)    {builtin_latency * 1000:7.1f} ms  target <= 30 ms (median)")
    print(f"grade key -> next item ({args.items}/{args.reviews})     {big_latency * 1000:7.1f} ms  target <= 60 ms (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
