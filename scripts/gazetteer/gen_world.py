#!/usr/bin/env python3
"""Generates ontology/gazetteer/world.toml, the world's states, from Debian's iso-codes.

    apt-get install iso-codes
    python3 scripts/gazetteer/gen_world.py

English names come from iso-codes' ISO 3166-1 JSON (name, official_name, common_name), Dutch
names from its gettext catalogue (domain iso_3166-1, locale nl). The selection, the English
labels news uses and a few corrections are kept by hand below. The output depends only on the
iso-codes files and this script: the same input gives a byte-identical file.

Python 3.11, standard library only. See scripts/gazetteer/README.md.
"""

from __future__ import annotations

import argparse
import gettext
import gzip
import json
import re
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COMMAND = "python3 scripts/gazetteer/gen_world.py"

# The 193 member states of the United Nations (https://www.un.org/en/about-us/member-states),
# as ISO 3166-1 alpha-3 codes, in the UN's alphabetical order.
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR
MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()

# The two non-member observer states of the UN General Assembly.
UN_OBSERVERS = ["VAT", "PSE"]

# Disputed or partially recognised territories that ISO 3166-1 lists, with the type they get.
# The rule: a territory that at least one UN member recognises as a state, and that acts as one
# in the news, is a "state" (Taiwan: recognised by about a dozen members, and has its own
# government and foreign relations; Palestine and Kosovo are handled above and below).
# Western Sahara is the territory, which ISO lists as such; the state that claims it, the
# Sahrawi Arab Democratic Republic, is recognised by several dozen UN members but in the news
# "Western Sahara" is the land Morocco and the Polisario Front dispute, so it is a "place",
# as Nagorno-Karabakh is in actors.toml (its SADR names are in world-names.toml).
DISPUTED = {"TWN": "state", "ESH": "place"}

# States that ISO 3166-1 does not list, by hand: Kosovo (recognised by about a hundred UN
# members; "XK" is a user-assigned code, used by the EU and the IMF, so iso-codes lacks it).
EXTRA = [
    {
        "alpha_3": "XKX",
        "type": "state",
        "label": "Kosovo",
        "en": ["Kosovo", "Republic of Kosovo"],
        "nl": ["Kosovo", "Republiek Kosovo"],
    },
]

# English labels news uses where ISO's short name is formal or not the usual one. Where ISO
# gives a common_name (Bolivia, Iran, Laos, Moldova, North Korea, South Korea, Syria, Taiwan,
# Tanzania, Venezuela, Vietnam) that is the label and needs no entry here. A label must match
# the one actors.toml gives an id it shares (russia "Russia", turkey "Turkey", ...).
LABELS = {
    "BRN": "Brunei",  # Brunei Darussalam
    "CIV": "Ivory Coast",  # Côte d'Ivoire
    "COD": "Democratic Republic of the Congo",  # Congo, The Democratic Republic of the
    "COG": "Republic of the Congo",  # Congo
    "CPV": "Cape Verde",  # Cabo Verde
    "CZE": "Czech Republic",  # Czechia (still the less usual name in English news)
    "FSM": "Micronesia",  # Micronesia, Federated States of
    "PSE": "Palestine",  # Palestine, State of
    "RUS": "Russia",  # Russian Federation
    "TLS": "East Timor",  # Timor-Leste
    "TUR": "Turkey",  # Türkiye
    "VAT": "Holy See",  # Holy See (Vatican City State)
}

# ISO names that no text uses and that are left out ("Taiwan, Province of China" is the UN's
# name for Taiwan, not one the news uses for the state).
DROP = {"Taiwan, Province of China"}

# Dutch corrections, by English msgid, where the nl catalogue is wrong: it gives Georgia
# untranslated (Dutch: Georgië; "Georgia" in Dutch is the American state) and leaves Laos's
# formal name half inverted.
NL_FIXES = {
    "Georgia": "Georgië",
    "Lao People's Democratic Republic": "Democratische Volksrepubliek Laos",
}

# Names that more than one selected state would get are left out of all of them; they are
# found by the script (Congo: both Congos; Korea: both Koreas) and listed in the header.


class Misses(gettext.NullTranslations):
    """The fallback of the nl catalogue: records the msgids it lacks."""

    def __init__(self) -> None:
        super().__init__()
        self.missing: list[str] = []

    def gettext(self, message: str) -> str:
        self.missing.append(message)
        return message


def slug(label: str) -> str:
    """'Côte d'Ivoire' -> 'cote-divoire', 'United States' -> 'united-states'."""
    ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    ascii_ = re.sub(r"['’.,()]", "", ascii_.lower())
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")


def forms(name: str) -> list[str]:
    """The forms of an ISO name that text can contain.

    'Korea, Republic of' -> ['Republic of Korea', 'Korea'];
    'Congo, Democratische Republiek' -> ['Democratische Republiek Congo', 'Congo'];
    'Holy See (Vatican City State)' -> ['Holy See', 'Vatican City State'];
    'the State of Eritrea' -> ['State of Eritrea'].
    """
    if name in DROP:
        return []
    name = re.sub(r"^[Tt]he ", "", name.strip())
    m = re.fullmatch(r"(.+?) \((.+)\)", name)
    if m:
        return [m.group(1), m.group(2)]
    if ", " in name:
        # ISO's inverted form: the formal name put right, and the plain name.
        plain, qualifier = name.split(", ", 1)
        if not re.fullmatch(r"(?:[A-Z][\w']* )*(?:[A-Z][\w']*|of|of the)", qualifier):
            raise SystemExit(f"gen_world: cannot un-invert {name!r}; add it to DROP")
        return [re.sub(r"^[Tt]he ", "", f"{qualifier} {plain}"), plain]
    return [name]


def package_version() -> str | None:
    """The installed iso-codes version (dpkg, else the Debian changelog), or None."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    changelog = Path("/usr/share/doc/iso-codes/changelog.Debian.gz")
    try:
        with gzip.open(changelog, "rt", encoding="utf-8") as f:
            m = re.match(r"iso-codes \(([^)]+)\)", f.readline())
            return m.group(1) if m else None
    except OSError:
        return None


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--iso-dir", type=Path, default=Path("/usr/share/iso-codes/json"))
    ap.add_argument("--locale-dir", type=Path, default=Path("/usr/share/locale"))
    ap.add_argument("--out", type=Path, default=REPO / "ontology/gazetteer/world.toml")
    ap.add_argument("--actors", type=Path, default=REPO / "ontology/gazetteer/actors.toml",
                    help="the hand gazetteer whose ids, types and labels must agree")
    args = ap.parse_args()

    with open(args.iso_dir / "iso_3166-1.json", encoding="utf-8") as f:
        iso = {e["alpha_3"]: e for e in json.load(f)["3166-1"]}
    nl = gettext.translation("iso_3166-1", localedir=args.locale_dir, languages=["nl"])
    misses = Misses()
    nl.add_fallback(misses)

    def dutch(msgid: str) -> str:
        return NL_FIXES.get(msgid) or nl.gettext(msgid)

    assert len(UN_MEMBERS) == 193 and len(set(UN_MEMBERS)) == 193, "UN member list"
    selection = [(c, "state") for c in UN_MEMBERS + UN_OBSERVERS] + sorted(DISPUTED.items())
    unknown = [c for c, _ in selection if c not in iso]
    if unknown:
        raise SystemExit(f"gen_world: not in iso_3166-1.json: {' '.join(unknown)}")

    # Per state: code, type, label and its names as (name, lang): the short names (Dutch,
    # then English), then the official ones.
    states = []
    for code, kind in selection:
        e = iso[code]
        label = LABELS.get(code) or e.get("common_name") or e["name"]
        short = ("common_name", "name")
        en_short = [label] + [n for k in short if k in e for n in forms(e[k])]
        nl_short = [n for k in short if k in e for n in forms(dutch(e[k]))]
        en_long = forms(e["official_name"]) if "official_name" in e else []
        nl_long = forms(dutch(e["official_name"])) if "official_name" in e else []
        names = ([(n, "nl") for n in nl_short] + [(n, "en") for n in en_short]
                 + [(n, "nl") for n in nl_long] + [(n, "en") for n in en_long])
        states.append((code, kind, label, names))
    for x in EXTRA:
        names = [(n, "nl") for n in x["nl"]] + [(n, "en") for n in x["en"]]
        states.append((x["alpha_3"], x["type"], x["label"], names))

    # A name two states would share is left out of both.
    owners: dict[str, set[str]] = {}
    for code, _, _, names in states:
        for n, _ in names:
            owners.setdefault(n.casefold(), set()).add(code)
    shared = sorted({n for code, _, _, names in states for n, _ in names
                     if len(owners[n.casefold()]) > 1})

    records = []
    for code, kind, label, names in states:
        langs: dict[str, set[str]] = {}
        order: list[str] = []
        for n, lang in names:
            if n in shared:
                continue
            if n not in langs:
                langs[n] = set()
                order.append(n)
            langs[n].add(lang)
        written = [n if langs[n] == {"en", "nl"} else f"{n}@{next(iter(langs[n]))}"
                   for n in order]
        records.append({"code": code, "id": slug(label), "type": kind, "label": label,
                        "names": written})

    ids = [r["id"] for r in records]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise SystemExit(f"gen_world: duplicate ids {dupes}")
    if args.actors.exists():
        with open(args.actors, "rb") as f:
            hand = {a["id"]: a for a in tomllib.load(f)["actor"]}
        for r in records:
            a = hand.get(r["id"])
            if a and (a.get("type"), a.get("label")) != (r["type"], r["label"]):
                raise SystemExit(
                    f"gen_world: {r['id']}: type/label {r['type']!r}/{r['label']!r} disagree "
                    f"with {args.actors.name}'s {a.get('type')!r}/{a.get('label')!r}")

    missing = sorted(set(misses.missing))
    for m in missing:
        print(f"gen_world: no Dutch name in the catalogue for {m!r}", file=sys.stderr)

    version = package_version()
    source = f"Debian's iso-codes {version}" if version else "Debian's iso-codes"
    out = [
        "# actorgraph gazetteer: the world's states. GENERATED, do not edit by hand.",
        "#",
        f"# Written by `{COMMAND}` from {source}",
        "# (ISO 3166-1 names and their Dutch translations in the iso_3166-1 gettext catalogue).",
        "# To change a name or label, change the generator (its LABELS, DROP and NL_FIXES tables)",
        "# and run it again; demonyms, seats and names no data source has go in world-names.toml.",
        "# The format is that of actors.toml; an id may also appear there and in world-names.toml,",
        "# and all records of an id are joined.",
        "#",
        "# The selection: the 193 UN member states, the 2 observer states (Holy See, Palestine),",
        "# Taiwan and Kosovo (states), and Western Sahara (a disputed territory, a place).",
    ]
    if shared:
        out.append("# Names two states would share are left out: " + ", ".join(shared) + ".")
    for kind, title in (("state", "states"), ("place", "disputed territories")):
        out += ["", f"# ---------------------------------------------------------------- {title}"]
        for r in sorted((r for r in records if r["type"] == kind), key=lambda r: r["id"]):
            out += [
                "",
                "[[actor]]",
                f"id = {toml_str(r['id'])}  # {r['code']}",
                f"type = {toml_str(r['type'])}",
                f"label = {toml_str(r['label'])}",
                "names = [" + ", ".join(toml_str(n) for n in r["names"]) + "]",
            ]
    text = "\n".join(out) + "\n"
    tomllib.loads(text)  # it must parse
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(text.encode("utf-8"))
    n_states = sum(r["type"] == "state" for r in records)
    print(f"gen_world: wrote {args.out} ({n_states} states, "
          f"{len(records) - n_states} other; {len(missing)} Dutch names missing)",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
