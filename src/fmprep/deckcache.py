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

_FORMAT = "fmprep-deck-cache-3"


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
    """Owned by this user and writable by no one else (what a planted entry or a shared folder would not be). On
    Windows, where the mode bits say nothing of this, the user's own cache folder is taken as private."""
    if not hasattr(os, "geteuid"):
        return True
    return status.st_uid == os.geteuid() and not status.st_mode & 0o022


# -- the deck model as JSON data, column by column ------------------------------------------------------------
#
# The data is one table per class of the model (in the order of _classes), and a table is one column per field (in
# the order the class declares them), all of one length: its rows are the objects of that class. A field of a class
# or union type holds row numbers: into the class's table, or into the union's pool (its members' tables one after
# the other, in the order of _UNIONS). The deck is the one row of the Deck table. Each column is checked as a whole
# (its values' types at C speed, row numbers against the table's size) and the objects are made without calling
# their __init__, so a deck of 2,000 items is rebuilt in a few milliseconds.

def _classes() -> dict[str, type]:
    from fmprep import deck

    return {cls.__name__: cls for cls in (deck.Deck, deck.Objective, deck.Concept, deck.Misconception, deck.Flashcard,
                                          deck.OpenQuestion, deck.Option, deck.ChoiceQuestion, deck.OrderingQuestion,
                                          deck.MatchingQuestion, deck.CaseStudy)}


_UNIONS = {"Item": ("Flashcard", "OpenQuestion", "ChoiceQuestion", "OrderingQuestion", "MatchingQuestion", "CaseStudy"),
           "Question": ("ChoiceQuestion", "OrderingQuestion", "MatchingQuestion")}


def _fields(cls: type) -> list[tuple[str, str]]:
    from dataclasses import fields

    return [(f.name, f.type) for f in fields(cls)]


def _parts(annotation: str) -> tuple[str, list[str]]:
    """("str" | "bool" | "list" | "tuple" | "ref", inner annotations) for an annotation as the deck model writes it."""
    if annotation in ("str", "bool"):
        return annotation, []
    if annotation.startswith("tuple[") and annotation.endswith(", ...]"):
        return "list", [annotation[6:-6]]
    if annotation.startswith("tuple[") and annotation.endswith("]"):
        return "tuple", [p.strip() for p in annotation[6:-1].split(",")]
    return "ref", [annotation]


def _refs(annotation: str) -> list[str]:
    """The classes or unions a field of this type refers to."""
    kind, inner = _parts(annotation)
    if kind == "ref":
        return inner
    return [name for part in inner for name in _refs(part)]


def _order(classes: dict[str, type]) -> list[str]:
    """The classes, each after every class its fields refer to (the order their objects are made in)."""
    done: dict[str, None] = {}

    def visit(name: str) -> None:
        if name not in done:
            for field_type in (t for _, t in _fields(classes[name])):
                for ref in _refs(field_type):
                    for member in _UNIONS.get(ref, (ref,)):
                        visit(member)
            done[name] = None

    for name in classes:
        visit(name)
    return list(done)


def to_data(deck: Deck) -> list:
    """The deck -> JSON data: one table per class, one column per field (see above)."""
    classes = _classes()
    tables: dict[str, list] = {name: [] for name in classes}
    rows: dict[int, int] = {}  # id(object) -> its row in its class's table

    def visit(value) -> None:
        if isinstance(value, tuple):
            for v in value:
                visit(v)
        elif not isinstance(value, (str, bool)) and id(value) not in rows:
            for name, _ in _fields(type(value)):
                visit(getattr(value, name))
            table = tables[type(value).__name__]
            rows[id(value)] = len(table)
            table.append(value)

    visit(deck)
    offsets = {name: {name: 0} for name in classes}
    for union, members in _UNIONS.items():
        offsets[union], start = {}, 0
        for member in members:
            offsets[union][member] = start
            start += len(tables[member])

    def encode(annotation: str, value):
        kind, inner = _parts(annotation)
        if kind == "list":
            return [encode(inner[0], v) for v in value]
        if kind == "tuple":
            return [encode(part, v) for part, v in zip(inner, value)]
        if kind == "ref":
            return offsets[inner[0]][type(value).__name__] + rows[id(value)]
        return value

    return [[[encode(field_type, getattr(obj, name)) for obj in tables[cls]] for name, field_type in _fields(classes[cls])]
            for cls in classes]


class _Misfit(Exception):
    pass


def _check(values, *kinds: type) -> None:
    if not set(map(type, values)) <= set(kinds):
        raise _Misfit(kinds)


def _column(annotation: str, pools: dict[str, list]):
    """A function that turns a column of JSON data into the column of values of the type ``annotation`` names,
    raising _Misfit for anything else."""
    from itertools import accumulate, chain
    from operator import itemgetter

    kind, inner = _parts(annotation)
    if kind in ("str", "bool"):
        plain = str if kind == "str" else bool

        def decode(column: list) -> list:
            _check(column, plain)
            return column
    elif kind == "list" and inner == ["str"]:
        def decode(column: list) -> list:
            _check(column, list)
            _check(chain.from_iterable(column), str)
            return list(map(tuple, column))
    elif kind == "list":
        element = _column(inner[0], pools)

        def decode(column: list) -> list:
            _check(column, list)
            flat = element(list(chain.from_iterable(column)))
            ends = list(accumulate(map(len, column)))
            return list(map(tuple, map(flat.__getitem__, map(slice, [0, *ends], ends))))
    elif kind == "tuple":
        parts = [_column(part, pools) for part in inner]

        def decode(column: list) -> list:
            _check(column, list)
            if set(map(len, column)) - {len(parts)}:
                raise _Misfit(annotation)
            return list(zip(*(part(list(map(itemgetter(i), column))) for i, part in enumerate(parts))))
    else:
        name = inner[0]

        def decode(column: list) -> list:
            pool = pools[name]
            _check(column, int)
            if column and (min(column) < 0 or max(column) >= len(pool)):
                raise _Misfit(annotation)
            return list(map(pool.__getitem__, column))
    return decode


def from_data(data) -> Deck:
    """JSON data -> the Deck it describes; raises _Misfit unless every value has exactly its declared type."""
    from itertools import chain, repeat

    classes = _classes()
    if type(data) is not list or len(data) != len(classes):
        raise _Misfit("tables")
    tables = dict(zip(classes, data))
    pools: dict[str, list] = {}
    new, setattr_ = object.__new__, object.__setattr__
    for name in _order(classes):
        cls, table, fields = classes[name], tables[name], _fields(classes[name])
        if type(table) is not list or len(table) != len(fields):
            raise _Misfit(name)
        _check(table, list)
        size = len(table[0]) if table else 0
        if set(map(len, table)) - {size}:
            raise _Misfit(name)
        columns = [_column(field_type, pools)(column) for (_, field_type), column in zip(fields, table)]
        names = [field_name for field_name, _ in fields]
        objects = list(map(new, repeat(cls, size)))
        # each object gets its fields as its __dict__, as the frozen dataclass's __init__ would set them
        any(map(setattr_, objects, repeat("__dict__"), map(dict, map(zip, repeat(names), zip(*columns)))))
        pools[name] = objects
        for union, members in _UNIONS.items():
            if all(member in pools for member in members) and union not in pools:
                pools[union] = list(chain.from_iterable(pools[member] for member in members))
    if len(pools["Deck"]) != 1:
        raise _Misfit("Deck")
    return pools["Deck"][0]


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
        if stat.S_ISDIR(folder.st_mode) and hasattr(os, "geteuid") and folder.st_uid == os.geteuid():
            if folder.st_mode & 0o022:  # the user's own folder, made group-writable by an older fmprep: close it
                os.chmod(cache_dir, 0o700)
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
