from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from fmprep.deck import CaseStudy, ChoiceQuestion, MatchingQuestion, OrderingQuestion
from fmprep.errors import ContentError
from fmprep.content import load_deck
from fmprep.loader import parse_deck
from fmprep.yamltree import MAX_FILE_BYTES

from conftest import FIXTURES, MINI_DECK

BAD = sorted((FIXTURES / "bad").glob("*.yaml"))


def expectation(path: Path) -> tuple[int, int, str]:
    first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
    match = re.fullmatch(r"# expect (\d+):(\d+): (.+)", first)
    assert match, f"{path.name} must start with '# expect LINE:COL: message'"
    return int(match[1]), int(match[2]), match[3]


def test_there_is_a_fixture_per_kind_of_error():
    assert len(BAD) >= 20


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_bad_fixture_is_reported_at_its_place(path):
    line, column, message = expectation(path)
    with pytest.raises(ContentError) as info:
        load_deck([path])
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.file == str(path)
    assert (problem.line, problem.column) == (line, column), str(problem)
    assert message in problem.message
    assert str(problem).startswith(f"{path}:{line}:{column}: ")


def test_scalars_stay_the_strings_the_author_wrote(mini_deck):
    text = mini_deck.read_text().replace('back: "No"', "back: No").replace('back: "3.10"', "back: 12:30")
    deck = parse_deck([("d.yaml", text.encode())])
    assert [item.back for item in deck.items] == ["No", "12:30"]
    text = text.replace("back: No", "back: 3.10").replace("back: 12:30", "back: 010")
    deck = parse_deck([("d.yaml", text.encode())])
    assert [item.back for item in deck.items] == ["3.10", "010"]


def test_every_problem_is_reported_at_once():
    text = MINI_DECK.replace("title: Alpha", "titel: Alpha").replace("concepts: [beta]", "concepts: [gamma]")
    text += "  - id: alpha.card\n    kind: flashcard\n    concepts: [alpha]\n    front: F\n    back: B\n"
    with pytest.raises(ContentError) as info:
        parse_deck([("d.yaml", text.encode())])
    messages = [p.message for p in info.value.problems]
    assert any("unknown field 'titel'" in m for m in messages)
    assert any("unknown concept 'gamma'" in m for m in messages)
    assert any("id 'alpha.card' is used twice" in m for m in messages)
    assert "3 problems" in str(info.value) or f"{len(messages)} problems" in str(info.value)


def test_ids_must_be_unique_across_files(tmp_path):
    first = ("a.yaml", MINI_DECK.encode())
    second = ("b.yaml", b"objectives:\n  - id: alpha\n    title: Clash\n")
    with pytest.raises(ContentError) as info:
        parse_deck([first, second])
    [problem] = info.value.problems
    assert problem.file == "b.yaml" and problem.line == 2
    assert "first at a.yaml:5:9" in problem.message


def test_a_file_over_the_size_cap_is_refused_before_parsing():
    data = b"objectives: []\n" + b"#" * MAX_FILE_BYTES
    with pytest.raises(ContentError, match="over the limit"):
        parse_deck([("big.yaml", data)])


def test_billion_laughs_is_refused_quickly():
    lol = b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'
    with pytest.raises(ContentError, match="anchors and aliases"):
        parse_deck([("lol.yaml", lol)])


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(ContentError, match="nested more than"):
        parse_deck([("deep.yaml", b"[" * 100 + b"]" * 100)])
    with pytest.raises(ContentError):  # libyaml's own limit, also reported as a problem
        parse_deck([("deeper.yaml", b"[" * 5000 + b"]" * 5000)])


def test_a_blank_file_is_reported():
    with pytest.raises(ContentError, match="blank.yaml:1:1: file is empty"):
        parse_deck([("blank.yaml", b"\n  \n")])


def test_builtin_deck_parses_into_every_item_type():
    from fmprep.paths import builtin_content

    deck = load_deck([builtin_content()])
    kinds = {type(item) for item in deck.items}
    assert {ChoiceQuestion, OrderingQuestion, MatchingQuestion, CaseStudy} <= kinds
    case = next(i for i in deck.items if isinstance(i, CaseStudy))
    assert all(q.concepts for q in case.questions)


YAMLISH = st.lists(
    st.sampled_from(["objectives:", "concepts:", "items:", "  - id: x", "    title: T", "    kind: flashcard",
                     "    concepts: [x]", "    front: F", "    back: B", "- ", ": ", "&a ", "*a", "!!int ", "!!python/name:os.system",
                     "[", "]", "{", "}", "'", '"', "\\e", "\x1b", "\t", "---", "...", "%YAML 1.1", "? ", "|", ">", "#", "\xff"]),
    max_size=30,
).map(lambda parts: "\n".join(parts))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=300), YAMLISH.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_fuzz_nothing_but_content_error_leaves_the_loader(data):
    try:
        parse_deck([("fuzz.yaml", data)])
    except ContentError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.line >= 1 and problem.column >= 1 and problem.message


def readme_example() -> str:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    return re.search(r"<!-- example-deck -->\n```yaml\n(.*?)```", readme, re.S)[1]


def test_a_deck_with_many_independent_faults_reports_them_all_in_one_run():
    """One run finds every fault, and a concept with a bad field still counts as known (no false "unknown concept")."""
    text = readme_example()
    faults = [  # (old, new, the message expected): each fault independent of the others
        ("    title: Distillation\n", "    title: Distillation\n    level: easy\n", "unknown field 'level' in a concept"),
        ("      - https://docs.aws.amazon.com/bedrock/latest/userguide/distillation-prepare-datasets.html",
         "      - docs.aws.amazon.com/distillation", "is not a web address"),
        ("back: Training a smaller student model", "bak: Training a smaller student model",
         "unknown field 'bak'"),  # a misspelt field is also a missing one:
        ("", "", "a flashcard item is missing the field 'back'"),
        ("{text: Fresher facts, correct: false,", "{text: Fresher facts, correct: no,", "correct must be true or false"),
        ("    explanation: A smaller student keeps much of the teacher's quality at lower cost.\n", "",
         "a multiple-choice item is missing the field 'explanation'"),
        ("{text: A student model, correct: true,", "{text: A student model, correct: false,", "at least 2 right"),
        ("      - Have the teacher answer your prompts\n", "      - Choose a teacher and a student\n",
         "two entries of steps read the same"),
        ("      - {prompt: Student, answer: Small model that is trained}", "      - {prompt: Student}",
         "a pair is missing the field 'answer'"),
        ("{text: RLHF, correct: false,", "{text: Distillation, correct: false,", "two options read the same"),
        ("    title: A slow chatbot\n", "    title: A slow chatbot\n    owner: me\n", "unknown field 'owner'"),
    ]
    for old, new, _ in faults:
        if old:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
    with pytest.raises(ContentError) as info:
        parse_deck([("example.yaml", text.encode())])
    messages = [p.message for p in info.value.problems]
    for _, _, expected in faults:
        assert sum(expected in m for m in messages) == 1, (expected, messages)
    assert len(messages) == len(faults), "\n".join(messages)
    assert not any("unknown concept" in m for m in messages)
    assert f"{len(faults)} problems" in str(info.value)


def test_an_entry_with_a_bad_kind_still_claims_its_id():
    text = MINI_DECK + "  - id: alpha.card\n    kind: essay\n    front: F\n"
    with pytest.raises(ContentError) as info:
        parse_deck([("d.yaml", text.encode())])
    messages = sorted(p.message for p in info.value.problems)
    assert len(messages) == 2
    assert "id 'alpha.card' is used twice" in messages[0] and "unknown kind 'essay'" in messages[1]


def test_a_malformed_concept_id_is_reported_once_not_at_every_reference():
    text = MINI_DECK.replace("id: alpha\n", "id: Alpha\n").replace("concepts: [alpha]", "concepts: [Alpha]")
    with pytest.raises(ContentError) as info:
        parse_deck([("d.yaml", text.encode())])
    [problem] = info.value.problems
    assert "id 'Alpha' is malformed" in problem.message
