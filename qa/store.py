"""The index folder on disk: versioned, checksummed, written atomically, read only after checking.

Layout of an index folder (``embeddings/`` by default)::

    CURRENT            "<version> <sha256 of its manifest>", replaced atomically (os.replace)
    v<time>-<id>/      one complete index: manifest.json + the files it lists with their checksums
    .lock              held by the one process writing
    .verified/<v>.json stat stamps of v's files as of their last successful hash (see ``verify_files``)

A build writes a whole new version beside the old one and only then points CURRENT at it, so a crash
mid-build leaves the previous index untouched, and a reader sees the old index or the new one, never a
mix. Every file is checked against the manifest before FAISS, numpy or json sees it. No pickle.

Hashing a large index on every load costs seconds, so a file whose size, mtime, ctime, inode and device are
exactly those recorded after its last successful hash is not hashed again: any write through the file
system changes its ctime, which user space cannot set back. Damage that bypasses the file system (bit rot)
is only found by a full check: ``QA_VERIFY=full`` or ``verify_index(root)`` (`qa info --verify`).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shlex
import shutil
import stat
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.errors import (
    BadArgumentError,
    IndexBusyError,
    IndexCorruptError,
    IndexFormatError,
    IndexNotFoundError,
    QAError,
)
from qa.stamps import VERIFIED, Stamps, read_stamps, stat_key

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
LOCK = ".lock"
VERIFY_ENV = "QA_VERIFY"
_VERSION_NAME = re.compile(r"^v\d{8}T\d{6}-[0-9a-f]{8}$")
DEFAULT_ROOT = Path("embeddings")  # the index folder `qa` and `Index` use when none is named


def index_option(root: Path | None) -> str:
    """`` --index ROOT`` for a command line that must reach ``root``; empty for the default folder."""
    if root is None or _same_path(Path(root), DEFAULT_ROOT):
        return ""
    return f" --index {shlex.quote(str(root))}"


def rebuild_command(root: Path | None, model: str | None = None) -> str:
    """The `qa index --rebuild …` line for the index at ``root``, quoted for a message.

    The index need not be readable (it may be the damaged one), so its articles are ``PATH…``.
    """
    model_option = f" --model {shlex.quote(model)}" if model else ""
    return f"`qa index --rebuild{model_option}{index_option(root)} PATH…`"


def _rebuild(root: Path) -> str:
    return f"rebuild with {rebuild_command(root)}"


def _same_path(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):  # a symlink loop: compare as written
        return a == b


def _is_own_entry(name: str) -> bool:
    """What qa writes into an index folder (or leaves from an interrupted build); README.md describes the
    repository's ``embeddings/``. Hidden entries are never the user's articles or documents."""
    return name.startswith(".") or name in (CURRENT, "README.md") or bool(_VERSION_NAME.match(name))


def foreign_entries(root: Path) -> list[str]:
    """Names in ``root`` that qa did not write there, sorted; empty for an absent folder."""
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if not _is_own_entry(p.name))


_MANIFEST_MAX_BYTES = 1 << 20  # qa's manifest lists a few dozen files; a bigger manifest.json is someone else's


def is_index_folder(folder: Path) -> bool:
    """Whether ``folder`` is a qa index: a root (a ``CURRENT`` file beside a version holding qa's manifest)
    or one version of one (holding ``manifest.json`` with a ``format_version``, as only qa writes it).

    Walks of input folders leave such folders out: an index kept inside a corpus folder is qa's output,
    and its ``articles.jsonl`` and JSON files read again would come back as duplicate articles and bad files.
    """
    if _holds_qa_manifest(folder):
        return True
    if not (folder / CURRENT).is_file():
        return False
    try:
        return any(_VERSION_NAME.match(p.name) and _holds_qa_manifest(p) for p in folder.iterdir())
    except OSError:
        return False


def _holds_qa_manifest(folder: Path) -> bool:
    path = folder / MANIFEST
    try:
        if not path.is_file() or path.stat().st_size > _MANIFEST_MAX_BYTES:  # never a FIFO: it would block
            return False
        manifest = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "format_version" in manifest


def check_new_index_folder(root: Path) -> None:
    """Refuse to write an index into a file, or into a folder that holds other things and no index.

    An absent or empty folder becomes a new index, and an existing index is updated; anything else is
    most likely a mistyped ``--index`` that would mix qa's files into the user's.
    """
    if root.exists() and not root.is_dir():
        raise IndexFormatError(f"{root} is a file, not an index folder; give --index a new or empty folder")
    foreign = [] if (root / CURRENT).is_file() else foreign_entries(root)
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise IndexFormatError(
            f"{root} is not a qa index and already holds {foreign[0]}{more}; give --index a new or empty "
            "folder (nothing was written)"
        )


def check_wait(wait: float) -> float:
    """Seconds to wait for another writer: finite and not negative."""
    if isinstance(wait, bool) or not isinstance(wait, int | float) or not math.isfinite(wait) or wait < 0:
        raise BadArgumentError(f"wait must be a number of seconds, 0 or more, not {wait!r}")
    return float(wait)


def sha256_file(path: Path) -> str:
    with open(path, "rb") as f:
        return _sha256_of(f)


def _sha256_of(f: Any) -> str:
    h = hashlib.sha256()
    for block in iter(lambda: f.read(1 << 20), b""):
        h.update(block)
    return h.hexdigest()


def _hashed(path: Path) -> tuple[str, os.stat_result]:
    """sha256 of a file and its stat taken from the same open file just before reading it."""
    with open(path, "rb") as f:
        st = os.fstat(f.fileno())
        return _sha256_of(f), st


@contextmanager
def write_lock(root: Path, timeout: float = 0) -> Iterator[None]:
    """Exclusive writer lock on an index folder (filelock); a second writer fails clearly."""
    from filelock import FileLock, Timeout

    timeout = check_wait(timeout)
    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / LOCK))
    try:
        lock.acquire(timeout=timeout)
    except Timeout as e:
        raise IndexBusyError(
            f"another `qa index` is writing {root}; wait for it to finish (or pass --wait)"
        ) from e
    try:
        yield
    finally:
        lock.release()


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def commit_version(root: Path, write: Callable[[Path], dict[str, Any]]) -> Path:
    """Write a new version with ``write(tmp_dir) -> manifest`` and make it current. Caller holds the lock."""
    root.mkdir(parents=True, exist_ok=True)
    name = f"v{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
    tmp = root / f".tmp-{name}"
    tmp.mkdir()
    stamps = None
    try:
        manifest = write(tmp)
        manifest["format_version"] = FORMAT_VERSION
        stamps = Stamps.begin(root, name)  # before the files are stat'ed: see _Stamps
        files: dict[str, dict[str, Any]] = {}
        for p in sorted(tmp.rglob("*")):
            if p.is_file():
                rel, (digest, st) = p.relative_to(tmp).as_posix(), _hashed(p)
                files[rel] = {"sha256": digest, "bytes": st.st_size}
                if stamps:
                    stamps.add(rel, digest, st)
        manifest["files"] = files
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_tree(tmp)
        final = root / name
        os.rename(tmp, final)
        previous = _pointed_version(root)
        pointer = root / f".{CURRENT}.{name}"
        pointer.write_text(f"{name} {sha256_file(final / MANIFEST)}\n", encoding="utf-8")
        with open(pointer, "rb") as f:
            os.fsync(f.fileno())
        os.replace(pointer, root / CURRENT)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if stamps:
            stamps.discard()
        raise
    if stamps:  # renaming the folder kept every file's inode, device and times
        stamps.commit()
    _collect_garbage(root, keep={name, previous})
    return final


def _pointed_version(root: Path) -> str:
    """The version CURRENT names now ("" if none): kept one more round for readers still loading it.

    Not "the newest other version": a build killed between its rename and the CURRENT switch leaves a newer
    version that was never current, and names from the same second sort by their random suffix.
    """
    try:
        name = (root / CURRENT).read_text(encoding="utf-8", errors="replace").split()[0]
    except (OSError, IndexError):
        return ""
    return name if _VERSION_NAME.match(name) else ""


def _collect_garbage(root: Path, keep: set[str]) -> None:
    """Drop versions older than the previous one, their stamps, and temp files of interrupted builds."""
    for p in root.iterdir():
        stale_version = _VERSION_NAME.match(p.name) and p.name not in keep
        stale_tmp = p.name.startswith((".tmp-", f".{CURRENT}."))
        if stale_version or stale_tmp:
            shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
    stamps = root / VERIFIED
    for p in stamps.iterdir() if stamps.is_dir() else ():
        if p.name.startswith(".tmp-") or p.suffix == ".json" and p.stem not in keep:
            p.unlink(missing_ok=True)  # a reader still writing one just keeps hashing next time


def current_version(root: Path) -> tuple[Path, str]:
    """The folder of the current version and its manifest checksum, with clear errors."""
    pointer = root / CURRENT
    if not pointer.is_file():
        if not root.exists() or root.is_dir() and not foreign_entries(root):
            where = index_option(root)
            raise IndexNotFoundError(f"no index at {root}; build one with `qa index`"
                                     + (f" (add{where})" if where else ""))
        raise IndexFormatError(f"{root} is not a qa index (no {CURRENT} file); point --index at an index folder")
    parts = pointer.read_text(encoding="utf-8", errors="replace").split()
    if len(parts) != 2 or not _VERSION_NAME.match(parts[0]) or not re.fullmatch(r"[0-9a-f]{64}", parts[1]):
        raise IndexCorruptError(f"{pointer} is damaged; {_rebuild(root)}")
    folder = root / parts[0]
    if not folder.is_dir():
        raise IndexCorruptError(f"{root}: version {parts[0]} is missing; {_rebuild(root)}")
    return folder, parts[1]


def read_manifest(folder: Path, expected_sha256: str | None = None) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexCorruptError(f"{folder} has no {MANIFEST}; {_rebuild(folder.parent)}")
    if expected_sha256 is not None and sha256_file(path) != expected_sha256:
        raise IndexCorruptError(f"{path} does not match its checksum; {_rebuild(folder.parent)}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise IndexCorruptError(f"{path} is not valid JSON ({e}); {_rebuild(folder.parent)}") from e
    version = manifest.get("format_version") if isinstance(manifest, dict) else None
    if not isinstance(version, int):
        raise IndexFormatError(f"{path} has no format_version; it was not written by qa")
    if version > FORMAT_VERSION:
        raise IndexFormatError(
            f"{folder.parent} was written by a newer qa (index format {version}, this qa reads "
            f"{FORMAT_VERSION}); upgrade qa or {_rebuild(folder.parent)}"
        )
    return manifest


@dataclass(frozen=True)
class Verification:
    """What a check of an index version did: files whose sha256 was computed, and files trusted by stamp."""

    version: str
    hashed: tuple[str, ...]
    trusted: tuple[str, ...]
    bytes_hashed: int
    seconds: float


def verify_files(folder: Path, manifest: dict[str, Any], full: bool | None = None) -> Verification:
    """Size and sha256 of every listed file, before anything parses it; an unlisted file is damage too.

    A file whose stat is exactly the one stamped after its last successful hash is not hashed again (see
    the module docstring); ``full=True``, or ``QA_VERIFY=full`` when ``full`` is None, hashes every file.
    After hashing, the stamps are refreshed if the index folder can be written; if not, nothing is lost
    but time.
    """
    t0 = time.perf_counter()
    files = manifest.get("files")
    if not isinstance(files, dict) or not files:
        raise IndexCorruptError(f"{folder / MANIFEST} lists no files; {_rebuild(folder.parent)}")
    full = _full_check_wanted() if full is None else full
    stamped = {} if full else read_stamps(folder.parent, folder.name)
    trusted, to_hash = [], []
    for rel, meta in files.items():
        st = _listed_stat(folder, rel, meta)
        if stamped.get(rel) == (meta.get("sha256"), stat_key(st)):
            trusted.append(rel)
        else:
            to_hash.append(rel)
    stamps = Stamps.begin(folder.parent, folder.name) if to_hash else None
    done = 0
    try:
        for rel in to_hash:
            meta = files[rel]
            try:
                digest, st = _hashed(folder / rel)
            except OSError as e:  # vanished since it was listed above
                raise IndexCorruptError(_missing(rel, folder)) from e
            if st.st_size != meta.get("bytes") or digest != meta.get("sha256"):
                raise IndexCorruptError(_damaged(rel, folder))
            done += st.st_size
            if stamps:
                stamps.add(rel, digest, st)
        _refuse_unlisted(folder, files)
    except BaseException:
        if stamps:
            stamps.discard()
        raise
    if stamps:
        for rel in trusted:
            stamps.keep(rel, stamped)
        stamps.commit()
    return Verification(folder.name, tuple(to_hash), tuple(trusted), done, time.perf_counter() - t0)


def verify_index(root: Path) -> Verification:
    """Hash every file of the current version of the index at ``root`` (`qa info --verify`).

    Finds damage a normal load cannot see (bit rot, anything that bypassed the file system) and
    refreshes the stamps that let later loads skip hashing.

        >>> verify_index(Path("embeddings")).bytes_hashed
    """
    folder, manifest_sha = current_version(root)
    return verify_files(folder, read_manifest(folder, manifest_sha), full=True)


def _full_check_wanted() -> bool:
    value = os.environ.get(VERIFY_ENV, "").strip().lower()
    if value not in ("", "full", "stamps"):
        raise QAError(f"{VERIFY_ENV} must be 'full' (hash every index file on every load) or 'stamps' "
                      f"(the default), not {value!r}")
    return value == "full"


def _listed_stat(folder: Path, rel: Any, meta: Any) -> os.stat_result:
    parts = Path(str(rel)).parts
    if not isinstance(meta, dict) or not parts or Path(str(rel)).is_absolute() or ".." in parts:
        raise IndexCorruptError(f"{folder / MANIFEST} lists a bad entry {rel!r}; {_rebuild(folder.parent)}")
    try:
        st = (folder / rel).stat()
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        raise IndexCorruptError(_missing(rel, folder))
    if st.st_size != meta.get("bytes"):
        raise IndexCorruptError(_damaged(rel, folder))
    return st


def _refuse_unlisted(folder: Path, files: dict[str, Any]) -> None:
    unlisted = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST and not p.name.startswith(".")
        and p.relative_to(folder).as_posix() not in files
    )
    if unlisted:
        raise IndexCorruptError(
            f"{folder} holds {unlisted[0]}, which its manifest does not list; {_rebuild(folder.parent)}"
        )


def read_verified(folder: Path, rel: str, manifest: dict[str, Any]) -> bytes:
    """One index file's bytes, checked against the manifest as read (for files parsed lazily, after load)."""
    meta = (manifest.get("files") or {}).get(rel)
    path = folder / rel
    try:
        data = path.read_bytes()
    except OSError as e:
        raise IndexCorruptError(
            f"index file {rel} is gone from {folder} (the index was rebuilt since it was loaded?); "
            "load the index again"
        ) from e
    intact = isinstance(meta, dict) and len(data) == meta.get("bytes")
    if not intact or hashlib.sha256(data).hexdigest() != meta.get("sha256"):
        raise IndexCorruptError(_damaged(rel, folder))
    return data


def _missing(rel: str, folder: Path) -> str:
    return f"index file {rel} is missing from {folder}; {_rebuild(folder.parent)}"


def _damaged(rel: str, folder: Path) -> str:
    return f"index file {rel} in {folder} is damaged (checksum mismatch); {_rebuild(folder.parent)}"
