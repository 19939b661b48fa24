"""Write the hostile-file corpus of tests/fixtures/hostile/ (checked in; rerun to regenerate).

    python scripts/make_hostile_fixtures.py

Each file is small and attacks one reader one way; tests/test_hostile.py
feeds each to its reader and states the outcome. docs/security.md explains
what each reader refuses and why.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "hostile"

UNIT = ('<tu><tuv xml:lang="zh"><seg>{zh}</seg></tuv>'
        '<tuv xml:lang="en"><seg>{en}</seg></tuv></tu>')


def tmx(prolog: str, zh: str, en: str = "Secretariat") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
            f'<tmx version="1.4"><header srclang="zh-CN" segtype="sentence"/><body>\n'
            f'{UNIT.format(zh=zh, en=en)}\n</body></tmx>\n')


def tbx(prolog: str, term: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
            '<tbx xmlns="urn:iso:std:iso:30042:ed-2" type="TBX-Basic" style="dca" xml:lang="en">'
            '<tbxHeader><fileDesc><sourceDesc><p>hostile</p></sourceDesc></fileDesc></tbxHeader>'
            '<text><body><conceptEntry id="c1">'
            f'<langSec xml:lang="en"><termSec><term>{term}</term></termSec></langSec>'
            '<langSec xml:lang="zh-CN"><termSec><term>秘书处</term></termSec></langSec>'
            '</conceptEntry></body></text></tbx>\n')


LAUGHS = ('<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
          + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
                    for i in range(1, 10))
          + "]>\n")
EXTERNAL = '<!DOCTYPE tmx [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
PARAMETER = '<!DOCTYPE tmx [\n <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n %remote;\n]>\n'


def xml_files() -> dict[str, bytes]:
    return {
        "tmx-billion-laughs.tmx": tmx(LAUGHS, "&lol9;").encode(),
        "tmx-external-entity.tmx": tmx(EXTERNAL, "秘书处&xxe;").encode(),
        "tmx-parameter-entity.tmx": tmx(PARAMETER, "秘书处").encode(),
        # An external DTD is allowed (OmegaT writes one) but never loaded: the
        # entity it would define is undefined here.
        "tmx-external-dtd-entity.tmx": tmx('<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">\n',
                                           "秘书处&xxe;").encode(),
        # The same bomb in UTF-16: the prolog check must decode before it looks.
        "tmx-billion-laughs-utf16.tmx": tmx(LAUGHS, "&lol9;").replace("UTF-8", "UTF-16")
        .encode("utf-16"),
        "tmx-deep-nesting.tmx": tmx("", "<hi>" * 5000 + "秘书处" + "</hi>" * 5000).encode(),
        "tbx-external-entity.tbx": tbx(EXTERNAL.replace("tmx", "tbx"), "&xxe;").encode(),
        "tbx-billion-laughs.tbx": tbx(LAUGHS, "&lol9;").encode(),
        "tbx-deep-nesting.tbx": tbx("", "<hi>" * 5000 + "Secretariat" + "</hi>" * 5000).encode(),
    }


def _workbook(sheet_xml: bytes) -> bytes:
    """A minimal XLSX package (the parts openpyxl needs) with SHEET_XML as its one sheet."""
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '</Types>').encode(),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>').encode(),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Glossary" sheetId="1" r:id="rId1"/></sheets></workbook>').encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>').encode(),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return buffer.getvalue()


def _sheet(prolog: str, en: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            '<row r="1"><c r="A1" t="inlineStr"><is><t>en</t></is></c>'
            '<c r="B1" t="inlineStr"><is><t>zh</t></is></c></row>'
            f'<row r="2"><c r="A2" t="inlineStr"><is><t>{en}</t></is></c>'
            '<c r="B2" t="inlineStr"><is><t>秘书处</t></is></c></row>'
            '</sheetData></worksheet>').encode()


def _declare_size(package: bytes, member: str, size: int) -> bytes:
    """PACKAGE with MEMBER's uncompressed size rewritten to SIZE in its local and central headers."""
    data = bytearray(package)
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local >= 0:
        name_len = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30:local + 30 + name_len] == name:
            struct.pack_into("<I", data, local + 22, size)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_len] == name:
            struct.pack_into("<I", data, central + 24, size)
        central = data.find(b"PK\x01\x02", central + 4)
    return bytes(data)


def xlsx_files() -> dict[str, bytes]:
    return {
        "xlsx-doctype-entity.xlsx": _workbook(_sheet(EXTERNAL.replace("tmx", "worksheet"), "&xxe;")),
        "xlsx-billion-laughs.xlsx": _workbook(_sheet(LAUGHS, "&lol9;")),
        # 4 GB declared for a sheet of a few hundred bytes: a zip bomb as the
        # unpacker sees it, without shipping one.
        "xlsx-zip-bomb.xlsx": _declare_size(_workbook(_sheet("", "Secretariat")), "xl/worksheets/sheet1.xml",
                                            0xFFFF_FFF0),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in {**xml_files(), **xlsx_files()}.items():
        (OUT / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
