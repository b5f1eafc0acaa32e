"""Backups and the restore drill.

The drill on PostgreSQL: seed the city into a database of its own, add an
evidence file, back up, drop the database and the media files, restore, and
compare the row count of every table and the bytes of the evidence file.
"""

import datetime
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from urllib.parse import urlparse

import psycopg2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from operations import backup
from tests.services import BASE_DIR, PYTHON, database_url, environment, require_postgres

EVIDENCE = b"%PDF-1.4\n%drill " + bytes(range(256)) * 40 + b"\n%%EOF\n"
ADD_EVIDENCE = """
from django.core.files.base import ContentFile
from commitments.models import Commitment, EvidenceFile
data = bytes.fromhex("{hex}")
evidence = EvidenceFile(commitment=Commitment.objects.order_by("pk").first(), original_name="bien-ban.pdf",
                        kind="pdf", size=len(data))
evidence.file.save("bien-ban.pdf", ContentFile(data), save=False)
evidence.save()
print(evidence.file.name)
"""


def server(url):
    parsed = urlparse(url)
    return psycopg2.connect(
        dbname="postgres", user=parsed.username, password=parsed.password, host=parsed.hostname, port=parsed.port
    )


def admin(url, statement):
    connection = server(url)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def table_counts(url):
    parsed = urlparse(url)
    connection = psycopg2.connect(
        dbname=parsed.path.lstrip("/"), user=parsed.username, password=parsed.password, host=parsed.hostname,
        port=parsed.port,
    )  # fmt: skip
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        connection.close()


@pytest.mark.services
def test_restore_drill_gives_back_every_row_and_the_evidence_bytes(require_services, tmp_path):
    require_postgres(require_services)
    name = f"kd_drill_{uuid.uuid4().hex[:8]}"
    url = database_url(name)
    media = tmp_path / "media"
    env = environment(
        DATABASE_URL=url,
        MEDIA_ROOT=str(media),
        BACKUP_DIR=str(tmp_path / "backups"),
        VAR_DIR=str(tmp_path),
        REDIS_URL="",
    )

    def manage(*args, check=True):
        result = subprocess.run(
            [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600
        )
        if check:
            assert result.returncode == 0, (
                f"manage.py {' '.join(args)}:\n{result.stdout[-2000:]}{result.stderr[-3000:]}"
            )
        return result

    admin(url, f'CREATE DATABASE "{name}"')
    try:
        manage("migrate", "--noinput", "-v", "0")
        manage("seed_demo")
        evidence_name = manage("shell", "-c", ADD_EVIDENCE.format(hex=EVIDENCE.hex())).stdout.strip().splitlines()[-1]
        before = table_counts(url)
        assert before["members_member"] > 1000 and before["commitments_evidencefile"] == 1
        written = manage("backup").stdout
        archive = Path(re.search(r"Backup written: (\S+)", written).group(1))
        assert re.fullmatch(r"kiemdiem-\d{8}-\d{6}\.tar", archive.name)

        admin(url, f'DROP DATABASE "{name}" WITH (FORCE)')
        admin(url, f'CREATE DATABASE "{name}"')
        shutil.rmtree(media)
        manage("restore", str(archive))
        assert table_counts(url) == before
        assert (media / evidence_name).read_bytes() == EVIDENCE

        refused = manage("restore", str(archive), check=False)
        assert refused.returncode != 0
        assert "is not empty" in refused.stderr and "--force" in refused.stderr
        manage("restore", "--force", str(archive))
        assert table_counts(url) == before
        assert (media / evidence_name).read_bytes() == EVIDENCE
    finally:
        admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_keeps_the_newest_n(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "evidence.pdf").write_bytes(b"%PDF")
    monkeypatch.setattr(backup, "_database", lambda: {"NAME": "kiemdiem"})
    # pg_dump's part is PostgreSQL's; here it writes a stand-in dump.
    monkeypatch.setattr(backup, "_client", lambda program, database, *args: Path(args[-1]).write_bytes(b"PGDMP"))
    start = datetime.datetime(2025, 3, 10, 1, 30, tzinfo=datetime.UTC)
    for day in range(4):
        backup.create(tmp_path / "backups", keep=2, now=start + datetime.timedelta(days=day))
    assert [path.name for path in backup.backups(tmp_path / "backups")] == [
        "kiemdiem-20250312-083000.tar",
        "kiemdiem-20250313-083000.tar",
    ]


def test_backup_and_restore_refuse_sqlite_with_a_clear_message(db, settings):
    if backup.connections["default"].vendor != "sqlite":
        pytest.skip("checks the SQLite refusal")
    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("backup")
