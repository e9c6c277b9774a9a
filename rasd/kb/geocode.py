"""Which place a name is, in this article: disambiguation and geocoding.

A name the matcher found may be several places (صيدا in Dar'a, Quneitra and Lebanon), or no
place at all (نوى the verb, جاسم in "أبو جاسم"). :func:`resolve_places` decides with the article:

- a name that is also a common word or a given name (``place_cues.toml [[ambiguous]]`` and the
  corpus-built list) is a place only with context: a place word before it (مدينة، بلدة، حي، ريف،
  في، قرب ...), a region after it ("بريف درعا"، "غرب درعا"), or a list of other places around it;
  a personal title or kunya before it (أبو، ابن، العقيد ...) makes it a person;
- among several places, the one in the countries and governorates the article names, near the
  other places it names, then the most important (admin seat, population);
- a governorate's name written bare (درعا، القنيطرة) is the governorate or its seat, never a
  village of the same name; a village whose only readings lie in a governorate the article does
  not name, away from its places, is a local place no gazetteer has (placed as a landmark), or no
  place without a cue;
- landmarks no gazetteer has (بئر الصوت، خربة X) are placed at the named place they are tied to ("...
  بمدينة درعا") or the nearest one in their sentence, else the article's main place.

The result is a ``rasd.records.Location`` in ``mention.data["location"]``: the name as written
without clitics and place words, country, admin1..3, pcode, coordinates and ACLED's
geo_precision (1 the place itself, 2 near it or part of a region, 3 only the province).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from typing import Optional

from rasd.kb.matcher import KB, _Text, get_kb
from rasd.kb.places import Place, distance_km, is_ambiguous, is_important, is_weak_form, load_cues
from rasd.records import Location, Mention
from rasd.text.normalize import normalize_key
from rasd.text.sentences import split_sentences

_WORD = re.compile(r"[\u0621-\u064a]+")
_QUOTES = re.compile(r"[\"'“”«»„‟‹›()]")
FUZZY_MIN = 90  # rapidfuzz ratio a spelling must reach to count as a known name
FUZZY_MIN_LEN = 5  # shorter names are never guessed: one letter changes the word


@lru_cache(maxsize=1)
def _cues() -> dict:
    c = load_cues()
    ctx = c["context"]
    k = normalize_key
    adjectives: dict[str, str] = {}
    nat = c["nationality"]
    for code, words in nat["stems"].items():
        for w in words:
            adjectives[k(w)] = code
    ws = lambda name: {k(w) for w in ctx[name]}  # noqa: E731
    return {
        "strong": ws("before_strong"),
        "area": ws("before_area"),
        "weak": ws("before_weak"),
        "after": ws("after"),
        "after_then_place": ws("after_then_place"),
        "person": ws("person_before"),
        "kunya": ws("kunya"),
        "group": ws("group_before"),
        "admin_cue": ws("admin_words"),
        "nbh_cue": ws("quarter_words"),
        "town_cue": ws("settlement_words"),
        "near_cue": ws("near_words"),
        "cue_proclitics": [k(w) for w in ctx["cue_proclitics"]],
        # longest stems first: "الأتراك" before "تركي"
        "adjectives": dict(sorted(adjectives.items(), key=lambda kv: -len(kv[0]))),
        "adj_prefixes": frozenset(k(w) for w in nat["prefixes"]) | {""},
        "adj_endings": frozenset(k(w) for w in nat["endings"]) | {""},
        "precision": c["precision"],
        "strip": [k(w) for w in c["place_words"]["strip"]],
        "foreign_parties": frozenset(nat["foreign_parties"]),
        "foreign_countries": frozenset(nat["foreign_countries"]),
        "arabic_speaking": frozenset(ctx["arabic_speaking"]),
        "border": ws("border_words"),
    }


@lru_cache(maxsize=65536)
def group_words() -> set[str]:
    """Normalized words that make the name after them a group's (place_cues.toml group_before)."""
    return _cues()["group"]


def _adjective_country(w: str) -> Optional[str]:
    """The country of a nationality adjective ("العراقيون" -> IQ), by the stems in place_cues."""
    cues = _cues()
    for stem, code in cues["adjectives"].items():
        i = w.find(stem)
        if i >= 0 and w[:i] in cues["adj_prefixes"] and w[i + len(stem):] in cues["adj_endings"]:
            return code
    return None


class _Article:
    """What the whole text says about where it is: countries, governorates, resolved points."""

    def __init__(self, text: str, mentions: list[Mention], kb: KB):
        self.t = _Text(text)
        self.kb = kb
        cues = _cues()
        self.countries: Counter[str] = Counter()
        for w in _WORD.findall(self.t.s):
            code = _adjective_country(w)
            # "قصف جوي روسي"، "القوات التركية": a foreign power's adjective, like its actors, does
            # not say where the article is
            if code and code not in cues["foreign_countries"]:
                self.countries[code] += 1
        code_of = _country_codes()
        from rasd.kb.actors import alias_index

        aliases = alias_index()
        for m in mentions:
            # an alias limited to a country ("المقاومة": Yemen's Popular Resistance only in Yemen)
            # names that actor only where the article is already there: it casts no vote
            if m.kind == "actor" and any(scope for _, scope in aliases.get(m.data.get("key", ""), [])):
                continue
            # foreign forces act abroad: a Russian or Jordanian actor does not place the article
            if m.kind == "actor" and not any(
                    getattr(kb.actors_by_id.get(i), "category", None) in cues["foreign_parties"]
                    for i in m.data.get("candidates", [m.ref])):
                cs = {getattr(kb.actors_by_id.get(i), "country", None) for i in m.data.get("candidates", [m.ref])}
                if len(cs) == 1 and None not in cs and code_of.get(next(iter(cs))):
                    self.countries[code_of[next(iter(cs))]] += 1
        self.admin1: Counter[str] = Counter()
        self.points: list[Place] = []
        self.sentences = [(s.start, s.end) for s in split_sentences(text)]
        # where governorates, countries and big towns start: a name right before one is placed
        self.major_starts: set[int] = set()
        for m in mentions:
            if m.kind == "place" and not is_weak_form(m.data.get("key", "")):
                cs = [kb.by_id[i] for i in m.data.get("candidates", []) if i in kb.by_id]
                if cs and any(is_important(c) for c in cs):
                    self.major_starts.add(self.pos(m.start) - len(m.data.get("proclitic", "")))
                    self.major_starts.add(self.pos(m.start))

    def home(self) -> set[str]:
        """The countries the article is about: those named at least a fifth as often as the
        most named one; Syria when it names none."""
        if not self.countries:
            return {"SY"}
        top = max(self.countries.values())
        return {c for c, n in self.countries.items() if n * 5 >= top}

    def top(self) -> Optional[str]:
        """The country the article names most, if one leads."""
        ranked = self.countries.most_common(2)
        if not ranked or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
            return None
        return ranked[0][0]

    def pos(self, orig: int) -> int:
        """Index in the collapsed normalized text of the first character at or after ``orig``."""
        return bisect_left(self.t.offs, orig)

    def sentence_of(self, orig: int) -> tuple[int, int]:
        for a, b in self.sentences:
            if a <= orig < b:
                return a, b
        return 0, len(self.t.original)


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """English country name -> ISO code, from the knowledge base's countries (built once)."""
    return {p.country: p.country_code for p in get_kb().places if p.kind == "country"}


def _strip_proclitic(w: str) -> str:
    for p in _cues()["cue_proclitics"]:
        if w.startswith(p) and len(w) - len(p) >= 3 and not w.startswith("ال"):
            return w[len(p):]
    return w


def _words_before(s: str, i: int, n: int) -> list[str]:
    """The ``n`` words before collapsed index ``i`` (nearest first), punctuation ending the run."""
    out = []
    j = i
    while len(out) < n and j > 0:
        j -= 1
        while j >= 0 and s[j] == " ":
            j -= 1
        if j < 0 or not ("\u0621" <= s[j] <= "\u064a"):
            break
        k = j
        while k >= 0 and "\u0621" <= s[k] <= "\u064a":
            k -= 1
        out.append(s[k + 1:j + 1])
        j = k + 1
    return out


def _word_after(s: str, i: int) -> str:
    j = i
    while j < len(s) and "\u0621" <= s[j] <= "\u064a":
        j += 1  # the rest of the mention's own word (an enclitic)
    while j < len(s) and s[j] == " ":
        j += 1
    m = _WORD.match(s, j)
    return m.group() if m else ""


def _context(art: _Article, m: Mention) -> dict:
    """Cue words around a mention."""
    cues = _cues()
    s = art.t.s
    a = art.pos(m.start)
    b = art.pos(m.end)
    pre = m.data.get("proclitic", "")
    word_start = a - len(pre) if pre and not pre.endswith("ال") else a - (len(pre) - 2 if pre.endswith("ال") else 0)
    before = _words_before(s, word_start, 1)
    # a conjunction or preposition glued to the previous word does not hide it: "وبلدة X" reads
    # بلدة, "بريف X" reads ريف
    stripped = [_strip_proclitic(w) for w in before]
    cue = m.data.get("cue")
    placeword = (cue in cues["strong"]) or any(w in cues["strong"] for w in before + stripped)
    area = (cue in cues["area"]) or any(w in cues["area"] for w in before + stripped)
    strong = bool(cue) or placeword or area
    weak = any(w in cues["weak"] for w in before + stripped)
    after = _word_after(s, b)
    next_definite = after.startswith("ال") and len(after) > 3
    if after in cues["after_then_place"]:
        # "جاسم في درعا": the word after the preposition starts a major place
        nxt = s.find(after, b) + len(after)
        while nxt < len(s) and s[nxt] == " ":
            nxt += 1
        m2 = _WORD.match(s, nxt)
        after = "ريف" if nxt in art.major_starts or (m2 and m2.group() in cues["after"]) else after
    # "القريبة من الحدود مع إيران": a country across a border is a place, whatever else it is
    border = any(_strip_proclitic(w) in cues["border"] for w in _words_before(s, word_start, 3))
    person = bool(before) and (before[0] in cues["person"] or stripped[0] in cues["person"])
    kunya = bool(before) and (before[0] in cues["kunya"] or stripped[0] in cues["kunya"])
    group = bool(before) and (before[0] in cues["group"] or stripped[0] in cues["group"])
    prev = before[0] if before else ""
    return {
        "strong": strong, "placeword": placeword, "area": area, "weak": weak, "after": after in cues["after"], "person": person,
        "border": border,
        "kunya": kunya, "group": group, "next_definite": next_definite, "prev": stripped[0] if stripped else prev, "cue": cue,
        "admin_cue": (cue in cues["admin_cue"]) or prev in cues["admin_cue"] or (stripped and stripped[0] in cues["admin_cue"]),
        "nbh_cue": (cue in cues["nbh_cue"]) or prev in cues["nbh_cue"] or (stripped and stripped[0] in cues["nbh_cue"]),
        "town_cue": (cue in cues["town_cue"]) or prev in cues["town_cue"] or (stripped and stripped[0] in cues["town_cue"]),
        "near": (cue in cues["near_cue"]) or prev in cues["near_cue"] or (stripped and stripped[0] in cues["near_cue"]),
    }


def _in_list(art: _Article, m: Mention, others: list[Mention]) -> bool:
    """True where ``m`` stands in a run of places joined by و / ، with another accepted place."""
    s = art.t.s
    a, b = art.pos(m.start), art.pos(m.end)
    for o in others:
        if o is m:
            continue
        oa, ob = art.pos(o.start), art.pos(o.end)
        if ob <= a:
            gap = s[ob:a]
        elif b <= oa:
            gap = s[b:oa]
        else:
            continue
        gap = gap.strip(" \"'“”«»")
        # what lies between: an enclitic tail, a joiner, the conjunction glued to the next name
        core = gap.replace(" ", "").replace('"', "")
        if len(gap) <= 4 and core in ("و", "،", ",", "-", "–", "/", "،و", ",و", "-و"):
            return True
    return False


def _score(c: Place, art: _Article, ctx: dict, how: str) -> float:
    s = 0.0
    total_c = sum(art.countries.values())
    if total_c:
        share = art.countries.get(c.country_code, 0) / total_c
        s += 4.0 * share if share else -3.0
    elif c.country_code == "SY":
        s += 1.0  # rasd's home ground, when an article names no country
    total_a = sum(art.admin1.values())
    if total_a and c.country_code == "SY":
        share = art.admin1.get(c.admin1, 0) / total_a
        s += 3.0 * share + (1.0 if share else -1.0)
    if art.points:
        d = [distance_km(c, p) for p in art.points if p.id != c.id]
        d = [x for x in d if x is not None]
        if d:
            s -= min(min(d), 300.0) / 100.0
    s += 0.3 * c.importance
    if c.kind == "neighbourhood":
        s += 3.0 if ctx.get("nbh_cue") else -3.0
    elif ctx.get("nbh_cue") and c.kind in ("town", "village"):
        s -= 1.0
    # "محافظة صعدة": a governorate, or abroad the curated region that stands for one
    if ctx.get("admin_cue") and c.kind in ("governorate", "district", "region"):
        s += 2.0
    s -= {"name": 0.0, "rule": 0.2, "bare": 0.3}.get(how, 0.0)
    return s


def is_major(p: Place) -> bool:
    """Known by name across borders: a country, a named region (the West Bank, Darfur: curated
    only), a capital, a city of a million, a venue of talks (Geneva, Sochi: flagged in
    places_curated.toml)."""
    return p.kind in ("country", "region") or "capital" in p.flags or "venue" in p.flags or "known" in p.flags \
        or (p.population or 0) >= 1_000_000


def _has_context(ctx: dict, listed: bool) -> bool:
    return ctx["strong"] or ctx["weak"] or ctx["after"] or listed


NEAR_KM = 25.0  # "near the other places of the article"
FAR_KM = 60.0  # a village this far from all of them, in another governorate, is a homonym
PROXIMITY_MAX_COUNT = 300  # a word commoner than this in the news is never a place by proximity alone
COMMON_MAX_COUNT = 500  # ... nor, this common, after any cue but مدينة/بلدة/قرية/حي


def _local(c: Place, art: _Article, km: float = NEAR_KM) -> bool:
    """In the article's area: its governorate, or near one of its firmly placed names."""
    if c.country_code == "SY" and c.admin1 and art.admin1.get(c.admin1):
        return True
    if c.country_code != "SY" and c.country_code in art.home():
        return True
    return any((d := distance_km(c, p)) is not None and d <= km for p in art.points)


def _accept(best: Place, key: str, ctx: dict, listed: bool, art: _Article) -> bool:
    """Whether the name is a place here at all (the best reading chosen)."""
    if is_weak_form(key):
        n = _word_count(key)
        # a town everyone means by the word: at home an important one, abroad a major one;
        # but not where the word is one of the commonest (الثورة the Raqqa town, الثورة the revolution)
        # (at home by evidence: an article that names no country, of Americans in Tennessee, is
        # not Syria's because the default says so: "عائلة من الطبقة الوسطى" is no Tabqa)
        if best.country_code in art.home() and (is_major(best) or (best.country_code == "SY" and is_important(best))) \
                and (n < COMMON_MAX_COUNT or is_major(best)) and not is_ambiguous(key) \
                and (art.countries or art.admin1 or _has_context(ctx, listed)):
            return True
        if best.kind != "country" and best.country_code not in _cues()["arabic_speaking"] \
                and best.country_code not in art.home() \
                and (not (ctx["placeword"] or ctx["weak"]) or (ctx["next_definite"] and _takes_the_article(key))):
            # a common Arabic word that is also a town where Arabic is not spoken ("وميدان
            # الشهيد": a square, not Medan) is that town only where a place word or a
            # preposition of place says so, or the article is about its country; never, if the
            # word is an Arabic noun (it takes the article), as the head of a construct ("في
            # ميدان المحكمة"; "في نيويورك السفير" stays New York)
            return False
        if is_major(best) and ctx["weak"]:
            return True  # "غرب الموصل"
        if best.kind == "country" and ctx.get("border"):
            return True  # "الحدود مع إيران"
        if _adjective_country(key) and not listed and not _local(best, art):
            # "في بلدة تركية قريبة من الحدود" is a Turkish town: a word that reads as a
            # nationality is a place's name only in a list of places or among the article's own
            return False
        if ctx["placeword"] or ctx["after"] or listed or (ctx["cue"] and not ctx["area"]):
            # the commonest words only after the very name of a settlement ("حي الثورة")
            return n < COMMON_MAX_COUNT or ctx["town_cue"] or ctx["nbh_cue"]
        # a rarer word needs less: "في جاسم" in an article about Dar'a, or a village close to
        # the article's other places; "في التقدم", "شمال البلاد", "مناطق واسعة" never
        if n >= PROXIMITY_MAX_COUNT:
            return False
        return ((ctx["weak"] or ctx["area"]) and _local(best, art)) or _near_point(best, art)
    if best.kind == "village" and not ctx["strong"] and art.points and sum(art.admin1.values()) >= 2 \
            and not art.admin1.get(best.admin1):
        d = [x for x in (distance_km(best, p) for p in art.points) if x is not None]
        if d and min(d) > FAR_KM:
            return False
    return True


def _word_count(key: str) -> int:
    """How often news writes the word, with and without its article."""
    from rasd.text.clitics import news_counts
    v = news_counts()
    stem = key[2:] if key.startswith("ال") else key
    return v.get(stem, 0) + v.get("ال" + stem, 0)


def _takes_the_article(key: str) -> bool:
    """Whether news writes the word with the article often (الميدان، الهوية): an Arabic noun, not
    the transliterated name of a town abroad (نيويورك، جنيف never take it)."""
    from rasd.text.clitics import news_counts

    stem = key[2:] if key.startswith("ال") else key
    return news_counts().get("ال" + stem, 0) >= COMMON_ARTICLE_COUNT


COMMON_ARTICLE_COUNT = 50


def _near_point(c: Place, art: _Article) -> bool:
    return any((d := distance_km(c, p)) is not None and d <= NEAR_KM for p in art.points)


def location_of(place: Place, name: str, precision: Optional[int] = None) -> Location:
    return Location(
        name=name, country=place.country, admin1=place.admin1, admin2=place.admin2,
        admin3=place.admin3, place_id=place.id, pcode=place.pcode, lat=place.lat, lon=place.lon,
        geo_precision=precision or _cues()["precision"].get(place.kind, 2),
    )


def clean_name(surface: str) -> str:
    """The place name as written, without quotes and the spec's place words (مدينة، حي ...)."""
    name = _QUOTES.sub(" ", surface)
    words = name.split()
    strip = set(_cues()["strip"])
    while len(words) > 1 and normalize_key(words[0]) in strip:
        words = words[1:]
    return " ".join(words).strip(" -–،,.:")


def _coords(p: Place, kb: KB) -> Place:
    """The place, or its nearest ancestor with coordinates (quarters curated without a point)."""
    q, seen = p, 0
    while q.lat is None and q.parent and seen < 6:
        q = kb.by_id.get(q.parent, q)
        seen += 1
    return q


def resolve_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """Place mentions resolved to a Location (``data["location"]``, ``ref`` the place id; a
    landmark no gazetteer has keeps ``ref`` None and names the place it is tied to in
    ``data["tied_to"]``); place mentions that are not places here are dropped; other mentions
    pass through unchanged. The mentions' ``data`` is updated in place."""
    kb = get_kb()
    art = _Article(text, mentions, kb)
    places = [m for m in mentions if m.kind == "place"]
    named = [m for m in places if not m.data.get("landmark")]
    ctxs = {id(m): _context(art, m) for m in places}
    # a word written with tanween ("درعًا": a shield) is a common noun: names do not take it
    cands = {id(m): [c for c in (kb.by_id[i] for i in m.data.get("candidates", []) if i in kb.by_id)
                     if not _article_on_a_foreign_name(m, c)] if not _TANWEEN.search(m.text) else []
             for m in named}

    # pass 1: names with one meaning set the article's countries, governorates and points
    for m in named:
        cs, ctx = cands[id(m)], ctxs[id(m)]
        if not cs or ctx["kunya"]:
            continue
        if ctx["admin_cue"]:
            # "محافظة الأنبار": a governorate (or the curated region abroad), not a village
            cs = [c for c in cs if c.kind in ("governorate", "district", "region")] or cs
        countries = {c.country_code for c in cs}
        # only what names a country for sure says where the article is: a country, a capital or
        # a city of a million; a village of the same spelling abroad does not, nor a common Arabic
        # word that is also a big town's name where Arabic is not spoken ("لكشف هوية الجناة" is
        # no vote for Hue)
        if is_weak_form(m.data.get("key", "")) and not ctx["strong"] and not any(
                c.kind in ("country", "region") or {"capital", "known", "venue"} & set(c.flags)
                or c.country_code in _cues()["arabic_speaking"] for c in cs):
            continue
        if len(countries) == 1 and any(is_major(c) or c.kind in ("governorate", "district") for c in cs):
            art.countries[next(iter(countries))] += 2 if cs[0].kind == "country" else 1
    home = art.home()
    firm: list[Mention] = []
    tentative: list[tuple[Mention, str, Optional[Place]]] = []
    for m in named:
        cs, ctx = cands[id(m)], ctxs[id(m)]
        # a village abroad of the same spelling does not make a name ambiguous; a major city does
        cs = [c for c in cs if c.country_code in home or is_major(c)]
        key = m.data.get("key", "")
        if not cs or ctx["kunya"]:
            continue
        # a word that is also a common word sets no governorate, unless a place word says so;
        # one that reads as a nationality ("بلدة تركية") never
        if is_weak_form(key) and (not ctx["strong"] or _adjective_country(key)):
            continue
        gov = _governorate_named(cs, ctx)
        if gov is not None:
            # "درعا"، "القنيطرة" bare: the governorate or its seat, whatever villages share the name
            art.admin1[gov.admin1] += 2
            firm.append(m)
            seat = _seat(gov, cs)
            if seat is not None and seat.lat is not None:
                art.points.append(seat)
            continue
        admins = {c.admin1 for c in cs}
        countries = {c.country_code for c in cs}
        if len(admins) == 1 and None not in admins and len(countries) == 1:
            pts = [c for c in cs if c.lat is not None and c.kind not in ("governorate", "country", "region")]
            point = pts[0] if len(pts) == 1 else None
            if any(is_important(c) or c.kind in ("governorate", "district") for c in cs):
                art.admin1[next(iter(admins))] += 2 if any(c.kind == "governorate" for c in cs) else 1
                firm.append(m)
                if point is not None:
                    art.points.append(point)
            else:
                tentative.append((m, next(iter(admins)), point))
        elif admins == {None} and len(countries) == 1 and len(cs) == 1 and is_important(cs[0]) \
                and cs[0].lat is not None and cs[0].kind not in ("country", "region", "governorate") \
                and cs[0].country_code == art.top():
            # a town abroad of one meaning (Fallujah: the gazetteer has no governorates there) is a
            # point the article's other names are measured against, like a Syrian town
            firm.append(m)
            art.points.append(cs[0])
    # a village of one name sets the article's place only where nothing firmer contradicts it: in
    # a governorate the article names, near its towns, or beside another such village; else it is
    # likely a far homonym of a local place no gazetteer has (the Hasakeh village of a Dar'a name)
    anchors = set(art.admin1)
    anchor_points = list(art.points)
    for i, (m, adm, point) in enumerate(tentative):
        ok = (not anchors and not anchor_points) or adm in anchors or (point is not None and (
            _near(point, anchor_points, NEAR_KM)
            or any(j != i and o.data.get("key") != m.data.get("key") and q is not None and _near(point, [q], NEAR_KM)
                   for j, (o, _, q) in enumerate(tentative))))
        if ok:
            art.admin1[adm] += 1
            firm.append(m)
            if point is not None:
                art.points.append(point)

    # the countries each sentence says something happened in: "قصفوا أهدافا في العراق ... قرب
    # تلعفر" is Iraq's Tal Afar, whatever Syrian village of the name the rest of the article
    # leans to ("في" or ب before the country: "الولايات المتحدة قصفت" names who, not where)
    named_countries: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for m in named:
        cs = cands[id(m)]
        if not (ctxs[id(m)]["weak"] or "ب" in (m.data.get("proclitic") or "")):
            continue
        if cs and all(c.kind == "country" for c in cs) and len({c.country_code for c in cs}) == 1:
            named_countries.setdefault(art.sentence_of(m.start), []).append((m.start, cs[0].country_code))

    # pass 2: every name, against that context
    accepted: list[Mention] = []
    for m in named:
        cs, ctx = cands[id(m)], ctxs[id(m)]
        if not cs:
            continue
        key = m.data.get("key", "")
        listed = _in_list(art, m, firm + accepted)
        if ctx["kunya"] and not ctx["strong"]:
            continue  # "أبو جاسم", "ابن درعا": a person
        if ctx["group"] and not ctx["strong"]:
            continue  # "جماعة خراسان": a group named after a place
        if m.data.get("enclitic"):
            continue  # "لتحقيق مآربه السياسية": a town's name takes no possessive pronoun
        if ctx["person"] and is_weak_form(key) and not ctx["strong"]:
            continue
        how = "name" if "name" in m.data.get("how", []) else (m.data.get("how") or ["name"])[0]
        home = art.home()
        context = _has_context(ctx, listed)
        # places this name cannot be here: a quarter named without حي or a place word, a village
        # abroad in an article about elsewhere (a coincidence of spelling)
        pool = [c for c in cs
                if not (c.kind == "neighbourhood" and not ctx["nbh_cue"] and not context)
                # a country named in passing (an actor's, once) admits its towns, not its villages
                and (c.country_code in home or is_major(c)
                     or (art.countries.get(c.country_code) and is_important(c))
                     # an article that names no country, a town by its place word ("مدينة تعز"),
                     # and no such place at home: the town abroad, not nothing
                     or (not art.countries and ctx["strong"] and is_important(c)
                         and not any(x.country_code in home for x in cs)))]
        if not pool:
            # after a place word ("حي برّي"، "منطقة الشقراء") it is a local place the gazetteer lacks
            if ctx["cue"] and any(c.country_code not in home for c in cs):
                m.data.update(landmark=True, anchor=[], head=ctx["cue"])
            continue
        here = _country_said_for(m, named_countries.get(art.sentence_of(m.start), []))
        if here and len({c.country_code for c in pool}) > 1:
            pool = [c for c in pool if c.country_code == here] or pool
        said = _adjective_after(art, m)
        if said and any(c.country_code == said for c in cs):
            # "بلدة سروج الحدودية التركية": the adjectives after the name say whose town it is
            pool = [c for c in cs if c.country_code == said]
        gov = _governorate_named(pool, ctx) if not is_weak_form(key) else None
        if gov is not None:
            # a governorate's name written bare stays in its governorate (or is its seat)
            pool = [c for c in pool if c is gov or c is _seat(gov, pool)
                    or (c.kind in ("district", "subdistrict") and c.admin1 == gov.admin1)]
        else:
            # a homonym far from all the article names loses to one in the article's area
            # (readings abroad compete by score as before)
            near = [c for c in pool if c.country_code in home and not _out_of_area(c, art, FAR_KM)]
            if near:
                pool = [c for c in pool if c in near or c.country_code not in home]
        scored = sorted(((_score(c, art, ctx, how), -i, c) for i, c in enumerate(pool)), reverse=True)
        best = scored[0][2]
        if _out_of_area(best, art, NEAR_KM) and not is_important(best):
            # the only reading is a village in a governorate the article does not name, away from
            # its places: a local place no gazetteer has ("على محاور X" in a Dar'a report, X a
            # village of As-Sweida), placed by the places around it; without context, no place
            if context and not is_weak_form(key):
                m.data.update(landmark=True, anchor=[], head=ctx["cue"] or "")
            continue
        # a weak form the article has already read as this very place, with its context
        # ("مدينة الأبيض ... غرب الأبيض"), is that place again
        again = any(o.data.get("key") == key and o.ref == best.id for o in accepted)
        if not again and not _accept(best, key, ctx, listed, art):
            continue
        best = _prefer_town(best, cs, ctx)
        prec = _cues()["precision"].get(best.kind, 2)
        if ctx["near"] and best.kind not in ("country", "region"):
            prec = 2  # "ريف درعا", "محيط نوى": near the place, not in it
        point = _coords(best, kb)
        loc = location_of(best, clean_name(m.text), prec)
        loc.lat, loc.lon = point.lat, point.lon
        m.ref = best.id
        m.data["location"] = loc
        m.data["score"] = round(scored[0][0], 3)
        accepted.append(m)

    for m in [m for m in places if m.data.get("landmark")]:
        loc = _place_landmark(art, m, ctxs[id(m)], accepted, kb)
        if loc is not None:
            # no gazetteer entry of its own: the location is the place it is tied to
            m.data["location"] = loc
            m.data["tied_to"] = loc.place_id
            m.ref = None
            accepted.append(m)

    keep = {id(m) for m in accepted}
    return [m for m in mentions if m.kind != "place" or id(m) in keep]


def _adjective_after(art: _Article, m: Mention) -> Optional[str]:
    """The country of a nationality adjective among the definite adjectives right after a place's
    name ("سروج الحدودية التركية" -> TR), if one is there."""
    pos = art.pos(m.end)
    for w in _WORD.findall(art.t.s[pos:pos + 60])[:3]:
        if not (w.startswith("ال") and w.endswith(("يه", "ي"))):
            return None  # the run of adjectives ends: "سروج القوات التركية" says nothing
        code = _adjective_country(w)
        if code:
            return code
    return None


def _country_said_for(m: Mention, countries: list[tuple[int, str]]) -> Optional[str]:
    """The country a sentence says a place is in: the only one it names after في, or, where it
    names two ("في الحسكة والرقة في سوريا، وقرب الحديثة وتلعفر في العراق"), the first named after
    the place, which closes its list (else the last before it)."""
    codes = {c for _, c in countries}
    if len(codes) <= 1:
        return next(iter(codes), None)
    after = [c for pos, c in countries if pos > m.start]
    before = [c for pos, c in countries if pos < m.start]
    return after[0] if after else (before[-1] if before else None)


_TANWEEN = re.compile("[\u064b-\u064d]")


def _governorate_named(cs: list[Place], ctx: dict) -> Optional[Place]:
    """The governorate a name is, where one of its readings is one and no settlement or quarter
    word ("قرية القنيطرة"، "حي القنيطرة") asks for a village of the same name."""
    if ctx.get("town_cue") or ctx.get("nbh_cue"):
        return None
    govs = [c for c in cs if c.kind == "governorate" and c.admin1]
    return govs[0] if len(govs) == 1 else None


def _seat(gov: Place, cs: list[Place]) -> Optional[Place]:
    """The governorate's seat among the readings of its name (the town درعا of "درعا")."""
    towns = [c for c in cs if c.kind == "town" and c.admin1 == gov.admin1
             and c.country_code == gov.country_code and is_important(c)]
    return max(towns, key=lambda c: c.importance) if towns else None


def _near(c: Place, points: list[Place], km: float) -> bool:
    return any((d := distance_km(c, p)) is not None and d <= km for p in points)


def _out_of_area(c: Place, art: _Article, km: float) -> bool:
    """A Syrian place in a governorate the article does not name (it names at least one, twice,
    or it is about another country), farther than ``km`` from all its firmly placed names."""
    if c.country_code != "SY" or not c.admin1 or c.kind in ("country", "region", "governorate", "landmark"):
        return False
    if art.admin1.get(c.admin1):
        return False
    if sum(art.admin1.values()) < 2:
        # an article about another country, placed by its towns (Fallujah, Baghdad): a Syrian
        # village of the same spelling as one of its villages is far from all of them
        top = art.top()
        return top is not None and top != "SY" and bool(art.points) and not is_important(c) \
            and not _near(c, art.points, km)
    return not _near(c, art.points, km)


def _article_on_a_foreign_name(m: Mention, c: Place) -> bool:
    """"الميدان" (the field) is not Medan, "باللوم" (blame) not Lomé: the Arabic article never
    stands on the name of a town in a country that does not speak Arabic, unless it is part of
    the name itself."""
    if c.country_code in _cues()["arabic_speaking"] or c.kind == "country":
        return False
    word = normalize_key(m.text).split(" ")[0]
    if "ال" not in (m.data.get("proclitic") or "") and not (word.startswith("ال") or word.startswith("لل")):
        return False
    return not any(normalize_key(n).startswith("ال") for n in [c.name, *c.variants])


def _prefer_town(best: Place, cs: list[Place], ctx: dict) -> Place:
    """"درعا" bare is the city; "محافظة درعا" or "ريف درعا" the governorate (abroad, "مأرب" bare
    the city, "محافظة مأرب" the curated region)."""
    if best.kind not in ("governorate", "district", "subdistrict", "region") or ctx["admin_cue"]:
        return best
    towns = [c for c in cs if c.kind == "town" and c.admin1 == best.admin1 and c.country_code == best.country_code]
    return max(towns, key=lambda c: c.importance) if towns else best


def _place_landmark(art: _Article, m: Mention, ctx: dict, accepted: list[Mention], kb: KB) -> Optional[Location]:
    """A landmark's place: its anchor if it names one, else the place it is tied to in its
    sentence (after it first: "الجمرك القديم بمدينة درعا"), else the article's main place."""
    name = clean_name(m.text)
    anchor = [kb.by_id[i] for i in m.data.get("anchor", []) if i in kb.by_id]
    if anchor:
        scored = sorted(((_score(c, art, ctx, "name"), -i, c) for i, c in enumerate(anchor)), reverse=True)
        best = scored[0][2]
        # "خربة X", "تل X": X's reading elsewhere in the country is no anchor for a local place
        if best.country_code in art.home() and not (_out_of_area(best, art, NEAR_KM) and not is_important(best)):
            loc = location_of(best, name, 2)
            p = _coords(best, kb)
            loc.lat, loc.lon = p.lat, p.lon
            return loc
    sa, sb = art.sentence_of(m.start)
    same = [o for o in accepted if sa <= o.start < sb and "location" in o.data and o is not m]
    after = [o for o in same if o.start >= m.end and o.start - m.end <= 60]
    before = [o for o in same if o.end <= m.start]
    # the place right after it ties it ("X بمدينة درعا"، "X غرب درعا"); one after a clause
    # break or several words on is another statement's place: the one before it is nearer in sense
    close = [o for o in after if _tight_gap(art.t.original[m.end:o.start])]
    tie = close[0] if close else (before[-1] if before else (after[0] if after else None))
    if tie is None:
        # none in its sentence: the last place named in the two sentences before it
        prev = [(a, b) for a, b in art.sentences if b <= sa][-2:]
        if prev:
            earlier = [o for o in accepted if prev[0][0] <= o.start < sa and "location" in o.data
                       and o is not m and not o.data.get("landmark")]
            tie = max(earlier, key=lambda o: o.start) if earlier else None
    if tie is None:
        tie = _main_place(art, accepted)
    if tie is None:
        return None
    t: Location = tie.data["location"]
    prec = max(2, t.geo_precision or 2)
    return Location(name=name, country=t.country, admin1=t.admin1, admin2=t.admin2, admin3=t.admin3,
                    place_id=t.place_id, pcode=t.pcode, lat=t.lat, lon=t.lon, geo_precision=prec)


def _tight_gap(gap: str) -> bool:
    """Text between a landmark and a place after it that still ties the two: four words at most,
    no comma or clause break."""
    return not re.search(r"[،,:;؛.!?\n]", gap) and len(_WORD.findall(gap)) <= 4


def _main_place(art: _Article, accepted: list[Mention]) -> Optional[Mention]:
    """The article's most named place in its most named governorate (or country)."""
    located = [o for o in accepted if "location" in o.data and not o.data.get("landmark")]
    if not located:
        return None
    by_admin = Counter(o.data["location"].admin1 or o.data["location"].country for o in located)
    top = by_admin.most_common(1)[0][0]
    cands = [o for o in located if (o.data["location"].admin1 or o.data["location"].country) == top]
    return min(cands, key=lambda o: o.data["location"].geo_precision or 3)


# ---- free names -------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _forms() -> dict[str, list[str]]:
    kb = get_kb()
    out: dict[str, list[str]] = {}
    for key, (_, ents) in kb.matcher.automaton.items():
        ids = [e.ref for e in ents if e.kind == "place"]
        if ids:
            out[key] = ids
    return out


def _split_cue(name: str) -> tuple[str, str]:
    """("محافظة", "ادلب") for "محافظة إدلب": a leading place word, and the normalized rest."""
    key = normalize_key(_QUOTES.sub(" ", name))
    pw = load_cues()["place_words"]
    for w in sorted(pw["strip"] + pw["alias_prefixes"], key=len, reverse=True):
        w = normalize_key(w)
        if key.startswith(w + " ") and len(key) > len(w) + 2:
            return w, key[len(w) + 1:]
    return "", key


def candidates(name: str) -> tuple[str, list[Place], bool]:
    """The normalized form looked up, the places it may be, and whether it was a fuzzy guess."""
    kb = get_kb()
    forms = _forms()
    _, key = _split_cue(name)
    for k in (key, key[2:] if key.startswith("ال") else "ال" + key):
        if k in forms:
            return k, [kb.by_id[i] for i in forms[k]], False
    if len(key.replace(" ", "")) < FUZZY_MIN_LEN:
        return key, [], False
    from rapidfuzz import fuzz, process
    hit = process.extractOne(key, list(forms), scorer=fuzz.ratio, score_cutoff=FUZZY_MIN)
    if hit is None:
        return key, [], False
    return hit[0], [kb.by_id[i] for i in forms[hit[0]]], True


def geocode(name: str, context_admin1: Optional[str] = None) -> Optional[Location]:
    """A free place name as a Location: exact forms first, then a close spelling (rapidfuzz ratio
    >= 90, names of five letters or more); among several places, the one in ``context_admin1``,
    then the most important. A leading "محافظة" or "ريف" asks for the governorate."""
    cue, _ = _split_cue(name)
    key, cs, fuzzy = candidates(name)
    if not cs:
        return None
    admin_cue = cue in _cues()["admin_cue"]

    def rank(c: Place) -> tuple:
        return (context_admin1 is not None and c.admin1 == context_admin1,
                admin_cue and c.kind == "governorate", c.kind != "neighbourhood", c.importance)

    best = max(cs, key=rank)
    best = _prefer_town(best, cs, {"admin_cue": admin_cue})
    loc = location_of(best, clean_name(name))
    p = _coords(best, get_kb())
    loc.lat, loc.lon = p.lat, p.lon
    if cue in _cues()["near_cue"] and best.kind == "governorate":
        loc.geo_precision = 2  # "ريف درعا": the countryside, as resolve_places codes it
    if fuzzy and loc.geo_precision == 1:
        loc.geo_precision = 2  # a guessed spelling is near the place at best
    return loc
