"""What the read-only commands print. Content text always passes through :mod:`fmprep.screen`'s sanitizer."""

from __future__ import annotations

from fmprep.deck import CaseStudy, Concept, Deck, Flashcard, Item
from fmprep.screen import BOLD, CYAN, DIM, Screen


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


def concept_detail(deck: Deck, concept: Concept, screen: Screen | None = None) -> None:
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
    items = deck.items_of(concept.id)
    screen.line("\n" + screen.style(f"Items ({len(items)})", BOLD))
    screen.table(["id", "kind", "prompt"], [[i.id, i.kind, item_prompt(i)] for i in items])


def item_json(item: Item) -> dict:
    data = {"id": item.id, "kind": item.kind, "concepts": list(item.concepts), "prompt": item_prompt(item)}
    if isinstance(item, CaseStudy):
        data["questions"] = [item_json(q) for q in item.questions]
    return data
