"""`termalign serve` through Flask's test client: every route, sign-in, CSRF, escaping, conflicts."""

from __future__ import annotations

import base64
import html
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from termalign.glossary.concepts import Concept, Example, PairEvidence, Term
from termalign.glossary.termbase import Termbase
from termalign.web import Settings, create_app
from termalign.web.access import Access, add_user, read_users

HOSTILE = "<script>alert('x')</script>"


def mined(zh: str, en: str, frequency: int, association: float, extra: tuple[str, str, int] | None = None) -> Concept:
    pairs = [(zh, en, frequency)] + ([extra] if extra else [])
    terms: dict[tuple[str, str], Term] = {}
    evidence = []
    for z, e, f in pairs:
        terms.setdefault(("zh", z), Term("zh", z, frequency=f, documents=2))
        terms.setdefault(("en", e), Term("en", e, frequency=f, documents=2))
        example = Example(doc="A/RES/81/236", bead=f"A/RES/81/236#{z}", zh_paragraph="p12", en_paragraph="p12",
                          zh=f"鼓励会员国积极参加{z}今后的会议。",
                          en=f"Encourages Member States to take part in future meetings of the {e}.")
        evidence.append(PairEvidence(z, e, frequency=f, documents=2, association=association, consistency=0.9,
                                     similarity=0.8, examples=[example]))
    return Concept(id=None, terms=list(terms.values()), pairs=evidence)


def make_termbase(path: Path) -> Path:
    with Termbase.open(path, create=True, user="miner") as base:
        base.commit_mining([
            mined("因特网治理论坛", "Internet Governance Forum", 9, 80.0, ("互联网治理论坛", "Internet Governance Forum", 3)),
            mined("最不发达国家", "least developed countries", 7, 60.0),
            mined("数字鸿沟", "digital divide", 4, 20.0),
            mined("恶意条目", HOSTILE, 2, 5.0),
        ], note="demo run")
    return path


@pytest.fixture
def tb_path(tmp_path) -> Path:
    return make_termbase(tmp_path / "terms.db")


@pytest.fixture
def client(tb_path):
    app = create_app(Settings(tb_path, Access("local", local_user="wang")))
    return app.test_client()


def serving(app):
    """APP on a free port of 127.0.0.1 in a background thread; its base URL and the server."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def csrf(client, url: str = "/review") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def messages(response) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'class="msg (?:ok|error)">([^<]*)<', response.get_data(as_text=True))]


def test_lookup_page_shows_the_whole_concept_with_highlighted_examples(client):
    page = client.get("/lookup?q=互联网治理论坛").get_data(as_text=True)
    assert '<a href="/concept/C000001?version=1">C000001</a>' in page
    assert "因特网治理论坛" in page and "Internet Governance Forum" in page
    assert "鼓励会员国积极参加<mark>因特网治理论坛</mark>今后的会议。" in page
    assert "future meetings of the <mark>Internet Governance Forum</mark>." in page
    assert client.get("/").headers["Location"].endswith("/lookup")


def test_lookup_api_modes(client):
    exact = client.get("/api/lookup?q=internet%20governance%20forum&mode=exact").get_json()
    assert [h["concept"]["id"] for h in exact["hits"]] == ["C000001"]
    hit = exact["hits"][0]
    assert hit["match"] == "exact" and hit["concept"]["url"].endswith("/concept/C000001")
    assert {t["text"]: t["status"] for t in hit["concept"]["terms"]}["互联网治理论坛"] == "candidate"
    assert client.get("/api/lookup?q=治理&mode=exact").get_json()["hits"] == []
    substring = client.get("/api/lookup?q=治理&mode=substring").get_json()
    assert [h["match"] for h in substring["hits"]] == ["substring"]
    fuzzy = client.get("/api/lookup?q=因特网治理会议&mode=fuzzy&lang=zh").get_json()
    assert fuzzy["hits"] and fuzzy["hits"][0]["match"] == "fuzzy"
    bad = client.get("/api/lookup?q=forum&mode=psychic")
    assert bad.status_code == 400 and "unknown mode" in bad.get_json()["error"]
    assert client.get("/api/lookup?q=").status_code == 400


def test_hostile_term_is_text_everywhere(client):
    for url in ("/lookup?q=恶意条目", "/concept/C000004", "/review", "/history/diff?from=0&to=1"):
        page = client.get(url).get_data(as_text=True)
        assert HOSTILE not in page, url
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page, url
    csp = client.get("/review").headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp


def test_review_queue_is_ordered_by_confidence_with_evidence(client):
    page = client.get("/review").get_data(as_text=True)
    order = re.findall(r'data-concept="(C\d+)"', page)
    assert order == ["C000001", "C000002", "C000003", "C000004"]
    assert "4 concepts with unreviewed candidates at version 1" in page
    assert "G²" in page and "80.0" in page and "0.90" in page
    assert 'aria-keyshortcuts="a"' in page and "/static/app.js" in page
    js = client.get("/static/app.js")
    assert js.status_code == 200 and b'press("approve")' in js.data


def test_approve_from_the_queue_writes_one_version_in_the_reviewers_name(client, tb_path):
    token = csrf(client)
    response = client.post("/concept/C000002/decide", data={
        "csrf_token": token, "action": "approve", "seen": "1", "note": "checked against UNTERM",
        "next": "/review#item-C000002"}, follow_redirects=True)
    assert messages(response) == ["Version 2: every term of C000002 is now preferred."]
    assert re.findall(r'data-concept="(C\d+)"', response.get_data(as_text=True)) == ["C000001", "C000003", "C000004"]
    with Termbase.open(tb_path) as base:
        version = base.versions()[-1]
        assert (version.number, version.kind, version.author, version.note) == (2, "approve", "wang",
                                                                                "checked against UNTERM")
        assert {t.status for t in base.concept("C000002").terms} == {"preferred"}
    history = client.get("/history").get_data(as_text=True)
    assert "checked against UNTERM" in history and ">wang<" in history
    diff = client.get("/history/diff?from=1&to=2").get_data(as_text=True)
    assert "candidate → preferred" in diff


def test_web_writes_what_the_cli_writes(client, tb_path, tmp_path, run_cli):
    twin = make_termbase(tmp_path / "twin.db")
    client.post("/concept/C000001/decide", data={"csrf_token": csrf(client), "action": "deprecate",
                                                 "lang": "zh", "term": "互联网治理论坛", "seen": "1"})
    run_cli("termbase", "deprecate", twin, "互联网治理论坛")
    client.post("/concept/C000003/decide", data={"csrf_token": csrf(client), "action": "admit", "seen": "1"})
    run_cli("termbase", "admit", twin, "C000003")
    with Termbase.open(tb_path) as web, Termbase.open(twin) as cli:
        assert [(v.kind, v.counts) for v in web.versions()] == [(v.kind, v.counts) for v in cli.versions()]
        assert [c.to_dict() for c in web.concepts()] == [c.to_dict() for c in cli.concepts()]


def test_edit_merge_split_from_the_concept_page(client, tb_path):
    token = csrf(client, "/concept/C000002")
    page = client.get("/concept/C000002").get_data(as_text=True)
    assert 'action="/concept/C000002/edit-term"' in page and 'action="/concept/C000002/split-term"' in page
    response = client.post("/concept/C000002/edit-term", data={
        "csrf_token": token, "lang": "en", "old": "least developed countries", "new": "least developed country",
        "seen": "1", "next": "/concept/C000002"}, follow_redirects=True)
    assert messages(response) == ["Version 2: least developed countries → least developed country in C000002."]
    response = client.post("/concept/C000001/split-term", data={
        "csrf_token": token, "lang": "zh", "term": "互联网治理论坛", "seen": "1"}, follow_redirects=True)
    assert messages(response) == ["Version 3: 互联网治理论坛 split off C000001.", "The new concept is C000005."]
    response = client.post("/concept/C000005/merge-into", data={
        "csrf_token": token, "into": "c1", "seen": "3", "note": "one forum"}, follow_redirects=True)
    assert messages(response) == ["Version 4: C000005 merged into C1."]
    with Termbase.open(tb_path) as base:
        assert [(v.kind, v.author) for v in base.versions()[1:]] == [("edit", "wang"), ("split", "wang"),
                                                                     ("merge", "wang")]
        assert "互联网治理论坛" in {t.text for t in base.concept("C000001").terms}
    # The concept as it stood at version 1 still has the old English form.
    old = client.get("/concept/C000002?version=1").get_data(as_text=True)
    assert "as it stood at version 1 of 4" in old and "least developed countries" in old
    assert 'action="/concept/C000002/edit-term"' not in old
    bad = client.post("/concept/C000002/edit-term", data={"csrf_token": token, "lang": "en", "old": "nothing",
                                                          "new": "x"}, follow_redirects=True)
    assert messages(bad) == ["C000002 has no en term 'nothing'; see `termalign termbase show`"]


def test_two_reviewers_on_one_concept_get_a_conflict_not_a_lost_update(client, tb_path):
    token = csrf(client)
    first = client.post("/concept/C000003/decide", data={"csrf_token": token, "action": "approve", "seen": "1"},
                        follow_redirects=True)
    assert messages(first) == ["Version 2: every term of C000003 is now preferred."]
    second = client.post("/concept/C000003/decide", data={"csrf_token": token, "action": "deprecate", "seen": "1"},
                         follow_redirects=True)
    assert messages(second)[0].startswith("Conflict: C000003 was changed by wang in version 2 (approve)")
    with Termbase.open(tb_path) as base:
        assert base.latest_version() == 2
        assert {t.status for t in base.concept("C000003").terms} == {"preferred"}


def test_state_changes_need_post_and_the_csrf_token(client, tb_path):
    assert client.get("/concept/C000001/decide").status_code == 405
    refused = client.post("/concept/C000001/decide", data={"action": "approve"})
    assert refused.status_code == 400 and "CSRF" in refused.get_data(as_text=True)
    wrong = client.post("/concept/C000001/decide", data={"action": "approve", "csrf_token": "forged"})
    assert wrong.status_code == 400
    token = csrf(client)
    elsewhere = client.post("/concept/C000001/decide", data={"action": "approve", "csrf_token": token},
                            headers={"Origin": "http://evil.example"})
    assert elsewhere.status_code == 400
    with Termbase.open(tb_path) as base:
        assert base.latest_version() == 1


def test_local_mode_refuses_other_host_names(client):
    assert client.get("/lookup", headers={"Host": "attacker.example"}).status_code == 400
    assert client.get("/lookup", headers={"Host": "127.0.0.1:8000"}).status_code == 200


def test_history_diff_and_exports(client):
    client.post("/concept/C000001/decide", data={"csrf_token": csrf(client), "action": "approve", "seen": "1"})
    page = client.get("/history").get_data(as_text=True)
    assert "v2" in page and "approve" in page and "status changes 3" in page
    tbx = client.get("/export?format=tbx")
    assert tbx.status_code == 200 and "attachment" in tbx.headers["Content-Disposition"]
    assert "因特网治理论坛" in tbx.get_data(as_text=True) and "最不发达国家" not in tbx.get_data(as_text=True)
    assert client.get("/export?format=tbx&version=1").status_code == 404     # nothing reviewed at v1
    tsv = client.get("/export?format=tsv&version=1&candidates=1").get_data(as_text=True)
    assert "最不发达国家" in tsv
    csv = client.get("/export?format=csv&candidates=1").data
    assert csv.startswith(b"\xef\xbb\xbf")
    xlsx = client.get("/export?format=xlsx&candidates=1")
    assert xlsx.data[:2] == b"PK" and "terms-v2.xlsx" in xlsx.headers["Content-Disposition"]
    assert client.get("/export?format=doc").status_code == 400
    assert client.get("/history/diff?from=0&to=9").status_code == 404
    assert client.get("/concept/C000099").status_code == 404
    versions = client.get("/api/versions").get_json()
    assert [(v["number"], v["author"]) for v in versions] == [(1, "miner"), (2, "wang")]
    concept = client.get("/api/concept/C000001?version=1").get_json()
    assert concept["version"] == 1 and concept["changed_in"] == 2


def test_users_file_sign_in_open_read_and_api_auth(tb_path, tmp_path):
    users = tmp_path / "reviewers.txt"
    add_user(users, "li", "correct horse battery")
    assert set(read_users(users)) == {"li"} and "correct horse" not in users.read_text()
    app = create_app(Settings(tb_path, Access("users", users=read_users(users))))
    client = app.test_client()
    assert client.get("/review").status_code == 302
    assert client.get("/api/lookup?q=digital%20divide").status_code == 401
    basic = base64.b64encode(b"li:correct horse battery").decode()
    api = client.get("/api/lookup?q=digital%20divide", headers={"Authorization": f"Basic {basic}"})
    assert api.get_json()["hits"][0]["concept"]["id"] == "C000003"
    token = csrf(client, "/login")
    wrong = client.post("/login", data={"csrf_token": token, "name": "li", "secret": "guess"})
    assert wrong.status_code == 401
    client.post("/login", data={"csrf_token": token, "name": "li", "secret": "correct horse battery"})
    response = client.post("/concept/C000003/decide", data={"csrf_token": csrf(client), "action": "approve",
                                                            "seen": "1"}, follow_redirects=True)
    assert messages(response) == ["Version 2: every term of C000003 is now preferred."]
    with Termbase.open(tb_path) as base:
        assert base.versions()[-1].author == "li"
    # Open reading: anyone looks up, nobody anonymous writes.
    reader = create_app(Settings(tb_path, Access("users", users=read_users(users), open_read=True))).test_client()
    assert reader.get("/review").status_code == 200
    refused = reader.post("/concept/C000002/decide", data={"csrf_token": csrf(reader, "/login"), "action": "approve"},
                          follow_redirects=True)
    assert messages(refused) == ["Sign in to change the termbase."]
    with Termbase.open(tb_path) as base:
        assert base.latest_version() == 2


def test_token_sign_in(tb_path):
    app = create_app(Settings(tb_path, Access("token", token="s3cret-token-of-some-length")))
    client = app.test_client()
    assert client.get("/api/lookup?q=digital%20divide",
                      headers={"Authorization": "Bearer s3cret-token-of-some-length"}).status_code == 200
    assert client.get("/api/lookup?q=digital%20divide", headers={"Authorization": "Bearer nope"}).status_code == 401
    token = csrf(client, "/login")
    assert client.post("/login", data={"csrf_token": token, "name": "", "secret": "s3cret-token-of-some-length"}
                       ).status_code == 401
    client.post("/login", data={"csrf_token": token, "name": "zhang", "secret": "s3cret-token-of-some-length"})
    assert "Reviewer: <strong>zhang</strong>" in client.get("/review").get_data(as_text=True)


def test_serve_command_refuses_unsafe_settings(run_cli, tb_path, tmp_path):
    result = run_cli("serve", "--termbase", tb_path, "--host", "0.0.0.0")
    assert result.exit_code == 2 and "--users FILE or --token-file FILE" in result.stderr
    result = run_cli("serve", "--termbase", tb_path, "--open-read")
    assert result.exit_code == 2 and "--open-read only makes sense" in result.stderr
    result = run_cli("serve", "--termbase", tmp_path / "missing.db")
    assert result.exit_code == 2 and "not found" in result.stderr
    short = tmp_path / "token"
    short.write_text("abc")
    result = run_cli("serve", "--termbase", tb_path, "--token-file", short)
    assert result.exit_code == 2 and "shorter than 16" in result.stderr
    users = tmp_path / "users.txt"
    result = run_cli("serve", "--termbase", tb_path, "--users", users, "--add-user", "wu",
                     input="long enough pw\nlong enough pw\n")
    assert result.exit_code == 0 and set(read_users(users)) == {"wu"}


def test_tbx_downloads_are_v2_unless_v3_is_asked_and_follow_the_remembered_direction(client):
    client.post("/concept/C000001/decide", data={"csrf_token": csrf(client), "action": "approve", "seen": "1"})
    v2, v3 = client.get("/export?format=tbx"), client.get("/export?format=tbx3")
    assert v2.status_code == v3.status_code == 200
    assert "<martif" in v2.get_data(as_text=True) and "urn:iso:std:iso:30042:ed-2" in v3.get_data(as_text=True)
    assert v3.headers["Content-Disposition"].endswith(".tbx")
    # Nothing remembered: zh first; the direction asked for wins.
    assert client.get("/export?format=tsv").get_data(as_text=True).startswith("因特网治理论坛\t")
    assert client.get("/export?format=tsv&src=en").get_data(as_text=True).split("\t")[1] == "因特网治理论坛"
