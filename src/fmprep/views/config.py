"""`fmprep config`: every setting, its value and where it came from."""

from __future__ import annotations

from typing import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from fmprep.views import Breakable, Col, Measured, fit_table


def table(rows: Sequence[Mapping[str, str]], path: object, found: bool) -> RenderableType:
    """Rows of key, value, origin (option, environment, file, default) and where (the option, variable or line)."""

    def build(width: int) -> RenderableType:
        key = Col("setting", [r["key"] for r in rows], style="cyan")
        value = Col("value", [r["value"] for r in rows], flex=True)
        origin = Col("from", [r["origin"] for r in rows])
        where = Col("where", [r["where"] for r in rows])
        state = "" if found else " (not there: every value below comes from elsewhere; `fmprep config --init` " \
                                 "writes a commented one)"
        return Group(
            Breakable(f"Config file: {path}{state}"),
            fit_table([[key, value, origin, where], [key, value, origin]], width),
            Text("Precedence: option > environment > config file > default."),
        )

    return Measured(build)
