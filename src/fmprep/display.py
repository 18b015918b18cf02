"""Putting frames on the terminal: the whole window redrawn (a full-screen program), or a plain log.

A frame is a header, a body of blocks and a footer (status line and key hint). On a terminal the frame is drawn in
the alternate screen, laid out at the window's size read afresh for every frame; a body taller than the window
scrolls (the header and footer stay), with the block the learner needs (``focus``) kept in view. Off a terminal,
each block is printed once, as a log that scripts can read.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Optional

from rich.console import Console, RenderableType
from rich.text import Text

from fmprep.console import MEASURE


@dataclass
class Frame:
    """What is on screen. ``item`` changes with each item shown, ``page`` with each new item or phase (the scroll
    position then resets to ``focus``)."""

    header: Optional[RenderableType] = None
    body: list = field(default_factory=list)
    focus: int = 0  # index of the body block to keep in view
    status: Optional[RenderableType] = None  # a status line (or lines)
    hint: Optional[RenderableType] = None  # the key hint
    page: int = 0
    item: int = 0


class FullScreen:
    """The alternate screen, redrawn whole from the top-left corner for every frame."""

    interactive = True

    def __init__(self, console: Console, fd: int):
        self.console = console
        self.fd = fd
        self.offset = 0
        self._page = None
        self._scrollable = 0

    def __enter__(self) -> "FullScreen":
        self._write("\x1b[?1049h\x1b[?25l\x1b[H\x1b[2J")  # alternate screen, hide the cursor
        return self

    def __exit__(self, *exc) -> None:
        self._write("\x1b[?25h\x1b[?1049l")  # show the cursor, back to the learner's screen

    def _write(self, data: str) -> None:
        stream = self.console.file
        stream.write(data)
        stream.flush()

    def size(self) -> tuple[int, int]:
        try:
            size = os.get_terminal_size(self.fd)
            return max(1, size.columns), max(1, size.lines)
        except OSError:
            return 80, 24

    def lines(self, renderable, width: int) -> list[str]:
        if renderable is None:
            return []
        with self.console.capture() as capture:
            self.console.print(renderable, width=width, crop=True)
        return capture.get().rstrip("\n").split("\n")

    def scroll(self, rows: int) -> None:
        self.offset = max(0, min(self._scrollable, self.offset + rows))

    def show(self, frame: Frame) -> None:
        """Draw the frame at the window's size. What must stay in view comes first: the key hint, then at least
        one line of the body, then as much of the header as fits; the body scrolls in what is left."""
        width, height = self.size()
        self.console.size = (width, height)
        measure = min(width, MEASURE)
        foot = (self.lines(frame.status, measure) + self.lines(frame.hint, measure))[-height:]
        head = self.lines(frame.header, measure) + [""]
        head = head[:max(0, min(len(head), height - len(foot) - 1))]
        body: list[str] = []
        focus_line = 0
        for n, block in enumerate(frame.body):
            if n == frame.focus:
                focus_line = len(body)
            body += self.lines(block, measure)
        room = max(0, height - len(head) - len(foot))
        if len(body) > room:
            more_line = room >= 2  # a line says there is more, when there is room for it
            room -= more_line
            self._scrollable = len(body) - room
            if frame.page != self._page:
                self.offset = min(focus_line, self._scrollable)
            self.offset = min(self.offset, self._scrollable)
            above, below = self.offset, len(body) - self.offset - room
            shown = body[self.offset:self.offset + room]
            if more_line:
                more = " · ".join(p for p in (f"↑ {above} more" if above else "", f"↓ {below} more" if below else "") if p)
                keys = " (arrows or PgUp/PgDn scroll)"
                shown.append(self._styled(more + keys if len(more + keys) <= measure else more, measure))
        else:
            self._scrollable = self.offset = 0
            shown = body
        self._page = frame.page
        rows = (head + shown + [""] * max(0, height - len(head) - len(shown) - len(foot)) + foot)[:height]
        self._write("\x1b[H" + "\x1b[K\r\n".join(rows) + "\x1b[K\x1b[J")

    def _styled(self, text: str, width: int) -> str:
        return self.lines(Text(text, style="dim", no_wrap=True, overflow="crop"), width)[0]


class LogScreen:
    """A log: each block of a frame printed once, in order; status lines as they come; the hint as a prompt."""

    interactive = False

    def __init__(self, console: Console):
        self.console = console
        self._item = None
        self._printed: list = []  # the blocks of the current item already printed
        self._status = None

    def __enter__(self) -> "LogScreen":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def scroll(self, rows: int) -> None:
        pass

    def show(self, frame: Frame) -> None:
        if frame.item != self._item:
            self._item, self._printed = frame.item, []
            if frame.header is not None:
                self.console.print(frame.header)
                self.console.print()
        for block in frame.body:
            if not any(block is done for done in self._printed):
                self.console.print(block)
                self._printed.append(block)
        if frame.status is not None and frame.status is not self._status:
            self.console.print(frame.status)
        self._status = frame.status

    def prompt(self, frame: Frame) -> None:
        """Before reading a line: the key hint, without a newline (the answer is not echoed from a pipe)."""
        if frame.hint is not None:
            self.console.print(frame.hint, end=" ")
        self.console.file.flush()

    def answered(self) -> None:
        self.console.print()


def full_screen_wanted() -> bool:
    """A full screen needs a terminal on stdin and stdout that understands cursor movement (not ``TERM=dumb``)."""
    try:
        terminals = sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False
    return terminals and os.environ.get("TERM") != "dumb"
