"""Hostile progress files (issue 12): start from a valid file that uses every field, replace a few of its values
or subtrees with arbitrary JSON (huge, negative, NaN, junk of every type...), then run every command that reads it,
a quiz with one answer, a full reset and a restore.

Each command must exit 0 or 1 with a message, never a traceback; the file's bytes must stay as they were, unless a
quiz answer was accepted (and then the file must load) or a reset or restore replaced them (keeping them).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings, strategies as st

from fmprep import mock
from fmprep.content import load_deck
from fmprep.progress import LATEST_TIME, CardState, FormatError, Progress, Review, encode, load_bytes
from fmprep.scheduler import to_seconds

from conftest import FIXTURES

DECK = str(FIXTURES / "quiz-deck.yaml")
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.timezone.utc)
CLOCKS = ["2026-11-25T09:00:00+00:00", "1970-01-01T00:00:00+00:00", "9999-12-30T12:00:00+00:00"]
ZONES = ["UTC", "America/New_York", "Pacific/Kiritimati"]
READERS = [["topics"], ["topics", "--json"], ["stats"], ["stats", "--json"], ["backups"], ["backups", "--json"],
           ["exam"], ["mock", "--history"], ["mock", "--history", "--json"]]
QUIZ = ["quiz", "--type", "flashcard", "--limit", "1"]  # the flashcard "card": Enter shows the back, 3 grades it


def base_document() -> dict:
    """A valid file using every field: cards in each state (and one that left the deck), reviews, an exam date, a
    mock in progress and a finished one."""
    deck = load_deck([Path(DECK)])
    t = to_seconds(NOW)
    progress = Progress(exam_date="2026-12-09")
    progress.cards.update({
        "card": CardState(2, None, 3.5, 5.0, t - 60, t - 4 * 86400),
        "open": CardState(1, 0, None, None, t - 60, None),
        "mc": CardState(1, 1, 0.5, 6.5, t + 600, t - 60),
        "order": CardState(3, 0, 1.2, 8.0, t - 30, t - 86400),
        "gone.from.deck": CardState(2, None, 40.0, 2.0, t + 9 * 86400, t - 30 * 86400),
    })
    for n, (item, grade) in enumerate([("card", 3), ("open", 1), ("mc", 3), ("order", 1), ("gone.from.deck", 4)]):
        progress.reviews.append(Review(item, t - 86400 * (5 - n), grade, 4000 + n))
    rng = random.Random(7)
    finished = mock.start_mock(deck, 3, 5, rng, NOW - dt.timedelta(days=2), [])
    for item, order in zip(finished.items, finished.orders):
        mock.set_answer(finished, item, order[:1])
        mock.add_time(finished, 12.5, item)
    progress.mocks.history.append(mock.finish_mock(deck, finished, NOW - dt.timedelta(days=2, minutes=-4)))
    current = mock.start_mock(deck, 3, 5, rng, NOW - dt.timedelta(minutes=3), progress.mocks.history)
    mock.set_answer(current, current.items[0], current.orders[0][:1])
    mock.toggle_flag(current, current.items[1])
    mock.add_time(current, 30.0, current.items[0])
    progress.mocks.current = current
    document = json.loads(encode(progress))
    load_bytes(json.dumps(document).encode())  # the starting point is valid
    return document


BASE = base_document()


def paths_values(value, path=()):
    yield path, value
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from paths_values(child, path + (key,))


PLACES = [p for p, _ in paths_values(BASE) if p]

# Tokens that json.dumps cannot write, put in as text after dumping.
RAW = {"@HUGE@": "9" * 4500, "@NEGHUGE@": "-" + "1" * 5000, "@1E400@": "1e400", "@NAN@": "NaN", "@INF@": "Infinity",
       "@-INF@": "-Infinity"}
edge_numbers = st.sampled_from([0, 1, 2, 3, 4, -1, 0.5, 0.001, 0.0009, 10, 10.5, 1e10, 1e11, 1e300, -1e300, 5e-324,
                                2 ** 63, 10 ** 30, LATEST_TIME, LATEST_TIME + 1, 86400, 1_790_000_000, True, False])
edge_strings = st.sampled_from(["", "NaN", "Infinity", "1e400", "2026-12-09", "2026-W50-1", "9999-12-31",
                                "1970-01-01", "0001-01-01", "card", "mc", "gone.from.deck", "\x1b]52;c;x\x07",
                                "\u202e", "1234", "5"])
scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(max_size=8) | edge_numbers | edge_strings | st.sampled_from(sorted(RAW)))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=6) | edge_strings, inner, max_size=3), max_leaves=8)
# Numbers that are values (times, durations, stability, difficulty, counts), not positions or indices.
NUMBERS = [(p, v) for p, v in paths_values(BASE) if type(v) in (int, float) and p[0] != "version"
           and not {"orders", "answers", "item", "objectives"} & set(map(str, p))]
TIMES = [p for p, v in NUMBERS if v > 10 ** 8]
SMALL = [p for p, v in NUMBERS if v <= 10 ** 8]
times = st.integers(0, LATEST_TIME) | st.sampled_from([-1, 0, LATEST_TIME, LATEST_TIME + 1, 2 ** 63])
small = st.integers(-1, 12) | st.floats(0, 100) | edge_numbers
# Anything anywhere; or, two times in three, other numbers where numbers are, often at or just past the edge of their
# range (so that files which load, with extreme values, reach the commands too).
other_numbers = st.lists(st.tuples(st.sampled_from(TIMES), times) | st.tuples(st.sampled_from(SMALL), small),
                         min_size=1, max_size=2)
changes = st.one_of(st.lists(st.tuples(st.sampled_from(PLACES), values), min_size=1, max_size=3), other_numbers,
                    other_numbers)


def hostile(changes) -> bytes:
    document = json.loads(json.dumps(BASE))
    for place, value in changes:
        target = document
        try:
            for key in place[:-1]:
                target = target[key]
            target[place[-1]] = value
        except (KeyError, IndexError, TypeError):  # an earlier change removed this place
            continue
    text = json.dumps(document, ensure_ascii=False)
    for token, raw in RAW.items():
        text = text.replace(json.dumps(token), raw)
    return text.encode("utf-8")


def run(runner, args, env, input=None):
    from fmprep.cli import app

    result = runner.invoke(app, ["--content", DECK, *args], input=input, env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
    assert result.exit_code in (0, 1), (args, result.exit_code, result.output)
    assert "Traceback" not in result.output
    return result


# HOSTILE_EXAMPLES=2000 runs a longer search (about 6 minutes).
@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", 60)), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(changes, st.sampled_from(CLOCKS), st.sampled_from(ZONES))
def test_any_hostile_file_gives_exit_0_or_1_and_is_never_changed_unless_an_answer_is_accepted(
        runner, changes, clock, zone):
    data = hostile(changes)
    try:
        load_bytes(data)
        event("the file loads")
    except FormatError:
        event("the file is damage")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.json"
        path.write_bytes(data)
        env = {"FMPREP_PROGRESS": str(path), "FMPREP_NOW": clock, "TZ": zone, "FMPREP_SEED": "1"}
        for args in READERS:
            run(runner, args, env)
            assert path.read_bytes() == data, args
        result = run(runner, QUIZ, env, input="\n3\n")
        after = path.read_bytes()
        if after != data:  # an answer was accepted and saved: the file loads, with the answer in it
            assert result.exit_code == 0, result.output
            event("an answer was saved")
            saved = load_bytes(after)
            assert len(saved.reviews) >= 1 and saved.reviews.time[-1] == to_seconds(dt.datetime.fromisoformat(clock))
        # The practice exam in the file resumes (one answer given, then paused) or is refused; what it saves loads.
        before = path.read_bytes()
        run(runner, ["mock"], env, input="a\n")
        if path.read_bytes() != before:
            event("a mock was saved")
            load_bytes(path.read_bytes())
            path.write_bytes(after)
        # A full reset always works, and keeps the bytes it replaces (aside if damaged, else as a backup) ...
        assert run(runner, ["reset", "--yes"], env).exit_code == 0
        if path.read_bytes() != after:
            reset = load_bytes(path.read_bytes())
            assert (reset.cards, len(reset.reviews), bool(reset.mocks)) == ({}, 0, False)  # (an exam date stays)
            assert any(f.read_bytes() == after for f in Path(folder).rglob("*") if f.is_file() and f != path)
        # ... and so does restoring the newest backup, byte for byte.
        backups = sorted((Path(folder) / "progress.json.backups").glob("*.json"))
        if backups:
            newest = json.loads(run(runner, ["backups", "--json"], env).output)["backups"][0]
            assert run(runner, ["restore", "1", "--yes"], env).exit_code == (0 if newest["readable"] else 1)
            if newest["readable"]:
                assert path.read_bytes() == Path(newest["path"]).read_bytes()


def test_the_generator_reaches_both_outcomes(runner):
    """The property above is worth something only if hostile files both load and fail to: check one of each."""
    loads = hostile([(("cards", "card", 2), 1e10), (("exam_date",), "9999-12-31")])
    load_bytes(loads)
    fails = hostile([(("cards", "card", 2), "@NAN@")])
    assert b"NaN" in fails
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "progress.json"
        env = {"FMPREP_PROGRESS": str(path), "FMPREP_NOW": CLOCKS[0], "TZ": "UTC"}
        path.write_bytes(loads)
        assert run(runner, ["stats"], env).exit_code == 0
        assert run(runner, QUIZ, env, input="\n3\n").exit_code == 0 and path.read_bytes() != loads
        path.write_bytes(fails)
        result = run(runner, ["stats"], env)
        assert result.exit_code == 1 and "NaN" in result.output and path.read_bytes() == fails
