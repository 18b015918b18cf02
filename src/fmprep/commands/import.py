"""`fmprep import csv FILE --out deck.yaml`: a spreadsheet of flashcards or multiple-choice questions as a deck file.
Reads FILE; writes only --out, whole or not at all."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from fmprep.console import say


class Format(str, Enum):
    CSV = "csv"


def command(
    format: Annotated[Format, typer.Argument(metavar="csv", case_sensitive=False, show_default=False,
                                             help="csv (comma, semicolon or tab separated; UTF-8).")],
    file: Annotated[Path, typer.Argument(metavar="FILE", show_default=False, help="The sheet to import.")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", show_default=False,
                                      help="The deck file to write (YAML).")],
    concept: Annotated[Optional[str], typer.Option("--concept", metavar="ID", show_default=False,
                                                   help="The id of the concept the file declares for its items "
                                                        "(default: from FILE's name).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
) -> None:
    """Turn a sheet (front, back; or question, options, answer, explanation) into a deck file."""
    from fmprep.errors import FmprepError
    from fmprep.importing import concept_id_for, import_sheet
    from fmprep.targets import check_target, write_target

    check_target(out, force)
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise FmprepError(f"no such file: {file}") from None
    except IsADirectoryError:
        raise FmprepError(f"{file} is a folder; give the sheet's file (.csv, .tsv or .txt)") from None
    except OSError as exc:
        raise FmprepError(f"cannot read {file}: {exc.strerror or exc}") from None
    result = import_sheet(data, file.name, concept or concept_id_for(file.stem), out.name)
    write_target(out, result.yaml_text.encode("utf-8"), force)
    parts = [f"{n} {what}{'s' if n != 1 else ''}" for n, what in ((result.flashcards, "flashcard"),
                                                                 (result.questions, "question")) if n]
    say(f"Wrote {' and '.join(parts)} to {out}. Study them with `fmprep --content {out} quiz`.")
