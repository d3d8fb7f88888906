#!/usr/bin/env python3
"""The spaCy baseline of the speed benchmark: the extraction a user would build without
actorgraph, with spaCy's rule tools and actorgraph's own gazetteer and trigger patterns.

Per language a blank pipeline (`spacy.blank("nl")` / `spacy.blank("en")`) with a
sentencizer, an entity_ruler holding every name of every actor (labelled with the actor's
id) and a Matcher with one pattern per trigger pattern of the rules. In every sentence with at
least two entities, each trigger match gives one relation candidate: the nearest entity before
the trigger as subject, the nearest after it as object, the rule id as its source.

The gazetteer (ontology/gazetteer/*.toml) and the rules (ontology/rules/{nl,en}.toml) are
read at run time, as actorgraph reads them. Usage (python from scripts/bench/spacy-venv):

    python scripts/bench/spacy_baseline.py --ontology ontology --corpus DIR \
        [--processes N] [--limit-mb X] [--batch-size B]

Prints one JSON line: counts, setup_seconds (loading the data, building the pipelines) and
seconds (reading and processing the corpus), mb_per_second, the spaCy version.
"""
import argparse
import json
import re
import sys
import time
import tomllib
import unicodedata
from bisect import bisect_right
from pathlib import Path

import spacy
from spacy.attrs import NORM
from spacy.language import Language
from spacy.matcher import Matcher

LANGUAGES = ("nl", "en")
CLAUSE_END = [".", ";", ":", "?", "!"]  # where a separable verb's particle stops being looked for
# Letters that NFKD does not decompose, folded as actorgraph folds them.
PLAIN = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
                       "’": "'"})


class DataError(Exception):
    """A missing or malformed input file; the message names it."""


def strip_accents(text):
    """The text without diacritics ("Aliëv" -> "Aliev"), case kept."""
    decomposed = unicodedata.normalize("NFKD", text.translate(PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text):
    """Lower case without diacritics, as actorgraph normalises tokens ("Aliëv" -> "aliev")."""
    return strip_accents(text.lower())


def read_toml(path):
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror}") from e
    except tomllib.TOMLDecodeError as e:
        raise DataError(f"{path}: bad TOML: {e}") from e


def inflect_adjective(adj):
    """Dutch inflected adjective, which actorgraph's loader adds: Russisch -> Russische,
    Europees -> Europese (a doubled vowel before the last consonant is simplified)."""
    if len(adj) >= 3 and adj[-3] == adj[-2] and adj[-3] in "aeou" and adj[-1] not in "aeiou":
        return adj[:-2] + adj[-1] + "e"
    return adj + "e"


def gazetteer_patterns(directory):
    """EntityRuler phrase patterns per language from every name-like field of every actor:
    names, adjectives, plurals and seats (a name tagged @nl or @en goes to that language
    only). Dutch adjectives get their inflected form and every name its diacritic-free
    spelling, as the gazetteer's format promises. Not done (approximations): actorgraph's
    genitives ("Ruslands"; English "'s" is split off by spaCy's tokenizer anyway), its
    case rules (here a name matches its exact spelling) and its place-vs-actor reading of
    seats after a place preposition."""
    files = sorted(Path(directory).glob("*.toml"))
    if not files:
        raise DataError(f"{directory}: no gazetteer files (*.toml)")
    names = {lang: set() for lang in LANGUAGES}
    for path in files:
        for i, actor in enumerate(read_toml(path).get("actor", [])):
            if "id" not in actor:
                raise DataError(f"{path}: actor record {i + 1} has no id")
            for field in ("names", "adjectives", "plurals", "seats"):
                for written in actor.get(field, []):
                    name, _, tag = written.rpartition("@")
                    if not (len(tag) == 2 and tag.isalpha() and tag.islower()):
                        name, tag = written, None
                    forms = {name}
                    if field == "adjectives" and tag != "en":
                        forms.add(inflect_adjective(name))
                    forms |= {strip_accents(f) for f in forms}
                    for lang in LANGUAGES if tag is None else [tag]:
                        if lang in names:
                            names[lang].update((actor["id"], f) for f in forms if f.strip())
    return {lang: [{"label": a, "pattern": n} for a, n in sorted(v)] for lang, v in names.items()}


def alternatives(regex):
    """The top-level |-alternatives of a token regex."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(regex):
        if c in "([" and (i == 0 or regex[i - 1] != "\\"):
            depth += 1
        elif c in ")]" and (i == 0 or regex[i - 1] != "\\"):
            depth -= 1
        elif c == "|" and depth == 0:
            out.append(regex[start:i])
            start = i + 1
    return out + [regex[start:]]


def token_variants(nlp, regex):
    """Matcher token sequences for one trigger token pattern. actorgraph matches a pattern
    against a whole token, lower-cased and diacritic-folded: here NORM, which the pipeline
    sets to exactly that. A plain word that spaCy's tokenizer splits ("counter-offensive"
    in English) becomes the sequence of its pieces; the rest stays one REGEX token."""
    single, split = [], []
    for alt in alternatives(regex):
        pieces = [t.text for t in nlp.make_doc(alt)] if re.fullmatch(r"[\w'-]+", alt) else [alt]
        if len(pieces) > 1:
            split.append([{"NORM": fold(p)} for p in pieces])
        else:
            single.append(alt)
    out = [[{"NORM": {"REGEX": f"^(?:{'|'.join(single)})$"}}]] if single else []
    return out + split


def trigger_patterns(nlp, rules, infinitive_markers):
    """Matcher patterns per key "rule-id|anchor", anchor telling which tokens of a match are
    the trigger: all, the first (a verb whose particle follows), or the last (a particle
    before the verb), as actorgraph matches separable verbs. Approximations: `requires` is
    checked in the whole sentence rather than the clause; hyphens between a trigger's
    tokens are not skipped; the rules' slots, voice, negation and modality are not
    modelled (the nearest entities stand in for them)."""
    patterns = {}
    for rule in rules:
        rid = rule["id"]
        parts = rule.get("particle", "").split("|") if rule.get("particle") else []
        for trigger in rule["trigger"]:
            tokens = trigger.split()
            seqs = [[]]
            for tok in tokens:
                seqs = [s + v for s in seqs for v in token_variants(nlp, tok)]
            if not (parts and len(tokens) == 1):
                patterns.setdefault(f"{rid}|span", []).extend(seqs)
                continue
            # A separable verb matches only with its particle, in one of three places.
            verb = {"NORM": {"REGEX": f"^(?:{tokens[0]})$"}}
            particle = {"NORM": {"IN": [fold(p) for p in parts]}}
            glued = "|".join(re.escape(fold(p)) for p in parts)
            # "aanvallen", "aangevallen": the particle glued in front of the verb.
            patterns.setdefault(f"{rid}|span", []).append(
                [{"NORM": {"REGEX": f"^(?:{glued})(?:{tokens[0]})$"}}])
            # "valt ... aan": the particle later in the clause.
            patterns.setdefault(f"{rid}|first", []).append(
                [verb, {"NORM": {"NOT_IN": CLAUSE_END}, "OP": "*"}, particle])
            # "aan te vallen", "gevangen namen": the particle right before.
            patterns.setdefault(f"{rid}|last", []).extend(
                [[particle, verb], [particle, {"NORM": {"IN": infinitive_markers}}, verb]])
    return patterns


@Language.factory("relation_candidates",
                  default_config={"patterns": {}, "requires": {}})
def make_relation_candidates(nlp, name, patterns, requires):
    return RelationCandidates(nlp, patterns, requires)


class RelationCandidates:
    """Runs the trigger Matcher and stores the candidates in doc.user_data["relations"] as
    [subject id, rule id, object id] (it runs in the worker processes with n_process > 1)."""

    def __init__(self, nlp, patterns, requires):
        self.matcher = Matcher(nlp.vocab)
        for key, pats in patterns.items():
            self.matcher.add(key, pats)
        self.requires = {r: [re.compile(f"^(?:{p})$") for p in ps] for r, ps in requires.items()}

    def __call__(self, doc):
        sentences = list(doc.sents)
        starts = [s.start for s in sentences]
        triggers = [[] for _ in sentences]  # per sentence: (start, end, rule)
        for key, start, end in self.matcher(doc):
            rule, anchor = doc.vocab.strings[key].rsplit("|", 1)
            a, b = {"span": (start, end), "first": (start, start + 1),
                    "last": (end - 1, end)}[anchor]
            triggers[bisect_right(starts, a) - 1].append((a, b, rule))
        ents = [[] for _ in sentences]  # per sentence: (start, end, actor id)
        for e in doc.ents:
            ents[bisect_right(starts, e.start) - 1].append((e.start, e.end, e.label_))
        relations = []
        for sent, found, names in zip(sentences, triggers, ents):
            if not found or len(names) < 2:
                continue
            taken = {}  # rule -> trigger ranges already used (overlapping matches count once)
            for a, b, rule in sorted(found):
                if any(x < b and a < y for x, y in taken.get(rule, ())):
                    continue
                taken.setdefault(rule, []).append((a, b))
                if rule in self.requires and not any(
                        r.match(t.norm_) for t in sent for r in self.requires[rule]):
                    continue
                before = [n for n in names if n[1] <= a]
                after = [n for n in names if n[0] >= b]
                if before and after and before[-1][2] != after[0][2]:
                    relations.append([before[-1][2], rule, after[0][2]])
        doc.user_data["relations"] = relations
        return doc


def build_pipeline(lang, names, rule_file):
    """A blank pipeline: sentencizer, entity_ruler, relation_candidates."""
    data = read_toml(rule_file)
    try:
        rules, lexicon = data["rule"], data["lexicon"]
        for rule in rules:
            for p in rule["trigger"] + rule.get("requires", []):
                for tok in p.split():
                    re.compile(f"^(?:{tok})$")
    except KeyError as e:
        raise DataError(f"{rule_file}: missing field {e}") from e
    except re.error as e:
        raise DataError(f"{rule_file}: rule '{rule.get('id')}': pattern '{tok}': {e}") from e
    nlp = spacy.blank(lang)
    # NORM = lower case with diacritics folded, the form actorgraph's patterns are written for.
    nlp.vocab.lex_attr_getters[NORM] = fold
    for lex in nlp.vocab:
        lex.norm_ = fold(lex.orth_)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("entity_ruler").add_patterns(names)
    patterns = trigger_patterns(nlp, rules, [fold(w) for w in lexicon["infinitive_markers"]])
    nlp.add_pipe("relation_candidates", config={
        "patterns": patterns,
        "requires": {r["id"]: r["requires"] for r in rules if r.get("requires")},
    })
    return nlp, {fold(w) for w in lexicon["stopwords"]}


def read_corpus(directory, limit_bytes, stopwords):
    """All *.txt files under the directory (sorted), with their language: the manifest's
    (manifest.toml beside them, keyed by file name, as actorgraph reads it), else the
    language whose stop words are most frequent in the text."""
    manifest_path = directory / "manifest.toml"
    manifest = {}
    if manifest_path.is_file():
        manifest = {d["file"]: d.get("language") for d in read_toml(manifest_path).get("document", [])
                    if "file" in d}
    docs = {lang: [] for lang in LANGUAGES}
    total = 0
    for path in sorted(directory.rglob("*.txt")):
        if limit_bytes is not None and total >= limit_bytes:
            break
        try:
            raw = path.read_bytes()
        except OSError as e:
            raise DataError(f"{path}: cannot read: {e.strerror}") from e
        total += len(raw)
        text = raw.decode("utf-8", errors="replace")
        lang = manifest.get(path.name)
        if lang not in docs:
            words = re.findall(r"\w+", fold(text[:5000]))
            lang = max(LANGUAGES, key=lambda l: sum(w in stopwords[l] for w in words))
        docs[lang].append(text)
    return docs, total


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ontology", type=Path, required=True, help="actorgraph's ontology/ directory")
    ap.add_argument("--corpus", type=Path, required=True, help="directory of *.txt files")
    ap.add_argument("--processes", type=int, default=1, help="nlp.pipe n_process (default 1)")
    ap.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch_size (default 64)")
    ap.add_argument("--limit-mb", type=float, help="read only the first X MB of the corpus")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        raise DataError(f"{args.corpus}: corpus directory not found")
    if not args.ontology.is_dir():
        raise DataError(f"{args.ontology}: ontology directory not found")

    t0 = time.perf_counter()
    names = gazetteer_patterns(args.ontology / "gazetteer")
    pipelines, stopwords = {}, {}
    for lang in LANGUAGES:
        pipelines[lang], stopwords[lang] = build_pipeline(
            lang, names[lang], args.ontology / "rules" / f"{lang}.toml")
    setup = time.perf_counter() - t0

    t0 = time.perf_counter()
    limit = None if args.limit_mb is None else int(args.limit_mb * 1_000_000)
    texts, total = read_corpus(args.corpus, limit, stopwords)
    counts = {"documents": 0, "sentences": 0, "entities": 0, "relations": 0}
    for lang, nlp in pipelines.items():
        if not texts[lang]:
            continue
        for doc in nlp.pipe(texts[lang], batch_size=args.batch_size, n_process=args.processes):
            counts["documents"] += 1
            counts["sentences"] += sum(1 for _ in doc.sents)
            counts["entities"] += len(doc.ents)
            counts["relations"] += len(doc.user_data["relations"])
    seconds = time.perf_counter() - t0

    print(json.dumps({
        "documents": counts["documents"], "bytes": total, "sentences": counts["sentences"],
        "entities": counts["entities"], "relations": counts["relations"],
        "setup_seconds": round(setup, 3), "seconds": round(seconds, 3),
        "mb_per_second": round(total / 1e6 / seconds, 3) if seconds else None,
        "spacy": spacy.__version__, "processes": args.processes}))


if __name__ == "__main__":
    try:
        main()
    except DataError as e:
        print(f"spacy_baseline: {e}", file=sys.stderr)
        sys.exit(1)
