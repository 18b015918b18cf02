"""`fmprep optimize`: how well the parameters in use and the new ones predict the reviews held out from the fit."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from fmprep.views import Breakable, Col, Measured, fit_table


def report(result, kept: bool) -> RenderableType:
    """``result`` is an :class:`fmprep.optimizer.Fit`."""

    def build(width: int) -> RenderableType:
        rows = [("in use until now", result.before), ("fitted now", result.after)]
        which = Col("parameters", [name for name, _ in rows])
        loss = Col("log loss", [f"{s.log_loss:.4f}" for _, s in rows], justify="right")
        rmse = Col("RMSE", [f"{s.rmse:.4f}" for _, s in rows], justify="right")
        if kept and result.better:
            verdict = Text("Kept: your own parameters predict your memory better. quiz, mock, stats and the exam plan "
                           "use them from now on.", style="green")
        elif kept:
            verdict = Text("Kept (--force), though they predict your held-out reviews no better.", style="yellow")
        else:
            verdict = Text("Not kept: they predict your held-out reviews no better than the parameters in use. "
                           "`fmprep optimize --force` keeps them anyway.", style="yellow")
        return Group(
            Breakable(f"Fitted on your earliest {result.trained} reviews that FSRS learns from; judged on the latest "
                      f"{result.held_out}, which the fit did not see (lower is better):"),
            fit_table([[which, loss, rmse]], width),
            verdict,
            Text("`fmprep optimize --reset` goes back to FSRS's defaults.", style="dim"),
        )

    return Measured(build)
