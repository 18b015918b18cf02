"""FullScreen frames drawn into a StringIO at a fake window size, read back through pyte as a person sees them."""

from __future__ import annotations

import io
import os
import re

import pytest
from rich.text import Text

from fmprep.console import make_console
from fmprep.display import Frame, FullScreen
from terminal import Screen

import pyte


class Window:
    """A fake terminal: the size ``os.get_terminal_size`` reports, and a pyte screen fed what was written."""

    def __init__(self, monkeypatch, rows: int, cols: int):
        self.out = io.StringIO()
        self.screen = Screen(cols, rows)
        self.stream = pyte.Stream(self.screen)
        self.fed = 0
        self.set_size(monkeypatch, rows, cols)
        self.display = FullScreen(make_console(self.out), fd=99)

    def set_size(self, monkeypatch, rows: int, cols: int) -> None:
        self.screen.resize(rows, cols)
        monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((cols, rows)))

    def show(self, frame: Frame) -> list[str]:
        self.display.show(frame)
        text = self.out.getvalue()
        self.stream.feed(text[self.fed:])
        self.fed = len(text)
        return [line.rstrip() for line in self.screen.display]


def numbered(count: int) -> list[Text]:
    return [Text(f"line {n:02d}") for n in range(count)]


def frame(body, focus: int = 0, page: int = 1, status: str | None = "STATUS") -> Frame:
    return Frame(header=Text("HEAD"), body=body, focus=focus, status=Text(status) if status else None,
                 hint=Text("HINT · q quit"), page=page, item=1)


def body_lines(lines: list[str]) -> list[int]:
    return [int(m.group(1)) for line in lines for m in [re.fullmatch(r"line (\d+)", line)] if m]


def more(lines: list[str]) -> str:
    [line] = [line for line in lines if "more" in line]
    return line


@pytest.fixture
def window(monkeypatch):
    def make(rows=10, cols=40):
        return Window(monkeypatch, rows, cols)
    return make


def test_a_body_that_fits_is_shown_whole_with_no_scroll_line(window):
    win = window(10, 40)
    lines = win.show(frame(numbered(5)))
    assert lines[0] == "HEAD" and lines[1] == ""
    assert body_lines(lines) == [0, 1, 2, 3, 4]
    assert lines[-2:] == ["STATUS", "HINT · q quit"]
    assert not any("more" in line for line in lines)
    assert not win.screen.overflows


def test_a_tall_body_scrolls_with_header_and_footer_in_place(window):
    win = window(10, 40)  # 2 header rows, 2 footer rows, 6 for the body: 5 lines and the scroll line
    lines = win.show(frame(numbered(30), focus=12))
    assert lines[0] == "HEAD" and lines[-2:] == ["STATUS", "HINT · q quit"]
    assert body_lines(lines) == [12, 13, 14, 15, 16], "the focus block is at the top of the view"
    assert more(lines).startswith("↑ 12 more · ↓ 13 more")
    win.display.scroll(-10)
    lines = win.show(frame(numbered(30), focus=12))
    assert body_lines(lines) == [2, 3, 4, 5, 6] and more(lines).startswith("↑ 2 more · ↓ 23 more")
    win.display.scroll(-100)
    lines = win.show(frame(numbered(30), focus=12))
    assert body_lines(lines) == [0, 1, 2, 3, 4] and more(lines).startswith("↓ 25 more (arrows")
    win.display.scroll(1000)
    lines = win.show(frame(numbered(30), focus=12))
    assert body_lines(lines) == [25, 26, 27, 28, 29] and more(lines).startswith("↑ 25 more (arrows")
    assert lines[0] == "HEAD" and lines[-1] == "HINT · q quit"
    assert not win.screen.overflows


def test_the_same_page_keeps_its_scroll_a_new_page_goes_to_its_focus(window):
    win = window(10, 40)
    win.show(frame(numbered(30), focus=0, page=1))
    win.display.scroll(7)
    lines = win.show(frame(numbered(30), focus=0, page=1))  # e.g. a status line changed: the view stays
    assert body_lines(lines) == [7, 8, 9, 10, 11]
    lines = win.show(frame(numbered(30), focus=20, page=2))
    assert body_lines(lines) == [20, 21, 22, 23, 24]


def test_focus_near_the_end_shows_the_last_lines(window):
    win = window(10, 40)
    lines = win.show(frame(numbered(30), focus=29))
    assert body_lines(lines) == [25, 26, 27, 28, 29] and more(lines).startswith("↑ 25 more")


def test_the_focus_block_is_in_view_when_blocks_are_several_lines_tall(window):
    win = window(12, 40)
    blocks = [Text("\n".join(f"line {n * 4 + k:02d}" for k in range(4))) for n in range(6)]
    lines = win.show(frame(blocks, focus=3, status=None))
    assert body_lines(lines) == list(range(12, 20)), "the whole focus block (lines 12-15) is in view"
    assert more(lines).startswith("↑ 12 more · ↓ 4 more"), lines


def test_a_smaller_window_redraws_everything_at_the_new_size(window, monkeypatch):
    win = window(24, 80)
    long = Text("words " * 40)  # wraps into several lines
    win.show(frame([long] + numbered(3)))
    win.set_size(monkeypatch, 10, 30)
    lines = win.show(frame([long] + numbered(3)))
    assert lines[0] == "HEAD" and lines[-1] == "HINT · q quit"
    words = {"words", "line", "more", "arrows", "or", "PgUp", "PgDn", "scroll"}
    assert set(re.findall(r"[A-Za-z]+", "\n".join(lines[2:-2]))) <= words, lines
    assert "↓" in more(lines) and lines[2] == "words " * 4 + "words", lines
    assert not win.screen.overflows


def test_a_long_hint_wraps_and_the_body_room_shrinks(window):
    win = window(8, 20)
    lines = win.show(Frame(header=Text("HEAD"), body=numbered(10), hint=Text("a-d pick · Enter submit · q quit"),
                           page=1, item=1))
    assert lines[0] == "HEAD" and "q quit" in " ".join(lines[-2:])
    assert len(body_lines(lines)) == 8 - 2 - 2 - 1
    assert not win.screen.overflows
