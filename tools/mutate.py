"""Mutation check by hand: does the suite fail when one of the lines that matter changes?

    python tools/mutate.py             # every mutation, two at a time
    python tools/mutate.py --jobs 1 -k grading

Each mutation replaces one line of ``src/`` (found by its text; it must be there exactly once, or be given its
occurrence) in a temporary copy of the repository, never in the working tree, then runs the test files that
guard it with ``pytest -x -q``. A mutation is *killed* when they fail, and the test that failed first passes
again on the unmutated copy (else it is a flake of a timing-sensitive test on a busy machine: that test is left
out and the mutation is run again, at most RETRIES times). The table lists every mutation and the test that
killed it; the script exits 1 unless all are killed (or when the unmutated copy does not pass to begin with).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
RETRIES = 2  # runs again of a mutation whose killing test turned out to fail without it


class Mutation(NamedTuple):
    name: str
    file: str  # under src/fmprep
    original: str  # the line's text, without its indentation
    replacement: str  # the new text, indented like the original
    tests: tuple[str, ...]
    occurrence: int = 1  # which of several identical lines (1 = the first)


POLICY = ("tests/test_exampolicy.py", "tests/test_session.py", "tests/test_workload.py")
STORE = ("tests/test_store.py",)
ATOMIC = ("tests/test_atomicfile.py", "tests/test_store.py")
READ = ("tests/test_atomicfile.py", "tests/test_content.py")  # the bounded reads are tested with the deck files
GRADING = ("tests/test_grading.py",)
VIEWS = ("tests/test_console.py", "tests/test_views_tables.py")
UNDO = ("tests/test_session.py", "tests/test_progress.py")

LINT = ("tests/test_lint.py",)
KEYS = ("tests/test_answerkeys.py",)
PROGRESS = ("tests/test_progress.py",)
DAY = ("tests/test_workload.py", "tests/test_store.py", "tests/test_stats.py")
SUSPEND = ("tests/test_workload.py", "tests/commands/test_suspend.py")
CLOCK = ("tests/commands/test_common.py",)
LEECH = ("tests/test_stats.py", "tests/commands/test_suspend.py")
OPTIMIZE = ("tests/test_optimizer.py",)
PLAN_TESTS = ("tests/test_plan.py",)
IMPORT = ("tests/test_importing.py",)
EXPORT = ("tests/test_exporting.py",)

AHEAD = "and gain[u.id] >= policy.min_gain]"  # the second line of `ahead = [...]`
CAP_IF = "if card.due >= to_seconds(self.start) and latest > now:"
PACE = "return unseen if days <= 0 else max(base, math.ceil(unseen / days))"
THIN_IF = "if backup.path not in keep and written_by_fmprep(backup.path):"
CONTROL = r'_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")'
JSON_RAW = r'_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ud800-\udfff]")'
KEEP = "KEEP_DAYS, KEEP_PER_DAY, KEEP_WEEKS, KEEP_MONTHS = 7, 3, 8, 12"

LONGEST = "LONGEST_LIMIT = 0.30  # share of single-choice questions whose right option is the longest (chance: 25%)"
TWO_LONGEST = "TWO_LONGEST_LIMIT = 0.60  # share whose right option is one of the two longest (chance: 50%)"
SHORTEST = "SHORTEST_LIMIT = 0.30  # share whose right option is the shortest: the cue the other way (chance: 25%)"
LATEST = "LATEST_TIME = 253_402_214_400  # 9999-12-31T00:00:00Z: later times (or clocks) would overflow date arithmetic"
STABILITY = "STABILITY_RANGE = (0.001, 1e10)  # days: fsrs never goes below 0.001 (STABILITY_MIN); the scheduler caps above"
DIFFICULTY = "DIFFICULTY_RANGE = (1.0, 10.0)  # fsrs's MIN_DIFFICULTY and MAX_DIFFICULTY"
NEWEST = "KEEP_NEWEST = 3  # never thinned, whatever the clock says"
PROMISED = "PROMISED_DAYS = 30  # a backup a message named is kept at least this long"
SLACK = "CLOCK_SLACK = dt.timedelta(days=2)  # see thinning_clock"
LEECH_LINE = "LEECH_LAPSES = 8  # as Anki: an item forgotten this many times is a leech (FMPREP_LEECH_LAPSES, --leech-lapses)"
PLAN = "PLAN_DAYS = 60  # the plan is simulated within this many days of the exam (its cost grows with the days left)"

MUTATIONS = [
    # the exam policy's early reviews
    Mutation("early reviews: >= min_gain -> >", "session.py", AHEAD, AHEAD.replace(">=", ">"), POLICY),
    Mutation("early reviews: min_gain -> 0", "session.py", AHEAD, AHEAD.replace("policy.min_gain", "0"), POLICY),
    Mutation("early reviews: none", "session.py", AHEAD, "and False]", POLICY),
    Mutation("MIN_GAIN 0.01 -> 0.02", "exampolicy.py", "MIN_GAIN = 0.01", "MIN_GAIN = 0.02", POLICY),
    Mutation("MIN_GAIN 0.01 -> 0.005", "exampolicy.py", "MIN_GAIN = 0.01", "MIN_GAIN = 0.005", POLICY),
    # the interval cap
    Mutation("cap: card returned unchanged", "exampolicy.py", "return card._replace(due=to_seconds(latest))",
             "return card", POLICY),
    Mutation("cap: due >= exam -> >", "exampolicy.py", CAP_IF, CAP_IF.replace(">=", ">"), POLICY),
    Mutation("cap: even when no day is left", "exampolicy.py", CAP_IF, "if card.due >= to_seconds(self.start):",
             POLICY),
    Mutation("cap: to the exam day itself", "exampolicy.py", "latest = self.start - dt.timedelta(days=1)",
             "latest = self.start", POLICY),
    Mutation("cap: not applied to answers", "session.py", "return after if policy is None else policy.cap(after, now)",
             "return after", POLICY),
    # the pacing of new items
    Mutation("pacing: ceil -> floor", "exampolicy.py", PACE,
             "return unseen if days <= 0 else max(base, unseen // days)", POLICY),
    Mutation("pacing: no floor at the base", "exampolicy.py", PACE,
             "return unseen if days <= 0 else math.ceil(unseen / days)", POLICY),
    Mutation("pacing: the last day not kept for reviews", "exampolicy.py",
             "days = self.days_left(now) - 1  # the day before the exam is kept for reviews",
             "days = self.days_left(now)", POLICY),
    Mutation("pacing: also after the exam", "exampolicy.py", "if not self.pace_new or not self.active(now):",
             "if not self.pace_new:", POLICY),
    Mutation("pacing: today's new items not counted", "workload.py",
             "allowance = policy.new_allowance(unseen + introduced, new_per_day, now)",
             "allowance = policy.new_allowance(unseen, new_per_day, now)", POLICY),
    Mutation("allowance: introduced today not subtracted", "workload.py",
             "return min(unseen, max(0, allowance - introduced))", "return min(unseen, allowance)", POLICY),
    # backup thinning
    Mutation("thinning: KEEP_DAYS 7 -> 70", "store.py", KEEP, KEEP.replace("= 7,", "= 70,"), STORE),
    Mutation("thinning: KEEP_PER_DAY 3 -> 30", "store.py", KEEP, KEEP.replace(" 3, 8", " 30, 8"), STORE),
    Mutation("thinning: KEEP_WEEKS 8 -> 9", "store.py", KEEP, KEEP.replace(" 8, 12", " 9, 12"), STORE),
    Mutation("thinning: KEEP_MONTHS 12 -> 6", "store.py", KEEP, KEEP.replace(" 12", " 6"), STORE),
    Mutation("thinning: oldest first", "store.py",
             "newest_first = sorted(backups, key=lambda b: b.order, reverse=True)",
             "newest_first = sorted(backups, key=lambda b: b.order)", STORE),
    Mutation("thinning: a year -> 400 days", "store.py", "elif age < 366:", "elif age < 400:", STORE),
    Mutation("thinning: never deletes", "store.py", THIN_IF, "if False:", STORE),
    Mutation("thinning: keeps everything", "store.py", "keep = backups_to_keep(backups, now)",
             "keep = {b.path for b in backups}", STORE),
    # the atomic save
    Mutation("atomic: no fsync of the data", "atomicfile.py", "os.fsync(fd)", "pass", ATOMIC, occurrence=2),
    Mutation("atomic: no fsync of the folder", "atomicfile.py", "_fsync_dir(target.parent)", "pass", ATOMIC),
    Mutation("atomic: written in place, no rename", "atomicfile.py", "os.replace(temp, target)",
             "target.write_bytes(data)", ATOMIC),
    Mutation("atomic: symlink replaced", "atomicfile.py", "target = Path(os.path.realpath(path))",
             "target = Path(path)", ATOMIC),
    Mutation("atomic: mode not kept", "atomicfile.py", "os.chmod(temp, mode)", "pass", ATOMIC),
    Mutation("atomic: temp file left on failure", "atomicfile.py", "os.unlink(temp)", "pass", ATOMIC),
    # the lock refusal
    Mutation("lock: acquire always succeeds", "atomicfile.py", "_lock_fd(fd)", "pass", ATOMIC),
    Mutation("lock: shared instead of exclusive", "atomicfile.py", "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)",
             "fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)", ATOMIC),
    Mutation("lock: never waits", "atomicfile.py", "if time.monotonic() >= deadline:", "if True:", ATOMIC),
    Mutation("lock: refusal ignored by the writer", "store.py", "if not acquired:", "if False:", STORE),
    # all-or-nothing grading
    Mutation("grading: choice all -> any", "grading.py",
             "return ChoiceResult(all(r.picked == r.right for r in rows), rows)",
             "return ChoiceResult(any(r.picked == r.right for r in rows), rows)", GRADING),
    Mutation("grading: choice without wrong picks is enough", "grading.py",
             "return ChoiceResult(all(r.picked == r.right for r in rows), rows)",
             "return ChoiceResult(all(r.picked <= r.right for r in rows), rows)", GRADING),
    Mutation("grading: ordering by its first step", "grading.py",
             "return OrderingResult(given == tuple(range(count)), given, right_order(shown))",
             "return OrderingResult(given[0] == 0, given, right_order(shown))", GRADING),
    Mutation("grading: matching all -> any", "grading.py",
             "return MatchingResult(all(ok for _, _, ok in pairs), pairs, right_pairs(shown))",
             "return MatchingResult(any(ok for _, _, ok in pairs), pairs, right_pairs(shown))", GRADING),
    Mutation("grading: matching with prompts missing", "grading.py", "if len(chosen) != count:", "if not chosen:",
             GRADING),
    # undo
    Mutation("undo: review not popped", "session.py", "self.progress.reviews.pop()", "pass", UNDO),
    Mutation("undo: new card kept", "session.py", "del self.progress.cards[unit.id]", "pass", UNDO),
    Mutation("undo: old card not put back", "session.py", "self.progress.cards[unit.id] = record.before", "pass",
             UNDO),
    Mutation("undo: left on the learning steps", "session.py", "if unit in self.learning:", "if False:", UNDO),
    Mutation("undo: answer not forgotten", "session.py", "record = self.answers.pop()",
             "record = self.answers[-1]", UNDO),
    Mutation("ReviewLog.pop: id of a first review kept", "progress.py",
             "if index == len(self.ids) - 1 and index not in self.item:  # the item's first review: forget its id too",
             "if False:", UNDO),
    Mutation("ReviewLog.pop: ms column not popped", "progress.py",
             "del self.item[-1], self.time[-1], self.grade[-1], self.ms[-1]",
             "del self.item[-1], self.time[-1], self.grade[-1]", UNDO),
    # the sanitizer and the width of wide characters
    Mutation("sanitizer: ESC let through", "console.py", CONTROL, CONTROL.replace(r"\x0b-\x1f", r"\x0b-\x1a\x1c-\x1f"),
             VIEWS),
    Mutation("sanitizer: C1 controls let through", "console.py", CONTROL, CONTROL.replace(r"\x7f-\x9f", r"\x7f"), VIEWS),
    Mutation("width: wide characters counted as one column", "views/__init__.py",
             "return max((cell_len(word) for word in value.split()), default=0)",
             "return max((len(word) for word in value.split()), default=0)", VIEWS),
    # --- the rules added since (issues 12-15) ---
    # the deck lint: length cues at their limits, stem echo, absolutes, positional steps, duplicate prompts
    Mutation("lint: LONGEST_LIMIT 0.30 -> 0.40", "lint.py", LONGEST, LONGEST.replace("0.30", "0.40"), LINT),
    Mutation("lint: TWO_LONGEST_LIMIT 0.60 -> 0.70", "lint.py", TWO_LONGEST, TWO_LONGEST.replace("0.60", "0.70"), LINT),
    Mutation("lint: SHORTEST_LIMIT 0.30 -> 0.40", "lint.py", SHORTEST, SHORTEST.replace("0.30", "0.40"), LINT),
    Mutation("lint: a share at its limit reported", "lint.py", "if single and len(ids) / len(single) > limit:",
             "if single and len(ids) / len(single) >= limit:", LINT),
    Mutation("lint: a tie with the longest wrong option not the longest", "lint.py",
             "return sum(len(o.text) > right for o in question.options if not o.correct)",
             "return sum(len(o.text) >= right for o in question.options if not o.correct)", LINT),
    Mutation("lint: shortest tie not counted", "lint.py",
             "return right <= min(len(o.text) for o in question.options if not o.correct)",
             "return right < min(len(o.text) for o in question.options if not o.correct)",
             LINT),
    Mutation("lint: multiple response with a tie reported", "lint.py", "if min(right) > max(wrong):",
             "if min(right) >= max(wrong):", LINT),
    Mutation("lint: stem echo also when a wrong option shares the word", "lint.py",
             "echoed = [word for key, word in stem_words.items() if key in right and key not in wrong]",
             "echoed = [word for key, word in stem_words.items() if key in right]", LINT),
    Mutation("lint: stem echo ignores the case scenario", "lint.py",
             'stem_words = content_stems(question.prompt + ("\\n" + case.scenario if case else ""))',
             "stem_words = content_stems(question.prompt)", LINT),
    Mutation("lint: stop words counted as echoes", "lint.py",
             "if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS and not word.isdigit():",
             "if len(word) >= MIN_WORD_LENGTH and not word.isdigit():", LINT),
    Mutation("lint: stem keeps its suffix", "lint.py", "word = word[: -len(suffix)]", "pass", LINT),
    Mutation("lint: absolutes in a right option too reported", "lint.py",
             "if any(hits for o, hits in found if o.correct):", "if False:", LINT),
    Mutation("lint: positional steps never found", "lint.py", "hits = sorted(set(words(step)) & POSITIONAL)",
             "hits = sorted(set(step.split()) & POSITIONAL)", LINT),
    Mutation("lint: duplicate prompts compared as written", "lint.py", "text = normalized(prompt_of(question))",
             "text = prompt_of(question)", LINT),
    Mutation("lint: case questions compared without their scenario", "lint.py",
             'key = (normalized(case.scenario) + " | " if case else "") + text', "key = text", LINT),
    # answer keys (the fingerprint of each item's right answer)
    Mutation("answer key: every option, not the right ones", "answerkeys.py",
             'return "choice: " + " | ".join(sorted(normalized(o.text) for o in question.options if o.correct))',
             'return "choice: " + " | ".join(sorted(normalized(o.text) for o in question.options))', KEYS),
    Mutation("answer key: steps in any order", "answerkeys.py",
             'return "order: " + " > ".join(normalized(s) for s in question.steps)',
             'return "order: " + " > ".join(sorted(normalized(s) for s in question.steps))', KEYS),
    Mutation("answer key: case and punctuation count", "answerkeys.py",
             'return " ".join(_WORD.findall(text.lower()))', "return text", KEYS),
    # values read from a progress file
    Mutation("progress: numbers not range-checked", "progress.py",
             "if type(value) not in (int, float) or not low <= value <= high:", "if type(value) not in (int, float):",
             PROGRESS),
    Mutation("progress: whole numbers not range-checked", "progress.py",
             "if type(value) is not int or not low <= value <= high:", "if type(value) is not int:", PROGRESS),
    Mutation("progress: times up to 9999 -> any", "progress.py", LATEST,
             LATEST.replace("253_402_214_400", "10**15"), PROGRESS),
    Mutation("progress: stability 0 allowed", "progress.py", STABILITY, STABILITY.replace("0.001", "0.0"), PROGRESS),
    Mutation("progress: difficulty 1-10 -> 0-10", "progress.py", DIFFICULTY, DIFFICULTY.replace("1.0", "0.0"),
             PROGRESS),
    Mutation("progress: a step on a card in review", "progress.py",
             '_check(step is None, f"{where}.step", "null for a card in review (state 2)")', "pass", PROGRESS),
    Mutation("progress: a step past the last one", "progress.py",
             '_whole(step, f"{where}.step", 0, STEPS[state] - 1)', '_whole(step, f"{where}.step", 0, STEPS[state])',
             PROGRESS),
    Mutation("progress: half a memory state", "progress.py",
             '_check(difficulty is None and last is None, f"{where}.difficulty",', '_check(True, f"{where}.difficulty",',
             PROGRESS),
    Mutation("progress: NaN and Infinity accepted", "progress.py",
             'document = json.loads(data.decode("utf-8"), parse_constant=_no_constant, parse_float=_finite_float)',
             'document = json.loads(data.decode("utf-8"), parse_float=_finite_float)', PROGRESS),
    Mutation("progress: 1e400 accepted", "progress.py", 'if value in (float("inf"), float("-inf")):', "if False:",
             PROGRESS),
    # the store: backups, the compare before replacing, refusals
    Mutation("backups: KEEP_NEWEST 3 -> 2", "store.py", NEWEST, NEWEST.replace("= 3", "= 2"), STORE),
    Mutation("backups: the newest thinned too", "store.py", "keep: set[Path] = {b.path for b in newest_first[:KEEP_NEWEST]}",
             "keep: set[Path] = set()", STORE),
    Mutation("backups: PROMISED_DAYS 30 -> 20", "store.py", PROMISED, PROMISED.replace("30", "20"), STORE),
    Mutation("backups: named ones not kept", "store.py", "if backup.promised and age < PROMISED_DAYS:", "if False:",
             STORE),
    Mutation("backups: daily ones promised too", "store.py", 'return self.reason != "daily"', "return True", STORE),
    Mutation("thinning clock: always trusted", "store.py",
             "if not evidence or now - CLOCK_SLACK <= max(evidence):  # (no sum: it could pass the year 9999)",
             "if True:", STORE),
    Mutation("thinning clock: CLOCK_SLACK 2 -> 20 days", "store.py", SLACK, SLACK.replace("days=2", "days=20"), STORE),
    Mutation("thinning: files not written by fmprep deleted", "store.py", THIN_IF, "if backup.path not in keep:",
             STORE),
    Mutation("written_by_fmprep: content not checked", "store.py",
             "return _HEADER.match(os.read(fd, 256)) is not None", "return True", STORE),
    Mutation("thinning: through a symlinked folder", "store.py", "status = os.lstat(folder)",
             "status = os.stat(folder)", STORE),
    Mutation("save: no compare before replacing", "store.py", "if _digest(current) != expected:", "if False:", STORE),
    Mutation("save: what it wrote not remembered", "store.py", "self._expected = _digest(data)", "pass", STORE,
             occurrence=2),
    Mutation("save: hard link not refused", "store.py", "if status.st_nlink > 1:", "if False:", STORE),
    Mutation("save: read-only file not refused", "store.py",
             "if not status.st_mode & 0o222 or not os.access(self.store.target, os.W_OK):", "if False:", STORE),
    Mutation("read_regular: reads one byte short", "atomicfile.py", "chunks, left = [], limit + 1",
             "chunks, left = [], limit", READ),
    Mutation("read_regular: a file longer than its size read whole", "atomicfile.py", "if left <= 0:", "if False:",
             READ),
    # one local day; suspension; the clock
    Mutation("local_date: the UTC date", "workload.py", "return moment.astimezone(tz).date()",
             "return moment.astimezone(dt.timezone.utc).date()", DAY),
    Mutation("midnight: January's offset all year", "workload.py",
             "return dt.datetime(day.year, day.month, day.day, tzinfo=tz)",
             "return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone(dt.datetime(day.year, 1, 1, "
             "tzinfo=tz).utcoffset()))", DAY),
    Mutation("studied: suspended items kept", "workload.py",
             "return deck.without(progress.suspended) if progress.suspended else deck", "return deck", SUSPEND),
    Mutation("now_utc: any clock", "commands/common.py",
             "if seconds is None or not EARLIEST_TIME <= seconds <= LATEST_TIME:", "if seconds is None:", CLOCK),
    # suspending in a session and its undo
    Mutation("session: suspend not recorded", "session.py", "self.progress.suspended.add(unit.id)", "pass", UNDO),
    Mutation("session: a suspended item comes back on its step", "session.py", "self.learning.remove(unit)", "pass",
             UNDO, occurrence=3),
    Mutation("undo: suspension kept", "session.py", "self.progress.suspended.discard(action.unit.id)", "pass", UNDO),
    Mutation("undo: suspended item not back on its step", "session.py", "if action.learning:", "if False:", UNDO),
    Mutation("undo: an answered suspended item shown again", "session.py", "if action.answered:", "if False:", UNDO),
    # lapses and leeches
    Mutation("lapses: same-day Again counted", "stats.py",
             "if previous is not None and day > previous and grade == again:",
             "if previous is not None and grade == again:", LEECH),
    Mutation("lapses: first review counted", "stats.py",
             "if previous is not None and day > previous and grade == again:",
             "if (previous is None or day > previous) and grade == again:", LEECH),
    Mutation("leech: at the threshold -> above it", "stats.py",
             "for u in units if lapsed.get(u.id, 0) >= leech_lapses]", "for u in units if lapsed.get(u.id, 0) > leech_lapses]",
             LEECH),
    Mutation("leech: LEECH_LAPSES 8 -> 9", "stats.py", LEECH_LINE, LEECH_LINE.replace("= 8", "= 9"), LEECH),
    # the optimizer: which reviews it learns from, and when it keeps a fit
    Mutation("optimizer: same-day reviews are tests", "optimizer.py", "if previous is not None and days > 0:",
             "if previous is not None:", OPTIMIZE),
    Mutation("optimizer: held out not the latest", "optimizer.py", "found.sort(key=lambda t: t.time)",
             "found.sort(key=lambda t: t.history)", OPTIMIZE),
    Mutation("optimizer: HELD_OUT 0.2 -> 0.3", "optimizer.py", "HELD_OUT = 0.2", "HELD_OUT = 0.3", OPTIMIZE),
    Mutation("optimizer: a fit is always better", "optimizer.py",
             "return self.after.log_loss < self.before.log_loss", "return True", OPTIMIZE),
    Mutation("optimizer: kept even when worse", "optimizer.py", "if result.better or force:", "if True:", OPTIMIZE),
    Mutation("optimizer: MIN_REVIEWS 400 -> 300", "optimizer.py", "MIN_REVIEWS = 400", "MIN_REVIEWS = 300", OPTIMIZE),
    # the exam policy: steps deferred, gain per answer
    Mutation("policy: learning steps not deferred", "session.py",
             "defer = self.policy is not None and self.policy.defer_steps and bool(self.queue)", "defer = False", POLICY),
    Mutation("policy: learning steps deferred after the plan too", "session.py",
             "defer = self.policy is not None and self.policy.defer_steps and bool(self.queue)",
             "defer = self.policy is not None and self.policy.defer_steps", POLICY),
    Mutation("policy: lowest gain first", "session.py",
             "self.queue = sorted(due + fresh + ahead, key=lambda u: -gain[u.id])",
             "self.queue = sorted(due + fresh + ahead, key=lambda u: gain[u.id])", POLICY),
    Mutation("policy: gain without today's recall subtracted", "exampolicy.py",
             "return r * recall(good, days, decay) + (1 - r) * recall(again, days, decay) - self.recall_on_exam_day(card)",
             "return r * recall(good, days, decay) + (1 - r) * recall(again, days, decay)", POLICY),
    Mutation("policy: a new item gains nothing", "exampolicy.py",
             "return recall(good, days, decay)", "return 0.0", POLICY),
    # the plan
    Mutation("plan: PLAN_DAYS 60 -> 30", "plan.py", PLAN, PLAN.replace("60", "30"), PLAN_TESTS),
    Mutation("plan: simulated from PLAN_DAYS + 1", "plan.py", "if left > PLAN_DAYS:", "if left > PLAN_DAYS + 1:",
             PLAN_TESTS),
    # output: JSON escaping, one-line cells, the sanitizer's ranges
    Mutation("json_text: nothing escaped", "console.py",
             'return _JSON_RAW.sub(lambda m: f"\\\\u{ord(m.group()):04x}", text)', "return text", VIEWS),
    Mutation("json_text: C1 left raw", "console.py", JSON_RAW, JSON_RAW.replace(r"\x7f-\x9f", r"\x7f"), VIEWS),
    Mutation("json_text: bidi marks left raw", "console.py", JSON_RAW, JSON_RAW.replace(r"\u200e\u200f\u061c", ""),
             VIEWS),
    Mutation("plain_line: line breaks kept", "console.py",
             'return safe(str(text)).replace("\\t", " ").replace("\\n", " ")', 'return safe(str(text)).replace("\\t", " ")',
             VIEWS),
    Mutation("plain_line: not one line", "console.py", "return Text(one_line(text), style=style)",
             "return Text(safe(str(text)), style=style)", VIEWS),
    Mutation("sanitizer: bidi overrides let through", "console.py", CONTROL,
             CONTROL.replace(r"\u202a-\u202e\u2066-\u2069", ""), VIEWS),
    Mutation("sanitizer: bidi marks let through", "console.py", CONTROL, CONTROL.replace(r"\u200e\u200f\u061c", ""),
             VIEWS),
    Mutation("sanitizer: lone surrogates let through", "console.py", CONTROL, CONTROL.replace(r"\ud800-\udfff", ""),
             VIEWS),
    # importing and exporting
    Mutation("import: bad rows skipped silently", "importing.py", "problems.append((line, made))", "pass", IMPORT),
    Mutation("import: line numbers one off", "importing.py", "start = reader.line_num + 1", "start = reader.line_num",
             IMPORT),
    Mutation("import: duplicate rows kept", "importing.py", 'elif made["id"] in seen:', "elif False:", IMPORT),
    Mutation("export: options in the deck's order", "exporting.py", "random.Random(seed).shuffle(order)", "pass",
             EXPORT),
    Mutation("export: one order for every item", "exporting.py",
             'seed = int.from_bytes(hashlib.sha256(f"fmprep-export:{item_id}".encode()).digest()[:8], "big")',
             "seed = count", EXPORT),
]


def copy_repository(destination: Path) -> Path:
    ignore = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", "*.pyc", ".hypothesis", "*.egg-info",
                                    ".venv", "venv", "dist", "build")
    shutil.copytree(REPO, destination, ignore=ignore, symlinks=True)
    return destination


def mutated_text(text: str, mutation: Mutation) -> str:
    lines = text.splitlines(keepends=True)
    matches = [i for i, line in enumerate(lines) if line.strip() == mutation.original]
    if len(matches) < mutation.occurrence or (mutation.occurrence == 1 and len(matches) != 1):
        raise SystemExit(f"{mutation.name}: the line {mutation.original!r} occurs {len(matches)} times in "
                         f"{mutation.file} (src has changed: update tools/mutate.py)")
    i = matches[mutation.occurrence - 1]
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines[i] = indent + mutation.replacement + "\n"
    return "".join(lines)


class Outcome(NamedTuple):
    passed: bool
    note: str  # the first failing test's name, or pytest's last line
    failed: str = ""  # the first failing test's node id ("" when none, or on a timeout)


def run_tests(root: Path, tests: tuple[str, ...], timeout: float) -> Outcome:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FMPREP_")}
    env.update(PYTHONPATH=str(root / "src"), PYTHONDONTWRITEBYTECODE="1")
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                cwd=root, env=env, capture_output=True, text=True, errors="replace",
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        return Outcome(False, "timeout")
    failed = [line.split(" ", 1)[1].split(" - ")[0] for line in result.stdout.splitlines()
              if line.startswith(("FAILED ", "ERROR "))]
    if failed:
        return Outcome(result.returncode == 0, failed[0].split("::")[-1], failed[0])
    return Outcome(result.returncode == 0, " ".join(result.stdout.strip().splitlines()[-1:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2, help="mutations run at once (one repository copy each)")
    parser.add_argument("-k", dest="keyword", default="", help="only mutations whose name contains this")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if args.keyword.lower() in m.name.lower()]
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="fmprep-mutate-") as tmp:
        copies = [copy_repository(Path(tmp) / f"copy{n}") for n in range(max(1, args.jobs))]
        for m in chosen:  # every line is found before anything runs
            mutated_text((copies[0] / "src" / "fmprep" / m.file).read_text(encoding="utf-8"), m)
        baseline_tests = tuple(sorted({t for m in chosen for t in m.tests}))
        passed, note, _ = run_tests(copies[0], baseline_tests, args.timeout)
        if not passed:
            print(f"the unmutated copy fails its tests ({note}); fix that first", file=sys.stderr)
            return 1
        free = list(copies)

        def run(mutation: Mutation) -> tuple[Mutation, bool, str]:
            """Killed only by a test that passes without the mutation. A test that fails on the unmutated copy too
            (a timing-sensitive test on a busy machine) is a flake: it is left out and the mutation run again."""
            root = free.pop()
            path = root / "src" / "fmprep" / mutation.file
            original = path.read_text(encoding="utf-8")
            tests, flakes = mutation.tests, []
            try:
                for _ in range(RETRIES + 1):
                    try:
                        path.write_text(mutated_text(original, mutation), encoding="utf-8")
                        outcome = run_tests(root, tests, args.timeout)
                    finally:
                        path.write_text(original, encoding="utf-8")
                    if outcome.passed or not outcome.failed or run_tests(root, (outcome.failed,), args.timeout).passed:
                        flaky = f" (flaky, left out: {', '.join(flakes)})" if flakes else ""
                        return mutation, not outcome.passed, ("" if outcome.passed else outcome.note) + flaky
                    flakes.append(outcome.note)
                    tests = (*tests, "--deselect", outcome.failed)
                return mutation, False, f"undecided: {', '.join(flakes)} fail without the mutation too"
            finally:
                free.append(root)

        with ThreadPoolExecutor(len(copies)) as pool:
            results = list(pool.map(run, chosen))

    width = max(len(m.name) for m in chosen)
    print(f"{'mutation'.ljust(width)}  {'file'.ljust(13)}  killed  by")
    print(f"{'-' * width}  {'-' * 13}  ------  --")
    for mutation, killed, note in results:
        print(f"{mutation.name.ljust(width)}  {mutation.file.ljust(13)}  {'yes' if killed else 'NO':6}  "
              f"{note}")
    killed = sum(k for _, k, _ in results)
    print(f"\n{killed}/{len(results)} mutations killed  ({time.monotonic() - began:.0f} s)")
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
