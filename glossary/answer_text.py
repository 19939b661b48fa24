"""How a lookup answer reads in a terminal or an editor pane.

It renders the answer's dictionary (`Answer.to_dict()`, which is also the
workbench's JSON), so a lookup in the termbase itself and one through the
team's workbench print the same lines; and it imports nothing but concepts, so
a lookup through the workbench loads no termbase code at all.
"""

from __future__ import annotations

from termalign.glossary.concepts import assessment


def render_text(answer: dict) -> str:
    """An answer (`Answer.to_dict()`, or the workbench's JSON of one) as a translator reads it in a terminal
    or an editor pane."""
    at = f"version {answer['version']}"
    if not answer["hits"]:
        return f"{answer['query']}: no match in the termbase ({at}); try a fuzzy search or another spelling\n"
    lines = []
    for hit in answer["hits"]:
        concept = hit["concept"]
        label = f"{hit['match']} {hit['score']:.0f}%" if hit["match"] != "exact" else "exact"
        lines.append(f"{hit['term']}  [{label} · {hit['lang']} · {hit['status']} · {concept['id']} · {at}]")
        if hit["note"]:
            lines.append(f"  ! {hit['note']}")
        if concept["kind"] == "phraseology":
            lines.append("  UN phraseology: a clause starter or fixed formula, not a term")
        if concept["note"]:
            lines.append(f"  note: {concept['note']}")
        terms = concept["terms"]
        width = max(len(t["text"]) + _wide_chars(t["text"]) for t in terms)
        for term in terms:
            status = f"avoid ({term['status']})" if term["avoid"] else term["status"]
            kind = "" if term["term_type"] == "fullForm" else f" · {term['term_type']}"
            seen = f"  {term['frequency']}× in {term['documents']} doc(s)" if term["frequency"] else ""
            pad = " " * (width - len(term["text"]) - _wide_chars(term["text"]))
            lines.append(f"  {term['lang']}  {term['text']}{pad}  {status}{kind}{seen}")
        pair, example = concept["pair"], concept["example"]
        if pair is not None:
            lines.append(f"  pair {pair['zh']} = {pair['en']}: {concept['frequency']}× in "
                         f"{concept['documents']} document(s)")
            if concept["tier"]:
                lines.append(f"  tier {assessment(concept['tier'], concept['reason'])}")
        if example is not None:
            lines.append(f"  example {example['bead']}")
            lines.append(f"    zh  {example['zh']}")
            lines.append(f"    en  {example['en']}")
        lines.append("")
    return "\n".join(lines)


def _wide_chars(text: str) -> int:
    """How many characters take two columns in a terminal (Han), for aligning the status column."""
    return sum(1 for char in text if ord(char) >= 0x2E80)
