"""Key input: single key presses from a terminal, or scripted answers one per line. The only place that reads keys.

On a terminal, single keys act at once (cbreak mode: Ctrl-C still interrupts); a resize of the window is reported as
the key ``"resize"``, and a wait with a timeout that ends with no key as ``None``. When stdin is not a terminal, the
same answers are read one per line, so a session can be scripted: a line for each key press that would end a step
(an empty line is Enter), and the letters or pairs of an exam answer on one line.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

UNDO, QUIT, HELP = "undo", "quit", "help"
COMMANDS = {"u": UNDO, "q": QUIT, "?": HELP}

# Escape sequences worth a name; any other one is "other".
_SEQUENCES = {b"[A": "up", b"OA": "up", b"[B": "down", b"OB": "down", b"[C": "right", b"OC": "right",
              b"[D": "left", b"OD": "left", b"[5~": "pageup", b"[6~": "pagedown", b"[H": "home", b"[F": "end"}


class EndOfInput(Exception):
    """stdin ran out (or Ctrl-D): the session ends as if q had been pressed."""


def command(text: str) -> Optional[str]:
    """The session command a key or a line stands for (u undo, q quit, ? help), or None."""
    return COMMANDS.get(text.strip().lower())


class LineInput:
    """Scripted answers, one per line."""

    interactive = False

    def __init__(self, stream=None):
        self.stream = stream or sys.stdin

    def line(self) -> str:
        text = self.stream.readline()
        if not text:
            raise EndOfInput
        return text.rstrip("\r\n")


class TtyInput:
    """Single key presses from a terminal in cbreak mode; window resizes arrive as the key ``"resize"``."""

    interactive = True

    def __init__(self, fd: int):
        self.fd = fd
        self._saved = None
        self._resized = False
        self._old_handler = None

    def __enter__(self) -> "TtyInput":
        import signal
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        if hasattr(signal, "SIGWINCH"):
            self._old_handler = signal.signal(signal.SIGWINCH, self._on_resize)
        return self

    def __exit__(self, *exc) -> None:
        import signal
        import termios

        if self._old_handler is not None:
            signal.signal(signal.SIGWINCH, self._old_handler)
            self._old_handler = None
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def _on_resize(self, signum, frame) -> None:
        self._resized = True

    def key(self, timeout: Optional[float] = None) -> Optional[str]:
        """One key: a character, 'enter', 'space', 'backspace', 'up', 'down', 'pageup', 'pagedown', 'left',
        'right', 'home', 'end', 'other' (any other sequence), 'resize', or None when ``timeout`` seconds pass."""
        import select
        import time

        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self._resized:
                self._resized = False
                return "resize"
            wait = 0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic()))
            if select.select([self.fd], [], [], wait)[0]:
                break
            if deadline is not None and time.monotonic() >= deadline:
                return None
        data = os.read(self.fd, 1)
        return decode_key(data, lambda: os.read(self.fd, 16) if select.select([self.fd], [], [], 0.02)[0] else b"",
                          lambda n: os.read(self.fd, n))


def decode_key(first: bytes, more, exactly) -> str:
    """Name the key that starts with the byte ``first``. ``more()`` returns bytes already waiting (or b''),
    ``exactly(n)`` reads n more bytes (the rest of a UTF-8 character)."""
    if not first:
        raise EndOfInput
    if first == b"\x1b":
        rest = b""
        while True:
            chunk = more()
            if not chunk:
                break
            rest += chunk
        return _SEQUENCES.get(rest, "other") if rest else "other"
    if first[0] >= 0x80:  # the first byte of a UTF-8 character
        need = 1 if first[0] < 0xE0 else 2 if first[0] < 0xF0 else 3
        return (first + exactly(need)).decode("utf-8", "replace")
    char = first.decode("ascii")
    if char in "\r\n":
        return "enter"
    if char == " ":
        return "space"
    if char in "\x7f\x08":
        return "backspace"
    if char == "\x04":
        raise EndOfInput
    return char


def key_name(key: str) -> str:
    """A key as the learner would call it, for messages."""
    return key if len(key) == 1 and key.isprintable() else {"other": "that key"}.get(key, key)
