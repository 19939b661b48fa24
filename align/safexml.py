"""XML from untrusted files, read safely: TMX memories, TBX glossaries, the XML parts of XLSX workbooks.

One rule for every reader: a file that declares a DTD of its own (the
internal subset `<!DOCTYPE x [ ... ]>`, where entities are declared) is
refused before its body is parsed. TMX, TBX and spreadsheets never need
entities, and refusing every declaration stops billion-laughs and
external-entity (XXE) files whatever the parser library's own guards do —
they change between libxml2 versions, this check does not. The check reads
the prolog itself (declaration, comments, processing instructions, DOCTYPE)
and refuses anything there it cannot read, so a file the check misreads
cannot reach the parser.

A DOCTYPE that only names an external DTD (`<!DOCTYPE tmx SYSTEM
"tmx11.dtd">`, which OmegaT and older TBX tools write) is allowed where the
format permits one: the DTD is never loaded, and an entity the body refers
to is then undefined and refused. Office Open XML forbids DTDs in a
package, so the XLSX check refuses any DOCTYPE.

The parser itself never loads a DTD, never touches the network, keeps
libxml2's limits on depth and node size (no `huge_tree`), and drops comments
and processing instructions.

lxml is imported inside the functions: modules that import this one are
imported by commands that must start fast.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from collections.abc import Iterator

from termalign.errors import InputError

# The prolog of any real file is a few hundred bytes; one that runs past this
# (a huge comment before the root) is refused rather than scanned without end.
PROLOG_LIMIT = 1 << 20

_NAME_START = re.compile(r"[A-Za-z_:\u00c0-\U0010ffff]")
_LITERAL = r"(?:\"[^\"]*\"|'[^']*')"
# <!DOCTYPE name [SYSTEM "uri" | PUBLIC "id" "uri"] [ "[" internal subset ...
_DOCTYPE = re.compile(rf"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM\s+{_LITERAL}|PUBLIC\s+{_LITERAL}\s+{_LITERAL}))?\s*")


def check_prolog(head: bytes, label: str, kind: str, *, allow_doctype: bool = True) -> None:
    """UserError unless HEAD, the start of an XML file, reaches its root element through a harmless prolog.

    KIND names the format in messages ("TMX", "TBX", "XLSX"). With
    ALLOW_DOCTYPE false any DOCTYPE is refused; otherwise only one that
    declares a DTD of its own (where entities live).
    """
    text = _decode_head(head, label, kind)
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            if len(head) >= PROLOG_LIMIT:
                raise InputError(f"{label}: the start of the file holds no {kind} element within "
                                f"{PROLOG_LIMIT // 1024} KB; refused — re-export it from the tool that made it")
            return  # empty or only a prolog: the parser reports that
        if text.startswith("<?", pos) or text.startswith("<!--", pos):
            end = text.find("?>" if text[pos + 1] == "?" else "-->", pos + 2)
            if end < 0:
                pos = len(text)
                continue
            pos = end + 2 if text[pos + 1] == "?" else end + 3
        elif text.startswith("<!DOCTYPE", pos):
            if not allow_doctype:
                raise InputError(f"{label}: the file declares a DTD (<!DOCTYPE>), which {kind} files never have; "
                                "refused for safety — save it again from the application that made it")
            match = _DOCTYPE.match(text, pos)
            rest = text[match.end():match.end() + 1] if match else ""
            if rest == "[":
                raise InputError(f"{label}: the file declares XML entities (a DTD of its own), which {kind} "
                                "never needs; refused for safety — re-export it from the tool that made it")
            if match is None or rest != ">":
                raise InputError(f"{label}: the file's <!DOCTYPE> cannot be read; refused for safety — "
                                "re-export it from the tool that made it")
            pos = match.end() + 1
        elif text.startswith("<", pos) and _NAME_START.match(text, pos + 1):
            return  # the root element: the prolog is harmless
        else:
            raise InputError(f"{label}:1: not well-formed XML (the start of the file is not XML markup); "
                            f"check that you gave a {kind} file")


def check_file(path: str | os.PathLike, label: str, kind: str, *, allow_doctype: bool = True) -> None:
    """`check_prolog` on the start of the file at PATH; UserError if it cannot be read."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(PROLOG_LIMIT)
    except IsADirectoryError:
        raise InputError(f"{label}: is a folder, not a {kind} file") from None
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror or exc}") from None
    check_prolog(head, label, kind, allow_doctype=allow_doctype)


def _decode_head(head: bytes, label: str, kind: str) -> str:
    """The start of an XML file as text, by its byte order mark or first bytes (XML 1.0, appendix F).

    Files without a mark are read as Latin-1: the markup of the prolog is
    ASCII in every encoding libxml2 detects this way, and anything else there
    is refused by the caller.
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                       (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return _decode(head[len(bom):], codec)
    for start, codec in ((b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
                         (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):
        if head.startswith(start):
            return _decode(head, codec)
    return head.decode("latin-1")


def _decode(data: bytes, codec: str) -> str:
    # The head may end inside a character; what is cut off is not needed.
    return codecs.getincrementaldecoder(codec)(errors="replace").decode(data, final=False)


def parser():
    """An lxml parser for untrusted files: no entities, no DTD, no network, libxml2's size limits kept."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def iterparse(path: str | os.PathLike, events: tuple[str, ...], tag: tuple[str, ...] | None = None):
    """lxml's iterparse with the settings of `parser` (the caller checks the prolog first)."""
    from lxml import etree

    return etree.iterparse(str(path), events=events, tag=tag, resolve_entities=False,
                           no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def parse(path: str | os.PathLike, label: str, kind: str):
    """The root element of the XML file at PATH, checked and parsed safely; UserError otherwise."""
    from lxml import etree

    check_file(path, label, kind)
    with syntax_errors(label, kind):
        root = etree.parse(str(path), parser()).getroot()
    refuse_entity_references(root, label)
    return root


def refuse_entity_references(element, label: str) -> None:
    """UserError if ELEMENT holds an entity reference left unexpanded (one the file does not define)."""
    from lxml import etree

    node = next(element.iter(etree.Entity), None)
    if node is not None:
        where = f"line {node.sourceline}: " if node.sourceline else ""
        raise InputError(f"{label}: {where}the entity reference {node.text} is not defined in the file "
                        "(entities are never loaded from elsewhere); refused — re-export it without entities")


@contextlib.contextmanager
def syntax_errors(label: str, kind: str) -> Iterator[None]:
    """Turn parser failures into one-line UserErrors that give the line."""
    from lxml import etree

    try:
        yield
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or (exc.position[0] if exc.position else 0)
        message = exc.msg.split(", line ")[0] if exc.msg else "syntax error"
        raise InputError(f"{label}:{line}: not well-formed XML ({message}); "
                        f"repair or re-export the {kind} file") from None
    except OSError as exc:
        raise InputError(f"cannot read {label}: {exc.strerror or exc}") from None
