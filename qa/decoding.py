"""Reading an input file into text: the size cap, then UTF-8, else the detected legacy encoding.

Everything downstream quotes ``Article.text`` verbatim, so decoding must be exact: UTF-8 (BOM optional),
UTF-16/32 by their BOM, or without one when the file has NUL bytes and decodes into clean text, and
otherwise the encoding charset-normalizer detects among those a news archive uses (``ARCHIVE_ENCODINGS``),
widened from GBK/GB2312/Big5 to GB18030/Big5-HKSCS so no character is lost. Empty, binary and oversized
files raise ``UnreadableFileError`` naming the file and the fix.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from pathlib import Path

from qa.errors import IngestError
from qa.inputs import PathInput, UnreadableFileError
from qa.normalize import is_cjk

# What is read into memory whole: one .txt/.md/.json file, or one line of a .jsonl file. A news article is
# kilobytes; 32 MiB is far above any real one yet keeps a stray dump or log from exhausting memory (reading
# and repairing a file costs about ten times its size). Larger .jsonl files are streamed line by line.
DEFAULT_MAX_ARTICLE_BYTES = 32 * 1024 * 1024
MAX_ARTICLE_BYTES_ENV = "QA_MAX_ARTICLE_BYTES"

_UTF_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# GB18030 is a superset of GB2312 and GBK; Big5-HKSCS decodes every Big5 byte pair the same way as Big5.
_SUPERSET_CODECS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "latin_1": "cp1252",  # the same letters; cp1252 also has the curly quotes and dashes latin-1 lacks
}
# What news archives are written in: Unicode, Chinese, Western European, Japanese and Korean. Detection is
# kept to these: among all of charset-normalizer's code pages, Latin-1 English (café, Zürich) came out as
# cp775 or mac_latin2, garbled without a word; adding cp1251 or cp1250 makes short Latin-1 text Cyrillic.
ARCHIVE_ENCODINGS = (
    "utf_8", "utf_16", "utf_32", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp1252", "latin_1",
    "shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949",
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1a")  # \x1a: DOS end-of-file mark, common in old GBK files


def read_text(path: PathInput) -> str:
    """Decode a text file: UTF-8 (BOM optional), else the detected encoding, newlines normalised to ``\\n``.

    Raises ``UnreadableFileError`` (an ``IngestError`` naming the file) for empty, binary or undecodable
    files, so one bad file can be reported without stopping the others.
    """
    name = Path(path).as_posix()
    text = _decode(_read_bounded(Path(path), name), name)
    if not text.strip():
        raise UnreadableFileError(name, "file is empty; remove it or add the article text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def max_article_bytes() -> int:
    """The most bytes read whole (a .txt/.md/.json file, a .jsonl line): ``$QA_MAX_ARTICLE_BYTES`` or 32 MiB."""
    raw = os.environ.get(MAX_ARTICLE_BYTES_ENV, "").strip()
    if not raw:
        return DEFAULT_MAX_ARTICLE_BYTES
    if not raw.isdigit() or int(raw) < 1:
        raise IngestError(f"{MAX_ARTICLE_BYTES_ENV} must be a whole number of bytes, not {raw!r}")
    return int(raw)


def too_big(size: int, limit: int, what: str) -> str:
    """Why a file or a .jsonl line over the cap is refused, and the two ways out."""
    return (
        f"{what} is {_megabytes(size)}, over the {_megabytes(limit)} limit for one article; split it into "
        f"smaller articles (e.g. .jsonl, one per line) or raise {MAX_ARTICLE_BYTES_ENV}"
    )


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:,.1f} MB" if size >= 104_858 else f"{size:,} bytes"


def _read_bounded(path: Path, name: str) -> bytes:
    """The file's bytes, refusing (before reading) one larger than ``max_article_bytes()``."""
    limit = max_article_bytes()
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = f.read(limit + 1) if size <= limit else b""
    except OSError as exc:
        raise UnreadableFileError(name, f"cannot be read ({exc.strerror or exc})") from exc
    if size > limit or len(data) > limit:  # the second: a file that grew while being read
        raise UnreadableFileError(name, too_big(max(size, len(data)), limit, "file"))
    return data


def _decode(data: bytes, name: str) -> str:
    """Bytes → str; raises ``UnreadableFileError`` with the reason and the fix."""
    if not data.strip():
        raise UnreadableFileError(name, "file is empty; remove it or add the article text")
    codec = next((codec for bom, codec in _UTF_BOMS if data.startswith(bom)), None)
    if codec is not None:
        text = _decode_with(data, codec, name)
    elif b"\x00" in data:
        text = _bomless_unicode(data)
        if text is None:
            raise UnreadableFileError(name, "binary file (NUL bytes), not text; remove it from the input")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = _decode_detected(data, exc, name)
    _reject_control_characters(text, name)
    return text


def _decode_with(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            name, f"invalid {codec} text at byte {exc.start}; re-save it as UTF-8"
        ) from exc


def _bomless_unicode(data: bytes) -> str | None:
    """UTF-32 or UTF-16 saved without a BOM (NUL bytes are the high bytes of ASCII characters), or None.

    A decoding counts only when it is clean text written mostly in the scripts of news, so binary data (a
    PNG, random bytes, a repeated ``00 01 02 03``) is still refused. Of those the one most in these scripts
    wins: a short line read in the wrong byte order can be clean too (rare hanzi, jamo, symbols).
    """
    candidates = []
    for codec in _bomless_codecs(data):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _is_clean_text(text):
            candidates.append((_news_script_share(text), text))
    share, best = max(candidates, key=lambda candidate: candidate[0], default=(0.0, None))
    return best if share >= _NEWS_SCRIPT_MIN else None


def _bomless_codecs(data: bytes) -> list[str]:
    """UTF-32 then UTF-16, each in the likelier byte order first: the high byte of a character is the one
    that varies less (zero for ASCII, a few values for hanzi), and on a tie the one that is more often NUL.

    The order breaks ties of ``_news_script_share``: English UTF-16-LE read as big-endian is clean hanzi
    (``He`` → 䠀攀), as much news script as the right reading.
    """
    odd, even = data[1::2], data[0::2]  # the high bytes of little-endian UTF-16 are at odd offsets
    little = (len(set(odd)), -odd.count(0)) <= (len(set(even)), -even.count(0))
    orders = ("le", "be") if little else ("be", "le")
    return [f"utf-32-{order}" for order in orders] + [f"utf-16-{order}" for order in orders]


def _is_clean_text(text: str) -> bool:
    """No control characters but whitespace, and at most 1% unassigned or private-use characters (a newer
    Unicode than Python's may hold a few); a decoding of binary data fails one or the other."""
    odd = 0
    for ch in text:
        if _stray_control(ch):
            return False
        odd += unicodedata.category(ch) in ("Cn", "Co")
    return odd <= len(text) // 100


# Unicode blocks news text is written in: ASCII, Latin, Greek, Cyrillic, Hebrew, Arabic, general and CJK
# punctuation, kana, hanzi (with extensions A and B-F), Hangul syllables, full-width forms, emoji.
_NEWS_BLOCKS = (
    (0x09, 0x7E), (0xA0, 0x24F), (0x370, 0x52F), (0x590, 0x6FF), (0x1E00, 0x1EFF), (0x2000, 0x206F),
    (0x3000, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3), (0xFF00, 0xFFEF),
    (0x1F300, 0x1FAFF), (0x20000, 0x2FA1F),
)
_NEWS_SCRIPT_MIN = 0.9


def _news_script_share(text: str) -> float:
    """Share of the characters in ``_NEWS_BLOCKS``."""
    inside = sum(any(low <= ord(ch) <= high for low, high in _NEWS_BLOCKS) for ch in text)
    return inside / len(text) if text else 0.0


# Lead bytes of the most common characters in each Chinese encoding: GB2312 level 1 (the 3,755 most
# used hanzi) and Big5's frequent-character block.
_COMMON_LEAD = {"gb18030": ("gb2312", 0xB0, 0xD7), "big5hkscs": ("big5", 0xA4, 0xC6)}
_CHINESE_SHARE = 0.6


def _common_share(text: str, codec: str) -> float:
    """Share of the non-ASCII characters that are common hanzi in ``codec`` (garbage decodes score low)."""
    base, low, high = _COMMON_LEAD[codec]
    wide = [ch for ch in text if ord(ch) > 0x7F]
    common = 0
    for ch in wide:
        try:
            common += "\u4e00" <= ch <= "\u9fff" and low <= ch.encode(base)[0] <= high
        except UnicodeEncodeError:
            pass
    return common / len(wide) if wide else 0.0


def _chinese_decoding(data: bytes) -> str | None:
    """GB18030 or Big5 text, when one decodes the bytes strictly into mostly common hanzi.

    charset-normalizer reads short Chinese files as Korean or Japanese (二七区医院很多。 in GBK came out as
    Hangul); for a Chinese news archive the Chinese encodings are checked first.
    """
    best, best_share = None, _CHINESE_SHARE
    for codec in _COMMON_LEAD:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        share = _common_share(text, codec)
        if share >= best_share:
            best, best_share = text, share
    return best


_HANGUL_GAP = re.compile("[\uac00-\ud7a3] (?=[\uac00-\ud7a3])")  # a space between two Hangul words
_KOREAN_GAPS = 0.1  # Korean spaces its words (about one space per 3 syllables); Chinese does not
_KOREAN_HANGUL = 0.95  # share of Hangul among Hangul and hanja


def _korean_decoding(data: bytes) -> str | None:
    """EUC-KR/CP949 Korean text, or None.

    Hangul syllables sit on the same bytes as GB2312's common hanzi, so GB18030 reads Korean as clean,
    meaningless hanzi (서울시는 → 辑匡矫绰). Chinese read as CP949 is not clean Korean: a quarter or more of
    its characters come out as hanja (二七区医疗 → 랗펌혐努좟), where Korean news has hardly any, and it
    has hardly a space between two syllables, where Korean spaces its words.
    """
    try:
        text = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    hangul = sum("\uac00" <= ch <= "\ud7a3" for ch in text)
    hanja = sum(is_cjk(ch) for ch in text)
    gaps = len(_HANGUL_GAP.findall(text))
    return text if hangul and hangul >= _KOREAN_HANGUL * (hangul + hanja) and gaps >= _KOREAN_GAPS * hangul else None


def _decode_detected(data: bytes, utf8_error: UnicodeDecodeError, name: str) -> str:
    """Not UTF-8: Korean or a Chinese encoding when the bytes read as such, else charset-normalizer's pick among
    ``ARCHIVE_ENCODINGS`` (GBK/GB2312/Big5/Latin-1 widened to their supersets).

    Nothing outside that list is guessed: its other code pages read broken UTF-8 or Latin-1 as Cyrillic
    or cp775 without a word; a file none of the list fits is refused by name, with the fix.
    """
    for decoded in (_korean_decoding, _chinese_decoding):
        text = decoded(data)
        if text is not None:
            return text
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 files need it

    best = from_bytes(data, cp_isolation=list(ARCHIVE_ENCODINGS)).best()
    if best is None or best.encoding is None:
        # Short UTF-16 of hanzi alone has no NUL byte to give it away; read so, it must be clean news text.
        text = _bomless_unicode(data) if len(data) % 2 == 0 else None
        if text is not None:
            return text
        bad = data[utf8_error.start]
        raise UnreadableFileError(
            name,
            f"not valid UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}) and no other text encoding "
            "fits; re-save it as UTF-8",
        )
    codec = _SUPERSET_CODECS.get(best.encoding.lower().replace("-", ""), best.encoding)
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return str(best)


def _stray_control(ch: str) -> bool:
    """A control character text does not hold (tabs, line and page breaks and the DOS end mark it may)."""
    return unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS


def _reject_control_characters(text: str, name: str) -> None:
    """Decodable but full of control characters means binary data, not an article."""
    controls = sum(1 for ch in text if _stray_control(ch))
    if controls > max(2, len(text) // 100):
        raise UnreadableFileError(
            name, "binary content (control characters), not text; remove it from the input"
        )
