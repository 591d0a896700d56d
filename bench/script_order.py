"""Held-out reports in traditional characters and in a PDF viewer's interleaved
order, scored like the originals (issue 17).

    python bench/script_order.py [--data training_data] [--splits blind]

Every document of the chosen splits whose original is text (the blind
layouts by default: the models never trained on them) is extracted as
(a) written (simplified, well ordered), (b) converted to traditional
characters with OpenCC s2t and (c) s2tw, and (d) with its tables rendered
as a viewer copies a ruled table with wrapped cells
(``extractor.training.interleave``), and each rendering is scored against
its gold (converted the same way for b/c). Prints F1, field accuracy and
ECE per rendering and its gap to (a); the aim is a gap within 2 points.
``--joined SHARE`` adds (e): interleaved with that share of tables run
together on one line (seeded by the document's name), as real pages show
a viewer's copy pasted into a paragraph. ``--per-doc`` prints, under each
document's line, what every other rendering loses or gains against (a): gold
rows matched in one and not the other, and fields right in one and wrong
in the other (with the value read), to find where a rendering goes wrong.
"""

from __future__ import annotations

import argparse
import zlib
from pathlib import Path

from extractor.chinese_script import to_simplified
from extractor.engine.models import load_models
from extractor.ingest import load_bytes, load_document
from extractor.pipeline import extract_document
from extractor.training.corpus import load_corpus
from extractor.training.interleave import interleaved_text
from extractor.training.scoring import FIELDS, Json, field_ok, match, score_documents
from extractor.training.traditional import traditional_rendering

ROOT = Path(__file__).resolve().parent.parent
RENDERINGS = ("simplified", "s2t", "s2tw", "interleaved")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=ROOT / "training_data")
    ap.add_argument("--splits", default="blind", help="comma-separated manifest splits")
    ap.add_argument("--exclude-prefix", default="ro_", help="stems left out (scored on their own)")
    ap.add_argument("--only", default="", help="comma-separated stem prefixes to keep")
    ap.add_argument("--joined", type=float, default=0.0, help="share of tables run onto one line")
    ap.add_argument(
        "--per-doc", action="store_true", help="rows and fields each rendering loses vs (a)"
    )
    args = ap.parse_args()
    splits = set(args.splits.split(","))
    renderings = RENDERINGS + (("interleaved-joined",) if args.joined else ())
    load_models(None)  # loaded once, outside the figures
    scored: dict[str, list] = {r: [] for r in renderings}
    for gd in load_corpus(args.data):
        if gd.split not in splits or gd.path.suffix != ".txt":
            continue
        if args.exclude_prefix and gd.stem.startswith(args.exclude_prefix):
            continue
        if args.only and not gd.stem.startswith(tuple(args.only.split(","))):
            continue
        text = gd.path.read_text(encoding="utf-8")
        doc = load_document(gd.path)
        renders = {
            "simplified": (text, gd.gold),
            "s2t": traditional_rendering(text, gd.gold, "s2t.json"),
            "s2tw": traditional_rendering(text, gd.gold, "s2tw.json"),
            "interleaved": (interleaved_text(doc), gd.gold),
        }
        if args.joined:
            seed = zlib.crc32(gd.stem.encode("utf-8"))
            joined = interleaved_text(doc, joined=args.joined, seed=seed)
            renders["interleaved-joined"] = (joined, gd.gold)
        line = f"{gd.stem:34s}"
        for name, (t, gold) in renders.items():
            pred = extract_document(load_bytes(t.encode("utf-8"), gd.path.name)).to_json_dict()
            scored[name].append((gd.stem, gold, pred))
            s = score_documents([scored[name][-1]])
            line += f" {name} {s['f1']:.2f}/{s['all_fields']:.2f}"
        print(line, flush=True)
        if args.per_doc:
            base_gold, base_pred = scored["simplified"][-1][1:]
            for name in renderings[1:]:
                _, gold, pred = scored[name][-1]
                for diff in _differences(base_gold, base_pred, gold, pred):
                    print(f"    {name}: {diff}", flush=True)
    base = score_documents(scored["simplified"])
    print(f"\n{'rendering':18s} docs  F1     fields ECE    gap F1  gap fields")
    for name in renderings:
        s = score_documents(scored[name])
        ece = "  -  " if s["ece"] is None else f"{s['ece']:.3f}"
        print(
            f"{name:18s} {len(scored[name]):4d}  {s['f1']:.3f}  {s['all_fields']:.3f}  {ece}  "
            f"{s['f1'] - base['f1']:+.3f}  {s['all_fields'] - base['all_fields']:+.3f}"
        )


def _value(rec: Json, f: str) -> object:
    v = rec.get(f)
    return v.get("value", v.get("text")) if isinstance(v, dict) else v


def _differences(base_gold: Json, base_pred: Json, gold: Json, pred: Json) -> list[str]:
    """Gold rows and fields one rendering reads otherwise than the original:
    rows matched in one only, fields right in one only, rows read in addition."""
    gi, bi, pi = gold["indicators"], base_pred.get("indicators", []), pred.get("indicators", [])
    bm = {a: b for a, b, _ in match(base_gold["indicators"], bi)}
    pm = {a: b for a, b, _ in match(gi, pi)}
    out = []
    for a, g in enumerate(gi):
        if (a in bm) != (a in pm):
            out.append(f"{'lost' if a in bm else 'gained'} row {a} {g['name']!r}")
            continue
        if a not in bm:
            continue
        for f in FIELDS:
            if f not in g and f not in ("target", "actual"):
                continue
            was = field_ok(f, base_gold["indicators"][a], bi[bm[a]])
            now = field_ok(f, g, pi[pm[a]])
            if was != now:
                word = "lost" if was else "gained"
                out.append(
                    f"{word} row {a} {f}: gold {_value(g, f)!r}, read {_value(pi[pm[a]], f)!r}"
                )
    # rows read beyond the gold, unless the original read the same (in
    # simplified characters)
    base_extra = {
        to_simplified((p.get("name") or {}).get("value") or "")
        for j, p in enumerate(bi)
        if j not in set(bm.values())
    }
    read = set(pm.values())
    for j, p in enumerate(pi):
        name = (p.get("name") or {}).get("value") or ""
        if j not in read and to_simplified(name) not in base_extra:
            out.append(f"extra row {name!r}")
    return out


if __name__ == "__main__":
    main()
