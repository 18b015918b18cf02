"""The standard streams, made safe once, at the entry (:mod:`fmprep.entry`), before any command runs.

- A closed stdin, stdout or stderr (``<&-``, ``>&-``) gets ``/dev/null`` in its place, so that no file fmprep opens
  takes its number; a closed stdin then reads as empty, and a closed stdout is refused with a message.
- stdout writes what the locale can encode and replaces the rest (a Latin-1 locale never fails on a ``✓``).
- stdin bytes that are not text in the locale's encoding are an error that names the byte (exit 1).
- A write to stdout that fails (``>/dev/full``, a reader that left) raises :class:`OutputError`;
  :func:`fmprep.cli.handled` and :func:`finish` turn it into exit 1 (quietly when the reader left).

Only modules that Python has loaded before any program runs are imported here: this runs before typer and rich.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys

INPUT_ERRORS = "fmprep.input"


class OutputError(Exception):
    """Writing to stdout failed (``errno`` says why); what was printed cannot all have reached the reader."""

    def __init__(self, cause: OSError):
        super().__init__(cause.strerror or str(cause))
        self.errno = cause.errno


class _Output(io.FileIO):
    """stdout's file descriptor: every byte is written (or the failure raised), also when a pipe takes only part."""

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        done = 0
        try:
            while done < len(view):
                written = super().write(view[done:])
                if not written:  # None: a non-blocking stdout that is full
                    raise BlockingIOError(errno.EAGAIN, "the output is not being read")
                done += written
        except OSError as exc:
            raise OutputError(exc) from None
        return done


def _not_text(exc: UnicodeDecodeError):
    from fmprep.errors import FmprepError

    byte = exc.object[exc.start:exc.start + 1].hex()
    raise FmprepError(f"the input on stdin is not {exc.encoding} text (byte 0x{byte}); "
                      "answers are read as text in that encoding, one per line")


def _closed(fd: int) -> bool:
    try:
        os.fstat(fd)
        return False
    except OSError:
        return True


def _devnull_on(fd: int) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    if null != fd:
        os.dup2(null, fd)
        os.close(null)


def prepare() -> str | None:
    """Make the streams safe; returns a problem that stops the program (a closed stdout), else None."""
    closed = [fd for fd in (0, 1, 2) if _closed(fd)]
    for fd in closed:
        _devnull_on(fd)
    if 2 in closed or sys.stderr is None:
        sys.stderr = open(2, "w", errors="backslashreplace", closefd=False)
    if 1 in closed or sys.stdout is None:
        return ("stdout is closed, so nothing could be shown; nothing was done. "
                "To throw the output away, send it to /dev/null (>/dev/null) instead of closing it.")
    if 0 in closed or sys.stdin is None:
        sys.stdin = open(0, encoding="utf-8", closefd=False)
    codecs.register_error(INPUT_ERRORS, _not_text)
    if isinstance(sys.stdin, io.TextIOWrapper) and sys.stdin.errors == "strict":
        sys.stdin.reconfigure(errors=INPUT_ERRORS)
    out = sys.stdout
    if isinstance(out, io.TextIOWrapper):
        out.flush()
        raw = _Output(out.fileno(), "w", closefd=False)
        buffered = isinstance(out.buffer, io.BufferedWriter)  # not with python -u / PYTHONUNBUFFERED
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw) if buffered else raw, encoding=out.encoding,
                                      errors="replace" if out.errors == "strict" else out.errors,
                                      line_buffering=out.line_buffering, write_through=out.write_through)
    return None


def complain(message: str) -> None:
    """A message on stderr, without rich (it may not be imported) and without failing if stderr fails too."""
    try:
        sys.stderr.write(f"fmprep: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def output_failed(exc: OutputError) -> None:
    """stdout cannot be written: say so (unless the reader simply left) and throw away what is still buffered."""
    _devnull_on(1)
    if exc.errno != errno.EPIPE:
        complain(f"could not write the output: {exc}.")


def finish(code: int) -> int:
    """Flush stdout and stderr now, while a failure can still become a message and an exit code."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OutputError as exc:
        output_failed(exc)
        code = code or 1
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        _devnull_on(2)
    return code
