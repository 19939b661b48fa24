"""termalign's Python API: read → align → mine → termbase → lookup / QA in a few lines.

Everything a notebook or another program needs is re-exported here, and only
here (`__all__`); docs/api.md walks through it with an example the test suite
runs. The functions below are thin, typed front doors to the library
packages (`termalign.align`, `termalign.glossary`, `termalign.models`), with
the defaults the command line uses. Errors are the typed `termalign.errors`
kinds (all subclasses of `UserError`); progress is silent unless you install a
reporter (`with progress.reporting(progress.TerminalReporter()): …`).
"""

from __future__ import annotations

from collections.abc import Iterable

from termalign import progress
from termalign.align.alignment_files import read_bitext
from termalign.align.bitext import BeadRecord, write_jsonl
from termalign.align.document import Document, Paragraph
from termalign.align.pipeline import align_documents as _align_documents
from termalign.align.pipeline import unrelated as _unrelated
from termalign.align.reader import read_document
from termalign.align.tmx import write_tmx
from termalign.errors import (AlignmentError, BitextError, InputError, LanguageError, ModelError, OutputError,
                              SettingError, TermbaseError, UserError)
from termalign.glossary.concepts import Concept, Term
from termalign.glossary.lookup import Answer, Hit, Lookup
from termalign.glossary.mining import MiningOptions, MiningResult
from termalign.glossary.mining import TermMiner as _TermMiner
from termalign.glossary.qa.base import Finding
from termalign.glossary.qa.run import run_checks as _run_checks
from termalign.glossary.termbase import Termbase, Version
from termalign.models import load_encoder
from termalign.models.base import Encoder

__all__ = [
    # steps
    "read_document", "load_encoder", "align", "mine", "lookup", "check",
    # files
    "read_bitext", "write_jsonl", "write_tmx",
    # the data they pass along
    "Document", "Paragraph", "BeadRecord", "Encoder", "MiningOptions", "MiningResult", "Concept", "Term",
    "Termbase", "Version", "Lookup", "Answer", "Hit", "Finding",
    # errors and progress
    "UserError", "InputError", "LanguageError", "BitextError", "OutputError", "TermbaseError", "ModelError",
    "AlignmentError", "SettingError", "progress",
]


def align(zh: Document, en: Document, encoder: Encoder | None = None, *, level: str = "sentence",
          check_related: bool = True) -> list[BeadRecord]:
    """Align a Chinese and an English document: paragraphs, then sentences inside them.

    ENCODER defaults to the bundled multilingual encoder with the on-disk cache.
    With CHECK_RELATED, two texts that are not translations of each other raise
    AlignmentError instead of returning a meaningless alignment.
    """
    records = _align_documents(zh, en, encoder or load_encoder(), level)
    if check_related and records and _unrelated(records):
        raise AlignmentError(f"{zh.source or 'the Chinese text'} and {en.source or 'the English text'} do not "
                             "look like translations of each other")
    return records


def mine(alignments: Iterable[Iterable[BeadRecord]], *, accepted_zh: Iterable[str] = (),
         options: MiningOptions | None = None) -> MiningResult:
    """Mine the term pairs translated consistently across ALIGNMENTS (one iterable of records per document).

    ACCEPTED_ZH: Chinese terms already accepted in the termbase, kept whole by
    the Chinese word splitter (`Termbase.accepted_terms("zh")`). Commit the result
    with `Termbase.commit_mining(result.concepts)`.
    """
    miner = _TermMiner(accepted_zh, options)
    for records in alignments:
        miner.add(records)
    if not miner.units:
        raise InputError("no aligned units to mine: give alignments with text on both sides")
    return miner.mine()


def lookup(termbase: Termbase, query: str, *, lang: str = "auto", fuzzy: bool = False,
           version: int | None = None, limit: int = 10) -> Answer:
    """Look QUERY up in TERMBASE (exact, then substring, then fuzzy), as it stood at VERSION (default: now)."""
    return Lookup(termbase, version, limit=limit).search(query, lang, fuzzy)


def check(records: list[BeadRecord], termbase: Termbase | None = None, *, checks: list[str] | None = None,
          source_lang: str = "zh") -> list[Finding]:
    """Translator QA findings for aligned RECORDS; terminology checks need TERMBASE."""
    return _run_checks(records, termbase, checks, source_lang)
