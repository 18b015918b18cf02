"""The README tells the truth: every command has help text and is documented."""

from __future__ import annotations

import re

import typer

from fmprep.cli import app

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands():
    group = typer.main.get_group(app)
    return group.commands


def test_every_command_has_help_and_appears_in_the_readme():
    assert commands()
    for name, command in commands().items():
        assert command.help and command.help.strip(), f"{name} has no help text"
        assert re.search(rf"^fmprep (\S+ )*{re.escape(name)}\b", README, re.M), f"README has no example of `fmprep {name}`"


def test_readme_gives_the_two_setup_commands_and_ci_uses_the_test_one():
    ci = (REPO / ".ci" / "run").read_text()
    match = re.search(r"^(python3 -m venv .*pytest.*)$", README, re.M)
    assert match, "README needs a one-line test command"
    assert match[1] in ci
    assert re.search(r"^python3 -m venv .*pip install \. .*fmprep quiz$", README, re.M)


def test_readme_content_example_is_a_valid_deck(tmp_path):
    from fmprep.loader import parse_deck

    block = re.search(r"<!-- example-deck -->\n```yaml\n(.*?)```", README, re.S)
    assert block, "README needs the complete example file marked <!-- example-deck -->"
    deck = parse_deck([("example.yaml", block[1].encode())])
    assert {item.kind for item in deck.items} >= {"flashcard", "open", "multiple-choice", "multiple-response",
                                                 "ordering", "matching", "case-study"}
