"""Key input: bytes from a terminal turned into key names (``decode_key``), ``TtyInput`` through a pipe and a real
pty, and the session commands."""

from __future__ import annotations

import os
import signal

import pytest

from fmprep import keys as keys_module
from fmprep.keys import HELP, QUIT, UNDO, EndOfInput, TtyInput, decode_key


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


# -- decode_key and a real pty --------------------------------------------------------------------------------

def all_keys(data: bytes) -> list[str]:
    """Every key in one read, as the key loop takes them: decode the first, drop its bytes, again."""
    keys = []
    while data:
        name, used = decode_key(data)
        assert used > 0
        keys.append(name)
        data = data[used:]
    return keys


@pytest.mark.parametrize("data, key", [
    (b"\x1b[A", "up"), (b"\x1bOA", "up"), (b"\x1b[B", "down"), (b"\x1bOB", "down"),
    (b"\x1b[C", "right"), (b"\x1b[D", "left"), (b"\x1b[5~", "pageup"), (b"\x1b[6~", "pagedown"),
    (b"\x1b[H", "home"), (b"\x1b[F", "end"),
    (b"\r", "enter"), (b"\n", "enter"), (b" ", "space"), (b"\x7f", "backspace"), (b"\x08", "backspace"),
    (b"a", "a"), (b"Q", "Q"), (b"?", "?"),
])
def test_one_key(data, key):
    assert decode_key(data) == (key, len(data))


def test_unknown_sequences_are_one_key_named_other():
    assert decode_key(b"\x1b[1;5A") == ("other", 6)  # Ctrl-Up: parameters, then the final byte
    assert decode_key(b"\x1b[15~x") == ("other", 5)  # F5, then x
    assert decode_key(b"\x1b") == ("other", 1)  # Esc alone
    assert all_keys(b"\x1bx") == ["other", "x"]


def test_several_keys_in_one_read():
    assert all_keys(b"ab\r") == ["a", "b", "enter"]
    assert all_keys(b"\x1b[A\x1b[A\x1b[6~q") == ["up", "up", "pagedown", "q"]
    assert all_keys("1b 2é\r".encode()) == ["1", "b", "space", "2", "é", "enter"]


@pytest.mark.parametrize("char", ["é", "€", "ß", "🙂", "漢"])
def test_utf8_characters_are_one_key(char):
    data = char.encode("utf-8")
    assert decode_key(data + b"x") == (char, len(data))


def test_a_utf8_character_cut_short_is_not_taken_for_more_bytes_than_there_are():
    name, used = decode_key("€".encode()[:2])
    assert used == 2 and name == "\ufffd"


def test_decode_ctrl_d_ends_input():
    with pytest.raises(EndOfInput):
        decode_key(b"\x04")
    with pytest.raises(EndOfInput):
        all_keys(b"a\x04")


# -- TtyInput on a pseudo-terminal ------------------------------------------------------------------------------
@pytest.fixture
def tty():
    master, slave = os.openpty()
    keys = TtyInput(slave)
    with keys:
        yield master, keys
    os.close(master)
    os.close(slave)


def test_tty_keys_come_one_at_a_time(tty):
    master, keys = tty
    os.write(master, b"a\x1b[B" + "é".encode() + b" ")
    assert [keys.key(timeout=1) for _ in range(4)] == ["a", "down", "é", "space"]
    assert keys.key(timeout=0.05) is None


def test_tty_a_resize_is_a_key(tty):
    _, keys = tty
    os.kill(os.getpid(), signal.SIGWINCH)
    assert keys.key(timeout=1) == "resize"
    assert keys.key(timeout=0.05) is None  # once


def test_tty_ctrl_d_ends_input(tty):
    master, keys = tty
    os.write(master, b"\x04")
    with pytest.raises(EndOfInput):
        keys.key(timeout=1)
