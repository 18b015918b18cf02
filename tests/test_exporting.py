"""The deck and the history as rows for other tools: stable shuffled options, one row per scheduled item, the columns
the README documents."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

import pytest

from fmprep import exporting
from fmprep.content import load_deck
from fmprep.deck import CaseStudy, ChoiceQuestion, MatchingQuestion, OrderingQuestion, reviewables
from fmprep.paths import builtin_content
from fmprep.progress import Review, ReviewLog


@pytest.fixture(scope="module")
def deck():
    return load_deck([builtin_content()])


@pytest.fixture(scope="module")
def table(deck):
    return exporting.rows(deck, reviewables(deck))


def by_id(table):
    return {r.id: r for r in table}


def test_one_row_per_scheduled_item_with_case_studies_split_into_their_questions(deck, table):
    assert [r.id for r in table] == [u.id for u in reviewables(deck)]
    case = next(i for i in deck.items if isinstance(i, CaseStudy))
    for q in case.questions:
        r = by_id(table)[q.id]
        assert (r.case, r.case_title, r.scenario) == (case.id, case.title, case.scenario)


def test_objectives_come_from_the_concepts(deck, table):
    for r in table:
        expected = {o for c in r.concepts for o in deck.concept(c).objectives}
        assert set(r.objectives) == expected and r.objectives


def test_shown_order_is_stable_and_differs_between_items():
    assert exporting.shown_order("a.b", 4) == exporting.shown_order("a.b", 4)
    orders = {tuple(exporting.shown_order(f"item-{n}", 4)) for n in range(40)}
    assert len(orders) > 10
    assert sorted(exporting.shown_order("x", 7)) == list(range(7))


def test_choice_options_keep_their_text_rightness_and_reason_and_the_answer_names_the_right_letters(deck, table):
    choices = [u.question for u in reviewables(deck) if isinstance(u.question, ChoiceQuestion)]
    assert choices
    for q in choices:
        r = by_id(table)[q.id]
        assert [c.label for c in r.options] == list("ABCDEFGHIJKL"[:len(q.options)])
        assert sorted((c.text, c.correct, c.why) for c in r.options) == sorted((o.text, o.correct, o.why) for o in q.options)
        assert r.answer == ", ".join(c.label for c in r.options if c.correct)


def test_the_right_option_is_not_always_in_the_same_place(deck, table):
    """Content files list the right option first; the export must not give that away."""
    singles = [by_id(table)[u.id] for u in reviewables(deck)
               if isinstance(u.question, ChoiceQuestion) and not u.question.multiple]
    places = Counter(r.answer for r in singles)
    assert len(places) >= 3, places
    assert max(places.values()) < 0.6 * len(singles), places


def test_ordering_answer_rebuilds_the_right_order(deck, table):
    q = next(u.question for u in reviewables(deck) if isinstance(u.question, OrderingQuestion))
    r = by_id(table)[q.id]
    shown = {c.label: c.text for c in r.options}
    assert [shown[label] for label in r.answer.split(" -> ")] == list(q.steps)
    assert [c.text for c in r.options] != list(q.steps) or len(q.steps) < 3


def test_matching_answer_pairs_each_prompt_with_its_answer(deck, table):
    q = next(u.question for u in reviewables(deck) if isinstance(u.question, MatchingQuestion))
    r = by_id(table)[q.id]
    assert r.matches == tuple(left for left, _ in q.pairs)
    shown = {c.label: c.text for c in r.options}
    pairs = [part.split("-") for part in r.answer.split(", ")]
    assert [(r.matches[int(n) - 1], shown[label]) for n, label in pairs] == list(q.pairs)


def test_deck_csv_has_the_documented_columns_and_one_row_per_item(table):
    data = exporting.deck_csv(table)
    assert not data.startswith(b"\xef\xbb\xbf")
    read = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    assert tuple(read[0]) == exporting.DECK_COLUMNS
    assert [row["id"] for row in read] == [r.id for r in table]
    choice = next(row for row, r in zip(read, table) if r.kind == "multiple-choice")
    assert choice["options"].splitlines()[0].startswith("A. ")
    assert choice["answer"] in "ABCD"
    assert "(right)" in choice["explanation"] and "(wrong)" in choice["explanation"]


def test_deck_json_keeps_structure(table):
    document = json.loads(exporting.deck_json(table))
    assert document["format"] == "fmprep-deck-export"
    items = {i["id"]: i for i in document["items"]}
    assert len(items) == len(table)
    r = next(r for r in table if r.kind == "multiple-response")
    options = items[r.id]["options"]
    assert [o["label"] for o in options if o["correct"]] == r.answer.split(", ")
    ordering = next(r for r in table if r.kind == "ordering")
    assert sorted(o["position"] for o in items[ordering.id]["options"]) == list(range(1, len(ordering.options) + 1))


def test_control_characters_never_reach_an_export(deck):
    from fmprep.deck import Deck, Flashcard
    from fmprep.deck import Reviewable

    card = Flashcard("x.card", ("c",), "front \x1b]52;c;AAAA\x07", "back\x9b2J", ())
    small = Deck(deck.objectives, deck.concepts, (card,))
    table = exporting.rows(small, [Reviewable(card.id, card.concepts, card)])
    for data in (exporting.deck_csv(table), exporting.deck_json(table)):
        assert b"\x1b" not in data and b"\x07" not in data and "\x9b".encode() not in data
    assert "\x1b" not in exporting.note(table[0]).front


def test_reviews_csv_in_fsrs_optimizer_columns():
    log = ReviewLog()
    log.append(Review("a.card", 1_790_000_000, 3, 1200))
    log.append(Review("b.card", 1_790_000_061, 1, 15000))
    read = list(csv.DictReader(io.StringIO(exporting.reviews_csv(log).decode("utf-8"))))
    assert read == [
        {"card_id": "a.card", "review_time": "1790000000000", "review_rating": "3", "review_duration": "1200",
         "review_time_utc": "2026-09-21T14:13:20Z"},
        {"card_id": "b.card", "review_time": "1790000061000", "review_rating": "1", "review_duration": "15000",
         "review_time_utc": "2026-09-21T14:14:21Z"},
    ]


def test_anki_note_front_and_back(deck, table):
    case = next(i for i in deck.items if isinstance(i, CaseStudy))
    r = by_id(table)[case.questions[0].id]
    n = exporting.note(r)
    assert n.id == r.id
    assert exporting.html.escape(case.scenario) in n.front
    assert all(f"{c.label}. " in n.front for c in r.options)
    assert f"<b>Answer:</b> {r.answer}" in n.back
    assert all(exporting.html.escape(c.why) in n.back for c in r.options)
    assert all(s in n.back for s in r.sources)
    assert "kind::multiple-choice" in n.tags or "kind::multiple-response" in n.tags
    assert {f"concept::{c}" for c in r.concepts} <= set(n.tags)
    assert all(" " not in t for t in n.tags)


def test_flashcard_note_is_front_and_back(table):
    r = next(r for r in table if r.kind == "flashcard")
    n = exporting.note(r)
    assert exporting.html.escape(r.prompt) in n.front
    assert exporting.html.escape(r.answer) in n.back
    assert "options" not in n.front


def test_anki_ids_depend_only_on_constants_and_item_ids():
    from fmprep import anki

    assert anki.note_guid("a.card") == anki.note_guid("a.card") != anki.note_guid("b.card")
    assert anki.MODEL_ID == anki.stable_id("fmprep/anki-model/v1") and anki.MODEL_ID != anki.DECK_ID
    assert all(1 << 30 <= i < 1 << 31 for i in (anki.MODEL_ID, anki.DECK_ID))
