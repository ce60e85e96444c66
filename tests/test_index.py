"""The index end to end with the fake encoder: build, persist, update, search, ask, and refuse bad state."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import qa
from qa import store
from qa.errors import (
    BadArgumentError,
    IndexBusyError,
    IndexCorruptError,
    IndexFormatError,
    IndexNotFoundError,
    ModelMismatchError,
    QAError,
)
from qa.index import Index

ARTICLES = [
    {"id": "hosp", "title": "二七区医疗资源丰富", "date": "2024-01-12",
     "text": "二七区作为省会郑州的核心城区，拥有优质的医疗资源。已有9家三甲医院、723家医疗机构。\n记者 朱翔宇"},
    {"id": "union", "title": "二七区工会第五次代表大会举行",
     "text": "近日，二七区工会第五次代表大会举行。来自全区各行各业的190名代表参加会议。"},
    {"id": "court", "title": "二七区再添5个五星规范化司法所",
     "text": "金水源司法所、京广路司法所荣获命名。2023年累计调解矛盾纠纷5920起。"},
]


def write_corpus(folder: Path, articles=ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return path


@pytest.fixture
def built(tmp_path, fake) -> Index:
    write_corpus(tmp_path / "corpus")
    return Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")


def test_search_finds_the_right_article_in_every_mode(built):
    for mode in ("hybrid", "lexical", "dense", "rrf"):
        hits = built.search("二七区有几家三甲医院？", k=3, mode=mode)
        assert hits[0].article_id == "hosp", mode
        assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_traditional_question_matches_simplified_text(built):
    assert built.search("二七區有幾家三甲醫院？", k=1)[0].article_id == "hosp"


def test_query_with_no_known_token_does_not_crash(built):
    assert built.search("zzqx", k=3, mode="lexical") == []
    assert len(built.search("zzqx", k=3)) == 3  # the dense side still ranks


def test_loaded_index_answers_like_the_built_one(built, tmp_path):
    loaded = Index.load(tmp_path / "idx")
    q = "工会代表大会有多少名代表参加？"
    assert [(h.chunk.id, round(h.score, 5)) for h in loaded.search(q)] == [
        (h.chunk.id, round(h.score, 5)) for h in built.search(q)
    ]
    assert loaded.info()["articles"] == 3


def test_manifest_describes_the_index(built, tmp_path):
    version, _ = store.current_version(tmp_path / "idx")
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["format_version"] == store.FORMAT_VERSION
    assert manifest["encoder"]["model_id"] == "fake-hash-64"
    assert manifest["chunking"]["max_chars"] == 300
    assert set(manifest["files"]) >= {"articles.jsonl", "chunks.npy", "dense.faiss", "lexical/vocab.index.json"}
    assert not [p for p in version.rglob("*") if p.suffix in {".pkl", ".pickle"}]


def _folder_state(root: Path) -> tuple[str, list[str]]:
    return (root / "CURRENT").read_text(), sorted(p.name for p in root.iterdir())


def test_update_of_unchanged_corpus_embeds_and_writes_nothing(built, tmp_path, fake):
    before, state = fake.passages_embedded, _folder_state(tmp_path / "idx")
    again = Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    assert fake.passages_embedded == before
    assert again.last_build.up_to_date and again.last_build.embedded == 0
    assert _folder_state(tmp_path / "idx") == state  # no new version, CURRENT untouched
    assert again.manifest["corpus_fingerprint"] == built.manifest["corpus_fingerprint"]
    assert again.search("二七区有几家三甲医院？", k=1)[0].article_id == "hosp"


def test_rebuild_of_unchanged_corpus_writes_a_new_version(built, tmp_path):
    pointer = (tmp_path / "idx" / "CURRENT").read_text()
    again = Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake", rebuild=True)
    assert not again.last_build.up_to_date and (tmp_path / "idx" / "CURRENT").read_text() != pointer


@pytest.mark.parametrize("change", ["ann_threshold", "moved_file", "glossary"])
def test_a_changed_setting_or_origin_writes_a_new_version_reusing_the_vectors(built, tmp_path, fake, change,
                                                                              monkeypatch):
    before, pointer = fake.passages_embedded, (tmp_path / "idx" / "CURRENT").read_text()
    if change == "glossary":  # a qa with new bridge terms: the bridge is rebuilt, the vectors reused
        monkeypatch.setattr("qa.index.GLOSSARY_VERSION", "another")
    source = tmp_path / "corpus"
    if change == "moved_file":  # same articles from another file: their origins change
        source = tmp_path / "elsewhere"
        source.mkdir()
        (tmp_path / "corpus" / "news.jsonl").rename(source / "news.jsonl")
    again = Index.build([source], folder=tmp_path / "idx", model="fake",
                        ann_threshold=1 if change == "ann_threshold" else None)
    assert not again.last_build.up_to_date and (tmp_path / "idx" / "CURRENT").read_text() != pointer
    assert fake.passages_embedded == before and again.last_build.reused == len(again.chunks)
    if change == "ann_threshold":
        assert Index.load(tmp_path / "idx").manifest["dense"]["index"] != "IndexFlatIP"
    if change == "moved_file":
        assert set(Index.load(tmp_path / "idx").origins.values()) == {str((source / "news.jsonl").resolve())}


def test_changed_article_is_re_embedded_and_old_text_is_gone(built, tmp_path, fake):
    changed = [dict(ARTICLES[0], text="二七区拥有优质的医疗资源。现有12家三甲医院。"), *ARTICLES[1:]]
    write_corpus(tmp_path / "corpus", changed)
    before = fake.passages_embedded
    idx = Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    # the changed chunk and its two new sentences; the byline (a sentence of its own) keeps its vector
    assert idx.last_build.embedded == 1 and idx.last_build.sentences_embedded == 2
    assert fake.passages_embedded - before == 3
    texts = [c.text for c in Index.load(tmp_path / "idx").chunks]
    assert not any("9家三甲医院" in t for t in texts)
    assert any("12家三甲医院" in t for t in texts)
    assert all("9家" not in h.chunk.text for h in idx.search("9家三甲医院", k=10))


def test_article_dropped_from_its_file_is_never_retrieved_again(built, tmp_path):
    write_corpus(tmp_path / "corpus", ARTICLES[1:])
    idx = Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    assert idx.last_build.removed == 1
    reloaded = Index.load(tmp_path / "idx")
    for mode in ("lexical", "dense", "hybrid"):
        assert all(h.article_id != "hosp" for h in reloaded.search("三甲医院", k=10, mode=mode))
    assert "hosp" not in reloaded.articles


def test_a_file_that_cannot_be_read_now_keeps_its_indexed_articles(built, tmp_path):
    extra = tmp_path / "corpus" / "park.txt"
    extra.write_text("二七区新建公园\n\n二七区今年新建口袋公园3座，总面积2万平方米。", encoding="utf-8")
    Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    (tmp_path / "corpus" / "news.jsonl").write_bytes(b"\x00\xff\xfe garbage \x00" * 50)  # a damaged copy
    extra.write_text("二七区新建公园\n\n二七区今年新建口袋公园4座。", encoding="utf-8")
    idx = Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    assert {"hosp", "union", "court"} <= set(Index.load(tmp_path / "idx").articles)
    assert idx.last_build.removed == 0
    assert any("news.jsonl" in w and "kept the 3 article(s)" in w for w in idx.last_build.warnings)
    assert any("4座" in c.text for c in idx.chunks)  # the readable file is still updated


def test_indexing_another_folder_adds_to_the_index(built, tmp_path):
    extra = tmp_path / "more"
    write_corpus(extra, [{"id": "park", "title": "公园", "text": "二七区新建公园3座。"}])
    idx = Index.build([extra], folder=tmp_path / "idx", model="fake")
    assert set(idx.articles) == {"hosp", "union", "court", "park"}


def test_other_model_is_refused(built, tmp_path):
    with pytest.raises(ModelMismatchError, match="rebuild"):
        Index.load(tmp_path / "idx", model="fake:other")
    with pytest.raises(ModelMismatchError, match="--rebuild"):
        Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake:other")
    Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake:other", rebuild=True)
    assert Index.load(tmp_path / "idx").manifest["encoder"]["model_id"] == "fake-hash-64-other"


def test_crash_while_writing_keeps_the_previous_index(built, tmp_path, monkeypatch):
    q = "二七区有几家三甲医院？"
    before = [h.chunk.text for h in Index.load(tmp_path / "idx").search(q)]
    write_corpus(tmp_path / "corpus", ARTICLES[:1])

    def boom(self, folder):
        raise RuntimeError("disk full")

    monkeypatch.setattr("qa.lexical.LexicalIndex.save", boom)
    with pytest.raises(RuntimeError):
        Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    assert [h.chunk.text for h in Index.load(tmp_path / "idx").search(q)] == before
    assert not list((tmp_path / "idx").glob(".tmp-*"))


def test_second_writer_is_refused_clearly(built, tmp_path):
    with store.write_lock(tmp_path / "idx"):
        with pytest.raises(IndexBusyError, match="another `qa index`"):
            Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")


@pytest.mark.parametrize("victim", ["dense.faiss", "chunks.npy", "articles.jsonl", "lexical/data.csc.index.npy",
                                    "sentences.npy", "sentence_keys.npy"])
def test_flipped_byte_is_detected_before_parsing(built, tmp_path, victim):
    version, _ = store.current_version(tmp_path / "idx")
    path = version / victim
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match="checksum"):
        Index.load(tmp_path / "idx")


def test_truncated_file_is_detected(built, tmp_path):
    version, _ = store.current_version(tmp_path / "idx")
    path = version / "dense.faiss"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(IndexCorruptError):
        Index.load(tmp_path / "idx")


def test_edited_manifest_is_detected(built, tmp_path):
    version, _ = store.current_version(tmp_path / "idx")
    manifest = version / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"fake"', '"e5"'))
    with pytest.raises(IndexCorruptError):
        Index.load(tmp_path / "idx")


def test_newer_format_is_refused(built, tmp_path):
    version, _ = store.current_version(tmp_path / "idx")
    manifest = json.loads((version / "manifest.json").read_text())
    manifest["format_version"] = store.FORMAT_VERSION + 1
    (version / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(IndexFormatError, match="newer qa"):
        store.read_manifest(version)


def test_missing_and_foreign_folders(tmp_path):
    with pytest.raises(IndexNotFoundError, match="qa index"):
        Index.load(tmp_path / "nowhere")
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(IndexFormatError, match="not a qa index"):
        Index.load(tmp_path / "photos")


def test_an_index_inside_the_corpus_folder_is_never_read_back_as_articles(tmp_path, fake):
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    write_corpus(tmp_path / "old", [{"id": "old", "title": "旧闻", "text": "去年的旧闻。"}])
    Index.build([tmp_path / "old"], folder=corpus / "archive" / "old-idx", model="fake")  # another run's index
    (corpus / "idx").mkdir()
    (corpus / "idx" / "README.md").write_text("# 索引\n\n这里是 qa 的索引。\n", encoding="utf-8")  # as embeddings/ has
    first = Index.build([corpus], folder=corpus / "idx", model="fake")  # its own output folder, not an index yet
    assert sorted(first.articles) == ["court", "hosp", "union"] and not first.last_build.problems
    again = Index.build([corpus], folder=corpus / "idx", model="fake")  # now it holds an index: still left out
    assert again.last_build.up_to_date and not again.last_build.problems
    assert sorted(again.articles) == ["court", "hosp", "union"]
    from qa.ingest import load_articles

    assert sorted(a.id for a in load_articles(corpus).articles) == ["court", "hosp", "union"]  # `qa ingest` too
    with pytest.raises(QAError, match="idx: a qa index folder, not articles; give the folders of the articles"):
        load_articles(corpus / "idx")


def test_unknown_search_mode_is_a_typed_error_naming_the_modes(built):
    with pytest.raises(BadArgumentError, match="mode must be hybrid, lexical, dense or rrf, not 'bogus'") as e:
        built.search("医院", mode="bogus")  # type: ignore[arg-type]
    assert isinstance(e.value, QAError) and isinstance(e.value, ValueError)


@pytest.mark.parametrize("wait", [float("nan"), float("inf"), -5])
def test_a_wait_that_is_not_finite_and_non_negative_is_refused(tmp_path, fake, wait):
    write_corpus(tmp_path / "corpus")
    with pytest.raises(BadArgumentError, match="wait must be"):
        Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake", wait=wait)
    assert not (tmp_path / "idx").exists()


def test_a_folder_of_other_files_is_not_made_an_index(tmp_path, fake):
    write_corpus(tmp_path / "corpus")
    docs = tmp_path / "docs"
    (docs / "photos").mkdir(parents=True)
    (docs / "notes.txt").write_text("mine")
    with pytest.raises(IndexFormatError, match=r"docs is not a qa index and already holds notes.txt and 1 more"):
        Index.build([tmp_path / "corpus"], folder=docs, model="fake")
    assert sorted(p.name for p in docs.iterdir()) == ["notes.txt", "photos"]  # not even a lock file
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(IndexFormatError, match="is a file"):
        Index.build([tmp_path / "corpus"], folder=tmp_path / "a_file", model="fake")


@pytest.mark.parametrize("entries", [[], ["README.md", ".DS_Store"]])
def test_an_empty_folder_becomes_an_index_and_an_index_is_updated(tmp_path, fake, entries):
    write_corpus(tmp_path / "corpus")
    (tmp_path / "idx").mkdir()
    for name in entries:
        (tmp_path / "idx" / name).write_text("about this folder")
    Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    (tmp_path / "idx" / "notes.txt").write_text("added to an index later: still an index")
    write_corpus(tmp_path / "corpus", ARTICLES[:2])
    assert set(Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake").articles) == {"hosp", "union"}


def test_st_model_that_is_not_a_local_folder_fails_before_any_network(tmp_path, monkeypatch):
    import socket
    import sys

    def no_network(*args, **kwargs):
        raise AssertionError("tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # must not even be needed to say so
    write_corpus(tmp_path / "corpus")
    with pytest.raises(BadArgumentError, match="no sentence-transformers model folder at 'nonexistent'"):
        Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="st:nonexistent")
    assert not (tmp_path / "idx").exists()


def test_bad_k_and_empty_question(built):
    with pytest.raises(QAError, match="k must be"):
        built.search("医院", k=0)
    with pytest.raises(qa.BadQuestionError, match="empty"):
        built.ask(" \t\x00 ")


def test_every_citation_quotes_the_article_at_its_span(built):
    answer = built.ask("二七区有几家三甲医院？")
    assert answer.answered and answer.citations
    for c in answer.citations:
        assert built.article(c.article_id).text[c.start : c.end] == c.quote
    assert "9家三甲医院" in answer.text
    assert answer.citations[0].article_id == "hosp"
    assert answer.text.endswith("[1]") or "[1]" in answer.text


def test_question_about_something_absent_is_declined(built):
    answer = built.ask("二七区2023年的GDP是多少？")
    assert not answer.answered
    assert answer.citations == []
    assert answer.text == "语料中没有找到答案。"
    assert 0.0 <= answer.confidence <= 1.0


def test_json_contract(built):
    d = built.ask("二七区有几家三甲医院？", k=2).to_dict()
    assert set(d) == {"question", "answered", "answer", "short_answer", "confidence", "citations", "passages"}
    assert set(d["citations"][0]) == {"n", "article_id", "title", "date", "source", "start", "end", "quote"}
    assert set(d["passages"][0]) == {"rank", "article_id", "chunk_id", "score", "text"}
    assert len(d["passages"]) == 2
    json.dumps(d, ensure_ascii=False)


def test_removed_article_is_gone_from_every_side(built, tmp_path, fake):
    before = fake.passages_embedded
    idx = Index.load(tmp_path / "idx").remove(["hosp"])
    assert fake.passages_embedded == before
    for loaded in (idx, Index.load(tmp_path / "idx")):
        assert "hosp" not in loaded.articles
        for mode in ("lexical", "dense", "hybrid", "rrf"):
            assert all(h.article_id != "hosp" for h in loaded.search("二七区有几家三甲医院", k=10, mode=mode))
        assert not loaded.ask("二七区有几家三甲医院？").citations or all(
            c.article_id != "hosp" for c in loaded.ask("二七区有几家三甲医院？").citations)


def test_removing_an_unknown_article_changes_nothing(built, tmp_path):
    version_before = store.current_version(tmp_path / "idx")
    with pytest.raises(BadArgumentError, match="no article 'nope'"):
        Index.load(tmp_path / "idx").remove(["nope"])
    assert store.current_version(tmp_path / "idx") == version_before


def test_an_unknown_article_id_is_a_typed_error(built):
    assert built.article("hosp").id == "hosp"
    with pytest.raises(BadArgumentError, match="no article 'nope'"):
        built.article("nope")


@pytest.mark.parametrize("spec", ["nonsense", "e6", "st:"])
def test_a_wrong_model_spec_is_a_bad_argument(tmp_path, spec):
    write_corpus(tmp_path / "corpus")
    with pytest.raises(BadArgumentError, match="model"):
        Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model=spec)


def _page(folder: Path, name: str, sentence: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"# {sentence[:6]}\n{sentence}\n", encoding="utf-8")
    return path


def test_same_file_name_in_two_folders_keeps_both_articles(tmp_path, fake):
    """Papers reuse page names (every day has a page1.txt): neither file may hide the other."""
    _page(tmp_path / "archive" / "2024", "page1.txt", "二七区新建一座图书馆，藏书十万册。")
    _page(tmp_path / "archive" / "2025", "page1.txt", "二七区新开三条公交线路，方便市民出行。")
    index = Index.build([tmp_path / "archive"], folder=tmp_path / "idx", model="fake")
    assert sorted(index.articles) == ["2025/page1-01", "page1-01"]
    assert not index.last_build.problems
    assert "公交" in index.article("2025/page1-01").text and "图书馆" in index.article("page1-01").text


def test_same_file_name_indexed_later_from_another_folder_does_not_replace(tmp_path, fake):
    first = _page(tmp_path / "2024", "page1.txt", "二七区新建一座图书馆，藏书十万册。")
    second = _page(tmp_path / "2025", "page1.txt", "二七区新开三条公交线路，方便市民出行。")
    Index.build([first.parent], folder=tmp_path / "idx", model="fake")
    index = Index.build([second.parent], folder=tmp_path / "idx", model="fake")
    assert sorted(index.articles) == ["2025/page1-01", "page1-01"]
    # re-indexing the second folder, with its page corrected, updates its own article in place
    second.write_text("# 二七区新开\n二七区新开四条公交线路。\n", encoding="utf-8")
    index = Index.build([second.parent], folder=tmp_path / "idx", model="fake")
    assert sorted(index.articles) == ["2025/page1-01", "page1-01"]
    assert "四条" in index.article("2025/page1-01").text and "图书馆" in index.article("page1-01").text


def test_a_renamed_corpus_folder_replaces_its_articles_not_doubles_them(tmp_path, fake):
    old = _page(tmp_path / "mv_a", "page1.txt", "二七区新建一座图书馆，藏书十万册。")
    Index.build([old.parent], folder=tmp_path / "idx", model="fake")
    old.parent.rename(tmp_path / "mv_b")
    index = Index.build([tmp_path / "mv_b"], folder=tmp_path / "idx", model="fake")
    assert sorted(index.articles) == ["page1-01"]
    assert index.origins["page1-01"] == str((tmp_path / "mv_b" / "page1.txt").resolve())


def test_a_jsonl_id_seen_again_is_a_correction(tmp_path, fake):
    """Ids given in the data keep their meaning: the same id from another file replaces the article."""
    write_corpus(tmp_path / "a", [{"id": "x", "title": "旧", "text": "二七区有8家三甲医院。"}])
    write_corpus(tmp_path / "b", [{"id": "x", "title": "更正", "text": "二七区有9家三甲医院。"}])
    Index.build([tmp_path / "a"], folder=tmp_path / "idx", model="fake")
    index = Index.build([tmp_path / "b"], folder=tmp_path / "idx", model="fake")
    assert list(index.articles) == ["x"] and "9家" in index.article("x").text


def test_loaded_chunks_equal_the_built_ones(built, tmp_path):
    loaded = Index.load(tmp_path / "idx")
    assert list(loaded.chunks) == list(built.chunks) and len(loaded.chunks) == len(built.chunks)
    assert loaded.chunks[-1] == built.chunks[-1] and loaded.chunks[1:3] == list(built.chunks[1:3])
    with pytest.raises(IndexError):
        loaded.chunks[len(built.chunks)]


def test_an_index_written_with_chunks_jsonl_still_loads(tmp_path, fake, monkeypatch):
    """Indexes written before chunks.npy keep their spans in chunks.jsonl; they load as before."""
    from qa.chunktable import ChunkTable

    def old_format(chunks, article_order, path):
        with open(path.with_name("chunks.jsonl"), "w", encoding="utf-8") as f:
            for c in chunks:
                f.write(json.dumps({"id": c.id, "article_id": c.article_id, "start": c.start, "end": c.end}) + "\n")

    write_corpus(tmp_path / "corpus")
    with monkeypatch.context() as mp:
        mp.setattr(ChunkTable, "save", staticmethod(old_format))
        built = Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    loaded = Index.load(tmp_path / "idx")
    assert "chunks.jsonl" in loaded.manifest["files"] and "chunks.npy" not in loaded.manifest["files"]
    assert list(loaded.chunks) == list(built.chunks)


@pytest.mark.parametrize(
    ("spans", "message"),
    [(np.zeros((2, 2), np.int64), "not \\(n, 3\\)"), (np.array([[5, 0, 1]], np.int64), "names an article"),
     (np.array([[0, 3, 3]], np.int64), "outside its article"), (np.array([[0, 0, 999]], np.int64), "outside"),
     (np.array([[0, 0, 1]], np.int32), "int32")],
)
def test_chunk_spans_that_do_not_fit_their_articles_are_refused(tmp_path, spans, message):
    from qa.chunktable import ChunkTable
    from qa.types import Article

    np.save(tmp_path / "chunks.npy", spans, allow_pickle=False)
    with pytest.raises(ValueError, match=message):
        ChunkTable.load(tmp_path / "chunks.npy", [Article("a", "t", "二七区有9家三甲医院。")])


def test_every_sentence_an_answer_can_quote_has_its_stored_vector(built, tmp_path, fake):
    from qa.answer import candidates

    loaded = Index.load(tmp_path / "idx")
    hits = loaded.search("二七区有几家三甲医院？", k=5)
    quoted = [c.text for c in candidates(hits, loaded)]
    stored = loaded.sentence_vectors
    assert stored is not None and len(stored) == built.last_build.sentences >= len(set(quoted))
    assert quoted and all(stored.get(t) is not None for t in quoted)
    before = fake.passages_embedded
    vectors = loaded.embed_sentences(quoted)
    assert fake.passages_embedded == before  # read, not embedded
    np.testing.assert_allclose(vectors, fake.encode_passages(quoted), atol=2e-3)  # float16 on disk


def test_answer_weighs_sentences_by_their_closeness_to_the_question(built, tmp_path, fake):
    from qa.answer import gather

    q = "工会代表大会有多少名代表参加？"
    index = Index.load(tmp_path / "idx")
    evidence = gather(q, index.search(q, k=5), index, dense=True)
    cosines = fake.encode_passages([c.text for c in evidence.candidates]) @ fake.encode_queries([q])[0]
    got = [c.features["dense"] for c in evidence.candidates]
    np.testing.assert_allclose(got, cosines, atol=2e-3)
    closest = int(np.argmax(got))
    assert evidence.candidates[closest].features["dense_rank_inv"] == 1.0
    assert evidence.candidates[closest].features["dense_gap"] == 0.0


def test_index_from_before_sentence_vectors_answers_and_gains_them_on_update(built, tmp_path, fake):
    from qa import learned

    q = "二七区有几家三甲医院？"
    reading_dense = {**learned.answer_model(), "sentence": {"dense": 1.0}}  # a model that reads the cosines
    with learned.overridden(reading_dense):
        expected = Index.load(tmp_path / "idx").ask(q)
    old = Index.load(tmp_path / "idx")
    assert old.bridge  # read before the manifest that lists it is replaced
    old._sentences = None
    manifest = {k: v for k, v in old.manifest.items() if k not in ("sentences", "files", "format_version")}
    old.manifest = manifest
    store.commit_version(tmp_path / "idx", old._write)
    reloaded = Index.load(tmp_path / "idx")
    assert reloaded.sentence_vectors is None
    before = fake.passages_embedded
    with learned.overridden(reading_dense):
        answer = reloaded.ask(q)  # its sentences are embedded as they are asked for
    assert fake.passages_embedded > before and answer.text == expected.text
    again = Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    report = again.last_build
    assert not report.up_to_date and report.embedded == 0 and report.sentences_embedded == report.sentences > 0
    assert Index.load(tmp_path / "idx").sentence_vectors is not None


def test_sentence_lookup_finds_each_stored_text_and_no_other(tmp_path):
    from qa.sentvectors import SentenceVectors, keys_of

    rng = np.random.default_rng(0)
    texts = [f"第{i}句。" for i in range(300)]
    vectors = rng.normal(size=(300, 8)).astype(np.float16)
    stored = SentenceVectors.from_keys(keys_of(texts), vectors)
    stored.save(tmp_path)
    opened = SentenceVectors.open(tmp_path)  # memory-mapped, keys sorted
    asked = texts[::-7] + ["不在其中。", ""]
    rows, found = opened.rows(keys_of(asked))
    assert found.tolist() == [True] * (len(asked) - 2) + [False, False]
    expected = {t: v for t, v in zip(texts, vectors, strict=True)}  # the brute-force oracle
    for t, row, f in zip(asked, rows, found, strict=True):
        if f:
            np.testing.assert_array_equal(opened.vectors[row], expected[t])


def test_sentence_vectors_are_left_unread_for_a_model_that_never_learned_them(built, tmp_path, fake):
    from qa import learned
    from qa.answer import gather

    q = "二七区有几家三甲医院？"
    index = Index.load(tmp_path / "idx")
    hits = index.search(q, k=5)
    with learned.overridden({"sentence": {"overlap": 1.0}}):
        assert not learned.reads("sentence", "dense")
        evidence = gather(q, hits, index)
    assert index._sentences is None and all(c.dense == 0.0 for c in evidence.candidates)
    with learned.overridden({"sentence": {"dense": 1.0}}):
        assert learned.reads("sentence", "dense")
        evidence = gather(q, hits, index)
    assert index._sentences is not None and any(c.dense > 0.0 for c in evidence.candidates)


def test_the_cosines_are_read_only_for_a_chinese_question_over_chinese_articles(tmp_path, fake):
    """Learned from Chinese over Chinese only: an English question, over English or Chinese articles, and a
    Chinese one over English articles leave every sentence tied at 0.0, whatever the model reads."""
    from qa import learned
    from qa.answer import gather
    from tests.test_answer import ENGLISH

    chinese = Index.build([write_corpus(tmp_path / "zh")], folder=tmp_path / "zh-idx", model="fake")
    english = Index.build([write_corpus(tmp_path / "en", ENGLISH)], folder=tmp_path / "en-idx", model="fake")
    asked = [(chinese, "二七区有几家三甲医院？", True), (chinese, "二七區有幾家三甲醫院？", True),
             (chinese, "How many tertiary hospitals are there in Erqi District?", False),
             (english, "How much did the library cost?", False), (english, "有多少志愿者参加了清理河流活动？", False)]
    with learned.overridden({"sentence": {"dense": 1.0}}):
        for index, q, read in asked:
            evidence = gather(q, index.search(q, k=5), index)
            assert evidence.candidates, q
            assert any(c.dense != 0.0 for c in evidence.candidates) == read, q
            if not read:
                assert {c.features["dense_rank_inv"] for c in evidence.candidates} == {1.0}, q


def test_equal_cosines_share_their_rank():
    from qa.features import dense_features
    from qa.question import analyse

    got = dense_features(analyse("谁？"), [0.5, 0.8, 0.5, 0.2])
    assert [f["dense_rank_inv"] for f in got] == [0.5, 1.0, 0.5, 0.25]
    assert [round(f["dense_gap"], 6) for f in got] == [-0.3, 0.0, -0.3, -0.6]
