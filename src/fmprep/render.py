"""Everything printed with Rich. Content text always goes through :func:`safe` and is printed as plain Text."""

from __future__ import annotations

import re
import sys

from rich.console import Console
from rich.table import Table
from rich.text import Text

from fmprep.deck import CaseStudy, Concept, Deck, Flashcard, Item

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """Replace control characters (ESC, C1, bidi overrides) so content cannot drive the terminal."""
    return _CONTROL.sub("\ufffd", text)


def plain(text: str, style: str = "") -> Text:
    """Content text as a Rich Text: sanitized, with no markup, emoji or highlighting interpreted."""
    return Text(safe(text), style=style)


def console(stderr: bool = False, soft_wrap: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, emoji=False, markup=False, soft_wrap=soft_wrap)


def error(message: str) -> None:
    """An error for the learner: to stderr, plain, never markup."""
    console(stderr=True, soft_wrap=True).print(plain(message, "bold red" if sys.stderr.isatty() else ""))


def item_prompt(item: Item) -> str:
    if isinstance(item, Flashcard):
        return item.front
    if isinstance(item, CaseStudy):
        return item.title
    return item.prompt


def topics_overview(deck: Deck, rows: dict[str, dict]) -> None:
    """The deck at a glance, one table per objective. ``rows`` maps concept id -> figures to show."""
    out = console()
    figures = next(iter(rows.values()), {}).keys() if rows else ()
    for objective in deck.objectives:
        table = Table(title=plain(objective.title, "bold"), title_justify="left", expand=False)
        table.add_column("concept")
        table.add_column("id", style="cyan")
        for name in figures:
            table.add_column(name, justify="right")
        for concept in deck.concepts_of(objective.id):
            table.add_row(plain(concept.title), plain(concept.id), *(str(v) for v in rows[concept.id].values()))
        out.print(table)
    out.print(Text(f"{len(deck.concepts)} concepts, {len(deck.items)} items. "
                   "`fmprep topics ID` shows one concept in full."))


def concept_detail(deck: Deck, concept: Concept) -> None:
    out = console()
    out.print(Text.assemble(plain(concept.title, "bold"), "  ", plain(concept.id, "cyan")))
    titles = {o.id: o.title for o in deck.objectives}
    for objective in concept.objectives:
        out.print(Text.assemble("objective: ", plain(titles.get(objective, objective))))
    out.print()
    out.print(plain(concept.summary))
    out.print(Text("\nKey points", style="bold"))
    for point in concept.key_points:
        out.print(Text.assemble("  - ", plain(point)))
    out.print(Text("\nExample", style="bold"))
    out.print(plain(concept.example))
    if concept.misconceptions:
        out.print(Text("\nMisconceptions", style="bold"))
        for m in concept.misconceptions:
            out.print(Text.assemble("  myth: ", plain(m.myth)))
            out.print(Text.assemble("  fact: ", plain(m.fact)))
    if concept.sources:
        out.print(Text("\nSources", style="bold"))
        for url in concept.sources:
            out.print(Text.assemble("  ", plain(url)))
    items = deck.items_of(concept.id)
    out.print(Text(f"\nItems ({len(items)})", style="bold"))
    table = Table(show_header=True, box=None, pad_edge=False)
    for name in ("id", "kind", "prompt"):
        table.add_column(name, overflow="fold")
    for item in items:
        table.add_row(plain(item.id), item.kind, plain(item_prompt(item)))
    out.print(table)


def item_json(item: Item) -> dict:
    base = {"id": item.id, "kind": item.kind, "concepts": list(item.concepts), "prompt": item_prompt(item)}
    if isinstance(item, CaseStudy):
        base["questions"] = [item_json(q) for q in item.questions]
    return base

