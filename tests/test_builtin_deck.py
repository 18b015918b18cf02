"""The built-in deck covers Task 3.3 as the seed and the exam guide describe it."""

from __future__ import annotations

from collections import Counter

import pytest

from fmprep.deck import CaseStudy, Flashcard, OpenQuestion
from fmprep.content import load_deck
from fmprep.paths import builtin_content

SEED_CONCEPTS = {
    "training-elements": ["pre-training", "fine-tuning", "continuous-pre-training", "distillation"],
    "fine-tuning-methods": ["instruction-tuning", "domain-adaptation", "transfer-learning", "continuous-pre-training"],
    "data-preparation": ["data-curation", "data-governance", "data-size", "data-labeling",
                         "data-representativeness", "rlhf"],
}
SEED_QUESTIONS = [
    "main difference between pre-training and fine-tuning",
    "continuous pre-training aim to achieve",
    "instruction tuning designed to improve",
    "two key data preparation concerns",
    "What is RLHF",
]
EXAM_KINDS = {"multiple-choice", "multiple-response", "ordering", "matching", "case-study"}


@pytest.fixture(scope="module")
def deck():
    return load_deck([builtin_content()])


def test_objectives_and_concepts_follow_the_exam_guide(deck):
    assert [o.id for o in deck.objectives] == list(SEED_CONCEPTS)
    for objective, concepts in SEED_CONCEPTS.items():
        assert sorted(c.id for c in deck.concepts_of(objective)) == sorted(concepts)
    assert len(deck.concepts) == 13  # continuous pre-training is one concept in two objectives


def test_every_concept_is_complete_with_two_flashcards(deck):
    for concept in deck.concepts:
        assert concept.summary and concept.key_points and concept.example
        cards = [i for i in deck.items_of(concept.id) if isinstance(i, Flashcard)]
        assert len(cards) >= 2, concept.id


def test_misconceptions_from_the_exam_facts_are_present(deck):
    myths = " ".join(m.myth for c in deck.concepts for m in c.misconceptions).lower()
    for needle in ("labeled data", "change every day", "new facts", "dpo", "weights", "compresses",
                   "always better", "unrelated", "from scratch"):
        assert needle in myths, needle


def test_the_seed_quick_questions_are_open_questions_with_answers(deck):
    open_items = [i for i in deck.items if isinstance(i, OpenQuestion)]
    for question in SEED_QUESTIONS:
        [item] = [i for i in open_items if question.lower() in i.prompt.lower()]
        assert item.answer
    [concerns] = [i for i in open_items if "data preparation" in i.prompt]
    assert len(concerns.also_valid) == 3


def test_exam_questions_in_all_five_formats_spread_over_objectives(deck):
    exam = [i for i in deck.items if i.kind in EXAM_KINDS]
    questions = sum(len(i.questions) if isinstance(i, CaseStudy) else 1 for i in exam)
    assert questions >= 90
    assert {i.kind for i in exam} == EXAM_KINDS
    per_objective = Counter(o for i in exam for o in {o for c in i.concepts for o in deck.concept(c).objectives})
    assert all(per_objective[o] >= 10 for o in SEED_CONCEPTS), per_objective


def test_every_concept_has_six_exam_questions(deck):
    per_concept = Counter()
    for item in deck.items:
        if isinstance(item, CaseStudy):
            for question in item.questions:
                per_concept.update(question.concepts or item.concepts)
        elif item.kind in EXAM_KINDS:
            per_concept.update(item.concepts)
    thin = {c.id: per_concept[c.id] for c in deck.concepts if per_concept[c.id] < 6}
    assert not thin, thin


def test_facts_beyond_the_seed_carry_a_source(deck):
    services = ("Macie", "Ground Truth", "Lake Formation", "Lineage", "JSON Lines", "LoRA", "DPO", "Clarify",
                "Comprehend", "Provisioned Throughput", "JumpStart", "KMS", "Model Distillation")
    for item in deck.items:
        text = repr(item)
        if any(s in text for s in services):
            sources = item.sources or tuple(s for q in getattr(item, "questions", ()) for s in q.sources)
            concept_sources = tuple(s for c in item.concepts for s in deck.concept(c).sources)
            assert sources or concept_sources, item.id


def test_builtin_deck_passes_lint():
    """No answer giveaways (`fmprep validate --lint`): length cues, echoed stems, absolutes, repeats, weak
    explanations, numbered steps."""
    from fmprep.content import read_sources
    from fmprep.lint import id_places, lint

    sources, _ = read_sources([builtin_content()])
    findings = lint(load_deck([builtin_content()]), id_places(sources))
    assert not findings, "\n".join(str(f) for f in findings)
