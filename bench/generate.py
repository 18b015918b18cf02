"""Write a valid deck of N items of every kind, spread over concepts, and a progress file of M reviews for it.

    python bench/generate.py OUT_DIR [--items 2000] [--reviews 50000]

Then, for instance: FMPREP_CONTENT=OUT_DIR/deck FMPREP_PROGRESS=OUT_DIR/progress.json fmprep stats
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

KINDS = ("flashcard", "open", "multiple-choice", "multiple-response", "ordering", "matching", "case-study")


def _options(n: int, right: int, tag: str) -> str:
    return "".join(f"      - text: {tag} option {i}\n        correct: {'true' if i < right else 'false'}\n"
                   f"        why: Reason {i} for {tag}.\n" for i in range(n))


def _item(i: int, concept: str) -> str:
    kind = KINDS[i % len(KINDS)]
    head = f"  - id: gen.{i}\n    kind: {kind}\n    concepts: [{concept}]\n"
    if kind == "flashcard":
        return head + f"    front: Front of generated card {i}?\n    back: Back of card {i}, No, 3.10.\n"
    if kind == "open":
        return head + f"    prompt: Open question {i}?\n    answer: Model answer {i}.\n    also_valid: [Also {i}]\n"
    if kind in ("multiple-choice", "multiple-response"):
        n, right = (4, 1) if kind == "multiple-choice" else (5, 2)
        return head + f"    prompt: Choice question {i}?\n    explanation: Why {i}.\n    options:\n" + _options(n, right, f"q{i}")
    if kind == "ordering":
        return head + f"    prompt: Order {i}.\n    explanation: Why {i}.\n    steps: [first {i}, second {i}, third {i}, fourth {i}]\n"
    if kind == "matching":
        pairs = "".join(f"      - {{prompt: left {i}.{j}, answer: right {i}.{j}}}\n" for j in range(4))
        return head + f"    prompt: Match {i}.\n    explanation: Why {i}.\n    pairs:\n" + pairs
    questions = "".join(
        f"      - id: gen.{i}.q{j}\n        kind: multiple-choice\n        prompt: Case {i} question {j}?\n"
        f"        explanation: Why.\n        options:\n" + _options(4, 1, f"c{i}q{j}").replace("\n      ", "\n          ").replace("      - ", "          - ", 1)
        for j in range(2))
    return head + f"    title: Case {i}\n    scenario: A scenario for case {i}.\n    questions:\n" + questions


def reviewable_ids(items: int) -> list[str]:
    """The ids that carry a schedule in a deck written by :func:`write_deck` (case studies: their questions)."""
    ids = []
    for i in range(items):
        if KINDS[i % len(KINDS)] == "case-study":
            ids += [f"gen.{i}.q0", f"gen.{i}.q1"]
        else:
            ids.append(f"gen.{i}")
    return ids


def write_deck(out: Path, items: int = 2000, concepts: int = 40, files: int = 10) -> Path:
    """Write the deck into ``out`` (a folder) and return it."""
    out.mkdir(parents=True, exist_ok=True)
    head = "objectives:\n" + "".join(f"  - id: gen-obj-{o}\n    title: Generated objective {o}\n" for o in range(3))
    head += "concepts:\n" + "".join(
        f"  - id: gen-c{c}\n    title: Generated concept {c}\n    objectives: [gen-obj-{c % 3}]\n"
        f"    summary: Summary {c}.\n    key_points: [Point {c}]\n    example: Example {c}.\n" for c in range(concepts))
    (out / "00-head.yaml").write_text(head, encoding="utf-8")
    per_file = -(-items // files)
    for f in range(files):
        chunk = range(f * per_file, min(items, (f + 1) * per_file))
        body = "items:\n" + "".join(_item(i, f"gen-c{i % concepts}") for i in chunk)
        (out / f"{f + 1:02d}-items.yaml").write_text(body, encoding="utf-8")
    return out


def write_progress(path: Path, item_ids: list[str], reviews: int = 50_000, seed: int = 7,
                   end: int | None = None) -> Path:
    """A realistic progress file of ``reviews`` reviews of ``item_ids``.

    A simulated learner studies every day: what FSRS says is due, then a steady share of new items; each answer is
    right with the item's predicted recall (each item made a little harder or easier at random), through fmprep's
    own scheduler. When ``reviews`` are logged, the history is moved in time so that it ends the day before
    ``end`` (default: now), so the learner returns with a realistic backlog due.
    """
    import datetime as dt
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from fmprep.progress import CardState, Progress, Review, ReviewLog, encode
    from fmprep.scheduler import Scheduler, retrievability, to_seconds

    rng = random.Random(seed)
    scheduler = Scheduler(0.9, random.Random(seed))
    ease = {item: rng.uniform(0.75, 1.0) for item in item_ids}
    new_per_day = max(1, len(item_ids) // 120)
    progress = Progress()
    unseen = list(reversed(item_ids))
    day = dt.datetime(2020, 1, 1, 9, tzinfo=dt.timezone.utc)
    while len(progress.reviews) < reviews and (unseen or progress.cards):
        now = day
        due = [i for i, card in progress.cards.items() if card.due <= to_seconds(now)]
        for item in due + [unseen.pop() for _ in range(min(new_per_day, len(unseen)))]:
            if len(progress.reviews) >= reviews:
                break
            card = progress.cards.get(item)
            recall = (retrievability(card, now) if card else 0.5) * ease[item]
            grade = 1 if rng.random() > recall else rng.choices((2, 3, 4), weights=(15, 70, 15))[0]
            progress.cards[item] = scheduler.review(card, grade, now)
            progress.reviews.append(Review(item, to_seconds(now), grade, rng.randrange(1500, 40_000)))
            now += dt.timedelta(seconds=rng.randrange(5, 40))
        day += dt.timedelta(days=1)
    end_time = dt.datetime.fromtimestamp(end, dt.timezone.utc) if end else dt.datetime.now(dt.timezone.utc)
    shift = to_seconds(end_time - dt.timedelta(days=1)) - max(progress.reviews.time)
    moved = Progress({item: CardState(c.state, c.step, c.stability, c.difficulty, c.due + shift,
                                      None if c.last_review is None else c.last_review + shift)
                      for item, c in progress.cards.items()})
    log = progress.reviews
    moved.reviews = ReviewLog(log.ids, log.item, [t + shift for t in log.time], log.grade, log.ms)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(encode(moved))
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, help="folder for the deck (and progress.json beside it)")
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--reviews", type=int, default=50_000, help="0: no progress file")
    args = parser.parse_args()
    print(write_deck(args.out / "deck", args.items))
    if args.reviews:
        print(write_progress(args.out / "progress.json", reviewable_ids(args.items), args.reviews))
