"""What the commands share: global options before or after the command and from the environment, the clock, the
random sources, confirmation."""

from __future__ import annotations

import os


def test_content_option_works_before_or_after_the_command_and_from_the_environment(cli, mini_deck):
    for args, env in ((["--content", str(mini_deck), "topics"], None), (["topics", "--content", str(mini_deck)], None),
                      (["topics"], {"FMPREP_CONTENT": str(mini_deck)})):
        result = cli(*args, env=env)
        assert result.exit_code == 0, result.output
        assert "Alpha" in result.output and "pre-training" not in result.output


def test_content_variable_takes_several_paths(cli, tmp_path, mini_deck):
    extra = tmp_path / "extra.yaml"
    extra.write_text("objectives:\n  - id: extra\n    title: Extra objective\n")
    result = cli("validate", env={"FMPREP_CONTENT": os.pathsep.join([str(mini_deck), str(extra)])})
    assert result.exit_code == 0, result.output
    assert "2 files, 2 objectives" in result.output
