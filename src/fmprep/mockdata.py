"""The practice exams' part of the progress file: the types of a mock in progress and of a finished one, and their
encoding (checked field by field). Pure. The rules that fill these in are in :mod:`fmprep.mock`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple, Optional

from fmprep.progress import FormatError, Mocks, _check, _seconds, _time, _whole, _whole_numbers, MAX_SECONDS


# -- types -------------------------------------------

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


def _mock_state(state) -> MockState:
    where = "mocks.current"
    _exact_fields(state, where, _STATE_FIELDS)
    _time(state["started"], f"{where}.started")
    _whole(state["limit"], f"{where}.limit", 1, what="a whole number of seconds >= 1 (up to the range of times)")
    _seconds(state["used"], f"{where}.used")
    objective, topics = _selection(state, where)
    items = state["items"]
    _check(isinstance(items, list) and items and all(type(i) is str for i in items)
           and len(set(items)) == len(items), f"{where}.items", "a non-empty list of distinct item ids")
    _whole(state["position"], f"{where}.position", 0, len(items) - 1, "a position in its items")
    orders = state["orders"]
    _check(isinstance(orders, list) and len(orders) == len(items)
           and all(isinstance(o, list) and o and _whole_numbers(o) and sorted(o) == list(range(len(o)))
                   for o in orders),
           f"{where}.orders", "one order per item, each a list holding 0, 1, 2... once each")
    size = dict(zip(items, map(len, orders)))
    answers = state["answers"]
    _check(isinstance(answers, dict) and all(
        item in size and isinstance(a, list) and _whole_numbers(a) and all(0 <= x < size[item] for x in a)
        for item, a in answers.items()), f"{where}.answers", "an object of item ids and lists of their indices")
    flags = state["flags"]
    _check(isinstance(flags, list) and all(type(f) is str and f in size for f in flags)
           and len(set(flags)) == len(flags),
           f"{where}.flags", "a list of distinct ids of its items")
    spent = state["spent"]
    _check(isinstance(spent, dict) and all(item in size for item in spent), f"{where}.spent",
           "an object of item ids and seconds >= 0")
    for item, seconds in spent.items():
        _seconds(seconds, f"{where}.spent")
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
        _time(record[name], f"{where}.{name}")
    _whole(record["limit"], f"{where}.limit", 1, what="a whole number of seconds >= 1 (up to the range of times)")
    _seconds(record["used"], f"{where}.used")
    _whole(record["score"], f"{where}.score", 100, 1000)
    _check(type(record["passed"]) is bool, f"{where}.passed", "true or false")
    objective, topics = _selection(record, where)
    objectives = record["objectives"]
    _check(isinstance(objectives, list) and all(
        isinstance(o, list) and len(o) == 3 and type(o[0]) is str and type(o[1]) is int and type(o[2]) is int
        and 0 <= o[1] <= o[2] and o[2] >= 1 for o in objectives), f"{where}.objectives", "a list of [objective id, correct, questions]")
    items = record["items"]
    _check(isinstance(items, list) and items, f"{where}.items", "a non-empty list of [item id, correct, flagged, answer or null, seconds]")
    _check(all(o[2] <= len(items) for o in objectives), f"{where}.objectives",
           "a list of [objective id, correct, questions] with no more questions than the mock's items")
    _check(all(
        isinstance(i, list) and len(i) == 5 and type(i[0]) is str and type(i[1]) is bool and type(i[2]) is bool
        and (i[3] is None or isinstance(i[3], list) and _whole_numbers(i[3]) and all(x >= 0 for x in i[3]))
        and type(i[4]) in (int, float) and 0 <= i[4] <= MAX_SECONDS for i in items), f"{where}.items",
        "a non-empty list of [item id, correct, flagged, answer or null, seconds]")
    correct, questions = record["correct"], record["questions"]
    _check(questions == len(items) and correct == sum(i[1] for i in items), f"{where}.correct",
           "the number of its items answered right, and \"questions\" the number of its items")
    return MockRecord(record["started"], record["finished"], record["limit"], record["used"], record["score"],
                      record["passed"], correct, questions, tuple(ObjectiveResult(*o) for o in objectives),
                      tuple(ItemResult(i[0], i[1], i[2], None if i[3] is None else tuple(i[3]), i[4])
                            for i in items),
                      objective, topics)
