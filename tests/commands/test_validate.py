"""`fmprep validate [PATH]...`: check content files and print every problem at once."""

from __future__ import annotations

from conftest import FIXTURES


def test_validate_summary(cli):
    from fmprep.paths import builtin_content

    files = len(list(builtin_content().glob("*.yaml")))
    assert files >= 6
    result = cli("validate")
    assert result.exit_code == 0
    line = result.output.strip()
    assert line.startswith(f"ok: {files} files, 3 objectives, 13 concepts")
    assert "multiple-choice" in line and "case-study" in line


def test_validate_reports_every_problem_and_exits_1(cli, tmp_path):
    bad = FIXTURES / "bad"
    result = cli("validate", str(bad / "unknown-field.yaml"), str(bad / "malformed-id.yaml"))
    assert result.exit_code == 1
    assert "unknown-field.yaml:5:5: unknown field 'name'" in result.output
    assert "malformed-id.yaml:3:9: id 'Bad Id' is malformed" in result.output
    assert "2 problems" in result.output
    assert "Traceback" not in result.output


def test_validate_json_summary(cli, mini_deck):
    import json

    result = cli("validate", "--json", str(mini_deck))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert (data["files"], data["concepts"], data["entries"], data["items"]) == (1, 2, 2, 2)
    assert data["kinds"] == {"flashcard": 2}


def test_validate_lint_still_reports_content_problems_first(cli):
    result = cli("validate", "--lint", str(FIXTURES / "bad" / "unknown-field.yaml"))
    assert result.exit_code == 1
    assert "unknown field 'name'" in result.output and "lint:" not in result.output
