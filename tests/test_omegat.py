"""The real CAT tool: OmegaT 3.6 (console mode) fills a project from termalign's TMX.

Skipped only when `omegat` is not on PATH (Debian/Ubuntu: apt-get install omegat).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from omegat_harness import build_project, fill_rate, omegat_command

pytestmark = [pytest.mark.omegat, pytest.mark.slow,
              pytest.mark.skipif(omegat_command() is None,
                                 reason="OmegaT is not installed (apt-get install omegat)")]

EXAMPLES = Path(__file__).resolve().parents[1] / "termalign" / "examples"
# The one paragraph the page break cuts in two: OmegaT sees two segments, the
# alignment one unit, so neither half can be an exact match.
PAGE_CUT = {"zh": ("确认信息和通信技术", "数字服务方面仍然面临严重障碍"),
            "en": ("Recognizing that information and communications technologies", "digital services,")}


@pytest.fixture(scope="module")
def records():
    from termalign.align.pipeline import align_documents
    from termalign.align.reader import read_document
    from termalign.models import load_encoder

    return align_documents(read_document(EXAMPLES / "resolution.zh.txt", "zh"),
                           read_document(EXAMPLES / "resolution.en.txt", "en"), load_encoder("use-m3"))


@pytest.mark.parametrize("side", ["zh", "en"])
def test_our_tmx_fills_the_segments_omegat_cuts_from_the_same_document(tmp_path, records, side):
    from termalign.align.tmx import write_tmx

    tmx = tmp_path / "aligned.tmx"
    write_tmx(records, tmx, source=side)
    src, tgt = ("zh-CN", "en") if side == "zh" else ("en", "zh-CN")
    project = build_project(tmp_path / "project", [EXAMPLES / f"resolution.{side}.txt"], src, tgt, tmx=tmx)
    run = fill_rate(project, src, [getattr(r, side) for r in records if r.zh_ids and r.en_ids])

    assert len(run.covered) >= 35
    missed = [s for s in run.covered if s not in run.filled]
    # Every segment the alignment covers is filled by an exact match, except the two
    # halves of the paragraph a page break cut (94.6 % on this document, both directions).
    assert len(missed) == 2 and all(s.startswith(PAGE_CUT[side]) for s in missed), missed
    numbered = {"zh": "1. **促请**会员国将信息和通信技术纳入国家减少灾害风险战略，并为此调动一切可用的资源；",
                "en": "1. Urges Member States to integrate information and communications\n"}
    assert any(s.startswith(numbered[side]) and s in run.filled for s in run.segments)
    assert not run.warnings(), run.warnings()


def test_clean_unit_text_gives_few_exact_matches(tmp_path, records):
    """Why the source text is the default: the clean text fills about a fifth of the segments."""
    from termalign.align.tmx import write_tmx

    tmx = tmp_path / "clean.tmx"
    write_tmx(records, tmx, text="clean")
    project = build_project(tmp_path / "project", [EXAMPLES / "resolution.zh.txt"], "zh-CN", "en", tmx=tmx)
    run = fill_rate(project, "zh-CN", [r.zh for r in records if r.zh_ids and r.en_ids])
    assert len(run.covered) >= 35 and run.covered_filled < len(run.covered) / 2


DOCUMENTS = Path(__file__).resolve().parent / "fixtures" / "documents"


@pytest.fixture(scope="module")
def word_records():
    """The DPI resolution fixture, Chinese and English Word files, aligned as `termalign align` does
    (the pipeline gives a Word side's units its inline codes)."""
    from termalign.align.pipeline import align_documents
    from termalign.align.reader import read_document
    from termalign.models import load_encoder

    zh, en = DOCUMENTS / "dpi_C.docx", DOCUMENTS / "dpi_E.docx"
    return align_documents(read_document(zh, "zh"), read_document(en, "en"), load_encoder("use-m3"))


def _word_run(tmp_path, records, side: str, level2: bool = True):
    from termalign.align.tmx import write_tmx

    tmx = tmp_path / "aligned.tmx"
    write_tmx(records, tmx, source=side)
    src, tgt = ("zh-CN", "en") if side == "zh" else ("en", "zh-CN")
    project = build_project(tmp_path / "project", [DOCUMENTS / f"dpi_{'C' if side == 'zh' else 'E'}.docx"],
                            src, tgt, tmx=tmx, level2=level2)
    return fill_rate(project, src, [getattr(r, side) for r in records if r.zh_ids and r.en_ids])


@pytest.mark.parametrize("side", ["zh", "en"])
def test_word_document_is_filled_by_exact_matches_through_its_tags(tmp_path, word_records, side):
    """OmegaT shows Word's run boundaries and footnote references as tags; our units carry them as <ph>."""
    run = _word_run(tmp_path, word_records, side)
    assert len(run.covered) >= 25
    tagged = [s for s in run.covered if "<t0/>" in s]
    assert len(tagged) >= 5                               # the test is about tagged segments
    assert run.rate >= 0.95, [s for s in run.covered if s not in run.filled]
    assert all(s in run.filled for s in tagged)
    example = {"zh": "回顾其<t0/>2015<t1/>年<t2/>9<t3/>月<t4/>25<t5/>日题为",
               "en": "Recalling<t0/> its resolution 70/1 of 25 September 2015"}[side]
    assert any(s.startswith(example) for s in run.filled)
    assert not run.warnings(), run.warnings()


def test_without_level2_tags_omegat_drops_the_placeholders_and_tagged_segments_miss(tmp_path, word_records):
    """Why docs/tmx.md says to turn on OmegaT's level-2 tags: with its defaults, no tagged segment is filled."""
    run = _word_run(tmp_path, word_records, "zh", level2=False)
    tagged = [s for s in run.covered if "<t0/>" in s]
    assert len(tagged) >= 5 and not any(s in run.filled for s in tagged)
