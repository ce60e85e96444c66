"""Tests of the date reader shared by datelines and ``.jsonl`` date fields (``qa/dates.py``)."""

from __future__ import annotations

import pytest

from qa.dates import first_date, parse_date


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-05-11", "2024-05-11"),
        ("2024/5/11", "2024-05-11"),
        ("2024.5.11", "2024-05-11"),
        ("20240511", "2024-05-11"),
        ("2024-05-11T08:30:00+08:00", "2024-05-11"),  # the date as written, not moved to UTC
        ("2024-05-11 08:30:00.123Z", "2024-05-11"),
        ("2024年5月11日", "2024-05-11"),
        ("２０２４年５月１１日", "2024-05-11"),  # full-width digits
        ("2024年5月11日 08:30", "2024-05-11"),
        ("2024年5月11日8时30分", "2024-05-11"),
        ("5月11日", "--05-11"),
        ("--01-12", "--01-12"),
        ("--02-29", "--02-29"),  # valid in a leap year
        ("May 11, 2024", "2024-05-11"),
        ("Saturday, May 11, 2024", "2024-05-11"),
        ("11 May 2024", "2024-05-11"),
        ("11th of May 2024", "2024-05-11"),
        ("Sat, 11 May 2024 08:30:00 +0800", "2024-05-11"),  # RFC 2822, as in RSS feeds
        ("Sept. 5", "--09-05"),
        ("11.05.2024", "2024-05-11"),  # dots: day first
        ("13/05/2024", "2024-05-13"),
        ("05/13/2024", "2024-05-13"),
        (" 2024-5-11 ", "2024-05-11"),
        ("二〇二四年五月十一日", "2024-05-11"),  # Chinese numerals, as official documents date themselves
        ("二零二三年十二月三十一号", "2023-12-31"),
    ],
)
def test_parse_date_reads_common_forms_into_iso(value: str, iso: str) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    "value",
    [
        "yesterday",
        "2024-13-45",
        "2024-02-30",
        "二〇二四年二月三十日",
        "二〇二四年十十月一日",
        "13月40日",
        "05/11/2024",  # 5 November or May 11: not guessed
        "May 2024",  # no day: not expressible as YYYY-MM-DD or --MM-DD
        "2024",
        "Mayday 11",
        "2024-05-11 and later",
        "",
        "   ",
    ],
)
def test_parse_date_refuses_what_is_not_one_valid_date(value: str) -> None:
    assert parse_date(value) is None


def test_first_date_prefers_a_full_date_and_skips_invalid_ones() -> None:
    assert first_date("1月12日与2024年3月5日") == "2024-03-05"
    assert first_date("13月40日") is None
    assert first_date("会议于1月12日召开") == "--01-12"
    assert first_date("本报讯 二〇二四年一月十二日，会议召开。") == "2024-01-12"


def test_chinese_numerals_written_back():
    from qa.dates import chinese_numeral, chinese_numeral_text

    assert [chinese_numeral_text(v) for v in (3, 10, 12, 20, 31)] == ["三", "十", "十二", "二十", "三十一"]
    assert all(chinese_numeral(chinese_numeral_text(v)) == v for v in range(1, 100))
