"""The shape of the code, read from the import graph (every import, including those inside functions).

- The core (the model and the rules) imports neither typer nor rich, nor any terminal or edge module, not even
  through another module.
- Each module in ``fmprep/commands/`` is one command and defines ``command``; only ``cli.py`` imports them.
- ``cli.py`` stays small: the app, the global options, errors to exit codes.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import SRC

CORE = {"deck", "loader", "yamltree", "grading", "scheduler", "exampolicy", "session", "workload", "stats",
        "progress", "errors", "mock", "lint", "answerkeys", "plan"}  # mock: the mock exam, once it exists
FORBIDDEN_PACKAGES = {"typer", "rich", "click"}
FORBIDDEN_MODULES = {"keys", "quizscreen", "screen", "render", "console", "views", "commands", "cli", "store",
                     "atomicfile"}
COMMAND_HELPERS = {"__init__", "common"}  # modules of fmprep/commands that are not commands
CLI_MAX_LINES = 200


def module_name(root: Path, path: Path) -> str:
    """``src/fmprep/commands/quiz.py`` -> ``fmprep.commands.quiz``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path, package: str = "fmprep") -> dict[str, Path]:
    return {module_name(root, p): p for p in sorted((root / package).rglob("*.py"))}


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Every name a module imports, anywhere in it: top-level packages as written (``typer``, ``rich.console``)
    and fmprep modules resolved to the module imported (``from fmprep import render`` -> ``fmprep.render``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            found.add(source)
            for alias in node.names:  # `from fmprep import render`: render is a module
                if f"{source}.{alias.name}" in known:
                    found.add(f"{source}.{alias.name}")
    resolved = set()
    for imported in found:
        resolved.add(imported)
        parts = imported.split(".")
        for i in range(1, len(parts)):  # importing fmprep.commands.quiz runs fmprep.commands/__init__ first
            parent = ".".join(parts[:i])
            if parent in known:
                resolved.add(parent)
    return resolved


def import_graph(root: Path) -> dict[str, set[str]]:
    known = modules(root)
    return {name: imports_of(name, path, known) for name, path in known.items()}


def reachable(graph: dict[str, set[str]], start: str) -> dict[str, list[str]]:
    """Everything ``start`` imports, directly or through fmprep modules, with one chain of imports to each."""
    chains = {start: [start]}
    todo = [start]
    while todo:
        current = todo.pop()
        for imported in sorted(graph.get(current, ())):
            if imported not in chains:
                chains[imported] = chains[current] + [imported]
                if imported in graph:
                    todo.append(imported)
    return chains


def is_forbidden(name: str) -> bool:
    top, _, rest = name.partition(".")
    if top in FORBIDDEN_PACKAGES:
        return True
    return top == "fmprep" and rest.split(".")[0] in FORBIDDEN_MODULES


def core_findings(root: Path) -> list[str]:
    graph = import_graph(root)
    findings = []
    for core in sorted(CORE):
        start = f"fmprep.{core}"
        if start not in graph:
            continue
        for target, chain in sorted(reachable(graph, start).items()):
            if is_forbidden(target):
                findings.append(f"{start} imports {target} (via {' -> '.join(chain)})")
    return findings


def command_findings(root: Path) -> list[str]:
    graph = import_graph(root)
    commands = {name for name in graph if name.startswith("fmprep.commands.")
                and name.rpartition(".")[2] not in COMMAND_HELPERS}
    findings = []
    for name in sorted(commands):
        tree = ast.parse(modules(root)[name].read_text(encoding="utf-8"))
        defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        if "command" not in defined:
            findings.append(f"{name} defines no `command`")
    for importer, imported in sorted(graph.items()):
        for target in sorted(imported & commands):
            if importer not in ("fmprep.cli", target):
                findings.append(f"{importer} imports the command module {target} (only fmprep.cli may)")
    return findings


# -- the rules, on the real code ----------------------------------------------------------------------------

def test_the_core_imports_no_terminal_edge_or_cli_module():
    findings = core_findings(SRC)
    assert not findings, "the core must stay pure:\n" + "\n".join(findings)


def test_every_command_module_defines_command_and_only_cli_imports_them():
    findings = command_findings(SRC)
    assert not findings, "\n".join(findings)


def test_the_registered_names_are_the_command_modules():
    from fmprep.commands import NAMES

    on_disk = {p.stem for p in (SRC / "fmprep" / "commands").glob("*.py")} - COMMAND_HELPERS
    assert set(NAMES) == on_disk, f"NAMES {sorted(NAMES)} vs modules {sorted(on_disk)}"


def test_cli_stays_small():
    lines = len((SRC / "fmprep" / "cli.py").read_text(encoding="utf-8").splitlines())
    assert lines < CLI_MAX_LINES, f"cli.py has {lines} lines (limit {CLI_MAX_LINES}): move code into commands/"


def test_the_core_modules_exist():
    """A renamed core module would silently escape the rules above."""
    graph = import_graph(SRC)
    missing = sorted(c for c in CORE - {"mock"} if f"fmprep.{c}" not in graph)
    assert not missing, f"core modules not found: {missing}; update CORE in this test"


# -- the checker itself can fail ----------------------------------------------------------------------------

def test_the_checker_finds_imports_inside_functions_relative_and_transitive(tmp_path):
    package = tmp_path / "fmprep"
    (package / "commands").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "deck.py").write_text("def f():\n    from . import helper\n")  # relative, in a function
    (package / "helper.py").write_text("from fmprep.render import x\n")  # -> an edge module
    (package / "render.py").write_text("import rich.console\n")
    (package / "session.py").write_text("import typer\n")
    (package / "grading.py").write_text("from .commands import quiz\n")
    (package / "cli.py").write_text("import fmprep.commands.quiz\n")
    (package / "commands" / "__init__.py").write_text("")
    (package / "commands" / "quiz.py").write_text("def command():\n    pass\n")
    (package / "commands" / "stats.py").write_text("from fmprep.commands import quiz\nrun = None\n")
    core = core_findings(tmp_path)
    assert "fmprep.deck imports fmprep.render (via fmprep.deck -> fmprep.helper -> fmprep.render)" in core
    assert any(f.startswith("fmprep.deck imports rich.console") for f in core)
    assert "fmprep.session imports typer (via fmprep.session -> typer)" in core
    assert any(f.startswith("fmprep.grading imports fmprep.commands.quiz") for f in core)
    commands = command_findings(tmp_path)
    assert commands == ["fmprep.commands.stats defines no `command`",
                        "fmprep.commands.stats imports the command module fmprep.commands.quiz (only fmprep.cli may)",
                        "fmprep.grading imports the command module fmprep.commands.quiz (only fmprep.cli may)"]
