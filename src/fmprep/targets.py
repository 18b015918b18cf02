"""Files the learner asks fmprep to write (exports, imported decks): never half-written, never replaced unasked."""

from __future__ import annotations

import os
from pathlib import Path

from fmprep.errors import FmprepError


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any work is done, a target that cannot or should not be written."""
    if path.is_dir():
        raise FmprepError(f"{path} is a folder; give a file name, such as {path / 'fmprep-export'}")
    if path.exists() and not force:
        raise FmprepError(f"{path} already exists; nothing was written. Pass --force to replace it.")
    parent = path.parent
    if not parent.is_dir():
        raise FmprepError(f"the folder {parent} does not exist; create it first. Nothing was written.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise FmprepError(f"cannot write in {parent} (permission denied); choose another folder. Nothing was written.")


def write_target(path: Path, data: bytes, force: bool) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename (all or nothing)."""
    from fmprep.atomicfile import NotDurableError, atomic_write

    check_target(path, force)
    umask = os.umask(0)
    os.umask(umask)
    try:
        atomic_write(path, data, mode=0o666 & ~umask)
    except NotDurableError as exc:  # replaced; only the folder's sync failed
        raise FmprepError(f"{path} was written, but its folder could not be synced ({exc.strerror or exc}): "
                          "after a crash the old file may come back; write it again to be sure.") from None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise FmprepError(f"cannot write {path}: {reason}; nothing was written.") from None
