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

UNDO, QUIT, HELP, SUSPEND = "undo", "quit", "help", "suspend"
COMMANDS = {"u": UNDO, "q": QUIT, "?": HELP, "!": SUSPEND}
SCROLL = {"up": -1, "down": 1, "pageup": -10, "pagedown": 10, "home": -10**6, "end": 10**6}  # key -> rows

# Escape sequences worth a name; any other one is "other".
_SEQUENCES = {b"[A": "up", b"OA": "up", b"[B": "down", b"OB": "down", b"[C": "right", b"OC": "right",
              b"[D": "left", b"OD": "left", b"[5~": "pageup", b"[6~": "pagedown", b"[H": "home", b"[F": "end"}


class EndOfInput(Exception):
    """stdin ran out (or Ctrl-D): the session ends as if q had been pressed."""


def command(text: str) -> Optional[str]:
    """The session command a key or a line stands for (u undo, q quit, ? help, ! suspend), or None."""
    return COMMANDS.get(text.strip().lower())


class LineInput:
    """Scripted answers, one per line."""

    interactive = False

    def __init__(self, stream=None):
        self.stream = stream or sys.stdin

    def __enter__(self) -> "LineInput":
        return self

    def __exit__(self, *exc) -> None:
        pass

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
        self._pending = bytearray()  # bytes read but not yet turned into keys

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
        while not self._pending:
            if self._resized:
                self._resized = False
                return "resize"
            wait = 0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic()))
            if select.select([self.fd], [], [], wait)[0]:
                data = os.read(self.fd, 64)
                if not data:
                    raise EndOfInput
                self._pending += data
                while data[-1:] == b"\x1b" or _incomplete_utf8(self._pending):  # the rest is on its way
                    if not select.select([self.fd], [], [], 0.05)[0]:
                        break
                    data = os.read(self.fd, 64)
                    self._pending += data
            elif deadline is not None and time.monotonic() >= deadline:
                return None
        if self._pending[:1] == b"\x04":  # Ctrl-D: the end, as for a file; keys after it stay for the next read
            del self._pending[:1]
            raise EndOfInput
        name, used = decode_key(bytes(self._pending))
        del self._pending[:used]
        return name


def _incomplete_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data"
    return False


def decode_key(data: bytes) -> tuple[str, int]:
    """The first key in ``data`` (bytes read from a terminal) and how many bytes it took."""
    first = data[:1]
    if first == b"\x1b":
        for sequence, name in _SEQUENCES.items():
            if data[1:].startswith(sequence):
                return name, 1 + len(sequence)
        end = 1  # an unknown sequence: ESC, then [ or O, parameters, and a final byte
        if data[1:2] in (b"[", b"O"):
            end = 2
            while end < len(data) and not 0x40 <= data[end] <= 0x7E:
                end += 1
            end = min(len(data), end + 1)
        return "other", end
    if first[0] >= 0x80:  # a UTF-8 character
        need = 2 if first[0] < 0xE0 else 3 if first[0] < 0xF0 else 4
        return data[:need].decode("utf-8", "replace"), min(need, len(data))
    char = first.decode("ascii")
    if char == "\x04":
        raise EndOfInput
    return {"\r": "enter", "\n": "enter", " ": "space", "\x7f": "backspace", "\x08": "backspace"}.get(char, char), 1


def key_name(key: str) -> str:
    """A key as the learner would call it, for messages."""
    return key if len(key) == 1 and key.isprintable() else {"other": "that key"}.get(key, key)
