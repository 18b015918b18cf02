"""Stable ids: check a deck's right answers against the answer-key manifest.

    python tools/answer_keys.py                      # --check (default): exit 1 on a new id or a changed answer
    python tools/answer_keys.py --add                # record the keys of ids the manifest does not have yet
    python tools/answer_keys.py --accept ID [ID...]  # the author asserts ID's meaning stayed: record its new key
    python tools/answer_keys.py --content DIR --manifest FILE ...   # another deck (default: content/)

The rule for authors: an edit that keeps an item's meaning keeps its id (and every learner's schedule); `--accept`
records it. An edit that changes the right answer gets a new id (then `--add`), so nobody keeps a schedule learned
from a wrong answer. Ids that leave the deck stay in the manifest: an id that comes back must mean what it meant.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from fmprep.answerkeys import compare  # noqa: E402
from fmprep.content import load_deck  # noqa: E402
from fmprep.errors import ContentError  # noqa: E402

DEFAULT_CONTENT = REPO / "content"
DEFAULT_MANIFEST = DEFAULT_CONTENT / "answer-keys.json"


def read_manifest(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise SystemExit(f"{path}: not an answer-key manifest (a JSON object of id -> key)")
    return data


def write_manifest(path: Path, manifest: dict[str, str]) -> None:
    path.write_text(json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def report(result) -> None:
    for ident in result.new:
        print(f"new id (no answer key yet): {ident}")
    for ident, (was, now) in result.changed.items():
        print(f"answer changed: {ident}\n  was: {was}\n  now: {now}")
    if result.new:
        print("Record new ids with --add.")
    if result.changed:
        print("If the meaning stayed, --accept ID; if the right answer changed, give the item a new id, then --add.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, action="append", help="deck file or folder (default: content/)")
    parser.add_argument("--manifest", type=Path, default=None, help="answer-key manifest (default: content/answer-keys.json)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare only (the default)")
    mode.add_argument("--add", action="store_true", help="record the keys of new ids")
    mode.add_argument("--accept", nargs="+", metavar="ID", help="record the current key of these ids")
    args = parser.parse_args(argv)
    manifest_path = args.manifest or DEFAULT_MANIFEST
    try:
        deck = load_deck(args.content or [DEFAULT_CONTENT])
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    manifest = read_manifest(manifest_path)
    result = compare(manifest, deck)
    if args.add or args.accept:
        from fmprep.answerkeys import answer_keys

        keys = answer_keys(deck)
        chosen = result.new if args.add else args.accept
        unknown = [i for i in chosen if i not in keys]
        if unknown:
            print(f"not in the deck: {', '.join(unknown)}", file=sys.stderr)
            return 1
        for ident in chosen:
            print(f"{'recorded' if ident not in manifest else 'accepted' if manifest[ident] != keys[ident] else 'unchanged'}: {ident}")
            manifest[ident] = keys[ident]
        write_manifest(manifest_path, manifest)
        result = compare(manifest, deck)
    report(result)
    if result.ok:
        print(f"ok: {len(manifest) - len(result.gone)} answer keys match"
              + (f" ({len(result.gone)} kept for ids no longer in the deck)" if result.gone else ""))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
