"""The hostile-file corpus (tests/fixtures/hostile/, written by scripts/make_hostile_fixtures.py).

Every file must end in the reader's one-line UserError, quickly and without
expanding anything; none may be read as if it were a glossary or memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from termalign.align.safexml import check_prolog
from termalign.align.tmx import read_tmx
from termalign.errors import UserError
from termalign.glossary.formats.base import ImportOptions, get_format

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile"


def _read(path: Path):
    if path.suffix == ".tmx":
        return list(read_tmx(path))
    return get_format(path.suffix[1:]).read(path, ImportOptions())


@pytest.mark.parametrize("name, message", [
    ("tmx-billion-laughs.tmx", "declares XML entities"),
    ("tmx-billion-laughs-utf16.tmx", "declares XML entities"),
    ("tmx-external-entity.tmx", "declares XML entities"),
    ("tmx-parameter-entity.tmx", "declares XML entities"),
    ("tmx-external-dtd-entity.tmx", r"entity reference &xxe; is not defined"),
    ("tmx-deep-nesting.tmx", "not well-formed XML"),
    ("tbx-external-entity.tbx", "declares XML entities"),
    ("tbx-billion-laughs.tbx", "declares XML entities"),
    ("tbx-deep-nesting.tbx", "not well-formed XML"),
    ("xlsx-doctype-entity.xlsx", r"sheet1\.xml\): the file declares a DTD"),
    ("xlsx-billion-laughs.xlsx", r"sheet1\.xml\): the file declares a DTD"),
    ("xlsx-zip-bomb.xlsx", "refused as a possible zip bomb"),
])
def test_hostile_file_is_refused_with_one_line(name, message):
    with pytest.raises(UserError, match=message) as caught:
        _read(HOSTILE / name)
    assert "\n" not in str(caught.value)


def test_tbx_entity_is_never_stored_as_a_term():
    """Before: the TBX reader accepted the declaration and imported '&xxe;' as the English term."""
    with pytest.raises(UserError, match="declares XML entities"):
        get_format("tbx").read(HOSTILE / "tbx-external-entity.tbx", ImportOptions())


@pytest.mark.parametrize("head", [
    b'<?xml version="1.0"?>\n<!-- exported --><!DOCTYPE tmx SYSTEM "tmx11.dtd">\n<tmx version="1.4">',
    b'\xef\xbb\xbf<?xml version="1.0"?><tmx version="1.4">',
    '<?xml version="1.0" encoding="UTF-16"?>\n<tmx version="1.4">'.encode("utf-16"),
])
def test_harmless_prologs_pass(head):
    check_prolog(head, "memory.tmx", "TMX")


@pytest.mark.parametrize("head, message", [
    (b'<?xml version="1.0"?><!DOCTYPE tmx PUBLIC "-//x" "y.dtd" [<!ATTLIST tmx a CDATA "b">]><tmx>',
     "declares XML entities"),
    (b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE tmx +AFs-', "not well-formed XML"),
    (b'<!DOCTYPE tmx SYSTEM "a.dtd" junk><tmx>', "cannot be read"),
])
def test_suspicious_prologs_are_refused(head, message):
    with pytest.raises(UserError, match=message):
        check_prolog(head, "memory.tmx", "TMX")


def test_xlsx_refuses_even_an_external_doctype():
    with pytest.raises(UserError, match="never have"):
        check_prolog(b'<?xml version="1.0"?><!DOCTYPE worksheet SYSTEM "x.dtd"><worksheet/>',
                     "book.xlsx", "XLSX", allow_doctype=False)
