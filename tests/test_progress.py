"""The progress model and its on-disk encoding (pure: no files)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from fmprep import progress as model
from fmprep.mockdata import ItemResult, MockRecord, MockState, ObjectiveResult
from fmprep.progress import (
    CardState, FormatError, Mocks, NewerVersionError, Progress, Review, ReviewLog, encode, load_bytes,
)

from conftest import FIXTURES

DAMAGED = {
    "truncated": "ends too early",
    "not-json": "not valid JSON",
    "not-utf8": "not UTF-8",
    "not-an-object": "not an fmprep progress file",
    "wrong-format": "not an fmprep progress file",
    "version-not-a-number": '"version" is missing or not a positive whole number',
    "newer-version": "written by a newer fmprep (schema version 99",
    "unknown-field": "fields this fmprep does not know: colour",
    "cards-not-object": '"cards" is missing or is not an object',
    "bad-card-state": "\"cards['a'].state\" must be 1 (learning), 2 (review) or 3 (relearning) (it is 7)",
    "card-wrong-type": "\"cards['a'].stability\" must be a number from 0.001 to 1e+10 (it is \"3.5\")",
    "columns-uneven": "must all have the same length",
    "bad-grade": "only the digits 1 to 4",
    "review-item-out-of-range": "positions in",
    "bad-exam-date": '"exam_date" must be a date',
    "empty": "not valid JSON",
}


def sample() -> Progress:
    progress = Progress(exam_date="2026-12-24")
    progress.cards["a"] = CardState(2, None, 3.25, 5.5, 1_800_000_000, 1_790_000_000)
    progress.cards["b"] = CardState(1, 0, None, None, 1_790_000_060, None)
    for item, grade in (("a", 3), ("b", 1), ("a", 4), ("gone.from.deck", 2)):
        progress.reviews.append(Review(item, 1_790_000_000, grade, 1500))
    return progress


def test_the_fixture_list_is_complete():
    assert {p.stem for p in (FIXTURES / "progress" / "damaged").glob("*.json")} == set(DAMAGED)


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_each_kind_of_damage_is_named(name):
    data = (FIXTURES / "progress" / "damaged" / f"{name}.json").read_bytes()
    with pytest.raises(FormatError) as info:
        load_bytes(data)
    assert DAMAGED[name] in str(info.value)
    assert isinstance(info.value, NewerVersionError) == (name == "newer-version")


def test_round_trip_is_exact_and_documented_shape():
    progress = sample()
    data = encode(progress)
    assert load_bytes(data) == progress
    document = json.loads(data)
    assert document["format"] == "fmprep-progress" and document["version"] == model.SCHEMA_VERSION
    assert document["cards"]["a"] == [2, None, 3.25, 5.5, 1_800_000_000, 1_790_000_000]
    assert document["reviews"] == {"ids": ["a", "b", "gone.from.deck"], "item": [0, 1, 0, 2],
                                   "time": [1_790_000_000] * 4, "grade": "3142", "ms": [1500] * 4}


times = st.integers(0, model.LATEST_TIME)
stabilities, difficulties = st.floats(*model.STABILITY_RANGE), st.floats(*model.DIFFICULTY_RANGE)
cards = st.one_of(  # every consistent state: new (never rated), learning, review, relearning
    st.builds(CardState, st.just(1), st.integers(0, 1), st.none(), st.none(), times, st.none()),
    st.builds(CardState, st.just(1), st.integers(0, 1), stabilities, difficulties, times, times),
    st.builds(CardState, st.just(2), st.none(), stabilities, difficulties, times, times),
    st.builds(CardState, st.just(3), st.just(0), stabilities, difficulties, times, times))
reviews = st.builds(Review, st.text(min_size=1, max_size=12), times, st.integers(1, 4),
                    st.integers(0, 10**7))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=12), cards, max_size=8), st.lists(reviews, max_size=30))
def test_any_progress_round_trips_exactly(card_map, review_list):
    progress = Progress(dict(card_map))
    for review in review_list:
        progress.reviews.append(review)
    again = load_bytes(encode(progress))
    assert again == progress and list(again.reviews) == review_list


def test_undo_pops_the_last_review_exactly():
    log = ReviewLog()
    log.append(Review("a", 10, 3, 100))
    log.append(Review("b", 20, 1, 200))
    assert log.pop() == Review("b", 20, 1, 200)
    assert list(log) == [Review("a", 10, 3, 100)]


def test_reset_of_some_items_keeps_the_others_and_items_that_left_the_deck():
    progress = sample()
    assert progress.reset_counts({"a"}) == (1, 2)
    assert progress.reset({"a"}) == (1, 2)
    assert set(progress.cards) == {"b"}
    assert [r.item for r in progress.reviews] == ["b", "gone.from.deck"]
    assert progress.reset() == (1, 2)
    assert progress == Progress(exam_date="2026-12-24")


def test_every_old_schema_version_has_a_migration_and_a_fixture():
    for version in range(1, model.SCHEMA_VERSION):
        assert version in model.MIGRATIONS, f"no migration from version {version}"
        fixture = FIXTURES / "progress" / f"v{version}.json"
        assert fixture.exists(), f"no fixture of version {version}"
        assert load_bytes(fixture.read_bytes()).cards, f"fixture v{version} should carry progress"


def test_the_migration_from_version_1_adds_empty_mocks_and_changes_nothing_else():
    v1 = json.loads((FIXTURES / "progress" / "v1.json").read_bytes())
    before = json.loads(json.dumps(v1))
    v2 = model.MIGRATIONS[1](v1)
    assert v1 == before  # pure: the input is not changed
    assert v2 == {**v1, "version": 2, "mocks": {"current": None, "history": []}}
    assert model.decode(model.migrate(v2)).mocks == model.Mocks()


def test_the_migration_from_version_2_adds_no_parameters_and_no_suspensions_and_changes_nothing_else():
    v2 = json.loads((FIXTURES / "progress" / "v2.json").read_bytes())
    assert v2["version"] == 2 and v2["mocks"]["history"]  # a real version-2 file, with a mock exam
    before = json.loads(json.dumps(v2))
    v3 = model.MIGRATIONS[2](v2)
    assert v2 == before
    assert v3 == {**v2, "version": 3, "parameters": None, "suspended": []}
    progress = model.decode(v3)
    assert progress.parameters is None and progress.suspended == set()
    assert progress.mocks == load_bytes(json.dumps(v2).encode()).mocks and len(progress.mocks.history) == 1


DEFAULTS = (0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835, 0.0614,
            0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542)  # FSRS-6's
FITTED = model.Parameters((0.5,) + DEFAULTS[1:20] + (0.3,), 1_795_000_000, 812)


def test_parameters_and_suspended_items_round_trip_in_the_documented_shape():
    progress = sample()
    progress.parameters = FITTED
    progress.suspended = {"b", "a"}
    data = encode(progress)
    assert load_bytes(data) == progress
    document = json.loads(data)
    assert document["parameters"] == {"values": list(FITTED.values), "fitted": 1_795_000_000, "reviews": 812}
    assert document["suspended"] == ["a", "b"]
    copy = progress.copy()
    copy.suspended.add("c")
    assert progress.suspended == {"a", "b"} and copy != progress


def _with(**fields) -> bytes:
    document = json.loads(encode(sample()))
    document.update(fields)
    return json.dumps(document).encode()


GOOD_VALUES = list(FITTED.values)


@pytest.mark.parametrize("fields, problem", [
    ({"parameters": {"values": GOOD_VALUES[:20], "fitted": 1, "reviews": 1}}, "list of 21 finite numbers"),
    ({"parameters": {"values": GOOD_VALUES[:20] + [float("nan")], "fitted": 1, "reviews": 1}}, "NaN, which is not a number"),  # refused as the file is parsed
    ({"parameters": {"values": GOOD_VALUES[:20] + [True], "fitted": 1, "reviews": 1}}, "21 finite numbers"),
    ({"parameters": {"values": GOOD_VALUES[:20] + ["0.1"], "fitted": 1, "reviews": 1}}, "21 finite numbers"),
    ({"parameters": {"values": [1e9] + GOOD_VALUES[1:], "fitted": 1, "reviews": 1}}, "w0 = 1000000000.0 is outside"),
    ({"parameters": {"values": GOOD_VALUES, "fitted": -1, "reviews": 1}}, "parameters.fitted"),
    ({"parameters": {"values": GOOD_VALUES, "fitted": 1, "reviews": 2.5}}, "a whole number >= 0"),
    ({"parameters": {"values": GOOD_VALUES, "fitted": 1}}, '"parameters" must be null or'),
    ({"parameters": [0.1] * 21}, '"parameters" must be null or'),
    ({"suspended": ["a", "a"]}, "distinct item ids"),
    ({"suspended": ["a", 3]}, "distinct item ids"),
    ({"suspended": [""]}, "distinct item ids"),
    ({"suspended": "a"}, '"suspended" is missing or is not a list'),
])
def test_bad_parameters_or_suspended_items_are_named(fields, problem):
    with pytest.raises(FormatError) as info:
        load_bytes(_with(**fields))
    assert problem in str(info.value)


def test_missing_parameters_field_is_named():
    document = json.loads(encode(sample()))
    del document["parameters"]
    with pytest.raises(FormatError, match='"parameters" is missing'):
        load_bytes(json.dumps(document).encode())


# -- mocks (schema version 2) ---------------------------------------------------------------------------------

def with_mocks() -> Progress:
    progress = sample()
    state = MockState(1_795_000_000, 1680, ["q1", "q2", "q3"], [[2, 0, 1], [0, 1, 2, 3], [1, 0]], used=75.5,
                      position=1, answers={"q1": [0, 2]}, flags={"q3"}, spent={"q1": 70.25, "q2": 5},
                      objective="obj", topics=("alpha",))
    record = MockRecord(1_794_000_000, 1_794_001_000, 600, 590.5, 700, True, 1, 2,
                        (ObjectiveResult("obj", 1, 2),),
                        (ItemResult("q1", True, False, (1,), 40.0), ItemResult("q2", False, True, None, 0.0)))
    progress.mocks = Mocks(state, [record])
    return progress


def test_mocks_round_trip_exactly_in_the_documented_shape():
    progress = with_mocks()
    data = encode(progress)
    assert load_bytes(data) == progress
    document = json.loads(data)
    assert document["version"] == model.SCHEMA_VERSION
    assert document["mocks"] == {
        "current": {"started": 1_795_000_000, "limit": 1680, "used": 75.5, "position": 1, "objective": "obj",
                    "topics": ["alpha"], "items": ["q1", "q2", "q3"], "orders": [[2, 0, 1], [0, 1, 2, 3], [1, 0]],
                    "answers": {"q1": [0, 2]}, "flags": ["q3"], "spent": {"q1": 70.25, "q2": 5}},
        "history": [{"started": 1_794_000_000, "finished": 1_794_001_000, "limit": 600, "used": 590.5, "score": 700,
                     "passed": True, "correct": 1, "questions": 2, "objective": None, "topics": [],
                     "objectives": [["obj", 1, 2]],
                     "items": [["q1", True, False, [1], 40.0], ["q2", False, True, None, 0.0]]}],
    }


def test_mocks_take_part_in_equality():
    assert with_mocks() != sample()
    other = with_mocks()
    other.mocks.current.flags.add("q1")
    assert other != with_mocks()


def test_a_full_reset_clears_the_mocks_and_a_topic_reset_keeps_them():
    progress = with_mocks()
    progress.reset({"q1", "a"})
    assert progress.mocks == with_mocks().mocks
    progress.reset()
    assert progress.mocks == Mocks() and progress == Progress(exam_date="2026-12-24")


def mutate(path: str, value):
    """A version-2 document of with_mocks() with the field at ``path`` (keys and list positions, separated by
    dots) replaced, or deleted."""
    document = json.loads(encode(with_mocks()))
    *parents, last = [int(key) if key.isdigit() else key for key in path.split(".")]
    target = document
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return json.dumps(document).encode()


DELETE = object()
BAD_MOCKS = [
    ("mocks", DELETE, '"mocks" is missing or is not an object'),
    ("mocks", [], '"mocks" is missing or is not an object'),
    ("mocks.extra", 1, '"mocks" must be an object with exactly the fields current, history'),
    ("mocks.history", {}, '"mocks.history" must be a list'),
    ("mocks.current.used", -1, '"mocks.current.used" must be a number of seconds'),
    ("mocks.current.used", float("inf"), 'it holds Infinity, which is not a number'),
    ("mocks.current.used", 10.0 ** 300, '"mocks.current.used" must be a number of seconds from 0 to 253402214400'),
    ("mocks.current.used", True, '"mocks.current.used" must be a number of seconds'),
    ("mocks.current.limit", 0, '"mocks.current.limit" must be a whole number of seconds >= 1'),
    ("mocks.current.started", 1.5, '"mocks.current.started" must be a time: whole seconds since 1970-01-01 UTC'),
    ("mocks.current.started", -1, '"mocks.current.started" must be a time'),
    ("mocks.current.started", 253402214401, '"mocks.current.started" must be a time'),
    ("mocks.current.spent", {"q1": "7"}, '"mocks.current.spent" must be'),
    ("mocks.current.spent", {"zz": 7}, '"mocks.current.spent" must be'),
    ("mocks.current.position", 3, '"mocks.current.position" must be a position in its items'),
    ("mocks.current.items", ["q1", "q1", "q3"], '"mocks.current.items" must be a non-empty list of distinct item ids'),
    ("mocks.current.items", [], '"mocks.current.items" must be a non-empty list'),
    ("mocks.current.orders", [[2, 0, 1], [0, 1, 2, 3]], '"mocks.current.orders" must be one order per item'),
    ("mocks.current.orders.0", [0, 0, 1], '"mocks.current.orders" must be one order per item'),
    ("mocks.current.answers", {"q1": [3]}, '"mocks.current.answers" must be'),
    ("mocks.current.answers", {"zz": [0]}, '"mocks.current.answers" must be'),
    ("mocks.current.flags", ["q3", "q3"], '"mocks.current.flags" must be a list of distinct ids of its items'),
    ("mocks.current.flags", ["zz"], '"mocks.current.flags" must be a list of distinct ids of its items'),
    ("mocks.current.objective", 3, '"mocks.current.objective" must be an objective id or null'),
    ("mocks.current.topics", "alpha", '"mocks.current.topics" must be a list of concept ids'),
    ("mocks.current.colour", "blue", '"mocks.current" must be an object with exactly the fields'),
    ("mocks.current.answers", DELETE, '"mocks.current" must be an object with exactly the fields'),
    ("mocks.history.0", "a mock", '"mocks.history[0]" must be an object with exactly the fields'),
    ("mocks.history.0.finished", None, '"mocks.history[0].finished" must be a time'),
    ("mocks.history.0.limit", 10 ** 400, '"mocks.history[0].limit" must be a whole number of seconds >= 1'),
    ("mocks.current.orders.0", [1, "a", 0], '"mocks.current.orders" must be one order per item'),
    ("mocks.current.flags", [["q1"]], '"mocks.current.flags" must be a list of distinct ids of its items'),
    ("mocks.current.spent", {"q1": float("nan")}, "it holds NaN, which is not a number"),
    ("mocks.history.0.objectives", [["obj", 1, 10 ** 30]], '"mocks.history[0].objectives" must be a list of'),
    ("mocks.history.0.items.0", ["q1", True, False, [1], 1e300], '"mocks.history[0].items" must be'),
    ("mocks.history.0.score", 99, '"mocks.history[0].score" must be a whole number from 100 to 1000'),
    ("mocks.history.0.score", 1001, '"mocks.history[0].score" must be a whole number from 100 to 1000'),
    ("mocks.history.0.passed", 1, '"mocks.history[0].passed" must be true or false'),
    ("mocks.history.0.objectives", [["obj", 3, 2]], '"mocks.history[0].objectives" must be a list of'),
    ("mocks.history.0.items.0", ["q1", True, False, [-1], 4], '"mocks.history[0].items" must be'),
    ("mocks.history.0.items.0", ["q1", 1, False, [1], 4], '"mocks.history[0].items" must be'),
    ("mocks.history.0.items.0", ["q1", True, False, [1]], '"mocks.history[0].items" must be'),
    ("mocks.history.0.correct", 2, '"mocks.history[0].correct" must be the number of its items answered right'),
    ("mocks.history.0.questions", 3, '"mocks.history[0].correct" must be the number'),
]


def test_the_damaged_mock_cases_start_from_a_valid_document():
    assert load_bytes(mutate("mocks.current.used", 75.5)) == with_mocks()


@pytest.mark.parametrize("path, value, message", BAD_MOCKS, ids=[f"{p}={v!r}" for p, v, _ in BAD_MOCKS])
def test_every_damaged_mock_field_is_named(path, value, message):
    with pytest.raises(FormatError) as info:
        load_bytes(mutate(path, value))
    assert message in str(info.value)


# -- every value is range-checked (issue 12, item 3) ----------------------------------------------------------

def card_document(card, **fields) -> bytes:
    """A valid version-2 document whose card 'a' is ``card`` (a list), with other top-level fields replaced."""
    document = json.loads(encode(sample()))
    document["cards"]["a"] = card
    document.update(fields)
    return json.dumps(document, separators=(",", ":")).encode()


def test_the_hostile_value_cases_start_from_a_valid_document():
    assert load_bytes(card_document([2, None, 3.25, 5.5, 1_800_000_000, 1_790_000_000])) == sample()


HUGE = "9" * 5000
HOSTILE_VALUES = [  # (the bytes of a card 'a', or a whole document; what the message names)
    (f'[2,null,3.5,5.0,{HUGE},1790000000]', "a whole number with thousands of digits"),
    ('[2,null,NaN,5.0,1800000000,1790000000]', "it holds NaN, which is not a number"),
    ('[2,null,Infinity,5.0,1800000000,1790000000]', "it holds Infinity, which is not a number"),
    ('[2,null,-Infinity,5.0,1800000000,1790000000]', "it holds -Infinity, which is not a number"),
    ('[2,null,1e400,5.0,1800000000,1790000000]', "it holds the number 1e400, too large to use"),
    ('[2,null,3.5,5.0,1800000000,-1]', "\"cards['a'].last_review\" must be a time: whole seconds since 1970"),
    ('[2,null,3.5,5.0,1800000000,99999999999999999999]', "\"cards['a'].last_review\" must be a time"),
    ('[2,null,3.5,5.0,253402214401,1790000000]', "\"cards['a'].due\" must be a time"),
    ('[2,null,3.5,5.0,-5,1790000000]', "\"cards['a'].due\" must be a time"),
    ('[2,null,3.5,5.0,1800000000.5,1790000000]', "\"cards['a'].due\" must be a time"),
    ('[2,null,null,5.0,1800000000,1790000000]', "\"cards['a'].stability\" must be a number from 0.001"),
    ('[3,0,null,null,1800000000,null]', "\"cards['a'].stability\" must be a number from 0.001"),
    ('[2,null,0,5.0,1800000000,1790000000]', "\"cards['a'].stability\" must be a number from 0.001 to 1e+10 (it is 0)"),
    ('[2,null,-3,5.0,1800000000,1790000000]', "\"cards['a'].stability\" must be"),
    ('[2,null,1e300,5.0,1800000000,1790000000]', "\"cards['a'].stability\" must be"),
    ('[2,null,true,5.0,1800000000,1790000000]', "\"cards['a'].stability\" must be a number from 0.001 to 1e+10 (it is true)"),
    ('[2,null,3.5,0.5,1800000000,1790000000]', "\"cards['a'].difficulty\" must be a number from 1 to 10 (it is 0.5)"),
    ('[2,null,3.5,11,1800000000,1790000000]', "\"cards['a'].difficulty\" must be a number from 1 to 10"),
    ('[2,null,3.5,null,1800000000,1790000000]', "\"cards['a'].difficulty\" must be"),
    ('[2,null,3.5,5.0,1800000000,null]', "\"cards['a'].last_review\" must be a time"),
    ('[2,0,3.5,5.0,1800000000,1790000000]', "\"cards['a'].step\" must be null for a card in review (state 2)"),
    ('[1,2,3.5,5.0,1800000000,1790000000]', "\"cards['a'].step\" must be a whole number from 0 to 1 (it is 2)"),
    ('[1,null,3.5,5.0,1800000000,1790000000]', "\"cards['a'].step\" must be a whole number from 0 to 1"),
    ('[3,1,3.5,5.0,1800000000,1790000000]', "\"cards['a'].step\" must be a whole number from 0 to 0 (it is 1)"),
    ('[1,0,null,5.0,1800000000,null]', "\"cards['a'].difficulty\" must be null, like last_review"),
    ('[1,0,null,null,1800000000,1790000000]', "\"cards['a'].difficulty\" must be null, like last_review"),
    ('[0,null,3.5,5.0,1800000000,1790000000]', "\"cards['a'].state\" must be 1 (learning), 2 (review) or 3"),
    ('[true,null,3.5,5.0,1800000000,1790000000]', "\"cards['a'].state\" must be 1"),
    ('{"a": 1}', "\"cards['a']\" must be a list [state 1-3"),
]


@pytest.mark.parametrize("card, message", HOSTILE_VALUES, ids=[m[:40] for _, m in HOSTILE_VALUES])
def test_every_out_of_range_value_is_damage_naming_the_field(card, message):
    valid = card_document([2, None, 3.25, 5.5, 1_800_000_000, 1_790_000_000])
    data = valid.replace(b'[2,null,3.25,5.5,1800000000,1790000000]', card.encode(), 1)
    assert data != valid
    with pytest.raises(FormatError) as info:
        load_bytes(data)
    assert message in str(info.value)


@pytest.mark.parametrize("column, values, message", [
    ("time", [-1, 0, 0, 0], '"reviews.time" must be times: whole seconds since 1970-01-01 UTC'),
    ("time", [253402214401, 0, 0, 0], '"reviews.time" must be times'),
    ("time", [1.5, 0, 0, 0], '"reviews.time" must be times'),
    ("ms", [-1, 0, 0, 0], '"reviews.ms" must be whole milliseconds from 0 to 253402214400000'),
    ("ms", [10 ** 300, 0, 0, 0], '"reviews.ms" must be whole milliseconds'),
    ("ms", [1e3, 0, 0, 0], '"reviews.ms" must be whole milliseconds'),
])
def test_review_columns_are_range_checked(column, values, message):
    document = json.loads(encode(sample()))
    document["reviews"][column] = values
    with pytest.raises(FormatError) as info:
        load_bytes(json.dumps(document).encode())
    assert message in str(info.value)


@pytest.mark.parametrize("exam_date", ["2026-W50-1", "20261215", "1969-12-31", "２０２６-12-15", "2026-12-15T00:00"])
def test_an_exam_date_is_a_plain_calendar_date_from_1970(exam_date):
    with pytest.raises(FormatError, match='"exam_date" must be a date like 2026-12-31'):
        load_bytes(card_document([2, None, 3.25, 5.5, 1_800_000_000, 1_790_000_000], exam_date=exam_date))


def test_the_range_limits_are_those_of_the_dates_and_of_fsrs():
    import datetime as dt

    import fsrs
    import fsrs.scheduler

    assert model.LATEST_TIME == dt.datetime(9999, 12, 31, tzinfo=dt.timezone.utc).timestamp()
    assert model.STABILITY_RANGE[0] == fsrs.scheduler.STABILITY_MIN
    assert model.DIFFICULTY_RANGE == (fsrs.scheduler.MIN_DIFFICULTY, fsrs.scheduler.MAX_DIFFICULTY)
    default = fsrs.Scheduler()
    assert model.STEPS == {model.LEARNING: len(default.learning_steps), model.RELEARNING: len(default.relearning_steps)}


def test_the_limits_themselves_load():
    edge = [[1, 1, 0.001, 1, 0, 0], [3, 0, 1e10, 10, model.LATEST_TIME, model.LATEST_TIME]]
    for card in edge:
        assert load_bytes(card_document(card)).cards["a"] == CardState(*card)


def test_a_long_item_id_is_shortened_and_escaped_in_the_message():
    document = json.loads(encode(Progress()))
    document["cards"]["\x1b]52;" + "x" * 100] = [9]
    with pytest.raises(FormatError) as info:
        load_bytes(json.dumps(document).encode())
    assert str(info.value).startswith('"cards[\'\\u001b]52;xxxxxx') and "...']\" must be a list" in str(info.value)
    assert "\x1b" not in str(info.value) and len(str(info.value)) < 150


@pytest.mark.parametrize("data, message", [
    (b'{"format": "fmprep-progress", "cards": {"a": ', "it ends too early (truncated?)"),
    (b'{"format": "fmprep-progress", "cards": {"a": "unterminated', "Unterminated string starting at line 1 column 46"),
    (b'{"format" 1}', "Expecting ':' delimiter at line 1 column 11"),
    (b'{"format": 1}\n}', "Extra data at line 2 column 1"),
])
def test_invalid_json_is_named_in_plain_words(data, message):
    with pytest.raises(FormatError) as info:
        load_bytes(data)
    assert str(info.value) == f"it is not valid JSON: {message}"


_CARD_FIELD = st.sampled_from([None, True, False, -1, 0, 1, 2, 3, 4, 0.0005, 0.001, 1.0, 2, 5.5, 10, 10.5, 1e10, 1e11,
                               model.LATEST_TIME, model.LATEST_TIME + 1, 1_700_000_000, "2", [1]])


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.lists(_CARD_FIELD, min_size=6, max_size=6), st.lists(_CARD_FIELD, max_size=7), _CARD_FIELD))
def test_the_quick_card_check_agrees_with_the_field_by_field_one(value):
    def outcome(read):
        try:
            card = read("x", value)
        except model.FormatError as exc:
            return "error", str(exc)
        return card, tuple(map(type, card))

    assert outcome(model._card) == outcome(model._checked_card)


def test_the_parameter_ranges_are_fsrs_own_and_reading_them_needs_no_fsrs():
    import subprocess
    import sys
    from pathlib import Path

    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

    from fmprep.progress import PARAMETER_LOWER, PARAMETER_UPPER

    assert PARAMETER_LOWER == tuple(LOWER_BOUNDS_PARAMETERS) and PARAMETER_UPPER == tuple(UPPER_BOUNDS_PARAMETERS)
    code = ("import sys, json; from fmprep import progress; from test_progress import _with, FITTED;"
            "progress.load_bytes(_with(parameters={'values': list(FITTED.values), 'fitted': 1, 'reviews': 1}));"
            "print('fsrs' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(Path(__file__).parent))
    assert out.stdout.strip() == "False", out.stderr
