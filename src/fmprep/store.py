"""The progress file on disk: atomic and durable saves, one writer at a time, rolling backups, recovery.

Readers (`topics`, `stats`, `backups`) take no lock and never write. Writers (`quiz`, `reset`, `restore`,
`exam`) hold an exclusive lock on ``<file>.lock`` for as long as they run; a second writer is refused at once.
Whatever happens to the lock, a writer replaces the file only if it still holds the bytes it read (else both are
kept). Only regular files are read, replaced or deleted. A file that cannot be understood is never overwritten or
deleted: the learner is told how to recover.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path
from typing import NamedTuple

from fmprep.atomicfile import (
    FileLock, NotDurableError, NotRegularFileError, TooLargeError, atomic_write, is_regular, make_private_dir,
    read_regular, remove_temp_files, temp_prefix,
)
from fmprep.errors import ProgressError
from fmprep.progress import (
    SCHEMA_VERSION, FormatError, NewerVersionError, Progress, decode, encode, load_bytes, migrate, parse_document,
)

BACKUP_DIR_SUFFIX = ".backups"
_BACKUP_NAME = re.compile(r"(\d{8}T\d{6}Z)(?:-(\d+))?-([a-z0-9-]+)\.json\Z")
KEEP_DAYS, KEEP_PER_DAY, KEEP_WEEKS, KEEP_MONTHS = 7, 3, 8, 12
KEEP_NEWEST = 3  # never thinned, whatever the clock says
PROMISED_DAYS = 30  # a backup a message named is kept at least this long
CLOCK_SLACK = dt.timedelta(days=2)  # see thinning_clock
PROGRESS_LIMIT = 256 * 1024 * 1024  # bytes; a progress file is ~13 MB with 100,000 reviews
# How every progress file fmprep writes begins (encode puts "format" first); checked before deleting a backup.
_HEADER = re.compile(rb'\A\s*\{\s*"format"\s*:\s*"fmprep-progress"\s*,')


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

    @property
    def promised(self) -> bool:
        """Taken before something the learner asked for (a reset, a restore, a migration) and named in its message
        ("`fmprep restore NAME` undoes this"): kept at least PROMISED_DAYS. Only the daily backups are automatic."""
        return self.reason != "daily"


def list_backups(folder: Path) -> list[Backup]:
    """Backups in ``folder``, oldest first: regular files named as fmprep names them (a FIFO, a folder or a symlink
    of that name is no backup, and is never opened)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    backups = []
    for name in names:
        match = _BACKUP_NAME.match(name)
        if match and is_regular(folder / name):
            try:
                taken = dt.datetime.strptime(match[1], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)
            except ValueError:  # e.g. month 13: not a name fmprep wrote
                continue
            backups.append(Backup(folder / name, taken, match[3], int(match[2] or 1)))
    return sorted(backups, key=lambda b: b.order)


def backups_to_keep(backups: list[Backup], now: dt.datetime) -> set[Path]:
    """The thinning rule: the newest 3 always; every backup that a message named (``promised``) for 30 days; every
    backup of the last 7 days (the newest 3 of a day), then the newest of each week for 8 weeks, then the newest of
    each month for 12 months. Older ones go."""
    newest_first = sorted(backups, key=lambda b: b.order, reverse=True)
    keep: set[Path] = {b.path for b in newest_first[:KEEP_NEWEST]}
    per_day: dict[dt.date, int] = {}
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for backup in newest_first:
        age = (now - backup.taken).days
        day = backup.taken.date()
        if backup.promised and age < PROMISED_DAYS:
            keep.add(backup.path)
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


def thinning_clock(now: dt.datetime, evidence: list[dt.datetime]) -> dt.datetime:
    """The time thinning counts ages from. A clock more than CLOCK_SLACK ahead of the newest time fmprep has seen
    written (the backups taken before, the reviews in the file) is not trusted: ages are counted from that newest
    time instead. So a clock set to the year 2100 deletes nothing that the last thinning kept, while a learner back
    after a long break still gets old backups thinned."""
    if not evidence or now - CLOCK_SLACK <= max(evidence):  # (no sum: it could pass the year 9999)
        return now
    return max(evidence)


def written_by_fmprep(path: Path) -> bool:
    """Whether ``path`` is a regular file (not followed through a symlink) that starts as fmprep's progress files
    start: the content check before fmprep deletes a file whose name looks like one of its backups."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        return _HEADER.match(os.read(fd, 256)) is not None
    except OSError:
        return False
    finally:
        os.close(fd)


# -- the store -----------------------------------------------------------------------------------------------

class _Changed(Exception):
    """The progress file is not what this session read: replacing it would lose someone else's changes."""


def _digest(data: bytes | None) -> bytes | None:
    from fmprep.deckcache import _sha256

    if data is None:
        return None
    digest = _sha256()
    digest.update(data)
    return digest.digest()


class ProgressStore:
    """One progress file and its companions: ``<file>.lock``, ``<file>.backups/``, ``<file>.damaged-*``,
    ``<file>.conflict-*``."""

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

    def owner(self) -> tuple[int, int]:
        """Whose the progress file is (or, before it exists, its nearest existing folder): what a run as root gives
        the files and folders it creates, so that the learner's next run can use them."""
        path = self.target
        while True:
            try:
                status = os.stat(path)
                return status.st_uid, status.st_gid
            except OSError:
                if path.parent == path:
                    return getattr(os, "getuid", lambda: 0)(), getattr(os, "getgid", lambda: 0)()
                path = path.parent

    def read_with_status(self) -> tuple[bytes | None, os.stat_result | None]:
        """The file's bytes and status; (None, None) if there is no file. Only a regular file of at most
        PROGRESS_LIMIT bytes is read (a FIFO or a device is refused, never waited on)."""
        try:
            return read_regular(self.path, PROGRESS_LIMIT)
        except FileNotFoundError:
            return None, None
        except (NotRegularFileError, TooLargeError) as exc:
            raise ProgressError(f"cannot use the progress file {self.path}: {exc.strerror}. fmprep reads and "
                                "writes only regular files; point --progress (or FMPREP_PROGRESS) at your progress "
                                "file. Nothing was changed.") from None
        except OSError as exc:
            raise ProgressError(f"cannot read the progress file {self.path}: {exc.strerror or exc}. "
                                "Check its permissions, or point --progress elsewhere.") from None

    def read_bytes(self) -> bytes | None:
        return self.read_with_status()[0]

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


_UNREAD = object()


class ProgressWriter:
    """Holds the lock while in a ``with`` block; loads, saves, backs up and recovers the progress file.

    The lock keeps other fmprep sessions out; the file itself is checked too, whatever happened to the lock: the
    writer remembers what it read (a hash of the bytes) and replaces the file only if it still holds exactly that.
    """

    def __init__(self, store: ProgressStore, now: dt.datetime, wait: float):
        self.store = store
        self.now = now
        self.wait = wait
        self._lock = None
        self._progress: Progress | None = None
        self._backed_up_today = False
        self._expected: object = _UNREAD  # the digest of the bytes this writer read and may replace (None: no file)
        self._newest_review: dt.datetime | None = None  # in the file as read: evidence of the real date
        self._owner = store.owner()

    def __enter__(self) -> "ProgressWriter":
        target = self.store.target
        lock = FileLock(self.store.lock_path, self._owner)
        try:
            make_private_dir(target.parent, self._owner)
            acquired = lock.acquire(self.wait)
        except OSError as exc:
            raise ProgressError(f"cannot use the progress file {self.store.path}: {exc.strerror or exc}. "
                                "Check the folder's permissions, or point --progress elsewhere.") from None
        if not acquired:
            raise self._refusal(lock)
        self._lock = lock
        remove_temp_files(target.parent, temp_prefix(target))
        if not os.path.islink(self.store.backup_dir):
            remove_temp_files(self.store.backup_dir, ".")
        return self

    def _refusal(self, lock: FileLock) -> ProgressError:
        holder = lock.holder()
        if holder is None:
            who, find = "", ""
        else:
            who = f" (process {holder['pid']} on {holder['host']}, started {holder['started']})"
            here = os.uname().nodename if hasattr(os, "uname") else ""
            find = (f" `ps -p {holder['pid']}` shows it." if holder["host"] == here and os.name == "posix" else
                    " It runs on another computer that shares this folder." if holder["host"] != here else "")
        return ProgressError(
            f"Another fmprep session is using {self.store.path}{who}. Finish that session first;{find} "
            f"Nothing was changed.\nThe lock is {self.store.lock_path}; the system frees it as soon as that "
            "process ends, so deleting the lock file does not help (and fmprep would not overwrite that session's "
            "answers anyway).")

    def __exit__(self, *exc_info) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- reading ---------------------------------------------------------------------------------------------
    def _read(self) -> bytes | None:
        """The file's bytes, read to be replaced: a file that must not be replaced is refused here, before anything
        is done (a read-only file, a file with other names)."""
        data, status = self.store.read_with_status()
        if status is None:
            return None
        path = self.store.path
        if not status.st_mode & 0o222 or not os.access(self.store.target, os.W_OK):
            raise ProgressError(
                f"The progress file {path} is read-only (mode {stat.filemode(status.st_mode)}); fmprep will not "
                f"overwrite it. Nothing was changed. To study with it, make it writable (chmod u+w {path}); to only "
                "look, `fmprep stats` and `fmprep topics` read it as it is.")
        if status.st_nlink > 1:
            raise ProgressError(
                f"The progress file {path} has {status.st_nlink} names (hard links). A save replaces the file, which "
                "would leave the other names holding old progress. Nothing was changed. Keep one name (remove the "
                f"other links, or make a separate copy: cp {path} {path}.new && mv {path}.new {path}), or use a "
                "symbolic link instead, which fmprep writes through.")
        return data

    def problem(self) -> FormatError | None:
        """What is wrong with the file on disk, or None if it is fine (or absent)."""
        data = self._read()
        try:
            if data is not None:
                load_bytes(data)
        except FormatError as exc:
            return exc
        return None

    def _remember(self, data: bytes | None, progress: Progress | None) -> None:
        self._expected = _digest(data)
        times = progress.reviews.time if progress is not None else []
        try:
            self._newest_review = dt.datetime.fromtimestamp(max(times), dt.timezone.utc) if times else None
        except (OverflowError, ValueError, OSError, TypeError):
            self._newest_review = None

    def load(self) -> Progress:
        """The progress, migrated to the current schema (with a backup taken first) and backed up once a day."""
        if self._progress is not None:
            return self._progress
        data = self._read()
        if data is None:
            self._remember(None, None)
            self._progress = Progress()
            return self._progress
        try:
            document = parse_document(data)
            version = document["version"]
            progress = decode(migrate(document))
        except FormatError as exc:
            raise self.store.damaged_error(exc) from None
        self._remember(data, progress)
        self._progress = progress
        if version < SCHEMA_VERSION:
            self.backup(f"before-migration-v{version}")
            self.save(progress)
        return progress

    # -- writing ---------------------------------------------------------------------------------------------
    def save(self, progress: Progress) -> None:
        """Write ``progress`` atomically and durably. On failure the previous file is left as it was.

        The file on disk must have loaded (or be absent, or set aside): a damaged file is never overwritten; and it
        must still be what was loaded: a file changed since is kept, and this save is written beside it.
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
        self._replace(data, "save progress to")
        self._progress = progress

    def _replace(self, data: bytes, doing: str) -> None:
        """Replace the progress file with ``data`` if it still holds what this writer read; else keep both."""
        expected = self._expected
        if expected is _UNREAD:  # pragma: no cover - every caller reads first
            raise AssertionError("the progress file is replaced without having been read")

        def unchanged() -> None:
            try:
                current = self._read()
            except ProgressError:
                raise _Changed() from None
            if _digest(current) != expected:
                raise _Changed()

        try:
            self._write(self.store.path, data, doing, check=unchanged)
        except _Changed:
            beside = self._beside("conflict", data)
            raise ProgressError(
                f"The progress file {self.store.path} was changed by another program since fmprep read it (another "
                "fmprep session whose lock file was deleted?). It was not overwritten, and nothing is lost:\n"
                f"  - the file as the other program left it is still {self.store.path};\n"
                f"  - what this session would have saved is kept as {beside}.\n"
                "Close other fmprep sessions, then keep the one you want (to keep this session's: "
                f"mv {beside} {self.store.path}).") from None
        self._expected = _digest(data)

    def _write(self, path: Path, data: bytes, doing: str, mode: int | None = None, check=None) -> None:
        try:
            atomic_write(path, data, mode, self._owner, check)
        except NotDurableError as exc:
            raise ProgressError(f"could not {doing} {path} safely: {exc.strerror or exc}. The new file is in place "
                                "but may not survive a power cut or crash; check the disk (errors, free space) "
                                "before going on. The save is not reported as done.") from None
        except OSError as exc:
            raise ProgressError(f"could not {doing} {path}: {exc.strerror or exc}. The previous file is unchanged; "
                                "check free disk space and permissions, then try again.") from None

    def backup(self, reason: str) -> Path | None:
        """Copy the file's exact bytes into the backup folder; returns the backup, or None if there is no file."""
        return self._backup_bytes(self._read(), reason)

    def _backup_bytes(self, data: bytes | None, reason: str) -> Path | None:
        if data is None:
            return None
        folder = self.store.backup_dir
        stamp = self.now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        path, n = folder / f"{stamp}-{reason}.json", 1
        while os.path.lexists(path):
            n += 1
            path = folder / f"{stamp}-{n}-{reason}.json"
        try:
            make_private_dir(folder, self._owner)
        except OSError as exc:
            raise ProgressError(f"could not create the backup folder {folder}: {exc.strerror or exc}") from None
        prior = [b.taken for b in self.store.backups()]
        self._write(path, data, "write the backup", mode=0o600)
        self._backed_up_today = True  # this copy already keeps the state before today's changes
        evidence = prior + ([self._newest_review] if self._newest_review is not None else [])
        self._thin(thinning_clock(self.now, evidence))
        return path

    def _daily_backup(self) -> None:
        """Before the first save of a day, keep the file as it was (at most one such backup a day)."""
        from fmprep.workload import local_date

        today, tz = local_date(self.now, self.store.tz), self.store.tz
        if not any(b.reason == "daily" and local_date(b.taken, tz) == today for b in self.store.backups()):
            self.backup("daily")

    def _thin(self, now: dt.datetime) -> None:
        """Delete the backups the rule does not keep; only files fmprep wrote: named as it names them, regular
        files, starting as its progress files start. Never through a backup folder that is a symbolic link (its
        files may not be fmprep's: they are left for the learner to manage) or one owned by someone else."""
        folder = self.store.backup_dir
        try:
            status = os.lstat(folder)
        except OSError:
            return
        if not stat.S_ISDIR(status.st_mode) or (hasattr(os, "geteuid") and os.geteuid() not in (0, status.st_uid)):
            return
        backups = self.store.backups()
        keep = backups_to_keep(backups, now)
        for backup in backups:
            if backup.path not in keep and written_by_fmprep(backup.path):
                try:
                    os.unlink(backup.path)
                except OSError:
                    pass

    def _beside(self, kind: str, data: bytes) -> Path:
        """Write ``data`` as a new file ``<file>.<kind>-<time>`` beside the progress file; returns its path."""
        stamp = self.now.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        target = self.store.target
        path, n = target.with_name(f"{target.name}.{kind}-{stamp}"), 1
        while os.path.lexists(path):
            n += 1
            path = target.with_name(f"{target.name}.{kind}-{stamp}-{n}")
        self._write(path, data, f"keep the {kind} file as")
        return path

    def set_aside(self) -> Path:
        """Keep a copy of the (damaged) file's exact bytes as ``<file>.damaged-<time>``; returns its path."""
        data = self._read()
        aside = self._beside("damaged", data or b"")
        self._remember(data, None)  # replacing exactly these bytes is now safe: they are kept
        self._progress = Progress()  # starting over is now safe: the bytes are kept
        self._backed_up_today = True  # and the damaged bytes are no daily backup
        return aside

    def restore(self, backup: Backup) -> Path | None:
        """Put a backup's exact bytes back. The current file is kept first: backed up, or set aside if damaged.
        Returns where the current file was kept (None if there was none)."""
        try:
            data, _ = read_regular(backup.path, PROGRESS_LIMIT)
        except OSError as exc:
            raise ProgressError(f"cannot read the backup {backup.path}: {exc.strerror or exc}. Choose another one "
                                "(`fmprep backups`).") from None
        try:
            load_bytes(data)
        except FormatError as exc:
            raise ProgressError(f"the backup {backup.name} cannot be used either: {exc}. Choose another one "
                                "(`fmprep backups`).") from None
        current = self._read()
        try:
            loaded = load_bytes(current) if current is not None else None
        except FormatError:
            kept = self.set_aside()  # reads the same bytes again and remembers them
        else:
            self._remember(current, loaded)
            kept = self._backup_bytes(current, "before-restore")
        self._replace(data, "restore the backup to")
        self._progress = None
        return kept
