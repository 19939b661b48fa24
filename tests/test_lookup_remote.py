"""`termalign lookup -t http://…`: a translator looks terms up through the team's workbench.

The workbench runs on 127.0.0.1 in a thread (real HTTP, kept-alive connections); every
answer through it must read exactly as the same lookup in the termbase itself.
"""

from __future__ import annotations

import json
import socket
import threading
import warnings

import pytest
from werkzeug.security import generate_password_hash

from termalign.errors import TermalignWarning
from termalign.glossary.remote import RemoteLookup
from termalign.glossary.termbase import Termbase
from termalign.web import Settings, create_app
from termalign.web.access import Access

from test_serve import make_termbase, serving

TOKEN = "a-long-shared-team-token-0123456789"
PASSWORD = "correct horse battery staple"
# (query, options): exact in each language, a Chinese variant, a misspelt name, a substring,
# an older version, statuses, a forced language, a small limit and no match at all
LOOKUPS = [
    ("因特网治理论坛", []), ("least developed countries", []), ("互联网治理论坛", []),
    ("Internet Governence Forum", ["--fuzzy"]), ("发达", []), ("digital divide", ["--version", "1"]),
    ("数字鸿沟", ["--status", "preferred"]), ("数字鸿沟", ["--status", "candidate"]),
    ("digital", ["--lang", "en", "--limit", "1"]), ("small island developing States", []),
]


@pytest.fixture
def team_base(tmp_path):
    """The team's termbase: mined (version 1), then two approvals (versions 2 and 3)."""
    path = make_termbase(tmp_path / "team.db")
    with Termbase.open(path, user="chen") as base:
        base.set_status("数字鸿沟", "approve")
        base.set_status("因特网治理论坛", "approve")
    return path


@pytest.fixture
def workbench(team_base):
    """The address of a workbench that needs no sign-in (loopback only)."""
    address, server = serving(create_app(Settings(team_base, Access("local", local_user="chen"))))
    yield address
    server.shutdown()


@pytest.fixture
def signed_workbench(team_base):
    """The address of a workbench with a users file: wang may read, with his password."""
    access = Access("users", users={"wang": generate_password_hash(PASSWORD)})
    address, server = serving(create_app(Settings(team_base, access)))
    yield address
    server.shutdown()


def test_answers_through_the_workbench_read_as_in_the_termbase_itself(run_cli, team_base, workbench):
    for query, options in LOOKUPS:
        local = run_cli("lookup", query, "-t", team_base, *options)
        remote = run_cli("lookup", query, "-t", workbench, *options)
        assert remote.exit_code == local.exit_code == 0, (query, remote.stderr)
        assert remote.stdout == local.stdout, (query, options)
    # the lines compared are real answers: an approved term, a variant to avoid, an old version
    igf = run_cli("lookup", "互联网治理论坛", "-t", workbench).stdout
    assert "因特网治理论坛" in igf and "version 3" in igf
    old = run_cli("lookup", "digital divide", "-t", workbench, "--version", "1").stdout
    assert "candidate · C000003 · version 1" in old


def test_json_through_the_workbench_adds_only_the_concept_page(run_cli, team_base, workbench):
    local = json.loads(run_cli("lookup", "因特网治理论坛", "-t", team_base, "--format", "json").stdout)
    remote = json.loads(run_cli("lookup", "因特网治理论坛", "-t", workbench, "--format", "json").stdout)
    assert remote["hits"][0]["concept"].pop("url") == f"{workbench}/concept/C000001"
    assert remote == local and local["hits"][0]["status"] == "preferred"
    assert list(remote) == ["query", "lang", "version", "hits"]    # the command line's order, not sorted


def test_an_editor_macro_streams_queries_through_the_workbench(run_cli, team_base, workbench):
    queries = "digital divide\n\n数字鸿沟\n互联网治理论坛\n"
    local = [json.loads(line) for line in run_cli("lookup", "-", "-t", team_base, input=queries).stdout.splitlines()]
    remote = [json.loads(line) for line in run_cli("lookup", "-", "-t", workbench, input=queries).stdout.splitlines()]
    for answer in remote:
        for hit in answer["hits"]:
            del hit["concept"]["url"]
    assert remote == local and [a["query"] for a in remote] == ["digital divide", "数字鸿沟", "互联网治理论坛"]
    assert remote[0]["hits"][0]["concept"]["id"] == remote[1]["hits"][0]["concept"]["id"] == "C000003"


def test_a_dead_connection_is_opened_again(workbench):
    # An editor macro may sit idle longer than the workbench keeps a connection (waitress: 120 s).
    with RemoteLookup(workbench) as remote:
        first = remote.search("数字鸿沟")
        remote._conn.connect()
        remote._conn.sock.shutdown(socket.SHUT_RDWR)
        assert remote.search("数字鸿沟") == first and first["hits"]


def test_a_signed_in_translator_reads_with_a_password_from_the_environment_or_netrc(
        run_cli, signed_workbench, tmp_path, monkeypatch):
    monkeypatch.delenv("TERMALIGN_TOKEN", raising=False)
    monkeypatch.delenv("TERMALIGN_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    named = signed_workbench.replace("http://", "http://wang@")
    refused = run_cli("lookup", "数字鸿沟", "-t", named)
    assert refused.exit_code == 2 and "no password for wang on 127.0.0.1" in refused.stderr

    monkeypatch.setenv("TERMALIGN_PASSWORD", PASSWORD)
    answer = run_cli("lookup", "数字鸿沟", "-t", named)
    assert answer.exit_code == 0 and "digital divide" in answer.stdout

    monkeypatch.delenv("TERMALIGN_PASSWORD")
    netrc = tmp_path / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login wang password {PASSWORD.replace(' ', '_')}\n", encoding="utf-8")
    netrc.chmod(0o600)
    wrong = run_cli("lookup", "数字鸿沟", "-t", named)
    assert wrong.exit_code == 2 and "refused the sign-in" in wrong.stderr
    netrc.write_text(f'machine 127.0.0.1 login wang password "{PASSWORD}"\n', encoding="utf-8")
    assert run_cli("lookup", "数字鸿沟", "-t", named).stdout == answer.stdout


def test_a_workbench_asking_for_a_sign_in_says_how_and_never_shows_a_secret(run_cli, signed_workbench,
                                                                            monkeypatch):
    monkeypatch.delenv("TERMALIGN_TOKEN", raising=False)
    monkeypatch.delenv("TERMALIGN_PASSWORD", raising=False)
    anonymous = run_cli("lookup", "数字鸿沟", "-t", signed_workbench)
    assert anonymous.exit_code == 2 and "asks for a sign-in" in anonymous.stderr
    assert "TERMALIGN_TOKEN" in anonymous.stderr and anonymous.stdout == ""
    # a password in the URL works, and shows in no message
    secret = "s3cret-in-url"
    with_url = signed_workbench.replace("http://", f"http://wang:{secret}@")
    result = run_cli("lookup", "数字鸿沟", "-t", with_url)
    assert result.exit_code == 2 and "refused the sign-in" in result.stderr
    assert secret not in result.stderr and "wang@127.0.0.1" in result.stderr
    quoted = PASSWORD.replace(" ", "%20")
    good = run_cli("lookup", "数字鸿沟", "-t", signed_workbench.replace("http://", f"http://wang:{quoted}@"),
                   "--version", "9")
    assert good.exit_code == 2 and "version 9 does not exist (versions are 1–3)" in good.stderr
    assert quoted not in good.stderr and PASSWORD not in good.stderr


def test_a_token_workbench_reads_the_token_from_the_environment(run_cli, team_base, monkeypatch):
    address, server = serving(create_app(Settings(team_base, Access("token", token=TOKEN))))
    try:
        monkeypatch.setenv("TERMALIGN_TOKEN", "not-the-team-token-at-all")
        wrong = run_cli("lookup", "least developed countries", "-t", address)
        assert wrong.exit_code == 2 and "refused the sign-in" in wrong.stderr
        assert "not-the-team-token" not in wrong.stderr
        monkeypatch.setenv("TERMALIGN_TOKEN", TOKEN)
        result = run_cli("lookup", "least developed countries", "-t", address)
        assert result.exit_code == 0 and "最不发达国家" in result.stdout
    finally:
        server.shutdown()


def a_plain_web_site(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
    return [b"<html><body>Welcome to our intranet</body></html>"]


def test_an_address_that_is_not_a_workbench_is_named_in_one_line(run_cli, workbench):
    site, server = serving(a_plain_web_site)
    try:
        answers = {"no workbench answers at " + workbench + "/nothing/here (HTTP 404 for /api/lookup)":
                   workbench + "/nothing/here",
                   f"{site} did not answer as a termalign workbench": site}
        for message, address in answers.items():
            result = run_cli("lookup", "数字鸿沟", "-t", address)
            assert result.exit_code == 2 and result.stdout == ""
            assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    finally:
        server.shutdown()


def test_more_concepts_than_a_workbench_gives_are_refused_not_cut(run_cli, workbench):
    result = run_cli("lookup", "数字鸿沟", "-t", workbench, "--limit", "500")
    assert result.exit_code == 2 and "--limit must be 1 to 100 through a workbench" in result.stderr


def test_a_passage_pasted_as_a_query_is_refused_in_one_line(run_cli, team_base):
    from waitress.server import create_server

    # waitress, as `termalign serve` runs, refuses a request line this long (werkzeug would take it)
    server = create_server(create_app(Settings(team_base, Access("local"))), host="127.0.0.1", port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        result = run_cli("lookup", "数字鸿沟" * 20_000, "-t", f"http://127.0.0.1:{server.effective_port}")
    finally:
        server.close()
    assert result.exit_code == 2 and result.stdout == ""
    assert "refused a query this long (HTTP 431); look up a term, not a passage" in result.stderr


def test_a_workbench_that_is_not_running_is_one_line_and_exit_2(run_cli):
    address, server = serving(a_plain_web_site)
    server.shutdown()
    server.server_close()           # nothing listens on its port any more
    result = run_cli("lookup", "数字鸿沟", "-t", address)
    assert result.exit_code == 2 and result.stdout == ""
    assert f"cannot reach the workbench at {address}:" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [
    ["termbase", "versions", "{url}"],
    ["termbase", "export", "{url}", "-o", "{out}"],
    ["termbase", "approve", "{url}", "数字鸿沟"],
    ["termbase", "copy", "{url}", "{copy}"],
])
def test_commands_that_need_the_termbase_itself_refuse_a_workbench(run_cli, tmp_path, args):
    url = "https://wang:hidden-secret@terms.example.org/"
    filled = [a.format(url=url, out=tmp_path / "out.tbx", copy=tmp_path / "copy.db") for a in args]
    result = run_cli(*filled)
    assert result.exit_code == 2, result.stderr
    assert "https://wang@terms.example.org/ is the address of a workbench" in result.stderr
    assert "hidden-secret" not in result.stderr and list(tmp_path.iterdir()) == []


def test_a_password_for_a_workbench_on_another_machine_over_plain_http_is_warned_about(monkeypatch):
    monkeypatch.setenv("TERMALIGN_PASSWORD", PASSWORD)
    with pytest.warns(TermalignWarning, match="the sign-in for http://wang@terms.example.org/ travels unencrypted"):
        RemoteLookup("http://wang@terms.example.org/").close()       # nothing is sent: no request was made
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        RemoteLookup("https://wang@terms.example.org/").close()
        RemoteLookup("http://wang@127.0.0.1:8000/").close()
