"""Stat stamps: an index file is hashed again only if it may have changed since its last successful hash.

Every write through the file system changes a file's ctime, which user space cannot set back, so a stamp
(size, mtime, ctime, inode, device) that still matches proves the file was not rewritten. Bit rot is not
a write: only a full check (`QA_VERIFY=full`, `qa info --verify`) finds it, and a test here shows both.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from qa import stamps, store
from qa.errors import IndexCorruptError, IndexFormatError, QAError
from qa.index import Index
from tests.conftest import build_small_fake_index
from tests.test_cli import main_exit
from tests.test_index import write_corpus

QUESTION = "二七区有几家三甲医院？"


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return build_small_fake_index(tmp_path_factory.mktemp("stamps")) / "idx"


@pytest.fixture
def idx(tmp_path, template, fake) -> Path:
    """A fresh copy (new inodes and ctimes: the template's stamps no longer match), loaded once to stamp it."""
    shutil.copytree(template, tmp_path / "idx")
    settle()
    Index.load(tmp_path / "idx")
    return tmp_path / "idx"


def settle() -> None:
    """Let the file-system clock tick past the last write: a file changed in the tick a check starts is
    deliberately not stamped (it could change again unseen within that tick), see ``stamps.Stamps``."""
    time.sleep(0.03)


@pytest.fixture
def hashed(monkeypatch) -> list[str]:
    """Names of the index files hashed from now on (manifest.json, hashed on every load, left out)."""
    seen: list[str] = []
    real = store._sha256_of

    def spy(f):
        if Path(f.name).name != store.MANIFEST:
            seen.append(Path(f.name).name)
        return real(f)

    monkeypatch.setattr(store, "_sha256_of", spy)
    return seen


def version_of(idx: Path) -> Path:
    return store.current_version(idx)[0]


def stamp_file(idx: Path) -> Path:
    return idx / store.VERIFIED / f"{version_of(idx).name}.json"


def listed(idx: Path) -> list[str]:
    return sorted(json.loads((version_of(idx) / store.MANIFEST).read_text())["files"])


def test_a_second_load_of_an_unchanged_index_hashes_nothing(idx, hashed):
    Index.load(idx)
    assert hashed == []
    check = store.verify_files(version_of(idx), store.read_manifest(version_of(idx)))
    assert check.hashed == () and sorted(check.trusted) == listed(idx) and check.bytes_hashed == 0


def test_a_fresh_copy_is_hashed_once_then_trusted(tmp_path, template, hashed):
    shutil.copytree(template, tmp_path / "idx")  # the template's stamp file comes along, but not its inodes
    settle()
    Index.load(tmp_path / "idx")
    assert len(hashed) == len(listed(tmp_path / "idx"))
    hashed.clear()
    Index.load(tmp_path / "idx")
    assert hashed == []


def test_a_build_stamps_what_it_wrote(tmp_path, fake, hashed):
    """`qa index` hashed every file it wrote: the first load hashes only what the build could not stamp
    (files written in the clock tick the build began stamping, usually none)."""
    write_corpus(tmp_path / "corpus")
    Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake")
    by_build = set(json.loads(stamp_file(tmp_path / "idx").read_text())["files"])
    hashed.clear()
    Index.load(tmp_path / "idx")
    assert sorted(hashed) == sorted(Path(rel).name for rel in set(listed(tmp_path / "idx")) - by_build)


def _rewrite_keeping_size_and_mtime(path: Path) -> None:
    before = path.stat()
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10
    path.write_bytes(bytes(data))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (before.st_size, before.st_mtime_ns, before.st_ino)


@pytest.mark.parametrize("victim", ["dense.faiss", "lexical/data.csc.index.npy", "articles.jsonl", "bridge.json"])
def test_a_rewrite_with_size_and_mtime_restored_is_still_caught(idx, monkeypatch, victim):
    """Only the ctime tells: it moved when the file was written, and os.utime cannot set it back."""
    _rewrite_keeping_size_and_mtime(version_of(idx) / victim)
    for parser in ("qa.dense.DenseIndex.load", "qa.lexical.LexicalIndex.load", "qa.index._read_articles"):
        monkeypatch.setattr(parser, lambda *a, **k: pytest.fail("parsed before it was verified"))
    with pytest.raises(IndexCorruptError, match=f"index file {victim} .* is damaged"):
        Index.load(idx)


@pytest.mark.parametrize("damage", ["truncate", "delete", "plant"])
def test_other_damage_after_a_stamped_load_is_still_caught(idx, damage):
    path = version_of(idx) / "chunks.npy"
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:10])
    elif damage == "delete":
        path.unlink()
    else:
        (version_of(idx) / "lexical" / "planted.npy").write_bytes(b"x")
    with pytest.raises(IndexCorruptError, match="damaged|missing|does not list"):
        Index.load(idx)


def test_qa_verify_full_hashes_every_time(idx, hashed, monkeypatch):
    monkeypatch.setenv("QA_VERIFY", "full")
    Index.load(idx)
    Index.load(idx)
    assert sorted(hashed) == sorted(Path(rel).name for rel in listed(idx) * 2)
    monkeypatch.setenv("QA_VERIFY", "ful")
    with pytest.raises(QAError, match="QA_VERIFY must be 'full'"):
        Index.load(idx)


def _simulate_bit_rot(idx: Path, rel: str) -> None:
    """Change a file and re-stamp it, as if the disk had flipped a bit under an unchanged inode."""
    path = version_of(idx) / rel
    _rewrite_keeping_size_and_mtime(path)
    recorded = json.loads(stamp_file(idx).read_text())
    recorded["files"][rel]["stat"] = list(stamps.stat_key(path.stat()))
    stamp_file(idx).write_text(json.dumps(recorded))


def test_bit_rot_is_found_by_a_full_check_only(idx, monkeypatch, capsys):
    _simulate_bit_rot(idx, "chunks.npy")
    assert store.verify_files(version_of(idx), store.read_manifest(version_of(idx))).hashed == ()  # the trade-off
    code, out, err = main_exit(["info", "--index", str(idx), "--verify"], monkeypatch, capsys)
    assert code == 1 and "chunks.npy" in err and "checksum mismatch" in err
    monkeypatch.setenv("QA_VERIFY", "full")
    with pytest.raises(IndexCorruptError, match="chunks.npy"):
        Index.load(idx)


def test_info_verify_hashes_everything_and_says_so(idx, monkeypatch, capsys, hashed):
    code, out, err = main_exit(["info", "--index", str(idx), "--verify", "--json"], monkeypatch, capsys)
    assert code == 0, err
    verified = json.loads(out)["verified"]
    assert verified["files"] == len(listed(idx)) and verified["bytes"] == json.loads(out)["bytes"]
    assert len(hashed) == len(listed(idx))  # hashed once by the check; the load after it trusted the new stamps
    code, out, err = main_exit(["info", "--index", str(idx), "--verify"], monkeypatch, capsys)
    assert code == 0 and "matches" in out


@pytest.mark.parametrize("failing", ["mkdir", "open", "replace"])
def test_an_index_whose_stamps_cannot_be_written_still_loads(tmp_path, template, monkeypatch, hashed, failing):
    """A read-only index (we run as root, where chmod cannot show it): hashed in full every time, no error."""
    shutil.copytree(template, tmp_path / "idx")
    shutil.rmtree(tmp_path / "idx" / store.VERIFIED)
    settle()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Read-only file system")

    if failing == "mkdir":
        monkeypatch.setattr(Path, "mkdir", refuse)
    else:
        monkeypatch.setattr(store.os, failing, refuse)
    for _ in range(2):
        assert Index.load(tmp_path / "idx").ask(QUESTION).citations
    assert len(hashed) == 2 * len(listed(tmp_path / "idx"))
    leftovers = list((tmp_path / "idx" / store.VERIFIED).glob("*")) if failing != "mkdir" else []
    assert leftovers == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="chmod does not stop root")
def test_a_read_only_index_folder_still_loads(tmp_path, template, hashed):
    shutil.copytree(template, tmp_path / "idx")
    for folder in (tmp_path / "idx", tmp_path / "idx" / store.VERIFIED):
        folder.chmod(0o555)
    try:
        Index.load(tmp_path / "idx")
        Index.load(tmp_path / "idx")
    finally:
        for folder in (tmp_path / "idx", tmp_path / "idx" / store.VERIFIED):
            folder.chmod(0o755)
    assert len(hashed) == 2 * len(listed(tmp_path / "idx"))


GARBAGE = {
    "not json": b"\x00\xff{garbage",
    "empty": b"",
    "a list": b"[1, 2]",
    "newer format": None,
    "other version": None,
    "files not a dict": None,
    "short stat": None,
    "stat of strings": None,
    "other checksum": None,
}


@pytest.mark.parametrize("kind", sorted(GARBAGE))
def test_a_damaged_stamp_file_is_ignored(idx, hashed, kind):
    path = stamp_file(idx)
    stamps = json.loads(path.read_text())
    some = listed(idx)[0]
    if GARBAGE[kind] is not None:
        path.write_bytes(GARBAGE[kind])
    else:
        {"newer format": lambda: stamps.update(format=2),
         "other version": lambda: stamps.update(version="v20250101T000000-00000000"),
         "files not a dict": lambda: stamps.update(files=[1]),
         "short stat": lambda: stamps["files"][some].update(stat=[1, 2]),
         "stat of strings": lambda: stamps["files"][some].update(stat=["1"] * 5),
         "other checksum": lambda: stamps["files"][some].update(sha256="0" * 64),
         }[kind]()
        path.write_text(json.dumps(stamps))
    Index.load(idx)
    expected = [Path(some).name] if kind in ("short stat", "stat of strings", "other checksum") else \
        [Path(rel).name for rel in listed(idx)]
    assert sorted(hashed) == sorted(expected)
    hashed.clear()
    Index.load(idx)  # and the stamps were written afresh
    assert hashed == []


def test_a_file_changed_in_the_tick_its_check_began_is_not_stamped(tmp_path):
    pending = stamps.Stamps.begin(tmp_path, "v20250101T000000-00000000")
    assert pending is not None
    now = os.stat(pending.tmp)
    pending.add("racy", "0" * 64, now)  # changed no earlier than the check began: could change again unseen
    settled = SimpleNamespace(st_size=1, st_mtime_ns=0, st_ctime_ns=pending.clock_ns - 1, st_ino=1, st_dev=1)
    pending.add("settled", "1" * 64, settled)
    pending.commit()
    assert set(json.loads((tmp_path / store.VERIFIED / "v20250101T000000-00000000.json").read_text())["files"]) == {
        "settled"}


def test_stamps_of_collected_versions_are_removed(tmp_path, fake):
    write_corpus(tmp_path / "corpus")
    names = []
    for _ in range(3):
        Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake", rebuild=True)
        names.append(version_of(tmp_path / "idx").name)
        Index.load(tmp_path / "idx")
    (tmp_path / "idx" / store.VERIFIED / ".tmp-v-of-a-killed-reader").write_text("{")
    Index.build([tmp_path / "corpus"], folder=tmp_path / "idx", model="fake", rebuild=True)
    names.append(version_of(tmp_path / "idx").name)
    left = sorted(p.name for p in (tmp_path / "idx" / store.VERIFIED).iterdir())
    assert left == sorted(f"{name}.json" for name in names[-2:])


# ---- hints that name the folder ---------------------------------------------------------------------------

def test_rebuild_command_names_the_folder_unless_it_is_the_default(tmp_path):
    assert store.rebuild_command(Path("k6")) == "`qa index --rebuild --index k6 PATH…`"
    assert store.rebuild_command(Path("my index"), "st:/m") == (
        "`qa index --rebuild --model st:/m --index 'my index' PATH…`")
    for default in (Path("embeddings"), Path("./embeddings/"), tmp_path / "embeddings"):  # cwd is tmp_path
        assert store.rebuild_command(default) == "`qa index --rebuild PATH…`"


def test_what_counts_as_a_folder_of_other_files(tmp_path):
    root = tmp_path / "idx"
    assert store.foreign_entries(root) == []
    root.mkdir()
    for own in (".lock", ".cache", "README.md", "v20250101T000000-0123abcd"):  # qa's, or an interrupted build's
        (root / own).mkdir()
    assert store.foreign_entries(root) == []
    store.check_new_index_folder(root)
    (root / "notes.txt").write_text("mine")
    assert store.foreign_entries(root) == ["notes.txt"]
    with pytest.raises(IndexFormatError, match="not a qa index"):
        store.check_new_index_folder(root)


def test_an_index_is_known_by_its_manifest_and_other_folders_are_not(idx, tmp_path):
    version, _ = store.current_version(idx)
    assert store.is_index_folder(idx) and store.is_index_folder(version)
    mimics = {"export": {"manifest.json": '{"name": "photos", "files": []}'},  # someone else's manifest
              "broken": {"manifest.json": "{not json"}, "notes": {"CURRENT": "draft 3\n"}, "empty": {}}
    for name, files in mimics.items():
        (tmp_path / name).mkdir()
        for file, text in files.items():
            (tmp_path / name / file).write_text(text, encoding="utf-8")
        assert not store.is_index_folder(tmp_path / name), name
