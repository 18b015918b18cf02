"""Figures about a learner's progress: totals, true retention, streak, mastery, forecast, activity, readiness.

Pure: the deck, the progress, the clock and the time zone come in; a JSON-ready dict comes out. Its shape is the
documented, stable output of ``fmprep stats --json``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import TYPE_CHECKING, Optional

from fmprep.deck import Deck, reviewables
from fmprep.progress import Progress
from fmprep.scheduler import decay_of, retrievability, to_seconds
from fmprep.workload import (
    DEFAULT_NEW_PER_DAY, concept_figures, day_start, due_now, local_date, local_days, mastery, midnight,
    new_left_today, studied, units_by_concept,
)

if TYPE_CHECKING:
    from fmprep.exampolicy import ExamPolicy
    from fmprep.plan import RecallCache

FORECAST_DAYS = 14
ACTIVITY_DAYS = 84  # 12 weeks
RETENTION_DAYS = 30
LEECH_LAPSES = 8  # as Anki: an item forgotten this many times is a leech (FMPREP_LEECH_LAPSES, --leech-lapses)
LAST_DAY = dt.date.max.toordinal()
READINESS_NOTE = ("Predicted with the FSRS-6 default memory model, assuming no more study from now on; items never "
                  "studied count as forgotten, and recalling an item is taken to mean answering exam questions on it.")


def compute(deck: Deck, progress: Progress, now: dt.datetime, tz: dt.tzinfo,
            policy: Optional["ExamPolicy"] = None, new_per_day: int = DEFAULT_NEW_PER_DAY,
            leech_lapses: int = LEECH_LAPSES, plan_cache: Optional["RecallCache"] = None) -> dict:
    suspended = sum(1 for u in reviewables(deck) if u.id in progress.suspended)
    deck = studied(deck, progress)
    units = reviewables(deck)
    cards = progress.cards

    # Days are numbered by their date's ordinal; each instant's day is its date in the learner's zone (local_date).

    today = local_date(now, tz).toordinal()
    exam = policy.start if policy is not None and policy.active(now) else None
    seen = [u for u in units if u.id in cards]

    # Reviews: true retention, streak, activity. The history is appended in time order, so each day is a slice
    # found by bisection; should a clock set back have broken the order, the columns are sorted first.
    log = progress.reviews
    times, items, grades = log.time, log.item, log.grade
    if times != sorted(times):
        order = sorted(range(len(times)), key=times.__getitem__)
        times, items, grades = [times[i] for i in order], [items[i] for i in order], bytes(grades[i] for i in order)

    def start_of(day: int) -> float:
        return to_seconds(midnight(dt.date.fromordinal(day), tz)) if day <= LAST_DAY else float("inf")

    def reviews_on(day: int) -> int:
        return bisect.bisect_left(times, start_of(day + 1)) - bisect.bisect_left(times, start_of(day))

    days = local_days(times, tz)  # the learner's day of each review
    first_day = dict(zip(reversed(items), reversed(days)))  # item -> the day of its first review
    passed = failed = 0
    counted: set[tuple[int, int]] = set()  # (item, day): only a day's first review of an item counts
    again = ord("1")
    start = bisect.bisect_left(times, start_of(today - RETENTION_DAYS + 1))
    for index, day, grade in zip(items[start:], days[start:], grades[start:]):
        if day == first_day[index] or (index, day) in counted:
            continue  # the item's first day is no retention test; later reviews that day do not count
        counted.add((index, day))
        if grade == again:
            failed += 1
        else:
            passed += 1
    streak, day = 0, today if reviews_on(today) else today - 1
    while reviews_on(day):
        streak += 1
        day -= 1

    decay = decay_of(progress)
    recall_now = {u.id: retrievability(cards.get(u.id), now, decay) for u in units}
    recall_exam = {u.id: retrievability(cards.get(u.id), exam, decay) for u in units} if exam else None
    by_concept = units_by_concept(deck, units)
    new_left = new_left_today(units, progress, new_per_day, now, day_start(now, tz), policy)
    objectives_of = {c.id: list(c.objectives) for c in deck.concepts}
    concepts = [{**figures, "objectives": objectives_of[c], "drill": drill_command(c, figures, new_left, new_per_day)}
                for c, figures in concept_figures(deck, by_concept, progress, now, recall_now, recall_exam).items()]
    concepts.sort(key=lambda c: (c["mastery_exam"] if exam else c["mastery_now"], c["id"]))
    objectives = []
    for objective in deck.objectives:
        group = list({u.id: u for c in deck.concepts_of(objective.id) for u in by_concept[c.id]}.values())
        objectives.append({"id": objective.id, "title": objective.title, "items": len(group),
                           "seen": sum(1 for u in group if u.id in cards),
                           "mastery_now": mastery(group, recall_now), "mastery_exam": mastery(group, recall_exam)})

    drills = {c["id"]: c["drill"] for c in concepts}
    lapsed = {log.ids[index]: n for index, n in lapses(items, days, grades).items()}
    leeches = [{"id": u.id, "lapses": lapsed[u.id], "concepts": list(u.concepts), "drill": drills[u.concepts[0]],
                "suspend": f"fmprep suspend {u.id}"}
               for u in units if lapsed.get(u.id, 0) >= leech_lapses]
    leeches.sort(key=lambda leech: (-leech["lapses"], leech["id"]))

    due_on: dict[int, int] = {}
    for day in local_days([cards[unit.id].due for unit in seen], tz):
        day = max(today, day)  # overdue counts as due today
        due_on[day] = due_on.get(day, 0) + 1
    forecast = [{"date": _date(day), "due": due_on.get(day, 0)}
                for day in range(today, min(today + FORECAST_DAYS, LAST_DAY + 1))]  # none after 9999-12-31
    activity = [{"date": _date(d), "reviews": reviews_on(d)} for d in range(today - ACTIVITY_DAYS + 1, today + 1)]

    due = len(due_now(units, progress, now))
    return {
        "items_total": len(units),
        "items_seen": len(seen),
        "due_now": due,
        "due_today": forecast[0]["due"],
        "reviews_total": len(progress.reviews),
        "true_retention_30d": round(passed / (passed + failed), 4) if passed + failed else None,
        "retention_reviews_30d": passed + failed,
        "streak_days": streak,
        "exam_date": progress.exam_date,
        "days_to_exam": policy.days_left(now) if exam else None,
        "today": {"due": due, "new": new_left},
        "readiness": readiness(mastery(units, recall_exam or recall_now), progress, exam is not None),
        "objectives": objectives,
        "concepts": concepts,
        "forecast": forecast,
        "activity": activity,
        "mocks": _mock_trend(progress, tz),
        "suspended": suspended,
        "leech_lapses": leech_lapses,
        "leeches": leeches,
        "plan": _plan(deck, progress, now, tz, policy, new_per_day, plan_cache),
    }


def lapses(items, days, grades) -> dict[int, int]:
    """Per item (its index in the history), how often it was forgotten once learned: Again answers given on a later
    day than the item's previous review (so its first review, and the repeats of a learning or relearning step
    within a day, are not lapses; at most one a day). The columns of the history in time order, each review's day
    in ``days``."""
    last: dict[int, int] = {}  # item -> the day of its previous review
    counts: dict[int, int] = {}
    again = ord("1")
    for index, day, grade in zip(items, days, grades):
        previous = last.get(index)
        if previous is not None and day > previous and grade == again:
            counts[index] = counts.get(index, 0) + 1
        last[index] = day
    return counts


def _plan(deck: Deck, progress: Progress, now: dt.datetime, tz: dt.tzinfo, policy: Optional["ExamPolicy"],
          new_per_day: int, cache: Optional["RecallCache"]) -> Optional[dict]:
    """What some numbers of answers a day are expected to give on exam day (None without an exam ahead): the
    figures of `fmprep exam` for fewer budgets."""
    if policy is None or not policy.active(now):
        return None
    from fmprep.plan import STATS_BUDGETS, figures

    return figures(deck, progress, policy.scheduler, policy, now, tz, new_per_day=new_per_day, budgets=STATS_BUDGETS,
                   cache=cache)


def readiness(model_recall: float, progress: Progress, exam_day: bool) -> dict:
    """The memory model's predicted recall, blended with the last practice exams' results when there are any."""
    result = {"recall": model_recall, "model_recall": model_recall, "mock_questions": 0,
              "on": "exam day" if exam_day else "today", "note": READINESS_NOTE}
    if progress.mocks.history:
        from fmprep.mock import MODEL_WEIGHT, RECENT_MOCKS, readiness_with_mocks

        blended = readiness_with_mocks(model_recall, progress.mocks.history)
        result.update(recall=blended["recall"], mock_questions=blended["mock_questions"], note=READINESS_NOTE + (
            f" Blended with your last {RECENT_MOCKS} practice exams at most ({blended['mock_questions']} "
            f"questions; the model counts as {MODEL_WEIGHT} questions)."))
    return result


def _mock_trend(progress: Progress, tz: dt.tzinfo) -> list[dict]:
    if not progress.mocks.history:
        return []
    from fmprep.mock import mock_trend

    return mock_trend(progress.mocks.history, tz)


def drill_command(concept_id: str, figures: dict, new_left: int, new_per_day: int = DEFAULT_NEW_PER_DAY) -> str:
    """The command that drills a concept: a plain quiz when it would serve something now (items due, or unseen
    items and new ones left for today, with the same ``--new`` as these figures), else a cram session, which
    always does."""
    serves = figures["due"] > 0 or (new_left > 0 and figures["seen"] < figures["items"])
    new = "" if new_per_day == DEFAULT_NEW_PER_DAY else f" --new {new_per_day}"
    return f"fmprep quiz --topic {concept_id}" + (new if serves else " --cram")


def _date(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()

