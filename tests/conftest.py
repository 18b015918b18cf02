"""Shared fixtures. No test touches the real home folder: HOME, XDG folders and FMPREP_* point into tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("FMPREP_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.delenv("FMPREP_CONTENT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    return home


@pytest.fixture
def progress_path(tmp_path) -> Path:
    return tmp_path / "progress.json"


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run `fmprep ARGS...` in-process; returns the click Result."""
    from fmprep.cli import app

    def invoke(*args: str, input: str | None = None, env: dict | None = None):
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return invoke


MINI_DECK = """\
objectives:
  - id: obj
    title: The objective
concepts:
  - id: alpha
    title: Alpha
    objectives: [obj]
    summary: The alpha concept.
    key_points: [first point]
    example: An example.
  - id: beta
    title: Beta
    objectives: [obj]
    summary: The beta concept.
    key_points: [second point]
    example: Another example.
items:
  - id: alpha.card
    kind: flashcard
    concepts: [alpha]
    front: Alpha front?
    back: "No"
  - id: beta.card
    kind: flashcard
    concepts: [beta]
    front: Beta front?
    back: "3.10"
"""


@pytest.fixture
def mini_deck(tmp_path) -> Path:
    path = tmp_path / "deck" / "mini.yaml"
    path.parent.mkdir()
    path.write_text(MINI_DECK, encoding="utf-8")
    return path
