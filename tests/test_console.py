"""fmprep.console: sanitizing, consoles without escape codes unless colour is wanted, width rules, errors."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text

from fmprep import console as fc

from conftest import REPO

CONTROLS = ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x0d", "\x1b", "\x1f", "\x7f", "\x80", "\x85", "\x9b", "\x9d",
            "\x9f", "\u202a", "\u202b", "\u202d", "\u202e", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f",
            "\u061c", "\udc9b", "\ud800"]
KEPT = ["a", " ", "\t", "\n", "é", "中", "\u00a0", "\u202f", "\u2065", "\u206a", "\ufffd", "[", ":", "\u200d",
        "\u2010", "\U0001f600"]


class FakeTTY(io.StringIO):
    """A stream that says it is a terminal (Rich and colour_wanted both ask isatty())."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def colour_env(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLUMNS", raising=False)
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("char", CONTROLS)
def test_safe_replaces_every_control_character(char):
    assert fc.safe(f"a{char}b") == "a\ufffdb"


@pytest.mark.parametrize("char", KEPT)
def test_safe_keeps_ordinary_text_tabs_and_newlines(char):
    assert fc.safe(f"a{char}b") == f"a{char}b"


@given(st.text())
def test_safe_leaves_no_control_character_and_keeps_the_rest(text):
    out = fc.safe(text)
    assert len(out) == len(text)
    for before, after in zip(text, out):
        bad = before in "".join(map(chr, [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0),
                                          *range(0x202a, 0x202f), *range(0x2066, 0x206a)]))
        assert after == ("\ufffd" if bad else before)


def test_plain_is_sanitized_text_never_markup():
    text = fc.plain("[bold]x[/bold] :warning: \x1b[2J\tend", style="red")
    assert isinstance(text, Text)
    assert text.plain == "[bold]x[/bold] :warning: \ufffd[2J end"
    assert str(text.style) == "red" and not text.spans


def test_colour_wanted_only_on_a_terminal(colour_env, monkeypatch):
    assert fc.colour_wanted(FakeTTY()) is True
    assert fc.colour_wanted(io.StringIO()) is False
    assert fc.colour_wanted(None) is False
    monkeypatch.setenv("TERM", "dumb")
    assert fc.colour_wanted(FakeTTY()) is False
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("NO_COLOR", "1")
    assert fc.colour_wanted(FakeTTY()) is False


def _styled(console) -> str:
    console.print(fc.plain("bold red", "bold red"), Text("dim", style="dim"), Text("under", style="underline"))
    return console.file.getvalue()


def test_a_colour_terminal_gets_escape_codes(colour_env):
    """The control for the tests below: the same print on a colour terminal does write escapes."""
    assert "\x1b[" in _styled(fc.make_console(file=FakeTTY(), width=80))


def test_no_escape_codes_off_a_terminal(colour_env):
    console = fc.make_console(file=io.StringIO(), width=80)
    assert console.color_system is None
    out = _styled(console)
    assert "\x1b" not in out and out == "bold red dim under\n"


@pytest.mark.parametrize("variable, value", [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_no_escape_codes_with_no_color_or_a_dumb_terminal_not_even_bold(colour_env, monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    out = _styled(fc.make_console(file=FakeTTY(), width=80))
    assert "\x1b" not in out and out == "bold red dim under\n"


def test_markup_emoji_and_highlighting_are_off():
    console = fc.make_console(file=io.StringIO(), width=80)
    assert (console._markup, console._emoji, console._highlight) == (False, False, False)
    console.print("[link=https://x]y[/link] :warning: [bold]b[/bold] 123 'str' https://example.com")
    assert console.file.getvalue() == "[link=https://x]y[/link] :warning: [bold]b[/bold] 123 'str' https://example.com\n"


def test_width_given_wins(monkeypatch):
    monkeypatch.setenv("COLUMNS", "150")
    assert fc.make_console(file=io.StringIO(), width=57).width == 57
    assert fc.make_console(file=FakeTTY(), width=57).width == 57


def test_width_off_a_terminal_is_80_or_columns(monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    assert fc.make_console(file=io.StringIO()).width == 80
    monkeypatch.setenv("COLUMNS", "abc")
    assert fc.make_console(file=io.StringIO()).width == 80
    monkeypatch.setenv("COLUMNS", "123")
    assert fc.make_console(file=io.StringIO()).width == 123


def test_width_on_a_terminal_is_read_by_rich(colour_env, monkeypatch):
    import os

    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((97, 30)))
    console = fc.make_console(file=FakeTTY())
    assert console.width == 97
    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((61, 30)))
    assert console.width == 61  # read again after a resize


@pytest.mark.parametrize("width, expected", [(40, 40), (80, 80), (100, 100), (101, 100), (200, 100)])
def test_measure_caps_at_100(width, expected):
    assert fc.MEASURE == 100
    assert fc.measure(fc.make_console(file=io.StringIO(), width=width)) == expected


def test_record_exports_what_was_printed():
    console = fc.make_console(file=io.StringIO(), width=60, record=True)
    console.print(fc.plain("hello"))
    assert console.export_text(clear=False) == "hello\n"
    assert "hello" in console.export_svg()


def test_stderr_console_writes_to_stderr(capsys):
    fc.make_console(stderr=True).print(fc.plain("to the error stream"))
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "to the error stream\n"


def test_print_error_keeps_lines_sanitizes_and_never_wraps(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    long = "no concept with id 'x'; `fmprep topics` lists them: " + ", ".join(f"concept-{n}" for n in range(20))
    fc.print_error(f"first \x1b[31mline [b]x[/b] :warning:\n\n{long}")
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.split("\n") == ["first \ufffd[31mline [b]x[/b] :warning:", "", long, ""]


def test_print_error_is_red_on_a_colour_terminal(colour_env, monkeypatch):
    stream = FakeTTY()
    monkeypatch.setattr(sys, "stderr", stream)
    fc.print_error("broken")
    assert "\x1b[31mbroken\x1b[0m" in stream.getvalue()


def test_importing_console_pulls_in_no_rich_and_a_console_only_console_and_text():
    def rich_modules(code: str) -> list[str]:
        code += "; print(' '.join(sorted(m for m in sys.modules if m.startswith('rich'))))"
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONPATH": str(REPO / "src")}).stdout.split()

    # --json output and plain lines go through the sanitizer without paying for Rich
    assert rich_modules("import sys, fmprep.console as c; c.json_text({'a': 'b'}); c.safe('x')") == []
    out = rich_modules("import sys, fmprep.console as c; c.make_console().print(c.plain('x'))")
    for heavy in ("rich.table", "rich.panel", "rich.markdown", "rich.syntax", "rich.pretty", "rich.progress",
                  "rich.traceback", "rich.columns", "rich.padding"):
        assert heavy not in out
    assert "rich.console" in out and "rich.text" in out


@pytest.mark.parametrize("char", CONTROLS)
def test_json_text_escapes_every_control_character_in_values_and_keys(char):
    import json

    data = {f"key{char}": [f"value{char}", {"deep": f"x{char}y"}], "n": 1}
    text = fc.json_text(data)
    assert char not in text
    assert f"\\u{ord(char):04x}" in text.lower() or char in "\b\f\r"  # json's own short escapes
    assert json.loads(text) == data  # the same data, escaped


@pytest.mark.parametrize("char", KEPT)
def test_json_text_keeps_ordinary_text_raw(char):
    import json

    text = fc.json_text({"k": f"a{char}b"})
    assert json.loads(text) == {"k": f"a{char}b"}
    if char not in "\t\n":
        assert f"a{char}b" in text


@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20))
def test_json_text_is_json_of_the_same_data_without_a_control_character(data):
    import json

    text = fc.json_text(data)
    assert json.loads(text) == data
    assert not fc._CONTROL.search(text.replace("\n", ""))


def test_say_prints_one_sanitized_line(capsys):
    fc.say("Backup taken:", "x\x1b]52;c;SGk=\x07\x9b\u202ey")
    assert capsys.readouterr().out == "Backup taken: x\ufffd]52;c;SGk=\ufffd\ufffd\ufffdy\n"


def test_plain_line_keeps_a_table_row_on_one_line():
    text = fc.plain_line("a\nb\tc\x1b[2J", style="bold")
    assert text.plain == "a b c\ufffd[2J"
    assert text.style == "bold"
    assert fc.plain("a\nb").plain == "a\nb"  # paragraphs keep their line breaks


@pytest.mark.parametrize("value", ["²", "¹²", "١٢٠", "abc", ""])
def test_a_columns_or_lines_value_that_is_not_ascii_digits_is_ignored(value, monkeypatch):
    """'²'.isdigit() is True, and Rich would call int() on it."""
    monkeypatch.setenv("COLUMNS", value)
    monkeypatch.setenv("LINES", value)
    stream = io.StringIO()
    console = fc.make_console(stream)
    console.print(fc.plain("hello"))
    assert stream.getvalue() == "hello\n"
    assert console.width == fc.FALLBACK_WIDTH
    tty = fc.make_console(FakeTTY())
    assert tty.size.width > 0 and tty.size.height > 0


# ---------------------------------------------------------------- lines fitted to a terminal

LONG = ("Another fmprep session is using /tmp/some/folder/progress.json (process 4242 on host, started "
        "2026-11-26 12:51:25 UTC). Finish that session first; `ps -p 4242` shows it. Nothing was changed.\n"
        "To recover, either:\n  - restore a copy of the file, if you have one (fmprep has taken no backup of it yet);")


class TTYOut(FakeTTY):
    """A terminal with a file descriptor (its size comes from the patched os.get_terminal_size)."""

    def fileno(self) -> int:
        return 1


def _words_whole(lines: list[str], text: str) -> bool:
    return " ".join(" ".join(lines).split()) == " ".join(text.split())


@pytest.mark.parametrize("width", [30, 40, 60, 80])
def test_a_terminal_gets_lines_wrapped_at_spaces_never_mid_word(monkeypatch, width):
    import os

    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((width, 20)))
    lines = fc.fitted(LONG, TTYOut())
    assert all(len(line) <= width for line in lines)  # no word of LONG is longer than 30
    assert _words_whole(lines, LONG)  # same words in the same order: none cut
    bullet = next(i for i, line in enumerate(lines) if line.startswith("  - restore"))
    assert lines[bullet + 1].startswith("    ") and not lines[bullet + 1].startswith("     ")  # hanging indent


def test_off_a_terminal_each_line_is_kept_whole(monkeypatch):
    import os

    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((40, 20)))
    assert fc.fitted(LONG, io.StringIO()) == LONG.split("\n")


def test_a_word_longer_than_the_terminal_stays_whole(monkeypatch):
    import os

    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((20, 20)))
    path = "/a/very/long/path/to/progress.json"
    assert fc.fitted(f"file {path} is damaged", TTYOut()) == ["file", path, "is damaged"]


def test_say_and_print_error_fit_the_terminal(monkeypatch, capsys):
    import os

    monkeypatch.setattr(os, "get_terminal_size", lambda fd=None: os.terminal_size((40, 20)))
    monkeypatch.setenv("NO_COLOR", "1")
    out, err = TTYOut(), TTYOut()
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    fc.say(LONG)
    fc.print_error(LONG)
    for stream in (out, err):
        lines = stream.getvalue().rstrip("\n").split("\n")
        assert max(len(line) for line in lines) <= 40 and _words_whole(lines, LONG)
