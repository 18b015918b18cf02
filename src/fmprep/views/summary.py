"""The end of a quiz session: answered, correct, time, and a short table per concept, weakest first."""

from __future__ import annotations

from typing import Iterable, Sequence, Tuple

from rich.console import Group, RenderableType
from rich.text import Text

from fmprep.console import plain
from fmprep.views import Col, Measured, fit_table

RULE_WIDTH = 72


def session_summary(answered: int, correct: int, seconds: float,
                    per_concept_rows: Iterable[Tuple[str, int, int]], footer_lines: Sequence[str] = ()) -> RenderableType:
    """``per_concept_rows`` holds (concept title, answered, correct); they are shown weakest first (lowest share
    correct, then most answered, then by title). ``footer_lines`` follow as they are (e.g. when the next item is due).
    """
    rows = sorted(((str(t), int(n), int(k)) for t, n, k in per_concept_rows),
                  key=lambda r: (r[2] / r[1] if r[1] else 0.0, -r[1], r[0]))

    def build(width: int) -> RenderableType:
        parts: list[RenderableType] = [Text("─" * min(width, RULE_WIDTH), style="dim")]
        if not answered:
            parts.append(Text("No answers this session."))
        else:
            share = round(100 * correct / answered)
            minutes, secs = divmod(round(seconds), 60)
            parts.append(Text(f"Session over: {answered} answered, {correct} correct ({share}%), "
                              f"{minutes}m {secs:02d}s.", style="bold"))
            if rows:
                concept = Col("concept", [r[0] for r in rows], flex=True)
                done = Col("answered", [str(r[1]) for r in rows], justify="right")
                right = Col("correct", [str(r[2]) for r in rows], justify="right")
                ratio = Col("right", [f"{r[2]}/{r[1]}" for r in rows], justify="right")
                parts.append(fit_table([[concept, done, right], [concept, ratio]], width))
        parts += [plain(line) for line in footer_lines]
        return Group(*parts)

    return Measured(build)
