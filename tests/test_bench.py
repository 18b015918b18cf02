"""The benchmark runs once in a tiny configuration, so that it cannot rot (figures are not checked here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO


@pytest.mark.skipif(not Path(sys.executable).with_name("fmprep").exists(), reason="needs the fmprep script installed")
def test_the_benchmark_runs_and_prints_every_figure(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FMPREP_")}
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--tiny"], capture_output=True,
                            text=True, timeout=300, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for figure in ("import floor", "fmprep --version", "fmprep topics, built-in deck", "fmprep quiz to first item",
                   "fmprep validate", "load progress", "save after one answer", "grade key to next item",
                   "fmprep stats", "peak memory", "exam policy"):
        assert figure in out, figure
    assert "targets met" in out
