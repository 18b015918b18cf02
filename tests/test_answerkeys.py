"""Stable ids: every item's right answer is recorded; an id whose answer changed is caught."""

from __future__ import annotations

import importlib.util
import json

import pytest

from fmprep.answerkeys import answer_key, answer_keys, compare
from fmprep.content import load_deck
from fmprep.loader import parse_deck
from fmprep.paths import builtin_content

from conftest import MINI_DECK, REPO

MANIFEST = REPO / "content" / "answer-keys.json"


def test_every_builtin_item_keeps_its_answer_key():
    """(a) every id has an entry, (b) no id's right answer changed. See tools/answer_keys.py: an edit that keeps the
    meaning is accepted (--accept ID); one that changes the right answer needs a new id (then --add)."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    result = compare(manifest, load_deck([builtin_content()]))
    assert not result.new, f"ids without an answer key (python tools/answer_keys.py --add): {result.new}"
    assert not result.changed, "right answers changed under the same id (new id, or --accept ID if the meaning stayed):\n" + \
        "\n".join(f"{i}: was {was!r}, now {now!r}" for i, (was, now) in result.changed.items())


CHOICE = """\
  - id: alpha.mc
    kind: multiple-response
    concepts: [alpha]
    prompt: Which two?
    options:
      - {text: "Right one.", correct: true, why: w}
      - {text: Right two, correct: true, why: w}
      - {text: Wrong one, correct: false, why: w}
      - {text: Wrong two, correct: false, why: w}
      - {text: Wrong three, correct: false, why: w}
    explanation: E.
  - id: alpha.order
    kind: ordering
    concepts: [alpha]
    prompt: Order.
    steps: [One, Two, Three]
    explanation: E.
  - id: alpha.match
    kind: matching
    concepts: [alpha]
    prompt: Match.
    pairs:
      - {prompt: A, answer: x}
      - {prompt: B, answer: y}
      - {prompt: C, answer: z}
    explanation: E.
"""


def keys(text: str) -> dict[str, str]:
    return answer_keys(parse_deck([("d.yaml", (MINI_DECK + text).encode())]))


def test_each_kind_has_its_key():
    k = keys(CHOICE)
    assert k == {"alpha.card": "card: no", "beta.card": "card: 3 10",
                 "alpha.mc": "choice: right one | right two", "alpha.order": "order: one > two > three",
                 "alpha.match": "match: a = x | b = y | c = z"}


@pytest.mark.parametrize("old, new, same", [
    ('{text: "Right one.", correct: true', "{text: right  ONE, correct: true", True),  # case, spacing, punctuation
    ("{text: Wrong one, correct: false", "{text: Another wrong, correct: false", True),  # a distractor reworded
    ("{text: Right two, correct: true, why: w}\n      - {text: Wrong one, correct: false",
     "{text: Wrong one, correct: false, why: w}\n      - {text: Right two, correct: true", True),  # option order
    ('"Right one.", correct: true, why: w}\n      - {text: Right two, correct: true, why: w}\n      - {text: Wrong one, correct: false',
     '"Right one.", correct: false, why: w}\n      - {text: Right two, correct: true, why: w}\n      - {text: Wrong one, correct: true',
     False),  # a right option swapped for a wrong one
    ("{text: Wrong one, correct: false", "{text: Wrong one, correct: true", False),
    ("[One, Two, Three]", "[One, Three, Two]", False),  # the order is the answer
    ("{prompt: A, answer: x}\n      - {prompt: B, answer: y}", "{prompt: A, answer: y}\n      - {prompt: B, answer: x}", False),
    ("{prompt: A, answer: x}\n      - {prompt: B, answer: y}", "{prompt: B, answer: y}\n      - {prompt: A, answer: x}", True),
])
def test_a_key_changes_with_the_right_answer_only(old, new, same):
    assert CHOICE.count(old) == 1
    assert (keys(CHOICE.replace(old, new)) == keys(CHOICE)) is same


def test_compare_finds_new_changed_and_gone_ids():
    deck = parse_deck([("d.yaml", (MINI_DECK + CHOICE).encode())])
    manifest = answer_keys(deck)
    assert compare(manifest, deck).ok
    manifest["alpha.order"] = "order: two > one > three"
    del manifest["alpha.match"]
    manifest["old.item"] = "card: gone"
    result = compare(manifest, deck)
    assert not result.ok
    assert result.new == ["alpha.match"]
    assert result.changed == {"alpha.order": ("order: two > one > three", "order: one > two > three")}
    assert result.gone == ["old.item"]
    assert compare({**answer_keys(deck), "old.item": "card: gone"}, deck).ok  # an id that left the deck is no fault


def test_an_open_question_is_keyed_by_its_answer():
    text = "  - {id: alpha.open, kind: open, concepts: [alpha], prompt: P?, answer: The Answer., also_valid: [x]}\n"
    assert keys(text)["alpha.open"] == "open: the answer"
    assert answer_key(parse_deck([("d.yaml", (MINI_DECK + text).encode())]).items[-1]) == "open: the answer"


# -- the tool ---------------------------------------------------------------------------------------------------
@pytest.fixture
def tool():
    spec = importlib.util.spec_from_file_location("answer_keys_tool", REPO / "tools" / "answer_keys.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_the_tool_checks_adds_and_accepts(tool, tmp_path, capsys):
    deck = tmp_path / "deck.yaml"
    deck.write_text(MINI_DECK + CHOICE, encoding="utf-8")
    manifest = tmp_path / "keys.json"
    args = ["--content", str(deck), "--manifest", str(manifest)]
    assert tool(args) == 1 and "new id (no answer key yet): alpha.mc" in capsys.readouterr().out
    assert tool(args + ["--add"]) == 0
    assert json.loads(manifest.read_text())["alpha.order"] == "order: one > two > three"
    assert tool(args) == 0 and "ok: 5 answer keys match" in capsys.readouterr().out
    deck.write_text(MINI_DECK + CHOICE.replace("[One, Two, Three]", "[Two, One, Three]"), encoding="utf-8")
    assert tool(args) == 1
    out = capsys.readouterr().out
    assert "answer changed: alpha.order" in out and "was: order: one > two > three" in out
    assert tool(args + ["--add"]) == 1  # --add records new ids only, never a changed answer
    assert tool(args + ["--accept", "nope"]) == 1
    assert tool(args + ["--accept", "alpha.order"]) == 0
    assert json.loads(manifest.read_text())["alpha.order"] == "order: two > one > three"
    assert tool(args) == 0
