"""Backups: one tar file holding a PostgreSQL dump (custom format) and the media files.

``create()`` writes ``kiemdiem-YYYYMMDD-HHMMSS.tar`` into BACKUP_DIR (the dump as
``database.dump``, every file under MEDIA_ROOT under ``media/``, and
``manifest.json``) and keeps the newest BACKUP_KEEP of them. ``restore()`` puts one
back into an empty database and an empty MEDIA_ROOT, or over existing ones when
forced. Both call PostgreSQL's own pg_dump and pg_restore.
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

PREFIX = "kiemdiem-"
SUFFIX = ".tar"
DUMP = "database.dump"
MEDIA = "media"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _database():
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL (set DATABASE_URL); the SQLite file can simply be copied.")
    return connection.settings_dict


def _client(program, database, *args):
    """Run pg_dump or pg_restore against ``database`` (a DATABASES entry); the password travels in the environment."""
    command = [program, "--host", database["HOST"] or "localhost", "--port", str(database["PORT"] or 5432)]
    command += ["--username", database["USER"] or "postgres", "--dbname", database["NAME"], *args]
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BackupError(f"{program} failed: {result.stderr.strip()[-2000:]}")


def backups(directory=None):
    """The backup files in ``directory`` (BACKUP_DIR by default), oldest first."""
    directory = Path(directory or settings.BACKUP_DIR)
    return sorted(directory.glob(f"{PREFIX}*{SUFFIX}"))


def create(directory=None, keep=None, now=None):
    """Write a backup and remove the oldest beyond ``keep``; return its path."""
    database = _database()
    directory = Path(directory or settings.BACKUP_DIR)
    keep = keep or settings.BACKUP_KEEP
    now = timezone.localtime(now)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{PREFIX}{now:%Y%m%d-%H%M%S}{SUFFIX}"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / DUMP
        _client("pg_dump", database, "--format=custom", "--file", str(dump))
        partial = Path(work) / target.name
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, DUMP)
            if media_root.is_dir():
                archive.add(media_root, MEDIA)
            manifest = json.dumps({"created": now.isoformat(), "database": database["NAME"]}).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(manifest)
            archive.addfile(info, io.BytesIO(manifest))
        # Renamed into place only when complete, so a backup that is listed is whole.
        partial.replace(target)
    for old in backups(directory)[:-keep]:
        old.unlink()
    return target


def database_is_empty():
    return not connections[DEFAULT_DB_ALIAS].introspection.table_names()


def media_is_empty():
    root = Path(settings.MEDIA_ROOT)
    return not root.exists() or not any(root.iterdir())


def restore(path, force=False):
    """Restore the backup at ``path``. Without ``force`` the database and MEDIA_ROOT must be empty."""
    database = _database()
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup file at {path}")
    if not force and not (database_is_empty() and media_is_empty()):
        raise BackupError(
            f"The database {database['NAME']} or MEDIA_ROOT is not empty; "
            "restoring would overwrite it. Use --force to replace everything."
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as work, tarfile.open(path) as archive:
        # The "data" filter refuses absolute paths, links out of the folder and device files.
        archive.extractall(work, filter="data")
        dump = Path(work) / DUMP
        if not dump.is_file():
            raise BackupError(f"{path} holds no {DUMP}: not a backup of this product")
        connection = connections[DEFAULT_DB_ALIAS]
        if force:
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        connection.close()
        _client("pg_restore", database, "--no-owner", "--no-privileges", "--exit-on-error", str(dump))
        media_root.mkdir(parents=True, exist_ok=True)
        if force:
            # Emptied rather than removed: MEDIA_ROOT may be the mount point of a shared volume.
            for child in media_root.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        if (Path(work) / MEDIA).is_dir():
            shutil.copytree(Path(work) / MEDIA, media_root, dirs_exist_ok=True)
