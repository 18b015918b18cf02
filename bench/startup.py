"""Start-up figures: whole commands against the import floor, on the built-in deck and on a generated one.

    python bench/startup.py [--runs 21]

Times are medians of interleaved runs; ratios are to `python -c "import typer, rich.console, yaml"` in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FLOOR, FMPREP, bench_env, medians, wall  # noqa: E402
from generate import reviewable_ids, write_deck, write_progress  # noqa: E402


def measure(home: Path, runs: int = 21, items: int = 2000, reviews: int = 50_000) -> dict[str, float]:
    """Seconds: floor, version, topics, topics_big, stats_big, validate_big (median each)."""
    builtin = bench_env(home / "builtin")
    deck = write_deck(home / "deck", items)
    big = bench_env(home / "big", FMPREP_CONTENT=str(deck))
    write_progress(Path(big["FMPREP_PROGRESS"]), reviewable_ids(items), reviews)
    times = medians({"floor": FLOOR, "version": [FMPREP, "--version"], "topics": [FMPREP, "topics"]}, runs, builtin)
    big_times = medians({"floor_big": FLOOR, "topics_big": [FMPREP, "topics"], "stats_big": [FMPREP, "stats"]},
                        runs, big)
    validate = statistics.median(wall([FMPREP, "validate", str(deck)], builtin) for _ in range(max(3, runs // 4)))
    floor = statistics.median([times["floor"], big_times["floor_big"]])
    return {**times, **big_times, "floor": floor, "validate_big": validate}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = measure(Path(tmp), args.runs, args.items)
    floor = t["floor"]
    print(f"import floor                        {floor * 1000:7.1f} ms")
    for key, label, target in (("version", "fmprep --version", ""), ("topics", "fmprep topics (built-in)", "<= 1.25x"),
                               ("topics_big", "fmprep topics (generated)", "<= 2x"),
                               ("stats_big", "fmprep stats (generated)", "<= 2x")):
        print(f"{label:35s} {t[key] * 1000:7.1f} ms  {t[key] / floor:5.2f}x  {target}")
    print(f"{'fmprep validate (generated)':35s} {t['validate_big'] * 1000:7.1f} ms          < 1000 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
