"""Against the real services: concurrent sweeps on PostgreSQL, a real worker on Redis mailing a real SMTP server.

These tests skip without PostgreSQL/Redis, and fail instead when REQUIRE_SERVICES=1.
"""

import asyncio
import datetime
import email
import email.policy
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.core import mail
from django.db import connections
from django.utils import timezone

from accounts.models import Role
from notifications.models import Channel, Delivery, DeliveryStatus, NotificationPreference
from notifications.sweep import sweep
from tests.factories import make_organization, make_user
from tests.services import database_url, free_port, require_postgres, require_redis

BASE_DIR = Path(settings.BASE_DIR)
DAY = datetime.timedelta(days=1)


@pytest.fixture
def postgres(require_services):
    require_postgres(require_services)


@pytest.fixture
def redis_url(require_services, postgres):
    return require_redis(require_services)


def _ward_with_secretary(city, number):
    ward = make_organization(f"Đảng bộ phường thử {number}", parent=city)
    secretary = make_user(f"bithu_e2e_{number}", Role.SECRETARY, ward, email=f"bithu{number}@example.vn")
    return ward, secretary


# Two sweeps at once


@pytest.mark.services
def test_two_concurrent_sweeps_record_one_row_and_send_one_email_per_key(
    postgres, transactional_db, city, make_item, provider, eager_celery
):
    secretaries = []
    for number in range(20):
        ward, secretary = _ward_with_secretary(city, number)
        NotificationPreference.objects.create(user=secretary, kind=provider.kind, channel=Channel.IMMEDIATE)
        make_item(ward, timezone.localdate() - 20 * DAY)  # reminder and the whole escalation ladder due
        secretaries.append(secretary)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(sweep())
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    keys = Delivery.objects.values_list("kind", "object_id", "step", "recipient_id", "due_date")
    assert len(keys) == len(set(keys)) == sum(result.created for result in results)
    emailed = Delivery.objects.exclude(channel=Channel.IN_APP)
    assert len(mail.outbox) == emailed.filter(channel=Channel.IMMEDIATE).count()
    assert not emailed.filter(channel=Channel.IMMEDIATE).exclude(status=DeliveryStatus.SENT).exists()
    for secretary in secretaries:
        # The owner's reminder, mailed once: the first escalation step would reach the same secretary,
        # and an escalation never goes to the person already reminded.
        assert len([m for m in mail.outbox if m.to == [secretary.email]]) == 1


# A real worker, Redis and SMTP


class SMTPRecorder:
    """An aiosmtpd handler that records accepted messages and can hang on the N-th one."""

    def __init__(self):
        self.messages = []
        self.received = 0
        self.hang_on = None
        self.hanging = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        if self.received == self.hang_on:
            self.hanging.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 60)
            return "451 4.3.0 Not accepted"
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def addresses(self):
        return [address for recipients, _message in self.messages for address in recipients]


@pytest.fixture
def smtp_server():
    recorder = SMTPRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield recorder, controller.port
    recorder.release.set()
    controller.stop()


@pytest.fixture
def worker(redis_url, smtp_server, transactional_db, tmp_path):
    """``start()`` runs a Celery worker subprocess on Redis and the test database; ``kill()`` SIGKILLs it."""
    from config.celery import app

    app.control.purge()
    _recorder, port = smtp_server
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_TIMEOUT": "5",
        "NOTIFICATIONS_SENDING_LEASE": "2",
        "SITE_URL": "https://kiemdiem.example.vn",
    }
    processes = []

    class Worker:
        def start(self):
            log = open(tmp_path / f"worker-{len(processes)}.log", "wb")  # noqa: SIM115 - closed with the process
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "notifications.tests.worker_app", "worker", "--pool=solo"]
                + ["--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            processes.append(process)
            return process

        def kill(self):
            processes[-1].send_signal(signal.SIGKILL)
            processes[-1].wait(10)

        def log(self):
            return "\n".join(path.read_text(errors="replace") for path in sorted(tmp_path.glob("worker-*.log")))

    yield Worker()
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(10)


def _wait_for(condition, timeout, what, worker):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"Timed out waiting for {what}.\nWorker log:\n{worker.log()[-4000:]}")


@pytest.mark.services
def test_a_real_worker_mails_a_reminder_once_and_survives_being_killed_mid_batch(
    worker, smtp_server, city, make_item, provider, settings
):
    recorder, _port = smtp_server
    settings.NOTIFICATIONS_SENDING_LEASE = 2
    tomorrow = timezone.localdate() + DAY
    ward, secretary = _ward_with_secretary(city, 0)
    NotificationPreference.objects.create(user=secretary, kind=provider.kind, channel=Channel.IMMEDIATE)
    make_item(ward, tomorrow)
    worker.start()

    sweep()
    _wait_for(lambda: recorder.messages, 60, "the first reminder", worker)
    time.sleep(1)  # a duplicate would arrive now
    [(recipients, message)] = recorder.messages
    assert recipients == [secretary.email]
    # Python folds the encoded subject onto a continuation line; unfolding leaves a leading space.
    assert message["Subject"].strip() == f"Nhắc việc: Collective review submission, hạn {tomorrow:%d/%m/%Y}"
    assert "https://kiemdiem.example.vn/organizations/" in message.get_body(("plain",)).get_content()

    # A batch of eight; the worker is killed while the SMTP server holds the third.
    batch = []
    for number in range(1, 9):
        ward, secretary = _ward_with_secretary(city, number)
        NotificationPreference.objects.create(user=secretary, kind=provider.kind, channel=Channel.IMMEDIATE)
        make_item(ward, tomorrow)
        batch.append(secretary.email)
    recorder.hang_on = recorder.received + 3
    sweep()
    _wait_for(recorder.hanging.is_set, 60, "the third message of the batch", worker)
    worker.kill()
    recorder.release.set()
    assert Delivery.objects.filter(status=DeliveryStatus.SENDING).count() == 1

    worker.start()
    time.sleep(settings.NOTIFICATIONS_SENDING_LEASE + 1)
    sweep()  # what beat does every five minutes: re-queues what the dead worker held
    _wait_for(lambda: set(batch) <= set(recorder.addresses()), 90, "the rest of the batch", worker)
    time.sleep(2)  # a duplicate would arrive now
    addresses = recorder.addresses()
    assert sorted(addresses[1:]) == sorted(batch), "a reminder was lost or sent twice"
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 9


@pytest.mark.services
def test_two_beats_by_mistake_still_mail_each_reminder_once(worker, smtp_server, city, make_item, provider, tmp_path):
    """Beat is meant to run on one machine; a second one started by mistake sends each sweep twice.

    The delivery ledger records each reminder once whichever sweep comes first, so
    every secretary still gets one email. Both beats tick every second here.
    """
    recorder, _port = smtp_server
    tomorrow = timezone.localdate() + DAY
    expected = []
    for number in range(5):
        ward, secretary = _ward_with_secretary(city, number)
        NotificationPreference.objects.create(user=secretary, kind=provider.kind, channel=Channel.IMMEDIATE)
        make_item(ward, tomorrow)
        expected.append(secretary.email)
    worker.start()
    env = {**os.environ, "DATABASE_URL": database_url(), "NOTIFICATIONS_SWEEP_SECONDS": "1", "PYTHONUNBUFFERED": "1"}
    beats = []
    try:
        for number in range(2):
            log = open(tmp_path / f"beat-{number}.log", "wb")  # noqa: SIM115 - closed with the process
            command = [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO"]
            command += ["--schedule", str(tmp_path / f"beat-{number}-schedule")]
            beats.append((subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT), log))

        def sweeps_sent():
            logs = [(tmp_path / f"beat-{number}.log").read_text() for number in range(2)]
            return all(text.count("Sending due task notifications-sweep") >= 3 for text in logs)

        _wait_for(sweeps_sent, 60, "three sweeps from each beat", worker)
        _wait_for(lambda: set(expected) <= set(recorder.addresses()), 60, "the reminders", worker)
        time.sleep(3)  # further sweeps of both beats run meanwhile; a duplicate would arrive now
    finally:
        for process, log in beats:
            process.send_signal(signal.SIGTERM)
            process.wait(15)
            log.close()
    assert sorted(recorder.addresses()) == sorted(expected), "a reminder was sent twice or lost"
    assert Delivery.objects.filter(status=DeliveryStatus.SENT).count() == len(expected)
