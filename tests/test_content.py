"""Loading content: finding the files under the paths given, reading them, and the one way to a Deck."""

from __future__ import annotations

import pytest

from fmprep.content import load_deck
from fmprep.errors import ContentError


def test_missing_path_and_empty_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ContentError) as info:
        load_deck([tmp_path / "nope.yaml", tmp_path / "empty"])
    messages = sorted(p.message for p in info.value.problems)
    assert any("no such file or folder" in m for m in messages)
    assert any("holds no .yaml" in m for m in messages)


def test_folders_are_read_recursively_in_name_order(tmp_path):
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "b.yml").write_text("objectives:\n  - id: second\n    title: Second\n")
    (tmp_path / "a.yaml").write_text("objectives:\n  - id: first\n    title: First\n")
    (tmp_path / "notes.txt").write_text("not yaml: [")
    deck = load_deck([tmp_path])
    assert [o.id for o in deck.objectives] == ["first", "second"]


def test_content_files_expands_folders_and_reports_missing_paths(tmp_path):
    from fmprep.content import content_files

    (tmp_path / "d" / "sub").mkdir(parents=True)
    (tmp_path / "d" / "sub" / "b.yml").write_text("")
    (tmp_path / "d" / "a.yaml").write_text("")
    (tmp_path / "d" / "c.json").write_text("")
    single = tmp_path / "single.yaml"
    single.write_text("")
    files, problems = content_files([tmp_path / "d", single, tmp_path / "missing"])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["d/a.yaml", "d/sub/b.yml", "single.yaml"]
    assert [(p.file, p.message.split(";")[0]) for p in problems] == [(str(tmp_path / "missing"), "no such file or folder")]


def test_load_deck_without_a_cache_folder_writes_nothing(tmp_path, mini_deck):
    before = sorted(p for p in tmp_path.rglob("*"))
    deck = load_deck([mini_deck])
    assert [c.id for c in deck.concepts] == ["alpha", "beta"]
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_an_unreadable_file_is_a_content_problem(mini_deck, monkeypatch):
    import os

    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path) == str(mini_deck):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)  # as chmod 0 would, even for root
    with pytest.raises(ContentError, match="cannot read the file: Permission denied"):
        load_deck([mini_deck])
