"""The console script (and ``python -m fmprep``): Ctrl-C and the standard streams are dealt with here, before and after
the command runs, so that neither ever ends in a traceback.

- Ctrl-C: while the program starts (importing typer and rich takes ~100 ms) and after the command has finished, there
  is nothing to lose, so a Ctrl-C leaves at once with exit 130. While the command runs it is a KeyboardInterrupt,
  which the command may clean up after and :func:`fmprep.cli.handled` turns into exit 130. The handler is set when
  this module is imported (the first thing the console script and ``python -m fmprep`` do), importing only the
  built-in ``_signal`` module. Before that runs Python's own start-up and the search for this module (15-30 ms,
  longer on a busy machine), where Python's defaults apply and nothing of fmprep's can act. Importing this module
  is running the program: nothing else imports it.
- Streams (see :mod:`fmprep.streams`): a closed stdin reads as empty, a closed stdout is refused, characters the
  locale cannot encode are replaced, bytes on stdin that are not UTF-8 text are an error with a message, and a write to
  stdout that fails (a full disk, a reader that left) ends the command with exit 1 instead of a traceback.
"""

from __future__ import annotations

import os

import _signal

EXIT_INTERRUPTED = 130


def _leave(signum, frame) -> None:
    """Ctrl-C when there is nothing to lose: end the line the terminal echoed ``^C`` on and exit 130 at once."""
    try:
        os.write(2, b"\n")
    except OSError:
        pass
    os._exit(EXIT_INTERRUPTED)


_signal.signal(_signal.SIGINT, _leave)


def main() -> int:
    try:
        from fmprep import streams

        problem = streams.prepare()
        if problem is not None:
            streams.complain(problem)
            return 1
        from fmprep.cli import main as run

        code = 0
        try:
            try:
                _signal.signal(_signal.SIGINT, _signal.default_int_handler)
                run()
            finally:
                _signal.signal(_signal.SIGINT, _leave)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except streams.OutputError as exc:  # outside a command: --help, --version, a usage error
            streams.output_failed(exc)
            code = 1
        code = streams.finish(code)
    except KeyboardInterrupt:  # only in the few instructions around the switches of handler above
        _leave(None, None)
    # Python's exit flushes nothing more (finish did) and runs no code of ours: a Ctrl-C from here on is ignored
    # rather than killing the process by signal while it exits.
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)
    return code
