"""The cache of parsed decks, keyed by the exact bytes of their files (used by :func:`fmprep.content.load_deck`).

The cache holds the source bytes each entry was built from and is used only on an exact match, so it can never
serve stale content; a missing, unreadable or damaged entry only costs the parse. On a hit, neither the loader
nor the YAML reader is imported.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

from fmprep import __version__
from fmprep.deck import Deck

_FORMAT = 1


def _entry(cache_dir: Path, sources: list[tuple[str, bytes]]) -> Path:
    names = "\0".join(name for name, _ in sources).encode("utf-8", "surrogateescape")
    return cache_dir / f"deck-{zlib.crc32(names):08x}.pickle"


def lookup(cache_dir: Path, sources: list[tuple[str, bytes]]) -> Deck | None:
    """The cached deck for exactly these (file name, bytes), or None."""
    try:
        with open(_entry(cache_dir, sources), "rb") as handle:
            fmt, version, cached_sources, deck = pickle.load(handle)
    except Exception:  # a missing, unreadable or damaged cache is only a miss
        return None
    if (fmt, version, cached_sources) != (_FORMAT, __version__, sources) or not isinstance(deck, Deck):
        return None
    return deck


def save(cache_dir: Path, sources: list[tuple[str, bytes]], deck: Deck) -> None:
    """Write the cache entry atomically; any failure is ignored (the cache is an optimization only)."""
    from fmprep.atomicfile import atomic_write, remove_temp_files

    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        remove_temp_files(cache_dir, ".deck-")  # left by a process killed while writing an entry
        data = pickle.dumps((_FORMAT, __version__, sources, deck), protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write(_entry(cache_dir, sources), data)
    except OSError:
        pass
