"""Stage ``mentions``: everything the knowledge base and the resolvers find in one article.

The event extractor reads an :class:`Analysis`, never the raw resolvers, so each resolver can be
replaced (a new place matcher, the statistical recognizer) without touching event rules.
"""
from __future__ import annotations

import re
import sys
from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field
from datetime import date

from rasd.records import Article, Mention, Sentence
from rasd.text.sentences import split_sentences


@dataclass
class Analysis:
    article: Article
    sentences: list[Sentence]
    places: list[Mention] = field(default_factory=list)  # resolved: data["location"] is a Location
    actors: list[Mention] = field(default_factory=list)  # data["category"] is the spec category
    dates: list[Mention] = field(default_factory=list)
    numbers: list[Mention] = field(default_factory=list)
    sources: list[Mention] = field(default_factory=list)
    country: str | None = None  # the country most of the article's places lie in
    published: date | None = None

    def in_span(self, kind: str, start: int, end: int) -> list[Mention]:
        return [m for m in getattr(self, kind) if m.start >= start and m.end <= end]


def analyze(article: Article, use_ner: bool = True) -> Analysis:
    from rasd.kb import find_mentions, get_kb
    from rasd.kb.geocode import resolve_places
    from rasd.mentions.dates import find_dates
    from rasd.mentions.numbers import find_numbers
    from rasd.mentions.sources import find_sources

    text = article.text
    a = Analysis(article, split_sentences(text))
    if article.published:
        try:
            a.published = date.fromisoformat(article.published[:10])
        except ValueError:
            a.published = None
    kb_mentions = find_mentions(text)
    # the resolver reads the actors too: they tell which country the article is about
    a.places = [m for m in resolve_places(text, kb_mentions)
                if m.kind == "place" and m.data.get("location") is not None]
    by_id = get_kb().by_id
    for m in a.places:
        place = by_id.get(m.ref) if m.ref else None
        m.data["place_kind"] = place.kind if place is not None else "landmark"
    # a venue of talks (Geneva, Sochi) says where the parties met, not whose war it is
    countries = Counter(m.data["location"].country for m in a.places if m.data["location"].country
                        and not (m.ref in by_id and "venue" in by_id[m.ref].flags))
    a.country = countries.most_common(1)[0][0] if countries else None
    a.actors = [m for m in kb_mentions if m.kind == "actor"]
    _categorize_actors(a)
    a.actors = sorted(a.actors + _referring_back(text, a.actors), key=lambda m: m.start)
    a.dates = find_dates(text, article.published)
    a.numbers = find_numbers(text)
    a.sources = [_trimmed_to_party(m, a.actors, text) for m in find_sources(text)]
    if use_ner:
        # a name the knowledge base knows but the resolver rejected here stays rejected
        _add_recognized(a, [(m.start, m.end) for m in kb_mentions])
    return a


def _categorize_actors(a: Analysis) -> None:
    """The spec category of each actor mention, on the article's date and in its country.

    An alias limited to other countries ("الجيش الوطني" in Libya, "الطائرات الحربية" of the
    coalition in Yemen) names no actor here: such mentions are dropped.
    """
    from rasd.kb.actors import resolve_alias

    when = a.published.isoformat() if a.published else None
    kept = []
    for m in a.actors:
        key = m.data.get("key") or m.text
        found = resolve_alias(key, a.country)
        if not found and "bare" in m.data.get("how", []):
            found = resolve_alias("ال" + key, a.country)  # "للجيش العراقي"
        if not found:
            continue
        best = found[0]
        if best.not_after and _word_before(a.article.text, m.start) in best.not_after:
            continue
        m.ref = best.id
        m.data["category"] = best.category_on(when)
        m.data["kind"] = best.kind
        m.data["party_category"] = getattr(best, "party_category", None)
        kept.append(m)
    a.actors = kept


@lru_cache(maxsize=1)
def _anaphora_rules() -> tuple[dict[str, tuple[tuple[str, ...], frozenset[str]]], frozenset[str],
                               frozenset[str], re.Pattern]:
    """:file:`data/anaphora.toml` read once: the forms (form -> heads its antecedent may be named
    with, words one of which must stand right before it), the epithets, the linking words, and a
    cheap test of the raw text for any form."""
    import tomllib
    from pathlib import Path

    from rasd.text.normalize import normalize_key

    d = tomllib.loads((Path(__file__).parent / "data" / "anaphora.toml").read_text(encoding="utf-8"))
    forms = {normalize_key(r["form"]): (tuple(normalize_key(h) for h in r.get("heads", [r.get("head")])),
                                        frozenset(normalize_key(w) for w in r.get("after", [])))
             for r in d["refers_back"]}
    # the forms as raw text may spell them (ة or ه at the end): a cheap test before normalizing
    hint = re.compile("|".join(re.escape(f[:-1] if f.endswith("ه") else f) for f in forms))
    return (forms, frozenset(normalize_key(w) for w in d["epithets"]),
            frozenset(normalize_key(w) for w in d.get("linking", [])), hint)


_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")


def _referring_back(text: str, actors: list[Mention]) -> list[Mention]:
    """Mentions of named groups by a bare definite noun (:file:`data/anaphora.toml`): "التنظيم"
    after "تنظيم داعش" is ISIS. Each copies the latest earlier actor introduced with the same
    head word."""
    from rasd.text.normalize import normalize_key

    forms, epithets, linking, hint = _anaphora_rules()
    out: list[Mention] = []
    if not hint.search(text):
        return out
    words = list(_WORD.finditer(text))
    introduced: list[tuple[int, str, Mention]] = []  # (start, head, actor)
    heads = {h for hs, _ in forms.values() for h in hs}
    for m in actors:
        key = normalize_key(m.data.get("key") or m.text)
        before = _word_before(text, m.start).lstrip("وفبلك")
        # "القوات الموالية للرئيس هادي": the forces named by whom they serve
        word_start = text.rfind(" ", 0, m.start) + 1  # "للرئيس": before the word, not its clitic
        two = [normalize_key(w) for w in text[max(0, word_start - 60):word_start].split()[-2:]]
        for head in heads:
            if key.startswith(head + " ") or before.strip("«\"'") == head \
                    or (len(two) == 2 and two[0].lstrip("و") == head and two[1] in linking):
                introduced.append((m.start, head, m))
    if not introduced:
        return out
    covered = [(m.start, m.end) for m in actors]
    for i, w in enumerate(words):
        if not hint.search(w.group()):
            continue
        form = normalize_key(w.group())
        bare = form
        while bare not in forms and bare[:1] in "وفبلك" and len(bare) > 4:
            bare = bare[1:]
        if bare not in forms and ("ال" + bare[2:]) in forms and bare.startswith("لل"):
            bare = "ال" + bare[2:]  # "للتنظيم"
        rule = forms.get(bare)
        if rule is None or any(s < w.end() and w.start() < e for s, e in covered):
            continue
        wanted, after = rule
        if after and (i == 0 or normalize_key(words[i - 1].group()).lstrip("و") not in after):
            continue  # "هذه القوات", not "القوات" alone
        nxt = normalize_key(words[i + 1].group()) if i + 1 < len(words) else ""
        if nxt.startswith("ال") and nxt not in epithets \
                and text[w.end():words[i + 1].start()].strip() == "":
            continue
        earlier = [m for s, h, m in introduced if h in wanted and s < w.start()]
        if not earlier:
            continue
        ante = earlier[-1]
        out.append(Mention("actor", w.start(), w.end(), w.group(), ref=ante.ref, data={
            **ante.data, "key": ante.data.get("key") or ante.text, "how": ["refers_back"],
            "antecedent": (ante.start, ante.end)}))
    return out


def _trimmed_to_party(source: Mention, actors: list[Mention], text: str) -> Mention:
    """A source that opens with a known party ends with it: "المرصد السوري لحقوق الإنسان بمقتل 7
    عناصر" credits the Observatory; the words after it are what it reported."""
    for m in actors:
        # "الناشط أبو البراء": a civilian's role is followed by the person's name
        if m.data.get("category") == "CIVILIANS":
            continue
        if source.start <= m.start <= source.start + 1 and m.end < source.end:
            source.end, source.text = m.end, text[source.start:m.end]
            break
    return source


def _word_before(text: str, start: int) -> str:
    """The word before ``start``, normalized as aliases are ("مؤتمر" in "مؤتمر صحفي")."""
    from rasd.text.normalize import normalize_key

    words = text[max(0, start - 40):start].split()
    return normalize_key(words[-1]) if words else ""


def _after_group_word(text: str, start: int) -> bool:
    """Whether a group word ("جماعة"، "جيش"; place_cues.toml group_before) stands right before."""
    from rasd.kb.geocode import group_words

    word, groups = _word_before(text, start), group_words()
    return word in groups or word[1:] in groups


_WARNED: set[str] = set()


def _warn_once(msg: str) -> None:
    if msg not in _WARNED:
        _WARNED.add(msg)
        print(msg, file=sys.stderr)


def _add_recognized(a: Analysis, known: list[tuple[int, int]]) -> None:
    """Names the statistical recognizer finds where the knowledge base found nothing: people
    become candidate sources and spokesmen, organizations candidate actors (armed groups by the
    words of their names), places candidate places (the gazetteer's fuzzy matching where it can,
    else kept without coordinates)."""
    try:
        from rasd.ner import recognize
        from rasd.ner.recognizer import ModelError

        found = recognize(a.article.text)
    except (ImportError, FileNotFoundError, ModelError) as err:  # no usable model: the rules still run
        _warn_once(f"rasd: statistical recognizer unavailable ({err}); using the knowledge base alone")
        return
    from rasd.kb import get_kb
    from rasd.kb.geocode import geocode
    from rasd.records import Location
    from rasd.text.normalize import normalize_key

    rules = _recognized_rules()
    taken = [(m.start, m.end) for m in a.places + a.actors]
    from rasd.text.clitics import news_counts

    counts = news_counts()
    admin1 = Counter(m.data["location"].admin1 for m in a.places if m.data["location"].admin1)
    context_admin1 = admin1.most_common(1)[0][0] if admin1 else None
    for m in found:
        if m.kind == "person" and len(m.text.split()) >= 2:
            # a place name inside a person's name is part of the name ("عدنان عفرين" is a
            # commander, "أبو محمد الحمصي" a man): the name, not the place, is what the text says
            inside = [p for p in a.places if m.start <= p.start and p.end <= m.end
                      and (p.start, p.end) != (m.start, m.end) and not p.data.get("cue")]
            if inside:
                a.places = [p for p in a.places if p not in inside]
                taken = [(p.start, p.end) for p in a.places + a.actors]
        if any(s < m.end and m.start < e for s, e in taken):
            continue
        key = normalize_key(m.data.get("name") or m.text)  # the recognizer's name, clitics off
        if m.kind == "person":
            # kept beside the attribution that holds it: "المتحدث باسم ... أبو الشيماء" names a spokesman
            a.sources.append(Mention("person", m.start, m.end, m.text, data={"ner": True}))
        elif m.kind == "org":
            armed = any(key.startswith(h + " ") for h in rules["armed_group_heads"])
            a.actors.append(Mention("actor", m.start, m.end, m.text, ref=None, data={
                "ner": True, "key": key, "category": rules["category"],
                "kind": "armed_group" if armed else "organization"}))
        elif m.kind == "place":
            # a known name the resolver rejected here, or a common word ("الريف", "المدينة"), is not
            # a place because the recognizer says so
            if any(s < m.end and m.start < e for s, e in known):
                continue
            if _after_group_word(a.article.text, m.start):
                continue  # "جماعة خراسان": a group named after a place
            if len(key.split()) == 1 and any(counts.get(f, 0) + counts.get("ال" + f, 0) >= rules["common_word_count"]
                                            for f in _singular_forms(_bare_forms(key), rules["number_suffixes"])):
                continue
            loc = geocode(m.text, context_admin1)
            if loc is not None and a.country and loc.country != a.country:
                loc = None  # a look-alike abroad: not this article's place
            if loc is None:
                if len(key.replace(" ", "")) < rules["min_unresolved_place_letters"]:
                    continue
                loc = Location(name=m.text, country=a.country, geo_precision=3)
            place = get_kb().by_id.get(loc.place_id) if loc.place_id else None
            a.places.append(Mention("place", m.start, m.end, m.text, ref=loc.place_id, data={
                "ner": True, "location": loc, "place_kind": place.kind if place else "recognized"}))
    a.places.sort(key=lambda m: m.start)
    a.actors.sort(key=lambda m: m.start)


_PROCLITICS = re.compile(r"^(?:[وف]?(?:بال|لل|ال|ب|ل|ك)?)")
_ENCLITICS = re.compile(r"(?:ها|هم|هما|ه)$")


def _bare_forms(word: str) -> set[str]:
    """The word and its readings with clitics cut away ("بريف", "ريفها" -> "ريف")."""
    from rasd.text.clitics import split_clitics

    cut = _PROCLITICS.sub("", word)
    return {word, split_clitics(word)[-1], cut, _ENCLITICS.sub("", cut)} - {""}


def _singular_forms(forms: set[str], suffixes: list[str]) -> set[str]:
    """The forms and, where one ends in a dual or plural ending, the form without it (and with
    ta marbuta, normalized ه, in its place)."""
    out = set(forms)
    for f in forms:
        for suf in suffixes:
            rest = f[: -len(suf)]
            if f.endswith(suf) and len(rest) >= 3:
                out.update({rest, rest + "ه"})
    return out


@lru_cache(maxsize=1)
def _recognized_rules() -> dict:
    import tomllib
    from pathlib import Path

    from rasd.text.normalize import normalize_key

    with open(Path(__file__).resolve().parent / "data" / "recognized.toml", "rb") as f:
        cfg = tomllib.load(f)
    cfg["armed_group_heads"] = [normalize_key(h) for h in cfg["armed_group_heads"]]
    return cfg
