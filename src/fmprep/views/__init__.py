"""Views: pure functions from plain data to Rich renderables (no printing, no files, no clock).

Layout rules shared by every view (helpers here):
- a view lays itself out when it is printed, in ``min(console width, MEASURE)`` columns (:class:`Measured`);
- a table tries its layouts from the richest to the plainest and takes the first that fits (:func:`fit_table`):
  only one column wraps (at word boundaries), and it is never made narrower than its longest word, so no word is
  ever broken; when nothing fits, the rows are shown one under the other (label: value);
- long tokens without spaces (URLs, paths, ids) break after ``/ . - _`` rather than mid-word (:class:`Breakable`).
Every string that came from content or progress files goes through :func:`fmprep.console.plain` (table cells through
:func:`fmprep.console.plain_line`: tabs and line breaks in content become spaces, so a row never breaks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Optional, Sequence, Union

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from fmprep.console import MEASURE, plain, plain_line

Cell = Union[str, Text]
GAP = 2  # columns between two table columns
INDENT = 2  # tables and lists sit this far in under their heading


def text_of(cell: Cell, style: str = "") -> Text:
    """A cell as sanitized Text on one line (a str is content; a Text is assumed built by the view already, from
    :func:`plain_line` for content, so that a line break in content never breaks a row)."""
    if isinstance(cell, Text):
        return cell
    return plain_line(cell, style)


def longest_word(text: Text | str) -> int:
    value = text.plain if isinstance(text, Text) else text
    return max((cell_len(word) for word in value.split()), default=0)


def widest_line(text: Text | str) -> int:
    value = text.plain if isinstance(text, Text) else text
    return max((cell_len(line) for line in value.split("\n")), default=0)


class Measured:
    """Builds its renderable when printed, for ``min(available width, MEASURE)`` columns."""

    def __init__(self, build: Callable[[int], RenderableType], cap: int = MEASURE):
        self.build = build
        self.cap = cap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, min(options.max_width, self.cap))
        yield from console.render(self.build(width), options.update_width(width))

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = max(1, min(options.max_width, self.cap))
        return Measurement(1, width)


_BREAK_AFTER = re.compile(r"[^/.\-_?&=#\s]*[/.\-_?&=#\s]+|[^/.\-_?&=#\s]+$")


class Breakable:
    """Text with long tokens (URLs, paths, ids) that breaks after a space or ``/ . - _ ? & = #`` to fit a line."""

    def __init__(self, value: str, style: str = ""):
        self.text = plain(value, style)

    def pieces(self) -> list[str]:
        return [p for p in _BREAK_AFTER.findall(self.text.plain) if p]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(p) for p in self.pieces()), default=0)
        return Measurement(min(widest, options.max_width), min(cell_len(self.text.plain), options.max_width))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        style = console.get_style(self.text.style) if self.text.style else None
        line = ""
        lines: list[str] = []
        for piece in self.pieces():
            if line and cell_len(line + piece) > width:
                lines.append(line)
                line = ""
            while cell_len(piece) > width:  # a piece longer than a line: nothing better than folding it
                cut = width
                while cut > 1 and cell_len(piece[:cut]) > width:
                    cut -= 1
                lines.append(piece[:cut])
                piece = piece[cut:]
            line += piece
        if line or not lines:
            lines.append(line)
        for one in lines:
            yield Segment(one.rstrip(), style)
            yield Segment.line()


def heading(title: Cell, style: str = "bold") -> Text:
    return text_of(title, style) if not isinstance(title, Text) else title


def paragraph(value: Cell, style: str = "", indent: int = 0) -> RenderableType:
    body = text_of(value, style)
    return Padding(body, (0, 0, 0, indent), expand=False) if indent else body


def hanging(label: Cell, body: Cell, indent: int = INDENT, label_style: str = "", style: str = "") -> Table:
    """``label`` then ``body`` wrapped with a hanging indent (for bullets and ``myth:``/``fact:`` lines)."""
    grid = Table.grid(padding=(0, 1, 0, 0), pad_edge=False)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(text_of(label, label_style), text_of(body, style))
    return Padding(grid, (0, 0, 0, indent), expand=False) if indent else grid


@dataclass
class Col:
    """A table column: its header, its cells (one per row), and how it lays out."""

    header: str
    cells: Sequence[Cell]
    justify: str = "left"
    flex: bool = False  # the one column that wraps at word boundaries
    style: str = ""
    floor: int = 0  # a flexible column is not made narrower than this (or its longest word)
    texts: list[Text] = field(init=False)

    def __post_init__(self):
        self.texts = [text_of(c, self.style) for c in self.cells]

    def widest(self) -> int:
        return max([cell_len(self.header)] + [widest_line(t) for t in self.texts])

    def narrowest(self) -> int:
        return max([cell_len(self.header), self.floor] + [longest_word(t) for t in self.texts])


def layout_width(cols: Sequence[Col], width: int) -> Optional[list[int]]:
    """Column widths for ``cols`` in ``width`` cells, or None when they cannot fit without breaking a word."""
    fixed = sum(c.widest() for c in cols if not c.flex) + GAP * (len(cols) - 1)
    flexible = [c for c in cols if c.flex]
    room = width - fixed
    if not flexible:
        return [c.widest() for c in cols] if room >= 0 else None
    if len(flexible) > 1:
        raise ValueError("one flexible column at most")
    flex = flexible[0]
    if room < flex.narrowest():
        return None
    return [min(room, c.widest()) if c.flex else c.widest() for c in cols]


def build_table(cols: Sequence[Col], widths: Sequence[int], header_style: str = "bold") -> Table:
    table = Table(box=None, show_edge=False, pad_edge=False, padding=(0, GAP // 2), show_header=True,
                  header_style=header_style, expand=False, collapse_padding=False)
    for col, width in zip(cols, widths):
        table.add_column(plain(col.header), justify=col.justify, no_wrap=not col.flex, width=width,
                         min_width=width, max_width=width, overflow="fold")
    for row in zip(*(c.texts for c in cols)):
        table.add_row(*row)
    return table


def stacked(cols: Sequence[Col], width: int) -> RenderableType:
    """The plainest layout, per row: the first column on a line, then ``header value`` pairs packed into lines
    (a line breaks between pairs, not inside one); a column without a header gets a line of its own."""
    title, rest = cols[0], cols[1:]
    room = max(1, width - INDENT)
    blocks: list[RenderableType] = []
    for i, head in enumerate(title.texts):
        blocks.append(head)
        lines: list[Text] = []
        line = Text()
        for c in rest:
            value = c.texts[i]
            if not value.plain.strip():
                continue
            if not c.header:
                if line.plain:
                    lines.append(line)
                    line = Text()
                lines.append(value)
                continue
            pair = Text.assemble((f"{c.header} ", "dim"), value)
            if line.plain and cell_len(line.plain) + 3 + cell_len(pair.plain) > room:
                lines.append(line)
                line = Text()
            if line.plain:
                line.append(" · ", style="dim")
            line.append_text(pair)
        if line.plain:
            lines.append(line)
        blocks += [Padding(one, (0, 0, 0, INDENT), expand=False) for one in lines]
    return Group(*blocks)


def fit_table(layouts: Iterable[Sequence[Col]], width: int, indent: int = INDENT,
              fallback: Optional[Sequence[Col]] = None) -> RenderableType:
    """The first layout that fits ``width`` (less ``indent``) without breaking a word; else rows one under another."""
    room = width - indent
    last: Sequence[Col] = ()
    for cols in layouts:
        last = cols
        widths = layout_width(cols, room)
        if widths is not None:
            table = build_table(cols, widths)
            return Padding(table, (0, 0, 0, indent), expand=False) if indent else table
    body = stacked(fallback or last, room)
    return Padding(body, (0, 0, 0, indent), expand=False) if indent else body


def packed(parts: list[Text], room: int, sep: str = " · ") -> list[Text]:
    """``parts`` joined by ``sep`` into lines of ``room`` cells, a line breaking between two parts, never inside one
    that fits a line ("reviews" and its number stay together)."""
    lines: list[Text] = []
    line = Text()
    for part in parts:
        if line.plain and cell_len(line.plain) + cell_len(sep) + cell_len(part.plain) > room:
            lines.append(line)
            line = Text()
        if line.plain:
            line.append(sep)
        line.append_text(part)
    return lines + [line] if line.plain else lines


def percent(value: Optional[float]) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' * (n != 1)}"
