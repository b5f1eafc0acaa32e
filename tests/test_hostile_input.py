"""No server error on hostile input: a property-based test over every list's GET parameters and every form.

The targets are discovered, not listed by hand: city staff crawls the product
from the home page over a filled-in world (a cycle with reviews, a meeting, a
directive with its explanation report, commitments), and every page's forms
are read from its HTML (action, method, field names and their current values).
The URL conf adds each parameterless list page, with the parameters lists
read (``q``, ``status``, ``sort``, ``page``, ``cycle``, ``organization``...).
Hypothesis then sends arbitrary strings, NUL bytes, Unicode digits (``²``,
``٣``) and huge strings into a few fields of a target at a time, the others
keeping the values the page rendered, and every answer must be below 500.
"""

import datetime
import logging
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments import services as commitment_services
from commitments.models import SourceKind
from paperwork.tests import conftest as paperwork_world

# The filled-in world of the paperwork tests (a cycle, reviews, a meeting, a directive and its report).
_media_root = paperwork_world._media_root
head_a = paperwork_world.head_a
cell_head_a = paperwork_world.cell_head_a
world = paperwork_world.world
directive_world = paperwork_world.directive_world

logger = logging.getLogger(__name__)

# Paths never crawled nor posted to: they end the session or only stream files.
SKIPPED = ("/logout", "/i18n/", "/admin/", "/static/", "/media/", "/health/")
# The parameters lists read from the query string (besides their filter forms' own fields).
LIST_PARAMETERS = ("q", "status", "sort", "page", "cycle", "organization", "reason", "year", "kind", "level")
# Pages that only make files (Word, PDF): not crawled, their forms are reached from the pages that hold them.
DOCUMENTS = "/paperwork/"
MAX_PAGES = 150
PAGES_PER_VIEW = 1  # /members/1/ and /members/2/ have the same forms: one page of each view is enough

HOSTILE = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "1\x00",
            "²",
            "١٢",
            "٣",
            "¹²³",
            "𝟗",
            "abc",
            "-1",
            "0",
            "9" * 40,
            "1e9",
            "x" * 200_000,
            "1\n2\x00\n3",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%00",
            "../../etc/passwd",
            '=HYPERLINK("http://evil.example")',
            " ",
            "",
        ]
    ),
)


class _Forms(HTMLParser):
    """The links and forms of a page: ``forms`` is a list of (method, action, {name: value})."""

    def __init__(self, url):
        super().__init__()
        self.url = url
        self.links = set()
        self.forms = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.add(urljoin(self.url, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.url, attrs.get("action") or self.url)
            self._form = ((attrs.get("method") or "get").lower(), action, {})
            self.forms.append(self._form)
        elif self._form is not None and attrs.get("name"):
            fields = self._form[2]
            name = attrs["name"]
            if tag == "input" and attrs.get("type") not in ("file", "submit", "button", "image", "reset"):
                if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                    fields.setdefault(name, None)
                else:
                    fields[name] = attrs.get("value", "")
            elif tag == "select":
                self._select = name
                fields.setdefault(name, "")
            elif tag == "textarea":
                self._textarea = name
                fields[name] = ""
        if tag == "option" and self._select and self._form is not None:
            fields = self._form[2]
            if "selected" in attrs or not fields.get(self._select):
                fields[self._select] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form[2][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _list_urls():
    """The URL conf's pages that take no argument (the lists, the dashboards, the create forms)."""
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if "<" not in route and "(" not in route and "^" not in route:
                    found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted(url for url in set(found) if not url.startswith(SKIPPED))


def _local(url):
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or parts.path.startswith(SKIPPED):
        return None
    return parts.path


def _view_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _crawl(client):
    """Every page the client's user reaches from the home page and the URL conf: the GET and POST targets."""
    queue = ["/", *_list_urls()]
    seen, targets, views = set(), {}, Counter()
    while queue and len(seen) < MAX_PAGES:
        path = _local(queue.pop(0))
        if path is None or path in seen or path.startswith(DOCUMENTS) or path.endswith(("/pdf/", "/docx/")):
            continue
        view = _view_name(path)
        if view is None or views[view] >= PAGES_PER_VIEW:
            continue
        views[view] += 1
        seen.add(path)
        response = client.get(path)
        assert response.status_code < 500, f"GET {path} answered {response.status_code}"
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Forms("http://testserver" + path)
        page.feed(response.content.decode())
        queue.extend(page.links - seen)
        targets.setdefault(("get", path), dict.fromkeys(LIST_PARAMETERS, ""))
        for method, action, fields in page.forms:
            target = _local(action)
            if target is None:
                continue
            known = targets.setdefault((method, target), {})
            known.update({name: value for name, value in fields.items() if name != "csrfmiddlewaretoken"})
    return seen, targets


@pytest.fixture
def fuzz_world(directive_world, ward_a, city_staff):
    """The filled-in world plus commitments of ward A's review."""
    commitment_services.create_commitments(
        SourceKind.COLLECTIVE_REVIEW,
        directive_world["ward_review"],
        [
            {
                "shortcoming": "Sinh hoạt chi bộ có lúc chưa đều đặn.",
                "measure": "Sinh hoạt đúng kỳ.",
                "deadline": datetime.date.today() + datetime.timedelta(days=30),
            }
        ],
        city_staff,
    )
    return directive_world


# The sweep: every field of every target gets one of these, shifted per field and per round.
SWEEP = ["a\x00b", "²", "abc", "9" * 40, "١٢", "-1", "x" * 200_000, " \x00"]
SWEEP_ROUNDS = 2


def _send(counts, client, method, path, values, fuzzed):
    with connection.execute_wrapper(_refuse_nul):
        response = client.get(path, values) if method == "get" else client.post(path, values)
    counts["requests"] += 1
    if response.status_code >= 500:
        counts["500s"] += 1
        counts["errors"].add(f"{method.upper()} {_view_name(path)} {sorted(fuzzed)}")


def _sweep(targets, counts):
    """Each target twice, every field at once set to a hostile value (a form cleans all its fields)."""
    for (client, method, path), fields in targets:
        for round_ in range(SWEEP_ROUNDS):
            values = {name: SWEEP[(index + round_ * 3) % len(SWEEP)] for index, name in enumerate(sorted(fields))}
            _send(counts, client, method, path, values, fields)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def _fuzz(targets, counts, data):
    """Arbitrary strings in one to three fields of a target, the other fields as the page rendered them."""
    (client, method, path), fields = data.draw(st.sampled_from(targets))
    names = sorted(fields)
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)) if names else []
    values = {name: value for name, value in fields.items() if value is not None}
    for name in chosen:
        values[name] = data.draw(HOSTILE)
    _send(counts, client, method, path, values, chosen)


def _refuse_nul(execute, sql, params, many, context):
    """Refuse a NUL byte in a query parameter as PostgreSQL does (SQLite would store it), so the fast suite sees it."""
    rows = params if many else [params]
    for row in rows or ():
        values = row.values() if isinstance(row, dict) else row or ()
        if any(isinstance(value, str) and "\x00" in value for value in values):
            raise ValueError("A string literal cannot contain NUL (0x00) characters.")
    return execute(sql, params, many, context)


def test_hostile_input_never_answers_500(fuzz_world, city_staff, secretary_a):
    """City staff (every list, the city's forms) and ward A's secretary (the ward's reviews, commitments)."""
    targets, pages = {}, 0
    for user in (city_staff, secretary_a):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        seen, found = _crawl(client)
        pages += len(seen)
        for (method, path), fields in sorted(found.items()):
            # One target per user, method and view: the forms of /members/1/ and /members/2/ are the same.
            targets.setdefault((user.pk, method, _view_name(path)), ((client, method, path), fields))
    targets = list(targets.values())
    posts = {path for (_client, method, path), _fields in targets if method == "post"}
    assert any("/commitments/new/" in path for path in posts) and any("/progress/" in path for path in posts)
    counts = {"requests": 0, "500s": 0, "errors": set()}
    _sweep(targets, counts)
    _fuzz(targets, counts)
    logger.info(
        "crawled %d pages, %d targets, fuzzed %d requests, %d answered 500",
        pages,
        len(targets),
        counts["requests"],
        counts["500s"],
    )
    assert not counts["errors"], "server errors (method, view, fuzzed fields):\n" + "\n".join(sorted(counts["errors"]))
