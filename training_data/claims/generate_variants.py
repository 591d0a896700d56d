"""Write ocr_variants.jsonl: OCR-confusion and layout variants of base.jsonl.

Each variant keeps its base phrase's ``group`` so that grouped cross-validation
never puts a phrase and its variants on both sides of a split. Substitutions
only swap look-alike characters (never delete one), so a negation such as
未 can turn into its look-alike 末 but never disappear and flip the label.

Run from the repository root:  .venv/bin/python training_data/claims/generate_variants.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
SEED = 20221231
VARIANTS_PER_PHRASE = 4

# Look-alike characters seen in OCR output of these forms (and one typing slip, 成 -> 场).
CONFUSIONS: dict[str, list[str]] = {
    "完": ["先", "元", "宪"],
    "成": ["戍", "戌", "咸", "场", "城"],
    "已": ["己", "巳"],
    "未": ["末"],
    "达": ["込", "这"],
    "预": ["顶"],
    "期": ["朗"],
    "标": ["际"],
    "适": ["话"],
    "部": ["郜"],
    "基": ["墓"],
    "指": ["措"],
    "目": ["日"],
    "值": ["直"],
    "实": ["买"],
    "现": ["观"],
    "涉": ["陟"],
    "及": ["汲"],
    "用": ["甪"],
    "按": ["接"],
    "计": ["汁"],
    "划": ["刬"],
}
WRAPPERS = ["{}", " {} ", "{}。", "（{}）", "{}；", "\t{}", "{}\n"]
FULLWIDTH = str.maketrans("0123456789%", "０１２３４５６７８９％")


def confuse(text: str, rng: random.Random) -> str:
    positions = [i for i, ch in enumerate(text) if ch in CONFUSIONS]
    if not positions:
        return text
    chars = list(text)
    for i in rng.sample(positions, k=rng.randint(1, min(2, len(positions)))):
        chars[i] = rng.choice(CONFUSIONS[chars[i]])
    return "".join(chars)


def variant(text: str, rng: random.Random) -> str:
    out = confuse(text, rng) if rng.random() < 0.8 else text
    if rng.random() < 0.2:
        out = out.translate(FULLWIDTH)
    if rng.random() < 0.15 and len(out) > 2:
        cut = rng.randrange(1, len(out))
        out = out[:cut] + " " + out[cut:]
    return rng.choice(WRAPPERS).format(out)


def main() -> None:
    rng = random.Random(SEED)
    rows = [json.loads(line) for line in (HERE / "base.jsonl").read_text("utf-8").splitlines()]
    seen = {row["text"] for row in rows}
    with (HERE / "ocr_variants.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            for _ in range(VARIANTS_PER_PHRASE):
                text = variant(row["text"], rng)
                if text in seen:
                    continue
                seen.add(text)
                item = {
                    "text": text,
                    "label": row["label"],
                    "group": row["group"],
                    "source": "ocr_variant",
                }
                out.write(json.dumps(item, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
