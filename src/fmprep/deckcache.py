"""The cache of parsed decks, keyed by the exact bytes of their files (used by :func:`fmprep.content.load_deck`).

An entry is plain JSON data, never code: it is read with ``json.loads`` and rebuilt into the deck model by the
field types the model declares, and anything that does not fit exactly is a miss. It holds a SHA-256 of the source
names and bytes it was built from and is used only on an exact match, so it can never serve stale content. It is read
only from a private folder (0700, fmprep's own, not a symlink) and a regular file owned by the user. A missing,
unreadable, foreign or damaged entry only costs the parse. On a hit, neither the loader nor the YAML reader is imported.
"""

from __future__ import annotations

import os
import stat
import zlib
from pathlib import Path

from fmprep import __version__
from fmprep.deck import Deck

_FORMAT = "fmprep-deck-cache-2"


def _entry(cache_dir: Path, sources: list[tuple[str, bytes]]) -> Path:
    names = "\0".join(name for name, _ in sources).encode("utf-8", "surrogateescape")
    return cache_dir / f"deck-{zlib.crc32(names):08x}.json"


def _sha256():
    """SHA-256 from the interpreter's own module: importing hashlib loads OpenSSL, ~2 ms of every start."""
    try:
        from _sha256 import sha256  # Python 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # Python 3.12 and later
        except ImportError:  # pragma: no cover - a Python built without them
            from hashlib import sha256
    return sha256()


def _key(sources: list[tuple[str, bytes]]) -> str:
    digest = _sha256()
    for name, data in sources:
        encoded = name.encode("utf-8", "surrogateescape")
        digest.update(len(encoded).to_bytes(8, "big") + encoded + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _private(status: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (what a planted entry or a shared folder would not be)."""
    mine = not hasattr(os, "geteuid") or status.st_uid == os.geteuid()
    return mine and not status.st_mode & 0o022


# -- the deck model as JSON data ------------------------------------------------------------------------------

def _classes() -> dict[str, type]:
    from fmprep import deck

    return {cls.__name__: cls for cls in (deck.Deck, deck.Objective, deck.Concept, deck.Misconception, deck.Flashcard,
                                          deck.OpenQuestion, deck.Option, deck.ChoiceQuestion, deck.OrderingQuestion,
                                          deck.MatchingQuestion, deck.CaseStudy)}


_UNIONS = {"Item": ("Flashcard", "OpenQuestion", "ChoiceQuestion", "OrderingQuestion", "MatchingQuestion", "CaseStudy"),
           "Question": ("ChoiceQuestion", "OrderingQuestion", "MatchingQuestion")}


def to_data(value):
    """A deck model value -> JSON data: an object is [class name, field values...], a tuple a list."""
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    if isinstance(value, (str, bool)):
        return value
    from dataclasses import fields

    return [type(value).__name__, *(to_data(getattr(value, f.name)) for f in fields(value))]


class _Misfit(Exception):
    pass


def _is_strings(data) -> bool:
    return type(data) is list and all(type(v) is str for v in data)


def _decoder(annotation: str, classes: dict[str, type], cache: dict):
    """A function that turns JSON data into a value of the type ``annotation`` names (as the deck model writes its
    annotations), raising _Misfit for anything else. Plain fields (text, flags, lists of text) are checked inline:
    a deck of 2,000 items decodes in a few tens of milliseconds."""
    if annotation in cache:
        return cache[annotation]
    if annotation in ("str", "bool"):
        kind = str if annotation == "str" else bool

        def decode(data):
            if type(data) is not kind:
                raise _Misfit(annotation)
            return data
    elif annotation == "tuple[str, ...]":
        def decode(data):
            if not _is_strings(data):
                raise _Misfit(annotation)
            return tuple(data)
    elif annotation.startswith("tuple[") and annotation.endswith(", ...]"):
        inner = _decoder(annotation[6:-6], classes, cache)

        def decode(data):
            if type(data) is not list:
                raise _Misfit(annotation)
            return tuple([inner(v) for v in data])
    elif annotation.startswith("tuple[") and annotation.endswith("]"):
        parts = [_decoder(p.strip(), classes, cache) for p in annotation[6:-1].split(",")]

        def decode(data):
            if type(data) is not list or len(data) != len(parts):
                raise _Misfit(annotation)
            return tuple([part(v) for part, v in zip(parts, data)])
    else:
        from dataclasses import fields

        layouts: dict = {}
        cache[annotation] = lambda data: decode(data)  # a class may contain itself through a union
        for name in _UNIONS.get(annotation, (annotation,)):
            cls = classes[name]
            names = tuple(f.name for f in fields(cls))
            # per field: 0 text, 1 list of text, else the decoder of its type
            plan = tuple(0 if f.type == "str" else 1 if f.type == "tuple[str, ...]" else _decoder(f.type, classes, cache)
                         for f in fields(cls))
            layouts[name] = (cls, names, plan, len(names) + 1)

        new, setattr_ = object.__new__, object.__setattr__

        def decode(data):
            try:
                cls, names, plan, size = layouts[data[0]]
            except (TypeError, KeyError, IndexError):
                raise _Misfit(annotation) from None
            if type(data) is not list or len(data) != size:
                raise _Misfit(annotation)
            values = {}
            for field_name, step, value in zip(names, plan, data[1:]):
                if step == 0:
                    if type(value) is not str:
                        raise _Misfit(field_name)
                elif step == 1:
                    if not _is_strings(value):
                        raise _Misfit(field_name)
                    value = tuple(value)
                else:
                    value = step(value)
                values[field_name] = value
            obj = new(cls)
            setattr_(obj, "__dict__", values)  # the frozen dataclass, as its __init__ would make it
            return obj
    cache[annotation] = decode
    return decode


def from_data(data) -> Deck:
    """JSON data -> the Deck it describes; raises _Misfit unless every value has exactly its declared type."""
    return _decoder("Deck", _classes(), {})(data)


# -- the cache ------------------------------------------------------------------------------------------------

def lookup(cache_dir: Path, sources: list[tuple[str, bytes]]) -> Deck | None:
    """The cached deck for exactly these (file name, bytes), or None."""
    import gc

    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of new objects, none of them garbage: collecting would double the time
    try:
        return _lookup(cache_dir, sources)
    finally:
        if collecting:
            gc.enable()


def _lookup(cache_dir: Path, sources: list[tuple[str, bytes]]) -> Deck | None:
    import json

    from fmprep.atomicfile import read_regular

    try:
        folder = os.lstat(cache_dir)
        if not stat.S_ISDIR(folder.st_mode) or not _private(folder):
            return None
        data, status = read_regular(_entry(cache_dir, sources), 64 * 1024 * 1024)
        if not _private(status):
            return None
        fmt, version, key, deck = json.loads(data)
        if (fmt, version, key) != (_FORMAT, __version__, _key(sources)):
            return None
        return from_data(deck)
    except Exception:  # a missing, unreadable, foreign or damaged entry is only a miss
        return None


def save(cache_dir: Path, sources: list[tuple[str, bytes]], deck: Deck) -> None:
    """Write the cache entry atomically in a private folder; any failure is ignored (the cache is an optimization
    only). Entries of the old pickle format are deleted: they are never read."""
    import json

    from fmprep.atomicfile import atomic_write, is_regular, make_private_dir, remove_temp_files

    try:
        make_private_dir(cache_dir)
        folder = os.lstat(cache_dir)
        if not stat.S_ISDIR(folder.st_mode) or not _private(folder):
            return
        remove_temp_files(cache_dir, ".deck-")  # left by a process killed while writing an entry
        for name in os.listdir(cache_dir):
            if name.startswith("deck-") and name.endswith(".pickle") and is_regular(cache_dir / name):
                os.unlink(cache_dir / name)
        data = json.dumps([_FORMAT, __version__, _key(sources), to_data(deck)], ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8", "surrogatepass")
        atomic_write(_entry(cache_dir, sources), data, 0o600)
    except (OSError, ValueError, TypeError, RecursionError):
        pass
