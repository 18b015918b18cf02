"""The one place that makes Rich consoles and sanitizes text for them.

Every string that came from a content file or the progress file reaches the terminal through :func:`plain`:
control characters (ESC, BEL, the C1 range, bidi overrides) become U+FFFD, and the result is a ``Text``, so it is
never parsed as markup (``[link=...]``) or emoji (``:warning:``). Consoles are made with markup, emoji and
highlighting off, and with no colour system at all (not even bold) unless colour is wanted.

Import cost is part of start-up time: only ``rich.console`` and ``rich.text`` are imported here; views import
``rich.table`` and friends themselves.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Optional, TextIO

from rich.console import Console
from rich.text import Text

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

MEASURE = 100  # text is capped at this many columns on wide terminals
FALLBACK_WIDTH = 80  # off a terminal, when neither a width nor COLUMNS is given


def safe(text: str) -> str:
    """Replace control characters (ESC, BEL, C1, bidi overrides; not tab or newline) with U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def plain(text: object, style: str = "") -> Text:
    """Sanitized ``Text`` that is never parsed as markup or emoji. Tabs become a space (Rich measures them as 0)."""
    return Text(safe(str(text)).replace("\t", " "), style=style)


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
    return int(value) if value.isdigit() and int(value) > 0 else None


def make_console(file: Optional[TextIO] = None, *, width: Optional[int] = None, record: bool = False,
                 stderr: bool = False) -> Console:
    """A console for fmprep's screens: markup, emoji and highlighting off; no escape codes unless colour is wanted.

    ``file`` defaults to stdout (or stderr with ``stderr=True``), looked up when printing. The width is the one
    given, else the terminal's (Rich reads it, and again after a resize), else ``COLUMNS``, else 80.
    """
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
    )


def measure(console: Console) -> int:
    """The width text is laid out in: the console's, capped at :data:`MEASURE`."""
    return min(console.width, MEASURE)


def print_error(message: str) -> None:
    """An error for the learner: to stderr, sanitized, red only on a colour terminal, each line kept as it is."""
    console = make_console(stderr=True)
    for line in str(message).splitlines() or [""]:
        console.print(plain(line, style="red"), soft_wrap=True)
