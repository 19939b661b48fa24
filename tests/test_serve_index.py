"""The server's lookup index survives review decisions (which change no key) and is rebuilt after an edit."""

from __future__ import annotations

import re

from termalign.web import Settings, create_app, prepare
from termalign.web.access import Access

from test_serve import make_termbase


def test_index_is_kept_across_decisions_and_rebuilt_after_an_edit(tmp_path):
    app = create_app(Settings(make_termbase(tmp_path / "terms.db"), Access("local", local_user="wang")))
    client = app.test_client()
    indexes = app.extensions["termalign.indexes"]
    hits = client.get("/api/lookup?q=数字鸿沟&mode=exact").get_json()["hits"]
    assert [h["concept"]["id"] for h in hits] == ["C000003"] and hits[0]["status"] == "candidate"
    first = indexes._indexes[(1, None)]

    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/review").get_data(as_text=True)).group(1)
    response = client.post("/concept/C000003/decide", data={"csrf_token": token, "action": "approve"})
    assert response.status_code == 303
    hits = client.get("/api/lookup?q=数字鸿沟&mode=exact").get_json()["hits"]
    assert hits[0]["status"] == "preferred"             # statuses come from the termbase, not the index
    assert indexes._indexes[(2, None)] is first                                    # no rebuild for a decision

    response = client.post("/concept/C000003/edit-term", data={"csrf_token": token, "lang": "en",
                                                               "old": "digital divide", "new": "digital gap"})
    assert response.status_code == 303
    answer = client.get("/api/lookup?q=digital%20gap&mode=exact").get_json()
    assert answer["version"] == 3 and [h["concept"]["id"] for h in answer["hits"]] == ["C000003"]
    assert indexes._indexes[(3, None)] is not first
    assert client.get("/api/lookup?q=digital%20divide&mode=exact").get_json()["hits"] == []


def test_prepare_builds_the_index_and_the_queue_ahead_of_the_first_request(tmp_path):
    app = create_app(Settings(make_termbase(tmp_path / "terms.db"), Access("local", local_user="wang")))
    prepare(app)
    assert (1, None) in app.extensions["termalign.indexes"]._indexes
    queue = app.extensions["termalign.queue"]
    assert queue._version == 1 and [e.concept_id for e in queue._entries] == ["C000001", "C000002", "C000003",
                                                                              "C000004"]
    # a termbase that went away only loses the head start
    broken = create_app(Settings(tmp_path / "gone.db", Access("local", local_user="wang")))
    prepare(broken)
    assert broken.extensions["termalign.queue"]._version == -1
