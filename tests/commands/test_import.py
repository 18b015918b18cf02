"""`fmprep import csv FILE --out deck.yaml`: the deck file it writes passes `fmprep validate` and can be studied."""

from __future__ import annotations

import codecs


def test_import_then_validate_and_list(cli, tmp_path):
    sheet = tmp_path / "Week 1.csv"
    sheet.write_bytes(codecs.BOM_UTF8 + "Front,Back\nWhat is RLHF?,\"Human feedback, as ratings\"\nNo,3.10\n".encode())
    out = tmp_path / "week1.yaml"
    result = cli("import", "csv", str(sheet), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote 2 flashcards to {out}" in result.output
    validated = cli("validate", str(out))
    assert validated.exit_code == 0, validated.output
    assert "2 entries (2 flashcard)" in validated.output
    topics = cli("--content", str(out), "topics", "week-1", "--json")
    assert topics.exit_code == 0 and '"No"' in topics.output


def test_multiple_choice_sheet_with_concept(cli, tmp_path):
    sheet = tmp_path / "mc.tsv"
    sheet.write_text("question\toptions\tanswer\texplanation\n"
                     "Which method uses unlabeled domain text?\tRLHF|Continued pre-training|Distillation|Prompting\tB\t"
                     "Unlabeled text means pre-training.\n", encoding="utf-8")
    out = tmp_path / "mc.yaml"
    result = cli("import", "csv", str(sheet), "--out", str(out), "--concept", "my-questions")
    assert result.exit_code == 0, result.output
    assert "1 question" in result.output
    validated = cli("validate", str(out))
    assert validated.exit_code == 0 and "1 multiple-choice" in validated.output
    assert "id: my-questions." in out.read_text()


def test_bad_rows_all_at_once_and_nothing_written(cli, tmp_path):
    sheet = tmp_path / "bad.csv"
    sheet.write_text("q1,a1\nq2,\n,a3\nq4,a4\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    result = cli("import", "csv", str(sheet), "--out", str(out))
    assert result.exit_code == 1
    assert "bad.csv:2: the back is empty" in result.output and "bad.csv:3: the front is empty" in result.output
    assert "2 bad rows" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_other_encodings_get_a_clear_message(cli, tmp_path):
    sheet = tmp_path / "latin.csv"
    sheet.write_bytes("caf\u00e9,coffee\n".encode("latin-1"))
    result = cli("import", "csv", str(sheet), "--out", str(tmp_path / "o.yaml"))
    assert result.exit_code == 1 and "not UTF-8" in result.output and "CSV UTF-8" in result.output
    sheet16 = tmp_path / "utf16.csv"
    sheet16.write_bytes("caf\u00e9,coffee\n".encode("utf-16"))  # with a BOM: decoded
    assert cli("import", "csv", str(sheet16), "--out", str(tmp_path / "o.yaml")).exit_code == 0


def test_missing_source_existing_target_and_usage(cli, tmp_path):
    result = cli("import", "csv", str(tmp_path / "nope.csv"), "--out", str(tmp_path / "o.yaml"))
    assert result.exit_code == 1 and "no such file" in result.output
    sheet = tmp_path / "s.csv"
    sheet.write_text("Dog,Hund\n")
    out = tmp_path / "o.yaml"
    out.write_text("mine")
    result = cli("import", "csv", str(sheet), "--out", str(out))
    assert result.exit_code == 1 and "already exists" in result.output and out.read_text() == "mine"
    assert cli("import", "csv", str(sheet), "--out", str(out), "--force").exit_code == 0
    assert cli("validate", str(out)).exit_code == 0
    assert cli("import", "xlsx", str(sheet), "--out", str(out)).exit_code == 2
    assert cli("import", "csv", str(sheet)).exit_code == 2  # --out is required
    result = cli("import", "csv", str(tmp_path), "--out", str(tmp_path / "p.yaml"))
    assert result.exit_code == 1 and "is a folder" in result.output


def test_a_header_that_names_only_some_columns_is_refused_not_imported_as_a_card(cli, tmp_path):
    sheet = tmp_path / "words.csv"
    sheet.write_text("Word,Meaning\nHund,dog\nKatze,cat\n")
    result = cli("import", "csv", str(sheet), "--out", str(tmp_path / "o.yaml"))
    assert result.exit_code == 1 and "line 1 looks like a header (Word, Meaning)" in result.output, result.output
    assert not (tmp_path / "o.yaml").exists()
