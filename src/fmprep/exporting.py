"""The deck and the review history as rows for other tools (Anki, spreadsheets, FSRS optimizers). Pure: no files.

One row per thing that carries a schedule (:func:`fmprep.deck.reviewables`): a case study gives one row per
question, with its scenario. Exam options are shown in an order drawn from the item's id, so the right option is
not always in the same place (content files list it first) and the order stays the same from one export to the next.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import html
import io
import json
import random
import re
from typing import Iterable, NamedTuple

from fmprep.deck import (
    ChoiceQuestion, Deck, Flashcard, MatchingQuestion, OpenQuestion, OrderingQuestion, Reviewable,
)
from fmprep.progress import ReviewLog

LABELS = "ABCDEFGHIJKL"
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

DECK_COLUMNS = ("id", "kind", "case", "concepts", "objectives", "scenario", "prompt", "options", "answer",
                "explanation", "sources")
REVIEW_COLUMNS = ("card_id", "review_time", "review_rating", "review_duration", "review_time_utc")


class Choice(NamedTuple):
    """An option as exported: its letter, text, whether it is right, why, and its index in the content file (for
    ordering: its place in the right order; for matching: the number of the prompt it matches, from 0)."""

    label: str
    text: str
    correct: bool
    why: str
    index: int


class Row(NamedTuple):
    """One exported item. ``options`` are in their shown order; ``answer`` names them by letter."""

    id: str
    kind: str
    case: str  # the case study's id, or ""
    case_title: str
    scenario: str
    concepts: tuple[str, ...]
    objectives: tuple[str, ...]
    prompt: str
    matches: tuple[str, ...]  # matching: the prompts, numbered 1..n (options are the answers)
    options: tuple[Choice, ...]
    answer: str
    explanation: str
    sources: tuple[str, ...]


def clean(text: str) -> str:
    """Control characters (ESC, C1, bidi overrides; not tab or newline) become U+FFFD in every export."""
    return _CONTROL.sub("\ufffd", text)


def shown_order(item_id: str, count: int) -> list[int]:
    """The order an item's options are exported in: ``order[k]`` is the option shown at k. Drawn from the item id,
    so it is the same in every export and differs from item to item."""
    seed = int.from_bytes(hashlib.sha256(f"fmprep-export:{item_id}".encode()).digest()[:8], "big")
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return order


def rows(deck: Deck, units: Iterable[Reviewable]) -> list[Row]:
    return [row(deck, unit) for unit in units]


def row(deck: Deck, unit: Reviewable) -> Row:
    q = unit.question
    objectives: dict[str, None] = {}
    for concept_id in unit.concepts:
        concept = deck.concept(concept_id)
        objectives.update(dict.fromkeys(concept.objectives if concept else ()))
    sources = tuple(dict.fromkeys(q.sources + (unit.case.sources if unit.case else ())))
    matches: tuple[str, ...] = ()
    options: tuple[Choice, ...] = ()
    explanation = getattr(q, "explanation", "")
    if isinstance(q, Flashcard):
        prompt, answer = q.front, q.back
    elif isinstance(q, OpenQuestion):
        prompt, answer = q.prompt, q.answer
        if q.also_valid:
            answer += "\nAlso accepted: " + "; ".join(q.also_valid)
    elif isinstance(q, ChoiceQuestion):
        prompt = q.prompt
        order = shown_order(q.id, len(q.options))
        options = tuple(Choice(LABELS[k], q.options[i].text, q.options[i].correct, q.options[i].why, i)
                        for k, i in enumerate(order))
        answer = ", ".join(c.label for c in options if c.correct)
    elif isinstance(q, OrderingQuestion):
        prompt = q.prompt
        order = shown_order(q.id, len(q.steps))
        options = tuple(Choice(LABELS[k], q.steps[i], True, "", i) for k, i in enumerate(order))
        answer = " -> ".join(LABELS[order.index(i)] for i in range(len(q.steps)))
    elif isinstance(q, MatchingQuestion):
        prompt = q.prompt
        matches = tuple(left for left, _ in q.pairs)
        order = shown_order(q.id, len(q.pairs))
        options = tuple(Choice(LABELS[k], q.pairs[i][1], True, "", i) for k, i in enumerate(order))
        answer = ", ".join(f"{i + 1}-{LABELS[order.index(i)]}" for i in range(len(q.pairs)))
    else:  # pragma: no cover - reviewables never yields a bare case study
        raise TypeError(f"cannot export {type(q).__name__}")
    return Row(unit.id, str(q.kind), unit.case.id if unit.case else "", unit.case.title if unit.case else "",
               unit.case.scenario if unit.case else "", tuple(unit.concepts), tuple(objectives), prompt, matches,
               options, answer, explanation, sources)


# -- spreadsheets and JSON -------------------------------------------------------------------------------------

def _options_cell(r: Row) -> str:
    lines = [f"{n}. {left}" for n, left in enumerate(r.matches, 1)]
    lines += [f"{c.label}. {c.text}" for c in r.options]
    return "\n".join(lines)


def _explanation_cell(r: Row) -> str:
    lines = [r.explanation] if r.explanation else []
    if r.kind in ("multiple-choice", "multiple-response"):
        lines += [f"{c.label} ({'right' if c.correct else 'wrong'}): {c.why}" for c in r.options]
    return "\n".join(lines)


def deck_csv(table: list[Row]) -> bytes:
    """UTF-8 CSV (no BOM), a header row then one row per item; list cells hold one entry per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(DECK_COLUMNS)
    for r in table:
        writer.writerow([clean(v) for v in (
            r.id, r.kind, r.case, " ".join(r.concepts), " ".join(r.objectives), r.scenario, r.prompt,
            _options_cell(r), r.answer, _explanation_cell(r), "\n".join(r.sources))])
    return out.getvalue().encode("utf-8")


def deck_json(table: list[Row]) -> bytes:
    def one(r: Row) -> dict:
        data: dict = {"id": r.id, "kind": r.kind}
        if r.case:
            data["case"] = {"id": r.case, "title": clean(r.case_title), "scenario": clean(r.scenario)}
        data.update(concepts=list(r.concepts), objectives=list(r.objectives), prompt=clean(r.prompt))
        if r.matches:
            data["matches"] = [{"number": n, "text": clean(t)} for n, t in enumerate(r.matches, 1)]
        if r.options:
            data["options"] = [_option_json(r.kind, c) for c in r.options]
        data.update(answer=clean(r.answer), explanation=clean(r.explanation), sources=list(r.sources))
        return data

    document = {"format": "fmprep-deck-export", "version": 1, "items": [one(r) for r in table]}
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _option_json(kind: str, c: Choice) -> dict:
    data: dict = {"label": c.label, "text": clean(c.text)}
    if kind == "ordering":
        data["position"] = c.index + 1
    elif kind == "matching":
        data["matches"] = c.index + 1
    else:
        data.update(correct=c.correct, why=clean(c.why))
    return data


def reviews_csv(log: ReviewLog) -> bytes:
    """The review history in the FSRS optimizer's review-log columns (card_id = the fmprep item id, review_time in
    milliseconds since the Unix epoch, review_rating 1-4, review_duration in milliseconds), plus the time in ISO UTC."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(REVIEW_COLUMNS)
    for review in log:
        iso = dt.datetime.fromtimestamp(review.time, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        writer.writerow([clean(review.item), review.time * 1000, review.grade, review.ms, iso])
    return out.getvalue().encode("utf-8")


# -- Anki --------------------------------------------------------------------------------------------------------

class Note(NamedTuple):
    """An Anki note: a guid source (the item id), its HTML front and back, and its tags."""

    id: str
    front: str
    back: str
    tags: tuple[str, ...]


def _h(text: str) -> str:
    return html.escape(clean(text)).replace("\n", "<br>")


def _tag(prefix: str, value: str) -> str:
    return prefix + re.sub(r"\s+", "_", clean(value))


def note(r: Row) -> Note:
    front = []
    if r.case:
        front.append(f'<div class="case"><b>{_h(r.case_title)}</b><br>{_h(r.scenario)}</div><hr>')
    front.append(f'<div class="prompt">{_h(r.prompt)}</div>')
    if r.matches:
        front.append('<div class="matches">' + "<br>".join(f"{n}. {_h(t)}" for n, t in enumerate(r.matches, 1))
                     + "</div>")
    if r.options:
        front.append('<div class="options">' + "<br>".join(f"{c.label}. {_h(c.text)}" for c in r.options) + "</div>")
    back = [f'<div class="answer"><b>Answer:</b> {_h(r.answer)}</div>']
    if r.kind in ("multiple-choice", "multiple-response"):
        back.append('<div class="why">' + "<br>".join(
            f"{c.label}. {'&#10003;' if c.correct else '&#10007;'} {_h(c.text)}: {_h(c.why)}" for c in r.options)
            + "</div>")
    elif r.kind == "ordering":
        by_step = sorted(r.options, key=lambda c: c.index)
        back.append('<div class="why">' + "<br>".join(f"{n}. {c.label}. {_h(c.text)}" for n, c in enumerate(by_step, 1))
                    + "</div>")
    elif r.kind == "matching":
        by_left = sorted(r.options, key=lambda c: c.index)
        back.append('<div class="why">' + "<br>".join(f"{n}. {_h(left)} &rarr; {c.label}. {_h(c.text)}"
                                                     for n, (left, c) in enumerate(zip(r.matches, by_left), 1))
                    + "</div>")
    if r.explanation:
        back.append(f'<div class="explanation">{_h(r.explanation)}</div>')
    if r.sources:
        back.append('<div class="sources">' + "<br>".join(
            f'<a href="{html.escape(clean(s), quote=True)}">{_h(s)}</a>' for s in r.sources) + "</div>")
    tags = ("fmprep", _tag("kind::", r.kind), *(_tag("concept::", c) for c in r.concepts),
            *(_tag("objective::", o) for o in r.objectives))
    return Note(r.id, "".join(front), "".join(back), tags)
