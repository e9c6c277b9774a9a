"""The text layer: normalization offsets, clitic splitting, tokens and sentences."""
import json

import pytest

from rasd.text import normalize, normalize_with_offsets, split_clitics, split_sentences, tokenize


def test_normalization_folds_what_matching_ignores():
    assert normalize("إِطْلاق") == "اطلاق"
    assert normalize("الـمُدَرَّعة") == "المدرعه"
    assert normalize("مصطفى") == "مصطفي"
    assert normalize("٢٠١٨ و۱۵") == "2018 و15"
    assert normalize("“جيش الإنقاذ”") == '"جيش الانقاذ"'
    assert normalize("\u200fدرعا\u200e") == "درعا"


def test_normalized_spans_map_back_to_the_original():
    text = "قصفت قوّاتُ الأسد بلدةَ طفس، وأُصيبَ ٣ مدنيين"
    n = normalize_with_offsets(text)
    i = n.text.index("طفس")
    s, e = n.original_span(i, i + 3)
    assert text[s:e] == "طفس"
    i = n.text.index("قوات")
    s, e = n.original_span(i, i + len("قوات"))
    assert normalize(text[s:e]) == "قوات" and text[s:e].startswith("قو")


def test_every_token_slices_back_to_text_that_normalizes_to_it(shared):
    texts = [json.loads(line)["text"] for line in open(shared / "corpus" / "dev_articles.jsonl", encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "corpus" / "seeds").glob("*.txt"))]
    n = 0
    for text in texts:
        for tok in tokenize(text):
            assert text[tok.start:tok.end] == tok.text
            assert normalize(tok.text) == tok.norm, (tok.text, tok.norm)
            n += 1
    assert n > 20000


@pytest.mark.parametrize("word, pieces", [
    ("بدرعا", ["ب", "درعا"]),
    ("وقوات", ["و", "قوات"]),
    ("للنظام", ["لل", "نظام"]),
    ("لقوات", ["ل", "قوات"]),
    ("وبالقصف", ["و", "ب", "ال", "قصف"]),
    ("قواتها", ["قوات", "ها"]),
    ("مقاتليها", ["مقاتلي", "ها"]),
    ("واشتباكات", ["و", "اشتباكات"]),
])
def test_clitics_split_where_the_rest_is_a_known_word(word, pieces):
    assert split_clitics(normalize(word)) == pieces


@pytest.mark.parametrize("word", ["بصرى", "بنش", "فرقة", "لواء", "ولاية", "كان", "كما", "التي", "بين", "فصائل"])
def test_names_and_words_that_only_look_clitic_bearing_stay_whole(word):
    assert split_clitics(normalize(word)) == [normalize(word)]


def test_ta_marbuta_is_not_read_as_a_pronoun():
    # normalization folds ة into ه; the tokenizer still knows the letter was ة
    toks = tokenize("قصفت الطائرات مدينة")
    assert [t.norm for t in toks][-1] == "مدينه"
    assert all(t.kind != "enclitic" for t in toks)


def test_punctuation_glued_to_words_is_parted():
    toks = tokenize("وتابع علوش”الحالة")
    assert [t.text for t in toks] == ["وتابع", "علوش", "”", "ال", "حالة"]
    assert [t.kind for t in toks] == ["word", "word", "punct", "proclitic", "word"]


def test_sentences_end_at_arabic_punctuation_and_lines_not_at_decimals_or_dates():
    text = "قتل 3.5 ألف شخص في 2018.07.03. هل انتهى؟ نعم! قال د. أحمد “انتهى.” ثم\nسطر آخر"
    got = [s.text for s in split_sentences(text)]
    assert got == ["قتل 3.5 ألف شخص في 2018.07.03.", "هل انتهى؟", "نعم!", "قال د. أحمد “انتهى.”", "ثم", "سطر آخر"]
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_seed_gold_evidence_are_whole_sentences(shared):
    arts = {json.loads(l)["id"]: json.loads(l)["text"] for l in open(shared / "corpus" / "seeds.jsonl", encoding="utf-8")}
    sents = {k: {s.text for s in split_sentences(t)} for k, t in arts.items()}
    gold = [json.loads(l) for l in open(shared / "corpus" / "seeds_gold.jsonl", encoding="utf-8")]
    found = sum(g["evidence"].strip() in sents[g["article_id"]] for g in gold if not g.get("no_events"))
    assert found / len(gold) >= 0.95


def test_knowledge_base_names_let_rare_places_meet_their_clitics():
    # طفس is rare in the news vocabulary but a town of the knowledge base
    assert split_clitics(normalize("وطفس")) == ["و", "طفس"]
    assert split_clitics(normalize("والقنيطرة")) == ["و", "ال", "قنيطره"]


def test_presentation_forms_fold_to_letters_with_offsets():
    # text copied out of a PDF: contextual glyphs and the lam-alef ligature
    from rasd.text.normalize import normalize, normalize_with_offsets

    raw = "ﺻﻔﻮف اﻟﻤﺪﻧﻴﻴﻦ ﻻ"
    n = normalize_with_offsets(raw)
    assert n.text == "صفوف المدنيين لا" == normalize(raw)
    assert len(n.offsets) == len(n.text)
    start = n.text.index("المدنيين")
    assert n.original_span(start, start + len("المدنيين")) == (5, 13)
    assert n.offsets[-2] == n.offsets[-1] == len(raw) - 1  # both letters of the ligature
