"""One output path for every string that came from a file: a hostile deck and a hostile progress file (a clipboard
write, a title change, a screen clear, a C1 CSI, bidi overrides and marks, line breaks and tabs) through every
command, in text and in ``--json``: no escape, C1 or bidi character reaches stdout or stderr, JSON keeps the text
(escaped, so it reads back the same), and a line break in content never breaks a table row."""

from __future__ import annotations

import json
import re

import pytest

from fmprep.progress import CardState, Progress, Review, encode

from conftest import FIXTURES

# What a YAML double-quoted string can carry: OSC 52 (write the clipboard), OSC 0 (window title), ED (clear screen),
# a C1 CSI and NEL, right-to-left override, left-to-right isolate, right-to-left mark, a line break and a tab.
HOSTILE_YAML = r"\e]52;c;SGVsbG8=\a\e]0;pwned\a\e[2J\x9b\u202e\u2066\u200f\x85\n\tEND"
HOSTILE = "\x1b]52;c;SGVsbG8=\x07\x1b]0;pwned\x07\x1b[2J\x9b\u202e\u2066\u200f\x85\n\tEND"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")
HOSTILE_ID = "old\x1b]52;c;SGVsbG8=\x07\x1b]0;pwned\x07\x1b[2J\x9b\u202e.item"
NOW = "2026-11-25T09:00:00+00:00"
KEYS = "title|summary|example|front|back|prompt|answer|explanation|scenario|text|why"


@pytest.fixture
def hostile_deck(tmp_path) -> str:
    """The quiz deck with the hostile tail on every text field."""
    text = (FIXTURES / "quiz-deck.yaml").read_text()
    text = re.sub(rf"(^\s*-?\s*)({KEYS}): ([^\"\[{{\n][^\n]*)$",
                  lambda m: f'{m[1]}{m[2]}: "{m[3]}{HOSTILE_YAML}"', text, flags=re.M)
    text = re.sub(rf"([{{,] )({KEYS}): ([^,}}\"\n]+)", lambda m: f'{m[1]}{m[2]}: "{m[3]}{HOSTILE_YAML}"', text)
    text = re.sub(r"(key_points|steps): \[([^\]]+)\]",
                  lambda m: f"{m[1]}: [" + ", ".join(f'"{s.strip()}{HOSTILE_YAML}"' for s in m[2].split(",")) + "]", text)
    path = tmp_path / "hostile.yaml"
    path.write_text(text)
    return str(path)


def hostile_progress(path, damaged: bool = False) -> None:
    """Progress on the quiz deck plus an item (no longer in the deck) whose id is hostile; damaged: its card is bad."""
    progress = Progress()
    for n, item in enumerate(("card", "mc", HOSTILE_ID)):
        progress.cards[item] = CardState(2, None, 2.0 + n, 5.0, 1_800_000_000, 1_790_000_000)
        progress.reviews.append(Review(item, 1_790_000_000 + n, 3, 1200))
    data = json.loads(encode(progress))
    if damaged:
        data["cards"][HOSTILE_ID] = ["bad"]
    path.write_text(json.dumps(data))


def assert_clean(result, args) -> str:
    out = result.stdout + (result.stderr or "")
    found = FORBIDDEN.findall(out)
    assert not found, (args, found, out[:2000])
    assert "Traceback" not in out
    return result.stdout


TEXT_COMMANDS = [["topics"], ["topics", "alpha"], ["stats"], ["validate"], ["validate", "--lint"], ["exam"],
                 ["backups"], ["mock", "--history"], ["reset"]]
JSON_COMMANDS = [["topics", "--json"], ["topics", "alpha", "--json"], ["stats", "--json"], ["validate", "--json"],
                 ["validate", "--lint", "--json"], ["backups", "--json"], ["mock", "--history", "--json"]]


@pytest.mark.parametrize("args", TEXT_COMMANDS + JSON_COMMANDS, ids=" ".join)
def test_every_command_keeps_control_and_bidi_characters_off_the_terminal(cli, hostile_deck, progress_path, args):
    hostile_progress(progress_path)
    result = cli("--content", hostile_deck, *args, env={"FMPREP_NOW": NOW})
    assert result.exit_code in (0, 1), result.output
    out = assert_clean(result, args)
    if "--json" in args:
        json.loads(out)  # still JSON, every escape valid


def test_json_keeps_the_text_escaped_and_it_reads_back_the_same(cli, hostile_deck):
    result = cli("--content", hostile_deck, "topics", "alpha", "--json")
    out = assert_clean(result, "topics alpha --json")
    assert "\\u001b]52" in out and "\\u009b" in out and "\\u202e" in out and "\\u200f" in out and "\\u0085" in out
    data = json.loads(out)
    assert data["title"] == "Alpha" + HOSTILE
    assert data["key_points"] == ["Alpha point" + HOSTILE]


def test_quiz_and_mock_sessions_show_hostile_content_safely(cli, hostile_deck, progress_path):
    hostile_progress(progress_path)
    env = {"FMPREP_NOW": NOW, "FMPREP_SEED": "3"}
    for args in (["quiz", "--cram"], ["quiz"], ["mock", "--questions", "4"], ["mock", "--review-last"],
                 ["mock", "--history"], ["stats"]):
        result = cli("--content", hostile_deck, *args, input="a\n\nb\n1\nq\n" * 5, env=env)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert_clean(result, args)


def test_reset_and_restore_print_ids_and_names_through_the_sanitizer(cli, hostile_deck, progress_path):
    hostile_progress(progress_path, damaged=True)
    for args in (["reset"], ["stats"], ["reset", "--yes"], ["backups"], ["restore", "1", "--yes"], ["backups"],
                 ["reset", "--yes"]):
        result = cli("--content", hostile_deck, *args, env={"FMPREP_NOW": NOW})
        out = assert_clean(result, args)
        if args == ["reset"]:
            assert "cards['old\\u001b]52;c;SGVsbG8=\\u0007" in out, out  # the id named, its escapes spelled out


def test_a_line_break_or_tab_in_content_never_breaks_a_table_row(cli, hostile_deck, progress_path):
    hostile_progress(progress_path)
    rows_of = {"topics": ("Alpha", "Beta"), "topics alpha": ("card ", "mc ", "order "), "stats": ("Alpha", "Beta")}
    for command, starts in rows_of.items():
        args = command.split()
        out = assert_clean(cli("--content", hostile_deck, *args, env={"FMPREP_NOW": NOW, "COLUMNS": "400"}), args)
        rows = [line for line in out.splitlines() if line.lstrip().startswith(starts)]
        assert len(rows) >= 2, (args, out)
        for row in rows:
            assert "END" in row, (args, row)  # what followed the line break and the tab stays on the row
