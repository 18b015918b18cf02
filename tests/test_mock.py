"""The pure core of `fmprep mock`: drawing, taking, scoring, reviews and figures. Fixed clock, seeded randomness."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from hypothesis import given, settings, strategies as st

from fmprep import mock
from fmprep.deck import reviewables
from fmprep.errors import FmprepError
from fmprep.grading import Hint
from fmprep.content import load_deck
from fmprep.loader import parse_deck
from fmprep.exampolicy import ExamPolicy, exam_start
from fmprep.mockdata import ItemResult, MockRecord, ObjectiveResult
from fmprep.progress import CardState, Progress, encode, load_bytes
from fmprep.scheduler import Scheduler, to_seconds
from fmprep.session import QuizOptions, Session

from conftest import REPO

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
OBJECTIVES = ["training-elements", "fine-tuning-methods", "data-preparation"]


@pytest.fixture(scope="module")
def deck():
    return load_deck([REPO / "content"])


def objective_of(deck, unit):
    return deck.concept(unit.concepts[0]).objectives[0]


def counts(deck, units):
    return Counter(objective_of(deck, u) for u in units)


# -- small decks ----------------------------------------------------------------------------------------------

def small_deck(per_objective: dict[str, int], cases: tuple[tuple[str, ...], ...] = (), cards: int = 2):
    """Objectives with one concept each (``c-<objective>``) and that many multiple-choice questions (``<o>.mc<n>``,
    option 0 right); ``cases``: one case study per tuple, a multiple-choice question per objective listed
    (``case<k>.q<n>``); plus ``cards`` flashcards and one open question, which a mock never uses."""
    lines = ["objectives:"]
    lines += [f"  - {{id: {o}, title: Objective {o}}}" for o in per_objective]
    lines.append("concepts:")
    for o in per_objective:
        lines += [f"  - id: c-{o}", f"    title: Concept {o}", f"    objectives: [{o}]", "    summary: S.",
                  "    key_points: [P]", "    example: E."]
    first = f"c-{next(iter(per_objective))}"

    def choice(indent: str, item_id: str, concept: str) -> list[str]:
        return [f"{indent}- id: {item_id}", f"{indent}  kind: multiple-choice", f"{indent}  concepts: [{concept}]",
                f"{indent}  prompt: Which for {item_id}?", f"{indent}  options:",
                f"{indent}    - {{text: Right, correct: true, why: Yes.}}",
                f"{indent}    - {{text: Wrong one, correct: false, why: No.}}",
                f"{indent}    - {{text: Wrong two, correct: false, why: No.}}",
                f"{indent}    - {{text: Wrong three, correct: false, why: No.}}",
                f"{indent}  explanation: Because."]

    lines.append("items:")
    for o, n in per_objective.items():
        for i in range(n):
            lines += choice("  ", f"{o}.mc{i}", f"c-{o}")
    for k, objectives in enumerate(cases):
        lines += [f"  - id: case{k}", "    kind: case-study", f"    concepts: [c-{objectives[0]}]",
                  f"    title: Case {k}", "    scenario: A scenario.", "    questions:"]
        for n, o in enumerate(objectives):
            lines += choice("      ", f"case{k}.q{n}", f"c-{o}")
    for i in range(cards):
        lines += [f"  - id: card{i}", "    kind: flashcard", f"    concepts: [{first}]", "    front: F", "    back: B"]
    lines += ["  - id: open0", "    kind: open", f"    concepts: [{first}]", "    prompt: P", "    answer: A"]
    return parse_deck([("t.yaml", "\n".join(lines).encode())])


def blocks_are_whole(drawn):
    """Every case study's drawn questions are contiguous, in order, and its first ones."""
    for case in {u.case.id: u.case for u in drawn if u.case is not None}.values():
        positions = [n for n, u in enumerate(drawn) if u.case is case]
        ids = [drawn[n].id for n in positions]
        if positions != list(range(positions[0], positions[0] + len(positions))):
            return False
        if ids != [q.id for q in case.questions][:len(ids)]:
            return False
    return True


# -- what a mock is made of -----------------------------------------------------------------------------------

def test_exam_units_are_the_exam_style_questions_with_case_questions_one_by_one(deck):
    units = mock.exam_units(deck)
    expected = Counter()
    for item in deck.items:
        if item.kind not in ("flashcard", "open"):
            expected[item.kind] += len(item.questions) if item.kind == "case-study" else 1
    assert Counter(u.kind for u in units) == expected and len(units) >= 90
    assert set(expected) == {"multiple-choice", "multiple-response", "ordering", "matching", "case-study"}
    assert [u.id for u in units] == [u.id for u in reviewables(deck) if u.kind not in ("flashcard", "open")]
    per_objective = counts(deck, units)
    assert set(per_objective) == set(OBJECTIVES) and min(per_objective.values()) >= 10, per_objective


def test_default_minutes_keep_the_real_exams_pace():
    assert mock.default_minutes(20) == 28
    assert mock.default_minutes(65) == 90
    assert mock.default_minutes(mock.DEFAULT_QUESTIONS) == 28
    assert mock.default_minutes(10) == 14  # 13.8


# -- quotas -----------------------------------------------------------------------------------------------------

def test_quotas_are_proportional_by_largest_remainder():
    # shares 2.5, 1.5, 1.0: the whole parts, then the one left over to the first of the two largest remainders
    assert mock.quotas({"a": 5, "b": 3, "c": 2}, 5) == {"a": 3, "b": 1, "c": 1}
    assert mock.quotas({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}
    # shares 4.70, 2.77, 5.53 (rounding each would make 14): remainders .77 and .70 win
    assert mock.quotas({"t": 17, "f": 10, "d": 20}, 13) == {"t": 5, "f": 3, "d": 5}
    assert mock.quotas({"t": 17, "f": 10, "d": 20}, 20) == {"t": 7, "f": 4, "d": 9}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(1, 30), min_size=1, max_size=5), st.data())
def test_quotas_always_add_up_and_stay_within_one_of_the_exact_share(sizes, data):
    available = {f"o{i}": n for i, n in enumerate(sizes)}
    total = sum(sizes)
    questions = data.draw(st.integers(1, total))
    quota = mock.quotas(available, questions)
    assert sum(quota.values()) == questions
    for key, n in available.items():
        exact = questions * n / total
        assert exact - 1 < quota[key] < exact + 1 and quota[key] <= n


@pytest.mark.parametrize("questions", [13, 20, None])  # None: every exam-style question in the deck
def test_a_drawn_mock_meets_the_quotas_of_the_built_in_deck(deck, questions):
    available = counts(deck, mock.exam_units(deck))
    questions = questions or sum(available.values())
    expected = mock.quotas(available, questions)
    assert all(expected[o] > 0 for o in OBJECTIVES)
    for seed in range(10):
        drawn = mock.draw(deck, questions, random.Random(seed), {})
        assert counts(deck, drawn) == expected


# -- draw -------------------------------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.integers(1, 47), st.integers(0, 2**32))
def test_draw_returns_exactly_n_distinct_exam_units_with_whole_case_blocks(deck, questions, seed):
    drawn = mock.draw(deck, questions, random.Random(seed), {})
    ids = [u.id for u in drawn]
    assert len(ids) == questions and len(set(ids)) == questions
    assert all(u.kind in mock.EXAM_KINDS for u in drawn)
    assert blocks_are_whole(drawn)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(1, 8), min_size=1, max_size=4), st.data())
def test_without_case_studies_every_objective_gets_its_quota_exactly(sizes, data):
    small = small_deck({f"o{i}": n for i, n in enumerate(sizes)})
    questions = data.draw(st.integers(1, sum(sizes)))
    drawn = mock.draw(small, questions, random.Random(data.draw(st.integers(0, 99))), {})
    assert len({u.id for u in drawn}) == questions
    assert counts(small, drawn) == {k: v for k, v in mock.quotas(
        {f"o{i}": n for i, n in enumerate(sizes)}, questions).items() if v}


def test_units_never_seen_come_first_then_the_longest_ago():
    small = small_deck({"o": 10})
    ids = [u.id for u in mock.exam_units(small)]
    seen = {ids[0]: 300, ids[1]: 100, ids[2]: 200, ids[3]: 300, ids[4]: 300}
    for seed in range(20):
        drawn = {u.id for u in mock.draw(small, 7, random.Random(seed), seen)}
        assert drawn == set(ids[5:]) | {ids[1], ids[2]}


def test_units_equally_recent_are_chosen_at_random():
    small = small_deck({"o": 10})
    picks = {frozenset(u.id for u in mock.draw(small, 3, random.Random(seed), {})) for seed in range(20)}
    assert len(picks) > 10


def test_a_case_study_is_as_recent_as_its_most_recent_question():
    small = small_deck({"o": 2}, cases=(("o", "o"),))
    seen = {"case0.q1": 500, "o.mc0": 400, "o.mc1": 400}
    for seed in range(10):
        assert [u.id for u in mock.draw(small, 2, random.Random(seed), seen)] in (["o.mc0", "o.mc1"],
                                                                                   ["o.mc1", "o.mc0"])


def test_a_case_study_comes_as_one_block_and_only_its_first_questions_when_slots_run_out():
    small = small_deck({"o": 1}, cases=(("o", "o", "o"),))
    for seed in range(10):
        drawn = [u.id for u in mock.draw(small, 2, random.Random(seed), {"o.mc0": 100})]
        assert drawn == ["case0.q0", "case0.q1"]
        drawn = [u.id for u in mock.draw(small, 4, random.Random(seed), {})]
        assert drawn in (["o.mc0", "case0.q0", "case0.q1", "case0.q2"], ["case0.q0", "case0.q1", "case0.q2", "o.mc0"])


def test_a_case_study_mixing_objectives_takes_the_questions_its_quotas_allow_in_order():
    small = small_deck({"a": 3, "b": 3}, cases=(("a", "b", "a"),))
    seen = {f"{o}.mc{i}": 100 for o in "ab" for i in range(3)}  # the case first
    for seed in range(10):
        assert [u.id for u in mock.draw(small, 2, random.Random(seed), seen)] == ["case0.q0", "case0.q1"]  # 1 + 1
        drawn = mock.draw(small, 4, random.Random(seed), seen)  # quotas 2 and 2: the whole case, and one of b
        assert [u.id for u in drawn if u.case] == ["case0.q0", "case0.q1", "case0.q2"]
        assert counts(small, drawn) == {"a": 2, "b": 2}


def test_when_case_studies_make_the_quotas_impossible_the_mock_is_still_full():
    small = small_deck({"a": 0, "b": 2}, cases=(("b", "a"),))
    for seed in range(10):  # quotas a 1, b 2; a's only question follows a b question, and b is full
        drawn = mock.draw(small, 3, random.Random(seed), {"case0.q0": 100})
        assert sorted(u.id for u in drawn) == ["b.mc0", "b.mc1", "case0.q0"]


def test_the_exam_order_shuffles_blocks_and_keeps_case_studies_whole(deck):
    orders = set()
    for seed in range(30):
        drawn = mock.draw(deck, 47, random.Random(seed), {})
        assert blocks_are_whole(drawn) and len(drawn) == 47
        orders.add(tuple(u.id for u in drawn))
    assert len(orders) == 30


def test_units_seen_before_are_drawn_last_but_not_shown_last():
    small = small_deck({"o": 10})
    seen = {f"o.mc{i}": 100 for i in range(5)}
    first_half = set()
    for seed in range(20):
        first_half |= {u.id for u in mock.draw(small, 10, random.Random(seed), seen)[:5]}
    assert first_half & set(seen)


def test_a_section_test_keeps_to_one_objective_and_topics_to_their_concepts(deck):
    drawn = mock.draw(deck, 10, random.Random(1), {}, objective="fine-tuning-methods")
    assert {objective_of(deck, u) for u in drawn} == {"fine-tuning-methods"}
    on_topic = {u.id for u in mock.exam_units(deck) if {"rlhf", "distillation"} & set(u.concepts)}
    drawn = mock.draw(deck, len(on_topic), random.Random(1), {}, topics=("rlhf", "distillation"))
    assert {u.id for u in drawn} == on_topic
    with pytest.raises(FmprepError, match=f"has {len(on_topic)} exam-style questions"):
        mock.draw(deck, len(on_topic) + 1, random.Random(1), {}, topics=("rlhf", "distillation"))


# -- errors -----------------------------------------------------------------------------------------------------

def message(call) -> str:
    with pytest.raises(FmprepError) as info:
        call()
    return str(info.value)


def test_every_bad_request_says_what_to_do(deck):
    rng = random.Random(1)
    assert message(lambda: mock.draw(deck, 5, rng, {}, objective="nope")) == (
        "There is no objective 'nope'. The objectives are: training-elements, fine-tuning-methods, data-preparation.")
    text = message(lambda: mock.draw(deck, 5, rng, {}, topics=("rlhf", "nope")))
    assert text.startswith("There is no topic 'nope'. The topics are: pre-training, fine-tuning, ")
    assert "rlhf" in text and text.endswith("(`fmprep topics` describes them).")
    n = len(mock.exam_units(deck))
    assert message(lambda: mock.draw(deck, n + 1, rng, {})) == (
        f"The deck has {n} exam-style questions for this selection; ask for --questions {n} or fewer.")
    for bad in (0, -3):
        assert message(lambda: mock.draw(deck, bad, rng, {})) == (
            "A mock needs at least 1 question; ask for --questions 1 or more.")
    none = ("The deck has no exam-style questions (multiple choice, multiple response, ordering, matching or case "
            "study) for this selection; choose another objective or other topics, or add such questions to the deck.")
    assert message(lambda: mock.draw(small_deck({"o": 0}), 1, rng, {})) == none
    assert message(lambda: mock.draw(deck, 1, rng, {}, objective="training-elements", topics=("rlhf",))) == none
    assert message(lambda: mock.start_mock(deck, 5, 0, rng, T0, [])) == (
        "A mock needs at least 1 minute; ask for --minutes 1 or more.")
    assert message(lambda: mock.start_mock(deck, 0, None, rng, T0, [])) == (
        "A mock needs at least 1 question; ask for --questions 1 or more.")
    state = mock.start_mock(deck, 5, None, rng, T0, [])
    for bad in (5, -1):
        assert message(lambda: mock.go_to(state, bad)) == (
            f"There is no question {bad + 1}; this mock has questions 1 to 5.")
    gone = small_deck({"training-elements": 1})
    assert message(lambda: mock.finish_mock(gone, state, T0)) == (
        "None of this mock's questions are in the deck any more, so it cannot be scored. "
        "`fmprep mock --abandon` drops it; then `fmprep mock` starts a new one.")


# -- taking a mock ----------------------------------------------------------------------------------------------

def test_start_mock_draws_and_fixes_each_questions_shown_order(deck):
    state = mock.start_mock(deck, 20, None, random.Random(3), T0, [])
    assert state.started == to_seconds(T0) and state.limit == 28 * 60 and state.used == 0
    assert len(state.items) == 20 and state.position == 0 and not state.answers and not state.flags
    units = {u.id: u for u in mock.exam_units(deck)}
    for item, order in zip(state.items, state.orders):
        assert sorted(order) == list(range(mock._size(units[item].question)))
    assert len({tuple(o) for o in state.orders}) > 5  # shuffled, not all the same
    assert mock.start_mock(deck, 20, None, random.Random(3), T0, []) == state
    assert mock.start_mock(deck, 3, 7, random.Random(3), T0, [], objective="data-preparation",
                           topics=("rlhf",)).limit == 7 * 60


def test_the_next_mock_draws_the_units_of_earlier_mocks_last(deck):
    first = mock.start_mock(deck, 20, None, random.Random(1), T0, [])
    record = mock.finish_mock(deck, first, T0 + dt.timedelta(minutes=30))
    second = mock.start_mock(deck, 20, None, random.Random(2), T0 + dt.timedelta(days=1), [record])
    assert not set(first.items) & set(second.items)
    assert mock.last_seen_in([record]) == {item: to_seconds(T0) for item in first.items}


def test_last_seen_keeps_the_latest_mock_of_each_unit():
    def record(started, items):
        rows = tuple(ItemResult(i, False, False, None, 0.0) for i in items)
        return MockRecord(started, started + 60, 60, 60.0, 100, False, 0, len(rows), (), rows)

    assert mock.last_seen_in([record(200, ["a", "b"]), record(100, ["b", "c"]), record(300, ["c"])]) == {
        "a": 200, "b": 200, "c": 300}


def test_time_stops_counting_at_the_longest_duration_a_file_holds(deck):
    from fmprep.progress import MAX_SECONDS, Progress, encode, load_bytes

    state = mock.start_mock(deck, 3, 1, random.Random(1), T0, [])
    state.used, state.spent[state.items[0]] = MAX_SECONDS - 1, MAX_SECONDS - 2  # as a (valid) file may hold
    mock.add_time(state, 30, state.items[0])
    assert state.used == MAX_SECONDS and state.spent[state.items[0]] == MAX_SECONDS
    progress = Progress()
    progress.mocks.current = state
    assert load_bytes(encode(progress)).mocks.current == state


def test_time_answers_flags_and_moving_around(deck):
    state = mock.start_mock(deck, 3, 1, random.Random(1), T0, [])
    a, b, c = state.items
    mock.add_time(state, 20.5, a)
    mock.add_time(state, 4, None)  # on the review page
    mock.add_time(state, 10, a)
    assert state.used == 34.5 and state.spent == {a: 30.5} and mock.remaining_seconds(state) == 25.5
    mock.add_time(state, 30, b)
    assert mock.remaining_seconds(state) == 0
    mock.set_answer(state, a, (2,))
    mock.set_answer(state, b, [0, 1])
    mock.set_answer(state, b, [1])
    assert state.answers == {a: [2], b: [1]}
    assert mock.toggle_flag(state, c) is True and mock.toggle_flag(state, a) is True
    assert mock.toggle_flag(state, a) is False and state.flags == {c}
    assert mock.status(state) == mock.MockStatus(answered=2, unanswered=1, flagged=1)
    mock.clear_answer(state, b)
    mock.clear_answer(state, c)  # already unanswered: nothing to do
    assert state.answers == {a: [2]} and mock.status(state) == (1, 2, 1)
    assert mock.go_to(state, 2) == c and state.position == 2
    for call in (lambda: mock.set_answer(state, "elsewhere", [0]), lambda: mock.toggle_flag(state, "elsewhere"),
                 lambda: mock.clear_answer(state, "elsewhere"), lambda: mock.add_time(state, 1, "elsewhere"),
                 lambda: mock.add_time(state, -1, a)):
        with pytest.raises(ValueError):
            call()


def test_a_mock_in_progress_and_the_history_survive_the_file_exactly(deck):
    progress = Progress()
    done = mock.start_mock(deck, 10, None, random.Random(5), T0, [])
    mock.set_answer(done, done.items[0], [1])
    mock.add_time(done, 12.25, done.items[0])
    mock.toggle_flag(done, done.items[1])
    progress.mocks.history.append(mock.finish_mock(deck, done, T0 + dt.timedelta(minutes=20)))
    state = mock.start_mock(deck, 20, 30, random.Random(6), T0 + dt.timedelta(hours=1), progress.mocks.history,
                            objective=None, topics=())
    for n, item in enumerate(state.items[:6]):
        mock.set_answer(state, item, [n % 2])
        mock.add_time(state, 7.5 + n, item)
    mock.toggle_flag(state, state.items[3])
    mock.go_to(state, 4)
    progress.mocks.current = state
    again = load_bytes(encode(progress))
    assert again == progress
    assert again.mocks.current == state and again.mocks.current is not state
    assert again.mocks.history == progress.mocks.history


# -- answers ----------------------------------------------------------------------------------------------------

def choice_deck():
    return parse_deck([("t.yaml", (REPO / "tests" / "fixtures" / "quiz-deck.yaml").read_bytes())])


def test_stored_answers_are_in_the_questions_index_space_whatever_letters_were_shown():
    units = {u.id: u for u in reviewables(choice_deck())}
    mr, order, match = units["mr"].question, units["order"].question, units["match"].question
    shown = [4, 2, 0, 3, 1]  # a) is option 4, b) option 2, c) option 0 ...
    assert mock.stored_answer(mr, shown, {2, 4}) == [0, 1]  # picks c and e
    assert mock.stored_answer(mr, shown, "e c") == [0, 1]
    assert mock.stored_answer(mr, shown, "ce") == [0, 1]
    assert mock.stored_answer(mr, shown, set()) == Hint("Select 2 - you picked 0.")
    assert mock.stored_answer(mr, shown, "z") == Hint("'z' is not an option here; use the letters a to e.")
    mc = units["mc"].question
    assert mock.stored_answer(mc, [1, 0, 2, 3], "ab") == Hint(
        "Select 1 - you picked 2.")
    assert mock.stored_answer(order, [2, 0, 1], "bca") == [0, 1, 2]
    assert isinstance(mock.stored_answer(order, [2, 0, 1], "bc"), Hint)
    assert mock.stored_answer(match, [2, 0, 1], "1b 2c 3a") == [0, 1, 2]
    assert mock.stored_answer(match, [2, 0, 1], "1a 2a 3b") == [2, 2, 0]
    assert isinstance(mock.stored_answer(match, [2, 0, 1], "1a"), Hint)
    assert mock.answer_letters(mr, shown, [0, 1]) == "ce"
    assert mock.answer_letters(order, [2, 0, 1], [0, 1, 2]) == "bca"
    assert mock.answer_letters(match, [2, 0, 1], [2, 2, 0]) == "1a 2a 3b"


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_letters_of_a_stored_answer_read_back_as_the_same_answer(data):
    units = [u for u in reviewables(choice_deck()) if u.kind not in ("flashcard", "open")]
    question = data.draw(st.sampled_from(units)).question
    size = mock._size(question)
    order = data.draw(st.permutations(range(size)))
    if hasattr(question, "options"):
        need = question.right_count  # exactly as many picks as the question asks for
        answer = sorted(data.draw(st.sets(st.integers(0, size - 1), min_size=need, max_size=need)))
    elif hasattr(question, "steps"):
        answer = data.draw(st.permutations(range(size)))
    else:
        answer = data.draw(st.lists(st.integers(0, size - 1), min_size=size, max_size=size))
    assert mock.stored_answer(question, order, mock.answer_letters(question, order, answer)) == list(answer)


def test_each_question_is_all_or_nothing():
    units = {u.id: u for u in reviewables(choice_deck())}
    mc, mr = units["mc"].question, units["mr"].question
    order, match = units["order"].question, units["match"].question
    assert mock.is_correct(mc, [0]) and not mock.is_correct(mc, [1]) and not mock.is_correct(mc, None)
    assert mock.is_correct(mr, [0, 1]) and mock.is_correct(mr, [1, 0])
    assert not mock.is_correct(mr, [0, 1, 2])  # one wrong pick fails it
    assert not mock.is_correct(mr, [0])  # one right option missed fails it
    assert not mock.is_correct(mr, [0, 0, 1])
    assert mock.is_correct(order, [0, 1, 2]) and not mock.is_correct(order, [0, 2, 1])
    assert mock.is_correct(match, [0, 1, 2]) and not mock.is_correct(match, [0, 1, 1])
    assert not mock.is_correct(match, None) and not mock.is_correct(order, [])


# -- scoring ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("share, score", [(0, 100), (0.35, 400), (0.5, 529), (0.7, 700), (14 / 20, 700),
                                          (0.85, 850), (0.9, 900), (1, 1000), (13 / 20, 657), (15 / 20, 750)])
def test_scaled_score_is_two_straight_lines_through_100_700_and_1000(share, score):
    assert mock.scaled_score(share) == score


def test_scaled_score_refuses_shares_outside_0_to_1():
    for bad in (-0.01, 1.01):
        with pytest.raises(ValueError):
            mock.scaled_score(bad)


def finished(answers: dict[str, list[int]], flags=(), drop=()):
    """A 3-question mock of the quiz deck: mc, then the case study's two questions."""
    state = mock.MockState(to_seconds(T0), 600, ["mc", "case.q1", "case.q2"], [[0, 1, 2, 3], [3, 2, 1, 0], [2, 1, 0]])
    for item, answer in answers.items():
        mock.set_answer(state, item, answer)
    for item in flags:
        mock.toggle_flag(state, item)
    mock.add_time(state, 40, "mc")
    mock.add_time(state, 65.5, "case.q1")
    return state


def test_finish_scores_every_question_on_its_own_unanswered_is_wrong():
    deck = choice_deck()
    state = finished({"mc": [0], "case.q1": [1]}, flags=["case.q2"])
    record = mock.finish_mock(deck, state, T0 + dt.timedelta(minutes=9))
    assert record.items == (ItemResult("mc", True, False, (0,), 40), ItemResult("case.q1", False, False, (1,), 65.5),
                            ItemResult("case.q2", False, True, None, 0.0))
    assert (record.correct, record.questions, record.score, record.passed) == (1, 3, 386, False)
    assert record.objectives == (ObjectiveResult("obj", 1, 3),)
    assert (record.started, record.finished, record.limit, record.used) == (
        to_seconds(T0), to_seconds(T0) + 540, 600, 105.5)
    record = mock.finish_mock(deck, finished({"mc": [0], "case.q1": [0], "case.q2": [0, 1, 2]}), T0)
    assert (record.correct, record.score, record.passed) == (3, 1000, True)


def test_finish_drops_questions_that_left_the_deck_and_counts_per_objective(deck):
    state = mock.start_mock(deck, 20, None, random.Random(4), T0, [])
    state.items.append("gone.from.deck")
    state.orders.append([0, 1])
    units = {u.id: u for u in mock.exam_units(deck)}
    right = state.items[:14]
    for item in right:
        question = units[item].question
        answer = ([i for i, o in enumerate(question.options) if o.correct] if hasattr(question, "options")
                  else list(range(mock._size(question))))
        mock.set_answer(state, item, answer)
    mock.set_answer(state, "gone.from.deck", [0])
    record = mock.finish_mock(deck, state, T0)
    assert [row.item for row in record.items] == state.items[:20]
    assert (record.correct, record.questions, record.score, record.passed) == (14, 20, 700, True)
    expected = Counter(objective_of(deck, units[i]) for i in state.items[:20])
    good = Counter(objective_of(deck, units[i]) for i in right)
    assert record.objectives == tuple(ObjectiveResult(o, good[o], expected[o]) for o in OBJECTIVES)
    assert (record.objective, record.topics) == (None, ())


# -- reviews ----------------------------------------------------------------------------------------------------

def test_answered_questions_become_reviews_right_good_wrong_again_unanswered_none():
    deck = choice_deck()
    record = mock.finish_mock(deck, finished({"mc": [0], "case.q1": [1]}), T0)
    progress = Progress()
    assert mock.apply_reviews(progress, Scheduler(0.9, random.Random(1)), None, record, T0) == 2
    assert [(r.item, r.grade, r.ms, r.time) for r in progress.reviews] == [
        ("mc", 3, 40000, to_seconds(T0)), ("case.q1", 1, 65500, to_seconds(T0))]
    assert set(progress.cards) == {"mc", "case.q1"}


@pytest.mark.parametrize("exam_day", [None, "2026-11-30", "2026-11-20"])  # no date, ahead (caps), passed
def test_a_mock_answer_schedules_exactly_like_the_same_quiz_answer(exam_day):
    deck = choice_deck()
    units = {u.id: u for u in reviewables(deck)}
    record = mock.finish_mock(deck, finished({"mc": [0], "case.q1": [1], "case.q2": [0, 1, 2]}), T0)
    later = T0 + dt.timedelta(days=2)
    results = []
    for way in ("mock", "quiz"):
        progress = Progress()
        progress.cards["mc"] = CardState(2, None, 30.0, 5.0, to_seconds(later), to_seconds(T0 - dt.timedelta(days=28)))
        scheduler = Scheduler(0.9, random.Random(7))
        policy = None if exam_day is None else ExamPolicy(exam_start(exam_day, UTC), scheduler)
        if way == "mock":
            mock.apply_reviews(progress, scheduler, policy, record, later)
        else:
            session = Session(deck, progress, scheduler, QuizOptions(), later, later, policy)
            for row in record.items:
                session.answer(units[row.item], 3 if row.correct else 1, int(row.seconds * 1000), later, row.correct)
            progress = session.progress  # the session works on its own copy
        results.append((progress.cards, list(progress.reviews)))
    assert results[0] == results[1]
    day_before = to_seconds(exam_start("2026-11-29", UTC))
    assert (results[0][0]["mc"].due == day_before) == (exam_day == "2026-11-30")  # the cap, only while ahead


# -- figures ----------------------------------------------------------------------------------------------------

def record_of(correct: int, questions: int, finished_at: dt.datetime, missed=()) -> MockRecord:
    rows = tuple(ItemResult(f"q{n}", f"q{n}" not in missed, False, (0,), 1.0) for n in range(questions))
    share = correct / questions
    return MockRecord(to_seconds(finished_at) - 600, to_seconds(finished_at), 1680, 600.0, mock.scaled_score(share),
                      mock.scaled_score(share) >= mock.PASS_SCORE, correct, questions, (), rows)


def test_missed_in_last_lists_the_last_mocks_wrong_and_unanswered_questions():
    progress = Progress()
    assert mock.missed_in_last(progress) == []
    progress.mocks.history.append(record_of(3, 5, T0, missed={"q0", "q4"}))
    assert mock.missed_in_last(progress) == ["q0", "q4"]
    progress.mocks.history.append(record_of(4, 5, T0, missed={"q2"}))
    assert mock.missed_in_last(progress) == ["q2"]
    deck = choice_deck()
    progress.mocks.history.append(mock.finish_mock(deck, finished({"mc": [0], "case.q1": [1]}), T0))
    assert mock.missed_in_last(progress) == ["case.q1", "case.q2"]


def test_the_trend_has_one_row_per_mock_oldest_first():
    late = dt.datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    history = [record_of(10, 20, T0), record_of(15, 20, late)]
    assert mock.mock_trend(history) == [
        {"date": "2026-11-25", "score": 529, "passed": False, "correct": 10, "questions": 20},
        {"date": "2026-11-25", "score": 750, "passed": True, "correct": 15, "questions": 20}]
    assert mock.mock_trend(history, dt.timezone(dt.timedelta(hours=2)))[1]["date"] == "2026-11-26"
    assert mock.mock_trend([]) == []


def test_readiness_blends_the_model_with_the_last_three_mocks():
    assert mock.readiness_with_mocks(0.8, []) == {"recall": 0.8, "mock_questions": 0}
    one = [record_of(10, 20, T0)]
    assert mock.readiness_with_mocks(0.8, one) == {"recall": 0.65, "mock_questions": 20}  # (16 + 10) / 40
    four = [record_of(0, 20, T0), record_of(10, 20, T0), record_of(15, 20, T0), record_of(20, 20, T0)]
    assert mock.readiness_with_mocks(0.5, four) == {"recall": 0.6875, "mock_questions": 60}  # (10 + 45) / 80
    assert mock.readiness_with_mocks(0.9, [record_of(0, 65, T0)] * 3) == {"recall": round(18 / 215, 4),
                                                                         "mock_questions": 195}


def test_a_question_whose_options_changed_since_the_mock_began_is_left_out(deck):
    state = mock.start_mock(deck, 6, None, random.Random(2), T0, [])
    first, second = state.items[0], state.items[1]
    state.orders[0] = state.orders[0] + [len(state.orders[0])]  # as if the question had one option more then
    mock.set_answer(state, second, [0])
    units = mock.units_of(deck, state)
    assert first not in units and second in units
    record = mock.finish_mock(deck, state, T0)
    assert [row.item for row in record.items] == state.items[1:]  # scored without it, no crash
