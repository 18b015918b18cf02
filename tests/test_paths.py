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
