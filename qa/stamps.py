"""Stat stamps: proof that an index file has not changed since its sha256 was last checked.

``<index>/.verified/<version>.json`` records, per file of a version, the sha256 it was checked against and
its (size, mtime, ctime, inode, device) at that moment. ``store.verify_files`` skips hashing a file whose
stat is exactly the stamped one: any write through the file system moves the ctime, which user space
cannot set back. A stamp file is a cache: unreadable, odd or unwritable just means "hash again".
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

VERIFIED = ".verified"
_STAMP_FORMAT = 1


def stat_key(st: os.stat_result) -> tuple[int, ...]:
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev)


def read_stamps(root: Path, version: str) -> dict[str, tuple[str, tuple[int, ...]]]:
    """rel → (sha256, stat key) from ``.verified/<version>.json``; anything unreadable or odd is no stamps."""
    try:
        data = json.loads((root / VERIFIED / f"{version}.json").read_text(encoding="utf-8"))
        if data["format"] != _STAMP_FORMAT or data["version"] != version:
            return {}
        out = {}
        for rel, entry in data["files"].items():
            key = tuple(entry["stat"])
            if isinstance(entry["sha256"], str) and len(key) == 5 and all(type(n) is int for n in key):
                out[rel] = (entry["sha256"], key)
        return out
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


class Stamps:
    """A stamp file being written: ``<root>/.verified/<version>.json``, via a temp file and os.replace.

    The temp file is created before any file is stat'ed, and its ctime, from the file system's own clock,
    is the reference: a file changed in that same clock tick could be changed again within the tick
    without its ctime moving (git's "racy clean" problem), so it is not stamped and is hashed next time.
    Any OSError (a read-only index, a full disk) just means no stamps.
    """

    def __init__(self, tmp: Path, final: Path, clock_ns: int, version: str) -> None:
        self.tmp, self.final, self.clock_ns, self.version = tmp, final, clock_ns, version
        self.files: dict[str, dict[str, Any]] = {}

    @classmethod
    def begin(cls, root: Path, version: str) -> Stamps | None:
        folder = root / VERIFIED
        tmp = folder / f".tmp-{version}-{uuid.uuid4().hex[:8]}"
        try:
            folder.mkdir(exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                clock_ns = os.fstat(fd).st_ctime_ns
            finally:
                os.close(fd)
        except OSError:
            return None
        return cls(tmp, folder / f"{version}.json", clock_ns, version)

    def add(self, rel: str, sha256: str, st: os.stat_result) -> None:
        if st.st_ctime_ns < self.clock_ns:
            self.files[rel] = {"sha256": sha256, "stat": list(stat_key(st))}

    def keep(self, rel: str, stamped: dict[str, tuple[str, tuple[int, ...]]]) -> None:
        sha256, key = stamped[rel]
        self.files[rel] = {"sha256": sha256, "stat": list(key)}

    def commit(self) -> None:
        payload = {"format": _STAMP_FORMAT, "version": self.version, "files": self.files}
        try:
            self.tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
            os.replace(self.tmp, self.final)
        except OSError:
            self.discard()

    def discard(self) -> None:
        try:
            self.tmp.unlink(missing_ok=True)
        except OSError:
            pass
