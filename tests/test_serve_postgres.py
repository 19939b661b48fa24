"""The workbench on a PostgreSQL termbase searches with the server's indexes, over real HTTP.

`termalign serve` keeps a key index per version for an SQLite file; on PostgreSQL with pg_trgm
the lookup page and its JSON API ask the database instead, so the workbench loads none of the
base into its own memory (at 500,000 concepts that was seconds per new version) and answers as
the file does.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from termalign.web import Settings, create_app, prepare
from termalign.web.access import Access

from test_serve import make_termbase, serving

pytestmark = pytest.mark.postgres

QUERIES = [("互联网治理论坛", "auto"), ("因特网治理伦坛", "fuzzy"), ("Internet Governence Forum", "fuzzy"),
           ("least developed countries", "exact"), ("发达", "substring"), ("digital", "auto")]


def ask(base: str, query: str, mode: str) -> dict:
    """The JSON answer, its links made relative (the two servers differ only in their port)."""
    url = f"{base}/api/lookup?{urllib.parse.urlencode({'q': query, 'mode': mode})}"
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read().decode().replace(base, ""))


def test_the_workbench_searches_a_postgresql_termbase_on_the_server(pg_server, tmp_path, monkeypatch):
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    url = pg_server.new_database()
    make_termbase(url)
    on_file = create_app(Settings(make_termbase(tmp_path / "terms.db"), Access("local", local_user="wang")))
    on_server = create_app(Settings(url, Access("local", local_user="wang")))
    prepare(on_server)          # the head start builds no client index for a base its server searches
    address, server = serving(on_server)
    file_address, file_server = serving(on_file)
    try:
        for query, mode in QUERIES:
            got, expected = ask(address, query, mode), ask(file_address, query, mode)
            assert got == expected and got["hits"], (query, mode)
        first = ask(address, "因特网治理伦坛", "fuzzy")["hits"][0]
        assert (first["match"], first["term"]) == ("fuzzy", "因特网治理论坛")
        assert [h["term"] for h in ask(address, "发达", "substring")["hits"]] == ["最不发达国家"]
        with urllib.request.urlopen(f"{address}/lookup?q=%E6%95%B0%E5%AD%97%E9%B8%BF%E6%B2%9F", timeout=30) as page:
            assert "digital divide" in page.read().decode()
    finally:
        server.shutdown()
        file_server.shutdown()
    # nothing of the base was loaded into the workbench: every answer came from the database's indexes
    assert on_server.extensions["termalign.indexes"]._indexes == {}
    assert on_file.extensions["termalign.indexes"]._indexes != {}


def test_a_translator_looks_up_through_the_workbench_as_in_the_database(pg_server, run_cli, tmp_path,
                                                                         monkeypatch):
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    url = pg_server.new_database()
    make_termbase(url)
    address, server = serving(create_app(Settings(url, Access("local", local_user="wang"))))
    try:
        for query, mode in QUERIES:
            options = ["--fuzzy"] if mode == "fuzzy" else []
            direct = run_cli("lookup", query, "-t", url, *options)
            through = run_cli("lookup", query, "-t", address, *options)
            assert through.exit_code == direct.exit_code == 0, through.stderr
            assert through.stdout == direct.stdout and " · version 1]" in direct.stdout, (query, mode)
    finally:
        server.shutdown()
