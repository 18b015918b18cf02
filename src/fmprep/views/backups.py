"""`fmprep backups`: the backups of the progress file, newest first."""

from __future__ import annotations

from typing import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from fmprep.console import plain, plain_line
from fmprep.views import Breakable, Col, Measured, fit_table


def _taken(value: object) -> str:
    """``2026-11-25T09:30:00+00:00`` -> ``2026-11-25 09:30`` (UTC, as the backups command records it)."""
    return str(value)[:16].replace("T", " ")


def table(rows: Sequence[Mapping], progress_path: object, backup_dir: object) -> RenderableType:
    """The rows the `backups` command builds (number, name, taken, reason, items, reviews, readable), newest first.

    Layouts, richest first: all columns; without `taken` (the name holds the time); without `reason` too (the name
    holds it as well); without `reviews`; then one backup per block. The name is never wrapped: `fmprep restore NAME` takes it.
    """

    def build(width: int) -> RenderableType:
        if not rows:
            return Text.assemble("No backups yet of ", plain(progress_path), ". fmprep takes one a day when it writes "
                                 "progress, and one before every reset, restore or migration.")
        readable = [bool(r.get("readable")) for r in rows]
        number = Col("#", [str(r.get("number", "")) for r in rows], justify="right")
        name = Col("name", [r.get("name", "") for r in rows], style="cyan")
        taken = Col("taken (UTC)", [_taken(r.get("taken", "")) for r in rows])
        reason = Col("reason", [r.get("reason", "") for r in rows])
        items = Col("items", [str(r.get("items")) if ok else Text("unreadable", style="red")
                              for r, ok in zip(rows, readable)], justify="right")
        reviews = Col("reviews", [str(r.get("reviews")) if ok else "" for r, ok in zip(rows, readable)],
                      justify="right")
        layouts = [[number, name, taken, reason, items, reviews], [number, name, reason, items, reviews],
                   [number, name, items, reviews], [number, name, items]]
        head = Col("", [Text.assemble((f"{r.get('number', '')}  ", "bold"), plain_line(r.get("name", ""), "cyan"))
                        for r in rows])
        return Group(
            Breakable(f"Backups of {progress_path} (in {backup_dir}):"),
            fit_table(layouts, width, fallback=[head, taken, reason, items, reviews]),
            Text.assemble("Restore one with ", ("`fmprep restore NAME`", "cyan"), " (or its number)."),
        )

    return Measured(build)
