"""Tests for archiver.inputs.decode: charset detection, BOMs, and refusing empty or binary input."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archiver.errors import BinaryInput, EmptyInput, InputError
from archiver.inputs.decode import decode_bytes

STORY = "The city council in Danbury, Connecticut, voted 12 to 9 on Tuesday to keep the library open.\n"
CURLY = "“We’re not done,” said Councilwoman Renée Faucher — the vote’s sponsor.\n"


@pytest.mark.parametrize(
    ("data", "text", "charset"),
    [
        pytest.param(STORY.encode("ascii"), STORY, "UTF-8", id="ascii"),
        pytest.param(CURLY.encode("utf-8"), CURLY, "UTF-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + CURLY.encode("utf-8"), CURLY, "UTF-8", id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + CURLY.encode("utf-16-le"), CURLY, "UTF-16", id="utf-16le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + CURLY.encode("utf-16-be"), CURLY, "UTF-16", id="utf-16be-bom"),
        pytest.param(STORY.encode("utf-16-le"), STORY, "UTF-16LE", id="utf-16le-no-bom"),
        pytest.param(STORY.encode("utf-16-be"), STORY, "UTF-16BE", id="utf-16be-no-bom"),
        pytest.param(codecs.BOM_UTF32_LE + CURLY.encode("utf-32-le"), CURLY, "UTF-32", id="utf-32le-bom"),
        pytest.param(codecs.BOM_UTF32_BE + CURLY.encode("utf-32-be"), CURLY, "UTF-32", id="utf-32be-bom"),
        pytest.param(STORY.encode("utf-32-le"), STORY, "UTF-32LE", id="utf-32le-no-bom"),
        pytest.param(CURLY.encode("cp1252"), CURLY, "windows-1252", id="windows-1252"),
        pytest.param(
            "Café Müller, Zürich\n".encode("latin-1"), "Café Müller, Zürich\n", "ISO-8859-1", id="latin-1"
        ),
        pytest.param(
            "¿Qué pasó? «Mañana» — dijo Muñoz.\n".encode("cp1252"),
            "¿Qué pasó? «Mañana» — dijo Muñoz.\n",
            "windows-1252",
            id="windows-1252-spanish",
        ),
        pytest.param(
            "Мэр города заявил, что новый мост откроют весной.\n".encode("cp1251"),
            "Мэр города заявил, что новый мост откроют весной.\n",
            "windows-1251",
            id="windows-1251",
        ),
        pytest.param(
            "Мэр города заявил, что новый мост откроют весной.\n".encode("koi8_r"),
            "Мэр города заявил, что новый мост откроют весной.\n",
            "KOI8-R",
            id="koi8-r",
        ),
        pytest.param(
            "Zażółć gęślą jaźń, powiedział burmistrz Łodzi.\n".encode("cp1250"),
            "Zażółć gęślą jaźń, powiedział burmistrz Łodzi.\n",
            "windows-1250",
            id="windows-1250",
        ),
    ],
)
def test_decode_charsets(data: bytes, text: str, charset: str) -> None:
    assert decode_bytes(data) == (text, charset)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"   ",
        b"\n\r\n\t ",
        codecs.BOM_UTF8,
        codecs.BOM_UTF8 + b"  \n",
        codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    ],
)
def test_empty_input(data: bytes) -> None:
    with pytest.raises(EmptyInput, match="empty"):
        decode_bytes(data)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "GIF image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP archive"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip data"),
        (b"\x7fELF\x02\x01\x01", "ELF executable"),
        (b"\x00\x01\x02\x03\xff\xfe\x00\x00\x10" * 10, "NUL"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
)
def test_binary_input(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInput) as info:
        decode_bytes(data)
    message = str(info.value)
    assert what in message
    assert "\n" not in message and message.endswith("not text")


def test_text_starting_like_a_magic_number_is_text() -> None:
    text = "BZh what a headline\nID3 of the story\n"
    assert decode_bytes(text.encode())[0] == text


def test_returned_text_never_starts_with_bom() -> None:
    for data in (codecs.BOM_UTF8 + b"Hi there", "Hi there".encode("utf-16"), "Hi there".encode("utf-32")):
        assert decode_bytes(data)[0] == "Hi there"


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_raise_only_input_errors(data: bytes) -> None:
    try:
        text, charset = decode_bytes(data)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert isinstance(text, str) and text.strip()
        assert _decode_as_labelled(data, charset) == text


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=300).filter(lambda t: t.strip() and t.isprintable()))
def test_utf8_text_round_trips(text: str) -> None:
    assert decode_bytes(text.encode("utf-8")) == (text.removeprefix("\ufeff"), "UTF-8")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), min_size=1, max_size=200))
def test_labels_are_truthful(text: str) -> None:
    """Whatever label we record, decoding the raw bytes with it gives our text back."""
    for encoding in ("utf-8", "utf-16", "utf-16-le", "cp1252"):
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            continue
        try:
            decoded, charset = decode_bytes(data)
        except InputError:
            continue
        assert _decode_as_labelled(data, charset) == decoded


def _decode_as_labelled(data: bytes, charset: str) -> str:
    """Decode as a reader of ``Content-Type: text/plain; charset=<charset>`` would.

    Leading BOMs are skipped: a doubled BOM leaves U+FEFF after the one the codec eats, and the
    archived text never starts with one.
    """
    return data.decode(charset).lstrip("\ufeff")


@pytest.mark.parametrize(
    ("data", "charset"),
    [
        pytest.param(codecs.BOM_UTF16_LE * 2 + "Hi there".encode("utf-16-le"), "UTF-16", id="utf-16le"),
        pytest.param(codecs.BOM_UTF16_BE * 2 + "Hi there".encode("utf-16-be"), "UTF-16", id="utf-16be"),
        pytest.param(codecs.BOM_UTF8 * 2 + b"Hi there", "UTF-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 * 3 + b"Hi there", "UTF-8", id="utf-8-triple"),
    ],
)
def test_doubled_bom_is_stripped(data: bytes, charset: str) -> None:
    text, got = decode_bytes(data)
    assert (text, got) == ("Hi there", charset)
    assert _decode_as_labelled(data, got) == text


def test_only_boms_is_empty() -> None:
    with pytest.raises(EmptyInput):
        decode_bytes(codecs.BOM_UTF8 * 2 + b" \n")
