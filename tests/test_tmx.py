"""TMX export and import: structure CAT tools expect, round trips, and safety on hostile files."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lxml import etree

from termalign.align.bitext import BeadRecord
from termalign.align.tmx import language_matches, read_tmx, strip_control_chars, write_tmx
from termalign import __version__
from termalign.errors import UserError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TMX_DATE = re.compile(r"^\d{8}T\d{6}Z$")
DOC = "A/RES/79/512"


def bead(zh_ids, en_ids, zh, en, score=0.9, paragraph="3", doc=DOC, level="sentence") -> BeadRecord:
    return BeadRecord(doc=doc, level=level, zh_ids=list(zh_ids), en_ids=list(en_ids), zh=zh, en=en,
                      type=f"{len(zh_ids)}-{len(en_ids)}", score=score,
                      zh_paragraphs=[paragraph] if paragraph else [],
                      en_paragraphs=[paragraph] if paragraph else [], kind="operative")


# A resolution paragraph in both languages, written for these tests, with the
# punctuation and quotes translators care about.
PAIRS = [
    ("大会，", "The General Assembly,"),
    ("回顾其2023年12月22日第78/245号决议，", "Recalling its resolution 78/245 of 22 December 2023,"),
    ("欢迎秘书长关于“可持续发展融资”的报告（A/79/301）；",
     'Welcomes the report of the Secretary-General on "financing for sustainable development" (A/79/301);'),
    ("请各会员国、联合国系统各实体及其他利益攸关方：继续支持《2030年可持续发展议程》！",
     "Requests Member States, United Nations entities & other stakeholders to continue supporting "
     "the 2030 Agenda for Sustainable Development — the 'Agenda' <in full>!"),
    ("秘书长指出：‘我们必须行动’，并称之为「共同责任」……",
     "The Secretary-General said: ‘We must act’, calling it a “shared responsibility”…"),
]


def sentence_records() -> list[BeadRecord]:
    return [bead([f"p{i}.s1"], [f"p{i}.s1"], zh, en, score=0.8 + i / 100, paragraph=str(i))
            for i, (zh, en) in enumerate(PAIRS, 1)]


def test_round_trip_read_back_by_translate_toolkit(tmp_path):
    from translate.storage.tmx import tmxfile

    out = tmp_path / "memory.tmx"
    stats = write_tmx(sentence_records(), out)
    assert stats.units == len(PAIRS)
    with open(out, "rb") as handle:
        store = tmxfile(handle, "zh-CN", "en")
    assert [(u.source, u.target) for u in store.units] == PAIRS


def test_round_trip_read_back_by_our_reader_with_provenance(tmp_path):
    out = tmp_path / "memory.tmx"
    write_tmx(sentence_records(), out)
    back = list(read_tmx(out))
    assert [(r.zh, r.en) for r in back] == PAIRS
    assert {r.doc for r in back} == {DOC}
    assert [r.zh_paragraphs for r in back] == [["1"], ["2"], ["3"], ["4"], ["5"]]
    assert [r.score for r in back] == pytest.approx([0.81, 0.82, 0.83, 0.84, 0.85])
    assert all(r.type == "1-1" and r.level == "sentence" for r in back)
    assert len({r.id for r in back}) == len(back)


def test_header_and_every_unit_have_the_tmx_14b_structure(tmp_path):
    out = tmp_path / "memory.tmx"
    write_tmx(sentence_records(), out, src_lang="zh-Hans", tgt_lang="en-GB")
    text = out.read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">')
    root = etree.parse(str(out)).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert [child.tag for child in root] == ["header", "body"]
    header = root.find("header")
    assert {k: header.get(k) for k in ("creationtool", "creationtoolversion", "segtype", "o-tmf",
                                       "adminlang", "srclang", "datatype")} == {
        "creationtool": "termalign", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": "termalign", "adminlang": "en", "srclang": "zh-Hans", "datatype": "plaintext"}
    assert TMX_DATE.match(header.get("creationdate"))
    units = root.find("body").findall("tu")
    assert len(units) == len(PAIRS)
    for tu in units:
        assert TMX_DATE.match(tu.get("changedate"))
        # The DTD orders a unit's children: props first, then the variants.
        assert [c.tag for c in tu] == ["prop"] * 5 + ["tuv", "tuv"]
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-document"] == DOC
        assert props["x-bead-type"] == "1-1"
        assert float(props["x-score"]) > 0.8
        assert props["x-termalign-version"] == __version__
        assert props["x-paragraph"].isdigit()
        assert [tuv.get(XML_LANG) for tuv in tu.findall("tuv")] == ["zh-Hans", "en-GB"]
        for seg in tu.iter("seg"):
            assert len(seg) == 0 and seg.text   # level 1: plain text, no inline markup


# The TMX 1.4b content model of what termalign writes, level 1 (a <seg> holds
# text only), restated from the specification for validation.
LEVEL_1_GRAMMAR = """
<!ELEMENT tmx (header, body)>
<!ATTLIST tmx version CDATA #REQUIRED>
<!ELEMENT header (note|prop)*>
<!ATTLIST header creationtool CDATA #REQUIRED creationtoolversion CDATA #REQUIRED
          segtype (block|paragraph|sentence|phrase) #REQUIRED o-tmf CDATA #REQUIRED
          adminlang CDATA #REQUIRED srclang CDATA #REQUIRED datatype CDATA #REQUIRED
          creationdate CDATA #IMPLIED>
<!ELEMENT body (tu*)>
<!ELEMENT tu ((note|prop)*, tuv+)>
<!ATTLIST tu creationdate CDATA #IMPLIED changedate CDATA #IMPLIED>
<!ELEMENT tuv ((note|prop)*, seg)>
<!ATTLIST tuv xml:lang CDATA #REQUIRED>
<!ELEMENT seg (#PCDATA)>
<!ELEMENT prop (#PCDATA)>
<!ATTLIST prop type CDATA #REQUIRED>
<!ELEMENT note (#PCDATA)>
"""


@pytest.mark.parametrize("segtype", ["sentence", "paragraph"])
def test_output_is_valid_against_the_level_1_grammar(tmp_path, segtype):
    import io

    out = tmp_path / "memory.tmx"
    write_tmx(sentence_records(), out, segtype=segtype)
    grammar = etree.DTD(io.StringIO(LEVEL_1_GRAMMAR))
    assert grammar.validate(etree.parse(str(out))), grammar.error_log.filter_from_errors()


def test_one_sided_beads_are_left_out_and_merged_beads_are_one_unit(tmp_path):
    records = [
        bead(["p1.s1", "p1.s2"], ["p1.s1"], "会议于上午10时开幕。会议于下午1时散会。",
             "The meeting rose at 1 p.m., having opened at 10 a.m."),
        bead(["p1.s3"], [], "主席致开幕词。", ""),
        bead([], ["p1.s2"], "", "The President made an opening statement."),
    ]
    out = tmp_path / "memory.tmx"
    stats = write_tmx(records, out)
    assert (stats.units, stats.skipped_omissions) == (1, 2)
    [unit] = read_tmx(out)
    assert unit.type == "2-1"
    assert unit.zh == "会议于上午10时开幕。会议于下午1时散会。"


def test_min_score_leaves_out_low_confidence_beads(tmp_path):
    records = sentence_records()
    records[1].score = 0.2
    stats = write_tmx(records, tmp_path / "memory.tmx", min_score=0.5)
    assert (stats.units, stats.skipped_low_score) == (len(PAIRS) - 1, 1)
    assert PAIRS[1] not in [(r.zh, r.en) for r in read_tmx(tmp_path / "memory.tmx")]


def test_control_characters_are_removed_and_counted(tmp_path):
    dirty = bead(["p1.s1"], ["p1.s1"], "安全理事会\x0c决定\x00继续\x1f处理此案\ufffe。",
                 "The Security Council\x0b decides to remain\x7f seized\x85 of the\ud800 matter.")
    clean = bead(["p2.s1"], ["p2.s1"], "第7439次会议。", "7439th meeting.\tHeld on 11 May.")
    out = tmp_path / "memory.tmx"
    stats = write_tmx([dirty, clean], out)
    assert stats.removed_control_chars == 8
    first, second = read_tmx(out)
    assert first.zh == "安全理事会决定继续处理此案。"
    assert first.en == "The Security Council decides to remain seized of the matter."
    assert second.en == "7439th meeting.\tHeld on 11 May."   # tab is allowed and kept


def test_strip_control_chars_keeps_text_xml_allows():
    text = "“决议”《公约》、；：（一）— ‘quoted’ «fr» 𠀀 \t\n"
    assert strip_control_chars(text) == (text, 0)


def test_duplicates_across_alignments_are_written_once(tmp_path, run_cli):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    records = sentence_records()
    first.write_text("".join(r.to_json() + "\n" for r in records[:3]), encoding="utf-8")
    other = [bead(r.zh_ids, r.en_ids, r.zh, r.en, doc="A/RES/79/513") for r in records[1:]]
    second.write_text("".join(r.to_json() + "\n" for r in other), encoding="utf-8")
    out = tmp_path / "memory.tmx"
    result = run_cli("tmx", first, second, "-o", out)
    assert result.exit_code == 0
    assert [(r.zh, r.en) for r in read_tmx(out)] == PAIRS
    assert "2 duplicate" in result.stderr


def test_paragraph_segtype_joins_sentence_beads_into_their_paragraph_beads(tmp_path):
    records = [
        bead(["p4.s1"], ["p4.s1"], "强调必须加强合作。", "Stresses the need to strengthen cooperation.",
             score=0.9, paragraph="4"),
        bead(["p4.s2"], [], "为此目的，", "", score=0.0, paragraph="4"),
        bead(["p4.s3"], ["p4.s2"], "请秘书长提出报告。", "Requests the Secretary-General to report.",
             score=0.7, paragraph="4"),
        # a zh paragraph split in two where the English has one
        bead(["p5.s1"], ["p5.s1"], "决定继续审议。", "Decides to remain seized", paragraph="5"),
        bead(["p6.s1"], ["p5.s2"], "此事项。", "of the matter.", paragraph="6"),
    ]
    out = tmp_path / "memory.tmx"
    stats = write_tmx(records, out, segtype="paragraph")
    assert stats.units == 2
    assert etree.parse(str(out)).getroot().find("header").get("segtype") == "paragraph"
    first, second = read_tmx(out)
    assert first.zh == "强调必须加强合作。为此目的，请秘书长提出报告。"
    assert first.en == "Stresses the need to strengthen cooperation. Requests the Secretary-General to report."
    assert first.score == pytest.approx(0.8)   # one-sided beads carry no alignment evidence
    assert first.level == "paragraph" and first.type == "1-1"
    assert (second.type, second.zh_paragraphs) == ("2-1", ["5", "6"])
    assert second.en == "Decides to remain seized of the matter."


def test_paragraph_beads_export_as_they_are(tmp_path):
    records = [bead(["p1"], ["p1"], zh, en, level="paragraph") for zh, en in PAIRS[:2]]
    stats = write_tmx(records, tmp_path / "p.tmx", segtype="paragraph")
    assert stats.units == 2
    with pytest.raises(UserError, match="segtype paragraph"):
        write_tmx(records, tmp_path / "s.tmx")
    assert not (tmp_path / "s.tmx").exists()   # nothing half-written


def test_cli_errors_are_one_line_exit_2(tmp_path, run_cli):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = run_cli("tmx", empty, "-o", tmp_path / "x.tmx")
    assert result.exit_code == 2 and "no aligned beads" in result.stderr
    paragraphs = tmp_path / "paragraphs.jsonl"
    paragraphs.write_text(bead(["p1"], ["p1"], *PAIRS[0], level="paragraph").to_json() + "\n", encoding="utf-8")
    result = run_cli("tmx", paragraphs, "-o", tmp_path / "x.tmx")
    assert result.exit_code == 2 and "--segtype paragraph" in result.stderr
    assert not (tmp_path / "x.tmx").exists()
    result = run_cli("tmx", paragraphs, "--segtype", "paragraph", "--src-lang", "zh CN", "-o", tmp_path / "x.tmx")
    assert result.exit_code == 2 and "'zh CN' is not a language code" in result.stderr


def test_cli_writes_to_stdout_and_reports_skips(tmp_path, run_cli):
    bitext = tmp_path / "a.jsonl"
    records = sentence_records() + [bead(["p9.s1"], [], "未译句子。", "")]
    records[0].score = 0.1
    bitext.write_text("".join(r.to_json() + "\n" for r in records), encoding="utf-8")
    result = run_cli("tmx", bitext, "--min-score", "0.5", "--src-lang", "zh", "--tgt-lang", "en-US")
    assert result.exit_code == 0
    root = etree.fromstring(result.stdout_bytes)
    assert len(root.find("body")) == len(PAIRS) - 1
    assert "1 one-sided" in result.stderr and "1 below --min-score" in result.stderr


# --------------------------------------------------------------------- import


@pytest.mark.parametrize("code", ["zh", "zh-CN", "ZH-CN", "zh-Hans", "zh_CN"])
def test_chinese_language_codes_match_zh(code):
    assert language_matches("zh", code)


def test_language_matching_keeps_regions_apart():
    assert language_matches("zh-CN", "zh")
    assert not language_matches("zh-CN", "zh-TW")
    assert not language_matches("en", "eng")


TMX_11_UTF16 = """<?xml version="1.0" encoding="UTF-16"?>
<tmx version="1.1">
<header creationtool="OldTool" creationtoolversion="2" segtype="sentence" o-tmf="x"
        adminlang="EN-US" srclang="ZH-CN" datatype="plaintext"/>
<body>
<tu><tuv lang="ZH-CN"><seg>人权理事会第五十五届会议</seg></tuv>
    <tuv lang="EN-US"><seg>Human Rights Council, fifty-fifth session</seg></tuv></tu>
<tu><tuv lang="FR-FR"><seg>Conseil des droits de l’homme</seg></tuv>
    <tuv lang="EN-US"><seg>Human Rights Council</seg></tuv></tu>
</body>
</tmx>
"""


def test_utf16_tmx_11_imports(tmp_path):
    path = tmp_path / "old.tmx"
    path.write_bytes(TMX_11_UTF16.encode("utf-16"))
    [unit] = read_tmx(path)   # the French–English unit has no Chinese
    assert (unit.zh, unit.en) == ("人权理事会第五十五届会议", "Human Rights Council, fifty-fifth session")
    assert (unit.doc, unit.type, unit.score) == ("old.tmx", "1-1", 1.0)


def test_inline_markup_is_dropped_to_plain_text(tmp_path):
    path = tmp_path / "tagged.tmx"
    path.write_text(textwrap.dedent("""\
        <?xml version="1.0" encoding="UTF-8"?>
        <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
          o-tmf="t" adminlang="en" srclang="zh-Hans" datatype="html"/>
        <body><tu srclang="zh-Hans">
          <tuv xml:lang="zh-Hans"><seg>请参阅<bpt i="1" x="1">&lt;b&gt;</bpt>第<hi type="x-em">12</hi>段<ept i="1">&lt;/b&gt;</ept><ph x="2">&lt;br/&gt;</ph>。</seg></tuv>
          <tuv xml:lang="en"><seg>See <bpt i="1">&lt;a href="#fn"<sub>footnote text</sub>&gt;</bpt>paragraph 12<ept i="1">&lt;/a&gt;</ept><it pos="begin">&lt;i&gt;</it> above<ut>{\\b}</ut>.</seg></tuv>
        </tu></body></tmx>
        """), encoding="utf-8")
    [unit] = read_tmx(path)
    assert (unit.zh, unit.en) == ("请参阅第12段。", "See paragraph 12 above.")


def test_namespaced_tmx_imports(tmp_path):
    path = tmp_path / "ns.tmx"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<tmx xmlns="http://www.lisa.org/tmx14" version="1.4">'
                    '<header srclang="zh-CN" segtype="paragraph"/><body><tu><prop type="x-paragraph">7</prop>'
                    '<tuv xml:lang="zh-CN"><seg>技术<ph>&lt;br/&gt;</ph>合作</seg></tuv>'
                    '<tuv xml:lang="en-US"><seg>technical cooperation</seg></tuv></tu></body></tmx>',
                    encoding="utf-8")
    [unit] = read_tmx(path)
    assert (unit.zh, unit.en, unit.level, unit.zh_paragraphs) == ("技术合作", "technical cooperation",
                                                                  "paragraph", ["7"])


def test_tmx_written_by_translate_toolkit_imports(tmp_path):
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage="zh-CN", targetlanguage="en")
    for zh, en in PAIRS:
        store.addtranslation(zh, "zh-CN", en, "en")
    path = tmp_path / "tt.tmx"
    path.write_bytes(bytes(store))
    assert [(r.zh, r.en) for r in read_tmx(path)] == PAIRS


def test_languages_picked_by_the_caller(tmp_path):
    out = tmp_path / "memory.tmx"
    write_tmx(sentence_records(), out)
    back = list(read_tmx(out, src_lang="en", tgt_lang="zh"))
    assert (back[0].zh, back[0].en) == (PAIRS[0][1], PAIRS[0][0])
    with pytest.raises(UserError, match=r"no unit has text in both fr and en \(languages found: zh-CN, en\)"):
        list(read_tmx(out, src_lang="fr"))


def test_malformed_tmx_is_refused_with_its_line_number(tmp_path):
    path = tmp_path / "broken.tmx"
    path.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>\n'
                    '<tu><tuv xml:lang="zh"><seg>中文</seg></tuv><tuv xml:lang="en"><seg>text</seg></tuv></tu>\n'
                    '<tu><tuv xml:lang="zh"><seg>未闭合</tuv></tu>\n</body></tmx>\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"broken\.tmx:4: not well-formed XML"):
        list(read_tmx(path))


def test_truncated_and_non_tmx_files_are_refused(tmp_path):
    truncated = tmp_path / "cut.tmx"
    truncated.write_text('<?xml version="1.0"?>\n<tmx version="1.4"><header/><body>\n<tu><tuv xml:lang="zh">',
                         encoding="utf-8")
    with pytest.raises(UserError, match="not well-formed XML"):
        list(read_tmx(truncated))
    xliff = tmp_path / "file.xlf"
    xliff.write_text('<?xml version="1.0"?><xliff version="1.2"><file/></xliff>', encoding="utf-8")
    with pytest.raises(UserError, match=r"not a TMX file \(the root element is <xliff>"):
        list(read_tmx(xliff))
    binary = tmp_path / "picture.tmx"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UserError, match=r"picture\.tmx:1: not well-formed XML"):
        list(read_tmx(binary))
    with pytest.raises(UserError, match="no such file"):
        list(read_tmx(tmp_path / "missing.tmx"))


LAUGHS = "\n".join(
    ['<?xml version="1.0"?>', "<!DOCTYPE tmx [", ' <!ENTITY lol "lol">']
    + [f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    + ["]>", '<tmx version="1.4"><header srclang="zh"/><body>',
       '<tu><tuv xml:lang="zh"><seg>&lol9;</seg></tuv><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu>',
       "</body></tmx>"])

EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE tmx [ <!ENTITY secret SYSTEM "file:///etc/hostname"> ]>
<tmx version="1.4"><header srclang="zh"/><body>
<tu><tuv xml:lang="zh"><seg>&secret;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu>
</body></tmx>
"""

# Read in a child process limited to 1 GB of address space and 60 s, so a
# parser that expanded entities would fail the test instead of the machine.
_GUARDED_READ = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from termalign.align.tmx import read_tmx
from termalign.errors import UserError
try:
    list(read_tmx(sys.argv[1]))
except UserError as exc:
    print("refused:", exc)
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent
# (pytest, which may already hold a model), while VmHWM belongs to this image.
print("peak_kb", next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")))
"""


@pytest.mark.parametrize("content", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_files_are_refused_quickly_in_little_memory(tmp_path, content):
    path = tmp_path / "hostile.tmx"
    path.write_text(content, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _GUARDED_READ, str(path)], capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    assert "refused: " in done.stdout and "declares XML entities" in done.stdout
    peak_kb = int(done.stdout.split("peak_kb")[1])
    assert peak_kb < 200_000


def test_external_dtd_is_never_fetched(tmp_path):
    path = tmp_path / "dtd.tmx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n'
                    '<tmx version="1.4"><header srclang="zh"/><body><tu><tuv xml:lang="zh"><seg>秘书处</seg></tuv>'
                    '<tuv xml:lang="en"><seg>Secretariat</seg></tuv></tu></body></tmx>\n', encoding="utf-8")
    assert [(r.zh, r.en) for r in read_tmx(path)] == [("秘书处", "Secretariat")]


@pytest.mark.slow
def test_bundled_resolution_aligned_then_exported(tmp_path, run_cli):
    """The aligner's own records, through a saved jsonl and `termalign tmx`, at both segment types."""
    from translate.storage.tmx import tmxfile

    from termalign.align.bitext import write_jsonl
    from termalign.align.pipeline import align_documents
    from termalign.align.reader import read_document
    from termalign.models import load_encoder

    examples = Path(__file__).resolve().parent.parent / "termalign" / "examples"
    zh = read_document(examples / "resolution.zh.txt", "zh")
    en = read_document(examples / "resolution.en.txt", "en")
    encoder = load_encoder("use-m3")
    sentences = align_documents(zh, en, encoder, "sentence")
    paragraphs = align_documents(zh, en, encoder, "paragraph")
    bitext = tmp_path / "resolution.jsonl"
    with open(bitext, "w", encoding="utf-8") as handle:
        write_jsonl(sentences, handle)

    assert run_cli("tmx", bitext, "--text", "clean", "-o", tmp_path / "s.tmx").exit_code == 0
    with open(tmp_path / "s.tmx", "rb") as handle:
        units = [(u.source, u.target) for u in tmxfile(handle, "zh-CN", "en").units]
    expected = list(dict.fromkeys((r.zh, r.en) for r in sentences if r.zh_ids and r.en_ids))
    assert units == expected

    # The default unit text is each segment as the files have it: what a CAT tool segments.
    assert run_cli("tmx", bitext, "-o", tmp_path / "raw.tmx").exit_code == 0
    with open(tmp_path / "raw.tmx", "rb") as handle:
        raw_units = [(u.source, u.target) for u in tmxfile(handle, "zh-CN", "en").units]
    assert raw_units == list(dict.fromkeys((r.zh_source, r.en_source) for r in sentences
                                           if r.zh_ids and r.en_ids))
    assert ("1. **促请**会员国将信息和通信技术纳入国家减少灾害风险战略，并为此调动一切可用的资源；",
            "1. Urges Member States to integrate information and communications\ntechnologies into national "
            "disaster risk reduction strate-\ngies and to mobilize all available resources to that end;") in raw_units
    assert any(zh.endswith("各项决议，¹") and en.endswith("disaster risk reduction,1") for zh, en in raw_units)

    assert run_cli("tmx", bitext, "--segtype", "paragraph", "--text", "clean", "-o", tmp_path / "p.tmx").exit_code == 0
    joined = list(read_tmx(tmp_path / "p.tmx"))

    def squeeze(text: str) -> str:
        return "".join(text.split())

    beads = {(squeeze(r.zh), squeeze(r.en)) for r in paragraphs if r.zh_ids and r.en_ids}
    assert joined and all(r.level == "paragraph" for r in joined)
    # Sentence beads joined back give the paragraph beads the aligner found first.
    assert {(squeeze(r.zh), squeeze(r.en)) for r in joined} <= beads
