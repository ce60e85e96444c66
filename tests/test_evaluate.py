"""The evaluation harness: hand-computed metrics, abstention, output files, caching, a benchmark slice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.errors import ModelMismatchError
from qa.evaluate import EvalDataError, QuestionRow, evaluate, gold_rank, trec_lines
from qa.index import Index
from qa.types import Chunk, Hit

BENCHMARKS = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"

PARAGRAPHS = {
    "P1": ("郑州医院", "二七区共有三家三甲医院，分别是省人民医院、市中心医院和市第一人民医院。"),
    "P2": ("黄河大桥", "郑州黄河大桥全长五千五百米，于一九八六年建成通车。"),
    "P3": ("茶叶种植", "信阳毛尖产自河南信阳，是中国十大名茶之一，每年四月开始采摘。"),
}
# question id → (question, gold paragraph, gold answer, the ranking the stubbed search returns)
QUESTIONS = {
    "q1": ("二七区有几家三甲医院？", "P1", "三家", ["P1", "P2", "P3"]),  # gold rank 1
    "q2": ("郑州黄河大桥全长多少米？", "P2", "五千五百米", ["P1", "P2", "P3"]),  # gold rank 2
    "q3": ("信阳毛尖是哪里产的？", "P3", "河南信阳", ["P1", "P2"]),  # not retrieved
    "q4": ("信阳毛尖每年几月开始采摘？", "P3", "四月", ["P3", "P1", "P2"]),  # gold rank 1
}


def _write_squad(path: Path) -> Path:
    data = []
    for pid, (title, context) in PARAGRAPHS.items():
        qas = [{"id": qid, "question": q, "answers": [{"text": a, "answer_start": context.find(a)}]}
               for qid, (q, gold, a, _) in QUESTIONS.items() if gold == pid]
        data.append({"title": title, "paragraphs": [{"id": pid, "context": context, "qas": qas}]})
    path.write_text(json.dumps({"version": "v1", "data": data}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def squad(tmp_path: Path) -> Path:
    return _write_squad(tmp_path / "tiny_squad.json")


@pytest.fixture
def stub_ranking(monkeypatch):
    """Index.search returns the hand-made ranking of each question (one chunk per paragraph)."""
    rankings = {q: order for q, _, _, order in QUESTIONS.values()}

    def search(self, question, k=5, mode="hybrid", dense_weight=0.4):
        first_chunk = {}
        for c in self.chunks:
            first_chunk.setdefault(c.article_id, c)
        order = rankings[question][:k]
        return [Hit(r, first_chunk[a], 1.0 - 0.1 * r) for r, a in enumerate(order, 1)]

    monkeypatch.setattr(Index, "search", search)


def test_retrieval_metrics_match_hand_computed_values(squad, stub_ranking):
    report = evaluate(squad, model="fake", mode="hybrid")
    m = report.metrics
    assert [r.gold_rank for r in report.rows] == [1, 2, None, 1]
    assert m["R@1"] == pytest.approx(50.0)
    assert m["R@5"] == pytest.approx(75.0)
    assert m["R@20"] == pytest.approx(75.0)
    assert m["MRR@10"] == pytest.approx(100 * (1 + 0.5 + 0 + 1) / 4)
    assert m["answer_hit@5"] == pytest.approx(75.0)  # q3's answer is only in P3, which was not retrieved
    assert m["citation_validity"] == pytest.approx(100.0)
    assert report.config["questions"] == 4 and report.config["chunks"] == 3
    assert report.config["answers"] == "Index.ask"
    lo, hi = report.ci95["R@5"]
    assert 0 <= lo <= 75.0 <= hi <= 100


def test_gold_rank_is_the_rank_of_the_first_chunk_of_the_gold_article():
    chunks = [Chunk(i, a, 0, 1, "x") for i, a in enumerate(["A", "B", "B", "C"])]
    hits = [Hit(r, c, 1.0) for r, c in enumerate(chunks, 1)]
    assert gold_rank(hits, ["B"]) == 2
    assert gold_rank(hits, ["C", "B"]) == 2
    assert gold_rank(hits, ["Z"]) is None
    assert gold_rank(hits, []) is None


def test_answer_metrics_are_reported(squad):
    report = evaluate(squad, model="fake", mode="lexical")
    m = report.metrics
    for key in ("top_sentence_acc", "answer_recall", "EM", "F1", "answered", "declined_wrongly",
                "supported_answer", "citation_validity", "latency_p50_ms", "latency_p95_ms",
                "answer_latency_p50_ms", "peak_rss_mb", "index_chunks_per_s"):
        assert key in m, key
    assert m["citation_validity"] == pytest.approx(100.0)
    assert "declined_correctly" not in m  # every benchmark question is answerable
    answered = [r for r in report.rows if r.answered]
    assert all(r.prediction_source == "first_quote" and r.prediction == r.top_quote for r in answered
               if r.short_answer is None)
    assert sum(report.config["prediction"].values()) == len(answered)


def _qa_index(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for pid, (title, text) in PARAGRAPHS.items():
            f.write(json.dumps({"id": pid, "title": title, "text": text}, ensure_ascii=False) + "\n")
    Index.build([corpus], folder=tmp_path / "idx", model="fake")
    return tmp_path / "idx"


def _qa_set(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_jsonl_set_is_asked_with_its_index_s_own_model(tmp_path):
    """No --model needed (the default used to be e5, which an index of another model refused)."""
    index = _qa_index(tmp_path)  # built with the fake encoder
    data = _qa_set(tmp_path / "qa.jsonl", [{"id": "a1", "question": "二七区有几家三甲医院？", "answers": ["三家"]}])
    report = evaluate(data, index=index)
    assert report.config["model"] == "fake" and len(report.rows) == 1
    with pytest.raises(ModelMismatchError):
        evaluate(data, index=index, model="e5")


def test_jsonl_set_with_an_unanswerable_question_reports_abstention(tmp_path):
    index = _qa_index(tmp_path)
    data = _qa_set(tmp_path / "qa.jsonl", [
        {"id": "a1", "question": "二七区有几家三甲医院？", "answers": ["三家"], "article_ids": ["P1"], "lang": "zh"},
        {"id": "a2", "question": "郑州黄河大桥全长多少米？", "answers": ["五千五百米"]},
        {"id": "u1", "question": "火星基地的宇航员叫什么名字？", "answers": []},
    ])
    report = evaluate(data, index=index, model="fake", mode="hybrid")
    m = report.metrics
    assert "declined_correctly" in m and "declined_wrongly" in m and "supported_answer" in m
    assert 0 <= m["declined_correctly"] <= 100
    assert report.config["answerable"] == 2 and report.config["with_gold_article"] == 1
    assert m["R@1"] == pytest.approx(100.0)  # only a1 has a gold article: the ranking is scored on it alone
    assert [r.lang for r in report.rows] == ["zh", None, None]
    assert report.by_lang == {}  # one language only


def test_metrics_are_broken_down_by_language_when_a_set_mixes_them(tmp_path):
    index = _qa_index(tmp_path)
    data = _qa_set(tmp_path / "qa.jsonl", [
        {"id": "z", "question": "二七区有几家三甲医院？", "answers": ["三家"], "article_ids": ["P1"], "lang": "zh"},
        {"id": "e", "question": "How long is the Zhengzhou Yellow River bridge?", "answers": ["五千五百米"],
         "article_ids": ["P2"], "lang": "en"},
    ])
    by_lang = evaluate(data, index=index, model="fake").to_dict()["by_lang"]
    assert set(by_lang) == {"en", "zh"} and by_lang["zh"]["questions"] == 1.0
    assert "R@5" in by_lang["en"] and "answered" in by_lang["en"]


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "not valid JSON"),
    ('{"id": "x", "question": "问？"}', "'answers' must be a list"),
    ('{"id": "x", "question": "", "answers": []}', "'question'"),
    ('["a", "b"]', "expected a JSON object"),
    ('{"question": "问？", "answers": []}', "missing 'id'"),
    ('{"id": " ", "question": "问？", "answers": []}', "'id' is empty"),
    ('{"id": ["x"], "question": "问？", "answers": []}', "'id' must be a string or a whole number"),
])
def test_bad_jsonl_lines_name_the_line(tmp_path, line, message):
    index = _qa_index(tmp_path)
    data = tmp_path / "bad.jsonl"
    data.write_text('{"id": "ok", "question": "二七区有几家三甲医院？", "answers": ["三家"]}\n' + line + "\n",
                    encoding="utf-8")
    with pytest.raises(EvalDataError, match=message) as info:
        evaluate(data, index=index, model="fake")
    assert "bad.jsonl:2" in str(info.value)


def test_bad_inputs_raise_clear_errors(tmp_path, squad):
    index = _qa_index(tmp_path)
    with pytest.raises(EvalDataError, match="no such file"):
        evaluate(tmp_path / "missing.json", model="fake")
    with pytest.raises(EvalDataError, match="unsupported file type"):
        evaluate(_qa_set(tmp_path / "qa.csv", []), model="fake")
    unknown = _qa_set(tmp_path / "qa.jsonl",
                      [{"id": "a", "question": "问？", "answers": ["x"], "article_ids": ["NOPE"]}])
    with pytest.raises(EvalDataError, match="'NOPE'"):
        evaluate(unknown, index=index, model="fake")
    dup = _qa_set(tmp_path / "dup.jsonl", [{"id": "a", "question": "问？", "answers": []}] * 2)
    with pytest.raises(EvalDataError, match="already used"):
        evaluate(dup, index=index, model="fake")
    with pytest.raises(EvalDataError, match="drop --index"):
        evaluate(squad, index=index, model="fake")


def test_trec_file_is_article_level_with_best_rank(squad, stub_ranking, tmp_path):
    report = evaluate(squad, model="fake", answers=False)
    out = tmp_path / "run.trec"
    report.write_trec(out, "myrun")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[:3] == ["q1 Q0 P1 1 0.900000 myrun", "q1 Q0 P2 2 0.800000 myrun", "q1 Q0 P3 3 0.700000 myrun"]
    assert all(len(line.split()) == 6 for line in lines)
    assert len(lines) == 3 + 3 + 2 + 3


def test_trec_lines_dedupe_chunks_to_articles():
    row = QuestionRow("q 1", "?", ["a"], ["B"], [("A", 3.0), ("A", 2.5), ("B", 2.0), ("A", 1.0)], 3, False, 1.0)
    assert trec_lines([row], "run") == ["q_1 Q0 A 1 3.000000 run", "q_1 Q0 B 2 2.000000 run"]


def test_per_question_file(squad, stub_ranking, tmp_path):
    report = evaluate(squad, model="fake")
    out = tmp_path / "rows.jsonl"
    report.write_per_question(out)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["q1", "q2", "q3", "q4"]
    first = rows[0]
    for key in ("question", "gold_answers", "gold_articles", "retrieved", "gold_rank", "prediction",
                "short_answer", "confidence", "answered", "em", "f1", "latency_ms"):
        assert key in first, key
    assert first["retrieved"][0] == {"article_id": "P1", "score": 0.9}
    # the confidence behind each answer or decline is kept for error analysis
    assert all(0.0 <= r["confidence"] <= 1.0 for r in rows if r["answered"] is not None)
    assert rows[2]["gold_rank"] is None


def test_second_run_reuses_the_cached_index(squad, fake):
    first = evaluate(squad, model="fake", mode="lexical", answers=False)
    embedded = fake.passages_embedded
    assert first.config["build"]["embedded_now"] == 3 and first.config["build"]["built"] is True
    second = evaluate(squad, model="fake", mode="lexical", answers=False)
    assert fake.passages_embedded == embedded
    assert second.config["build"]["built"] is False
    assert second.metrics["index_chunks_per_s"] == first.metrics["index_chunks_per_s"] is not None
    assert second.metrics["R@5"] == first.metrics["R@5"]


def test_cached_index_is_refreshed_without_embedding_when_qa_code_changed(squad, fake, monkeypatch):
    first = evaluate(squad, model="fake", mode="lexical", answers=False)
    embedded = fake.passages_embedded
    monkeypatch.setattr("qa.evalcache.code_fingerprint", lambda: "other-code")
    refreshed = evaluate(squad, model="fake", mode="lexical", answers=False)
    assert refreshed.config["build"]["built"] is True and refreshed.config["build"]["embedded_now"] == 0
    assert fake.passages_embedded == embedded
    # the build rate stays that of the build that embedded; a refresh that embeds nothing is no measure of it
    assert refreshed.metrics["index_chunks_per_s"] == first.metrics["index_chunks_per_s"] is not None
    assert evaluate(squad, model="fake", mode="lexical", answers=False).config["build"]["built"] is False


def test_bm25_jieba_baseline_is_retrieval_only(squad, fake, tmp_path):
    pytest.importorskip("jieba")
    pytest.importorskip("rank_bm25")
    report = evaluate(squad, model="fake", mode="bm25-jieba")
    assert fake.passages_embedded == 0  # the baseline does not need the dense index
    assert report.metrics["R@1"] == pytest.approx(100.0)  # each question shares words only with its paragraph
    assert "EM" not in report.metrics and report.config["answers"] is None
    over_index = evaluate(_qa_set(tmp_path / "qa.jsonl", [{"id": "a", "question": "二七区有几家三甲医院？",
                                                            "answers": ["三家"], "article_ids": ["P1"]}]),
                          index=_qa_index(tmp_path), model="fake", mode="bm25-jieba")
    assert over_index.metrics["R@1"] == 100.0 and "answered" not in over_index.metrics


def test_cli_eval_json_and_table(squad, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(squad), "--model", "fake", "--mode", "lexical", "--json",
                                 "--report", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["mode"] == "lexical" and "R@5" in payload["metrics"]
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8")) == payload
    table = runner.invoke(app, ["eval", str(squad), "--model", "fake", "--limit", "2"])
    assert table.exit_code == 0 and "MRR@10" in table.stdout
    bad = runner.invoke(app, ["eval", str(tmp_path / "nope.jsonl"), "--model", "fake"])
    assert isinstance(bad.exception, EvalDataError)
    assert runner.invoke(app, ["eval", str(squad), "--mode", "bm25"]).exit_code == 2


@pytest.mark.skipif(not (BENCHMARKS / "cmrc2018_trial.json").is_file(), reason="shared benchmarks not present")
def test_cmrc_trial_slice_lexical_recall_floor():
    report = evaluate(BENCHMARKS / "cmrc2018_trial.json", model="fake", mode="lexical", limit=50)
    assert report.config["questions"] == 50 and report.config["articles"] == 256
    assert report.metrics["R@5"] >= 85.0
    assert report.metrics["citation_validity"] == pytest.approx(100.0)


def test_empty_benchmark_questions_are_skipped_and_refused_ones_count_as_misses(tmp_path):
    squad = json.loads(_write_squad(tmp_path / "s.json").read_text(encoding="utf-8"))
    squad["data"][0]["paragraphs"][0]["qas"].append({"id": "empty", "question": " ", "answers": [{"text": "三家"}]})
    data = tmp_path / "with_empty.json"
    data.write_text(json.dumps(squad, ensure_ascii=False), encoding="utf-8")
    report = evaluate(data, model="fake", mode="lexical")
    assert report.config["skipped_questions"] == ["empty"] and report.config["questions"] == 4

    index = _qa_index(tmp_path)
    long = _qa_set(tmp_path / "long.jsonl", [{"id": "l", "question": "医院" * 600, "answers": ["三家"],
                                               "article_ids": ["P1"]}])
    refused = evaluate(long, index=index, model="fake")
    assert refused.config["refused_questions"] == ["l"]
    assert refused.metrics["R@20"] == 0.0 and refused.metrics["answered"] == 0.0
    assert "1,000" in (refused.rows[0].error or "")


@pytest.mark.parametrize("damage", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_damaged_build_stats_beside_a_cached_index_mean_a_refresh(squad, fake, damage):
    evaluate(squad, model="fake", mode="lexical", answers=False)
    (stats,) = Path("eval/cache").glob("*.build.json")  # the default cache, under the test's own cwd
    stats.write_bytes(damage)
    again = evaluate(squad, model="fake", mode="lexical", answers=False)
    assert again.config["build"]["built"] is True and again.config["build"]["embedded_now"] == 0
    assert again.metrics["R@5"] is not None


def _malformed_squad(path: Path) -> Path:
    """The tiny benchmark with malformed entries among the good ones, in file order: q1, no 'question',
    no 'answers', then q2; an explicit [] and a SQuAD 2.0 `is_impossible` question without 'answers' (both
    unanswerable, not malformed); an item without 'paragraphs' and a paragraph without 'context' last."""
    squad = json.loads(_write_squad(path).read_text(encoding="utf-8"))
    squad["data"][0]["paragraphs"][0]["qas"][1:1] = [
        {"id": "no-question", "answers": [{"text": "三家"}]},
        {"id": "no-answers", "question": "二七区有几家三甲医院？"},
    ]
    squad["data"][1]["paragraphs"][0]["qas"] += [
        {"id": "empty-list", "question": "大桥是谁设计的？", "answers": []},
        {"id": "impossible", "question": "大桥花了多少钱？", "is_impossible": True},
    ]
    squad["data"] += [{"title": "no paragraphs"}, {"title": "T", "paragraphs": [{"qas": []}]}]
    path.write_text(json.dumps(squad, ensure_ascii=False), encoding="utf-8")
    return path


MALFORMED = ["data[0].paragraphs[0].qas[1]: missing 'question'; question skipped",
             "data[0].paragraphs[0].qas[2]: missing 'answers'; question skipped",
             "data[3]: missing 'paragraphs'; item skipped",
             "data[4].paragraphs[0]: missing 'context'; paragraph skipped"]


def test_malformed_benchmark_entries_are_skipped_by_place_and_never_scored(tmp_path):
    report = evaluate(_malformed_squad(tmp_path / "m.json"), model="fake", mode="lexical")
    gold = {r.id: r.gold_answers for r in report.rows}
    assert list(gold) == ["q1", "q2", "empty-list", "impossible", "q3", "q4"]  # no-answers is not "unanswerable"
    assert gold["empty-list"] == gold["impossible"] == []
    assert report.config["skipped_questions"] == MALFORMED
    assert [p.message for p in report.problems] == MALFORMED


def test_malformed_benchmark_entries_are_one_skipped_line_each(tmp_path, monkeypatch, capsys):
    from qa import cli

    data = _malformed_squad(tmp_path / "m.json")
    monkeypatch.setattr("sys.argv", ["qa", "eval", str(data), "--model", "fake", "--mode", "lexical", "--json"])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    err = capsys.readouterr().err
    assert exc.value.code == 0
    assert err.splitlines() == [f"qa: skipped {data.as_posix()}: {m}" for m in MALFORMED]


def test_a_benchmark_whose_questions_are_all_malformed_names_the_missing_field(tmp_path):
    data = tmp_path / "bad.json"
    data.write_text(json.dumps({"data": [{"paragraphs": [{"context": "二七区共有三家三甲医院。", "qas": [
        {"id": "a", "question": "二七区有几家三甲医院？"}, {"id": "b", "question": "几家？"}]}]}]}), encoding="utf-8")
    with pytest.raises(EvalDataError, match=r"no usable questions.*qas\[0\]: missing 'answers'"):
        evaluate(data, model="fake", mode="lexical")


def test_skipped_questions_under_a_limit_are_only_those_among_the_questions_run(tmp_path):
    squad = json.loads(_write_squad(tmp_path / "s.json").read_text(encoding="utf-8"))
    squad["data"][2]["paragraphs"][0]["qas"].append({"id": "empty", "question": "", "answers": [{"text": "四月"}]})
    (tmp_path / "s.json").write_text(json.dumps(squad, ensure_ascii=False), encoding="utf-8")
    assert evaluate(tmp_path / "s.json", model="fake", mode="lexical", limit=2).config["skipped_questions"] == []
    assert evaluate(tmp_path / "s.json", model="fake", mode="lexical").config["skipped_questions"] == ["empty"]

    data = _malformed_squad(tmp_path / "m.json")
    assert evaluate(data, model="fake", mode="lexical", limit=1).config["skipped_questions"] == []
    two = evaluate(data, model="fake", mode="lexical", limit=2)
    assert [r.id for r in two.rows] == ["q1", "q2"] and two.config["skipped_questions"] == MALFORMED[:2]
    assert [p.message for p in two.problems] == MALFORMED[:2]
    assert evaluate(data, model="fake", mode="lexical", limit=6).config["skipped_questions"] == MALFORMED[:2]


@pytest.mark.parametrize(("option", "target", "message"), [
    ("--report", "nodir/r.json", "folder nodir does not exist"),
    ("--per-question", "nodir/rows.jsonl", "folder nodir does not exist"),
    ("--trec", "afolder", "afolder is a folder"),
    ("--report", "afile/r.json", "afile is not a folder"),
])
def test_output_paths_are_checked_before_the_run(squad, option, target, message, monkeypatch, capsys):
    from qa import cli

    Path("afolder").mkdir()
    Path("afile").write_text("x", encoding="utf-8")
    monkeypatch.setattr("sys.argv", ["qa", "eval", str(squad), "--model", "fake", "--mode", "lexical",
                                     option, target])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    err = capsys.readouterr().err
    assert exc.value.code == 1 and len(err.splitlines()) == 1, err
    assert err.startswith(f"qa: error: {option} {target}: ") and message in err, err
    assert not Path("eval/cache").exists()  # refused before any index was built
