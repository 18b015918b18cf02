"""Finding and reading content files: the part of loading that every run needs, kept free of the YAML reader."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from fmprep.errors import Problem

YAML_SUFFIXES = (".yaml", ".yml")


def content_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand files and folders (recursively, sorted) into YAML files."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(str(path), 1, 1, "folder holds no .yaml or .yml files; point --content at a deck"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or folder; check the path given to --content or FMPREP_CONTENT"))
    return files, problems


def read_sources(paths: Iterable[Path]) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    """The (file name, bytes) of every content file under ``paths``, and the problems met finding them."""
    files, problems = content_files(paths)
    sources = []
    for file in files:
        try:
            sources.append((str(file), file.read_bytes()))
        except OSError as exc:
            problems.append(Problem(str(file), 1, 1, f"cannot read the file: {exc.strerror or exc}"))
    return sources, problems
