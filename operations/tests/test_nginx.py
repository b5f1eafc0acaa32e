"""gunicorn behind Debian's nginx with the repository's site, on loopback: log in, load a page, download evidence.

The site file (deploy/nginx/kiemdiem.conf) is used as it is, with only its ports,
paths and certificate replaced; gunicorn runs with deploy/gunicorn.conf.py and
the example environment. The evidence file reaches the browser through nginx's
internal location: gunicorn's access log shows the app answered with no body.
"""

import gzip
import http.cookiejar
import json
import os
import re
import ssl
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from conftest import PASSWORD
from operations.tests.conftest import PDF
from tests.services import (
    DEPLOY,
    PYTHON,
    Processes,
    database_url,
    example_env,
    free_port,
    port_open,
    require_postgres,
    require_program,
    wait_for,
)

pytestmark = pytest.mark.services


def render_site(ports, paths):
    """The repository's site with this machine's ports and folders; each replaced text must be there."""
    site = (DEPLOY / "nginx" / "kiemdiem.conf").read_text()
    replacements = {
        "server 127.0.0.1:8000": f"server 127.0.0.1:{ports['web']}",
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{ports['http']};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{ports['https']} ssl http2;",
        "/etc/ssl/kiemdiem/fullchain.pem": str(paths["cert"]),
        "/etc/ssl/kiemdiem/privkey.pem": str(paths["key"]),
        "/var/log/nginx/kiemdiem.access.log": str(paths["logs"] / "nginx-access.log"),
        "/var/log/nginx/kiemdiem.error.log": str(paths["logs"] / "nginx-error.log"),
        "/srv/kiemdiem/app/staticfiles/": f"{paths['static']}/",
        "/srv/kiemdiem/media/": f"{paths['media']}/",
        "/etc/nginx/kiemdiem_proxy.conf": str(DEPLOY / "nginx" / "kiemdiem_proxy.conf"),
    }
    for old, new in replacements.items():
        assert old in site, f"deploy/nginx/kiemdiem.conf no longer contains {old!r}"
        site = site.replace(old, new)
    return site


def nginx_main(tmp, site_path):
    temp = "\n".join(
        f"  {kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # Running as root (CI), the workers must be able to read the test's private temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log warn;\n"
        "events { worker_connections 256; }\n"
        f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n{temp}\n"
        f"  include {site_path};\n}}\n"
    )


class Browser:
    """An HTTPS client with cookies that trusts the test's self-signed certificate."""

    def __init__(self, base):
        self.base = base
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPSHandler(context=context),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
        )

    def request(self, path, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if data else None
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Referer": self.base + path, **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers, response.read(), response.url
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read(), error.url


@pytest.fixture
def stack(require_services, transactional_db, tmp_path, evidence, settings):
    require_postgres(require_services)
    nginx = require_program(require_services, "nginx")
    openssl = require_program(require_services, "openssl")
    ports = {name: free_port() for name in ("web", "http", "https")}
    paths = {name: tmp_path / name for name in ("static", "logs", "var", "nginx")}
    for folder in paths.values():
        folder.mkdir()
    paths.update(media=settings.MEDIA_ROOT, cert=tmp_path / "cert.pem", key=tmp_path / "key.pem")
    env = example_env(
        DATABASE_URL=database_url(),
        REDIS_URL=os.environ.get("REDIS_URL", ""),
        MEDIA_ROOT=str(paths["media"]),
        STATIC_ROOT=str(paths["static"]),
        VAR_DIR=str(paths["var"]),
        ALLOWED_HOSTS="127.0.0.1",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{ports['https']}",
        WEB_BIND=f"127.0.0.1:{ports['web']}",
        WEB_WORKERS="2",
        WEB_THREADS="2",
    )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=DEPLOY.parent,
        env=env,
        check=True,
        timeout=120,
    )
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(paths["key"]), "-out", str(paths["cert"])],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = paths["nginx"] / "kiemdiem.conf"
    site.write_text(render_site(ports, paths))
    (paths["nginx"] / "nginx.conf").write_text(nginx_main(paths["nginx"], site))
    processes = Processes(paths["logs"])
    gunicorn = [
        str(DEPLOY.parent / ".venv" / "bin" / "gunicorn"),
        "-c",
        str(DEPLOY / "gunicorn.conf.py"),
        "config.wsgi",
    ]
    processes.start("gunicorn", gunicorn, env)
    processes.start(
        "nginx",
        [
            nginx,
            "-p",
            str(paths["nginx"]),
            "-c",
            str(paths["nginx"] / "nginx.conf"),
            "-e",
            str(paths["nginx"] / "error.log"),
        ]
        + ["-g", "daemon off;"],
        env,
    )
    try:
        wait_for(
            lambda: processes.running() and port_open(ports["web"]) and port_open(ports["https"]),
            60,
            "gunicorn and nginx",
            processes.log,
        )
        yield {"ports": ports, "paths": paths, "processes": processes}
    finally:
        processes.stop_all()


def gunicorn_access(stack, path):
    """gunicorn's JSON access log lines for ``path``."""
    lines = stack["processes"].log("gunicorn").splitlines()
    return [
        entry
        for entry in (json.loads(line) for line in lines if line.startswith('{"time"'))
        if entry.get("path") == path
    ]


def test_through_nginx_a_secretary_logs_in_loads_a_page_and_downloads_evidence_sent_by_nginx(
    stack, evidence, secretary_a
):
    secretary_a.password = PBKDF2PasswordHasher().encode(PASSWORD, "nginxtestsalt", iterations=1000)
    secretary_a.save(update_fields=["password"])
    browser = Browser(f"https://127.0.0.1:{stack['ports']['https']}")

    status, _headers, body, _url = browser.request("/login/")
    assert status == 200, body[:500]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    status, headers, body, url = browser.request(
        "/login/", {"csrfmiddlewaretoken": token, "username": secretary_a.username, "password": PASSWORD}
    )
    assert (status, urllib.parse.urlsplit(url).path) == (200, "/"), body[:2000]
    assert headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"]), "nginx's request id did not reach the app"

    path = reverse("commitments:evidence", args=[evidence.pk])
    status, headers, body, _url = browser.request(path)
    assert status == 200
    assert body == PDF
    assert headers["Content-Type"] == "application/pdf"
    assert (
        "attachment" in headers["Content-Disposition"] and "bi%C3%AAn%20b%E1%BA%A3n" in headers["Content-Disposition"]
    )
    # gunicorn logs a request once it has finished with it, which may be after nginx has answered.
    wait_for(lambda: gunicorn_access(stack, path), 10, "gunicorn's access log line", stack["processes"].log)
    [entry] = gunicorn_access(stack, path)
    assert (entry["status"], entry["bytes"]) == (200, 0), "the app streamed the file itself"

    # The internal location answers nobody outside, and the app's access check still stands in front of it.
    status, _headers, _body, _url = browser.request("/protected-media/" + evidence.file.name)
    assert status == 404
    assert Browser(browser.base).request(path)[3].startswith(browser.base + "/login/")


def test_nginx_sends_static_files_compressed_and_redirects_plain_http(stack):
    manifest = json.loads((stack["paths"]["static"] / "staticfiles.json").read_text())["paths"]
    stylesheet = next(hashed for name, hashed in manifest.items() if name.endswith("bootstrap.min.css"))
    browser = Browser(f"https://127.0.0.1:{stack['ports']['https']}")
    status, headers, body, _url = browser.request(f"/static/{stylesheet}", headers={"Accept-Encoding": "gzip"})
    assert (status, headers["Content-Encoding"]) == (200, "gzip")
    assert gzip.decompress(body).startswith(b"@charset") or b"bootstrap" in gzip.decompress(body)[:300].lower()

    request = urllib.request.Request(f"http://127.0.0.1:{stack['ports']['http']}/login/", method="GET")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=10)
    assert answer.value.code == 301
    assert answer.value.headers["Location"].startswith("https://127.0.0.1")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
