"""Where things live by default: the built-in deck and the progress file."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def builtin_content() -> Path:
    """The deck shipped inside the wheel; in a source checkout, the repository's ``content/`` folder."""
    packaged = _HERE / "content"
    return packaged if packaged.is_dir() else _HERE.parent.parent / "content"


def default_progress() -> Path:
    import platformdirs  # deferred: only needed when no --progress/FMPREP_PROGRESS is given

    return platformdirs.user_data_path("fmprep", appauthor=False) / "progress.json"


def cache_dir() -> Path | None:
    """Where parsed decks are cached; None (no cache) when FMPREP_NO_CACHE is set."""
    if os.environ.get("FMPREP_NO_CACHE"):
        return None
    import platformdirs

    return platformdirs.user_cache_path("fmprep", appauthor=False)
