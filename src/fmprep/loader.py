"""Content files -> a validated :class:`Deck`. Every problem in every file is reported at once, with its place."""

from __future__ import annotations

import re
from typing import Callable, Iterable

from fmprep.deck import (
    CaseStudy, ChoiceQuestion, Concept, Deck, Flashcard, Item, MatchingQuestion, Misconception, Objective,
    OpenQuestion, Option, OrderingQuestion,
)
from fmprep.errors import ContentError, Problem
from fmprep.yamltree import Node, read_yaml

ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-._][a-z0-9]+)*\Z")
ID_MAX = 80
URL_PATTERN = re.compile(r"https?://[^\s/$.?#][^\s]*\Z")

# Exam rules (AIF-C01 exam guide): how many options, steps, pairs and questions an item may have.
CHOICE_OPTIONS = 4  # multiple choice: one right of exactly four
RESPONSE_MIN_OPTIONS = 5  # multiple response: two or more right of five or more
MAX_OPTIONS = 12  # options are lettered a-l (u, q and ? are keys)
ORDERING_STEPS = (3, 5)
MATCHING_PAIRS = (3, 7)
CASE_MIN_QUESTIONS = 2

_COMMON = ("id", "kind", "concepts", "sources")
_FIELDS = {
    "flashcard": ("front", "back"),
    "open": ("prompt", "answer", "also_valid"),
    "multiple-choice": ("prompt", "options", "explanation"),
    "multiple-response": ("prompt", "options", "explanation"),
    "ordering": ("prompt", "steps", "explanation"),
    "matching": ("prompt", "pairs", "explanation"),
    "case-study": ("title", "scenario", "questions"),
}
_OPTIONAL = {"sources", "also_valid"}
_CASE_KINDS = ("multiple-choice", "multiple-response", "ordering", "matching")


def parse_deck(sources: Iterable[tuple[str, bytes]], problems: list[Problem] | None = None) -> Deck:
    """Validate content given as (file name, bytes) pairs. Pure; raises :class:`ContentError`."""
    problems = list(problems or [])
    builder = _DeckBuilder(problems)
    names = []
    for name, data in sources:
        names.append(name)
        root, found = read_yaml(data, name)
        problems.extend(found)
        if root is not None:
            builder.add_file(name, root)
    deck = builder.finish(tuple(names))
    if problems:
        raise ContentError(problems)
    return deck


class _DeckBuilder:
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        self.file = ""
        self.objectives: list[Objective] = []
        self.concepts: list[Concept] = []
        self.items: list[Item] = []
        self.ids: dict[str, tuple[str, Node, str]] = {}  # id -> (file, node, what declared it)
        self.references: list[tuple[str, Node, str, str]] = []  # (file, node, id, "objective"|"concept")

    # -- reporting and field access ---------------------------------------------------------------
    def error(self, node: Node, message: str) -> None:
        self.problems.append(Problem(self.file, node.line, node.column, message))

    def fields(self, node: Node, what: str, required: Iterable[str], optional: Iterable[str] = ()) -> dict[str, Node] | None:
        """The fields of a mapping. Unknown and missing fields are reported, and the mapping is still returned, so
        its other fields are checked in the same run (a missing field reads as None and reports nothing more)."""
        if node.kind != "mapping":
            self.error(node, f"{what} must be a mapping of fields, not {_a(node.kind)}")
            return None
        required, optional = tuple(required), tuple(optional)
        allowed = required + optional
        for key, key_node in node.children_keys.items():
            if key not in allowed:
                self.error(key_node, f"unknown field '{key}' in {what}; allowed fields: {', '.join(allowed)}")
        for key in required:
            if key not in node.value:
                self.error(node, f"{what} is missing the field '{key}'")
        return {key: value for key, value in node.value.items() if key in allowed}

    def text(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if node.kind != "text":
            self.error(node, f"{what} must be text, not {_a(node.kind)}")
            return None
        value = node.value.strip()
        if not value:
            self.error(node, f"{what} is empty; write it out")
            return None
        return value

    def listing(self, node: Node | None, what: str, minimum: int = 1) -> list[Node] | None:
        if node is None:
            return None
        if node.kind != "list":
            self.error(node, f"{what} must be a list (one '- ' line per entry), not {_a(node.kind)}")
            return None
        if len(node.value) < minimum:
            self.error(node, f"{what} needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}, has {len(node.value)}")
            return None
        return node.value

    def texts(self, node: Node | None, what: str, minimum: int = 1, unique: bool = False) -> tuple[str, ...] | None:
        entries = self.listing(node, what, minimum)
        if entries is None:
            return None
        values = [self.text(entry, f"each entry of {what}") for entry in entries]
        if unique and not self._unique(values, entries, f"entries of {what}"):
            return None
        return None if None in values else tuple(values)  # type: ignore[arg-type]

    def optional_texts(self, fields: dict[str, Node], key: str, what: str) -> tuple[str, ...] | None:
        return self.texts(fields[key], what, minimum=0) if key in fields else ()

    def field_texts(self, f: dict[str, Node], *names: tuple[str, str]) -> list[str | None]:
        """The text fields (key, what) of a mapping, each checked."""
        return [self.text(f.get(key), what) for key, what in names]

    def boolean(self, node: Node | None, what: str) -> bool | None:
        value = self.text(node, what)
        if value is None:
            return None
        if value not in ("true", "false"):
            self.error(node, f"{what} must be true or false, not '{value}'")  # type: ignore[arg-type]
            return None
        return value == "true"

    def new_id(self, node: Node | None, what: str) -> str | None:
        value = self.text(node, f"the id of {what}")
        if value is None:
            return None
        if not ID_PATTERN.match(value) or len(value) > ID_MAX:
            self.error(node, f"id '{value}' is malformed: use lower-case letters and digits joined by '-', '.' or '_' (at most {ID_MAX} characters)")  # type: ignore[arg-type]
            self.ids.setdefault(value, (self.file, node, what))  # type: ignore[arg-type]  # references to it still resolve
            return None
        if value in self.ids:
            first_file, first, _ = self.ids[value]
            self.error(node, f"id '{value}' is used twice (first at {first_file}:{first.line}:{first.column}); ids must be unique across all files")  # type: ignore[arg-type]
            return None
        self.ids[value] = (self.file, node, what)  # type: ignore[assignment]
        return value

    def refs(self, node: Node | None, what: str, target: str) -> tuple[str, ...] | None:
        entries = self.listing(node, what)
        if entries is None:
            return None
        values = []
        for entry in entries:
            value = self.text(entry, f"each entry of {what}")
            if value is not None:
                self.references.append((self.file, entry, value, target))
            values.append(value)
        return None if None in values else tuple(dict.fromkeys(values))  # type: ignore[arg-type]

    def sources(self, fields: dict[str, Node]) -> tuple[str, ...] | None:
        urls = self.optional_texts(fields, "sources", "sources")
        if urls is None:
            return None
        bad = [(entry, url) for entry, url in zip(fields["sources"].value if "sources" in fields else [], urls)
               if not URL_PATTERN.match(url)]
        for entry, url in bad:
            self.error(entry, f"source '{url}' is not a web address; write it as https://...")
        return None if bad else urls

    # -- the file and its sections ----------------------------------------------------------------
    def add_file(self, name: str, root: Node) -> None:
        self.file = name
        top = self.fields(root, "a content file", (), ("objectives", "concepts", "items"))
        if top is None:
            return
        if not top:
            self.error(root, "a content file needs at least one of: objectives, concepts, items")
        for key, parse in (("objectives", self.objective), ("concepts", self.concept), ("items", self.item)):
            for node in self.listing(top.get(key), f"'{key}'") or ():
                built = parse(node)
                if built is not None:
                    {"objectives": self.objectives, "concepts": self.concepts, "items": self.items}[key].append(built)

    def objective(self, node: Node) -> Objective | None:
        f = self.fields(node, "an objective", ("id", "title"))
        if f is None:
            return None
        values = (self.new_id(f.get("id"), "an objective"), self.text(f.get("title"), "the title"))
        return None if None in values else Objective(*values)  # type: ignore[arg-type]

    def concept(self, node: Node) -> Concept | None:
        f = self.fields(node, "a concept", ("id", "title", "objectives", "summary", "key_points", "example"),
                        ("misconceptions", "sources"))
        if f is None:
            return None
        misconceptions = []
        for entry in self.listing(f.get("misconceptions"), "misconceptions", 0) or ():
            m = self.fields(entry, "a misconception", ("myth", "fact"))
            myth, fact = self.field_texts(m, ("myth", "the myth"), ("fact", "the fact")) if m is not None else (None, None)
            misconceptions.append(Misconception(myth, fact) if myth and fact else None)
        values = (
            self.new_id(f.get("id"), "a concept"),
            self.text(f.get("title"), "the title"),
            self.refs(f.get("objectives"), "objectives", "objective"),
            self.text(f.get("summary"), "the summary"),
            self.texts(f.get("key_points"), "key_points", unique=True),
            self.text(f.get("example"), "the example"),
            None if None in misconceptions else tuple(misconceptions),
            self.sources(f),
        )
        return None if None in values else Concept(*values)  # type: ignore[arg-type]

    def item(self, node: Node, inherited: tuple[str, ...] | None = None) -> Item | None:
        what = "an item" if inherited is None else "a case-study question"
        kinds = tuple(_FIELDS) if inherited is None else _CASE_KINDS
        if node.kind != "mapping":
            self.error(node, f"{what} must be a mapping of fields, not {_a(node.kind)}")
            return None
        kind_node = node.value.get("kind")
        kind = self.text(kind_node, "the kind") if kind_node is not None else None
        if kind_node is None:
            self.error(node, f"{what} is missing the field 'kind' (one of: {', '.join(kinds)})")
        elif kind is not None and kind not in kinds:
            self.error(kind_node, f"unknown kind '{kind}'; use one of: {', '.join(kinds)}")
        if kind not in kinds:  # its id still counts, so it is reported once and a repeat of it is found
            self.new_id(node.value.get("id"), what)
            return None
        required = [k for k in _COMMON + _FIELDS[kind] if k not in _OPTIONAL]
        optional = [k for k in _COMMON + _FIELDS[kind] if k in _OPTIONAL]
        if inherited is not None:  # a case-study question may name its own concepts or share the case's
            required.remove("concepts")
            optional.append("concepts")
        f = self.fields(node, f"a {kind} item", required, optional)
        if f is None:
            return None
        item_id = self.new_id(f.get("id"), f"a {kind} item")
        concepts = self.refs(f["concepts"], "concepts", "concept") if "concepts" in f else inherited
        sources = self.sources(f)
        body = _BODIES[kind](self, f, kind, concepts)
        if None in (item_id, concepts, sources, body):
            return None
        return body(item_id, concepts, sources)  # type: ignore[misc]

    # Each body parser returns a function (id, concepts, sources) -> Item, or None after reporting problems.
    def _flashcard(self, f, kind, concepts):
        front, back = self.field_texts(f, ("front", "front"), ("back", "back"))
        return None if None in (front, back) else lambda i, c, s: Flashcard(i, c, front, back, s)

    def _open(self, f, kind, concepts):
        prompt, answer = self.field_texts(f, ("prompt", "the prompt"), ("answer", "the answer"))
        also = self.optional_texts(f, "also_valid", "also_valid")
        return None if None in (prompt, answer, also) else lambda i, c, s: OpenQuestion(i, c, prompt, answer, also, s)

    def _choice(self, f, kind, concepts):
        prompt, explanation = self.field_texts(f, ("prompt", "the prompt"), ("explanation", "the explanation"))
        multiple = kind == "multiple-response"
        entries = self.listing(f.get("options"), "options", 0)
        parsed = []  # (text, correct, why), any of them None after a problem
        for entry in entries or ():
            o = self.fields(entry, "an option", ("text", "correct", "why"))
            parsed.append((None, None, None) if o is None else (
                self.text(o.get("text"), "the option's text"), self.boolean(o.get("correct"), "correct"),
                self.text(o.get("why"), "why (the reason this option is right or wrong)")))
        if entries is None:
            return None
        node = f["options"]
        counted = [c for _, c, _ in parsed]
        count_ok = False  # the counts are judged only when every option says whether it is right
        if None not in counted:
            right, n = sum(counted), len(parsed)  # type: ignore[arg-type]
            if not multiple and (n != CHOICE_OPTIONS or right != 1):
                self.error(node, f"a multiple-choice question needs exactly {CHOICE_OPTIONS} options with exactly 1 right "
                                 f"(has {n} options, {right} right); use multiple-response for more than one right")
            elif multiple and (n < RESPONSE_MIN_OPTIONS or right < 2 or right == n or n > MAX_OPTIONS):
                self.error(node, f"a multiple-response question needs {RESPONSE_MIN_OPTIONS} to {MAX_OPTIONS} options, "
                                 f"at least 2 right and at least 1 wrong (has {n} options, {right} right)")
            else:
                count_ok = True
        unique = self._unique([t for t, _, _ in parsed], entries, "options")
        if not (count_ok and unique) or any(None in o for o in parsed) or None in (prompt, explanation):
            return None
        options = tuple(Option(*o) for o in parsed)  # type: ignore[arg-type]
        return lambda i, c, s: ChoiceQuestion(i, c, prompt, options, multiple, explanation, s)

    def _ordering(self, f, kind, concepts):
        prompt, explanation = self.field_texts(f, ("prompt", "the prompt"), ("explanation", "the explanation"))
        low, high = ORDERING_STEPS
        steps = self.texts(f.get("steps"), "steps", minimum=0, unique=True)
        entries = f["steps"].value if "steps" in f and f["steps"].kind == "list" else None
        if entries is not None and not low <= len(entries) <= high:
            self.error(f["steps"], f"an ordering question needs {low} to {high} steps (in the right order), has {len(entries)}")
            return None
        return None if None in (prompt, explanation, steps) else lambda i, c, s: OrderingQuestion(i, c, prompt, steps, explanation, s)

    def _matching(self, f, kind, concepts):
        prompt, explanation = self.field_texts(f, ("prompt", "the prompt"), ("explanation", "the explanation"))
        low, high = MATCHING_PAIRS
        entries = self.listing(f.get("pairs"), "pairs", 0)
        pairs = []
        for entry in entries or ():
            p = self.fields(entry, "a pair", ("prompt", "answer"))
            pairs.append((None, None) if p is None else tuple(
                self.field_texts(p, ("prompt", "the pair's prompt"), ("answer", "the pair's answer"))))
        if entries is None:
            return None
        size_ok = low <= len(pairs) <= high
        if not size_ok:
            self.error(f["pairs"], f"a matching question needs {low} to {high} pairs, has {len(pairs)}")
        unique = [self._unique([p[side] for p in pairs], entries, what) for side, what in ((0, "pair prompts"), (1, "pair answers"))]
        if not (size_ok and all(unique)) or any(None in p for p in pairs) or None in (prompt, explanation):
            return None
        return lambda i, c, s: MatchingQuestion(i, c, prompt, tuple(pairs), explanation, s)

    def _case_study(self, f, kind, concepts):
        title, scenario = self.field_texts(f, ("title", "the title"), ("scenario", "the scenario"))
        entries = self.listing(f.get("questions"), "questions", 0)
        if entries is not None and len(entries) < CASE_MIN_QUESTIONS:
            self.error(f["questions"], f"questions needs at least {CASE_MIN_QUESTIONS} entries, has {len(entries)}")
        questions = [self.item(entry, concepts or ()) for entry in entries or ()]
        if entries is None or len(entries) < CASE_MIN_QUESTIONS or None in questions or None in (title, scenario, concepts):
            return None
        return lambda i, c, s: CaseStudy(i, c, title, scenario, tuple(questions), s)  # type: ignore[arg-type]

    def _unique(self, values: list[str | None], entries: list[Node], what: str) -> bool:
        """Report every repeat among the values (None: a value that had its own problem, skipped)."""
        seen: dict[str, Node] = {}
        ok = True
        for value, entry in zip(values, entries):
            if value is None:
                continue
            if value in seen:
                self.error(entry, f"two {what} read the same (first at line {seen[value].line}); each must differ")
                ok = False
            seen.setdefault(value, entry)
        return ok

    # -- across files -----------------------------------------------------------------------------
    def finish(self, files: tuple[str, ...]) -> Deck:
        # Ids declared by a definition that had problems count as known, so one mistake is reported once.
        known = {target: {i for i, (_, _, what) in self.ids.items() if what in (f"a {target}", f"an {target}")} for target in ("objective", "concept")}
        for file, node, value, target in self.references:
            if value not in known[target]:
                self.file = file
                close = sorted(known[target])
                hint = f"; known {target}s: {', '.join(close)}" if 0 < len(close) <= 20 else ""
                self.error(node, f"unknown {target} '{value}'{hint}")
        return Deck(tuple(self.objectives), tuple(self.concepts), tuple(self.items), files)


_BODIES: dict[str, Callable] = {
    "flashcard": _DeckBuilder._flashcard,
    "open": _DeckBuilder._open,
    "multiple-choice": _DeckBuilder._choice,
    "multiple-response": _DeckBuilder._choice,
    "ordering": _DeckBuilder._ordering,
    "matching": _DeckBuilder._matching,
    "case-study": _DeckBuilder._case_study,
}


def _a(kind: str) -> str:
    return {"text": "text", "list": "a list", "mapping": "a mapping"}[kind]

