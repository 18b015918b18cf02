"""Every benchmark in one run, and one table: each figure, its target, and whether it is met.

    python bench/run.py            # the full run (about 4 minutes on 2 cores)
    python bench/run.py --tiny     # a quick check that the benchmarks still work (used by the tests)

Times are medians over repeated runs; start-up times are also given as ratios to the import floor,
`python -c "import typer, rich.console, yaml"`, measured in the same run, since machines are noisy.
Needs fmprep installed in the running Python's environment (the `fmprep` script beside the interpreter).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import exam_sim  # noqa: E402
import progress_io  # noqa: E402
import quiz_latency  # noqa: E402
import startup  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tiny", action="store_true", help="a small, fast configuration")
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=50_000)
    parser.add_argument("--seeds", type=int, default=40)
    args = parser.parse_args()
    items, reviews, seeds = (70, 600, 3) if args.tiny else (args.items, args.reviews, args.seeds)
    runs, answers = (2, 3) if args.tiny else (21, 40)
    rows = ((60, 14, 30), (120, 14, 30)) if args.tiny else exam_sim.ROWS
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        s = startup.measure(home / "startup", runs, items, reviews)
        q = quiz_latency.measure(home / "quiz", runs, answers, items, reviews)
    p = progress_io.measure(items, reviews, runs)
    sim_lines, sim_failures, verdicts = exam_sim.run(seeds, 2, rows)
    plan_time = exam_sim.plan_seconds(30, 2 if args.tiny else 7)
    floor = s["floor"]
    generated = f"{items} items, {reviews:,} reviews"

    table: list[tuple[str, str, str, str, str]] = []

    def row(name: str, seconds: float | None, ratio: float | None, target: str, met: bool | None) -> None:
        table.append((name, "" if seconds is None else f"{seconds * 1000:.1f} ms",
                      "" if ratio is None else f"{ratio:.2f}x", target, "" if met is None else "yes" if met else "NO"))

    row('import floor: python -c "import typer, rich.console, yaml"', floor, 1.0, "", None)
    row("fmprep --version", s["version"], s["version"] / floor, "", None)
    row("fmprep topics, built-in deck", s["topics"], s["topics"] / floor, "<= 1.25x", s["topics"] / floor <= 1.25)
    row(f"fmprep topics, {generated}", s["topics_big"], s["topics_big"] / floor, "<= 2x", s["topics_big"] / floor <= 2)
    ratio = q["quiz_first"] / q["quiz_floor"]
    row("fmprep quiz to first item, built-in deck", q["quiz_first"], ratio, "<= 1.3x", ratio <= 1.3)
    row(f"fmprep quiz to first item, {generated}", q["quiz_first_big"], q["quiz_first_big"] / q["quiz_floor_big"], "", None)
    row(f"fmprep validate, {items} items", s["validate_big"], s["validate_big"] / floor, "< 1000 ms", s["validate_big"] < 1)
    row(f"load progress, {generated}", p["load"], None, "<= 300 ms", p["load"] <= 0.3)
    row(f"save after one answer, {generated}", p["save"], None, "<= 50 ms", p["save"] <= 0.05)
    row("grade key to next item, built-in deck", q["latency"], None, "<= 30 ms", q["latency"] <= 0.03)
    row(f"grade key to next item, {generated}", q["latency_big"], None, "<= 60 ms", q["latency_big"] <= 0.06)
    row(f"fmprep stats, {generated}", s["stats_big"], s["stats_big"] / floor, "<= 2x", s["stats_big"] / floor <= 2)
    ahead = f"exam in {startup.EXAM_DAYS} days"
    row(f"fmprep stats, {ahead}, plan kept, {generated}", s["stats_exam_big"], s["stats_exam_big"] / floor, "<= 2x",
        s["stats_exam_big"] / floor <= 2)
    row(f"fmprep stats, {ahead}, plan not kept yet, {generated}", s["stats_exam_big_cold"], None, "< 1000 ms",
        s["stats_exam_big_cold"] < 1)
    row(f"fmprep exam, {ahead}, built-in deck", s["exam"], s["exam"] / floor, "< 1000 ms", s["exam"] < 1)
    row(f"fmprep exam, {ahead}, {generated}", s["exam_big"], s["exam_big"] / floor, "< 1000 ms", s["exam_big"] < 1)
    rss = q["rss_big_mb"]
    table.append((f"peak memory of a quiz session, {generated}", "n/a" if rss is None else f"{rss:.1f} MB", "",
                  "<= 120 MB", "" if rss is None else "yes" if rss <= 120 else "NO"))
    row("fmprep exam plan (6 budgets, 30 days), built-in deck", plan_time, None, "< 1000 ms", plan_time < 1)
    worst = min(v["vs_greedy"] for v in verdicts.values())
    table.append(("exam policy against greedy, worst row", f"{worst:+.2f} points", "",
                  f">= -{exam_sim.GREEDY_TOLERANCE} points (95%)",
                  "yes" if all(v["greedy_ok"] for v in verdicts.values()) else "NO"))
    lead = verdicts[(120, 14, 30, "default")]["equal_fsrs"]
    table.append(("exam policy above best FSRS at equal reviews, 120/14/30", f"{lead:+.1f} points", "",
                  ">= +2 points", "yes" if lead >= 2 else "NO"))
    gap = max(v["time_gap"] for v in verdicts.values())
    every = all(v["all_new"] for v in verdicts.values())
    table.append(("exam policy, 1 s against 30 s answers, worst row", f"{gap:.2f} points", "",
                  "<= 1 point, all items seen", "yes" if gap <= 1 and every else "NO"))

    widths = [max(len(r[i]) for r in table + [("figure", "value", "ratio", "target", "met")]) for i in range(5)]
    header = ("figure", "value", "ratio", "target", "met")
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    for r in table:
        print("  ".join((c.rjust(w) if i in (1, 2) else c.ljust(w)) for i, (c, w) in enumerate(zip(r, widths))))
    print()
    print("\n".join(sim_lines))
    missed = [r[0] for r in table if r[4] == "NO"]
    print(f"\n{len(table) - len(missed) - sum(1 for r in table if r[4] == '')} targets met, {len(missed)} missed"
          + (": " + "; ".join(missed) if missed else "") + f"  ({time.monotonic() - began:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
