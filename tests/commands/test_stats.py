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
