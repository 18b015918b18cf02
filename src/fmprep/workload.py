"""What is due and what is new today: the one definition that `quiz`, `stats` and `topics` all use. Pure.

An *item* here is anything that carries a schedule: a flashcard, an open question, an exam question, or one
question of a case study (a case study with three questions is three items). Progress kept for items that have
left the deck is ignored by every figure (and kept in the file).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Optional

from fmprep.deck import Deck, Reviewable, reviewables
from fmprep.progress import Progress
from fmprep.scheduler import to_seconds

if TYPE_CHECKING:
    from fmprep.exampolicy import ExamPolicy

DEFAULT_NEW_PER_DAY = 20


def local_date(moment: dt.datetime, tz: dt.tzinfo) -> dt.date:
    """The learner's calendar day at an aware instant: the one notion of "day" every figure uses (the streak,
    activity and forecast, the new-item allowance, the exam countdown, the daily backup). ``tz`` is the learner's
    zone as a zoneinfo zone, so each instant gets the offset in force at that instant (daylight saving included),
    never the offset of today applied to every day."""
    return moment.astimezone(tz).date()


OFFSET_STEP = 900  # seconds: clocks change on a quarter hour (in UTC) in every zone


def local_days(times, tz: dt.tzinfo) -> list[int]:
    """The ordinal of ``local_date`` of every time in ``times`` (seconds), in order: the same answer as
    :func:`local_date`, fastest when the times are sorted (as a review history is), since the offset is looked up once per quarter hour
    that holds a time."""
    days = []
    start = end = offset = 0
    for seconds in times:
        if not start <= seconds < end:
            start = seconds - seconds % OFFSET_STEP
            end = start + OFFSET_STEP
            offset = _offset(start, tz)
        days.append((seconds + offset) // 86400 + EPOCH_ORDINAL)
    return days


def _offset(seconds: int, tz: dt.tzinfo) -> int:
    return int(dt.datetime.fromtimestamp(seconds, dt.timezone.utc).astimezone(tz).utcoffset().total_seconds())


EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def midnight(day: dt.date, tz: dt.tzinfo) -> dt.datetime:
    """The first instant of ``day`` in ``tz`` (a day is 23 or 25 hours long when the clocks change)."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=tz)


def studied(deck: Deck, progress: Progress) -> Deck:
    """The deck as the learner studies it: without the items they suspended (`fmprep suspend`). The one place
    suspension is applied: quiz (and the exam policy's pacing within it), the draw of a mock, stats and topics all
    start from this deck, so suspended items count nowhere."""
    return deck.without(progress.suspended) if progress.suspended else deck


def unit_ids(deck: Deck, given: list[str]) -> tuple[list[str], list[str]]:
    """The ids of items that carry a schedule named by ``given`` (a case study's id names all its questions), and
    the ids given that name nothing in the deck."""
    from fmprep.deck import CaseStudy

    known = {u.id for u in reviewables(deck)}
    cases = {item.id: [q.id for q in item.questions] for item in deck.items if isinstance(item, CaseStudy)}
    found: list[str] = []
    unknown: list[str] = []
    for item_id in given:
        if item_id in known:
            found.append(item_id)
        elif item_id in cases:
            found.extend(cases[item_id])
        else:
            unknown.append(item_id)
    return list(dict.fromkeys(found)), unknown


def day_start(now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Midnight of the learner's day (in ``tz``) that contains ``now``."""
    return midnight(local_date(now, tz), tz)


def due_now(units: list[Reviewable], progress: Progress, now: dt.datetime) -> list[Reviewable]:
    """Seen items whose due time has come, in the order given."""
    cards, cutoff = progress.cards, to_seconds(now)
    return [u for u in units if u.id in cards and cards[u.id].due <= cutoff]


def introduced_since(units: list[Reviewable], progress: Progress, since: dt.datetime) -> int:
    """How many of ``units`` had their very first review at or after ``since``."""
    cutoff = to_seconds(since)
    first = progress.reviews.first_times()
    return sum(1 for u in units if first.get(u.id, -1) >= cutoff)


def new_left_today(units: list[Reviewable], progress: Progress, new_per_day: int, now: dt.datetime,
                   today: dt.datetime, policy: Optional["ExamPolicy"] = None) -> int:
    """How many new items a quiz may still introduce today. ``units`` is the whole deck: the allowance is one for
    the day whatever ``--topic``/``--type`` choose. It is ``new_per_day`` (paced up by the exam policy while an exam
    is ahead, so that every item is seen in time), less the deck's items introduced since ``today`` (midnight)."""
    unseen = sum(1 for u in units if u.id not in progress.cards)
    introduced = introduced_since(units, progress, today)
    allowance = new_per_day
    if policy is not None and policy.active(now):
        allowance = policy.new_allowance(unseen + introduced, new_per_day, now)
    return min(unseen, max(0, allowance - introduced))


def units_by_concept(deck: Deck, units: list[Reviewable]) -> dict[str, list[Reviewable]]:
    groups: dict[str, list[Reviewable]] = {c.id: [] for c in deck.concepts}
    for unit in units:
        for concept_id in unit.concepts:
            groups[concept_id].append(unit)
    return groups


def mastery(group: list[Reviewable], recall: Optional[dict[str, float]]) -> Optional[float]:
    """Mean predicted recall of a group of items (unseen ones count 0); None without figures to average."""
    if recall is None:
        return None
    return round(sum(recall[u.id] for u in group) / len(group), 4) if group else 0.0


def concept_figures(deck: Deck, by_concept: dict[str, list[Reviewable]], progress: Progress, now: dt.datetime,
                    recall_now: dict[str, float], recall_exam: Optional[dict[str, float]] = None) -> dict[str, dict]:
    """Per concept, in deck order: items (that carry a schedule), seen, due now, mastery now and on exam day.
    ``topics`` and ``stats`` both show these."""
    cards = progress.cards
    figures = {}
    for concept in deck.concepts:
        group = by_concept[concept.id]
        figures[concept.id] = {
            "id": concept.id, "title": concept.title, "items": len(group),
            "seen": sum(1 for u in group if u.id in cards),
            "due": len(due_now(group, progress, now)),
            "mastery_now": mastery(group, recall_now), "mastery_exam": mastery(group, recall_exam),
        }
    return figures
