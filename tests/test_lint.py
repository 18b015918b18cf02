"""The deck lint: each rule on tiny decks that pass it and fail it, thresholds at their edges."""

from __future__ import annotations

import json

import pytest

from fmprep import lint as L
from fmprep.loader import parse_deck

HEAD = """\
objectives:
  - {id: obj, title: The objective}
concepts:
  - {id: c, title: C, objectives: [obj], summary: S., key_points: [k], example: E.}
items:
"""


def deck(*items: str):
    return parse_deck([("d.yaml", (HEAD + "".join(items)).encode())])


def option(text: str, correct: bool = False, why: str = "") -> str:
    why = why or f"the reason for {text}"
    return f"      - {{text: {text}, correct: {'true' if correct else 'false'}, why: {why}}}\n"


def mc(ident: str, prompt: str, right: str, wrong: tuple[str, ...], explanation: str = "Because of the reasons given.",
       kind: str = "multiple-choice", rights: tuple[str, ...] = ()) -> str:
    options = "".join(option(r, True) for r in (right, *rights)) + "".join(option(w) for w in wrong)
    return (f"  - id: {ident}\n    kind: {kind}\n    concepts: [c]\n    prompt: {prompt}\n    options:\n{options}"
            f"    explanation: {explanation}\n")


def ranked(n: int, rank: int) -> str:
    """A multiple-choice question whose right option has ``rank`` wrong options longer than it."""
    wrong = tuple(f"w{n}x{i}" + "y" * (20 if i < rank else 1) for i in range(3))
    return mc(f"q{n}", f"Question number {n}?", f"r{n}" + "z" * 10, wrong)


def rules(findings, item=None):
    return sorted(f.rule for f in findings if item is None or f.item == item)


# -- length bias --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("ranks, expected", [
    ((0, 0, 0, 1, 1, 1, 2, 2, 2, 2), []),  # 3/10 longest (30%), 6/10 in the two longest (60%): at the limits
    ((0, 0, 0, 0, 1, 1, 2, 2, 2, 2), ["longest in 4 of 10 (40%)"]),
    ((0, 0, 0, 1, 1, 1, 1, 2, 2, 2), ["two longest in 7 of 10 (70%)"]),
    ((0, 0, 0, 0, 0, 0, 0, 2, 2, 2), ["longest in 7 of 10 (70%)", "two longest in 7 of 10 (70%)"]),
    ((0, 1, 2, 2, 2, 2, 2, 3, 3, 3), []),  # 3/10 the shortest (30%): at the limit
    ((0, 1, 2, 2, 2, 2, 3, 3, 3, 3), ["shortest in 4 of 10 (40%)"]),
])
def test_length_bias_shares_at_their_limits(ranks, expected):
    findings = L.length_bias(deck(*(ranked(n, r) for n, r in enumerate(ranks))))
    assert len(findings) == len(expected)
    for finding, words in zip(findings, expected):
        assert finding.item == "" and words in finding.message, finding.message


def test_a_tie_with_the_longest_wrong_option_counts_as_longest():
    d = deck(mc("q", "Which one?", "abcdef", ("ghijkl", "mn", "op")))
    assert L.length_figures(d)["right_longest"] == 1
    assert L.length_rank(d.items[0]) == 0
    assert L.length_rank(deck(mc("q", "Which one?", "abcdef", ("ghijklm", "mn", "op"))).items[0]) == 1



def test_a_tie_with_the_shortest_wrong_option_counts_as_shortest():
    d = deck(mc("q", "Which one?", "abc", ("def", "ghijkl", "mnopqr")))
    assert L.is_shortest(d.items[0]) and L.length_figures(d)["right_shortest"] == 1
    assert not L.is_shortest(deck(mc("q", "Which one?", "abcd", ("def", "ghijkl", "mnopqr"))).items[0])

def test_multiple_response_with_every_right_option_longer_is_a_finding():
    wrong = ("w one", "w two", "w three")
    longer = mc("mr", "Which two?", "right number one", wrong, kind="multiple-response", rights=("right number two",))
    [finding] = L.length_bias(deck(longer))
    assert finding.item == "mr" and "shortest right 16 characters, longest wrong 7" in finding.message
    # one right option no longer than the longest wrong one: no cue
    mixed = mc("mr", "Which two?", "right number one", ("w one", "w two", "wrong 16 chars!!"), kind="multiple-response",
               rights=("right number two",))
    assert L.length_bias(deck(mixed)) == []


# -- stem echo ----------------------------------------------------------------------------------------------------
def test_stem_words_only_in_the_right_option_are_reported():
    q = mc("q", "A model lacks the energy-trading domain. Which strategy helps?",
           "Continued pre-training on energy-trading text", ("Distillation", "RLHF", "A longer prompt"))
    [finding] = L.stem_echo(deck(q))
    assert finding.item == "q" and "'energy', 'trading'" in finding.message


def test_a_stem_word_that_a_wrong_option_shares_is_no_echo():
    q = mc("q", "A model lacks the energy-trading domain. Which strategy helps?",
           "Continued pre-training on energy-trading text", ("Distillation of an energy trading model", "RLHF", "A prompt"))
    assert L.stem_echo(deck(q)) == []


def test_stop_words_are_never_echoes_and_plurals_meet():
    stop = mc("q", "Which is the best choice of the following?", "The best of all", ("Red", "Green", "Blue"))
    assert L.stem_echo(deck(stop)) == []
    plural = mc("q", "What do the labels need?", "Consistent label guidelines", ("Speed", "Colour", "Fonts"))
    [finding] = L.stem_echo(deck(plural))
    assert "'labels'" in finding.message
    assert L.stem("labeling") == L.stem("labeled") == L.stem("labels") == "label"
    assert L.stem("tuning") == L.stem("tuned") == L.stem("tune")
    assert L.stem("class") == "class"


def test_a_case_scenario_counts_as_stem():
    case = ("  - id: case\n    kind: case-study\n    concepts: [c]\n    title: T\n"
            "    scenario: The bot fails in production on rare chats.\n    questions:\n"
            + "".join("  " + line + "\n" for line in mc("case.q1", "What explains it?", "Data unlike production traffic",
                                                         ("Model size", "Governance", "Distillation")).splitlines()
                      if "concepts:" not in line)
            + "".join("  " + line + "\n" for line in mc("case.q2", "And what fixes it?", "Broader data",
                                                         ("Bigger model", "New name", "Fewer chats")).splitlines()
                      if "concepts:" not in line))
    findings = L.stem_echo(deck(case))
    assert [(f.item, "'production'" in f.message) for f in findings] == [("case.q1", True)]


# -- absolutes ----------------------------------------------------------------------------------------------------
def test_absolutes_only_in_wrong_options_are_reported():
    q = mc("q", "How big must the set be?", "Big enough to cover the task", ("It always needs a billion rows",
                                                                             "It never matters", "Ten rows"))
    [finding] = L.absolutes(deck(q))
    assert "2 wrong options say 'always', 'never'" in finding.message


def test_absolutes_in_a_right_option_too_are_no_cue():
    q = mc("q", "Which holds?", "Only the student is trained", ("It always needs a teacher", "Two", "Three"))
    assert L.absolutes(deck(q)) == []
    assert L.absolutes(deck(mc("q", "Which holds?", "Sometimes", ("Often", "Rarely", "Seldom")))) == []


# -- duplicate prompts ----------------------------------------------------------------------------------------------
def test_the_same_prompt_twice_across_kinds_is_reported():
    card = "  - {id: card, kind: flashcard, concepts: [c], front: What is RLHF?, back: Learning from feedback.}\n"
    open_ = "  - {id: open, kind: open, concepts: [c], prompt: 'what is  RLHF', answer: Learning from feedback.}\n"
    [finding] = L.duplicate_prompts(deck(card, open_))
    assert finding.item == "open" and "same as card" in finding.message
    other = open_.replace("what is  RLHF", "What is DPO?")
    assert L.duplicate_prompts(deck(card, other)) == []


def test_case_questions_are_compared_with_their_scenario():
    def case(n, scenario):
        body = "".join("  " + line + "\n" for line in mc(f"case{n}.q1", "Which technique fits?", "Alpha method",
                                                          ("Beta", "Gamma", "Delta")).splitlines() if "concepts:" not in line)
        body += "".join("  " + line + "\n" for line in mc(f"case{n}.q2", "Why?", "Alpha reason",
                                                          ("Beta", "Gamma", "Delta")).splitlines() if "concepts:" not in line)
        return f"  - id: case{n}\n    kind: case-study\n    concepts: [c]\n    title: T{n}\n    scenario: {scenario}\n    questions:\n{body}"

    assert L.duplicate_prompts(deck(case(1, "A bank."), case(2, "A shop."))) == []
    assert [f.item for f in L.duplicate_prompts(deck(case(1, "A bank."), case(2, "A bank.")))] == ["case2.q1", "case2.q2"]


# -- explanations -----------------------------------------------------------------------------------------------
def test_weak_or_shared_whys_and_explanations_are_reported():
    good = mc("q", "Which one?", "Alpha", ("Beta", "Gamma", "Delta"))
    assert L.missing_explanations(deck(good)) == []
    weak = good.replace("why: the reason for Beta", "why: Wrong.")
    [finding] = L.missing_explanations(deck(weak))
    assert finding.rule == "no-why" and "'Beta'" in finding.message
    short = mc("q", "Which one?", "Alpha", ("Beta", "Gamma", "Delta"), explanation="Alpha fits.")
    assert rules(L.missing_explanations(deck(short))) == ["no-explanation"]
    enough = mc("q", "Which one?", "Alpha", ("Beta", "Gamma", "Delta"), explanation="Alpha fits best.")
    assert L.missing_explanations(deck(enough)) == []


def test_two_options_with_one_why_are_reported():
    lines = "".join(option(t, t == "Alpha", why=f"the {t} reason here") for t in ("Alpha", "Beta", "Gamma"))
    same = lines + option("Delta", why="the Gamma reason here")
    text = (f"  - id: q\n    kind: multiple-choice\n    concepts: [c]\n    prompt: Which?\n    options:\n{same}"
            f"    explanation: Because of the reasons.\n")
    [finding] = L.missing_explanations(deck(text))
    assert "same why" in finding.message


# -- positional steps ---------------------------------------------------------------------------------------------
def ordering(*steps: str) -> str:
    return ("  - id: order\n    kind: ordering\n    concepts: [c]\n    prompt: Put them in order.\n    steps:\n"
            + "".join(f"      - {s}\n" for s in steps) + "    explanation: The data comes before the training.\n")


def test_steps_that_name_their_position_are_reported():
    findings = L.positional_steps(deck(ordering("Collect data", "Then clean it", "Fine-tune again", "Evaluate")))
    assert [f.message.split(" names")[0] for f in findings] == ["step 2", "step 3"]
    assert "'again'" in findings[1].message
    assert L.positional_steps(deck(ordering("Collect data", "Clean the data", "Fine-tune the model"))) == []


# -- the whole lint ---------------------------------------------------------------------------------------------
CLEAN = (mc("q1", "Which method suits a task?", "Fine-tuning", ("Distillation", "Continued pre-training", "RLHF"))
         + mc("q2", "Which data suits RLHF?", "Rankings", ("Unlabeled web text", "Raw logs of errors", "Images"))
         + mc("q3", "Which phase is the largest?", "Pre-training", ("Fine-tuning", "Distillation of a model", "Tuning")))


def test_lint_places_findings_at_their_file_and_line():
    text = HEAD + CLEAN + ordering("Gather", "Then train", "Evaluate")
    sources = [("d.yaml", text.encode())]
    findings = L.lint(parse_deck(sources), L.id_places(sources))
    [finding] = findings
    line = text.splitlines().index("  - id: order") + 1
    assert (finding.file, finding.line, finding.rule) == ("d.yaml", line, "positional-step")
    assert str(finding).startswith(f"d.yaml:{line}: order: positional-step: step 2")


def test_a_clean_deck_has_no_findings():
    assert L.lint(deck(CLEAN)) == []


def test_validate_lint_exit_codes_and_json(cli, tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text(HEAD + CLEAN, encoding="utf-8")
    result = cli("validate", "--lint", "--content", str(clean))
    assert result.exit_code == 0, result.output
    assert "lint: 0 findings: clean" in result.output
    assert "right option the longest in 0/3 (0%)" in result.output
    dirty = tmp_path / "dirty.yaml"
    dirty.write_text(HEAD + CLEAN + ordering("Gather", "Then train", "Evaluate"), encoding="utf-8")
    result = cli("validate", "--lint", str(dirty))
    assert result.exit_code == 1
    assert f"{dirty}:" in result.output and "order: positional-step" in result.output
    result = cli("validate", "--lint", "--json", str(dirty))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [f["rule"] for f in data["findings"]] == ["positional-step"]
    assert data["length"]["single_choice"] == 3 and data["items"] == 4


def test_a_deck_wide_finding_names_ten_items_and_json_all_of_them():
    many = deck(*(ranked(n, 0) for n in range(25)))  # the right option the longest in all 25
    findings = [f for f in L.length_bias(many) if "the longest in" in f.message]
    [finding] = findings
    named = finding.message.split(": ", 1)[1]
    assert named.count(", ") == L.IDS_NAMED - 1 and named.endswith(f"and {25 - L.IDS_NAMED} more (--json lists them)")
    assert len(finding.ids) == 25 and finding.as_json()["ids"] == list(finding.ids)
    assert all(i in named for i in finding.ids[:L.IDS_NAMED]) and finding.ids[L.IDS_NAMED] not in named.split(", ")


def test_words_keep_letters_of_any_script():
    assert L.words("Café naïve, energy-trading: Ökonomie 2x") == ["café", "naïve", "energy", "trading", "ökonomie", "2x"]
