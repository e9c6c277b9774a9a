"""The trigger lexicon and the non-event rules (rasd.events.lexicon).

Corpus sentences are read from ../shared at run time (located by a short distinctive substring);
a few synthetic sentences of a handful of words cover what the corpus lacks.
"""
from __future__ import annotations

import json
import re

import pytest

from rasd.events.lexicon import (
    SUB_EVENT_TYPES,
    explain_non_event,
    find_triggers,
    load_lexicon,
    non_event_reason,
)

_END = re.compile(r"[.!?؟\n]")


@pytest.fixture(scope="module")
def texts(shared):
    out = []
    for name in ("dev_articles.jsonl", "seeds.jsonl"):
        with open(shared / "corpus" / name, encoding="utf-8") as f:
            out += [json.loads(line)["text"] for line in f]
    return out


@pytest.fixture(scope="module")
def sent(texts):
    """sent(substring) -> (text, start, end): the corpus sentence holding the substring."""

    def get(sub: str):
        for t in texts:
            i = t.find(sub)
            if i < 0:
                continue
            s = i
            while s > 0 and not _END.match(t[s - 1]):
                s -= 1
            e = i + len(sub)
            while e < len(t) and not _END.match(t[e]):
                e += 1
            return t, s, min(e + 1, len(t))
        raise AssertionError(f"not in corpus: {sub}")

    return get


def hits_in(text, s, e):
    return [(h, non_event_reason(text, h, s, e)) for h in find_triggers(text, s, e)]


def by_surface(text, s, e, surface):
    found = [h for h in find_triggers(text, s, e) if surface in h.text]
    assert found, f"no hit on {surface!r}: {[h.text for h in find_triggers(text, s, e)]}"
    return found[0]


# ------------------------------------------------------------------------------------------
# The data


def test_lexicon_covers_all_27_sub_types():
    lx = load_lexicon()
    covered = {e.sub_event_type for e in lx.entries}
    assert len(SUB_EVENT_TYPES) == 27
    assert covered == set(SUB_EVENT_TYPES)
    assert len({e.id for e in lx.entries}) == len(lx.entries)
    for e in lx.entries:
        assert SUB_EVENT_TYPES[e.sub_event_type] == e.event_type
        assert e.forms


def test_actor_rule_marks_territory_entries():
    lx = load_lexicon()
    rules = {e.id: e.actor_rule for e in lx.entries}
    assert rules["territory.saytara_verb"] == "gov_regains"
    assert rules["territory.istiada"] == "gov_regains"
    assert rules["air.ghara"] is None


def test_load_is_cached():
    assert load_lexicon() is load_lexicon()


# ------------------------------------------------------------------------------------------
# Matching: spans, clitics, sentence bounds


def test_spans_map_back_to_original_text(sent):
    text, s, e = sent("مقاتلات الاحتلال الروسي غاراتها")
    hs = find_triggers(text, s, e)
    assert hs and all(s <= h.start < h.end <= e for h in hs)
    assert all(text[h.start:h.end] == h.text for h in hs)
    assert [h.start for h in hs] == sorted(h.start for h in hs)
    h = by_surface(text, s, e, "غاراتها")  # plural + enclitic ها
    assert h.sub_event_type == "Air/drone strike"


@pytest.mark.parametrize("substring,surface,sub", [
    ("استهدف الطيران المروحي بلدة الكرك", "بالبراميل", "Air/drone strike"),       # بال + noun
    ("منطقة نصيب الحدودية مع الأردن لقصف", "لقصف", "Shelling/artillery/missile attack"),  # ل + masdar
    ("بعد إجلائهم من محافظة القنيطرة", "إجلائهم", "Displacement"),               # اء → ائ + هم
    ("من إصابة مروحيتين للنظام", "إصابة", "Disrupted weapons use"),
    ("كثفت قوات النظام والمليشيات التابعة لها قصفها", "وهجومها", "Armed clash"),  # و + noun + ها
    ("تجددت المواجهات المسلحة", "المواجهات المسلحة", "Armed clash"),             # multi-word form
])
def test_clitic_bearing_triggers(sent, substring, surface, sub):
    text, s, e = sent(substring)
    assert by_surface(text, s, e, surface).sub_event_type == sub


def test_whole_words_only():
    # مقصف (cafeteria) is not قصف; وفرت (provided) is not a flight; الهجرة (migration) is not هجر
    for t in ["افتتح المقصف الجديد في الجامعة.", "وفرت المنظمة الغذاء للعائلات.",
              "أعلنت منظمة الهجرة الدولية أرقاما جديدة."]:
        assert find_triggers(t) == [], t


def test_killed_by_bullets_is_an_attack_and_a_sniper_stays_a_sniper():
    hits = find_triggers("قتل قيادي في الفصيل برصاص مجهولين في مدينة سرمدا.")
    assert [(h.text, h.sub_event_type) for h in hits] == [("برصاص", "Attack")]
    body = find_triggers("عثر الأهالي على جثة شاب مقتول بطلق ناري قرب البلدة.")
    assert [(h.text, h.sub_event_type) for h in body] == [("بطلق ناري", "Attack")]
    sniper = find_triggers("قتل شاب برصاص قناص في حي المنشية.")
    assert [h.text for h in sniper] == ["برصاص قناص"]
    # bullets with no one killed or wounded near them are no event
    assert find_triggers("نفدت ذخيرة الرصاص لدى المدافعين عن البلدة.") == []


def test_strikes_without_their_weapon_are_air_strikes_but_not_a_blow_or_a_penalty():
    hits = find_triggers("وأضاف المرصد أن الضربات استهدفت بلدات سرمين وبنش وتفتناز.")
    assert [(h.text, h.sub_event_type) for h in hits] == [("الضربات", "Air/drone strike")]
    assert find_triggers("وسجل اللاعب هدفا من ضربة جزاء في الدقيقة الأخيرة.") == []
    assert [h.sub_event_type for h in find_triggers("شنت القوات ضربات صاروخية على البلدة.")] \
        != ["Air/drone strike"]


def test_start_end_restrict_to_the_sentence(sent):
    text, s, e = sent("مقاتلات الاحتلال الروسي غاراتها")
    assert all(s <= h.start for h in find_triggers(text, s, e))
    assert find_triggers(text, s, s) == []


# ------------------------------------------------------------------------------------------
# Priority, requires_any, excludes


def test_priority_air_over_shelling_for_qasf(sent):
    # قصف + aircraft word → Air/drone strike, not the default Shelling
    text, s, e = sent("قصف طيران العدوان الروسي بلدتي المسيفرة")
    assert by_surface(text, s, e, "قصف").sub_event_type == "Air/drone strike"
    # قصف جوي (longer form) → Air; قصف بالصواريخ البالستية → Shelling
    text, s, e = sent("بقصف جوي لطائرات حربية يرجح أنها روسية")
    assert by_surface(text, s, e, "قصف جوي").sub_event_type == "Air/drone strike"
    text, s, e = sent("جراء قصف بالصواريخ البالستية")
    assert by_surface(text, s, e, "قصف").sub_event_type == "Shelling/artillery/missile attack"


def test_mixed_list_gives_both_air_and_shelling(sent):
    text, s, e = sent("قصف مدفعي وجوي كثيف لقوات النظام")
    subs = {h.sub_event_type for h in find_triggers(text, s, e)}
    assert {"Air/drone strike", "Shelling/artillery/missile attack"} <= subs


def test_excludes_massacre_by_shelling_is_not_an_attack(sent):
    text, s, e = sent("ارتكبت قوات النظام الليلة الفائتة مجزرة")
    subs = {h.sub_event_type for h in find_triggers(text, s, e)}
    assert "Attack" not in subs and "Air/drone strike" in subs
    text, s, e = sent("وارتكبت مجازر بحق مدنيين")
    assert by_surface(text, s, e, "مجازر").sub_event_type == "Attack"


def test_requires_control_of_place_not_zone_of_control(sent):
    text, s, e = sent("تمكنت من السيطرة على بلدتي بصر الحرير")
    h = by_surface(text, s, e, "السيطرة")
    assert h.actor_rule == "gov_regains" and h.event_type == "Battles"
    # 'مناطق سيطرة قوات النظام' is a zone, not a takeover
    text, s, e = sent("ضمن مناطق سيطرة قوات النظام السوري وحلفائها")
    assert not [h for h in find_triggers(text, s, e) if h.actor_rule]


def test_requires_and_excludes_on_weak_verbs(sent):
    # خروج ... عن الخدمة is a hospital going out of service, not displacement
    text, s, e = sent("خروج مشفى ميداني ونقطة للدفاع المدني عن الخدمة")
    assert "Displacement" not in {h.sub_event_type for h in find_triggers(text, s, e)}
    # a convoy of buses carrying fighters is displacement
    text, s, e = sent("خرجت 4 حافلات من مدينة دوما")
    assert by_surface(text, s, e, "خرجت").sub_event_type == "Displacement"
    # تشكيل + a group word → Change to group; 'تشكيل موجة نزوح' is not
    text, s, e = sent("تشكيل غرفة عمليات مشتركة")
    assert by_surface(text, s, e, "تشكيل").sub_event_type == "Change to group/activity"
    text, s, e = sent("ما تسبب بتشكيل موجة نزوح")
    assert "Change to group/activity" not in {h.sub_event_type for h in find_triggers(text, s, e)}


def test_downing_rulings_follow_the_gold(sent):
    text, s, e = sent("أسقطت مسيَّرة هجومية أخرى")
    assert by_surface(text, s, e, "أسقطت").sub_event_type == "Disrupted weapons use"
    assert "Air/drone strike" not in {h.sub_event_type for h in find_triggers(text, s, e)}
    text, s, e = sent("بالمضادات الأرضية طائرة حربية")
    assert "Armed clash" in {h.sub_event_type for h in find_triggers(text, s, e)}


def test_deal_rulings_follow_the_gold(sent):
    # fighters leaving 'by agreement' = Non-violent transfer; buses leaving = Displacement
    text, s, e = sent("خروج مقاتلي داعش باتفاق مع قوات الأسد")
    assert by_surface(text, s, e, "خروج").sub_event_type == "Non-violent transfer of territory"
    # rebels handing a town over
    text, s, e = sent("سلّم فصيل \"قوات شباب السنة\" مدينة بصرى الشام")
    assert by_surface(text, s, e, "سلّم").sub_event_type == "Non-violent transfer of territory"
    # handing over heavy weapons
    text, s, e = sent("سلمت أسلحتها الثقيلة في إطار")
    assert by_surface(text, s, e, "سلمت").sub_event_type == "Disrupted weapons use"
    # surrender of ISIS fighters = Other
    text, s, e = sent("استسلموا الخميس للقوات المدعومة من الولايات المتحدة")
    assert by_surface(text, s, e, "استسلموا").sub_event_type == "Other"


# ------------------------------------------------------------------------------------------
# Non-event reasons


def test_threat_in_one_clause_keeps_the_event_in_another(sent):
    text, s, e = sent("ما ينذر بتجدد كثافة القصف الجوي")
    shelling = by_surface(text, s, e, "القصف الجوي")
    assert non_event_reason(text, shelling, s, e) == "threat"
    meeting = by_surface(text, s, e, "اجتماع")
    assert meeting.sub_event_type == "Negotiation"
    assert non_event_reason(text, meeting, s, e) is None


def test_disputed_claim_clause_vs_confirmed_clause(sent):
    text, s, e = sent("وزعمت وكالة أنباء الأسد سانا")
    assert non_event_reason(text, by_surface(text, s, e, "اشتباكات"), s, e) == "denial"
    out = by_surface(text, s, e, "خروج")  # after 'إلا أن مصادر ميدانية أكدت'
    assert non_event_reason(text, out, s, e) is None


def test_denial(sent):
    text, s, e = sent("نفيه التوصل لأى اتفاق")
    assert non_event_reason(text, by_surface(text, s, e, "اتفاق"), s, e) == "denial"
    # the complement after a parenthetical and commas is still denied
    text, s, e = sent("نفى “محمد علوش”")
    assert non_event_reason(text, by_surface(text, s, e, "لاتفاق"), s, e) == "denial"


def test_plan(sent):
    text, s, e = sent("يعتزم إجلاء ألف شخص")
    assert non_event_reason(text, by_surface(text, s, e, "إجلاء"), s, e) == "plan"
    # the flag raising happened; what 'is scheduled' did not
    text, s, e = sent("رفعت الشرطة العسكرية الروسية العلمين")
    assert non_event_reason(text, by_surface(text, s, e, "رفعت"), s, e) is None
    # purpose after the event: the formation stands, 'بهدف صد هجوم' does not
    text, s, e = sent("تشكيل غرفة عمليات مشتركة، بهدف صد هجوم")
    assert non_event_reason(text, by_surface(text, s, e, "تشكيل"), s, e) is None
    assert non_event_reason(text, by_surface(text, s, e, "صد"), s, e) == "plan"


def test_tally_since_the_campaign_began(sent):
    text, s, e = sent("منذ بداية الحملة العسكرية في الشهر الماضي")
    assert non_event_reason(text, by_surface(text, s, e, "مجازر"), s, e) == "tally"
    text, s, e = sent("نزحوا من درعا خلال الأسبوعين الماضيين")
    assert non_event_reason(text, by_surface(text, s, e, "نزحوا"), s, e) == "tally"
    # a wave over three days is an event
    text, s, e = sent("بنزوح أكثر من 12 ألف مدني خلال الأيام الثلاثة الأخيرة")
    assert non_event_reason(text, by_surface(text, s, e, "بنزوح"), s, e) is None


def test_negated_and_its_exceptions(sent):
    text, s, e = sent("التي لم تشهد اشتباكات بعد")
    assert non_event_reason(text, by_surface(text, s, e, "اشتباكات"), s, e) == "negated"
    text, s, e = sent("لا تزال معارك الكر والفر مستمرة")
    assert non_event_reason(text, by_surface(text, s, e, "الكر والفر"), s, e) is None
    text, s, e = sent("دون التوصل لاتفاق نهائي")
    assert non_event_reason(text, by_surface(text, s, e, "التوصل لاتفاق"), s, e) == "negated"
    t = "لم تتوقف الاشتباكات في محيط المدينة."
    assert non_event_reason(t, by_surface(t, 0, len(t), "الاشتباكات"), 0, len(t)) is None
    t = "لم تقصف الطائرات المدينة اليوم."
    assert non_event_reason(t, by_surface(t, 0, len(t), "تقصف"), 0, len(t)) == "negated"


def test_history(sent):
    text, s, e = sent("استعاد الجيش السوري ، بمساعدة سلاح الجو")
    assert non_event_reason(text, by_surface(text, s, e, "استعاد"), s, e) == "history"
    text, s, e = sent("سيطر عليها \"داعش\" صيف 2014")
    assert non_event_reason(text, by_surface(text, s, e, "سيطر"), s, e) == "history"
    # a full date carrying the year is not history
    text, s, e = sent("دوّت انفجارات قوية بالعاصمة السودانية")
    assert non_event_reason(text, by_surface(text, s, e, "القصف المدفعي"), s, e) is None


def test_condition_possibility_offer_opinion_question(sent):
    text, s, e = sent("بشرط عملهم واندماجهم")
    assert non_event_reason(text, by_surface(text, s, e, "واندماجهم"), s, e) == "condition"
    text, s, e = sent("خشية من هجوم عسكري وشيك")
    assert non_event_reason(text, by_surface(text, s, e, "هجوم"), s, e) == "possibility"
    text, s, e = sent("وطلبت تسليم حوالي 200 بندقية")
    assert non_event_reason(text, by_surface(text, s, e, "تسليم"), s, e) == "offer"
    text, s, e = sent("عن إحباطهم من الاتفاقية الجديدة")
    assert non_event_reason(text, by_surface(text, s, e, "الاتفاقية"), s, e) == "opinion"
    t = "هل قصفت الطائرات الروسية المدينة؟"
    assert non_event_reason(t, by_surface(t, 0, len(t), "قصفت"), 0, len(t)) == "question"


def test_offer_at_a_negotiation_round_is_that_round(sent):
    text, s, e = sent("الوفد الروسي قدم عرضا")
    kept = [h for h, r in hits_in(text, s, e) if r is None]
    assert "Negotiation" in {h.sub_event_type for h in kept}
    # what the offer provides for (the HTS fighters' exit) has not happened
    assert non_event_reason(text, by_surface(text, s, e, "خروج"), s, e) is not None


def test_dateline_between_commas_does_not_cut_the_clause(sent):
    # 'حذرت الأمم المتحدة، الثلاثاء، من أن ... المعارك': the warning reaches past the date
    text, s, e = sent("حذرت الأمم المتحدة، الثلاثاء")
    assert non_event_reason(text, by_surface(text, s, e, "المعارك"), s, e) in ("threat", "tally")


def test_explain_names_the_cue(sent):
    text, s, e = sent("يعتزم إجلاء ألف شخص")
    x = explain_non_event(text, by_surface(text, s, e, "إجلاء"), s, e)
    assert x["reason"] == "plan" and text[x["cue_span"][0]:x["cue_span"][1]] == "يعتزم"


# ------------------------------------------------------------------------------------------
# Coverage guard on the dev gold (scripts/trigger_coverage.py reports the full tables)


def test_dev_event_type_recall(shared, texts):
    arts = [json.loads(x) for x in open(shared / "corpus" / "dev_articles.jsonl", encoding="utf-8")]
    by_id = {a["id"]: a["text"] for a in arts}
    gold = [json.loads(x) for x in open(shared / "corpus" / "dev_gold.jsonl", encoding="utf-8")]
    gold = [g for g in gold if "event_type" in g]
    ok = 0
    for g in gold:
        text = by_id[g["article_id"]]
        i = text.find(g["evidence"])
        if i < 0:
            continue
        s, e = i, i + len(g["evidence"])
        if any(h.event_type == g["event_type"] and non_event_reason(text, h, s, e) is None
               for h in find_triggers(text, s, e)):
            ok += 1
    assert ok / len(gold) >= 0.9


# ------------------------------------------------------------------------------------------
# Background: cause, motive, circumstance, anaphora (reason "background")


def _reason_of(sent, substring, surface):
    text, s, e = sent(substring)
    return non_event_reason(text, by_surface(text, s, e, surface), s, e)


def test_flight_motive_is_background_not_an_event(sent):
    text, s, e = sent("هربا من جحيم قصف")
    assert non_event_reason(text, by_surface(text, s, e, "قصف"), s, e) == "background"
    assert non_event_reason(text, by_surface(text, s, e, "وهجمات"), s, e) == "background"
    # the accusative motive هربا is no Displacement trigger of its own
    assert "Displacement" not in {h.sub_event_type for h in find_triggers(text, s, e)}
    # the protest the sentence reports stays
    assert non_event_reason(text, by_surface(text, s, e, "مظاهرة"), s, e) is None


def test_process_before_its_outcome(sent):
    text, s, e = sent("تمكن إثر معارك استمرت")
    assert non_event_reason(text, by_surface(text, s, e, "معارك"), s, e) == "background"
    assert non_event_reason(text, by_surface(text, s, e, "السيطرة"), s, e) is None
    text, s, e = sent("بعد مفاوضات ماراثونية")
    assert non_event_reason(text, by_surface(text, s, e, "مفاوضات"), s, e) == "background"
    # a round broken off stays a Negotiation event
    assert _reason_of(sent, "وبعد فشل المفاوضات", "فشل المفاوضات") is None
    # without an outcome in the sentence, a clash after which people died stays
    t = "قتل ثلاثة عناصر إثر اشتباكات في البلدة"
    h = [h for h in find_triggers(t) if h.sub_event_type == "Armed clash"][0]
    assert non_event_reason(t, h, 0, len(t)) is None


def test_anaphoric_demonstrative(sent):
    assert _reason_of(sent, "أن هذا التقدّم", "التقدّم") == "background"


def test_amid_circumstance(sent):
    assert _reason_of(sent, "وفي ظل استمرار القصف", "القصف") == "background"


def test_long_period_before_is_history(sent):
    assert _reason_of(sent, "بعد ثلاث سنوات من الهدوء", "تسوية") == "history"


# ------------------------------------------------------------------------------------------
# Terms, plans, breaches, zones, halts


def test_deal_terms_run_across_commas(sent):
    text, s, e = sent("وتقضي بنود الاتفاق الجديد")
    assert non_event_reason(text, by_surface(text, s, e, "وتسليم"), s, e) == "condition"
    text, s, e = sent("أهمها منع دخول")
    assert non_event_reason(text, by_surface(text, s, e, "وتسليم"), s, e) == "condition"


def test_future_time_adverbial(sent):
    assert _reason_of(sent, "ستشهد في الأيام القادمة", "وانتشار") == "plan"
    assert _reason_of(sent, "يستبق “تسويات”", "تسويات") == "plan"


def test_breach_and_zone_are_no_agreement(sent):
    t = "اتهم الجيش الفصائل بخرق الهدنة في البلدة"
    h = [h for h in find_triggers(t) if h.sub_event_type == "Agreement"][0]
    assert non_event_reason(t, h, 0, len(t)) == "background"
    assert _reason_of(sent, "منطقة التهدئة التي اتفقت", "اتفقت") == "background"


def test_failed_or_without_reaching_a_deal(sent):
    assert _reason_of(sent, "انتهت دون التوصل لأي", "اتفاق") == "negated"
    assert _reason_of(sent, "فشلت اليوم الأربعاء في", "التوصل إلى اتفاق") == "negated"


def test_halted_or_prevented(sent):
    assert _reason_of(sent, "وتوقفت عملية خروج", "خروج") == "negated"
    assert _reason_of(sent, "ومنع هروب", "هروب") == "negated"
    # what stopped a campaign is no halted event
    text, s, e = sent("كانت قد توقفت إثر استهداف")
    assert non_event_reason(text, by_surface(text, s, e, "برصاص قناص"), s, e) is None


# ------------------------------------------------------------------------------------------
# Lexical entries: nominal mentions and sub-type choice


def test_ceasefire_and_launch_pads_are_no_fire(sent):
    text, s, e = sent("لمراقبة وقف إطلاق النار")
    assert "Armed clash" not in {h.sub_event_type for h in find_triggers(text, s, e)}
    text, s, e = sent("منصات إطلاق القذائف")
    assert "Shelling/artillery/missile attack" not in {h.sub_event_type for h in find_triggers(text, s, e)}


def test_russian_bombardment_is_air(sent):
    text, s, e = sent("قصف روسي يخرج")
    assert by_surface(text, s, e, "قصف").sub_event_type == "Air/drone strike"


def test_displaced_people_are_no_displacement_but_a_batch_is(sent):
    text, s, e = sent("والثوار المهجرين نحو")
    assert "Displacement" not in {h.sub_event_type for h in find_triggers(text, s, e)
                                  if "المهجرين" in h.text}
    text, s, e = sent("الدفعة الأولى من المهجرين قد انطلقت")
    assert any(h.sub_event_type == "Displacement" for h in find_triggers(text, s, e))


def test_talks_named_as_a_topic_are_not_a_round():
    text = "وأدلى المسؤول بتصريحات حول إجراء مفاوضات في المنطقة."
    hits = [h for h in find_triggers(text) if h.sub_event_type == "Negotiation"]
    assert hits and non_event_reason(text, hits[0], 0, len(text)) == "opinion"
    held = "وعقد الوفد الروسي جولة مفاوضات مع اللجنة المركزية في درعا."
    hits = [h for h in find_triggers(held) if h.sub_event_type == "Negotiation"]
    assert hits and non_event_reason(held, hits[0], 0, len(held)) is None


def test_liberation_as_an_announced_fact_is_a_regain_but_not_an_operation_s_name_or_aim():
    hits = find_triggers("أعلنت قيادة العمليات المشتركة تحرير حي الزنجيلي في الموصل من سيطرة تنظيم داعش.")
    assert [(h.text, h.sub_event_type) for h in hits] == [("تحرير", "Government regains territory")]
    assert find_triggers("بدأت القوات تنفيذ المرحلة الثانية من عملية تحرير مدينة الرمادي من سيطرة داعش.") == []
    assert find_triggers("تستعد القوات لتحرير مدينة الرمادي من سيطرة داعش.") == []


def test_a_nuclear_or_trade_deal_is_no_conflict_agreement():
    assert find_triggers("ويثير الاتفاق النووي مع إيران مخاوف الدول العربية في الخليج.") == []
    assert "agr.ittifaq" in {h.trigger_id for h in find_triggers("وقعت الحكومة والحوثيون اتفاقا لتبادل الأسرى.")}
