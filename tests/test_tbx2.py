"""TBX v2 (martif, ISO 30042:2008) for CAT tools, and the choice between v2 and v3 (issue 15).

The v2 export is checked against the TBX-Basic v2 structure (tests/fixtures/tbx/
tbx-basic-v2.dtd) and the TBX-Basic picklists, and read with translate-toolkit's
TBX reader, which must find every term with its status. OmegaT's own reading is
in test_omegat_glossary.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from termalign.glossary.concepts import Concept, Example, PairEvidence, Term
from termalign.glossary.formats.base import ExportOptions, ImportOptions, get_format
from termalign.glossary.formats.tbx import PICKLISTS, check_picklists

DTD = Path(__file__).parent / "fixtures" / "tbx" / "tbx-basic-v2.dtd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS_VALUES = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
                 "deprecated": "deprecatedTerm-admn-sts", "superseded": "supersededTerm-admn-sts"}


def un_concepts() -> list[Concept]:
    """UN terms as a reviewed termbase holds them: preferred, admitted and deprecated forms."""
    sdg = Example(doc="A/RES/70/1", bead="A/RES/70/1#zh-s12", zh_paragraph="12", en_paragraph="12",
                  zh="我们决心在2030年前实现可持续发展目标。",
                  en="We are resolved to achieve the Sustainable Development Goals by 2030.")
    return [
        Concept(id="C000011", terms=[
            Term("zh", "因特网治理论坛", "preferred", valid_from=1),
            Term("zh", "互联网治理论坛", "deprecated", valid_from=1, note="early drafts only"),
            Term("en", "Internet Governance Forum", "preferred", valid_from=1),
            Term("en", "IGF", "admitted", term_type="acronym", valid_from=2),
        ], note="convened by the Secretary-General"),
        Concept(id="C000012", terms=[
            Term("zh", "可持续发展目标", "preferred", valid_from=1),
            Term("en", "Sustainable Development Goals", "preferred", valid_from=1),
            Term("en", "SDGs", "admitted", term_type="acronym", valid_from=1),
        ], pairs=[PairEvidence("可持续发展目标", "Sustainable Development Goals", 21, 6, 140.2, 0.95, 0.8, [sdg])]),
        Concept(id="C000013", terms=[
            Term("zh", "最不发达国家", "preferred", valid_from=1),
            Term("en", "least developed countries", "preferred", valid_from=1),
            Term("en", "LDCs", "admitted", term_type="acronym", valid_from=1),
        ]),
        Concept(id="C000014", terms=[
            Term("zh", "信息社会世界首脑会议", "preferred", valid_from=1),
            Term("zh", "信息社会世界峰会", "superseded", valid_from=1),
            Term("en", "World Summit on the Information Society", "preferred", valid_from=1),
        ]),
        Concept(id="C000015", terms=[
            Term("zh", "会员国", "preferred", valid_from=1),
            Term("en", "Member States", "preferred", valid_from=1),
        ]),
    ]


OPTIONS = {lang: ExportOptions(src_lang=lang, source="un-terms.db", version=2,
                               version_created="2026-12-01T10:00:00Z",
                               version_dates={1: "2026-11-20T09:00:00Z", 2: "2026-12-01T10:00:00Z"})
           for lang in ("zh", "en")}


@pytest.fixture(scope="module")
def dtd():
    return etree.DTD(str(DTD))


@pytest.mark.parametrize("src", ["zh", "en"])
def test_v2_export_is_tbx_basic_martif_valid_against_the_v2_structure(tmp_path, dtd, src):
    path = tmp_path / "un.tbx"
    assert get_format("tbx2").write(un_concepts(), path, OPTIONS[src]) == 5
    tree = etree.parse(str(path))
    assert dtd.validate(tree), dtd.error_log
    root = tree.getroot()
    assert (root.tag, root.get("type"), root.get(XML_LANG)) == ("martif", "TBX-Basic", "zh-CN" if src == "zh" else "en")
    assert root.xpath("//*[namespace-uri() != '']") == []          # v2 has no namespace
    assert root.findtext("martifHeader/encodingDesc/p[@type='XCSURI']") == "TBXBasicXCSV02.xcs"
    check_picklists(root, str(path))
    entry = root.find("text/body/termEntry[@id='C000011']")
    # The project's source language comes first in each entry.
    assert [ls.get(XML_LANG) for ls in entry.findall("langSet")] == (["zh-CN", "en"] if src == "zh" else ["en", "zh-CN"])
    statuses = {tig.findtext("term"): tig.findtext("termNote[@type='administrativeStatus']")
                for tig in root.iter("tig")}
    assert statuses["因特网治理论坛"] == "preferredTerm-admn-sts"
    assert statuses["互联网治理论坛"] == "deprecatedTerm-admn-sts"
    assert statuses["IGF"] == "admittedTerm-admn-sts"
    assert statuses["信息社会世界峰会"] == "supersededTerm-admn-sts"
    assert set(statuses.values()) <= PICKLISTS["administrativeStatus"]
    context = root.find("text/body/termEntry[@id='C000012']/langSet/tig/descripGrp/descrip[@type='context']")
    assert context is not None and "2030" in context.text


def test_the_v2_structure_check_has_teeth(tmp_path, dtd):
    """A v3 file, or a v2 entry with its term notes after the context, is not valid v2."""
    v3 = tmp_path / "un3.tbx"
    get_format("tbx3").write(un_concepts(), v3, OPTIONS["zh"])
    assert not dtd.validate(etree.parse(str(v3)))
    v2 = tmp_path / "un2.tbx"
    get_format("tbx2").write(un_concepts(), v2, OPTIONS["zh"])
    tree = etree.parse(str(v2))
    tig = tree.find(".//termEntry[@id='C000012']/langSet/tig")
    tig.append(tig.find("termNote"))
    assert not dtd.validate(tree)


@pytest.mark.parametrize("src", ["zh", "en"])
def test_translate_toolkit_reads_every_term_of_a_v2_export(tmp_path, src):
    from translate.storage.tbx import tbxfile

    path = tmp_path / "un.tbx"
    get_format("tbx").write(un_concepts(), path, OPTIONS[src])
    tgt = "en" if src == "zh" else "zh-CN"
    store = tbxfile.parsefile(str(path))
    store.setsourcelanguage("zh-CN" if src == "zh" else "en")
    store.settargetlanguage(tgt)
    assert [unit.getid() for unit in store.units] == [c.id for c in un_concepts()]
    read = {}
    for unit in store.units:
        for term in unit.get_source_terms() + unit.get_target_terms(tgt):
            read[term.text] = term
    expected = {t.text: t for c in un_concepts() for t in c.terms}
    assert set(read) == set(expected)
    for text, term in expected.items():
        assert read[text].administrative_status == STATUS_VALUES[term.status], text
    assert read["互联网治理论坛"].deprecated and not read["因特网治理论坛"].deprecated
    igf = next(u for u in store.units if u.getid() == "C000011")
    source, target = ("因特网治理论坛", "Internet Governance Forum") if src == "zh" else \
        ("Internet Governance Forum", "因特网治理论坛")
    assert (igf.source, igf.target) == (source, target)


@pytest.mark.parametrize("name", ["tbx2", "tbx3"])
def test_each_dialect_imports_back_with_every_term_and_status(tmp_path, name):
    path = tmp_path / f"un.{name}.tbx"
    get_format(name).write(un_concepts(), path, OPTIONS["en"])
    # Either module reads either dialect: the root element says which it is.
    for reader in ("tbx", "tbx2", "tbx3"):
        back = get_format(reader).read(path, ImportOptions(status="candidate"))
        assert {c.id: {(t.lang, t.text, t.status, t.term_type) for t in c.terms} for c in back} == \
            {c.id: {(t.lang, t.text, t.status, t.term_type) for t in c.terms} for c in un_concepts()}


def test_cli_tbx_means_v2_and_tbx3_gives_v3(tmp_path, run_cli):
    tb = tmp_path / "un.db"
    source = tmp_path / "in.tbx"
    get_format("tbx3").write(un_concepts(), source, OPTIONS["zh"])
    assert run_cli("termbase", "import", tb, source).exit_code == 0
    plain, v2, v3 = tmp_path / "plain.tbx", tmp_path / "v2.tbx", tmp_path / "v3.tbx"
    assert run_cli("termbase", "export", tb, "-o", plain).exit_code == 0
    assert run_cli("termbase", "export", tb, "--format", "tbx2", "-o", v2).exit_code == 0
    result = run_cli("termbase", "export", tb, "--format", "tbx3", "-o", v3)
    assert result.exit_code == 0 and "as tbx3" in result.stderr
    assert etree.parse(str(plain)).getroot().tag == etree.parse(str(v2)).getroot().tag == "martif"
    assert etree.parse(str(v3)).getroot().tag == "{urn:iso:std:iso:30042:ed-2}tbx"
    # A v2 file imports into a new termbase with every term.
    copy = tmp_path / "copy.db"
    assert run_cli("termbase", "import", copy, plain).exit_code == 0
    shown = run_cli("lookup", "--termbase", copy, "互联网治理论坛")
    assert "Internet Governance Forum" in shown.stdout


def test_a_hostile_v2_file_is_refused_by_the_safe_reader(tmp_path):
    from termalign.errors import UserError

    path = tmp_path / "hostile.tbx"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE martif [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
                    '<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>x</p>'
                    '</sourceDesc></fileDesc></martifHeader><text><body><termEntry id="c1">'
                    '<langSet xml:lang="en"><tig><term>&xxe;</term></tig></langSet></termEntry></body></text></martif>\n',
                    encoding="utf-8")
    with pytest.raises(UserError, match="declares XML entities"):
        get_format("tbx2").read(path, ImportOptions())
