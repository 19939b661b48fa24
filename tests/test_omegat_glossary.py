"""OmegaT 3.6 (console mode) reads our glossaries and finds their terms, zh→en and en→zh (issue 15).

The project gets the same termbase three ways — TBX v2 (`--format tbx`), OmegaT
TSV and CSV for OmegaT (`--for omegat`) — exported in the project's direction.
tests/omegat_glossary.groovy runs inside OmegaT after the project loads and
reports what each file gave and the glossary hits of each segment, found by
OmegaT's own matcher (the one behind its Glossary pane).

Skipped only when `omegat` is not on PATH (Debian/Ubuntu: apt-get install omegat).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from omegat_harness import build_project, omegat_command, run_omegat

pytestmark = [pytest.mark.omegat, pytest.mark.slow,
              pytest.mark.skipif(omegat_command() is None,
                                 reason="OmegaT is not installed (apt-get install omegat)")]

EXAMPLES = Path(__file__).resolve().parents[1] / "termalign" / "examples"
SCRIPT = Path(__file__).resolve().parent / "omegat_glossary.groovy"
TERMS = "因特网治理论坛\tInternet Governance Forum\n互联网治理论坛\tInternet Governance Forum\n" \
        "最不发达国家\tleast developed countries\n会员国\tMember States\n数字鸿沟\tdigital divide\n" \
        "可持续发展目标\tSustainable Development Goals\n"
# Terms of the bundled resolution that each direction's glossary must show (source → target).
EXPECTED = {"zh": {("会员国", "Member States"), ("最不发达国家", "least developed countries")},
            "en": {("Member States", "会员国"), ("least developed countries", "最不发达国家"),
                   ("digital divide", "数字鸿沟")}}


def report(project: Path) -> list[list[str]]:
    return [line.split("\t") for line in (project / "glossary-report.txt").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("src", ["zh", "en"])
def test_omegat_reads_our_glossaries_and_shows_their_terms(tmp_path, run_cli, src):
    tb, listing = tmp_path / "un.db", tmp_path / "un-terms.txt"
    listing.write_text(TERMS, encoding="utf-8")
    assert run_cli("termbase", "import", tb, listing, "--src-lang", "zh").exit_code == 0
    files = {"un-terms.tbx": [], "un-terms.utf8": ["--format", "tsv"], "un-terms.csv": ["--for", "omegat"]}
    for name, extra in files.items():
        result = run_cli("termbase", "export", tb, "--src-lang", src, *extra, "-o", tmp_path / name)
        assert result.exit_code == 0, result.output
    tgt = "en" if src == "zh" else "zh-CN"
    project = build_project(tmp_path / "project", [EXAMPLES / f"resolution.{src}.txt"],
                            "zh-CN" if src == "zh" else "en", tgt,
                            glossaries=[tmp_path / name for name in files])
    log = run_omegat(project, "console-translate", f"--script={SCRIPT}")

    rows = report(project)
    assert not [r for r in rows if r[0] == "ERROR"], rows
    assert "unexpected element" not in log and "TBX" not in "".join(
        line for line in log.splitlines() if "SEVERE" in line or "WARNING" in line)
    loaded = {r[1]: int(r[2]) for r in rows if r[0] == "FILE"}
    assert loaded == {"un-terms.csv": 6, "un-terms.tbx": 6, "un-terms.utf8": 6}
    for name in files:
        entries = {(r[2], r[3]) for r in rows if r[0] == "ENTRY" and r[1] == name}
        pair = ("会员国", "Member States") if src == "zh" else ("Member States", "会员国")
        assert pair in entries, (name, entries)
    hits = {(r[2], r[3]) for r in rows if r[0] == "HIT"}
    # OmegaT merges the entries the three files share; each expected term is a hit, with its target.
    assert all(any(h[0] == s and t in h[1] for h in hits) for s, t in EXPECTED[src]), hits
    # and only terms the document holds: the zh resolution says 互联网治理论坛, never 因特网治理论坛.
    if src == "zh":
        assert "因特网治理论坛" not in {h[0] for h in hits} and "互联网治理论坛" in {h[0] for h in hits}


def test_omegat_refuses_tbx_v3_which_is_why_plain_tbx_is_v2(tmp_path, run_cli):
    tb, listing = tmp_path / "un.db", tmp_path / "un-terms.txt"
    listing.write_text(TERMS, encoding="utf-8")
    assert run_cli("termbase", "import", tb, listing).exit_code == 0
    assert run_cli("termbase", "export", tb, "--format", "tbx3", "-o", tmp_path / "un-terms.tbx").exit_code == 0
    project = build_project(tmp_path / "project", [EXAMPLES / "resolution.zh.txt"], "zh-CN", "en",
                            glossaries=[tmp_path / "un-terms.tbx"])
    run_omegat(project, "console-translate", f"--script={SCRIPT}")
    [error] = [r for r in report(project) if r[0] == "ERROR"]
    assert error[1] == "un-terms.tbx" and "unexpected element" in error[2] and "30042:ed-2" in error[2]
