"""`fmprep validate [PATH]...`: check content files and print every problem at once; `--lint` also looks for answer
giveaways. Reads only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, List, Optional

import typer

from fmprep.commands.common import ContentOpt, JsonOpt, ProgressOpt, print_json, settings
from fmprep.console import say

EXIT_FINDINGS = 1


def command(
    ctx: typer.Context,
    paths: Annotated[Optional[List[Path]], typer.Argument(metavar="[PATH]...", show_default=False, readable=False,
                                                          help="Files or folders to check (default: the configured content).")] = None,
    lint: Annotated[bool, typer.Option("--lint", help="Also look for answer giveaways (length, echoed words, "
                                                      "absolutes, repeats, missing explanations, numbered steps); "
                                                      "exit 1 on any finding.")] = False,
    json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Check content files: print every problem (exit 1) or a one-line summary (exit 0)."""
    from fmprep.content import load_deck
    from fmprep.deck import reviewables

    config = settings(ctx, content, progress)
    chosen = list(paths) if paths else config.content_paths()
    deck = load_deck(paths) if paths else config.deck()
    counts = {str(kind): n for kind, n in deck.count_by_kind().items()}
    summary = {"files": len(deck.files), "objectives": len(deck.objectives), "concepts": len(deck.concepts),
               "entries": len(deck.items), "kinds": counts, "items": len(reviewables(deck))}
    if lint:
        _lint(deck, chosen, summary, json)
    elif json:
        print_json(summary)
    else:
        def plural(n: int, word: str) -> str:  # (not fmprep.views': it imports Rich's tables)
            return f"{n} {word}{'s' * (n != 1)}"

        kinds = ", ".join(f"{n} {kind}" for kind, n in counts.items())
        say(f"ok: {plural(summary['files'], 'file')}, {plural(summary['objectives'], 'objective')}, "
            f"{plural(summary['concepts'], 'concept')}, {summary['entries']} entr{'y' if summary['entries'] == 1 else 'ies'} "
            f"({kinds or 'none'}): {plural(summary['items'], 'item')} to study (each case-study question counts as one)")


def _lint(deck, paths: list[Path], summary: dict, as_json: bool) -> None:
    from fmprep.content import read_sources
    from fmprep.lint import id_places, length_figures, lint

    sources, _ = read_sources(paths)
    findings = lint(deck, id_places(sources))
    figures = length_figures(deck)
    if as_json:
        print_json({**summary, "length": figures, "findings": [f.as_json() for f in findings]})
    else:
        for finding in findings:
            say(finding)
        single = figures["single_choice"]
        share = (lambda n: f"{n}/{single} ({n / single:.0%})") if single else (lambda n: "0/0")
        say(f"length: right option the longest in {share(figures['right_longest'])} single-choice questions "
            f"(limit {figures['longest_limit']:.0%}), one of the two longest in {share(figures['right_two_longest'])} "
            f"(limit {figures['two_longest_limit']:.0%}), the shortest in {share(figures['right_shortest'])} "
            f"(limit {figures['shortest_limit']:.0%})")
        rules = {}
        for finding in findings:
            rules[finding.rule] = rules.get(finding.rule, 0) + 1
        n = len(findings)
        say(f"lint: {n} finding{'s' if n != 1 else ''}" + (f" ({', '.join(f'{r} {k}' for r, k in rules.items())})" if n else ": clean"))
    if findings:
        raise typer.Exit(EXIT_FINDINGS)
