"""Write a valid deck of N items of every kind, spread over concepts (and, later, a progress file for it).

    python bench/generate.py OUT_DIR [--items 2000]
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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--items", type=int, default=2000)
    args = parser.parse_args()
    print(write_deck(args.out, args.items))


def write_progress(path: Path, item_ids: list[str], reviews: int = 50_000, days: int = 180, seed: int = 7,
                   end: int = 1_795_000_000) -> Path:
    """A valid progress file: ``reviews`` reviews of ``item_ids`` spread over ``days`` days before ``end``."""
    import random

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    from fmprep.progress import CardState, Progress, Review, encode

    rng = random.Random(seed)
    progress = Progress()
    start = end - days * 86_400
    times = sorted(rng.randrange(start, end) for _ in range(reviews))
    for t in times:
        item = rng.choice(item_ids)
        grade = rng.choices((1, 2, 3, 4), weights=(10, 15, 60, 15))[0]
        progress.reviews.append(Review(item, t, grade, rng.randrange(1500, 40_000)))
        old = progress.cards.get(item)
        stability = max(0.1, (old.stability if old and old.stability else 1.0) * (0.5 if grade == 1 else 1.8))
        progress.cards[item] = CardState(2 if grade > 1 else 3, None if grade > 1 else 0, round(stability, 4),
                                         round(rng.uniform(2, 9), 4), t + int(stability * 86_400), t)
    path.write_bytes(encode(progress))
    return path
