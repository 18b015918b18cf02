"""Spreadsheet rows -> a deck file. Pure: bytes in, YAML text out, or every bad row at once with its line number.

Two layouts are read (comma, semicolon or tab separated, with a header row or not, UTF-8 with or without a BOM, or
UTF-16 with a BOM):

- flashcards: two columns, front and back (as Quizlet and most spreadsheets write them);
- multiple choice: question, options, answer letter(s) or text, and optionally an explanation and sources. The
  options are one cell separated by ``|`` or one column each (a header row names them: ``option a``, ``b``, ...).

The deck file declares one objective and one concept (so that it validates on its own) and one item per row; an
item's id is derived from the row's content, so importing the same sheet again gives the same ids (and keeps the
progress made on them).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import re
from typing import NamedTuple

from fmprep.errors import FmprepError
from fmprep.loader import (
    CHOICE_OPTIONS, ID_MAX, ID_PATTERN, MAX_OPTIONS, RESPONSE_MIN_OPTIONS, URL_PATTERN, parse_deck,
)

LETTERS = "ABCDEFGHIJKL"
DIGEST = 10  # hex digits of the row's hash in an item id
CONCEPT_MAX = ID_MAX - DIGEST - 1

QUESTION = {"front", "question", "term", "prompt", "q", "word"}
ANSWER = {"back", "answer", "answers", "definition", "correct", "correct answer", "correct answers", "right answer",
          "key"}
OPTIONS = {"options", "choices", "answer options"}
EXPLANATION = {"explanation", "why", "notes", "note", "rationale", "reason"}
SOURCES = {"sources", "source", "references", "reference", "url", "link"}
_OPTION_COLUMN = re.compile(r"(?:(?:option|choice|answer)\s*[-_ ]?\s*)?([a-l]|[1-9]|1[0-2])\Z")


class BadRows(FmprepError):
    """Rows that cannot become items; every one is listed with its line."""

    def __init__(self, name: str, problems: list[tuple[int, str]]):
        self.problems = sorted(problems)
        lines = [f"{name}:{line}: {message}" for line, message in self.problems]
        n = len(self.problems)
        lines.append(f"{n} bad row{'s' if n != 1 else ''} in {name}; fix {'them' if n != 1 else 'it'} and import "
                     f"again. Nothing was written.")
        super().__init__("\n".join(lines))


class Imported(NamedTuple):
    yaml_text: str
    flashcards: int
    questions: int


# -- reading the sheet -----------------------------------------------------------------------------------------

def decode(data: bytes, name: str) -> str:
    """UTF-8 (a BOM is dropped) or UTF-16 with a BOM; anything else gets a message that says how to save it."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FmprepError(f"{name}: starts like UTF-16 text but is not; save it as CSV UTF-8 and import again") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise FmprepError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); the file is probably in another encoding "
            f"such as Latin-1 or Windows-1252. Save it as 'CSV UTF-8' (Excel) or with the character set UTF-8 "
            f"(LibreOffice, Google Sheets) and import again.") from None
    if "\x00" in text:
        raise FmprepError(f"{name}: holds NUL characters, as UTF-16 text without a byte-order mark does; "
                          f"save it as CSV UTF-8 and import again")
    return text


def sniff_delimiter(text: str) -> str:
    """Tab if the first line has one (Quizlet, copied cells); otherwise comma or semicolon, whichever splits the most
    rows into the same number (two or more) of cells."""
    lines = [line for line in text.splitlines() if line.strip()][:50]
    if not lines:
        return ","
    if "\t" in lines[0]:
        return "\t"
    best, best_score = ",", -1
    for delimiter in (",", ";"):
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) if common >= 2 else 0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """(first line of the row, its cells stripped, trailing empty cells dropped); blank rows are skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    out = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise FmprepError(f"{name}:{start}: cannot read this row as CSV ({exc}); check its quotes") from None
        cells = [c.strip() for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            out.append((start, cells))
    return out


# -- the layout ------------------------------------------------------------------------------------------------

class Layout(NamedTuple):
    """Which column holds what (indexes; -1: none)."""

    question: int
    answer: int
    options: int = -1  # one cell, options separated by |
    option_columns: tuple[int, ...] = ()
    explanation: int = -1
    sources: int = -1

    @property
    def choice(self) -> bool:
        return self.options >= 0 or bool(self.option_columns)


def header_layout(cells: list[str]) -> Layout | None:
    """The layout a header row names, or None if the row is not a header."""
    found: dict[str, int] = {}
    option_columns = []
    for i, cell in enumerate(c.lower().strip(" :*") for c in cells):
        for role, names in (("question", QUESTION), ("answer", ANSWER), ("options", OPTIONS),
                            ("explanation", EXPLANATION), ("sources", SOURCES)):
            if cell in names and role not in found:
                found[role] = i
                break
        else:
            if _OPTION_COLUMN.match(cell):
                option_columns.append(i)
            else:
                return None
    if "question" not in found or "answer" not in found:
        return None
    return Layout(found["question"], found["answer"], found.get("options", -1), tuple(option_columns),
                  found.get("explanation", -1), found.get("sources", -1))


def _names_a_column(cells: list[str]) -> bool:
    """Some cell is a column name fmprep knows (question, answer, options, ...)."""
    names = QUESTION | ANSWER | OPTIONS | EXPLANATION | SOURCES
    return any(c.lower().strip(" :*") in names for c in cells)


def guess_layout(rows: list[tuple[int, list[str]]]) -> Layout:
    """Without a header: question | options | answer [| explanation [| sources]] when the second cell holds options
    separated by |, otherwise front | back."""
    if any(len(cells) >= 3 and "|" in cells[1] for _, cells in rows):
        return Layout(0, 2, options=1, explanation=3, sources=4)
    return Layout(0, 1)


# -- rows -> items ---------------------------------------------------------------------------------------------

def _cell(cells: list[str], index: int) -> str:
    return cells[index] if 0 <= index < len(cells) else ""


def _right_indexes(answer: str, options: list[str]) -> list[int] | str:
    """The right options named by letters (``B``, ``A, C``, ``AC``) or by their text; or a problem."""
    letters = re.sub(r"(?i)\band\b", " ", answer).replace("&", " ")
    tokens = [t for t in re.split(r"[\s,;/+|]+", letters.strip().rstrip(".")) if t]
    if len(tokens) == 1 and re.fullmatch(r"[A-La-l]{2,12}", tokens[0]) and tokens[0].lower() not in (
            o.lower() for o in options):
        tokens = list(tokens[0])
    if tokens and all(re.fullmatch(r"[A-La-l]", t) for t in tokens):
        indexes = [LETTERS.index(t.upper()) for t in tokens]
        if max(indexes) >= len(options):
            return (f"the answer '{answer}' names option {LETTERS[max(indexes)]}, but the row has only "
                    f"{len(options)} options (A-{LETTERS[len(options) - 1]})")
        return sorted(set(indexes))
    lowered = [o.lower() for o in options]
    wanted = [part.strip().lower() for part in answer.split("|")]
    if all(w in lowered for w in wanted):
        return sorted({lowered.index(w) for w in wanted})
    return (f"the answer '{answer}' is neither option letters (A-{LETTERS[len(options) - 1]}) nor the text of an "
            f"option")


def _sources(cell: str) -> list[str] | str:
    urls = [u for u in re.split(r"[\s|]+", cell) if u]
    bad = [u for u in urls if not URL_PATTERN.match(u)]
    if bad:
        return f"source '{bad[0]}' is not a web address; write it as https://..."
    return urls


def _item_id(concept: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:DIGEST]
    return f"{concept}.{digest}"


def _flashcard(cells: list[str], layout: Layout, concept: str) -> dict | str:
    front, back = _cell(cells, layout.question), _cell(cells, layout.answer)
    if not front or not back:
        return f"the {'front' if not front else 'back'} is empty"
    explanation = _cell(cells, layout.explanation)
    if explanation:
        back = f"{back}\n\n{explanation}"
    sources = _sources(_cell(cells, layout.sources))
    if isinstance(sources, str):
        return sources
    item = {"id": _item_id(concept, "flashcard", front, back), "kind": "flashcard", "concepts": [concept],
            "front": front, "back": back}
    if sources:
        item["sources"] = sources
    return item


def _outside(cells: list[str], layout: Layout) -> str | None:
    """A problem if a cell lies outside the sheet's columns (often a comma in a cell that is not quoted)."""
    known = {layout.question, layout.answer, layout.options, layout.explanation, layout.sources,
             *layout.option_columns}
    extra = [i for i, cell in enumerate(cells) if cell and i not in known]
    if not extra:
        return None
    if layout.choice:
        shape = "question, options, answer, explanation, sources"
    else:
        shape = "front, back" + (", explanation" if layout.explanation >= 0 else "")
    return (f"the row has {len(cells)} cells, more than the sheet's columns ({shape}); put a cell that holds "
            f"the separator in double quotes")


def _choice(cells: list[str], layout: Layout, concept: str) -> dict | str:
    question, answer = _cell(cells, layout.question), _cell(cells, layout.answer)
    if layout.options >= 0:
        cell = _cell(cells, layout.options)
        options = [o.strip() for o in cell.split("|")] if cell else []
        if "" in options:
            return "an option is empty (two | with nothing between them)"
    else:
        options = [_cell(cells, i) for i in layout.option_columns]
        while options and not options[-1]:
            options.pop()
        if "" in options:
            return f"option {LETTERS[options.index('')]} is empty"
    if not question:
        return "the question is empty"
    if not options:
        return "the row has no options"
    if len(options) > MAX_OPTIONS:
        return f"the row has {len(options)} options; at most {MAX_OPTIONS}"
    if len({o.lower() for o in options}) != len(options):
        return "two options read the same; each must differ"
    if not answer:
        return "the answer is empty; give the right option's letter (such as B) or letters (such as A, C)"
    right = _right_indexes(answer, options)
    if isinstance(right, str):
        return right
    if len(right) == 1 and len(options) != CHOICE_OPTIONS:
        return (f"a multiple-choice question needs exactly {CHOICE_OPTIONS} options with 1 right (the exam's "
                f"format); this row has {len(options)}")
    if len(right) > 1 and not (RESPONSE_MIN_OPTIONS <= len(options) and len(right) < len(options)):
        return (f"a question with {len(right)} right options (multiple response) needs {RESPONSE_MIN_OPTIONS} to "
                f"{MAX_OPTIONS} options and at least 1 wrong; this row has {len(options)}")
    sources = _sources(_cell(cells, layout.sources))
    if isinstance(sources, str):
        return sources
    multiple = len(right) > 1
    named = ", ".join(LETTERS[i] for i in right)
    explanation = _cell(cells, layout.explanation) or f"The right answer{'s are' if multiple else ' is'} {named}."
    item = {"id": _item_id(concept, "choice", question, *options, named), "kind":
            "multiple-response" if multiple else "multiple-choice", "concepts": [concept], "prompt": question,
            "options": [{"text": o, "correct": i in right,
                         "why": ("Right" if i in right else "Not right") + " (the imported sheet gives no reason)."}
                        for i, o in enumerate(options)],
            "explanation": explanation}
    if sources:
        item["sources"] = sources
    return item


# -- the deck file ---------------------------------------------------------------------------------------------

def concept_id_for(stem: str) -> str:
    """A concept id from a file name: ``Week 3 Vocab.csv`` -> ``week-3-vocab``."""
    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:CONCEPT_MAX].strip("-")
    return slug or "imported"


def check_concept_id(concept: str) -> str:
    if not ID_PATTERN.match(concept) or len(concept) > CONCEPT_MAX:
        raise FmprepError(f"concept id '{concept}' is malformed: use lower-case letters and digits joined by '-', '.' "
                          f"or '_' (at most {CONCEPT_MAX} characters)")
    return concept


def import_sheet(data: bytes, name: str, concept: str, out_name: str = "deck.yaml") -> Imported:
    """The deck file for the sheet ``data`` (called ``name`` in messages), its items under ``concept``."""
    check_concept_id(concept)
    rows = read_rows(decode(data, name), name)
    if not rows:
        raise FmprepError(f"{name}: has no rows; nothing to import")
    layout = header_layout(rows[0][1])
    if layout is None and _names_a_column(rows[0][1]):  # a header, but not one fmprep can read: say so
        known = sorted(QUESTION | ANSWER)
        raise FmprepError(f"{name}: line {rows[0][0]} looks like a header ({', '.join(rows[0][1])}) but does not "
                          f"name both a question and an answer column; name them, e.g. {known[0]!r} and "
                          f"'answer', or remove the header row")
    if layout is None:
        layout = guess_layout(rows)
    else:
        rows = rows[1:]
    build = _choice if layout.choice else _flashcard
    items, problems, seen = [], [], {}
    for line, cells in rows:
        made = _outside(cells, layout) or build(cells, layout, concept)
        if isinstance(made, str):
            problems.append((line, made))
        elif made["id"] in seen:
            problems.append((line, f"the same item as line {seen[made['id']]}; remove one of them"))
        else:
            seen[made["id"]] = line
            items.append(made)
    if problems:
        raise BadRows(name, problems)
    if not items:
        raise FmprepError(f"{name}: has a header row but no items; nothing to import")
    title = f"Imported from {name}"
    document = {
        "objectives": [{"id": f"{concept}.objective", "title": title}],
        "concepts": [{
            "id": concept, "title": title, "objectives": [f"{concept}.objective"],
            "summary": f"Items imported from {name} with `fmprep import csv`; edit this text to describe them.",
            "key_points": [f"{len(items)} item{'s' if len(items) != 1 else ''} imported from {name}."],
            "example": "See the items below.",
        }],
        "items": items,
    }
    text = dump_yaml(document)
    parse_deck([(out_name, text.encode("utf-8"))])  # the file must pass `fmprep validate`; raises ContentError
    flashcards = sum(1 for i in items if i["kind"] == "flashcard")
    return Imported(text, flashcards, len(items) - flashcards)


def dump_yaml(document: dict) -> str:
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # libyaml when present
        def ignore_aliases(self, data) -> bool:  # fmprep's reader refuses anchors and aliases
            return True

    header = "# Written by `fmprep import csv`. Check it with `fmprep validate FILE`.\n"
    return header + yaml.dump(document, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=120,
                              default_flow_style=False)
