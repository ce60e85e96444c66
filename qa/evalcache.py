"""The benchmark index cache: a SQuAD benchmark is indexed once into ``cache_dir`` and reused.

A cached index is keyed by the benchmark file's bytes, the model, the qa version and the chunking
(``cache_key``); it is refreshed, without re-embedding unchanged chunks, when the qa code that shapes an
index changes (``code_fingerprint``). The rate of its last full build is kept next to it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa import __version__
from qa.chunking import MAX_CHARS
from qa.errors import QAError
from qa.types import Article

if TYPE_CHECKING:
    from qa.index import Index, Progress

DEFAULT_CACHE = Path("eval/cache")


def cache_key(data: Path, model: str) -> str:
    """What a cached benchmark index depends on: the file's bytes, the model, the qa version, the chunking."""
    digest = hashlib.sha256(Path(data).read_bytes()).hexdigest()
    recipe = f"{digest}\0{model}\0qa-{__version__}\0max_chars-{MAX_CHARS}"
    return hashlib.sha256(recipe.encode("utf-8")).hexdigest()[:16]


def code_fingerprint() -> str:
    """Hash of the qa sources: the version string is not bumped for every change to tokenising or index files.

    The evaluation modules (``eval*.py``) and the CLI are left out: they do not shape an index.
    """
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        if not path.name.startswith("eval") and path.name != "cli.py":
            h.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def _stats_path(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.build.json"


def _load_cached(folder: Path, model: str, fingerprint: str) -> tuple[Index | None, bool]:
    """(the cached index if it loads and holds this corpus, whether a stale/damaged one is in the way)."""
    from qa.index import Index

    if not (folder / "CURRENT").exists():
        return None, False
    try:
        index = Index.load(folder, model=model)
    except QAError:
        return None, True
    if index.manifest.get("corpus_fingerprint") != fingerprint:
        return None, False
    return index, False


def _read_stats(path: Path) -> dict[str, Any]:
    """The build stats beside a cached index; a missing or damaged file just means "rebuild" ({})."""
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stats if isinstance(stats, dict) else {}


def benchmark_index(data: Path, articles: Sequence[Article], model: str, cache_dir: Path,
                    progress: Progress | None) -> tuple[Index, dict[str, Any]]:
    """Load the cached index of a benchmark, or build it (and remember how fast that was)."""
    from qa.index import Index, _fingerprint

    folder = cache_dir / f"{data.stem}-{cache_key(data, model)}"
    index, damaged = _load_cached(folder, model, _fingerprint(articles))
    stats_file = _stats_path(folder)
    stats = _read_stats(stats_file)
    if index is not None and stats.get("code") == code_fingerprint():
        return index, {**stats, "built": False}
    # Missing, stale or built by other qa code: (re)build; unchanged chunk texts keep their vectors.
    index = Index.build([data], folder=folder, model=model, rebuild=damaged, progress=progress, wait=600)
    report = index.last_build
    # Only a build that embedded every chunk measures the rate; a refresh that reused them (or found the
    # index up to date) keeps the rate of the build that did.
    if report.embedded and not report.reused and report.seconds > 0:
        stats = {"seconds": round(report.seconds, 2), "chunks": len(index.chunks),
                 "embedded": report.embedded, "chunks_per_s": round(len(index.chunks) / report.seconds, 2)}
    stats["code"] = code_fingerprint()
    stats_file.write_text(json.dumps(stats), encoding="utf-8")
    return index, {**stats, "built": True, "embedded_now": report.embedded}
