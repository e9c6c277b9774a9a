"""Readers, cleaning, metadata recovery and near-duplicates (stage ``ingest``)."""
import json
from pathlib import Path

import pytest

from rasd.ingest import IngestError, clean_text, content_id, find_near_duplicates, read_inputs
from rasd.ingest.dates import find_dates, find_time, url_date
from rasd.text.normalize import normalize_key

TESTS = Path(__file__).parent
DATA = TESTS / "data"
SAMPLES = TESTS.parent / "samples"

# the furniture the brief names, as whole lines (compared after normalize_key)
FURNITURE_LINES = ["+A", "-A", "حجم الخط", "+ الخط -", "icon", "التغطية الحية", "دلالات", "المساهمون"]


def split(items):
    items = list(items)
    return ([x for x in items if not isinstance(x, IngestError)],
            [x for x in items if isinstance(x, IngestError)])


def by_ext(articles):
    return {a.external_id: a for a in articles}


# --- the seeds ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds(shared):
    articles, errors = split(read_inputs([shared / "corpus" / "seeds"]))
    assert errors == []
    return by_ext(articles)


@pytest.fixture(scope="module")
def seeds_meta(shared):
    with open(shared / "corpus" / "seeds.jsonl", encoding="utf-8") as f:
        return {r["id"]: r for r in map(json.loads, f)}


def test_seed_outlet_and_date_agree_with_seeds_jsonl(seeds, seeds_meta):
    assert set(seeds) == set(seeds_meta)
    for ext, meta in seeds_meta.items():
        a = seeds[ext]
        if meta["outlet"] is not None:
            assert a.outlet == meta["outlet"], ext
        assert a.published == meta["published"], ext
    # "لندن:" opens the Elaph report: a dateline place, not the outlet
    elaph = seeds["004_2bbef80918322752"]
    assert elaph.outlet == "Elaph" and elaph.meta.get("dateline_place") == "لندن"
    syria_tv = seeds["002_b3f32fca97b3a2e7"]
    assert syria_tv.published_time == "11:07"
    assert syria_tv.title == 'آخر التطورات في درعا وعرض روسي لـ"تحرير الشام" بالخروج'
    assert seeds["003_f209341661600871"].title == "المعارضة تعلن فشل المفاوضات بدرعا والنظام يستأنف القصف"


def test_seed_furniture_is_gone_and_nothing_else_is_rewritten(seeds, shared):
    banned = {normalize_key(s).lower() for s in FURNITURE_LINES}
    for ext, a in seeds.items():
        raw_lines = {ln.strip() for ln in (shared / "corpus" / "seeds" / f"{ext}.txt").read_text("utf-8").split("\n")}
        for ln in a.text.split("\n"):
            assert normalize_key(ln).lower() not in banned, (ext, ln)
            assert not ln.startswith("اقرأ أيضا"), (ext, ln)
            assert ln in raw_lines, (ext, ln)  # whole lines are dropped; none is edited
        for caption_tail in ("(Getty)", "(أرشيفية - إنترنت)", "- جيتي"):
            assert caption_tail not in a.text, ext
        assert "تلفزيون سوريا - متابعات" not in a.text
        assert not a.text.rstrip().endswith("وطن اف ام")
        assert a.id == content_id(a.text)
    araby = seeds["001_81599e22a34d6ecd"]
    assert araby.text.count("تمديد وقف إطلاق النار في درعا دون التوصل لاتفاق نهائي مع وفد روسي") == 1
    assert "01 اغسطس 2021" not in araby.text  # the dateline is metadata now


def test_cleaning_keeps_every_gold_evidence_sentence(shared):
    corpus = shared / "corpus"
    evidence = {}
    for name in ("dev_gold.jsonl", "seeds_gold.jsonl"):
        with open(corpus / name, encoding="utf-8") as f:
            for g in map(json.loads, f):
                if "evidence" in g:
                    evidence.setdefault(g["article_id"], []).append(g["evidence"])
    raw = {}
    with open(corpus / "dev_articles.jsonl", encoding="utf-8") as f:
        raw.update((r["id"], r["text"]) for r in map(json.loads, f))
    for p in (corpus / "seeds").glob("*.txt"):
        raw[p.stem] = p.read_text("utf-8")
    articles, errors = split(read_inputs([corpus / "dev_articles.jsonl", corpus / "seeds"]))
    assert errors == []
    checked = 0
    for a in articles:
        for ev in evidence.get(a.external_id, []):
            if ev in raw[a.external_id]:
                assert ev in a.text, (a.external_id, ev)
                checked += 1
    assert checked > 250


def test_dev_publication_dates_are_recovered_from_url_or_dateline(shared, tmp_path):
    with open(shared / "corpus" / "dev_articles.jsonl", encoding="utf-8") as f:
        dated = [r for r in map(json.loads, f) if r["published"]]
    blind = tmp_path / "blind.jsonl"
    blind.write_text("".join(json.dumps(dict(r, published=None), ensure_ascii=False) + "\n" for r in dated), "utf-8")
    articles, errors = split(read_inputs([blind]))
    assert errors == [] and len(articles) == len(dated) == 21
    expected = {r["id"]: r["published"] for r in dated}
    found = {a.external_id: a.published for a in articles if a.published}
    assert all(found[k] == expected[k] for k in found), {k: (found[k], expected[k]) for k in found}
    # the one left is dated only deep inside its first paragraph ("السبت الـ 28 من تموز / يوليو")
    assert len(found) >= 20


def test_dev_stamp_and_outlet_kept_from_input(shared):
    articles, _ = split(read_inputs([shared / "corpus" / "dev_articles.jsonl"]))
    a = by_ext(articles)["625b86900bfb"]
    assert a.outlet == "alaraby.co.uk" and a.meta["topic"] == "sudan"
    assert not a.text.lstrip().startswith("date") and a.text.startswith("نزوح أكثر من 62 ألف شخص")


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, date", [
    ("01 اغسطس 2021", "2021-08-01"),
    ("2018.07.03 | 11:07 دمشق", "2018-07-03"),
    ("الجمعة 2018/07/06", "2018-07-06"),
    ("06/07/2018", "2018-07-06"),  # day first, as Arabic pages write it
    ("الاربعاء ٢٥ يوليو ٢٠١٨", "2018-07-25"),
    ("15 أيار 2022", "2022-05-15"),
    ("3 تشرين الأول 2021", "2021-10-03"),
    ("السبت، 29 أبريل/نيسان 2023، جراء", "2023-04-29"),
    ("عمران نت/ 6 يوليو 2018م", "2018-07-06"),
    ("اليوم الأحد 3 تشرين الأول/سبتمبر", None),  # no year: not a full date
    ("13 شوال 1439", None),
    ("31/02/2020", None),
])
def test_find_dates(text, date):
    found = find_dates(text)
    assert (found[0].date if found else None) == date


def test_time_and_url_dates():
    assert find_time("2018.07.03 | 11:07 دمشق") == "11:07"
    assert url_date("https://www.youm7.com/story/2018/7/12/x/3869966") == "2018-07-12"
    assert url_date("https://a.example/news/2021-08-01-title") == "2021-08-01"
    assert url_date("http://elaphjournal.com/Web/News/2018/6/1209189.html") is None


# --- JSON Lines -----------------------------------------------------------------------------------


def test_jsonl_bad_lines_are_reported_and_good_ones_kept():
    articles, errors = split(read_inputs([DATA / "bad.jsonl"]))
    assert [(e.file, e.line) for e in errors] == [(str(DATA / "bad.jsonl"), n) for n in (2, 3, 4, 5, 8, 10)]
    reasons = {e.line: e.reason for e in errors}
    assert reasons[2].startswith("invalid JSON")
    assert reasons[3] == "not a JSON object (got array)"
    assert reasons[4] == "missing field 'text'"
    assert reasons[5] == "empty field 'text'"
    assert "must be a string" in reasons[8]
    assert "UTF-8" in reasons[10]
    assert f"{DATA / 'bad.jsonl'}:2: invalid JSON" in str(errors[0])

    got = {a.source_line: a for a in articles}
    assert sorted(got) == [1, 7, 9]
    first, tagged, again = got[1], got[7], got[9]
    assert first.external_id == "good-1" and first.meta == {"topic": "test", "published_from": "url"}
    assert first.published == "2019-04-02" and first.outlet == "News Example"
    assert again.id == first.id  # the same report twice: one content id
    assert "<p>" not in tagged.text and "date 2020" not in tagged.text
    assert tagged.text.startswith("أعلن فصيل محلي في مدينة الصنمين")
    assert tagged.published == "2020-05-03"


# --- plain text: encodings and bad files ---------------------------------------------------------


@pytest.mark.parametrize("name, reason", [
    ("binary.txt", "binary file"),
    ("empty.txt", "empty file"),
    ("blank.txt", "empty file"),
    ("latin1.txt", "not UTF-8"),
    ("furniture_only.txt", "no article text left"),
    ("no_article.html", "no article text found"),
])
def test_bad_files_each_give_one_error_naming_the_file(name, reason):
    articles, errors = split(read_inputs([DATA / name]))
    assert articles == []
    assert len(errors) == 1 and errors[0].file == str(DATA / name) and errors[0].line is None
    assert reason in errors[0].reason


def test_cp1256_and_bom_files_are_decoded():
    arts = by_ext(split(read_inputs([DATA / "cp1256.txt", DATA / "bom.txt"]))[0])
    cp = arts["cp1256"]
    assert cp.text.startswith("قصفت قوات النظام بلدة الحراك") and cp.meta["encoding"] == "cp1256"
    assert cp.published == "2018-06-21"
    assert "\ufeff" not in arts["bom"].text and arts["bom"].text.startswith("قتل مدني")


def test_paths_missing_unsupported_and_walked(tmp_path):
    (tmp_path / "b.txt").write_text("خبر أول عن قصف على بلدة في ريف درعا الغربي صباح اليوم.", "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "c.txt").write_text("خبر ثان عن اشتباكات في محيط مدينة نوى مساء أمس.", "utf-8")
    (tmp_path / "README.md").write_text("# not an input", "utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("مخفي لا يقرأ أبدا في أي حال من الأحوال.", "utf-8")
    (tmp_path / "notes.csv").write_text("a,b\n", "utf-8")
    items = list(read_inputs([tmp_path, tmp_path / "notes.csv", tmp_path / "missing.txt", tmp_path / "b.txt"]))
    articles, errors = split(items)
    assert [a.external_id for a in articles] == ["c", "b"]  # sorted walk; b.txt given twice, read once
    assert [(Path(e.file).name, e.reason.split(" ")[0]) for e in errors] == [("notes.csv", "unsupported"),
                                                                            ("missing.txt", "no")]


# --- HTML -----------------------------------------------------------------------------------------


def test_html_page_gives_text_and_metadata():
    (a,), errors = split(read_inputs([SAMPLES / "busra_shelling.html"]))
    assert errors == []
    assert a.title == "قصف صاروخي على بصرى الشام وجاسم"
    assert a.url == "https://horan-bulletin.example/news/2021/09/14/busra-shelling"
    assert a.outlet == "horan-bulletin.example" and a.meta["sitename"] == "نشرة حوران"
    assert (a.published, a.published_time) == ("2021-09-14", "09:40")
    assert "مقتل مدنيين اثنين" in a.text
    for furniture in ("اقرأ أيضا", "الرئيسية", "جميع الحقوق", "واتساب"):
        assert furniture not in a.text


# --- ids, samples, near-duplicates ----------------------------------------------------------------


def test_content_id_is_the_report_not_its_page():
    body = "قصفت قوات النظام بلدة طفس صباح اليوم.\n\nوقال ناشطون إن القصف أصاب منزلين."
    with_furniture = "icon\nالتغطية الحية\n\n" + body + "\n\nدلالات\n"
    assert clean_text(with_furniture).text == body
    assert content_id(clean_text(with_furniture).text) == content_id(body)
    assert content_id("قصفت قواتُ النظام بلدةَ طفس") == content_id("قصفت قوات النظام بلدة طفس")  # harakat
    assert content_id(body) != content_id(body.replace("منزلين", "ثلاثة منازل"))


def test_samples_ingest_cleanly_with_metadata():
    articles, errors = split(read_inputs([SAMPLES]))
    assert errors == []
    arts = by_ext(articles)
    assert len(arts) == 6 and all(a.published and a.outlet for a in articles)
    tafas = arts["tafas_clashes"]
    assert (tafas.published, tafas.published_time, tafas.outlet) == ("2021-08-29", "14:20", "شبكة سهل حوران")
    assert "حجم الخط" not in tafas.text and "اقرأ أيضا" not in tafas.text and "أرشيفية" not in tafas.text
    assert arts["jasim_arrests"].published == "2022-05-15"  # Levantine month name
    assert arts["sample-busra-agreement"].published == "2018-07-06"  # from its URL
    assert arts["sample-nawa-displacement"].meta == {"topic": "displacement", "published_from": "input"}


def test_near_duplicates_found_among_own_texts():
    arts = by_ext(split(read_inputs([SAMPLES]))[0])
    tafas, ariha = arts["tafas_clashes"], arts["ariha_airstrike"]
    mirror_text = tafas.text.replace("أربعة عناصر", "خمسة عناصر") + "\nالمصدر: وكالات."

    class Copy:
        id, text = "mirror", mirror_text

    pairs = find_near_duplicates([tafas, ariha, Copy()])
    assert [(a, b) for a, b, _ in pairs] == [tuple(sorted((tafas.id, "mirror")))]
    assert 0.7 <= pairs[0][2] < 1.0
    assert find_near_duplicates([tafas, ariha]) == []


def test_json_array_items_are_read_and_bad_items_named(tmp_path):
    doc = tmp_path / "batch.json"
    doc.write_text(json.dumps([
        {"id": 7, "url": "https://x.example/2020/1/5/a", "text": "اشتباكات بين فصائل المعارضة وقوات النظام في محيط بلدة اللطامنة."},
        {"id": "no-text"},
        "just a string",
    ], ensure_ascii=False), "utf-8")
    articles, errors = split(read_inputs([doc]))
    assert [(a.external_id, a.published, a.meta["item"]) for a in articles] == [("7", "2020-01-05", 1)]
    assert [str(e) for e in errors] == [f"{doc}: item 2: missing field 'text'",
                                        f"{doc}: item 3: not a JSON object (got string)"]
    (tmp_path / "broken.json").write_text('[{"text": "x"},\n oops]', "utf-8")
    (err,) = split(read_inputs([tmp_path / "broken.json"]))[1]
    assert err.line == 2 and err.reason.startswith("invalid JSON")


def test_empty_and_binary_jsonl_are_one_error_each(tmp_path):
    (tmp_path / "empty.jsonl").write_bytes(b"\n  \n")
    (tmp_path / "blob.jsonl").write_bytes(b'{"text": "x"}\n\x00\x00\x00\xff' * 10)
    articles, errors = split(read_inputs([tmp_path]))
    assert articles == []
    assert [str(e) for e in errors] == [f"{tmp_path / 'blob.jsonl'}: binary file (contains NUL bytes), not JSON Lines",
                                        f"{tmp_path / 'empty.jsonl'}: empty file"]


def test_tag_lists_and_the_link_back_to_the_story_are_furniture():
    from rasd.ingest.clean import clean_text

    text = ("بدء محاكمة المتهمين بتفجير المسجد\nبدأت المحكمة أمس محاكمة 29 متهما في التفجير.\n"
            "سمات الكويت انتحاري تفجير مسجد رمضان متهمين محاكمة\n"
            "رابط الخبر بصحيفة الوئام: بدء محاكمة المتهمين بتفجير المسجد")
    assert clean_text(text).text == "بدء محاكمة المتهمين بتفجير المسجد\nبدأت المحكمة أمس محاكمة 29 متهما في التفجير."
    # a body sentence that merely starts like a tag word stays
    body = "سمات المرحلة المقبلة في درعا تتضح مع انتشار قوات النظام وتسليم الفصائل سلاحها الثقيل بعد أشهر من المفاوضات الطويلة."
    assert clean_text("عنوان الخبر\n" + body).text == "عنوان الخبر\n" + body


def test_a_saudi_outlets_signature_with_a_place_is_no_line_of_the_report():
    from rasd.ingest.clean import clean_text
    c = clean_text("مقتل قيادي في القاعدة بغارة أمريكية في سوريا\n عين اليوم – واشنطن\n"
                   "أفاد الجيش الأمريكي بمقتل القيادي في غارة جوية أمريكية قرب بلدة سرمدا السورية.")
    assert c.outlet == "Ain Alyoum"
    assert "واشنطن" not in c.text and c.text.startswith("مقتل قيادي")


def test_a_signature_glued_to_the_first_sentence_is_cut_off_and_names_outlet_and_place():
    from rasd.ingest.clean import clean_text
    c = clean_text("مقطع جديد يثير الجدل\nعبدالله البرقاوي- سبق- الرياض: أثار المقطع الجديد لفتاتين تتجولان "
                   "بدراجة نارية على الكورنيش جدلا واسعا بين المغردين في المملكة.")
    assert (c.outlet, c.place) == ("Sabq", "الرياض")
    assert c.text.split("\n")[1].startswith("أثار المقطع")
    c = clean_text("توقيف عناصر في غزة\nسبق- وكالات: أعلنت وزارة الداخلية في غزة عن توقيف عناصر يشتبه في "
                   "ضلوعهم في التفجيرات التي وقعت في عدة سيارات أمس الأحد.")
    assert (c.outlet, c.place) == ("Sabq", None) and c.text.split("\n")[1].startswith("أعلنت")
    # a sentence with a dash and a colon of its own is untouched
    line = "قال المتحدث - في بيان رسمي صدر اليوم عن الوزارة - إن القوات قصفت مواقع المسلحين: خمسة مواقع في البلدة."
    assert clean_text("عنوان الخبر\n" + line).text.endswith(line)
