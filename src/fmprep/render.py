"""What the read-only commands print. Content text always passes through :mod:`fmprep.screen`'s sanitizer."""

from __future__ import annotations

from fmprep.deck import CaseStudy, Concept, Deck, Flashcard, Item
from fmprep.screen import BOLD, CYAN, DIM, GREEN, Screen


def item_prompt(item: Item) -> str:
    if isinstance(item, Flashcard):
        return item.front
    if isinstance(item, CaseStudy):
        return item.title
    return item.prompt


def topics_overview(deck: Deck, figures: dict[str, dict[str, object]], screen: Screen | None = None) -> None:
    """The deck at a glance, one block per objective. ``figures`` maps concept id -> column -> value."""
    screen = screen or Screen()
    names = list(next(iter(figures.values())).keys()) if figures else []
    for objective in deck.objectives:
        screen.line(screen.text(objective.title, BOLD))
        rows = [[c.title, c.id, *(str(figures[c.id][n]) for n in names)] for c in deck.concepts_of(objective.id)]
        screen.table(["concept", "id", *names], rows, right=range(2, 2 + len(names)), styles=[(), (CYAN,)])
        screen.line()
    screen.line(f"{len(deck.concepts)} concepts, {len(deck.items)} items. "
                "`fmprep topics ID` shows one concept in full.")


def concept_detail(deck: Deck, concept: Concept, items, screen: Screen | None = None) -> None:
    screen = screen or Screen()
    titles = {o.id: o.title for o in deck.objectives}
    screen.line(screen.text(concept.title, BOLD), "  ", screen.text(concept.id, CYAN))
    for objective in concept.objectives:
        screen.line(screen.style("objective: ", DIM), screen.text(titles.get(objective, objective)))
    screen.line()
    screen.paragraph(concept.summary)
    screen.line("\n" + screen.style("Key points", BOLD))
    for point in concept.key_points:
        screen.paragraph(point, indent="    ", first="  - ")
    screen.line("\n" + screen.style("Example", BOLD))
    screen.paragraph(concept.example)
    if concept.misconceptions:
        screen.line("\n" + screen.style("Misconceptions", BOLD))
        for m in concept.misconceptions:
            screen.paragraph(m.myth, indent="        ", first="  myth: ")
            screen.paragraph(m.fact, indent="        ", first="  fact: ")
    if concept.sources:
        screen.line("\n" + screen.style("Sources", BOLD))
        for url in concept.sources:
            screen.line("  ", screen.text(url))
    screen.line("\n" + screen.style(f"Items ({len(items)})", BOLD))
    screen.table(["id", "kind", "prompt"], [[i.id, i.kind, item_prompt(i)] for i in items])


def item_json(item: Item) -> dict:
    data = {"id": item.id, "kind": item.kind, "concepts": list(item.concepts), "prompt": item_prompt(item)}
    if isinstance(item, CaseStudy):
        data["questions"] = [item_json(q) for q in item.questions]
    return data


def _percent(value) -> str:
    return "-" if value is None else f"{round(100 * value)}%"


def stats_report(figures: dict, screen: Screen | None = None) -> None:
    """``fmprep stats`` as text: totals, readiness, mastery, forecast and a 12-week activity heatmap."""
    import datetime as dt

    screen = screen or Screen()
    f = figures
    screen.line(screen.style("Totals", BOLD))
    screen.line(f"  items {f['items_total']} · seen {f['items_seen']} · due now {f['due_now']} · "
                f"due today {f['due_today']} · reviews {f['reviews_total']}")
    retention = (f"{_percent(f['true_retention_30d'])} of {f['retention_reviews_30d']} reviews"
                 if f["true_retention_30d"] is not None else "no reviews of seen items yet")
    screen.line(f"  true retention, last 30 days: {retention} · streak: {f['streak_days']} "
                f"day{'s' * (f['streak_days'] != 1)}")
    if f["exam_date"]:
        left = f["days_to_exam"]
        when = f"in {left} day{'s' * (left != 1)}" if left is not None else "today or past: plain FSRS again"
        screen.line(f"  exam: {f['exam_date']}, {when}")
    screen.line(f"  today's work: {f['today']['due']} due, {f['today']['new']} new  ->  fmprep quiz")
    screen.line()
    readiness = f["readiness"]
    screen.line(screen.style(f"Readiness: {_percent(readiness['recall'])} of Task 3.3 items predicted recalled "
                             f"{'on exam day' if readiness['on'] == 'exam day' else 'today'}", BOLD))
    screen.paragraph(readiness["note"], indent="  ", codes=(DIM,))
    screen.line()
    exam = f["exam_date"] is not None and f["days_to_exam"] is not None
    headers = ["objective", "items", "seen", "mastery now"] + (["on exam day"] if exam else [])
    screen.table(headers, [[o["title"], str(o["items"]), str(o["seen"]), _percent(o["mastery_now"])]
                           + ([_percent(o["mastery_exam"])] if exam else []) for o in f["objectives"]],
                 right=range(1, len(headers)))
    screen.line()
    screen.line(screen.style("Concepts, weakest first", BOLD))
    headers = ["concept", "seen", "due", "now"] + (["exam day"] if exam else []) + ["drill it with"]
    rows = [[c["title"], f"{c['seen']}/{c['items']}", str(c["due"]), _percent(c["mastery_now"])]
            + ([_percent(c["mastery_exam"])] if exam else []) + [c["drill"]] for c in f["concepts"]]
    screen.table(headers, rows, right=range(1, len(headers) - 1), styles=[()] * (len(headers) - 1) + [(CYAN,)])
    screen.line()
    screen.line(screen.style("Due in the next 14 days", BOLD))
    top = max([d["due"] for d in f["forecast"]] + [1])
    for d in f["forecast"]:
        day = dt.date.fromisoformat(d["date"])
        bar = "█" * round(30 * d["due"] / top) if d["due"] else ""
        screen.line(f"  {day:%a %m-%d}  {screen.style(bar, CYAN)}{' ' if bar else ''}{d['due']}")
    screen.line()
    screen.line(screen.style("Activity, last 12 weeks (a column a week, Monday on top)", BOLD))
    days = f["activity"]
    first = dt.date.fromisoformat(days[0]["date"])
    lead = first.weekday()  # pad so that columns are whole weeks starting on Monday
    cells = [None] * lead + [d["reviews"] for d in days]
    busiest = max([d["reviews"] for d in days] + [1])
    shades = " ░▒▓█"
    for weekday in range(7):
        row = []
        for week in range((len(cells) + 6) // 7):
            i = week * 7 + weekday
            value = cells[i] if i < len(cells) else None
            if value is None:
                row.append(" ")
            else:
                row.append("·" if value == 0 else shades[min(4, 1 + (3 * value) // busiest)])
        screen.line(f"  {['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][weekday]} " + screen.style(" ".join(row), GREEN))
    screen.line(screen.style(f"  · none  ░ ▒ ▓ █ up to {busiest} reviews a day", DIM))


def backups_table(rows: list[dict], progress_path, backup_dir, screen: Screen | None = None) -> None:
    screen = screen or Screen()
    screen.line(f"Backups of {progress_path} (in {backup_dir}):")
    screen.table(["#", "name", "taken (UTC)", "reason", "items", "reviews"],
                 [[str(r["number"]), r["name"], r["taken"][:16].replace("T", " "), r["reason"],
                   str(r["items"]) if r["readable"] else "unreadable", str(r["reviews"]) if r["readable"] else ""]
                  for r in rows], right=(0, 4, 5))
    screen.line("Restore one with `fmprep restore NAME` (or its number).")
