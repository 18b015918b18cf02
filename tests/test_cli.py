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


def test_an_unreadable_progress_or_content_file_exits_1_with_a_message_not_2(cli, progress_path, mini_deck, monkeypatch):
    """chmod 000 (as root too): click's Path check (os.access) used to call it a usage error (exit 2)."""
    import os
    from pathlib import Path

    progress_path.write_text("{}")
    real = os.open

    def denied(path, flags, *args, **kwargs):
        if Path(path) in (progress_path, mini_deck) and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    monkeypatch.setattr(os, "open", denied)
    for args in (["stats"], ["reset", "--yes"], ["exam"], ["--content", str(mini_deck), "topics"],
                 ["validate", str(mini_deck)]):
        result = cli("--progress", str(progress_path), *args)
        assert result.exit_code == 1, (args, result.output)
        assert "Permission denied" in result.output
        assert "Usage:" not in result.output
