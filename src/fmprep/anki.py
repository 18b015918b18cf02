"""Anki packages (``.apkg``): notes from :mod:`fmprep.exporting`, written with genanki (imported only here).

Anki matches an imported note to one it has by the note's guid, so each guid is derived from the fmprep item id:
exporting again and importing updates the notes instead of adding copies. The note type (model) and deck ids are
derived from constant strings for the same reason.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

from fmprep.exporting import Note

DECK_NAME = "fmprep AIF-C01 Task 3.3"
MODEL_NAME = "fmprep item"
CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; }
.case { font-size: 15px; color: #555; }
.options, .matches, .why, .explanation, .sources { margin-top: 0.8em; }
.sources { font-size: 13px; }"""


def stable_id(name: str) -> int:
    """A fixed id in the range genanki recommends (2**30 to 2**31), derived from ``name``."""
    digest = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big")
    return (1 << 30) + digest % (1 << 30)


MODEL_ID = stable_id("fmprep/anki-model/v1")
DECK_ID = stable_id("fmprep/anki-deck/v1")


def note_guid(item_id: str) -> str:
    import genanki

    return genanki.guid_for("fmprep", item_id)


def apkg(notes: Iterable[Note], timestamp: float) -> bytes:
    """The bytes of an ``.apkg`` file holding ``notes`` (a zip with the SQLite collection ``collection.anki2``)."""
    import io
    import itertools
    import sqlite3
    import tempfile
    import zipfile
    from pathlib import Path

    import genanki

    model = genanki.Model(
        MODEL_ID, MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Id"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}", "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'}],
        css=CSS)
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for n in notes:
        deck.add_note(genanki.Note(model=model, fields=[n.front, n.back, n.id], tags=list(n.tags),
                                   guid=note_guid(n.id)))
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="fmprep-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            # Package.write_to_file would leave its temporary database behind; write the collection ourselves.
            genanki.Package(deck).write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()
