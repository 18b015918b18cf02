"""Key input: single key presses from a terminal, or scripted answers one per line. The only place that reads keys.

On a terminal, single keys act at once (cbreak mode: Ctrl-C still interrupts). When stdin is not a terminal, the
same answers are read one per line, so a session can be scripted: a line for each key press that would end a step
(an empty line is Enter), and the letters or pairs of an exam answer on one line.
"""

from __future__ import annotations

import os
import sys
from typing import Optional, Union

from fmprep.grading import LETTERS, Hint, parse_letters
from fmprep.screen import YELLOW, Screen

UNDO, QUIT, HELP = "undo", "quit", "help"


class EndOfInput(Exception):
    """stdin ran out: the session ends as if q had been pressed."""


class LineInput:
    """Scripted answers, one per line."""

    interactive = False

    def __init__(self, stream=None):
        self.stream = stream or sys.stdin

    def line(self, screen: Screen, prompt: str) -> str:
        screen.stream.write(prompt)
        screen.stream.flush()
        text = self.stream.readline()
        screen.line()  # the answer itself is not echoed when it comes from a pipe or a file
        if not text:
            raise EndOfInput
        return text.rstrip("\r\n")

    def command(self, text: str) -> Optional[str]:
        return {"u": UNDO, "q": QUIT, "?": HELP}.get(text.strip().lower())

    def step(self, screen: Screen, prompt: str, keys: dict[str, str]) -> str:
        """One key press as a line: ``keys`` maps typed text ('' is Enter) to results."""
        while True:
            text = self.line(screen, prompt)
            key = text.strip().lower()
            if key in keys:
                return keys[key]
            if self.command(key):
                return self.command(key)  # type: ignore[return-value]
            screen.line(screen.style(f"'{text.strip()}' is not a key here. ? shows the keys.", YELLOW))

    def picks(self, screen: Screen, count: int, single: bool) -> Union[set[int], str]:
        while True:
            text = self.line(screen, "> ")
            command = self.command(text)
            if command:
                return command
            parsed = parse_letters(text, count)
            if isinstance(parsed, Hint):
                screen.line(screen.style(parsed.message, YELLOW))
                continue
            return set(parsed)

    def text(self, screen: Screen) -> str:
        text = self.line(screen, "> ")
        return self.command(text) or text


class TtyInput(LineInput):
    """Single key presses from a terminal in cbreak mode."""

    interactive = True

    def __init__(self, fd: int):
        super().__init__()
        self.fd = fd
        self._saved = None

    def __enter__(self) -> "TtyInput":
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def key(self) -> str:
        """One key: a character, 'enter', 'space', 'backspace', or 'other' (arrows, function keys...)."""
        import select

        data = os.read(self.fd, 1)
        if not data:
            raise EndOfInput
        if data == b"\x1b":  # an escape sequence: swallow the rest of it
            while select.select([self.fd], [], [], 0.02)[0]:
                os.read(self.fd, 16)
            return "other"
        if data[0] >= 0x80:  # the rest of a UTF-8 character
            need = 1 if data[0] < 0xE0 else 2 if data[0] < 0xF0 else 3
            data += os.read(self.fd, need)
            return data.decode("utf-8", "replace")
        char = data.decode("ascii")
        if char in "\r\n":
            return "enter"
        if char == " ":
            return "space"
        if char in "\x7f\x08":
            return "backspace"
        if char == "\x04":
            raise EndOfInput
        return char

    def step(self, screen: Screen, prompt: str, keys: dict[str, str]) -> str:
        screen.stream.write(prompt)
        screen.stream.flush()
        named = {"": "enter", " ": "space"}
        wanted = {named.get(k, k): v for k, v in keys.items()}
        while True:
            key = self.key()
            if key in wanted:
                screen.line()
                return wanted[key]
            command = self.command(key)
            if command:
                screen.line()
                return command
            screen.stream.write("\r\x1b[K" + screen.style(f"Not a key here ({_key_name(key)}); ? shows the keys. ", YELLOW)
                                + prompt)
            screen.stream.flush()

    def picks(self, screen: Screen, count: int, single: bool) -> Union[set[int], str]:
        chosen: list[int] = []

        def show(note: str = "") -> None:
            picked = ", ".join(LETTERS[i] for i in sorted(chosen)) or "none"
            screen.stream.write("\r\x1b[K" + f"picked: {picked}  (letters toggle, Enter submits) "
                                + (screen.style(note, YELLOW) if note else ""))
            screen.stream.flush()

        show()
        while True:
            key = self.key()
            if key == "enter":
                screen.line()
                return set(chosen)
            command = self.command(key) if not chosen or key in "uq?" else None
            if command:
                screen.line()
                return command
            if len(key) == 1 and key.lower() in LETTERS[:count]:
                index = LETTERS.index(key.lower())
                if index in chosen:
                    chosen.remove(index)
                elif single:
                    chosen[:] = [index]
                else:
                    chosen.append(index)
                show()
            else:
                show(f"{_key_name(key)} is not an option; use a to {LETTERS[count - 1]}")

    def text(self, screen: Screen) -> str:
        buffer = ""
        screen.stream.write("> ")
        screen.stream.flush()
        while True:
            key = self.key()
            if key == "enter":
                screen.line()
                return buffer
            if not buffer and self.command(key):
                screen.line()
                return self.command(key)  # type: ignore[return-value]
            if key == "backspace":
                if buffer:
                    buffer = buffer[:-1]
                    screen.stream.write("\b \b")
            elif key == "space":
                buffer += " "
                screen.stream.write(" ")
            elif len(key) == 1 and key.isprintable():
                buffer += key
                screen.stream.write(key)
            screen.stream.flush()


def _key_name(key: str) -> str:
    return key if len(key) == 1 and key.isprintable() else {"other": "that key"}.get(key, key)
