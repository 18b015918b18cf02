"""The installed package works from any folder, and the CLI keeps its exit-code promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import fmprep
from fmprep.paths import builtin_content

from conftest import REPO


def test_python_dash_m_fmprep_finds_the_builtin_deck_from_another_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "fmprep", "topics"], cwd=tmp_path, env=os.environ,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "3.3.1 Key elements" in result.stdout and "13 concepts" in result.stdout


def test_an_installed_package_carries_its_content():
    package = Path(fmprep.__file__).resolve().parent
    if REPO / "src" in package.parents:  # an editable install reads the repository's content/ folder
        assert builtin_content() == REPO / "content"
    else:
        assert builtin_content() == package / "content"
    assert sorted(p.name for p in builtin_content().glob("*.yaml")) == sorted(p.name for p in (REPO / "content").glob("*.yaml"))


def test_ctrl_c_exits_130_without_a_traceback(cli, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("fmprep.content.load_deck", interrupted)
    result = cli("topics")
    assert result.exit_code == 130
    assert "Traceback" not in result.output
