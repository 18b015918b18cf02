"""Files, safely: read only regular files and only up to a limit, replace a file so that a crash never leaves a
half-written one, private folders, and one writer at a time.

Used by the progress file (``store.py``), the content files (``content.py``) and the deck cache (``deckcache.py``).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Callable

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a FIFO must never wait for a writer
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class NotRegularFileError(OSError):
    """A FIFO, device, folder or socket where a regular file was expected: it is neither read nor replaced."""

    def __init__(self, path: Path | str, mode: int):
        super().__init__(errno.EINVAL, f"it is {kind_of(mode)}, not a regular file", str(path))


class TooLargeError(OSError):
    def __init__(self, path: Path | str, size: int | None, limit: int):
        what = f"{size:,} bytes" if size is not None else "larger"
        super().__init__(errno.EFBIG, f"it is {what}, over the limit of {limit:,} bytes", str(path))


class NotDurableError(OSError):
    """The file was replaced but syncing its folder failed: after a crash the old file may come back."""


def kind_of(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISLNK, "a symbolic link")):
        if test(mode):
            return name
    return "a regular file" if stat.S_ISREG(mode) else "not a file"


def read_regular(path: Path | str, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file of at most ``limit`` bytes, and its status.

    Anything else is refused before it is read: a FIFO, a device or a folder (checked before opening, and again on
    the open file, which is opened without blocking); a file over the limit (by its size, and by reading at most
    ``limit + 1`` bytes, for files that grow or lie about their size). Raises OSError (FileNotFoundError if absent).
    """
    before = os.stat(path)
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFileError(path, before.st_mode)
    if before.st_size > limit:
        raise TooLargeError(path, before.st_size, limit)
    fd = os.open(path, os.O_RDONLY | _NONBLOCK | _CLOEXEC)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFileError(path, status.st_mode)
        if status.st_size > limit:
            raise TooLargeError(path, status.st_size, limit)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise TooLargeError(path, None, limit)
        return b"".join(chunks), status
    finally:
        os.close(fd)


def temp_prefix(target: Path) -> str:
    return f".{target.name}.tmp-"


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable. A failure is reported (NotDurableError), except where folders cannot be
    synced at all (Windows; file systems that answer EINVAL)."""
    if os.name == "nt":  # pragma: no cover - Windows cannot open folders
        return
    try:
        fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            return
        raise NotDurableError(exc.errno, f"syncing the folder failed: {exc.strerror or exc}", str(folder)) from None


def atomic_write(path: Path, data: bytes, mode: int | None = None, owner: tuple[int, int] | None = None,
                 check: Callable[[], None] | None = None) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file, never a mix.

    Writes a temporary file in the same folder, flushes and fsyncs it, calls ``check`` (which may raise to leave the
    target alone), renames the temporary file over the target and fsyncs the folder (NotDurableError if that fails).
    A symlink is followed (the link stays, its target is updated); only a regular file is replaced (never a device
    or a FIFO). The file's mode is kept, and when running as root its owner too (so that a user's file stays the
    user's); a new file gets ``mode`` (default 0600) and ``owner`` if given.
    """
    target = Path(os.path.realpath(path))
    try:
        current = os.stat(target)
    except FileNotFoundError:
        current = None
    if current is not None:
        if not stat.S_ISREG(current.st_mode):
            raise NotRegularFileError(path, current.st_mode)
        if mode is None:
            mode = current.st_mode & 0o7777
        owner = (current.st_uid, current.st_gid)
    if mode is None:
        mode = 0o600
    if owner is not None and (not hasattr(os, "geteuid") or os.geteuid() != 0):
        owner = None  # only root can give a file away; anyone else writes files that are theirs
    temp = target.with_name(f"{temp_prefix(target)}{os.getpid()}-{os.urandom(4).hex()}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            os.fsync(fd)
        finally:
            os.close(fd)
        if owner is not None:
            os.chown(temp, *owner)
        os.chmod(temp, mode)
        if check is not None:
            check()
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _fsync_dir(target.parent)


def make_private_dir(folder: Path, owner: tuple[int, int] | None = None) -> None:
    """Create ``folder`` and any missing parents as 0700 (whatever the umask). Folders that exist are left as they
    are. When running as root, ``owner`` is given the folders created."""
    folder = Path(folder)
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for created in reversed(missing):
        try:
            os.mkdir(created, 0o700)
        except FileExistsError:
            if not created.is_dir():
                raise
            continue
        os.chmod(created, 0o700)  # a umask such as 0o200 could have taken the owner's bits away
        if owner is not None and hasattr(os, "geteuid") and os.geteuid() == 0:
            os.chown(created, *owner)


def is_regular(path: Path) -> bool:
    """Whether ``path`` itself (not what a symlink points to) is a regular file: the only kind fmprep deletes."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def remove_temp_files(folder: Path, prefix: str) -> int:
    """Delete temporary files a killed writer left behind (call only while holding the lock)."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if name.startswith(prefix) and ".tmp-" in name and is_regular(folder / name):
            try:
                os.unlink(folder / name)
                removed += 1
            except OSError:
                pass
    return removed


class FileLock:
    """An exclusive lock on a separate lock file (never the data file, which saves replace).

    The operating system frees it the moment its holder dies, so a killed session never leaves it stuck. The holder
    writes who it is (process id, host, start time) into the file, so that a refusal can say which process to look
    for. Written with fcntl/msvcrt rather than the ``filelock`` package, whose import alone costs ~17 ms of start-up.
    """

    def __init__(self, path: Path, owner: tuple[int, int] | None = None):
        self.path = path
        self.owner = owner
        self._fd: int | None = None

    def acquire(self, timeout: float = 0.0) -> bool:
        """Take the lock, waiting up to ``timeout`` seconds; False if another process holds it."""
        import time

        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | _NONBLOCK | _NOFOLLOW | _CLOEXEC, 0o600)
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise NotRegularFileError(self.path, status.st_mode)
            if self.owner is not None and hasattr(os, "geteuid") and os.geteuid() == 0 and status.st_uid == 0:
                os.chown(self.path, *self.owner)  # root made it: the user's next session must be able to open it
        except BaseException:
            os.close(fd)
            raise
        deadline = time.monotonic() + timeout
        while True:
            try:
                _lock_fd(fd)
                self._fd = fd
                self._write_holder(fd)
                return True
            except (BlockingIOError, PermissionError):
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(0.02)

    @staticmethod
    def _write_holder(fd: int) -> None:
        import json
        import time

        host = os.uname().nodename if hasattr(os, "uname") else os.environ.get("COMPUTERNAME", "")
        record = {"pid": os.getpid(), "host": host, "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())}
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, json.dumps(record).encode())
        except OSError:
            pass  # who holds the lock is a courtesy for the refusal message; the lock itself is what counts

    def holder(self) -> dict | None:
        """Who holds the lock, as its holder wrote it: {"pid": int, "host": str, "started": str}, or None."""
        import json
        import re

        try:
            data, _ = read_regular(self.path, 1024)
            record = json.loads(data)
            pid, host, started = record["pid"], record["host"], record["started"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        if type(pid) is not int or pid <= 0 or not all(isinstance(s, str) for s in (host, started)):
            return None
        tidy = re.compile(r"[^\w .:+-]")
        return {"pid": pid, "host": tidy.sub("?", host)[:64], "started": tidy.sub("?", started)[:40]}

    def release(self) -> None:
        if self._fd is not None:
            _unlock_fd(self._fd)
            os.close(self._fd)
            self._fd = None


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock_fd(fd: int) -> None:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            raise BlockingIOError(str(exc)) from None

    def _unlock_fd(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)  # msvcrt locks from the position: the holder's record moved it
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
