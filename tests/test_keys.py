"""Key input: bytes from a terminal turned into key names (``decode_key``), and ``TtyInput`` on a real pty."""

from __future__ import annotations

import os
import signal

import pytest

from fmprep.keys import EndOfInput, TtyInput, decode_key


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


def test_ctrl_d_ends_input():
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
