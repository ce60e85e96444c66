"""The QA sets in eval/ (the seed set, the later audit set, both over the shipped corpus, and the blind
sets over articles of their own) stay well-formed and grounded in the articles they cite, as qa ingests them."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from qa.ingest import load_articles

REPO = Path(__file__).resolve().parents[1]
SEED_QA = REPO / "eval" / "seed_qa.jsonl"
AUDIT_QA = REPO / "eval" / "audit_qa.jsonl"
BLIND_QA = REPO / "eval" / "blind_qa.jsonl"
BLIND2_QA = REPO / "eval" / "blind2_qa.jsonl"
BLIND3_QA = REPO / "eval" / "blind3_qa.jsonl"
BLIND4_QA = REPO / "eval" / "blind4_qa.jsonl"
CORPUS = REPO / "corpus"
# Each set with the articles it is asked over.
CORPORA = {SEED_QA: CORPUS, AUDIT_QA: CORPUS, BLIND_QA: REPO / "eval" / "blind", BLIND2_QA: REPO / "eval" / "blind2",
           BLIND3_QA: REPO / "eval" / "blind3", BLIND4_QA: REPO / "eval" / "blind4"}
QA_SETS = list(CORPORA)

FIELDS = {"id", "question", "answers", "article_ids", "lang", "type"}
LANGS = {"zh", "zh-Hant", "en"}
TYPES = {"number", "name", "list", "date", "fact", "unanswerable"}


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="module", params=QA_SETS, ids=lambda p: p.stem)
def qa_set(request) -> tuple[list[dict], dict[str, str]]:
    """The set's questions, and the texts of its articles by id."""
    articles = load_articles(CORPORA[request.param]).articles
    return _read_jsonl(request.param), {a.id: a.text for a in articles}


@pytest.fixture(scope="module")
def rows(qa_set) -> list[dict]:
    return qa_set[0]


@pytest.fixture(scope="module")
def texts(qa_set) -> dict[str, str]:
    return qa_set[1]


def test_the_blind_set_reads_every_file_of_its_articles():
    """Plain text, Markdown with front matter, Traditional Chinese, English and a GBK file: six articles."""
    result = load_articles(CORPORA[BLIND_QA])
    assert sorted(a.id for a in result.articles) == ["a1", "a2", "a3", "a4", "a5", "a6"]
    assert result.problems == []


def test_the_second_blind_set_reads_a_page_a_feed_and_four_files():
    """A page file of three articles, a JSONL feed of three, Markdown, Traditional Chinese, an English wire
    story with a long headline and a GBK file: ten articles, each with its title and date."""
    result = load_articles(CORPORA[BLIND2_QA])
    articles = {a.id: a for a in result.articles}
    assert sorted(articles) == ["b1", "b2", "b3", "b4", "f1", "f2", "f3", "page-01", "page-02", "page-03"]
    assert result.problems == []
    assert all(a.title != a.id and a.date for a in articles.values())


def test_the_third_blind_set_reads_big5_utf16_and_a_markdown_post():
    """A page of three under a masthead, a feed of three with three date forms, a Markdown post (front matter
    and its title as a heading), Big5 Traditional, English, and UTF-16 with CRLF: ten articles, each dated,
    no date line run into the text."""
    result = load_articles(CORPORA[BLIND3_QA])
    articles = {a.id: a for a in result.articles}
    assert sorted(articles) == ["c1", "c2", "c3", "c4", "f1", "f2", "f3", "page-01", "page-02", "page-03"]
    assert result.problems == []
    assert all(a.title != a.id and a.date for a in articles.values())
    assert [a.date for a in (articles["f1"], articles["f2"], articles["f3"])] == ["2025-04-02", "2025-04-09",
                                                                                "2025-04-16"]
    assert not articles["c4"].text.startswith("2025年6月12日6月")  # the date line stays its own line


def test_the_fourth_blind_set_reads_a_wrapped_page_gb18030_and_full_width_digits():
    """A page of three (one hard-wrapped at 36 characters, as copied from a PDF), a feed with three date forms,
    a Markdown article with a bullet list and no heading, Traditional Chinese with full-width digits, English
    with a dateline of no year, and GB18030 with a character GBK lacks (郑䶮): ten articles, titled and dated."""
    result = load_articles(CORPORA[BLIND4_QA])
    articles = {a.id: a for a in result.articles}
    assert sorted(articles) == ["d1", "d2", "d3", "d4", "g1", "g2", "g3", "page-01", "page-02", "page-03"]
    assert result.problems == []
    assert all(a.title != a.id and a.date for a in articles.values())
    assert [articles[f"g{i}"].date for i in (1, 2, 3)] == ["2025-09-03", "2025-09-04", "2025-09-05"]
    assert "郑䶮" in articles["d4"].text
    wrapped = articles["page-02"].text  # its lines are joined again, across a number and before a 。
    assert "2025—2026年度供暖季" in wrapped and "供暖期共120天" in wrapped and "121万平方米。目前" in wrapped


@pytest.mark.parametrize("path", QA_SETS, ids=lambda p: p.stem)
def test_every_line_parses_with_the_required_fields(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines, f"{path} is empty"
    for n, line in enumerate(lines, 1):
        row = json.loads(line)
        assert set(row) >= FIELDS, f"line {n} lacks {FIELDS - set(row)}"
        assert isinstance(row["question"], str) and row["question"].strip(), f"line {n}: empty question"
        assert isinstance(row["answers"], list) and all(isinstance(a, str) and a for a in row["answers"])
        assert isinstance(row["article_ids"], list) and all(isinstance(i, str) for i in row["article_ids"])
        assert row["lang"] in LANGS, f"line {n}: lang {row['lang']!r}"
        assert row["type"] in TYPES, f"line {n}: type {row['type']!r}"


def test_ids_and_questions_are_unique(rows):
    ids = Counter(r["id"] for r in rows)
    assert [i for i, c in ids.items() if c > 1] == []
    questions = Counter(r["question"] for r in rows)
    assert [q for q, c in questions.items() if c > 1] == []


def test_article_ids_exist_in_the_corpus(rows, texts):
    unknown = {(r["id"], a) for r in rows for a in r["article_ids"] if a not in texts}
    assert unknown == set()


def test_every_answer_is_verbatim_in_a_cited_article(rows, texts):
    missing = [
        (r["id"], ans)
        for r in rows
        for ans in r["answers"]
        if not any(ans in texts.get(a, "") for a in r["article_ids"])
    ]
    assert missing == []


def test_answerable_and_unanswerable_are_consistent(rows):
    for r in rows:
        if r["type"] == "unanswerable":
            assert r["answers"] == [] and r["article_ids"] == [], r["id"]
        else:
            assert r["answers"] and r["article_ids"], r["id"]


def test_counts():
    rows = _read_jsonl(SEED_QA)
    langs = Counter(r["lang"] for r in rows)
    assert len(rows) >= 48
    assert langs["en"] >= 8
    assert langs["zh-Hant"] >= 8
    assert sum(r["type"] == "unanswerable" for r in rows) >= 10
    assert sum(r["type"] == "unanswerable" and r["lang"] == "en" for r in rows) >= 1
    assert sum(r["type"] == "unanswerable" and r["lang"] == "zh-Hant" for r in rows) >= 1


def test_question_script_matches_lang(rows):
    """English questions carry no CJK; Chinese ones do (a cheap guard against a mislabelled line)."""
    for r in rows:
        has_cjk = any("\u4e00" <= ch <= "\u9fff" for ch in r["question"])
        assert has_cjk == (r["lang"] != "en"), r["id"]
