"""The review queue on a termbase mined from the bundled example resolution (issue 17 with issue 19):
each candidate shows its kind (term or UN phraseology), its tier and the reason, and the queue
follows the miner's confidence."""

from __future__ import annotations

import html
import re
from importlib import resources

import pytest

from termalign.align.bitext import BeadRecord
from termalign.align.reader import read_document
from termalign.glossary.mining import MiningOptions, TermMiner
from termalign.glossary.termbase import Termbase
from termalign.web import Settings, create_app
from termalign.web.access import Access


def example_records() -> list[BeadRecord]:
    """The example's paragraphs, which correspond one to one, as aligned units (no encoder needed)."""
    with resources.as_file(resources.files("termalign") / "examples") as folder:
        zh = read_document(folder / "resolution.zh.txt")
        en = read_document(folder / "resolution.en.txt")
    assert [p.kind for p in zh.paragraphs] == [p.kind for p in en.paragraphs]
    return [BeadRecord(doc=zh.symbol or "A/RES/81/236", level="paragraph", zh_ids=[a.id], en_ids=[b.id], zh=a.text,
                       en=b.text, type="1-1", score=0.9, zh_paragraphs=[a.id], en_paragraphs=[b.id], kind=a.kind)
            for a, b in zip(zh.paragraphs, en.paragraphs)]


@pytest.fixture(scope="module")
def mined():
    miner = TermMiner(options=MiningOptions(min_count=2, similarity=False))
    miner.add(example_records())
    return miner.mine()


@pytest.fixture
def client(mined, tmp_path):
    path = tmp_path / "example.db"
    with Termbase.open(path, create=True, user="miner") as base:
        base.commit_mining(mined.concepts, note="mined from A/RES/81/236")
    return create_app(Settings(path, Access("local", local_user="wang"))).test_client()


def queue_items(client) -> dict[str, str]:
    """Concept id -> the HTML of its queue item, in queue order over every page."""
    items: dict[str, str] = {}
    page = 1
    while True:
        text = client.get(f"/review?page={page}").get_data(as_text=True)
        for part in re.split(r'(?=<li class="queue-item)', text.split("</ol>")[0])[1:]:
            items[re.search(r'data-concept="(C\d+)"', part).group(1)] = part
        if 'rel="next"' not in text:
            return items
        page += 1


def kind_shown(item: str) -> str:
    line = item.split('<p class="assessed">')[1].split("</p>")[0]
    return "phraseology" if 'class="kind k-phraseology"' in line else "term"


def test_queue_shows_kind_tier_and_reason(client):
    items = queue_items(client)
    divide = next(item for item in items.values() if "digital divide" in item)
    assert kind_shown(divide) == "term" and '<span class="tier t-likely"' in divide
    assert "UN usage: 数字鸿沟 ↔ digital divide" in html.unescape(divide)
    forum = next(item for item in items.values() if "Internet Governance Forum" in item)
    assert "dictionary: 互联网→Internet, 治理→Governance, 论坛→Forum" in html.unescape(forum)
    recalling = next(item for item in items.values() if re.search(r'class="term">回顾<', item))
    assert kind_shown(recalling) == "phraseology" and ">UN phraseology<" in recalling
    assert "clause starter" in html.unescape(recalling)
    # the evidence table gives every pair's assessment too
    assert '<td class="assessment">' in divide and ">likely<" in divide


def test_queue_follows_the_miners_confidence(client, mined):
    items = queue_items(client)
    kinds = [kind_shown(item) for item in items.values()]
    # the miner's terms first, clause starters and formulas after them, as `termalign mine` lists them
    assert kinds.count("term") == len(mined.pairs) and kinds.count("phraseology") > 10
    assert kinds == sorted(kinds, key=lambda kind: kind == "phraseology")
    scores = [float(re.search(r"confidence (\d+\.\d+)", item).group(1)) for item in items.values()]
    assert scores == sorted(scores, reverse=True) and scores[0] > 3
    # a pair whose terms stand on their own gets the miner's own score
    divide = next(p for p in mined.pairs if p.evidence.en == "digital divide")
    item = next(item for item in items.values() if "digital divide" in item)
    assert f"confidence {divide.score:.2f}" in item
    # the miner's best proposal is at the top
    first = next(iter(items.values()))
    assert any(p.evidence.en in first for p in mined.pairs[:3])
