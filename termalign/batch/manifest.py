"""Which document pairs a batch aligns: a CSV/TSV manifest, or a folder of files named by convention.

A manifest file has one pair per row: the Chinese file, the English file and,
optionally, a document id (columns `zh`, `en`, `id` when the first row names
them, else in that order). Relative paths are read from the manifest's folder.
A `.tsv` or `.tab` file is tab-separated, anything else comma-separated.

A folder is searched (with its sub-folders) for files whose names carry the
language, and the two files of a pair must sit in the same folder:

    A_RES_74_197_C.pdf  /  A_RES_74_197_E.pdf     UN ODS: _C Chinese, _E English (capitals)
    report-ZH.txt       /  report-EN.txt          -ZH/-EN or _ZH/_EN, any case
    resolution.zh.txt   /  resolution.en.txt      .zh/.en before the extension
    001.zh              /  001.en                 .zh/.en as the extension

The document id is what is left of the name; an underscored UN symbol
(A_RES_74_197, E_CN_6_2024_L_3) becomes its slashed form (A/RES/74/197).
A file with no partner is reported as a pair with one side missing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from termalign.errors import UserError

# name without extension → (base, language); tried in this order
_NAME_PATTERNS = (
    (re.compile(r"^(?P<base>.+)_(?P<lang>[CE])$"), {"C": "zh", "E": "en"}),
    (re.compile(r"^(?P<base>.+)[-_.](?P<lang>zh|en)$", re.IGNORECASE), {"zh": "zh", "en": "en"}),
)
_UN_SYMBOL = re.compile(r"^[A-Z]+(?:_[A-Za-z0-9.]+)+$")
_HEADER_NAMES = {"zh", "en", "id", "doc", "doc_id", "document"}


@dataclass(frozen=True)
class Pair:
    """One document pair; `zh` or `en` is None when the folder has no partner file."""

    doc_id: str
    zh: Path | None
    en: Path | None

    @property
    def safe_name(self) -> str:
        """The document id as a file name: A/RES/74/197 → A_RES_74_197."""
        return re.sub(r"[^A-Za-z0-9._-]+", "_", self.doc_id).strip("._") or "document"


def read_manifest(path: str | Path) -> list[Pair]:
    """The pairs listed in a manifest file, or found in a folder; ids are checked to be unique."""
    path = Path(path)
    if path.is_dir():
        pairs = _scan_folder(path)
        if not pairs:
            raise UserError(f"no document pairs found in {path}: name files like A_RES_74_197_C.pdf / "
                            "A_RES_74_197_E.pdf, report-ZH.txt / report-EN.txt or doc.zh.txt / doc.en.txt")
    elif path.is_file():
        pairs = _read_table(path)
    else:
        raise UserError(f"{path} does not exist: give a manifest file (CSV/TSV) or a folder of documents")
    _check_unique(pairs, path)
    return pairs


def _read_table(path: Path) -> list[Pair]:
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"{path} is not UTF-8 text; save the manifest as UTF-8 CSV or TSV") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror}") from None
    rows = [row for row in csv.reader(text.splitlines(), delimiter=delimiter)
            if any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")]
    if not rows:
        raise UserError(f"{path} lists no document pairs: one row per pair, ZH file, EN file[, document id]")
    columns: dict[str, int | None] = {"zh": 0, "en": 1, "id": 2}
    header = [cell.strip().lower() for cell in rows[0]]
    if {"zh", "en"} <= set(header) and set(header) <= _HEADER_NAMES:
        columns = {"zh": header.index("zh"), "en": header.index("en"),
                   "id": next((header.index(n) for n in ("id", "doc", "doc_id", "document") if n in header), None)}
        rows = rows[1:]
    base = path.parent
    pairs = []
    for number, row in enumerate(rows, 1):
        cells = [cell.strip() for cell in row]
        zh_col, en_col = columns["zh"] or 0, columns["en"] or 0
        if len(cells) <= max(zh_col, en_col) or not cells[zh_col] or not cells[en_col]:
            raise UserError(f"{path}: row {number} needs a Chinese file and an English file, "
                            f"separated by {'a tab' if delimiter == chr(9) else 'a comma'}")
        zh, en = base / cells[zh_col], base / cells[en_col]
        id_col = columns["id"]
        given = cells[id_col] if id_col is not None and id_col < len(cells) else ""
        pairs.append(Pair(given or _doc_id(zh.name) or zh.stem, zh, en))
    return pairs


def _split_name(name: str) -> tuple[str, str] | None:
    """(base, language) of a file name that carries its language, else None."""
    stem = name
    for _ in range(2):          # as it is (001.zh), then without the extension (report.zh.txt)
        for pattern, langs in _NAME_PATTERNS:
            m = pattern.match(stem)
            if m:
                return m.group("base"), langs[m.group("lang") if m.group("lang") in langs
                                              else m.group("lang").lower()]
        if "." not in stem:
            break
        stem = stem.rsplit(".", 1)[0]
    return None


def _doc_id(name: str) -> str | None:
    split = _split_name(name)
    if split is None:
        return None
    base = split[0]
    return base.replace("_", "/") if _UN_SYMBOL.match(base) else base


def _scan_folder(folder: Path) -> list[Pair]:
    found: dict[tuple[Path, str], dict[str, Path]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".")):
        split = _split_name(path.name)
        if split is None:
            continue
        base, lang = split
        slot = found.setdefault((path.parent, base), {})
        if lang in slot:
            raise UserError(f"{slot[lang]} and {path} are both the {lang} file of {base}; keep one of them")
        slot[lang] = path
    pairs = []
    for (parent, base), files in found.items():
        doc_id = base.replace("_", "/") if _UN_SYMBOL.match(base) else base
        relative = parent.relative_to(folder)
        if relative != Path(".") and not _UN_SYMBOL.match(base):
            doc_id = f"{relative.as_posix()}/{doc_id}"
        pairs.append(Pair(doc_id, files.get("zh"), files.get("en")))
    return pairs


def _check_unique(pairs: list[Pair], source: Path) -> None:
    seen: dict[str, str] = {}
    for pair in pairs:
        if pair.safe_name in seen:
            raise UserError(f"{source}: two pairs are named {pair.doc_id!r}"
                            + (f" and {seen[pair.safe_name]!r}" if seen[pair.safe_name] != pair.doc_id else "")
                            + "; give each pair its own document id")
        seen[pair.safe_name] = pair.doc_id
