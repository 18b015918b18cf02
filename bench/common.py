"""Shared helpers for the benchmarks: wall-time medians of whole commands, measured against the import floor."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
FMPREP = str(Path(PYTHON).with_name("fmprep"))
FLOOR = [PYTHON, "-c", "import typer, rich.console, yaml"]


def wall(cmd: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def medians(commands: dict[str, list[str]], runs: int, env: dict | None = None) -> dict[str, float]:
    """Median wall time of each command; runs are interleaved so that machine noise hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for name, cmd in commands.items():  # warm-up: caches, .pyc files
        wall(cmd, env)
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(wall(cmd, env))
    return {name: statistics.median(values) for name, values in times.items()}


def bench_env(home: Path, **extra: str) -> dict:
    env = dict(os.environ)
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
                "XDG_CONFIG_HOME": str(home / "config"), "FMPREP_PROGRESS": str(home / "progress.json"),
                "NO_COLOR": "1"})
    env.pop("FMPREP_CONTENT", None)
    # Measure as a learner runs fmprep: with compiled bytecode cached (pip writes it at install time). A shell
    # with PYTHONDONTWRITEBYTECODE set would make every start recompile fmprep's source, and not the floor's.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env
