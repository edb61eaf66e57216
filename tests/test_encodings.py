"""Non-Western legacy encodings get the right charset label, and their language is named (issue 8).

Every byte string here is made by the test from text it writes itself.
"""

from __future__ import annotations

import pytest

from archiver.inputs.decode import decode_bytes
from archiver.inputs.normalize import detect_language

JAPANESE = (
    "東京都議会は火曜日、新しい防災計画を承認した。"
    "知事は記者会見で、地震への備えを強化すると述べた。市民の多くは計画を歓迎している。"
)
CHINESE = (
    "北京市政府星期二宣布了新的交通计划。市长在新闻发布会上表示，地铁线路将在明年延长。许多市民对此表示欢迎。"
)
GREEK = (
    "Το δημοτικό συμβούλιο της Αθήνας ενέκρινε την Τρίτη το νέο σχέδιο για τις συγκοινωνίες. "
    "Ο δήμαρχος δήλωσε ότι οι εργασίες θα ξεκινήσουν τον επόμενο μήνα."
)
CZECH = (
    "Městská rada v Praze v úterý schválila nový plán dopravy. Starosta řekl, že práce začnou příští "
    "měsíc. Většina obyvatel plán vítá, ale někteří se obávají zdražení jízdného."
)
CZECH_SHORT = "Dnes se v Praze konalo zasedání městské rady. Starosta řekl, že příští týden začne stavba."
RUSSIAN = (
    "Городской совет Москвы во вторник одобрил новый план развития транспорта. Мэр заявил, что "
    "работы начнутся в следующем месяце."
)
POLISH = (
    "Rada miasta w Warszawie zatwierdziła we wtorek nowy plan transportu. Prezydent powiedział, że "
    "prace rozpoczną się w przyszłym miesiącu. Mieszkańcy są zadowoleni."
)
TURKISH = (
    "İstanbul Büyükşehir Belediye Meclisi salı günü yeni ulaşım planını onayladı. Belediye başkanı "
    "çalışmaların gelecek ay başlayacağını söyledi."
)
ARABIC = (
    "وافق مجلس مدينة القاهرة يوم الثلاثاء على خطة جديدة للنقل. وقال رئيس البلدية إن العمل سيبدأ الشهر المقبل."
)
WESTERN = (
    "The café owner said the council’s “new plan” would cost €2 million — more than expected. "
    "Résumé of the meeting: naïve proposals were rejected."
)


@pytest.mark.parametrize(
    "text, codec, label",
    [
        pytest.param(JAPANESE, "shift_jis", "Shift_JIS", id="shift-jis"),
        pytest.param(CHINESE, "gb18030", "GB18030", id="gb18030"),
        pytest.param(GREEK, "iso8859_7", "ISO-8859-7", id="iso-8859-7"),
        pytest.param(CZECH, "iso8859_2", "ISO-8859-2", id="iso-8859-2"),
        pytest.param(CZECH_SHORT, "iso8859_2", "ISO-8859-2", id="iso-8859-2-short"),
        # The fast path keeps what it already got right (charset-normalizer is only the fallback).
        pytest.param(RUSSIAN, "cp1251", "windows-1251", id="windows-1251"),
        pytest.param(RUSSIAN, "koi8_r", "KOI8-R", id="koi8-r"),
        pytest.param(POLISH, "cp1250", "windows-1250", id="windows-1250"),
        pytest.param(WESTERN, "cp1252", "windows-1252", id="windows-1252"),
    ],
)
def test_legacy_encodings_are_labelled_right(text, codec, label):
    decoded, charset = decode_bytes(text.encode(codec))
    assert (decoded, charset) == (text, label)
    assert text.encode(codec).decode(charset) == text  # the label decodes the master as it was read


@pytest.mark.parametrize(
    "text, lang",
    [(RUSSIAN, "ru"), (POLISH, "pl"), (TURKISH, "tr"), (JAPANESE, "ja"), (ARABIC, "ar"), (CZECH, "cs")],
)
def test_languages_the_stopword_test_cannot_tell_are_named(text, lang):
    assert detect_language(text) == lang


def test_too_little_text_names_no_language():
    assert detect_language("ok then") == "und"
