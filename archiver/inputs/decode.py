"""Turn the raw bytes of an input into text, and name the charset they were written in.

The charset name is what goes into the WARC resource record's
``Content-Type: text/plain; charset=<name>``, so it is an IANA charset name that a reader can
hand to any decoder and get the same text back:

- ``UTF-8`` for strict UTF-8 (ASCII included, and UTF-8 with a BOM: RFC 3629 section 6 lets a
  UTF-8 reader skip the BOM, so no separate label is needed);
- ``UTF-16`` / ``UTF-32`` when a BOM is present (RFC 2781 section 3.3: the BOM names the byte order),
  ``UTF-16LE`` / ``UTF-16BE`` / ``UTF-32LE`` / ``UTF-32BE`` when the byte order was inferred from the
  NUL pattern of a BOM-less file (those labels forbid a BOM, RFC 2781 section 3.3);
- ``windows-1252`` for legacy Western text that uses its typographic characters in 0x80-0x9F,
  ``ISO-8859-1`` for 8-bit text that never touches 0x80-0x9F (both decode it the same way),
  ``windows-1251`` / ``KOI8-R`` / ``windows-1250`` / ``ISO-8859-2`` when their decoding is clearly
  the plausible one;
- for text mostly in bytes >= 0x80 (Cyrillic, Greek, CJK, Hebrew, Arabic), the label
  charset-normalizer finds (``Shift_JIS``, ``GB18030``, ``ISO-8859-7``, ...): several code pages
  read such bytes as plausible letters, and our scorer cannot tell Greek from Cyrillic.

The returned text never starts with a BOM: the BOM belongs to the encoding, not to the article.
"""

from __future__ import annotations

import codecs
import re

from archiver.errors import BinaryInput, EmptyInput

# Magic numbers of the binary formats people most often feed a text tool by mistake.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"PK\x07\x08", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),  # confirmed below by the block magic, "BZh" alone could start text
    (b"\xfd7zXZ\x00", "xz data"),
    (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"fLaC", "FLAC audio"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"wOFF", "web font"),
    (b"wOF2", "web font"),
)

# Longest BOM first: the UTF-32LE BOM starts with the UTF-16LE one.
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

SAMPLE_SIZE = 4096
# Share of disallowed control characters above which decoded "text" is taken for binary data.
MAX_CONTROL_SHARE = 0.05
HIGH_BYTES_RE = re.compile(b"[\x80-\xff]")
# C0 controls other than TAB, LF, VT, FF, CR, ESC-free; plus DEL. C1 controls are counted on
# the decoded text (they only appear there when a legacy decoding produced them).
CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
C1_BYTES_RE = re.compile(b"[\x80-\x9f]")

# Legacy 8-bit candidates, in order of preference when they score the same.
LEGACY_CANDIDATES: tuple[tuple[str, str], ...] = (
    ("cp1252", "windows-1252"),
    ("cp1251", "windows-1251"),
    ("koi8_r", "KOI8-R"),
    ("cp1250", "windows-1250"),
)
LEGACY_CANDIDATES_NO_C1 = (*LEGACY_CANDIDATES, ("iso8859_2", "ISO-8859-2"))
# Letters at the same byte in windows-1250 and ISO-8859-2 that name the language: ř ě ů (Czech)
# or ł ę ń (Polish). They settle what the bytes that differ (0xB9: ą or š, 0xBE: ľ or ž) mean.
CZECH_BYTES = re.compile(b"[\xf8\xec\xf9\xd8\xcc\xd9]")
POLISH_BYTES = re.compile(b"[\xb3\xea\xf1\xa3\xca\xd1]")
NON_ASCII_LETTER_RUN_RE = re.compile(r"[^\W\d_a-zA-Z]{3,}")
# Words with at least one non-ASCII letter: the only ones a legacy decoding can get wrong.
NON_ASCII_WORD_RE = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")
# Symbols that sit against a letter only in a wrong decoding ("g³os", "wiêty¹", "Za¿ó").
# "¿" and "¡" legitimately open Spanish words, so only a letter before them counts.
_WORD_SYMBOLS = "¤¦¨¬¯±²³´¶¸¹¼½¾\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u0192"
SYMBOL_IN_WORD_RE = re.compile(rf"(?<=[^\W\d_])[{_WORD_SYMBOLS}\u00a1\u00bf]|[{_WORD_SYMBOLS}](?=[^\W\d_])")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode the raw bytes of one input and name their charset.

    Args:
        data: the input, untouched.

    Returns:
        ``(text, charset)``: the text without any BOM, and the IANA charset name to record in
        ``Content-Type: text/plain; charset=...``.

    Raises:
        EmptyInput: the input is empty or holds only whitespace.
        BinaryInput: the input is an image, archive, executable or other non-text data.
    """
    if not data.strip():
        raise EmptyInput("empty input, no text to archive")
    _reject_magic(data)

    for bom, codec, name in BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec.startswith("utf-32") and len(body) % 4:
                continue  # not UTF-32 after all: FF FE 00 00 may be UTF-16LE text starting with NUL
            try:
                text = body.decode(codec)
            except UnicodeDecodeError as exc:
                raise BinaryInput(f"invalid {name} after its byte order mark, not text") from exc
            # A doubled BOM (an editor adding one to a file that had one) leaves U+FEFF at the
            # start of the decoded body: drop it too, the text never starts with a BOM.
            text = text.lstrip("\ufeff")
            return _checked(text), name

    if b"\x00" in data:
        guess = _guess_utf16_32(data)
        if guess is None:
            raise BinaryInput("binary content (NUL bytes), not text")
        codec, name = guess
        try:
            return _checked(data.decode(codec)), name
        except UnicodeDecodeError as exc:
            raise BinaryInput("binary content (NUL bytes), not text") from exc

    try:
        return _checked(data.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data)


def _reject_magic(data: bytes) -> None:
    for magic, what in MAGIC_NUMBERS:
        if data.startswith(magic):
            if magic == b"BZh" and data[4:10] != b"1AY&SY":
                continue
            if magic == b"ID3" and len(data) > 5 and data[3] > 4:
                continue
            raise BinaryInput(f"binary content ({what}), not text")
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        raise BinaryInput(f"binary content (RIFF {data[8:12].decode().strip()}), not text")
    if data[4:8] == b"ftyp":
        raise BinaryInput("binary content (MP4/QuickTime media), not text")


def _guess_utf16_32(data: bytes) -> tuple[str, str] | None:
    """Infer BOM-less UTF-16/32 from where the NUL bytes fall (Latin text has a NUL per char)."""
    sample = data[: SAMPLE_SIZE - SAMPLE_SIZE % 4]
    n = len(sample)
    if n < 2:
        return None
    if len(data) % 4 == 0 and n >= 4:
        quarters = [sample[i::4].count(0) for i in range(4)]
        per_lane = n // 4
        if quarters[1] == quarters[2] == quarters[3] == per_lane and quarters[0] < per_lane * 0.5:
            return "utf-32-le", "UTF-32LE"
        if quarters[0] == quarters[1] == quarters[2] == per_lane and quarters[3] < per_lane * 0.5:
            return "utf-32-be", "UTF-32BE"
    if len(data) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = n // 2
    if odd >= half * 0.3 and even <= half * 0.05:
        return "utf-16-le", "UTF-16LE"
    if even >= half * 0.3 and odd <= half * 0.05:
        return "utf-16-be", "UTF-16BE"
    return None


def _checked(text: str) -> str:
    """Refuse decoded text that is blank or mostly control characters."""
    if not text.strip():
        raise EmptyInput("empty input, no text to archive")
    sample = text[:SAMPLE_SIZE]
    if "\x00" in sample:
        raise BinaryInput("binary content (NUL characters), not text")
    controls = len(CONTROL_RE.findall(sample))
    if controls and controls > MAX_CONTROL_SHARE * len(sample):
        raise BinaryInput("binary content (control characters), not text")
    return text


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Pick the most plausible legacy decoding of bytes that are not UTF-8.

    The fast path scores a few 8-bit decodings (Western, Cyrillic, Central European). Where its
    guess is doubtful, charset-normalizer decides (``_detected``).
    """
    text, name = _decode_legacy_fast(data)
    if _doubtful(data, name):
        found = _detected(data)
        if found is not None:
            return found
    return text, name


# Python codec names charset-normalizer answers with, and the IANA label each is recorded as.
DETECTED_LABELS: dict[str, str] = {
    "shift_jis": "Shift_JIS",
    "cp932": "Shift_JIS",
    "euc_jp": "EUC-JP",
    "iso2022_jp": "ISO-2022-JP",
    "gb18030": "GB18030",
    "gbk": "GB18030",
    "gb2312": "GB18030",  # GB18030 is a superset of both: one label decodes all three the same
    "big5": "Big5",
    "big5hkscs": "Big5-HKSCS",
    "euc_kr": "EUC-KR",
    "cp949": "EUC-KR",
    "cp1251": "windows-1251",
    "koi8_r": "KOI8-R",
    "koi8_u": "KOI8-U",
    "iso8859_5": "ISO-8859-5",
    "cp1253": "windows-1253",
    "iso8859_7": "ISO-8859-7",
    "cp1255": "windows-1255",
    "iso8859_8": "ISO-8859-8",
    "cp1256": "windows-1256",
    "iso8859_6": "ISO-8859-6",
    "cp1254": "windows-1254",
    "iso8859_9": "ISO-8859-9",
    "tis_620": "TIS-620",
    "cp874": "windows-874",
}
# windows-125x code pages whose ISO-8859 sibling is the right name when no byte is in 0x80-0x9F
# (the range where only the Windows page has letters).
ISO_SIBLINGS = {"windows-1253": "ISO-8859-7", "windows-1255": "ISO-8859-8", "windows-1254": "ISO-8859-9"}
# A larger share of bytes >= 0x80 than Western text ever has: a non-Latin script.
NON_LATIN_SHARE = 0.2


def _doubtful(data: bytes, name: str) -> bool:
    """Whether the fast path's 8-bit guess needs a second opinion: text mostly in high bytes
    (Cyrillic, Greek, CJK, Arabic, ...) where several code pages decode to plausible letters.
    Western text keeps the fast path: charset-normalizer often calls cp1252 news cp1250/cp775."""
    sample = data[:SAMPLE_SIZE]
    return len(HIGH_BYTES_RE.findall(sample)) > NON_LATIN_SHARE * len(sample)


def _detected(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading of ``data`` when it names a charset we can label, else None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # an optional speed-up of decoding, not a requirement to archive
        return None
    best = from_bytes(data[: SAMPLE_SIZE * 4]).best()
    if best is None or best.encoding not in DETECTED_LABELS:
        return None
    label = DETECTED_LABELS[best.encoding]
    if label in ISO_SIBLINGS and not C1_BYTES_RE.search(data):
        label = ISO_SIBLINGS[label]
    try:
        text = data.decode(codecs.lookup(label).name)
    except (LookupError, UnicodeDecodeError):
        return None
    return _checked(text), label


def _decode_legacy_fast(data: bytes) -> tuple[str, str]:
    if not C1_BYTES_RE.search(data):
        # No byte in 0x80-0x9F: windows-1252 and ISO-8859-1 agree; still let Cyrillic win.
        latin = data.decode("latin-1")
        best = _best_legacy(data, latin)
        if best is not None:
            return best
        return _checked(latin), "ISO-8859-1"
    best = _best_legacy(data, None)
    if best is not None:
        return best
    # Nothing decodes cleanly: ISO-8859-1 maps every byte, and the C1 controls it yields are
    # either few (normalize removes them) or many (then this is binary data).
    return _checked(data.decode("latin-1")), "ISO-8859-1"


def _best_legacy(data: bytes, latin: str | None) -> tuple[str, str] | None:
    scored: list[tuple[float, int, str, str]] = []
    # Without a byte in 0x80-0x9F, Central European text may be ISO-8859-2 as well as windows-1250.
    candidates = LEGACY_CANDIDATES if latin is None else LEGACY_CANDIDATES_NO_C1
    for rank, (codec, name) in enumerate(candidates):
        if latin is not None and codec == "cp1252":
            text = latin
        else:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
        scored.append((_implausibility(text), rank, text, name))
    if not scored:
        return None
    scored.sort(key=lambda item: (item[0], item[1]))
    _score, _rank, text, name = scored[0]
    tied = {n: t for sc, _r, t, n in scored if sc == _score}
    if name in ("windows-1250", "ISO-8859-2") and {"windows-1250", "ISO-8859-2"} <= set(tied):
        name = _central_european_charset(data)
        text = tied[name]
    if latin is not None and name == "windows-1252":
        return None  # identical to ISO-8859-1: record the narrower, exact name
    return _checked(text), name


def _central_european_charset(data: bytes) -> str:
    """windows-1250 or ISO-8859-2, for bytes without 0x80-0x9F that both read as letters.

    Czech text (ř, ě, ů) then is ISO-8859-2: in windows-1250 its š and ž would sit in 0x9A/0x9E.
    Polish text (ł, ę, ń) is windows-1250 unless its ą/ś read as symbols there (the scorer's job).
    """
    sample = data[:SAMPLE_SIZE]
    czech = len(CZECH_BYTES.findall(sample))
    polish = len(POLISH_BYTES.findall(sample))
    return "ISO-8859-2" if czech > polish else "windows-1250"


def _implausibility(text: str) -> float:
    """Score how unlike real writing a decoding looks (lower is better).

    Wrong legacy decodings give words made of runs of accented Latin letters ("Ïðèâåò"), words
    mixing scripts, or symbols wedged between letters ("g³os"); right ones give clean words.
    """
    sample = text[:SAMPLE_SIZE]
    score = 0.0
    score += 4 * len(CONTROL_RE.findall(sample))
    score += 2 * len(SYMBOL_IN_WORD_RE.findall(sample))
    for word in NON_ASCII_WORD_RE.findall(sample):
        has_ascii = any(c < "\x80" for c in word)
        has_latin = any("\u00c0" <= c <= "\u024f" for c in word)
        has_cyrillic = any("\u0400" <= c <= "\u04ff" for c in word)
        if has_cyrillic and (has_ascii or has_latin):
            score += 3
        elif has_latin and NON_ASCII_LETTER_RUN_RE.search(word) and not has_cyrillic:
            score += 1
        elif has_cyrillic and word[1:] and word[1:].isupper() and not word.isupper():
            score += 1  # KOI8-R read as windows-1251 (and back) swaps letter case
    return score
