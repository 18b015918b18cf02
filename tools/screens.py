"""Pictures of fmprep's real screens for the README, drawn by Rich from a scripted session.

    python tools/screens.py            # writes docs/screens/*.svg (overwriting) and prints their paths
    python tools/screens.py OUT_DIR    # somewhere else

Nothing here draws a screen of its own: the quiz and the practice exam are the real ``QuizScreen`` and
``MockScreen``, driven by a scripted learner (a keys object that presses keys) and shown by the real
``FullScreen`` at 80 x 24, whose last frame is what the picture shows; the mock result, ``stats`` and ``topics``
are the commands' own views of the figures the commands compute. The learner is simulated with fmprep's own
``Session`` and ``fmprep.mock`` over three weeks, with the built-in deck (``content/``).

Deterministic: a fixed clock (explicit datetimes, UTC as the learner's time zone), seeded ``random.Random``s,
no environment read. Nothing is written but the pictures: no progress file, no deck cache, nothing in the home
folder. The pictures are in colour, as a learner's terminal shows them (``make_console``'s settings with a
true-colour terminal forced).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
from collections import deque
from pathlib import Path
from typing import Callable, Optional

REPO = Path(__file__).resolve().parent.parent
if str(REPO / "src") not in sys.path:  # this checkout's fmprep
    sys.path.insert(0, str(REPO / "src"))

from rich.console import Console  # noqa: E402
from rich.text import Text  # noqa: E402

from fmprep import mock, stats  # noqa: E402
from fmprep.content import load_deck  # noqa: E402
from fmprep.deck import ChoiceQuestion, Deck, Flashcard, OpenQuestion, Reviewable, reviewables  # noqa: E402
from fmprep.display import Frame, FullScreen  # noqa: E402
from fmprep.exampolicy import policy_for  # noqa: E402
from fmprep.grading import LETTERS  # noqa: E402
from fmprep.keys import EndOfInput  # noqa: E402
from fmprep.mockscreen import SUBMITTED, MockScreen  # noqa: E402
from fmprep.mockdata import MockRecord  # noqa: E402
from fmprep.progress import Progress  # noqa: E402
from fmprep.quizscreen import QuizScreen  # noqa: E402
from fmprep.scheduler import Grade, Scheduler, retrievability  # noqa: E402
from fmprep.session import QuizOptions, Session  # noqa: E402
from fmprep.workload import DEFAULT_NEW_PER_DAY, day_start  # noqa: E402

OUT = REPO / "docs" / "screens"
CONTENT = REPO / "content"
WIDTH, HEIGHT = 80, 24
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday; the learner's time zone is UTC
EXAM_DATE = "2026-12-03"  # eight days ahead: inside the 14-day forecast
STUDY_DAYS = 21  # the learner studied on the days before NOW...
SKIPPED = {19, 15, 9}  # ...but for these (days before NOW)
MOCK_DAYS = {12, 4}  # and took a 20-question practice exam on these
NEW_PER_DAY = 5  # the learner's --new
SEED = 3303


# -- the console ------------------------------------------------------------------------------------------------

def recording_console() -> Console:
    """``make_console(file=io.StringIO(), width=80, record=True)``, with colour on: the same settings (markup,
    emoji and highlighting off, no soft wrap) on a true-colour terminal; nothing read from the environment
    (``NO_COLOR``, ``COLUMNS``, ``TERM``) so that the pictures are the same everywhere."""
    return Console(file=io.StringIO(), width=WIDTH, height=HEIGHT, record=True, markup=False, emoji=False,
                   highlight=False, soft_wrap=False, force_terminal=True, color_system="truecolor", no_color=False,
                   legacy_windows=False)


class Screen(FullScreen):
    """The real full screen at 80 x 24; what it would write to the terminal is kept (``rows``), not written."""

    def __init__(self) -> None:
        super().__init__(recording_console(), fd=-1)
        self.written = ""

    def size(self) -> tuple[int, int]:
        return WIDTH, HEIGHT

    def _write(self, data: str) -> None:
        self.written = data

    def rows(self) -> list[str]:
        """The rows of the last frame, as the terminal shows them (with their colour codes)."""
        data = self.written
        start, end = "\x1b[H", "\x1b[K\x1b[J"
        assert data.startswith(start) and data.endswith(end), "FullScreen.show writes frames differently now"
        return data[len(start):-len(end)].split("\x1b[K\r\n")


def save_rows(rows: list[str], path: Path, title: str) -> Path:
    """A terminal's rows (with colour codes) as an SVG picture."""
    console = recording_console()
    for row in rows:
        console.print(Text.from_ansi(row), no_wrap=True, overflow="crop", crop=True)
    console.save_svg(str(path), title=title)
    return path


def save_renderable(renderable, path: Path, title: str) -> Path:
    """What a command prints, as an SVG picture."""
    console = recording_console()
    console.print(renderable)
    console.save_svg(str(path), title=title)
    return path


# -- answers -------------------------------------------------------------------------------------------------------

def right_answer(question, order) -> list[int]:
    """The right answer in the question's index space (as ``fmprep.mock`` stores answers)."""
    if isinstance(question, ChoiceQuestion):
        return [i for i, option in enumerate(question.options) if option.correct]
    return list(range(len(order)))


def wrong_answer(question, order) -> list[int]:
    """A wrong answer: the first right option swapped for the first wrong one (a choice), or the first two steps or answers swapped."""
    if isinstance(question, ChoiceQuestion):
        right = [i for i, option in enumerate(question.options) if option.correct]
        first_wrong = next(i for i, option in enumerate(question.options) if not option.correct)
        return sorted(right[1:] + [first_wrong])  # as many picks as asked for, one of them wrong
    answer = list(range(len(order)))
    answer[0], answer[1] = answer[1], answer[0]
    return answer


def typed(question, order, answer: list[int]) -> list[str]:
    """The keys that type an answer (a choice: its letters; an ordering or matching: the letters or pairs)."""
    letters = mock.answer_letters(question, order, answer)
    return ["space" if c == " " else c for c in letters]


# -- the simulated learner ----------------------------------------------------------------------------------------

def recall(rng: random.Random, ease: float, card, now: dt.datetime) -> bool:
    """Whether the learner gets an item right: with its predicted recall (a new one: even odds), made a little
    harder or easier per item."""
    return rng.random() < (retrievability(card, now) if card is not None else 0.5) * ease


def study_day(deck: Deck, progress: Progress, scheduler: Scheduler, rng: random.Random, ease: dict[str, float],
              now: dt.datetime) -> Progress:
    """A quiz session as `fmprep quiz --new 5` runs it, answered by the simulated learner."""
    policy = policy_for(progress.exam_date, scheduler, UTC)
    session = Session(deck, progress, scheduler, QuizOptions(new_per_day=NEW_PER_DAY), now, day_start(now, UTC),
                      policy)
    while (unit := session.next(now)) is not None:
        right = recall(rng, ease[unit.id], session.progress.cards.get(unit.id), now)
        if unit.question.kind.exam_style:
            grade = Grade.for_exam_answer(right)
        else:
            grade = rng.choices((Grade.HARD, Grade.GOOD, Grade.EASY), (15, 70, 15))[0] if right else Grade.AGAIN
        seconds = rng.randrange(6, 70)
        session.answer(unit, grade, seconds * 1000, now, right)
        now += dt.timedelta(seconds=seconds + rng.randrange(2, 6))
    return session.progress


def practice_exam(deck: Deck, progress: Progress, scheduler: Scheduler, rng: random.Random,
                  ease: dict[str, float], now: dt.datetime) -> MockRecord:
    """A 20-question `fmprep mock`, answered by the simulated learner, scored and kept as the command does."""
    state = mock.start_mock(deck, mock.DEFAULT_QUESTIONS, None, rng, now, progress.mocks.history)
    units = {u.id: u for u in mock.exam_units(deck)}
    for item, order in zip(state.items, state.orders):
        question = units[item].question
        right = recall(rng, ease[item], progress.cards.get(item), now)
        mock.set_answer(state, item, right_answer(question, order) if right else wrong_answer(question, order))
        mock.add_time(state, rng.randrange(30, 90), item)
    finished = now + dt.timedelta(seconds=state.used)
    record = mock.finish_mock(deck, state, finished)
    mock.apply_reviews(progress, scheduler, policy_for(progress.exam_date, scheduler, UTC), record, finished)
    progress.mocks.history.append(record)
    return record


def learner(deck: Deck) -> Progress:
    """Three weeks of study ending yesterday, with the exam booked for EXAM_DATE and two practice exams."""
    rng = random.Random(SEED)
    scheduler = Scheduler(rng=random.Random(SEED + 1))
    ease = {u.id: rng.uniform(0.8, 1.0) for u in reviewables(deck)}
    progress = Progress(exam_date=EXAM_DATE)
    for before in range(STUDY_DAYS, 0, -1):
        if before in SKIPPED:
            continue
        start = (NOW - dt.timedelta(days=before)).replace(hour=18, minute=rng.randrange(0, 50))
        progress = study_day(deck, progress, scheduler, rng, ease, start)
        if before in MOCK_DAYS:
            practice_exam(deck, progress, scheduler, rng, ease, start + dt.timedelta(hours=1, minutes=30))
    return progress


# -- keys ----------------------------------------------------------------------------------------------------------

class Snap:
    """In a list of keys: keep the screen as it is now (before the next key) under ``name``."""

    def __init__(self, name: str):
        self.name = name


END = object()  # in a list of keys: input ends here


class ScriptedKeys:
    """A terminal's keys (``interactive``) pressed by a script: whenever ``page()`` changes (a new item or
    question on screen), ``plan()`` gives the keys for it; ``Snap`` entries keep the screen (the last frame drawn)
    in ``snaps``; when the keys run out (or at ``END``), input ends."""

    interactive = True

    def __init__(self, screen: Screen, page: Callable[[], object], plan: Callable[[], list],
                 on_key: Callable[[], None] = lambda: None):
        self.screen = screen
        self.page = page
        self.plan = plan
        self.on_key = on_key
        self.seen: object = None
        self.pending: deque = deque()
        self.snaps: dict[str, list[str]] = {}

    def key(self, timeout: Optional[float] = None) -> str:
        if self.page() != self.seen:
            self.seen = self.page()
            self.pending = deque(self.plan())
        while self.pending and isinstance(self.pending[0], Snap):
            self.snaps[self.pending.popleft().name] = self.screen.rows()
        if not self.pending or self.pending[0] is END:
            raise EndOfInput
        self.on_key()
        return self.pending.popleft()


class ShuffleRecorder(random.Random):
    """A ``random.Random`` that remembers its last shuffle: the order a quiz item's options are shown in."""

    last: list = []

    def shuffle(self, x) -> None:  # type: ignore[override]
        super().shuffle(x)
        self.last = list(x)


# -- the pictures ---------------------------------------------------------------------------------------------------

def quiz_screens(deck: Deck, progress: Progress) -> dict[str, list[str]]:
    """`fmprep quiz` today: the learner answers until a multiple-choice item comes (kept, then a wrong pick and its
    feedback kept), then until a flashcard with four different intervals comes (revealed and kept)."""
    from fmprep.commands.common import days
    from fmprep.views import quiz as quiz_view

    scheduler = Scheduler(rng=random.Random(SEED + 2))
    session = Session(deck, progress, scheduler, QuizOptions(), NOW, day_start(NOW, UTC),
                      policy_for(progress.exam_date, scheduler, UTC))
    banner = f"exam in {days(session.policy.days_left(NOW))}" if session.policy is not None else ""
    shuffles = ShuffleRecorder(SEED + 3)
    rng = random.Random(SEED + 4)
    display = Screen()
    wanted = deque(["choice", "flashcard"])

    def plan() -> list:
        unit: Reviewable = session.last
        question = unit.question
        if isinstance(question, (Flashcard, OpenQuestion)):
            spans = {quiz_view.interval(span) for span in session.preview(unit, NOW).values()}
            if wanted and wanted[0] == "flashcard" and isinstance(question, Flashcard) and len(spans) == 4:
                wanted.popleft()
                return ["space", Snap("quiz-flashcard"), END]
            return ["space", rng.choice("1333334")]
        order = shuffles.last
        right = rng.random() < 0.8
        if isinstance(question, ChoiceQuestion):
            if (wanted and wanted[0] == "choice" and unit.case is None and question.right_count == 1
                    and len(question.options) == 4):
                wanted.popleft()
                wrong = typed(question, order, wrong_answer(question, order))
                return [Snap("quiz-choice"), *wrong, "enter", Snap("quiz-feedback"), "space"]
            answer = right_answer(question, order) if right else wrong_answer(question, order)
            return [*typed(question, order, answer), "enter", "space"]
        answer = right_answer(question, order) if right else wrong_answer(question, order)
        return [*typed(question, order, answer), "enter", "space"]

    keys = ScriptedKeys(display, lambda: quiz.frame.item, plan)  # a new item on screen: its keys
    quiz = QuizScreen(session, deck, display, keys, lambda: NOW, shuffles, lambda: None, banner)
    quiz.run()
    missing = {"quiz-choice", "quiz-feedback", "quiz-flashcard"} - set(keys.snaps)
    if missing:
        raise RuntimeError(f"the scripted quiz never showed {sorted(missing)}")
    return keys.snaps


class Stopwatch:
    """A monotonic clock for the practice exam that the script moves on."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def mock_screens(deck: Deck, progress: Progress) -> tuple[dict[str, list[str]], MockRecord]:
    """`fmprep mock` today: 20 questions; on question 6 (or the first choice question after it) one option is
    picked and the question flagged (kept); questions 4 and 11 answered wrong, 8 left unanswered, 13 flagged; then
    submitted. Returns the kept screen and the scored exam."""
    rng = random.Random(SEED + 5)
    state = mock.start_mock(deck, mock.DEFAULT_QUESTIONS, None, rng, NOW, progress.mocks.history)
    display = Screen()
    clock = Stopwatch()
    wrong, unanswered, flagged = {4, 11}, {8}, {13}
    kept = []

    def plan() -> list:
        number = state.position + 1
        unit = exam.unit(exam.current())
        question, order = unit.question, state.orders[state.position]
        last = number == len(state.items)
        move = ["s", "y"] if last else ["right"]
        clock.seconds += rng.randrange(35, 80)  # reading the question
        if not kept and number >= 6 and isinstance(question, ChoiceQuestion) and question.right_count == 1:
            kept.append(number)
            pick = typed(question, order, right_answer(question, order))
            return [*pick, "m", Snap("mock-question"), *move]
        if number in unanswered:
            return move
        answer = wrong_answer(question, order) if number in wrong else right_answer(question, order)
        pressed = typed(question, order, answer)
        if not isinstance(question, ChoiceQuestion):
            pressed = ["enter", *pressed, "enter"]  # type the ordering or matching, Enter saves it
        return [*pressed, *(["m"] if number in flagged else []), *move]

    def on_key() -> None:
        clock.seconds += 2

    keys = ScriptedKeys(display, lambda: state.position, plan, on_key)  # a new question: its keys
    exam = MockScreen(state, deck, display, keys, lambda: None, clock)
    outcome = exam.run()
    if outcome != SUBMITTED or "mock-question" not in keys.snaps:
        raise RuntimeError(f"the scripted practice exam ended {outcome!r} with {sorted(keys.snaps)} kept")
    record = mock.finish_mock(deck, state, NOW + dt.timedelta(seconds=state.used))
    return keys.snaps, record


def mock_result(deck: Deck, record: MockRecord):
    """The report `fmprep mock` prints when an exam is submitted."""
    from fmprep.views import mock as view

    titles = {o.id: o.title for o in deck.objectives}
    kinds = {u.id: u.question.kind.title for u in mock.exam_units(deck)}
    return view.result(record, titles, kinds)


def stats_report(deck: Deck, progress: Progress):
    """`fmprep stats`, as the command computes and shows it."""
    from fmprep.views.stats import report

    policy = policy_for(progress.exam_date, Scheduler(rng=random.Random(0)), UTC)
    return report(stats.compute(deck, progress, NOW, UTC, policy, DEFAULT_NEW_PER_DAY))


def topics_overview(deck: Deck, progress: Progress):
    """`fmprep topics`, as the command computes and shows it."""
    from fmprep.commands.topics import topic_figures
    from fmprep.views.topics import overview

    rows = topic_figures(deck, progress, NOW)
    return overview(deck, rows, sum(r["items"] for r in rows.values()))


def main(out: Path = OUT) -> list[Path]:
    """Write every picture into ``out`` (made if need be); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    deck = load_deck([CONTENT])  # no cache folder: nothing is written
    progress = learner(deck)
    quiz = quiz_screens(deck, progress)
    exam, record = mock_screens(deck, progress)
    return [
        save_rows(quiz["quiz-choice"], out / "quiz-choice.svg", "fmprep quiz"),
        save_rows(quiz["quiz-feedback"], out / "quiz-feedback.svg", "fmprep quiz"),
        save_rows(quiz["quiz-flashcard"], out / "quiz-flashcard.svg", "fmprep quiz"),
        save_rows(exam["mock-question"], out / "mock-question.svg", "fmprep mock"),
        save_renderable(mock_result(deck, record), out / "mock-result.svg", "fmprep mock"),
        save_renderable(stats_report(deck, progress), out / "stats.svg", "fmprep stats"),
        save_renderable(topics_overview(deck, progress), out / "topics.svg", "fmprep topics"),
    ]


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path)
