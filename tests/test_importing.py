"""Spreadsheets -> deck files: layouts, delimiters, encodings, stable ids, every bad row with its line."""

from __future__ import annotations

import codecs

import pytest

from fmprep.errors import FmprepError
from fmprep.importing import (
    BadRows, concept_id_for, decode, import_sheet, sniff_delimiter,
)
from fmprep.loader import parse_deck


def deck_of(text: str, name="sheet.csv", concept="sheet"):
    result = import_sheet(text.encode("utf-8"), name, concept)
    return parse_deck([("out.yaml", result.yaml_text.encode("utf-8"))]), result


def test_two_columns_without_header_become_flashcards():
    deck, result = deck_of('What is RLHF?,"Learning from human feedback, via ratings"\nNo,3.10\n')
    assert (result.flashcards, result.questions) == (2, 0)
    assert [(i.front, i.back) for i in deck.items] == [
        ("What is RLHF?", "Learning from human feedback, via ratings"), ("No", "3.10")]
    assert [c.id for c in deck.concepts] == ["sheet"]
    assert all(i.concepts == ("sheet",) for i in deck.items)


@pytest.mark.parametrize("text", ["Front,Back\nq1,a1\nq2,a2\n", "term\tdefinition\nq1\ta1\nq2\ta2\n",
                                  "Question;Answer\nq1;a1\nq2;a2\n", "q1\ta1\n\nq2\ta2\n"])
def test_headers_and_delimiters(text):
    deck, _ = deck_of(text)
    assert [(i.front, i.back) for i in deck.items] == [("q1", "a1"), ("q2", "a2")]


def test_ids_are_derived_from_the_row_and_stable():
    one, _ = deck_of("q1,a1\nq2,a2\n")
    again, _ = deck_of("q2,a2\nq1,a1\n")
    changed, _ = deck_of("q1,a1 changed\nq2,a2\n")
    assert sorted(i.id for i in one.items) == sorted(i.id for i in again.items)
    assert one.items[0].id != changed.items[0].id and one.items[1].id == changed.items[1].id
    assert all(i.id.startswith("sheet.") for i in one.items)


def test_multiple_choice_with_options_in_one_cell():
    deck, result = deck_of("Q1?,a | b | c | d,B,because b\nQ2?,w|x|y|z|v,\"A, C\",\n")
    one, two = deck.items
    assert (result.flashcards, result.questions) == (0, 2)
    assert one.kind == "multiple-choice" and [o.text for o in one.options] == ["a", "b", "c", "d"]
    assert [o.correct for o in one.options] == [False, True, False, False]
    assert one.explanation == "because b"
    assert two.kind == "multiple-response" and [o.correct for o in two.options] == [True, False, True, False, False]
    assert two.explanation == "The right answers are A, C."


def test_multiple_choice_with_option_columns_and_answer_by_text():
    text = ("Question,Option A,Option B,Option C,Option D,Answer,Explanation,Sources\n"
            "Q1?,a,b,c,d,c,why c,https://docs.aws.amazon.com/x\n")
    deck, _ = deck_of(text)
    (q,) = deck.items
    assert [o.correct for o in q.options] == [False, False, True, False]
    assert q.sources == ("https://docs.aws.amazon.com/x",)


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_returned():
    text = ("Q1?\ta|b|c|d\tB\n"
            "Q2?\ta|b|c\tA\n"          # 3 options for one right
            "\n"
            "Q3?\ta|b|c|d\tZ\n"        # not a letter or an option
            "Q4?\ta|b|c|d|e\tA,B,C,D,E\n"  # all right
            "\ta|b|c|d\tA\n"           # no question
            "Q1?\ta|b|c|d\tB\n")       # the same as line 1
    with pytest.raises(BadRows) as caught:
        import_sheet(text.encode(), "s.tsv", "s")
    lines = [line for line, _ in caught.value.problems]
    assert lines == [2, 4, 5, 6, 7]
    message = str(caught.value)
    assert "s.tsv:2: a multiple-choice question needs exactly 4 options" in message
    assert "s.tsv:4: the answer 'Z'" in message
    assert "s.tsv:7: the same item as line 1" in message
    assert "5 bad rows in s.tsv" in message and "Nothing was written" in message


def test_line_numbers_count_quoted_multi_line_cells():
    text = 'q1,"a\nstill a1"\nq2,\n'
    with pytest.raises(BadRows) as caught:
        import_sheet(text.encode(), "s.csv", "s")
    assert caught.value.problems == [(3, "the back is empty")]


def test_an_unquoted_comma_is_a_bad_row_not_a_silent_split():
    with pytest.raises(BadRows) as caught:
        import_sheet(b"q1,a1\nq2,a, with comma\n", "s.csv", "s")
    assert caught.value.problems[0][0] == 2 and "double quotes" in caught.value.problems[0][1]


def test_encodings():
    assert decode(codecs.BOM_UTF8 + "Front,Back\n".encode(), "x") == "Front,Back\n"
    assert decode("caf\u00e9,x\n".encode("utf-16"), "x") == "caf\u00e9,x\n"
    with pytest.raises(FmprepError, match=r"x:2: not UTF-8 text \(byte 0xe9\).*Latin-1"):
        decode(b"a,b\ncaf\xe9,x\n", "x")
    with pytest.raises(FmprepError, match="UTF-16"):
        decode("a,b\n".encode("utf-16-le"), "x")


def test_a_bom_does_not_hide_the_header():
    deck, _ = import_sheet(codecs.BOM_UTF8 + b"Front,Back\nq,a\n", "s.csv", "s"), None
    parsed = parse_deck([("o.yaml", deck.yaml_text.encode())])
    assert [(i.front, i.back) for i in parsed.items] == [("q", "a")]


def test_sniff_delimiter():
    assert sniff_delimiter("a\tb, c\n") == "\t"
    assert sniff_delimiter('a;"b, c"\nd;e\n') == ";"
    assert sniff_delimiter("a,b\nc,d\n") == ","


def test_empty_sheets_and_bad_concept_ids():
    with pytest.raises(FmprepError, match="no rows"):
        import_sheet(b"\n\n", "e.csv", "e")
    with pytest.raises(FmprepError, match="no items"):
        import_sheet(b"front,back\n", "e.csv", "e")
    with pytest.raises(FmprepError, match="concept id 'Bad Id' is malformed"):
        import_sheet(b"q,a\n", "e.csv", "Bad Id")


def test_concept_id_from_file_name():
    assert concept_id_for("Week 3 Vocab") == "week-3-vocab"
    assert concept_id_for("!!!") == "imported"
    assert len(concept_id_for("x" * 200)) <= 69


def test_yaml_keeps_tricky_text_as_written():
    deck, _ = deck_of('no,"on: yes # not a comment"\n"- dash","multi\nline"\n')
    assert [(i.front, i.back) for i in deck.items] == [("no", "on: yes # not a comment"), ("- dash", "multi\nline")]


from hypothesis import given, settings, strategies as st

CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), max_size=6), st.sampled_from([",", "\t", ";"]))
def test_any_sheet_gives_a_valid_deck_or_a_clear_error(rows, delimiter):
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    try:
        result = import_sheet(buffer.getvalue().encode("utf-8"), "s.csv", "s")
    except FmprepError as exc:
        from fmprep.errors import ContentError

        assert not isinstance(exc, ContentError), f"the import wrote a deck that does not validate: {exc}"
        assert str(exc).strip()
        return
    deck = parse_deck([("o.yaml", result.yaml_text.encode("utf-8"))])
    assert len(deck.items) == result.flashcards + result.questions > 0
