"""The named-entity recognizer: shipped model, scoring rules, tokenization, deterministic training."""
from __future__ import annotations

import pytest

from rasd.ner import recognize, tag_tokens
from rasd.ner.conll import Score, chunks, score, to_bio, to_bioes
from rasd.ner.recognizer import MODEL_DIR
from rasd.ner.tokenize import sentences, tokenize

needs_model = pytest.mark.skipif(not (MODEL_DIR / "ner_stage1.crfsuite").exists(),
                                 reason="no shipped NER model (rasd train ner)")


# ----------------------------------------------------------------------------- scoring
def test_chunks_iob1_and_iob2():
    assert chunks(["B-PERS", "I-PERS", "O", "I-LOC", "B-LOC", "I-ORG"]) == [
        (0, 2, "PERS"), (3, 4, "LOC"), (4, 5, "LOC"), (5, 6, "ORG")]


def test_bioes_marks_single_names_and_name_ends_and_converts_back():
    bio = ["B-PERS", "I-PERS", "I-PERS", "O", "B-LOC", "B-LOC", "I-LOC", "O", "I-ORG"]
    assert to_bioes(bio) == ["B-PERS", "I-PERS", "E-PERS", "O", "S-LOC", "B-LOC", "E-LOC", "O", "S-ORG"]
    back = to_bio(to_bioes(bio))
    assert chunks(back) == chunks(bio) and back[-1] == "B-ORG"
    assert to_bio(["B-PERS", "I-PERS", "O"]) == ["B-PERS", "I-PERS", "O"]


def test_conlleval_exact_span_rule():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC", "O"], ["B-ORG", "I-ORG", "I-ORG"]]
    pred = [["B-PERS", "O", "O", "B-LOC", "O"],  # person cut short: wrong; place: right
            ["B-ORG", "I-ORG", "I-ORG"]]  # right
    s = score(gold, pred)
    assert isinstance(s, Score)
    assert s.n_gold == {"PERS": 1, "LOC": 1, "ORG": 1}
    assert s.tp == {"LOC": 1, "ORG": 1}
    p, r, f = s.prf()
    assert (round(p, 2), round(r, 2), round(f, 2)) == (66.67, 66.67, 66.67)
    assert s.prf("PERS") == (0.0, 0.0, 0.0)
    # a right span with the wrong type is wrong too
    s2 = score([["B-LOC"]], [["B-ORG"]])
    assert s2.f1 == 0.0


def test_wojood_nested_tags_flatten_to_anercorp_types(tmp_path):
    from rasd.ner.conll import read_wojood

    f = tmp_path / "w.txt"
    f.write_text(
        "مراسلة O\nسكرتير B-OCC\nاللجنة I-OCC B-ORG\nالقومية I-OCC I-ORG\nفي I-OCC\n"
        "نابلس I-OCC B-GPE\n$#$ O\nالفلسطينيين B-NORP\n\n"
        "مجلس B-ORG\nالأمن I-ORG\nضد I-ORG\nالأسد I-ORG B-PERS\n100 B-MONEY\n"
        "دولار I-MONEY B-CURR\n\n", encoding="utf-8")
    (t1, g1), (t2, g2) = read_wojood(f)
    # an unmapped outer chunk (a job title) lets the names inside it through; nationalities
    # are not names in ANERcorp; the paragraph marker is dropped
    assert t1 == ["مراسلة", "سكرتير", "اللجنة", "القومية", "في", "نابلس", "الفلسطينيين"]
    assert g1 == ["O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"]
    # a mapped outer chunk wins over what is nested in it; a currency is MISC as in ANERcorp
    assert g2 == ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-MISC"]


def test_wojood_bad_lines_skip_their_sentence_and_are_reported(tmp_path):
    from rasd.ner.conll import read_wojood

    f = tmp_path / "w.txt"
    f.write_bytes("قال O\nموسى B-PERS\n\n".encode() + b"\xe1\xed O\n\n"
                  + "في O\nحلب B-GPE\n\nوصل O\nوفد B-ORG I-\n\n".encode())
    problems = []
    sents = read_wojood(f, problems=problems)
    # the sentences around the bad ones are kept whole
    assert sents == [(["قال", "موسى"], ["O", "B-PERS"]), (["في", "حلب"], ["O", "B-LOC"])]
    assert [(p.line, p.reason.split(" (")[0].split(":")[0]) for p in problems] == [
        (4, "not UTF-8"), (10, "not a tag")]
    assert all(p.file == str(f) for p in problems)


def test_conll_bad_lines_skip_their_sentence_and_are_reported(tmp_path):
    from rasd.ner.conll import read_conll

    f = tmp_path / "a.txt"
    f.write_bytes("قال O\nموسى B-PERS\n\n".encode() + b"\xe1\xed O\nx O\n\n"
                  + "في O\nحلب B-LOC\n\nوصل O\nوفدB-ORG\n\n. O\n".encode())
    problems = []
    sents = read_conll(f, problems)
    # the sentences around the bad ones, and the last one without a closing blank line, are kept
    assert sents == [(["قال", "موسى"], ["O", "B-PERS"]), (["في", "حلب"], ["O", "B-LOC"]),
                     (["."], ["O"])]
    assert [(p.line, p.reason.split(" (")[0].split(":")[0]) for p in problems] == [
        (4, "not UTF-8"), (11, "not 'token TAG'")]
    assert all(p.file == str(f) for p in problems)


# ----------------------------------------------------------------------------- tokenization
def test_tokenize_like_anercorp():
    text = "قال الرئيس (أ.ف.ب): إنّ 6.3% من «الأهالي» غادروا حلب، أمس."
    toks = tokenize(text)
    for t in toks:
        assert text[t.start:t.end] == t.text
    words = [t.text for t in toks]
    assert "(" in words and "«" in words and "،" in words and "6.3%" in words
    assert "إنّ" in words  # the shadda stays inside the word
    assert words[-1] == "."


def test_sentences_break_at_full_stop_and_newline():
    sents = sentences("وصل الوفد إلى دمشق. ثم غادر\nإلى بيروت")
    assert [[t.text for t in s] for s in sents] == [
        ["وصل", "الوفد", "إلى", "دمشق", "."], ["ثم", "غادر"], ["إلى", "بيروت"]]


# ----------------------------------------------------------------------------- shipped model
@needs_model
def test_shipped_model_tags_person_and_place():
    text = "وقال وزير الخارجية سيرغي لافروف في موسكو"
    got = [(m.kind, m.text) for m in recognize(text)]
    assert ("person", "سيرغي لافروف") in got
    assert ("place", "موسكو") in got


@needs_model
def test_tag_tokens():
    tags = tag_tokens(["التقى", "الرئيس", "بشار", "الأسد", "في", "دمشق", "."])
    assert tags[2:4] == ["B-PERS", "I-PERS"]
    assert tags[5] == "B-LOC"
    assert tag_tokens([]) == []


@needs_model
def test_spans_slice_back_to_original_text():
    text = ("أعلنت وزارة الدفاع الروسية، الثلاثاء، أنّ طائرات قصفت مواقع في إدلب.\n"
            "وقال الأمين العام للأمم المتحدة أنطونيو غوتيريش في نيويورك إن الوضع في حلب خطير.")
    ms = recognize(text)
    assert ms
    for m in ms:
        assert text[m.start:m.end] == m.text
        assert m.kind in {"person", "org", "place", "misc"}
    assert any(m.kind == "place" and m.text in ("إدلب", "نيويورك", "حلب") for m in ms)


@needs_model
def test_clitics_stay_in_the_span_and_leave_the_name():
    text = "وصل الوزير إلى دمشق قادما من بيروت وعاد إلى بيروت ثم إلى بدمشق"
    places = [m for m in recognize(text) if m.kind == "place"]
    assert any(m.text == "بدمشق" and m.data["name"] == "دمشق" and m.data["proclitic"] == "ب"
               for m in places)


# ----------------------------------------------------------------------------- training
def test_training_is_deterministic(tmp_path):
    from rasd.ner.conll import read_anercorp
    from rasd.ner.features import Lexicon
    from rasd.ner.train import predict, train_crf, train_two_stage
    try:
        sents = read_anercorp("train")[:120]
    except FileNotFoundError:
        pytest.skip("../shared/data/anercorp is not beside the checkout")
    lex = Lexicon.load(MODEL_DIR) if (MODEL_DIR / "lexicon.tsv.gz").exists() else Lexicon()
    held = [t for t, _ in read_anercorp("train")[120:160]]
    runs = []
    for k in range(2):
        p = tmp_path / f"m{k}.crfsuite"
        train_crf(sents, lex, p, max_iter=30)
        runs.append((p.read_bytes(), predict([p], held, lex)))
    assert runs[0][0] == runs[1][0]
    assert runs[0][1] == runs[1][1]
    # the two-stage recipe (jackknife in a process pool, self-tagged lexicon) too
    from rasd.ner.features import load_autolex
    two = []
    for k in range(2):
        p1, p2 = tmp_path / f"a{k}.crfsuite", tmp_path / f"b{k}.crfsuite"
        pa = tmp_path / f"auto{k}.tsv.gz"
        train_two_stage(sents[:60], lex, p1, p2, max_iter=15, folds=2, procs=2, news=held,
                        autolex_out=pa, log=lambda s: None)
        al = load_autolex(pa)
        two.append((p1.read_bytes(), p2.read_bytes(), pa.read_bytes(), predict([p1, p2], held, lex, autolex=al)))
    assert two[0] == two[1]


# ----------------------------------------------------------------------------- BiLSTM-CRF
def test_viterbi_finds_the_best_path_by_brute_force():
    import itertools

    import numpy as np

    from rasd.ner.bilstm import viterbi

    rng = np.random.default_rng(3)
    em = rng.normal(size=(5, 3))
    trans, start, end = rng.normal(size=(3, 3)), rng.normal(size=3), rng.normal(size=3)

    def total(path):
        s = start[path[0]] + end[path[-1]] + sum(em[i, t] for i, t in enumerate(path))
        return s + sum(trans[a, b] for a, b in zip(path, path[1:]))

    best = max(itertools.product(range(3), repeat=5), key=total)
    assert viterbi(em, trans, start, end) == list(best)


def test_stack_facts_reads_the_first_stage():
    from rasd.ner.bilstm import stack_facts

    got = stack_facts([["s1=B-PERS", "s1-=BOS", "s1+=I-PERS", "dm=PERS", "dm=PERS|s1=PERS", "dfr=4"]])
    assert got == [{"s1": "B-PERS", "s1-": "BOS", "s1+": "I-PERS", "dm": "PERS", "dfr": "4"}]


def test_numpy_forward_matches_torch_and_training_is_deterministic(tmp_path):
    """The shipped tagger runs the network in numpy: it must give torch's scores exactly."""
    torch = pytest.importorskip("torch")
    import numpy as np

    from rasd.ner import bilstm_train
    from rasd.ner.bilstm import BiLSTMTagger, stack_facts
    from rasd.ner.conll import read_anercorp
    from rasd.ner.features import Lexicon, doc_features
    try:
        sents = read_anercorp("train")[:80]
    except FileNotFoundError:
        pytest.skip("../shared/data/anercorp is not beside the checkout")
    lex = Lexicon.load(MODEL_DIR) if (MODEL_DIR / "lexicon.tsv.gz").exists() else Lexicon()
    toks = [t for t, _ in sents]
    stack = [stack_facts(f) for f in doc_features(toks, [["O"] * len(t) for t in toks], lex)]
    vocab = sorted({lex.analyze(t).core for s in toks for t in s})[:200]
    vectors = np.random.default_rng(0).normal(size=(len(vocab), 100)).astype(np.float32)
    cfg = {"epochs": 2, "hidden": 16, "threads": 1}
    runs = [bilstm_train.train(sents[:60], lex, vocab, vectors, dev=sents[60:], cfg=cfg,
                               stack=stack[:60], dev_stack=stack[60:], log=lambda s: None)
            for _ in range(2)]
    a, b = runs[0][0], runs[1][0]
    assert a.p.keys() == b.p.keys() and all(np.array_equal(a.p[k], b.p[k]) for k in a.p)
    # numpy forward == torch forward on a held-out sentence
    net = bilstm_train._net(a.encoder, {**bilstm_train.DEFAULTS, **cfg}, None, [])
    state = {}
    for name, param in net.state_dict().items():
        key = name.replace(".", "_")
        mapped = {"word_emb_weight": "word_emb", "char_emb_weight": "char_emb",
                  "char_conv_weight": "char_conv_w", "char_conv_bias": "char_conv_b",
                  "out_weight": "out_w", "out_bias": "out_b"}.get(key, key)
        if name.startswith("feat."):
            mapped = "feat_" + name.split(".")[1]
        elif name.startswith("lstm."):
            mapped = key.replace("lstm_weight_", "lstm_w_").replace("lstm_bias_", "lstm_b_")
        state[name] = torch.from_numpy(a.p[mapped])
    net.load_state_dict(state)
    net.eval()
    tokens, st = toks[70], stack[70]
    w, c, f = a.encoder.encode(lex, tokens, st)
    with torch.no_grad():
        ref = net(torch.from_numpy(w)[None], torch.from_numpy(c)[None], torch.from_numpy(f)[None],
                  torch.tensor([len(w)]))[0].numpy()
    assert np.allclose(a.emissions(tokens, st), ref, atol=1e-4)
    # the shipped form (int8 word table, float16 matrices) moves the scores by little
    bilstm_train.save(a, tmp_path, {"test": True})
    shipped = BiLSTMTagger.load(tmp_path, lex)
    assert np.abs(shipped.emissions(tokens, st) - ref).max() < 0.05
    # hiding stage-1 facts in training: the "unknown" row of their embeddings, which no
    # training sentence reaches otherwise, is then learned
    one = {**cfg, "epochs": 1}
    plain, hidden = (bilstm_train.train(sents[:60], lex, vocab, vectors, cfg={**one, **extra},
                                        stack=stack[:60], log=lambda s: None)[0]
                     for extra in ({}, {"stack_dropout": 0.5}))
    torch.manual_seed(bilstm_train.DEFAULTS["seed"])
    init = bilstm_train._net(plain.encoder, {**bilstm_train.DEFAULTS, **one}, vectors, vocab)
    start = init.feat["s1"].weight.detach().numpy()[1]  # index 1: unknown
    assert np.allclose(plain.p["feat_s1"][1], start)
    assert not np.allclose(hidden.p["feat_s1"][1], start)
    # with language models: their states feed the tagger and travel with the shipped weights
    lm_cfg = {**cfg, "epochs": 1, "lm_tokens": 2000, "lm_hidden": 8}
    with_lm, _ = bilstm_train.train(sents[:60], lex, vocab, vectors, cfg=lm_cfg, stack=stack[:60],
                                    lm_sents=toks[60:], log=lambda s: None)
    assert with_lm.lm_states(tokens).shape == (len(tokens), 16)
    bilstm_train.save(with_lm, tmp_path / "lm", {"test": True})
    again = BiLSTMTagger.load(tmp_path / "lm", lex)
    assert np.abs(again.emissions(tokens, st) - with_lm.emissions(tokens, st)).max() < 0.05
    # an ensemble of two seeds sharing the language models, each keeping its epochs' average
    ens_cfg = {**lm_cfg, "epochs": 2, "swa_from": 1}
    ens, record = bilstm_train.train_ensemble(sents[:60], lex, tmp_path, vocab, vectors, members=2,
                                              procs=1, cfg=ens_cfg, stack=stack[:60],
                                              lm_sents=toks[60:], log=lambda s: None)
    assert len(ens.members) == 2 and [m["seed"] for m in record["members"]] == [7, 8]
    assert record["averaged_epochs"] == 2
    assert not np.array_equal(ens.members[0]["out_w"], ens.members[1]["out_w"])
    assert ens.members[0]["lm_fw_w_ih"] is ens.members[1]["lm_fw_w_ih"]
    single, _ = bilstm_train.train(sents[:60], lex, vocab, vectors, cfg={**ens_cfg, "swa_from": 0},
                                   stack=stack[:60], lm_params={k: v for k, v in ens.p.items()
                                                                if k.startswith("lm_")},
                                   log=lambda s: None)
    # the average of the two epochs is not the last epoch
    assert not np.allclose(single.p["out_w"], ens.members[0]["out_w"])
    # fine-tuned language models (lm_tune): torch computes the states numpy does, and training
    # moves their weights, which the tagger then carries
    lms = {k: v for k, v in ens.p.items() if k.startswith("lm_")}
    module = bilstm_train._tuned_lm(lms, torch)
    table = torch.nn.Embedding.from_pretrained(torch.from_numpy(ens.p["word_emb"]))
    states = module.states(table, [ens.encoder.lm_inputs(lex, tokens)])[0]
    assert np.abs(states - ens.lm_states(tokens)).max() < 1e-4
    tuned, _ = bilstm_train.train(sents[:60], lex, vocab, vectors, cfg={**lm_cfg, "lm_tune": 1.0},
                                  stack=stack[:60], lm_params=lms, log=lambda s: None)
    assert not np.allclose(tuned.p["lm_fw_w_ih"], lms["lm_fw_w_ih"])
    assert np.abs(tuned.lm_states(tokens) - ens.lm_states(tokens)).max() > 1e-4
    # the language-modelling objective beside tagging (aux_lm) trains the tagger's LSTM
    # differently and leaves no weights of its own in what ships
    aux, _ = bilstm_train.train(sents[:60], lex, vocab, vectors, cfg={**cfg, "aux_lm": 0.1},
                                stack=stack[:60], log=lambda s: None)
    plain, _ = bilstm_train.train(sents[:60], lex, vocab, vectors, cfg=cfg, stack=stack[:60],
                                  log=lambda s: None)
    assert aux.p.keys() == plain.p.keys() and not any(k.startswith("aux") for k in aux.p)
    assert not np.allclose(aux.p["lstm_w_ih_l0"], plain.p["lstm_w_ih_l0"])
    # sentence weights (CrossWeigh): all ones train as none do; less weight trains otherwise
    ones, _ = bilstm_train.train(sents[:60], lex, vocab, vectors, cfg=cfg, stack=stack[:60],
                                 weights=[1.0] * 60, log=lambda s: None)
    assert all(np.array_equal(ones.p[k], plain.p[k]) for k in plain.p)
    halved, _ = bilstm_train.train(sents[:60], lex, vocab, vectors, cfg=cfg, stack=stack[:60],
                                   weights=[0.5] * 30 + [1.0] * 30, log=lambda s: None)
    assert not np.allclose(halved.p["lstm_w_ih_l0"], plain.p["lstm_w_ih_l0"])


def _random_tagger(seed: int, lex, shared: dict | None = None):
    """A small BiLSTM-CRF with random weights (numpy only), over a fixed encoder."""
    import numpy as np

    from rasd.ner.bilstm import FEATURES, MAX_CHARS, BiLSTMTagger, Encoder

    rng = np.random.default_rng(seed)
    enc = Encoder(words={"<pad>": 0, "<unk>": 1, "الاعرجي": 2, "قال": 3},
                  chars={"<pad>": 0, "<unk>": 1, "ا": 2, "ل": 3},
                  feats={n: {"<pad>": 0, "<unk>": 1, "": 2} for n in FEATURES},
                  tags=["O", "B-PERS", "I-PERS", "B-LOC"])
    h, d_word, fil = 4, 6, 5
    d_in = d_word + fil + 3 * len(FEATURES)
    w = {"char_emb": rng.normal(size=(4, 3)), "char_conv_w": rng.normal(size=(fil, 3, 3)),
         "char_conv_b": rng.normal(size=fil), "out_w": rng.normal(size=(4, 2 * h)),
         "out_b": rng.normal(size=4), "crf_trans": rng.normal(size=(4, 4)),
         "crf_start": rng.normal(size=4), "crf_end": rng.normal(size=4)}
    for n in FEATURES:
        w[f"feat_{n}"] = rng.normal(size=(3, 3))
    for sfx in ("", "_reverse"):
        w[f"lstm_w_ih_l0{sfx}"] = rng.normal(size=(4 * h, d_in))
        w[f"lstm_w_hh_l0{sfx}"] = rng.normal(size=(4 * h, h))
        w[f"lstm_b_ih_l0{sfx}"] = rng.normal(size=4 * h)
        w[f"lstm_b_hh_l0{sfx}"] = rng.normal(size=4 * h)
    w.update(shared or {"word_emb": rng.normal(size=(4, d_word))})
    assert MAX_CHARS >= 8
    return BiLSTMTagger({k: np.asarray(v, dtype=np.float32) for k, v in w.items()}, enc, lex)


def test_an_ensemble_averages_its_members_and_survives_save_and_load(tmp_path):
    import numpy as np

    from rasd.ner import bilstm_train
    from rasd.ner.bilstm import BiLSTMTagger, viterbi
    from rasd.ner.features import Lexicon

    lex = Lexicon()
    a = _random_tagger(1, lex)
    b = _random_tagger(2, lex, shared={"word_emb": a.p["word_emb"]})
    both = BiLSTMTagger.ensemble([a, b])
    sents = [["قال", "الاعرجي", "في", "عمان"], ["الاعرجي"]]
    for toks in sents:
        mean = (a.emissions(toks) + b.emissions(toks)) / 2
        assert np.allclose(both.emissions(toks), mean, atol=1e-5)
        assert not np.allclose(mean, a.emissions(toks), atol=1e-2)  # the members do differ
        trans = (a.p["crf_trans"] + b.p["crf_trans"]) / 2
        start = (a.p["crf_start"] + b.p["crf_start"]) / 2
        end = (a.p["crf_end"] + b.p["crf_end"]) / 2
        assert both.tag(toks) == [a.encoder.tags[i] for i in viterbi(mean, trans, start, end)]
    assert both.tag_many(sents) == [both.tag(t) for t in sents]
    bilstm_train.save(both, tmp_path, {"test": True})
    again = BiLSTMTagger.load(tmp_path, lex)
    assert len(again.members) == 2
    assert np.abs(again.emissions(sents[0]) - both.emissions(sents[0])).max() < 0.05
    # members that do not share the word table are refused
    c = _random_tagger(3, lex)
    with pytest.raises(ValueError, match="share"):
        BiLSTMTagger.ensemble([a, c])


def test_propagate_names_tags_untagged_repeats_nearby():
    from rasd.ner.consistency import propagate_names
    from rasd.ner.features import Lexicon

    lex = Lexicon(counts={"الامم": 100, "المتحده": 50, "الاعرجي": 20})
    far = ["كلام"] * 3
    sents = [["انتقد", "الاعرجي", "الامم", "المتحدة"],
             ["وقال", "والاعرجي", "إن", "للأمم", "المتحدة", "دورا"],
             ["عمان", "المتحدة"],
             far, far, far, far, far,
             ["الاعرجي"]]
    tags = [["O", "B-PERS", "B-ORG", "I-ORG"],
            ["O", "O", "O", "O", "O", "O"],
            ["B-LOC", "O"],
            ["O"] * 3, ["O"] * 3, ["O"] * 3, ["O"] * 3, ["O"] * 3,
            ["O"]]
    out = propagate_names(sents, tags, lex, window=5)
    # the repeats, behind their clitics, take the type the name had nearby
    assert out[1] == ["O", "B-PERS", "O", "B-ORG", "I-ORG", "O"]
    # what the tagger tagged stays; a word of a longer name alone is not that name
    assert out[2] == ["B-LOC", "O"]
    # beyond the window nothing changes, and the input is not modified
    assert out[8] == ["O"] and tags[1] == ["O"] * 6
    assert propagate_names(sents, tags, lex, window=8)[8] == ["B-PERS"]
    # a name tagged two ways nearby takes the majority type
    sents[2], sents[3] = ["الاعرجي", "المتحدة"], ["الاعرجي", "و", "الاعرجي"]
    tags[2], tags[3] = ["B-LOC", "O"], ["B-LOC", "O", "B-LOC"]
    assert propagate_names(sents, tags, lex, window=5)[1][1] == "B-LOC"


def test_unify_types_gives_a_name_its_majority_type_nearby():
    from rasd.ner.consistency import unify_types
    from rasd.ner.features import Lexicon

    lex = Lexicon(counts={"نيسان": 30})
    far = ["كلام"] * 2
    sents = [["باعت", "نيسان", "سيارات"], ["وقالت", "لنيسان", "إن"], ["تقدم", "نيسان", "أورفان"],
             ["قال", "نيسان"], far, far, far, ["نيسان", "هنا"]]
    tags = [["O", "B-ORG", "O"], ["O", "B-ORG", "O"], ["O", "B-PERS", "I-PERS"],
            ["O", "B-PERS"], ["O"] * 2, ["O"] * 2, ["O"] * 2, ["B-LOC", "O"]]
    out = unify_types(sents, tags, lex, window=3)
    # two ORG against one PERS nearby: the lone PERS becomes ORG; a longer span is another name
    assert out[3] == ["O", "B-ORG"] and out[2] == ["O", "B-PERS", "I-PERS"]
    # beyond the window nothing counts; the input is unchanged
    assert out[0] == ["O", "B-ORG", "O"] and out[7] == ["B-LOC", "O"]
    assert tags[3] == ["O", "B-PERS"]
    assert unify_types(sents, tags, lex, window=7)[7] == ["B-ORG", "O"]
    # a tie keeps the tagger's types
    assert unify_types([["نيسان"], ["نيسان"]], [["B-ORG"], ["B-PERS"]], lex) == [["B-ORG"], ["B-PERS"]]


def test_trim_nisba_heads_cuts_the_adjective_before_a_name():
    from rasd.ner.features import Lexicon
    from rasd.ner.span_rules import trim_nisba_heads

    lex = Lexicon(counts={})
    sents = [["الدبلوماسي", "السريلانكى", "جاينثا", "دانابالا"], ["التقى", "الهاجري", "وزيرا"],
             ["البنك", "المركزي", "الأوروبي"], ["والكازاخستاني", "جيرل", "."]]
    tags = [["O", "B-PERS", "I-PERS", "I-PERS"], ["O", "B-PERS", "O"],
            ["B-ORG", "I-ORG", "I-ORG"], ["B-PERS", "I-PERS", "O"]]
    out = trim_nisba_heads(sents, tags, lex)
    assert out[0] == ["O", "O", "B-PERS", "I-PERS"]  # written with ى, read as ي
    assert out[1] == ["O", "B-PERS", "O"]  # a nisba-shaped name alone is a name
    assert out[2] == tags[2]  # only person names
    assert out[3] == ["O", "B-PERS", "O"] and tags[3][0] == "B-PERS"


def test_split_conjuncts_cuts_two_names_joined_by_waw():
    from rasd.ner.features import Lexicon
    from rasd.ner.span_rules import split_conjuncts

    # counts as the news would give them: جون and العلوم commoner than with و written on them
    lex = Lexicon(counts={"جون": 40, "وجون": 3, "العلوم": 500, "والعلوم": 100, "ولد": 400})
    sents = [["فاز", "راديك", "وفريدل", "."],  # both unknown, و before a consonant: "and"
             ["روبي", "وجون"],  # جون is commoner alone
             ["جيف", "ويليامز"],  # و before ي: a foreign W, one name
             ["سعد", "بن", "أبي", "وقاص"],  # after ابي the word belongs to the name
             ["منظمة", "الأمم", "المتحدة", "للتربية", "والعلوم"],  # a common word inside an ORG
             ["Apple", "وDell"],  # not Arabic script: a second organization
             ["اللص", "والكلاب"]]  # a title (MISC) is left whole
    tags = [["O", "B-PERS", "I-PERS", "O"], ["B-PERS", "I-PERS"], ["B-PERS", "I-PERS"],
            ["B-PERS", "I-PERS", "I-PERS", "I-PERS"], ["B-ORG"] + ["I-ORG"] * 4,
            ["B-ORG", "I-ORG"], ["B-MISC", "I-MISC"]]
    out = split_conjuncts(sents, tags, lex)
    assert out[0] == ["O", "B-PERS", "B-PERS", "O"]
    assert out[1] == ["B-PERS", "B-PERS"]
    assert out[2:5] == tags[2:5]
    assert out[5] == ["B-ORG", "B-ORG"]
    assert out[6] == tags[6]
    assert tags[0] == ["O", "B-PERS", "I-PERS", "O"]  # the input is not changed


@needs_model
def test_batched_tagging_equals_one_sentence_at_a_time():
    from rasd.ner.recognizer import load

    model = load()
    if model.bilstm is None:
        pytest.skip("the shipped model has no BiLSTM stage")
    sents = [["قال", "المتحدث", "باسم", "الجيش", "العميد", "يحيى", "سريع", "في", "صنعاء"],
             [], ["وصل", "الوفد", "إلى", "موسكو", "."],
             ["أعلنت", "وزارة", "الدفاع", "الروسية", "أن", "طائراتها", "قصفت", "إدلب", "وحلب", "."]]
    assert model.bilstm.tag_many(sents) == [model.bilstm.tag(s) for s in sents]


@needs_model
def test_a_corrupt_model_file_is_a_clear_error(tmp_path):
    import shutil

    from rasd.ner.recognizer import ModelError, load

    for f in MODEL_DIR.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "bilstm.npz").write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ModelError, match="unreadable NER model"):
        load(tmp_path)


def test_pipeline_keeps_the_knowledge_base_when_the_model_is_unreadable(monkeypatch):
    import rasd.ner
    from rasd.mentions import analyze as analyze_mod
    from rasd.ner.recognizer import ModelError
    from rasd.records import Article

    def broken(text, model_dir=None):
        raise ModelError("unreadable NER model in /x: BadZipFile")

    monkeypatch.setattr(rasd.ner, "recognize", broken)
    monkeypatch.setattr(analyze_mod, "_WARNED", set(), raising=False)
    art = Article(id="t1", text="قصفت طائرات حربية مدينة إدلب أمس.", title="", outlet="test",
                  published="2020-01-02")
    got = analyze_mod.analyze(art, use_ner=True)
    assert any("إدلب" in m.text for m in got.places)


def test_character_language_model_states_read_the_whole_word_in_context():
    """A token's forward character state is read at the space after it, the backward one at the
    space before it: the forward one depends on the token and what precedes it only, the backward
    one on the token and what follows it only, and both change when the token's spelling does."""
    import numpy as np

    from rasd.ner.features import Lexicon

    lex = Lexicon()
    tagger = _random_tagger(4, lex)
    rng = np.random.default_rng(5)
    h, d, alphabet = 6, 4, " اقلعرجيفحبت"
    clm = {"lm_char_vocab": np.array([ord(ch) for ch in alphabet]),
           "lm_char_emb": rng.normal(size=(len(alphabet) + 2, d))}
    for way in ("fw", "bw"):
        clm[f"lm_char_{way}_w_ih"] = rng.normal(size=(4 * h, d))
        clm[f"lm_char_{way}_w_hh"] = rng.normal(size=(4 * h, h))
        clm[f"lm_char_{way}_b"] = rng.normal(size=4 * h)
    tagger.p.update({k: np.asarray(v, dtype=np.float32) for k, v in clm.items()})
    toks = ["قال", "الاعرجي", "في", "حلب"]
    full, prefix, suffix, changed = tagger._char_lm_batch(
        [toks, toks[:2], toks[1:], ["قال", "التحرير", "في", "حلب"]])
    assert full.shape == (4, 2 * h)
    assert np.allclose(full[:2, :h], prefix[:, :h], atol=1e-6)  # forward: what precedes
    assert not np.allclose(full[1, h:], prefix[1, h:], atol=1e-3)  # backward: what follows
    assert np.allclose(full[1:, h:], suffix[:, h:], atol=1e-6)
    assert not np.allclose(full[1, :h], changed[1, :h], atol=1e-3)  # both read the word itself
    assert not np.allclose(full[1, h:], changed[1, h:], atol=1e-3)
    # and the forward state is a plain LSTM over " قال الاعرجي" up to the space after the name
    text = " " + " ".join(lex.analyze(t).norm for t in toks[:2]) + " "
    assert text == " قال الاعرجي "
    ids = [alphabet.index(ch) + 2 for ch in text]
    hs, cs = np.zeros(h), np.zeros(h)
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    for i in ids:
        g = clm["lm_char_fw_w_ih"] @ clm["lm_char_emb"][i] + clm["lm_char_fw_w_hh"] @ hs + clm["lm_char_fw_b"]
        cs = sig(g[h:2 * h]) * cs + sig(g[:h]) * np.tanh(g[2 * h:3 * h])
        hs = sig(g[3 * h:]) * np.tanh(cs)
    assert np.allclose(full[1, :h], hs, atol=1e-4)


def test_language_models_can_read_the_neighbouring_sentences():
    """With a context, a sentence's word-model states are those of the models run over the
    sentence before, the sentence and the sentence after, cut to the sentence's own tokens."""
    import numpy as np

    from rasd.ner.bilstm import neighbours
    from rasd.ner.features import Lexicon

    lex = Lexicon()
    tagger = _random_tagger(6, lex)
    tagger.encoder.n_pretrained = 4
    rng = np.random.default_rng(7)
    h, d_word = 5, tagger.p["word_emb"].shape[1]
    lm = {"lm_pro_emb": rng.normal(size=(3, 8))}
    for way in ("fw", "bw"):
        lm[f"lm_{way}_w_ih"] = rng.normal(size=(4 * h, d_word + 8))
        lm[f"lm_{way}_w_hh"] = rng.normal(size=(4 * h, h))
        lm[f"lm_{way}_b"] = rng.normal(size=4 * h)
    tagger.p.update({k: np.asarray(v, dtype=np.float32) for k, v in lm.items()})
    text = [["قال", "الاعرجي"], ["الاعرجي", "قال", "الاعرجي"], ["قال"]]
    ctx = neighbours(text)
    assert ctx[0] == ([], ["الاعرجي", "قال", "الاعرجي"]) and ctx[2] == (["الاعرجي", "قال", "الاعرجي"], [])
    alone = tagger.lm_states(text[1])
    read = tagger.lm_states(text[1], ctx[1])
    whole = tagger.lm_states([t for s in text for t in s])
    assert np.allclose(read, whole[2:5], atol=1e-6)
    assert not np.allclose(read[0, :h], alone[0, :h], atol=1e-3)  # the forward model saw the one before
    # batched with other sentences and contexts, the same states
    batch = tagger._lm_batch(text, np.array([2, 3, 1]), ctx)
    assert np.allclose(batch[1, :3], read, atol=1e-6) and np.allclose(
        batch[0, :2], tagger.lm_states(text[0] + text[1])[:2], atol=1e-6)


def test_petrarch_names_reads_entries_not_codes_or_comments(tmp_path):
    from rasd.ner.train import petrarch_names

    path = tmp_path / "actor_dict.txt"
    path.write_text("# comment_line_\nجورج_بوش_  [USAGOV]\nنوري_المالكي_\n"
                    "\t[IRQGOV 20101221-20140908]\n حماس\n\nملك_عبد_اللٰه_ثاني_\nس_\n",
                    encoding="utf-8")
    # the dagger alif of اللٰه is dropped; a name under three letters is not a name
    assert petrarch_names(path) == {"جورج بوش", "نوري المالكي", "حماس", "ملك عبد الله ثاني"}
