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
import os
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments import services as commitment_services
from commitments.models import SourceKind
from paperwork.tests.conftest import (  # noqa: F401 (fixtures)
    _media_root,
    cell_head_a,
    directive_world,
    head_a,
    world,
)

# Paths never crawled nor posted to: they end the session or only stream files.
SKIPPED = ("/logout", "/i18n/", "/admin/", "/static/", "/media/", "/health/")
# The parameters lists read from the query string (besides their filter forms' own fields).
LIST_PARAMETERS = ("q", "status", "sort", "page", "cycle", "organization", "reason", "year", "kind", "level")
# Pages that only make files (Word, PDF): not crawled, their forms are reached from the pages that hold them.
DOCUMENTS = "/paperwork/"
MAX_PAGES = 120

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


def _crawl(client):
    """Every page city staff reaches from the home page and the URL conf: the GET and POST targets."""
    queue = ["/", *_list_urls()]
    seen, targets = set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = _local(queue.pop(0))
        if path is None or path in seen or path.startswith(DOCUMENTS) or path.endswith(("/pdf/", "/docx/")):
            continue
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


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=st.data())
def _fuzz(targets, counts, data):
    (client, method, path), fields = data.draw(st.sampled_from(targets))
    names = sorted(fields)
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True)) if names else []
    values = {name: value for name, value in fields.items() if value is not None}
    for name in chosen:
        values[name] = data.draw(HOSTILE)
    response = client.get(path, values) if method == "get" else client.post(path, values)
    counts["requests"] += 1
    if response.status_code >= 500:
        counts["errors"].append(f"{method.upper()} {path} {sorted(chosen)}")
    if not os.environ.get("FUZZ_COLLECT"):
        assert response.status_code < 500, f"{method.upper()} {path} with {chosen} answered {response.status_code}"


def test_hostile_input_never_answers_500(fuzz_world, city_staff, secretary_a):
    """City staff (every list, the city's forms) and ward A's secretary (the ward's reviews, commitments)."""
    targets, pages = [], 0
    for user in (city_staff, secretary_a):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        seen, found = _crawl(client)
        pages += len(seen)
        targets += [((client, method, path), fields) for (method, path), fields in sorted(found.items())]
    posts = {path for (_client, method, path), _fields in targets if method == "post"}
    assert any("/commitments/new/" in path for path in posts) and any("/progress/" in path for path in posts)
    counts = {"requests": 0, "errors": []}
    _fuzz(targets, counts)
    print("\n".join(sorted(set(counts["errors"]))))
    print(f"crawled {pages} pages, {len(targets)} targets, fuzzed {counts['requests']} requests")
