"""The `fmprep` command line: options, thin commands, and the one place where errors become exit codes."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from fmprep import __version__
from fmprep.errors import FmprepError

EXIT_PROBLEM = 1
EXIT_INTERRUPTED = 130

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Spaced-repetition exam prep for AWS Certified AI Practitioner (AIF-C01), Task 3.3.",
)

ContentOpt = Annotated[
    Optional[List[Path]],
    typer.Option("--content", envvar="FMPREP_CONTENT", show_default=False, metavar="PATH",
                 help="A YAML file or folder of them (repeatable; the variable takes paths separated by "
                      "the OS path separator). Replaces the built-in deck."),
]
ProgressOpt = Annotated[
    Optional[Path],
    typer.Option("--progress", envvar="FMPREP_PROGRESS", show_default=False, metavar="FILE",
                 help="The progress file (default: progress.json in your user data folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


class Settings:
    """The global options, given before the command or after it (after wins)."""

    def __init__(self, content: list[Path] | None = None, progress: Path | None = None):
        self.content = content or None
        self.progress = progress

    def merged(self, content: list[Path] | None, progress: Path | None) -> "Settings":
        return Settings(content or self.content, progress or self.progress)

    def content_paths(self) -> list[Path]:
        from fmprep.paths import builtin_content

        return list(self.content) if self.content else [builtin_content()]

    def progress_path(self) -> Path:
        from fmprep.paths import default_progress

        return self.progress or default_progress()

    def deck(self):
        from fmprep.deckcache import load_deck
        from fmprep.paths import cache_dir

        return load_deck(self.content_paths(), cache_dir())


def handled(command):
    """Turn FmprepError into a message and exit 1, and Ctrl-C into exit 130. Bugs keep their traceback."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except FmprepError as exc:
            from fmprep.screen import error

            error(str(exc))
            raise typer.Exit(EXIT_PROBLEM) from None
        except KeyboardInterrupt:
            print(file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return wrapper


def settings(ctx: typer.Context, content: list[Path] | None, progress: Path | None) -> Settings:
    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return base.merged(content, progress)


def _version(value: bool) -> None:
    if value:
        print(f"fmprep {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    ctx.obj = Settings(content, progress)


@app.command()
@handled
def topics(
    ctx: typer.Context,
    concept_id: Annotated[Optional[str], typer.Argument(metavar="[ID]", help="Show this concept in full.")] = None,
    as_json: JsonOpt = False,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """The deck at a glance, grouped by objective; `topics ID` shows one concept in full."""
    from fmprep import render

    deck = settings(ctx, content, progress).deck()
    if concept_id is not None:
        concept = deck.concept(concept_id)
        if concept is None:
            raise FmprepError(f"no concept with id '{concept_id}'; `fmprep topics` lists them: "
                              + ", ".join(c.id for c in deck.concepts))
        if as_json:
            data = {f: getattr(concept, f) for f in ("id", "title", "objectives", "summary", "key_points", "example", "sources")}
            data["misconceptions"] = [{"myth": m.myth, "fact": m.fact} for m in concept.misconceptions]
            data["items"] = [render.item_json(i) for i in deck.items_of(concept.id)]
            _print_json(data)
        else:
            render.concept_detail(deck, concept)
        return
    rows = {c.id: {"items": len(deck.items_of(c.id))} for c in deck.concepts}
    if as_json:
        _print_json({"objectives": [
            {"id": o.id, "title": o.title,
             "concepts": [{"id": c.id, "title": c.title, **rows[c.id]} for c in deck.concepts_of(o.id)]}
            for o in deck.objectives]})
    else:
        render.topics_overview(deck, rows)


@app.command()
@handled
def validate(
    ctx: typer.Context,
    paths: Annotated[Optional[List[Path]], typer.Argument(metavar="[PATH]...", show_default=False,
                                                          help="Files or folders to check (default: the configured content).")] = None,
    content: ContentOpt = None,
    progress: ProgressOpt = None,
) -> None:
    """Check content files: print every problem (exit 1) or a one-line summary (exit 0)."""
    from fmprep.loader import load_deck

    config = settings(ctx, content, progress)
    deck = load_deck(paths) if paths else config.deck()
    kinds = ", ".join(f"{n} {kind}" for kind, n in deck.count_by_kind().items())
    files = len(deck.files)
    print(f"ok: {files} file{'s' if files != 1 else ''}, {len(deck.objectives)} objectives, "
          f"{len(deck.concepts)} concepts, {len(deck.items)} items ({kinds or 'none'})")


def _print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    app(prog_name="fmprep")
