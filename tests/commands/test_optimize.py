"""`fmprep optimize`: fit, keep when better, --force, --reset, too little history, --json."""

from __future__ import annotations

import json

from fmprep.progress import Parameters, encode, load_bytes

from test_optimizer import DEFAULTS, FAST, fast_learner, simulate

NOW = {"FMPREP_NOW": "2026-06-01T09:00:00+00:00"}


def test_optimize_fits_shows_before_and_after_and_keeps_better_parameters(cli, progress_path):
    progress_path.write_bytes(encode(fast_learner()))
    result = cli("optimize", env=NOW)
    assert result.exit_code == 0, result.output
    for part in ("judged on the latest", "in use until now", "fitted now", "log loss", "RMSE", "Kept"):
        assert part in result.output
    saved = load_bytes(progress_path.read_bytes())
    assert saved.parameters is not None and saved.parameters.values != DEFAULTS
    assert saved.parameters.fitted == 1_780_304_400
    assert saved.reviews == fast_learner().reviews  # nothing else changed

    again = json.loads(cli("optimize", "--json", env=NOW).output)
    assert again["fitted"] and again["before"]["log_loss"] == again["after"]["log_loss"]  # the same fit again
    assert not again["kept"] and again["parameters"] == list(saved.parameters.values)

    reset = cli("optimize", "--reset", env=NOW)
    assert reset.exit_code == 0 and "Back to FSRS's default parameters." in reset.output
    assert load_bytes(progress_path.read_bytes()).parameters is None
    assert "already on FSRS's default parameters" in cli("optimize", "--reset", env=NOW).output


def test_parameters_that_predict_worse_are_kept_only_with_force(cli, progress_path):
    progress = fast_learner().copy()
    progress.parameters = Parameters(FAST, 1, 1)  # the truth itself: a fit cannot beat it by much, if at all
    progress_path.write_bytes(encode(progress))
    data = json.loads(cli("optimize", "--json", env=NOW).output)
    if data["after"]["log_loss"] >= data["before"]["log_loss"]:
        assert not data["kept"] and load_bytes(progress_path.read_bytes()).parameters == progress.parameters
    forced = json.loads(cli("optimize", "--json", "--force", env=NOW).output)
    assert forced["kept"] and load_bytes(progress_path.read_bytes()).parameters.values == tuple(forced["new_parameters"])


def test_too_little_history_is_a_clear_error_and_changes_nothing(cli, progress_path):
    before = encode(simulate(FAST, items=30, days=10))
    progress_path.write_bytes(before)
    result = cli("optimize", env=NOW)
    assert result.exit_code == 1
    assert "Not enough history" in result.output and "of the 400 reviews" in result.output
    assert "Traceback" not in result.output and progress_path.read_bytes() == before
