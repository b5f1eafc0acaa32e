"""Logs: one JSON object per line, with the request id, without query strings or citizen IDs."""

import io
import json
import logging

import pytest

from core.logs import ContextFilter, json_formatter, redact


@pytest.fixture
def captured():
    """Lines written by the ``django`` loggers through the production handler (formatter and filter)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(json_formatter())
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("django")
    logger.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)


def test_a_request_logs_json_with_its_request_id_and_without_the_query(client, captured):
    response = client.get("/members/không-có/?q=Nguyễn Thị Hoa&citizen_id=036080000123")
    assert response.status_code == 404
    [line] = captured()
    assert line["request_id"] == response["X-Request-ID"]
    assert (line["level"], line["logger"]) == ("WARNING", "django.request")
    assert line["message"].startswith("Not Found: /members/")
    text = json.dumps(line, ensure_ascii=False)
    assert "Nguyễn" not in text and "036080000123" not in text


def test_the_request_id_from_nginx_is_kept_and_a_forged_one_replaced(client):
    assert client.get("/login/", headers={"X-Request-ID": "0f" * 16})["X-Request-ID"] == "0f" * 16
    forged = client.get("/login/", headers={"X-Request-ID": "x\nInjected: 1"})["X-Request-ID"]
    assert forged != "x\nInjected: 1" and len(forged) == 32


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('"GET /members/?q=Tr%E1%BA%A7n+V%C4%83n HTTP/1.1" 200 512', '"GET /members/?… HTTP/1.1" 200 512'),
        ("Member 001234567890 updated", "Member [number] updated"),
        ("Identity card 123456789 read", "Identity card [number] read"),
        ("Export job 1234 failed after 20 s", "Export job 1234 failed after 20 s"),
    ],
)
def test_redaction_removes_queries_and_id_numbers_only(raw, clean):
    assert redact(raw) == clean


def test_records_outside_a_request_have_no_request_id(captured):
    logging.getLogger("django.test").warning("Sweep %s done", 3)
    [line] = captured()
    assert (line["message"], line["request_id"]) == ("Sweep 3 done", None)
