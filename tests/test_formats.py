"""Glossary exports and imports: TBX-Basic (schema-validated), OmegaT TSV, CSV, XLSX."""

from __future__ import annotations

import dataclasses
import json

import pytest

from termalign.glossary.formats.base import FORMATS, ExportOptions, ImportOptions, get_format, term_pairs
from termalign.glossary.concepts import Concept, Example, PairEvidence, Term
from termalign.errors import UserError


def sample_concepts() -> list[Concept]:
    """A small UN-style ICT glossary, as a termbase would hold it after some review."""
    igf_example = Example(
        doc="A/RES/80/17", bead="A/RES/80/17#zh-s4", zh_paragraph="4", en_paragraph="4",
        zh="鼓励会员国积极参加因特网治理论坛今后的会议。",
        en="Encourages Member States to take an active part in future meetings of the Internet Governance Forum.")
    divide_example = Example(
        doc="A/RES/80/21", bead="A/RES/80/21#zh-s2", zh_paragraph="2", en_paragraph="2",
        zh="关切地注意到国家之间和国家内部的数字鸿沟依然存在。",
        en="Notes with concern that the digital divide persists between and within countries.")
    return [
        Concept(id="C000001", terms=[
            Term("zh", "因特网治理论坛", "preferred", frequency=14, documents=5, valid_from=1),
            Term("zh", "互联网治理论坛", "deprecated", frequency=2, documents=1, valid_from=1,
                 note="used in early drafts"),
            Term("en", "Internet Governance Forum", "preferred", frequency=16, documents=5, valid_from=1),
            Term("en", "IGF", "admitted", term_type="acronym", frequency=3, documents=2, valid_from=2),
        ], pairs=[
            PairEvidence("因特网治理论坛", "Internet Governance Forum", 14, 5, 88.5, 0.93, 0.71, [igf_example]),
            PairEvidence("互联网治理论坛", "Internet Governance Forum", 2, 1, 9.1, 0.07),
        ], note="multi-stakeholder forum convened by the Secretary-General"),
        Concept(id="C000002", terms=[
            Term("zh", "数字鸿沟", "preferred", frequency=9, documents=4, valid_from=1),
            Term("en", "digital divide", "preferred", frequency=9, documents=4, valid_from=1),
        ], pairs=[PairEvidence("数字鸿沟", "digital divide", 9, 4, 61.0, 1.0, 0.64, [divide_example])]),
        Concept(id="C000003", terms=[
            Term("zh", "信息和通信技术", "preferred", frequency=20, documents=7, valid_from=1),
            Term("zh", "信通技术", "admitted", term_type="shortForm", frequency=6, documents=3, valid_from=3),
            Term("en", "information and communications technology", "preferred", frequency=18, documents=7,
                 valid_from=1),
            Term("en", "ICT", "admitted", term_type="acronym", frequency=11, documents=6, valid_from=1),
        ], pairs=[
            PairEvidence("信息和通信技术", "information and communications technology", 15, 7, 120.2, 0.8),
            PairEvidence("信通技术", "ICT", 5, 3, 30.4, 0.83),
        ]),
        Concept(id="C000004", terms=[
            Term("zh", "信息社会世界峰会", "superseded", frequency=1, documents=1, valid_from=1),
            Term("zh", "信息社会世界首脑会议", "preferred", frequency=7, documents=3, valid_from=1),
            Term("en", "World Summit on the Information Society", "preferred", frequency=8, documents=3,
                 valid_from=1),
        ]),
        Concept(id="C000005", terms=[
            Term("zh", "网络安全", "candidate", frequency=4, documents=2, valid_from=3),
            Term("en", "cybersecurity", "candidate", frequency=4, documents=2, valid_from=3),
        ]),
    ]


def human_only(concepts: list[Concept]) -> list[Concept]:
    """The concepts as exported by default: candidates left out, empty concepts dropped."""
    kept = [dataclasses.replace(c, terms=[t for t in c.terms if t.status != "candidate"]) for c in concepts]
    return [c for c in kept if c.terms]


def term_set(concepts: list[Concept], with_status: bool = True) -> set[frozenset]:
    """Each concept as the set of its terms: order-, id- and evidence-free, for round-trip comparison."""
    return {frozenset((t.lang, t.text, t.status if with_status else "", t.term_type if with_status else "")
                      for t in c.terms) for c in concepts}


OPTIONS = ExportOptions(source="ict.termbase", version=3, version_created="2026-11-20T09:15:00Z",
                        version_note="approved after review", version_dates={
                            1: "2026-11-02T08:00:00Z", 2: "2026-11-10T14:30:00Z", 3: "2026-11-20T09:15:00Z"})


@pytest.fixture
def tbx_schema(shared_dir):
    from lxml import etree

    rng = shared_dir / "schemas" / "tbx-basic" / "TBXcoreStructV03_TBX-Basic_integrated.rng"
    if not rng.exists():
        pytest.skip(f"TBX-Basic schema not found at {rng}")
    return etree.RelaxNG(etree.parse(str(rng)))


# --- TBX -----------------------------------------------------------------------------------------

def test_tbx_export_validates_against_the_tbx_basic_schema(tmp_path, tbx_schema):
    from lxml import etree

    path = tmp_path / "ict.tbx"
    assert get_format("tbx3").write(human_only(sample_concepts()), path, OPTIONS) == 4
    document = etree.parse(str(path))
    assert tbx_schema.validate(document), tbx_schema.error_log
    root = document.getroot()
    assert (root.get("type"), root.get("style")) == ("TBX-Basic", "dca")
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    ns = {"t": "urn:iso:std:iso:30042:ed-2"}
    assert "Version 3" in " ".join(root.xpath("//t:sourceDesc/t:p/text()", namespaces=ns))
    assert "approved after review" in " ".join(root.xpath("//t:sourceDesc/t:p/text()", namespaces=ns))
    entry = root.xpath("//t:conceptEntry[@id='C000001']", namespaces=ns)[0]
    statuses = dict(zip(entry.xpath(".//t:term/text()", namespaces=ns),
                        entry.xpath(".//t:termNote[@type='administrativeStatus']/text()", namespaces=ns)))
    assert statuses == {"Internet Governance Forum": "preferredTerm-admn-sts", "IGF": "admittedTerm-admn-sts",
                        "因特网治理论坛": "preferredTerm-admn-sts", "互联网治理论坛": "deprecatedTerm-admn-sts"}
    assert entry.xpath("t:langSec/@xml:lang", namespaces=ns) == ["en", "zh-CN"]
    assert entry.xpath("t:transacGrp/t:date/text()", namespaces=ns) == ["2026-11-02", "2026-11-10"]
    # the acronym came a version later than the concept: it carries its own origination date
    assert entry.xpath(".//t:termSec[t:term='IGF']/t:transacGrp/t:date/text()", namespaces=ns) == ["2026-11-10"]
    assert not entry.xpath(".//t:termSec[t:term='因特网治理论坛']/t:transacGrp", namespaces=ns)
    assert "IGF" in entry.xpath(".//t:termSec[t:termNote='acronym']/t:term/text()", namespaces=ns)
    contexts = entry.xpath(".//t:descrip[@type='context']/text()", namespaces=ns)
    assert any("积极参加因特网治理论坛" in c for c in contexts)
    superseded = root.xpath("//t:termSec[t:term='信息社会世界峰会']/t:termNote[@type='administrativeStatus']/text()",
                            namespaces=ns)
    assert superseded == ["supersededTerm-admn-sts"]
    assert not root.xpath("//t:term[text()='cybersecurity']", namespaces=ns)


def test_tbx_export_with_candidates_still_validates(tmp_path, tbx_schema):
    from lxml import etree

    path = tmp_path / "all.tbx"
    assert get_format("tbx3").write(sample_concepts(), path, ExportOptions(src_lang="zh")) == 5
    document = etree.parse(str(path))
    assert tbx_schema.validate(document), tbx_schema.error_log
    assert document.getroot().get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"


def test_tbx_round_trip_gives_back_the_same_concepts(tmp_path):
    path = tmp_path / "ict.tbx"
    concepts = human_only(sample_concepts())
    tbx = get_format("tbx")
    tbx.write(concepts, path, OPTIONS)
    back = tbx.read(path, ImportOptions(status="candidate"))
    assert term_set(back) == term_set(concepts)
    igf = next(c for c in back if any(t.text == "IGF" for t in c.terms))
    assert igf.note == "multi-stakeholder forum convened by the Secretary-General"
    assert next(t for t in igf.terms if t.text == "互联网治理论坛").note == "used in early drafts"


def test_tbx_import_reads_the_third_party_example(shared_dir):
    path = shared_dir / "schemas" / "tbx-basic" / "Example_Astronomy_DCA_VALID.tbx"
    if not path.exists():
        pytest.skip("example TBX file absent")
    concepts = get_format("tbx").read(path, ImportOptions(status="admitted"))
    terms = {t.text: t for c in concepts for t in c.terms}
    assert terms["open cluster"].status == "preferred"
    assert terms["galactic cluster"].status == "superseded"
    assert terms["black hole"].status == "admitted"            # no status in the file: the default
    assert terms["circumstellar accretion disk"].term_type == "fullForm"
    assert all(t.lang == "en" for t in terms.values())          # the Spanish sections are skipped


def test_tbx_import_reads_tbx_v2_martif(tmp_path):
    path = tmp_path / "old.tbx"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>CAT export</p></sourceDesc>
</fileDesc></martifHeader><text><body>
<termEntry id="e1"><langSet xml:lang="en-US"><tig><term>capacity-building</term>
<termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig></langSet>
<langSet xml:lang="zh-CN"><ntig><termGrp><term>能力建设</term></termGrp></ntig></langSet></termEntry>
</body></text></martif>""", encoding="utf-8")
    [concept] = get_format("tbx").read(path, ImportOptions(status="admitted"))
    assert {(t.lang, t.text, t.status) for t in concept.terms} == {
        ("en", "capacity-building", "preferred"), ("zh", "能力建设", "admitted")}


@pytest.mark.parametrize("content, message", [
    ("<tbx><text><body><conceptEntry", "not well-formed XML"),
    ("<glossary/>", "not <tbx>"),
    ("""<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c7"><langSec xml:lang="en">
        <termSec><term>e-government</term><termNote type="administrativeStatus">approved</termNote></termSec>
        </langSec></conceptEntry></body></text></tbx>""", "entry 'c7': administrativeStatus 'approved'"),
    ("""<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c8"><langSec xml:lang="zh">
        <termSec><term>电子政务</term><termNote type="termType">longForm</termNote></termSec>
        </langSec></conceptEntry></body></text></tbx>""", "termType 'longForm'"),
    ("""<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c9"><langSec xml:lang="zh">
        <termSec><term> </term></termSec></langSec></conceptEntry></body></text></tbx>""", "without a term"),
])
def test_malformed_tbx_is_refused_naming_the_entry(tmp_path, content, message):
    path = tmp_path / "bad.tbx"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        get_format("tbx").read(path, ImportOptions())


def test_tbx_export_refuses_a_status_outside_the_picklist(tmp_path):
    concept = Concept(id="C000009", terms=[Term("en", "e-waste", "preferred", term_type="slang")])
    path = tmp_path / "x.tbx"
    with pytest.raises(UserError, match="termType 'slang'"):
        get_format("tbx").write([concept], path, ExportOptions())
    assert not path.exists()


# --- TSV (OmegaT) --------------------------------------------------------------------------------

def test_omegat_tsv_never_offers_a_term_to_avoid(tmp_path):
    import pandas as pd

    path = tmp_path / "glossary.txt"
    count = get_format("tsv").write(human_only(sample_concepts()), path, OPTIONS)
    table = pd.read_csv(path, sep="\t", header=None, names=["source", "target", "comment"], dtype=str)
    assert len(table) == count
    igf = table[table.source == "Internet Governance Forum"]
    assert list(igf.target) == ["因特网治理论坛"]
    assert "avoid: 互联网治理论坛" in igf.comment.iloc[0] and "C000001" in igf.comment.iloc[0]
    assert "互联网治理论坛" not in set(table.target)
    assert set(table[table.source == "ICT"].target) == {"信息和通信技术", "信通技术"}


def test_omegat_tsv_round_trip_keeps_the_term_pairs(tmp_path):
    concepts = [c for c in human_only(sample_concepts()) if c.id in ("C000002", "C000003")]
    path = tmp_path / "glossary.txt"
    tsv = get_format("tsv")
    tsv.write(concepts, path, OPTIONS)
    back = tsv.read(path, ImportOptions(status="preferred"))
    pairs = {(t.lang, t.text) for c in back for t in c.terms}
    assert pairs == {(t.lang, t.text) for c in concepts for t in c.terms}
    # the comment gives each target its status and its concept; sources get the status asked for
    assert {(t.text, t.status) for c in back for t in c.terms_in("zh")} == {
        (t.text, t.status) for c in concepts for t in c.terms_in("zh")}
    assert all(t.status == "preferred" for c in back for t in c.terms_in("en"))
    assert sorted(c.id for c in back) == ["C000002", "C000003"]


def test_malformed_tsv_is_refused_with_its_line(tmp_path):
    path = tmp_path / "glossary.txt"
    path.write_text("digital divide\t数字鸿沟\n\nsmall island developing States 小岛屿发展中国家\n", encoding="utf-8")
    with pytest.raises(UserError, match="line 3: expected source<TAB>target"):
        get_format("tsv").read(path, ImportOptions())


def test_tsv_import_reads_gb18030_and_utf16(tmp_path):
    for encoding in ("gb18030", "utf-16"):
        path = tmp_path / f"{encoding}.txt"
        path.write_text("e-waste\t电子废物\tWEEE\n", encoding=encoding)
        [concept] = get_format("tsv").read(path, ImportOptions())
        assert {t.text for t in concept.terms} == {"e-waste", "电子废物"}


# --- CSV and XLSX --------------------------------------------------------------------------------

@pytest.mark.parametrize("bom", [False, True])
def test_csv_export_reads_back_with_pandas(tmp_path, bom):
    import pandas as pd

    path = tmp_path / "ict.csv"
    count = get_format("csv").write(human_only(sample_concepts()), path,
                                    dataclasses.replace(OPTIONS, bom=bom))
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") == bom
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert len(table) == count
    assert list(table.columns[:4]) == ["en", "zh", "en_status", "zh_status"]
    row = table[(table.en == "Internet Governance Forum") & (table.zh == "因特网治理论坛")].iloc[0]
    assert (row.en_status, row.zh_status, row.concept_id, row.frequency) == ("preferred", "preferred",
                                                                             "C000001", "14")
    assert "积极参加" in row.example_zh and row.example_doc == "A/RES/80/17"
    # every term of every concept is on at least one row
    assert set(table.en) | set(table.zh) >= {t.text for c in human_only(sample_concepts()) for t in c.terms}


def test_xlsx_export_reads_back_with_pandas(tmp_path):
    import pandas as pd

    path = tmp_path / "ict.xlsx"
    count = get_format("xlsx").write(human_only(sample_concepts()), path,
                                     dataclasses.replace(OPTIONS, src_lang="zh"))
    table = pd.read_excel(path, sheet_name="Glossary", dtype=str, keep_default_na=False)
    assert len(table) == count
    assert list(table.columns[:2]) == ["zh", "en"]
    row = table[table.zh == "数字鸿沟"].iloc[0]
    assert (row.en, row.concept_id, row.frequency, row.documents) == ("digital divide", "C000002", "9", "4")
    assert "数字鸿沟依然存在" in row.example_zh
    assert table[table.zh == "信通技术"].en.tolist() == ["ICT"]


@pytest.mark.parametrize("name", ["csv", "xlsx"])
def test_table_round_trip_gives_back_the_same_concepts(tmp_path, name):
    concepts = sample_concepts()
    path = tmp_path / f"ict.{name}"
    fmt = get_format(name)
    fmt.write(concepts, path, OPTIONS)
    back = fmt.read(path, ImportOptions(status="admitted"))
    assert term_set(back) == term_set(concepts)
    assert next(c for c in back if len(c.terms) == 4 and c.note).note.startswith("multi-stakeholder")


def test_csv_import_of_a_foreign_list_groups_rows_by_source_term(tmp_path):
    path = tmp_path / "vendor.csv"
    path.write_text("en,zh_CN,pos,description\n"
                    "sustainable development,可持续发展,,\n"
                    "Sustainable Development,可持续的发展,,\n"
                    "\"least developed countries\",最不发达国家,noun,LDCs\n", encoding="utf-8-sig")
    concepts = get_format("csv").read(path, ImportOptions(status="admitted"))
    assert len(concepts) == 2
    first = concepts[0]
    assert {t.text for t in first.terms} == {"sustainable development", "可持续发展", "可持续的发展"}
    assert concepts[1].note == "LDCs"
    assert all(t.status == "admitted" for c in concepts for t in c.terms)


@pytest.mark.parametrize("content, message", [
    ("", "empty"),
    ("term,translation\ne-waste,电子废物\n", "names no English and Chinese term columns"),
    ("en,zh,en_status\ne-waste,电子废物,preferred\ne-government,电子政务,approved\n",
     r"line 3, en_status: unknown status 'approved'"),
    ("en,zh\ne-waste,电子废物\n\"open data,开放数据\n", "line 3: .*quotes"),
    ("en,zh\ne-waste,电子废物,WEEE,extra\n", "line 2: 4 fields"),
    ("en,zh,concept_id,zh_status\ne-waste,电子废物,C1,preferred\ne-waste,电子废物,C1,deprecated\n",
     "line 3: '电子废物' is deprecated here but preferred at .*line 2"),
])
def test_malformed_csv_is_refused_with_its_line(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        get_format("csv").read(path, ImportOptions())


def test_malformed_xlsx_is_refused(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(UserError, match="not an XLSX workbook"):
        get_format("xlsx").read(path, ImportOptions())
    book = Workbook()
    book.active.append(["en", "zh", "zh_type"])
    book.active.append(["open data", "开放数据", "fullForm"])
    book.active.append(["OD", "开放数据", "acronymm"])
    book.save(path)
    with pytest.raises(UserError, match="row 3, zh_type: unknown term type 'acronymm'"):
        get_format("xlsx").read(path, ImportOptions())


def test_pairs_cover_every_term_once_with_evidence_first():
    igf = sample_concepts()[0]
    rows = [(en.text if en else None, zh.text if zh else None, bool(pair)) for en, zh, pair in term_pairs(igf)]
    assert rows == [("Internet Governance Forum", "因特网治理论坛", True),
                    ("Internet Governance Forum", "互联网治理论坛", True),
                    ("IGF", "因特网治理论坛", False)]


def test_every_registered_format_writes_and_reads(tmp_path):
    for name in FORMATS:
        fmt = get_format(name)
        path = tmp_path / f"g.{name}"
        fmt.write(human_only(sample_concepts()), path, OPTIONS)
        assert fmt.read(path, ImportOptions())
    with pytest.raises(UserError, match="unknown glossary format 'sdltb'"):
        get_format("sdltb")


@pytest.mark.slow
def test_import_of_the_microsoft_terminology_list(shared_dir):
    path = shared_dir / "data" / "terms-microsoft-en-zhcn" / "Termbase.csv"
    if not path.exists():
        pytest.skip("Microsoft terminology list absent")
    concepts = get_format("csv").read(path, ImportOptions(status="admitted"))
    # 28,620 rows; rows whose English terms have the same term_key (case, hyphens) are one concept
    assert len(concepts) == 25412
    terms = {(t.lang, t.text) for c in concepts for t in c.terms}
    assert ("en", "cloud computing") in terms and ("zh", "云计算") in terms
    cloud = next(c for c in concepts if any(t.text == "cloud computing" for t in c.terms))
    assert {t.text for t in cloud.terms_in("zh")} == {"云计算"}


# --- the command line: termbase export / import --------------------------------------------------

@pytest.fixture
def reviewed_termbase(tmp_path):
    """A termbase holding the sample concepts with their statuses (one import version)."""
    from termalign.glossary.termbase import Termbase

    path = tmp_path / "ict.db"
    with Termbase.open(path, create=True) as base:
        base.commit_import(sample_concepts(), note="reviewed ICT glossary")
    return path


@pytest.mark.parametrize("name", ["tbx", "csv", "xlsx"])
def test_cli_export_then_import_gives_back_the_same_concepts(run_cli, tmp_path, reviewed_termbase, name):
    from termalign.glossary.termbase import Termbase

    exported = tmp_path / f"ict.{name}"
    result = run_cli("termbase", "export", reviewed_termbase, "-o", exported, "--include-candidates")
    assert result.exit_code == 0, result.stderr
    copy = tmp_path / "copy.db"
    result = run_cli("termbase", "import", copy, exported, "--status", "candidate")
    assert result.exit_code == 0, result.stderr
    assert "as version 1" in result.stderr
    with Termbase.open(reviewed_termbase) as base:
        original = base.concepts()
    with Termbase.open(copy) as base:
        back = base.concepts()
        assert base.versions()[0].kind == "import"
    assert term_set(back) == term_set(original)
    # our concept ids travel with the file
    assert {c.id for c in back} == {c.id for c in original}


def test_cli_export_leaves_candidates_out_unless_asked(run_cli, tmp_path, reviewed_termbase):
    result = run_cli("termbase", "export", reviewed_termbase, "--format", "tsv", "--src-lang", "en")
    assert result.exit_code == 0
    assert "cybersecurity" not in result.stdout and "digital divide\t数字鸿沟" in result.stdout
    result = run_cli("termbase", "export", reviewed_termbase, "--format", "csv", "--status", "preferred")
    assert "IGF" not in result.stdout and "Internet Governance Forum" in result.stdout


def test_cli_export_of_an_earlier_version(run_cli, tmp_path, reviewed_termbase):
    import pandas as pd

    from termalign.glossary.termbase import Termbase

    with Termbase.open(reviewed_termbase) as base:
        base.set_status("IGF", "deprecated", note="spell it out")
    old, new = tmp_path / "v1.xlsx", tmp_path / "v2.xlsx"
    assert run_cli("termbase", "export", reviewed_termbase, "--version", "1", "-o", old).exit_code == 0
    assert run_cli("termbase", "export", reviewed_termbase, "-o", new).exit_code == 0
    status = {path: pd.read_excel(path, dtype=str).set_index("en").en_status.to_dict() for path in (old, new)}
    assert (status[old]["IGF"], status[new]["IGF"]) == ("admitted", "deprecated")


def test_cli_import_merges_duplicates_into_existing_concepts(run_cli, tmp_path, reviewed_termbase):
    from termalign.glossary.termbase import Termbase

    glossary = tmp_path / "omegat.txt"
    glossary.write_text("digital divide\t数字鸿沟\n"
                        "digital divide\t数码鸿沟\tHong Kong usage\n"
                        "small island developing States\t小岛屿发展中国家\n", encoding="utf-8")
    result = run_cli("termbase", "import", reviewed_termbase, glossary, "--status", "candidate",
                     "--note", "team glossary")
    assert result.exit_code == 0, result.stderr
    with Termbase.open(reviewed_termbase) as base:
        assert base.versions()[-1].note == "team glossary"
        divide = base.concept("C000002")
        # the new variant joins the concept; a candidate import leaves decided statuses alone
        assert {(t.text, t.status) for t in divide.terms_in("zh")} == {("数字鸿沟", "preferred"),
                                                                       ("数码鸿沟", "candidate")}
        [sids] = base.find("小岛屿发展中国家", "zh")
        assert sids.concept_id not in {c.id for c in sample_concepts()}


def test_cli_malformed_import_changes_nothing(run_cli, tmp_path, reviewed_termbase):
    from termalign.glossary.termbase import Termbase

    bad = tmp_path / "bad.csv"
    bad.write_text("en,zh\nopen data,开放数据\ne-waste,电子废物,extra\n", encoding="utf-8")
    result = run_cli("termbase", "import", reviewed_termbase, bad)
    assert result.exit_code == 2
    assert "line 3" in result.stderr
    with Termbase.open(reviewed_termbase) as base:
        assert base.latest_version() == 1 and not base.find("open data", "en")


@pytest.mark.parametrize("args, message", [
    (["export", "{tb}", "-o", "{tmp}/x.pdf"], "cannot tell the format"),
    (["export", "{tb}", "--format", "tbx", "--status", "candidate,approved"], "unknown status 'approved'"),
    (["export", "{tb}", "--format", "tbx", "--version", "7"], "version 7 does not exist"),
    (["export", "{tmp}/none.db", "--format", "tbx"], "not found"),
])
def test_cli_bad_export_arguments_exit_2(run_cli, tmp_path, reviewed_termbase, args, message):
    result = run_cli("termbase", *[a.format(tb=reviewed_termbase, tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.slow
def test_cli_import_of_the_microsoft_list_then_lookup(run_cli, shared_dir, tmp_path, monkeypatch):
    path = shared_dir / "data" / "terms-microsoft-en-zhcn" / "Termbase.csv"
    if not path.exists():
        pytest.skip("Microsoft terminology list absent")
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))   # lookup's index cache
    target = tmp_path / "microsoft.db"
    result = run_cli("termbase", "import", target, path, "--status", "admitted")
    assert result.exit_code == 0, result.stderr
    result = run_cli("lookup", "Cloud Computing", "-t", target, "--format", "json")
    hit = json.loads(result.stdout)["hits"][0]
    assert hit["match"] == "exact"
    assert "云计算" in [t["text"] for t in hit["concept"]["terms"]]


def test_binary_and_empty_files_are_refused(run_cli, tmp_path):
    picture = tmp_path / "logo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    with pytest.raises(UserError, match="binary file"):
        get_format("csv").read(picture, ImportOptions())
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    result = run_cli("termbase", "import", tmp_path / "new.db", empty)
    assert result.exit_code == 2 and "no English or Chinese terms" in result.stderr
    assert not (tmp_path / "new.db").exists()
