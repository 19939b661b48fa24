"""TBX-Basic in the TBX v2 dialect (ISO 30042:2008, root `martif`): what CAT tools read.

OmegaT 3.6, translate-toolkit, memoQ and MultiTerm read this dialect; the v3
file (`tbx` root in the urn:iso:std:iso:30042:ed-2 namespace) is refused by
OmegaT ("unexpected element") and by translate-toolkit. So `--format tbx` is
this module, and `--format tbx3` the v3 one (tbx.py).

The entry is the same as in v3, element for element, under the v2 names:

    v3 (tbx.py)          v2 (here)
    tbx                  martif type="TBX-Basic"
    tbxHeader            martifHeader (+ encodingDesc naming the TBX-Basic XCS)
    conceptEntry         termEntry
    langSec              langSet
    termSec              tig

with no namespace. So this module builds the v3 tree and renames it, and
everything an entry carries (statuses as administrativeStatus
*Term-admn-sts values, term types, contexts, dates, notes) is written once.

Import reads either dialect (tbx.read): the root element says which.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from lxml import etree

from termalign.glossary.concepts import Concept
from termalign.glossary.formats import tbx
from termalign.glossary.formats.base import ExportOptions, ImportOptions

# The TBX-Basic v2 constraint specification (XCS) a CAT tool may check the picklists against.
XCS = "TBXBasicXCSV02.xcs"
_V2_NAMES = {"tbx": "martif", "tbxHeader": "martifHeader", "conceptEntry": "termEntry",
             "langSec": "langSet", "termSec": "tig"}


def to_v2(root):
    """The TBX v2 (martif) form of a TBX-Basic v3 tree made by tbx.build."""
    martif = etree.Element("martif", {"type": "TBX-Basic", tbx.XML_LANG: root.get(tbx.XML_LANG)}, nsmap={})
    for child in root:
        martif.append(child)
    for element in martif.iter():
        local = etree.QName(element).localname
        element.tag = _V2_NAMES.get(local, local)
    etree.cleanup_namespaces(martif)
    # TBX-Basic names its XCS in the header, after the file description.
    file_desc = martif.find("martifHeader/fileDesc")
    encoding = etree.Element("encodingDesc")
    etree.SubElement(encoding, "p", type="XCSURI").text = XCS
    file_desc.addnext(encoding)
    return martif


def write(concepts: Iterable[Concept], path: str | os.PathLike, options: ExportOptions) -> int:
    root, count = tbx.build(concepts, options)
    tbx.save(to_v2(root), path)
    return count


def read(path: str | os.PathLike, options: ImportOptions) -> list[Concept]:
    return tbx.read(path, options)
