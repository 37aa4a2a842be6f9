"""Score a candidate item for an entity in [0, 1], with the reasons behind the number.

score = 0.45 · label + 0.10 · languages + 0.25 · type + 0.20 · context, where
- label: how the best pair of names agrees (exact 1.0, word order 0.95, letters or
  transliteration 0.9, without type words 0.85, an abbreviation alone 0.6);
- languages: 1 when names agree in two or more of the entity's languages, 0.5 in one;
- type: 1 when a P31/P279* class is one the entity's civ: class accepts, 0.5 when the
  item has no P31 in the endpoint (absence is not evidence), 0 when it has others;
- context: 1 when P17/P131/P27/P1001 names the expected country, 0.5 when unknown, 0
  when it names only others.
A contradiction caps the score below the ambiguity floor: a wrong type, another country,
or a name that says "district" for a region. A link is proposed only at ``min_score`` or
above and ``margin`` ahead of the runner-up.
"""

from __future__ import annotations

from dataclasses import dataclass

from civicgraph.linking.candidates import Candidate, entity_names
from civicgraph.linking.config import COUNTRY_PROPERTIES, LABEL_KINDS, TypeProfile
from civicgraph.linking.text import is_abbreviation, name_keys
from civicgraph.model import Entity

MIN_SCORE = 0.7
MARGIN = 0.1
AMBIGUITY_FLOOR = 0.5
CONTRADICTION_CAP = 0.4

_QUALITY = {"exact": 1.0, "order": 0.95, "letters": 0.9, "translit": 0.9, "core": 0.85}
_ABBREVIATION_QUALITY = 0.6
_KIND_CONFLICT_QUALITY = 0.3
_WEIGHTS = {"label": 0.45, "languages": 0.10, "type": 0.25, "context": 0.20}


@dataclass(frozen=True)
class ScoredCandidate:
    qid: str
    label: str
    score: float
    reasons: tuple[str, ...]


def _kinds(words: frozenset[str]) -> set[str]:
    return {kind for kind, kind_words in LABEL_KINDS.items() if words & kind_words}


def score_labels(entity: Entity, candidate: Candidate) -> tuple[float, set[str], list[str]]:
    """Best name agreement, the entity languages that agree, and the reasons."""
    best = 0.0
    best_reason = ""
    languages: set[str] = set()
    kind_conflict = ""
    candidate_names = [(lang, text) for lang, texts in candidate.labels.items() for text in texts]
    candidate_keys = [(lang, text, name_keys(text)) for lang, text in candidate_names]
    for lang, name, _ in entity_names(entity):
        keys = name_keys(name)
        entity_key_set: dict[str, str] = {}
        for key, how in sorted(keys.variants, key=lambda kv: _QUALITY.get(kv[1], 0.85)):
            entity_key_set[key] = how  # the best derivation of a key wins
        for cand_lang, cand_text, cand_keys in candidate_keys:
            quality = 0.0
            how_best = ""
            for key, how in cand_keys.variants:
                if key in entity_key_set:
                    # A derived form on either side makes the weaker of the two derivations.
                    hows = {how, entity_key_set[key]}
                    q = min(_QUALITY.get(h, 0.85) for h in hows)
                    if q > quality:
                        quality, how_best = q, "/".join(sorted(hows))
            if quality == 0.0:
                continue
            entity_kinds, cand_kinds = _kinds(keys.type_words), _kinds(cand_keys.type_words)
            if entity_kinds and cand_kinds and not entity_kinds & cand_kinds:
                kind_conflict = (
                    f"name {cand_text!r} says {', '.join(sorted(cand_kinds))}, "
                    f"not {', '.join(sorted(entity_kinds))}"
                )
                quality = min(quality, _KIND_CONFLICT_QUALITY)
            elif is_abbreviation(name):
                quality = min(quality, _ABBREVIATION_QUALITY)
            if quality >= _QUALITY["core"]:
                languages.add(lang)
            if quality > best:
                best = quality
                best_reason = f"{name!r}@{lang} ~ {cand_text!r}@{cand_lang} ({how_best})"
    reasons = [f"label {best:.2f}: {best_reason}"] if best_reason else []
    if kind_conflict:
        reasons.append(f"contradiction: {kind_conflict}")
    return best, languages, reasons


def score_candidate(
    entity: Entity,
    candidate: Candidate,
    *,
    profile: TypeProfile,
    country_qid: str | None,
    class_labels: dict[str, str] | None = None,
) -> ScoredCandidate:
    """The candidate's score for ``entity`` and every reason that moved it."""
    names = class_labels or {}
    label, languages, reasons = score_labels(entity, candidate)
    contradiction = any(r.startswith("contradiction") for r in reasons)
    agreement = 1.0 if len(languages) >= 2 else 0.5 if languages else 0.0
    reasons.append(f"names agree in {', '.join(sorted(languages)) or 'no language'}")

    instance_of = candidate.claims.get("P31", set())
    if not profile.classes:
        type_score = 0.5
        reasons.append("type not checked for this kind of entity")
    elif not instance_of:
        type_score = 0.5
        reasons.append("no P31 at the endpoint: type unknown")
    elif candidate.classes & profile.classes:
        type_score = 1.0
        matched = sorted(candidate.classes & profile.classes)
        reasons.append("type: " + ", ".join(_named(q, names) for q in matched))
    else:
        type_score = 0.0
        contradiction = True
        shown = ", ".join(_named(q, names) for q in sorted(instance_of))
        reasons.append(f"contradiction: P31 {shown} is not an expected class")

    found_places = set().union(*(candidate.claims.get(p, set()) for p in COUNTRY_PROPERTIES))
    if profile.country is None:
        context = 0.5
    elif country_qid is None:
        context = 0.5
        reasons.append(f"country context unavailable ({profile.country} is not linked)")
    elif country_qid in found_places:
        context = 1.0
        reasons.append(f"in {_named(country_qid, names)}")
    elif found_places:
        context = 0.0
        contradiction = True
        shown = ", ".join(_named(q, names) for q in sorted(found_places))
        reasons.append(f"contradiction: in {shown}, not {_named(country_qid, names)}")
    else:
        context = 0.5
        reasons.append("no country claim at the endpoint")

    score = (
        _WEIGHTS["label"] * label
        + _WEIGHTS["languages"] * agreement
        + _WEIGHTS["type"] * type_score
        + _WEIGHTS["context"] * context
    )
    if contradiction:
        score = min(score, CONTRADICTION_CAP)
    return ScoredCandidate(
        qid=candidate.qid, label=candidate.display, score=round(score, 3), reasons=tuple(reasons)
    )


def _named(qid: str, names: dict[str, str]) -> str:
    return f"{names[qid]} ({qid})" if qid in names else qid


@dataclass(frozen=True)
class Decision:
    status: str
    """``proposed`` (one clear winner), ``ambiguous`` or ``not-found``."""
    chosen: ScoredCandidate | None
    why: str


def decide(
    ranked: list[ScoredCandidate], *, min_score: float = MIN_SCORE, margin: float = MARGIN
) -> Decision:
    """Propose the best candidate only if it is good enough and clearly ahead."""
    if not ranked:
        return Decision("not-found", None, "no item has any of its names")
    best = ranked[0]
    runner_up = ranked[1].score if len(ranked) > 1 else 0.0
    if best.score >= min_score and best.score - runner_up >= margin:
        return Decision(
            "proposed", best, f"score {best.score:.2f}, {best.score - runner_up:.2f} ahead"
        )
    if best.score >= min(AMBIGUITY_FLOOR, min_score):
        if best.score >= min_score:
            why = f"{best.qid} and {ranked[1].qid} are within {margin:.2f} of each other"
        else:
            why = f"best score {best.score:.2f} is below {min_score:.2f}"
        return Decision("ambiguous", None, why)
    return Decision("not-found", None, f"no candidate scores {AMBIGUITY_FLOOR:.2f} or more")
