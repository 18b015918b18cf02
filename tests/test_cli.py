from __future__ import annotations

import json
import os

from fmprep import __version__

from conftest import FIXTURES


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"fmprep {__version__}"


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


def test_content_option_works_before_or_after_the_command_and_from_the_environment(cli, mini_deck):
    for args, env in ((["--content", str(mini_deck), "topics"], None), (["topics", "--content", str(mini_deck)], None),
                      (["topics"], {"FMPREP_CONTENT": str(mini_deck)})):
        result = cli(*args, env=env)
        assert result.exit_code == 0, result.output
        assert "Alpha" in result.output and "pre-training" not in result.output


def test_content_variable_takes_several_paths(cli, tmp_path, mini_deck):
    extra = tmp_path / "extra.yaml"
    extra.write_text("objectives:\n  - id: extra\n    title: Extra objective\n")
    result = cli("validate", env={"FMPREP_CONTENT": os.pathsep.join([str(mini_deck), str(extra)])})
    assert result.exit_code == 0, result.output
    assert "2 files, 2 objectives" in result.output


def test_validate_summary(cli):
    result = cli("validate")
    assert result.exit_code == 0
    line = result.output.strip()
    assert line.startswith("ok: 6 files, 3 objectives, 13 concepts")
    assert "multiple-choice" in line and "case-study" in line


def test_validate_reports_every_problem_and_exits_1(cli, tmp_path):
    bad = FIXTURES / "bad"
    result = cli("validate", str(bad / "unknown-field.yaml"), str(bad / "malformed-id.yaml"))
    assert result.exit_code == 1
    assert "unknown-field.yaml:5:5: unknown field 'name'" in result.output
    assert "malformed-id.yaml:3:9: id 'Bad Id' is malformed" in result.output
    assert "2 problems" in result.output
    assert "Traceback" not in result.output


def test_every_command_meets_bad_content_with_the_same_messages(cli):
    bad = str(FIXTURES / "bad" / "duplicate-key.yaml")
    expected = "duplicate-key.yaml:5:5: duplicate key 'title'"
    for args in (["topics"], ["topics", "x"], ["validate"]):
        result = cli("--content", bad, *args)
        assert result.exit_code == 1, args
        assert expected in result.output


def test_usage_errors_exit_2(cli):
    assert cli("topics", "--no-such-option").exit_code == 2
    assert cli("no-such-command").exit_code == 2
