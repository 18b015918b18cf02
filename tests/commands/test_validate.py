"""`fmprep validate [PATH]...`: check content files and print every problem at once."""

from __future__ import annotations

import json

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


def test_lint_of_a_large_biased_deck_stays_short_and_json_lists_every_item(cli, tmp_path):
    options = "\n".join(f"      - {{text: {t}, correct: {str(t == 'the much longer right answer').lower()}, why: Because of reasons here.}}"
                        for t in ("the much longer right answer", "no", "nope", "never"))
    items = "\n".join(f"""  - id: q{n}
    kind: multiple-choice
    concepts: [c]
    prompt: Which option number {n} here?
    options:
{options}
    explanation: The long one is right for reasons.""" for n in range(40))
    deck = tmp_path / "deck.yaml"
    deck.write_text(f"""objectives:
  - id: o
    title: Objective
concepts:
  - id: c
    title: Concept
    objectives: [o]
    summary: A summary.
    key_points: [A point.]
    example: An example.
items:
{items}
""")
    result = cli("validate", "--lint", str(deck))
    assert result.exit_code == 1
    deck_lines = [line for line in result.output.splitlines() if line.startswith("(deck): length-bias")]
    assert deck_lines and all(len(line) < 300 and "and 30 more" in line for line in deck_lines), deck_lines
    data = json.loads(cli("validate", "--lint", "--json", str(deck)).output)
    deck_findings = [f for f in data["findings"] if f["id"] is None]
    assert deck_findings and all(f["ids"] == [f"q{n}" for n in range(40)] for f in deck_findings)


def test_the_summary_counts_in_the_singular_when_there_is_one(cli, tmp_path):
    deck = tmp_path / "one.yaml"
    deck.write_text("""objectives:
  - id: o
    title: Objective
concepts:
  - id: c
    title: Concept
    objectives: [o]
    summary: A summary.
    key_points: [A point.]
    example: An example.
items:
  - id: c.card
    kind: flashcard
    concepts: [c]
    front: A front?
    back: A back.
""")
    result = cli("validate", str(deck))
    assert result.exit_code == 0
    assert result.output.startswith("ok: 1 file, 1 objective, 1 concept, 1 entry (1 flashcard): 1 item to study")


def test_the_readme_shows_what_validate_prints_for_the_built_in_deck(cli):
    from conftest import REPO

    printed = cli("validate").output.strip()
    assert printed.startswith("ok: ") and f"\n{printed}\n" in (REPO / "README.md").read_text()
