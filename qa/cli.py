"""The `qa` command: parse options, call the library, render (rich for people, --json for machines).

Library errors (QAError) become one line on stderr and exit code 1; bad usage exits 2 (Typer).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from qa.types import MAX_K

if TYPE_CHECKING:
    from qa.index import Index
    from qa.types import Answer, Hit


class _BareFlags:
    """Help lists an on/off flag (``--json``, ``--help``) bare: Typer's rich help gives it a ``<bool>`` type, as
    if it took a value. The blank metavar is only shown; parsing a flag never reads it."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


class _Command(_BareFlags, TyperCommand):
    pass


class _Group(_BareFlags, TyperGroup):
    pass


app = typer.Typer(
    help="Ask questions of a news archive; answers are quoted verbatim from the articles and cited.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    cls=_Group,
)


def _version(value: bool) -> None:
    if value:
        from qa import __version__

        typer.echo(f"qa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Ask questions of a news archive; answers are quoted verbatim from the articles and cited."""


def _command(name: str | None = None) -> Any:
    """``app.command``, with flags shown bare in help (see ``_BareFlags``)."""
    return app.command(name, cls=_Command)


DEFAULT_CORPUS = Path("corpus")
DEFAULT_INDEX = Path("embeddings")

IndexOpt = Annotated[Path, typer.Option("--index", "-i", help="Index folder.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object (stable contract).")]
# Counts out of range are usage errors (exit 2, like `-k abc`), refused before the index is loaded.
KOpt = Annotated[int, typer.Option("-k", min=1, max=MAX_K, help="How many passages to return.")]


def _check_wait(value: float) -> float:
    """--wait: the library's check (``store.check_wait``: finite, not negative), as a usage error."""
    from qa.errors import BadArgumentError
    from qa.store import check_wait

    try:
        return check_wait(value)
    except BadArgumentError as e:
        raise typer.BadParameter(str(e)) from e


WaitOpt = Annotated[float, typer.Option("--wait", callback=_check_wait, help="Seconds to wait for another writer.")]


def _count(n: int, noun: str) -> str:
    """``1 article``, ``2 articles``: messages count things in the right number."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _err(message: str) -> None:
    """One line on stderr, whatever the message holds (library errors may quote multi-line causes)."""
    typer.echo(f"qa: error: {_shown(' '.join(message.split()))}", err=True)


_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _shown(text: str) -> str:
    """Text for a terminal: control characters shown as U+FFFD, so an ANSI escape in an article (or a file
    name) cannot drive the terminal, and the bytes of a file name that is not valid UTF-8 as ``\\xd6``
    (``printable_name``), which a terminal can always be sent. ``--json`` output keeps the exact text."""
    from qa.inputs import printable_name

    return _CONTROLS.sub("\ufffd", printable_name(text))


def _markup(text: str) -> str:
    from rich.markup import escape

    return escape(_shown(text))


_UNDECODED = re.compile("[\udc80-\udcff]")  # how Python passes on argv bytes the locale cannot decode


def _argv_text(text: str, what: str) -> str:
    """Text given on the command line, refused when the terminal sent bytes its encoding cannot decode."""
    if _UNDECODED.search(text):
        from qa.errors import BadQuestionError

        raise BadQuestionError(
            f"the {what} holds bytes that are not valid {sys.getfilesystemencoding()} text; set the terminal "
            "to UTF-8 (e.g. LANG=C.UTF-8) and type it again"
        )
    return text


_UNWRAPPED_WIDTH = 100_000  # a console width no table of ours reaches


def _console():
    """Rich output for people; written to a file or a pipe it is never wrapped, so quotes stay verbatim and
    each citation keeps its line (rich would break lines at 80 columns). A terminal wraps as usual."""
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console.soft_wrap = True  # text: no wrapping, no cropping
        console.width = _UNWRAPPED_WIDTH  # tables (`qa info`, `qa eval`) size to their content instead
    return console


def _progress_bar():
    """A rich progress bar with ETA, as a (stage, done, total) callback."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = _console().__class__(stderr=True)
    # Off when stderr is no terminal: nothing would be drawn, and rich would still end with an empty line,
    # which would stand before an error or the summary line.
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=console, transient=True, disable=not console.is_interactive)
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)

    return bar, update


def _report(skipped: Sequence[object], warnings: Sequence[object] = ()) -> None:
    """One line per input left out, and one per detail dropped from an article that was kept."""
    for problem in skipped:
        typer.echo(_shown(f"qa: skipped {problem}"), err=True)
    for warning in warnings:
        typer.echo(_shown(f"qa: warning: {warning}"), err=True)


def _build(paths: list[Path], index: Path, model: str, rebuild: bool, wait: float, quiet: bool,
           ann_threshold: int | None = None) -> Index:
    from contextlib import nullcontext

    from qa.index import Index

    bar, update = _progress_bar()
    with bar if not quiet else nullcontext():
        idx = Index.build(paths, folder=index, model=model, rebuild=rebuild, wait=wait,
                          progress=None if quiet else update, ann_threshold=ann_threshold)
    report = idx.last_build
    _report(report.problems, report.warnings)
    if report.up_to_date:
        typer.echo(f"index at {index} is up to date ({_count(report.articles, 'article')}, "
                   f"{_count(report.chunks, 'chunk')}); nothing written ({report.seconds:.1f} s)", err=True)
        return idx
    typer.echo(
        f"indexed {_count(report.articles, 'article')} → {_count(report.chunks, 'chunk')} "
        f"in {index} ({report.embedded:,} embedded, {report.reused:,} reused ({report.resumed:,} from an "
        f"interrupted build), {report.skipped:,} boilerplate, {report.removed:,} removed; "
        f"{_count(report.sentences, 'sentence')} to quote, {report.sentences_embedded:,} of them embedded now; "
        f"{report.seconds:.1f} s)",
        err=True,
    )
    return idx


def _open(index: Path) -> Index:
    """Load the index; on a fresh checkout build the default one from corpus/ first, and say so."""
    from qa.index import Index

    if index == DEFAULT_INDEX and not (index / "CURRENT").exists() and DEFAULT_CORPUS.is_dir():
        typer.echo(f"qa: no index at {index}/ yet; building it from {DEFAULT_CORPUS}/ first…", err=True)
        return _build([DEFAULT_CORPUS], index, "e5", rebuild=False, wait=60, quiet=False)
    return Index.load(index)


@_command()
def index(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders of articles (default: corpus/).")] = None,
    index: IndexOpt = DEFAULT_INDEX,
    model: Annotated[str, typer.Option("--model", "-m", help="e5 (default) or st:NAME_OR_PATH.")] = "e5",
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start from nothing instead of updating.")] = False,
    wait: WaitOpt = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    ann_threshold: Annotated[int | None, typer.Option(
        "--ann-threshold", min=1, help="Chunks from which the dense side is approximate (HNSW); default 200,000.",
    )] = None,
) -> None:
    """Build or update an index; unchanged articles are not embedded again."""
    _build(paths or [DEFAULT_CORPUS], index, model, rebuild, wait, quiet, ann_threshold)


@_command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in Chinese or English.")],
    index: IndexOpt = DEFAULT_INDEX,
    k: KOpt = 5,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question with verbatim, cited sentences (or say that the archive has no answer)."""
    answer = _open(index).ask(_argv_text(question, "question"), k=k)
    if as_json:
        _print_json(answer.to_dict())
    else:
        _render_answer(answer)


@_command()
def search(
    query: Annotated[str, typer.Argument(help="What to look for.")],
    index: IndexOpt = DEFAULT_INDEX,
    k: KOpt = 5,
    mode: Annotated[str, typer.Option(help="hybrid, lexical, dense or rrf.")] = "hybrid",
    as_json: JsonOpt = False,
) -> None:
    """The ranked passages with their scores, without composing an answer."""
    from qa.index import MODE_CHOICES, MODES

    if mode not in MODES:
        raise typer.BadParameter(f"mode must be {MODE_CHOICES}", param_hint="--mode")
    idx = _open(index)
    hits = idx.search(_argv_text(query, "query"), k=k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        _print_json({"query": query, "mode": mode, "passages": [_hit_dict(h) for h in hits]})
    else:
        _render_hits(idx, hits)


@_command()
def info(
    index: IndexOpt = DEFAULT_INDEX,
    as_json: JsonOpt = False,
    verify: Annotated[bool, typer.Option(
        "--verify", help="Hash every index file now: also finds damage a normal load does not (bit rot).")] = False,
) -> None:
    """What the index holds: articles, chunks, model, size, when it was built."""
    from qa.index import Index
    from qa.store import verify_index

    checked = verify_index(index) if verify else None
    facts = Index.load(index).info()
    if checked is not None:
        n, size, seconds = len(checked.hashed), checked.bytes_hashed, checked.seconds
        facts["verified"] = ({"files": n, "bytes": size, "seconds": round(seconds, 3)} if as_json
                             else f"sha256 of all {n} files ({size:,} bytes) matches, {seconds:.1f} s")
    if as_json:
        _print_json(facts)
        return
    from rich.table import Table

    table = Table(show_header=False, box=None)
    for key, value in facts.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value))
    _console().print(table)


@_command()
def remove(
    article_ids: Annotated[list[str], typer.Argument(help="Ids of the articles to withdraw.")],
    index: IndexOpt = DEFAULT_INDEX,
    wait: WaitOpt = 0,
) -> None:
    """Withdraw articles: no longer retrieved or cited (nothing is re-embedded); indexing their files again
    adds them back."""
    from qa.index import Index

    ids = list(dict.fromkeys(article_ids))  # an id given twice is one article
    idx = Index.load(index).remove(ids, wait=wait)
    typer.echo(f"removed {_count(len(ids), 'article')}; {_count(len(idx.articles), 'article')}, "
               f"{_count(len(idx.chunks), 'chunk')} left", err=True)


@_command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Page files, articles, .jsonl or SQuAD .json.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="JSONL file to write.")],
) -> None:
    """Turn raw pages/articles into a clean JSONL corpus (layout repaired, metadata extracted)."""
    from qa.ingest import check_output, load_articles, write_jsonl

    check_output(out)  # a folder, a device or a missing folder is refused before anything is read
    result = load_articles(paths)
    write_jsonl(result.articles, out, inputs=result.files)  # ... and so is one of the input files
    _report([p for p in result.problems if not p.kept], [p for p in result.problems if p.kept])
    typer.echo(f"wrote {_count(len(result.articles), 'article')} to {out}", err=True)


def _hit_dict(h: Hit) -> dict[str, Any]:
    def rounded(x: float | None) -> float | None:
        return None if x is None else round(x, 6)

    return {"rank": h.rank, "article_id": h.article_id, "chunk_id": h.chunk.id, "score": rounded(h.score),
            "lexical": rounded(h.lexical), "dense": rounded(h.dense), "start": h.chunk.start, "end": h.chunk.end,
            "text": h.chunk.text}


def _print_json(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _render_answer(answer: Answer) -> None:

    console = _console()
    if not answer.answered:
        console.print(f"[yellow]{_markup(answer.text)}[/] (confidence {answer.confidence:.2f})")
        return
    if answer.short_answer:
        console.print(f"[bold green]{_markup(answer.short_answer)}[/]")
    console.print(_markup(answer.text))
    console.print()
    for c in answer.citations:
        date = f" · {c.date}" if c.date else ""
        console.print(f"[dim][{c.n}] {_markup(c.title)}{_markup(date)} · {_markup(c.source)} · "
                      f"{_markup(c.article_id)} [{c.start}:{c.end}][/]")


def _render_hits(idx: Index, hits: list[Hit]) -> None:

    console = _console()
    for h in hits:
        title = idx.article(h.article_id).title
        console.print(f"[bold]{h.rank}.[/] {h.score:.3f}  [dim]{_markup(title)} · {_markup(h.article_id)}[/]")
        console.print("   " + _markup(" ".join(h.chunk.text.split())))


# ---- eval ----
_EVAL_ROWS = (  # (metric, label, unit); metrics a run does not have are left out
    ("R@1", "R@1", "%"), ("R@5", "R@5", "%"), ("R@20", "R@20", "%"), ("MRR@10", "MRR@10", "%"),
    ("answer_hit@5", "answer in top-5 chunks", "%"), ("top_sentence_acc", "top sentence holds gold", "%"),
    ("answer_recall", "gold in answer", "%"), ("EM", "EM (short answer)", "%"), ("F1", "F1 (short answer)", "%"),
    ("supported_answer", "gold in answer + gold cited", "%"), ("answered", "answered", "%"),
    ("declined_wrongly", "answerable but declined", "%"), ("declined_correctly", "unanswerable, declined", "%"),
    ("citation_validity", "citations verbatim", "%"), ("answer_chars_mean", "answer length (chars)", ""),
    ("index_chunks_per_s", "index build (chunks/s)", ""), ("latency_p50_ms", "search p50 (ms)", ""),
    ("latency_p95_ms", "search p95 (ms)", ""), ("answer_latency_p50_ms", "answer p50 (ms)", ""),
    ("answer_latency_p95_ms", "answer p95 (ms)", ""), ("peak_rss_mb", "peak RSS (MB)", ""),
)


@_command("eval")
def eval_(
    data: Annotated[list[Path], typer.Argument(help="SQuAD-style .json benchmarks and/or .jsonl QA sets.")],
    index: Annotated[Path | None, typer.Option("--index", "-i", help="Index a .jsonl QA set is asked of "
                                               "(default: embeddings/).")] = None,
    mode: Annotated[str, typer.Option(help="hybrid, lexical, dense, rrf, or bm25-jieba (baseline).")] = "hybrid",
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N questions of each set.")] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write the report JSON (a list for "
                                                "several sets).")] = None,
    per_question: Annotated[Path | None, typer.Option("--per-question", help="Write one JSON line per "
                                                      "question.")] = None,
    trec: Annotated[Path | None, typer.Option("--trec", help="Write a TREC run file (article level).")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Encoder of a benchmark's index: e5 (default) "
                                              "or st:NAME_OR_PATH; a .jsonl set uses its index's own.")] = None,
    cache_dir: Annotated[Path, typer.Option("--cache-dir", help="Where benchmark indexes are cached.")] = Path(
        "eval/cache"),
    no_answers: Annotated[bool, typer.Option("--no-answers", help="Retrieval metrics only (faster).")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Measure retrieval, answers and cost on SQuAD-style benchmarks or a JSONL QA set."""
    from qa.evalreport import check_output_path
    from qa.evaluate import MODES, evaluate

    if mode not in MODES:
        raise typer.BadParameter(f"mode must be one of {', '.join(MODES)}", param_hint="--mode")
    for option, path in (("--report", report), ("--per-question", per_question), ("--trec", trec)):
        if path is not None:
            check_output_path(path, option)
    reports = []
    bar, update = _progress_bar()
    with bar:
        for path in data:
            reports.append(evaluate(path, index=index, mode=mode, model=model, limit=limit, cache_dir=cache_dir,
                                    answers=not no_answers, progress=update))
    for n, r in enumerate(reports):
        _report(r.problems)
        if per_question:
            r.write_per_question(per_question, append=n > 0)
        if trec:
            r.write_trec(trec, append=n > 0)
    dicts = [r.to_dict() for r in reports]
    payload = dicts[0] if len(dicts) == 1 else dicts
    if report:
        report.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if as_json:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        _render_eval(dicts)


def _render_eval(reports: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table(title=f"qa eval · mode {reports[0]['mode']}")
    table.add_column("metric")
    for r in reports:
        c = r["config"]
        table.add_column(f"{Path(r['dataset']).name}\n{c['questions']:,} q · {c['chunks']:,} chunks", justify="right")
    for key, label, unit in _EVAL_ROWS:
        values = [r["metrics"].get(key) for r in reports]
        if all(key not in r["metrics"] for r in reports):
            continue
        table.add_row(label, *("—" if v is None else f"{v:,.1f}{unit}" for v in values))
    _console().print(table)
# ---- end eval ----


def main() -> None:
    """Entry point: every failure becomes one clear line on stderr and a non-zero exit, never a traceback."""
    click = _click_exceptions()
    try:
        code = app(prog_name="qa", standalone_mode=False)
    except click.NoArgsIsHelpError:
        app(["--help"], prog_name="qa")
    except click.UsageError as e:  # exit 2, like Typer's own boxed message, but on one line
        where = e.ctx.command_path if e.ctx else "qa"
        _exit(f"{e.format_message().rstrip('.')}; see `{where} --help`", 2)
    except click.ClickException as e:
        _exit(e.format_message(), e.exit_code)
    except typer.Abort:
        _exit("interrupted", 130)
    except BaseException as e:  # noqa: B036 - the last line of defence, by design
        _exit(*_failure(e))
    if code == 130:  # Typer turns Ctrl-C into exit code 130
        _exit("interrupted", 130)
    sys.exit(code if isinstance(code, int) else 0)


def _click_exceptions() -> Any:
    """The click exception classes Typer raises (recent Typer vendors its own copy of click)."""
    try:
        from typer._click import exceptions
    except ImportError:  # older Typer: plain click
        from click import exceptions
    return exceptions


def _exit(message: str, code: int) -> None:
    _err(message)
    sys.exit(code)


def _failure(e: BaseException) -> tuple[str, int]:
    """The line to show and the exit code for an exception that escaped a command."""
    from qa.errors import QAError

    if isinstance(e, SystemExit | GeneratorExit):
        raise e
    if isinstance(e, QAError):
        return str(e), 1
    if isinstance(e, KeyboardInterrupt):
        return "interrupted", 130
    if isinstance(e, UnicodeEncodeError):
        return (f"cannot write this text as {e.encoding} ({e.reason}); use a UTF-8 terminal or set "
                "PYTHONIOENCODING=utf-8"), 1
    if isinstance(e, OSError):
        where = f" ({e.filename})" if e.filename else ""
        return f"{e.strerror or e}{where}; check the path, its permissions and the free disk space", 1
    if isinstance(e, MemoryError):
        return "out of memory; index fewer or smaller files at a time", 1
    if os.environ.get("QA_DEBUG"):
        raise e
    return (f"unexpected {type(e).__name__}: {e} — a bug in qa; rerun with QA_DEBUG=1 for the traceback "
            "and report it"), 1
