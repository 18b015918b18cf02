"""`fmprep config`: every setting, its value and where it came from; `--path` prints where the config file is,
`--init` writes a commented one."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from fmprep.commands.common import ContentOpt, JsonOpt, ProgressOpt, print_json, settings


def command(
    ctx: typer.Context,
    path: Annotated[bool, typer.Option("--path", help="Print the config file's path (FMPREP_CONFIG overrides it).")] = False,
    init: Annotated[bool, typer.Option("--init", help="Write a config file with every key commented out (not over "
                                                      "an existing one).")] = False,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Your settings: each value and where it came from (option > environment > config file > default)."""
    from fmprep import settings as resolver

    file = resolver.config_path(os.environ)
    if path:
        print(file)
        return
    if init:
        _init(file)
        return
    resolved = settings(ctx, content, progress).resolved()
    values = [resolved.values[spec.key] for spec in resolver.SPECS]
    if as_json:
        print_json({"file": str(file), "found": resolved.found,
                    "settings": {v.key: {"value": _json(v.value), "origin": v.origin, "where": v.where}
                                 for v in values}})
        return
    from fmprep.console import make_console
    from fmprep.views.config import table

    rows = [{"key": v.key, "value": v.shown(), "origin": v.origin, "where": v.where} for v in values]
    make_console().print(table(rows, file, resolved.found))


def _json(value):
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value) if isinstance(value, os.PathLike) else value


def _init(file) -> None:
    from fmprep.atomicfile import atomic_write
    from fmprep.errors import FmprepError
    from fmprep.settings import TEMPLATE

    if os.path.lexists(file):
        raise FmprepError(f"{file} already exists: nothing was written. Edit it, or move it aside first.")
    try:
        file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic_write(file, TEMPLATE.encode("utf-8"), mode=0o600)
    except OSError as exc:
        raise FmprepError(f"cannot write {file} ({exc.strerror}); nothing was written.") from None
    print(f"Wrote {file}: remove the '#' in front of a setting to use it; `fmprep config` shows the result.")
