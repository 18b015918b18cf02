"""Start-up figures: `fmprep --version` and `fmprep topics` against the import floor, and validating 2,000 items.

    python bench/startup.py [--runs 21]

Times are medians of interleaved runs; ratios are to `python -c "import typer, rich, yaml"` in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FLOOR, FMPREP, bench_env, medians, wall  # noqa: E402
from generate import write_deck  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        env = bench_env(home)
        times = medians({"floor": FLOOR, "version": [FMPREP, "--version"], "topics": [FMPREP, "topics"]}, args.runs, env)
        deck = write_deck(home / "deck", args.items)
        validate = sorted(wall([FMPREP, "validate", str(deck)], env) for _ in range(max(3, args.runs // 4)))
        validate_median = validate[len(validate) // 2]
    floor = times["floor"]
    print(f"import floor                     {floor * 1000:7.1f} ms")
    print(f"fmprep --version                 {times['version'] * 1000:7.1f} ms  {times['version'] / floor:5.2f}x")
    print(f"fmprep topics (built-in deck)    {times['topics'] * 1000:7.1f} ms  {times['topics'] / floor:5.2f}x  target <= 1.25x")
    print(f"fmprep validate ({args.items} items)     {validate_median * 1000:7.1f} ms           target < 1000 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
