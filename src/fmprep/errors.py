"""The one error family of fmprep. Every message is written for the learner or the content author."""

from __future__ import annotations

from typing import NamedTuple


class FmprepError(Exception):
    """A problem the user can act on. The CLI prints it and exits 1; anything else is a bug."""


class Problem(NamedTuple):
    """One content problem, at a place in a file (line and column are 1-based)."""

    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ContentError(FmprepError):
    """The content has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(self._text())

    def _text(self) -> str:
        n = len(self.problems)
        lines = [str(p) for p in self.problems]
        lines.append(f"{n} problem{'s' if n != 1 else ''} in the content; fix {'them' if n != 1 else 'it'} and run `fmprep validate` again.")
        return "\n".join(lines)


class ProgressError(FmprepError):
    """The progress file cannot be used as it is; the message says which file and the way out."""
