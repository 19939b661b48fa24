"""Run the real OmegaT (3.6, console mode) on termalign's outputs and count what it did.

`build_project` lays out an OmegaT project: omegat.project with the two
languages, the project's segmentation (termalign.srx, written as the
omegat/segmentation.conf that OmegaT 3.6 reads), the document in source/, our
TMX in tm/auto/ (exact matches from there are filled in when the project
loads) and our glossary in glossary/. `fill_rate` runs OmegaT twice — once to
list the source segments (console-createpseudotranslatetmx), once to translate
(console-translate, which writes the project's translations to
PROJECT-omegat.tmx) — and counts the segments that were filled, out of those
the alignment covers. OmegaT's log (stderr and logs/) is kept for warning checks.

Used by tests/test_omegat.py and scripts/bench_omegat.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

SRX = Path(__file__).resolve().parents[1] / "align" / "termalign.srx"
_SRX_NS = "{http://www.lisa.org/srx20}"
# OmegaT's language codes are upper case; its Chinese tokenizer is the Lucene smart one.
_TOKENIZERS = {"zh": "org.omegat.tokenizer.LuceneSmartChineseTokenizer",
               "en": "org.omegat.tokenizer.LuceneEnglishTokenizer"}


def omegat_command() -> str | None:
    return shutil.which("omegat")


@dataclass
class OmegatRun:
    """What OmegaT did with a project."""

    segments: list[str]                 # unique source segments, as OmegaT cut them
    filled: set[str]                    # source segments with a translation after loading tm/auto
    covered: list[str] = field(default_factory=list)   # segments whose text the alignment holds
    log: str = ""                       # stderr and the log files of both runs

    @property
    def covered_filled(self) -> int:
        return sum(s in self.filled for s in self.covered)

    @property
    def rate(self) -> float:
        return self.covered_filled / len(self.covered) if self.covered else 0.0

    def warnings(self) -> list[str]:
        """Log lines that are warnings or errors (TMX reader, glossary loader, filters)."""
        return [line for line in self.log.splitlines()
                if re.search(r"WARNING|SEVERE|Error|Exception|unexpected element", line)]


def segmentation_conf(srx: Path = SRX) -> str:
    """SRX 2.0 rules as OmegaT 3.6's project segmentation file (java.beans.XMLEncoder form).

    OmegaT 3.6 imports no SRX from a project folder; it reads
    omegat/segmentation.conf, a serialised org.omegat.core.segmentation.SRX.
    """
    root = etree.parse(str(srx)).getroot()
    rules_by_name = {lr.get("languagerulename"): lr for lr in root.iter(f"{_SRX_NS}languagerule")}
    maps = []
    for lm in root.iter(f"{_SRX_NS}languagemap"):
        name = lm.get("languagerulename")
        rules = []
        for rule in rules_by_name[name].iter(f"{_SRX_NS}rule"):
            before = rule.findtext(f"{_SRX_NS}beforebreak") or ""
            after = rule.findtext(f"{_SRX_NS}afterbreak") or ""
            rules.append(
                '<void method="add"><object class="org.omegat.core.segmentation.Rule">'
                f'<void property="afterbreak"><string>{escape(after)}</string></void>'
                f'<void property="beforebreak"><string>{escape(before)}</string></void>'
                f'<void property="breakRule"><boolean>{str(rule.get("break", "yes") == "yes").lower()}</boolean></void>'
                '</object></void>')
        maps.append(
            '<void method="add"><object class="org.omegat.core.segmentation.MapRule">'
            f'<void property="language"><string>{escape(name)}</string></void>'
            f'<void property="pattern"><string>{escape(lm.get("languagepattern"))}</string></void>'
            f'<void property="rules"><object class="java.util.ArrayList">{"".join(rules)}</object></void>'
            '</object></void>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<java version="1.8" class="java.beans.XMLDecoder">'
            '<object class="org.omegat.core.segmentation.SRX">'
            f'<void property="mappingRules"><object class="java.util.ArrayList">{"".join(maps)}</object></void>'
            '<void property="segmentSubflows"><boolean>true</boolean></void>'
            '<void property="version"><string>0.2.2</string></void>'
            '</object></java>\n')


def build_project(folder: Path, documents: list[Path], src_lang: str, tgt_lang: str, *,
                  tmx: Path | None = None, glossaries: list[Path] = (), srx: Path | None = SRX,
                  level2: bool = True) -> Path:
    """An OmegaT project in FOLDER translating DOCUMENTS from SRC_LANG to TGT_LANG.

    LEVEL2 turns on OmegaT's two preferences for TMX inline elements (3.6: Options → External
    TMXs… → "Display tags", "Use XML for standalone tags"): a unit's <ph> then reads as
    the tag OmegaT shows in a Word document's segment (`<t0/>`); off (OmegaT's default), the
    placeholders are dropped and such a unit gives a fuzzy match only.
    """
    if level2:
        config = folder / ".omegat-config"
        config.mkdir(parents=True, exist_ok=True)
        (config / "omegat.prefs").write_text(
            '<?xml version="1.0" encoding="UTF-8" ?>\n<omegat>\n  <preference version="1.0">\n'
            "    <ext_tmx_show_level2>true</ext_tmx_show_level2>\n"
            "    <ext_tmx_use_slash>true</ext_tmx_use_slash>\n"
            "  </preference>\n</omegat>\n", encoding="utf-8")
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    for doc in documents:
        shutil.copy(doc, folder / "source" / doc.name)
    if tmx is not None:
        shutil.copy(tmx, folder / "tm" / "auto" / tmx.name)
    for glossary in glossaries:
        shutil.copy(glossary, folder / "glossary" / glossary.name)
    if srx is not None:
        (folder / "omegat" / "segmentation.conf").write_text(segmentation_conf(srx), encoding="utf-8")
    base = {lang: lang.split("-")[0].lower() for lang in (src_lang, tgt_lang)}
    (folder / "omegat.project").write_text(f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{escape(src_lang)}</source_lang>
    <target_lang>{escape(tgt_lang)}</target_lang>
    <source_tok>{_TOKENIZERS[base[src_lang]]}</source_tok>
    <target_tok>{_TOKENIZERS[base[tgt_lang]]}</target_tok>
    <sentence_seg>true</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
""", encoding="utf-8")
    return folder


def run_omegat(project: Path, mode: str, *extra: str, timeout: float = 300) -> str:
    """Run OmegaT headless on PROJECT; its stderr and log files, as text.

    The configuration lives inside the project folder (and HOME points there), so
    nothing is read from or written to the user's own OmegaT settings.
    """
    config = project / ".omegat-config"
    config.mkdir(exist_ok=True)
    env = {**os.environ, "HOME": str(config), "JAVA_TOOL_OPTIONS": "-Djava.awt.headless=true"}
    done = subprocess.run([omegat_command() or "omegat", str(project), f"--mode={mode}",
                           f"--config-dir={config}", "--disable-project-locking", "--no-team", "--quiet",
                           *extra], capture_output=True, text=True, env=env, timeout=timeout)
    logs = "".join(p.read_text(errors="replace") for p in sorted((config / "logs").glob("*.log*")))
    if done.returncode != 0:
        raise RuntimeError(f"omegat --mode={mode} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stderr + logs


def _tmx_sources(path: Path, src_lang: str) -> list[str]:
    """The source-language text of each unit of a TMX file OmegaT wrote (tags as OmegaT keeps them)."""
    wanted = src_lang.split("-")[0].lower()
    texts = []
    for tu in etree.parse(str(path)).getroot().iter("tu"):
        for tuv in tu.iter("tuv"):
            lang = tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang") or ""
            if lang.split("-")[0].lower() == wanted:
                seg = tuv.find("seg")
                texts.append("".join(seg.itertext()) if seg is not None else "")
                break
    return texts


# What a CAT segment may carry that the aligned text does not: paragraph numbers,
# labels, footnote markers, emphasis marks, spacing, hyphens of wrapped words.
_LABEL = re.compile(r"^\s*(?:\d{1,3}[.．]|[(（][a-z]{1,4}[)）]|\d{1,3}(?=\s))")
# OmegaT's shortcut for a formatting run or footnote reference of a Word file: <t0/>, <i1>, </i1>
_TAG = re.compile(r"</?[a-z]{1,3}\d+/?>")


def content_key(text: str) -> str:
    """Letters and Han characters only, after a leading number or label: what both sides share."""
    return "".join(ch for ch in _LABEL.sub("", _TAG.sub("", text)) if ch.isalpha()).lower()


def fill_rate(project: Path, src_lang: str, aligned_source_texts: list[str]) -> OmegatRun:
    """Run OmegaT on PROJECT and count filled segments among those the alignment covers.

    A segment is covered when its letters and Han characters (at least two) occur
    in the source side of the aligned units: page numbers and job numbers are
    not covered, a half of a paragraph cut by a page break is.
    """
    pseudo = project / "segments.tmx"
    log = run_omegat(project, "console-createpseudotranslatetmx", f"--pseudotranslatetmx={pseudo}",
                     "--pseudotranslatetype=equal")
    segments = list(dict.fromkeys(_tmx_sources(pseudo, src_lang)))
    pseudo.unlink()
    log += run_omegat(project, "console-translate")
    written = project / f"{project.name}-omegat.tmx"
    filled = set(_tmx_sources(written, src_lang)) if written.exists() else set()
    aligned = "".join(content_key(t) for t in aligned_source_texts)
    covered = [s for s in segments if len(content_key(s)) >= 2 and content_key(s) in aligned]
    return OmegatRun(segments=segments, filled=filled, covered=covered, log=log)
