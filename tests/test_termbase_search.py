"""Lookup searched by the PostgreSQL server (pg_trgm and btree indexes) gives the client's answers.

The same history is written to an SQLite file (searched through the client's key index) and to a
PostgreSQL database (searched by the server); every query, at every version, with and without a
status filter, must give the same hits in the same order.
"""

from __future__ import annotations

import os
import warnings

import pytest
from test_formats import sample_concepts

from termalign.glossary import lookup as lookup_module
from termalign.glossary import pgstore
from termalign.glossary import termbase as termbase_module
from termalign.glossary.concepts import Concept, PairEvidence, Term
from termalign.glossary.lookup import Lookup
from termalign.glossary.termbase import Termbase
from termalign.errors import ClientSearchWarning

pytestmark = pytest.mark.postgres

# UN ICT and development terms beside the sample glossary: more keys sharing words and characters.
MORE_TERMS = [
    ("互联网治理", "Internet governance"), ("因特网", "Internet"), ("数字经济", "digital economy"),
    ("信息和通信技术促进发展", "information and communication technologies for development"),
    ("最不发达国家", "least developed countries"), ("内陆发展中国家", "landlocked developing countries"),
    ("小岛屿发展中国家", "small island developing States"), ("可持续发展目标", "Sustainable Development Goals"),
    ("科学和技术促进发展委员会", "Commission on Science and Technology for Development"),
    ("发展筹资", "financing for development"), ("数字合作", "digital cooperation"),
]

QUERIES = [
    "因特网治理论坛", "互联网治理论坛", "信息", "发展", "发展中国家", "数字 鸿沟", "信息社会世界首脑会",
    "Internet Governance Forum", "internet governance forums", "Internet Govrenance Forum", "technology",
    "IGF", "developing", "digital divde", "Sustainable Developmnet Goals", "因特网治里论坛",
]


def mined_concepts() -> list[Concept]:
    concepts = sample_concepts()
    for concept in concepts:
        concept.id = None
        for term in concept.terms:
            term.status = "candidate"
    for n, (zh, en) in enumerate(MORE_TERMS):
        concepts.append(Concept(id=None, terms=[Term(lang="zh", text=zh), Term(lang="en", text=en)],
                                pairs=[PairEvidence(zh=zh, en=en, frequency=3 + n % 4, documents=2,
                                                    association=20.0, consistency=0.8)]))
    return concepts


def write_history(location: str) -> None:
    """v1: mining; v2: IGF decided; v3: ICT approved, the old WSIS name superseded; v4: mining again."""
    with Termbase.open(location, create=True) as base:
        base.commit_mining(mined_concepts(), note="first mining run")
        base.apply_status_changes([("C000001", "zh", "因特网治理论坛", "preferred"),
                                   ("C000001", "zh", "互联网治理论坛", "deprecated"),
                                   ("C000001", "en", "Internet Governance Forum", "preferred")], note="IGF")
        base.apply_status_changes([("C000003", "zh", "信息和通信技术", "preferred"),
                                   ("C000004", "zh", "信息社会世界峰会", "superseded"),
                                   ("C000004", "zh", "信息社会世界首脑会议", "preferred")], note="ICT")
        base.commit_mining(mined_concepts()[-4:], note="second mining run")


def answers(base: Termbase, version: int, statuses, fuzzy: bool) -> tuple[list[dict], Lookup]:
    finder = Lookup(base, version=version, statuses=statuses)
    return [finder.search(query, fuzzy=fuzzy).to_dict() for query in QUERIES], finder


@pytest.fixture
def both(pg_server, tmp_path, monkeypatch):
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    url = pg_server.new_database()
    write_history(url)
    write_history(str(tmp_path / "un.db"))
    return str(tmp_path / "un.db"), url


def test_the_server_search_gives_the_client_answers_at_every_version(both):
    sqlite_path, url = both
    with Termbase.open(sqlite_path) as local, Termbase.open(url) as server:
        assert server.server_search("en") and server.server_search("zh")
        for version in (1, 2, 3, 4):
            for statuses in (None, ("preferred", "admitted")):
                for fuzzy in (False, True):
                    expected, _ = answers(local, version, statuses, fuzzy)
                    got, finder = answers(server, version, statuses, fuzzy)
                    assert got == expected, (version, statuses, fuzzy)
                    assert finder._index is None        # nothing of the version was loaded into the client
        found, _ = answers(server, 4, None, False)
    by_query = dict(zip(QUERIES, found))
    first = {q: (a["hits"][0]["match"], a["hits"][0]["term"]) for q, a in by_query.items() if a["hits"]}
    assert first["因特网治理论坛"] == ("exact", "因特网治理论坛")
    assert first["因特网治里论坛"] == ("fuzzy", "因特网治理论坛")
    assert first["Internet Govrenance Forum"] == ("fuzzy", "Internet Governance Forum")
    assert first["Sustainable Developmnet Goals"] == ("fuzzy", "Sustainable Development Goals")
    assert first["发展中国家"][0] == "substring"
    assert {h["term"] for h in by_query["发展"]["hits"]} >= {"发展筹资", "内陆发展中国家", "可持续发展目标"}


def plan(url: str, query: str) -> str:
    """The server's plan for QUERY with sequential scans priced out: an index that can serve it shows.
    (The btree of keys by length is set aside: priced against a sequential scan, any index could serve.)"""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn, conn.transaction(force_rollback=True):
        conn.execute("SET LOCAL enable_seqscan = off")
        conn.execute("DROP INDEX terms_by_length")
        return " ".join(row[0] for row in conn.execute(f"EXPLAIN {query}"))


def test_chinese_and_english_searches_use_the_trigram_index(both, pg_server):
    _, url = both
    dbname = url.rsplit("/", 1)[1]
    # show_trgm: the database's locale gives Han characters trigrams (the Chinese index finds them).
    assert pg_server.sql("SELECT cardinality(show_trgm('因特网治理论坛'))", dbname)[0][0] >= 5
    for condition in ("key LIKE '%治理论坛%'", "key % '互联网治理论坛'", "key LIKE '%governance%'",
                      "key % 'internet govrenance forum'"):
        assert "terms_key_trgm" in plan(url, f"SELECT id FROM terms WHERE {condition}"), condition
    assert "terms_by_key" in plan(url, "SELECT id FROM terms WHERE key = '因特网' AND lang = 'zh'")
    # a query of two characters has no trigram: the index of characters and pairs serves it
    assert "terms_key_short" in plan(url, "SELECT id FROM terms WHERE termalign_short_grams(key) @> ARRAY['发展']")


def test_without_pg_trgm_lookup_searches_on_the_client_and_says_so_once(pg_server, tmp_path, monkeypatch):
    """A role that may not add the extension (no CREATE on the database) still gets a working termbase."""
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(lookup_module, "_noted_client_search", False)
    owner_url = pg_server.new_database()
    dbname = owner_url.rsplit("/", 1)[1]
    role = f"translator{os.getpid()}"
    pg_server.sql(f"DROP ROLE IF EXISTS {role}")
    pg_server.sql(f"CREATE ROLE {role} LOGIN")
    pg_server.sql(f"GRANT USAGE, CREATE ON SCHEMA public TO {role}", dbname)
    url = pg_server.url(dbname, user=role)
    write_history(url)
    write_history(str(tmp_path / "un.db"))
    assert pg_server.sql("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'", dbname)[0][0] == 0
    with Termbase.open(str(tmp_path / "un.db")) as local, Termbase.open(url) as server:
        assert not server.server_search("en")
        expected, _ = answers(local, 4, None, True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got, finder = answers(server, 4, None, True)
    assert got == expected and finder._index is not None
    assert got[0]["hits"][0]["term"] == "因特网治理论坛"
    # A warning for the caller to show (the CLI: one `termalign: warning:` line), given once, not printed.
    notes = [str(w.message) for w in caught if issubclass(w.category, ClientSearchWarning)]
    assert len(notes) == 1 and "searched on the client" in notes[0] and "pg_trgm" in notes[0]


def test_a_chinese_locale_without_han_trigrams_searches_chinese_on_the_client(both, monkeypatch):
    _, url = both
    monkeypatch.setattr(lookup_module, "_noted_client_search", False)
    with Termbase.open(url) as server:
        original = pgstore.PgConnection.trigram_search
        monkeypatch.setattr(pgstore.PgConnection, "trigram_search",
                            lambda self, lang: lang != "zh" and original(self, lang))
        finder = Lookup(server)
        with pytest.warns(ClientSearchWarning, match="LC_CTYPE"):
            assert finder.search("因特网治理论坛").hits[0].match == "exact"


def test_the_search_migration_adds_the_trigram_index_to_an_older_termbase(pg_server, monkeypatch):
    url = pg_server.new_database()
    dbname = url.rsplit("/", 1)[1]
    monkeypatch.setattr(termbase_module, "MIGRATIONS", termbase_module.MIGRATIONS[:pgstore.SEARCH_STEP - 1])
    with Termbase.open(url, create=True) as old:
        old.commit_mining(mined_concepts())
        assert not old.server_search("zh")
    monkeypatch.undo()
    with Termbase.open(url) as base:
        assert base.schema_version() == len(termbase_module.MIGRATIONS) >= pgstore.SEARCH_STEP
        assert base.server_search("zh")
        assert Lookup(base).search("互联网治理论坛").hits[0].term == "互联网治理论坛"
    assert pg_server.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'terms_key_trgm'", dbname)[0][0] == 1


def test_batched_writes_number_concepts_and_terms_as_sqlite_does(both):
    """The PostgreSQL writer numbers its rows itself (to send them in batches): the same ids as SQLite."""
    sqlite_path, url = both
    with Termbase.open(sqlite_path) as local, Termbase.open(url) as server:
        for base in (local, server):
            base.commit_import(mined_concepts()[:2] + [Concept(id=None, terms=[Term(lang="zh", text="数字包容"),
                                                                     Term(lang="en", text="digital inclusion")])])
        for version in range(1, 6):
            assert [c.to_dict() if hasattr(c, "to_dict") else vars(c) for c in server.concepts(version)] == \
                [c.to_dict() if hasattr(c, "to_dict") else vars(c) for c in local.concepts(version)]
        assert server.concepts()[-1].id == local.concepts()[-1].id
        row = server._conn.execute("SELECT max(id) FROM terms").fetchone()[0]
        assert row == local._conn.execute("SELECT max(id) FROM terms").fetchone()[0]
        # The counters moved past the numbers handed out: the next concept gets the next number.
        assert server._conn.allocated_concepts() == local._conn.allocated_concepts()


def test_a_copy_to_the_server_is_searched_there_with_the_same_answers(pg_server, tmp_path, monkeypatch):
    """`termbase copy` drops the search indexes for the bulk load and builds them again after it."""
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    path = str(tmp_path / "un.db")
    write_history(path)
    url = pg_server.new_database()
    with Termbase.open(path) as local, Termbase.open(url, create=True) as server:
        assert local.copy_to(server) == 4
        assert server.server_search("zh") and server.server_search("en")
        for version in (1, 4):
            expected, _ = answers(local, version, None, True)
            got, finder = answers(server, version, None, True)
            assert got == expected and finder._index is None
    dbname = url.rsplit("/", 1)[1]
    assert {name for (name,) in pg_server.sql("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'terms_key_%'",
                                              dbname)} == {"terms_key_trgm", "terms_key_short", "terms_key_words"}


@pytest.mark.parametrize("step, index", [(pgstore.LENGTH_STEP, "terms_by_length"),
                                         (pgstore.WORDS_STEP, "terms_key_words")])
def test_a_search_migration_adds_its_index_to_an_older_termbase(pg_server, monkeypatch, tmp_path, step, index):
    """Schema 6 → 7: the btree of keys by language and length appears; 7 → 8: the GIN index of the keys'
    words. The answers stay the client's."""
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    url = pg_server.new_database()
    dbname = url.rsplit("/", 1)[1]
    monkeypatch.setattr(termbase_module, "MIGRATIONS", termbase_module.MIGRATIONS[:step - 1])
    write_history(url)
    count = f"SELECT count(*) FROM pg_indexes WHERE indexname = '{index}'"
    assert pg_server.sql(count, dbname)[0][0] == 0
    monkeypatch.undo()
    write_history(str(tmp_path / "un.db"))
    with Termbase.open(url) as server, Termbase.open(str(tmp_path / "un.db")) as local:
        assert server.schema_version() == len(termbase_module.MIGRATIONS) >= step
        assert answers(server, 4, None, True)[0] == answers(local, 4, None, True)[0]
    assert pg_server.sql(count, dbname)[0][0] == 1


def test_english_variants_are_found_through_the_index_of_words(both, monkeypatch):
    """A misspelt English name of several words: its candidates come from the words index, one
    intersection of posting lists per word left out, with the client's hits; a name with two typos, which
    no key holds but one word of, falls back to the trigram index, as the client falls back to every key."""
    sqlite_path, url = both
    sent: list[tuple[str, tuple]] = []
    with Termbase.open(sqlite_path) as local, Termbase.open(url) as server:
        original = server._conn.search
        monkeypatch.setattr(server._conn, "search", lambda sql, params=(): sent.append((sql, params)) or original(sql, params))
        for query, meant, searches in (("information and communication technologies for developmnet",
                                        "information and communication technologies for development", ["words"]),
                                       ("digital divde", "digital divide", ["words"]),
                                       ("sustainible developmnet goals", "Sustainable Development Goals",
                                        ["words", "trigrams", "trigrams"])):
            sent.clear()
            client = Lookup(local).search(query, fuzzy=True).to_dict()
            assert Lookup(server).search(query, fuzzy=True).to_dict() == client, query
            assert (client["hits"][0]["match"], client["hits"][0]["term"]) == ("fuzzy", meant), query
            fuzzy = [(sql, params) for sql, params in sent if "similarity" in sql]
            assert ["words" if "string_to_array" in sql else "trigrams" for sql, _ in fuzzy] == searches, query
    assert "terms_key_words" in plan(url, f"SELECT id FROM terms WHERE {pgstore.KEY_WORDS} @> ARRAY['digital', 'divide']")


def test_a_common_substring_is_answered_from_the_shortest_keys_and_ranks_as_the_client(both, monkeypatch):
    """发展 / "development" are in many keys: the probe of the shortest keys answers them (no trigram
    search), a rare substring falls through to the trigram index, and both rank as the client does."""
    sqlite_path, url = both
    monkeypatch.setattr(pgstore, "PROBE_KEYS", 17)      # the Chinese keys up to 8 characters and one of 10
    calls: list[str] = []
    original = termbase_module.Termbase._shortest_containing

    def probe(self, key, *args):
        rows = original(self, key, *args)
        calls.append(f"{key}:{'probe' if rows is not None else 'trigram'}")
        return rows

    monkeypatch.setattr(termbase_module.Termbase, "_shortest_containing", probe)
    with Termbase.open(sqlite_path) as local, Termbase.open(url) as server:
        for query in ("发展", "国家", "信息社会世界首脑会", "development", "Internet Governance"):
            for limit in (1, 2, 10):
                client = Lookup(local, limit=limit).search(query, fallback=False).to_dict()
                assert Lookup(server, limit=limit).search(query, fallback=False).to_dict() == client, (query, limit)
    assert "发展:probe" in calls and "信息社会世界首脑会:trigram" in calls


def test_fuzzy_asks_for_closer_candidates_first_and_widens_when_they_are_too_few(pg_server, tmp_path, monkeypatch):
    """A Chinese query: the first pass (similarity 0.5) fills the list on its own when it is short; a
    longer list widens to 0.3. Either way the client's hits come back. An English name of several words
    is searched once, through the index of words."""
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    url = pg_server.new_database()
    igf = [("因特网治理论坛", "Internet Governance Forum"), ("因特网治理论坛秘书处", "Internet Governance Forum secretariat"),
           ("因特网治理论坛任务授权", "Internet Governance Forum mandate"), ("互联网治理", "Internet governance"),
           ("因特网治理论坛会议", "Internet Governance Forum meeting")]
    for location in (url, str(tmp_path / "igf.db")):
        with Termbase.open(location, create=True) as base:
            base.commit_import([Concept(id=None, terms=[Term(lang="zh", text=zh), Term(lang="en", text=en)])
                                for zh, en in igf])
    asked: list[float | str] = []
    original = termbase_module.Termbase.search_terms

    def search(self, mode, key, lang, version=None, statuses=None, limit=10, similarity=pgstore.TRIGRAM_THRESHOLD):
        if mode in ("fuzzy", "words"):
            asked.append(similarity if mode == "fuzzy" else mode)
        return original(self, mode, key, lang, version, statuses, limit, similarity)

    monkeypatch.setattr(termbase_module.Termbase, "search_terms", search)
    with Termbase.open(url) as server, Termbase.open(str(tmp_path / "igf.db")) as local:
        for query, limit, passes, meant in (("因特网治理论坛秘书外", 1, [0.5], "因特网治理论坛秘书处"),
                                            ("因特网治理论坛秘书外", 10, [0.5, 0.3], "因特网治理论坛秘书处"),
                                            ("Internet Governence Forum", 10, ["words"], "Internet Governance Forum")):
            asked.clear()
            got = Lookup(server, limit=limit).search(query, fuzzy=True).to_dict()
            assert asked == passes, query
            assert got == Lookup(local, limit=limit).search(query, fuzzy=True).to_dict(), query
            assert got["hits"][0]["match"] == "fuzzy" and got["hits"][0]["term"] == meant
        # 因特网治理论坛 shares 0.33 of its trigrams with 互联网治理论坛: the second pass finds it. (因特网治理论坛会议,
        # Indel 62 but under 0.3 of shared trigrams, is never a server candidate: the client alone shows it.)
        hits = [h.term for h in Lookup(server).search("互联网治理论坛", fuzzy=True).hits]
        assert hits == ["互联网治理", "因特网治理论坛"]


def test_typos_in_un_terms_find_the_same_variants_on_both_paths(both):
    """Misspelt UN terms in both languages: the server's nearest-first candidates, scored by lookup,
    give the client's hits in the client's order, and the right term comes first."""
    sqlite_path, url = both
    typos = {"Internet Governence Forum": "Internet Governance Forum",
             "sustainable developement goals": "Sustainable Development Goals",
             "least develloped countries": "least developed countries",
             "因特网治理伦坛": "因特网治理论坛", "可持续发展木标": "可持续发展目标", "最不发达国加": "最不发达国家"}
    with Termbase.open(sqlite_path) as local, Termbase.open(url) as server:
        for query, meant in typos.items():
            client = Lookup(local).search(query, fuzzy=True).to_dict()
            on_server = Lookup(server).search(query, fuzzy=True).to_dict()
            assert on_server == client, query
            assert on_server["hits"][0]["match"] == "fuzzy" and on_server["hits"][0]["term"] == meant, query


def test_the_cli_shows_the_client_search_warning_as_one_line(both, monkeypatch, run_cli):
    """The library warns (it never prints); `termalign lookup` shows it as one `termalign: warning:` line."""
    _, url = both
    monkeypatch.setattr(lookup_module, "_noted_client_search", False)
    original = pgstore.PgConnection.trigram_search
    monkeypatch.setattr(pgstore.PgConnection, "trigram_search",
                        lambda self, lang: lang != "zh" and original(self, lang))
    result = run_cli("lookup", "因特网治理论坛", "-t", url)
    assert result.exit_code == 0 and "因特网治理论坛  [exact" in result.stdout
    warned = [line for line in result.stderr.splitlines() if "searched on the client" in line]
    assert len(warned) == 1 and warned[0].startswith("termalign: warning: ") and "LC_CTYPE" in warned[0]
    assert "Traceback" not in result.stderr and "ClientSearchWarning" not in result.stderr


def test_search_queries_are_planned_for_their_values_every_time(both):
    """psycopg prepares a statement from its fifth run: a prepared LIKE or % search may get one generic
    plan that cannot tell a rare pattern from a common one (seconds at 500,000 concepts), so none is."""
    _, url = both
    with Termbase.open(url) as base:
        for _ in range(8):
            assert base.search_terms("substring", "发展", "zh") and base.search_terms("exact", "因特网", "zh")
            assert base.search_terms("fuzzy", "互联网治理论坛", "zh")
        prepared = [sql for (sql,) in base._conn._conn.execute("SELECT statement FROM pg_prepared_statements")]
    assert not [sql for sql in prepared if "LIKE" in sql or "similarity" in sql or "t.key =" in sql], prepared


def test_fuzzy_search_never_walks_the_length_window_of_the_btree(both, monkeypatch):
    """The planner estimates a `%` condition at ~100 rows whatever the query: for a long query it once walked
    the btree of keys by length over the Indel window and tested every key in it (1.6–2.0 s at 500,000
    concepts, against 0.1–0.2 s through the trigram index). The trigram condition now sits alone behind a
    fence: no plan, however the costs fall (sequential scans priced out here), can range-scan that window."""
    _, url = both
    sent = []
    with Termbase.open(url) as base:
        original = base._conn.search
        monkeypatch.setattr(base._conn, "search", lambda sql, params=(): sent.append((sql, params)) or original(sql, params))
        assert base.search_terms("fuzzy", "internet govrenance forum", "en")
        sql, params = sent[-1]
        conn = base._conn._conn
        with conn.transaction(force_rollback=True):
            conn.execute("SET LOCAL enable_seqscan = off")
            shown = [row[0] for row in conn.execute("EXPLAIN " + pgstore._translate(sql), params)]
    assert not [line for line in shown if "Index Cond" in line and "length(key)" in line], shown
