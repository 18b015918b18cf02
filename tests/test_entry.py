"""The entry (the console script, ``python -m fmprep``): Ctrl-C at any moment and every kind of broken standard stream
end with a message or quietly and a documented exit code, never a traceback or death by a signal.

Each test runs fmprep in a child process, as a learner's shell does."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES

QUIZ_DECK = str(FIXTURES / "quiz-deck.yaml")
# What the console script does (pip writes `from fmprep.entry import main; sys.exit(main())`), with a byte on stdout
# once Python has found and imported the entry: from that moment fmprep is in charge of Ctrl-C.
SCRIPT = "import os, sys; from fmprep.entry import main; os.write(1, b'+'); sys.argv[:] = ['fmprep'] + sys.argv[1:]; sys.exit(main())"


def fmprep(*args: str, **kwargs) -> subprocess.CompletedProcess:
    if "stdout" not in kwargs:
        kwargs.setdefault("capture_output", True)
    return subprocess.run([sys.executable, "-m", "fmprep", *args], timeout=60, **kwargs)


def in_shell(command: str, **kwargs) -> subprocess.CompletedProcess:
    """`fmprep ...` run by sh with redirections (``>&-``, ``>/dev/full``)."""
    return subprocess.run(f'"{sys.executable}" -m fmprep {command}', shell=True, capture_output=True, timeout=60,
                          **kwargs)


def assert_no_traceback(result) -> None:
    for stream in (result.stdout, result.stderr):
        assert b"Traceback" not in (stream or b""), stream


@pytest.mark.parametrize("args", [["topics"], ["--version"]])
def test_ctrl_c_at_any_moment_of_start_up_exits_130_without_a_traceback(args):
    """20 Ctrl-Cs spread over the first 150 ms (imports, building the app, the command, exiting)."""
    outcomes = []
    for n in range(20):
        delay = n * 0.150 / 19
        child = subprocess.Popen([sys.executable, "-c", SCRIPT, *args], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
        assert os.read(child.stdout.fileno(), 1) == b"+"
        time.sleep(delay)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
        assert b"Traceback" not in err and b"KeyboardInterrupt" not in err, (delay, err.decode(errors="replace"))
        # 130, or 0 when the command had already finished (then its whole output is there)
        assert child.returncode == 130 or (child.returncode == 0 and (b"fmprep " in out or b"concept" in out)), \
            (delay, child.returncode, err)
        outcomes.append(child.returncode)
    # the test did interrupt the program (a fast `--version` may be done after 40 ms on an idle machine)
    assert outcomes[0] == 130 and outcomes.count(130) >= 3, outcomes


@pytest.mark.parametrize("args", [["topics"], ["topics", "--json"], ["--help"], ["--version"], ["stats"],
                                  ["backups", "--json"], ["no-such-command"]])
def test_stdout_on_a_full_disk_is_a_message_and_exit_1(args):
    with open("/dev/full", "wb") as full:
        result = fmprep(*args, stdout=full, stderr=subprocess.PIPE)
    assert_no_traceback(result)
    if args == ["no-such-command"]:
        assert result.returncode == 2  # the usage error goes to stderr; stdout was never needed
        return
    assert result.returncode == 1, result.stderr
    assert result.stderr.decode().strip().endswith("could not write the output: No space left on device.")
    assert "Exception ignored" not in result.stderr.decode()


def test_a_reader_that_leaves_ends_fmprep_quietly(tmp_path):
    """`fmprep topics --json | head -c 1` with more output than a pipe holds (a long deck)."""
    deck = tmp_path / "long.yaml"
    text = (FIXTURES / "quiz-deck.yaml").read_text()
    deck.write_text(text.replace("title: Alpha", "title: Alpha " + "x " * 40_000, 1))
    child = subprocess.Popen([sys.executable, "-m", "fmprep", "--content", str(deck), "topics", "alpha", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout.read(1) == b"{"
    child.stdout.close()
    err = child.stderr.read()
    assert child.wait(timeout=60) == 1
    assert err == b""


def test_a_closed_stdout_is_refused_before_anything_is_done(progress_path):
    result = in_shell(f"reset --yes --progress '{progress_path}' >&-")
    assert_no_traceback(result)
    assert result.returncode == 1
    assert b"stdout is closed" in result.stderr and b">/dev/null" in result.stderr
    assert not progress_path.exists()


def test_a_closed_stdin_reads_as_no_answers(progress_path):
    result = in_shell(f"quiz --content '{QUIZ_DECK}' <&-")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert b"No answers this session." in result.stdout
    confirm = in_shell("reset <&-")  # nothing to ask on: refused, as with </dev/null
    assert confirm.returncode == 0 and b"Nothing to reset" in confirm.stdout


def test_a_closed_stderr_leaves_files_alone(progress_path, tmp_path):
    """With fd 2 closed, the progress file or its lock must not become fd 2 (an error would be written into it)."""
    from conftest import seeded

    before = seeded(progress_path)
    result = in_shell(f"--content '{QUIZ_DECK}' reset --topic no-such-topic --yes 2>&-")
    assert result.returncode == 1
    assert progress_path.read_bytes() == before
    assert not any(b"no-such-topic" in p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()
                   and p.suffix != ".yaml" and p != progress_path)


def test_invalid_utf8_on_stdin_is_a_message_and_exit_1(progress_path):
    """Answers read line by line (quiz, mock) from bytes that are not UTF-8: the locale says UTF-8, strictly."""
    for command in (["quiz"], ["mock", "--questions", "2"]):
        result = fmprep("--content", QUIZ_DECK, *command, input=b"\xff\xfe\n",
                        env={**os.environ, "PYTHONIOENCODING": "utf-8"})
        assert_no_traceback(result)
        assert result.returncode == 1, (command, result.stderr)
        assert "stdin is not utf-8 text (byte 0xff)" in result.stderr.decode(), result.stderr


@pytest.fixture(scope="session")
def latin1_locale(tmp_path_factory):
    """A real ISO-8859-1 locale (compiled with localedef when it is there), else the same stream setup by
    PYTHONIOENCODING (Latin-1, strict errors)."""
    folder = tmp_path_factory.mktemp("locale")
    if shutil.which("localedef"):
        made = subprocess.run(["localedef", "-i", "en_US", "-f", "ISO-8859-1", str(folder / "en_US.ISO-8859-1")],
                              capture_output=True, timeout=120)
        if (folder / "en_US.ISO-8859-1").exists():
            return {"LOCPATH": str(folder), "LC_ALL": "en_US.ISO-8859-1"}
    return {"PYTHONIOENCODING": "iso8859-1"}


@pytest.mark.parametrize("args", [["topics"], ["topics", "pre-training"], ["stats"], ["backups"],
                                  ["--content", QUIZ_DECK, "quiz"]])
def test_a_latin1_locale_replaces_what_it_cannot_show(args, latin1_locale, progress_path):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LANG", "LC_ALL", "LC_CTYPE")}
    env.update(latin1_locale)
    check = subprocess.run([sys.executable, "-c", "import sys; print(sys.stdout.encoding, sys.stdout.errors)"],
                           env=env, capture_output=True, text=True)
    assert check.stdout.split() == ["iso8859-1", "strict"]  # the condition that used to crash
    result = fmprep(*args, env=env, input=b"\n\n\n")
    assert_no_traceback(result)
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("latin-1").strip()
