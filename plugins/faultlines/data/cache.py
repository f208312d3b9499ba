"""What validation learns from one entry file alone, remembered by the file's content.

Parsing and schema-checking an entry depend only on its bytes, its kind (the folder it is in) and the
code and schemas that check it; the checks across entries depend on every file and always rerun. So each
file's parsed data, YAML problems and schema diagnostics are stored under a hash of its kind and bytes
(its key), and the whole store under a hash of everything else the result depends on: the schema files,
this package's source, and the versions of Python and of the libraries that parse and check. A change to
any of those starts a fresh store; an edited, reverted, renamed or deleted file has a different key or
none, so a stored result is never used for content it was not computed from.

Reading 10,000 small files costs more than everything else a repeated run does, so a file is not read
again when its identity proves its content unchanged since it was hashed, as git's index does: same
device, inode, size, modification and change time (st_ctime on POSIX, which every write sets and no
program can set back). That proof is only recorded for files whose change time was at least SETTLE_NS
before the run began, so that a second write within the file system's timestamp granularity (a few
milliseconds on ext4, two seconds on FAT) cannot go unnoticed; files changed more recently are read
every time until they settle. Systems without POSIX change times (Windows) always read every file.

Positions are not stored: a message that needs one reads and parses the file again. The store is
`.faultlines-cache/` next to the taxonomy folder, split by key into SHARDS files so that an edit rewrites
one small file rather than the whole store. Each holds a header naming the format and context, a CRC-32
of the payload, and the payload (marshal: the fastest loader for plain data; the checksum means a damaged
file is never read). Anything unreadable, damaged or from another context is ignored and rebuilt;
failing to write it only costs speed. It is local working state: never commit or share it (the folder
carries its own `.gitignore`), and pass `--no-cache` on a file system whose change times cannot be
trusted.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
import sys
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__

CACHE_DIR = ".faultlines-cache"
SHARDS = 16  # files entries-0.bin ... entries-f.bin; a record lives in the one its key's first byte picks
MAGIC = b"faultlines-entry-cache 4\n"
SETTLE_NS = 3_000_000_000  # a file changed this recently is read again, whatever its identity says
IDENTITY_IS_PROOF = os.name == "posix"  # st_ctime is the change time there (the creation time on Windows)
# The libraries that parse or check one file; results from other installs of any of them are not reused.
_LIBRARIES = ("yaml", "jsonschema", "jsonschema_rs", "referencing")

# A file's record: (data, YAML problems as (line, column, path, message), schema diagnostics as
# (line, column, field path, message, code), references as (path, target, kind, inline)); data is None
# when the file is not a readable mapping.
Record = tuple[Any, list[tuple], list[tuple], list[tuple], Any]  # see pipeline._check_file
# What a file was when it was hashed: (st_dev, st_ino, st_size, st_mtime_ns, st_ctime_ns, key).
Identity = tuple[int, int, int, int, int, bytes]


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def _checksum(payload: bytes) -> bytes:
    """Guards the payload against damage (a torn write, a bad disk), not against tampering."""
    return b"%08x" % zlib.crc32(payload)


def _package_fingerprint() -> bytes:
    """This package's own source and the installed parsing and checking libraries."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{__version__}\n{sys.version}\n{marshal.version}\n".encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for module in _LIBRARIES:
        spec = importlib.util.find_spec(module)
        origin = spec.origin if spec is not None and spec.origin else None
        if origin is None:
            h.update(f"{module}: missing\n".encode())
            continue
        st = os.stat(origin)  # an upgrade or reinstall rewrites the package's files
        h.update(f"{module}: {origin} {st.st_size} {st.st_mtime_ns}\n".encode())
    import yaml
    h.update(f"pyyaml {yaml.__version__} libyaml {getattr(yaml, '__with_libyaml__', False)}\n".encode())
    return h.digest()


@dataclass
class FileCache:
    """Records of entry files by key, and the identities of files known to hold a key; folder None: off."""

    folder: Path | None
    context: bytes = b""
    stored: dict[bytes, Record] = field(default_factory=dict)
    identities: dict[str, Identity] = field(default_factory=dict)
    used: dict[bytes, Record] = field(default_factory=dict)
    seen: dict[str, Identity] = field(default_factory=dict)
    started_ns: int = field(default_factory=time.time_ns)
    hits: int = 0
    misses: int = 0
    unread: int = 0  # files vouched for by their identity

    @classmethod
    def off(cls) -> "FileCache":
        return cls(None)

    @classmethod
    def open(cls, taxonomy_dir: Path, schema_fingerprint: bytes) -> "FileCache":
        """The store next to taxonomy_dir, for results under these schemas; empty if none is usable."""
        started = time.time_ns()  # before any file is looked at
        context = _digest(_package_fingerprint() + schema_fingerprint).hex().encode()
        folder = Path(taxonomy_dir).parent / CACHE_DIR
        stored: dict[bytes, Record] = {}
        identities: dict[str, Identity] = {}
        for shard in range(SHARDS):
            records, known = _read(folder / _shard_file(shard), context)
            stored.update(records)
            identities.update(known)
        return cls(folder, context, stored, identities, started_ns=started)

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    @staticmethod
    def key(kind: str, raw: bytes) -> bytes:
        return _digest(kind.encode() + b"\0" + raw)

    def known(self, name: str, st: os.stat_result) -> bytes | None:
        """The key of a file (by its taxonomy name) if its identity proves it unchanged since it was hashed."""
        if not IDENTITY_IS_PROOF:
            return None
        identity = self.identities.get(name)
        if identity is None or identity[5] not in self.stored:
            return None
        if identity[:5] != (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns):
            return None
        self.seen[name] = identity
        self.unread += 1
        return identity[5]

    def remember(self, name: str, st: os.stat_result | None, key: bytes) -> None:
        """Note that the file, with this identity taken before it was read, holds content with this key."""
        if st is not None and IDENTITY_IS_PROOF and st.st_ctime_ns < self.started_ns - SETTLE_NS:
            self.seen[name] = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns, key)

    def get(self, key: bytes) -> Record | None:
        record = self.stored.get(key)
        if record is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = record
        return record

    def put(self, key: bytes, record: Record) -> None:
        self.used[key] = record

    def save(self) -> None:
        """Keep exactly what this run saw; rewrite only the shards in which that differs from what was stored."""
        if self.folder is None:
            return
        changed = {key[0] % SHARDS for key in self.used.keys() ^ self.stored.keys()}
        for name in self.seen.keys() | self.identities.keys():
            before, now = self.identities.get(name), self.seen.get(name)
            if before != now:
                changed.update(identity[5][0] % SHARDS for identity in (before, now) if identity is not None)
        if not changed:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by faultlines: local working state, never commit it.\n*\n")
        except OSError:  # a read-only checkout, or something else in the way: only speed is lost
            return
        records: list[dict] = [{} for _ in range(SHARDS)]
        known: list[dict] = [{} for _ in range(SHARDS)]
        for key, record in self.used.items():
            records[key[0] % SHARDS][key] = record
        for name, identity in self.seen.items():
            known[identity[5][0] % SHARDS][name] = identity
        for shard in sorted(changed):
            _write(self.folder / _shard_file(shard), self.context, marshal.dumps((records[shard], known[shard])))
        self.stored, self.identities = dict(self.used), dict(self.seen)


def _shard_file(shard: int) -> str:
    return f"entries-{shard:x}.bin"


def _write(path: Path, context: bytes, payload: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(MAGIC + context + b"\n" + _checksum(payload) + b"\n" + payload)
        os.replace(tmp, path)  # readers see the old shard or the new one, never half of one
    except OSError:  # a full disk, a folder where the file should be: only speed is lost
        try:
            tmp.unlink()
        except OSError:
            pass


def _read(path: Path, context: bytes) -> tuple[dict[bytes, Record], dict[str, Identity]]:
    empty: tuple[dict, dict] = ({}, {})
    try:
        with open(path, "rb") as f:
            blob = f.read()
    except OSError:
        return empty
    header = MAGIC + context + b"\n"
    if not blob.startswith(header):
        return empty
    checksum, sep, payload = blob[len(header):].partition(b"\n")
    if not sep or checksum != _checksum(payload):
        return empty
    try:
        records, identities = marshal.loads(payload)
    except Exception:  # noqa: BLE001 - a store we cannot read is a store we do not have
        return empty
    if not isinstance(records, dict) or not isinstance(identities, dict):
        return empty
    return records, identities
