"""Key input: ``TtyInput.key()`` turns the bytes a terminal sends into keys; ``LineInput.command`` reads the
commands (undo, quit, help) of a scripted line. Bytes are fed through a pipe: ``key()`` only reads its descriptor."""

from __future__ import annotations

import io
import os

import pytest

from fmprep import keys as keys_module
from fmprep.keys import HELP, QUIT, UNDO, EndOfInput, TtyInput


@pytest.fixture
def feed():
    """``feed(b"...")`` -> a TtyInput reading those bytes (and then end of input once the writer is closed)."""
    opened = []

    def make(data: bytes, close: bool = True) -> TtyInput:
        read, write = os.pipe()
        opened.extend((read, write))
        os.write(write, data)
        if close:
            os.close(write)
            opened.remove(write)
        tty = TtyInput(read)
        tty.more = lambda more: os.write(write, more)  # type: ignore[attr-defined]  # the terminal sends more
        return tty

    yield make
    for fd in opened:
        os.close(fd)


def keys(tty: TtyInput, n: int) -> list[str]:
    return [tty.key() for _ in range(n)]


def test_a_letter_and_a_digit_are_themselves(feed):
    assert keys(feed(b"aQ3?"), 4) == ["a", "Q", "3", "?"]


def test_enter_as_carriage_return_or_line_feed(feed):
    assert keys(feed(b"\r\n"), 2) == ["enter", "enter"]


def test_space_and_backspace(feed):
    assert keys(feed(b" \x7f\x08"), 3) == ["space", "backspace", "backspace"]


def test_an_arrow_key_is_one_key_and_its_sequence_is_swallowed(feed):
    tty = feed(b"\x1b[A", close=False)  # the terminal sends the whole sequence at once
    assert tty.key() == "up"
    tty.more(b"b")
    assert tty.key() == "b"  # not '[' or 'A'


def test_escape_sequences_in_a_row(feed):
    tty = feed(b"\x1b[B", close=False)
    assert tty.key() == "down"
    tty.more(b"\x1bOP")  # F1
    assert tty.key() == "other"
    tty.more(b"\r")
    assert tty.key() == "enter"


@pytest.mark.parametrize("char", ["é", "€", "😀"])  # two, three and four bytes of UTF-8
def test_a_utf8_character_is_one_key(feed, char):
    tty = feed(char.encode("utf-8") + b"x")
    assert keys(tty, 2) == [char, "x"]


def test_ctrl_d_ends_input(feed):
    tty = feed(b"a\x04b")
    assert tty.key() == "a"
    with pytest.raises(EndOfInput):
        tty.key()
    assert tty.key() == "b"  # only that key press: nothing after it is lost


def test_the_end_of_the_stream_ends_input(feed):
    tty = feed(b"z")
    assert tty.key() == "z"
    with pytest.raises(EndOfInput):
        tty.key()


@pytest.mark.parametrize("text, command", [
    ("u", UNDO), ("q", QUIT), ("?", HELP), ("U", UNDO), (" q \n", QUIT), ("Q", QUIT),
    ("", None), ("x", None), ("uq", None), ("quit", None), ("a", None),
])
def test_commands(text, command):
    assert keys_module.command(text) == command


def test_on_a_pseudo_terminal_keys_arrive_one_at_a_time_and_the_mode_is_restored():
    import pty
    import termios

    master, slave = pty.openpty()
    try:
        before = termios.tcgetattr(slave)
        with TtyInput(slave) as tty:  # cbreak: no waiting for a whole line
            os.write(master, "bé\r".encode("utf-8"))
            assert keys(tty, 3) == ["b", "é", "enter"]
        assert termios.tcgetattr(slave) == before
    finally:
        os.close(master)
        os.close(slave)
