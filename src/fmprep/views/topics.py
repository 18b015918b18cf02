"""`fmprep topics`: the deck at a glance, and one concept in full."""

from __future__ import annotations

from typing import Mapping, Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from fmprep.console import plain, plain_line
from fmprep.views import (INDENT, Breakable, Col, Measured, build_table, fit_table, hanging, layout_width, paragraph,
                          plural, stacked)


def item_prompt(item) -> str:
    """What an item asks: a flashcard's front, a case study's title, otherwise its prompt."""
    for name in ("front", "prompt", "title"):
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    return ""


def overview(deck, rows: Mapping[str, Mapping[str, object]], items_total: int) -> RenderableType:
    """One block per objective (concept, id, and once there is progress: seen/items, due, mastery), then a total.

    ``rows`` maps a concept id to ``items`` and, with progress, ``seen``, ``due`` and ``mastery`` (a string such as
    ``"42%"``), as ``commands.topics.topic_figures`` builds them. ``items_total`` is the number of items that carry a schedule.
    """

    def layouts(concepts) -> list[list[Col]]:
        figures = [rows.get(c.id, {}) for c in concepts]
        title = Col("concept", [c.title for c in concepts], flex=True)
        ident = Col("id", [c.id for c in concepts], style="cyan")
        both = Col("concept", [Text.assemble(plain_line(c.title), "\n", plain_line(c.id, "cyan")) for c in concepts],
                   flex=True)
        if not progress:
            items = Col("items", [str(f.get("items", "")) for f in figures], justify="right")
            return [[title, ident, items], [both, items]]
        seen = Col("seen", [f"{f.get('seen', 0)}/{f.get('items', 0)}" for f in figures], justify="right")
        due = Col("due", [str(f.get("due", "")) for f in figures], justify="right")
        mastery = Col("mastery", [str(f.get("mastery", "")) for f in figures], justify="right")
        return [[title, ident, seen, due, mastery], [title, ident, seen, mastery], [both, seen, due, mastery],
                [both, seen, mastery]]

    progress = any("seen" in f for f in rows.values())

    def build(width: int) -> RenderableType:
        # One layout for every objective's table (the first that fits all of them), so their columns line up.
        blocks = [(o, deck.concepts_of(o.id)) for o in deck.objectives]
        room = width - INDENT
        chosen, widths = None, None
        for index, cols in enumerate(layouts([c for _, group in blocks for c in group])):
            widths = layout_width(cols, room)
            if widths is not None:
                chosen = index
                break
        parts: list[RenderableType] = []
        for objective, group in blocks:
            cols = layouts(group)
            body = stacked(cols[-1], room) if chosen is None else build_table(cols[chosen], widths)
            parts += [plain(objective.title, "bold"), Padding(body, (0, 0, 0, INDENT), expand=False), Text()]
        parts.append(Text.assemble(f"{plural(len(deck.concepts), 'concept')}, {plural(items_total, 'item')}. ",
                                   ("`fmprep topics ID`", "bold"), " shows one concept in full."))
        return Group(*parts)

    return Measured(build)


def concept_detail(deck, concept, items: Sequence) -> RenderableType:
    """A concept in full: title and id, objectives, summary, key points, example, misconceptions, sources, items."""
    titles = {o.id: o.title for o in deck.objectives}

    def section(name: str) -> Text:
        return Text.assemble("\n", (name, "bold"))

    def build(width: int) -> RenderableType:
        parts: list[RenderableType] = [
            Text.assemble(plain(concept.title, "bold"), "  ", plain(concept.id, "cyan")),
        ]
        for objective in concept.objectives:
            parts.append(hanging("objective:", plain(titles.get(objective, objective)), indent=0, label_style="dim"))
        parts += [Text(), paragraph(concept.summary)]
        if concept.key_points:
            parts.append(section("Key points"))
            parts += [hanging("•", point) for point in concept.key_points]
        if concept.example:
            parts += [section("Example"), paragraph(concept.example, indent=INDENT)]
        if concept.misconceptions:
            parts.append(section("Misconceptions"))
            for m in concept.misconceptions:
                parts += [hanging("myth:", m.myth, label_style="red"), hanging("fact:", m.fact, label_style="green")]
        if concept.sources:
            parts.append(section("Sources"))
            parts += [Padding(Breakable(url, "blue"), (0, 0, 0, INDENT), expand=False) for url in concept.sources]
        parts.append(section(f"Items ({len(items)})"))
        ids = Col("id", [i.id for i in items], style="cyan")
        kinds = Col("kind", [i.kind for i in items], style="dim")
        prompts = Col("prompt", [item_prompt(i) for i in items], flex=True, floor=24)
        head = Col("", [Text.assemble(plain_line(i.id, "cyan"), " ", plain_line(i.kind, "dim")) for i in items])
        bare = Col("", prompts.cells)
        parts.append(fit_table([[ids, kinds, prompts]], width, fallback=[head, bare]))
        return Group(*parts)

    return Measured(build)
