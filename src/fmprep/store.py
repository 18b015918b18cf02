"""The progress file on disk: atomic and durable saves, one writer at a time, rolling backups, recovery.

Readers (`topics`, `stats`, `backups`) take no lock and never write. Writers (`quiz`, `reset`, `restore`,
`exam`) hold an exclusive lock on ``<file>.lock`` for as long as they run; a second writer is refused at once.
A file that cannot be understood is never overwritten or deleted: the learner is told how to recover.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import NamedTuple

from fmprep.atomicfile import FileLock, atomic_write, remove_temp_files, temp_prefix
from fmprep.errors import ProgressError
from fmprep.progress import (
    SCHEMA_VERSION, FormatError, NewerVersionError, Progress, decode, encode, load_bytes, migrate, parse_document,
)

BACKUP_DIR_SUFFIX = ".backups"
_BACKUP_NAME = re.compile(r"(\d{8}T\d{6}Z)(?:-(\d+))?-([a-z0-9-]+)\.json\Z")
KEEP_DAYS, KEEP_PER_DAY, KEEP_WEEKS, KEEP_MONTHS = 7, 3, 8, 12


# -- backups -------------------------------------------------------------------------------------------------

class Backup(NamedTuple):
    path: Path
    taken: dt.datetime  # UTC
    reason: str
    number: int = 1  # the second backup taken in the same second is 2, and so on

    @property
    def order(self) -> tuple[dt.datetime, int]:
        """Sorts backups by when they were taken (file names do not: `...Z-2-x` sorts before `...Z-x`)."""
        return self.taken, self.number

    @property
    def name(self) -> str:
        return self.path.name


def list_backups(folder: Path) -> list[Backup]:
    """Backups in ``folder``, oldest first."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    backups = []
    for name in names:
        match = _BACKUP_NAME.match(name)
        if match:
            taken = dt.datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
            backups.append(Backup(folder / name, taken, match[3], int(match[2] or 1)))
    return sorted(backups, key=lambda b: b.order)


def backups_to_keep(backups: list[Backup], now: dt.datetime) -> set[Path]:
    """The thinning rule: every backup of the last 7 days (the newest 3 of a day), then the newest of each week
    for 8 weeks, then the newest of each month for 12 months. Older ones go; at most ~41 are ever kept."""
    keep: set[Path] = set()
    per_day: dict[dt.date, int] = {}
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for backup in sorted(backups, key=lambda b: b.order, reverse=True):  # newest first
        age = (now - backup.taken).days
        day = backup.taken.date()
        if age < KEEP_DAYS:
            if per_day.get(day, 0) < KEEP_PER_DAY:
                per_day[day] = per_day.get(day, 0) + 1
                keep.add(backup.path)
        elif age < KEEP_DAYS + 7 * KEEP_WEEKS:
            week = tuple(day.isocalendar())[:2]
            if week not in weeks:
                weeks.add(week)  # type: ignore[arg-type]
                keep.add(backup.path)
        elif age < 366:
            month = (day.year, day.month)
            if month not in months and len(months) < KEEP_MONTHS:
                months.add(month)
                keep.add(backup.path)
    return keep


# -- the store -----------------------------------------------------------------------------------------------

class ProgressStore:
    """One progress file and its companions: ``<file>.lock``, ``<file>.backups/``, ``<file>.damaged-*``."""

    def __init__(self, path: Path, tz: dt.tzinfo = dt.timezone.utc):
        self.path = Path(path)
        self.tz = tz  # the learner's time zone: "a day" for the daily backup is the learner's day

    @property
    def target(self) -> Path:
        """The real file (a symlinked progress file is written through to its target)."""
        return Path(os.path.realpath(self.path))

    @property
    def backup_dir(self) -> Path:
        return self.target.with_name(self.target.name + BACKUP_DIR_SUFFIX)

    @property
    def lock_path(self) -> Path:
        return self.target.with_name(self.target.name + ".lock")

    def backups(self) -> list[Backup]:
        return list_backups(self.backup_dir)

    def read_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ProgressError(f"cannot read the progress file {self.path}: {exc.strerror or exc}. "
                                "Check its permissions, or point --progress elsewhere.") from None

    def read(self) -> Progress:
        """Read-only: the progress (empty if there is no file yet). Takes no lock and writes nothing."""
        data = self.read_bytes()
        if data is None:
            return Progress()
        try:
            return load_bytes(data)
        except FormatError as exc:
            raise self.damaged_error(exc) from None

    def damaged_error(self, problem: FormatError) -> ProgressError:
        if isinstance(problem, NewerVersionError):
            return ProgressError(
                f"The progress file {self.path} cannot be used: {problem}.\n"
                "It has not been changed. Upgrade fmprep (pip install --upgrade fmprep), or use another file "
                "with --progress.")
        backups = self.backups()
        lines = [f"The progress file {self.path} cannot be used: {problem}.",
                 "It has not been changed. To recover, either:"]
        if backups:
            lines.append(f"  - restore a backup: `fmprep backups` lists them ({len(backups)}, newest "
                         f"{backups[-1].name}); `fmprep restore {backups[-1].name}` puts the newest back;")
        else:
            lines.append("  - restore a copy of the file, if you have one (fmprep has taken no backup of it yet);")
        lines.append("  - or start over: `fmprep reset` keeps the damaged file aside under a new name and starts "
                     "with empty progress.")
        lines.append("Either way, the damaged file's bytes are kept.")
        return ProgressError("\n".join(lines))

    def writer(self, now: dt.datetime, wait: float = 0.0) -> "ProgressWriter":
        return ProgressWriter(self, now, wait)


class ProgressWriter:
    """Holds the lock while in a ``with`` block; loads, saves, backs up and recovers the progress file."""

    def __init__(self, store: ProgressStore, now: dt.datetime, wait: float):
        self.store = store
        self.now = now
        self.wait = wait
        self._lock = None
        self._progress: Progress | None = None
        self._backed_up_today = False

    def __enter__(self) -> "ProgressWriter":
        target = self.store.target
        lock = FileLock(self.store.lock_path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            acquired = lock.acquire(self.wait)
        except OSError as exc:
            raise ProgressError(f"cannot use the progress file {self.store.path}: {exc.strerror or exc}. "
                                "Check the folder's permissions, or point --progress elsewhere.") from None
        if not acquired:
            raise ProgressError(f"Another fmprep session is using {self.store.path} (it holds "
                                f"{self.store.lock_path}). Finish that session first; nothing was changed.")
        self._lock = lock
        remove_temp_files(target.parent, temp_prefix(target))
        remove_temp_files(self.store.backup_dir, ".")
        return self

    def __exit__(self, *exc_info) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- reading ---------------------------------------------------------------------------------------------
    def problem(self) -> FormatError | None:
        """What is wrong with the file on disk, or None if it is fine (or absent)."""
        data = self.store.read_bytes()
        try:
            if data is not None:
                load_bytes(data)
        except FormatError as exc:
            return exc
        return None

    def load(self) -> Progress:
        """The progress, migrated to the current schema (with a backup taken first) and backed up once a day."""
        if self._progress is not None:
            return self._progress
        data = self.store.read_bytes()
        if data is None:
            self._progress = Progress()
            return self._progress
        try:
            document = parse_document(data)
            version = document["version"]
            progress = decode(migrate(document))
        except FormatError as exc:
            raise self.store.damaged_error(exc) from None
        self._progress = progress
        if version < SCHEMA_VERSION:
            self.backup(f"before-migration-v{version}")
            self.save(progress)
        return progress

    # -- writing ---------------------------------------------------------------------------------------------
    def save(self, progress: Progress) -> None:
        """Write ``progress`` atomically and durably. On failure the previous file is left as it was.

        The file on disk must have loaded (or be absent, or set aside): a damaged file is never overwritten.
        """
        if self._progress is None:
            self.load()
        try:
            data = encode(progress)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ProgressError(f"could not save progress to {self.store.path}: {exc}. The previous file is "
                                "unchanged; please report this as a bug.") from None
        if not self._backed_up_today and self._progress is not None:  # only a file that loaded is worth keeping
            self._daily_backup()
            self._backed_up_today = True
        self._write(self.store.path, data, "save progress to")
        self._progress = progress

    def _write(self, path: Path, data: bytes, doing: str, mode: int | None = None) -> None:
        try:
            atomic_write(path, data, mode)
        except OSError as exc:
            raise ProgressError(f"could not {doing} {path}: {exc.strerror or exc}. The previous file is unchanged; "
                                "check free disk space and permissions, then try again.") from None

    def backup(self, reason: str) -> Path | None:
        """Copy the file's exact bytes into the backup folder; returns the backup, or None if there is no file."""
        data = self.store.read_bytes()
        if data is None:
            return None
        folder = self.store.backup_dir
        stamp = self.now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        path, n = folder / f"{stamp}-{reason}.json", 1
        while path.exists():
            n += 1
            path = folder / f"{stamp}-{n}-{reason}.json"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressError(f"could not create the backup folder {folder}: {exc.strerror or exc}") from None
        self._write(path, data, "write the backup", mode=0o600)
        self._backed_up_today = True  # this copy already keeps the state before today's changes
        self._thin()
        return path

    def _daily_backup(self) -> None:
        """Before the first save of a day, keep the file as it was (at most one such backup a day)."""
        from fmprep.workload import local_date

        today, tz = local_date(self.now, self.store.tz), self.store.tz
        if not any(b.reason == "daily" and local_date(b.taken, tz) == today for b in self.store.backups()):
            self.backup("daily")

    def _thin(self) -> None:
        backups = self.store.backups()
        keep = backups_to_keep(backups, self.now)
        for backup in backups:
            if backup.path not in keep:
                try:
                    os.unlink(backup.path)
                except OSError:
                    pass

    def set_aside(self) -> Path:
        """Keep a copy of the (damaged) file's exact bytes as ``<file>.damaged-<time>``; returns its path."""
        data = self.store.read_bytes() or b""
        stamp = self.now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.store.target
        aside, n = target.with_name(f"{target.name}.damaged-{stamp}"), 1
        while aside.exists():
            n += 1
            aside = target.with_name(f"{target.name}.damaged-{stamp}-{n}")
        self._write(aside, data, "keep the damaged file as")
        self._progress = Progress()  # starting over is now safe: the bytes are kept
        self._backed_up_today = True  # and the damaged bytes are no daily backup
        return aside

    def restore(self, backup: Backup) -> Path | None:
        """Put a backup's exact bytes back. The current file is kept first: backed up, or set aside if damaged.
        Returns where the current file was kept (None if there was none)."""
        try:
            data = backup.path.read_bytes()
        except OSError as exc:
            raise ProgressError(f"cannot read the backup {backup.path}: {exc.strerror or exc}") from None
        try:
            load_bytes(data)
        except FormatError as exc:
            raise ProgressError(f"the backup {backup.name} cannot be used either: {exc}. Choose another one "
                                "(`fmprep backups`).") from None
        kept = self.set_aside() if self.problem() is not None else self.backup("before-restore")
        self._write(self.store.path, data, "restore the backup to")
        self._progress = None
        return kept
