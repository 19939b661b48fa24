"""From two read documents to aligned beads: paragraphs first, then sentences.

Entry points:

- `align_documents(zh, en, encoder, level)` — the whole pipeline on two
  `Document`s (used by `termalign align` and by the QA checks to align a
  source with its draft translation);
- `align_segments(zh_texts, en_texts, encoder)` — one flat sequence per side
  (`termalign align --presplit`, the benchmarks);
- `unrelated(beads)` — the verdict that two texts are not translations of each
  other, so they are reported instead of silently aligned.

Aligning same-language paragraph vectors (drift) needs none of this: call
`align.aligner.align` directly with two `Segments` and no `embed`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import regex

from termalign.align.aligner import LOW_CONFIDENCE, AlignConfig, align
from termalign.align.lattice import Segments
from termalign.align.bitext import Bead, BeadRecord
from termalign.align.document import Document, Paragraph, Sentence

LEVELS = ("paragraph", "sentence")

# Two texts are reported as unrelated when fewer than this share of their
# segments lie in confident beads. Measured: 0.86-0.98 for the MAC-Dev chapters
# (free literary translation), 0.99-1.00 for the UN pseudo-documents, 0.06-0.19
# when the zh of one of those documents is paired with the en of another, and
# 0.46 for two different resolutions on the same subject (A/RES/74/197 in
# Chinese against the bundled A/RES/81/236 in English): the cut sits between.
RELATED_SHARE = 0.6


# A Chinese segment with none of these characters holds no number, date, symbol
# or paragraph label that `align.anchors` can find: its Arabic or Chinese numerals
# (any width), and the Latin letters of labels such as "(a)" or "A.". `features`
# skips such segments without running the extractor: two thirds of the Chinese
# sentences of the 5,000-sentence benchmark document, half the Chinese side's
# extraction time. English spells numbers out, so every English segment is examined.
# Keep in step with the Chinese patterns of `align.anchors`.
_ZH_MAY_CARRY = regex.compile(r"[\d〇零一二三四五六七八九十百千万亿两A-Za-zＡ-Ｚａ-ｚ\u3220-\u3229]")


def features(text: str, lang: str, number: str | None = None) -> Counter:
    """Language-neutral structural values of a segment: numbers, dates and
    symbols (`align.anchors`, weak ones left out: their absence proves
    nothing) and the operative number that opens it or that it carries."""
    from termalign.align.anchors import extract, leading_label

    found: Counter[str]
    if lang == "zh" and not _ZH_MAY_CARRY.search(text):
        found = Counter()
    else:
        found = Counter(f"{a.kind}:{a.value}" for a in extract(text, lang).items if not a.weak)
        if number is None:
            label = leading_label(text, lang)
            number = label.value if label else None
    if number:
        found[f"label:{number}"] += 1
    return found


def lexical(zh: Sequence[str], en: Sequence[str], config: AlignConfig | None = None) -> dict:
    """The dictionary features of both sides for `align` (`src_lexical`, `tgt_lexical`),
    or nothing when the config turns them off or no lexicon is at hand."""
    from termalign.align.lexicon import default_lexicon

    config = config or AlignConfig()
    lexicon = default_lexicon() if config.use_lexicon and config.lexical_weight else None
    if lexicon is None:
        return {}
    return {"src_lexical": lexicon.features(zh, "zh"), "tgt_lexical": lexicon.features(en, "en")}


def align_segments(zh: Sequence[str], en: Sequence[str], encoder, *, config: AlignConfig | None = None,
                   zh_ids: Sequence[str] | None = None, en_ids: Sequence[str] | None = None,
                   zh_numbers: Sequence[str | None] | None = None,
                   en_numbers: Sequence[str | None] | None = None,
                   embed_runs: bool = True) -> list[Bead]:
    """Align two flat sequences of zh and en segments (sentences or paragraphs).

    `encoder.encode(texts)` gives L2-normalised vectors; with `embed_runs` the
    joined texts of multi-segment runs near uncertain beads are embedded too.
    `zh_numbers` / `en_numbers`: the paragraph number of each segment, if known.
    """
    lexicon_features = lexical(zh, en, config)   # first: a bad $TERMALIGN_LEXICON stops before any embedding
    zh_vecs = encoder.encode(list(zh))
    en_vecs = encoder.encode(list(en))
    src = Segments(list(zh), zh_vecs, zh_ids or (), "zh")
    tgt = Segments(list(en), en_vecs, en_ids or (), "en")
    zh_numbers = zh_numbers or [None] * len(zh)
    en_numbers = en_numbers or [None] * len(en)
    return align(src, tgt, embed=encoder.encode if embed_runs else None, config=config,
                 src_features=[features(t, "zh", k) for t, k in zip(zh, zh_numbers)],
                 tgt_features=[features(t, "en", k) for t, k in zip(en, en_numbers)],
                 **lexicon_features)


def align_lines(zh: Sequence[str], en: Sequence[str], encoder, *, doc: str = "",
                config: AlignConfig | None = None) -> list[BeadRecord]:
    """Align texts already split into segments (one per line, as CAT tools export them) as records.

    The ids are the line numbers from 0; a record's text joins its segments
    (without a space in Chinese, with one in English).
    """
    beads = align_segments(zh, en, encoder, config=config)
    return [BeadRecord(doc=doc, level="sentence", zh_ids=b.zh, en_ids=b.en,
                       zh="".join(zh[int(i)] for i in b.zh), en=" ".join(en[int(i)] for i in b.en),
                       type=b.type, score=b.score, low_confidence=b.low_confidence) for b in beads]


def score_records(records: Sequence[BeadRecord], encoder) -> None:
    """Give each record the cosine of its two sides' vectors, for alignments that carry no scores
    (a TMX from another tool): the same scale as the aligner's own bead scores."""
    zh, en = encoder.encode([r.zh for r in records]), encoder.encode([r.en for r in records])
    for record, a, b in zip(records, zh, en):
        record.score = round(float(a @ b), 4)


def _footnote_beads(zh: list[Paragraph], en: list[Paragraph], encoder, config) -> list[Bead]:
    """Footnotes pair by number where both sides number them in the same order,
    else they are aligned by content like body paragraphs."""
    zh_numbers, en_numbers = [p.number for p in zh], [p.number for p in en]
    shared = set(zh_numbers) & set(en_numbers)
    in_order = [n for n in zh_numbers if n in shared] == [n for n in en_numbers if n in shared]
    if not (zh and en and all(zh_numbers + en_numbers) and in_order
            and len(set(zh_numbers)) == len(zh) and len(set(en_numbers)) == len(en)):
        return _paragraph_beads(zh, en, encoder, config)
    zh_vecs = dict(zip(zh_numbers, encoder.encode([p.text for p in zh])))
    en_vecs = dict(zip(en_numbers, encoder.encode([p.text for p in en])))
    beads, i, j = [], 0, 0
    while i < len(zh) or j < len(en):
        if i < len(zh) and j < len(en) and zh[i].number == en[j].number:
            s = float(zh_vecs[zh[i].number] @ en_vecs[en[j].number])
            beads.append(Bead([zh[i].id], [en[j].id], round(s, 4), s < config.low_confidence))
            i, j = i + 1, j + 1
        elif i < len(zh) and zh[i].number not in shared:
            beads.append(Bead([zh[i].id], [], 0.0, True))
            i += 1
        else:
            beads.append(Bead([], [en[j].id], 0.0, True))
            j += 1
    return beads


def _paragraph_beads(zh: list[Paragraph], en: list[Paragraph], encoder, config) -> list[Bead]:
    return align_segments([p.text for p in zh], [p.text for p in en], encoder, config=config,
                          zh_ids=[p.id for p in zh], en_ids=[p.id for p in en],
                          zh_numbers=[p.number for p in zh], en_numbers=[p.number for p in en])


def align_documents(zh: Document, en: Document, encoder, level: str = "sentence", *,
                    config: AlignConfig | None = None) -> list[BeadRecord]:
    """Align a Chinese and an English document; one `BeadRecord` per bead.

    Body paragraphs are aligned with body paragraphs and footnotes with
    footnotes; at `level="sentence"` each aligned group of paragraphs is then
    split into sentences (`align.segment.sentences`) and aligned inside the
    group, so a sentence can never be matched across a paragraph boundary the
    first step settled.
    """
    if level not in LEVELS:
        from termalign.errors import SettingError
        raise SettingError("level", f"unknown level {level!r}: use paragraph or sentence")
    config = config or AlignConfig()
    paragraph_beads = (_paragraph_beads(zh.body(), en.body(), encoder, config)
                       + _footnote_beads(zh.footnotes(), en.footnotes(), encoder, config))
    if level == "paragraph":
        records = [_record(zh, en, bead, "paragraph",
                           {p.id: p for p in zh.paragraphs}, {p.id: p for p in en.paragraphs})
                   for bead in paragraph_beads]
    else:
        records = _sentence_records(zh, en, paragraph_beads, encoder, config)
    if zh.cat_segments or en.cat_segments:
        # a Word document's units carry its inline codes, which CAT tools show as tags
        from termalign.align.sourceview import add_word_codes
        add_word_codes(records, zh.cat_segments, en.cat_segments)
    return records


def _sentence_records(zh: Document, en: Document, paragraph_beads: list[Bead], encoder,
                      config: AlignConfig) -> list[BeadRecord]:
    from termalign.align.segment import sentences

    zh_par = {p.id: p for p in zh.paragraphs}
    en_par = {p.id: p for p in en.paragraphs}
    zh_sents = {pid: sentences(p) for pid, p in zh_par.items()}
    en_sents = {pid: sentences(p) for pid, p in en_par.items()}
    # one encoder call per side for the whole document
    zh_all = [s for pid in zh_par for s in zh_sents[pid]]
    en_all = [s for pid in en_par for s in en_sents[pid]]
    zh_vecs = dict(zip([s.id for s in zh_all], encoder.encode([s.text for s in zh_all])))
    en_vecs = dict(zip([s.id for s in en_all], encoder.encode([s.text for s in en_all])))
    zh_sent = {s.id: s for s in zh_all}
    en_sent = {s.id: s for s in en_all}
    zh_src, en_src = _sources(zh_par, zh_sents, zh.origin), _sources(en_par, en_sents, en.origin)
    records = []
    for pbead in paragraph_beads:
        zs = [s for pid in pbead.zh for s in zh_sents[pid]]
        es = [s for pid in pbead.en for s in en_sents[pid]]
        for bead in _group_beads(zs, es, zh_vecs, en_vecs, encoder, config):
            records.append(_record(zh, en, bead, "sentence", zh_par, en_par, zh_sent, en_sent,
                                   (zh_src, en_src)))
    return records


def _sources(paragraphs: dict[str, Paragraph], sents: dict[str, list[Sentence]], origin: str) -> dict[str, str]:
    """Sentence id -> the sentence as the source file has it, where it can be traced (ORIGIN: see
    Document.origin; a Word document has none: its segments are the clean text)."""
    from termalign.align.sourceview import sentence_sources

    found: dict[str, str] = {}
    if origin == "word":
        return found
    for pid, paragraph in paragraphs.items():
        spans = sentence_sources(paragraph, [s.text for s in sents[pid]], unwrap=origin == "pdf")
        if spans is not None:
            found.update(zip((s.id for s in sents[pid]), spans))
    return found


def _group_beads(zs: list[Sentence], es: list[Sentence], zh_vecs: dict[str, np.ndarray],
                 en_vecs: dict[str, np.ndarray], encoder, config: AlignConfig) -> list[Bead]:
    if not zs or not es:
        return [Bead([s.id], [], 0.0, True) for s in zs] + [Bead([], [s.id], 0.0, True) for s in es]
    src = Segments([s.text for s in zs], np.stack([zh_vecs[s.id] for s in zs]), [s.id for s in zs], "zh")
    tgt = Segments([s.text for s in es], np.stack([en_vecs[s.id] for s in es]), [s.id for s in es], "en")
    if len(zs) == 1 and len(es) == 1:
        score = float(src.vectors[0] @ tgt.vectors[0])
        return [Bead([zs[0].id], [es[0].id], round(score, 4), score < config.low_confidence)]
    return align(src, tgt, embed=encoder.encode, config=config,
                 src_features=[features(s.text, "zh") for s in zs],
                 tgt_features=[features(s.text, "en") for s in es],
                 **lexical(src.texts, tgt.texts, config))


def _record(zh: Document, en: Document, bead: Bead, level: str, zh_par: dict, en_par: dict,
            zh_sent: dict | None = None, en_sent: dict | None = None,
            sources: tuple[dict[str, str], dict[str, str]] | None = None) -> BeadRecord:
    def side(ids: list[str], paragraphs: dict, sents: dict | None) -> tuple[list[str], list[str], list[Paragraph]]:
        if sents is None:
            pars = [paragraphs[i] for i in ids]
            texts = [p.text for p in pars]
        else:
            texts = [sents[i].text for i in ids]
            pars = [paragraphs[pid] for pid in dict.fromkeys(sents[i].paragraph for i in ids)]
        return texts, [p.number or p.id for p in pars], pars

    zt, zn, zp = side(bead.zh, zh_par, zh_sent)
    et, en_numbers, ep = side(bead.en, en_par, en_sent)
    kind = (zp or ep)[0].kind if (zp or ep) else None
    return BeadRecord(doc=zh.name or en.name, level=level, zh_ids=list(bead.zh), en_ids=list(bead.en),
                      zh="".join(zt), en=" ".join(et), type=bead.type, score=bead.score,
                      low_confidence=bead.low_confidence, zh_paragraphs=zn, en_paragraphs=en_numbers,
                      kind=kind, zh_source=_source(bead.zh, zh_par, sources and sources[0], "", zh.origin),
                      en_source=_source(bead.en, en_par, sources and sources[1], " ", en.origin))


def _source(ids: list[str], paragraphs: dict, sources: dict[str, str] | None, joiner: str,
            origin: str) -> str | None:
    """The bead's side as the source file has it: paragraphs' raw text, or the sentences' raw spans.

    Sentences of one paragraph are joined as the text joins them (JOINER); None when one of them
    could not be traced, and for a Word document (Document.origin). A PDF's page lines are joined.
    """
    if not ids or origin == "word":
        return None
    if sources is None:
        from termalign.align.sourceview import unwrapped

        return "\n\n".join(unwrapped(paragraphs[i].raw) if origin == "pdf" else paragraphs[i].raw.strip()
                           for i in ids)
    if not all(i in sources for i in ids):
        return None
    return joiner.join(sources[i] for i in ids)


def unrelated(beads: Sequence[Bead | BeadRecord]) -> bool:
    """True when the two texts do not look like translations of each other:
    fewer than RELATED_SHARE of their segments are in beads whose cosine reaches
    LOW_CONFIDENCE (the flag itself also marks doubtful boundaries, which say
    nothing about whether the texts are translations)."""
    def ids(b):
        return (b.zh, b.en) if isinstance(b, Bead) else (b.zh_ids, b.en_ids)

    total = confident = 0
    for b in beads:
        z, e = ids(b)
        total += len(z) + len(e)
        if z and e and b.score >= LOW_CONFIDENCE:
            confident += len(z) + len(e)
    return total > 0 and confident < RELATED_SHARE * total
