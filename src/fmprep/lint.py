"""The deck lint: cues that give an answer away or leave a question unexplained. Pure: a Deck in, findings out.

Every rule is a small function ``rule(deck) -> list[Finding]``; :data:`RULES` lists them and :func:`lint` runs them
all. A finding names the item, the rule and one line with the figure behind it. The thresholds are the constants
below; the issue that asked for the lint (issue 14) set them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from fmprep.deck import CaseStudy, ChoiceQuestion, Deck, Flashcard, OpenQuestion, OrderingQuestion, reviewables

# -- thresholds -------------------------------------------------------------------------------------------------
LONGEST_LIMIT = 0.30  # share of single-choice questions whose right option is the longest (chance: 25%)
TWO_LONGEST_LIMIT = 0.60  # share whose right option is one of the two longest (chance: 50%)
SHORTEST_LIMIT = 0.30  # share whose right option is the shortest: the cue the other way (chance: 25%)
MIN_WHY_WORDS = 3  # an option's `why` or an item's explanation shorter than this explains nothing
MIN_WORD_LENGTH = 3  # shorter words are never counted as echoed content words

STOP_WORDS = frozenset("""
a about above after again against all also an and any are as at be because been before being below between both but
by can could did do does doing done down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just me more most my no nor not now of off on once only or other our out over own
same she should so some such than that the their them then there these they this those through to too under until up
very was we were what when where which while who whom why will with would you your yours
best better following true false choose select pick two three four statement describes describe explains explain
likely least use uses used using team company wants want needs need way one should would option options
""".split())
ABSOLUTES = frozenset("""
always never only all none every everything nothing must guaranteed guarantee guarantees completely
entirely totally impossible solely
""".split())
POSITIONAL = frozenset("""
first then again finally start starts started starting begin begins beginning next last lastly afterwards afterward
second third initially
""".split())
_WORD = re.compile(r"[^\W_]+")  # letters and digits of any script
IDS_NAMED = 10  # a deck-wide finding's message names this many items; --json gives them all


@dataclass(frozen=True)
class Finding:
    """One cue: the item it is in ("" for the deck as a whole), the rule, and a one-line message."""

    item: str
    rule: str
    message: str
    file: str = ""
    line: int = 0
    ids: tuple[str, ...] = ()  # a deck-wide finding's items (its message names the first few)

    @property
    def place(self) -> str:
        return f"{self.file}:{self.line}" if self.file else ""

    def __str__(self) -> str:
        where = f"{self.place}: " if self.place else ""
        return f"{where}{self.item or '(deck)'}: {self.rule}: {self.message}"

    def as_json(self) -> dict:
        found = {"id": self.item or None, "file": self.file or None, "line": self.line or None, "rule": self.rule,
                 "message": self.message}
        return {**found, "ids": list(self.ids)} if self.ids else found


# -- walking the deck -------------------------------------------------------------------------------------------
def questions(deck: Deck) -> Iterator[tuple[object, CaseStudy | None]]:
    """Every item that asks something, with its case study (questions of a case study one by one)."""
    return ((unit.question, unit.case) for unit in reviewables(deck))


def choices(deck: Deck, multiple: bool | None = None) -> Iterator[tuple[ChoiceQuestion, CaseStudy | None]]:
    for question, case in questions(deck):
        if isinstance(question, ChoiceQuestion) and multiple in (None, question.multiple):
            yield question, case


def stem(word: str) -> str:
    """A crude stem: lower-case, without a plural -s, -ing, -ed or a final -e (``trading`` -> ``trad``, ``domains`` -> ``domain``)."""
    word = word.lower()
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_WORD_LENGTH and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    return word[:-1] if word.endswith("e") and len(word) > MIN_WORD_LENGTH else word  # tune, tuned, tuning -> tun


def words(text: str) -> list[str]:
    """The words of a text, lower-case (hyphenated words split: ``energy-trading`` -> ``energy``, ``trading``)."""
    return _WORD.findall(text.lower())


def content_stems(text: str) -> dict[str, str]:
    """The content words of a text (no stop words, none too short), by their stem -> the word as first written."""
    out: dict[str, str] = {}
    for word in words(text):
        if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS and not word.isdigit():
            out.setdefault(stem(word), word)
    return out


def normalized(text: str) -> str:
    return " ".join(words(text))


def _share(n: int, total: int) -> str:
    return f"{n} of {total} ({n / total:.0%})" if total else "0 of 0"


# -- the rules --------------------------------------------------------------------------------------------------
def length_rank(question: ChoiceQuestion) -> int:
    """How many wrong options are longer than the (single) right one: 0 = the right one is the longest (a tie
    counts as the longest: a learner who picks the longest option still has it among the candidates)."""
    right = next(len(o.text) for o in question.options if o.correct)
    return sum(len(o.text) > right for o in question.options if not o.correct)


def is_shortest(question: ChoiceQuestion) -> bool:
    """The (single) right option is no longer than any wrong one (a tie counts as the shortest)."""
    right = next(len(o.text) for o in question.options if o.correct)
    return right <= min(len(o.text) for o in question.options if not o.correct)


def length_bias(deck: Deck) -> list[Finding]:
    """The right option is the longest (or the shortest) too often, or every right option of a multiple-response
    question is longer than every wrong one."""
    findings = []
    single = [q for q, _ in choices(deck, multiple=False)]
    longest = [q.id for q in single if length_rank(q) == 0]
    two = [q.id for q in single if length_rank(q) <= 1]
    shortest = [q.id for q in single if is_shortest(q)]
    for ids, limit, what in ((longest, LONGEST_LIMIT, "the longest"), (two, TWO_LONGEST_LIMIT, "one of the two longest"),
                             (shortest, SHORTEST_LIMIT, "the shortest")):
        if single and len(ids) / len(single) > limit:
            named = ", ".join(ids[:IDS_NAMED]) + (f" and {len(ids) - IDS_NAMED} more (--json lists them)"
                                                  if len(ids) > IDS_NAMED else "")
            findings.append(Finding("", "length-bias", f"the right option is {what} in {_share(len(ids), len(single))} "
                                                       f"single-choice questions (limit {limit:.0%}): {named}",
                                    ids=tuple(ids)))
    for question, _ in choices(deck, multiple=True):
        right = [len(o.text) for o in question.options if o.correct]
        wrong = [len(o.text) for o in question.options if not o.correct]
        if min(right) > max(wrong):
            findings.append(Finding(question.id, "length-bias", f"every right option is longer than every wrong one "
                                                                f"(shortest right {min(right)} characters, longest wrong {max(wrong)})"))
    return findings


def length_figures(deck: Deck) -> dict:
    """The length figures the lint judges, for the summary: single-choice questions and how many have the right
    option the longest / one of the two longest."""
    single = [q for q, _ in choices(deck, multiple=False)]
    return {"single_choice": len(single), "right_longest": sum(length_rank(q) == 0 for q in single),
            "right_two_longest": sum(length_rank(q) <= 1 for q in single),
            "right_shortest": sum(is_shortest(q) for q in single),
            "longest_limit": LONGEST_LIMIT, "two_longest_limit": TWO_LONGEST_LIMIT, "shortest_limit": SHORTEST_LIMIT}


def stem_echo(deck: Deck) -> list[Finding]:
    """Content words of the stem (the prompt and a case study's scenario) found in a right option and in no wrong one."""
    findings = []
    for question, case in choices(deck):
        stem_words = content_stems(question.prompt + ("\n" + case.scenario if case else ""))
        right: set[str] = set().union(*(content_stems(o.text) for o in question.options if o.correct))
        wrong: set[str] = set().union(*(content_stems(o.text) for o in question.options if not o.correct))
        echoed = [word for key, word in stem_words.items() if key in right and key not in wrong]
        if echoed:
            findings.append(Finding(question.id, "stem-echo", f"the stem's {', '.join(repr(w) for w in echoed)} "
                                                              f"appear{'s' if len(echoed) == 1 else ''} in the right option and in no wrong one"))
    return findings


def absolutes(deck: Deck) -> list[Finding]:
    """Absolute words (always, never, only...) in wrong options while no right option has one."""
    findings = []
    for question, _ in choices(deck):
        found = [(o, sorted(set(words(o.text)) & ABSOLUTES)) for o in question.options]
        if any(hits for o, hits in found if o.correct):
            continue
        wrong = [hits for o, hits in found if not o.correct and hits]
        if wrong:
            named = sorted({w for hits in wrong for w in hits})
            findings.append(Finding(question.id, "absolutes", f"{len(wrong)} wrong option{'s say' if len(wrong) != 1 else ' says'} "
                                                              f"{', '.join(repr(w) for w in named)} and no right option does"))
    return findings


def prompt_of(item) -> str:
    if isinstance(item, Flashcard):
        return item.front
    return getattr(item, "prompt", "")


def duplicate_prompts(deck: Deck) -> list[Finding]:
    """Two items that ask the same thing (prompts and flashcard fronts compared as lower-case words; a case-study
    question is compared with its scenario, so two cases may both ask "Which technique fits?")."""
    findings = []
    seen: dict[str, str] = {}
    for question, case in questions(deck):
        text = normalized(prompt_of(question))
        if not text:
            continue
        key = (normalized(case.scenario) + " | " if case else "") + text
        if key in seen:
            findings.append(Finding(question.id, "duplicate-prompt", f"asks the same as {seen[key]}: '{prompt_of(question)}'"))
        else:
            seen[key] = question.id
    return findings


def _weak(text: str | None) -> bool:
    if not text or not text.strip():
        return True
    return len(words(text)) < MIN_WHY_WORDS  # "Correct.", "No.", "See above"


def missing_explanations(deck: Deck) -> list[Finding]:
    """Options without a real `why`, and questions without a real explanation (missing, empty, "Correct.", or fewer
    than :data:`MIN_WHY_WORDS` words), or whose options share one `why`."""
    findings = []
    for question, _ in questions(deck):
        if isinstance(question, (Flashcard, OpenQuestion)):
            continue
        if _weak(getattr(question, "explanation", None)):
            findings.append(Finding(question.id, "no-explanation", f"the explanation says too little: "
                                                                   f"'{getattr(question, 'explanation', '') or ''}'"))
        if isinstance(question, ChoiceQuestion):
            weak = [o.text for o in question.options if _weak(o.why)]
            if weak:
                findings.append(Finding(question.id, "no-why", f"{len(weak)} option{'s' if len(weak) != 1 else ''} "
                                                               f"without a real why: {', '.join(repr(t) for t in weak)}"))
            whys = [normalized(o.why) for o in question.options]
            if len(set(whys)) < len(whys):
                findings.append(Finding(question.id, "no-why", "two options give the same why; say why each is right or wrong"))
    return findings


def positional_steps(deck: Deck) -> list[Finding]:
    """Ordering steps that name their own position ("first", "then", "again", "finally", "start...", "next")."""
    findings = []
    for question, _ in questions(deck):
        if not isinstance(question, OrderingQuestion):
            continue
        for n, step in enumerate(question.steps, 1):
            hits = sorted(set(words(step)) & POSITIONAL)
            if hits:
                findings.append(Finding(question.id, "positional-step", f"step {n} names its position "
                                                                        f"({', '.join(repr(h) for h in hits)}): '{step}'"))
    return findings


Rule = Callable[[Deck], list[Finding]]
RULES: tuple[Rule, ...] = (length_bias, stem_echo, absolutes, duplicate_prompts, missing_explanations, positional_steps)


def lint(deck: Deck, places: dict[str, tuple[str, int]] | None = None, rules: Iterable[Rule] = RULES) -> list[Finding]:
    """Every finding of every rule, each placed at its item's file and line when ``places`` knows it."""
    places = places or {}
    out = []
    for rule in rules:
        for finding in rule(deck):
            file, line = places.get(finding.item, ("", 0))
            out.append(Finding(finding.item, finding.rule, finding.message, file, line, finding.ids))
    return out


def id_places(sources: Iterable[tuple[str, bytes]]) -> dict[str, tuple[str, int]]:
    """Where each id is declared: id -> (file, line), read from the YAML (the deck model keeps no places)."""
    from fmprep.yamltree import read_yaml

    places: dict[str, tuple[str, int]] = {}
    for name, data in sources:
        root, _ = read_yaml(data, name)
        todo = [root] if root is not None else []
        while todo:
            node = todo.pop()
            if node.kind == "mapping":
                ident = node.value.get("id")
                if ident is not None and ident.kind == "text":
                    places.setdefault(ident.value.strip(), (name, node.line))
                todo.extend(node.value.values())
            elif node.kind == "list":
                todo.extend(node.value)
    return places
