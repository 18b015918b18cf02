"""Does the exam-date policy help? A simulated learner, five policies, same daily budget.

    python bench/exam_sim.py [--seeds 100] [--budget 30] [--jobs 2]

The learner's true memory follows FSRS-6 with default parameters, each item's difficulty perturbed at random
(+-2 after its first review). Each day the learner answers up to ``--budget`` items. A first look at an item is
rated as FSRS's own simulator does (Again 24%, Hard 9%, Good 50%, Easy 17%); after that an answer is right with the
true recall probability (right = Good, wrong = Again). The score is the mean true recall of every item on exam
morning (an item never introduced counts 0). Policies:

- fmprep:       fmprep's own Session with its ExamPolicy (cap, pacing, gain per second, early reviews that gain
                at least 2 points of exam-day recall) -- the project's code, not a copy;
- FSRS 0.9:     the same Session with no exam date (plain FSRS, due first, 20 new a day);
- FSRS capped:  the same Session with only the interval cap;
- SM-2:         classic SM-2 (EF 2.5, intervals 1, 6, then x EF), due first, 20 new a day;
- Leitner:      boxes of 1/2/4/8/16 days, due first, 20 new a day.
Every policy repeats a missed item later the same day while budget is left (Sessions through FSRS's learning
steps, SM-2 and Leitner by requeueing), and every answer costs one unit of the budget.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import fsrs  # noqa: E402

from fmprep.deck import Concept, Deck, Flashcard, Objective  # noqa: E402
from fmprep.exampolicy import ExamPolicy  # noqa: E402
from fmprep.progress import Progress  # noqa: E402
from fmprep.scheduler import Grade, Scheduler  # noqa: E402
from fmprep.session import QuizOptions, Session  # noqa: E402

UTC = dt.timezone.utc
START = dt.datetime(2026, 1, 5, tzinfo=UTC)
POLICIES = ("fmprep", "FSRS 0.9", "FSRS capped", "SM-2", "Leitner")
NEW_PER_DAY = 20
SECONDS_PER_ANSWER = 20
RATINGS = (fsrs.Rating.Again, fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Easy)
FIRST_RATING = (0.24, 0.094, 0.495, 0.171)  # py-fsrs / fsrs-optimizer simulator defaults


def make_deck(items: int) -> Deck:
    concepts = tuple(Concept(f"c{c}", f"C{c}", ("o",), "s", ("k",), "e", (), ()) for c in range(6))
    cards = tuple(Flashcard(f"i{i}", (f"c{i % 6}",), "f", "b", ()) for i in range(items))
    return Deck((Objective("o", "O"),), concepts, cards)


class Learner:
    """True memory: FSRS-6 default parameters with each item's difficulty perturbed."""

    def __init__(self, items: int, rng: random.Random):
        self.rng = rng
        self.model = fsrs.Scheduler(enable_fuzzing=False)
        self.offset = [rng.uniform(-2, 2) for _ in range(items)]
        self.cards: dict[int, fsrs.Card] = {}

    def answer(self, item: int, now: dt.datetime) -> bool:
        card = self.cards.get(item)
        if card is None:  # a first look: rated as in FSRS's own simulator (Again, Hard, Good, Easy)
            rating = self.rng.choices(RATINGS, weights=FIRST_RATING)[0]
            card, _ = self.model.review_card(fsrs.Card(card_id=item + 1, due=now), rating, now)
            card.difficulty = min(10.0, max(1.0, card.difficulty + self.offset[item]))
            self.cards[item] = card
            return rating != fsrs.Rating.Again
        right = self.rng.random() < self.model.get_card_retrievability(card, now)
        card, _ = self.model.review_card(card, fsrs.Rating.Good if right else fsrs.Rating.Again, now)
        self.cards[item] = card
        return right

    def score(self, exam: dt.datetime, items: int) -> float:
        return sum(self.model.get_card_retrievability(self.cards[i], exam) for i in self.cards) / items


def run_session_policy(name: str, items: int, days: int, budget: int, seed: int) -> tuple[float, int]:
    rng = random.Random(seed)
    learner = Learner(items, random.Random(seed * 7 + 1))
    deck = make_deck(items)
    exam = START + dt.timedelta(days=days)
    scheduler = Scheduler(0.9, random.Random(seed))
    progress = Progress(exam_date=exam.date().isoformat() if name != "FSRS 0.9" else None)
    policy = None if name == "FSRS 0.9" else ExamPolicy(exam, scheduler, pace_new=False, prioritize=False) if name == "FSRS capped" else ExamPolicy(exam, scheduler)
    used = 0
    for day in range(days):
        now = START + dt.timedelta(days=day, hours=9, minutes=rng.randrange(60))
        session = Session(deck, progress, scheduler, QuizOptions(new_per_day=NEW_PER_DAY, limit=budget), now,
                          START + dt.timedelta(days=day), policy)
        while (unit := session.next(now)) is not None:
            right = learner.answer(int(unit.id[1:]), now)
            session.answer(unit, Grade.GOOD if right else Grade.AGAIN, SECONDS_PER_ANSWER * 1000, now)
            used += 1
            now += dt.timedelta(seconds=SECONDS_PER_ANSWER)
        progress = session.progress
    return learner.score(exam, items), used


def run_simple_policy(name: str, items: int, days: int, budget: int, seed: int) -> tuple[float, int]:
    """SM-2 or Leitner: due items first (oldest due first), then new ones; misses come back the same day."""
    rng = random.Random(seed)
    learner = Learner(items, random.Random(seed * 7 + 1))
    exam = START + dt.timedelta(days=days)
    state: dict[int, list] = {}  # item -> [due day, interval, ease, repetitions]  (Leitner: box in "interval")
    unseen = list(range(items))
    used = 0
    for day in range(days):
        now = START + dt.timedelta(days=day, hours=9, minutes=rng.randrange(60))
        due = sorted((s[0], i) for i, s in state.items() if s[0] <= day)
        queue = [i for _, i in due] + [unseen.pop(0) for _ in range(min(NEW_PER_DAY, len(unseen)))]
        answered = 0
        while queue and answered < budget:
            item = queue.pop(0)
            right = learner.answer(item, now)
            answered += 1
            now += dt.timedelta(seconds=SECONDS_PER_ANSWER)
            s = state.setdefault(item, [day, 0, 2.5, 0])
            if name == "SM-2":
                q = 4 if right else 1
                if q < 3:
                    s[3], s[1] = 0, 1
                    queue.append(item)  # repeat until right, while budget lasts
                else:
                    s[3] += 1
                    s[1] = 1 if s[3] == 1 else 6 if s[3] == 2 else math.ceil(s[1] * s[2])
                s[2] = max(1.3, s[2] + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))
                s[0] = day + s[1]
            else:  # Leitner: box b waits 2**b days
                if right:
                    s[1] = min(4, s[1] + 1)
                else:
                    s[1] = 0
                    queue.append(item)
                s[0] = day + 2 ** s[1]
        used += answered
    return learner.score(exam, items), used


def simulate(task: tuple[str, int, int, int, int]) -> tuple[str, int, int, float, int]:
    name, items, days, budget, seed = task
    runner = run_session_policy if name in ("fmprep", "FSRS 0.9", "FSRS capped") else run_simple_policy
    score, used = runner(name, items, days, budget, seed)
    return name, items, days, score, used


def run(seeds: int = 100, budget: int = 30, jobs: int = 2,
        rows: tuple[tuple[int, int], ...] = ((60, 14), (60, 30), (120, 14), (120, 30), (300, 14), (300, 30))):
    """Run every policy on every row; returns (report lines, failures, fmprep's lead over plain FSRS by row)."""
    tasks = [(name, items, days, budget, seed) for items, days in rows for name in POLICIES for seed in range(seeds)]
    with Pool(jobs) as pool:
        results = pool.map(simulate, tasks, chunksize=max(1, len(tasks) // (jobs * 8)))
    table: dict[tuple[int, int, str], list[tuple[float, int]]] = {}
    for name, items, days, score, used in results:
        table.setdefault((items, days, name), []).append((score, used))
    lines = [f"Mean true recall on exam morning, {seeds} seeds each, budget {budget} answers a day "
             "(95% confidence interval), and answers used:"]
    failures, leads = [], {}
    for items, days in rows:
        lines.append(f"{items} items, {days} days")
        means = {}
        for name in POLICIES:
            scores = [s for s, _ in table[(items, days, name)]]
            used = statistics.mean(u for _, u in table[(items, days, name)])
            mean = statistics.mean(scores)
            half = 1.96 * statistics.stdev(scores) / math.sqrt(len(scores)) if len(scores) > 1 else 0.0
            means[name] = mean
            lines.append(f"  {name:12s} {mean:.3f} ± {half:.3f}   answers {used:7.0f}")
        best = max(means, key=means.get)
        leads[(items, days)] = means["fmprep"] - means["FSRS 0.9"]
        lines.append(f"  best: {best}; fmprep - plain FSRS = {100 * leads[(items, days)]:+.1f} points")
        if best != "fmprep":
            failures.append(f"{items}x{days}: {best} beat fmprep")
        if (items, days) == (120, 14) and leads[(items, days)] < 0.02:
            failures.append(f"120x14: fmprep only {100 * leads[(items, days)]:+.1f} points above plain FSRS")
    return lines, failures, leads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--budget", type=int, default=30)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rows", default="60x14,60x30,120x14,120x30,300x14,300x30")
    args = parser.parse_args()
    rows = tuple(tuple(int(x) for x in row.split("x")) for row in args.rows.split(","))
    lines, failures, _ = run(args.seeds, args.budget, args.jobs, rows)  # type: ignore[arg-type]
    print("\n".join(lines))
    print("\ntarget met" if not failures else "\ntarget NOT met: " + "; ".join(failures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
