"""The statistical recognizer inside the pipeline: what it adds to the knowledge base's mentions."""
from rasd.mentions.analyze import _bare_forms, analyze
from rasd.records import Article


def analysed(text):
    return analyze(Article(id="n", external_id="n", text=text, published="2018-07-03"), use_ner=True)


def test_a_spokesman_the_knowledge_base_does_not_know_becomes_a_source():
    a = analysed("وقال المتحدث باسم غرفة العمليات المركزية أبو الشيماء إن قوات النظام قصفت مدينة طفس.")
    people = [m.text for m in a.sources if m.kind == "person"]
    assert "أبو الشيماء" in people


def test_names_the_knowledge_base_resolved_are_left_to_it():
    a = analysed("قصفت قوات النظام مدينة طفس في ريف درعا الغربي.")
    assert not any(m.data.get("ner") for m in a.places)  # طفس and درعا come from the gazetteer
    assert [m.data["location"].admin1 for m in a.places if m.text == "طفس"] == ["Dar'a"]


def test_common_words_are_never_recognized_places():
    assert "ريف" in _bare_forms("بريف") and "ريف" in _bare_forms("ريفها")
    a = analysed("وتعرضت بلدات بريف المحافظة وريفها الشرقي لقصف عنيف.")
    assert not any(m.data.get("ner") for m in a.places)


def test_dual_and_plural_of_a_common_word_is_no_place():
    from rasd.mentions.analyze import _recognized_rules, _singular_forms

    suffixes = _recognized_rules()["number_suffixes"]
    assert {"مركب", "مركبه"} <= _singular_forms({"مركبتان"}, suffixes)
    assert "ريف" in _singular_forms({"ريفين"}, suffixes)
    assert _singular_forms({"حلب"}, suffixes) == {"حلب"}  # too short to carry an ending


def test_a_place_inside_a_persons_name_is_part_of_the_name():
    a = analysed("قال عدنان عفرين القائد في قوات سوريا الديمقراطية إن مئات من عناصر التنظيم استسلموا في الباغوز.")
    assert "عدنان عفرين" in [m.text for m in a.sources if m.kind == "person"]
    assert [m.text for m in a.places if m.data["location"].country == "Syria"] == ["الباغوز"]


def test_a_recognized_name_after_a_group_word_is_the_groups_not_a_place():
    a = analysed("مقتل محسن الفضلي زعيم جماعة خراسان بغارة أمريكية في سوريا.")
    assert "خراسان" not in [m.text for m in a.places]
