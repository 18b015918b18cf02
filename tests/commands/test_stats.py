"""`fmprep stats`: the figures as JSON and as text, read without a lock and without writing."""

from __future__ import annotations

import json

from fmprep.progress import encode

from test_stats import DECK_PATH, NOW, handmade


def test_stats_command_json_and_text(cli, progress_path):
    progress_path.write_bytes(encode(handmade()))
    env = {"FMPREP_NOW": NOW.isoformat(), "TZ": "UTC"}
    result = cli("--content", str(DECK_PATH), "stats", "--json", env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("items_total", "items_seen", "due_now", "reviews_total", "exam_date", "true_retention_30d",
                "streak_days", "readiness", "objectives", "concepts", "forecast", "activity"):
        assert key in data
    text = cli("--content", str(DECK_PATH), "stats", env=env)
    assert text.exit_code == 0
    for part in ("true retention, last 30 days: 67% of 3 reviews", "streak: 3 days", "Readiness:",
                 "Concepts, weakest first", "fmprep quiz --topic beta", "Due in the next 14 days",
                 "Activity, last 12 weeks"):
        assert part in text.output
    assert not list(progress_path.parent.glob("*.lock")) and not list(progress_path.parent.glob("*.backups"))


def test_the_plan_kept_between_runs_follows_every_change_to_the_progress(cli):
    """stats keeps the plan's figures in the cache folder; a change of the progress (here an item set aside)
    gives the figures computed afresh, never the kept ones."""
    import os
    from pathlib import Path

    from fmprep.content import load_deck
    from fmprep.deck import reviewables
    from fmprep.paths import builtin_content

    env = {"FMPREP_NOW": "2026-11-25T09:30:00+00:00", "TZ": "UTC"}
    fresh = {**env, "FMPREP_NO_CACHE": "1"}

    def plan(environment):
        result = cli("stats", "--json", env=environment)
        assert result.exit_code == 0, result.output
        return json.loads(result.output)["plan"]

    assert cli("exam", "2026-12-02", env=env).exit_code == 0
    first = plan(env)
    assert first["rows"] and plan(env) == first == plan(fresh)
    assert (Path(os.environ["XDG_CACHE_HOME"]) / "fmprep" / "plan.json").is_file()
    ids = [u.id for u in reviewables(load_deck([builtin_content()]))][:5]
    assert cli("suspend", *ids, env=env).exit_code == 0
    after = plan(env)
    assert after == plan(fresh) and after != first
