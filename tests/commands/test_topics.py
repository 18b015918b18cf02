"""`fmprep topics [ID]`: the deck at a glance, or one concept in full. Reads only."""

from __future__ import annotations

import json


def test_topics_shows_the_builtin_deck_grouped_by_objective(cli):
    result = cli("topics")
    assert result.exit_code == 0, result.output
    out = result.output
    for title in ("3.3.1 Key elements", "3.3.2 Methods", "3.3.3 Preparing data"):
        assert title in out
    assert "continuous-pre-training" in out and "rlhf" in out
    assert out.index("3.3.1") < out.index("distillation") < out.index("3.3.2") < out.index("instruction-tuning")


def test_topics_json_counts_items_per_concept(cli, mini_deck):
    result = cli("--content", str(mini_deck), "topics", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    [objective] = data["objectives"]
    assert objective["id"] == "obj"
    assert [(c["id"], c["items"]) for c in objective["concepts"]] == [("alpha", 1), ("beta", 1)]


def test_concept_in_both_objectives_is_listed_under_both(cli):
    data = json.loads(cli("topics", "--json").output)
    homes = [o["id"] for o in data["objectives"] if any(c["id"] == "continuous-pre-training" for c in o["concepts"])]
    assert homes == ["training-elements", "fine-tuning-methods"]


def test_topics_id_shows_one_concept_in_full(cli):
    result = cli("topics", "rlhf")
    assert result.exit_code == 0
    for part in ("Key points", "Example", "Misconceptions", "rlhf.card.what", "https://aws.amazon.com/what-is/"):
        assert part in result.output
    data = json.loads(cli("topics", "rlhf", "--json").output)
    assert data["id"] == "rlhf" and data["misconceptions"] and any(i["id"] == "quick.5" for i in data["items"])


def test_topics_unknown_id_is_a_clear_error(cli):
    result = cli("topics", "nope")
    assert result.exit_code == 1
    assert "no concept with id 'nope'" in result.output
    assert "Traceback" not in result.output
