"""The learner's progress: per item, the scheduling state and the review history; the mock exams. Pure: no files,
no clock.

The on-disk shape (schema version 3) is documented in the README (and, for ``mocks``, in :func:`fmprep.mockdata.encode_mocks`). It
is compact by design: the review history is stored as columns (item, time, grade, duration), so that a file with
50,000 reviews loads and saves in a few tens of milliseconds instead of rewriting 50,000 verbose JSON objects after
every answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator, NamedTuple, Optional

if TYPE_CHECKING:
    import datetime

FORMAT = "fmprep-progress"
SCHEMA_VERSION = 3
PARAMETER_COUNT = 21  # FSRS-6
# The range of each FSRS-6 parameter, as fsrs bounds them (a test holds them equal to fsrs's own; importing fsrs
# here would cost every start once parameters are fitted).
PARAMETER_LOWER = (0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001, 0.001, 0.001, 0.001, 0.0,
                   0.0, 1.0, 0.0, 0.0, 0.0, 0.1)
PARAMETER_UPPER = (100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0, 6.0,
                   2.0, 2.0, 0.8, 0.8)


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
    """JSON bytes -> a dict with format and version checked (not yet migrated). Raises only FormatError."""
    import json

    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite_float)
    except UnicodeDecodeError as exc:
        raise FormatError(f"it is not UTF-8 text (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(data.rstrip()):
            raise FormatError("it is not valid JSON: it ends too early (truncated?)") from None
        what = exc.msg.removesuffix(" at")  # "Unterminated string starting at"
        raise FormatError(f"it is not valid JSON: {what} at line {exc.lineno} column {exc.colno}") from None
    except ValueError:  # json's own limit: an integer of more than 4,300 digits
        raise FormatError("it holds a whole number with thousands of digits, far outside any value fmprep "
                          "writes") from None
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
    """A current-version document -> Progress, checking every field's type and range."""
    known = {"format", "version", "exam_date", "cards", "reviews", "mocks", "parameters", "suspended"}
    unknown = sorted(set(document) - known)
    if unknown:
        raise FormatError(f"it has fields this fmprep does not know: {', '.join(unknown)}")
    exam_date = document.get("exam_date")
    if exam_date is not None and calendar_date(exam_date) is None:
        _fail("exam_date", f"a date like 2026-12-31 (YYYY-MM-DD, {_RANGE_TEXT}), or null", exam_date)
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
    if time and not (_whole_numbers(time) and min(time) >= EARLIEST_TIME and max(time) <= LATEST_TIME):
        _fail("reviews.time", f"times: whole seconds since 1970-01-01 UTC, from 0 to {LATEST_TIME} (9999-12-31)")
    if ms and not (_whole_numbers(ms) and min(ms) >= 0 and max(ms) <= MAX_MS):
        _fail("reviews.ms", f"whole milliseconds from 0 to {MAX_MS}")
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
    if not (type(reviews) is int and reviews >= 0):
        raise FormatError("\"parameters.reviews\" must be a whole number >= 0")
    _time(fitted, "parameters.fitted")
    for i, (w, low, high) in enumerate(zip(values, PARAMETER_LOWER, PARAMETER_UPPER)):
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


# -- the range of every value ------------------------------------------------------------------------------
# Each value read from a file goes through one of these readers, which name the field (``where``) when the value
# is out of its range. A new field uses them too: nothing that loads can later crash a command or fail to save.

EARLIEST_TIME = 0  # 1970-01-01T00:00:00Z
LATEST_TIME = 253_402_214_400  # 9999-12-31T00:00:00Z: later times (or clocks) would overflow date arithmetic
_RANGE_TEXT = "from 1970-01-01 to 9999-12-31"
MAX_SECONDS = LATEST_TIME  # a duration can be no longer than the range of times
MAX_MS = MAX_SECONDS * 1000
STABILITY_RANGE = (0.001, 1e10)  # days: fsrs never goes below 0.001 (STABILITY_MIN); the scheduler caps above
DIFFICULTY_RANGE = (1.0, 10.0)  # fsrs's MIN_DIFFICULTY and MAX_DIFFICULTY
STEPS = {LEARNING: 2, RELEARNING: 1}  # fsrs's learning steps (1 and 10 minutes) and relearning step (10 minutes)


def _shown(value) -> str:
    import json

    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


_NOTHING = object()


def _fail(where: str, what: str, value=_NOTHING):
    got = "" if value is _NOTHING or isinstance(value, (dict, list)) else f" (it is {_shown(value)})"
    raise FormatError(f"\"{where}\" must be {what}{got}")


def _check(ok: bool, where: str, what: str) -> None:
    if not ok:
        _fail(where, what)


def _whole(value, where: str, low: int = 0, high: int = MAX_SECONDS, what: str = "") -> int:
    """A whole number (not a bool) from ``low`` to ``high``."""
    if type(value) is not int or not low <= value <= high:
        _fail(where, what or f"a whole number from {low} to {high}", value)
    return value


def _finite(value, where: str, low: float, high: float, what: str = "") -> float:
    """A finite number (int or float, not a bool) from ``low`` to ``high``."""
    if type(value) not in (int, float) or not low <= value <= high:
        _fail(where, what or f"a number from {low:g} to {high:g}", value)
    return float(value)


def _time(value, where: str) -> int:
    """A moment: whole seconds since 1970-01-01 UTC, up to 9999-12-31."""
    return _whole(value, where, EARLIEST_TIME, LATEST_TIME, f"a time: whole seconds since 1970-01-01 UTC, from 0 "
                  f"to {LATEST_TIME} (9999-12-31)")


def _seconds(value, where: str, least: float = 0) -> float | int:
    """A duration in seconds (int or float) from ``least`` up to the range of times; kept as written."""
    _finite(value, where, least, MAX_SECONDS, f"a number of seconds from {least:g} to {MAX_SECONDS}")
    return value


def _no_constant(name: str):
    raise FormatError(f"it holds {name}, which is not a number: every number must be finite")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise FormatError(f"it holds the number {text[:20]}{'...' * (len(text) > 20)}, too large to use")
    return value


def _key(item: str) -> str:
    """An item id as it appears in a field path: ``cards['rlhf.card.what']``."""
    text = _shown(item)[1:-1] if len(item) <= 38 else _shown(item[:30])[1:-1] + "..."
    return f"['{text}']"


def _card(item: str, value) -> CardState:
    """The card's state, range-checked: a well-formed card by one inline test of each field (thousands load at every
    start); anything else by :func:`_checked_card`, which names the field that is wrong."""
    if isinstance(value, list) and len(value) == 6:
        state, step, stability, difficulty, due, last = value
        if type(state) is int and type(due) is int and EARLIEST_TIME <= due <= LATEST_TIME and (
                step is None if state == REVIEW else
                state in STEPS and type(step) is int and 0 <= step < STEPS[state]):
            if stability is None:
                if state == LEARNING and difficulty is None and last is None:
                    return CardState(state, step, None, None, due, None)
            elif (type(stability) in (int, float) and STABILITY_RANGE[0] <= stability <= STABILITY_RANGE[1]
                  and type(difficulty) in (int, float) and DIFFICULTY_RANGE[0] <= difficulty <= DIFFICULTY_RANGE[1]
                  and type(last) is int and EARLIEST_TIME <= last <= LATEST_TIME):
                return CardState(state, step, float(stability), float(difficulty), due, last)
    return _checked_card(item, value)


def _checked_card(item: str, value) -> CardState:
    where = f"cards{_key(item)}"
    if not isinstance(value, list) or len(value) != 6:
        _fail(where, "a list [state 1-3, step, stability, difficulty, due, last_review]")
    state, step, stability, difficulty, due, last = value
    state = _whole(state, f"{where}.state", LEARNING, RELEARNING, "1 (learning), 2 (review) or 3 (relearning)")
    if state == REVIEW:
        _check(step is None, f"{where}.step", "null for a card in review (state 2)")
    else:
        _whole(step, f"{where}.step", 0, STEPS[state] - 1)
    due = _time(due, f"{where}.due")
    if state == LEARNING and stability is None:  # not rated yet: no memory state at all
        _check(difficulty is None and last is None, f"{where}.difficulty",
               "null, like last_review, for a card whose stability is null")
        return CardState(state, step, None, None, due, None)
    stability = _finite(stability, f"{where}.stability", *STABILITY_RANGE)
    difficulty = _finite(difficulty, f"{where}.difficulty", *DIFFICULTY_RANGE)
    return CardState(state, step, stability, difficulty, due, _time(last, f"{where}.last_review"))


def calendar_date(value) -> "datetime.date | None":
    """``YYYY-MM-DD`` (digits 0-9, nothing else) from 1970-01-01 to 9999-12-31 -> a date; anything else -> None.
    (``date.fromisoformat`` alone also takes ``2026-W50-1`` and ``20261215``.)"""
    import datetime
    import re

    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day.year >= 1970 else None


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
