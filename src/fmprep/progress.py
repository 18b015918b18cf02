"""The learner's progress: per item, the scheduling state and the review history; the mock exams. Pure: no files,
no clock.

The on-disk shape (schema version 3) is documented in the README (and, for ``mocks``, in :func:`fmprep.mockdata.encode_mocks`). It
is compact by design: the review history is stored as columns (item, time, grade, duration), so that a file with
50,000 reviews loads and saves in a few tens of milliseconds instead of rewriting 50,000 verbose JSON objects after
every answer.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, NamedTuple, Optional

FORMAT = "fmprep-progress"
SCHEMA_VERSION = 3
PARAMETER_COUNT = 21  # FSRS-6


def _v1_to_v2(document: dict) -> dict:
    """Version 2 adds the mock exams: none in progress, no history."""
    return {**document, "version": 2, "mocks": {"current": None, "history": []}}


def _v2_to_v3(document: dict) -> dict:
    """Version 3 adds the learner's fitted memory parameters (none: FSRS's defaults) and the suspended items (none)."""
    return {**document, "version": 3, "parameters": None, "suspended": []}


# Migrations from each old schema version to the next: MIGRATIONS[n] turns a version-n document into version n+1.
# Each one is pure (dict -> dict) and has a fixture file and a test (tests/fixtures/progress/v{n}.json).
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2, 2: _v2_to_v3}

LEARNING, REVIEW, RELEARNING = 1, 2, 3  # FSRS card states


class CardState(NamedTuple):
    """The FSRS state of one item. Times are whole seconds since the Unix epoch, UTC."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: int
    last_review: int | None


class Review(NamedTuple):
    item: str
    time: int  # seconds since the Unix epoch, UTC
    grade: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    ms: int  # how long the answer took, in milliseconds


class Parameters(NamedTuple):
    """The learner's own FSRS-6 parameters, fitted by ``fmprep optimize``."""

    values: tuple[float, ...]  # the 21 weights, w0..w20
    fitted: int  # when, seconds since the Unix epoch, UTC
    reviews: int  # how many reviews the fit learned from


class ReviewLog:
    """The review history as columns. Appending is O(1); undoing the last entry scans the item column once."""

    __slots__ = ("ids", "_index", "item", "time", "grade", "ms")

    def __init__(self, ids: list[str] | None = None, item: list[int] | None = None, time: list[int] | None = None,
                 grade: bytearray | None = None, ms: list[int] | None = None):
        self.ids = ids or []
        self._index = {item_id: i for i, item_id in enumerate(self.ids)}
        self.item = item or []
        self.time = time or []
        self.grade = grade or bytearray()
        self.ms = ms or []

    def __len__(self) -> int:
        return len(self.item)

    def __iter__(self) -> Iterator[Review]:
        ids = self.ids
        for item, time, grade, ms in zip(self.item, self.time, self.grade, self.ms):
            yield Review(ids[item], time, grade - 48, ms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ReviewLog) and list(self) == list(other)

    def append(self, review: Review) -> None:
        index = self._index.get(review.item)
        if index is None:
            index = self._index[review.item] = len(self.ids)
            self.ids.append(review.item)
        self.item.append(index)
        self.time.append(review.time)
        self.grade.append(48 + review.grade)
        self.ms.append(review.ms)

    def pop(self) -> Review:
        """Remove and return the last review (used by undo)."""
        index = self.item[-1]
        review = Review(self.ids[index], self.time[-1], self.grade[-1] - 48, self.ms[-1])
        del self.item[-1], self.time[-1], self.grade[-1], self.ms[-1]
        if index == len(self.ids) - 1 and index not in self.item:  # the item's first review: forget its id too
            del self._index[self.ids.pop()]
        return review

    def first_times(self) -> dict[str, int]:
        """Each reviewed item's first review time (zipped in reverse, so the earliest is written last)."""
        first = dict(zip(reversed(self.item), reversed(self.time)))
        return {self.ids[index]: time for index, time in first.items()}

    def without(self, item_ids: set[str]) -> "ReviewLog":
        log = ReviewLog()
        for review in self:
            if review.item not in item_ids:
                log.append(review)
        return log

    def count(self, item_ids: set[str]) -> int:
        wanted = {i for i, item_id in enumerate(self.ids) if item_id in item_ids}
        return sum(1 for i in self.item if i in wanted)


class Mocks:
    """The practice exam in progress (a ``MockState``, or None) and every finished one (``MockRecord``s), oldest
    first. The types and their encoding live in :mod:`fmprep.mockdata`, imported only when there are mocks."""

    __slots__ = ("current", "history")

    def __init__(self, current=None, history=None):
        self.current = current
        self.history = history if history is not None else []

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mocks) and (self.current, self.history) == (other.current, other.history)

    def __bool__(self) -> bool:
        return self.current is not None or bool(self.history)


class Progress:
    """All progress in one file. Items that leave the deck keep their entries; nothing here is ever pruned."""

    def __init__(self, cards: dict[str, CardState] | None = None, reviews: ReviewLog | None = None,
                 exam_date: str | None = None, mocks: Mocks | None = None, parameters: Parameters | None = None,
                 suspended: Iterable[str] = ()):
        self.cards = cards if cards is not None else {}
        self.reviews = reviews if reviews is not None else ReviewLog()
        self.exam_date = exam_date  # ISO date, or None
        self.mocks = mocks if mocks is not None else Mocks()
        self.parameters = parameters  # the learner's fitted FSRS parameters; None: FSRS's defaults
        self.suspended = set(suspended)  # item ids set aside by `fmprep suspend`

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Progress) and self.cards == other.cards and self.reviews == other.reviews
                and self.exam_date == other.exam_date and self.mocks == other.mocks
                and self.parameters == other.parameters and self.suspended == other.suspended)

    def copy(self) -> "Progress":
        """An independent copy: changing one never changes the other."""
        import copy

        log = self.reviews
        reviews = ReviewLog(list(log.ids), list(log.item), list(log.time), bytearray(log.grade), list(log.ms))
        return Progress(dict(self.cards), reviews, self.exam_date, copy.deepcopy(self.mocks), self.parameters,
                        self.suspended)

    def reset(self, item_ids: Iterable[str] | None = None) -> tuple[int, int]:
        """Forget the state and history of these items (all with None: the mock exams too). Returns (items,
        reviews) removed. Resetting some items leaves the mocks alone. The fitted parameters and the suspended
        items stay: they are the learner's choices, not history (`fmprep optimize --reset`, `fmprep unsuspend`)."""
        if item_ids is None:
            counts = (len(self.cards), len(self.reviews))
            self.cards, self.reviews, self.mocks = {}, ReviewLog(), Mocks()
            return counts
        wanted = set(item_ids)
        counts = self.reset_counts(wanted)
        self.cards = {k: v for k, v in self.cards.items() if k not in wanted}
        self.reviews = self.reviews.without(wanted)
        return counts

    def reset_counts(self, item_ids: set[str] | None = None) -> tuple[int, int]:
        """What :meth:`reset` would remove: (items with progress, reviews)."""
        if item_ids is None:
            return len(self.cards), len(self.reviews)
        items = {k for k in self.cards if k in item_ids} | {i for i in self.reviews.ids if i in item_ids}
        return len(items), self.reviews.count(item_ids)


class FormatError(Exception):
    """The document is not a progress file fmprep can understand; the message says what is wrong."""


class NewerVersionError(FormatError):
    pass


# -- encoding ---------------------------------------------------------------------------------------------

def encode(progress: Progress) -> bytes:
    """The progress file's bytes (schema version 3)."""
    import json

    log = progress.reviews
    document = {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "exam_date": progress.exam_date,
        "cards": {item: list(card) for item, card in progress.cards.items()},
        "reviews": {"ids": log.ids, "item": log.item, "time": log.time, "grade": log.grade.decode("ascii"),
                    "ms": log.ms},
        "mocks": _encode_mocks(progress.mocks),
        "parameters": None if progress.parameters is None else {
            "values": list(progress.parameters.values), "fitted": progress.parameters.fitted,
            "reviews": progress.parameters.reviews},
        "suspended": sorted(progress.suspended),
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def parse_document(data: bytes) -> dict:
    """JSON bytes -> a dict with format and version checked (not yet migrated)."""
    import json

    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise FormatError(f"it is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        where = "it ends too early (truncated?)" if exc.pos >= len(data.rstrip()) else f"line {exc.lineno} column {exc.colno}"
        raise FormatError(f"it is not valid JSON: {exc.msg} at {where}") from None
    except RecursionError:
        raise FormatError("it is not valid JSON: nested too deeply") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FormatError(f"it is not an fmprep progress file (no \"format\": \"{FORMAT}\")")
    version = document.get("version")
    if type(version) is not int or version < 1:
        raise FormatError("its \"version\" is missing or not a positive whole number")
    if version > SCHEMA_VERSION:
        raise NewerVersionError(f"it was written by a newer fmprep (schema version {version}; this fmprep "
                                f"understands up to {SCHEMA_VERSION})")
    return document


def migrate(document: dict) -> dict:
    """Bring an old document up to the current schema, one version at a time."""
    while document["version"] < SCHEMA_VERSION:
        version = document["version"]
        document = MIGRATIONS[version](document)
        if document.get("version") != version + 1:
            raise AssertionError(f"migration from version {version} must produce version {version + 1}")
    return document


def decode(document: dict) -> Progress:
    """A current-version document -> Progress, checking every field and type."""
    known = {"format", "version", "exam_date", "cards", "reviews", "mocks", "parameters", "suspended"}
    unknown = sorted(set(document) - known)
    if unknown:
        raise FormatError(f"it has fields this fmprep does not know: {', '.join(unknown)}")
    exam_date = document.get("exam_date")
    if exam_date is not None and not _is_iso_date(exam_date):
        raise FormatError("\"exam_date\" must be a date like 2026-12-31, or null")
    cards_doc = _typed(document, "cards", dict)
    cards = {}
    for item, value in cards_doc.items():
        cards[item] = _card(item, value)
    reviews = _typed(document, "reviews", dict)
    columns = {"ids": list, "item": list, "time": list, "grade": str, "ms": list}
    if set(reviews) != set(columns):
        raise FormatError(f"\"reviews\" must have exactly the fields {', '.join(columns)}")
    for name, kind in columns.items():
        _typed(reviews, name, kind, where="reviews.")
    ids, item, time, grade, ms = (reviews[name] for name in columns)
    if not all(type(x) is str for x in ids) or len(set(ids)) != len(ids):
        raise FormatError("\"reviews.ids\" must be a list of distinct item ids")
    if not len(item) == len(time) == len(grade) == len(ms):
        raise FormatError("the review columns (item, time, grade, ms) must all have the same length")
    if item and not (_whole_numbers(item) and min(item) >= 0 and max(item) < len(ids)):
        raise FormatError("\"reviews.item\" must hold positions in \"reviews.ids\"")
    if time and not (_whole_numbers(time) and _whole_numbers(ms) and min(time) >= 0 and min(ms) >= 0):
        raise FormatError("\"reviews.time\" and \"reviews.ms\" must hold whole numbers >= 0")
    if grade.strip("1234"):
        raise FormatError("\"reviews.grade\" must hold only the digits 1 to 4")
    mocks = _decode_mocks(_typed(document, "mocks", dict))
    if "parameters" not in document:
        raise FormatError("\"parameters\" is missing (null when none were fitted)")
    parameters = _parameters(document["parameters"])
    suspended = _typed(document, "suspended", list)
    if not all(type(x) is str and x for x in suspended) or len(set(suspended)) != len(suspended):
        raise FormatError("\"suspended\" must be a list of distinct item ids")
    return Progress(cards, ReviewLog(ids, item, time, bytearray(grade, "ascii"), ms), exam_date, mocks, parameters,
                    suspended)


def _parameters(value) -> Optional[Parameters]:
    """The fitted parameters: null, or {"values": [21 numbers within FSRS-6's bounds], "fitted": time, "reviews": n}."""
    if value is None:
        return None
    import math

    shape = f"\"parameters\" must be null or {{\"values\": [{PARAMETER_COUNT} numbers], \"fitted\": time, \"reviews\": count}}"
    if not isinstance(value, dict) or set(value) != {"values", "fitted", "reviews"}:
        raise FormatError(shape)
    values, fitted, reviews = value["values"], value["fitted"], value["reviews"]
    if (not isinstance(values, list) or len(values) != PARAMETER_COUNT
            or not set(map(type, values)) <= {int, float} or not all(map(math.isfinite, values))):
        raise FormatError(f"\"parameters.values\" must be a list of {PARAMETER_COUNT} finite numbers")
    if not (type(fitted) is int and fitted >= 0 and type(reviews) is int and reviews >= 0):
        raise FormatError("\"parameters.fitted\" and \"parameters.reviews\" must be whole numbers >= 0")
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    for i, (w, low, high) in enumerate(zip(values, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS)):
        if not low <= w <= high:
            raise FormatError(f"\"parameters.values\" w{i} = {w} is outside FSRS-6's range {low} to {high}")
    return Parameters(tuple(float(w) for w in values), fitted, reviews)


def _whole_numbers(values: list) -> bool:
    """Every value is an int (not a bool or float); checked at C speed for 50,000-long columns."""
    return set(map(type, values)) <= {int}


def _typed(document: dict, name: str, kind: type, where: str = ""):
    value = document.get(name)
    if not isinstance(value, kind):
        raise FormatError(f"\"{where}{name}\" is missing or is not {'an object' if kind is dict else 'a ' + kind.__name__.replace('str', 'string')}")
    return value


def _card(item: str, value) -> CardState:
    problem = f"the card of '{item}' must be [state 1-3, step, stability, difficulty, due, last_review]"
    if not isinstance(value, list) or len(value) != 6:
        raise FormatError(problem)
    state, step, stability, difficulty, due, last = value
    number = (int, float)
    ok = (type(state) is int and state in (LEARNING, REVIEW, RELEARNING)
          and (step is None or type(step) is int and step >= 0)
          and (stability is None or type(stability) in number and stability > 0)
          and (difficulty is None or type(difficulty) in number)
          and type(due) is int and (last is None or type(last) is int))
    if not ok:
        raise FormatError(problem)
    return CardState(state, step, None if stability is None else float(stability),
                     None if difficulty is None else float(difficulty), due, last)


def _is_iso_date(value) -> bool:
    import datetime

    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_NO_MOCKS = {"current": None, "history": []}


def _encode_mocks(mocks: Mocks) -> dict:
    if not mocks:
        return dict(_NO_MOCKS)
    from fmprep.mockdata import encode_mocks

    return encode_mocks(mocks)


def _decode_mocks(document: dict) -> Mocks:
    if document == _NO_MOCKS:
        return Mocks()
    from fmprep.mockdata import decode_mocks

    return decode_mocks(document)


def load_bytes(data: bytes) -> Progress:
    """Bytes of a progress file of any known version -> Progress (raises FormatError)."""
    return decode(migrate(parse_document(data)))
