from __future__ import annotations

import sys

import platformdirs
import pytest

from fmprep import paths


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is computed only on Linux")
@pytest.mark.parametrize("xdg", [True, False])
def test_default_folders_agree_with_platformdirs(monkeypatch, tmp_path, xdg):
    if xdg:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    else:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    assert paths.default_progress() == platformdirs.user_data_path("fmprep", appauthor=False) / "progress.json"
    assert paths.cache_dir() == platformdirs.user_cache_path("fmprep", appauthor=False)


def test_the_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("FMPREP_NO_CACHE", "1")
    assert paths.cache_dir() is None


def test_folders_fmprep_creates_are_private_whatever_the_umask(cli, isolated_home, monkeypatch):
    """Issue 12, 6: under `umask 000` the cache folder was world-writable (and anyone could plant an entry)."""
    import os

    from conftest import seeded

    monkeypatch.delenv("FMPREP_PROGRESS")  # the default place, under XDG_DATA_HOME
    progress = paths.default_progress()
    old = os.umask(0)
    try:
        assert cli("topics").exit_code == 0  # creates the cache folder
        assert cli("exam", "2027-01-15").exit_code == 0  # creates the data folder and the progress file
        seeded(progress)
        assert cli("reset", "--yes").exit_code == 0  # creates the backup folder
    finally:
        os.umask(old)
    created = [isolated_home / ".cache", isolated_home / ".cache" / "fmprep", isolated_home / ".local",
               isolated_home / ".local" / "share", progress.parent, progress.with_name("progress.json.backups")]
    for folder in created:
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    assert progress.stat().st_mode & 0o077 == 0
