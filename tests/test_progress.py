"""The progress model and its on-disk encoding (pure: no files)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings, strategies as st

from fmprep import progress as model
from fmprep.progress import CardState, FormatError, NewerVersionError, Progress, Review, ReviewLog, encode, load_bytes

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
    "bad-card-state": "the card of 'a' must be",
    "card-wrong-type": "the card of 'a' must be",
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


cards = st.builds(CardState, st.integers(1, 3), st.none() | st.integers(0, 5),
                  st.none() | st.floats(0.001, 36500, allow_nan=False), st.none() | st.floats(1, 10, allow_nan=False),
                  st.integers(0, 2**40), st.none() | st.integers(0, 2**40))
reviews = st.builds(Review, st.text(min_size=1, max_size=12), st.integers(0, 2**40), st.integers(1, 4),
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
