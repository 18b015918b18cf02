"""Fitting the learner's own FSRS-6 parameters to their review history (``fmprep optimize``). Pure: the progress
and the clock come in; ``fsrs-rs-python`` (the FSRS project's Rust optimizer, no torch) is imported only here, and
only when a fit runs. Scheduling stays with the ``fsrs`` package: the fitted parameters are simply given to it.

What FSRS learns from: for each item, its reviews in time order, each with the whole days since the one before
(as ``fsrs`` counts them); every review that comes a day or more after the item's previous one is a test of
memory, predicted from the reviews before it. Reviews within the same day (learning steps) are history, not tests.

How a fit is judged: the tests are split by time. The parameters are fitted on the earliest 80% and both the
parameters in use (the defaults, or the last fit) and the new ones predict the latest 20%, which the fit never saw;
the log loss and RMSE (binned, as FSRS's benchmark reports it) of those predictions are shown. The new parameters
replace the old ones only if their log loss on the held-out tests is lower (or when forced). The parameters kept are
the ones measured: fitted on the 80%, so that the figures shown are the figures of what is kept.
"""

from __future__ import annotations

from typing import NamedTuple, Optional, Sequence

from fmprep.progress import PARAMETER_COUNT, Parameters, Progress

# The FSRS project's guidance: "If you have less than 1000 reviews (400 in Anki 24.04) ... please use the default
# parameters" (fsrs4anki tutorial). fsrs-rs itself fits only the first four parameters below 64 tests and none
# below 8. fmprep asks for 400 reviews that FSRS can learn from (tests, as defined above): stricter than Anki's 400
# reviews of any kind, and it leaves 80 held-out tests to judge the fit by.
MIN_REVIEWS = 400
HELD_OUT = 0.2
DAY = 86400


class Test(NamedTuple):
    """One review FSRS can learn from: ``history`` is (grade, whole days since the previous review) for the item's
    reviews up to and including this one."""

    time: int
    history: tuple[tuple[int, int], ...]


class Score(NamedTuple):
    log_loss: float
    rmse: float


class Fit(NamedTuple):
    reviews: int  # tests in the history
    trained: int  # tests the fit learned from (the earliest)
    held_out: int  # tests it was judged on (the latest)
    before: Score  # the parameters in use, on the held-out tests
    after: Score  # the new parameters, on the held-out tests
    parameters: Parameters  # the new parameters

    @property
    def better(self) -> bool:
        return self.after.log_loss < self.before.log_loss


class NotEnoughHistory(Exception):
    def __init__(self, reviews: int):
        super().__init__(reviews)
        self.reviews = reviews


def tests(progress: Progress) -> list[Test]:
    """Every review FSRS can learn from, oldest first."""
    by_item: dict[str, list[tuple[int, int]]] = {}
    for review in progress.reviews:
        by_item.setdefault(review.item, []).append((review.time, review.grade))
    found = []
    for reviews in by_item.values():
        reviews.sort()  # a clock set back could have logged them out of order
        history: list[tuple[int, int]] = []
        previous = None
        for time, grade in reviews:
            days = 0 if previous is None else max(0, (time - previous) // DAY)
            history.append((grade, days))
            if previous is not None and days > 0:
                found.append(Test(time, tuple(history)))
            previous = time
    found.sort(key=lambda t: t.time)
    return found


def split(found: list[Test]) -> tuple[list[Test], list[Test]]:
    """The earliest 80% to fit on, the latest 20% to judge by."""
    cut = len(found) - max(1, round(len(found) * HELD_OUT))
    return found[:cut], found[cut:]


def fsrs_items(found: Sequence[Test]) -> list:
    from fsrs_rs_python import FSRSItem, FSRSReview

    return [FSRSItem([FSRSReview(grade, days) for grade, days in test.history]) for test in found]


def score(parameters: Sequence[float], items: list) -> Score:
    from fsrs_rs_python import FSRS

    result = FSRS(list(parameters)).evaluate(items)
    return Score(round(result.log_loss, 4), round(result.rmse_bins, 4))


def default_parameters() -> tuple[float, ...]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    return tuple(DEFAULT_PARAMETERS)


def fit(progress: Progress, now: int, minimum: int = MIN_REVIEWS) -> Fit:
    """Fit new parameters on the earliest 80% of the tests and judge them, and those in use, on the rest. Raises
    :class:`NotEnoughHistory` below ``minimum`` tests."""
    from fsrs_rs_python import FSRS

    found = tests(progress)
    if len(found) < minimum:
        raise NotEnoughHistory(len(found))
    train, held_out = split(found)
    train_items, held_items = fsrs_items(train), fsrs_items(held_out)
    current = default_parameters() if progress.parameters is None else progress.parameters.values
    fitted = FSRS(list(default_parameters())).compute_parameters(train_items, enable_short_term=True,
                                                                num_relearning_steps=1)
    if len(fitted) != PARAMETER_COUNT:
        raise ValueError(f"the optimizer gave {len(fitted)} parameters, not {PARAMETER_COUNT}")
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS as LOW, UPPER_BOUNDS_PARAMETERS as HIGH

    # Four decimals, as Anki shows them, kept within the bounds the ``fsrs`` scheduler accepts.
    values = tuple(min(max(round(float(w), 4), low), high) for w, low, high in zip(fitted, LOW, HIGH))
    return Fit(len(found), len(train), len(held_out), score(current, held_items), score(values, held_items),
               Parameters(values, now, len(train)))


def keep(progress: Progress, result: Fit, force: bool = False) -> bool:
    """Store the new parameters when they predict the held-out reviews better (or when forced)."""
    if result.better or force:
        progress.parameters = result.parameters
        return True
    return False


def as_json(result: Optional[Fit], kept: bool, progress: Progress, reviews: int) -> dict:
    """``fmprep optimize --json``: stable keys."""
    data = {"reviews": reviews, "minimum": MIN_REVIEWS, "fitted": result is not None, "kept": kept,
            "parameters": None if progress.parameters is None else list(progress.parameters.values),
            "default_parameters": progress.parameters is None}
    if result is not None:
        data.update(trained=result.trained, held_out=result.held_out,
                    before=result.before._asdict(), after=result.after._asdict(),
                    new_parameters=list(result.parameters.values))
    return data
