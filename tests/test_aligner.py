"""The aligner core, its search and scoring, and the document pipeline."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from termalign.align import search
from termalign.align.aligner import AlignConfig, align, best_path
from termalign.align.lattice import Band, Segments, bead_types
from termalign.align.document import Document, Paragraph
from termalign.align.pipeline import align_documents, align_segments, features, unrelated
from align_fixtures import EN, ZH

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def encoder():
    from termalign.models import load_encoder

    return load_encoder("use-m3", cache=False)


def pairs(beads) -> list[tuple[list[int], list[int]]]:
    return [([int(i) for i in b.zh], [int(i) for i in b.en]) for b in beads]


# --- the core on vectors made by hand: exact, fast, no encoder


def orthonormal(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(dim, n)))
    return q.T.astype(np.float32)


def test_bead_types_respect_the_total():
    types = bead_types(5)
    assert (1, 4) in types and (4, 1) in types and (2, 3) in types
    assert (2, 4) not in types and (1, 0) in types and (0, 1) in types


def test_heaviest_chain_matches_brute_force():
    rng = np.random.default_rng(3)
    cells = rng.choice(64, size=12, replace=False)
    points = np.stack([cells // 8, cells % 8], axis=1)
    weights = rng.random(12)
    chain = search.heaviest_chain(points, weights)
    best = 0.0
    for r in range(1, 6):
        for combo in itertools.combinations(range(12), r):
            pts = sorted(combo, key=lambda k: tuple(points[k]))
            if all(points[a][0] < points[b][0] and points[a][1] < points[b][1] for a, b in zip(pts, pts[1:])):
                best = max(best, float(weights[list(combo)].sum()))
    got = sum(weights[k] for p in chain for k in range(12) if tuple(points[k]) == tuple(p))
    assert got == pytest.approx(best)
    assert all(a[0] < b[0] and a[1] < b[1] for a, b in zip(chain, chain[1:]))


def test_band_grows_linearly_with_the_document():
    n = 2000
    points = np.stack([np.arange(n), np.arange(n)], axis=1)
    lo, hi = search.band(points, n, n, 5)
    assert (hi - lo).max() <= 12
    assert lo[0] == 0 and hi[-1] == n
    assert np.all(np.diff(lo) >= 0) and np.all(np.diff(hi) >= 0)


def test_fixed_search_window_follows_a_path_that_drifts_off_the_diagonal():
    # every 5th target segment of the first half is missing: halfway through, the
    # true match lies 50 segments from the length-ratio line, more than twice the window
    n, window = 1000, 20
    rng = np.random.default_rng(7)
    src = rng.normal(size=(n, 32)).astype(np.float32)
    keep = ~((np.arange(n) % 5 == 0) & (np.arange(n) < n // 2))
    tgt = src[keep] + 0.3 * rng.normal(size=(int(keep.sum()), 32)).astype(np.float32)
    src /= np.linalg.norm(src, axis=1, keepdims=True)
    tgt /= np.linalg.norm(tgt, axis=1, keepdims=True)
    truth = np.cumsum(keep) - 1
    _, followed = search.top_k(src, tgt, 1, window, follow=True, block=64)
    _, fixed = search.top_k(src, tgt, 1, window, block=64)
    assert np.array_equal(followed[keep, 0], truth[keep])
    assert (fixed[keep, 0] != truth[keep]).sum() > 100   # the line alone loses the path


def test_core_finds_merges_splits_and_omissions_from_vectors():
    # eight "meanings"; a run's vector is the mean of its segments' vectors
    base = orthonormal(8)
    src_groups = [[0], [1], [2], [3], [4, 5], [6], [7]]
    tgt_groups = [[0], [1], [2], [3], [4, 5], [7]]
    # source: 0 1 2 3 (4+5 one sentence) 6 7 ; target: 0 1 (2 split in two) 3 4 5 7
    src_vecs = np.stack([base[g].mean(0) for g in src_groups])
    tgt = [base[0], base[1], base[2] * 0.8 + base[3] * 0.0, base[2], base[3], base[4], base[5], base[7]]
    tgt_vecs = np.stack(tgt)
    src_vecs /= np.linalg.norm(src_vecs, axis=1, keepdims=True)
    tgt_vecs /= np.linalg.norm(tgt_vecs, axis=1, keepdims=True)
    texts_s = ["x" * 40] * len(src_vecs)
    texts_t = ["x" * 40] * len(tgt_vecs)
    texts_t[2] = texts_t[3] = "x" * 20
    texts_s[4] = "x" * 80
    beads = align(Segments(texts_s, src_vecs), Segments(texts_t, tgt_vecs), config=AlignConfig(length_weight=0))
    assert pairs(beads) == [([0], [0]), ([1], [1]), ([2], [2, 3]), ([3], [4]), ([4], [5, 6]),
                            ([5], []), ([6], [7])]
    assert beads[5].low_confidence and beads[5].score == 0.0
    assert all(not b.low_confidence for b in beads if b.type != "1-0")


def test_best_path_covers_both_sides_in_order():
    rng = np.random.default_rng(1)
    n, m = 300, 340
    lo, hi = search.band(np.stack([np.arange(n), (np.arange(n) * m / n).astype(int)], 1), n, m, 5)
    band = Band(lo, hi)

    def scorer(band, a, b):
        out = rng.random((band.rows, band.width)).astype(np.float32) - 0.5
        ok = band.inside & (band.cols >= b) & (np.arange(band.rows)[:, None] >= a)
        return np.where(ok, out, -np.inf)

    path = best_path(band, bead_types(5), scorer)
    assert path[0][0] == 0 and path[0][2] == 0 and path[-1][1] == n and path[-1][3] == m
    assert all(p[1] == q[0] and p[3] == q[2] for p, q in zip(path, path[1:]))


@pytest.mark.parametrize("row", [10, 0], ids=["inside", "before the first source segment"])
def test_band_around_a_path_with_a_long_omission_run_stays_connected(row):
    """A first path that leaves 20 target segments unaligned in one row (a run
    of 0-1 beads, as two unrelated texts or a long PDF pair give) once made a
    refine band whose next row started past that row's end: "no path through the band".
    In row 0 (target segments before the first source one: 11 of 200 generated UN
    documents) the band's first row was cut back to the first bead's width."""
    n, m, width = 30, 50, 2
    path = [(i, i + 1, i, i + 1) for i in range(row)]                 # 1-1 beads up to (row, row)
    path += [(row, row, j, j + 1) for j in range(row, row + 20)]      # 20 0-1 beads in that row
    path += [(i, i + 1, i + 20, i + 21) for i in range(row, 30)]      # 1-1 beads again, 20 columns on
    ends = np.array([(i1 - 1, j1 - 1) for _, i1, _, j1 in path])
    lo, hi = search.band(ends, n, m, width)
    assert np.all(lo[1:] <= hi[:-1])        # each row starts before the one above it ends
    assert lo[row] <= row and hi[row] >= row + 20    # the row holds the whole run
    band = Band(lo, hi)

    def scorer(band, a, b):
        ok = band.inside & (band.cols >= b) & (np.arange(band.rows)[:, None] >= a)
        return np.where(ok, np.float32(-0.1 if a == 0 or b == 0 else 0.5), -np.inf)

    found = best_path(band, bead_types(5), scorer)
    assert found[0][0] == 0 and found[0][2] == 0 and found[-1][1] == n and found[-1][3] == m
    assert all(p[1] == q[0] and p[3] == q[2] for p, q in zip(found, found[1:]))


# --- real sentences (tests/align_fixtures.py) through the encoder

def test_every_bead_type_on_real_sentences(encoder):
    beads = align_segments(ZH, EN, encoder)
    assert pairs(beads) == [([0], [0]), ([1], [1, 2]), ([2], []), ([3, 4], [3]), ([], [4]), ([5], [5])]
    by_type = {b.type: b for b in beads}
    assert by_type["1-1"].score > 0.6
    assert by_type["1-0"].low_confidence and by_type["0-1"].low_confidence


def test_features_of_chinese_segments_with_and_without_numerals():
    assert features("大会欢迎各方为此所作的努力。", "zh") == {}
    found = features("（ａ）请秘书长于二〇一九年十二月十九日前提交第 70/125 号决议执行情况报告", "zh")
    assert found["label:(a)"] == 1 and found["date:2019-12-19"] == 1 and found["symbol:res:70/125"] == 1
    assert features("三. 经费问题", "zh") == {"label:3": 1}
    assert features("Requests the Secretary-General to report", "en", "12") == {"label:12": 1}


def test_numbers_decide_between_look_alike_paragraphs(encoder):
    zh = ["1. 决定第七十九届会议在2024年9月10日开幕。", "2. 决定第八十届会议在2025年9月9日开幕。",
          "3. 决定第八十一届会议在2026年9月8日开幕。"]
    en = ["1. Decides that the seventy-ninth session shall open on 10 September 2024.",
          "3. Decides that the eighty-first session shall open on 8 September 2026."]
    assert pairs(align_segments(zh, en, encoder)) == [([0], [0]), ([1], []), ([2], [1])]


def paragraph(pid, kind, number, text, lang):
    return Paragraph(id=pid, kind=kind, number=number, text=text, raw=text, lang=lang)


def test_footnotes_align_with_footnotes_by_number_and_extra_paragraph(encoder):
    zh = Document("zh", [
        paragraph("p1", "preamble", None, "大会，回顾其关于信息和通信技术促进发展的各项决议，", "zh"),
        paragraph("p2", "operative", "1", "1. 欢迎互联网治理论坛第十九次会议取得的成果；", "zh"),
        paragraph("p3", "operative", "2", "2. 请所有利益攸关方继续支持论坛的工作；", "zh"),
        paragraph("p4", "footnote", "1", "见A/79/62。", "zh"),
        paragraph("p5", "footnote", "2", "第70/125号决议。", "zh"),
        paragraph("p6", "footnote", "3", "《联合国条约汇编》，第1577卷，第27531号。", "zh"),
    ], source="res.zh.txt")
    en = Document("en", [
        paragraph("p1", "preamble", None, "The General Assembly, recalling its resolutions on information "
                  "and communications technologies for development,", "en"),
        paragraph("p2", "operative", "1", "1. Welcomes the outcome of the nineteenth meeting of the "
                  "Internet Governance Forum;", "en"),
        paragraph("p3", "operative", "2", "2. Invites all stakeholders to continue to support the work of "
                  "the Forum;", "en"),
        paragraph("p4", "operative", "3", "3. Decides to include in the provisional agenda of its "
                  "eightieth session the item entitled \"Information and communications technologies "
                  "for sustainable development\".", "en"),
        paragraph("p5", "footnote", "1", "See A/79/62.", "en"),
        paragraph("p6", "footnote", "2", "Resolution 70/125.", "en"),
        paragraph("p7", "footnote", "3", "United Nations, Treaty Series, vol. 1577, No. 27531.", "en"),
    ], source="res.en.txt")
    records = align_documents(zh, en, encoder, level="paragraph")
    got = [(r.zh_ids, r.en_ids) for r in records]
    assert got == [(["p1"], ["p1"]), (["p2"], ["p2"]), (["p3"], ["p3"]), ([], ["p4"]),
                   (["p4"], ["p5"]), (["p5"], ["p6"]), (["p6"], ["p7"])]
    footnotes = [r for r in records if r.kind == "footnote"]
    assert [r.zh_paragraphs for r in footnotes] == [["1"], ["2"], ["3"]]
    assert records[3].type == "0-1" and records[3].low_confidence
    assert not unrelated(records)


def test_unrelated_documents_are_reported(encoder):
    zh = ["今天早上下了一场大雨，街道上到处都是积水。", "孩子们在公园里放风筝。", "这家餐馆的面条很好吃。",
          "他每天骑自行车去上班。"]
    en = ["The Security Council reaffirms its commitment to the sovereignty of all States.",
          "Member States adopted the programme budget for the biennium.",
          "The Committee approved the draft resolution without a vote.",
          "The Secretary-General shall submit a report at the next session."]
    beads = align_segments(zh, en, encoder)
    assert unrelated(beads)
    assert not unrelated(align_segments(ZH, EN, encoder))


def test_unrelated_resolutions_align_at_sentence_level_without_a_crash(encoder):
    """Two different resolutions (freshwater ecosystems against digital public
    infrastructure): the paragraph path once left a long run of 0-1 beads in one
    row, and the refine pass raised "no path through the band". They must align
    into beads that cover both sides, most of them flagged, and be called unrelated."""
    from termalign.align.reader import read_document

    documents = REPO / "tests" / "fixtures" / "documents"
    zh, en = read_document(documents / "dpi_C.txt"), read_document(documents / "water_E.txt")
    records = align_documents(zh, en, encoder, "sentence")
    assert unrelated(records)
    from termalign.align.segment import sentences

    zh_ids = [s.id for p in zh.paragraphs for s in sentences(p)]
    en_ids = [s.id for p in en.paragraphs for s in sentences(p)]
    assert sorted(i for r in records for i in r.zh_ids) == sorted(zh_ids)
    assert sorted(i for r in records for i in r.en_ids) == sorted(en_ids)
    assert sum(r.low_confidence for r in records) > len(records) / 3


def test_drift_entry_point_aligns_same_language_vectors_without_an_encoder():
    base = orthonormal(5, seed=2)
    old = Segments(["a" * 50] * 5, base)
    new = Segments(["a" * 50] * 4, base[[0, 1, 3, 4]])
    assert pairs(align(old, new)) == [([0], [0]), ([1], [1]), ([2], []), ([3], [2]), ([4], [3])]


def test_sentence_level_stays_inside_paragraph_groups(encoder):
    zh = Document("zh", [
        paragraph("p1", "operative", "1", "1. 欢迎该报告。注意到其中的建议。", "zh"),
        paragraph("p2", "operative", "2", "2. 决定继续审议这个问题。", "zh"),
    ], source="a.zh")
    en = Document("en", [
        paragraph("p1", "operative", "1", "1. Welcomes the report. Takes note of the recommendations "
                  "contained therein.", "en"),
        paragraph("p2", "operative", "2", "2. Decides to remain seized of the matter.", "en"),
    ], source="a.en")
    records = align_documents(zh, en, encoder, level="sentence")
    assert all(r.level == "sentence" for r in records)
    assert [r.zh_paragraphs for r in records][-1] == ["2"]
    for r in records:
        assert {i.split(".")[0] for i in r.zh_ids} <= {p for p in ["p1", "p2"]}
        assert len({i.split(".")[0] for i in r.zh_ids + r.en_ids}) == 1


# --- issue 20: punctuation as evidence, the embedding budget, the boundary flag

def test_punctuation_marks_of_a_quoted_question_agree_across_scripts():
    from termalign.align.scoring import punctuation

    zh, en, plain = punctuation([
        "主席问道：“委员会是否同意推迟审议该项目？”……",
        'The Chairman asked: "Does the Committee agree to defer consideration of the item?" ...',
        "大会欢迎秘书长的报告。",
    ])
    assert zh == en == {"colon": 1, "quote": 1, "question": 1, "ellipsis": 1}
    assert plain == {}


def _middle_leans_right(zh: list[str], en: list[str]) -> tuple[Segments, Segments]:
    """Two zh sentences and three en ones whose vectors put en 0 with zh 0, en 2 with zh 1,
    and en 1 between them, slightly nearer zh 1."""
    v = orthonormal(3)
    mid = (v[0] + 1.1 * v[1]) / np.linalg.norm(v[0] + 1.1 * v[1])
    return Segments(zh, np.stack([v[0], v[1]]), lang="zh"), Segments(en, np.stack([v[0], mid, v[1]]), lang="en")


def _boundary(punctuation_weight: float):
    """Two zh sentences, three en: the middle en sentence (the second half of a
    quoted double question) leans slightly towards zh 1 by its vector; only its
    punctuation says it belongs to zh 0."""
    src, tgt = _middle_leans_right(
        ["代表团问道：“报告何时印发？是否已经译成所有正式语文？”", "秘书处表示将在下次会议上作出答复。"],
        ["The delegation asked: “When will the report be issued?",
         "Has it been translated into all the official languages?”",
         "The secretariat said that it would reply at the next meeting."])
    return pairs(align(src, tgt, config=AlignConfig(length_weight=0, punctuation_weight=punctuation_weight)))


def test_shared_punctuation_decides_a_sentence_boundary():
    assert _boundary(0.0) == [([0], [0]), ([1], [1, 2])]        # the vectors alone: wrong side
    assert _boundary(0.1) == [([0], [0, 1]), ([1], [2])]        # the second question joins the first


def test_refine_pass_embeds_no_more_than_its_budget():
    rng = np.random.default_rng(3)
    n = 400
    base = rng.normal(size=(n, 64)).astype(np.float32)
    src_vecs = base / np.linalg.norm(base, axis=1, keepdims=True)
    # every 8th target pair is one source sentence split in two: multi-segment beads to refine
    tgt, tgt_vecs = [], []
    for i, vec in enumerate(src_vecs):
        parts = 2 if i % 8 == 0 else 1
        for _ in range(parts):
            noisy = vec + 0.6 * rng.normal(size=64).astype(np.float32)
            tgt_vecs.append(noisy / np.linalg.norm(noisy))
            tgt.append("x" * (30 // parts))
    embedded = []

    def embed(texts):
        embedded.extend(texts)
        out = rng.normal(size=(len(texts), 64)).astype(np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    config = AlignConfig(embed_budget=0.3, length_weight=0)
    align(Segments(["x" * 30] * n, src_vecs), Segments(tgt, np.stack(tgt_vecs)), embed=embed, config=config)
    assert 0 < len(embedded) <= 0.3 * (n + len(tgt))


def test_a_bead_whose_neighbour_fits_nearly_as_well_is_flagged():
    v = orthonormal(3)
    blurred = (v[2] + 0.95 * v[1]) / np.linalg.norm(v[2] + 0.95 * v[1])
    src = Segments(["x" * 40] * 3, v)
    tgt = Segments(["x" * 40] * 3, np.stack([v[0], v[1], blurred]))
    beads = align(src, tgt, config=AlignConfig(length_weight=0))
    assert pairs(beads) == [([0], [0]), ([1], [1]), ([2], [2])]
    # en 2 fits zh 2 (cosine 0.73) but zh 1, just outside its bead, nearly as well (0.69)
    assert [b.low_confidence for b in beads] == [False, False, True]
    assert beads[2].score > AlignConfig().low_confidence



# --- issue 20: a dictionary learnt from sentence pairs, as evidence independent of the encoder

# Sentence pairs in the `English<TAB>Chinese` format of the Tatoeba export, written
# for these tests: the words forum, internet, governance and report recur with
# their Chinese, each in at least three pairs.
LEXICON_LINES = [
    ("The Internet Governance Forum met in Kyoto.", "因特网治理论坛在京都举行会议。"),
    ("The forum discussed Internet governance.", "论坛讨论了因特网治理问题。"),
    ("Internet access is a forum topic.", "因特网接入是论坛的议题。"),
    ("Governance of the Internet needs the forum.", "因特网的治理需要论坛。"),
    ("The Secretary-General issued a report.", "秘书长印发了一份报告。"),
    ("The report was long.", "该报告很长。"),
    ("Delegations welcomed the report.", "各代表团欢迎该报告。"),
]


def test_lexicon_pairs_words_with_their_chinese_and_finds_them_in_sentences():
    from termalign.align.lexicon import Lexicon

    lexicon = Lexicon.learn(LEXICON_LINES, min_count=3)
    assert ("forum", "论坛") in lexicon.pairs and ("report", "报告") in lexicon.pairs
    assert ("internet", "因特") in lexicon.pairs or ("internet", "特网") in lexicon.pairs
    assert not any(word in {"the", "of", "was"} for word, _ in lexicon.pairs)   # function words never pair
    zh, other = lexicon.features(["注意到因特网治理论坛的工作，", "请秘书长提交一份报告。"], "zh")
    en, = lexicon.features(["Taking note of the work of the Internet Governance Forum,"], "en")
    assert set(zh) & set(en) and len(set(zh) & set(en)) >= 2
    assert not set(other) & set(en)


def test_shared_dictionary_words_decide_a_sentence_boundary():
    """Two zh sentences, three en: the middle en sentence leans slightly towards zh 1
    by its vector; the dictionary words it shares with zh 0 put it with zh 0."""
    from termalign.align.lexicon import Lexicon

    lexicon = Lexicon.learn(LEXICON_LINES, min_count=3)
    zh = ["大会注意到因特网治理论坛的工作，并欢迎论坛关于因特网治理的报告。", "会议于下午六时休会。"]
    en = ["The Assembly took note of the work of the Forum.",
          "It welcomed the report of the Internet Governance Forum on Internet governance.",
          "The meeting rose at 6 p.m."]
    src, tgt = _middle_leans_right(zh, en)

    def run(weight: float):
        config = AlignConfig(length_weight=0, punctuation_weight=0, lexical_weight=weight)
        return pairs(align(src, tgt, config=config, src_lexical=lexicon.features(zh, "zh"),
                           tgt_lexical=lexicon.features(en, "en")))

    assert run(0.0) == [([0], [0]), ([], [1]), ([1], [2])]     # the vectors alone: en 1 left out
    assert run(AlignConfig().lexical_weight) == [([0], [0, 1]), ([1], [2])]


def test_unmatched_dictionary_words_cost_nothing():
    from collections import Counter

    from termalign.align.scoring import Cells, Evidence, Windows

    src = Segments(["甲", "乙"], orthonormal(2), lang="zh")
    tgt = Segments(["a", "b"], orthonormal(2), lang="en")
    term = Evidence([Counter({"lex:1": 1, "lex:2": 1}), Counter()],
                    [Counter({"lex:1": 1, "lex:3": 1}), Counter({"lex:4": 1})], 0.1, penalise_unmatched=False)
    cells = Cells(1, 1, Windows(src), Windows(tgt), np.array([1, 2]), np.array([[1, 2], [1, 2]]),
                  np.ones((2, 2), bool))
    scores = term(cells)
    assert scores[0, 0] == pytest.approx(0.1 * 2 / 5)     # one word shared of four
    assert scores[0, 1] == 0 and scores[1, 0] == 0 and scores[1, 1] == 0   # nothing shared: no penalty


def test_lexicon_from_the_tatoeba_pairs_links_a_free_translation(shared_dir, monkeypatch):
    from termalign.align import lexicon as module

    pairs_file = shared_dir / module.TATOEBA
    if not pairs_file.is_file():
        pytest.skip(f"no Tatoeba pairs at {pairs_file}")
    monkeypatch.setenv("TERMALIGN_LEXICON", str(pairs_file))
    module.default_lexicon.cache_clear()
    try:
        lexicon = module.default_lexicon()
    finally:
        module.default_lexicon.cache_clear()
    assert lexicon is not None and len(lexicon.pairs) > 1000
    # a freely translated passage of fiction, written for this test
    zh = lexicon.features(["那年夏天雨下个不停，村口的老槐树被雷劈成了两半。",
                           "他一句话也没说，只是把湿透的草帽挂在门后的钉子上。"], "zh")
    en = lexicon.features(["It rained all that summer, and lightning split the old locust tree at the edge of the village.",
                           "Without a word he hung his soaked straw hat on the nail behind the door."], "en")
    assert set(zh[0]) & set(en[0]) and set(zh[1]) & set(en[1])     # each sentence with its translation
    assert not set(zh[0]) & set(en[1]) and not set(zh[1]) & set(en[0])


def test_aligner_works_without_a_lexicon(monkeypatch):
    from termalign.align import lexicon
    from termalign.align.pipeline import lexical

    lexicon.default_lexicon.cache_clear()
    try:
        for unset in (None, ""):     # no file named: the dictionary term is left out
            if unset is None:
                monkeypatch.delenv("TERMALIGN_LEXICON", raising=False)
            else:
                monkeypatch.setenv("TERMALIGN_LEXICON", unset)
            lexicon.default_lexicon.cache_clear()
            assert lexicon.default_path() is None and lexical(ZH, EN) == {}
        v = orthonormal(3)
        beads = align(Segments(ZH[:3], v, lang="zh"), Segments(EN[:3], v, lang="en"))
        assert pairs(beads) == [([0], [0]), ([1], [1]), ([2], [2])]
    finally:
        lexicon.default_lexicon.cache_clear()


def test_run_mean_leans_towards_the_longer_sentence_with_length_power():
    from termalign.align.scoring import Windows

    # a short speech tag and a long sentence: the joined text means mostly the long one
    texts = ["韦小宝道：", "明天再打，不过要赌钱，你也拿三两银子出来，咱们一言为定。"]
    v = orthonormal(2)
    cos_long = {}
    for power in (1.0, 1.2):
        run = Windows(Segments(texts, v, lang="zh"), length_power=power).vectors(2, np.array([2]))[0]
        assert abs(float(np.linalg.norm(run)) - 1) < 1e-5
        cos_long[power] = float(run @ v[1])
        assert cos_long[power] > float(run @ v[0])
    assert cos_long[1.2] > cos_long[1.0]
    # lengths 5 and 28: the long sentence's share of the weight is 28**p / (5**p + 28**p)
    expected = 28 ** 1.2 / np.hypot(5 ** 1.2, 28 ** 1.2)
    assert abs(cos_long[1.2] - expected) < 1e-5
    assert AlignConfig().length_power == 1.2
