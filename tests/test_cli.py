"""The `fmprep` command line itself: the version, usage errors, errors as exit codes, the same messages from
every command."""

from __future__ import annotations

from fmprep import __version__

from conftest import FIXTURES


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"fmprep {__version__}"


def test_every_command_meets_bad_content_with_the_same_messages(cli):
    bad = str(FIXTURES / "bad" / "duplicate-key.yaml")
    expected = "duplicate-key.yaml:5:5: duplicate key 'title'"
    for args in (["topics"], ["topics", "x"], ["validate"]):
        result = cli("--content", bad, *args)
        assert result.exit_code == 1, args
        assert expected in result.output


def test_usage_errors_exit_2(cli):
    assert cli("topics", "--no-such-option").exit_code == 2
    assert cli("no-such-command").exit_code == 2
