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
