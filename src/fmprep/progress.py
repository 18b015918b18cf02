"""The learner's progress: per item, the scheduling state and the review history; the mock exams. Pure: no files,
no clock.

The on-disk shape (schema version 2) is documented in the README (and, for ``mocks``, in :func:`encode_mocks`). It
is compact by design: the review history is stored as columns (item, time, grade, duration), so that a file with
50,000 reviews loads and saves in a few tens of milliseconds instead of rewriting 50,000 verbose JSON objects after
every answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, NamedTuple, Optional

FORMAT = "fmprep-progress"
SCHEMA_VERSION = 2


def _v1_to_v2(document: dict) -> dict:
    """Version 2 adds the mock exams: none in progress, no history."""
    return {**document, "version": 2, "mocks": {"current": None, "history": []}}


# Migrations from each old schema version to the next: MIGRATIONS[n] turns a version-n document into version n+1.
# Each one is pure (dict -> dict) and has a fixture file and a test (tests/fixtures/progress/v{n}.json).
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}

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


# -- mock exams (the rules that fill these in are in fmprep.mock) -------------------------------------------

@dataclass
class MockState:
    """A mock exam in progress: everything needed to resume it exactly. Times are seconds; ``started`` is since
    the Unix epoch, UTC.

    ``items`` are the question ids in exam order; ``orders[n]`` is the order the options (steps, answers) of
    ``items[n]`` are shown in (``orders[n][k]`` = the question's index of what is shown at letter k), drawn once at
    the start so a resumed mock shows the same letters. ``answers`` hold, per item id, the answer in the
    question's own index space (see :mod:`fmprep.mock`); unanswered items have no entry. ``used`` is the time
    spent so far and ``spent`` its share per item.
    """

    started: int
    limit: int
    items: list[str]
    orders: list[list[int]]
    used: float = 0.0
    position: int = 0
    answers: dict[str, list[int]] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    spent: dict[str, float] = field(default_factory=dict)
    objective: Optional[str] = None
    topics: tuple[str, ...] = ()


class ObjectiveResult(NamedTuple):
    """How a finished mock went on one objective."""

    objective: str
    correct: int
    questions: int


class ItemResult(NamedTuple):
    """One scored question of a finished mock; ``answer`` in the question's index space, None if unanswered."""

    item: str
    correct: bool
    flagged: bool
    answer: Optional[tuple[int, ...]]
    seconds: float


@dataclass(frozen=True)
class MockRecord:
    """A finished mock exam, kept forever. Times as in :class:`MockState`; ``finished`` since the epoch."""

    started: int
    finished: int
    limit: int
    used: float
    score: int  # 100-1000, see fmprep.mock.scaled_score
    passed: bool
    correct: int
    questions: int
    objectives: tuple[ObjectiveResult, ...]
    items: tuple[ItemResult, ...]
    objective: Optional[str] = None
    topics: tuple[str, ...] = ()


@dataclass
class Mocks:
    """The mock in progress (if any) and every finished mock, oldest first."""

    current: Optional[MockState] = None
    history: list[MockRecord] = field(default_factory=list)


class Progress:
    """All progress in one file. Items that leave the deck keep their entries; nothing here is ever pruned."""

    def __init__(self, cards: dict[str, CardState] | None = None, reviews: ReviewLog | None = None,
                 exam_date: str | None = None, mocks: Mocks | None = None):
        self.cards = cards if cards is not None else {}
        self.reviews = reviews if reviews is not None else ReviewLog()
        self.exam_date = exam_date  # ISO date, or None
        self.mocks = mocks if mocks is not None else Mocks()

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Progress) and self.cards == other.cards and self.reviews == other.reviews
                and self.exam_date == other.exam_date and self.mocks == other.mocks)

    def copy(self) -> "Progress":
        """An independent copy: changing one never changes the other."""
        import copy

        log = self.reviews
        reviews = ReviewLog(list(log.ids), list(log.item), list(log.time), bytearray(log.grade), list(log.ms))
        return Progress(dict(self.cards), reviews, self.exam_date, copy.deepcopy(self.mocks))

    def reset(self, item_ids: Iterable[str] | None = None) -> tuple[int, int]:
        """Forget the state and history of these items (all with None: the mock exams too). Returns (items,
        reviews) removed. Resetting some items leaves the mocks alone."""
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
    """The progress file's bytes (schema version 2)."""
    import json

    log = progress.reviews
    document = {
        "format": FORMAT,
        "version": SCHEMA_VERSION,
        "exam_date": progress.exam_date,
        "cards": {item: list(card) for item, card in progress.cards.items()},
        "reviews": {"ids": log.ids, "item": log.item, "time": log.time, "grade": log.grade.decode("ascii"),
                    "ms": log.ms},
        "mocks": encode_mocks(progress.mocks),
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
    known = {"format", "version", "exam_date", "cards", "reviews", "mocks"}
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
    mocks = decode_mocks(_typed(document, "mocks", dict))
    return Progress(cards, ReviewLog(ids, item, time, bytearray(grade, "ascii"), ms), exam_date, mocks)


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


# -- mocks ------------------------------------------------------------------------------------------------------

_STATE_FIELDS = ("started", "limit", "used", "position", "objective", "topics", "items", "orders", "answers",
                 "flags", "spent")
_RECORD_FIELDS = ("started", "finished", "limit", "used", "score", "passed", "correct", "questions", "objective",
                  "topics", "objectives", "items")


def encode_mocks(mocks: Mocks) -> dict:
    """The ``mocks`` field of the file: the mock in progress (or null) and the finished ones, oldest first.

    Seconds since 1970-01-01 UTC for ``started`` and ``finished``; seconds for ``limit``, ``used`` and per-item
    times. Answers are in the question's own index space: a choice is the sorted indices of the options picked,
    an ordering the step indices in the learner's order, a matching (element n) the index of the answer given for
    prompt n. ``orders`` (parallel to ``items``) are the shown orders of each question's options, steps or answers.
    Finished items are rows ``[id, correct, flagged, answer or null, seconds]``; objectives are rows
    ``[objective id, correct, questions]``::

        "mocks": {
          "current": {"started": 1795165200, "limit": 1680, "used": 312.5, "position": 3,
                      "objective": null, "topics": [],
                      "items": ["exam.data.mc-rlhf", "case.support-bot.q1", "case.support-bot.q2"],
                      "orders": [[2, 0, 3, 1], [1, 0, 2, 3], [3, 2, 1, 0]],
                      "answers": {"exam.data.mc-rlhf": [3]}, "flags": ["case.support-bot.q1"],
                      "spent": {"exam.data.mc-rlhf": 41.5, "case.support-bot.q1": 12.0}},
          "history": [{"started": 1795000000, "finished": 1795001500, "limit": 1680, "used": 1490.5,
                       "score": 743, "passed": true, "correct": 15, "questions": 20,
                       "objective": null, "topics": [],
                       "objectives": [["training-elements", 6, 7], ["fine-tuning-methods", 4, 6],
                                      ["data-preparation", 5, 7]],
                       "items": [["exam.data.mc-rlhf", true, false, [3], 41.5],
                                 ["case.support-bot.q1", false, true, null, 12.0]]}]
        }

    (A history row holds one ``items`` row per scored question: ``questions`` of them.)
    """
    current = mocks.current
    state = None
    if current is not None:
        state = {"started": current.started, "limit": current.limit, "used": current.used,
                 "position": current.position, "objective": current.objective, "topics": list(current.topics),
                 "items": current.items, "orders": current.orders, "answers": current.answers,
                 "flags": [item for item in current.items if item in current.flags], "spent": current.spent}
    history = [{"started": r.started, "finished": r.finished, "limit": r.limit, "used": r.used, "score": r.score,
                "passed": r.passed, "correct": r.correct, "questions": r.questions, "objective": r.objective,
                "topics": list(r.topics), "objectives": [list(o) for o in r.objectives],
                "items": [[i.item, i.correct, i.flagged, None if i.answer is None else list(i.answer), i.seconds]
                          for i in r.items]}
               for r in mocks.history]
    return {"current": state, "history": history}


def decode_mocks(document: dict) -> Mocks:
    """The ``mocks`` field -> Mocks, checking every field (see :func:`encode_mocks` for the shape)."""
    _exact_fields(document, "mocks", ("current", "history"))
    state = document["current"]
    current = None if state is None else _mock_state(state)
    history = document["history"]
    if not isinstance(history, list):
        raise FormatError("\"mocks.history\" must be a list")
    return Mocks(current, [_mock_record(record, f"mocks.history[{n}]") for n, record in enumerate(history)])


def _exact_fields(value, where: str, names: tuple[str, ...]) -> None:
    if not isinstance(value, dict) or set(value) != set(names):
        raise FormatError(f"\"{where}\" must be an object with exactly the fields {', '.join(names)}")


def _check(ok: bool, where: str, what: str) -> None:
    if not ok:
        raise FormatError(f"\"{where}\" must be {what}")


def _whole(value, least: int = 0) -> bool:
    return type(value) is int and value >= least


def _seconds(value) -> bool:
    """A finite number of seconds >= 0 (int or float, not a bool)."""
    return type(value) in (int, float) and 0 <= value < float("inf")


def _mock_state(state) -> MockState:
    where = "mocks.current"
    _exact_fields(state, where, _STATE_FIELDS)
    _check(_whole(state["started"]), f"{where}.started", "a whole number >= 0")
    _check(_whole(state["limit"], 1), f"{where}.limit", "a whole number of seconds >= 1")
    _check(_seconds(state["used"]), f"{where}.used", "a number of seconds >= 0")
    objective, topics = _selection(state, where)
    items = state["items"]
    _check(isinstance(items, list) and items and all(type(i) is str for i in items)
           and len(set(items)) == len(items), f"{where}.items", "a non-empty list of distinct item ids")
    _check(_whole(state["position"]) and state["position"] < len(items), f"{where}.position",
           "a position in its items")
    orders = state["orders"]
    _check(isinstance(orders, list) and len(orders) == len(items)
           and all(isinstance(o, list) and o and sorted(o) == list(range(len(o))) and _whole_numbers(o)
                   for o in orders),
           f"{where}.orders", "one order per item, each a list holding 0, 1, 2... once each")
    size = dict(zip(items, map(len, orders)))
    answers = state["answers"]
    _check(isinstance(answers, dict) and all(
        item in size and isinstance(a, list) and _whole_numbers(a) and all(0 <= x < size[item] for x in a)
        for item, a in answers.items()), f"{where}.answers", "an object of item ids and lists of their indices")
    flags = state["flags"]
    _check(isinstance(flags, list) and all(f in size for f in flags) and len(set(flags)) == len(flags),
           f"{where}.flags", "a list of distinct ids of its items")
    spent = state["spent"]
    _check(isinstance(spent, dict) and all(item in size and _seconds(t) for item, t in spent.items()),
           f"{where}.spent", "an object of item ids and seconds >= 0")
    return MockState(state["started"], state["limit"], items, orders, state["used"], state["position"], answers,
                     set(flags), spent, objective, topics)


def _selection(document: dict, where: str) -> tuple[Optional[str], tuple[str, ...]]:
    objective, topics = document["objective"], document["topics"]
    _check(objective is None or type(objective) is str, f"{where}.objective", "an objective id or null")
    _check(isinstance(topics, list) and all(type(t) is str for t in topics), f"{where}.topics",
           "a list of concept ids")
    return objective, tuple(topics)


def _mock_record(record, where: str) -> MockRecord:
    _exact_fields(record, where, _RECORD_FIELDS)
    for name in ("started", "finished"):
        _check(_whole(record[name]), f"{where}.{name}", "a whole number >= 0")
    _check(_whole(record["limit"], 1), f"{where}.limit", "a whole number of seconds >= 1")
    _check(_seconds(record["used"]), f"{where}.used", "a number of seconds >= 0")
    _check(_whole(record["score"], 100) and record["score"] <= 1000, f"{where}.score",
           "a whole number from 100 to 1000")
    _check(type(record["passed"]) is bool, f"{where}.passed", "true or false")
    objective, topics = _selection(record, where)
    objectives = record["objectives"]
    _check(isinstance(objectives, list) and all(
        isinstance(o, list) and len(o) == 3 and type(o[0]) is str and _whole(o[1]) and _whole(o[2], 1)
        and o[1] <= o[2] for o in objectives), f"{where}.objectives", "a list of [objective id, correct, questions]")
    items = record["items"]
    _check(isinstance(items, list) and items and all(
        isinstance(i, list) and len(i) == 5 and type(i[0]) is str and type(i[1]) is bool and type(i[2]) is bool
        and (i[3] is None or isinstance(i[3], list) and _whole_numbers(i[3]) and all(x >= 0 for x in i[3]))
        and _seconds(i[4]) for i in items), f"{where}.items",
        "a non-empty list of [item id, correct, flagged, answer or null, seconds]")
    correct, questions = record["correct"], record["questions"]
    _check(questions == len(items) and correct == sum(i[1] for i in items), f"{where}.correct",
           "the number of its items answered right, and \"questions\" the number of its items")
    return MockRecord(record["started"], record["finished"], record["limit"], record["used"], record["score"],
                      record["passed"], correct, questions, tuple(ObjectiveResult(*o) for o in objectives),
                      tuple(ItemResult(i[0], i[1], i[2], None if i[3] is None else tuple(i[3]), i[4])
                            for i in items),
                      objective, topics)


def load_bytes(data: bytes) -> Progress:
    """Bytes of a progress file of any known version -> Progress (raises FormatError)."""
    return decode(migrate(parse_document(data)))
