"""The one matcher: places and actors in one pass, clitics on both sides, spans in the original."""
import json

import pytest

from rasd.kb.matcher import bench_matcher, find_mentions, get_kb


def places(text):
    return [m for m in find_mentions(text) if m.kind == "place"]


def texts_of(shared, name="dev_articles.jsonl"):
    with open(shared / "corpus" / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def article_with(shared, phrase):
    for a in texts_of(shared):
        if phrase in a["text"]:
            return a["text"]
    pytest.skip(f"no dev article holds {phrase!r}")


def test_proclitics_stay_outside_the_span():
    text = "وصلت التعزيزات بدرعا ثم وطفس"
    found = {m.text: m for m in places(text)}
    assert set(found) >= {"درعا", "طفس"}
    assert found["درعا"].data["proclitic"] == "ب"
    assert found["طفس"].data["proclitic"] == "و"
    for m in found.values():
        assert text[m.start:m.end] == m.text


def test_actor_alias_with_a_preposition():
    kb = get_kb()
    if not kb.actors:
        pytest.skip("actors knowledge base not present")
    text = "تصدت الفصائل لقوات النظام في ريف درعا"
    actors = [m for m in find_mentions(text) if m.kind == "actor"]
    assert any(m.text.startswith("قوات") and m.data["proclitic"] == "ل" for m in actors)


def test_actor_alias_after_lam_with_the_article_elided():
    # ل + الجيش is written للجيش: the alias's alef is gone
    from rasd.mentions.analyze import analyze
    from rasd.records import Article
    a = analyze(Article(id="t", external_id="t", text="هاجم مسلحون نقطة للجيش العراقي في قضاء الطارمية."),
                use_ner=False)
    assert [m.data["category"] for m in a.actors if m.ref == "irq.forces"] == ["IRQ_GOV"]


def test_article_joins_the_name_but_conjunction_does_not():
    text = "قصفت الطائرات بلدات والغارية الغربية"
    (m,) = [m for m in places(text) if "الغربية" in m.text]
    assert m.text == "الغارية الغربية"  # the data spells it غارية الغربية; the article is the name's
    assert m.data["proclitic"] == "وال"


def test_a_name_inside_a_longer_word_is_not_matched():
    # nisba adjectives and plurals of place names are not the places
    text = "وقال الحمصيون والدرعاويون إن القصف مستمر"
    assert places(text) == []



def test_a_nisba_adjective_is_not_its_place():
    # "الحوراني" (of Hauran) in a man's name is not the Idlib village الحوران + "my"; the same
    # for a rare nisba the news vocabulary does not hold
    assert not any(m.text in ("الحوران", "حوران") for m in places("أكد الناشط أبو البراء الحوراني أن القوات وصلت"))
    assert [m.text for m in places("وصل أبو علي الطفسي إلى طفس")] == ["طفس"]

def test_ta_marbuta_is_not_a_pronoun():
    # "تلة الأسدة": الأسدة is not الأسد + the pronoun ه
    assert not any(m.text == "الأسد" for m in places("وصلوا إلى تلة الأسدة قرب الحدود"))


def test_compounds_with_and_without_the_inner_space():
    joined = places("اشتباكات في كفرناسج")
    apart = places("اشتباكات في كفر ناسج")
    assert joined and apart
    assert set(joined[0].data["candidates"]) & set(apart[0].data["candidates"])
    deir = places("وصل الوفد إلى ديرالزور")
    assert deir and deir[0].text == "ديرالزور"
    assert any(get_kb().by_id[i].admin1 == "Deir-ez-Zor" for i in deir[0].data["candidates"])


def test_longest_match_wins():
    (m,) = places("قصفت قوات النظام أحياء درعا البلد")
    assert m.text == "درعا البلد"
    kb = get_kb()
    if kb.actors:  # an actor alias holding a place name keeps the place out
        ms = find_mentions("أعلنت قوات سوريا الديمقراطية السيطرة")
        assert [m.kind for m in ms] == ["actor"]


def test_landmark_heads_open_names_no_gazetteer_has(shared):
    text = article_with(shared, "بئر الصوت")
    names = {m.text for m in places(text) if m.data.get("landmark")}
    assert "بئر الصوت" in names
    # a head noun used as a plain noun opens nothing
    assert not any(m.data.get("landmark") for m in places("تم ذلك عن طريق المفاوضات"))
    assert not any(m.data.get("landmark") for m in places("هاجمت المدنيين في مخيم للنازحين"))


def test_list_after_a_plural_head(shared):
    text = article_with(shared, "بلدات الطيبة وأم المياذن وطفس")
    i = text.index("بلدات الطيبة")
    got = [m.text for m in places(text) if i <= m.start < i + 40]
    assert got == ["الطيبة", "أم المياذن", "طفس"]


def test_spans_slice_back_to_the_original(shared):
    n = 0
    for a in texts_of(shared):
        for m in find_mentions(a["text"]):
            assert a["text"][m.start:m.end] == m.text
            assert m.text.strip() == m.text and m.text
            n += 1
    assert n > 1000


def test_bench_reports_throughput(shared):
    r = bench_matcher([a["text"] for a in texts_of(shared)[:10]])
    assert r["mb_per_s"] > 0 and r["keys"] > 10000 and r["places"] > 10000


def test_a_ligature_before_a_name_keeps_the_spans_on_the_original_text():
    from rasd.kb.matcher import find_mentions
    # "ﻻ" (one presentation-form character) normalizes to two letters
    text = "قال مصدر ﻻ نعرفه إن قوات النظام قصفت مدينة درعا."
    got = {text[m.start:m.end] for m in find_mentions(text)}
    assert "درعا" in got and "قوات النظام" in got


def test_a_landmark_of_indefinite_nouns_runs_to_the_definite_noun_closing_it():
    names = [m.text for m in find_mentions("التفجير الذي استهدف مسجد قوات الطوارئ الخاصة بالمنطقة.")
             if m.kind == "place" and m.data.get("landmark")]
    assert names == ["مسجد قوات الطوارئ"]
    names = [m.text for m in find_mentions("وصل الجرحى إلى مستشفى ميداني في المدينة.")
             if m.kind == "place" and m.data.get("landmark")]
    assert "مستشفى ميداني في المدينة" not in names


def test_a_definite_head_after_a_preposition_and_particles_or_times_are_no_landmark_names():
    def landmarks(text):
        return [m.text for m in find_mentions(text) if m.kind == "place" and m.data.get("landmark")]
    assert landmarks("ألبسه الحزام الناسف قبل توصيله للمسجد ظهر الجمعة.") == []
    assert landmarks("وتبين أن قاعدة أنه لم يتحرك أحد من الجنود.") == []
    assert landmarks("وصلوا إلى مسجد الرحمن ظهر الجمعة.") == ["مسجد الرحمن"]


def test_a_landmark_head_after_like_names_nothing():
    assert not [m for m in find_mentions("أننا أمام أربع كتل نفطية تنتج ملايين البراميل.") if m.kind == "place"]
    assert [m.text for m in find_mentions("سيطرت الفصائل على تل الحارة.") if m.kind == "place"] == ["تل الحارة"]
