"""Reading a file's bytes into text, and telling Chinese from English."""

from __future__ import annotations

import codecs

import pytest

from termalign.align.textfile import decode, detect_lang, read_file, resolve_lang
from termalign.errors import LanguageError, SettingError, UserError

ZH = "大会，\n\n回顾其关于信息和通信技术促进可持续发展的各项决议，\n"
EN = "The General Assembly,\n\nRecalling its resolutions on information and communications technologies,\n"


@pytest.mark.parametrize("data", [
    ZH.encode("utf-8"),
    codecs.BOM_UTF8 + ZH.encode("utf-8"),
    ZH.encode("utf-16"),                          # Python writes a BOM
    codecs.BOM_UTF16_BE + ZH.encode("utf-16-be"),
    ZH.encode("gb18030"),
])
def test_every_supported_encoding_gives_the_same_text(data):
    assert decode(data, "resolution.txt") == ZH


def test_a_utf8_bom_is_not_part_of_the_text():
    assert not decode(codecs.BOM_UTF8 + EN.encode("utf-8")).startswith("\ufeff")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"  \n\n \t\n", "empty"),
    (bytes(range(256)) * 4, "binary"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 20, "binary"),
    ("Résolution adoptée par l’Assemblée générale".encode("cp1252") + b"\x81\x81\xff", "UTF-8"),
    ("Résolution adoptée par l’Assemblée générale sur la société".encode("cp1252"), "Windows-1252"),
    ("La résolution 70/1 a été adoptée. Élan.".encode("latin-1"), "Latin-1"),
])
def test_bad_bytes_give_a_one_line_error(data, message):
    with pytest.raises(UserError) as err:
        decode(data, "input.txt")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_read_file_names_the_problem(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        read_file(tmp_path / "missing.txt")
    with pytest.raises(UserError, match="folder"):
        read_file(tmp_path)
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        read_file(tmp_path / "empty.txt")


def test_detect_lang():
    assert detect_lang(ZH) == "zh"
    assert detect_lang(EN) == "en"
    # symbols and names in Latin script do not make Chinese text English
    assert detect_lang("见 A/C.2/59/3 和 A/60/687，以及 E/CN.16/2018/CRP.3。") == "zh"
    # a Chinese name in an English paragraph does not make it Chinese
    assert detect_lang("The Forum met in Beijing (北京) to discuss connectivity and development.") == "en"
    with pytest.raises(LanguageError, match="cannot tell the language"):
        detect_lang("2019/12/19 74/197 12-22433")


def test_a_declared_language_must_match_the_text():
    assert resolve_lang(ZH, "zh") == "zh"
    assert resolve_lang(EN, "auto") == "en"
    # The library's words are neutral; the command line names its --lang option (test_cli_errors).
    with pytest.raises(LanguageError, match="looks Chinese but English was expected") as raised:
        resolve_lang(ZH, "en", "a.zh.txt")
    assert (raised.value.found, raised.value.expected) == ("zh", "en")
    with pytest.raises(LanguageError, match="looks English but Chinese was expected"):
        resolve_lang(EN, "zh", "a.en.txt")
    with pytest.raises(SettingError, match="unknown language"):
        resolve_lang(EN, "fr")
