"""Per-upload temporary folders.

Per-upload temporary folders: accepted only by size and type, removed after download or
after an hour, never executed."""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

#: Largest upload accepted, in bytes (documented in the README).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
#: How long an upload folder is kept when its downloads are not all fetched, in seconds.
UPLOAD_TTL_SECONDS = 3600
#: Largest unpacked size of a zip (or an .xlsx, which is a zip) and its largest member count.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_MEMBERS = 500
#: Files an unpacked evaluation folder may hold.
FOLDER_SUFFIXES = frozenset({".csv", ".tsv", ".toml", ".txt", ".md"})

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ID = re.compile(r"^[A-Za-z0-9_-]{22}$")
_MANIFEST = "manifest.json"


class UploadRejected(ValueError):
    """An upload that is not accepted; ``key`` names the message shown, ``detail`` the facts."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


def safe_filename(name: str) -> str:
    """The uploaded file's own name without any folder part, control or path characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    kept = "".join(ch for ch in base if ch.isalnum() or ch in " ._-()（）【】[]")
    kept = kept.strip(" .")[:120]
    return kept or "upload"


def check_type(path: Path, allowed: frozenset[str]) -> str:
    """The upload's suffix, once its name and its first bytes agree with an allowed type."""
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise UploadRejected("wrong_type", f"{path.name}: {suffix or '—'}")
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head:
        raise UploadRejected("empty", path.name)
    if suffix in (".xlsx", ".xlsm", ".zip"):
        if not head.startswith(_ZIP_MAGIC):
            raise UploadRejected("not_zip", path.name)
        _check_zip_size(path)
    elif suffix == ".xls":
        if not head.startswith(_OLE_MAGIC):
            raise UploadRejected("not_xls", path.name)
    elif b"\x00" in head:
        raise UploadRejected("not_text", path.name)
    return suffix


def _check_zip_size(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise UploadRejected("not_zip", f"{path.name}: {exc}") from None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise UploadRejected("zip_too_big", path.name)


def unpack_folder(archive_path: Path, into: Path) -> Path:
    """Unpack a zipped evaluation folder (only data files, no links, no paths outside ``into``)
    and return the folder holding its ``indicators.csv``."""
    into.mkdir()
    with zipfile.ZipFile(archive_path) as archive:
        for member in archive.infolist():
            if member.is_dir():
                continue
            parts = PurePosixPath(member.filename.replace("\\", "/")).parts
            if member.filename.startswith("/") or ".." in parts or not parts:
                raise UploadRejected("zip_path", member.filename)
            if (member.external_attr >> 16) & 0o170000 == 0o120000:
                raise UploadRejected("zip_path", member.filename)
            if parts[0] == "__MACOSX" or parts[-1].startswith("."):
                continue
            if PurePosixPath(parts[-1]).suffix.lower() not in FOLDER_SUFFIXES:
                raise UploadRejected("zip_member", member.filename)
            target = into.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(member) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink)
    found = sorted(into.rglob("indicators.csv"), key=lambda p: len(p.parts))
    if not found:
        raise UploadRejected("zip_no_folder", archive_path.name)
    return found[0].parent


@dataclass(frozen=True)
class Upload:
    """One upload's folder; ``files`` maps a download name to its file in ``outputs``."""

    id: str
    folder: Path

    @property
    def outputs(self) -> Path:
        """Where the downloadable files are written."""
        return self.folder / "out"

    def offer(self, files: dict[str, Path]) -> None:
        """Record the downloads this upload offers (each a file inside ``outputs``)."""
        self._save({key: path.name for key, path in files.items()}, [])

    def download(self, key: str) -> Path | None:
        """The file offered under ``key``, or None."""
        name = self._manifest()[0].get(key)
        if name is None:
            return None
        path = self.outputs / name
        return path if path.is_file() else None

    def fetched(self, key: str) -> bool:
        """Note that ``key`` was downloaded; True once every offered file has been."""
        offered, fetched = self._manifest()
        done = set(fetched) | {key}
        self._save(offered, sorted(done))
        return done >= set(offered)

    def _save(self, offered: dict[str, str], fetched: list[str]) -> None:
        text = json.dumps({"offered": offered, "fetched": fetched})
        (self.folder / _MANIFEST).write_text(text, encoding="utf-8")

    def _manifest(self) -> tuple[dict[str, str], list[str]]:
        """The offered downloads (key → file name) and the keys fetched so far."""
        try:
            data = json.loads((self.folder / _MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, []
        offered = data.get("offered", {}) if isinstance(data, dict) else {}
        fetched = data.get("fetched", []) if isinstance(data, dict) else []
        return ({str(k): str(v) for k, v in offered.items()}, [str(k) for k in fetched])


class UploadStore:
    """The temporary folders of the uploads, under one root removed when the server stops."""

    def __init__(self, root: Path, ttl: float = UPLOAD_TTL_SECONDS) -> None:
        self.root = root
        self.ttl = ttl

    def new(self) -> Upload:
        """A fresh, empty upload folder with an unguessable id."""
        upload_id = secrets.token_urlsafe(16)
        folder = self.root / upload_id
        folder.mkdir(parents=True)
        (folder / "out").mkdir()
        return Upload(upload_id, folder)

    def get(self, upload_id: str) -> Upload | None:
        """The upload with this id, if it is still kept."""
        if not _ID.match(upload_id):
            return None
        folder = self.root / upload_id
        return Upload(upload_id, folder) if folder.is_dir() else None

    def remove(self, upload: Upload) -> None:
        """Delete the upload's folder and everything in it."""
        shutil.rmtree(upload.folder, ignore_errors=True)

    def sweep(self, now: float | None = None) -> int:
        """Remove the folders older than the time-to-live; how many were removed."""
        limit = (time.time() if now is None else now) - self.ttl
        removed = 0
        for folder in self.root.iterdir() if self.root.is_dir() else ():
            if folder.is_dir() and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
        return removed

    def count(self) -> int:
        """How many upload folders are kept."""
        return sum(1 for p in self.root.iterdir() if p.is_dir()) if self.root.is_dir() else 0
