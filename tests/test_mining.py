"""Term mining on hand-made bitexts where the right pairs are known, and `termalign mine` end to end."""

from __future__ import annotations

import pytest

from termalign.align.bitext import BeadRecord, write_jsonl
from termalign.glossary.candidates import en_key, zh_key
from termalign.glossary.mining import MiningOptions, TermMiner, sentence_units

# Written for these tests: short UN-style sentences, each line a translation of the other.
PAIRS = [
    ("因特网治理论坛第十次会议于11月在巴西举行。",
     "The tenth meeting of the Internet Governance Forum (IGF) was held in Brazil in November."),
    ("秘书长感谢东道国政府为因特网治理论坛提供的支持。",
     "The Secretary-General thanked the host Government for its support to the Internet Governance Forum."),
    ("许多代表团认为，因特网治理论坛应继续作为多利益攸关方对话的平台。",
     "Many delegations considered that the IGF should remain a platform for multi-stakeholder dialogue."),
    ("大会决定将因特网治理论坛的任务期限延长十年。",
     "The General Assembly decided to extend the mandate of the Internet Governance Forum for ten years."),
    ("因特网的普及为最不发达国家带来了新的机遇。",
     "The spread of the Internet has brought new opportunities to the least developed countries."),
    ("在许多最不发达国家，因特网费用仍然过高。",
     "In many least developed countries, the Internet remains too expensive."),
    ("会员国应努力缩小互联网接入方面的数字鸿沟。",
     "Member States should strive to close the digital divide in access to the Internet."),
    ("互联网为妇女参与公共生活提供了新的途径。",
     "The Internet offers women new ways to take part in public life."),
    ("科学和技术促进发展委员会审查了信息社会世界峰会成果的执行情况。",
     "The Commission on Science and Technology for Development reviewed the implementation of the "
     "outcomes of the World Summit on the Information Society."),
    ("信息社会世界峰会呼吁建设以人为本的信息社会。",
     "The World Summit on the Information Society called for a people-centred information society."),
    ("科学和技术促进发展委员会第十八届会议通过了三项决议草案。",
     "At its eighteenth session, the Commission on Science and Technology for Development adopted "
     "three draft resolutions."),
    ("秘书长向科学和技术促进发展委员会提交了年度报告。",
     "The Secretary-General submitted the annual report to the Commission on Science and Technology "
     "for Development."),
    ("信息社会世界峰会十年审查将于2015年12月完成。",
     "The ten-year review of the World Summit on the Information Society will be completed in December 2015."),
    ("最不发达国家需要更多的技术援助。",
     "The least developed countries need more technical assistance."),
    ("互联网用户的数量在过去五年中翻了一番。",
     "The number of Internet users has doubled over the past five years."),
    ("委员会赞赏地注意到各区域委员会的贡献。",
     "The Commission noted with appreciation the contributions of the regional commissions."),
    ("与会者讨论了气候变化对粮食生产的影响。",
     "Participants discussed the impact of climate change on food production."),
    ("会议于下午6时休会。", "The meeting rose at 6 p.m."),
    ("秘书处将在下届会议之前分发报告草稿。",
     "The Secretariat will circulate the draft report before the next session."),
    ("各国代表强调了国际合作的重要性。",
     "Representatives stressed the importance of international cooperation."),
]


# Twenty units are too few for G² at p < 0.001 (the default, for real corpora); p < 0.05 here.
SMALL_SAMPLE_G2 = 3.84


def records(pairs=PAIRS, doc_size: int = 5) -> list[BeadRecord]:
    return [BeadRecord(doc=f"A/70/{i // doc_size + 1}", level="sentence", zh_ids=[f"p{i}.s1"],
                       en_ids=[f"p{i}.s1"], zh=zh, en=en, type="1-1", score=0.9,
                       zh_paragraphs=[str(i + 1)], en_paragraphs=[str(i + 1)])
            for i, (zh, en) in enumerate(pairs)]


@pytest.fixture(scope="module")
def result():
    miner = TermMiner(options=MiningOptions(min_count=2, min_association=SMALL_SAMPLE_G2, similarity=False))
    miner.add(records())
    return miner.mine()


def concept_of(result, lang: str, text: str):
    key = zh_key(text) if lang == "zh" else en_key(text)
    for concept in result.concepts:
        for term in concept.terms_in(lang):
            if (zh_key(term.text) if lang == "zh" else en_key(term.text)) == key:
                return concept
    return None


def texts(concept, lang: str) -> set[str]:
    return {t.text for t in concept.terms_in(lang)}


def test_names_are_paired_whole(result):
    concept = concept_of(result, "zh", "科学和技术促进发展委员会")
    assert concept is not None
    assert "Commission on Science and Technology for Development" in texts(concept, "en")


def test_nested_term_is_preferred_to_its_fragments(result):
    concept = concept_of(result, "zh", "信息社会世界峰会")
    assert concept is not None
    assert "World Summit on the Information Society" in texts(concept, "en")
    proposed_zh = {p.evidence.zh for p in result.pairs}
    assert not proposed_zh & {"世界峰会", "社会世界峰会", "峰会", "信息社会世界"}


def test_acronym_joins_its_expansion(result):
    concept = concept_of(result, "zh", "因特网治理论坛")
    assert concept is not None
    assert {"Internet Governance Forum", "IGF"} <= texts(concept, "en")
    types = {t.text: t.term_type for t in concept.terms}
    assert types["IGF"] == "acronym"


def test_variants_are_grouped_under_one_concept(result):
    concept = concept_of(result, "en", "Internet")
    assert concept is not None
    assert {"因特网", "互联网"} <= texts(concept, "zh")
    assert concept is concept_of(result, "zh", "互联网")


def test_each_occurrence_supports_one_pair(result):
    # 因特网 inside 因特网治理论坛 links with the name, so it is counted for the name only.
    internet = next(p for p in result.pairs if p.evidence.zh == "因特网" and p.evidence.en == "Internet")
    assert internet.evidence.frequency == 2


def test_evidence_for_a_pair(result):
    pair = next(p.evidence for p in result.pairs if p.evidence.zh == "最不发达国家")
    assert pair.en == "least developed countries"
    assert pair.frequency == 3
    assert pair.documents == 3
    assert pair.consistency == 1.0
    assert pair.association > 10
    assert pair.similarity is None                     # similarity was turned off
    assert 1 <= len(pair.examples) <= 3
    example = pair.examples[0]
    assert "最不发达国家" in example.zh and "least developed countries" in example.en
    assert example.doc.startswith("A/70/") and example.zh_paragraph


def test_numbers_dates_and_single_general_words_are_not_paired(result):
    assert len(result.pairs) >= 5
    for pair in result.pairs:
        assert not any(c.isdigit() for c in pair.evidence.zh + pair.evidence.en)
    assert concept_of(result, "en", "December") is None


def test_mined_terms_are_candidates_with_counts(result):
    assert len(result.concepts) >= 5
    for concept in result.concepts:
        assert concept.id is None and concept.pairs
        for term in concept.terms:
            assert term.status == "candidate"
            assert isinstance(term.frequency, int) and term.frequency >= 2
            assert isinstance(term.documents, int) and term.documents >= 1


def test_accepted_terms_reach_the_tokenizer():
    name = "科学和技术促进发展委员会"
    miner = TermMiner(accepted_zh=[name], options=MiningOptions(min_count=2, min_association=SMALL_SAMPLE_G2, similarity=False))
    miner.add(records())
    concept = concept_of(miner.mine(), "zh", name)
    assert concept is not None
    assert "Commission on Science and Technology for Development" in texts(concept, "en")


def test_sentence_beads_are_preferred_to_paragraph_beads():
    sentence = records()[0]
    paragraph = BeadRecord(doc=sentence.doc, level="paragraph", zh_ids=["p0"], en_ids=["p0"],
                           zh=sentence.zh, en=sentence.en, type="1-1", score=0.9)
    omission = BeadRecord(doc="other", level="paragraph", zh_ids=["p1"], en_ids=[], zh="只有中文。",
                          en="", type="1-0", score=0.0)
    other = BeadRecord(doc="other", level="paragraph", zh_ids=["p2"], en_ids=["p2"], zh="中文。",
                       en="English.", type="1-1", score=0.8)
    assert sentence_units([paragraph, sentence, omission, other]) == [sentence, other]


def test_the_same_alignment_read_twice_counts_once(result):
    miner = TermMiner(options=MiningOptions(min_count=2, min_association=SMALL_SAMPLE_G2, similarity=False))
    assert miner.add(records()) == len(records())
    assert miner.add(records()) == 0
    again = miner.mine()
    assert [(p.zh, p.en, p.evidence.frequency) for p in again.pairs] == \
        [(p.zh, p.en, p.evidence.frequency) for p in result.pairs]


@pytest.mark.slow
def test_similarity_feature_scores_every_pair():
    miner = TermMiner(options=MiningOptions(min_count=2, min_association=SMALL_SAMPLE_G2, similarity=True))
    miner.add(records())
    mined = miner.mine()
    assert mined.pairs
    assert all(-1.0 <= p.evidence.similarity <= 1.0 for p in mined.pairs)
    name = next(p.evidence for p in mined.pairs if p.evidence.zh == "科学和技术促进发展委员会")
    assert name.similarity > 0.3


# --- `termalign mine` end to end ---------------------------------------------------------------

@pytest.fixture
def bitext(tmp_path):
    path = tmp_path / "wsis.jsonl"
    with open(path, "w", encoding="utf-8") as handle:
        write_jsonl(records(), handle)
    return path


def test_cli_mines_into_a_new_termbase_and_keeps_human_decisions(run_cli, bitext, tmp_path):
    from termalign.glossary.termbase import Termbase

    tb_path = tmp_path / "terms.db"
    result = run_cli("mine", bitext, "--termbase", tb_path, "--note", "WSIS texts", "--min-count", "2",
                     "--no-similarity")
    assert result.exit_code == 0, result.output
    assert "20 units" in result.stderr and "new concepts" in result.stderr
    with Termbase.open(tb_path) as tb:
        [version] = tb.versions()
        assert version.kind == "mine" and version.note == "WSIS texts"
        assert version.counts["units"] == 20 and version.counts["concepts_added"] > 0
        [row] = tb.find("因特网治理论坛", "zh")
        assert row.status == "candidate"
        concept = tb.concept(row.concept_id)
        assert {"Internet Governance Forum", "IGF"} <= {t.text for t in concept.terms_in("en")}
        tb.set_status("因特网治理论坛", "preferred", note="checked")

    again = run_cli("mine", bitext, "--termbase", tb_path, "--min-count", "2", "--no-similarity")
    assert again.exit_code == 0, again.output
    with Termbase.open(tb_path) as tb:
        assert [v.kind for v in tb.versions()] == ["mine", "status", "mine"]
        [row] = tb.find("因特网治理论坛", "zh")
        assert row.status == "preferred"


def test_cli_reads_tmx(run_cli, tmp_path):
    from termalign.align.tmx import write_tmx
    from termalign.glossary.termbase import Termbase

    memory = tmp_path / "memory.tmx"
    write_tmx(records(), memory)
    result = run_cli("mine", memory, "--termbase", tmp_path / "tm.db", "--min-count", "2", "--no-similarity")
    assert result.exit_code == 0, result.output
    with Termbase.open(tmp_path / "tm.db") as tb:
        assert tb.find("最不发达国家", "zh")


@pytest.mark.slow
def test_cli_rejects_input_that_is_not_an_alignment(run_cli, tmp_path):
    bad = tmp_path / "notes.jsonl"
    bad.write_text("this is not json\n", encoding="utf-8")
    result = run_cli("mine", bad, "--termbase", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "termalign align" in result.stderr
    assert not (tmp_path / "x.db").exists()


@pytest.mark.slow
def test_cli_rejects_an_alignment_without_units(run_cli, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = run_cli("mine", empty, "--termbase", tmp_path / "x.db")
    assert result.exit_code == 2
    assert "no aligned units" in result.stderr


def test_cli_refuses_a_file_that_is_not_a_termbase(run_cli, bitext, tmp_path):
    not_tb = tmp_path / "notes.db"
    not_tb.write_text("plain text", encoding="utf-8")
    result = run_cli("mine", bitext, "--termbase", not_tb, "--no-similarity")
    assert result.exit_code == 2
    assert "not a termbase" in result.stderr


def test_units_without_candidates_give_no_concepts():
    miner = TermMiner(options=MiningOptions(similarity=False))
    miner.add(records([("2015年12月21日。", "21 December 2015."), ("第7439次会议。", "7439th meeting.")]))
    mined = miner.mine()
    assert mined.units == 2 and mined.concepts == [] and mined.pairs == []


# --- sharded mining (issue 18): counts per shard, merged, give the very same result --------------

def _canonical(result) -> str:
    """Everything mining decides, in order: concepts with terms, counts and examples; pairs with scores."""
    return repr((result.concepts, [(p.zh, p.en, p.evidence, round(p.score, 9)) for p in result.pairs],
                 [(p.zh, p.en, p.evidence) for p in result.refused], result.units, result.documents,
                 result.candidates))


def _by_document(units: list[BeadRecord]) -> list[list[BeadRecord]]:
    documents: dict[str, list[BeadRecord]] = {}
    for unit in units:
        documents.setdefault(unit.doc, []).append(unit)
    return list(documents.values())


def _mine_both_ways(documents: list[list[BeadRecord]], options: MiningOptions, per_shard: int):
    from termalign.glossary import shards
    from termalign.glossary.executor import InProcess
    from termalign.glossary.mining import mine_shards

    miner = TermMiner(options=options)
    for doc in documents:
        miner.add(doc)
    whole = miner.mine()
    cut = [shards.scan(documents[i:i + per_shard], []) for i in range(0, len(documents), per_shard)]
    assert len(cut) > 1
    executor = InProcess()
    executor.workers = 3        # the vocabulary cut into 3 partitions, merged one by one, as on 3 workers
    return whole, mine_shards(cut, executor, options)


def test_sharded_mining_equals_one_process_on_the_ict_sentences():
    options = MiningOptions(min_count=2, min_association=SMALL_SAMPLE_G2, similarity=False)
    whole, sharded = _mine_both_ways(_by_document(records()), options, per_shard=1)
    assert _canonical(sharded) == _canonical(whole)
    concept = concept_of(sharded, "zh", "因特网治理论坛")
    assert concept is not None and "Internet Governance Forum" in texts(concept, "en")
    assert sharded.units == 20 and sharded.documents == 4


@pytest.mark.parametrize("per_shard, fold", [(3, None), (1, 2)], ids=["shards-of-3", "folded-every-2"])
def test_sharded_mining_equals_one_process_on_the_un_dev_set(shared_dir, monkeypatch, per_shard, fold):
    """1,000 lines of the UN Parallel Corpus dev set in 10 documents, cut into shards of 3 documents; and
    into 10 shards whose vocabularies are combined two at a time as they arrive (folds of folds)."""
    from termalign.glossary import mining

    if fold:
        monkeypatch.setattr(mining, "FOLD", fold)
    source = shared_dir / "data/unpc-v1.0-testsets"
    zh = (source / "derived/UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()[:1000]
    en = (source / "original/UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:1000]
    units = [BeadRecord(doc=f"unpc-dev-{i // 100:02d}", level="sentence", zh_ids=[f"s{i}"], en_ids=[f"s{i}"],
                        zh=z, en=e, type="1-1", score=1.0) for i, (z, e) in enumerate(zip(zh, en))]
    whole, sharded = _mine_both_ways(_by_document(units), MiningOptions(similarity=False), per_shard=per_shard)
    assert len(whole.pairs) > 100
    assert _canonical(sharded) == _canonical(whole)
    assert any(p.evidence.zh == "大会" and p.evidence.en == "General Assembly" for p in sharded.pairs)


def test_sharded_mining_counts_a_document_split_across_shards_once():
    """Shards cut inside documents (A/70/2 and A/70/3 each lie in two shards): documents held by
    several shards are named and counted once, so the counts still equal one process's."""
    options = MiningOptions(min_count=2, min_association=SMALL_SAMPLE_G2, similarity=False)
    units = records()
    whole, sharded = _mine_both_ways([units[:7], units[7:13], units[13:]], options, per_shard=1)
    assert _canonical(sharded) == _canonical(whole)
    # 互联网 ↔ Internet links in units 6 and 7 (A/70/2, in shards 1 and 2) and 14 (A/70/3):
    # three units, two documents, not three
    internet = next(p for p in sharded.pairs if p.evidence.zh == "互联网" and p.evidence.en == "Internet")
    assert (internet.evidence.frequency, internet.evidence.documents) == (3, 2)


def test_example_candidates_are_pruned_to_those_that_can_still_be_chosen():
    from termalign.glossary.mining import _Details, _still_possible

    k = 2
    # (length, shard, unit, document, example): shard 0 sends 5 units of document A, shard 1 a
    # longer unit of document B, which must survive as B's first
    first = [(10 + u, 0, u, "A/70/1", f"a{u}") for u in range(5)]
    kept = _still_possible(list(first), k)
    assert [c[4] for c in kept] == ["a0", "a1", "a2", "a3"]
    later = [(40, 1, 0, "A/70/2", "b0"), (41, 1, 1, "A/70/2", "b1"), (9, 1, 2, "A/70/3", "c0")]
    kept = _still_possible(kept + later, k)
    assert [c[4] for c in kept] == ["c0", "a0", "a1", "a2"]      # A's and C's firsts are among the 2K
    details = _Details(k)
    pair = (0, 0)
    for found in ([c[0], c[2], c[3], c[4]] for c in first):
        details.add(0, {"forms": {"zh": {}, "en": {}}, "docs": {"zh": {}, "en": {}}, "names": {},
                        "examples": {pair: [found]}})
    assert details.examples(pair, k) == ["a0", "a1"]


def test_vocabulary_merge_returns_only_keys_frequent_enough_or_wanted():
    from termalign.glossary import shards

    units = records()
    cut = [shards.scan([units[:10]], []), shards.scan([units[10:]], [])]
    parts = [shards.vocabulary(shard, 2, 3, partitions=2, index=i) for i, shard in enumerate(cut)]
    rare = en_key("IGF")     # in 2 units: below the count, but asked for, as acronyms are
    wanted = {"zh": frozenset(), "en": frozenset({rare})}
    merged = [shards.merge_vocabulary(2, 3, wanted, parts[0][r + 1], parts[1][r + 1]) for r in range(2)]
    freq = {lang: {k: n for m in merged for k, n in zip(m[lang]["keys"], m[lang]["freq"])} for lang in ("zh", "en")}
    assert freq["zh"]["因特网治理论坛"] >= 3 and freq["en"][en_key("Internet Governance Forum")] >= 3
    assert all(n >= 3 for n in freq["zh"].values())
    assert 0 < freq["en"][rare] < 3
    assert all(n >= 3 or k == rare for k, n in freq["en"].items())
    # each key is merged in exactly one partition, and rarer keys stay on the workers
    assert sum(len(m["zh"]["keys"]) for m in merged) == len(freq["zh"])
    every = {k for part in parts for r in (1, 2) for k in part[r]["zh"]["keys"]}
    assert len(every) > 3 * len(freq["zh"])


def test_whole_shards_are_let_go_once_their_vocabularies_are_counted():
    """Given as an iterator, no shard is still held in full when the co-occurrences are counted: the later
    steps run on the `Counted` form, candidates known by their hashes; the result is the same."""
    import gc
    import weakref

    from termalign.glossary import shards
    from termalign.glossary.executor import InProcess
    from termalign.glossary.mining import mine_shards

    options = MiningOptions(min_count=2, min_association=SMALL_SAMPLE_G2, similarity=False)
    documents = _by_document(records())
    scanned: list[weakref.ref] = []
    alive_at_counting: list[int] = []

    class Watching(InProcess):
        def submit(self, fn, *args, key="", priority=0):
            if fn is shards.cooccurrence and not alive_at_counting:
                gc.collect()
                alive_at_counting.append(sum(ref() is not None for ref in scanned))
            return super().submit(fn, *args, key=key, priority=priority)

    def read():
        for doc in documents:
            shard = shards.scan([doc], [])
            scanned.append(weakref.ref(shard))
            yield shard

    result = mine_shards(read(), Watching(), options)
    assert len(scanned) == len(documents) > 1
    assert alive_at_counting == [0]
    concept = concept_of(result, "zh", "因特网治理论坛")
    assert concept is not None and "Internet Governance Forum" in texts(concept, "en")
    miner = TermMiner(options=options)
    for doc in documents:
        miner.add(doc)
    assert _canonical(result) == _canonical(miner.mine())


def test_a_counted_shard_finds_its_candidates_by_key_and_nothing_else():
    from termalign.glossary import shards

    shard = shards.scan([records()], [])
    counted = shards.vocabulary(shard, 2, 3)[-1]
    keys = shard.en.keys
    asked = [keys[5], "no such candidate", keys[0], en_key("Internet Governance Forum")]
    assert counted.en.ids_of(asked).tolist() == [5, -1, 0, shard.en.vocab[asked[3]]]
    assert counted.units == shard.units and counted.en.candidates == len(keys)
