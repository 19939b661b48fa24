"""Reading large files (issue 13): what a big input reads into is what its pieces read into.

Timing is not tested (scripts/bench_read_scale.py measures it); these tests
read inputs of hundreds of pages and check that nothing changes with size:
every repeated copy of a laid-out resolution reads into the same paragraphs,
and a paragraph of many thousand wrapped lines keeps every word.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.align.reader import read_text

DOCUMENTS = Path(__file__).resolve().parent / "fixtures" / "documents"


def _key(p):
    return p.kind, p.number, p.text, tuple(p.notes)


@pytest.mark.parametrize("name", ["water_E", "water_C"])
def test_a_hundred_copies_read_like_their_pieces(name):
    """Page furniture, footnote blocks and paragraphs cut by page breaks, over 300 pages:
    the first copy reads as the file alone does, and every later copy (its title
    block now in a document's body) reads like the second one."""
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    alone = [_key(p) for p in read_text(text).paragraphs]
    copies = 100
    big = [_key(p) for p in read_text("\f".join([text] * copies)).paragraphs]
    assert big[:len(alone)] == alone
    rest = big[len(alone):]
    size = len(rest) // (copies - 1)
    assert size * (copies - 1) == len(rest)
    second = rest[:size]
    assert all(rest[k * size:(k + 1) * size] == second for k in range(copies - 1))
    # the body of every copy is intact: its footnotes, markers and operative paragraphs
    body = [p for p in alone if p[0] in ("operative", "footnote", "subparagraph")]
    assert body and all(p in second for p in body)
    assert [p for p in second if p[0] == "footnote"] == [p for p in alone if p[0] == "footnote"]


def test_a_paragraph_of_many_wrapped_lines_keeps_every_word():
    """Hard-wrapped English without a sentence end: 5,000 lines are one paragraph, every
    word kept, the line-end hyphens of words rejoined and those of compounds kept."""
    body = "the Internet Governance Forum and cooperation on capacity-building for"
    broken = [("multi-", "stakeholder", "multi-stakeholder"), ("develop-", "ment", "development")]
    lines, expected = [], []
    for k in range(5_000):
        first = broken[(k - 1) % 2][1] if k else "Recognizing"
        head = broken[k % 2][0]
        lines.append(f"{first} {body} {head}")
        expected.append(f"{broken[(k - 1) % 2][2]} {body}" if k else f"Recognizing {body}")
    lines.append(broken[1][1])
    expected.append(broken[1][2])
    text = "The General Assembly,\n\n" + "\n".join(lines) + "\n"
    paragraphs = read_text(text, lang="en").paragraphs
    assert [p.kind for p in paragraphs] == ["preamble", "preamble"]
    # each line's last word and the next line's first make one word again
    words = " ".join(expected).split()
    assert paragraphs[1].text.split() == words
