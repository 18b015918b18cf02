"""The Rich views at 40, 60, 80, 120 and 200 columns: nothing overflows, no word is broken, nothing is dropped
that matters, the exam day is marked, the heatmap has 7 rows, and content cannot drive the terminal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from fmprep import stats
from fmprep.console import MEASURE, make_console
from fmprep.deck import Deck, Misconception, reviewables
from fmprep.content import load_deck
from fmprep.exampolicy import ExamPolicy, exam_start
from fmprep.progress import CardState, Progress, Review
from fmprep.scheduler import Scheduler, to_seconds
from fmprep.views import Col, fit_table
from fmprep.views import backups as backups_view
from fmprep.views import stats as stats_view
from fmprep.views import summary as summary_view
from fmprep.views import topics as topics_view

from conftest import REPO

WIDTHS = (40, 60, 80, 120, 200)
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
EXAM_INSIDE = "2026-12-01"  # day 6 of the 14-day forecast
EXAM_OUTSIDE = "2026-12-20"
EVIL = "Evil \x1b[2J title \x1b]52;c;aGk=\x07 [link=https://x]y[/link] :warning: end"
HEAT = "·░▒▓█"
VIEWS_DIR = REPO / "src" / "fmprep" / "views"


# ---------------------------------------------------------------- helpers

def render(renderable, width: int) -> str:
    console = make_console(file=io.StringIO(), width=width)
    console.print(renderable)
    return console.file.getvalue()


def _strip(token: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", token)


def words(*texts: str) -> set[str]:
    return {_strip(t) for text in texts for t in str(text).split()} - {""}


class Vocabulary:
    """The words a rendering may show: those of its source texts and the views' own labels.

    A rendered token is whole when it is one of them, or a run of one of them that starts and ends at a
    non-letter boundary (a URL or id broken after a '/', '.' or '-'); a word cut mid-letters never is.
    """

    LABELS = words(*(p.read_text() for p in VIEWS_DIR.glob("*.py")))

    def __init__(self, *texts: str):
        self.words = words(*texts) | self.LABELS
        self.words |= {w + "s" for w in self.words}  # plural() adds an s
        self.compound = [w for w in self.words if re.search(r"[\W_]", w)]

    def whole(self, token: str) -> bool:
        if token in self.words:
            return True
        for source in self.compound:
            start = source.find(token)
            while start != -1:
                end = start + len(token)
                if (start == 0 or not source[start - 1].isalnum()) and (end == len(source) or not source[end].isalnum()):
                    return True
                start = source.find(token, start + 1)
        return False


def check_fits(out: str, width: int) -> None:
    for line in out.splitlines():
        assert cell_len(line) <= width, f"{cell_len(line)} > {width}: {line!r}"


def check_words(out: str, vocabulary: Vocabulary) -> None:
    broken = [t for t in (_strip(raw) for raw in out.split()) if any(c.isalpha() for c in t)
              and not vocabulary.whole(t)]
    assert not broken, f"broken or unknown words: {broken[:10]}"


def check_measure(out: str, width: int) -> None:
    """Wide consoles are capped at MEASURE; narrower ones are used in full by something."""
    longest = max(cell_len(line) for line in out.splitlines())
    assert longest <= min(width, MEASURE)


def all_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in all_strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in all_strings(v)]
    return []


# ---------------------------------------------------------------- data

@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck([REPO / "content"])


def deck_texts(deck: Deck) -> list[str]:
    out = [o.title for o in deck.objectives]
    for c in deck.concepts:
        out += [c.id, c.title, c.summary, c.example, *c.key_points, *c.sources, *c.objectives]
        out += [t for m in c.misconceptions for t in (m.myth, m.fact)]
    for item in deck.items:
        out += [item.id, item.kind, topics_view.item_prompt(item)]
    return out


def studied(deck: Deck, exam_date: str | None = None) -> Progress:
    rng = random.Random(7)
    progress = Progress()
    for unit in reviewables(deck)[:45]:
        for _ in range(rng.randint(1, 4)):
            moment = NOW - dt.timedelta(days=rng.randint(0, 83), hours=rng.random() * 10)
            progress.reviews.append(Review(unit.id, to_seconds(moment), rng.choice([1, 2, 3, 3, 4]), 6000))
        progress.cards[unit.id] = CardState(2, None, rng.uniform(1, 40), 5.0,
                                            to_seconds(NOW + dt.timedelta(days=rng.randint(-3, 13), hours=1)),
                                            to_seconds(NOW - dt.timedelta(days=rng.randint(1, 5))))
    progress.exam_date = exam_date
    return progress


def figures(deck: Deck, exam_date: str | None = None, mocks: bool = False) -> dict:
    progress = studied(deck, exam_date)
    policy = ExamPolicy(exam_start(exam_date, UTC), Scheduler(0.9, random.Random(0))) if exam_date else None
    data = stats.compute(deck, progress, NOW, UTC, policy)
    if mocks:
        data["mocks"] = [{"date": f"2026-11-{day:02d}", "score": score, "passed": score >= 700,
                          "correct": correct, "questions": 65}
                         for day, score, correct in [(9, 610, 38), (12, 655, 41), (16, 690, 44), (20, 735, 49),
                                                     (23, 702, 47), (24, 780, 52)]]
    return data


def topic_rows(deck: Deck, progress: bool) -> dict:
    rows = {}
    for n, c in enumerate(deck.concepts):
        rows[c.id] = {"items": len(deck.items_of(c.id))}
        if progress:
            rows[c.id].update(seen=n % 4, due=n % 3, mastery=f"{(n * 7) % 100}%")
    return rows


BACKUP_ROWS = [
    {"number": 1, "name": "20261125T093000Z-before-reset.json", "taken": "2026-11-25T09:30:00+00:00",
     "reason": "before-reset", "bytes": 2310, "items": 40, "reviews": 102, "readable": True, "path": "/x"},
    {"number": 2, "name": "20261124T080000Z-daily.json", "taken": "2026-11-24T08:00:00+00:00",
     "reason": "daily", "bytes": 0, "items": None, "reviews": None, "readable": False, "path": "/y"},
    {"number": 3, "name": "20261101T070000Z-before-migration.json", "taken": "2026-11-01T07:00:00+00:00",
     "reason": "before-migration", "bytes": 99, "items": 3, "reviews": 5, "readable": True, "path": "/z"},
]
PROGRESS_PATH = "/home/learner/.local/share/fmprep/progress.json"
BACKUP_DIR = "/home/learner/.local/share/fmprep/progress.json.backups"
SUMMARY_ROWS = [("Reinforcement learning from human feedback (RLHF)", 4, 1), ("Pre-training", 3, 3),
                ("Continuous (continued) pre-training", 2, 1)]
FOOTER = ["Next item due: 2026-11-26 09:00 (in 21 h)."]


# ---------------------------------------------------------------- topics

@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("progress", [False, True])
def test_topics_overview_fits_and_keeps_words(deck, width, progress):
    rows = topic_rows(deck, progress)
    out = render(topics_view.overview(deck, rows, 87), width)
    check_fits(out, width)
    check_measure(out, width)
    check_words(out, Vocabulary(*deck_texts(deck)))
    tokens = set(out.split())
    for concept in deck.concepts:
        assert concept.id in tokens  # `fmprep topics ID` needs it: never dropped
        if progress:
            assert f"{rows[concept.id]['seen']}/{rows[concept.id]['items']}" in tokens
    for objective in deck.objectives:
        assert words(objective.title) <= words(out)
    assert " ".join(out.split()).endswith("13 concepts, 87 items. `fmprep topics ID` shows one concept in full.")


def test_topics_overview_takes_the_item_count_it_is_given(deck):
    out = render(topics_view.overview(deck, topic_rows(deck, False), 5), 80)
    assert "13 concepts, 5 items." in out and "1 item." in render(topics_view.overview(deck, {}, 1), 80)


def test_topics_overview_columns_at_each_width(deck):
    rows = topic_rows(deck, True)
    header = {w: next(line for line in render(topics_view.overview(deck, rows, 87), w).splitlines()
                      if line.strip().startswith("concept")).split() for w in WIDTHS}
    assert header[120] == header[200] == header[80] == ["concept", "id", "seen", "due", "mastery"]
    assert header[60] == ["concept", "id", "seen", "mastery"]  # due dropped first
    assert header[40] == ["concept", "seen", "mastery"]  # the id moves under the title


@pytest.mark.parametrize("width", WIDTHS)
def test_concept_detail_fits_and_keeps_words(deck, width):
    vocabulary = Vocabulary(*deck_texts(deck))
    for concept in deck.concepts:
        items = deck.items_of(concept.id)
        out = render(topics_view.concept_detail(deck, concept, items), width)
        check_fits(out, width)
        check_measure(out, width)
        check_words(out, vocabulary)
        tokens = set(out.split())
        for item in items:
            assert item.id in tokens
        for url in concept.sources:
            assert url in "".join(out.split())  # broken across lines only at '/', '.', '-'
        for part in ["Key points", "Example", f"Items ({len(items)})"] + (["Sources"] if concept.sources else []):
            assert part in out


def test_concept_detail_drops_to_one_item_per_block_when_narrow(deck):
    concept = deck.concept("rlhf")
    items = deck.items_of("rlhf")
    wide = render(topics_view.concept_detail(deck, concept, items), 120)
    narrow = render(topics_view.concept_detail(deck, concept, items), 60)
    assert re.search(r"^  id +kind +prompt", wide, re.M)
    assert not re.search(r"^  id +kind", narrow, re.M)
    card = next(i for i in items if i.id == "rlhf.card.what")
    opening = re.escape(" ".join(card.front.split()[:3]))
    assert re.search(rf"^  rlhf\.card\.what flashcard\s*\n    {opening}", narrow, re.M)


# ---------------------------------------------------------------- stats

STATS_CASES = [(None, False), (EXAM_INSIDE, False), (EXAM_OUTSIDE, True)]


@pytest.fixture(scope="module")
def stats_data(deck):
    return {case: figures(deck, *case) for case in STATS_CASES}


FORECAST_LINE = re.compile(r"^  (Mon|Tue|Wed|Thu|Fri|Sat|Sun) (\d\d)-(\d\d) (.*)$")


def forecast_lines(out: str) -> list[re.Match]:
    return [m for m in map(FORECAST_LINE.match, out.splitlines()) if m and not set(m.group(4)) <= set(HEAT + " ")]


def heatmap_rows(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Activity"))
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("  Mon "))
    return lines[first:first + 7]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("case", STATS_CASES, ids=["no-exam", "exam-inside", "exam-outside-mocks"])
def test_stats_report_fits_and_keeps_words(deck, stats_data, width, case):
    data = stats_data[case]
    out = render(stats_view.report(data), width)
    check_fits(out, width)
    check_measure(out, width)
    check_words(out, Vocabulary(*deck_texts(deck), *all_strings(data)))
    flat = " ".join(out.split())
    for concept in data["concepts"]:
        assert words(concept["title"]) <= words(out)
    for part in ("Totals", "Readiness:", "Concepts, weakest first", "Due in the next 14 days", "Activity, last 12",
                 f"items {data['items_total']}", f"reviews {data['reviews_total']}"):
        assert part in flat
    assert " ".join(data["readiness"]["note"].split()) in flat


@pytest.mark.parametrize("width", WIDTHS)
def test_the_exam_day_is_marked_in_the_forecast(stats_data, width):
    data = stats_data[(EXAM_INSIDE, False)]
    rows = forecast_lines(render(stats_view.report(data), width))
    assert len(rows) == 14
    for row, day in zip(rows, data["forecast"]):
        date = dt.date.fromisoformat(day["date"])
        assert (row.group(1), row.group(2), row.group(3)) == (f"{date:%a}", f"{date:%m}", f"{date:%d}")
        assert row.group(4).split()[-1 if day["date"] != EXAM_INSIDE else -3] == str(day["due"])
        assert ("exam" in row.group(4)) == (day["date"] == EXAM_INSIDE)
    assert rows[6].group(4).endswith(stats_view.EXAM_MARK)


@pytest.mark.parametrize("case", [(None, False), (EXAM_OUTSIDE, True)], ids=["no-exam", "exam-outside"])
def test_no_exam_mark_when_the_exam_is_not_in_the_forecast(stats_data, case):
    rows = forecast_lines(render(stats_view.report(stats_data[case]), 80))
    assert len(rows) == 14 and not any("exam" in r.group(0) for r in rows)


@pytest.mark.parametrize("width", WIDTHS)
def test_forecast_bars_scale_with_the_counts(stats_data, width):
    data = stats_data[(None, False)]
    rows = forecast_lines(render(stats_view.report(data), width))
    bars = [r.group(4).count("█") for r in rows]
    dues = [d["due"] for d in data["forecast"]]
    assert all((b == 0) == (d == 0) for b, d in zip(bars, dues))
    assert all(b1 <= b2 for (d1, b1) in zip(dues, bars) for (d2, b2) in zip(dues, bars) if d1 < d2)
    assert max(bars) >= min(20, width // 3)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_heatmap_has_7_rows_monday_on_top_and_a_legend(stats_data, width):
    data = stats_data[(None, False)]
    out = render(stats_view.report(data), width)
    rows = heatmap_rows(out)
    assert [r[2:5] for r in rows] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert sum(ch in HEAT for r in rows for ch in r[5:]) == 84  # one mark a day, 12 weeks
    columns = {len(r[6:]) for r in rows}
    assert max(columns) <= 2 * 13
    busiest = max(d["reviews"] for d in data["activity"])
    assert f"up to {busiest} reviews a day" in out
    # the last mark of the row of today's weekday is today's
    today = dt.date.fromisoformat(data["activity"][-1]["date"]).weekday()
    assert rows[today].rstrip()[-1] == ("·" if data["activity"][-1]["reviews"] == 0 else rows[today].rstrip()[-1])
    assert all(len(r.rstrip()) <= len(rows[today].rstrip()) for r in rows[:today + 1])


def test_heatmap_shades_follow_the_counts():
    days = [{"date": (dt.date(2026, 9, 3) + dt.timedelta(days=n)).isoformat(), "reviews": 0} for n in range(84)]
    days[0]["reviews"], days[1]["reviews"], days[-1]["reviews"] = 1, 8, 4
    out = render(stats_view.heatmap({"activity": days}, 80), 80)
    rows = out.splitlines()[1:8]
    assert rows[3][6] == "░" and rows[4][6] == "█"  # 2026-09-03 is a Thursday
    assert rows[2].rstrip()[-1] == "▒"  # 2026-11-25, a Wednesday: 4 of 8
    assert out.count("·") == 84 - 3 + 1  # the legend shows one


@pytest.mark.parametrize("width, drill", [(40, "stacked"), (60, "id"), (80, "id"), (120, "command"),
                                          (200, "command")])
def test_concepts_show_the_drill_command_or_the_id(stats_data, width, drill):
    data = stats_data[(EXAM_INSIDE, False)]
    out = render(stats_view.report(data), width)
    commands = [c["drill"] for c in data["concepts"]]
    note = "`fmprep quiz --topic ID`" in out
    if drill == "command":
        assert all(re.search(rf"  {re.escape(cmd)}\s*$", out, re.M) for cmd in commands) and not note
        assert re.search(r"^  concept +seen +due +now +exam day +drill it with", out, re.M)
    elif drill == "id":
        assert note and not any(cmd in out for cmd in commands)
        assert all(re.search(rf"\s{re.escape(c['id'])}\s*$", out, re.M) for c in data["concepts"])
    else:  # one concept per block: the command under its figures, wrapped only between words
        flat = " ".join(out.split())
        assert all(f"{c['id']} {cmd}" not in flat and cmd in flat for c, cmd in zip(data["concepts"], commands))
        assert not note and not re.search(r"^  concept +seen", out, re.M)


def test_concepts_are_listed_weakest_first(stats_data):
    data = stats_data[(None, False)]
    out = " ".join(render(stats_view.report(data), 120).split())
    positions = [out.index(f"fmprep quiz --topic {c['id']} ") for c in data["concepts"]]
    assert positions == sorted(positions)


def test_exam_day_columns_only_with_an_exam_date(stats_data):
    assert "exam day" not in render(stats_view.report(stats_data[(None, False)]), 120).split("Readiness")[1]
    assert re.search(r"objective +seen +now +exam day", render(stats_view.report(stats_data[(EXAM_INSIDE, False)]), 120))


@pytest.mark.parametrize("width", WIDTHS)
def test_practice_exams_when_there_are_mocks(stats_data, width):
    out = render(stats_view.report(stats_data[(EXAM_OUTSIDE, True)]), width)
    flat = " ".join(out.split())
    assert "Practice exams (last 5 of 6; pass mark 700)" in flat
    lines = [line.split() for line in out.splitlines() if re.match(r"^  2026-11-\d\d ", line)]
    assert [(l[0], l[1], l[2]) for l in lines] == [
        ("2026-11-12", "655", "fail"), ("2026-11-16", "690", "fail"), ("2026-11-20", "735", "pass"),
        ("2026-11-23", "702", "pass"), ("2026-11-24", "780", "pass")]
    assert "up 78 on the previous one" in flat
    assert "Practice exams" not in render(stats_view.report(stats_data[(None, False)]), width)


# ---------------------------------------------------------------- backups and summary

@pytest.mark.parametrize("width", WIDTHS)
def test_backups_table_fits_and_never_wraps_a_name(width):
    out = render(backups_view.table(BACKUP_ROWS, PROGRESS_PATH, BACKUP_DIR), width)
    check_fits(out, width)
    check_measure(out, width)
    check_words(out, Vocabulary(PROGRESS_PATH, BACKUP_DIR, *all_strings(BACKUP_ROWS), "UTC"))
    tokens = out.split()
    for row in BACKUP_ROWS:
        assert row["name"] in tokens
    assert "unreadable" in tokens
    assert PROGRESS_PATH in "".join(out.split()) and BACKUP_DIR in "".join(out.split())
    assert "`fmprep restore NAME`" in " ".join(tokens)


def test_backups_columns_at_each_width():
    def header(width):
        out = render(backups_view.table(BACKUP_ROWS, PROGRESS_PATH, BACKUP_DIR), width)
        return next((l.split() for l in out.splitlines() if l.strip().startswith("#")), None)

    assert header(120) == header(200) == ["#", "name", "taken", "(UTC)", "reason", "items", "reviews"]
    assert header(90) == ["#", "name", "reason", "items", "reviews"]  # the name holds the time
    assert header(80) == ["#", "name", "items", "reviews"]  # ... and the reason
    assert header(60) == ["#", "name", "items"]
    assert header(40) is None  # one backup per block


def test_backups_without_rows_says_so():
    out = render(backups_view.table([], PROGRESS_PATH, BACKUP_DIR), 80)
    assert out.startswith("No backups yet of " + PROGRESS_PATH)


@pytest.mark.parametrize("width", WIDTHS)
def test_session_summary_fits_weakest_first(width):
    out = render(summary_view.session_summary(9, 5, 125.4, SUMMARY_ROWS, FOOTER), width)
    check_fits(out, width)
    check_words(out, Vocabulary(*(r[0] for r in SUMMARY_ROWS), *FOOTER, "2m", "05s"))
    flat = " ".join(out.split())
    assert "Session over: 9 answered, 5 correct (56%), 2m 05s." in flat
    starts = [line.split()[0] for line in out.splitlines() if line.startswith("  ") and line.strip()]
    order = [starts.index(t) for t in ("Reinforcement", "Continuous", "Pre-training")]
    assert order == sorted(order)
    assert flat.endswith(FOOTER[0])
    assert out.splitlines()[0] == "─" * min(width, 72)


def test_session_summary_without_answers():
    out = render(summary_view.session_summary(0, 0, 0, [], ["Cram session: your schedule was not changed."]), 80)
    assert out.splitlines()[1:] == ["No answers this session.", "Cram session: your schedule was not changed."]


# ---------------------------------------------------------------- layout engine

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=14)


@settings(max_examples=150, deadline=None)
@given(titles=st.lists(st.lists(WORD, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=6),
       width=st.integers(40, 220), extra=st.integers(0, 3))
def test_fit_table_never_overflows_nor_breaks_a_word(titles, width, extra):
    cols = [Col("title", titles, flex=True)]
    cols += [Col(f"figure{n}", [str(10 ** n * (i + 1)) for i in range(len(titles))], justify="right")
             for n in range(extra)]
    out = render(fit_table([cols, cols[:2], cols[:1]], width), width)
    check_fits(out, width)
    check_words(out, Vocabulary(*titles, *(c.header for c in cols)))
    assert words(*titles) <= words(out)


# ---------------------------------------------------------------- security

def evil_deck(deck: Deck) -> Deck:
    first = deck.concepts[0]
    evil = dataclasses.replace(first, title=EVIL, summary=EVIL, key_points=(EVIL,), example=EVIL,
                               misconceptions=(Misconception(EVIL, EVIL),), sources=(EVIL,))
    objectives = (dataclasses.replace(deck.objectives[0], title=EVIL),) + deck.objectives[1:]
    return dataclasses.replace(deck, objectives=objectives, concepts=(evil,) + deck.concepts[1:])


def check_inert(out: str) -> None:
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\x9d" not in out
    assert "[link=https://x]y[/link]" in out
    assert ":warning:" in out and "⚠" not in out


def evil_renderables(deck: Deck, data: dict):
    bad = evil_deck(deck)
    concept = bad.concepts[0]
    data = dict(data, concepts=[dict(c, title=EVIL, drill=EVIL) for c in data["concepts"]],
                objectives=[dict(o, title=EVIL) for o in data["objectives"]], exam_date=EVIL,
                readiness=dict(data["readiness"], note=EVIL),
                mocks=[{"date": EVIL, "score": 800, "passed": True, "correct": 1, "questions": 2}])
    rows = [dict(r, name=EVIL, reason=EVIL) for r in BACKUP_ROWS]
    return {
        "overview": topics_view.overview(bad, topic_rows(bad, True), 87),
        "detail": topics_view.concept_detail(bad, concept, deck.items_of(concept.id)),
        "stats": stats_view.report(data),
        "backups": backups_view.table(rows, EVIL, EVIL),
        "summary": summary_view.session_summary(1, 0, 3, [(EVIL, 1, 0)], [EVIL]),
    }


@pytest.mark.parametrize("view", ["overview", "detail", "stats", "backups", "summary"])
@pytest.mark.parametrize("width", [40, 120])
def test_content_cannot_drive_the_terminal(deck, stats_data, view, width):
    out = render(evil_renderables(deck, stats_data[(None, False)])[view], width)
    check_inert(out)
    check_fits(out, width)


@pytest.mark.parametrize("view", ["overview", "detail", "stats", "backups", "summary"])
def test_content_cannot_drive_a_colour_terminal(deck, stats_data, monkeypatch, view):
    """On a colour terminal the only escapes are Rich's own SGR codes (ESC [ digits ; m)."""

    class FakeTTY(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    console = make_console(file=FakeTTY(), width=100)
    console.print(evil_renderables(deck, stats_data[(None, False)])[view])
    out = console.file.getvalue()
    assert "\x1b[" in out  # it is in colour
    assert "\x07" not in out and "\x1b]" not in out and "\x1b[2J" not in out
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0
    assert "[link=https://x]y[/link]" in out and ":warning:" in out and "⚠" not in out


@pytest.mark.parametrize("view", ["overview", "detail", "stats", "backups", "summary"])
def test_no_color_and_a_plain_file_give_no_escape_at_all(deck, stats_data, monkeypatch, view):
    monkeypatch.setenv("NO_COLOR", "1")
    for renderable in (evil_renderables(deck, stats_data[(None, False)])[view],):
        assert "\x1b" not in render(renderable, 80)
    normal = {"overview": topics_view.overview(deck, topic_rows(deck, True), 87),
              "detail": topics_view.concept_detail(deck, deck.concepts[0], deck.items_of(deck.concepts[0].id)),
              "stats": stats_view.report(stats_data[(EXAM_INSIDE, False)]),
              "backups": backups_view.table(BACKUP_ROWS, PROGRESS_PATH, BACKUP_DIR),
              "summary": summary_view.session_summary(9, 5, 60, SUMMARY_ROWS, FOOTER)}[view]
    assert "\x1b" not in render(normal, 80)
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b" not in render(normal, 80)  # a StringIO is no terminal


def test_wide_characters_take_two_columns_when_tables_are_fitted():
    """A concept title in CJK (each character two columns wide) must still fit: the layout measures cells."""
    from rich.cells import cell_len

    from fmprep.views import Col, fit_table, longest_word

    assert longest_word("学習 データ") == 6  # three wide characters, not three columns
    title = "大規模言語モデルの事前学習"  # one 26-column word
    table = fit_table([[Col("concept", [title], flex=True), Col("id", ["pre-training"]), Col("items", ["12"])],
                       [Col("concept", [title], flex=True)]], 40)
    console = make_console(file=io.StringIO(), width=40)
    console.print(table)
    lines = console.file.getvalue().splitlines()
    assert all(cell_len(line) <= 40 for line in lines), lines
    assert any(title in line for line in lines), lines  # the word is whole, not folded


@pytest.mark.parametrize("width", [30, 40, 50, 60, 80, 100])
def test_option_feedback_notes_are_never_broken_across_lines(width):
    from fmprep.grading import grade_choice, present
    from fmprep.views.quiz import choice_feedback

    deck = load_deck([REPO / "content"])
    for unit in reviewables(deck):
        question = unit.question
        if not hasattr(question, "options"):
            continue
        shown = present(len(question.options), random.Random(1))
        wrong = [n for n, o in enumerate(question.options) if not o.correct][:1]
        right = [n for n, o in enumerate(question.options) if o.correct][1:]  # the first one missed
        picks = {shown.order.index(n) for n in wrong + right}  # notes of all kinds
        text = render(choice_feedback(question, grade_choice(question, shown, picks)), width)
        for note in ("[wrong pick]", "[missed]", "[right]"):
            assert text.count(note.split()[0]) == text.count(note), (unit.id, width, text)


# ---------------------------------------------------------------- stats: leeches, totals, plan line

def with_leeches(data: dict, n: int) -> dict:
    found = [{"id": f"exam.data.mc-leech-{i:02d}", "lapses": 40 - i, "concepts": ["rlhf"],
              "drill": "fmprep quiz --topic rlhf", "suspend": f"fmprep suspend exam.data.mc-leech-{i:02d}"}
             for i in range(n)]
    return {**data, "leeches": found, "leech_lapses": 8}


def leech_section(out: str) -> str:
    return out[out.index("Leeches:"):]


@pytest.mark.parametrize("width", WIDTHS)
def test_leeches_show_the_most_forgotten_and_count_the_rest(stats_data, width):
    data = with_leeches(stats_data[(None, False)], 25)
    out = render(stats_view.report(data), width)
    check_fits(out, width)
    section = " ".join(leech_section(out).split())
    assert "Leeches: 25 items forgotten 8 times or more once learned" in section
    shown = [leech["id"] for leech in data["leeches"] if leech["id"] in section]
    assert shown == [leech["id"] for leech in data["leeches"][:stats_view.LEECHES_SHOWN]]
    assert f"and {25 - stats_view.LEECHES_SHOWN} more (fmprep stats --json lists them all)" in section
    for leech in data["leeches"][:stats_view.LEECHES_SHOWN]:  # each with its lapses, on the id's own line
        assert re.search(rf"^  {re.escape(leech['id'])} +{leech['lapses']}\b", out, re.M)


def test_a_few_leeches_are_all_shown_without_a_more_line(stats_data):
    data = with_leeches(stats_data[(None, False)], 3)
    section = leech_section(render(stats_view.report(data), 120))
    assert all(leech["suspend"] in section for leech in data["leeches"]) and "more (" not in section


@pytest.mark.parametrize("width", WIDTHS)
def test_leeches_keep_each_command_whole_or_name_it_once(stats_data, width):
    data = with_leeches(stats_data[(None, False)], 12)
    lines = leech_section(render(stats_view.report(data), width)).splitlines()
    commands = [line for line in lines if "fmprep suspend" in line]
    if any(line.strip() == "set one aside with fmprep suspend ID" for line in lines):
        assert len(commands) == 1
    else:
        assert len(commands) == stats_view.LEECHES_SHOWN
        assert all(re.search(r"fmprep suspend exam\.data\.mc-leech-\d\d\b", line) for line in commands)


@pytest.mark.parametrize("width", WIDTHS)
def test_totals_never_part_a_figure_from_its_name(stats_data, width):
    data = {**stats_data[(None, False)], "items_total": 123456, "reviews_total": 9876543}
    out = render(stats_view.report(data), width)
    totals = out[:out.index("Readiness")]
    for pair in (f"items {data['items_total']}", f"seen {data['items_seen']}", f"due now {data['due_now']}",
                 f"due by the end of today {data['due_today']}", f"reviews {data['reviews_total']}",
                 f"streak: {data['streak_days']} day"):
        assert pair in totals.replace("\n  ", "\n"), (width, pair, totals)
    assert any(line.strip().endswith("fmprep quiz") or line.strip() == "fmprep quiz" for line in totals.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_the_plan_line_breaks_between_budgets_never_inside_one(stats_data, width):
    data = stats_data[(EXAM_INSIDE, False)]
    rows = [{"answers_per_day": n, "recall": r} for n, r in ((10, 0.86), (15, 0.89), (20, 0.91), (30, 0.96),
                                                             (45, 0.98), (60, 0.993))]
    data = {**data, "plan": {"rows": rows, "note": "simulated"}}
    out = render(stats_view.report(data), width)
    check_fits(out, width)
    for row in rows:
        assert re.search(rf"\b{row['answers_per_day']} a day -> \d+(\.\d)?%", out), (width, out)
    assert "fmprep exam --target 90" in out


@pytest.mark.parametrize("width", WIDTHS)
def test_the_suspend_status_names_the_id_once_in_few_lines(width):
    from fmprep.views import quiz as quiz_view

    item = "exam.training.mc-pretraining-output"
    out = render(quiz_view.suspended(item), width)
    check_fits(out, width)
    flat = " ".join(out.split())
    assert flat.count(item) == 1 and "u undoes" in flat and "fmprep unsuspend ID" in flat
    assert len(out.splitlines()) <= {40: 4, 60: 2, 80: 2}.get(width, 1)  # it took 6 lines at 40, 3 at 60 and 80


@pytest.mark.parametrize("width", [30, *WIDTHS])
@pytest.mark.parametrize("again", [0, 3])
def test_the_quiz_progress_line_shrinks_its_bar_and_keeps_figures_whole(width, again):
    from fmprep.views import quiz as quiz_view

    counts = {"planned": 120, "left": 117, "again": again}
    out = render(quiz_view.header("Multiple choice", ["Pre-training"], ["3.3.1 Key elements"], counts,
                                  "exam in 24 days"), width)
    check_fits(out, width)
    lines = out.splitlines()
    flat = " ".join(out.split())
    assert "117 left" in flat and "exam in 24 days" in out and (not again or "3 again" in out)
    line = next(line for line in lines if "117 left" in line)
    cells = len(re.findall("[█░]", line))
    assert 5 <= cells <= quiz_view.BAR_WIDTH
    if width >= 60:
        assert cells == quiz_view.BAR_WIDTH and "exam in 24 days" in line  # room for everything on one line
    if width == 40 and not again:
        assert "exam in 24 days" in line  # the bar gave way (it broke "24 | days" before)


@pytest.mark.parametrize("value, shown", [(0.5, "50%"), (0.994, "99%"), (0.996, "99.6%"), (0.9996, "99.9%"),
                                          (0.99996, "99.9%"), (1.0, "100%")])
def test_the_plans_percent_never_rounds_up_to_100(value, shown):
    from fmprep.views.exam import percent

    assert percent(value) == shown
