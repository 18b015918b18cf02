"""`fmprep export anki|csv|json|reviews FILE`: the files, opened as other tools open them; bad targets."""

from __future__ import annotations

import csv
import io
import html
import json
import os
import sqlite3
import zipfile

import pytest

from conftest import seeded


def anki_notes(path, tmp_path):
    """(guid, fields, tags) of every note in an .apkg, read as Anki reads it: a zip holding an SQLite collection."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        target = tmp_path / f"{path.name}.anki2"
        target.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(target)
    try:
        notes = connection.execute("select guid, flds, tags from notes order by id").fetchall()
        models = connection.execute("select models from col").fetchone()[0]
        decks = connection.execute("select decks from col").fetchone()[0]
    finally:
        connection.close()
    return [(g, f.split("\x1f"), t.split()) for g, f, t in notes], json.loads(models), json.loads(decks)


def test_anki_export_every_item_as_a_note_with_fields_tags_and_stable_guids(cli, tmp_path):
    from fmprep.anki import DECK_ID, MODEL_ID, note_guid
    from fmprep.content import load_deck
    from fmprep.deck import reviewables
    from fmprep.paths import builtin_content

    units = reviewables(load_deck([builtin_content()]))
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    result = cli("export", "anki", str(first))
    assert result.exit_code == 0, result.output
    assert f"Wrote {len(units)} items to {first}" in result.output
    notes, models, decks = anki_notes(first, tmp_path)
    assert [fields[2] for _, fields, _ in notes] == [u.id for u in units]
    assert str(MODEL_ID) in models and str(DECK_ID) in decks
    by_id = {fields[2]: (guid, fields, tags) for guid, fields, tags in notes}
    _, (front, back, _), tags = by_id["case.insurer-assistant.q1"]
    unit = next(u for u in units if u.id == "case.insurer-assistant.q1")
    right = next(o for o in unit.question.options if o.correct)
    assert html.escape(unit.case.scenario[:40]) in front  # the scenario on each question's front
    assert "A. " in front and "D. " in front and "<b>Answer:</b>" in back
    assert html.escape(right.why) in back
    assert unit.question.sources and all(source in back for source in unit.question.sources)
    assert {"kind::multiple-choice", "concept::continuous-pre-training"} <= set(tags)
    assert any(t.startswith("objective::") for t in tags)
    assert all(guid == note_guid(fields[2]) for guid, fields, _ in notes)
    assert len({guid for guid, _, _ in notes}) == len(notes)

    assert cli("export", "anki", str(second), env={"FMPREP_NOW": "2030-01-01T00:00:00+00:00"}).exit_code == 0
    again, models_again, decks_again = anki_notes(second, tmp_path)
    assert [(g, f) for g, f, _ in again] == [(g, f) for g, f, _ in notes]  # same guids: Anki updates, not duplicates
    assert str(MODEL_ID) in models_again and str(DECK_ID) in decks_again


def test_anki_export_places_the_right_option_in_varied_places(cli, tmp_path):
    target = tmp_path / "deck.apkg"
    assert cli("export", "anki", str(target), "--type", "choice").exit_code == 0
    notes, _, _ = anki_notes(target, tmp_path)
    answers = [fields[1].split("<b>Answer:</b> ")[1].split("<")[0] for _, fields, tags in notes
               if "kind::multiple-choice" in tags]
    assert len(answers) >= 8 and len(set(answers)) >= 3


def test_topic_and_type_filter(cli, tmp_path):
    target = tmp_path / "f.json"
    assert cli("export", "json", str(target), "--topic", "rlhf", "--type", "flashcard").exit_code == 0
    items = json.loads(target.read_text())["items"]
    assert items and all(i["kind"] == "flashcard" and "rlhf" in i["concepts"] for i in items)
    result = cli("export", "json", str(tmp_path / "g.json"), "--topic", "nope")
    assert result.exit_code == 1 and "unknown topic 'nope'" in result.output
    assert not (tmp_path / "g.json").exists()


def test_csv_export_with_content(cli, mini_deck, tmp_path):
    target = tmp_path / "deck.csv"
    result = cli("--content", str(mini_deck), "export", "csv", str(target))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert [(r["id"], r["kind"], r["prompt"], r["answer"], r["objectives"]) for r in rows] == [
        ("alpha.card", "flashcard", "Alpha front?", "No", "obj"), ("beta.card", "flashcard", "Beta front?", "3.10", "obj")]


def test_reviews_export(cli, progress_path, tmp_path):
    seeded(progress_path)
    target = tmp_path / "reviews.csv"
    result = cli("export", "reviews", str(target))
    assert result.exit_code == 0 and "Wrote 8 reviews" in result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text())))
    assert list(rows[0]) == ["card_id", "review_time", "review_rating", "review_duration", "review_time_utc"]
    assert rows[0] == {"card_id": "pre-training.card.what", "review_time": "1790000000000", "review_rating": "3",
                       "review_duration": "1200", "review_time_utc": "2026-09-21T14:13:20Z"}
    assert "old.item" in {r["card_id"] for r in rows}  # history of items that left the deck is not locked in
    assert cli("export", "reviews", str(tmp_path / "r2.csv"), "--topic", "rlhf").exit_code == 0
    assert {r["card_id"] for r in csv.DictReader(io.StringIO((tmp_path / "r2.csv").read_text()))} == {"rlhf.card.what"}


def test_an_existing_target_is_kept_unless_forced(cli, tmp_path):
    target = tmp_path / "deck.csv"
    target.write_text("mine")
    result = cli("export", "csv", str(target))
    assert result.exit_code == 1 and "already exists" in result.output and "--force" in result.output
    assert target.read_text() == "mine"
    assert cli("export", "csv", str(target), "--force").exit_code == 0
    assert target.read_text().startswith("id,kind,")


@pytest.mark.parametrize("make, expected", [
    (lambda p: p / "missing" / "x.csv", "does not exist"),
    (lambda p: p, "is a folder"),
])
def test_bad_targets(cli, tmp_path, make, expected):
    result = cli("export", "csv", str(make(tmp_path)))
    assert result.exit_code == 1 and expected in result.output
    assert "Traceback" not in result.output


def test_unwritable_folder(cli, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    monkeypatch.setattr("fmprep.targets.os.access", lambda path, mode: False)  # as a user without write permission
    result = cli("export", "json", str(folder / "x.json"))
    assert result.exit_code == 1 and f"cannot write in {folder}" in result.output
    assert list(folder.iterdir()) == []


def test_a_failed_write_leaves_nothing_behind(cli, tmp_path, monkeypatch):
    def fail(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("fmprep.atomicfile.os.write", fail)
    result = cli("export", "json", str(tmp_path / "x.json"))
    assert result.exit_code == 1 and "No space left on device" in result.output and "nothing was written" in result.output
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith((".x.json", "x.json"))] == []


def test_usage_errors_exit_2(cli, tmp_path):
    result = cli("export", "pdf", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and "'pdf' is not one of" in result.output
    result = cli("export", "anki", str(tmp_path / "x.zip"))
    assert result.exit_code == 2 and ".apkg" in result.output and not (tmp_path / "x.zip").exists()
    assert cli("export", "csv").exit_code == 2


@pytest.mark.parametrize("kind", ["csv", "reviews"])
def test_a_file_name_with_escape_codes_is_printed_sanitized(cli, tmp_path, kind):
    name = "deck\x1b]0;pwned\x07\x1b[2J.csv"
    result = cli("export", kind, str(tmp_path / name))
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).exists()
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "deck\ufffd]0;pwned\ufffd\ufffd[2J.csv" in result.output


def test_a_file_written_whose_folder_could_not_be_synced_is_not_called_unwritten(cli, tmp_path, monkeypatch):
    import fmprep.atomicfile as atomicfile

    real = atomicfile.atomic_write

    def written_then_not_synced(path, data, mode=0o600, **kwargs):
        real(path, data, mode, **kwargs)
        raise atomicfile.NotDurableError(5, "Input/output error", str(path))

    monkeypatch.setattr(atomicfile, "atomic_write", written_then_not_synced)
    target = tmp_path / "deck.csv"
    result = cli("export", "csv", str(target))
    assert result.exit_code == 1 and target.exists()
    assert "was written, but its folder could not be synced" in result.output and "nothing was written" not in result.output
