from __future__ import annotations

import json
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


# -- issue 12: a cache that cannot run code ----------------------------------------------------------------------

def test_a_planted_pickle_in_the_cache_folder_runs_no_code(cli, tmp_path, isolated_home):
    """Issue 12, 6: the deck cache was a pickle in the user's cache folder, so a file planted there ran code on
    `fmprep topics`."""
    import pickle

    cache = isolated_home / ".cache" / "fmprep"
    marker = tmp_path / "code-ran"

    class Payload:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    assert cli("topics").exit_code == 0  # fills the cache
    [entry] = cache.glob("deck-*.json")
    payload = pickle.dumps(Payload())
    planted = [entry.with_suffix(".pickle"), entry]  # the old name, and the current one
    for path in planted:
        path.write_bytes(payload)
    result = cli("topics")
    assert result.exit_code == 0 and not marker.exists()
    assert not entry.with_suffix(".pickle").exists()  # old-format entries are cleared away
    assert json.loads(entry.read_bytes())[0] == deckcache._FORMAT  # the planted entry was a miss, then replaced


def test_an_entry_whose_values_do_not_fit_the_deck_model_is_a_miss(tmp_path, mini_deck):
    from dataclasses import fields

    from fmprep.content import read_sources

    cache = tmp_path / "cache"
    expected = load_deck([mini_deck], cache)
    sources, _ = read_sources([mini_deck])
    [entry] = cache.glob("deck-*.json")
    good = json.loads(entry.read_bytes())
    assert deckcache.from_data(good[3]) == expected
    # the tables, in the order of deckcache._classes: 0 Deck, 1 Objective, 2 Concept, 4 Flashcard, 6 Option
    assert [len(table) for table in good[3]] == [len(fields(cls)) for cls in deckcache._classes().values()]
    tampered = [
        lambda d: d.append([]),  # a table too many (a class that is not in the model)
        lambda d: d[4][2].__setitem__(0, 42),  # a number where text belongs (the front of a flashcard)
        lambda d: d[4].append(d[4][0]),  # a field too many
        lambda d: d[4][2].append("a front without a card"),  # a column longer than its table
        lambda d: d[2][2].__setitem__(0, "not a list"),  # a concept's objectives
        lambda d: d[0][2][0].__setitem__(0, 10**6),  # a row number past the end of the items
        lambda d: d[0][2][0].__setitem__(0, -1),  # a negative row number
        lambda d: d[0][2][0].__setitem__(0, True),  # a flag where a row number belongs
        lambda d: d[0][2][0].__setitem__(0, "0"),  # text where a row number belongs
        lambda d: [column.append(column[0]) for column in d[0]],  # two decks
        lambda d: d.__setitem__(0, {}),  # a table that is not a list
    ]
    for change in tampered:
        data = json.loads(entry.read_bytes())
        change(data[3])
        entry.write_bytes(json.dumps(data).encode())
        assert deckcache.lookup(cache, sources) is None, change
    entry.write_bytes(json.dumps(good).encode())
    assert deckcache.lookup(cache, sources) == expected


def test_a_cache_folder_others_can_write_to_is_not_read(tmp_path, mini_deck):
    from fmprep.content import read_sources

    cache = tmp_path / "cache"
    expected = load_deck([mini_deck], cache)
    sources, _ = read_sources([mini_deck])
    assert deckcache.lookup(cache, sources) == expected
    os.chmod(cache, 0o777)
    assert deckcache.lookup(cache, sources) is None
    os.chmod(cache, 0o700)
    [entry] = cache.glob("deck-*.json")
    os.chmod(entry, 0o666)
    assert deckcache.lookup(cache, sources) is None
    os.chmod(entry, 0o600)
    link = tmp_path / "link"
    link.symlink_to(cache)
    assert deckcache.lookup(link, sources) is None  # a cache folder that is a symlink may be anyone's


def test_every_item_kind_round_trips_through_the_cache_data():
    import pytest

    from fmprep.content import load_deck as load
    from fmprep.deck import Kind
    from fmprep.paths import builtin_content

    deck = load([builtin_content()])
    assert set(deck.count_by_kind()) == set(Kind)  # the built-in deck has every kind, case studies included
    data = json.loads(json.dumps(deckcache.to_data(deck)))
    assert deckcache.from_data(data) == deck
    data[6][1][0] = int(data[6][1][0])  # a number where a flag belongs (an option's `correct`, table 6)
    with pytest.raises(deckcache._Misfit):
        deckcache.from_data(data)


def test_a_generated_deck_round_trips_through_the_cache_data(tmp_path):
    """Many objects of every class, shared tables (a case study's questions and the items share the choice
    questions' table): every object comes back in its place."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    try:
        from generate import write_deck
    finally:
        sys.path.pop(0)
    from fmprep.content import load_deck as load

    deck = load([write_deck(tmp_path / "deck", 60)])
    data = json.loads(json.dumps(deckcache.to_data(deck)))
    assert deckcache.from_data(data) == deck
    assert [item.id for item in deckcache.from_data(data).items] == [item.id for item in deck.items]


def test_the_users_own_group_writable_cache_folder_is_closed_and_used(tmp_path, mini_deck):
    """An older fmprep made the cache folder with the umask (0775 under umask 002): it is closed to 0700, not given
    up for good."""
    cache = tmp_path / "cache"
    cache.mkdir()
    os.chmod(cache, 0o775)
    load_deck([mini_deck], cache)
    assert os.stat(cache).st_mode & 0o777 == 0o700
    assert [p.name for p in cache.iterdir() if p.name.startswith("deck-")], "the entry was written"
    assert deckcache.lookup(cache, deckcache_sources(mini_deck)) is not None


def deckcache_sources(path):
    from fmprep.content import read_sources

    sources, problems = read_sources([path])
    assert not problems
    return sources
