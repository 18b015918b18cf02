"""Plain terminal output: sanitized text, ANSI styles only on a colour terminal, aligned columns, wrapping.

fmprep draws its screens itself instead of through Rich: importing ``rich.console`` alone costs about 18 ms,
a quarter of the whole import floor (``import typer, rich, yaml``), and start-up time is a product feature.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from typing import Iterable, Sequence, TextIO

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

BOLD, DIM, RED, GREEN, YELLOW, BLUE, CYAN = "1", "2", "31", "32", "33", "34", "36"


def safe(text: str) -> str:
    """Replace control characters (ESC, C1, bidi overrides, tabs, newlines) so text cannot drive the terminal."""
    return _CONTROL.sub("\ufffd", text)


def cell_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide East Asian characters count 2, combining marks 0."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap


def wrap(text: str, width: int) -> list[str]:
    """Word-wrap one paragraph to ``width`` columns (words longer than a line are split)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while cell_width(word) > width:
            if line:
                lines.append(line)
                line = ""
            cut = width
            while cell_width(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if cell_width(candidate) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


def colour_wanted(stream: TextIO) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Screen:
    """Writes lines to a stream. Content text must come in through :func:`safe` (``text`` does it)."""

    def __init__(self, stream: TextIO | None = None, width: int | None = None):
        self.stream = stream or sys.stdout
        self.colour = colour_wanted(self.stream)
        if width is None:
            import shutil

            width = shutil.get_terminal_size((100, 24)).columns
        self.width = max(40, width)

    def style(self, text: str, *codes: str) -> str:
        if not self.colour or not codes:
            return text
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"

    def text(self, text: str, *codes: str) -> str:
        """Content text, sanitized and styled."""
        return self.style(safe(text), *codes)

    def line(self, *parts: str) -> None:
        self.stream.write("".join(parts) + "\n")

    def paragraph(self, text: str, indent: str = "", first: str | None = None, codes: tuple[str, ...] = ()) -> None:
        """Sanitized, wrapped text; ``first`` replaces the indent on the first line (e.g. a bullet)."""
        lead = indent if first is None else first
        for line in wrap(safe(text), self.width - max(cell_width(indent), cell_width(lead))):
            self.line(lead, self.style(line, *codes))
            lead = indent

    def table(self, headers: Sequence[str], rows: Iterable[Sequence[str]], right: Sequence[int] = (),
              indent: str = "  ", styles: Sequence[tuple[str, ...]] = ()) -> None:
        """Aligned columns; cells are sanitized. ``right`` lists right-aligned column numbers."""
        rows = [[safe(str(cell)) for cell in row] for row in rows]
        widths = [max([cell_width(h)] + [cell_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
        gap = "  "

        def render(cells: Sequence[str], codes_for) -> str:
            out = []
            for i, cell in enumerate(cells):
                text = pad(cell, widths[i], right=i in right) if i < len(cells) - 1 or i in right else cell
                out.append(self.style(text, *codes_for(i)))
            return indent + gap.join(out)

        self.line(render(headers, lambda i: (BOLD,)))
        for row in rows:
            self.line(render(row, lambda i: styles[i] if i < len(styles) else ()))


def error(message: str) -> None:
    """An error for the learner: to stderr, sanitized, red on a colour terminal."""
    screen = Screen(sys.stderr, width=100)
    for line in message.splitlines() or [""]:
        screen.line(screen.text(line, RED))
