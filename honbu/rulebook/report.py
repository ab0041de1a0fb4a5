"""A readable, bilingual Markdown report of one assessment (``assess`` output)."""
from __future__ import annotations

from . import profile as profiles

TIERS = {
    "out_of_scope": ("Outside the AI Act", "AI法の適用対象外"),
    "prohibited": ("Prohibited practice", "禁止されるAIの利用"),
    "high": ("High-risk", "高リスク"),
    "limited": ("Transparency obligations (limited risk)", "透明性義務（限定的リスク）"),
    "minimal": ("Minimal risk", "最小リスク"),
    None: ("Not determined yet - answer the open questions below", "未確定（下記の未回答の質問に回答してください）"),
}
GPAI = {"gpai": ("General-purpose AI model", "汎用目的AIモデル"),
        "gpai_systemic": ("General-purpose AI model with systemic risk", "システミックリスクを有する汎用目的AIモデル"),
        None: ("None or not determined", "なし又は未確定")}
STRENGTH = {"must": "must / 義務", "endeavour": "endeavour / 努力義務", "voluntary": "voluntary / 任意"}


def markdown(result: dict) -> str:
    eu, jp = result["eu"], result["jp"]
    titles = {q["path"]: q["title"] for q in profiles.questions()}
    lines = [f"# AI system assessment / AIシステム評価", "",
             f"Law as of / 基準日: {result['as_of']} · rulebook {result['rulebook_version']}", "",
             "## EU AI Act / EU AI法", ""]
    en, ja = TIERS[eu["tier"]]
    lines += [f"**Risk tier / リスク区分:** {en} / {ja}", ""]
    en, ja = GPAI[eu["gpai"]]
    lines += [f"**General-purpose model / 汎用目的AIモデル:** {en} / {ja}", ""]
    lines += _why(eu) + _obligations(eu) + _open(eu, titles)
    lines += ["## Japan / 日本", "",
              "Japan's framework has no risk tiers and no penalties; it sets out what is expected, and how strongly.",
              "日本の枠組みにはリスク区分も罰則もなく、何がどの程度期待されるかを示します。", ""]
    lines += _why(jp) + _obligations(jp) + _open(jp, titles)
    return "\n".join(lines) + "\n"


def _why(part: dict) -> list[str]:
    out = ["### Why / 理由", ""]
    for step in part["trace"]:
        note = f" (overridden by {step['overridden_by']})" if "overridden_by" in step else ""
        out.append(f"- **{step['citation']}**{note}: {step['because']['en']} / {step['because']['ja']}")
    return out + [""]


def _obligations(part: dict) -> list[str]:
    if not part["obligations"]:
        return ["### Obligations / 義務", "", "None. / なし。", ""]
    out = ["### Obligations / 義務", "", "| Who / 対象 | Strength / 強さ | Citation / 根拠 | From / 適用日 | What / 内容 |",
           "|---|---|---|---|---|"]
    for o in part["obligations"]:
        start = o["applies_from"] + ("" if o["in_effect"] else " (upcoming / 未適用)")
        out.append(f"| {o['addressee']} | {STRENGTH[o['strength']]} | {o['citation']} | {start} | "
                   f"{o['text']['en']}<br>{o['text']['ja']} |")
    return out + [""]


def _open(part: dict, titles: dict) -> list[str]:
    if not part["needs_answers"]:
        return []
    out = ["### Questions that would change the answer / 結論を左右する未回答の質問", ""]
    for path in part["needs_answers"]:
        t = titles.get(path, {"en": path, "ja": path})
        out.append(f"- `{path}`: {t['en']} / {t['ja']}")
    return out + [""]
