"""The findings as JSON, for other tools (schema in docs/qa.md), and back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime, timezone

from termalign.glossary.qa.base import SEVERITIES, Check, Finding
from termalign.glossary.qa.run import counts
from termalign import __version__
from termalign.errors import InputError

SCHEMA = "termalign-qa/1"


def report_dict(findings: list[Finding], checks: Iterable[Check], source_lang: str,
                inputs: dict[str, str]) -> dict:
    checks = list(checks)
    return {
        "schema": SCHEMA,
        "tool": f"termalign {__version__}",
        "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "source_lang": source_lang,
        "target_lang": "en" if source_lang == "zh" else "zh",
        "inputs": dict(inputs),
        "checks": [{"id": c.id, "group": c.group, "severity": c.severity, "title": c.title} for c in checks],
        "summary": {
            "findings": len(findings),
            "by_severity": {s: sum(f.severity == s for f in findings) for s in SEVERITIES},
            "by_check": counts(findings),
        },
        "findings": [f.to_dict() for f in findings],
    }


def write_json(findings: list[Finding], checks: Iterable[Check], source_lang: str, inputs: dict[str, str],
               handle) -> None:
    json.dump(report_dict(findings, checks, source_lang, inputs), handle, ensure_ascii=False, indent=1)
    handle.write("\n")


def read_json(path: str | os.PathLike) -> tuple[dict, list[Finding]]:
    """A report written by `write_json`: its header (everything but the findings) and the findings."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not JSON ({exc})") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(f"{path}: not a termalign QA report in JSON (schema {SCHEMA})")
    findings = [Finding.from_dict(f) for f in data.get("findings", [])]
    header = {k: v for k, v in data.items() if k != "findings"}
    return header, findings
