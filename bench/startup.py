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
    """Seconds (median each): floor, version, topics, topics_big, stats_big, validate_big; with an exam date 14 days
    ahead, stats_exam_big (the plan kept from the run before, as when stats is run again), stats_exam_big_cold (the
    plan not kept yet: after an answer), exam (the built-in deck, a learner new to it) and exam_big (not kept)."""
    import datetime as dt
    import shutil

    builtin = bench_env(home / "builtin")
    deck = write_deck(home / "deck", items)
    big = bench_env(home / "big", FMPREP_CONTENT=str(deck))
    write_progress(Path(big["FMPREP_PROGRESS"]), reviewable_ids(items), reviews)
    exam_date = (dt.date.today() + dt.timedelta(days=EXAM_DAYS)).isoformat()
    with_exam = dict(big, FMPREP_PROGRESS=str(home / "big" / "progress-exam.json"))
    shutil.copyfile(big["FMPREP_PROGRESS"], with_exam["FMPREP_PROGRESS"])
    exam_builtin = bench_env(home / "exam")
    for env in (with_exam, exam_builtin):
        wall([FMPREP, "exam", exam_date], env)
    times = medians({"floor": FLOOR, "version": [FMPREP, "--version"], "topics": [FMPREP, "topics"]}, runs, builtin)
    big_times = medians({"floor_big": FLOOR, "topics_big": [FMPREP, "topics"], "stats_big": [FMPREP, "stats"]},
                        runs, big)
    exam_times = medians({"stats_exam_big": [FMPREP, "stats"]}, runs, with_exam)
    few = max(3, runs // 4)
    validate = statistics.median(wall([FMPREP, "validate", str(deck)], builtin) for _ in range(few))
    floor = statistics.median([times["floor"], big_times["floor_big"]])
    return {**times, **big_times, **exam_times, "floor": floor, "validate_big": validate,
            "stats_exam_big_cold": cold([FMPREP, "stats"], with_exam, few),
            "exam": cold([FMPREP, "exam"], exam_builtin, few), "exam_big": cold([FMPREP, "exam"], with_exam, few)}


EXAM_DAYS = 14


def cold(command: list[str], env: dict, runs: int) -> float:
    """Median seconds of ``command`` with the plan's figures not kept (the first run after an answer)."""
    kept = Path(env["XDG_CACHE_HOME"]) / "fmprep" / "plan.json"
    times = []
    for _ in range(runs):
        kept.unlink(missing_ok=True)
        times.append(wall(command, env))
    return statistics.median(times)


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
                               ("stats_big", "fmprep stats (generated)", "<= 2x"),
                               ("stats_exam_big", "fmprep stats, exam set (generated)", "<= 2x")):
        print(f"{label:35s} {t[key] * 1000:7.1f} ms  {t[key] / floor:5.2f}x  {target}")
    for key, label in (("stats_exam_big_cold", "  the plan not kept yet"), ("exam", "fmprep exam (built-in)"),
                       ("exam_big", "fmprep exam (generated)")):
        print(f"{label:35s} {t[key] * 1000:7.1f} ms          < 1000 ms")
    print(f"{'fmprep validate (generated)':35s} {t['validate_big'] * 1000:7.1f} ms          < 1000 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
