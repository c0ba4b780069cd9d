"""Measure event typing: ``type_text`` over the ACLED notes and the CASE 2021 snippets of shared/eval.

    .venv/bin/python scripts/eval_event_types.py [--eval DIR] [--cache DIR] [--errors N]

Prints event_type and sub_event_type accuracy on acled.jsonl, and weighted F1 over the 25 ACLED
sub-event types, accuracy, and the share of out-of-taxonomy snippets typed as no event on
case2021.jsonl, computed as score.py's ``score_case`` does. ``--cache`` keeps the parsed Docs
(DocBin) so rule changes can be measured without parsing again. Not a test: the data stay outside
the project.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from spacy.tokens import DocBin

from sitrep.extractors.event_types import type_doc
from sitrep.parse import load_pipeline

CASE_TO_ACLED = {
    "ABDUCT_DISSAP": "Abduction/forced disappearance", "AGREEMENT": "Agreement", "AIR_STRIKE": "Air/drone strike",
    "ARMED_CLASH": "Armed clash", "ARREST": "Arrests", "ART_MISS_ATTACK": "Shelling/artillery/missile attack",
    "ATTACK": "Attack", "CHANGE_TO_GROUP_ACT": "Change to group/activity", "CHEM_WEAP": "Chemical weapon",
    "DISR_WEAP": "Disrupted weapons use", "FORCE_AGAINST_PROTEST": "Excessive force against protesters",
    "GOV_REGAINS_TERIT": "Government regains territory", "GRENADE": "Grenade",
    "HQ_ESTABLISHED": "Headquarters or base established", "MOB_VIOL": "Mob violence",
    "NON_STATE_ACTOR_OVERTAKES_TER": "Non-state actor overtakes territory",
    "NON_VIOL_TERRIT_TRANSFER": "Non-violent transfer of territory", "OTHER": "Other",
    "PEACE_PROTEST": "Peaceful protest", "PROPERTY_DISTRUCT": "Looting/property destruction",
    "PROTEST_WITH_INTER": "Protest with intervention", "REM_EXPLOS": "Remote explosive/landmine/IED",
    "SEX_VIOL": "Sexual violence", "SUIC_BOMB": "Suicide bomb", "VIOL_DEMONSTR": "Violent demonstration",
}


def weighted_f1(pairs: list[tuple[str, str | None]]) -> float:
    """Support-weighted F1 over the gold classes, as score.py computes it."""
    gold = Counter(g for g, _ in pairs)
    total = 0.0
    for c, support in gold.items():
        tp = sum(1 for g, p in pairs if g == c and p == c)
        fp = sum(1 for g, p in pairs if g != c and p == c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / support
        total += (2 * prec * rec / (prec + rec) if prec + rec else 0.0) * support
    return round(total / len(pairs), 4)


def docs_for(name: str, rows: list[dict], nlp, cache: Path | None):
    path = cache / f"{name}.spacy" if cache else None
    if path is not None and path.exists():
        return list(DocBin().from_disk(path).get_docs(nlp.vocab))
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=64))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = DocBin()
        for d in docs:
            db.add(d)
        db.to_disk(path)
    return docs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "eval")
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--errors", type=int, default=0, help="print this many errors of each set")
    ap.add_argument("--only", choices=("acled", "case2021"), default=None)
    args = ap.parse_args()
    nlp = load_pipeline()
    metrics: dict[str, float] = {}
    for name in ("acled", "case2021"):
        if args.only and name != args.only:
            continue
        rows = [json.loads(line) for line in (args.eval / f"{name}.jsonl").open(encoding="utf-8")]
        docs = docs_for(name, rows, nlp, args.cache)
        typings = [type_doc(d) for d in docs]
        errors = []
        if name == "acled":
            ev = [t is not None and t.event_type == r["gold"]["event_type"] for r, t in zip(rows, typings)]
            sub = [t is not None and t.sub_event_type == r["gold"]["sub_event_type"] for r, t in zip(rows, typings)]
            metrics |= {"acled_event_type": round(sum(ev) / len(ev), 4),
                        "acled_sub_event_type": round(sum(sub) / len(sub), 4),
                        "acled_none": round(sum(t is None for t in typings) / len(typings), 4)}
            errors = [(r["gold"]["sub_event_type"], t, d) for r, t, d, ok in zip(rows, typings, docs, sub) if not ok]
        else:
            pairs, unseen = [], []
            for r, t, d in zip(rows, typings, docs):
                g = CASE_TO_ACLED.get(r["gold"]["case_type"])
                p = t.sub_event_type if t else None
                if g is None:
                    unseen.append(t is None)
                    if t is not None:
                        errors.append((r["gold"]["case_type"], t, d))
                else:
                    pairs.append((g, p))
                    if g != p:
                        errors.append((g, t, d))
            metrics |= {"case_weighted_f1_25": weighted_f1(pairs),
                        "case_accuracy_25": round(sum(g == p for g, p in pairs) / len(pairs), 4),
                        "case_unseen_without_event": round(sum(unseen) / len(unseen), 4)}
        for gold, t, d in errors[: args.errors]:
            got = f"{t.sub_event_type} [{d.text[t.trigger_start - d[0].idx:t.trigger_end - d[0].idx]}]" if t else None
            print(f"- gold={gold} got={got}\n    {d.text[:300]!r}", file=sys.stderr)
        if args.errors:
            print(Counter((g, t.sub_event_type if t else None) for g, t, _ in errors).most_common(25), file=sys.stderr)
    for k, v in metrics.items():
        print(f"{k}: {v}")


if __name__ == "__main__":
    main()
