"""Strict, safe YAML reading: bytes -> a tree of plain strings, lists and mappings, each with its place.

Built on the YAML *event* stream (the C parser when present), so nothing is ever constructed by tag:
scalars stay the strings the author wrote (``No``, ``3.10`` and ``12:30`` are not guessed into other types),
Python tags, anchors, aliases and duplicate keys are refused, and deep nesting cannot overflow the stack.
Every failure becomes a :class:`Problem`; nothing else leaves this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

try:  # libyaml: about five times faster than the pure-Python parser
    from yaml import CBaseLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _Loader  # type: ignore[assignment]

from fmprep.deck import MAX_FILE_BYTES
from fmprep.errors import Problem

MAX_DEPTH = 64


@dataclass
class Node:
    """A value read from YAML: ``value`` is a str, a list of Nodes, or a dict of str -> (key Node, value Node)."""

    value: object
    line: int  # 1-based
    column: int  # 1-based
    children_keys: dict[str, "Node"] = field(default_factory=dict, repr=False)

    @property
    def kind(self) -> str:
        if isinstance(self.value, str):
            return "text"
        if isinstance(self.value, list):
            return "list"
        return "mapping"


class _Reject(Exception):
    def __init__(self, mark, message: str):
        self.mark = mark
        self.message = message


def read_yaml(data: bytes, filename: str) -> tuple[Node | None, list[Problem]]:
    """Parse one YAML document. Returns (root or None, problems)."""

    def problem(line: int, column: int, message: str) -> list[Problem]:
        return [Problem(filename, line, column, message)]

    if len(data) > MAX_FILE_BYTES:
        return None, problem(1, 1, f"file is {len(data):,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it into smaller files")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, problem(line, column, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        return None, problem(1, 1, "file is empty; add content or remove the file")
    try:
        return _build(yaml.parse(text, Loader=_Loader)), []
    except _Reject as exc:
        return None, problem(exc.mark.line + 1, exc.mark.column + 1, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, problem(line, column, f"YAML syntax error: {what}")
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return None, problem(line, column, f"character U+{code:04X} is not allowed in YAML; remove it or write it as an escape in a double-quoted string")
    except yaml.YAMLError as exc:
        return None, problem(1, 1, f"YAML error: {exc}")


def _build(events) -> Node:
    """Turn parse events into Nodes without recursion."""
    root: Node | None = None
    stack: list[tuple[Node, list]] = []  # (container node, pending key node for mappings)
    documents = 0

    def attach(node: Node, mark) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent, pending = stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(node)
        elif not pending:
            if not isinstance(node.value, str):
                raise _Reject(mark, "a mapping key must be plain text")
            if node.value in parent.value:
                first = parent.children_keys[node.value]
                raise _Reject(mark, f"duplicate key '{node.value}' (first at line {first.line}); keep one")
            pending.append(node)
        else:
            key = pending.pop()
            parent.value[key.value] = node
            parent.children_keys[key.value] = key

    for event in events:
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Reject(event.start_mark, "anchors and aliases (& and *) are not allowed; write the text out")
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            raise _Reject(event.start_mark, f"tags such as '{tag}' are not allowed; remove it")
        mark = event.start_mark
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Reject(mark, "only one YAML document per file; remove the '---' separator or split the file")
        elif isinstance(event, yaml.ScalarEvent):
            attach(Node(event.value, mark.line + 1, mark.column + 1), mark)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _Reject(mark, f"nested more than {MAX_DEPTH} levels deep")
            node = Node([] if isinstance(event, yaml.SequenceStartEvent) else {}, mark.line + 1, mark.column + 1)
            attach(node, mark)
            stack.append((node, []))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            stack.pop()
    if root is None:
        raise _Reject(yaml.Mark("", 0, 0, 0, None, None), "file holds no content")
    return root
