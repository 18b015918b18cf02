from __future__ import annotations

import os

from fmprep import deckcache
from fmprep.content import load_deck
from fmprep.content import load_deck as load_uncached


def test_a_cached_deck_equals_the_parsed_one_and_is_served_from_the_cache(tmp_path, mini_deck, monkeypatch):
    cache = tmp_path / "cache"
    first = load_deck([mini_deck], cache)
    assert first == load_uncached([mini_deck])
    assert len(list(cache.glob("deck-*.json"))) == 1

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed although the cache holds this deck")

    monkeypatch.setattr("fmprep.loader.parse_deck", no_parse)
    assert load_deck([mini_deck], cache) == first


def test_the_cache_never_serves_stale_content(tmp_path, mini_deck):
    cache = tmp_path / "cache"
    load_deck([mini_deck], cache)
    stat = mini_deck.stat()
    # Same size, same modification time: only the bytes differ.
    mini_deck.write_text(mini_deck.read_text().replace("Alpha front?", "Alpha fronT?"))
    os.utime(mini_deck, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    deck = load_deck([mini_deck], cache)
    assert deck.items[0].front == "Alpha fronT?"


def test_a_damaged_or_unwritable_cache_only_costs_a_parse(tmp_path, mini_deck):
    cache = tmp_path / "cache"
    expected = load_deck([mini_deck], cache)
    [entry] = cache.glob("deck-*.json")
    entry.write_bytes(b"\x80\x05garbage")
    assert load_deck([mini_deck], cache) == expected
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    assert load_deck([mini_deck], blocked) == expected


def test_content_errors_are_never_cached(tmp_path, mini_deck):
    import pytest

    from fmprep.errors import ContentError

    cache = tmp_path / "cache"
    mini_deck.write_text(mini_deck.read_text().replace("title: Alpha", "titel: Alpha"))
    for _ in range(2):
        with pytest.raises(ContentError):
            load_deck([mini_deck], cache)
    assert not list(cache.glob("deck-*.json"))


def test_an_entry_of_another_fmprep_version_or_other_sources_is_a_miss(tmp_path, mini_deck, monkeypatch):
    from fmprep.content import read_sources

    cache = tmp_path / "cache"
    sources, _ = read_sources([mini_deck])
    deck = load_deck([mini_deck], cache)
    assert deckcache.lookup(cache, sources) == deck
    assert deckcache.lookup(cache, [(sources[0][0], sources[0][1] + b"\n")]) is None  # other bytes
    assert deckcache.lookup(tmp_path / "empty", sources) is None
    monkeypatch.setattr(deckcache, "__version__", "0.0.0-other")
    assert deckcache.lookup(cache, sources) is None
