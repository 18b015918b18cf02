"""A program in a pseudo-terminal, seen as a person sees it: everything it writes goes through a pyte screen."""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pyte

SRC = str(Path(__file__).resolve().parent.parent / "src")
ALTERNATE = {47 << 5, 1047 << 5, 1049 << 5}  # pyte shifts private modes by 5 bits


class Screen(pyte.Screen):
    """A pyte screen with what pyte 0.8 lacks: the alternate screen (?1049h/l); and it notes every piece of text
    that ran past the right edge (a line wider than the window), since pyte would quietly wrap it."""

    def __init__(self, columns: int, lines: int):
        super().__init__(columns, lines)
        self.alternate = False
        self.overflows: list[tuple[int, str]] = []
        self._saved = None

    def draw(self, data: str) -> None:
        from wcwidth import wcswidth

        if self.cursor.x + max(0, wcswidth(data)) > self.columns:
            self.overflows.append((self.cursor.y, data))
        super().draw(data)

    def set_mode(self, *modes, **kwargs) -> None:
        if kwargs.get("private") and ALTERNATE & {m << 5 for m in modes}:
            if not self.alternate:
                self.alternate = True
                self._saved = ({y: dict(line) for y, line in self.buffer.items()}, self.cursor.x, self.cursor.y)
                self.erase_in_display(2)
            modes = tuple(m for m in modes if m << 5 not in ALTERNATE)
        super().set_mode(*modes, **kwargs)

    def reset_mode(self, *modes, **kwargs) -> None:
        if kwargs.get("private") and ALTERNATE & {m << 5 for m in modes}:
            if self.alternate:
                self.alternate = False
                lines, x, y = self._saved
                self.erase_in_display(2)
                for row, line in lines.items():
                    if row < self.lines:
                        self.buffer[row].update(line)
                self.cursor_position(min(y, self.lines - 1) + 1, min(x, self.columns - 1) + 1)
            modes = tuple(m for m in modes if m << 5 not in ALTERNATE)
        super().reset_mode(*modes, **kwargs)


class Terminal:
    """``fmprep ARGS`` in a pty of ``rows`` x ``cols``; its output is fed to a ``pyte.Screen``."""

    def __init__(self, args, env: dict, rows: int = 24, cols: int = 80, timeout: float = 10):
        self.rows, self.cols = rows, cols
        self.timeout = timeout
        self.screen = Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()  # every byte the program wrote
        env = dict(env)
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "") if env.get("PYTHONPATH") else SRC
        env.setdefault("TERM", "xterm-256color")
        self.child = pexpect.spawn(sys.executable, ["-m", "fmprep", *args], env=env, dimensions=(rows, cols),
                                   timeout=timeout)
        self.child.delaybeforesend = None  # pexpect sleeps 50 ms before each send otherwise
        self.eof = False

    # -- reading ------------------------------------------------------------------------------------------
    def _feed(self, data: bytes) -> None:
        self.raw += data
        self.stream.feed(data)

    def pump(self, wait: float = 0.05) -> bool:
        """Read what the program wrote within ``wait`` seconds into the screen; False at end of output."""
        if self.eof:
            return False
        try:
            self._feed(self.child.read_nonblocking(65536, timeout=wait))
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            self.eof = True
            return False
        return True

    def settle(self, quiet: float = 0.15, limit: float = 3) -> None:
        """Read until the program has written nothing for ``quiet`` seconds (a frame is complete)."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            before = len(self.raw)
            if not self.pump(quiet) or len(self.raw) == before:
                return

    def frame(self, limit: float = 1) -> None:
        """Read the rest of a frame: on the alternate screen each frame ends by erasing below it (ESC [J); a pty
        may hand a long frame over in pieces, and a check made halfway would see half of it."""
        self.settle(0.03, limit)
        end = time.monotonic() + limit
        while self.screen.alternate and not self.raw.endswith(b"\x1b[J") and time.monotonic() < end:
            if not self.pump(0.05):
                break

    def lines(self) -> list[str]:
        return list(self.screen.display)

    def screen_text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, text, timeout: float | None = None) -> str:
        """Wait until ``text`` (a str, or a compiled regex) is on the screen; returns the screen text."""
        end = time.monotonic() + (self.timeout if timeout is None else timeout)
        found = (lambda s: text.search(s)) if isinstance(text, re.Pattern) else (lambda s: text in s)
        while True:
            shown = self.screen_text()
            if found(shown):
                # a frame is written in one go; read the rest of it if more is on its way
                self.frame()
                shown = self.screen_text()
                if found(shown):
                    return shown
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{self.screen_text()}")
            if not self.pump(0.05) and not found(self.screen_text()):
                raise AssertionError(f"program ended; {text!r} not on screen:\n{self.screen_text()}")

    def wait_gone(self, text: str, timeout: float | None = None) -> str:
        end = time.monotonic() + (self.timeout if timeout is None else timeout)
        while text in self.screen_text():
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} still on screen:\n{self.screen_text()}")
            self.pump(0.05)
        self.frame()
        return self.screen_text()

    # -- writing ------------------------------------------------------------------------------------------
    def press(self, *keys: str, settle: bool = False) -> None:
        """Send keys (strings sent as they are: 'a', ' ', '\\r', '\\x1b[A'), one write each; with ``settle``, wait
        after each for the program to redraw (when nothing on screen is known to change)."""
        for key in keys:
            self.child.send(key)
            if settle:
                self.settle(0.08, 1)
                self.frame()

    def resize(self, rows: int, cols: int, redraw: bool = True) -> None:
        """The window changes size: pyte's screen first (what the terminal does), then the pty (SIGWINCH); with
        ``redraw``, wait for the program to draw its next frame."""
        self.settle(0.05, 0.5)
        self.rows, self.cols = rows, cols
        self.screen.resize(rows, cols)
        before = len(self.raw)
        self.child.setwinsize(rows, cols)
        if redraw:
            end = time.monotonic() + self.timeout
            while len(self.raw) == before and time.monotonic() < end and self.pump(0.05):
                pass
            assert len(self.raw) > before, f"no redraw after a resize to {rows}x{cols}"
            self.settle(0.05, 1)
            self.frame()

    # -- the end ------------------------------------------------------------------------------------------
    def finish(self, timeout: float | None = None) -> int:
        """Read to the end of output; the exit status (128+N for a signal)."""
        end = time.monotonic() + (self.timeout if timeout is None else timeout)
        while self.pump(0.1):
            if time.monotonic() > end:
                raise AssertionError(f"program still running:\n{self.screen_text()}")
        self.child.close()
        if self.child.signalstatus is not None:
            return 128 + self.child.signalstatus
        return self.child.exitstatus

    def kill(self) -> None:
        if self.child.isalive():
            self.child.kill(signal.SIGKILL)
        try:
            self.child.close(force=True)
        except Exception:
            pass
