"""Shared fixtures. No test touches the real home folder: HOME, XDG folders and FMPREP_* point into tmp_path, and
nothing leaks in from the developer's shell (the clock, seed, cache switch, content, terminal, time zone)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SRC = REPO / "src"
if str(SRC) not in sys.path:  # test this checkout's fmprep, not an editable install of another one
    sys.path.insert(0, str(SRC))

# Variables fmprep reads that a developer may have exported; each test starts without them (tests set what they need).
LEAKY = ("FMPREP_NOW", "FMPREP_SEED", "FMPREP_NO_CACHE", "FMPREP_CONTENT", "FMPREP_PROGRESS", "FMPREP_LEECH_LAPSES",
         "NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "LINES", "COLUMNS")


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    for name in LEAKY:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FMPREP_PROGRESS", str(tmp_path / "progress.json"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    # A known terminal type for children run in a pseudo-terminal (not "dumb", which turns colour off).
    monkeypatch.setenv("TERM", "xterm-256color")
    # Child processes (`python -m fmprep`, the lock holder, the benchmark) import the fmprep under test, wherever
    # they run from: an absolute path first, whatever PYTHONPATH or an editable install of another checkout says.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(SRC)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep)
                                                                  if p and Path(p).resolve() != SRC]))
    # The learner's day is UTC unless a test says otherwise (in this process too, hence tzset).
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield home
    monkeypatch.undo()
    time.tzset()


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


def seeded(path, items=("pre-training.card.what", "rlhf.card.what", "case.insurer-assistant.q1", "old.item")) -> bytes:
    """Write a progress file for the built-in deck (``old.item`` is no longer in it); returns its bytes."""
    from fmprep.progress import CardState, Progress, Review, encode

    progress = Progress()
    for n, item in enumerate(items):
        progress.cards[item] = CardState(2, None, 2.0 + n, 5.0, 1_800_000_000, 1_790_000_000)
        progress.reviews.append(Review(item, 1_790_000_000 + n, 3, 1200))
        progress.reviews.append(Review(item, 1_790_100_000 + n, 4, 900))
    data = encode(progress)
    path.write_bytes(data)
    return data


@pytest.fixture
def interactive(monkeypatch):
    """Pretend stdin is a terminal, so that commands ask instead of refusing."""
    monkeypatch.setattr("fmprep.commands.common.stdin_is_terminal", lambda: True)
