"""`termalign read` end to end on the five seed documents in ../shared/seeds.

For every seed: operative numbers run 1..N without gaps or duplicates; no body
paragraph holds footnote text or a marker; every footnote number cited exists
as a footnote paragraph; the paragraphs that page breaks cut are whole again;
symbol and adoption date are found. Skipped when the shared data is absent.
Also: the bundled bilingual example reads into matching paragraph structures.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from termalign.align.reader import read_document

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "termalign" / "examples"

SEEDS = {
    # file: (symbol, date, operative count, (first, last) seed line numbers of paragraphs that a page break,
    # a footnote block or a wrap cut apart and that the reader must join again)
    "000_9a74de5be30c5b67.txt": ("A/RES/74/197", "2019-12-19", 45, [(77, 81), (205, 209)]),
    "001_deeb00fadb6204d4.txt": ("A/RES/73/218", "2018-12-20", 39,
                                 [(21, 25), (71, 77), (95, 97), (117, 119), (175, 181)]),
    "002_8d8e352413f896fa.txt": ("A/RES/76/189", "2021-12-17", 47, [(77, 81), (137, 141), (225, 229)]),
    "003_c336506a3d133b0e.txt": ("E/RES/2024/13", "2024-07-23", 124,
                                 [(27, 35), (53, 63), (81, 85), (105, 107), (171, 173), (215, 221)]),
    "004_4510d16fedc8d16d.txt": (None, "2017", 29, [(49, 54), (91, 92), (196, 201), (310, 315)]),
}

# What a marker left in the text looks like: a superscript, or in the plain-digit
# seed a footnote number glued to the word it follows.
_MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]|(?:通过|认可|报告|总结|议程》|议程)\d{1,2}(?!\d|/|年|月|日|号)")


def _read(run_cli, path: Path) -> list[dict]:
    result = run_cli("read", path, "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed(name, shared_dir, run_cli):
    path = shared_dir / "seeds" / name
    if not path.exists():
        pytest.skip(f"{path} not found")
    symbol, date, operatives, rejoined = SEEDS[name]
    rows = _read(run_cli, path)

    numbers = [int(r["number"]) for r in rows if r["kind"] == "operative"]
    assert numbers == list(range(1, operatives + 1))

    footnotes = {r["number"]: r["text"] for r in rows if r["kind"] == "footnote"}
    body = [r for r in rows if r["kind"] != "footnote"]
    for row in body:
        assert not _MARKER.search(row["text"]), (row["id"], row["text"])
        assert not any(len(text) > 6 and text in row["text"] for text in footnotes.values()), row["id"]
        assert all(number in footnotes for number in row["notes"]), (row["id"], row["notes"])
    assert set(footnotes) <= {n for r in body for n in r["notes"]}   # and every footnote is cited

    lines = path.read_text(encoding="utf-8").splitlines()
    for first, last in rejoined:
        whole = [r["id"] for r in body
                 if lines[first - 1] in r["raw"].split("\n") and lines[last - 1] in r["raw"].split("\n")]
        assert len(whole) == 1, (first, last, whole)

    document = read_document(path)
    assert (document.symbol, document.date) == (symbol, date)


def test_seed_series_sorts_by_date(shared_dir):
    paths = sorted((shared_dir / "seeds").glob("0*.txt"))
    if len(paths) < 5:
        pytest.skip("seed series incomplete")
    dates = {p.name[:3]: read_document(p).date for p in paths}
    assert sorted(dates, key=dates.get) == ["004", "001", "000", "002", "003"]


@pytest.mark.parametrize("stem", ["resolution"])
def test_bundled_example_sides_match(stem):
    zh = read_document(EXAMPLES / f"{stem}.zh.txt")
    en = read_document(EXAMPLES / f"{stem}.en.txt")
    assert (zh.lang, en.lang) == ("zh", "en")
    assert [(p.kind, p.number, p.notes) for p in zh.paragraphs] == [(p.kind, p.number, p.notes) for p in en.paragraphs]
    assert (zh.symbol, zh.date) == (en.symbol, en.date)
    assert any(p.kind == "footnote" for p in zh.paragraphs)
    # the paragraph that a footnote block and a page header cut in two is whole in both
    assert any("在获得宽带和数字服务方面" in p.text for p in zh.body())
    assert any("access to broadband and digital services," in p.text for p in en.body())
