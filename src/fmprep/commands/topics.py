"""`fmprep topics [ID]`: the deck at a glance, or one concept in full. Reads only."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from fmprep.commands.common import ContentOpt, JsonOpt, ProgressOpt, now_utc, print_json, settings
from fmprep.errors import FmprepError


def command(
    ctx: typer.Context,
    concept_id: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="Show this concept in full.")] = None,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """The deck at a glance, grouped by objective; `topics ID` shows one concept in full."""
    from fmprep.console import make_console
    from fmprep.views import topics as view

    config = settings(ctx, content, progress)
    deck = config.deck()
    if concept_id is not None:
        concept = deck.concept(concept_id)
        if concept is None:
            raise FmprepError(f"no concept with id '{concept_id}'; `fmprep topics` lists them: "
                              + ", ".join(c.id for c in deck.concepts))
        items = deck.items_of(concept.id)
        if as_json:
            data = {f: getattr(concept, f) for f in ("id", "title", "objectives", "summary", "key_points", "example", "sources")}
            data["misconceptions"] = [{"myth": m.myth, "fact": m.fact} for m in concept.misconceptions]
            data["items"] = [item_json(i) for i in items]
            print_json(data)
        else:
            make_console().print(view.concept_detail(deck, concept, items))
        return
    rows = topic_figures(deck, config.store().read(), now_utc())
    if as_json:
        print_json({"objectives": [
            {"id": o.id, "title": o.title,
             "concepts": [{"id": c.id, "title": c.title, **rows[c.id]} for c in deck.concepts_of(o.id)]}
            for o in deck.objectives]})
    else:
        make_console().print(view.overview(deck, rows, sum(r["items"] for r in rows.values())))


def topic_figures(deck, progress, now) -> dict[str, dict[str, object]]:
    """Per concept: items, and once there is progress, how many were seen, are due, and the mastery figure."""
    from fmprep.deck import reviewables
    from fmprep.scheduler import decay_of, retrievability
    from fmprep.workload import concept_figures, studied, units_by_concept

    deck = studied(deck, progress)
    units = reviewables(deck)
    decay = decay_of(progress)
    recall = {u.id: retrievability(progress.cards.get(u.id), now, decay) for u in units}
    rows = {}
    for concept_id, f in concept_figures(deck, units_by_concept(deck, units), progress, now, recall).items():
        rows[concept_id] = {"items": f["items"]}
        if progress.cards:
            rows[concept_id].update(seen=f["seen"], due=f["due"], mastery=f"{round(100 * f['mastery_now'])}%")
    return rows


def item_json(item) -> dict:
    from fmprep.deck import CaseStudy
    from fmprep.views.topics import item_prompt

    data = {"id": item.id, "kind": item.kind, "concepts": list(item.concepts), "prompt": item_prompt(item)}
    if isinstance(item, CaseStudy):
        data["questions"] = [item_json(q) for q in item.questions]
    return data
