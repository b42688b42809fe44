"""Backups that restore: the PostgreSQL database (``pg_dump`` custom format), the uploaded
files (``MEDIA_ROOT``) and the keys, with a manifest of checksums.

A backup directory holds ``database.dump``, ``media.tar.gz``, ``keys.env`` (the secret key and
the CPR keys; left out with ``--without-keys`` when the keys are kept in a secret store) and
``manifest.json``: each file's SHA-256, and a fingerprint of the product's records (citizens,
decisions, journal, agreement PDFs) taken in the same snapshot as the dump. ``restore`` checks
the files, restores into an empty (or replaced) database, and compares the restored records
with the fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"
KEYS = "keys.env"

# What a restored product must show again, as (name, query): a count and an MD5 over every row
# (for the PDFs over each PDF's SHA-256), in primary key order.
FINGERPRINTS = {
    "citizens": "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.id)) "
                "FROM mentor_citizen t",
    "decisions": "SELECT count(*), md5(string_agg(t.id || ':' || t.decision_kind || ':' "
                 "|| t.decision::text, '|' ORDER BY t.id)) FROM visitation_referral t "
                 "WHERE t.decision_kind <> ''",
    "journal": "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.id)) "
               "FROM visitation_journalentry t",
    "agreement_pdfs": "SELECT count(*), md5(string_agg(t.id || ':' || "
                      "encode(sha256(t.pdf), 'hex'), '|' ORDER BY t.id)) "
                      "FROM agreements_agreement t WHERE t.pdf IS NOT NULL",
}


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class Database:
    """Where a database is, from a Django DATABASES entry; passed to the tools as libpq
    environment variables, so that no password is on a command line."""

    name: str
    host: str = ""
    port: str = ""
    user: str = ""
    password: str = ""

    @classmethod
    def from_settings(cls, entry: dict[str, Any]) -> Database:
        if "postgresql" not in entry["ENGINE"]:
            raise BackupError("Backup and restore need PostgreSQL (the production database); "
                              "the embedded SQLite set-up is backed up by copying var/.")
        return cls(name=str(entry["NAME"]), host=entry.get("HOST") or "",
                   port=str(entry.get("PORT") or ""), user=entry.get("USER") or "",
                   password=entry.get("PASSWORD") or "")

    def env(self) -> dict[str, str]:
        values = {"PGDATABASE": self.name, "PGHOST": self.host, "PGPORT": self.port,
                  "PGUSER": self.user, "PGPASSWORD": self.password}
        return {**os.environ, **{k: v for k, v in values.items() if v}}

    def connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(dbname=self.name, host=self.host or None,
                               port=self.port or None, user=self.user or None,
                               password=self.password or None)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return found


def fingerprint(database: Database, *, snapshot: str | None = None) -> dict[str, list[Any]]:
    with database.connect() as conn, conn.cursor() as cursor:
        if snapshot:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")  # an id from PostgreSQL
        result = {}
        for name, query in FINGERPRINTS.items():
            cursor.execute(query)
            count, digest = cursor.fetchone() or (0, None)
            result[name] = [count, digest]
        return result


def backup(directory: Path, database: Database, *, keys: bool = True) -> dict[str, Any]:
    """Write a backup into ``directory`` (created; must be empty) and return its manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty.")
    directory.chmod(0o700)
    # The dump and the fingerprint read the same snapshot, exported by a transaction held open
    # until both are done, so writes during the backup cannot make them disagree.
    with database.connect() as holder, holder.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = str((cursor.fetchone() or ("",))[0])
        subprocess.run([_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",  # noqa: S603
                        f"--snapshot={snapshot}", f"--file={directory / DUMP}"],
                       env=database.env(), check=True)
        records = fingerprint(database, snapshot=snapshot)
    with tarfile.open(directory / MEDIA, "w:gz") as archive:
        if Path(settings.MEDIA_ROOT).is_dir():
            archive.add(settings.MEDIA_ROOT, arcname="media")
    if keys:
        (directory / KEYS).write_text(
            f"SECRET_KEY={settings.SECRET_KEY}\n"
            f"CPR_ENCRYPTION_KEYS={','.join(settings.CPR_ENCRYPTION_KEYS)}\n"
            f"CPR_HASH_KEYS={','.join(settings.CPR_HASH_KEYS)}\n")
        (directory / KEYS).chmod(0o600)
    manifest = {
        "created_at": timezone.now().isoformat(),
        "files": {p.name: _sha256(p) for p in sorted(directory.iterdir())},
        "records": records,
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def verify_files(directory: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((directory / MANIFEST).read_text())
    for name, expected in manifest["files"].items():
        path = directory / name
        if not path.exists() or _sha256(path) != expected:
            raise BackupError(f"{name} is missing or does not match its checksum.")
    return manifest


def restore(directory: Path, database: Database, *, media_root: Path) -> dict[str, Any]:
    """Restore a backup into ``database`` (its tables are replaced) and ``media_root``.
    Raises BackupError if a file or the restored records differ from the manifest."""
    manifest = verify_files(directory)
    subprocess.run([_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",  # noqa: S603
                    "--no-privileges", "--single-transaction", "--exit-on-error",
                    f"--dbname={database.name}", str(directory / DUMP)],
                   env=database.env(), check=True)
    _extract_media(directory / MEDIA, media_root)
    restored = fingerprint(database)
    if restored != manifest["records"]:
        raise BackupError(f"The restored records differ from the backup's: {restored} != "
                          f"{manifest['records']}")
    return manifest


def _extract_media(archive_path: Path, media_root: Path) -> None:
    """Plain files and folders only, each inside ``media_root`` (this Python's tarfile has no
    extraction filter)."""
    root = media_root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        for member in archive.getmembers():
            target = (root / member.name.removeprefix("media").lstrip("/")).resolve()
            if not target.is_relative_to(root):
                raise BackupError(f"{member.name} would be written outside the media folder.")
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True)
            elif member.isfile():
                source = archive.extractfile(member)
                if source is None:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
