"""Stage ``events``: from an analysed article to the events the spec defines.

For every sentence: the trigger lexicon proposes event types; the non-event rules drop plans,
threats, denials, history and tallies; then each proposal takes its arguments from the mentions
around it (places after the trigger first, then before it, then the story's last place; parties
by the roles Arabic marks; the day from a date word in the sentence, else the publication day;
the toll; the credited source). Proposals of one type at one place and day collapse into one
event, as the spec counts them.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from rasd.mentions.analyze import Analysis
from rasd.records import Event, Location, Mention, Sentence
from rasd.text.normalize import normalize, normalize_key

DATA = Path(__file__).resolve().parent / "data"
# media and monitors report events; an organization the recognizer found (a ministry, an agency)
# is rarely a party to one
NON_PARTY_KINDS = {"media", "monitor", "organization"}
COARSE_KINDS = {"country", "governorate", "district", "region"}


@lru_cache(maxsize=1)
def roles() -> dict:
    with open(DATA / "roles.toml", "rb") as f:
        cfg = tomllib.load(f)
    cfg["_target"] = [normalize(w) for w in cfg["target_markers"]]
    cfg["_agent"] = [normalize(w) for w in cfg["agent_markers"]]
    cfg["_sponsor"] = [normalize(w) for w in cfg["sponsor_markers"]]
    cfg["_casualty"] = [normalize(w) for w in cfg["casualty_markers"]]
    cfg["_killing"] = set(cfg["_casualty"]) | {normalize(w) for w in cfg["killing_words"]}
    cfg["_own_act"] = {normalize(w) for w in cfg["own_act_cues"]}
    cfg["_possessive_agent_nouns"] = {normalize(w) for w in cfg["possessive_agent_nouns"]}
    cfg["_conflict_deal_words"] = re.compile("|".join(map(re.escape, (normalize(w) for w in cfg["conflict_deal_words"]))))
    cfg["_belonging"] = {normalize(w) for w in cfg["belonging_words"]}
    cfg["_means_nouns"] = {normalize(w) for w in cfg["means_nouns"]}
    cfg["_complementizers"] = {normalize(w) for w in cfg["complementizers"]}
    cfg["_launch_words"] = {normalize(w) for w in cfg["launch_words"]}
    cfg["_launch_re"] = re.compile("|".join(map(re.escape, sorted(cfg["_launch_words"]))))
    cfg["_split_verbs"] = [normalize(w) for w in cfg["split_verbs"]]
    cfg["_building_heads"] = {normalize(w) for w in cfg["building_heads"]}
    cfg["_talks_words"] = re.compile("|".join(map(re.escape, (normalize(w) for w in cfg["talks_words"]))))
    cfg["_arrest_conflict_re"] = re.compile(r"(?:^|\s)[وفبل]?(?:ال|لل)?(?:" + "|".join(
        re.escape(normalize(w)) for w in cfg["arrest_conflict_words"]) + ")")
    cfg["_launcher_nouns"] = {normalize(w) for w in cfg["launcher_nouns"]}
    cfg["_anaphoric_attack_forms"] = tuple(normalize(w) for w in cfg["anaphoric_attack_forms"])
    cfg["_contrast_words"] = [normalize(w).split() for w in cfg["contrast_words"]]
    cfg["_speech_stems"] = tuple(normalize(w) for w in cfg["speech_stems"])
    cfg["_means_markers"] = {normalize(w) for w in cfg["means_markers"]}
    cfg["_source_owner"] = {normalize(w) for w in cfg["source_owner_words"]}
    cfg["_doer_adjectives"] = {normalize(w): c for w, c in cfg["doer_adjectives"]}
    cfg["_doer_adjective_stops"] = {normalize(w) for w in cfg["doer_adjective_stops"]}
    cfg["_relative"] = re.compile(r"(?:^|\s)و?(?:" + "|".join(map(re.escape, cfg["relative_pronouns"])) + r")\s")
    # word stems matched with str.startswith, normalized once
    for key in ("meeting_stems", "sending_stems", "departure_stems", "entering_verbs", "another_words",
                "leaving_stems"):
        cfg["_" + key] = tuple(normalize(w) for w in cfg[key])
    cfg["_civil"] = re.compile(
        r"(?:^|[\s\"'(،,])[وفبل]?(?:ال)?(" + "|".join(map(re.escape, sorted({normalize(w) for w in cfg["civilian_words"]}, key=len, reverse=True))) + r")(?=$|[\s\"'),.،])"
    )
    return cfg


@dataclass
class _Proposal:
    hit: object  # rasd.events.lexicon.TriggerHit
    sentence: Sentence
    scope: tuple[int, int]  # the part of the sentence this trigger governs
    # the next trigger is of the same type ("وتصدت ... لمحاولات تقدم"): it takes over the
    # places this one does not name in its own stretch
    handed_on: bool = False
    party_scope: tuple[int, int] = (0, 0)  # the run of same-type triggers this one belongs to
    lead: object = None  # the run's first trigger: the verb whose subject is the doer


def extract_events(a: Analysis) -> list[Event]:
    from rasd.events.lexicon import find_triggers, non_event_reason

    text = a.article.text
    events: list[Event] = []
    story = _Story()
    for s in a.sentences:
        # a trigger word inside a name ("تل صدا", "غرفة عمليات", "الغارات الروسية" as a party) is
        # part of the name (measured: keeping those that open an actor's name costs precision)
        # unless the name follows a word of cause: "جراء القصف الجوي الروسي" is the strike itself
        names = [(m.start, m.end) for m in a.in_span("places", s.start, s.end)] + \
            [(m.start, m.end) for m in a.in_span("actors", s.start, s.end)
             if not _after_cause(text, s.start, m) and not _after_strike_verb(text, s.start, m)]
        found = [h for h in find_triggers(text, s.start, s.end)
                 if not any(x <= h.start and h.end <= y for x, y in names)]
        hits, rejected = _reported(text, found, s, non_event_reason)
        # a clause about the past ("سيطر عليها داعش صيف 2014") keeps its parties to itself
        rejected = [h for h, reason in rejected if reason == "history"]
        hits = _without_restatements(text, hits)
        built: list[Event] = []
        contrast = _contrast_walls(text, s)
        for p in _proposals(hits, s, _rejected_clause_ends(text, rejected) + contrast, contrast):
            built.extend(_build(a, p, story, built))
        if not hits and story.last_events:
            built = _continued_list(a, s, story.last_events)
        events.extend(built)
        for e in built:
            if e.actor1:
                story.actor1_by_type[_story_key(e.event_type, e.sub_event_type)] = e.actor1
        story.last_events = [e for e in built if e.confidence >= roles()["min_confidence"]]
        places_here = a.in_span("places", s.start, s.end)
        if places_here:
            story.place = places_here[-1]
        # the story moves on to a day the text names, unless that day is history or future
        days = [m for m in a.in_span("dates", s.start, s.end)
                if m.ref and m.data.get("precision", 1) == 1 and not m.data.get("future")
                and not (a.published and _latest_day(m) < a.published - timedelta(days=roles()["history_days"]))
                and not _is_reference_day(text, s.start, m)]
        if days and not _opens_an_aside(s.text):
            story.day = days[-1].ref
    # an event whose place only the story supplies is most often a background mention
    # (measured on the dev gold: dropping them raises precision far more than it costs recall)
    events = _drop_headline_echoes(events, text)
    if _asks_in_its_headline(a):
        return []
    kept = [e for e in _collapse(events) if e.confidence >= roles()["min_confidence"]]
    kept = [e for e in kept if _founded(e)]
    return _drop_outside_conflict(a, _drop_coarse_summaries(_drop_vague_echoes(kept)))


def _founded(e: Event) -> bool:
    """Whether what the event needs to be one is there: a deadly attack where its place is a
    country alone; a party for joining, founding a base or looting; for talks and deals with no
    party, a word of war (or of negotiations, in a country at war); for an arrest by no party away
    from the wars, a word of the conflict. Without them these are a market report, a ministry's
    meeting or police news (measured on 4,000 unseen articles: docs/EVALUATION.md)."""
    cfg = roles()
    parties = {e.actor1, e.actor2} - {None, "CIVILIANS"}
    at_war = bool(e.location and e.location.country in cfg["war_countries"])
    if _only_a_country(e) and not (e.event_type in cfg["violent_types"] and e.fatalities):
        return False
    if e.sub_event_type in cfg["party_required_types"] and e.actor1 in (None, "CIVILIANS"):
        return False
    if e.sub_event_type in cfg["conflict_party_types"] and not parties:
        # "جولة مفاوضات جديدة في ريف درعا" stays; "ورأس المحافظ اجتماعا" does not
        evidence = normalize(e.evidence)
        return bool(cfg["_conflict_deal_words"].search(evidence)
                    or (at_war and cfg["_talks_words"].search(evidence)))
    if e.sub_event_type == "Arrests" and e.actor1 in (None, "CIVILIANS"):
        return at_war or bool(cfg["_arrest_conflict_re"].search(normalize(e.evidence)))
    return True


def _only_a_country(e: Event) -> bool:
    """Placed at a country alone (one the gazetteer knows only by its capital and big cities:
    :func:`_is_far_country`). Only a deadly attack is kept so ("قتل خمسة أشخاص خلال هجوم ... في
    الهند"): a country named with a meeting, a deal or a word of war in a column is no event's
    place."""
    loc = e.location
    if not (loc and loc.place_id and loc.place_id.startswith("country:") and loc.name):
        return False
    from rasd.kb import get_kb
    from rasd.kb.places import place_forms
    place = get_kb().by_id.get(loc.place_id)
    # a landmark tied to the country ("مخيم الحمّة") carries its id too, under its own name
    return place is not None and normalize_key(loc.name).removeprefix("ال") in {
        f.removeprefix("ال") for f in place_forms(place)}


def _asks_in_its_headline(a: Analysis) -> bool:
    """A headline that asks ("كيف تجذب داعش ضحاياها؟"، "هل آن الأوان في قضية السوريين؟") heads a
    column or an analysis: the events it names are its arguments, reported elsewhere."""
    if not a.sentences:
        return False
    first = a.sentences[0]
    line = a.article.text[first.start:first.end].split("\n")[0].strip()
    return line.endswith(tuple(roles()["question_marks"])) and len(line.split()) <= roles()["headline_max_words"]


def _drop_outside_conflict(a: Analysis, events: list[Event]) -> list[Event]:
    """Talks and deals in an article that names no party to a conflict are a ministry's meetings
    or a company's contracts ("عقدت وزارة الحج ثلاثة اجتماعات مع ممثلي شركات الحج")."""
    cfg = roles()
    conflict = any(m.data.get("category") in cfg["armed_categories"] or m.data.get("category") in cfg["government_categories"]
                   or m.data.get("category") == "SYR_OPP_CIVIL" for m in a.actors) \
        or any(e.event_type in cfg["violent_types"] for e in events)
    if conflict:
        return events
    # a ceasefire, a truce, a settlement or fighters and weapons name a war without naming its sides
    words = cfg["_conflict_deal_words"]
    return [e for e in events if e.sub_event_type not in cfg["conflict_party_types"]
            or words.search(normalize(e.evidence))]


def _reported(text: str, hits: list, s: Sentence, reason_of) -> tuple[list, list]:
    """The hits reported as having happened, and the others with the reason each has of its own.
    A trigger coordinated right after a rejected one ("بعد شهر من القصف الجوي والمدفعي والصاروخي")
    is rejected with it: the cue governs the phrase."""
    kept, rejected, rejected_end = [], [], None
    for h in sorted(hits, key=lambda h: h.start):
        coordinated = rejected_end is not None and normalize(h.text).startswith("و") \
            and _words_between(text, rejected_end, h.start) <= 1
        reason = reason_of(text, h, s.start, s.end)
        if coordinated or reason:
            rejected.append((h, reason))
            rejected_end = h.end
            continue
        rejected_end = None
        kept.append(h)
    return kept, rejected


def _without_restatements(text: str, hits: list) -> list:
    """A trigger in a relative clause on a trigger of its own type restates it: "الاتفاق الذي
    توصلت إليه فصائل الغوطة" is one agreement, placed where the first is; what strikes did, right
    after them, is their result; weapons right after a verb of defusing are its object."""
    relative = roles()["_relative"]
    results = roles()["strike_result_types"]
    cause_words = set(roles()["cause_words"])
    # "تهدم جزء كبير من جسرين جراء استهدافهما بغارات": damage caused by strikes the sentence
    # names is the strikes' result
    caused = any(h.event_type == "Explosions/Remote violence"
                 and set(w.lstrip("و") for w in normalize(text[max(0, h.start - 60):h.start]).split()[-4:]) & cause_words
                 for h in hits)
    hits = [h for h in hits if not (caused and h.sub_event_type in results
                                    and any(x.event_type == "Explosions/Remote violence" and x.start > h.start
                                            for x in hits))]
    hits = _strikes_by_their_launcher(text, _strikes_by_their_means(text, hits))
    out = []
    object_end = None  # where the last weapon named as a disruption's object ends
    for h in sorted(hits, key=lambda h: h.start):
        prev = out[-1] if out else None
        # "فككت أمس عبوات ناسفة وألغاما": the weapons are what was defused, not blasts (but
        # "دمروا دبابة بصاروخ تاو": a weapon after ب is the means)
        if prev is not None and prev.sub_event_type in roles()["disruption_types"] \
                and h.event_type == "Explosions/Remote violence" and h.start >= prev.end \
                and not normalize(h.text).startswith(("ب", "وب")) and (
                    (_words_between(text, prev.end, h.start) <= roles()["disruption_object_reach"]
                     and not re.search(r"[،,.؛;:]", text[prev.end:h.start]))
                    or (object_end is not None and normalize(h.text).startswith("و")
                        and _words_between(text, object_end, h.start) == 0)):
            object_end = h.end
            continue
        # "قصف طيران التحالف في محافظة شبوة تعزيزات للحوثيين": what a strike hit is its target,
        # not reinforcements sent
        if prev is not None and prev.event_type == "Explosions/Remote violence" \
                and h.trigger_id in roles()["strike_object_triggers"] \
                and _near_in_clause(text, prev.end, h.start, roles()["strike_object_reach"]):
            continue
        # "نفذت تسع ضربات جوية ... كما استهدفت الهجمات أيضا وحدات تكتيكية": "the attacks", definite,
        # after strikes in the sentence are those strikes
        # ... and before the bombings it sums up ("واستهدف أكثر الهجمات دموية منطقة بغداد الجديدة،
        # حيث أدى تفجير سيارة مفخخة إلى مقتل 19")
        if h.trigger_id in roles()["anaphoric_attack_triggers"] \
                and normalize(h.text).lstrip("وفبل").endswith(roles()["_anaphoric_attack_forms"]):
            named = [x for x in hits if x is not h and x.sub_event_type in roles()["anaphora_subtypes"]]
            strike = min(named, key=lambda x: abs(x.start - h.start), default=None)
            if strike is not None:
                h = replace(h, event_type=strike.event_type, sub_event_type=strike.sub_event_type)
        # "الغارات دمرت منصات": the strikes' result, the strikes the subject right before it
        if prev is not None and h.sub_event_type in results and prev.event_type == "Explosions/Remote violence" \
                and h.start >= prev.end and not normalize(text[prev.end:h.start]).split():
            continue
        if prev is not None and prev.sub_event_type == h.sub_event_type and h.start >= prev.end:
            if relative.fullmatch(" " + normalize(text[prev.end:h.start]).strip() + " "):
                continue
        out.append(h)
    return out


def _near_in_clause(text: str, a: int, b: int, reach: int) -> bool:
    """Whether ``text[a:b]`` is at most ``reach`` words, with no punctuation or clause word in it."""
    return a <= b and _words_between(text, a, b) <= reach and not re.search(r"[،,.؛;:]", text[a:b]) \
        and not _clause_boundary_between(text, a, b)


def _strikes_by_their_means(text: str, hits: list) -> list:
    """A strike verb whose means the clause names later ("قصفوا أهدافا لداعش في 23 غارة جوية",
    "استهدفت الطائرات مواقعهم بعشر غارات") is one strike of the means' kind, with the verb's
    parties: the means is no second event."""
    cfg = roles()
    verbs, means = set(cfg["means_verb_types"]), cfg["_means_markers"]
    out, chosen = [], sorted(hits, key=lambda h: h.start)
    skip = set()
    for i, h in enumerate(chosen):
        if i in skip:
            continue
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        if nxt is not None and h.sub_event_type in verbs and nxt.event_type == h.event_type \
                and nxt.sub_event_type != h.sub_event_type \
                and _near_in_clause(text, h.end, nxt.start, cfg["means_reach"]):
            before = [w for w in normalize(text[h.end:nxt.start]).split() if not w.isdigit()]
            word = normalize(nxt.text).split()[0].removeprefix("و")
            if (before and before[-1] in means) or (
                    word.startswith("ب") and word[1:] in cfg["_means_nouns"]):
                out.append(replace(h, event_type=nxt.event_type, sub_event_type=nxt.sub_event_type,
                                   trigger_id=nxt.trigger_id))
                skip.add(i + 1)
                continue
        out.append(h)
    return out


def _strikes_by_their_launcher(text: str, hits: list) -> list:
    """A missile or a shell fired by an aircraft named just before as its subject ("طائرة عسكرية
    عراقية أطلقت صاروخين على أحد المنازل") is an air strike."""
    cfg = roles()
    verbs, launchers = set(cfg["means_verb_types"]), cfg["_launcher_nouns"]
    out = []
    for h in hits:
        if h.sub_event_type in verbs:
            head = text[max(0, h.start - 80):h.start]
            head = re.split(r"[،,.؛;:!?؟\n]", head)[-1]  # the trigger's own clause
            words = [w.removeprefix("و") for w in normalize(head).split()][-cfg["launcher_reach"]:]
            if any(w in launchers for w in words):
                h = replace(h, sub_event_type="Air/drone strike")
        out.append(h)
    return out


def _opens_an_aside(sentence: str) -> bool:
    """A sentence set apart as background ("يذكر أن ... قتل في 15 يوليو الجاري", "الجدير بالذكر
    أن"): its day is not the day the story is at."""
    words = normalize(sentence).split()
    head = " ".join(w.lstrip("و") if k == 0 else w for k, w in enumerate(words[:3]))
    return any(head.startswith(o) for o in roles()["aside_openers"])


def _last_words(text: str, start: int, end: int) -> list[str]:
    """The normalized words just before ``end`` (not before ``start``): a short window, not the
    whole sentence, since only the last one or two are read."""
    return normalize(text[max(start, end - 40):end]).split()


def _after_strike_verb(text: str, sentence_start: int, m: Mention) -> bool:
    """The actor's name is the subject of a verb of striking right before or after it ("استهدفت
    المسيرات التركية سيارة", "أن مروحيات النظام استهدفت الأحياء"): the weapons in the name are
    the strike."""
    verbs = roles()["strike_verbs"]
    words = _last_words(text, sentence_start, m.start)
    after = normalize(text[m.end:m.end + 30]).split()[:1]
    return bool(words) and words[-1].lstrip("وف") in verbs or bool(after) and after[0].lstrip("وف") in verbs


def _after_cause(text: str, sentence_start: int, m: Mention) -> bool:
    """The actor's name follows a word of cause ("جراء القصف الجوي الروسي"), or "في" after a
    word of killing or wounding ("قتل ستة مدنيين في غارات روسية")."""
    words = normalize(text[sentence_start:m.start]).split()
    if not words:
        return False
    if words[-1] in roles()["cause_words"]:
        return True
    return words[-1] == "في" and any(w.lstrip("وف") in roles()["_killing"] for w in words[-6:-1])


def _is_reference_day(text: str, sentence_start: int, m: Mention) -> bool:
    """A day that dates something else as a point of reference ("بعد هجوم العاشر من حزيران",
    "منذ 29 أيار"): the story does not move to it."""
    words = normalize(text[sentence_start:m.start]).split()[-3:]
    return any(w.lstrip("و") in roles()["reference_day_words"] for w in words)


def _drop_vague_echoes(events: list[Event]) -> list[Event]:
    """"قصف على ريف درعا" beside "قصف على طفس" the same day: the event named only by its
    governorate is the one the article places precisely, not another."""
    def key(e: Event) -> tuple:
        return e.sub_event_type, e.location.admin1 or e.location.country, e.date

    admin_only = roles()["admin_place_confidence"]
    precise = {key(e) for e in events if e.confidence > admin_only}
    return [e for e in events if e.confidence > admin_only or key(e) not in precise]


def _drop_coarse_summaries(events: list[Event]) -> list[Event]:
    """Strikes and clashes placed no finer than a governorate, a district or a region ("تتعرض
    بلدات ريف درعا لقصف يومي") sum up the fighting an article also places precisely: they stand
    only where the article has no precisely placed event of their type."""
    cfg = roles()

    def summed_up(e: Event) -> bool:
        return (e.event_type in cfg["fine_place_types"] or e.sub_event_type in cfg["fine_place_types"]) \
            and e.confidence < cfg["fine_place_confidence"]

    precise = {e.event_type for e in events if not summed_up(e)}
    return [e for e in events if not (summed_up(e) and e.event_type in precise)]


def _is_headline(text: str, start: int, end: int) -> bool:
    """On a line of its own, short and unpunctuated: a title or a ticker, not a report sentence.
    A title may hold two sentences ("ارتفاع عدد ضحايا مجزرة نوى… والنظام يعاود قصف القنيطرة")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].rstrip()
    return bool(line) and line[-1] not in ".!؟?\"”»" and len(line.split()) <= roles()["headline_max_words"]


def _drop_headline_echoes(events: list[Event], text: str) -> list[Event]:
    """A headline repeats the story the body tells: its event stands only where the body has none of its type."""
    body = [e for e in events if e.confidence >= roles()["min_confidence"]
            and not _is_headline(text, e.evidence_start, e.evidence_end)]
    body_types = {e.event_type for e in body}
    # "ارتفاع عدد ضحايا مجزرة نوى" over a body that reports the shelling of نوى: one act of violence
    violent = set(roles()["violent_types"])
    body_violence_at = {e.location.name for e in body if e.event_type in violent and e.location.name}
    return [e for e in events
            if not (_is_headline(text, e.evidence_start, e.evidence_end)
                    and (e.event_type in body_types
                         or (e.event_type in violent and e.location.name in body_violence_at)))]


@dataclass
class _Story:
    """What the article has said so far: later sentences lean on it for what they leave out."""

    place: Mention | None = None
    day: str | None = None
    actor1_by_type: dict = None
    last_events: list = None

    def __post_init__(self):
        self.actor1_by_type = {}
        self.last_events = []


def _continued_list(a: Analysis, s: Sentence, previous: list[Event]) -> list[Event]:
    """"ومن أبرز تلك البلدات داعل وأبطع ...": a sentence that goes on listing the places of the
    previous sentence's event is that event at each of them."""
    head = " ".join(normalize(s.text).split()[:3])
    if not any(head.startswith(c) for c in roles()["list_continuation"]):
        return []
    places = [m for m in a.in_span("places", s.start, s.end) if not _is_coarse(m)]
    if not places:
        return []
    model = previous[-1]
    out = []
    for pl in _listed(a.article.text, places)[: roles()["max_places_per_event"]]:
        ev = replace(model, location=pl.data["location"], evidence=s.text, evidence_start=s.start,
                     evidence_end=s.end, trigger=None)
        ev.id = _event_id(ev)
        out.append(ev)
    return out


def _rejected_clause_ends(text: str, rejected: list) -> list[int]:
    """Where the clause of each trigger reported as history ends (at the next comma or
    semicolon): what that clause names is the rejected trigger's ("سيطر عليها داعش صيف 2014،
    وتمكنت القوات العراقية ... من استعادة": داعش took Mosul in 2014, it did not retake it)."""
    ends = []
    for h in rejected:
        m = re.search(r"[،,؛;]", text[h.end:])
        if m:
            ends.append(h.end + m.end())
    return ends


def _proposals(hits: list, s: Sentence, walls: list[int] = (), contrast: list[int] = ()) -> list[_Proposal]:
    """One proposal per trigger, governing the text up to the next trigger: "تسويات في درعا البلد
    ... ثم فرضت تسويات في اليادودة والمزيريب" gives each mention its own places; collapsing
    merges what repeats. A clause whose trigger is history (``walls``: where such clauses end)
    is nobody else's."""
    chosen = sorted(hits, key=lambda h: h.start)
    # runs of triggers of one type ("قصفت ... بقذائف المدفعية") share their parties
    run_of: list[int] = []
    relative = roles()["_relative"]
    for i, h in enumerate(chosen):
        # a relative clause between ("هجوما على الفوعة ... مدينة الزبداني والتي تتعرض لهجوم من قبل
        # قوات النظام") tells of another act with its own parties
        run_of.append(run_of[-1] if i and chosen[i - 1].sub_event_type == h.sub_event_type
                      and not any(chosen[i - 1].end <= w <= h.start for w in walls)
                      and not relative.search(normalize(s.text[chosen[i - 1].end - s.start:h.start - s.start]))
                      else i)
    out = []
    for i, h in enumerate(chosen):
        lo = chosen[i - 1].end if i > 0 else s.start
        hi = chosen[i + 1].start if i + 1 < len(chosen) else s.end
        nxt = chosen[i + 1] if i + 1 < len(chosen) else None
        first = run_of[i]
        last = max(j for j in range(len(chosen)) if run_of[j] == first)
        run_lo = chosen[first - 1].end if first > 0 else s.start
        run_hi = chosen[last + 1].start if last + 1 < len(chosen) else s.end
        wall = max((w for w in walls if lo <= w <= h.start), default=None)
        if wall is not None:
            lo, run_lo = wall, max(run_lo, wall)
        # ... nor anyone else's after it: "سيطرت على المواقع ... ، في حين دخلت إلى زنجبار"
        ahead = min((w for w in contrast if h.end <= w < hi), default=None)
        if ahead is not None:
            hi, run_hi = ahead, min(run_hi, ahead)
        out.append(_Proposal(h, s, (lo, hi), handed_on=nxt is not None and nxt.sub_event_type == h.sub_event_type,
                             party_scope=(run_lo, run_hi), lead=chosen[first]))
    return out


def _words_between(text: str, a: int, b: int) -> int:
    return len(text[min(a, b):max(a, b)].split())


def _story_key(event_type: str, sub_event_type: str) -> str:
    """What a later sentence's doer is taken from: strikes from strikes, blasts from blasts (an
    air strike's doer is no car bomb's), the same event type otherwise."""
    if event_type == "Explosions/Remote violence":
        return event_type + ("/strike" if sub_event_type in roles()["strike_subtypes"] else "/blast")
    return event_type


def _build(a: Analysis, p: _Proposal, story: "_Story", earlier: list[Event] = ()) -> list[Event]:
    cfg = roles()
    text = a.article.text
    h, s = p.hit, p.sentence
    lo, hi = p.scope
    if p.handed_on and not a.in_span("places", lo, hi):
        return []
    places = _places_for(a, h, lo, hi, s, story)
    fallback = False
    if not places:
        places = [None]
        fallback = True
    # a formation, a round of talks, reinforcements: one act, whatever places it names
    places = places[:1] if h.sub_event_type in cfg["single_place_types"] else places[: cfg["max_places_per_event"]]

    sub = h.sub_event_type
    etype = h.event_type
    actor1, actor2, name1, name2 = _parties(a, p.lead or h, s, *p.party_scope, violent=etype in cfg["violent_types"])
    if actor1 is None and earlier and normalize(h.text).split()[0].endswith("وا") \
            and earlier[-1].actor1 not in (None, "CIVILIANS") and earlier[-1].actor1 != actor2:
        # "خطفوا عشرات المسيحيين بعد أن سيطروا على مدينة": the plural verb's subject is the
        # sentence's doer named before
        actor1, name1 = earlier[-1].actor1, earlier[-1].actor1_name
    key = _story_key(etype, sub)
    if actor1 is None and key in story.actor1_by_type and sub not in cfg["crowd_subtypes"] \
            and not (etype != "Battles" and story.actor1_by_type[key] == actor2):
        # the story's doer, unless it is this strike's or blast's target
        actor1 = story.actor1_by_type[key]
    if getattr(h, "actor_rule", None) == "gov_regains":
        if actor1 and actor1 not in cfg["government_categories"] and actor1 not in ("CIVILIANS",):
            sub, etype = "Non-state actor overtakes territory", "Battles"
        else:
            sub, etype = "Government regains territory", "Battles"
    fleeing = normalize(text[h.end:min(s.end, h.end + 40)]).split()[:3]
    if h.trigger_id in cfg["retreat_triggers"] and (
            actor1 in cfg["armed_categories"] or any(w.lstrip("وف") in cfg["fighter_nouns"] for w in fleeing)):
        # fighters who flee ("دفع العشرات من الميليشيات الحوثية إلى الفرار") retreat: their
        # flight is the fighting's outcome, not people displaced
        return []
    civil = bool(cfg["_civil"].search(normalize(s.text)))
    if h.trigger_id in cfg["civilian_victim_triggers"] and civil and actor2 in (None, "CIVILIANS"):
        # a sniper who kills a woman or a child attacks civilians; one who hits a commander fights
        sub, etype, actor2 = "Attack", "Violence against civilians", "CIVILIANS"
    if sub in cfg["protest_subtypes"] and actor1 in cfg["government_categories"]:
        actor1, actor2, name1, name2 = None, actor2 or actor1, None, name2 or name1
    if sub == "Excessive force against protesters":
        # the force that fired on the crowd acts; the protesters are its target (ACLED)
        doers = [(c, n) for c, n in ((actor1, name1), (actor2, name2)) if c not in (None, "CIVILIANS")]
        (actor1, name1), actor2, name2 = (doers[0] if doers else (None, None)), "CIVILIANS", None
    elif sub in cfg["crowd_subtypes"]:
        if actor1 not in (None, "CIVILIANS") and actor2 is None and civil:
            actor2 = None
        if actor1 is None or civil and actor1 not in ("ISIS", "HTS"):
            actor1, name1 = "CIVILIANS", None
    elif etype in cfg["civilian_target_types"] and civil and actor1 != "CIVILIANS" and (
            actor2 is None or etype == "Violence against civilians"):
        # violence against civilians has civilians as its other side, whoever else the sentence
        # names ("أعلن وزير الدفاع أن عشرة مدنيين أعدموا على أيدي داعش": not the minister)
        actor2 = "CIVILIANS"
    if sub in ("Government regains territory", "Non-state actor overtakes territory", "Armed clash") \
            and actor1 is not None and (actor2 not in cfg["armed_categories"] or _same_bloc(actor1, actor2)):
        # fighting and takeovers are between armed sides: the other side is the article's opponent
        actor2 = _main_opponent(a, actor1)

    when, precision, history = _date_for(a, h, s, story.day)
    if history:
        return []
    fatalities = None
    if (etype in cfg["violent_types"] or sub == "Excessive force against protesters") and len(places) == 1:
        fatalities = _fatalities(a, s)
    source = _source_for(a, s)

    out = []
    for pl in places:
        loc = pl.data["location"] if pl is not None else Location()
        ev = Event(
            article_id=a.article.external_id or a.article.id,
            event_type=etype, sub_event_type=sub,
            evidence=s.text, evidence_start=s.start, evidence_end=s.end,
            date=when, time_precision=precision, location=loc,
            actor1=actor1, actor2=actor2 if actor2 != actor1 else None,
            actor1_name=name1, actor2_name=name2,
            fatalities=fatalities, source=source, trigger=h.text,
            confidence=_confidence(pl, s),
        )
        ev.id = _event_id(ev)
        out.append(ev)
    return out


def _places_for(a: Analysis, h, lo: int, hi: int, s: Sentence, story: "_Story") -> list[Mention]:
    """Where the trigger's event happened, most specific first; several only for a list of places."""
    cfg = roles()
    text = a.article.text
    known = [m for m in a.in_span("places", s.start, s.end)
             if not m.data.get("ner") and not _names_a_government(a, text, m)]
    # a name only the recognizer found is the place only where the sentence names no known one
    pool = known if known else a.in_span("places", s.start, s.end)
    antecedent = _antecedent_places(text, s, h, pool)
    if antecedent:
        # "تلال المحص – المطوق – الحارة والتي سيطرت عليها قبل يومين": a relative clause right
        # after places tells what happened there
        return antecedent
    # "شبان درعا", "مراسلنا في درعا", "حاكم إقليم دارفور": the place says who someone is; it is
    # the event's place only where the sentence names no other
    # a party announcing its own act is where it acts ("أعلنت فصائل عاملة في إنخل النفير")
    parties = a.in_span("actors", s.start, s.end)
    sources = [src for src in a.in_span("sources", s.start, s.end)
               if src.data.get("cue") not in cfg["_own_act"]
               and not any(p.start < src.end and p.end > src.start for p in parties)]
    if h.event_type in cfg["home_placed_types"]:
        # protesters march where they live: "خرج أهالي مدينة جاسم في مظاهرة نددوا فيها بالحملة
        # على طفس" is a protest in جاسم, not in the town it is about
        homes = [m for m in pool if _names_the_people(text, s.start, m, cfg["resident_nouns"])]
        # ... unless the sentence says where they marched ("تظاهر العشرات في طفس للمطالبة
        # بالإفراج عن أبناء درعا")
        located = [m for m in pool if all(m is not x for x in homes)
                   and ((_words_before_name(text, s.start, m) or [""])[-1] == "في"
                        or "ب" in (m.data.get("proclitic") or ""))]
        if homes and not located:
            return _listed(text, homes)
    def previous(m: Mention) -> Mention | None:
        return max((x for x in pool if x.end <= m.start), key=lambda x: x.end, default=None)

    described = _with_list_mates(text, pool, [m for m in pool if _describes_someone(text, s.start, m, previous(m))
                                              or _bases_a_source(text, sources, m)])
    if described and len(described) < len(pool):
        pool = [m for m in pool if m not in described]
    if h.event_type == "Explosions/Remote violence" and cfg["_launch_re"].search(_normalized(s.text)):
        # "مقاتلات ضربت أهدافا في العراق وانطلقت من قاعدة جوية في ديار بكر": where aircraft or
        # missiles set off from is not where they hit
        launched = [m for m in pool if set(w.lstrip("و") for w in _words_before(text, s.start, m)[-4:])
                    & cfg["_launch_words"]]
        pool = [m for m in pool if m not in launched] or pool
    ends = _road_ends(text, pool)
    if ends:
        pool = [m for m in pool if all(m is not e for e in ends)] or [min(ends, key=lambda m: m.start)]
    if h.sub_event_type in cfg["origin_types"] and _tells_departure(s.text, h.sub_event_type):
        # people leave a place under a deal or a wave of flight: the event is where they left,
        # not where they go ("إجلاء المقاتلين من دوما إلى جرابلس"); the story's place where the
        # sentence names only the destination ("وصلت الدفعة إلى ريف حماة")
        pool = [m for m in pool if not _is_destination(text, s.start, m)]
    elif h.sub_event_type in cfg["venue_types"]:
        # talks and deals are placed at their venue where the sentence names one ("إثر قمتهما
        # في موسكو ... التوصل لاتفاق على وقف لإطلاق النار في إدلب"), else at what they concern
        venues = [m for m in pool if _is_venue(text, s.start, m)]
        pool = venues or pool
    elif h.sub_event_type in cfg["destination_types"] and any(
            w.lstrip("وفبل").startswith(cfg["_sending_stems"]) for w in normalize(h.text).split()):
        # reinforcements are placed where they are sent ("نقلت الجنود من السويداء إلى درعا")
        sent_to = [m for m in pool if _is_destination(text, s.start, m)]
        pool = sent_to or pool
    after = [m for m in pool if h.end <= m.start and m.end <= hi]
    # nearest first; a place beyond a clause boundary ("هجماتها على طفس ونوى، تزامناً مع إعلان
    # فريق إدارة الأزمة ...") is the earlier clause's, unless both are fighting ("اشتباكات في
    # حمورية بالتزامن مع قصف": the shelling is there too)
    violent = h.event_type in cfg["violent_types"]
    before = list(reversed([m for m in pool if lo <= m.start and m.end <= h.start
                            and (violent or not _clause_boundary_between(text, m.end, h.start))]))
    fine_after = [m for m in after if not _is_coarse(m)]
    # the first place must stand near the trigger; a list that starts there runs as long as it goes
    if fine_after and _words_between(text, h.end, fine_after[0].start) <= cfg["max_place_distance"]:
        return _listed(text, fine_after)
    after = [m for m in after if _words_between(text, h.end, m.start) <= cfg["max_place_distance"]]
    # "مدينة نوى غرب درعا، ... جراء القصف": the nearest place may only say where the one before lies
    named = a.in_span("places", s.start, s.end)  # what locates what, whatever the pool lost
    fine_before = [m for m in before if not _is_coarse(m) and not _locates_previous(text, named, m)]
    located = [x for x in (_located_by(text, named, m) for m in before if not _is_coarse(m)) if x is not None]
    if not fine_before and located and not _is_coarse(located[0]):
        # "وأوضح الخيالي هاتفيا من سبها الواقعة ... جنوبي طرابلس، قتل 29": the only candidate
        # says where the place the speaker was named with lies; that place is where it happened
        return located[:1]
    fine_before = fine_before or \
        [m for m in before if not _is_coarse(m)]
    if fine_before:
        return fine_before[:1]
    here = after + before + pool
    admin = [m for m in here if not _is_vague(m)]
    if admin:
        return admin[:1]
    # the lead names its place in the next sentence ("شن التنظيم هجمة استهدفت مركز المحافظة ...
    # وشهدت محافظة السويداء الحصيلة الأكبر"): nothing came before to lean on, or only a country
    # ("بغارة أمريكية في سوريا ... قتل قرب بلدة سرمدا")
    lead = _lead_place(a, s)
    opening = any(s.start == x.start for x in a.sentences[:roles()["lead_sentences"]])
    # ... a town there, not a capital (where talks and statements are) nor a base or an airport
    town = bool(lead) and not _is_landmark(lead[0]) \
        and normalize_key(lead[0].data["location"].name or "") not in _capital_names()
    if story.place is not None and not (town and opening and _is_vague(story.place)):
        return [story.place]
    return lead or here[:1]


@lru_cache(maxsize=1)
def _capital_names() -> frozenset[str]:
    """Names of capitals, whatever record the resolver picked (دمشق resolves to its governorate)."""
    from rasd.kb import get_kb

    return frozenset([normalize_key(p.name) for p in get_kb().places if "capital" in p.flags]
                     + [normalize_key(n) for n in roles()["capitals"]])


def _names_a_government(a: Analysis, text: str, m: Mention) -> bool:
    """A capital or a country right after "مع", "ضد", "حكومة" is the state it stands for
    ("المصالحة مع دمشق", "اتفاق بين موسكو وأنقرة"), not where anything happened."""
    from rasd.kb import get_kb

    place = get_kb().by_id.get(m.ref) if m.ref else None
    if place is None or not (place.kind == "country" or normalize_key(place.name) in _capital_names()):
        return False
    before = normalize(text[max(0, m.start - 20):m.start]).split()
    return bool(before) and before[-1] in roles()["government_markers"]


def _locates_previous(text: str, pool: list[Mention], m: Mention) -> bool:
    """"مدينة نوى غرب درعا": درعا only says where the town نوى lies (a direction word between)."""
    return _located_by(text, pool, m) is not None


def _located_by(text: str, pool: list[Mention], m: Mention) -> Mention | None:
    """The place ``m`` says where it lies, if it does that ("مدينة نوى غرب درعا": نوى)."""
    prev = [p for p in pool if p.end <= m.start]
    if not prev:
        return None
    last = max(prev, key=lambda p: p.end)
    if _is_landmark(last):  # "معبر الوافدين شرق مدينة دوما": the town is where it happened
        return None
    if _locates(text, last, m):
        return last
    return None


def _locates(text: str, last: Mention, m: Mention) -> bool:
    """Whether the words between two places make the second say where the first lies."""
    gap = normalize(text[last.end:m.start]).replace("“", " ").replace("”", " ").replace('"', " ").split()
    directions = roles()["direction_words"]
    if 0 < len(gap) <= 2 and gap[0] in directions:
        return True
    # "سبها الواقعة على مسافة 700 كيلومتر تقريبا جنوبي طرابلس": a described distance and direction
    return 2 < len(gap) <= 8 and gap[0].lstrip("و") in roles()["locating_words"] \
        and gap[-1].lstrip("ب") in directions and not re.search(r"[،,.؛;:]", text[last.end:m.start])


def _words_before(text: str, sentence_start: int, m: Mention) -> list[str]:
    """The normalized words of the sentence before the place, less what is glued to its name
    (the preposition of "بموسكو", an opening quote)."""
    return normalize(re.sub(r"\S+$", "", text[sentence_start:m.start])).split()


def _words_before_name(text: str, sentence_start: int, m: Mention) -> list[str]:
    """:func:`_words_before`, less the place words right before the name ("أهالي مدينة نوى")."""
    words = _words_before(text, sentence_start, m)
    while words and words[-1] in roles()["place_words"]:
        words.pop()
    return words


def _names_the_people(text: str, sentence_start: int, m: Mention, nouns: list[str]) -> bool:
    """The place completes one of these people nouns ("أهالي مدينة نوى", "أبناء السويداء")."""
    words = _words_before_name(text, sentence_start, m)[-1:]
    return bool(words) and _bare(words[-1]) in nouns


def _describes_someone(text: str, sentence_start: int, m: Mention, previous: Mention | None = None) -> bool:
    """The place qualifies a person, a group or another place: the people noun it completes ("شبان درعا",
    "أهالي مدينة نوى", "حاكم إقليم دارفور") or a reporter's or a source's base ("مراسل الوكالة
    في درعا", "مصادر محلية من محافظة درعا")."""
    cfg = roles()
    words = _words_before_name(text, sentence_start, m)[-cfg["describer_reach"]:]
    if not words:
        return False
    if _bare(words[-1]) in cfg["people_nouns"]:
        return True
    # "محافظة القنيطرة التي تضم هضبة الجولان", "حمورية الواقعة بالقسم الجنوبي من الغوطة"; but
    # where what it locates is a building named after a place ("جامعة الانبار الواقعة في مدينة
    # الرمادي"), it is the place
    if any(_bare(w) in cfg["place_descriptors"] for w in words[-3:]) and not (
            previous is not None
            and (_words_before_name(text, sentence_start, previous) or [""])[-1] in cfg["_building_heads"]):
        return True
    # "قوات النظام المتمركزة في تلال المحص": where the attacker stands
    if any(w in cfg["position_words"] for w in words[-3:]):
        return True
    if words[-1] in ("في", "من"):
        return any(_bare(w) in cfg["reporter_nouns"] for w in words[:-1])
    if "ب" in (m.data.get("proclitic") or ""):  # "مراسلنا بدرعا"
        return any(_bare(w) in cfg["reporter_nouns"] for w in words)
    return False


def _bases_a_source(text: str, sources: list[Mention], m: Mention) -> bool:
    """The place right after the party credited with the report says where that party is
    ("قالت تنسيقية لجان المقاومة في الفاشر إن ...")."""
    return any(src.end <= m.start and normalize(text[src.end:m.start]).split() in (["في"], ["من"], [])
               for src in sources)


def _antecedent_places(text: str, s: Sentence, h, pool: list[Mention]) -> list[Mention]:
    """The places a relative clause right after them is about, where the trigger opens that
    clause ("في تلال المحص – المطوق – الحارة والتي سيطرت عليهم": the three hills), else none."""
    rel = _last_relative(text, s.start, h.start)
    if rel is None or len(normalize(text[rel[1]:h.start]).split()) > roles()["relative_reach"]:
        return []
    r0 = rel[0]
    chain: list[Mention] = []
    edge = r0
    for m in sorted(pool, key=lambda x: x.start, reverse=True):
        if m.end > edge:
            continue
        if not _only_joins(text, m.end, edge):
            break
        chain.insert(0, m)
        edge = m.start
    return chain


def _with_list_mates(text: str, pool: list[Mention], described: list[Mention]) -> list[Mention]:
    """``described`` and the places listed right after one of them ("المتمركزة في تلال المحص –
    المطوق – الحارة": the whole list says where they stand)."""
    out = list(described)
    for m in sorted(pool, key=lambda x: x.start):
        if m in out:
            continue
        prev = [d for d in out if d.end <= m.start]
        if not prev:
            continue
        if _only_joins(text, max(d.end for d in prev), m.start):
            out.append(m)
    return out


def _road_ends(text: str, pool: list[Mention]) -> list[Mention]:
    """The towns a road is named by ("طريق حلب دمشق", "أوتوستراد دمشق - درعا", "الطريق الواصل
    بين حماة وإدلب") or leads to ("الطرق المؤدية إلى حلب وحماة")."""
    cfg = roles()
    roads = set(cfg["road_words"])
    ends: list[Mention] = []
    places = sorted(pool, key=lambda m: m.start)
    for first, second in zip(places, places[1:]):
        own = normalize(first.text).split()
        raw = normalize(text[max(0, first.start - 60):first.start]).split()
        before = [_bare(w) for w in raw]
        gap = normalize(text[first.end:second.start]).split()
        # "طريق حلب دمشق": the road word opens the first name (or stands right before it), and
        # only a dash stands between the two names
        if (own and own[0] in roads or before and before[-1] in roads) and \
                all(w in ("-", "–", "—", "/") for w in gap):
            ends += [first, second]
            continue
        # "الطريق الواصل بين حماة وإدلب"
        if gap == ["و"] or (len(gap) == 0 and normalize(second.text).startswith("و")) or \
                text[first.end:second.start].strip() == "و":
            words = before
            # "الطريق الواصل بين بلدتي المزيريب واليادودة"
            while words and raw[len(words) - 1] in cfg["road_place_words"]:
                words = words[:-1]
            while words and words[-1] in cfg["road_between"]:
                words = words[:-1]
                while words and words[-1] in cfg["road_links"]:
                    words = words[:-1]
                if words and words[-1] in roads:
                    ends += [first, second]
                break
    # "على الطرق المؤدية إلى حلب وحماة": the towns a road leads to, and those listed with them
    for k, first in enumerate(places):
        raw = normalize(text[max(0, first.start - 60):first.start]).split()
        while raw and raw[-1] in cfg["road_place_words"]:  # "المؤدي إلى مدينة سراقب"
            raw = raw[:-1]
        if len(raw) >= 3 and raw[-1] in cfg["road_toward"] and raw[-2] in cfg["road_leading"] \
                and _bare(raw[-3]) in roads:
            ends.append(first)
            for nxt in places[k + 1:]:
                if not _only_joins(text, ends[-1].end, nxt.start):
                    break
                ends.append(nxt)
    return [m for k, m in enumerate(ends) if all(m is not e for e in ends[:k])]


def _only_joins(text: str, start: int, end: int) -> bool:
    """Between two places stand at most two list joiners, dashes or quotes ("المحص – المطوق",
    "”والتي")."""
    gap = normalize(text[start:end]).split()
    return len(gap) <= 2 and all(w.strip("“”\"'«»()") in ("", *roles()["list_joiners"], "–") for w in gap)


def _bare(word: str) -> str:
    for pre in ("و", "ف", "ل", "ب"):
        if word.startswith(pre) and len(word) > 3:
            return word[len(pre):]
    return word


def _is_venue(text: str, sentence_start: int, m: Mention) -> bool:
    """The place where a meeting is held: "قمتهما في موسكو", "مؤتمر صحفي بموسكو", "الاجتماع
    الذي جرى في مدينة بصرى الشام"."""
    cfg = roles()
    words = _words_before_name(text, sentence_start, m)
    if words and words[-1] == "في":
        words.pop()
    elif m.data.get("proclitic") != "ب":
        return False
    return any(_bare(w).startswith(cfg["_meeting_stems"]) for w in words[-cfg["venue_reach"]:])


def _is_destination(text: str, sentence_start: int, m: Mention) -> bool:
    """The place is where people go: a word of direction ("إلى", "باتجاه") stands a few words
    before it with no "من"/"عن" in between ("إلى جرابلس بريف حلب" holds two destinations)."""
    cfg = roles()
    words = _words_before(text, sentence_start, m)
    for k in range(len(words) - 1, max(-1, len(words) - 1 - cfg["destination_reach"]), -1):
        w = words[k]
        if w in cfg["origin_words"] or w.endswith(("،", ",")):
            return False
        if w in cfg["destination_words"]:
            # "دخلت الحافلات إلى ريف القنيطرة": where they enter is where the people are
            return not any(v.startswith(cfg["_entering_verbs"]) for v in words[max(0, k - 3):k])
    return False


def _tells_departure(sentence: str, sub_event_type: str) -> bool:
    """Flight is a departure; a deal only where the sentence says people leave under it (a
    delegation sent "إلى بصرى الشام" to sign goes to the venue)."""
    if sub_event_type == "Displacement":
        return True
    return any(w.lstrip("وفبل").startswith(roles()["_departure_stems"]) for w in normalize(sentence).split())


def _clause_boundary_between(text: str, a: int, b: int) -> bool:
    from rasd.events.lexicon import clause_boundary_words

    words = normalize(text[a:b]).split()
    joined = " " + " ".join(words) + " "
    return any(f" {w} " in joined or f" و{w} " in joined for w in clause_boundary_words())


def _contrast_walls(text: str, s: Sentence) -> list[int]:
    """Where clauses that set themselves against the one before begin ("قصفت قوات النظام طفس،
    في حين شنت الطائرات غارات على نوى"): what comes after happened elsewhere, by other hands, so
    a trigger there takes no place or party from before the wall, even fighting (which
    otherwise reads places across clause words: "اشتباكات في حمورية بالتزامن مع قصف")."""
    norm = _normalized(s.text)
    if not any(" ".join(p) in norm for p in roles()["_contrast_words"]):
        return []  # most sentences: no word-by-word pass
    words = [(m.start(), normalize(m.group())) for m in re.finditer(r"\S+", text[s.start:s.end])]
    out = []
    for phrase in roles()["_contrast_words"]:
        n = len(phrase)
        for k in range(len(words) - n + 1):
            first = words[k][1]
            if (first == phrase[0] or first == "و" + phrase[0]) and \
                    all(words[k + j][1] == phrase[j] for j in range(1, n)):
                out.append(s.start + words[k][0])
    return out


@lru_cache(maxsize=4096)
def _normalized(sentence: str) -> str:
    """A sentence's normalized form, asked for by several rules for one sentence."""
    return normalize(sentence)


def _lead_place(a: Analysis, s: Sentence) -> list[Mention]:
    """The first place the next sentence names, for a lead sentence that names none."""
    later = [x for x in a.sentences if x.start >= s.end][:1]
    found = [m for x in later for m in a.in_span("places", x.start, x.end) if not _is_vague(m)]
    return ([m for m in found if not m.data.get("ner")] or found)[:1]


def _confidence(pl: Mention | None, s: Sentence) -> float:
    """How sure the place makes the event: named in its sentence, and how precisely."""
    if pl is not None and pl.start >= s.end and not _is_vague(pl):
        return roles()["lead_place_confidence"]  # a lead's place from the next sentence
    if _in_sentence(pl, s) and _is_far_country(pl):
        return roles()["far_country_confidence"]
    if not _in_sentence(pl, s) or _is_vague(pl):
        return 0.5
    if pl.data.get("place_kind") in ("governorate", "district"):
        return roles()["admin_place_confidence"]
    return roles()["region_place_confidence"] if _is_coarse(pl) else 0.8


def _in_sentence(m: Mention | None, s: Sentence) -> bool:
    return m is not None and s.start <= m.start < s.end


def _listed(text: str, places: list[Mention]) -> list[Mention]:
    """The first place and those joined to it as a list ("الطيبة وأم المياذن وطفس").

    A place that only says where the previous one lies ("درعا البلد بمدينة درعا") is passed over;
    several fronts or hills tied to one town ("محاور تل السمن والتابلين في محيط مدينة طفس") give
    the town (the spec's ruling); a single landmark stays itself ("القصر الرئاسي في الخرطوم").
    """
    cfg = roles()
    chain = [places[0]]
    anchor_end = places[0].end
    tied_to: Mention | None = None
    for m in places[1:]:
        gap = normalize(text[anchor_end:m.start]).split()
        near = gap[-3:]  # the words right before the place say how it is tied to the previous one
        contained = len(gap) <= 4 and any(w == c or len(c) > 2 and w.startswith(c) for w in near for c in cfg["container_cues"])
        if contained and chain[-1].data.get("cue") in cfg["front_cues"] and not _is_landmark(m):
            # "على محور الكازية في حي المنشية": a front is placed at the place that holds it
            chain[-1] = m
            anchor_end = m.end
        elif contained and len(chain) == 1 and (m.data.get("head") or m.data.get("cue")) in cfg["quarter_heads"] \
                and not _is_landmark(chain[-1]):
            # "في شمال مدينة بحري في حي كافوري": the quarter is where in the town it happened
            chain[-1] = m
            anchor_end = m.end
        elif not gap or len(gap) <= cfg["max_list_gap"] and any(
                w in cfg["list_joiners"] or w.startswith("و") or w.endswith("،") for w in near) \
                or len(gap) <= cfg["max_list_gap"] and any(w.startswith(cfg["_another_words"]) for w in gap):
            chain.append(m)
            anchor_end = m.end
        elif contained:
            # "بمدينة درعا", "في محيط مدينة طفس": where the previous place lies
            if len(chain) > 1 and all(_is_landmark(c) for c in chain) and not _is_landmark(m):
                tied_to = m
            anchor_end = m.end
        else:
            break
    if tied_to is not None:
        return [tied_to]
    out, seen = [], set()
    for m in chain:
        key = normalize_key(m.data["location"].name or m.text)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def _is_landmark(m: Mention) -> bool:
    return m.data.get("place_kind") == "landmark"


def _is_vague(m: Mention) -> bool:
    """A country, or a part of one with no admin unit ("جنوب سوريا"): no place for an event."""
    loc = m.data["location"]
    return m.data.get("place_kind") == "country" or (m.data.get("place_kind") == "region" and not loc.admin1
                                                      and loc.country == "Syria")


def _is_far_country(m: Mention) -> bool:
    """A country the gazetteer knows only by its capital and big cities: where nothing finer is
    named, the most it can say of an event there."""
    return m.data.get("place_kind") == "country" and m.ref is not None \
        and m.ref.removeprefix("country:") not in _detailed_countries()


@lru_cache(maxsize=1)
def _detailed_countries() -> frozenset[str]:
    from rasd.kb.places import load_cues
    return frozenset(load_cues()["context"]["detailed_countries"])


def _is_coarse(m: Mention) -> bool:
    return m.data.get("place_kind") in COARSE_KINDS


def _parties(a: Analysis, h, s: Sentence, lo: int, hi: int, violent: bool = False):
    """(actor1, actor2, name1, name2) by the roles Arabic marks around the trigger."""
    cfg = roles()
    text = a.article.text
    place_spans = [(m.start, m.end) for m in a.in_span("places", s.start, s.end)]
    # a party that announces its own act ("أعلنت الفصائل تشكيل") is both source and actor
    parties = [m for m in a.in_span("actors", s.start, s.end)
               if m.data.get("category") and m.data.get("kind") not in NON_PARTY_KINDS
               # a country named as a place ("حدود الأردن") is not a party to the event; named
               # as the one that acts ("مددت روسيا وتركيا الهدنة") it is the state
               and not (any(x <= m.start and m.end <= y for x, y in place_spans)
                        and not _acts_as_state(a, text, s, m))]
    parties = [m for m in parties if not _named_right_after(text, m, parties, cfg)]
    # "اتهمت المعارضة قوات النظام باستخدام الكلور": the accuser is no side of what it alleges
    parties = [m for m in parties
               if (_last_words(text, s.start, m.start) or [""])[-1].lstrip("وف") not in cfg["accusation_verbs"]
               or len(parties) == 1]
    # a party that only says whose outlet or source reports ("وسائل إعلام تابعة للحوثيين"، "مصادر
    # مقربة من النظام") is not a party to what is reported
    sources = a.in_span("sources", s.start, s.end)
    parties = [m for m in parties if not any(_owns_the_source(text, src, m, cfg) for src in sources)]

    prefix_words: dict[int, list[str]] = {}

    def before_words(m: Mention, n: int = 3) -> str:
        if m.start not in prefix_words:  # asked for each party and marker list: normalize once
            prefix_words[m.start] = normalize(text[s.start:m.start]).split()
        return " ".join(prefix_words[m.start][-n:])

    def marked(m: Mention, markers: list[str], n: int = 3) -> bool:
        prev = before_words(m, n)
        words = prev.split()
        # only markers whose last word is among the last words (a conjunction of its own
        # allowed: "قتل وأصيب عدد من عناصر") can match: a set lookup first, as this runs for
        # every party and every list of markers
        last = _markers_by_last_word(tuple(markers))
        seen = {w for w in words} | {w[1:] for w in words if w[:1] in ("و", "ف")}
        candidates = [mk for w in seen for mk in last.get(w, ())]
        if not candidates:
            return False
        padded = " " + prev + " "
        # ... but a marker ends a word only as the whole word: "ألقى مجهولون" is no "لقي"
        return any((prev.endswith(mk) and (" " + prev)[-len(mk) - 1] in " وف")
                   or any((" " + c + mk + " ") in padded for c in ("", "و", "ف"))
                   for mk in candidates)

    victims: list[Mention] = []
    if violent:
        # victims and rescuers are never the doers of violence
        parties = [m for m in parties if m.data["category"] not in ("CIVILIANS", "SYR_OPP_CIVIL")]
        # "مقتل ثلاثة عناصر من قسد": a count and its noun stand between. In a battle the side
        # that lost men is still a side
        # ("أصيب آخرون جراء قصف شنته قوات الدعم السريع": the doer, after the cause word)
        victims = [m for m in parties if marked(m, cfg["_casualty"], 5) and not marked(m, cfg["_agent"])
                   and not set(before_words(m, 5).split()) & set(cfg["cause_words"])] \
            if h.event_type != "Battles" else []
        parties = [m for m in parties if m not in victims]
    if not parties:
        adjective = _doer_adjective(text, h.end, s.end, cfg)
        c2, n2 = (victims[0].data["category"], victims[0].text) if victims else (None, None)
        return (adjective[0], c2, adjective[1], n2) if adjective else (None, c2, None, n2)

    actor1 = actor2 = None
    # "من قبل الحوثيين" names the doer only after the trigger and near it ("قائد القاعدة المعين
    # من قبل الحوثيين", thirty words on, says who appointed a commander; "المدعومين بضربات جوية
    # ينفذها التحالف ... انتزعوا" names who flies the strikes, not who took the town)
    agent = [m for m in parties if marked(m, cfg["_agent"]) and m.start >= h.end
             and _words_between(text, h.end, m.start) <= cfg["max_party_distance"]]
    if agent:
        actor1 = agent[0]
    # a trigger that names the doer's weapons runs into the doer's name ("طائرات التحالف
    # السعودي": the trigger "طائرات التحالف", the party "التحالف السعودي")
    overlapping = [m for m in parties if m.start < h.end and m.end > h.start]
    if overlapping and actor1 is None:
        actor1 = overlapping[0]
    if actor1 is None and h.trigger_id in cfg["split_verb_triggers"]:
        # "حين فتح عناصر من حزب العمال الكردستاني النار": the verb's subject, before its object
        actor1 = _verb_subject(text, s.start, h.start, parties, cfg["_split_verbs"], reach=2)
    between = [m for m in parties if m.start >= h.end and before_words(m, 1).endswith(cfg["between"])]
    if between and actor1 is None:
        actor1 = between[0]
        rest = [m for m in parties if m.start > between[0].end and m.data["category"] != between[0].data["category"]]
        if rest:
            actor2 = rest[0]
    after = [m for m in parties if m.start >= h.end and m.start < hi
             and _words_between(text, h.end, m.start) <= cfg["max_party_distance"]]
    # the subject of a reported clause starts after its "إن/أن"; allies named together act
    # as one, and the side named first leads
    clause_start = max([lo] + [s.start + mm.end() for mm in _COMPLEMENTIZER.finditer(normalize(text[s.start:h.start]))])
    # a backer named with a party ("قسد المدعومة من التحالف") is not the party
    backed = [m for m in parties if marked(m, cfg["_sponsor"])] if len(parties) > 1 else []
    if h.event_type == "Strategic developments" and any(marked(m, cfg["_sponsor"]) for m in parties):
        # a deal's sponsor is no side of it even where no side is named ("توصلت الأطراف
        # المتحاربة إلى اتفاق برعاية الأمم المتحدة")
        parties = [m for m in parties if not marked(m, cfg["_sponsor"])]
        if not parties:
            return None, None, None, None
    before = [m for m in parties if m.end <= h.start and m.start >= clause_start]
    if not before and not (clause_start > lo and h.sub_event_type in cfg["unclaimed_blast_subtypes"]):
        before = [m for m in parties if m.end <= h.start and m.start >= lo and m not in backed][-1:]
    # subject-verb order: after "إن/أن" a noun, the subject, comes first ("إن مسلحين من داعش
    # هاجموا نقطة للجيش"), and a verb agreeing in the plural follows its subject ("الفصائل هاجموا")
    in_clause = [m for m in parties if m.end <= h.start and m.start >= clause_start]
    first_word = (normalize(h.text).split() or [""])[0]
    if actor1 is None and in_clause and (clause_start > lo or first_word.endswith("وا")):
        actor1 = next((m for m in in_clause if m not in backed), in_clause[0])
    def opens_with_targeting_verb(m: Mention) -> bool:
        # "استهدفت الميليشيات الإيرانية مواقع للقوات الأمريكية", "استهدفت قوات النظام بالمدفعية
        # مواقع الفصائل": the verb of targeting that opens its clause has its subject right after it
        opening = normalize(text[clause_start:m.start]).split()
        return len(opening) == 1 and opening[0].lstrip("وف") in cfg["targeting_verbs"]

    def is_target(m: Mention) -> bool:
        return not opens_with_targeting_verb(m) and marked(m, cfg["_target"])

    # "أعلن الجيش السوداني أن قواته أسقطت مسيرتين أطلقتهما الدعم السريع": "its forces" acted,
    # the party they belong to is named before them
    pre = normalize(text[max(s.start, h.start - 40):h.start]).split()[-2:]
    if actor1 is None and any(w.lstrip("وف") in cfg["own_forces_words"] for w in pre):
        owners = [m for m in parties if m.end <= h.start
                  and normalize(text[m.end:h.start]).split()[-3:] and m.data["category"] != "CIVILIANS"]
        if owners:
            actor1 = owners[-1]
    opened = [m for m in before if opens_with_targeting_verb(m)]
    if actor1 is None and opened:
        actor1 = opened[0]  # "استهدفت قوات النظام بالمدفعية مواقع الفصائل"
    # "تم قصف مقرات قيادة للحوثي": after a passive the party named is what was hit
    last = (normalize(text[s.start:h.start]).split() or [""])[-1].lstrip("و")
    passive = last in cfg["passive_markers"]
    # "تمكنت المقاومة من طرد الحوثيين": a verbal noun after a preposition, with its doer named
    # before it in the clause, has its object right after it
    governed = last in cfg["verbal_noun_prepositions"] and (
        any(m.start >= clause_start for m in before)
        or any(w.lstrip("وف") in cfg["ability_verbs"] for w in normalize(text[clause_start:h.start]).split()))
    if actor1 is None:
        # "وتمكنت الفصائل المقاتلة بعد سلسلة هجمات ... من قوات النظام ... من السيطرة": the verb of
        # ability's subject, right after it, is the doer, whatever the clause names between; without
        # من only right before the deed ("استطاع المقاتلون الأكراد السيطرة على")
        able = _verb_subject(text, s.start, h.start, parties, cfg["ability_verbs"])
        if able is not None and (last == "من" or _words_between(text, able.end, h.start) <= 1):
            actor1 = able
    if actor1 is None and normalize(h.text).startswith("ب"):
        # "بعد قيام مستوطنين متطرفين بإحراق منزل": the one who did it stands right before the deed
        doer = _verb_subject(text, s.start, h.start, parties, cfg["doing_verbs"])
        if doer is not None and _words_between(text, doer.end, h.start) == 0:
            actor1 = doer
    if actor1 is None:
        # verb-subject order: the party right after a verbal trigger, unless it is marked as target
        # civilians right after the trigger are what it is about ("إعلان مبادئ لحماية المدنيين")
        # where a party stands before it
        near_after = [] if passive or governed else [m for m in after if _words_between(text, h.end, m.start) <= 3 and not is_target(m)
                      and not (before and (marked(m, cfg["_sponsor"]) or m.data["category"] == "CIVILIANS"))]
        if near_after:
            actor1 = near_after[0]
        elif before:
            # the first party before, unless it was named as what an earlier act hit ("غارات على
            # مواقع للحوثيين ... نجاح القوات الحكومية في الدخول إلى زنجبار")
            # ... nor its backer, named first ("وبدعم من طيران التحالف، تمكنت القوات الموالية لهادي")
            actor1 = next((m for m in before if not is_target(m) and m not in backed),
                          next((m for m in before if not is_target(m)), before[0]))
        else:
            # a backer far after the verb is not its subject ("واستعادت تلك القوات ... وبدعم من
            # طيران التحالف، مناطق كريتر")
            unmarked = [] if passive or governed else [m for m in after if not is_target(m) and not marked(m, cfg["_sponsor"])
                                           and _words_between(text, h.end, m.start) <= cfg["max_subject_distance"]]
            actor1 = unmarked[0] if unmarked else None
    if actor1 is None and _possessive_agent(h.text, cfg):
        # "أن جيش الفتح يحرز تقدما، فبعد سيطرته على إدلب": the pronoun is the sentence's subject,
        # the first party after the last "أن/إن" before the trigger, unless named as a target
        start = s.start + max([0] + [mm.end() for mm in _COMPLEMENTIZER.finditer(normalize(text[s.start:h.start]))])
        subjects = [m for m in parties if start <= m.start and m.end <= h.start and not is_target(m)
                    and m not in backed and m.data["category"] != "CIVILIANS"]
        if subjects:
            actor1 = subjects[0]
    if actor2 is None:
        cat1 = actor1.data["category"] if actor1 else None
        targets = [m for m in after if is_target(m) and m.data["category"] != cat1]
        # a backer ("وبدعم من طيران التحالف") is neither the other side nor, alone, the doer
        others = [m for m in after + list(reversed(before)) if m.data["category"] != cat1
                  and not marked(m, cfg["_sponsor"])]
        # the parties themselves before their sponsor, and before civilians they act for
        others.sort(key=lambda m: (marked(m, cfg["_sponsor"]), m.data["category"] == "CIVILIANS"))
        actor2 = (targets or others or [None])[0]
        if actor1 is None and actor2 is not None and not targets and not passive and not governed:
            actor1, actor2 = actor2, None
    c1 = actor1.data["category"] if actor1 else None
    c2 = actor2.data["category"] if actor2 else None
    n1, n2 = (actor1.text if actor1 else None), (actor2.text if actor2 else None)
    adjective = _doer_adjective(text, h.end, s.end, cfg, parties)
    # ... or outside the reported clause the trigger stands in ("قال تلفزيون المنار التابع لحزب الله
    # إن ضربة إسرائيلية جوية استهدفت سيارة")
    if adjective and adjective[0] != c1 and (actor1 is None or actor1.start >= h.end or actor1.end <= clause_start):
        # the party found after the trigger was the target ("طائرة مسيرة تركية سيارة تقل قياديين في قسد")
        if c1 is not None and c2 in (None, adjective[0]):
            c2, n2 = c1, n1
        c1, n1 = adjective
    if c2 is None and victims and victims[0].data["category"] != c1:
        c2, n2 = victims[0].data["category"], victims[0].text
    if c1 == "CIVILIANS" and h.sub_event_type in cfg["civilians_never_act"]:
        # "اعتقلت الشرطة العسكرية في عفرين ثلاثة مدنيين": the civilians are the ones arrested
        c1, c2, n1, n2 = c2, c1, n2, n1
    if _same_bloc(c1, c2):
        # allies acting together are one side (spec): the ally is no other side
        c2, n2 = None, None
    return c1, (c2 if c2 != c1 else None), n1, n2


def _verb_subject(text: str, start: int, end: int, parties: list[Mention], verbs_of: list[str],
                  reach: int = 1) -> Mention | None:
    """The party right after the last of the verbs ``verbs_of`` (of ability: "تمكنت", "نجح"; of
    doing: "قام") in ``text[start:end]``, at most ``reach`` words on ("فتح عناصر من حزب ...")."""
    def is_verb(word: str) -> bool:  # with a conjunction, but "فتح" begins with ف itself
        return word in verbs_of or (word[:1] in "وف" and word[1:] in verbs_of)

    if not any(v in _normalized(text[start:end]) for v in verbs_of):
        return None  # asked for most triggers: one look at the clause before each word's

    verbs = [w for w in re.finditer(r"\S+", text[start:end]) if is_verb(normalize(w.group()))]
    if not verbs:
        return None
    verb_end = start + verbs[-1].end()
    return next((m for m in parties if verb_end <= m.start and m.end <= end
                 and _words_between(text, verb_end, m.start) <= reach), None)


def _possessive_agent(trigger: str, cfg: dict) -> bool:
    """A verbal noun carrying a possessive pronoun ("سيطرته"، "هجومها"), with its proclitics."""
    word = normalize(trigger).split()[0] if trigger.split() else ""
    word = word[1:] if word[:1] in ("و", "ف") else word
    word = word[1:] if word[:1] in ("ب", "ل") else word
    for p in sorted(cfg["possessive_pronouns"], key=len, reverse=True):
        if word.endswith(p):
            stem = word[: -len(p)]
            stem = stem[:-1] + "ه" if stem.endswith("ت") else stem  # سيطرت+ه -> سيطره
            if stem in cfg["_possessive_agent_nouns"]:
                return True
    return False


@lru_cache(maxsize=64)
def _markers_by_last_word(markers: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """A list of role markers by their last word."""
    out: dict[str, list[str]] = {}
    for mk in markers:
        out.setdefault(mk.split()[-1], []).append(mk)
    return {w: tuple(v) for w, v in out.items()}


def _names_a_country_as_place(a: Analysis, m: Mention) -> bool:
    """An actor mention that is a country named as a place in its sentence."""
    s = next((x for x in a.sentences if x.start <= m.start < x.end), None)
    if s is None:
        return False
    covered = any(p.start <= m.start and m.end <= p.end and p.data.get("place_kind") == "country"
                  for p in a.in_span("places", s.start, s.end))
    return covered and not _acts_as_state(a, a.article.text, s, m)


def _acts_as_state(a: Analysis, text: str, s: Sentence, m: Mention) -> bool:
    """A country's or a capital's name that is no place here: not after a word of place or
    direction ("في روسيا", "حدود الأردن", "جنوب سوريا"), nor with ب glued to it."""
    place = next((p for p in a.in_span("places", s.start, s.end) if p.start <= m.start and m.end <= p.end), None)
    # a capital stands for its government as a country does ("بدأت أنقرة حملة ضربات جوية")
    if place is None or not (place.data.get("place_kind") == "country"
                             or normalize_key(place.data["location"].name or "") in _capital_names()):
        return False
    if "ب" in (place.data.get("proclitic") or "") or "ب" in (m.data.get("proclitic") or ""):
        return False
    before = normalize(text[s.start:place.start]).split()
    if before and before[-1].lstrip("و") in roles()["locative_words"]:
        return False
    # the second of two countries joined by و takes the first one's reading: "يربط الأردن وتركيا"
    countries = [p for p in a.in_span("places", s.start, place.start) if p.data.get("place_kind") == "country"]
    if countries and normalize(text[countries[-1].end:place.start]).strip() == "و" \
            and not _acts_as_state(a, text, s, countries[-1]):
        return False
    # "منطقة نصيب الحدودية مع الأردن", "الشريط الحدودي بين الأردن وسوريا"
    return not any(w.lstrip("و") in roles()["border_words"] for w in before[-4:])


def _owns_the_source(text: str, src: Mention, m: Mention, cfg: dict) -> bool:
    """Whether the party sits inside the source, after a word of belonging ("تابعة ل", "مقربة من")."""
    if not (src.start < m.start and m.end <= src.end):
        return False
    return bool(set(normalize(text[src.start:m.start]).split()[-2:]) & cfg["_source_owner"])


def _named_right_after(text: str, m: Mention, parties: list[Mention], cfg: dict) -> bool:
    """Whether an unnamed armed party is named by its group right after ("مسلحين من تنظيم داعش")."""
    if m.data.get("category") != "UNKNOWN":
        return False
    for other in parties:
        if other.start >= m.end and other.data.get("category") not in ("UNKNOWN", "CIVILIANS"):
            between = normalize(text[m.end:other.start]).split()
            # "التابعة لقوات": the ل sits on the group's name, outside its mention
            return len(between) <= 2 and all(w in cfg["_belonging"] for w in between) \
                and (bool(between) or text[other.start - 1:other.start] != " ")
    return False


_WORD_OR_STOP = re.compile(r"[^\s،,.؛:!؟?\"«»()]+|[،,.؛:!؟?]")


def _doer_adjective(text: str, start: int, end: int, cfg: dict,
                    parties: list[Mention] = ()) -> tuple[str, str] | None:
    """(category, word) of a nationality adjective right after a trigger ("قصف جوي روسي"); a
    party named first ends the search ("اتفقت الفصائل والجانب الروسي": the adjective is its own
    party's)."""
    for k, m in enumerate(_WORD_OR_STOP.finditer(text, start, end)):
        if k >= cfg["doer_adjective_words"] or any(p.start < m.end() and p.end > start for p in parties):
            return None
        w = normalize(m.group())
        if not w or w in cfg["_doer_adjective_stops"] or not w[0].isalpha():
            return None
        stem = w[2:] if w.startswith("ال") else w
        stem = stem[:-1] if stem.endswith("ه") else stem
        if stem in cfg["_doer_adjectives"]:
            return cfg["_doer_adjectives"][stem], m.group()
    return None


_COMPLEMENTIZER = re.compile(r"(?:^|\s)[وف]?(?:ان|انه|انها|بان)(?=\s)")


def _same_bloc(c1: str | None, c2: str | None) -> bool:
    return bool(c1 and c2) and any(c1 in b and c2 in b for b in roles()["blocs"])


def _main_opponent(a: Analysis, actor1: str) -> str | None:
    """The party the article most often names other than actor1: the default other side."""
    counts: dict[str, int] = {}
    for m in a.actors:
        c = m.data.get("category")
        if _names_a_country_as_place(a, m):
            continue  # "الحدود مع إسرائيل" names no side of the article's fighting
        if c and c not in (actor1, "CIVILIANS", "OTHER", "UNKNOWN") and m.data.get("kind") not in NON_PARTY_KINDS:
            counts[c] = counts.get(c, 0) + 1
    # allies are not opponents: the coalition is no other side of Yemen's army
    counts = {c: n for c, n in counts.items() if not _same_bloc(actor1, c)}
    home_state = roles()["home_states"].get(a.country or "")
    gov = set(roles()["government_categories"]) | ({home_state} if home_state else set())
    # ... and a government force's other side is a non-government one
    if actor1 in gov:
        counts = {c: n for c, n in counts.items() if c not in gov}
    else:
        counts = {c: n for c, n in counts.items() if c in gov} or counts
    principal = set(roles()["principal_categories"]) | ({home_state} if home_state else set())
    # the main belligerents before their allies: Syria's army, not the Russian air force, holds ground
    return max(counts, key=lambda c: (c in principal, counts[c], c)) if counts else None


def _date_for(a: Analysis, h, s: Sentence, story_day: str | None) -> tuple[str | None, int | None, bool]:
    """(day, precision, is_history): a date word in the sentence, else the story's last day, else publication."""
    here = [m for m in a.in_span("dates", s.start, s.end) if (m.ref or m.data.get("year"))
            and not _in_other_relative_clause(a.article.text, s, m, h)]
    if here:
        # "قال الجيش أمس السبت إن طائراته قصفت ... يوم الجمعة": the day before the reported
        # clause dates the statement; the clause's own day dates what it reports
        frame = _reported_clause_start(a.article.text, s.start, h.start)
        if frame is not None:
            here = [m for m in here if m.start >= frame and m.ref] or here
        m = min(here, key=lambda m: abs((m.start + m.end) // 2 - (h.start + h.end) // 2))
        if a.published and _latest_day(m) is not None and \
                _latest_day(m) < a.published - timedelta(days=roles()["history_days"]):
            return None, None, True
        precision = m.data.get("precision") or 3
        if m.ref and precision == 1:
            return m.ref, 1, False
        return None, precision, False
    if story_day:
        return story_day, 1, False
    if a.published:
        return a.published.isoformat(), 1, False
    return None, None, False


def _reported_clause_start(text: str, start: int, end: int) -> int | None:
    """Where the last clause reported by a speech verb ("قال ... إن", "أعلن ... أن") before
    ``end`` begins, if there is one."""
    cfg = roles()
    words = [(m.start(), normalize(m.group())) for m in re.finditer(r"\S+", text[start:end])]
    for k in range(len(words) - 1, 0, -1):
        if words[k][1] in cfg["_complementizers"] and any(
                w.lstrip("وف").startswith(cfg["_speech_stems"]) for _, w in words[max(0, k - 8):k]):
            return start + words[k][0]
    return None


_CLAUSE_END = re.compile(r"[،,.;؛:!؟?\n]")


def _last_relative(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the last relative pronoun in ``text[start:end]`` stands ("والتي"), if any."""
    found = list(roles()["_relative"].finditer(text[start:end]))  # a slice: ^ is its start
    return (start + found[-1].start(), start + found[-1].end()) if found else None


def _in_other_relative_clause(text: str, s: Sentence, m: Mention, h) -> bool:
    """The date belongs to a relative clause the trigger is not in ("قوات النظام ... والتي سيطرت
    عليها قبل يومين، استهدفت مدينة نوى": the two days date the takeover, not the shelling)."""
    rel = _last_relative(text, s.start, m.start)
    if rel is None:
        return False
    start = rel[0]
    if _CLAUSE_END.search(text, start, m.start):
        return False  # the relative clause ended before the date
    if h.end <= start and _words_between(text, h.end, start) <= 1:
        return False  # it describes the trigger itself ("القصف الذي شنته ... يوم الجمعة")
    end_match = _CLAUSE_END.search(text, m.end, s.end)
    end = end_match.start() if end_match else s.end
    return not (start <= h.start < end)


def _latest_day(m: Mention) -> date | None:
    """The last day a date mention can mean: the day itself, the end of its month or year."""
    try:
        if m.ref:
            d = date.fromisoformat(m.ref)
            p = m.data.get("precision") or 1
            if p == 3:
                nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
                return nxt - timedelta(days=1)
            return d + timedelta(days=6) if p == 2 else d
        if m.data.get("year"):
            return date(int(m.data["year"]), 12, 31)
    except (ValueError, TypeError):
        return None
    return None


def _fatalities(a: Analysis, s: Sentence) -> int | None:
    from rasd.mentions.numbers import fatalities_in

    return fatalities_in(s.text)


def _source_for(a: Analysis, s: Sentence) -> str | None:
    here = [m for m in a.in_span("sources", s.start, s.end) if m.kind == "source"]
    return here[0].text if here else None


def _event_id(e: Event) -> str:
    key = "|".join(str(x) for x in (e.article_id, e.event_type, e.sub_event_type, e.location.name,
                                      e.date, e.evidence_start))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _collapse(events: list[Event]) -> list[Event]:
    """One event per type, place and day in an article; later mentions fill what earlier lacked."""
    out: dict[tuple, Event] = {}
    for e in events:
        key = (e.sub_event_type, normalize_key(e.location.name or ""), e.date)
        cur = out.get(key)
        if cur is None:
            # an undated mention of a dated event is the same event
            undated = next((k for k in out if k[:2] == key[:2] and (k[2] is None or e.date is None)), None)
            if undated is None:
                out[key] = e
                continue
            cur = out[undated]
            key = undated
        if e.confidence > cur.confidence:
            # the mention that names the place itself is the better record of the event
            out[key], cur, e = e, e, cur
        for f in ("actor1", "actor2", "fatalities", "source", "date", "actor1_name", "actor2_name"):
            if getattr(cur, f) is None and getattr(e, f) is not None:
                setattr(cur, f, getattr(e, f))
        if e.fatalities is not None and cur.fatalities is not None and e.fatalities > cur.fatalities:
            cur.fatalities = e.fatalities  # the fullest toll reported for the event
        if cur.actor2 == cur.actor1:  # one side filled in from each record
            cur.actor2, cur.actor2_name = None, None
    # where one sentence reports two types at one place, the one that says more stands: a clash
    # that ends in a takeover is the takeover, a round that ends in a deal is the deal, a deal
    # that hands over a town or weapons is the handover (the spec's section 2)
    present = {(e.sub_event_type, normalize_key(e.location.name or ""), e.evidence_start): e
               for e in out.values()}
    says_more = roles()["says_more"]
    kept = []
    for e in out.values():
        more = [present[k] for t in says_more.get(e.sub_event_type, [])
                if (k := (t, normalize_key(e.location.name or ""), e.evidence_start)) in present]
        if not more:
            kept.append(e)
        for m in more:
            _take_counterpart(m, e)
    return kept


def _take_counterpart(kept: Event, given_way: Event) -> None:
    """A handover under a deal ("دخلت وحدات من الجيش إلى منبج بموجب اتفاق مع قسد") has the deal's
    other party as its own other side; where the trigger says a side leaves ("خروج مقاتلي داعش
    باتفاق مع قوات الأسد"), the leaver is the other side and its counterpart takes."""
    if kept.actor2 is not None or kept.actor1 is None:
        return
    sides = [(given_way.actor1, given_way.actor1_name), (given_way.actor2, given_way.actor2_name)]
    other = [(c, n) for c, n in sides if c is not None and c != kept.actor1]
    if not other:
        return
    leaving = any(w.lstrip("وف").startswith(roles()["_leaving_stems"])
                  for w in normalize(kept.trigger or "").split())
    if leaving:
        kept.actor2, kept.actor2_name = kept.actor1, kept.actor1_name
        kept.actor1, kept.actor1_name = other[0]
    else:
        kept.actor2, kept.actor2_name = other[0]
