"""The actors knowledge base: shipped data is sound, periods, lineage, scoped aliases, checks."""
from __future__ import annotations

import importlib.util

import pytest

from rasd.kb import actors as A
from rasd.kb.actors import (
    CATEGORIES, Actor, actor_by_id, category_of, check_actors, lineage, load_actors, merge,
    resolve_alias, spelling_variants,
)
from rasd.paths import REPO_DIR


def _one(surface: str, country: str | None = "Syria") -> Actor:
    found = resolve_alias(surface, country)
    assert found, f"no actor for {surface!r}"
    return found[0]


def _actor(id_, category="SYR_OPP", aliases=None, parent=None, **kw) -> Actor:
    return Actor(id_, kw.pop("name", id_), category, aliases if aliases is not None else [id_], parent,
                 kw.pop("kind", "armed_group"), kw.pop("country", "Syria"), kw.pop("source", "curated: test"), **kw)


# -- the shipped data ---------------------------------------------------------------------------

def test_shipped_actors_have_no_problems():
    actors = load_actors()
    assert check_actors(actors) == []
    curated = [a for a in actors if a.curated]
    assert len(curated) > 250
    assert any(not a.curated for a in actors), "petrarch entries missing (run scripts/build_actors.py)"


def test_sources_name_where_facts_come_from():
    for a in load_actors():
        if a.curated:
            assert a.source.startswith("curated: "), a.id
        else:
            assert a.source.startswith("petrarch-arabic (MIT): actor_dict_ar_v4.txt:"), a.id


def test_every_spec_category_has_an_actor():
    have = {a.category for a in load_actors()}
    assert set(CATEGORIES) <= have


def test_eighth_brigade_changes_allegiance():
    brigade = _one("اللواء الثامن")
    assert brigade is _one("قوات شباب السنة")
    assert brigade.category_on("2018-06-20") == "SYR_OPP"
    assert brigade.category_on("2021-08-01") == "SYR_GOV"
    assert brigade.category_on(None) == "SYR_GOV"
    # before July 2018 it hung from the Southern Front, after from the Fifth Corps
    assert brigade.parent_on("2018-06-20") == "syr.opp.southern_front"
    assert [a.name for a in lineage(brigade.id, "2021-08-01")][:2] == ["اللواء الثامن", "الفيلق الخامس"]
    awda = _one("أحمد العودة")
    assert awda.category_on("2018-07-01") == "SYR_OPP" and awda.category_on("2019-01-01") == "SYR_GOV"


def test_lineage_ahrar_nawa_to_southern_front():
    names = [a.name for a in lineage(_one("فرقة أحرار نوى").id)]
    assert names[0] == "فرقة أحرار نوى"
    assert names[1] == "جيش الإنقاذ"
    assert _one("الجبهة الجنوبية").name in names[2:]
    assert names.index(_one("الجبهة الجنوبية").name) == 2


def test_the_lna_command_is_not_read_as_the_sudanese_army_command():
    # "القيادة العامة للجيش" is the Sudanese army's alias; matched first, the longest name hid the LNA
    from rasd.kb.matcher import find_mentions
    [m] = [m for m in find_mentions("مشاورات مع القيادة العامة للجيش الوطني الليبي") if m.kind == "actor"]
    assert category_of(m.data["key"], "Libya") == "LNA"


def test_regime_aliases_share_a_category():
    assert _one("قوات الأسد").category == _one("جيش النظام").category == "SYR_GOV"
    assert category_of("الفرقة الرابعة", "Syria") == "SYR_GOV"
    assert category_of("النظام", "Syria") == "SYR_GOV"
    assert resolve_alias("النظام", "Yemen") == []  # "the regime" alone is Syrian only
    assert category_of("الدفاع الوطني", "Syria") == "SYR_PROGOV"
    assert category_of("الحرس الثوري") == "IRN"
    assert category_of("الدفاع المدني", "Syria") == "SYR_OPP_CIVIL"


def test_country_scoped_national_army():
    assert category_of("الجيش الوطني", "Syria") == "SYR_OPP"
    assert category_of("الجيش الوطني", "Yemen") == "YEM_GOV"
    assert category_of("الجيش الوطني", "Libya") == "LNA"
    assert category_of("الجيش الوطني الليبي", "Yemen") == "LNA"  # qualified: applies everywhere
    assert {a.category for a in resolve_alias("الجيش الوطني")} == {"SYR_OPP", "YEM_GOV", "LNA"}


def test_scoped_override_of_a_default():
    # Saudi Arabia is the coalition in Yemen, a plain state elsewhere
    assert category_of("السعودية", "Yemen") == "COALITION_YEM"
    assert category_of("السعودية", "Sudan") == "OTHER"
    assert category_of("التحالف", "Iraq") == "USA"
    assert category_of("التحالف", "Yemen") == "COALITION_YEM"


def test_spelling_variants_and_normalization():
    assert "مليشيات إيرانية" in spelling_variants("ميليشيات إيرانية")
    assert category_of("الميلشيات الإيرانية") == category_of("المليشيات الايرانية") == "SYR_PROGOV"
    assert category_of("القوات الأميركية") == category_of("القوات الأمريكية") == "USA"
    assert category_of("قسد") == "SDF"
    assert category_of("الدعم السريع") == "SDN_RSF"
    assert category_of("مسلحون مجهولون") == "UNKNOWN"
    assert category_of("الأهالي") == "CIVILIANS"


def test_media_are_sources_with_a_party_category():
    sana = _one("وكالة سانا")
    assert sana.kind == "media" and sana.category == "OTHER" and sana.party_category == "SYR_GOV"
    assert _one("المرصد السوري لحقوق الإنسان").kind == "monitor"
    for a in load_actors():
        if a.kind in ("media", "monitor"):
            assert a.category == "OTHER", a.id


def test_actor_by_id_and_unknown():
    assert actor_by_id("syr.gov.army").name == "الجيش العربي السوري"
    assert actor_by_id("no.such.actor") is None
    assert lineage("no.such.actor") == []


# -- check_actors on synthetic lists ------------------------------------------------------------

def test_check_catches_duplicate_id_unknown_category_missing_parent():
    problems = check_actors([
        _actor("a.one"), _actor("a.one"),
        _actor("a.two", category="REBELS"),
        _actor("a.three", parent="a.missing"),
    ])
    text = "\n".join(problems)
    assert "duplicate id 'a.one'" in text
    assert "unknown category 'REBELS'" in text
    assert "parent 'a.missing' does not exist" in text


def test_check_catches_cycles_and_bad_periods():
    problems = "\n".join(check_actors([
        _actor("c.a", parent="c.b"), _actor("c.b", parent="c.a"),
        _actor("p.x", periods=[{"end": "2018-07-32", "category": "SYR_GOV"}]),
        _actor("p.y", periods=[{"start": "2019-01-01", "end": "2018-01-01", "category": "SYR_GOV"}]),
        _actor("p.z", periods=[{"category": "SYR_GOV"}, {"end": "2018", "category": "NOPE", "when": 1}]),
        _actor("p.w", periods=[{"end": "2018-12", "category": "SYR_GOV"}, {"start": "2018-06", "category": "HTS"}]),
    ]))
    assert "cycle in parents" in problems
    assert "bad end date '2018-07-32'" in problems
    assert "starts after it ends" in problems
    assert "neither start nor end" in problems
    assert "unknown category 'NOPE'" in problems and "unknown keys ['when']" in problems
    assert "periods overlap" in problems


def test_check_alias_collisions_need_a_scope():
    clash = check_actors([_actor("x.a", aliases=["الجيش"]), _actor("x.b", category="SDN_SAF", aliases=["الجيش"])])
    assert any("no scope to tell them apart" in p for p in clash)
    same_country = check_actors([
        _actor("y.a", aliases=["الجيش"], alias_scopes={"الجيش": ("Syria",)}),
        _actor("y.b", category="SDN_SAF", aliases=["الجيش"], alias_scopes={"الجيش": ("Syria", "Sudan")}),
    ])
    assert any("in the same countries ['Syria']" in p for p in same_country)
    scoped = check_actors([
        _actor("z.a", aliases=["الجيش"], alias_scopes={"الجيش": ("Syria",)}),
        _actor("z.b", category="SDN_SAF", aliases=["الجيش"], alias_scopes={"الجيش": ("Sudan",)}),
        _actor("z.c", category="OTHER", aliases=["الجيش"]),  # one unscoped default is allowed
    ])
    assert scoped == []
    # normalization makes spellings collide
    assert check_actors([_actor("n.a", aliases=["القوات الأمريكية"]),
                         _actor("n.b", category="RUS", aliases=["القوات الامريكيه"])])


def test_period_dates_partial_and_inclusive():
    a = _actor("d.a", category="SYR_GOV", periods=[{"end": "2018-07", "category": "SYR_OPP"}])
    assert a.category_on("2018-07-31") == "SYR_OPP"
    assert a.category_on("2018-08-01") == "SYR_GOV"
    assert a.category_on("2018") == "SYR_OPP"  # a partial query date means its first day


def test_curated_wins_over_petrarch():
    cur = [_actor("cur.a", category="SYR_GOV", aliases=["الجيش السوري"])]
    pet = [_actor("pet.a", category="OTHER", aliases=["الجيش السوري", "جيش سوري"], source="petrarch-arabic (MIT): f:1"),
           _actor("pet.b", category="OTHER", aliases=["الجيش السوري"], source="petrarch-arabic (MIT): f:2")]
    merged = merge(cur, pet)
    assert [a.id for a in merged] == ["cur.a", "pet.a"]
    assert merged[1].aliases == ["جيش سوري"]
    assert check_actors(merged) == []


def test_toml_entry_scopes_and_name():
    a = A.actor_from_toml({"id": "t.a", "name": "الجبهة الجنوبية", "category": "SYR_OPP", "kind": "armed_group",
                           "source": "curated: x", "aliases": ["فصائل الجبهة الجنوبية"],
                           "scoped": {"Syria|Jordan": ["الجبهة الجنوبية"]}})
    assert a.scope_of("الجبهة الجنوبية") == ("Jordan", "Syria")  # the name stays scoped
    assert a.scope_of("فصائل الجبهة الجنوبية") is None
    assert a.applies_in("الجبهة الجنوبية", "Syria") and not a.applies_in("الجبهة الجنوبية", "Yemen")


# -- the petrarch build -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def build_mod():
    spec = importlib.util.spec_from_file_location("build_actors", REPO_DIR / "scripts" / "build_actors.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_build_parses_codes_and_rebuilds_surfaces(build_mod):
    assert build_mod.parse_code("SYRGOV >20000717") == ("SYRGOV", "2000-07-17", None)
    assert build_mod.parse_code("JORGOV 19990207-19640922") == ("JORGOV", "1999-02-07", None)  # placeholder end
    assert build_mod.parse_code("IRQGOV 20060520-20140908") == ("IRQGOV", "2006-05-20", "2014-09-08")
    assert build_mod.map_code("SYRMIL", ["جيش", "سوري"]) == ("SYR_GOV", "SYR", True)
    assert build_mod.map_code("LBYGOV", ["حكومة", "ليبي"]) is None
    assert build_mod.map_code("YEMREB", ["الحوثيين"])[0] == "HOUTHI"
    assert "الجيش السوري" in build_mod.role_surfaces(["جيش", "سوري"])
    assert "وزارة الدفاع الروسية" in build_mod.role_surfaces(["وزارة", "دفاع", "روسي"])
    assert "القوات المسلحة الروسية" in build_mod.role_surfaces(["قوة", "مسلح", "روسي"])
    assert "رئيس الوزراء العراقي" in build_mod.role_surfaces(["رئيس", "وزير", "عراقي"])
    assert build_mod.name_units(["عبد", "الله"]) == 1


def test_build_small_dictionary(build_mod, tmp_path):
    text = "\n".join([
        "جيش_سوري_  [SYRMIL]",
        "نوري_المالكي_",
        "\t[IRQGOV 20060520-20140908]",
        "بوش",  # single name: too generic
        "\t[USAGOV 20010120-20090120]",
        "صدام_حسين_",  # only before 2011
        "\t[IRQGOV 19790716-20030409]",
        "حكومة_ليبي_  [LBYGOV]",  # unmapped
    ]) + "\n"
    path = tmp_path / "dict.txt"
    path.write_text(text, encoding="utf-8")
    actors, stats = build_mod.build(build_mod.parse_dictionary(path), curated_keys=set())
    by_name = {a["name"]: a for a in actors}
    assert set(by_name) == {"الجيش السوري", "نوري المالكي"}
    assert by_name["الجيش السوري"]["category"] == "SYR_GOV"
    maliki = A.actor_from_json(by_name["نوري المالكي"])
    assert maliki.category_on("2010-01-01") == "IRQ_GOV" and maliki.category_on("2020-01-01") == "OTHER"
    assert stats["skipped_single_word"] == 1 and stats["skipped_old"] == 1


def test_two_unnamed_armed_groups_are_unknown():
    from rasd.events import extract_article
    from rasd.records import Article
    evs = extract_article(Article(id="t", external_id="t", published="2023-05-12",
                                  text="قتل ثلاثة أشخاص في اشتباكات اندلعت مساء الخميس بين مجموعتين مسلحتين "
                                       "في منطقة جنزور غرب العاصمة الليبية."), use_ner=False)
    assert [(e.sub_event_type, e.actor1, e.fatalities, e.location.country) for e in evs] == \
        [("Armed clash", "UNKNOWN", 3, "Libya")]


def test_a_source_keeps_its_head_noun_and_ends_before_the_outlet_it_told():
    from rasd.mentions.sources import find_sources
    assert [m.text for m in find_sources("وأفادت مصادر طبية بمقتل 5 مدنيين.")] == ["مصادر طبية"]
    assert [m.text for m in find_sources('وأفادت مصادر محلية لـ"المدن" بأن القصف استهدف البلدة.')] == ["مصادر محلية"]


def test_a_bare_head_noun_refers_back_to_the_group_named_with_it():
    from rasd.events import extract_article
    from rasd.mentions.analyze import analyze
    from rasd.records import Article

    def back(text):
        a = analyze(Article(id="t", external_id="t", text=text, published="2015-08-08"), use_ner=False)
        return [(m.text, m.ref) for m in a.actors if "refers_back" in m.data.get("how", [])]

    syria = ("اختطف تنظيم داعش عشرات المدنيين من القريتين. وقال ناشطون إن الأهالي قلقون بعد سيطرة "
             "التنظيم على بلدتي حوارين ومهين. ونفى التنظيم المتطرف ذلك.")
    # "التنظيم المتطرف" is still ISIS: an epithet describes the group referred to
    assert back(syria) == [("التنظيم", "isis"), ("التنظيم", "isis")]
    evs = extract_article(Article(id="t", external_id="t", text=syria, published="2015-08-08"), use_ner=False)
    assert [(e.location.name, e.actor1) for e in evs if e.sub_event_type.startswith("Non-state actor overtakes")] \
        == [("حوارين", "ISIS"), ("مهين", "ISIS")]
    # "الحركة الانفصالية" is another movement
    assert back("وسيطرت حركة الحوثيين على قاعدة العند، وقالت الحركة إن قوات الحركة الانفصالية انسحبت.") \
        == [("الحركة", "yem.houthi")]
    # with no group named with the head word, the word names nobody
    assert back("قال داعش إن التنظيم للمحافظة تغير.") == []


def test_the_army_of_conquest_is_the_armed_opposition():
    assert _one("جيش الفتح").category == "SYR_OPP"


def test_a_name_with_abd_is_known_written_apart_or_joined():
    assert "رامي عبدالرحمن" in A.spelling_variants("رامي عبد الرحمن")
    from rasd.mentions.analyze import analyze
    from rasd.records import Article
    a = analyze(Article(id="t", external_id="t", published="2015-08-07",
                        text="وقال مدير المرصد رامي عبدالرحمن إن التنظيم خطف العشرات في القريتين."), use_ner=False)
    assert "رامي" not in [m.text for m in a.places]  # the monitor's director, not an Idlib village


def test_sinai_province_and_the_egyptian_army_are_named():
    from rasd.events import extract_article
    from rasd.records import Article
    evs = extract_article(Article(id="t", external_id="t", published="2015-08-03", text=(
        "أمنيا، قتل 6 من عناصر جماعة «أنصار بيت المقدس» وأصيب 4 آخرون في قصف جوي نفذته طائرات الجيش "
        "المصري في مدينة الشيخ زويد.")), use_ner=False)
    # Jerusalem in the group's name is no place, and the army flew the strike
    assert [(e.location.name, e.actor1, e.actor2) for e in evs] == [("الشيخ زويد", "OTHER", "ISIS")]
    assert _one("أنصار بيت المقدس", "Egypt").category_on("2013-06-01") == "OTHER"
