"""Which kind of file a document is, told by its content, and its text for the reader.

A PDF starts with "%PDF-"; a Word document is a ZIP holding word/document.xml;
an old Word .doc is an OLE compound file, converted through LibreOffice when
`soffice` is installed. Anything else is read as text (see textfile.decode).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from termalign.errors import InputError

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def kind(data: bytes) -> str:
    """'pdf', 'docx', 'doc' or 'text'."""
    if data[:1024].lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return "docx"
    if data[:8] == _OLE:
        return "doc"
    return "text"


def document_content(data: bytes, source: str) -> tuple[str, list[str] | None] | None:
    """The text of a PDF or Word document DATA for the reader, with a .docx's CAT segments
    (align.docx.read_docx; None for a PDF or an old .doc); None when DATA is a text file."""
    what = kind(data)
    if what == "pdf":
        from termalign.align.pdf import pdf_text
        return pdf_text(data, source), None
    if what == "docx":
        from termalign.align.docx import read_docx
        word = read_docx(data, source)
        return word.text, word.segments
    if what == "doc":
        from termalign.align.docx import read_docx
        return read_docx(_doc_to_docx(data, source), source).text, None
    return None


def _doc_to_docx(data: bytes, source: str) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise InputError(f"{source} is an old Word .doc file: install LibreOffice (Debian package "
                         "libreoffice-writer-nogui) to read it, or save it as .docx")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "document.doc"
        src.write_bytes(data)
        done = subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                               "--convert-to", "docx", "--outdir", tmp, str(src)], capture_output=True, timeout=300)
        out = Path(tmp) / "document.docx"
        if done.returncode != 0 or not out.exists():
            raise InputError(f"{source} is a .doc file LibreOffice cannot convert (damaged or protected?)")
        return out.read_bytes()
