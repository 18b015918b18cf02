"""The plan's figures kept between runs, so that `stats` does not simulate weeks of study on every run.

An entry is each budget's expected recall on exam day under a SHA-256 of everything the figures depend on
(:func:`fmprep.plan.inputs`: the item states, today's answers, the deck's items, the hour the plan starts, the days to
the exam in the learner's time zone, the memory model, the seed, fmprep's version), so it is used only for exactly
those inputs and can never be stale. It is plain JSON, checked value by value as it is read, read only from a
private folder (0700, not a symlink) and a regular file owned by the user, as the deck cache is (:mod:`fmprep.deckcache`);
anything missing, foreign or damaged is only a miss. The last ``KEEP`` inputs are kept, in one small file.
"""

from __future__ import annotations

import math
import os
import stat
from pathlib import Path
from typing import Optional

NAME = "plan.json"
FORMAT = "fmprep-plan-cache-1"
KEEP = 8
MAX_BYTES = 256 * 1024
MAX_BUDGET = 10_000


def _digest(inputs: bytes) -> str:
    from fmprep.deckcache import _sha256

    digest = _sha256()
    digest.update(inputs)
    return digest.hexdigest()


class PlanCache:
    """``get``/``put`` each budget's figure for the plan's inputs (see :class:`fmprep.plan.RecallCache`); with no
    folder (FMPREP_NO_CACHE), nothing is kept."""

    def __init__(self, folder: Optional[Path]):
        self.folder = folder

    @classmethod
    def default(cls) -> "PlanCache":
        """In fmprep's cache folder, beside the parsed decks."""
        from fmprep.paths import cache_dir

        return cls(cache_dir())

    def get(self, inputs: bytes) -> dict[int, float]:
        return dict(_read(self.folder).get(_digest(inputs), {})) if self.folder is not None else {}

    def put(self, inputs: bytes, recalls: dict[int, float]) -> None:
        """Keep these figures (the latest first); any failure is ignored: the cache only saves time."""
        if self.folder is None:
            return
        import json

        from fmprep.atomicfile import atomic_write, make_private_dir, remove_temp_files

        try:
            make_private_dir(self.folder)
            if not _private_folder(self.folder):
                return
            remove_temp_files(self.folder, f".{NAME}")  # left by a process killed while writing
            key = _digest(inputs)
            entries = {key: recalls, **{k: v for k, v in _read(self.folder).items() if k != key}}
            kept = [[k, sorted(v.items())] for k, v in list(entries.items())[:KEEP]]
            atomic_write(self.folder / NAME, json.dumps([FORMAT, kept], separators=(",", ":")).encode(), 0o600)
        except (OSError, ValueError, TypeError):
            pass


def _private(status: os.stat_result) -> bool:
    from fmprep.deckcache import _private as private

    return private(status)


def _private_folder(folder: Path) -> bool:
    status = os.lstat(folder)
    return stat.S_ISDIR(status.st_mode) and _private(status)


def _read(folder: Path) -> dict[str, dict[int, float]]:
    """The entries, newest first; {} for a missing, foreign or damaged file (nothing in it is trusted)."""
    import json

    from fmprep.atomicfile import read_regular

    try:
        if not _private_folder(folder):
            return {}
        data, status = read_regular(folder / NAME, MAX_BYTES)
        if not _private(status):
            return {}
        fmt, entries = json.loads(data)
        if fmt != FORMAT or type(entries) is not list:
            return {}
        result: dict[str, dict[int, float]] = {}
        for key, rows in entries[:KEEP]:
            if type(key) is not str or len(key) != 64 or type(rows) is not list:
                return {}
            recalls = {}
            for budget, recall in rows:
                if (type(budget) is not int or not 1 <= budget <= MAX_BUDGET or type(recall) is not float
                        or not math.isfinite(recall) or not 0 <= recall <= 1):
                    return {}
                recalls[budget] = recall
            result[key] = recalls
        return result
    except Exception:  # missing, unreadable, not JSON, not the shape written: only a miss
        return {}
