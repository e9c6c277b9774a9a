"""Event extraction, rule family by rule family, on sentences written for these tests and on the seeds."""
import json

import pytest

from rasd.events import extract_article
from rasd.records import Article


def events_of(text, published="2018-07-03", **kw):
    return extract_article(Article(id="t", external_id="t", text=text, published=published), use_ner=False, **kw)


def one(text, **kw):
    evs = events_of(text, **kw)
    assert len(evs) == 1, [(e.sub_event_type, e.location.name) for e in evs]
    return evs[0]


# ---- triggers and types -------------------------------------------------------------------------

def test_shelling_of_a_town_by_government_forces():
    e = one("قصفت قوات النظام بقذائف المدفعية بلدة طفس في ريف درعا الغربي.")
    assert (e.event_type, e.sub_event_type) == ("Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert e.location.name == "طفس" and e.location.admin1 == "Dar'a" and e.location.country == "Syria"
    assert e.actor1 == "SYR_GOV"
    assert e.location.lat is not None and 32 < e.location.lat < 33.5


def test_takeover_type_follows_who_took_the_place():
    gov = one("سيطرت قوات النظام على بلدة بصر الحرير بعد معارك عنيفة مع الفصائل.")
    assert gov.sub_event_type == "Government regains territory" and gov.actor1 == "SYR_GOV"
    assert gov.actor2 == "SYR_OPP"
    rebels = one("سيطرت هيئة تحرير الشام على قرية كفرنبودة في ريف حماة الشمالي.")
    assert rebels.sub_event_type == "Non-state actor overtakes territory" and rebels.actor1 == "HTS"


def test_a_list_of_places_hit_gives_one_event_per_place():
    evs = events_of("واستهدفت الغارات الجوية بلدات الطيبة وأم المياذن وطفس شرق درعا.")
    assert sorted(e.location.name for e in evs) == sorted(["الطيبة", "أم المياذن", "طفس"])
    assert {e.sub_event_type for e in evs} == {"Air/drone strike"}
    assert {e.location.admin1 for e in evs} == {"Dar'a"}


def test_fronts_tied_to_a_town_are_one_event_at_the_town():
    e = one("وتصدت الفصائل لمحاولات تقدم قوات النظام على محاور تل السمن ومحور التابلين في محيط مدينة طفس.")
    assert e.sub_event_type == "Armed clash" and e.location.name == "طفس"
    assert {e.actor1, e.actor2} == {"SYR_OPP", "SYR_GOV"}


# ---- roles ----------------------------------------------------------------------------------------

def test_civilian_victims_are_the_target_never_the_doer():
    e = one("قتل ثلاثة مدنيين بقصف جوي روسي على مدينة نوى.")
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor2 == "CIVILIANS" and e.actor1 != "CIVILIANS"
    assert e.fatalities == 3


def test_between_x_and_y_gives_both_sides():
    e = one("اندلعت اشتباكات عنيفة بين قوات النظام ومقاتلين محليين في مدينة جاسم.")
    assert e.sub_event_type == "Armed clash"
    assert (e.actor1, e.actor2) == ("SYR_GOV", "SYR_OPP")


def test_the_doer_named_inside_the_weapons_trigger_is_the_actor_not_the_speaker():
    # the trigger "طائرات التحالف" runs into the party "التحالف السعودي الإماراتي"
    e = one("وقالت جماعة الحوثي إن طائرات التحالف السعودي الإماراتي شنت فجر اليوم خمس غارات "
            "على مديرية صرواح.")
    assert e.sub_event_type == "Air/drone strike"
    assert e.actor1 == "COALITION_YEM"
    assert e.location.name == "صرواح"


def test_a_sponsor_is_neither_party_to_a_deal_the_clause_names_its_parties_for():
    e = one("وتوصل الطرفان، الحكومة اليمنية وجماعة الحوثي، إلى اتفاق لتبادل الأسرى برعاية الأمم "
            "المتحدة في جنيف.")
    assert e.sub_event_type == "Agreement"
    assert (e.actor1, e.actor2) == ("YEM_GOV", "HOUTHI")


def test_a_backer_named_with_a_party_is_not_the_party():
    e = one("أعلنت قوات سوريا الديمقراطية المدعومة من التحالف الدولي أنها استأنفت هجومها على "
            "تنظيم داعش في بلدة الباغوز.")
    assert (e.actor1, e.actor2) == ("SDF", "ISIS")


def test_a_signed_declaration_is_a_deal_between_its_signatories_not_the_civilians_it_protects():
    e = one("وقعت الحكومة السودانية وقوات الدعم السريع في جدة إعلان مبادئ لحماية المدنيين.")
    assert e.sub_event_type == "Agreement" and e.location.name == "جدة"
    assert (e.actor1, e.actor2) == ("SDN_SAF", "SDN_RSF")


def test_a_deal_restated_in_a_relative_clause_is_one_deal():
    text = ("خرجت الدفعة الأولى من مقاتلي المعارضة من مدينة دوما، بموجب الاتفاق الذي توصلت إليه "
            "فصائل الغوطة مع الجانب الروسي مساء أمس.")
    agreements = [e for e in events_of(text, published="2024-03-09") if e.sub_event_type == "Agreement"]
    assert [(e.location.name, e.date) for e in agreements] == [("دوما", "2024-03-08")]


def test_the_owner_of_the_reporting_outlet_is_no_party_to_what_it_reports():
    text = ("شنت مقاتلات أمريكية وبريطانية غارات على مواقع للجماعة في محافظة الحديدة غربي اليمن. "
            "وقالت وسائل إعلام تابعة للحوثيين إن الغارات استهدفت مطار الحديدة.")
    [e] = [e for e in events_of(text) if e.location.name == "مطار الحديدة"]
    assert e.actor1 != "HOUTHI"


def test_talks_at_a_foreign_venue_are_placed_there_and_keep_their_home_parties():
    # Sochi is a venue, not the country the story is about: "المعارضة" stays the Syrian opposition
    e = one("وبدأت في سوتشي جولة جديدة من المحادثات بين وفدي المعارضة والحكومة السورية.")
    assert e.sub_event_type == "Negotiation"
    assert e.location.name == "سوتشي" and e.location.country == "Russia"
    assert (e.actor1, e.actor2) == ("SYR_OPP", "SYR_GOV")


def test_protesters_are_the_actor_and_the_government_they_protest_against_the_other_side():
    e = one("خرج مئات الأشخاص في مظاهرة بمدينة السويداء يوم الجمعة مطالبين بإسقاط النظام.")
    assert e.sub_event_type == "Peaceful protest"
    assert (e.actor1, e.actor2) == ("CIVILIANS", "SYR_GOV")


def test_a_nationality_adjective_after_the_trigger_names_the_doer():
    assert one("قتل ثلاثة مدنيين بقصف جوي روسي على مدينة نوى.").actor1 == "RUS"
    assert one("قتل مدنيان بغارة لطائرات حربية يرجح أنها روسية على بلدة الحراك.").actor1 == "RUS"
    # closer than a party named after the trigger, which was the target
    e = one("استهدفت طائرة مسيرة تركية سيارة تقل قياديين في قوات سوريا الديمقراطية قرب مدينة "
            "القامشلي.")
    assert (e.actor1, e.actor2) == ("TUR", "SDF")


def test_a_nationality_adjective_of_the_target_names_no_doer():
    e = one("سقطت قذائف صاروخية على مواقع تركية في ريف حلب الشمالي.")
    assert e.actor1 != "TUR"
    # nor one inside a party named first: "الجانب الروسي" is the second party of the deal
    e = one("اتفقت الفصائل والجانب الروسي على وقف القصف على بلدات ريف درعا الشرقي.")
    assert (e.actor1, e.actor2) == ("SYR_OPP", "RUS")


def test_the_subject_before_the_verb_acts_after_anna_or_with_a_plural_verb():
    # "أن الفصائل قصفت مواقع قوات النظام": the party after the verb is its object here
    e = one("وأكد المصدر أن الفصائل قصفت مواقع قوات النظام في بلدة طفس.")
    assert (e.actor1, e.actor2) == ("SYR_OPP", "SYR_GOV")
    e = one("وكان مقاتلو الفصائل قد هاجموا حاجزا لقوات النظام قرب بلدة طفس.")
    assert (e.actor1, e.actor2) == ("SYR_OPP", "SYR_GOV")
    # verb first, subject after: unchanged
    e = one("هاجم مقاتلو الفصائل حاجزا لقوات النظام قرب بلدة طفس.")
    assert (e.actor1, e.actor2) == ("SYR_OPP", "SYR_GOV")


def test_unnamed_gunmen_named_by_their_group_right_after_are_that_group():
    e = one("قالت مصادر محلية إن مسلحين من تنظيم داعش هاجموا نقطة للجيش العراقي في قضاء الطارمية "
            "شمال بغداد، ما أسفر عن مقتل جنديين.")
    assert (e.actor1, e.actor2) == ("ISIS", "IRQ_GOV")
    assert one("اختطف مسلحون مجهولون ناشطا في مدينة درعا.").actor1 == "UNKNOWN"


def test_a_demand_at_a_protest_is_not_an_event_of_its_own():
    e = one("نفذ سكان مدينة طفس وقفة احتجاجية للمطالبة بالإفراج عن المعتقلين.")
    assert e.sub_event_type == "Peaceful protest"


def test_the_wounded_and_the_killed_are_the_other_side_never_the_doer():
    e = one("أصيب ثلاثة جنود إسرائيليين بجروح في انفجار عبوة ناسفة قرب مخيم جنين في الضفة الغربية.")
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert (e.actor1, e.actor2) == (None, "ISR")
    assert e.location.country == "Palestine"  # the West Bank, a region known abroad, places the camp
    e = one("انفجرت عبوة ناسفة بسيارة عسكرية قرب بلدة الصور، ما أسفر عن مقتل ثلاثة عناصر من قوات "
            "سوريا الديمقراطية.")
    assert e.actor2 == "SDF" and e.actor1 != "SDF" and e.fatalities == 3


def test_casualty_markers_with_a_conjunction_and_a_doer_named_after_the_cause():
    assert one("قتل وأصيب ثلاثة جنود أتراك في انفجار عبوة ناسفة قرب مدينة الباب.").actor2 == "TUR"
    # the doer after "جراء ... شنته" is not a casualty though "وأصيب" precedes it
    e = one("قتل عشرة أشخاص وأصيب آخرون جراء قصف شنته قوات الدعم السريع على مدينة الفاشر.")
    assert e.actor1 == "SDN_RSF"


def test_the_shelling_that_coincided_with_an_advance_is_the_one_already_reported():
    text = ("قتل خمسة مدنيين جراء قصف صاروخي لقوات النظام على بلدة كفرزيتا في ريف حماة. "
            "وتزامن القصف مع محاولات قوات النظام التقدم على محور تل ملح، حيث دارت اشتباكات مع الفصائل.")
    got = sorted((e.sub_event_type, e.location.name) for e in events_of(text))
    assert got == [("Armed clash", "تل ملح"), ("Shelling/artillery/missile attack", "كفرزيتا")]


def test_a_rising_toll_of_one_strike_reports_that_strike():
    e = one("ارتفع عدد قتلى القصف المدفعي على بلدة طفس إلى 12 شخصا.")
    assert (e.sub_event_type, e.location.name, e.fatalities) == ("Shelling/artillery/missile attack", "طفس", 12)


def test_a_title_of_two_sentences_echoes_the_body():
    text = ("ارتفاع عدد ضحايا مجزرة طفس… والنظام يعاود قصف مدينة درعا\n\n"
            "قتل 12 مدنيا في قصف مدفعي لقوات النظام على بلدة طفس أمس.\n")
    assert [(e.sub_event_type, e.location.name) for e in events_of(text)] == \
        [("Shelling/artillery/missile attack", "طفس")]


def test_force_on_protesters_is_the_force_acting_on_them_with_its_toll():
    e = one("أطلقت قوات الأمن النار على المتظاهرين في مدينة درعا ما أدى إلى مقتل متظاهرين اثنين.")
    assert e.sub_event_type == "Excessive force against protesters"
    assert (e.actor1, e.actor2, e.fatalities) == ("SYR_GOV", "CIVILIANS", 2)


def test_the_weapon_named_near_an_attack_is_its_type_not_a_clash():
    assert [e.sub_event_type for e in events_of(
        "اتهمت منظمة حقوقية قوات النظام باستخدام غاز الكلور في هجوم على بلدة اللطامنة.")] == ["Chemical weapon"]
    assert [e.sub_event_type for e in events_of(
        "انفجرت قنبلة يدوية ألقاها مجهول على محل تجاري في مدينة درعا.")] == ["Grenade"]


def test_a_day_in_a_relative_clause_that_describes_the_trigger_dates_it():
    e = one("وكان القصف المدفعي الذي شنته الفرقة الرابعة على الأحياء السكنية في طفس يوم الجمعة "
            "الماضي قد أسفر عن مقتل ثلاثة مدنيين.", published="2024-03-10")
    assert (e.date, e.fatalities) == ("2024-03-08", 3)


def test_the_place_of_a_source_is_not_the_place_of_what_it_reports():
    text = ("قالت تنسيقية لجان المقاومة في الفاشر إن قوات الدعم السريع قصفت بالمدفعية الثقيلة مخيم "
            "أبو شوك للنازحين، ما أسفر عن مقتل 7 أشخاص.")
    assert [e.location.name for e in events_of(text)] == ["مخيم أبو شوك"]
    # a party announcing its own act is where it acts
    e = one("وأعلنت فصائل عدة عاملة في مدينة إنخل النفير العام لصد أي هجوم لقوات النظام.")
    assert e.location.name == "إنخل"


def test_a_blast_on_a_patrol_does_not_take_the_story_doer_that_is_its_target():
    text = ("أعلنت قيادة العمليات المشتركة مقتل خمسة عناصر من تنظيم داعش بضربة جوية نفذتها طائرات "
            "عراقية في وادي الشاي جنوب كركوك. وفي محافظة صلاح الدين، انفجرت عبوة ناسفة على دورية "
            "للشرطة الاتحادية في ناحية العلم، ما أدى إلى إصابة شرطيين.")
    [e] = [e for e in events_of(text) if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert (e.location.name, e.location.country) == ("العلم", "Iraq")  # ناحية names a settlement
    assert (e.actor1, e.actor2) == (None, "IRQ_GOV")


def test_strikes_named_as_a_party_after_killed_in_are_the_strikes():
    evs = events_of("قتل ستة مدنيين في غارات روسية على بلدتي كفرنبل وحاس، وقصف مدفعي لقوات النظام على "
                    "مدينة خان شيخون.")
    got = sorted((e.sub_event_type, e.location.name, e.actor1) for e in evs)
    assert got == [("Air/drone strike", "حاس", "RUS"), ("Air/drone strike", "كفرنبل", "RUS"),
                   ("Shelling/artillery/missile attack", "خان شيخون", "SYR_GOV")]


def test_reinforcements_struck_are_the_target_not_an_event():
    text = ("قال مصدر عسكري يمني إن قوات الجيش الوطني صدت هجوما حوثيا في جبهة صرواح غربي مأرب. "
            "وأضاف أن مقاتلات تحالف دعم الشرعية شنت غارات على تعزيزات للميليشيا في مديرية مدغل.")
    assert [e.sub_event_type for e in events_of(text) if e.location.name == "مدغل"] == ["Air/drone strike"]


def test_a_source_that_opens_with_a_known_party_ends_with_it():
    e = one("أفاد المرصد السوري لحقوق الإنسان بمقتل سبعة عناصر من قوات النظام في هجوم لتنظيم داعش "
            "على نقطة عسكرية في بادية حمص الشرقية.")
    assert e.source == "المرصد السوري لحقوق الإنسان"
    assert (e.actor1, e.actor2) == ("ISIS", "SYR_GOV")
    # a person's role keeps the name after it
    e = one("وقال الناشط أبو محمد الحوراني إن قوات النظام قصفت بلدة طفس.")
    assert e.source.startswith("الناشط أبو محمد")



def test_a_lone_role_noun_is_credited_with_the_body_after_it():
    from rasd.mentions.sources import find_sources
    assert [m.text for m in find_sources("وقال عضو في وفد التفاوض إن الاتفاق ينص على تسليم السلاح")] \
        == ["عضو في وفد التفاوض"]
    # a named party still ends at "في"; a role noun alone before "إن" stays alone
    assert [m.text for m in find_sources("وقال المرصد في بيان إن القصف تجدد")] == ["المرصد"]
    assert [m.text for m in find_sources("قال مصدر إن القصف تجدد")] == ["مصدر"]


def test_a_village_of_a_country_named_in_passing_does_not_take_a_quarter_of_the_story_town():
    # "لجان المقاومة" is a Yemeni actor's name too; الثورة a Yemeni village and an Omdurman quarter
    text = ("تجددت الاشتباكات بين الجيش السوداني وقوات الدعم السريع في أم درمان. وأفادت لجان "
            "المقاومة بمقتل 9 مدنيين جراء سقوط قذائف على منازلهم في حي الثورة بأم درمان.")
    shelling = [e for e in events_of(text) if e.sub_event_type == "Shelling/artillery/missile attack"]
    assert [(e.location.name, e.location.country) for e in shelling] == [("الثورة", "Sudan")]
    # the source ends where what it reported begins
    assert shelling[0].source == "لجان المقاومة"


def test_a_party_announcing_its_own_formation_is_its_actor():
    e = one("أعلنت فصائل الجيش الحر العاملة في مدينة إنخل تشكيل غرفة عمليات مشتركة.")
    assert e.sub_event_type == "Change to group/activity" and e.actor1 == "SYR_OPP"


# ---- dates -----------------------------------------------------------------------------------------

def test_relative_day_resolves_against_publication_and_carries_to_the_next_sentence():
    evs = events_of("أعلنت غرفة العمليات، أمس الإثنين، سيطرة قوات النظام على قرية الشومرة.\n"
                    "وفي الأثناء، قتل مدنيان بقصف جوي على مدينة الحراك.", published="2018-06-26")
    by = {e.location.name: e for e in evs}
    assert by["الشومرة"].date == "2018-06-25"
    assert by["الحراك"].date == "2018-06-25"  # the story's day, not the publication day


def test_a_report_with_no_day_word_happened_on_the_publication_day():
    e = one("قصفت قوات النظام مدينة نوى بالصواريخ.", published="2018-07-18")
    assert e.date == "2018-07-18" and e.time_precision == 1


def test_no_publication_date_and_no_day_word_gives_a_null_date():
    e = one("قصفت قوات النظام مدينة نوى بالصواريخ.", published=None)
    assert e.date is None


def test_history_older_than_a_month_is_not_an_event():
    assert events_of("وفي عام 2016 قصفت قوات النظام مدينة نوى بالصواريخ.", published="2018-07-18") == []


# ---- what is not an event ----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "هددت قوات النظام بقصف مدينة طفس إذا لم تسلم الفصائل سلاحها.",
    "نفت وزارة الدفاع قصف مدينة نوى.",
    "لم تشهد مدينة جاسم أي اشتباكات اليوم.",
    "لم تذكر الوكالة الرسمية شيئا عن اتفاق لتسليم السلاح في مدينة طفس.",
    "وتحدث الوفد الروسي عن وقف القصف على مدينة طفس.",
])
def test_threats_denials_and_negations_are_not_events(text):
    assert events_of(text) == []


def test_a_detail_left_unsaid_does_not_negate_the_event():
    e = one("وقعت الفصائل اتفاقا لتسليم السلاح في مدينة طفس، ولم تذكر الوكالة موعد التنفيذ.")
    assert e.sub_event_type == "Agreement"


def test_a_place_only_the_story_supplies_gives_no_event():
    # the second sentence names no place: the event it mentions is not tied to one
    evs = events_of("سيطرت قوات النظام على بلدة الشومرة.\nوقالت مصادر إن القصف استمر طوال الليل.")
    assert [e.sub_event_type for e in evs] == ["Government regains territory"]


def test_a_headline_echo_of_the_body_is_not_a_second_event():
    evs = events_of("اشتباكات في درعا\nاندلعت اشتباكات عنيفة بين قوات النظام والفصائل في مدينة طفس.")
    assert [(e.sub_event_type, e.location.name) for e in evs] == [("Armed clash", "طفس")]


# ---- evidence, ids, export ----------------------------------------------------------------------------

def test_evidence_is_the_sentence_sliced_from_the_original():
    text = "عنوان\nقصفت قوات النظام مدينة نوى بالصواريخ. ثم هدأت الجبهات."
    e = one(text)
    assert text[e.evidence_start:e.evidence_end] == e.evidence == "قصفت قوات النظام مدينة نوى بالصواريخ."


def test_extraction_is_deterministic():
    text = "قصفت قوات النظام مدينة نوى بالصواريخ، واندلعت اشتباكات في طفس."
    a, b = events_of(text), events_of(text)
    assert [x.id for x in a] == [x.id for x in b] and len({x.id for x in a}) == len(a)


def test_empty_article_has_no_events():
    assert events_of("   ") == []


# ---- end to end on the seeds ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_events(shared):
    from rasd.evaluate import articles_from_jsonl

    arts = articles_from_jsonl(shared / "corpus" / "seeds.jsonl")
    return {a.external_id: extract_article(a, use_ner=False) for a in arts}


def _has(evs, sub, place):
    return any(e.sub_event_type == sub and e.location.name and place in e.location.name for e in evs)


def test_seed_events_the_issue_names(seed_events):
    all_evs = [e for evs in seed_events.values() for e in evs]
    assert _has(all_evs, "Change to group/activity", "درعا")  # the merger into جيش الإنقاذ
    assert _has(all_evs, "Agreement", "درعا")  # the extended ceasefire
    assert _has(all_evs, "Negotiation", "بصرى الشام")  # the Russian-mediated talks
    assert _has(all_evs, "Other", "جاسم")  # reinforcements near Jasim
    assert _has(all_evs, "Armed clash", "طفس")
    assert _has(all_evs, "Shelling/artillery/missile attack", "نوى")
    assert _has(all_evs, "Disrupted weapons use", "بصرى الشام")  # heavy weapons handed over


def test_seed_events_validate_against_the_spec(seed_events, shared, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "seeds.jsonl"
    out.write_text("".join(json.dumps(e.to_spec(), ensure_ascii=False) + "\n"
                           for evs in seed_events.values() for e in evs), encoding="utf-8")
    r = subprocess.run([sys.executable, str(shared / "eval" / "score_events.py"), "--validate", str(out),
                        "--articles", str(shared / "corpus" / "seeds.jsonl")], capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "valid", r.stdout


def test_a_sentence_that_goes_on_listing_places_continues_the_previous_event():
    evs = events_of("وانضمت بلدة داعل إلى اتفاق التسوية مع قوات النظام.\nومن أبرز تلك البلدات أبطع والغارية الغربية.")
    assert {e.location.name for e in evs if e.sub_event_type == "Agreement"} >= {"داعل", "أبطع", "الغارية الغربية"}


def test_settlement_cards_are_a_document_not_a_settlement_reached():
    evs = events_of("اعتقلت قوات النظام سبعة شبان بينهم اثنان من حملة بطاقات التسوية في مدينة جاسم.")
    assert [e.sub_event_type for e in evs] == ["Arrests"]


def test_an_event_named_only_by_its_governorate_gives_way_to_the_same_event_placed_precisely():
    evs = events_of("قصفت قوات النظام بلدة طفس بالمدفعية.\nواستمر قصف قوات النظام على ريف درعا.")
    assert [(e.sub_event_type, e.location.name) for e in evs] == [("Shelling/artillery/missile attack", "طفس")]


# ---- places of departures -----------------------------------------------------------------------

def test_an_evacuation_deal_is_placed_where_people_leave_not_where_they_go():
    e = one("توصلت قوات النظام إلى اتفاق لإجلاء مقاتلي جيش الإسلام من مدينة دوما في الغوطة الشرقية إلى جرابلس بريف حلب الشمالي.")
    assert e.sub_event_type == "Agreement" and e.location.name == "دوما"
    fled = one("أعلنت الأمم المتحدة نزوح أكثر من عشرة آلاف شخص إلى مدينة درعا فر معظمهم من حي درعا البلد.")
    assert fled.sub_event_type == "Displacement" and fled.location.name == "درعا البلد"


def test_a_deal_with_no_departure_keeps_its_venue():
    # a delegation sent "إلى بصرى الشام" to sign goes to the venue; buses that enter a place
    # come for the people there
    e = one("أرسلت القيادة الروسية وفدا إلى مدينة بصرى الشام لتوقيع اتفاق مع الفصائل.")
    assert e.sub_event_type == "Agreement" and e.location.name == "بصرى الشام"
    buses = events_of("دخلت حافلات جديدة إلى مدينة نوى لتقل المقاتلين الرافضين للتسوية بموجب الاتفاق.")
    assert buses and {e.location.name for e in buses} == {"نوى"}


def test_which_places_are_destinations():
    from rasd.events.extract import _is_destination
    from rasd.records import Mention

    def dest(text, name):
        i = text.index(name)
        return _is_destination(text, 0, Mention("place", i, i + len(name), name))

    text = "خرجت الحافلات من دوما في الغوطة الشرقية إلى جرابلس بريف حلب."
    assert [dest(text, n) for n in ("دوما", "الغوطة", "جرابلس", "حلب")] == [False, False, True, True]
    assert not dest("دخلت حافلات جديدة إلى مدينة نوى لتقل المقاتلين.", "نوى")
    assert not dest("فر الأهالي، نزوحا من نوى", "نوى")  # an origin word between


def test_a_capital_that_stands_for_its_government_is_no_place():
    evs = events_of("انضمت بلدات في محافظة درعا إلى المصالحة مع دمشق بموجب مفاوضات تولتها روسيا.")
    assert evs and "دمشق" not in {e.location.name for e in evs}
    assert "درعا" in {e.location.name for e in evs}
    # in the capital, it is the place
    e = one("انفجرت سيارة مفخخة في دمشق صباح اليوم.")
    assert e.location.name == "دمشق"


def test_a_front_is_placed_at_the_quarter_that_holds_it_and_another_front_follows():
    evs = events_of("واندلعت اشتباكات بين شبان درعا وعناصر الفرقة الرابعة على محور الكازية في حي المنشية، "
                    "وأخرى على محور حي طريق السد شرق مدينة درعا.")
    assert sorted(e.location.name for e in evs) == ["المنشية", "طريق السد"]


def test_a_place_that_says_who_someone_is_is_not_where_it_happened():
    e = one("اندلعت اشتباكات عنيفة بين شبان بلدة طفس وقوات النظام في حي المنشية.")
    assert e.location.name == "المنشية"
    e = one("قصفت قوات النظام بحسب مراسلنا في مدينة درعا بلدة طفس بالمدفعية.")
    assert e.location.name == "طفس"
    # named alone, the place is still the event's
    assert one("وقصفت قوات النظام بالمدفعية منازل أهالي بلدة نوى.").location.name == "نوى"


def test_talks_do_not_take_the_place_of_fighting_in_an_earlier_clause():
    evs = events_of("واندلعت اشتباكات عنيفة في بلدة طفس، تزامنا مع انطلاق جولة مفاوضات جديدة في ريف درعا الغربي.")
    assert {(e.sub_event_type, e.location.name) for e in evs} == {("Armed clash", "طفس"), ("Negotiation", "درعا")}
    # fighting beside fighting shares the place
    evs = events_of("تتواصل الاشتباكات داخل مدينة حمورية في الغوطة الشرقية، بالتزامن مع قصف مدفعي عنيف.")
    assert {(e.sub_event_type, e.location.name) for e in evs} == {
        ("Armed clash", "حمورية"), ("Shelling/artillery/missile attack", "حمورية")}


def test_reinforcements_are_placed_where_they_are_sent():
    assert one("أرسلت قوات النظام تعزيزات عسكرية من مدينة درعا إلى بلدة طفس.").location.name == "طفس"
    # a road closed in one town while reinforcements reach another: each at its own place
    evs = events_of("وأغلقت قوات النظام بالسواتر الترابية الطرقات الفرعية في مدينة جاسم، "
                    "بالتزامن مع وصول تعزيزات عسكرية إلى بلدة إنخل.")
    assert sorted(e.location.name for e in evs) == ["إنخل", "جاسم"]


def test_talks_and_deals_are_placed_at_their_venue():
    for text in ("أعلن الرئيسان إثر قمتهما في موسكو أمس التوصل لاتفاق على وقف لإطلاق النار في محافظة إدلب.",
                 "وأعلن الرئيسان في مؤتمر صحفي بموسكو عن اتفاق لوقف إطلاق النار في محافظة إدلب."):
        assert {e.location.name for e in events_of(text)} == {"موسكو"}, text
    # no meeting named: the place the deal concerns
    assert {e.location.name for e in events_of("توصلت الفصائل إلى اتفاق لوقف إطلاق النار في محافظة إدلب.")} == {"إدلب"}


def test_a_place_that_describes_another_is_not_where_it_happened():
    evs = events_of("وجاء إجلاء الدفعة الأولى من المقاتلين من محافظة القنيطرة التي تضم هضبة الجولان "
                    "بموجب اتفاق أبرمته روسيا مع الفصائل.")
    assert evs and {e.location.name for e in evs} == {"القنيطرة"}


def test_an_adjective_is_not_the_actor_it_spells():
    # "مؤتمر صحفي" is a press conference: no journalists (CIVILIANS) on the other side of the deal
    e = one("وأعلن الرئيسان التركي رجب طيب أردوغان والروسي فلاديمير بوتين في مؤتمر صحفي بموسكو "
            "عن اتفاق لوقف إطلاق النار في محافظة إدلب.")
    assert (e.actor1, e.actor2) == ("TUR", "RUS")


def test_a_day_named_as_a_point_of_reference_does_not_date_what_follows():
    text = ("وكانت المعارضة وافقت على تسليم السلاح الثقيل تزامنا مع انسحاب النظام من المناطق التي تقدم "
            "فيها بعد هجوم العاشر من حزيران الماضي.\n"
            "وأكد مراسلنا أن الغارات الجوية استهدفت بلدات الطيبة وأم المياذن وطفس.")
    strikes = [e for e in events_of(text, published="2018-07-06") if e.sub_event_type == "Air/drone strike"]
    assert len(strikes) == 3 and {e.date for e in strikes} == {"2018-07-06"}


def test_an_attack_named_as_the_cause_is_an_event_at_the_town_not_the_place_locating_it():
    text = ("قضى نحو عشرين شخصا، وأصيب العشرات من المدنيين، خلال مجزرة شهدتها مدينة نوى غرب درعا، "
            "اليوم الأربعاء، جراء القصف الجوي الروسي.")
    e = one(text)
    assert (e.sub_event_type, e.location.name) == ("Air/drone strike", "نوى")


def test_a_day_in_a_relative_clause_dates_that_clause_only():
    text = "وقال ناشطون إن قوات النظام المتمركزة في تل المحص والتي سيطرت عليه قبل يومين، قصفت مدينة نوى بعشرات القذائف المدفعية."
    shelling = [e for e in events_of(text, published="2018-07-18") if e.sub_event_type.startswith("Shelling")]
    assert [e.date for e in shelling] == ["2018-07-18"]


def test_a_trigger_coordinated_with_a_rejected_one_is_rejected_too():
    # a month of shelling summed up is a campaign, every noun of the phrase with it
    text = "وانسحب عناصر التنظيم من الحجر الأسود، وذلك بعد شهر من القصف الجوي والمدفعي والصاروخي الذي تعرض له المخيم."
    assert not [e for e in events_of(text) if e.event_type == "Explosions/Remote violence"]


def test_where_the_attacker_stands_is_not_where_it_struck():
    # a list of positions after "المتمركزة في" says where the shelling came from
    evs = events_of("وقصفت قوات النظام المتمركزة في تلال \"الجابية – الجموع\" مدينة طفس بالمدفعية.")
    assert {e.location.name for e in evs if e.sub_event_type == "Shelling/artillery/missile attack"} == {"طفس"}
    # with no other place named, the position is still the event's place
    assert one("وقصفت قوات النظام المتمركزة في تل الجابية بالمدفعية.").location.name == "تل الجابية"


def test_a_relative_clause_after_places_happened_at_them():
    evs = events_of("وقالت مصادر إن قوات النظام المتمركزة في تل الجابية وتل الحارة والتي سيطرت عليها "
                    "قبل أيام، قصفت مدينة طفس بالمدفعية.")
    taken = {e.location.name for e in evs if e.sub_event_type == "Government regains territory"}
    assert taken == {"تل الجابية", "تل الحارة"}
    assert {e.location.name for e in evs if e.sub_event_type == "Shelling/artillery/missile attack"} == {"طفس"}


def test_a_lead_that_names_no_place_takes_the_place_of_the_next_sentence():
    evs = events_of("استسلم عشرات من مقاتلي التنظيم مع عائلاتهم صباح اليوم في آخر جيب لهم.\n"
                    "وكانت قوات سوريا الديمقراطية قد طوقت بلدة الباغوز منذ أسابيع.")
    assert ("Other", "الباغوز") in {(e.sub_event_type, e.location.name) for e in evs}


def test_a_strike_placed_only_in_a_governorate_sums_up_the_precise_ones():
    text = ("قصفت قوات النظام بلدة طفس بالمدفعية الثقيلة صباح اليوم.\n"
            "وتتعرض مدن وبلدات ريف درعا الغربي لقصف مدفعي يومي منذ أسبوع.")
    assert {e.location.name for e in events_of(text)
            if e.sub_event_type == "Shelling/artillery/missile attack"} == {"طفس"}
    # alone in its article, the governorate-level strike is the story and stays
    alone = events_of("وتعرضت مدن وبلدات ريف درعا الغربي لقصف مدفعي عنيف صباح اليوم.")
    assert [e.sub_event_type for e in alone] == ["Shelling/artillery/missile attack"]


def test_a_quarter_named_after_its_town_is_where_it_happened():
    e = one("وقصفت قوات النظام بالمدفعية مدينة درعا في حي المنشية صباح اليوم.")
    assert e.location.name == "المنشية"


def test_a_road_named_by_the_towns_it_joins_is_at_neither_town():
    # one strike near Saraqib, not one at Aleppo and one at Damascus
    evs = events_of("استهدف الطيران الروسي بعدة غارات محيط طريق حلب دمشق الدولي قرب مدينة سراقب.")
    assert [(e.sub_event_type, e.location.name) for e in evs] == [("Air/drone strike", "سراقب")]
    # with no other place, one event at the first end, and the sentence's toll is its own
    evs = events_of("انفجرت عبوة ناسفة بدورية للجيش على طريق دمشق - درعا ما أدى إلى مقتل عنصرين.")
    assert [(e.location.admin1, e.fatalities) for e in evs] == [("Damascus", 2)]
    evs = events_of("قصفت قوات النظام قرى على الطريق الواصل بين حماة وإدلب.")
    assert [e.location.admin1 for e in evs] == ["Hama"]
    # two towns listed after a plain noun stay two places
    evs = events_of("قصفت قوات النظام بلدتي طفس وداعل بالمدفعية.")
    assert {e.location.name for e in evs} == {"طفس", "داعل"}


def test_a_body_found_tortured_or_bound_is_an_attack_on_a_civilian():
    e = one("عثر الأهالي على جثة شاب عليها آثار تعذيب في بلدة الصنمين بريف درعا الشمالي.")
    assert (e.sub_event_type, e.location.name, e.actor2) == ("Attack", "الصنمين", "CIVILIANS")
    e = one("عثر على جثتين مكبلتي اليدين قرب قرية الزعفرانية في ريف حمص.")
    assert (e.sub_event_type, e.fatalities, e.actor2) == ("Attack", 2, "CIVILIANS")
    # torture that nobody died of, and no body found, is no such find
    assert events_of("تحدث الناشط عن آثار التعذيب النفسي على الأطفال في المدارس.") == []


def test_a_detainee_killed_is_a_civilian_and_the_reporter_ends_before_the_killing():
    e = one("وثقت الشبكة وفاة معتقل من أبناء مدينة داريا تحت التعذيب في سجون النظام.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.source) == ("Attack", "SYR_GOV", "CIVILIANS", "الشبكة")


def test_a_handover_under_a_deal_takes_the_deal_s_other_party():
    e = one("دخلت وحدات من الجيش السوري إلى مدينة منبج بموجب اتفاق مع قوات سوريا الديمقراطية.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Non-violent transfer of territory", "SYR_GOV", "SDF")
    # the side that leaves is the other side; the side it made the deal with takes
    e = one("انسحبت الفصائل المسلحة من بلدة بصرى الشام بموجب اتفاق مع الجانب الروسي.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Non-violent transfer of territory", "RUS", "SYR_OPP")


def test_what_strikes_did_is_their_result_not_another_event():
    evs = events_of("شنت طائرات التحالف بقيادة السعودية غارات على مواقع للحوثيين في محافظة صعدة، وقال "
                    "المتحدث باسم التحالف إن الغارات دمرت منصات لإطلاق الصواريخ.")
    assert [(e.sub_event_type, e.actor1, e.location.country) for e in evs] == \
        [("Air/drone strike", "COALITION_YEM", "Yemen")]
    # forces destroying launchers on their own are that event
    assert [e.sub_event_type for e in events_of("أعلن التحالف أن قواته دمرت منصات لإطلاق الصواريخ في محافظة صعدة.")] \
        == ["Disrupted weapons use"]


def test_protesters_march_where_they_live_and_their_flags_hand_over_nothing():
    evs = events_of("خرج العشرات من أهالي مدينة جاسم في مظاهرة ليلية نددوا فيها بالحملة الأمنية على طفس "
                    "ورفعوا أعلام الثورة.")
    assert [(e.sub_event_type, e.location.name) for e in evs] == [("Peaceful protest", "جاسم")]
    # where the sentence says where they marched, that is the place
    e = one("تظاهر العشرات في مدينة طفس للمطالبة بالإفراج عن أبناء مدينة درعا المعتقلين.")
    assert e.location.name == "طفس"
    # the flags raised over a handed-over town are a handover, and "العلمين" is the two flags there
    evs = events_of("رفعت الشرطة العسكرية الروسية العلمين الروسي والسوري في درعا البلد.")
    assert [(e.sub_event_type, e.location.name, e.actor1) for e in evs] == \
        [("Non-violent transfer of territory", "درعا البلد", "RUS")]


def test_an_operations_room_announcing_that_it_repelled_an_attack_is_a_party_and_the_source():
    e = one("أعلنت فصائل غرفة عمليات الفتح المبين صد محاولة تسلل لقوات النظام على محور كفرنبل في ريف "
            "إدلب الجنوبي وقتل 5 عناصر منها.")
    assert e.source == "فصائل غرفة عمليات الفتح المبين"
    assert {e.actor1, e.actor2} == {"SYR_GOV", "SYR_OPP"} and e.fatalities == 5


def test_weapons_a_convoy_carries_and_shelling_that_focused_somewhere_are_no_new_events():
    text = ("قصفت قوات النظام بالمدفعية مدينة بصر الحرير في ريف درعا الشرقي مساء أمس.\n"
            "وقال ناشط إن القصف تركز على الأحياء السكنية، وتزامن مع غارات جوية نفذها الطيران الروسي على بلدة ناحتة.\n"
            "ووصلت تعزيزات عسكرية لقوات النظام إلى مدينة إزرع قادمة من دمشق، تضم دبابات وراجمات صواريخ.")
    got = {(e.sub_event_type, e.location.name) for e in events_of(text)}
    assert got == {("Shelling/artillery/missile attack", "بصر الحرير"), ("Air/drone strike", "ناحتة"),
                   ("Other", "إزرع")}
    # launchers that fire are shelling
    assert one("استهدفت راجمات الصواريخ التابعة لقوات النظام بلدة طفس.").sub_event_type == \
        "Shelling/artillery/missile attack"


def test_a_clause_about_the_past_keeps_its_party_to_itself():
    text = ('والموصل ثاني أكبر مدن العراق، سيطر عليها "داعش" صيف 2014، وتمكنت القوات العراقية خلال حملة '
            'عسكرية بدأت في تشرين الأول من استعادة النصف الشرقي للمدينة.')
    e = one(text, published=None)
    assert (e.sub_event_type, e.actor1, e.location.name) == ("Government regains territory", "IRQ_GOV", "الموصل")


def test_weapons_defused_or_seized_are_the_object_not_blasts_but_a_weapon_after_bi_is_the_means():
    e = one("وكانت وحدات الجيش قد فككت أمس عبوات ناسفة وألغاما زرعها الإرهابيون قرب بلدة محجة.")
    assert (e.sub_event_type, e.location.name, e.date) == ("Disrupted weapons use", "محجة", "2018-07-02")
    e = one("ضبطت قوات الأمن صواريخ وقذائف هاون في مستودع ببلدة طفس.")
    assert e.sub_event_type == "Disrupted weapons use"
    types = {e.sub_event_type for e in events_of("تمكن الثوار من تدمير دبابة لقوات النظام بصاروخ تاو قرب مدينة درعا.")}
    assert "Disrupted weapons use" in types and "Shelling/artillery/missile attack" in types


def test_families_that_fled_from_a_camp_are_displaced_from_it():
    evs = events_of("أفادت منسقية النازحين بأن آلاف الأسر فرت من مخيم زمزم إلى مدينة طويلة في دارفور.")
    assert ("Displacement", "مخيم زمزم") in {(e.sub_event_type, e.location.name) for e in evs}
    assert events_of("وفرت المنظمة الغذاء للعائلات في مخيم زمزم.") == []


def test_a_verb_of_targeting_that_opens_its_clause_has_its_subject_right_after_it():
    e = one("استهدفت الميليشيات الإيرانية مواقع للقوات الأمريكية في حقل العمر.")
    assert (e.actor1, e.actor2, e.location.admin1) == ("SYR_PROGOV", "USA", "Deir-ez-Zor")
    e = one("استهدفت قوات النظام بالمدفعية مواقع الفصائل في ريف إدلب.")
    assert (e.actor1, e.actor2) == ("SYR_GOV", "SYR_OPP")
    # after a noun of striking it still marks the target
    e = one("وقال المرصد إن القصف استهدف قوات النظام في ريف إدلب.")
    assert e.actor2 == "SYR_GOV" and e.actor1 != "SYR_GOV"


def test_a_weapon_bearing_name_after_a_verb_of_striking_is_the_strike():
    e = one("استهدفت المسيرات التركية سيارة لقيادي في قسد بمدينة القامشلي.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Air/drone strike", "TUR", "SDF")
    # the same name as the speaker is no strike
    assert events_of("قال الطيران الروسي في بيان إنه أنهى مهامه.") == []


def test_civilians_are_the_ones_arrested_not_the_arresters():
    e = one("اعتقلت الشرطة العسكرية في عفرين ثلاثة مدنيين.")
    assert (e.sub_event_type, e.actor2) == ("Arrests", "CIVILIANS") and e.actor1 != "CIVILIANS"


def test_a_country_that_acts_is_the_state_and_a_country_by_a_border_is_a_place():
    e = one("مددت روسيا وتركيا الهدنة في إدلب لمدة أسبوع إضافي.")
    assert (e.sub_event_type, {e.actor1, e.actor2}) == ("Agreement", {"RUS", "TUR"})
    e = one("قصفت قوات النظام بلدة نصيب الحدودية مع الأردن.")
    assert e.actor1 == "SYR_GOV" and e.actor2 != "JOR"


def test_a_sponsor_is_no_side_and_a_topic_of_talks_is_not_yet_agreed():
    e = one("توصلت الأطراف المتحاربة في ليبيا إلى اتفاق لوقف إطلاق النار برعاية الأمم المتحدة في جنيف.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Agreement", None, None)
    e = one("عقدت اللجنة المركزية في درعا البلد اجتماعا مع ضباط روس في مدينة درعا لبحث بنود التسوية.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Negotiation", "SYR_OPP_CIVIL", "RUS")


def test_a_sniper_who_kills_a_woman_attacks_civilians_one_who_hits_a_commander_fights():
    e = one("وفي تعز، قتلت امرأة وأصيب طفلان برصاص قناص حوثي في حي الروضة شرقي المدينة.", published="2021-03-13")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == ("Attack", "HOUTHI", "CIVILIANS", 1)
    e = one("قتل قيادي في الفصائل برصاص قناص من قوات النظام في درعا البلد.")
    assert (e.sub_event_type, e.actor1) == ("Armed clash", "SYR_GOV")


def test_after_a_passive_the_party_named_is_what_was_hit():
    e = one("وتم قصف مواقع لقوات النظام في ريف درعا.")
    assert (e.actor1, e.actor2) == (None, "SYR_GOV")


def test_jets_deployed_are_no_strike_and_a_car_bomb_takes_no_strike_s_doer():
    assert events_of("أعلنت الولايات المتحدة نشر مقاتلات من طراز ف-16 في قاعدة إنجرليك جنوب تركيا.") == []
    text = ("استهدف طيران التحالف مواقع للحوثيين في محافظة لحج أمس.\n"
            "وفي صنعاء، استهدف انفجار بسيارة مفخخة مسجدا في منطقة نقم عصر أمس.")
    blasts = [e for e in events_of(text, published="2015-07-31")
              if e.sub_event_type == "Remote explosive/landmine/IED"]
    assert blasts and all(e.actor1 is None for e in blasts)


def test_fighters_who_flee_retreat_and_the_american_spelling_with_ya_is_american():
    text = ("بسطت قوات الجيش الوطني سيطرتها على مدينة زنجبار في اليمن، مما دفع العشرات من الميليشيات "
            "الحوثية إلى الفرار باتجاه محافظة البيضاء.")
    assert "Displacement" not in {e.sub_event_type for e in events_of(text)}
    e = one("قصفت الطائرات الأميركية مواقع لتنظيم داعش قرب مدينة الموصل.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Air/drone strike", "USA", "ISIS")


def test_a_plural_verb_with_no_subject_of_its_own_has_the_sentence_s_doer():
    evs = events_of("قال المرصد إن متشددي تنظيم الدولة الإسلامية خطفوا عشرات المسيحيين بعد أن سيطروا على "
                    "بلدة القريتين في محافظة حمص.")
    assert ("Non-state actor overtakes territory", "ISIS") in {(e.sub_event_type, e.actor1) for e in evs}


def test_an_agent_named_far_from_the_trigger_is_not_its_doer():
    text = ("استعادت قوات الجيش الوطني اليمني قاعدة العند العسكرية في محافظة لحج أمس، بعد معارك ضارية "
            "قتل فيها العشرات من مسلحي الحوثي وهرب آخرون بينهم قائد القاعدة المعين من قبل الحوثيين.")
    got = {(e.sub_event_type, e.actor1) for e in events_of(text, published="2015-08-04")}
    assert ("Government regains territory", "YEM_GOV") in got
    assert not any(a == "HOUTHI" and t.endswith("territory") for t, a in got)


def test_damage_caused_by_strikes_is_their_result_and_the_air_force_is_no_strike():
    evs = events_of("قال المرصد إن جزءا كبيرا من جسرين رئيسيين في ريف دير الزور تهدم جراء استهدافهما بغارات "
                    "من طائرات الائتلاف الدولي.")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Air/drone strike", "USA")]
    evs = events_of("نفذ أكثر من ألف شخص اعتصامًا عند دوار الزراعة في مدينة اللاذقية احتجاجًا على قتل ضابط "
                    "في القوى الجوية.")
    assert [e.sub_event_type for e in evs] == ["Peaceful protest"]
    assert events_of("يقول مسؤولون أميركيون إن الغارات تهدف إلى كبح قدرة التنظيم على الانطلاق من الرقة.") == []


def test_an_almanac_line_that_opens_with_a_year_is_history():
    assert events_of("1996 - مقتل زعيم الحرب الصومالي محمد فارح عيديد في معارك في مقديشو.", published="2015-08-01") == []


def test_months_since_a_war_began_are_its_background():
    assert events_of("رست أول سفينة مساعدات في مرفأ عدن أمس الثلاثاء بعد أربعة أشهر على بدء المعارك في البلاد.",
                     published="2015-07-22") == []
    # days after an attack began still leave the day's shelling an event
    evs = events_of("قتل خمسة مدنيين في قصف على بلدة كفرنبل بعد يومين من بدء الهجوم على ريف إدلب.")
    assert "Shelling/artillery/missile attack" in {e.sub_event_type for e in evs}


def test_the_air_force_named_is_a_strike_only_where_it_strikes_or_supports():
    assert events_of("ويتحكم الجناح 432 الذي يقع مقره في قاعدة كريتش الجوية في معظم طائرات سلاح الجو "
                     "من نوعي بريديتور وريبر.") == []
    evs = events_of("واستهدف سلاح الجو مواقع للمسلحين في ريف حماة.")
    assert "Air/drone strike" in {e.sub_event_type for e in evs}
    evs = events_of("تصدى الجيش الوطني الجمعة لهجوم من الميليشيا الحوثية باتجاه محافظة مأرب، وذلك بدعم من "
                    "تحالف دعم الشرعية في اليمن وقواته الجوية.")
    assert "Air/drone strike" in {e.sub_event_type for e in evs}


def test_what_is_left_to_take_and_a_business_seized_take_no_territory():
    assert events_of("ولفت المصدر إلى أن تلك المواقع هي الأهم بداخل قاعدة العند، ولم يتبق سوى السيطرة على "
                     "محور القاعدة.") == []
    assert events_of("ويقول إن عملية الاستيلاء بقيادة الكرملين على إمبراطوريته التجارية أزالت ثروته.") == []
    evs = events_of("استولى مسلحو داعش على مدينة الرمادي العراقية.")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Non-state actor overtakes territory", "ISIS")]


def test_a_backer_named_first_is_not_the_doer():
    evs = events_of("وبدعم من طيران التحالف، تمكنت القوات الموالية لحكومة هادي من السيطرة على زنجبار.")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Government regains territory", "YEM_GOV")]


def test_martial_arts_rules_of_engagement_and_the_middle_class_are_no_battle():
    assert events_of("وقد عرف الشاب بحماسه لفنون القتال في مدينة حلب.") == []
    assert events_of("وقال إن أهم قواعد إطلاق النار التي يعتمدها التحالف في الرقة هو تجنب وقوع خسائر.") == []
    assert [e.sub_event_type for e in events_of("اندلع القتال في مدينة حلب بين قوات النظام والفصائل.")] \
        == ["Armed clash"]


def test_a_verbal_noun_with_a_possessive_pronoun_has_the_subject_as_its_doer():
    evs = events_of("وأشارت المجلة إلى أن جيش الفتح المناوئ للنظام السوري يحرز تقدما ملحوظا، فبعد سيطرته على "
                    "مدينة إدلب، سيطر على جسر الشغور.", published="2015-08-04")
    assert {(e.location.name, e.sub_event_type, e.actor1) for e in evs} == {
        ("إدلب", "Non-state actor overtakes territory", "SYR_OPP"),
        ("جسر الشغور", "Non-state actor overtakes territory", "SYR_OPP")}


def test_an_opening_that_names_only_a_country_takes_the_next_sentences_town():
    text = ("مقتل محسن الفضلي زعيم جماعة خراسان بغارة أمريكية في سوريا\n"
            "أفاد الجيش الأمريكي بمقتل محسن الفضلي، القيادي البارز في تنظيم القاعدة، في غارة جوية أمريكية في سوريا.\n"
            "وقالت وزارة الدفاع الأمريكية في بيان إن الفضلي قتل هذا الشهر قرب بلدة سرمدا السورية.")
    evs = events_of(text, published="2015-07-24")
    # "جماعة خراسان" names a group, not the Hama village Khorasan
    assert [(e.sub_event_type, e.location.name, e.location.admin1) for e in evs] == \
        [("Air/drone strike", "سرمدا", "Idleb")]


def test_concern_over_reports_of_fighting_is_no_fighting_where_it_is_voiced():
    assert events_of("وفي واشنطن، قالت وزارة الخارجية الأميركية الجمعة الماضي إنها «تشعر بقلق عميق بسبب "
                     "تقارير عن اندلاع قتال في مناطق كثيرة من بوروندي».") == []


def test_a_capital_acts_for_its_state_and_a_foreign_power_is_the_government_at_home():
    text = ("قال الجيش التركي إن جنديين قتلا في هجوم لمسلحين أكراد في إقليم أغري شرقي تركيا. وزادت وتيرة "
            "هجمات مقاتلي حزب العمال الكردستاني في جنوب شرق تركيا منذ منتصف يوليو وتصاعدت أكثر منذ أن "
            "بدأت أنقرة حملة ضربات جوية على معسكرات الحزب في شمال العراق. وقال رئيس إقليم كردستان العراق "
            "إن على الطرفين العودة إلى الحوار.")
    evs = events_of(text, published="2015-08-03")
    strikes = [e for e in evs if e.sub_event_type == "Air/drone strike"]
    assert strikes and all(e.actor1 == "TUR" for e in strikes)
    clashes = [e for e in evs if e.sub_event_type == "Armed clash" and e.actor1 == "OTHER"]
    assert clashes and all(e.actor2 == "TUR" for e in clashes)


def test_a_demand_to_respect_a_truce_names_its_parties_between_and_is_no_agreement():
    assert events_of("طالب الرئيس اليمني عبدربه منصور هادي المليشيات الحوثية وقوات صالح باحترام الهدنة "
                     "الإنسانية التي جرى سريانها منتصف الليلة الماضية.", published="2015-07-26") == []


def test_yemens_revolutionaries_are_no_syrian_rebels_and_iran_is_no_houthi_opponent():
    text = ("لم يجد عناصر الحرس الجمهوري في مديرية قعطبة بمحافظة الضالع بدا من الاستسلام لكتائب الثوار التي "
            "اقتحمت معسكر الصدرين أمس، بعد غارات عنيفة شنتها مقاتلات التحالف.")
    evs = events_of(text, published="2015-08-09")
    assert evs and not any("SYR_OPP" in (e.actor1, e.actor2) for e in evs)
    text = ("ساد الهدوء صنعاء مع بدء الهدنة. وقال مسؤول إن الحوثيين المدعومين من إيران خاضوا اشتباكات في ساعة "
            "مبكرة من اليوم الاثنين في محافظة تعز مع مقاتلين قبليين.")
    clashes = [e for e in events_of(text, published="2015-07-27") if e.sub_event_type == "Armed clash"]
    assert clashes and all(e.actor2 != "IRN" for e in clashes)


def test_an_attack_in_words_is_no_fighting():
    assert events_of("شن نواب، وسياسيون كويتيون، هجوما على النائب عبدالحميد دشتي، بسبب زيارته لوالد عماد "
                     "مغنية في بيروت.") == []
    assert events_of("وشن الوزير هجوما لاذعا على الحكومة في مدينة بيروت.") == []
    evs = events_of("شن مسلحون هجوما على حاجز للجيش في مدينة العريش وقتلوا 5 جنود، بحسب ما ذكرت وسائل الإعلام.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Armed clash", 5)]


def test_a_headline_that_asks_heads_a_column_whose_events_are_arguments():
    body = "\nوقد أحبطت السلطات العراقية هجوما كان يعتزم تنفيذه، بعد أن قصفت الطائرات مدينة الرمادي أمس."
    assert events_of("كيف تجذب داعش ضحاياها؟" + body) == []
    assert events_of("كيف تجذب داعش ضحاياها" + body) != []


def test_accidents_anniversaries_and_blockades_are_no_remote_violence():
    assert events_of("قالت دائرة الإطفاء في غانا إن انفجارا وقع في محطة للوقود بالعاصمة أكرا ليلة أمس ما أدى "
                     "إلى مقتل 90 شخصا.") == []
    evs = events_of("انفجرت عبوة ناسفة قرب محطة وقود في مدينة درعا ما أدى إلى مقتل 3 أشخاص.")
    assert [(e.sub_event_type, e.fatalities) for e in evs] == [("Remote explosive/landmine/IED", 3)]
    assert events_of("ويتم حاليا إحياء الذكرى السبعين لأول عملية قصف نووية في التاريخ لمدينة هيروشيما.") == []
    assert events_of("قطاع غزة مغلق عن العالم بسبب الحصار البحري والجوي الإسرائيلي.") == []
    assert "Air/drone strike" in {e.sub_event_type for e in events_of("تعرضت بلدة الحراك لقصف مدفعي وجوي عنيف.")}


def test_a_car_bomb_destroyed_before_it_went_off_is_no_blast():
    evs = events_of("وأبان المصدر أن العملية أسفرت كذلك عن تدمير ست عجلات وسيارة مفخخة في الرمادي.")
    assert "Remote explosive/landmine/IED" not in {e.sub_event_type for e in evs}
    assert [e.sub_event_type for e in events_of("انفجرت سيارة مفخخة في سوق مدينة الرمادي.")] == \
        ["Remote explosive/landmine/IED"]


def test_a_day_named_in_an_aside_does_not_move_the_story():
    text = ("أعلن الجيش انطلاق عملية لتحرير منطقة الصابري بمدينة بنغازي.\n"
            "يذكر أن قائد العملية قتل في 15 يوليو الجاري في اشتباكات مسلحة بمحور الليثي.\n"
            "وتمكنت قوات الجيش من السيطرة على فندق النوران في مدينة بنغازي.")
    took = [e for e in events_of(text, published="2015-07-25") if e.event_type == "Battles" and "territory" in e.sub_event_type]
    assert took and took[0].date == "2015-07-25"


def test_an_assassination_by_gunfire_is_one_attack_and_a_blast_hits_what_follows_bi():
    e = one("اغتال مسلحون مجهولون عنصرا سابقا في فصائل المعارضة يعمل مع الأمن العسكري، بإطلاق النار "
            "عليه في بلدة اليادودة.")
    assert (e.sub_event_type, e.actor1) == ("Attack", "UNKNOWN")
    e = one("انفجرت عبوة ناسفة بسيارة تابعة للأمن العسكري على الطريق الواصل بين بلدتي المزيريب واليادودة.")
    assert (e.location.name, e.actor1, e.actor2) == ("المزيريب", None, "SYR_GOV")


def test_a_rising_toll_of_one_strike_is_that_strike_and_a_campaign_s_tally_is_not():
    e = one("ارتفعت حصيلة ضحايا القصف على مدينة أريحا إلى 13 قتيلا بينهم 5 أطفال.")
    assert (e.sub_event_type, e.fatalities, e.location.name) == ("Shelling/artillery/missile attack", 13, "أريحا")
    assert events_of("ارتفعت حصيلة قتلى القصف على ريف إدلب منذ بداية الحملة إلى 300 مدني.") == []


def test_a_terrorist_act_that_targeted_a_mosque_is_no_shelling():
    assert "Shelling/artillery/missile attack" not in {
        e.sub_event_type for e in events_of("أدانت الرابطة العمل الإرهابي الذي استهدف مسجدا في مقر قوات الطوارئ بمدينة أبها.")}
    e = one("قتل مدنيان جراء استهداف مدرسة تأوي نازحين في بلدة طفس.")
    assert (e.sub_event_type, e.fatalities, e.actor2) == ("Shelling/artillery/missile attack", 2, "CIVILIANS")


def test_its_forces_are_the_party_named_before_them_and_a_camp_stormed_with_civilians_killed_is_an_attack():
    e = one("أعلن الجيش السوداني أن قواته أسقطت مسيرتين أطلقتهما الدعم السريع باتجاه مدينة بورتسودان.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Disrupted weapons use", "SDN_SAF", "SDN_RSF")
    e = one("قالت لجان مقاومة الفاشر إن الدعم السريع اقتحمت مخيم أبو شوك وقتلت 40 مدنيا على الأقل.")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == ("Attack", "SDN_RSF", "CIVILIANS", 40)
    # storming a camp held by fighters, no civilians named, stays fighting
    e = one("اقتحمت قوات النظام مخيم اليرموك جنوب دمشق بعد معارك مع تنظيم داعش.")
    assert e.sub_event_type == "Armed clash"
    e = one("قصفت قوات الدعم السريع بالمسيرات محطة الكهرباء الرئيسية في مدينة مروي بالولاية الشمالية.")
    assert (e.location.name, e.location.country) == ("مروي", "Sudan")


def test_the_rebel_militia_is_the_houthis_in_yemen_and_fighters_who_flee_are_no_displaced():
    text = ("أكد رئيس هيئة الأركان اليمني أن المقاومة الشعبية استعادت السيطرة على قاعدة العند العسكرية في "
            "محافظة لحج، وأن نهاية المليشيات المتمردة باتت وشيكة.")
    e = one(text, published="2015-07-31")
    assert (e.actor1, e.actor2) == ("YEM_GOV", "HOUTHI")
    evs = events_of("أفاد سكان في مدينة لودر في محافظة أبين اليمنية عن فرار مئات المسلحين من صفوف الحوثيين.")
    assert "Displacement" not in {e.sub_event_type for e in evs}


def test_a_weapon_bearing_name_before_a_verb_of_striking_is_the_strike_too():
    evs = events_of("وأشار إلى أن مروحيات النظام استهدفت اليوم بلدة اليادودة.")
    assert [(e.sub_event_type, e.location.name, e.actor1) for e in evs] == [("Air/drone strike", "اليادودة", "SYR_GOV")]
    assert events_of("وأشار إلى أن مروحيات النظام عادت إلى قاعدتها في مطار الثعلة.") == []


def test_a_condemnation_or_a_trial_names_an_event_reported_elsewhere():
    assert events_of("الكويت وقطر تدينان التفجير الإجرامي الذي استهدف مسجد قوات الطوارئ في عسير.") == []
    assert events_of("استأنفت المحكمة محاكمة المتهمين بتفجير مسجد الإمام الصادق في الكويت.") == []


def test_the_towns_a_road_leads_to_are_not_where_it_was_struck_and_a_convoy_struck_is_a_target():
    evs = events_of("قصفت الطائرات الروسية رتلا على الطريق المؤدي إلى مدينة سراقب قرب بلدة النيرب.")
    assert [(e.sub_event_type, e.location.name) for e in evs] == [("Air/drone strike", "النيرب")]
    evs = events_of("قتل عناصر من التنظيم جراء استهداف آليات على الطرق المؤدية إلى حلب وحماة ومناطق بريف الحسكة.")
    assert {e.location.name for e in evs} == {"الحسكة"}


def test_the_accuser_is_no_side_and_a_verb_that_merely_ends_like_a_casualty_word_marks_no_victim():
    e = one("اتهمت المعارضة قوات النظام باستخدام غاز الكلور في قصف استهدف بلدة اللطامنة بريف حماة.")
    assert (e.sub_event_type, e.actor1) == ("Chemical weapon", "SYR_GOV") and e.actor2 != "SYR_OPP"
    # "ألقى" ends like "لقي" (met his death): the gunmen are the doers, the citizens the victims
    e = one("ألقى مجهولون قنبلة يدوية على منزل أحد المواطنين في مدينة جاسم.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Grenade", "UNKNOWN", "CIVILIANS")


def test_a_refusal_with_its_subject_between_and_a_child_wounded_by_a_party_s_fire():
    assert events_of("رفض وجهاء مدينة نوى تسليم السلاح الفردي وطالبوا بضمانات روسية.") == []
    assert [e.sub_event_type for e in events_of("سلم وجهاء مدينة نوى السلاح الثقيل للجنة الأمنية.")] == \
        ["Disrupted weapons use"]
    e = one("أصيب طفل بنيران قوات النظام في بلدة طفس.")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Attack", "SYR_GOV", "CIVILIANS")
    e = one("قتل عنصر من قوات النظام وأصيب آخران برصاص مجهولين استهدفوا حاجزا قرب بلدة عتمان.")
    assert (e.actor1, e.actor2) == ("UNKNOWN", "SYR_GOV")


def test_a_country_named_as_a_place_is_no_opponent_in_the_article_s_fighting():
    text = ("قتل 12 متشددا من تنظيم داعش في اشتباكات مع قوات الأمن في مدينة الشيخ زويد بشمال سيناء في مصر.\n"
            "وتقع المنطقة قرب الحدود مع إسرائيل.")
    clash = [e for e in events_of(text, published="2015-08-06") if e.sub_event_type == "Armed clash"]
    assert clash and all(e.actor2 != "ISR" for e in clash)


def test_what_an_act_answers_and_strikes_only_allowed_are_no_events():
    evs = events_of("قصفت تركيا مواقع لتنظيم داعش قرب مدينة جرابلس ردا على مقتل أحد جنودها بإطلاق نار من قبل متطرفين.")
    assert "Armed clash" not in {e.sub_event_type for e in evs}
    assert events_of("قالت الصحيفة إن تركيا وافقت على السماح للجيش الأمريكي بشن ضربات جوية من قاعدة إنجرليك.") == []


def test_an_attack_being_prepared_and_a_raid_as_a_purpose_are_no_events():
    evs = events_of("في غضون ذلك، أفشلت طائرات التحالف العربي هجوما كانت ميليشيات الحوثي تحضر له لمداهمة "
                    "مدينة عدن مما أدى إلى مقتل أكثر من 23 حوثيا.")
    assert [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in evs] == \
        [("Air/drone strike", "COALITION_YEM", "HOUTHI", 23)]
    assert [e.sub_event_type for e in events_of("تعرض الشاب للاعتقال على حاجز في مدينة درعا.")] == ["Arrests"]


def test_meetings_and_contracts_outside_any_conflict_are_no_talks_and_their_father_is_no_raid():
    assert events_of("عقدت وزارة الحج ثلاثة اجتماعات متواصلة مع ممثلي شركات الحج والعمرة في مدينة جدة.") == []
    assert events_of("وقعت الهيئة اتفاقية مع شركة الاتصالات لتنفيذ الشبكة في مدينة ينبع.") == []
    assert events_of("قدم والدهم شكوى إلى المحكمة العامة في مدينة جدة.") == []
    # talks between parties to a war stay talks
    e = one("عقد الوفد الروسي اجتماعا مع فريق إدارة الأزمة في مدينة درعا.")
    assert e.sub_event_type == "Negotiation"


def test_a_strike_verb_whose_means_the_clause_names_later_is_one_strike_of_that_kind():
    e = one("قصفت قوات النظام مواقع المعارضة في بلدة طفس في 12 غارة جوية")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Air/drone strike", "SYR_GOV", "SYR_OPP")
    e = one("قصفت قوات النظام بلدة طفس بطائرة مسيرة")
    assert e.sub_event_type == "Air/drone strike"
    # a means in another clause is another strike
    evs = events_of("قصفت قوات النظام بلدة طفس بالمدفعية، وشن الطيران الروسي غارات على بلدة نوى")
    assert sorted((e.sub_event_type, e.location.name) for e in evs) == [
        ("Air/drone strike", "نوى"), ("Shelling/artillery/missile attack", "طفس")]


def test_a_clause_set_against_the_one_before_takes_nothing_from_it():
    evs = events_of("قصفت قوات النظام بلدة طفس، في حين شنت الطائرات غارات على نوى")
    assert sorted((e.sub_event_type, e.location.name) for e in evs) == [
        ("Air/drone strike", "نوى"), ("Shelling/artillery/missile attack", "طفس")]
    evs = events_of("قصفت قوات النظام بلدة طفس، وفي المقابل قصفت الفصائل مواقع النظام في بلدة نوى")
    by_place = {e.location.name: (e.actor1, e.actor2) for e in evs}
    assert by_place["نوى"] == ("SYR_OPP", "SYR_GOV") and by_place["طفس"][0] == "SYR_GOV"


def test_the_day_of_a_statement_does_not_date_what_it_reports():
    text = ("قال الجيش الأمريكي يوم أمس السبت إن الولايات المتحدة وحلفاءها قصفوا أهدافا تابعة "
            "لتنظيم الدولة الإسلامية في العراق في 23 غارة جوية يوم الجمعة بالقرب من تلعفر والرمادي.")
    evs = events_of(text, published="2015-07-19")
    assert sorted(e.location.name for e in evs) == ["الرمادي", "تلعفر"]
    # Iraq's Tal Afar (the sentence says "في العراق"), not the Hasakeh village of the name
    assert {(e.sub_event_type, e.location.country, e.actor1, e.actor2, e.date) for e in evs} == {
        ("Air/drone strike", "Iraq", "USA", "ISIS", "2015-07-17")}
    # a day that is not in the reported clause still dates it
    e = one("قال المرصد أمس السبت إن قوات النظام قصفت بلدة طفس", published="2018-07-08")
    assert e.date == "2018-07-07"


def test_a_backer_is_neither_the_doer_nor_the_other_side():
    # "those forces" are the loyalists of the sentence before; the coalition only backs them and,
    # an ally, is not their other side either
    e = events_of("أكملت القوات الموالية للشرعية أمس السيطرة على منطقة التواهي في عدن. واستعادت تلك "
                  "القوات ضمن عملية السهم الذهبي وبدعم من طيران التحالف، مناطق كريتر وخور مكسر",
                  published="2015-07-24")
    assert {(x.sub_event_type, x.actor1, x.actor2) for x in e} == {
        ("Government regains territory", "YEM_GOV", None)}


def test_what_a_strike_hit_is_its_target_not_reinforcements_sent():
    e = one("قصف طيران التحالف في محافظة شبوة جنوب البلاد تعزيزات للحوثيين", published="2015-07-24")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Air/drone strike", "COALITION_YEM", "HOUTHI")
    evs = events_of("قصفت قوات النظام بلدة طفس، وأرسلت تعزيزات إلى بلدة نوى")
    assert sorted((x.sub_event_type, x.location.name) for x in evs) == [
        ("Other", "نوى"), ("Shelling/artillery/missile attack", "طفس")]


def test_a_group_named_by_its_habit_and_a_condemnation_by_ndd_are_no_events():
    assert events_of("وتتهم السلطات الأفغانية الاستخبارات الباكستانية بالوقوف وراء حركة طالبان التي تشن "
                     "هجمات ضد القوات الأفغانية") == []
    assert events_of("ندد الائتلاف بالقصف الذي استهدف بلدة طفس أمس") == []
    assert events_of("شكلت التغريدات تظاهرة فكرية في مدينة درعا ضد الإرهاب") == []
    # a protest against shelling is still a protest
    e = one("خرج أهالي مدينة جاسم في مظاهرة تنديدا بالقصف على طفس")
    assert (e.sub_event_type, e.location.name) == ("Peaceful protest", "جاسم")


def test_a_verbal_noun_after_a_preposition_has_its_object_after_it():
    e = one("تمكنت المقاومة الشعبية من طرد الحوثيين من مدينة عدن", published="2015-07-24")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Government regains territory", "YEM_GOV", "HOUTHI")
    # a doer no party names: still not the expelled
    e = one("تمكن المقاتلون الموالون لهادي من طرد الحوثيين من مدينة عدن", published="2015-07-24")
    assert e.actor1 != "HOUTHI" and e.actor2 == "HOUTHI"
    # the verb itself reaches its object six words on
    e = one("طردت قوات النظام عناصر داعش من بلدة طفس")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Government regains territory", "SYR_GOV", "ISIS")
    # after a preposition with no doer before it, the genitive is the doer
    e = one("قتل مدنيان في قصف قوات النظام على بلدة طفس")
    assert (e.actor1, e.actor2) == ("SYR_GOV", "CIVILIANS")


def test_an_attack_carried_out_by_a_party_names_its_doer_and_a_distant_condemner_condemns():
    e = one("قتل ثلاثة جنود في هجوم شنه تنظيم داعش على حاجز لقوات النظام في بلدة طفس")
    assert e.actor1 == "ISIS"
    assert events_of("ندد وزير الخارجية الأردني أيمن الصفدي اليوم بالتفجير الإرهابي في مدينة درعا") == []


def test_a_word_that_reads_as_a_nationality_is_no_town_after_an_indefinite_place_word():
    assert events_of("سقط نحو 30 قتيلا في انفجار استهدف مركزا ثقافيا في بلدة تركية قريبة من الحدود") == []


def test_an_operation_named_by_its_aim_and_a_truce_as_a_purpose_are_no_events():
    assert events_of("أعلنت وزارة الدفاع في العراق انتهاء أول مرحلة من مراحل عملية استعادة الأنبار من "
                     "سيطرة تنظيم داعش بنجاح.") == []
    assert events_of("قال الناشط إن إيران أرسلت مبادرة لثوار مدينة الزبداني لعقد هدنة خاصة") == []
    # the side a town is taken from is the other side, whichever is named first
    e = one("أعلن الجيش العراقي استعادة مدينة الرمادي من سيطرة تنظيم داعش")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Government regains territory", "IRQ_GOV", "ISIS")


def test_an_ally_is_never_the_other_side():
    e = one("قتل خمسة مدنيين بغارات لطائرات النظام وروسيا على مدينة نوى")
    assert e.actor1 == "SYR_GOV" and e.actor2 == "CIVILIANS"


def test_a_group_that_destroys_a_building_destroys_property_strikes_do_not():
    evs = events_of("قام تنظيم داعش اليوم بتدمير ملعب الرمادي الأولمبي في مدينة الرمادي غربي العراق",
                    published="2015-07-19")
    assert [(e.sub_event_type, e.actor1) for e in evs] == [("Looting/property destruction", "ISIS")]
    e = one("دمرت الغارات مبنى البلدية في مدينة نوى")
    assert e.sub_event_type == "Air/drone strike"


def test_an_air_base_with_no_name_is_no_landmark():
    e = one("قال سكان إن المقاتلين المؤيدين للرئيس اليمني استعادوا السيطرة على قاعدة جوية في محافظة لحج",
            published="2015-08-06")
    assert (e.sub_event_type, e.location.name, e.actor1) == ("Government regains territory", "لحج", "YEM_GOV")


def test_jets_deployed_works_contracted_and_snipers_still_in_place_are_no_events():
    assert events_of("ونشرت واشنطن أمس مقاتلات من طراز إف 16 في قاعدة إنجرليك بجنوب تركيا",
                     published="2015-08-10") == []
    assert events_of("وذكر المحافظ في مؤتمر صحافي في عدن أنه تم الاتفاق مع مدير الأشغال العامة لجلب "
                     "مقاولين لإعادة تأهيل الميناء", published="2015-07-21") == []
    assert events_of("وأوضح القيادي أن هناك قناصة لا يزالون متمركزين في مباني المعاشيق بكريتر",
                     published="2015-07-21") == []


def test_a_name_with_a_possessive_pronoun_is_no_place():
    assert events_of("استهدف تنظيم داعش مسجدا لتحقيق مآربه السياسية") == []


def test_violence_against_civilians_has_civilians_as_its_other_side_and_awaited_strikes_are_none():
    e = one("أعلن وزير الدفاع العراقي أن عشرة مدنيين في مدينة الموصل أعدموا أمس على أيدي متشددي تنظيم داعش",
            published="2015-08-09")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == ("Attack", "ISIS", "CIVILIANS", 10)
    assert events_of("وأشار إلى أن المقاومة اقتربت من مطار تعز، وبانتظار بدء عمليات تحالف الحزم الجوية "
                     "للمساعدة في اقتحام تلك المواقع", published="2015-08-06") == []
    # an operation to complete a liberation is no regain
    assert events_of("تزامنت عملية استكمال تحرير عدن من قبضة الحوثيين مع الإعلان عن الاتفاق النووي",
                     published="2015-07-21") == []


def test_where_aircraft_set_off_from_is_not_where_they_hit_and_targets_by_their_positions():
    e = one("وقال المسؤول إن مقاتلات إف 16 ضربت أهدافا لتنظيم داعش في الموصل وانطلقت من قاعدة جوية "
            "في إقليم ديار بكر بجنوب شرق تركيا", published="2015-07-31")
    assert (e.sub_event_type, e.location.name, e.actor2) == ("Air/drone strike", "الموصل", "ISIS")
    e = one("شنت الطائرات الروسية المنطلقة من قاعدة حميميم غارات على مدينة إدلب")
    assert (e.location.name, e.actor1) == ("إدلب", "RUS")


def test_a_nuclear_deal_and_the_hope_that_fighting_stops_are_no_events():
    assert events_of("وسيناقش دور إيران بعد التوصل إلى الاتفاق بشأن برنامج طهران النووي في فيينا",
                     published="2015-08-03") == []
    assert events_of("أعرب المبعوث الأممي عن أمله في أن يزور محافظة عدن قريبا وأن يتحقق السلام وتتوقف "
                     "المعارك", published="2015-07-26") == []


def test_an_arrival_that_says_when_a_blast_went_off_is_no_event_of_its_own():
    e = one("وقالت القيادة العسكرية إن سيارة مفخخة انفجرت عند وصول قافلة مدرعات تابعة للقوات الخاصة في بلدة طفس")
    assert e.sub_event_type == "Remote explosive/landmine/IED"


def test_who_holds_the_place_is_no_doer_and_fire_from_positions_names_the_doer():
    e = one("وقال المرصد تحطمت الطائرة اثناء قصفها حيا في وسط مدينة اريحا الواقعة بمحافظة ادلب والتي "
            "تسيطر عليها فصائل المعارضة")
    assert e.sub_event_type == "Air/drone strike" and e.actor1 != "SYR_OPP"
    e = one("سقط عدد من الضحايا المدنيين في مخيم درعا نتيجة القصف العنيف الذي تعرض له من مواقع قوات الأسد")
    assert (e.actor1, e.actor2) == ("SYR_GOV", "CIVILIANS")
    # the army of a Lebanese report is Lebanon's
    e = one("قال بيان صادر عن قيادة الجيش اللبناني إن قوة من الجيش أوقفت ثلاثة أشخاص في زحلة")
    assert (e.sub_event_type, e.actor1) == ("Arrests", "OTHER")


def test_a_relative_clause_tells_of_another_act_with_its_own_parties():
    evs = events_of("اندلعت اشتباكات بين الفصائل وقوات النظام في بلدة طفس قرب مدينة نوى التي تشهد اشتباكات "
                    "بين تنظيم داعش والفصائل")
    assert {(e.location.name, e.actor1, e.actor2) for e in evs} == {
        ("طفس", "SYR_OPP", "SYR_GOV"), ("نوى", "ISIS", "SYR_OPP")}


def test_countries_a_road_or_crossing_joins_are_places_not_parties():
    e = one("سيطرت قوات النظام على معبر نصيب الحدودي الذي كان يربط الأردن وتركيا")
    assert (e.actor1, e.actor2) == ("SYR_GOV", None)


def test_a_place_described_by_distance_and_direction_is_where_and_the_fullest_toll_stands():
    text = ("تجددت الاشتباكات بين الطوارق وقبيلة تبو في مدينة سبها جنوب ليبيا. وأوضح عميد البلدية هاتفيا "
            "من سبها الواقعة على مسافة 700 كيلومتر تقريبا جنوبي طرابلس، أن الاشتباكات أدت إلى مقتل 29 شخصا.")
    evs = events_of(text, published="2015-07-22")
    assert [(e.sub_event_type, e.location.name, e.fatalities) for e in evs] == [("Armed clash", "سبها", 29)]


def test_flights_are_no_air_strike_and_a_checkpoint_with_no_name_is_no_landmark():
    evs = events_of("توقفت الرحلات الجوية إلى طرابلس العاصمة منذ أشهر بسبب المعارك", published="2015-07-22")
    assert all(e.sub_event_type != "Air/drone strike" for e in evs)
    e = one("اندلعت اشتباكات عند حاجز أمني في مدينة سبها جنوب ليبيا", published="2015-07-22")
    assert e.location.name == "سبها"


def test_what_an_earlier_act_hit_is_no_later_doer_and_a_former_occupier_is_the_other_side():
    evs = events_of("شنت طائرات التحالف غارات جوية على مواقع للحوثيين في مأرب، فيما أكدت مصادر عسكرية نجاح "
                    "القوات الحكومية في الدخول إلى مدينة زنجبار", published="2015-08-09")
    assert {(e.location.name, e.actor1, e.actor2) for e in evs if e.location.name == "زنجبار"} == {
        ("زنجبار", "YEM_GOV", "HOUTHI")}
    evs = events_of("سيطرت القوات الشرعية على كافة المواقع التي كانت تحتلها ميليشيات الحوثي في محافظة الضالع، "
                    "في حين دخلت إلى مدينة زنجبار", published="2015-08-09")
    takeovers = [e for e in evs if e.event_type == "Battles"]
    assert [(e.sub_event_type, e.location.name, e.actor1, e.actor2) for e in takeovers] == [
        ("Government regains territory", "الضالع", "YEM_GOV", "HOUTHI")]


def test_the_attacks_after_strikes_are_those_strikes_and_the_arab_coalition_in_syria_is_the_international_one():
    evs = events_of("وقالت قوة المهام المشتركة في بيان إنه تم تنفيذ تسع ضربات جوية في سوريا قرب مدينة الحسكة، "
                    "كما استهدفت الهجمات أيضا أهدافا قرب الرقة", published="2015-08-09")
    assert {e.sub_event_type for e in evs} == {"Air/drone strike"}
    e = one("قتل عشرات من عناصر تنظيم داعش جراء غارات التحالف العربي على مقار التنظيم في مدينة الرقة")
    assert (e.actor1, e.actor2) == ("USA", "ISIS")
    # "للقاعدة وإن": no landmark named "وإن"
    from rasd.kb import find_mentions
    assert not [m for m in find_mentions("كان يشرف على العمليات للقاعدة وإن مقتله ضربة") if m.data.get("landmark")]


def test_a_raid_campaign_that_targeted_members_is_no_shelling():
    e = one("شنت قوات النظام حملات دهم استهدفت عناصر سابقين في الفصائل في بلدة طفس")
    assert (e.sub_event_type, e.actor1) == ("Arrests", "SYR_GOV")


def test_an_almanac_line_concern_and_no_comment_are_no_events_and_the_attacks_are_the_bombings():
    assert events_of("1951 - اغتيال العاهل الاردني الملك عبدالله في باحة المسجد الاقصى في القدس.") == []
    assert events_of("ورفضت متحدثة باسم الجيش الاسرائيلي في القدس التعليق حين سئلت عن صحة التقارير الخاصة "
                     "بالضربة الجوية.") == []
    assert events_of("أعرب مبعوث الأمم المتحدة عن قلقه العميق إزاء حالة السكان في مدينة الزبداني جراء القصف "
                     "بالبراميل المتفجرة") == []
    e = one("واستهدف أكثر الهجمات دموية منطقة بغداد الجديدة في شرقي العاصمة، حيث أدى تفجير سيارة مفخخة "
            "إلى مقتل 19 شخصا", published="2015-07-23")
    assert (e.sub_event_type, e.fatalities) == ("Remote explosive/landmine/IED", 19)


def test_a_nationality_after_the_trigger_beats_a_party_outside_its_reported_clause():
    e = one("قال تلفزيون المنار التابع لحزب الله اللبناني اليوم الاربعاء ان ضربة اسرائيلية جوية نفذتها "
            "طائرة بلا طيار استهدفت سيارة في القنيطرة في جنوب غرب سوريا وقتلت عضوين من حزب الله",
            published="2015-07-29")
    assert (e.sub_event_type, e.actor1, e.actor2, e.fatalities) == ("Air/drone strike", "ISR", "SYR_PROGOV", 2)


def test_what_strikes_ran_parallel_to_is_their_circumstance():
    e = one("وفي موازاة التقدم الميداني، شنت طائرات التحالف العربي غارات على مواقع المتمردين في محافظة صعدة",
            published="2015-07-29")
    assert (e.sub_event_type, e.actor1) == ("Air/drone strike", "COALITION_YEM")


def test_water_cannon_is_no_shelling_and_a_photo_from_the_air_no_strike():
    evs = events_of("وفي مدينة إسطنبول استخدمت الشرطة الغاز المسيل للدموع ومدافع المياه لتفريق محتجين.",
                    published="2015-07-21")
    assert "Shelling/artillery/missile attack" not in {e.sub_event_type for e in evs}
    assert "Protest with intervention" in {e.sub_event_type for e in evs}
    assert events_of("صورة جوية تظهر المياه وهي تغمر قرية قرب مدينة الموصل.", published="2015-08-01") == []
    assert [e.sub_event_type for e in events_of("قصفت مدفعية النظام بلدة طفس.", published="2015-08-01")] \
        == ["Shelling/artillery/missile attack"]


def test_what_a_side_could_do_next_and_what_happens_daily_are_no_events():
    # the mood of "بإمكانها" reaches past a source set off by commas and over the nouns joined to it
    assert events_of("وإذا سقطت البلدة يصبح بإمكان الفصائل، بحسب المصدر، التقدم نحو مدينة جسر الشغور "
                     "واستهداف القرى المحيطة بها.") == []
    assert events_of("ويصبح بإمكانها، بحسب المصدر، التقدم نحو مدينة جسر الشغور واستهداف القرى المحيطة بها.") == []
    assert events_of("وتتعرض قرى جبل الأكراد لقصف صاروخي باستمرار من قبل الفصائل.") == []
    assert events_of("ويشن الطيران يوميا غارات على مواقع التنظيم في محيط مدينة الرقة.") == []
    # "باستمرار" before a definite noun is "by going on with", no adverb of habit
    assert [e.sub_event_type for e in events_of("قصفت قوات النظام بلدة طفس، وقالت المعارضة إن النظام يرد "
                                                "باستمرار القصف على المدنيين.")][:1] == \
        ["Shelling/artillery/missile attack"]


def test_the_subject_of_a_verb_of_ability_takes_what_it_managed_whatever_stands_between():
    e = one("وتمكنت الفصائل المقاتلة بعد سلسلة هجمات نفذتها وهجمات مضادة من قوات النظام في سهل الغاب "
            "من السيطرة على قرية المنصورة.", published="2015-08-05")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Non-state actor overtakes territory", "SYR_OPP", "SYR_GOV")


def test_the_attack_named_as_the_time_of_something_else_is_no_second_attack():
    text = ("قتل 30 شخصا في تفجير انتحاري استهدف مركزا ثقافيا في مدينة سروج التركية يوم الاثنين.\n"
            "وغداة الهجوم، أقيمت صلاة الجنازة في جامع بمدينة غازي عنتاب.\n"
            "وتعهدت المستشارة الألمانية بتقديم مساندة عقب الهجوم الإرهابي الذي تعرضت له مدينة سروج.")
    evs = events_of(text, published="2015-07-21")
    assert [(e.sub_event_type, e.location.name) for e in evs] == [("Suicide bomb", "سروج")]


def test_a_match_report_s_words_of_war_are_no_events():
    assert events_of("وفي الشوط الثاني من المباراة التي أقيمت في مدينة جدة، شن الأهلي هجوما قويا وسيطر "
                     "على مجريات اللعب.") == []
    assert events_of("وأمام 60 ألف متفرج في مدينة الرياض، انتزع الهلال فوزا ثمينا على النصر.") == []
    # a blast by a stadium is still a blast, and "elected" or "periodic" are no sport
    assert [e.sub_event_type for e in events_of("انفجرت سيارة مفخخة قرب ملعب المدينة الرياضية بعد المباراة "
                                                "في مدينة بغداد.")] == ["Remote explosive/landmine/IED"]
    assert [e.sub_event_type for e in events_of("وعقدت الهيئة السياسية المنتخبة حديثا جولة مفاوضات مع "
                                                "الوفد الروسي في مدينة إسطنبول.")] == ["Negotiation"]


def test_settlers_who_burn_a_home_are_its_doers_and_attacking_homes_is_an_attack():
    e = one("وقتل طفل فلسطيني بعد قيام مستوطنين متطرفين بإحراق منزل عائلته في قرية دوما قرب نابلس.",
            published="2015-07-31")
    assert e.actor1 == "OTHER" and e.actor1 != "CIVILIANS"
    evs = events_of("وقال شهود إن مستوطنين هاجموا منزلين في قرية دوما قرب نابلس فجر الجمعة.",
                    published="2015-07-31")
    assert [(e.event_type, e.sub_event_type, e.actor1) for e in evs] == \
        [("Violence against civilians", "Attack", "OTHER")]


def test_in_a_report_about_turkey_the_bare_army_is_turkeys_and_kurdish_militants_the_pkk():
    text = ("أعلن الجيش التركي مقتل ثلاثة جنود أتراك حين فتح عناصر من حزب العمال الكردستاني النار على قافلة "
            "عسكرية في محافظة شرناق جنوب شرقي تركيا.\n"
            "وأشار الجيش إلى أن المسلحين الأكراد نصبوا كمينا للقافلة في ولاية شرناق على الحدود مع سورية والعراق.")
    evs = events_of(text, published="2015-07-31")
    assert evs and all(e.location.country == "Turkey" for e in evs)
    assert {(e.actor1, e.actor2) for e in evs if e.event_type == "Battles"} == {("OTHER", "TUR")}


def test_a_protests_cause_and_a_remembrance_are_no_new_events():
    text = ("تظاهر نحو مئتي شخص في بروكسل للتنديد بالغارات التي يشنها الجيش التركي على مواقع حزب العمال "
            "الكردستاني. وأحيا المتظاهرون ذكرى الضحايا ال32 الذين قضوا في العملية الانتحارية في سوروتش.")
    assert [e.sub_event_type for e in events_of(text, published="2015-08-09")] == ["Peaceful protest"]


def test_suffocation_in_a_fire_is_no_chemical_weapon_and_refusing_to_fight_no_battle():
    assert events_of("نشب حريق في مطبخ قاعة أفراح بمدينة أبها خلف 6 حالات بين هلع واختناق.",
                     published="2015-08-01") == []
    assert [e.sub_event_type for e in events_of("أصيب 20 مدنيا بحالات اختناق إثر قصف بغاز الكلور على بلدة "
                                                "سرمين.", published="2015-08-01")] == ["Chemical weapon"]
    assert events_of("رفض عدد كبير من ضباط الحرس الجمهوري المشاركة في عمليات القتال في عدن ولحج.",
                     published="2015-08-04") == []


def test_the_subject_of_a_verb_of_ability_right_before_the_deed_is_its_doer():
    e = one("وفي الشمال الشرقي، استطاع المقاتلون الأكراد السيطرة على مدينة تل أبيض بعد معارك مع تنظيم داعش.",
            published="2015-07-21")
    assert (e.sub_event_type, e.actor1) == ("Non-state actor overtakes territory", "SDF")


def test_an_aircrafts_missile_is_an_air_strike_and_a_raid_on_aid_or_a_journey_to_fight_no_event():
    e = one("وقال المصدر إن طائرة عسكرية عراقية أطلقت صاروخين على أحد المنازل في مدينة الرطبة غربي العراق.",
            published="2015-07-31")
    assert e.sub_event_type == "Air/drone strike"
    assert [e.sub_event_type for e in events_of("أطلقت قوات النظام صاروخين على مدينة درعا.")] == \
        ["Shelling/artillery/missile attack"]
    assert events_of("وتقول روسيا إن آلافا من مواطنيها سافروا إلى مدينة الرقة للقتال في صفوف التنظيم.",
                     published="2015-08-03") == []
    assert events_of("وكانت آخر عمليات الإغارة على المواد الإغاثية الاعتداء على قافلة متجهة إلى مدينة تعز.",
                     published="2015-08-04") == []


def test_measures_that_target_someone_and_a_long_named_condemner_give_no_event():
    assert events_of("واستهدفت هذه الإجراءات القضائية صلاح الدين دمرتاش زعيم حزب الشعوب الديمقراطي في تركيا.",
                     published="2015-08-02") == []
    assert events_of("أدانت الأمانة العامة لهيئة كبار العلماء وبشدة العمل الإجرامي الدنيء الذي استهدف مسجد "
                     "قوات الطوارئ في منطقة عسير.", published="2015-08-06") == []


def test_who_reports_a_bombing_before_that_is_not_its_bomber():
    e = one("أكد المتحدث الأمني لوزارة الداخلية السعودية أن منفذ تفجير مسجد قوات الطوارئ في منطقة عسير "
            "فجر نفسه وسط المصلين.", published="2015-08-08")
    assert e.actor1 != "COALITION_YEM"


def test_a_deadly_attack_placed_only_at_a_far_country_is_kept_and_other_country_only_events_are_not():
    e = one("قتل خمسة أشخاص خلال هجوم شنه مسلحون على مركز للشرطة في الهند.", published="2015-07-27")
    assert (e.location.name, e.location.country, e.fatalities) == ("الهند", "India", 5)
    assert e.location.lat is not None
    # a meeting, or an attack that killed no one, in such a country; any event in Syria alone
    assert events_of("وعقد وزيرا خارجية البلدين اجتماعا في الهند لبحث الاتفاق.", published="2015-07-27") == []
    assert events_of("هاجم مسلحون مركزا للشرطة في الهند.", published="2015-07-27") == []
    assert events_of("قتل خمسة أشخاص خلال هجوم شنه مسلحون على مركز للشرطة في سوريا.", published="2015-07-27") == []


def test_these_forces_are_the_forces_named_before_and_a_fistfight_is_no_clash():
    e = one("باتت القوات الموالية للرئيس اليمني عبد ربه منصور هادي على بعد مئة كيلومتر من صنعاء التي يسيطر "
            "عليها المتمردون الحوثيون، وذلك بعد أن سيطرت هذه القوات المدعومة من التحالف على مدينة عتق.",
            published="2015-08-11")
    assert (e.sub_event_type, e.actor1, e.actor2) == ("Government regains territory", "YEM_GOV", "HOUTHI")
    assert events_of("تدخلت الجهات الأمنية في المدينة المنورة أمس لفض اشتباكات بالأيدي بين أحد الأطباء "
                     "وذوي مريضة.", published="2015-08-06") == []


def test_a_building_named_after_a_region_is_where_the_place_after_its_descriptor_says():
    e = one("أعلنت قيادة العمليات المشتركة تحرير جامعة الانبار الواقعة في مدينة الرمادي من سيطرة تنظيم داعش.",
            published="2015-07-26")
    assert (e.sub_event_type, e.location.name) == ("Government regains territory", "الرمادي")
    # a place that describes a place before it still gives way to it
    e = one("وجاء إجلاء الدفعة الأولى من المقاتلين من محافظة القنيطرة التي تضم هضبة الجولان.",
            published="2018-07-20")
    assert e.location.name == "القنيطرة"


def test_an_attacked_bus_carrying_police_is_no_evacuation():
    evs = events_of("وأوضحت المصادر الأمنية أن الهجوم وقع على أطراف مدينة العريش مستهدفا الحافلة المدنية التي كانت "
                    "تقل شرطيين في طريقهم لقضاء إجازتهم.", published="2015-07-26")
    assert "Displacement" not in {e.sub_event_type for e in evs}
    assert [e.sub_event_type for e in events_of("خرجت 19 حافلة تقل مقاتلين ومدنيين من مدينة درعا.")] == ["Displacement"]


def test_joining_founding_or_looting_needs_a_party_as_its_doer():
    assert events_of("لا شك أن الاستقرار الذي يشهده السوق العقاري في دبي يصب في صالح المستهلك مع انضمام المزيد "
                     "من خيارات الإسكان.", published="2015-08-01") == []
    assert events_of("وتنطلق مساء غد فعاليات مهرجان العسل في مقره الجديد بمدينة الطائف.", published="2015-08-01") == []
    e = one("أعلنت فصائل الجيش الحر العاملة في مدينة إنخل تشكيل غرفة عمليات مشتركة.", published="2018-07-03")
    assert (e.sub_event_type, e.actor1) == ("Change to group/activity", "SYR_OPP")


def test_an_arrest_by_no_named_party_is_the_conflicts_only_where_the_sentence_says_so():
    assert events_of("ألقت الجهات الأمنية القبض على مواطن قتل شقيقه في مدينة الطائف.", published="2015-08-01") == []
    evs = events_of("ألقت الجهات الأمنية القبض على خلية إرهابية تابعة لتنظيم داعش في مدينة الطائف.",
                    published="2015-08-01")
    assert "Arrests" in {e.sub_event_type for e in evs}


def test_talks_with_no_party_are_a_wars_only_where_the_sentence_names_what_wars_settle():
    # an article that names a party elsewhere does not make every meeting in it talks
    text = ("قصفت قوات النظام بلدة طفس.\n"
            "ورأس محافظ مدينة جدة اجتماعا لبحث مشاريع الواجهة البحرية.")
    assert [e.sub_event_type for e in events_of(text)] == ["Shelling/artillery/missile attack"]
    e = one("وتجري في العاصمة العمانية مسقط مفاوضات بين الأطراف اليمنية لوقف الحرب.", published="2015-08-01")
    assert e.sub_event_type == "Negotiation"
