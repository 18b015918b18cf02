"""The one place that makes Rich consoles and sanitizes text for them, and the one output path for text that came
from files (content, progress ids, backup names, paths).

Every such string reaches the terminal through :func:`plain` (in Rich renderables), :func:`say` (a line of plain
text) or :func:`json_text` (``--json``): control characters (ESC, BEL, the C1 range, bidi overrides and marks, lone
surrogates from undecodable bytes) become U+FFFD in text and ``\\uXXXX`` escapes in JSON, and a ``Text`` is never
parsed as markup (``[link=...]``) or emoji (``:warning:``). Consoles are made with markup, emoji and highlighting off,
and with no colour system at all (not even bold) unless colour is wanted.

Import cost is part of start-up time: Rich is imported only when a console or a ``Text`` is made (``--json`` and
plain lines do without it); views import ``rich.table`` and friends themselves.
"""

from __future__ import annotations

import os
import re
import sys
from typing import TYPE_CHECKING, Optional, TextIO

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0 but tab and newline, DEL, C1, bidi embeddings/overrides/isolates and marks (LRM, RLM, ALM), lone surrogates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw (it escapes C0 itself).
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")

MEASURE = 100  # text is capped at this many columns on wide terminals
FALLBACK_WIDTH = 80  # off a terminal, when neither a width nor COLUMNS is given


def safe(text: str) -> str:
    """Replace control characters (ESC, BEL, C1, bidi controls, lone surrogates; not tab or newline) with U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def one_line(text: object) -> str:
    """Sanitized, with tabs and line breaks as spaces: for a table cell or a line of its own."""
    return safe(str(text)).replace("\t", " ").replace("\n", " ")


def plain(text: object, style: str = "") -> "Text":
    """Sanitized ``Text`` that is never parsed as markup or emoji. Tabs become a space (Rich measures them as 0)."""
    from rich.text import Text

    return Text(safe(str(text)).replace("\t", " "), style=style)


def plain_line(text: object, style: str = "") -> "Text":
    """:func:`plain` on one line (tabs and line breaks as spaces): for a table cell, whose row must not break."""
    from rich.text import Text

    return Text(one_line(text), style=style)


def say(*parts: object) -> None:
    """A line of plain text on stdout (no Rich), sanitized: for messages that name ids, paths or backups."""
    sys.stdout.write("\n".join(fitted(safe(" ".join(str(p) for p in parts)), sys.stdout)) + "\n")


def fitted(text: str, stream) -> list[str]:
    """``text``'s lines as they go to ``stream``: on a terminal, wrapped at spaces to its width (a line's leading
    spaces, and a ``- `` bullet's, indent what wraps), so the terminal never cuts a word; elsewhere (a pipe, a file)
    each line kept whole. A word longer than the line (a long path) stays whole: the terminal folds it."""
    lines = text.split("\n")
    width = _isatty(stream) and _terminal_columns(stream)
    if not width:
        return lines
    import textwrap

    out: list[str] = []
    for line in lines:
        lead = re.match(r" *(?:- )?", line).group()
        out += textwrap.wrap(line, width, subsequent_indent=" " * len(lead), break_long_words=False,
                             break_on_hyphens=False, drop_whitespace=True) or [line]
    return out


def _terminal_columns(stream) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 0


def json_text(data: object) -> str:
    """``data`` as indented JSON, every string (keys too) with control and bidi characters as ``\\uXXXX`` escapes."""
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _isatty(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def colour_wanted(stream: Optional[TextIO]) -> bool:
    """Colour only on a terminal, never when NO_COLOR is set (https://no-color.org) or TERM is dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return _isatty(stream)


def _columns_variable() -> Optional[int]:
    value = os.environ.get("COLUMNS", "").strip()
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else None  # not '²' (isdigit)


def make_console(file: Optional[TextIO] = None, *, width: Optional[int] = None, record: bool = False,
                 stderr: bool = False) -> "Console":
    """A console for fmprep's screens: markup, emoji and highlighting off; no escape codes unless colour is wanted.

    ``file`` defaults to stdout (or stderr with ``stderr=True``), looked up when printing. The width is the one
    given, else the terminal's (Rich reads it, and again after a resize), else ``COLUMNS``, else 80.
    """
    from rich.console import Console

    stream = file if file is not None else (sys.stderr if stderr else sys.stdout)
    colour = colour_wanted(stream)
    if width is None and not _isatty(stream):
        width = _columns_variable() or FALLBACK_WIDTH
    return Console(
        file=file,
        stderr=stderr,
        width=width,
        record=record,
        markup=False,
        emoji=False,
        highlight=False,
        color_system="auto" if colour else None,
        soft_wrap=False,
        _environ=_sizes_rich_can_read(),
    )


def _sizes_rich_can_read() -> Optional[dict]:
    """The environment for Rich without COLUMNS or LINES values that would crash it ('²' passes its isdigit())."""
    bad = [name for name in ("COLUMNS", "LINES") if not (os.environ.get(name, "0").isascii()
                                                         and os.environ.get(name, "0").isdigit())]
    return {k: v for k, v in os.environ.items() if k not in bad} if bad else None


def measure(console: "Console") -> int:
    """The width text is laid out in: the console's, capped at :data:`MEASURE`."""
    return min(console.width, MEASURE)


def print_error(message: str) -> None:
    """An error for the learner: to stderr, sanitized, red only on a colour terminal, each line kept as it is (on a
    terminal, wrapped at spaces: :func:`fitted`)."""
    console = make_console(stderr=True)
    for raw in str(message).splitlines() or [""]:
        for line in fitted(raw, sys.stderr):
            console.print(plain(line, style="red"), soft_wrap=True)
