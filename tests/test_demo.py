"""`termalign demo` end to end: every step runs and writes what the README says it writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


@pytest.mark.slow
def test_demo_runs_every_step_and_writes_its_outputs(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "demo-out"
    result = run_cli("demo", "-o", out)
    assert result.exit_code == 0, result.output
    steps = re.findall(r"^\[(\d+)/(\d+)\]", result.output, re.M)
    assert steps and [int(n) for n, _ in steps] == list(range(1, int(steps[0][1]) + 1))
    for name in ("aligned.jsonl", "aligned.tmx", "A_RES_81_240.tmx", "termbase.sqlite", "termbase.tbx",
                 "termbase.xlsx", "qa-report.html", "qa-report.json", "drift-report.html", "drift-report.json", "batch/combined.tmx", "batch/index.html"):
        assert (out / name).stat().st_size > 0, name
    pdf_tmx = (out / "A_RES_81_240.tmx").read_text(encoding="utf-8")
    assert "Please recycle" not in pdf_tmx and "A/RES/81/240" in pdf_tmx
    assert "Welcomes the report of the Secretary-General on digital public infrastructure;" in pdf_tmx
    summary = (out / "batch" / "summary.csv").read_text(encoding="utf-8")
    assert summary.count(",aligned,") == 2 and "A/RES/81/240" in summary
    assert "数字鸿沟  [exact · zh · preferred" in result.output
    assert re.search(r"^Internet Governance Forum  \[fuzzy \d+% · en · preferred", result.output, re.M)
    # through the workbench, as a translator of the team looks up: the approved concept, both languages
    through = re.search(r"^\$ termalign lookup 'early warning systems' --termbase (http://127\.0\.0\.1:\d+/)\n"
                        r"(.+?)\n\n", result.output, re.M | re.S)
    assert through and "早期预警系统" in through.group(2) and "preferred" in through.group(2)
