"""tools/screens.py: the README's pictures of the real screens are written, well-formed, in colour, show what they
should, touch no home folder or progress file, and come out byte for byte the same every time."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO

SCRIPT = REPO / "tools" / "screens.py"
EXPECTED = {  # picture -> phrases it shows
    "quiz-choice.svg": ["Multiple choice", " left", "exam in 8 days", "Select 1: type its letter", "a-d pick"],
    "quiz-feedback.svg": ["Not quite", "[wrong pick]", "Explanation:", "Space/Enter next"],
    "quiz-flashcard.svg": ["Flashcard", "1 Again", "2 Hard", "3 Good", "4 Easy", "Space/Enter Good"],
    "mock-question.svg": ["Practice exam", " of 20 · ", " left", "1 flagged", "flagged for review", "● "],
    "mock-result.svg": ["Practice exam result", "Score", "By objective", "Questions", "unanswered"],
    "stats.svg": ["Totals", "Due in the next 14 days", "◆ exam", "Practice exams (last 2 of 2", "on the previous one"],
    "topics.svg": ["Pre-training", "mastery", "`fmprep topics ID`"],
}


@pytest.fixture
def screens():
    if not SCRIPT.exists():  # the sdist ships tests/ but not tools/
        pytest.skip("tools/screens.py is not in this copy")
    spec = importlib.util.spec_from_file_location("fmprep_screens", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def shown_text(path) -> str:
    """The text of an SVG picture, line pieces in order (Rich writes spaces as no-break spaces)."""
    root = ET.parse(path).getroot()  # well-formed XML, or this raises
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return "".join(e.text or "" for e in root.iter("{http://www.w3.org/2000/svg}text")).replace("\xa0", " ")


def test_every_picture_is_written_well_formed_and_shows_its_screen(screens, tmp_path, isolated_home):
    paths = screens.main(tmp_path / "out")
    assert sorted(p.name for p in paths) == sorted(EXPECTED)
    for path in paths:
        text = shown_text(path)
        for phrase in EXPECTED[path.name]:
            assert phrase in text, f"{path.name} does not show {phrase!r}"
    assert "PASS" in shown_text(tmp_path / "out" / "mock-result.svg") or "FAIL" in shown_text(
        tmp_path / "out" / "mock-result.svg")
    # Nothing else was written: no progress file, no deck cache, nothing in the home folder.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(EXPECTED)
    assert not os.path.exists(os.environ["FMPREP_PROGRESS"])
    assert not any(isolated_home.rglob("*"))


def test_the_pictures_are_in_colour(screens, tmp_path):
    """Colour on, whatever NO_COLOR (set for every test) says: text in colours besides the theme's foreground."""
    screens.main(tmp_path)
    foreground = "#c5c8c6"
    for name in EXPECTED:
        fills = set(re.findall(r"fill: (#[0-9a-f]{6})", (tmp_path / name).read_text(encoding="utf-8")))
        assert foreground in fills and len(fills - {foreground}) >= (3 if name.startswith("quiz") else 1), name


def test_the_pictures_are_the_same_every_time(screens, tmp_path):
    first, second, third = tmp_path / "1", tmp_path / "2", tmp_path / "3"
    screens.main(first)
    screens.main(second)
    # Another process, another hash seed, another terminal width: still the same bytes.
    env = {**os.environ, "PYTHONHASHSEED": "12345", "COLUMNS": "137", "TERM": "dumb"}
    run = subprocess.run([sys.executable, str(SCRIPT), str(third)], env=env, capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == [str(third / name) for name in
                                  ("quiz-choice.svg", "quiz-feedback.svg", "quiz-flashcard.svg", "mock-question.svg",
                                   "mock-result.svg", "stats.svg", "topics.svg")]
    for name in EXPECTED:
        assert (first / name).read_bytes() == (second / name).read_bytes() == (third / name).read_bytes(), name


def test_the_console_has_make_consoles_settings_with_colour(screens):
    from fmprep.console import make_console

    ours = screens.recording_console()
    theirs = make_console(file=io.StringIO(), width=80, record=True)
    for setting in ("_markup", "_emoji", "_highlight", "soft_wrap", "record", "width"):
        assert getattr(ours, setting) == getattr(theirs, setting), setting
    assert ours.color_system == "truecolor" and ours.is_terminal and not ours.no_color


def test_the_readme_pictures_are_current(screens, tmp_path):
    """The committed pictures are what the script makes now: rerun `python tools/screens.py` after changing a screen."""
    fresh = {p.name: p.read_bytes() for p in map(Path, screens.main(tmp_path))}
    committed = {name: (REPO / "docs" / "screens" / name).read_bytes() for name in fresh}
    stale = sorted(name for name in fresh if fresh[name] != committed[name])
    assert not stale, f"stale pictures {stale}: run `python tools/screens.py`"
