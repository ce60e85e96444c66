"""Issue 6: every bad input gets one clear line and a non-zero exit; a crash loses nothing; a damaged index
never answers. Each test here is listed in tests/bad-input.md with the message it checks.

The crash tests run the real CLI in subprocesses (with the fake encoder registered by a small runner
script) and kill them with SIGKILL, at random moments and at every step of the commit.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from qa import encoders, learned, store
from qa.errors import IndexCorruptError, IngestError
from qa.index import Index
from qa.ingest import load_articles
from tests.conftest import FakeEncoder, build_small_fake_index
from tests.test_cli import main_exit
from tests.test_index import ARTICLES, write_corpus

REPO = Path(__file__).resolve().parents[1]


def one_line_error(err: str, *fragments: str) -> None:
    """The stderr of a refused command: exactly one `qa: error:` line holding every fragment, no traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("qa: error: "), err
    assert "Traceback" not in err and "unexpected" not in err, err
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """One small index built with the fake encoder, copied by ``idx`` (building costs ~1 s, copying ~5 ms)."""
    return build_small_fake_index(tmp_path_factory.mktemp("template"))


@pytest.fixture
def idx(tmp_path, built_once, fake) -> Path:
    shutil.copytree(built_once / "corpus", tmp_path / "corpus")
    shutil.copytree(built_once / "idx", tmp_path / "idx")
    return tmp_path / "idx"


def ask_json(idx: Path, question: str, monkeypatch, capsys, *extra: str) -> dict:
    code, out, err = main_exit(["ask", question, "--index", str(idx), "--json", *extra], monkeypatch, capsys)
    assert code == 0 and "Traceback" not in err, err
    return json.loads(out)


# ---- questions ------------------------------------------------------------------------------------------

ODD_QUESTIONS = [  # (a question of only punctuation or emoji is refused: cli test_a_question_without_words…)
    "二七区有几家三甲医院？😀😀",
    "How many 三甲医院 does 二七区 have?",
    "Сколько больниц в 二七区?",
    "كم مستشفى في 二七区؟",
    "二七区\u200b有几家\u200d三甲医院",  # zero-width space and joiner
    "\u202e二七区有几家三甲医院",  # right-to-left override
    "e\u0301\u0301\u0301\u0301 二七区",  # stacked combining marks
    "𠮷野家在二七区吗",  # outside the BMP
    "ＡＢＣ１２３ 医院",  # full width
    "二七区\x01有几家\x1b[31m三甲医院？",  # control characters and an ANSI escape inside a real question
]


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_odd_questions_answer_or_decline_normally(idx, monkeypatch, capsys, question):
    payload = ask_json(idx, question, monkeypatch, capsys)
    assert isinstance(payload["answered"], bool) and 0 <= payload["confidence"] <= 1
    loaded = Index.load(idx)
    for c in payload["citations"]:
        assert loaded.article(c["article_id"]).text[c["start"] : c["end"]] == c["quote"]


def test_lone_surrogate_in_a_library_question_is_answered_normally(idx):
    answer = Index.load(idx).ask("\ud800二七区有几家三甲医院？")
    assert answer.answered and "9家三甲医院" in answer.text


def test_question_bytes_the_terminal_cannot_decode_are_refused(idx, monkeypatch, capsys):
    undecodable = b"\xff\xfe\xe5\x8c\xbb".decode("utf-8", "surrogateescape")  # how Python hands over bad argv
    code, _, err = main_exit(["ask", undecodable, "--index", str(idx)], monkeypatch, capsys)
    assert code == 1
    one_line_error(err, "not valid", "UTF-8")


@pytest.mark.parametrize(("question", "fragment"), [("\t \n", "question is empty"), ("\x00\x1f\x7f", "empty"),
                                                    ("问" * 1_000_000, "limit is 1,000")])
def test_unusable_question_is_one_line(idx, monkeypatch, capsys, question, fragment):
    code, _, err = main_exit(["ask", question, "--index", str(idx)], monkeypatch, capsys)
    assert code == 1
    one_line_error(err, fragment)


@pytest.mark.parametrize(("k", "fragment"), [
    ("0", "Input should be greater than or equal to 1"), ("-1", "greater than or equal to 1"),
    ("1001", "Input should be less than or equal to 1000"), (str(10**30), "less than or equal to 1000"),
    ("abc", "Input should be a valid integer"), ("2.5", "Input should be a valid integer"),
])
def test_bad_k_is_one_line(idx, monkeypatch, capsys, k, fragment):
    got, _, err = main_exit(["ask", "医院", "--index", str(idx), "-k", k], monkeypatch, capsys)
    assert got == 2  # out of range or no number at all: a usage mistake either way
    one_line_error(err, "Invalid value for '-k'", fragment, "see `qa ask --help`")


@pytest.mark.parametrize(("args", "fragment"), [
    (["ask"], "Missing argument 'question'; see `qa ask --help`"),
    (["ask", "医院", "--bogus"], "No such option: --bogus"),
    (["frobnicate"], "No such command 'frobnicate'"),
    (["search", "医院", "--mode", "fuzzy"], "mode must be hybrid, lexical, dense or rrf"),
    (["search", "医院", "-k", "0"], "Invalid value for '-k': Input should be greater than or equal to 1"),
    (["index", "corpus", "--ann-threshold", "0"], "Invalid value for '--ann-threshold': Input should be greater"),
    (["eval", "b.json", "--limit", "0"], "Invalid value for '--limit': Input should be greater than or equal to 1"),
])
def test_usage_errors_are_one_line_with_exit_2(monkeypatch, capsys, args, fragment):
    code, _, err = main_exit(args, monkeypatch, capsys)
    assert code == 2
    one_line_error(err, fragment)


def test_help_still_works(monkeypatch, capsys):
    code, out, _ = main_exit(["--help"], monkeypatch, capsys)
    assert code == 0 and "ask" in out


def test_unwritable_output_is_one_line(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "blocker").write_text("a file, not a folder", encoding="utf-8")
    code, _, err = main_exit(["ingest", str(tmp_path / "a.txt"), "-o", str(tmp_path / "blocker" / "out.jsonl")],
                             monkeypatch, capsys)
    assert code == 1
    one_line_error(err, "blocker", "check the path")


def _fifo_out(d: Path) -> Path:
    os.mkfifo(d / "out.jsonl")
    return d / "out.jsonl"


def _link_to_fifo_out(d: Path) -> Path:
    os.mkfifo(d / "pipe")
    (d / "out.jsonl").symlink_to(d / "pipe")
    return d / "out.jsonl"


def _folder_out(d: Path) -> Path:
    (d / "out.jsonl").mkdir()
    return d / "out.jsonl"


@pytest.mark.parametrize(("make_out", "fragments"), [
    (_fifo_out, ("cannot write", "out.jsonl: it is a named pipe (FIFO), not a regular file")),
    (_link_to_fifo_out, ("out.jsonl (a link to", "pipe): it is a named pipe (FIFO)")),
    (_folder_out, ("out.jsonl: it is a folder; give a file name",)),
    (lambda d: d / "nodir" / "out.jsonl", ("nodir does not exist", "create the folder")),
])
def test_output_that_is_no_regular_file_is_refused_and_left_alone(tmp_path, monkeypatch, capsys, make_out,
                                                                 fragments):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "outs").mkdir()
    out = make_out(tmp_path / "outs")
    before = {p.name: (p.lstat().st_mode, p.is_symlink()) for p in (tmp_path / "outs").iterdir()}
    code, _, err = main_exit(["ingest", str(tmp_path / "a.txt"), "-o", str(out)], monkeypatch, capsys)
    assert code == 1
    one_line_error(err, *fragments)
    assert ".tmp" not in err
    assert {p.name: (p.lstat().st_mode, p.is_symlink()) for p in (tmp_path / "outs").iterdir()} == before


def test_output_that_is_an_input_is_refused_and_the_input_kept(tmp_path, monkeypatch, capsys):
    lines = '{"id": "a", "text": "二七区新建公园。"}\n{"id": 1.5, "text": "skipped"}\n'
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "s.jsonl").write_text(lines, encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "in" / "s.jsonl")
    for inputs, out in ([["in/s.jsonl"], "in/s.jsonl"], [["in"], "in/s.jsonl"], [["in/s.jsonl"], "link.jsonl"]):
        code, _, err = main_exit(["ingest", *inputs, "-o", out], monkeypatch, capsys)
        assert code == 1
        one_line_error(err, f"cannot write {out}", "one of the input files")
        assert (tmp_path / "in" / "s.jsonl").read_text(encoding="utf-8") == lines
        assert sorted(p.name for p in (tmp_path / "in").iterdir()) == ["s.jsonl"]


def test_output_symlink_is_followed_and_kept(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.txt").write_text("正文。", encoding="utf-8")
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "corpus.jsonl").write_text("old\n", encoding="utf-8")
    (tmp_path / "out.jsonl").symlink_to(tmp_path / "real" / "corpus.jsonl")
    code, _, err = main_exit(["ingest", "a.txt", "-o", "out.jsonl"], monkeypatch, capsys)
    assert code == 0, err
    assert (tmp_path / "out.jsonl").is_symlink()
    assert [a.id for a in load_articles(tmp_path / "real" / "corpus.jsonl").articles] == ["a"]
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["corpus.jsonl"]


# ---- corpus ---------------------------------------------------------------------------------------------

def _index_cli(paths: list[Path], monkeypatch, capsys, index: str = "idx") -> tuple[int, str]:
    code, _, err = main_exit(["index", *map(str, paths), "--index", index, "--model", "fake", "-q"],
                             monkeypatch, capsys)
    assert "Traceback" not in err and "unexpected" not in err, err
    return code, err


@pytest.mark.parametrize(("make", "fragment"), [
    (lambda d: None, "no articles found in"),
    (lambda d: (d / "empty.txt").write_bytes(b""), "empty.txt: file is empty"),
    (lambda d: (d / "blank.md").write_bytes(b" \n\t\r\n"), "blank.md: file is empty"),
    (lambda d: (d / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50), "photo.txt: binary"),
    (lambda d: (d / "notes.pdf").write_bytes(b"%PDF-1.7"), "no .txt, .md, .jsonl or .json files"),
])
def test_corpus_with_nothing_usable_is_one_line(tmp_path, monkeypatch, capsys, make, fragment):
    corpus = tmp_path / "in"
    corpus.mkdir()
    make(corpus)
    code, err = _index_cli([corpus], monkeypatch, capsys)
    assert code == 1
    one_line_error(err, fragment)
    assert not (tmp_path / "idx" / "CURRENT").exists()


def _mixed_corpus(folder: Path) -> None:
    folder.mkdir()
    write_corpus(folder)  # news.jsonl: hosp, union, court
    (folder / "gbk.txt").write_bytes("金水区图书馆\n金水区图书馆藏书达到八十万册。\n".encode("gbk"))
    (folder / "gb18030.txt").write_bytes("𠮷祥路改造\n𠮷祥路改造工程于三月完工。\n".encode("gb18030"))
    (folder / "big5.txt").write_bytes("臺北書展\n臺北國際書展吸引五十萬人次參觀。\n".encode("big5"))
    (folder / "latin1_bad.txt").write_bytes("正文。".encode() + b"\xff\xfe\xfa" + "更多。".encode())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02\x03" * 64)
    (folder / "lines.jsonl").write_text("\n".join([
        json.dumps({"id": "ok1", "title": "公园", "text": "二七区新建公园3座。"}, ensure_ascii=False),
        '{"id": "broken", "text": ',
        json.dumps({"id": "typed", "text": "作者字段错误。", "authors": 5}),
        json.dumps({"id": "half", "text": "\ud800坏的代理对。"}),
        json.dumps({"id": "ok2", "title": "河道", "text": "河道治理完成12公里。"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    (folder / "squad.json").write_text(json.dumps({"data": [
        {"title": "T", "paragraphs": [{"context": "熊儿河全长二十公里。", "qas": []}, {"qas": []}]},
        {"title": "no paragraphs"},
    ]}, ensure_ascii=False), encoding="utf-8")


def test_bad_files_are_named_and_everything_else_is_indexed(tmp_path, monkeypatch, capsys):
    _mixed_corpus(tmp_path / "in")
    code, err = _index_cli([tmp_path / "in"], monkeypatch, capsys)
    assert code == 0, err
    skipped = [line for line in err.splitlines() if line.startswith("qa: skipped ")]
    expected = [
        ("binary.md", "binary"), ("empty.txt", "file is empty"), ("latin1_bad.txt", "not valid UTF-8"),
        ("lines.jsonl:2", "not valid JSON"), ("lines.jsonl:3", "'authors' must be a list of names"),
        ("lines.jsonl:4", "unpaired UTF-16 surrogate"), ("squad.json", "paragraphs[1]: missing 'context'"),
        ("squad.json", "data[1]: missing 'paragraphs'"),
    ]
    for name, reason in expected:
        assert any(f"/{name}: " in line and reason in line for line in skipped), (name, reason, skipped)
    assert len(skipped) == len(expected), skipped
    loaded = Index.load(tmp_path / "idx")
    assert set(loaded.articles) == {"hosp", "union", "court", "gbk", "gb18030", "big5", "ok1", "ok2", "squad-0-0"}
    assert loaded.article("gbk").text == "金水区图书馆藏书达到八十万册。"
    assert loaded.article("gb18030").text == "𠮷祥路改造工程于三月完工。"
    assert loaded.article("big5").text == "臺北國際書展吸引五十萬人次參觀。"


@contextlib.contextmanager
def _never_blocks(fifo: Path):
    """While active, whoever opens ``fifo`` to read it gets an empty file at once instead of waiting forever
    for a writer, so code that wrongly reads it fails the test instead of hanging it."""
    stop = threading.Event()

    def feed() -> None:
        while not stop.is_set():
            with contextlib.suppress(OSError):  # ENXIO: nobody reads it yet
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            stop.wait(0.01)

    feeder = threading.Thread(target=feed, daemon=True)
    feeder.start()
    try:
        yield
    finally:
        stop.set()
        feeder.join()


def test_a_named_pipe_among_the_inputs_is_skipped_not_read(tmp_path, monkeypatch, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("二七区新建两座公园。", encoding="utf-8")
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    with _never_blocks(tmp_path / "in" / "pipe.txt"):
        ingested = main_exit(["ingest", "in", "-o", "out.jsonl"], monkeypatch, capsys)
        indexed = _index_cli([Path("in")], monkeypatch, capsys)
    expected = ["qa: skipped in/pipe.txt: a named pipe (FIFO), not a regular file; only regular files are read, "
                "remove it from the input"]
    for code, err in (ingested[::2], indexed):
        assert code == 0, err
        assert [line for line in err.splitlines() if line.startswith("qa: skipped")] == expected
    assert [a.id for a in load_articles(tmp_path / "out.jsonl").articles] == ["a"]
    assert set(Index.load(tmp_path / "idx").articles) == {"a"}


def test_a_file_name_that_is_not_utf8_is_skipped_and_named_printably(tmp_path, monkeypatch, capsys):
    folder = bytes(tmp_path) + b"/in/\xb6\xfe"  # a GBK folder name: its files are read, their source escaped
    os.makedirs(folder)
    with open(folder + b"/\xd6\xd0\xce\xc4.txt", "wb") as f:  # GBK for 中文.txt
        f.write("文件名不是UTF-8的文章。".encode())
    with open(folder + b"/good.txt", "wb") as f:
        f.write("二七区新建两座公园。".encode())
    expected = ["qa: skipped in/\\xb6\\xfe/\\xd6\\xd0\\xce\\xc4.txt: file name is not valid UTF-8 (undecodable "
                "bytes shown as \\xNN); rename it in UTF-8, e.g. convmv -f gbk -t utf-8 --notest FILE"]
    ingested = main_exit(["ingest", "in", "-o", "out.jsonl"], monkeypatch, capsys)
    indexed = _index_cli([Path("in")], monkeypatch, capsys)
    for code, err in (ingested[::2], indexed):
        assert code == 0, err
        assert [line for line in err.splitlines() if line.startswith("qa: skipped")] == expected
    rows = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["source"]) for r in rows] == [("good", "in/\\xb6\\xfe/good.txt")]
    assert Index.load(tmp_path / "idx").article("good").source == "in/\\xb6\\xfe/good.txt"
    passages = ask_json(tmp_path / "idx", "二七区新建几座公园？", monkeypatch, capsys)["passages"]
    assert passages[0]["article_id"] == "good"
    code, _, err = main_exit(["ingest", os.fsdecode(b"in/\xd6\xd0.txt"), "-o", "x.jsonl"], monkeypatch, capsys)
    assert code == 1
    one_line_error(err, "in/\\xd6\\xd0.txt: no such file or folder")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5"])
def test_legacy_encoded_article_is_quoted_exactly(tmp_path, monkeypatch, capsys, encoding):
    text = "二七區圖書館藏書達到八十萬冊。" if encoding == "big5" else "二七区图书馆藏书达到八十万册。"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "lib.txt").write_bytes(f"{text[3:6]}\n{text}\n".encode(encoding))
    assert _index_cli([tmp_path / "in"], monkeypatch, capsys)[0] == 0
    payload = ask_json(tmp_path / "idx", "二七区图书馆藏书多少册？", monkeypatch, capsys)
    assert payload["answered"] and payload["citations"][0]["quote"] == text


def test_jsonl_record_checks(tmp_path):
    rows = [{"id": "a", "text": "正文。", "date": 20240101}, {"id": ["x"], "text": "正文。"},
            {"id": "b", "text": "正文。", "title": {"zh": "标题"}}, {"id": "c", "text": "正文。", "authors": [1]},
            {"id": True, "text": "正文。"}, {"id": 7, "text": "数字编号。", "authors": "张三"}]
    (tmp_path / "x.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = load_articles(tmp_path / "x.jsonl")
    assert [(a.id, a.authors) for a in result.articles] == [("7", ("张三",))]
    assert [(p.line, p.message) for p in result.problems] == [
        (1, "'date' must be a string, not a number; line skipped"),
        (2, "'id' must be a string or a whole number, not a list; line skipped"),
        (3, "'title' must be a string, not an object; line skipped"),
        (4, "'authors' must be a list of names, not a list; line skipped"),
        (5, "'id' must be a string or a whole number, not true/false; line skipped"),
    ]


def test_an_empty_jsonl_id_is_reported_as_empty_not_missing(tmp_path, monkeypatch, capsys):
    rows = [{"id": "a", "text": "正文。"}, {"id": "", "text": "无编号。"}, {"text": "也无编号。"},
            {"id": "  ", "text": "空格。"}]
    (tmp_path / "x.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    code, _, err = main_exit(["ingest", "x.jsonl", "-o", "out.jsonl"], monkeypatch, capsys)
    assert code == 0
    assert err.splitlines()[:3] == ["qa: skipped x.jsonl:2: 'id' is empty; give each article an id; line skipped",
                                    "qa: skipped x.jsonl:3: missing 'id'; line skipped",
                                    "qa: skipped x.jsonl:4: 'id' is empty; give each article an id; line skipped"]
    (tmp_path / "x.jsonl").write_text(json.dumps(rows[1], ensure_ascii=False), encoding="utf-8")
    code, _, err = main_exit(["ingest", "x.jsonl", "-o", "out.jsonl"], monkeypatch, capsys)
    assert code == 1  # nothing usable: refused, as every other bad line alone is
    one_line_error(err, "no articles found in x.jsonl", "x.jsonl:1: 'id' is empty; give each article an id")


def test_article_size_limit_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("QA_MAX_ARTICLE_BYTES", "4000")
    (tmp_path / "big.txt").write_text("长" * 2000, encoding="utf-8")  # 6,000 bytes
    (tmp_path / "ok.txt").write_text("短文。", encoding="utf-8")
    lines = [json.dumps({"id": f"n{i}", "text": "正文。" * 50}, ensure_ascii=False) for i in range(12)]
    lines[5] = json.dumps({"id": "huge", "text": "长" * 3000}, ensure_ascii=False)
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")  # > 4,000 bytes: streamed
    result = load_articles(tmp_path)
    assert [a.id for a in result.articles] == [f"n{i}" for i in range(12) if i != 5] + ["ok"]
    assert [(Path(p.path).name, p.line) for p in result.problems] == [("big.txt", None), ("many.jsonl", 6)]
    assert "over the 4,000 bytes limit for one article" in result.problems[0].message
    assert "QA_MAX_ARTICLE_BYTES" in result.problems[1].message
    monkeypatch.setenv("QA_MAX_ARTICLE_BYTES", "lots")
    with pytest.raises(IngestError, match="QA_MAX_ARTICLE_BYTES must be a whole number of bytes"):
        load_articles(tmp_path)


PEAK_RSS = """
import sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from tests.conftest import FakeEncoder
from qa import cli, encoders
encoders.register_backend("fake", FakeEncoder)
try:
    cli.main()
finally:  # VmHWM belongs to this program's memory map; ru_maxrss would include the forking pytest process
    hwm = next(line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("VmHWM"))
    Path("peak_rss_kb").write_text(hwm.split()[1])
"""


def _peak_rss_mb(args: list[str], cwd: Path) -> tuple[int, str, float]:
    """Run `qa ARGS`; its exit code, stderr and peak resident memory in MB."""
    script = PEAK_RSS.format(repo=str(REPO))
    proc = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, capture_output=True, text=True)
    return proc.returncode, proc.stderr, int((cwd / "peak_rss_kb").read_text()) / 1024


def _write_big(path: Path, size_mb: int, before: bytes = b"", after: bytes = b"") -> None:
    """``before`` + ``size_mb`` MB of Chinese text (one line when ``before`` is given) + ``after``."""
    block = "二七区已有9家三甲医院。".encode() * 30_000
    block = block if before else block.replace("。".encode(), "。\n".encode())
    with open(path, "wb") as f:
        f.write(before)
        for _ in range(size_mb * 1_048_576 // len(block) + 1):
            f.write(block)
        f.write(after)


def test_200_mb_article_is_refused_in_bounded_memory(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    _write_big(corpus / "huge.txt", 200)
    line = '{{"id": "{}", "title": "医院", "text": "二七区已有9家三甲医院。"}}\n'
    _write_big(corpus / "huge.jsonl", 200, before=(line.format("ok1") + '{"id": "big", "text": "').encode(),
               after=('"}\n' + line.format("ok2")).encode())
    (corpus / "small.txt").write_text("二七区新建公园3座。", encoding="utf-8")
    code, err, rss = _peak_rss_mb(["ingest", "in", "-o", "out.jsonl"], tmp_path)
    assert code == 0, err
    assert re.search(r"in/huge.txt: file is 200\.\d MB, over the 32\.0 MB limit for one article; split it", err)
    assert re.search(r"in/huge.jsonl:2: line is 200\.\d MB, over the 32\.0 MB limit", err)
    assert rss < 150, f"peak RSS {rss:.0f} MB while refusing 2 × 200 MB"
    ids = [json.loads(row)["id"] for row in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert ids == ["ok1", "ok2", "small"]
    code, err, rss = _peak_rss_mb(["index", "in", "--index", "idx", "--model", "fake", "-q"], tmp_path)
    assert code == 0 and err.count("qa: skipped") == 2, err
    assert rss < 500, f"peak RSS {rss:.0f} MB while indexing beside 2 × 200 MB"  # ~300 MB: faiss, bm25s, CEDICT
    assert set(Index.load(tmp_path / "idx").articles) == {"ok1", "ok2", "small"}


# ---- the index folder -----------------------------------------------------------------------------------

def _rewrite_manifest(idx: Path, change) -> None:
    """Edit the manifest as a newer qa (or an attacker) would: keep CURRENT's checksum consistent."""
    version, _ = store.current_version(idx)
    manifest = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
    change(manifest, version)
    (version / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (idx / "CURRENT").write_text(f"{version.name} {store.sha256_file(version / 'manifest.json')}\n")


def _reseal(manifest: dict, version: Path, rel: str) -> None:
    path = version / rel
    manifest["files"][rel] = {"sha256": store.sha256_file(path), "bytes": path.stat().st_size}


def _ask_fails(idx: Path, monkeypatch, capsys, *fragments: str) -> None:
    code, out, err = main_exit(["ask", "二七区有几家三甲医院？", "--index", str(idx)], monkeypatch, capsys)
    assert code == 1 and out == ""
    one_line_error(err, *fragments)


def test_missing_index_says_how_to_build_it(tmp_path, monkeypatch, capsys):
    _ask_fails(tmp_path / "nowhere", monkeypatch, capsys, "no index at", "build one with `qa index`")
    (tmp_path / "empty").mkdir()
    _ask_fails(tmp_path / "empty", monkeypatch, capsys, "no index at", "--index")


@pytest.mark.parametrize(("setup", "fragments"), [
    (lambda root: (root / "holiday.jpg").write_bytes(b"\xff\xd8"), ("not a qa index", "point --index")),
    (lambda root: (root / "CURRENT").write_bytes(b"\x00\xff garbage"), ("CURRENT is damaged", "--rebuild")),
    (lambda root: (root / "CURRENT").write_text("v20250101T000000-0123abcd " + "0" * 64),
     ("is missing", "--rebuild")),
])
def test_folder_that_is_not_an_index(tmp_path, monkeypatch, capsys, setup, fragments):
    root = tmp_path / "notidx"
    root.mkdir()
    setup(root)
    hint = [rebuild_hint(root)] if "--rebuild" in fragments else []
    _ask_fails(root, monkeypatch, capsys, *fragments, *hint)


def rebuild_hint(idx: Path, *options: str) -> str:
    """The command a damaged index's error must give: it rebuilds this folder, not the default one."""
    return f"`qa index --rebuild {' '.join([*options, '--index', shlex.quote(str(idx))])} PATH…`"


def test_hints_for_the_default_folder_do_not_add_it(tmp_path, monkeypatch, capsys, fake):
    code, _, err = main_exit(["info"], monkeypatch, capsys)  # cwd is tmp_path: no embeddings/, no corpus/
    assert code == 1
    one_line_error(err, "no index at embeddings; build one with `qa index`")
    assert "--index" not in err
    write_corpus(tmp_path / "corpus")
    Index.build([tmp_path / "corpus"], folder="embeddings", model="fake")
    version, _ = store.current_version(Path("embeddings"))
    (version / "articles.jsonl").write_text("damaged")
    code, _, err = main_exit(["ask", "二七区有几家三甲医院？"], monkeypatch, capsys)
    assert code == 1
    one_line_error(err, "damaged", "rebuild with `qa index --rebuild PATH…`")


def test_a_file_given_as_index(tmp_path, monkeypatch, capsys):
    (tmp_path / "idx.txt").write_text("hello")
    _ask_fails(tmp_path / "idx.txt", monkeypatch, capsys, "not a qa index")


def test_newer_format_is_refused_before_reading(idx, monkeypatch, capsys):
    _rewrite_manifest(idx, lambda m, v: m.update(format_version=store.FORMAT_VERSION + 1))
    _ask_fails(idx, monkeypatch, capsys, "written by a newer qa", "upgrade qa or rebuild")


def test_manifest_not_written_by_qa(idx, monkeypatch, capsys):
    _rewrite_manifest(idx, lambda m, v: m.pop("format_version"))
    _ask_fails(idx, monkeypatch, capsys, "no format_version")


def test_different_model_is_refused(idx, monkeypatch, capsys):
    code, _, err = main_exit(["index", str(idx.parent / "corpus"), "--index", str(idx), "--model", "fake:other"],
                             monkeypatch, capsys)
    assert code == 1
    one_line_error(err, "was built with 'fake'", rebuild_hint(idx, "--model", "fake:other"))


def _every_index_file(idx: Path) -> list[str]:
    version, _ = store.current_version(idx)
    return sorted(json.loads((version / "manifest.json").read_text())["files"]) + ["manifest.json"]


INDEX_FILES = ["articles.jsonl", "bridge.json", "chunks.npy", "dense.faiss", "lexical/data.csc.index.npy",
               "lexical/indices.csc.index.npy", "lexical/indptr.csc.index.npy", "lexical/params.index.json",
               "lexical/qa_lexical.json", "lexical/vocab.index.json", "sentence_keys.npy", "sentences.npy",
               "manifest.json"]


def test_the_damage_tests_cover_every_index_file(idx):
    assert _every_index_file(idx) == INDEX_FILES


@pytest.fixture
def parsers_must_not_run(monkeypatch):
    """Fail loudly if FAISS, numpy or the JSON readers are reached before the checksums refuse a file."""
    def refuse(*args, **kwargs):
        raise AssertionError("an index file was parsed before it was verified")

    for target in ("qa.dense.DenseIndex.load", "qa.lexical.LexicalIndex.load", "qa.index._read_articles",
                   "qa.index._read_chunks", "faiss.read_index", "numpy.load"):
        monkeypatch.setattr(target, refuse)


@pytest.mark.parametrize("damage", ["flip", "truncate", "delete"])
@pytest.mark.parametrize("victim", INDEX_FILES)
def test_damaged_index_file_never_answers(idx, monkeypatch, capsys, parsers_must_not_run, victim, damage):
    version, _ = store.current_version(idx)
    path = version / victim
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x10
        path.write_bytes(bytes(data))
    elif damage == "truncate":
        path.write_bytes(bytes(data[: len(data) // 2]))
    else:
        path.unlink()
    _ask_fails(idx, monkeypatch, capsys, f"rebuild with {rebuild_hint(idx)}")


def test_unlisted_file_in_an_index_is_damage(idx, monkeypatch, capsys, parsers_must_not_run):
    version, _ = store.current_version(idx)
    (version / "lexical" / "nonoccurrence_array.index.npy").write_bytes(b"planted")
    _ask_fails(idx, monkeypatch, capsys, "does not list", rebuild_hint(idx))


@pytest.mark.parametrize("entry", ["/etc/passwd", "../CURRENT", ""])
def test_manifest_entries_outside_the_version_are_refused(idx, monkeypatch, capsys, entry):
    _rewrite_manifest(idx, lambda m, v: m["files"].update({entry: {"sha256": "0" * 64, "bytes": 1}}))
    _ask_fails(idx, monkeypatch, capsys, "rebuild")


def test_bridge_changed_after_load_is_detected_when_first_read(idx):
    loaded = Index.load(idx)  # Chinese questions never read bridge.json
    path = loaded._version_dir / "bridge.json"
    path.write_text(path.read_text(encoding="utf-8").replace("hospital", "hospitbl"), encoding="utf-8")
    with pytest.raises(IndexCorruptError):
        loaded.ask("How many top-level hospitals are in Erqi district?")


def test_sentence_vectors_cut_after_load_are_detected_when_first_read(idx):
    loaded = Index.load(idx)  # a search never opens them; the first answer does
    path = loaded._version_dir / "sentences.npy"
    path.write_bytes(path.read_bytes()[:-64])
    assert loaded.search("二七区有几家三甲医院？")
    with learned.overridden({"sentence": {"dense": 1.0}}), pytest.raises(IndexCorruptError, match="sentences.npy"):
        loaded.ask("二七区有几家三甲医院？")  # an answer model that reads the sentences' vectors


def test_read_verified_refuses_changed_and_vanished_files(idx):
    version, _ = store.current_version(idx)
    manifest = store.read_manifest(version)
    assert json.loads(store.read_verified(version, "bridge.json", manifest))["format"]
    path = version / "bridge.json"
    path.write_text(path.read_text(encoding="utf-8").replace("hospital", "hospitbl"), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="checksum mismatch"):
        store.read_verified(version, "bridge.json", manifest)
    path.unlink()
    with pytest.raises(IndexCorruptError, match="load the index again"):
        store.read_verified(version, "bridge.json", manifest)


# ---- nothing from the index folder is executed; ids are never paths -------------------------------------

def test_no_pickle_anywhere_in_qa():
    banned = re.compile(r"\bimport (?:c?pickle|dill|joblib|shelve|marshal)\b|\bfrom (?:c?pickle|dill|joblib|shelve"
                        r"|marshal)\b|allow_pickle\s*=\s*True|torch\.load\(|\bexec\(|\beval\(|__import__\(")
    found = [f"{p.name}:{n}: {line.strip()}" for p in sorted((REPO / "qa").rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if banned.search(line)]
    assert found == []
    loads = [f"{p.name}:{n}" for p in sorted((REPO / "qa").rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if re.search(r"\bnp\.load\(|\bnumpy\.load\(|\.load\(.*allow_pickle", line)
             and "allow_pickle=False" not in line]
    assert loads == []


class _Payload:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "pwned"))


def test_a_pickle_planted_in_an_index_is_never_run(idx, monkeypatch, capsys, tmp_path):
    """Even with the manifest and CURRENT re-sealed (an attacker with write access), no code runs."""
    marker = tmp_path / "pwned"
    rel = "lexical/data.csc.index.npy"

    def plant(manifest, version):
        np.save(version / rel, np.array([_Payload(str(marker))], dtype=object), allow_pickle=True)
        _reseal(manifest, version, rel)

    _rewrite_manifest(idx, plant)
    _ask_fails(idx, monkeypatch, capsys, "cannot be read", "--rebuild")
    assert not marker.exists()


HOSTILE_IDS = ["../../etc/passwd", "a/b", "..", "/abs/path", "C:\\Windows\\x", "CURRENT", "manifest.json", ".lock"]


def test_hostile_article_ids_round_trip_and_touch_no_files(tmp_path, monkeypatch, capsys, fake):
    articles = [{"id": i, "title": f"第{n}篇", "text": f"第{n}篇文章说二七区有{n + 2}家公园。"}
                for n, i in enumerate(HOSTILE_IDS)]
    write_corpus(tmp_path / "in", articles)
    before = set(tmp_path.rglob("*"))
    assert _index_cli([tmp_path / "in"], monkeypatch, capsys)[0] == 0
    created = set(tmp_path.rglob("*")) - before
    assert all(p == tmp_path / "idx" or tmp_path / "idx" in p.parents for p in created), sorted(created)
    assert not Path("/abs/path").exists() and not (tmp_path / "a").exists()
    loaded = Index.load(tmp_path / "idx")
    assert set(loaded.articles) == set(HOSTILE_IDS)
    payload = ask_json(tmp_path / "idx", "第0篇文章说二七区有几家公园？", monkeypatch, capsys)
    assert payload["citations"][0]["article_id"] == "../../etc/passwd"
    code, _, err = main_exit(["remove", "../../etc/passwd", "a/b", "--index", "idx"], monkeypatch, capsys)
    assert code == 0, err
    assert set(Index.load(tmp_path / "idx").articles) == set(HOSTILE_IDS) - {"../../etc/passwd", "a/b"}


# ---- crash safety: real processes, SIGKILL ---------------------------------------------------------------

RUNNER = """
import os, shutil, signal, sys, time, types
sys.path.insert(0, {repo!r})
from tests.conftest import FakeEncoder
from qa import cli, encoders, store


class SlowFake(FakeEncoder):
    def encode_passages(self, texts):
        time.sleep(float(os.environ.get("QA_TEST_SLOW", "0")))
        return super().encode_passages(texts)


encoders.register_backend("fake", SlowFake)
kill_at = os.environ.get("QA_TEST_KILL_AT")  # "name:n": SIGKILL just before store's n-th call of name
if kill_at:
    name, n = kill_at.split(":")
    calls = [0]

    def hooked(original):
        def call(*args, **kwargs):
            calls[0] += 1
            if calls[0] == int(n):
                os.kill(os.getpid(), signal.SIGKILL)
            return original(*args, **kwargs)
        return call

    for module in ("os", "shutil"):
        real = getattr(store, module)
        if hasattr(real, name):
            proxy = types.SimpleNamespace(**{{k: getattr(real, k) for k in dir(real) if not k.startswith("__")}})
            setattr(proxy, name, hooked(getattr(real, name)))
            setattr(store, module, proxy)
    if hasattr(store, name) and callable(getattr(store, name)) and name not in ("os", "shutil"):
        setattr(store, name, hooked(getattr(store, name)))
print("ready", flush=True)
cli.main()
"""


def _corpus_versions() -> tuple[list[dict], list[dict]]:
    """Two states of one corpus: B changes two articles, drops one and adds one."""
    a = [{"id": f"n{i:02d}", "title": f"第{i}条新闻", "text": f"二七区第{i}号工程已经完工，共投资{i + 3}亿元。"
          f"该工程位于{i}号大街。"} for i in range(24)] + ARTICLES
    b = [dict(x) for x in a if x["id"] != "n05"]
    b[0]["text"] = "二七区第0号工程已经完工，共投资99亿元。该工程位于零号大街。"
    b[-3]["text"] = "二七区作为省会郑州的核心城区。已有12家三甲医院、800家医疗机构。"
    b.append({"id": "new", "title": "新公园", "text": "二七区新建公园7座，总面积三百亩。"})
    return a, b


QUESTIONS = ["二七区有几家三甲医院？", "第0号工程共投资多少亿元？", "第5号工程共投资多少亿元？", "新建公园几座？"]


def _answers(index: Index) -> list[dict]:
    return [index.ask(q).to_dict() for q in QUESTIONS]


class Scene:
    """A corpus folder that flips between two states, the index built from it, and the answers each state gives."""

    def __init__(self, root: Path, expected: dict[str, tuple[int, list[dict]]]) -> None:
        self.root = root
        self.states = _corpus_versions()
        self.expected = expected
        self.build_seconds = 2.0
        (root / "runner.py").write_text(RUNNER.format(repo=str(REPO)), encoding="utf-8")

    def use(self, n: int) -> None:
        write_corpus(self.root / "corpus", self.states[n])

    def start(self, *extra: str, **env: str) -> subprocess.Popen:
        args = [sys.executable, "runner.py", "index", "corpus", "--index", "idx", "--model", "fake", "-q", *extra]
        proc = subprocess.Popen(args, cwd=self.root, env={**os.environ, **env}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "ready"
        return proc

    def run(self, *extra: str, **env: str) -> subprocess.CompletedProcess:
        proc = self.start(*extra, **env)
        out, err = proc.communicate(timeout=120)
        return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)

    def state(self) -> int:
        """Which complete state the index holds; fails if it is a mix, damaged or answers differently."""
        index = Index.load(self.root / "idx")
        assert index.manifest["corpus_fingerprint"] in self.expected, "index is neither the old nor the new one"
        n, answers = self.expected[index.manifest["corpus_fingerprint"]]
        assert _answers(index) == answers
        return n

    def versions(self) -> list[str]:
        return sorted(p.name for p in (self.root / "idx").iterdir() if p.name.startswith("v"))


@pytest.fixture(scope="module")
def expected_answers(tmp_path_factory) -> dict[str, tuple[int, list[dict]]]:
    """corpus fingerprint → (state, answers) of a complete index of each corpus state, built in memory."""
    root = tmp_path_factory.mktemp("reference")
    expected = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)  # Article.source is relative to the working folder, as in each test's own folder
        mp.setattr(encoders, "_LIVE", {})
        mp.setitem(encoders._BACKENDS, "fake", FakeEncoder)
        for n, articles in enumerate(_corpus_versions()):
            write_corpus(root / "corpus", articles)
            ref = Index.build([root / "corpus"], folder=None, model="fake")
            expected[ref.manifest["corpus_fingerprint"]] = (n, _answers(ref))
    return expected


@pytest.fixture
def scene(tmp_path, fake, expected_answers) -> Scene:
    scene = Scene(tmp_path, expected_answers)
    scene.use(0)
    t0 = time.perf_counter()
    Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    scene.build_seconds = time.perf_counter() - t0
    assert scene.state() == 0
    return scene


class Reader(threading.Thread):
    """Asks the index over and over while writers run; records which states it saw and any failure."""

    def __init__(self, scene: Scene) -> None:
        super().__init__(daemon=True)
        self.scene = scene
        self.seen: set[int] = set()
        self.errors: list[BaseException] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.seen.add(self.scene.state())
            except BaseException as e:  # noqa: B036 - reported by the test
                self.errors.append(e)
                return
            self.stop.wait(0.05)  # leave the CPU to the writer

    def finish(self) -> None:
        self.stop.set()
        self.join(timeout=60)
        assert self.errors == [], self.errors


def _kill_loop(scene: Scene, iterations: int) -> None:
    """`qa index` killed at random moments, flipping the corpus each time, while a reader keeps asking."""
    reader = Reader(scene)
    reader.start()
    full = scene.build_seconds * 1.5  # a subprocess run takes about this long from "ready" to exit
    rng = random.Random(6)
    killed = 0
    for i in range(iterations):
        scene.use(i % 2)
        proc = scene.start()
        time.sleep(rng.uniform(0.1, 1.0) * full)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode in (0, -signal.SIGKILL), err
        killed += proc.returncode == -signal.SIGKILL
        scene.state()
    scene.use(1)
    finished = scene.run()
    assert finished.returncode == 0, finished.stderr
    reader.finish()
    assert scene.state() == 1 and reader.seen == {0, 1}
    assert len(scene.versions()) <= 2 and not list((scene.root / "idx").glob(".tmp-*"))
    assert killed >= iterations // 2


def test_sigkill_at_random_moments_loses_nothing_and_readers_never_see_a_mix(scene):
    _kill_loop(scene, iterations=8)


@pytest.mark.slow
def test_sigkill_at_random_moments_many_times(scene):
    _kill_loop(scene, iterations=40)


# (where to kill: store's n-th call of this name, corpus state to write, state the index must then hold)
KILL_POINTS = [
    ("_fsync_tree:1", 1, 0),  # every file and the manifest written, nothing synced or visible
    ("rename:1", 1, 0),  # synced, the version not yet in place
    ("rmtree:1", 1, 1),  # CURRENT switched, cleaning up the debris of the kills above
    ("replace:1", 0, 1),  # the version in place, CURRENT not yet switched: an orphan newer than CURRENT
]


@pytest.mark.slow
def test_sigkill_at_each_step_of_the_commit(scene):
    """Each killed run starts after the previous kill; the last run completes and cleans up."""
    for point, target, after in KILL_POINTS:
        scene.use(target)
        killed = scene.run(QA_TEST_KILL_AT=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr)
        assert scene.state() == after, point
    current_before = store.current_version(scene.root / "idx")[0].name
    finished = scene.run()
    assert finished.returncode == 0, finished.stderr
    assert scene.state() == 0
    current = store.current_version(scene.root / "idx")[0].name
    # kept: the new version and the one CURRENT named before, for readers still loading it (not the orphan)
    assert scene.versions() == sorted([current, current_before])
    debris = [p.name for p in (scene.root / "idx").iterdir() if p.name.startswith((".tmp-", ".CURRENT."))]
    assert debris == []


def test_build_after_a_crash_keeps_the_version_current_named_not_an_orphan(scene):
    """A build killed after renaming its version but before switching CURRENT leaves a newer orphan."""
    idx = scene.root / "idx"
    current = store.current_version(idx)[0]
    orphan = idx / f"{current.name[:-8]}{'f' * 8}"  # newer than CURRENT's version, older than the next build
    shutil.copytree(current, orphan)
    scene.use(1)
    Index.build([scene.root / "corpus"], folder=idx, model="fake")
    new = store.current_version(idx)[0]
    assert scene.versions() == sorted([current.name, new.name])
    assert scene.state() == 1


def test_second_writer_fails_clearly_and_wait_queues(scene):
    scene.use(1)
    first = scene.start(QA_TEST_SLOW="1.5")
    time.sleep(0.6)  # past loading the corpus: it holds the lock while embedding
    second = scene.run()
    assert second.returncode == 1
    one_line_error(second.stderr, "another `qa index` is writing", "--wait")
    third = scene.start("--wait", "60")
    assert first.wait(timeout=60) == 0
    assert third.wait(timeout=60) == 0, third.stderr.read()
    assert scene.state() == 1


def test_escape_sequences_in_articles_cannot_drive_the_terminal(tmp_path, monkeypatch, capsys, fake):
    evil = "\x1b]0;pwned\x07\x1b[2J"
    write_corpus(tmp_path / "in", [{"id": f"x{evil}", "title": f"标题{evil}",
                                    "text": f"二七区已有9家三甲医院。{evil}今年新增两家。"}])
    assert _index_cli([tmp_path / "in"], monkeypatch, capsys)[0] == 0
    for command in (["ask", "二七区有几家三甲医院？"], ["search", "三甲医院"]):
        code, out, err = main_exit([*command, "--index", "idx"], monkeypatch, capsys)
        assert code == 0 and "三甲医院" in out
        assert "\x1b" not in out + err and "\x07" not in out + err
    assert evil in ask_json(tmp_path / "idx", "二七区有几家三甲医院？", monkeypatch, capsys)["passages"][0]["text"]


def test_a_date_that_is_no_date_is_a_warning_and_the_article_is_indexed(tmp_path, monkeypatch, capsys):
    (tmp_path / "in").mkdir()
    rows = [{"id": "a", "text": "二七区图书馆藏书达到八十万册。", "date": "yesterday"},
            {"id": "b", "text": "金水区新建两座公园。", "date": "2024-05-11"}]
    (tmp_path / "in" / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    code, err = _index_cli([tmp_path / "in"], monkeypatch, capsys)
    assert code == 0, err
    assert not any(line.startswith("qa: skipped") for line in err.splitlines()), err
    assert any(line.startswith("qa: warning: ") and "'yesterday'" in line for line in err.splitlines()), err
    loaded = Index.load(tmp_path / "idx")
    assert set(loaded.articles) == {"a", "b"} and loaded.article("a").date is None
    assert [p.kept for p in load_articles([tmp_path / "in"]).problems] == [True]


def test_a_question_set_among_the_articles_is_one_skipped_line_not_one_per_question(tmp_path, monkeypatch, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("二七区召开会议\n\n本报讯 二七区召开经济工作会议。", encoding="utf-8")
    rows = [{"id": f"q{i}", "question": "二七区召开了什么会议？", "answers": ["经济工作会议"]} for i in range(3)]
    (tmp_path / "in" / "qa.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows),
                                              encoding="utf-8")
    code, _, err = main_exit(["ingest", "in", "-o", "out.jsonl"], monkeypatch, capsys)
    assert code == 0
    skipped = [line for line in err.splitlines() if line.startswith("qa: skipped")]
    assert skipped == ["qa: skipped in/qa.jsonl: holds no articles: its 3 lines have 'question' but no 'text' "
                       "(a question set for `qa eval`?); file skipped"]
    # a file of articles with one bad line still names that line
    (tmp_path / "in" / "qa.jsonl").write_text(json.dumps({"id": "x", "text": "正文。"}) + "\n" + json.dumps(rows[0]),
                                              encoding="utf-8")
    code, _, err = main_exit(["ingest", "in", "-o", "out.jsonl"], monkeypatch, capsys)
    assert "qa: skipped in/qa.jsonl:2: missing 'text'; line skipped" in err.splitlines()
