"""`fmprep completion`: the scripts, and the completion protocol they speak, run as the shell runs it (a child
process with COMP_WORDS/COMP_CWORD for bash, _TYPER_COMPLETE_ARGS for zsh and fish)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from fmprep.commands import NAMES
from fmprep.deck import TypeName

from conftest import MINI_DECK


def complete(words: str, shell: str = "bash", env: dict | None = None) -> subprocess.CompletedProcess:
    """What `fmprep` answers when the shell asks for the completions of ``words`` (the cursor at its end)."""
    variables = {**os.environ, **(env or {}), "_FMPREP_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        split = words.split()
        variables.update(COMP_WORDS=words, COMP_CWORD=str(len(split) if words.endswith(" ") else len(split) - 1))
    else:
        variables.update(_TYPER_COMPLETE_ARGS=words, _TYPER_COMPLETE_FISH_ACTION="get-args")
    return subprocess.run([sys.executable, "-m", "fmprep"], env=variables, capture_output=True, text=True, timeout=60)


def bash(words: str, env: dict | None = None) -> list[str]:
    result = complete(words, env=env)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("shell, marks", [
    ("bash", ["_FMPREP_COMPLETE=complete_bash", "complete -o default -F _fmprep_completion fmprep"]),
    ("zsh", ["#compdef fmprep", "_FMPREP_COMPLETE=complete_zsh"]),
    ("fish", ["complete --command fmprep", "_FMPREP_COMPLETE=complete_fish"]),
])
def test_each_shell_gets_its_script(cli, shell, marks):
    result = cli("completion", shell)
    assert result.exit_code == 0
    for mark in marks:
        assert mark in result.output


def test_an_unknown_shell_is_a_usage_error_listing_the_shells(runner):
    from fmprep.cli import app

    result = runner.invoke(app, ["completion", "tcsh"])
    assert result.exit_code == 2
    assert "'tcsh' is not one of 'bash', 'zsh', 'fish'" in result.output


def test_commands_and_options_complete():
    assert bash("fmprep ") == list(NAMES)  # every command, not only the one named (cli.main builds one)
    assert bash("fmprep q") == ["quiz"]
    assert bash("fmprep co") == ["config", "completion"]
    assert set(bash("fmprep quiz --t")) == {"--topic", "--type"}


def test_item_kinds_complete_after_type():
    assert bash("fmprep quiz --type ") == [kind.value for kind in TypeName]
    assert bash("fmprep quiz --type ca") == ["case-study"]


def test_concept_ids_come_from_the_deck_in_use(tmp_path, mini_deck):
    from fmprep.content import load_deck
    from fmprep.paths import builtin_content

    builtin = [c.id for c in load_deck([builtin_content()]).concepts]
    assert bash("fmprep quiz --topic ") == builtin
    assert bash(f"fmprep quiz --content {mini_deck} --topic ") == ["alpha", "beta"]
    assert bash(f"fmprep --content {mini_deck} mock --topic ") == ["alpha", "beta"]
    assert bash("fmprep quiz --topic b", env={"FMPREP_CONTENT": str(mini_deck)}) == ["beta"]
    assert bash("fmprep mock --objective ", env={"FMPREP_CONTENT": str(mini_deck)}) == ["obj"]


def test_zsh_and_fish_get_ids_with_titles_that_a_shell_cannot_run(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(MINI_DECK.replace("title: Alpha", 'title: "Alpha $(touch pwned) `id` \\"q\\" \\\\ ;x"'),
                    encoding="utf-8")
    env = {"FMPREP_CONTENT": str(deck)}
    zsh = complete("fmprep quiz --topic a", "zsh", env)
    assert zsh.returncode == 0 and zsh.stdout.startswith("_arguments '*: :((") and '"alpha":"Alpha' in zsh.stdout
    for dangerous in ("$(", "`", "\\"):
        assert dangerous not in zsh.stdout
    fish = complete("fmprep quiz --topic a", "fish", env)
    assert fish.stdout.startswith("alpha\tAlpha touch pwned id q x\n")


def test_a_deck_that_cannot_be_read_completes_nothing_and_prints_no_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("items: [\n", encoding="utf-8")
    assert bash(f"fmprep quiz --content {bad} --topic ") == []
    assert bash("fmprep quiz --topic ", env={"FMPREP_CONFIG": str(bad)}) == []  # a bad config file too


@pytest.mark.skipif(not os.path.exists("/bin/bash"), reason="needs bash")
def test_the_bash_script_completes_in_bash(cli, tmp_path, mini_deck):
    script = tmp_path / "fmprep.bash"
    script.write_text(cli("completion", "bash").output, encoding="utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "fmprep").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m fmprep "$@"\n', encoding="utf-8")
    (bin_dir / "fmprep").chmod(0o755)
    line = (f'source "{script}"; COMP_WORDS=(fmprep quiz --content "{mini_deck}" --topic ""); COMP_CWORD=5; '
            '_fmprep_completion fmprep; printf "%s\\n" "${COMPREPLY[@]}"')
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["/bin/bash", "--norc", "-c", line], env=env, capture_output=True, text=True, timeout=60)
    assert result.stdout.split() == ["alpha", "beta"], result.stderr
