#!/usr/bin/env python3
"""Build rasd/kb/data/actors_petrarch.jsonl.gz from the Universal-PETRARCH Arabic actor dictionary.

Reads ../shared/data/universal-petrarch-arabic/dictionaries/actor_dict_ar_v4.txt (MIT, Open Event
Data Alliance). Its format: an entry line ``lemma_words_  [CODE]`` or a bare ``lemma_words_``
followed by indented ``[CODE start-end]`` / ``[CODE >start]`` / ``[CODE <end]`` lines; words are
UDPipe lemmas joined by "_" (no article, masculine singular: "جيش_إسرائيلي_"). A CAMEO code is a
3-letter country and 3-letter roles ("SYRGOV", "IRQMIL", "YEMREB").

What is kept:
- codes that map to one of our categories (CODE_MAP below): a country in our conflicts with a
  state role (GOV, MIL, SPY, COP, LEG) -> that country's state category; YEMREB/YEMOPP when the
  name is the Houthis -> HOUTHI. Everything else (other countries, parties, business, bare
  country codes, which name places and nationalities) is skipped;
- role entries ("جيش_سوري_", "وزارة_دفاع_روسي_"): the category, with surface forms rebuilt from
  the lemmas (definite article, idafa, feminine agreement, قوة -> قوات) since news never writes
  the lemma form;
- person entries: the name without titles, only with two or more name words (single names such
  as "بوش", "المالكي" or "عبد الله" are too generic), only with a dated range, and only if a
  mapped range reaches 2011 (the conflicts' era). Their category holds only within the
  dictionary's date ranges (periods; a range open in the 2018 dictionary stays open); outside
  them the person is OTHER. A person a curated entry already names is left out.
An alias that two kept entries of different categories claim is dropped; an alias a curated entry
(rasd/kb/data/actors_*.toml) claims is dropped too (curated wins; the loader enforces it again).
Deterministic: same input, same file.

usage: python scripts/build_actors.py
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasd.kb.actors import PETRARCH, check_actors, read_curated, actor_from_json  # noqa: E402
from rasd.paths import data_path  # noqa: E402
from rasd.text.normalize import normalize_key  # noqa: E402

DICT_FILE = "actor_dict_ar_v4.txt"
DICT_DATE = "2018-11-14"  # the dictionary's commit
ERA_START = "2011-01-01"  # a person whose mapped roles all ended before this is left out

COUNTRY_CATEGORY = {
    "SYR": "SYR_GOV", "IRN": "IRN", "ISR": "ISR", "USA": "USA", "RUS": "RUS", "TUR": "TUR",
    "JOR": "JOR", "IRQ": "IRQ_GOV", "YEM": "YEM_GOV", "SDN": "SDN_SAF",
}
STATE_ROLES = {"GOV", "MIL", "SPY", "COP", "LEG"}
FORCE_ROLES = {"MIL", "SPY", "COP"}
FOREIGN = {"IRN", "ISR", "USA", "RUS", "TUR", "JOR"}
# curated roots the generated entries hang from: (category, is_force) -> id
PARENTS = {
    ("SYR_GOV", False): "syr.gov", ("SYR_GOV", True): "syr.gov.forces",
    ("IRN", False): "irn", ("IRN", True): "irn.forces",
    ("ISR", False): "isr", ("ISR", True): "isr.forces",
    ("USA", False): "usa", ("USA", True): "usa.forces",
    ("RUS", False): "rus", ("RUS", True): "rus.forces",
    ("TUR", False): "tur", ("TUR", True): "tur.forces",
    ("JOR", False): "jor", ("JOR", True): "jor.forces",
    ("IRQ_GOV", False): "irq.gov", ("IRQ_GOV", True): "irq.forces",
    ("YEM_GOV", False): "yem.gov", ("YEM_GOV", True): "yem.gov.army",
    ("SDN_SAF", False): "sdn.gov", ("SDN_SAF", True): "sdn.saf",
    ("HOUTHI", False): "yem.houthi", ("HOUTHI", True): "yem.houthi",
}
COUNTRY_NAME = {
    "SYR": "Syria", "IRN": "Iran", "ISR": "Israel", "USA": "United States", "RUS": "Russia",
    "TUR": "Turkey", "JOR": "Jordan", "IRQ": "Iraq", "YEM": "Yemen", "SDN": "Sudan",
}

# Entries the dictionary codes wrongly (checked by hand): lemma -> why skipped.
SKIP = {
    "جنرال_يحيى_خان_": "a Pakistani general coded USAGOV",
    "ايمن_عودة_": "an Israeli Knesset member coded JORGOV",
    "اهتمام_حكومة_خادم_حرمان_شريف_": "a phrase about the Saudi government coded SYRJUD",
    "سجن_ابو_غريب_": "a prison, not an actor",
    "معتقل_بوكا_أميركي_": "a prison, not an actor",
    "بئر_مزة_": "a place coded SDNMIL",
    "سفنا_اعرافنا_حربي_روسي_": "garbled text",
    "جهالز_أمني_في_بغداد_": "garbled text",
    "وزير_تربية_لاقليم_لاقليم_كردستان_": "garbled text",
    "وزير_تربية_لاقليم_لاقليم_كردستان_دلشاد_عبد_الرحمن_": "garbled text",
    "مسؤول_آمن_عراقي_": "garbled text",
    "لقفي_قدس_": "garbled text",
    "مدرعة_روسي_": "a vehicle, not an actor",
    "قوة_مسلح_يمني_": "since 2015 both the government and the Houthis claim the Yemeni armed forces' name",
    "إقليم_كردستان_": "a region (a place far more often than an actor)",
    "جيش_شعبي_": "Sudan's Popular Defence Forces (dissolved 2019); the name now mostly means the SPLM-N's army",
}

# Words that make an entry a role or an office (lemma forms, without the article).
ROLE_WORDS = set("""
جيش قوة قوات شرطة جندي جنود استخبار مخابرات أمن جهاز حرس وزارة وزير وزيرة حكومة حكم نظام سلطة
رئيس رئاسة نائب سفير سفيرة سفارة مسؤول ناطق متحدث مجلس برلمان كونغرس قيادة قائد ديوان خارجية دفاع
داخلي داخلية مالية عدل اقتصاد تجارة صناعة ثقافة تعليم بيئة سياحة آثار كهرباء طاقة إعلام صحة زراعة تربية
بحرية بحري جوي جو سلاح طيران مدرعة فرقة عاهل ملك ملكة دولة إقليم هيئة مكتب شعب نواب أركان ركن حدود
جمهورية الكرملين البنتاغون البيت أبيض محققين محقق مدعي قضاء محكمة جامعة وكالة أول ثاني
""".split())
# Titles stripped from person names.
TITLES = set("""
رئيس وزير وزيرة نائب لواء ركن فريق أول عقيد عميد مقدم ملازم الملأزم دكتور دكتورة شيخ ملك ملكة أمير
سفير سفيرة جنرال عاهل مشير عمدة سيد السيد حاكم قائد مستشار متحدث ناطق سابق أسبق دولة جمهورية خارجية
دفاع داخلي مالية عدل اقتصاد تجارة صناعة ثقافة تعليم عالي بيئة سياحة آثار كهرباء طاقة إعلام صحة
زراعة تربية حكومة مجلس برلمان وزارة
""".split())
# Adjectives (lemma forms, masculine) that follow a role noun.
COUNTRY_ADJS = set("""
سوري عراقي إيراني ايراني إسرائيلي اسرائيلي أمريكي أميركي امريكي اميركي روسي تركي أردني اردني يمني سوداني
ليبي كردي مصري سعودي فلسطيني لبناني
""".split())
ADJS = COUNTRY_ADJS | set("""
عسكري أمني جوي بحري برلماني اتحادي وطني قومي مركزي عام خاص مسلح أعلى عالي شعبي ثوري إسلامي خارجي داخلي
سياسي
""".split())
# Words that never occur in a person's name: an entry holding one is a phrase, not a person.
NOT_NAME = ROLE_WORDS | COUNTRY_ADJS | set("""
إدارة مكتب برنامج ولاية متحد بيت أبيض مال خزانة جمعية تنمية مصدر مساعد ضابط مبعوث مبعوثة مفتش جندي
الجندي الجنديين حرس حد سجن دبابة قام في نووي لحرس ثوري دبلوماسي كالة الكونغرس هيل كابيتول السي أي أيه
البوارج القتالية احتلال المارينز تحقيق اتحادي سياسي
""".split())
# Proper nouns inside role lemmas, as news writes them after a noun.
PROPER = {"دمشق": "دمشق", "بغداد": "بغداد", "كردستان": "كردستان", "خرطوم": "الخرطوم", "سودان": "السودان",
          "عراق": "العراق", "تركيا": "تركيا", "روسيا": "روسيا", "اسرائيل": "إسرائيل"}
# Lemmas news writes in another form wherever they occur.
WORD_FORMS = {"استخبار": "استخبارات"}
# Lemma pairs whose second word news writes in another form: (previous, word) -> surface word.
PAIR_FORMS = {("رئيس", "وزير"): "وزراء", ("مجلس", "وزير"): "وزراء", ("مجلس", "نائب"): "نواب",
              ("رئاسة", "ركن"): "أركان", ("رئيس", "ركن"): "أركان", ("قائد", "ركن"): "أركان",
              ("هيئة", "ركن"): "أركان", ("وزارة", "داخلي"): "داخلية", ("وزير", "داخلي"): "داخلية",
              ("سلاح", "جوي"): "جو"}
STOP_TOKENS = {"هو", "هي", "ل", "ب", "ك", "و", "م", "من", "عن", "على"}
ARABIC_WORD = re.compile(r"^[\u0621-\u064a\u0670]+$")
CODE_LINE = re.compile(r"^\s*\[([^\]]*)\]\s*$")
ENTRY_LINE = re.compile(r"^\s*(\S+)\s*(?:\[([^\]]*)\])?\s*$")


def parse_dictionary(path: Path) -> list[dict]:
    """Entries as {lemma, line, codes: [(code, start, end)]} (dates ISO or None)."""
    entries: list[dict] = []
    cur = None
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = CODE_LINE.match(line)
            if m and cur is not None and line[:1] in " \t":
                cur["codes"].append(parse_code(m.group(1)))
                continue
            m = ENTRY_LINE.match(line)
            if not m:
                cur = None  # free text with spaces: not a dictionary entry
                continue
            cur = {"lemma": m.group(1), "line": n, "codes": []}
            if m.group(2) is not None:
                cur["codes"].append(parse_code(m.group(2)))
            entries.append(cur)
    return entries


def _iso(d: str) -> str | None:
    if not re.fullmatch(r"\d{8}", d):
        return None
    return f"{d[:4]}-{d[4:6]}-{d[6:]}"


def parse_code(text: str) -> tuple[str, str | None, str | None]:
    """'SYRGOV 20000717-20110329' / 'SYRGOV >20000717' / 'SYRGOV <20050801' / 'SYRGOV'."""
    parts = text.split(None, 1)
    code = parts[0] if parts else ""
    if not re.fullmatch(r"[A-Z]+", code):
        return ("", None, None)
    rest = parts[1].replace(" ", "") if len(parts) > 1 else ""
    start = end = None
    if rest.startswith(">"):
        start = _iso(rest[1:])
    elif rest.startswith("<"):
        end = _iso(rest[1:])
    elif "-" in rest:
        a, b = rest.split("-", 1)
        start, end = _iso(a), _iso(b)
        if start and end and end < start:  # the dictionary's placeholder ends (18000101...)
            end = None
    if start and start > DICT_DATE:  # placeholder starts (22000101)
        start = None
    return (code, start, end)


def map_code(code: str, tokens: list[str]) -> tuple[str, str, bool] | None:
    """A CAMEO code as (category, country code, is_force), or None when it maps to none of ours."""
    if len(code) < 6:
        return None
    country, role = code[:3], code[3:6]
    if country == "YEM" and role in {"REB", "OPP"} and any("حوثي" in t for t in tokens):
        return ("HOUTHI", "YEM", True)
    if country in COUNTRY_CATEGORY and role in STATE_ROLES:
        return (COUNTRY_CATEGORY[country], country, role in FORCE_ROLES)
    return None


def tokens_of(lemma: str) -> list[str]:
    return [t for t in lemma.replace("\u200e", "").replace("\u0670", "").strip("_").split("_") if t]


def _bare(tok: str) -> str:
    return tok[2:] if tok.startswith("ال") and len(tok) > 3 else tok


def is_adjective(tok: str) -> bool:
    return _bare(tok) in ADJS


def is_role(tokens: list[str]) -> bool:
    """A role or office: a role noun first, then role nouns, adjectives or proper nouns only."""
    if _bare(tokens[0]) not in ROLE_WORDS and tokens[0] not in ROLE_WORDS:
        return False
    return all(t in ROLE_WORDS or _bare(t) in ROLE_WORDS or is_adjective(t) or _bare(t) in PROPER
               for t in tokens)


def _definite(t: str) -> str:
    if _bare(t) in PROPER:
        return PROPER[_bare(t)]
    return t if t.startswith("ال") else "ال" + t


def _feminine(t: str) -> str:
    return t if t.endswith("ة") else t + "ة"


def role_surfaces(tokens: list[str]) -> list[str]:
    """Surface forms of a role lemma: 'جيش سوري' -> 'الجيش السوري'; 'وزارة دفاع روسي' -> 'وزارة الدفاع الروسية'."""
    tokens = [WORD_FORMS.get(t, t) for t in tokens]
    heads = [(tokens[0], tokens[0].endswith("ة") or tokens[0].endswith("ات"))]
    if tokens[0] == "قوة":
        heads.append(("قوات", True))
    # lemma pairs news writes otherwise ("رئيس وزير" -> "رئيس الوزراء"); such a word is a noun
    rest = [PAIR_FORMS.get((_bare(prev), _bare(t)), t) for prev, t in zip(tokens, tokens[1:])]
    out: list[str] = []
    for head, fem in heads:
        if not rest:
            out.append(head)
            continue
        if all(is_adjective(t) for t in rest):
            # noun + adjectives: all definite, adjectives agree with the head
            adjs = [_feminine(t) if fem else t for t in rest]
            out.append(" ".join([_definite(head)] + [_definite(t) for t in adjs]))
            if len(rest) == 1:
                out.append(" ".join([head] + adjs))  # indefinite: "قوة روسية"
            continue
        # idafa chain: only the last noun takes the article, then the adjectives after it
        # ("نائب وزير الخارجية الروسي"); a final adjective may agree with the head
        # ("وزارة الدفاع الروسية") or with the last noun ("رئاسة أركان الجيش التركي"): both
        last_noun = max(i for i, t in enumerate(rest) if not is_adjective(t))
        words = [head] + [t if i < last_noun else _definite(t) for i, t in enumerate(rest)]
        out.append(" ".join(words))
        if fem and is_adjective(rest[-1]):
            out.append(" ".join(words[:-1] + [_definite(_feminine(rest[-1]))]))
    seen: set[str] = set()
    return [s for s in out if not (normalize_key(s) in seen or seen.add(normalize_key(s)))]


def name_units(name: list[str]) -> int:
    """Name words, a compound (عبد الله، أبو بكر، بن زيد) counting once: 'عبد الله' alone is 1."""
    n, i = 0, 0
    while i < len(name):
        i += 2 if name[i] in {"عبد", "ابو", "أبو", "بن", "ابن", "آية"} and i + 1 < len(name) else 1
        n += 1
    return n


def person_name(tokens: list[str]) -> list[str]:
    """The name words of a person entry: leading titles and nisba adjectives stripped."""
    i = 0
    while i < len(tokens) and (tokens[i] in TITLES or _bare(tokens[i]) in TITLES or _bare(tokens[i]) in PROPER
                               or (is_adjective(tokens[i]) and i > 0)):
        i += 1
    return tokens[i:]


def merge_ranges(ranges: list[tuple[str, str | None, str | None]]) -> list[dict] | None:
    """Periods from (category, start, end) ranges, overlaps of one category merged; None when
    ranges of different categories overlap (the entry is contradictory). Open ends stay open."""
    spans = sorted((s or "0000-01-01", e or "9999-12-31", c) for c, s, e in ranges)
    merged: list[list] = []
    for s, e, c in spans:
        if merged and s <= merged[-1][1]:
            if merged[-1][2] != c:
                return None
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e, c])
    out = []
    for s, e, c in merged:
        p = {"category": c}
        if s != "0000-01-01":
            p["start"] = s
        if e != "9999-12-31":
            p["end"] = e
        out.append(p)
    return out


def build(entries: list[dict], curated_keys: set[str],
          curated_person_keys: set[str] = frozenset()) -> tuple[list[dict], dict[str, int]]:
    stats = {"entries": len(entries), "mapped": 0, "skipped_listed": 0, "skipped_bad_tokens": 0,
             "skipped_single_word": 0, "skipped_not_a_name": 0, "skipped_undated": 0, "skipped_old": 0, "skipped_conflicting": 0}
    groups: dict[tuple, dict] = {}
    for e in entries:
        if e["lemma"] in SKIP:
            stats["skipped_listed"] += 1
            continue
        toks = tokens_of(e["lemma"])
        mapped = [(map_code(c, toks), s, en) for c, s, en in e["codes"]]
        mapped = [(m, s, en) for m, s, en in mapped if m]
        if not mapped:
            continue
        stats["mapped"] += 1
        if not toks or any(t in STOP_TOKENS or len(t) < 2 or not ARABIC_WORD.match(t) for t in toks):
            stats["skipped_bad_tokens"] += 1
            continue
        role = is_role(toks)
        if role:
            cats = {m[0] for m, _, _ in mapped}
            if len(cats) != 1:
                stats["skipped_conflicting"] += 1
                continue
            if len(toks) == 1 and toks[0] not in ROLE_WORDS:
                stats["skipped_single_word"] += 1
                continue
            key = ("role", normalize_key(" ".join(toks)))
        else:
            name = person_name(toks)
            houthi = any("حوثي" in t for t in toks)
            if not houthi and any(t in NOT_NAME or _bare(t) in NOT_NAME for t in name):
                stats["skipped_not_a_name"] += 1
                continue
            if name_units(name) < 2 and not houthi:
                stats["skipped_single_word"] += 1
                continue
            key = ("person", normalize_key(" ".join(name or toks)))
        g = groups.setdefault(key, {"tokens": toks, "role": role, "lines": [], "mapped": []})
        g["lines"].append(e["line"])
        g["mapped"].extend(mapped)
        if len(toks) < len(g["tokens"]):
            g["tokens"] = toks

    actors: list[dict] = []
    for (kind, key), g in sorted(groups.items(), key=lambda kv: min(kv[1]["lines"])):
        cats = sorted({m[0] for m, _, _ in g["mapped"]})
        (cat, cc, force) = g["mapped"][0][0]
        src = f"petrarch-arabic (MIT): {DICT_FILE}:" + ",".join(str(n) for n in sorted(set(g["lines"])))
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
        if kind == "role" or any("حوثي" in t for t in g["tokens"]):
            if len(cats) != 1:
                stats["skipped_conflicting"] += 1
                continue
            aliases = role_surfaces(g["tokens"]) if kind == "role" else [" ".join(g["tokens"])]
            is_force = any(m[2] for m, _, _ in g["mapped"])
            actor = {
                "id": f"petrarch.{cat.lower()}.{digest}", "name": aliases[0], "category": cat,
                "aliases": aliases, "parent": PARENTS[(cat, is_force)],
                "kind": "armed_group" if cat == "HOUTHI" else
                        ("foreign_force" if cc in FOREIGN else "state_force") if is_force else "official",
                "country": COUNTRY_NAME[cc], "source": src,
            }
        else:
            # only dated ranges: an undated person cannot be placed in time
            ranges = [(m[0], s, en) for m, s, en in g["mapped"] if s or en]
            if not ranges:
                stats["skipped_undated"] += 1
                continue
            periods = merge_ranges(ranges)
            if periods is None:
                stats["skipped_conflicting"] += 1
                continue
            if all(p.get("end", "9999") < ERA_START for p in periods):
                stats["skipped_old"] += 1
                continue
            for p in periods:
                p["parent"] = PARENTS[(p["category"], False)]
            name = " ".join(person_name(g["tokens"]))
            if any(f" {k} " in f" {normalize_key(name)} " for k in curated_person_keys):
                stats["skipped_curated_person"] = stats.get("skipped_curated_person", 0) + 1
                continue
            actor = {
                "id": f"petrarch.person.{digest}", "name": name, "category": "OTHER",
                "aliases": [name], "parent": None, "kind": "person", "country": COUNTRY_NAME[cc],
                "source": src, "periods": periods,
                "note": f"category only within the dictionary's date ranges (open ranges were open as of {DICT_DATE})",
            }
        actors.append(actor)

    # aliases: curated ones win; ones two kept entries of different categories claim are dropped
    claims: dict[str, set[str]] = {}
    for a in actors:
        cats = {a["category"]} | {p["category"] for p in a.get("periods", [])}
        for al in a["aliases"]:
            claims.setdefault(normalize_key(al), set()).add("|".join(sorted(cats)))
    seen: set[str] = set()
    kept: list[dict] = []
    for a in actors:
        als = []
        for al in a["aliases"]:
            k = normalize_key(al)
            if k in curated_keys or len(claims[k]) > 1 or k in seen:
                continue
            seen.add(k)
            als.append(al)
        if not als:
            continue
        a["aliases"] = als
        a["name"] = als[0] if a["kind"] != "person" else a["name"]
        kept.append(a)
    stats["written"] = len(kept)
    return kept, stats


def main() -> None:
    path = data_path("universal-petrarch-arabic", "dictionaries", DICT_FILE)
    if not path.exists():
        sys.exit(f"missing {path}")
    curated = read_curated()
    curated_keys = {normalize_key(a) for actor in curated for a in actor.aliases}
    person_keys = {normalize_key(a) for actor in curated if actor.kind == "person" for a in actor.aliases}
    actors, stats = build(parse_dictionary(path), curated_keys, person_keys)
    problems = check_actors(curated + [actor_from_json(a) for a in actors])
    if problems:
        sys.exit("problems:\n" + "\n".join(problems))
    PETRARCH.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip bytes identical across rebuilds
    with open(PETRARCH, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for a in actors:
            gz.write((json.dumps(a, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    print(" ".join(f"{k}={v}" for k, v in stats.items()) + f" -> {PETRARCH}")


if __name__ == "__main__":
    main()
