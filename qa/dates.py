"""Dates as news files write them, read into ISO 8601: ``2024-05-11``, or ``--05-11`` without a year.

One reader for both places a date comes from: the dateline in an article's lead (``first_date``, used by
``bylines.extract_date``) and the ``date`` field of a ``.jsonl`` record (``parse_date``), so the JSON
contract gets ISO dates whichever way an article arrived. Only calendar-valid dates are returned;
anything else is None, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

_FULL_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# Whole-value forms of a date field, beyond those a dateline uses.
_ISO_MONTH_DAY = re.compile(r"--(\d{2})-?(\d{2})")
_ISO_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4})")
_TIME_SUFFIX = re.compile(
    r"(?:T|\s+|(?<=日))\d{1,2}[:时時]\d{2}(?::\d{2}(?:[.,]\d+)?)?分?\s*(?:Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT)?\Z",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_ENGLISH_DATES = (
    re.compile(rf"{_WEEKDAY}(?P<month>[a-z]{{3,9}})\.?\s+(?P<day>\d{{1,2}}){_ORDINAL}(?:,?\s+(?P<year>\d{{4}}))?",
               re.IGNORECASE),
    re.compile(rf"{_WEEKDAY}(?P<day>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?(?P<month>[a-z]{{3,9}})\.?,?(?:\s+(?P<year>\d{{4}}))?",
               re.IGNORECASE),
)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")


_CN_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_CN_TENS = re.compile(r"([一二三四五六七八九])?十([一二三四五六七八九])?")
# 二〇二四年一月十二日, as official documents and some papers date themselves.
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月"
                      r"\s*([一二三四五六七八九十]{1,3})\s*[日号]")


# Years news names relative to its own date: 去年 in an article of 2025 is 2024.
RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "明年": 1}


def chinese_numeral(text: str) -> int | None:
    """A Chinese numeral below 100 as a number (九 → 9, 两 → 2, 十二 → 12, 三十一 → 31), else None (十十)."""
    if len(text) == 1 and text in _CN_DIGIT:
        return _CN_DIGIT[text]
    tens = _CN_TENS.fullmatch(text)
    return _CN_DIGIT[tens[1] or "一"] * 10 + _CN_DIGIT[tens[2] or "零"] if tens else None


def chinese_numeral_text(value: int) -> str:
    """A number from 1 to 99 in Chinese numerals, the inverse of :func:`chinese_numeral`: 3 → 三, 12 → 十二,
    20 → 二十, 31 → 三十一."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(value, 10)
    if not tens:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _arabic_dates(text: str) -> str:
    """Chinese-numeral dates written in digits (二〇二四年一月十二日 → 2024年1月12日), for the readers below."""
    if "年" not in text:
        return text

    def arabic(m: re.Match[str]) -> str:
        month, day = chinese_numeral(m[2]), chinese_numeral(m[3])
        if month is None or day is None:
            return m[0]  # 十十 is no number: left as written, so no date is read from it
        year = "".join(str(_CN_DIGIT[c]) for c in m[1])
        return f"{year}年{month}月{day}日"

    return _CN_DATE.sub(arabic, text)


def first_date(text: str) -> str | None:
    """The first valid date written in ``text``: a full date (年月日 or numeric) first, else 月日 alone."""
    text = _arabic_dates(text)
    for pattern in (_FULL_DATE, _NUMERIC_DATE):
        match = pattern.search(text)
        if match and (iso := iso_date(int(match[1]), int(match[2]), int(match[3]))):
            return iso
    match = _MONTH_DAY.search(text)
    return month_day(int(match[1]), int(match[2])) if match else None


def parse_date(value: str) -> str | None:
    """A whole date field as ISO 8601, or None when it is not a valid date in a form read here.

    Read: ISO (``2024-05-11``, ``20240511``, ``--05-11``, with or without a time part, whose offset is
    ignored: the date is kept as written), ``2024/5/11``, ``2024.5.11``, ``2024年5月11日``, ``5月11日``,
    day first (``11.05.2024``, or with / or - when the day is over 12), and English month names (``May 11,
    2024``, ``Sat, 11 May 2024 08:30:00 +0800``, ``May 11``). Full-width digits count as digits. Example::

        parse_date("2024年5月11日")   # "2024-05-11";  parse_date("yesterday") → None
    """
    value = _arabic_dates(unicodedata.normalize("NFKC", value).strip())
    value = _TIME_SUFFIX.sub("", value, count=1)
    for pattern in (_FULL_DATE, _NUMERIC_DATE, _ISO_BASIC):
        if match := pattern.fullmatch(value):
            return iso_date(int(match[1]), int(match[2]), int(match[3]))
    for pattern in (_MONTH_DAY, _ISO_MONTH_DAY):
        if match := pattern.fullmatch(value):
            return month_day(int(match[1]), int(match[2]))
    if match := _DAY_FIRST.fullmatch(value):
        return _day_first(int(match[1]), match[2], int(match[3]), int(match[4]))
    return _english_date(value)


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD`` when that day exists, else None."""
    return f"{year:04d}-{month:02d}-{day:02d}" if _exists(year, month, day) else None


def month_day(month: int, day: int) -> str | None:
    """``--MM-DD`` when that day exists in some year (2000 is a leap year: 2月29日 is valid), else None."""
    return f"--{month:02d}-{day:02d}" if _exists(2000, month, day) else None


def _exists(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _day_first(first: int, separator: str, second: int, year: int) -> str | None:
    """``11.05.2024`` is day first; with / or - the order is only certain when one number is over 12."""
    if separator == "." or first > 12:
        return iso_date(year, second, first)
    if second > 12 or first == second:
        return iso_date(year, first, second)
    return None  # 05/11/2024: 5 November or May 11, no way to tell


def _english_date(value: str) -> str | None:
    """``May 11, 2024``, ``11 May 2024``, ``Sept. 5``: month names in English, abbreviated or not."""
    for pattern in _ENGLISH_DATES:
        match = pattern.fullmatch(value)
        month = _month_number(match["month"]) if match else None
        if match and month:
            day = int(match["day"])
            return iso_date(int(match["year"]), month, day) if match["year"] else month_day(month, day)
    return None


def _month_number(word: str) -> int | None:
    """1-12 for a month name or its abbreviation of three letters or more (``Sep``, ``Sept``), else None."""
    word = word.lower()
    return next((n for n, name in enumerate(_MONTHS, 1) if name.startswith(word)), None)
