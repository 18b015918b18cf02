"""Loading content: the one way to get a :class:`Deck` from files, through the deck cache.

Finding and reading the files is all a cache hit needs: neither the loader nor the YAML reader is imported then.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from fmprep.errors import Problem

if TYPE_CHECKING:
    from fmprep.deck import Deck

YAML_SUFFIXES = (".yaml", ".yml")


def content_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (recursively, sorted) into YAML files. A folder that disappears while it is scanned
    is skipped like any file that is gone (the deck is what is there); one that cannot be read is a problem."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in _files_under(path, problems) if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(str(path), 1, 1, "folder holds no .yaml or .yml files; point --content at a deck"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Problem(str(path), 1, 1, "not a file or folder (a FIFO or a device?); point --content at a "
                                                      ".yaml file or a folder of them"))
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or folder; check the path given to --content or FMPREP_CONTENT"))
    return files, problems


def _files_under(folder: Path, problems: list[Problem]) -> list[Path]:
    def cannot_read(exc: OSError) -> None:
        if not isinstance(exc, FileNotFoundError):
            problems.append(Problem(str(exc.filename or folder), 1, 1,
                                    f"cannot read the folder: {exc.strerror or exc}; check its permissions"))

    return [Path(top, name) for top, _, names in os.walk(folder, onerror=cannot_read) for name in names]


def read_sources(paths: Iterable[Path]) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """The (file name, bytes) of every content file under ``paths``, and the problems met finding them. A file found
    in a folder that is gone by the time it is read is skipped, as if the scan had come a moment later."""
    from fmprep.atomicfile import TooLargeError, read_regular
    from fmprep.deck import MAX_FILE_BYTES

    paths = list(paths)
    files, problems = content_files(paths)
    sources = []
    for file in files:
        try:
            sources.append((str(file), read_regular(file, MAX_FILE_BYTES)[0]))
        except TooLargeError as exc:  # found before a byte is read
            problems.append(Problem(str(file), 1, 1, f"file is too large: {exc.strerror}; split it into smaller files"))
        except FileNotFoundError:
            if file in paths:
                problems.append(Problem(str(file), 1, 1, "the file was removed while fmprep read it; run it again"))
        except OSError as exc:
            problems.append(Problem(str(file), 1, 1, f"cannot read the file: {exc.strerror or exc}"))
    return sources, problems


def load_deck(paths: Iterable[Path], cache_dir: Path | None = None) -> "Deck":
    """Read and validate every content file under ``paths``; raise :class:`ContentError` listing all problems.
    With ``cache_dir``, a deck parsed before from exactly the same bytes is taken from the cache."""
    from fmprep import deckcache

    sources, problems = read_sources(paths)
    deck = None if problems or cache_dir is None else deckcache.lookup(cache_dir, sources)
    if deck is None:
        from fmprep.loader import parse_deck

        deck = parse_deck(sources, problems)
        if cache_dir is not None:
            deckcache.save(cache_dir, sources, deck)
    return deck
