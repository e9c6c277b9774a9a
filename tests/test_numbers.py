import pytest

from rasd.mentions.numbers import fatalities_in, find_numbers


def counts(text):
    found = find_numbers(text)
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.kind == "number" and m.ref is None
    return found


def one(text):
    found = counts(text)
    assert len(found) == 1, [(m.text, m.data["value"]) for m in found]
    return found[0]


# ------------------------------------------------------------------ reading numbers

@pytest.mark.parametrize("text,value", [
    ("شن الطيران ثلاث غارات", 3),
    ("مقتل ثلاثة مدنيين", 3),
    ("دمرت أربع دبابات", 4),
    ("أربعة أفراد بحوزتهم", 4),
    ("ثماني بلدات على الأقل", 8),
    ("عشر قذائف", 10),
    ("أحد عشر مقاتلا", 11),
    ("خمسة عشر عنصرا", 15),
    ("ثلاث عشرة سيدة", 13),
    ("اثنا عشر جنديا", 12),
    ("خمسة وعشرين عنصرا", 25),
    ("عشرين برميلا", 20),
    ("مئة برميل", 100),
    ("بأكثر من مئتي غارة", 200),
    ("مئتين من المدنيين", 200),
    ("مائتين وخمسين شخصا", 250),
    ("ثلاثمئة مقاتل", 300),
    ("ثلاث مئة مقاتل", 300),
    ("مئة وخمسون شخصا", 150),
    ("ألف شخص", 1000),
    ("ألفين من المسلحين", 2000),
    ("ثلاثة آلاف مقاتل", 3000),
    ("نحو ثمانية آلاف مسلح", 8000),
    ("أكثر من ثلاثمئة وخمسين ألف شخص", 350000),
    ("وصول 270 ألف نازح", 270000),
    ("نزوح 1.5 مليون شخص", 1500000),
    ("نزوح 62 ألفاً و263 شخصاً", 62263),
    ("بلغ عدد النازحين 12,500 نازح", 12500),
    ("١٢٬٥٠٠ نازح", 12500),
    ("38.600 شخص", 38600),
    ("مقتل ٣ مدنيين", 3),
    ("مقتل ۱۸ مدنيا", 18),
])
def test_values(text, value):
    assert one(text).data["value"] == value


@pytest.mark.parametrize("text,value,approx,minimum", [
    ("قتل أكثر من 13 مدنيا", 13, True, True),
    ("نحو 35 آلية", 35, True, False),
    ("حوالي 200 عسكري", 200, True, False),
    ("قرابة 1700 شخص", 1700, True, False),
    ("ما يقارب 311 شخص", 311, True, False),
    ("مقتل ما لا يقل عن 50 شخصا", 50, True, True),
    ("36 مدنياً على الأقل", 36, True, True),
    ("أصيب العشرات", 10, True, False),
    ("عشرات المدنيين", 10, True, False),
    ("مئات الصواريخ", 100, True, False),
    ("آلاف النازحين", 1000, True, False),
    ("عشرات الآلاف من المدنيين", 10000, True, False),
    ("مئات الآلاف من اللاجئين", 100000, True, False),
    ("30 مدنيا", 30, False, False),
])
def test_approximations(text, value, approx, minimum):
    m = one(text)
    assert (m.data["value"], m.data["approx"], m.data["min"]) == (value, approx, minimum)


def test_duals_and_number_after_its_noun():
    m = one("أعلنت الوكالة مقتل عنصرين من حكومة الوفاق")
    assert (m.data["value"], m.data["counts"], m.data["of"]) == (2, "killed", "عنصرين")
    m = one("أسقطوا طائرتين حربيتين")
    assert (m.data["value"], m.data["counts"]) == (2, "vehicles")
    m = one("مقتل مدنيين اثنين")
    assert (m.data["value"], m.data["counts"], m.text) == (2, "killed", "مدنيين اثنين")
    m = one("وإصابة طفلتين اثنتين")
    assert (m.data["value"], m.data["counts"]) == (2, "wounded")
    assert one("مقتل شخصين").data["value"] == 2
    # a sound plural is not a dual: مدنيين alone counts nothing
    assert counts("استهدف القصف المدنيين") == []


def test_single_victims():
    m = one("وأسفر القصف عن مقتل شخص")
    assert (m.data["value"], m.data["counts"]) == (1, "killed")
    m = one("واستشهد مدني، وأصيب آخرون، جراء قصف")
    assert (m.data["value"], m.data["counts"], m.data["of"]) == (1, "killed", "مدني")
    m = one("وأشار إلى مقتل القيادي في الفرقة")
    assert (m.data["value"], m.data["counts"]) == (1, "killed")
    m = one("أن مدنياً وممرضاً وعنصراً من الدفاع المدني قتلوا بقصف الطائرات")
    assert (m.data["value"], m.data["counts"]) == (3, "killed")


def test_relatives_joined_to_a_victim_count_with_their_pronoun():
    assert fatalities_in("قتلت امرأة وطفلاها في قصف مدفعي على بلدة طفس.") == 3
    assert fatalities_in("قتل رجل وزوجته وطفلاهما في غارة جوية.") == 4
    assert fatalities_in("قتل مدني وابنه وشقيقته في غارة جوية.") == 3
    # no word of killing, no toll
    assert fatalities_in("شوهدت امرأة وطفلاها قرب الحاجز.") is None


def test_a_bare_count_whose_noun_is_elided_joins_the_toll_before_it():
    assert fatalities_in("قتل 4 عناصر من قوات النظام و3 من الفصائل في اشتباكات قرب طفس.") == 7
    # not across a new clause, nor a count of something else
    assert fatalities_in("قتل 4 مدنيين في القصف، وفي 3 من الحالات كان القتلى أطفالا.") == 4


def test_killed_and_wounded_in_one_sentence():
    killed, wounded = counts("مقتل 3 مدنيين وإصابة 5 آخرين")
    assert (killed.data["value"], killed.data["counts"], killed.data["of"]) == (3, "killed", "مدنيين")
    assert (wounded.data["value"], wounded.data["counts"], wounded.data["of"]) == (5, "wounded", "آخرين")
    assert wounded.data["class"] == "civilians"  # آخرين: the same kind as the count before
    found = counts("فيما قتل ستة مدنيين بينهم أربعة أطفال وجرح أكثر من عشرة إثر غارات")
    assert [(m.data["value"], m.data["counts"]) for m in found] == [(6, "killed"), (4, "killed"), (10, "wounded")]
    found = counts("نحو 30 شخصا قُتلوا وأصيب آخرون")
    assert found[0].data["counts"] == "killed"
    found = counts("سقوط 5 قتلى و12 جريحا")
    assert [(m.data["value"], m.data["counts"]) for m in found] == [(5, "killed"), (12, "wounded")]


def test_breakdown():
    text = "كشف المكتب مقتل ما يقارب 311 شخص من بينهم 218 مدنيا و93 من عناصر الجيش السوري الحر"
    total, civ, fighters = counts(text)
    assert (total.data["value"], total.data["counts"], total.data["approx"]) == (311, "killed", True)
    assert [(b["value"], b["class"], b["of"]) for b in total.data["breakdown"]] == [
        (218, "civilians", "مدنيا"), (93, "fighters", "عناصر")]
    assert civ.data["part_of"] == total.start and fighters.data["part_of"] == total.start
    assert fighters.data["counts"] == "killed"


def test_what_is_counted():
    found = counts("نزوح أكثر من 270 ألف مدني نحو الحدود ووصول تعزيزات قوامها حوالي 200 عسكري مع نحو 35 آلية")
    assert [(m.data["value"], m.data["counts"], m.data["class"]) for m in found] == [
        (270000, "displaced", "civilians"), (200, "fighters", "fighters"), (35, "vehicles", "vehicles")]
    m = one("ألقى الطيران 66 برميلاً متفجراً")
    assert (m.data["counts"], m.data["of"]) == ("other", "برميلاً")
    m = one("نزوح 500 عائلة")
    assert (m.data["counts"], m.data["unit"]) == ("displaced", "family")


def test_things_that_are_not_counts():
    assert counts("دبابات من طراز T72 و T55") == []
    assert counts("2018.07.03 | 11:07 دمشق") == []
    assert counts("تصاعدت الحرب منذ عام 2014") == []
    assert counts("لست أدري ما يجري في القرن التاسع عشر") == []
    assert counts("تسيطر على قرابة ثلاثة أرباع المنطقة") == []
    m = one("قتل أحد الرجلين")  # one of the two
    assert (m.data["value"], m.data["counts"]) == (1, "killed")


def test_running_totals_are_marked():
    m = one("أسفرت عن مقتل أكثر من 20 ألف شخص منذ أبريل 2023")
    assert m.data["since"] is True and m.data["counts"] == "killed"


# ------------------------------------------------------------------ fatalities

@pytest.mark.parametrize("sentence,toll", [
    ("مقتل 3 مدنيين وإصابة 5 آخرين", 3),
    ("قضى على إثرها 18 شخصا جراء قصف صاروخي", 18),
    ("وقتل أمس الثلاثاء أكثر من 13 مدنيا معظمهم نساء وأطفال وجرح العشرات", 13),
    ("فيما قتل ستة مدنيين بينهم أربعة أطفال وجرح أكثر من عشرة", 6),
    ("كشف المكتب مقتل ما يقارب 311 شخص من بينهم 218 مدنيا و93 من عناصر الجيش الحر", 311),
    ("مقتل 218 مدنيا و93 من عناصر الجيش الحر", 311),
    ("أن نحو 30 شخصا قُتلوا وأصيب آخرون جراء قصف", 30),
    ("أعلن مقتل 32 عنصرا من داعش في معارك المدينة", 32),
    ("مقتل عنصرين من حكومة الوفاق بقصف طائرات مسيرة", 2),
    ("واستشهد مدني، وأصيب آخرون، جراء قصف بالصواريخ", 1),
    ("15 من أعضاء الدولة الإسلامية قتلوا صباح اليوم", 15),
    ("ما أسفر عن استشهاد ٨ مدنيين", 8),
    ("انفجار راح ضحيته 7 مدنيين", 7),
    ("لقي 5 أشخاص حتفهم بانفجار لغم", 5),
    ("أودى بحياة 12 شخصا", 12),
    ("قتل شخصان وأصيب ثلاثة آخرون", 2),
    ("مقتل القائد و5 من مرافقيه", 6),
    ("مقتل وجرح أكثر من خمسين عنصرا", None),  # killed and wounded together: no death toll
    ("وأصيب 12 شخصا بجروح", None),
    ("نزوح أكثر من 270 ألف مدني", None),
    ("استهدف القصف الأحياء السكنية", None),
    ("مقتل أكثر من 20 ألف شخص منذ بداية الحرب", None),
    ("وسط تقارير عن سقوط عشرات الضحايا", None),  # "dozens" is no number
])
def test_fatalities_in(sentence, toll):
    assert fatalities_in(sentence) == toll


def test_a_nominative_dual_counts_two_even_where_the_oblique_dual_is_a_plural():
    from rasd.mentions.numbers import find_numbers
    got = {(m.data.get("value"), m.data.get("class")) for m in find_numbers("قتل مدنيان ومسلحان في القصف.")}
    assert (2, "civilians") in got


def test_a_count_after_a_prepositional_phrase_is_still_the_killing_s():
    from rasd.mentions.numbers import fatalities_in
    assert fatalities_in("وقتل خلال المواجهات في منطقة التواهي 28 شخصا.") == 28


def test_a_list_of_relatives_with_a_pronoun_does_not_crash_the_count():
    from rasd.mentions.numbers import find_numbers
    # "زوجته وابنه": relatives read by their pronoun, listed after a word of shooting
    text = ("ورد بلاغ عن قيام مواطن بإطلاق النار على زوجته وابنه البالغ من العمر 11 عاما بداخل منزلهم "
            "مما أسفر عن وفاة الابن وإصابة الزوجة.")
    assert any(m.data.get("value") == 11 for m in find_numbers(text))
