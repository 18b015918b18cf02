"""Loading content: finding the files under the paths given, reading them, and the one way to a Deck."""

from __future__ import annotations

import os

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


def test_a_huge_content_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """Issue 12, 5: a 6 GB `--content` file was read whole (31 s, 6.3 GB) before the size limit was checked."""
    import os
    import time

    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(6 * 1024**3)  # sparse: takes no disk space, but reading it would take 6 GB
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    start = time.monotonic()
    with pytest.raises(ContentError, match="over the limit of 4,194,304 bytes"):
        load_deck([huge])
    assert time.monotonic() - start < 5 and read == []


def test_reads_are_bounded_whatever_size_the_file_claims(tmp_path, monkeypatch):
    """At most limit + 1 bytes are read, even from a file that says it is small (one that grows, /proc, ...)."""
    from fmprep.atomicfile import TooLargeError, read_regular

    path = tmp_path / "growing.yaml"
    path.write_bytes(b"x" * 1000)
    real_stat, real_fstat = os.stat, os.fstat

    def small(status):
        fields = list(status)
        fields[6] = 10  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "stat", lambda *a, **k: small(real_stat(*a, **k)))
    monkeypatch.setattr(os, "fstat", lambda fd: small(real_fstat(fd)))
    read = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(TooLargeError):
        read_regular(path, 50)
    assert sum(read) <= 51
    assert read_regular(path, 1000)[0] == b"x" * 1000


def test_a_fifo_given_as_content_is_a_problem_not_a_hang(tmp_path):
    """Issue 12, 5: things that are not regular files."""
    fifo = tmp_path / "deck.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ContentError, match="not a file or folder"):
        load_deck([fifo])


def test_a_file_removed_between_listing_and_reading_is_skipped(tmp_path, monkeypatch):
    """The folder changes during the scan: the deck is what is there when it is read, never a FileNotFoundError."""
    from pathlib import Path

    (tmp_path / "a.yaml").write_text("objectives:\n  - id: first\n    title: First\n")
    (tmp_path / "b.yaml").write_text("objectives:\n  - id: second\n    title: Second\n")
    import fmprep.atomicfile

    real = fmprep.atomicfile.read_regular

    def read_then_remove_the_other(path, limit):
        data = real(path, limit)
        if Path(path).name == "a.yaml":
            (tmp_path / "b.yaml").unlink()
        return data

    monkeypatch.setattr(fmprep.atomicfile, "read_regular", read_then_remove_the_other)
    deck = load_deck([tmp_path])
    assert [o.id for o in deck.objectives] == ["first"]


def test_a_named_file_removed_before_it_is_read_is_a_problem(mini_deck, monkeypatch):
    import fmprep.atomicfile

    def gone(path, limit):
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(fmprep.atomicfile, "read_regular", gone)
    with pytest.raises(ContentError, match="removed while fmprep read it"):
        load_deck([mini_deck])


def test_a_folder_removed_during_the_scan_is_skipped_and_an_unreadable_one_is_a_problem(tmp_path, monkeypatch):
    import os
    import shutil

    from fmprep.content import content_files

    for sub in ("gone", "locked"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "x.yaml").write_text("")
    (tmp_path / "a.yaml").write_text("")
    real = os.scandir

    def racing(path="."):
        name = "" if isinstance(path, int) else os.path.basename(os.fspath(path))
        if name == "gone":
            shutil.rmtree(path)  # removed between listing its parent and scanning it
        if name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))  # as chmod 0 would, even for root
        return real(path)

    monkeypatch.setattr(os, "scandir", racing)
    files, problems = content_files([tmp_path])
    assert [f.name for f in files] == ["a.yaml"]
    assert [(p.file, p.message) for p in problems] == [
        (str(tmp_path / "locked"), "cannot read the folder: Permission denied; check its permissions")]
