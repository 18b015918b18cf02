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
