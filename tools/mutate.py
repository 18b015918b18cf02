"""Mutation check by hand: does the suite fail when one of the lines that matter changes?

    python tools/mutate.py             # every mutation, two at a time
    python tools/mutate.py --jobs 1 -k grading

Each mutation replaces one line of ``src/`` (found by its text; it must be there exactly once, or be given its
occurrence) in a temporary copy of the repository, never in the working tree, then runs the test files that
guard it with ``pytest -x -q``. A mutation is *killed* when they fail. The table lists every mutation; the
script exits 1 unless all are killed (or when the unmutated copy does not pass to begin with).
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
GRADING = ("tests/test_grading.py",)
VIEWS = ("tests/test_console.py", "tests/test_views_tables.py")
UNDO = ("tests/test_session.py", "tests/test_progress.py")

AHEAD = "ahead = [u for u in units if u.id in cards and u.id not in due_ids and gain[u.id] >= policy.min_gain]"
CAP_IF = "if card.due >= to_seconds(self.start) and latest > now:"
PACE = "return unseen if days <= 0 else max(base, math.ceil(unseen / days))"
KEEP = "KEEP_DAYS, KEEP_PER_DAY, KEEP_WEEKS, KEEP_MONTHS = 7, 3, 8, 12"

MUTATIONS = [
    # the exam policy's early reviews
    Mutation("early reviews: >= min_gain -> >", "session.py", AHEAD, AHEAD.replace(">=", ">"), POLICY),
    Mutation("early reviews: min_gain -> 0", "session.py", AHEAD, AHEAD.replace("policy.min_gain", "0"), POLICY),
    Mutation("early reviews: none", "session.py", AHEAD, "ahead = []", POLICY),
    Mutation("MIN_GAIN 0.02 -> 0.03", "exampolicy.py", "MIN_GAIN = 0.02", "MIN_GAIN = 0.03", POLICY),
    Mutation("MIN_GAIN 0.02 -> 0.01", "exampolicy.py", "MIN_GAIN = 0.02", "MIN_GAIN = 0.01", POLICY),
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
             "for backup in sorted(backups, key=lambda b: b.order, reverse=True):  # newest first",
             "for backup in sorted(backups, key=lambda b: b.order):", STORE),
    Mutation("thinning: a year -> 400 days", "store.py", "elif age < 366:", "elif age < 400:", STORE),
    Mutation("thinning: never deletes", "store.py", "if backup.path not in keep:", "if False:", STORE),
    Mutation("thinning: keeps everything", "store.py", "keep = backups_to_keep(backups, self.now)",
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
    Mutation("sanitizer: ESC let through", "console.py",
             '_CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")',
             '_CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1a\\x1c-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")', VIEWS),
    Mutation("sanitizer: C1 controls let through", "console.py",
             '_CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")',
             '_CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f\\u202a-\\u202e\\u2066-\\u2069]")', VIEWS),
    Mutation("width: wide characters counted as one column", "views/__init__.py",
             "return max((cell_len(word) for word in value.split()), default=0)",
             "return max((len(word) for word in value.split()), default=0)", VIEWS),
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


def run_tests(root: Path, tests: tuple[str, ...], timeout: float) -> tuple[bool, str]:
    """(passed, a short note)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FMPREP_")}
    env.update(PYTHONPATH=str(root / "src"), PYTHONDONTWRITEBYTECODE="1")
    try:
        result = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                cwd=root, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return False, "timeout"
    failed = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    note = failed[0].split(" - ")[0].split("::")[-1] if failed else result.stdout.strip().splitlines()[-1:]
    return result.returncode == 0, note if isinstance(note, str) else " ".join(note)


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
        passed, note = run_tests(copies[0], baseline_tests, args.timeout)
        if not passed:
            print(f"the unmutated copy fails its tests ({note}); fix that first", file=sys.stderr)
            return 1
        free = list(copies)

        def run(mutation: Mutation) -> tuple[Mutation, bool, str]:
            root = free.pop()
            path = root / "src" / "fmprep" / mutation.file
            original = path.read_text(encoding="utf-8")
            try:
                path.write_text(mutated_text(original, mutation), encoding="utf-8")
                survived, note = run_tests(root, mutation.tests, args.timeout)
            finally:
                path.write_text(original, encoding="utf-8")
                free.append(root)
            return mutation, not survived, note

        with ThreadPoolExecutor(len(copies)) as pool:
            results = list(pool.map(run, chosen))

    width = max(len(m.name) for m in chosen)
    print(f"{'mutation'.ljust(width)}  {'file'.ljust(13)}  killed  by")
    print(f"{'-' * width}  {'-' * 13}  ------  --")
    for mutation, killed, note in results:
        print(f"{mutation.name.ljust(width)}  {mutation.file.ljust(13)}  {'yes' if killed else 'NO':6}  "
              f"{note if killed else ''}")
    killed = sum(k for _, k, _ in results)
    print(f"\n{killed}/{len(results)} mutations killed  ({time.monotonic() - began:.0f} s)")
    return 0 if killed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
