"""TMX 1.4b: aligned beads out as a translation memory for CAT tools, and memories back in.

Export writes what Trados, memoQ and OmegaT import without complaint: a header
with the seven required attributes, one `<tu>` per two-sided bead with plain
`<seg>` text, provenance as `x-` props, and nothing XML 1.0 forbids. A unit
from a Word document holds the document's inline codes (run boundaries,
footnote references: tags in a CAT tool) as `<ph>` placeholders.
It streams with `lxml.etree.xmlfile`, so a memory of any size is written in
constant memory.

Import reads TMX 1.1–1.4b (UTF-8 or UTF-16) from untrusted sources through
`safexml`: a file declaring entities is refused before its body is read, DTDs
are never loaded, and the file is streamed with
`iterparse`, clearing each unit once read, so memory does not grow with file
size.

lxml is imported inside the functions: this module is imported by commands
that must start fast.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

from termalign.align import safexml
from termalign.align.bitext import BeadRecord
from termalign import __version__
from termalign.errors import InputError, SettingError

SEGTYPES = ("sentence", "paragraph")
# Unit text: "source" = the segments as the source files have them (what CAT
# tools segment, so exact matches); "clean" = the aligner's clean text.
TEXTS = ("source", "clean")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# XML 1.0 forbids C0 controls other than tab, LF and CR, lone surrogates and
# U+FFFE/U+FFFF; DEL and the C1 controls are allowed but "discouraged", and
# CAT tools reject them too. PDF extractions are full of both.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# RFC 4646 language tags as TMX 1.4b uses them: "zh", "zh-CN", "zh-Hans-CN", "en".
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")

# TMX inline elements that hold native codes (formatting tags of the original
# file), not text: their content is dropped, their tail kept. <hi> and any
# other element keep their text.
_CODE_ELEMENTS = frozenset({"bpt", "ept", "it", "ph", "ut"})

# An inline code in a unit's source text (align.docx.CODE, kept equal by a test; not imported
# from there, which would load lxml at import): written as <ph>.
CODE = "\ufffc"
# Where a unit's source text runs over two segments of the document (U+2029 PARAGRAPH SEPARATOR:
# a Word line that a tab cuts, "81/240.<tab>Title"). A unit whose two sides are cut into as many
# parts is written as one unit per part (the columns of one line are translations of each
# other); otherwise it keeps its clean text.
SEGMENT_BREAK = "\u2029"

# Prop types written on every unit, read back by `read_tmx`.
PROP_DOCUMENT = "x-document"
PROP_PARAGRAPH = "x-paragraph"
PROP_BEAD_TYPE = "x-bead-type"
PROP_SCORE = "x-score"
PROP_VERSION = "x-termalign-version"


@dataclass
class TmxStats:
    """What `write_tmx` did with the records it was given."""

    units: int = 0
    skipped_omissions: int = 0
    skipped_low_score: int = 0
    duplicates: int = 0
    removed_control_chars: int = 0

    def summary(self, path: str | os.PathLike, min_score: float | None = None) -> str:
        """One line for stderr: what was written, what was left out and why."""
        line = f"wrote {self.units:,} translation units to {path}"
        skipped = []
        if self.skipped_omissions:
            skipped.append(f"{self.skipped_omissions:,} one-sided beads (1-0/0-1)")
        if self.skipped_low_score:
            skipped.append(f"{self.skipped_low_score:,} below --min-score {min_score}")
        if self.duplicates:
            skipped.append(f"{self.duplicates:,} duplicates")
        if skipped:
            line += "; skipped " + ", ".join(skipped)
        if self.removed_control_chars:
            line += f"; removed {self.removed_control_chars:,} control characters XML cannot carry"
        return line


def tmx_timestamp(moment: datetime) -> str:
    """TMX dates: UTC in the basic ISO 8601 form YYYYMMDDThhmmssZ."""
    return moment.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def strip_control_chars(text: str) -> tuple[str, int]:
    """TEXT without the characters XML cannot carry, and how many were removed."""
    return _NOT_XML.subn("", text)


# --------------------------------------------------------------------- export


def write_tmx(records: Iterable[BeadRecord], target: str | os.PathLike | BinaryIO, *, segtype: str = "sentence",
              src_lang: str = "zh-CN", tgt_lang: str = "en",
              min_score: float | None = None, text: str = "source", source: str = "zh",
              creation_date: datetime | None = None) -> TmxStats:
    """Write RECORDS to TARGET (a file name, or an open binary stream) as one TMX 1.4b memory.

    `segtype="sentence"` writes sentence beads; `"paragraph"` writes paragraph
    beads, and joins sentence beads back into the paragraph beads they were
    aligned in. One-sided beads (1-0, 0-1) and beads scored below MIN_SCORE are
    left out; a pair with the same zh and en text as one already written is
    written once. The file appears only when complete.

    `text="source"` writes each side as the source file has it (paragraph
    numbers, sub-paragraph labels, footnote markers, emphasis marks and
    spacing kept: the segment a CAT tool cuts from that file, so it gives
    exact matches); a unit whose source text is not known falls back to the
    clean text. `text="clean"` writes the aligner's clean text.

    SOURCE ("zh" or "en") is the language projects using the memory translate
    from: it becomes the header's `srclang` and comes first in each unit
    (OmegaT warns about a memory whose srclang is not the project's; matching
    works from either side).

    CREATION_DATE (default: now) dates the header and every unit; a fixed date
    makes the file a pure function of the records (`termalign batch`).
    """
    from termalign.atomic import atomic_path

    if text not in TEXTS:
        raise SettingError("text", f"unknown unit text {text!r}; use one of: {', '.join(TEXTS)}")
    if source not in ("zh", "en"):
        raise SettingError("source", f"unknown source language {source!r}; use zh or en")
    if segtype not in SEGTYPES:
        raise SettingError("segtype", f"unknown segtype {segtype!r}; use one of: {', '.join(SEGTYPES)}")
    for code in (src_lang, tgt_lang):
        if not _LANGUAGE_CODE.fullmatch(code):
            raise SettingError("language code", f"{code!r} is not a language code; give one such as zh-CN, zh-Hans or en")
    units = _paragraph_units(records) if segtype == "paragraph" else _sentence_units(records)
    header = {"creationtool": "termalign", "creationtoolversion": __version__,
              "segtype": segtype, "o-tmf": "termalign", "adminlang": "en",
              "srclang": src_lang if source == "zh" else tgt_lang, "datatype": "plaintext",
              "creationdate": tmx_timestamp(creation_date or datetime.now(timezone.utc))}
    if not isinstance(target, (str, os.PathLike)):
        stats = _write_units(units, target, (src_lang, tgt_lang), header, min_score, text)
        target.flush()
        return stats
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        return _write_units(units, handle, (src_lang, tgt_lang), header, min_score, text)


def _write_units(units: Iterable[BeadRecord], handle, codes: tuple[str, str], header: dict[str, str],
                 min_score: float | None, text: str) -> TmxStats:
    from lxml import etree

    stats = TmxStats()
    seen: set[bytes] = set()   # digests, not texts: bounded memory on large memories
    date = header["creationdate"]
    # Written by hand: lxml's declaration uses single quotes, the TMX specification double.
    # No DOCTYPE: TMX does not require one, and hardened readers (.NET's
    # XmlReader defaults, XXE-hardened parsers) refuse any file that has one.
    handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    with etree.xmlfile(handle, encoding="UTF-8") as xf:
        with xf.element("tmx", version="1.4"):
            xf.write("\n", etree.Element("header", header), pretty_print=True)
            with xf.element("body"):
                xf.write("\n")
                for unit in units:
                    if not unit.zh_ids or not unit.en_ids:
                        stats.skipped_omissions += 1
                        continue
                    if min_score is not None and unit.score < min_score:
                        stats.skipped_low_score += 1
                        continue
                    for zh_text, en_text in _unit_texts(unit, text):
                        zh, removed_zh = strip_control_chars(zh_text)
                        en, removed_en = strip_control_chars(en_text)
                        if not zh.strip() or not en.strip():
                            stats.skipped_omissions += 1
                            continue
                        key = hashlib.blake2b(f"{zh}\x00{en}".encode(), digest_size=16).digest()
                        if key in seen:
                            stats.duplicates += 1
                            continue
                        seen.add(key)
                        xf.write(_unit_element(unit, zh, en, codes, header["srclang"] != codes[0], date),
                                 pretty_print=True)
                        stats.units += 1
                        stats.removed_control_chars += removed_zh + removed_en
            xf.write("\n")
    handle.write(b"\n")
    return stats


def _unit_texts(unit: BeadRecord, text: str) -> list[tuple[str, str]]:
    """The (zh, en) texts of the units written for UNIT: one pair, or one per part of a line cut
    in as many parts on both sides (SEGMENT_BREAK)."""
    if text != "source":
        return [(unit.zh, unit.en)]
    # each side on its own: one side's file may be a Word document, the other a text file
    zh, en = unit.zh_source or unit.zh, unit.en_source or unit.en
    zh_parts, en_parts = zh.split(SEGMENT_BREAK), en.split(SEGMENT_BREAK)
    if len(zh_parts) == len(en_parts):
        return list(zip(zh_parts, en_parts))
    return [(unit.zh if len(zh_parts) > 1 else zh, unit.en if len(en_parts) > 1 else en)]


def _unit_element(unit: BeadRecord, zh: str, en: str, codes: tuple[str, str], en_first: bool, date: str):
    from lxml import etree

    tu = etree.Element("tu", creationdate=date, changedate=date)
    props = ((PROP_DOCUMENT, unit.doc),
             (PROP_PARAGRAPH, ", ".join(unit.zh_paragraphs or unit.en_paragraphs)),
             (PROP_BEAD_TYPE, unit.type),
             (PROP_SCORE, f"{unit.score:.3f}"),
             (PROP_VERSION, __version__))
    for kind, value in props:
        value, _ = strip_control_chars(value)
        if value:
            etree.SubElement(tu, "prop", type=kind).text = value
    sides = [(codes[0], zh), (codes[1], en)]
    for lang, text in reversed(sides) if en_first else sides:
        tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
        _fill_seg(etree.SubElement(tuv, "seg"), text)
    return tu


def _fill_seg(seg, text: str) -> None:
    """TEXT into SEG, each inline code (align.docx.CODE: where a CAT tool shows a Word document's
    run boundary or footnote reference as a tag) as a TMX 1.4b placeholder <ph>.

    A placeholder's content is the tag OmegaT shows for that code (`<t0/>`, `<t1/>`, … numbered
    from 0 in each segment), which is what OmegaT itself writes in the <ph> of its level-2
    TMX: with its "Display tags" and "Use XML for standalone tags" on, OmegaT reads the unit as
    `Recalling<t0/> its resolution…`, the very text of its segment, and fills it as an exact
    match. Other tools keep the <ph> as a placeholder of native code.
    """
    from lxml import etree

    parts = text.split(CODE)
    seg.text = parts[0]
    for n, part in enumerate(parts[1:]):
        ph = etree.SubElement(seg, "ph")
        ph.text = f"<t{n}/>"
        ph.tail = part


def _sentence_units(records: Iterable[BeadRecord]) -> Iterator[BeadRecord]:
    for record in records:
        if record.level == "paragraph":
            raise SettingError("segtype", f"{record.doc}: this alignment holds paragraph beads; export it with "
                           "segtype paragraph, or align again at sentence level")
        yield record


def _paragraph_units(records: Iterable[BeadRecord]) -> Iterator[BeadRecord]:
    """Paragraph beads as they are; sentence beads joined back into paragraph beads.

    The aligner aligns sentences only inside an aligned paragraph group, so
    consecutive sentence beads of one document that share a zh or an en
    paragraph belong to the same paragraph bead. A joined bead's score is the
    mean of its two-sided sentence beads. The records do not name their
    paragraph bead, so two cases come out differently from the aligner's
    paragraph beads: a 2-2 paragraph bead whose sentence beads never cross
    between its paragraphs becomes two units, and an unaligned sentence that
    is alone in its paragraph is left out as one-sided.
    """
    group: list[BeadRecord] = []
    zh_paras: set[str] = set()
    en_paras: set[str] = set()
    for record in records:
        if record.level == "paragraph":
            if group:
                yield _join_sentences(group)
                group, zh_paras, en_paras = [], set(), set()
            yield record
            continue
        rec_zh = {_paragraph_id(i) for i in record.zh_ids}
        rec_en = {_paragraph_id(i) for i in record.en_ids}
        if group and (record.doc != group[0].doc or not (rec_zh & zh_paras or rec_en & en_paras)):
            yield _join_sentences(group)
            group, zh_paras, en_paras = [], set(), set()
        group.append(record)
        zh_paras |= rec_zh
        en_paras |= rec_en
    if group:
        yield _join_sentences(group)


def _paragraph_id(segment_id: str) -> str:
    """'p12.s3' -> 'p12' (sentence ids are '<paragraph id>.s<n>'); a paragraph id stays."""
    head, sep, tail = segment_id.rpartition(".s")
    return head if sep and tail.isdigit() else segment_id


def _join_sentences(group: list[BeadRecord]) -> BeadRecord:
    first = group[0]
    zh_ids = list(dict.fromkeys(_paragraph_id(i) for r in group for i in r.zh_ids))
    en_ids = list(dict.fromkeys(_paragraph_id(i) for r in group for i in r.en_ids))
    # One-sided sentence beads inside the group carry no alignment evidence.
    paired = [r.score for r in group if r.zh_ids and r.en_ids] or [r.score for r in group]
    return BeadRecord(
        doc=first.doc, level="paragraph", zh_ids=zh_ids, en_ids=en_ids,
        zh="".join(r.zh for r in group if r.zh),
        en=" ".join(r.en for r in group if r.en),
        type=f"{len(zh_ids)}-{len(en_ids)}", score=sum(paired) / len(paired),
        low_confidence=any(r.low_confidence for r in group),
        zh_paragraphs=list(dict.fromkeys(n for r in group for n in r.zh_paragraphs)),
        en_paragraphs=list(dict.fromkeys(n for r in group for n in r.en_paragraphs)),
        kind=first.kind,
        zh_source=_joined([r.zh_source for r in group if r.zh_ids], ""),
        en_source=_joined([r.en_source for r in group if r.en_ids], " "))


def _joined(texts: list[str | None], joiner: str) -> str | None:
    """Source texts of sentence beads joined into their paragraph's; None if one is unknown."""
    if not texts or any(t is None for t in texts):
        return None
    return joiner.join(t for t in texts if t)


# --------------------------------------------------------------------- import


def language_matches(wanted: str, found: str) -> bool:
    """Whether a TMX language code FOUND is the language WANTED.

    Case and '_'/'-' do not matter, and a code matches a more specific one of
    the same language: 'zh' matches 'zh-CN', 'ZH-CN' and 'zh-Hans'; 'zh-CN'
    matches 'zh' but not 'zh-TW'.
    """
    a = wanted.strip().lower().replace("_", "-").split("-")
    b = found.strip().lower().replace("_", "-").split("-")
    n = min(len(a), len(b))
    return bool(a[0]) and a[:n] == b[:n]


def read_tmx(path: str | os.PathLike, src_lang: str = "zh", tgt_lang: str = "en") -> Iterator[BeadRecord]:
    """Stream the units of a TMX file as BeadRecords: SRC_LANG text in `zh`, TGT_LANG in `en`.

    Units without text in both languages are passed over. Provenance written
    by `write_tmx` is read back (document, paragraph numbers, bead type,
    score); a unit from another tool gets the file name as its document, type
    1-1 and score 1.0 (a memory holds translations people made). Raises
    UserError on a file that is not well-formed XML (with the line number),
    not TMX, declares entities, or holds no unit in the two languages.
    """
    source = Path(path)
    if not source.is_file():
        raise InputError(f"cannot read {path}: no such file")
    segtype = "sentence"
    n_units = n_read = 0
    languages: dict[str, None] = {}
    with safexml.syntax_errors(str(path), "TMX"):
        _check_root(source, path)
        # "{*}": some tools put TMX elements in a namespace; the name is what counts.
        for _, elem in safexml.iterparse(source, events=("end",), tag=("{*}header", "{*}tu")):
            if _local(elem.tag) == "header":
                segtype = elem.get("segtype", segtype)
                continue
            n_units += 1
            safexml.refuse_entity_references(elem, str(path))
            record = _unit_record(elem, n_units, source.name, segtype, src_lang, tgt_lang, languages)
            # Free the unit and the ones before it: memory stays flat however long the file.
            elem.clear(keep_tail=True)
            while elem.getprevious() is not None:
                del elem.getparent()[0]
            if record is not None:
                n_read += 1
                yield record
    if n_units and not n_read:
        found = ", ".join(languages) or "none"
        raise InputError(f"{path}: no unit has text in both {src_lang} and {tgt_lang} (languages found: "
                        f"{found}); give a memory with {src_lang} and {tgt_lang} units (codes such as zh-CN, en-US)")


def _check_root(source: Path, path: str | os.PathLike) -> None:
    """Refuse a file that declares entities (see safexml), or is not TMX, before its body is read."""
    safexml.check_file(source, str(path), "TMX")
    _, root = next(safexml.iterparse(source, events=("start",)))
    if _local(root.tag) != "tmx":
        raise InputError(f"{path}: not a TMX file (the root element is <{_local(root.tag)}>, not <tmx>)")


def _unit_record(tu, n: int, file_name: str, segtype: str, src_lang: str, tgt_lang: str,
                 languages: dict[str, None]) -> BeadRecord | None:
    src = tgt = None
    for tuv in tu.iterchildren("{*}tuv"):
        # TMX 1.4 names the language xml:lang, TMX 1.1 lang.
        lang = tuv.get(XML_LANG) or tuv.get("lang") or ""
        languages.setdefault(lang, None)
        seg = tuv.find("{*}seg")
        if seg is None:
            continue
        if src is None and language_matches(src_lang, lang):
            src = seg_text(seg)
        elif tgt is None and language_matches(tgt_lang, lang):
            tgt = seg_text(seg)
    if not src or not src.strip() or not tgt or not tgt.strip():
        return None
    props = {p.get("type"): (p.text or "") for p in tu.iterchildren("{*}prop")}
    paragraphs = [number.strip() for number in props.get(PROP_PARAGRAPH, "").split(",") if number.strip()]
    try:
        score = float(props.get(PROP_SCORE, "1"))
    except ValueError:
        score = 1.0
    unit_id = f"tu{n}"
    level = tu.get("segtype", segtype)
    return BeadRecord(
        doc=props.get(PROP_DOCUMENT) or file_name,
        level="paragraph" if level in ("paragraph", "block") else "sentence",
        zh_ids=[unit_id], en_ids=[unit_id], zh=src, en=tgt,
        type=props.get(PROP_BEAD_TYPE, "1-1"), score=score,
        zh_paragraphs=paragraphs, en_paragraphs=list(paragraphs))


def seg_text(seg) -> str:
    """The plain text of a <seg>: native codes (<bpt>, <ept>, <ph>, <it>, <ut>) dropped."""
    parts = [seg.text or ""]
    for child in seg:
        if _local(child.tag) not in _CODE_ELEMENTS:
            parts.append(seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _local(tag: str) -> str:
    """An element name without its namespace: '{urn:x}tu' -> 'tu'."""
    return tag.rpartition("}")[2]
