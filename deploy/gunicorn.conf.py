"""gunicorn's settings for the web process (`gunicorn -c deploy/gunicorn.conf.py config.wsgi`).

Every value can be changed through the environment (the unit's EnvironmentFile):
WEB_BIND, WEB_WORKER_CLASS, WEB_WORKERS, WEB_THREADS, WEB_TIMEOUT, CONN_MAX_AGE.
"""

import multiprocessing
import os

bind = os.environ.get("WEB_BIND", "127.0.0.1:8000")
# Threaded workers: a request waiting on PostgreSQL leaves its core to another. Two
# processes per core (plus one) use both cores while one is in the garbage collector.
# Measured with bench/load.py (50 users, 2 cores, machine shared, load 7-18; docs/performance.md):
# gthread 5x4 10.2 req/s p95 7.0 s, gthread 2x4 11.0 req/s p95 5.6 s, sync 5 8.1 req/s p95 8.1 s,
# sync 3 7.7 req/s p95 10 s. Sync workers lose: a process waiting on PostgreSQL holds its core's
# turn. The two gthread layouts are within the noise; 5x4 stays (2x4 holds 8 connections, not 20).
worker_class = os.environ.get("WEB_WORKER_CLASS", "gthread")
workers = int(os.environ.get("WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("WEB_THREADS", 4))
# The slowest page is the cycle report as PDF (a few seconds at province scale); past this
# a worker is killed and restarted. Downloads do not count: nginx sends the files.
timeout = int(os.environ.get("WEB_TIMEOUT", 60))
graceful_timeout = 30
# Longer than nginx keeps an idle upstream connection (60 s): the side that sends must be the
# side that closes, or a request sent as gunicorn closes the connection is reset.
keepalive = 75
# A worker is replaced after this many requests, so a slow leak never grows for long.
max_requests = 2000
max_requests_jitter = 200

# Persistent database connections belong here and only here: one per thread of a fixed
# number of processes (workers × threads per web node), reused for CONN_MAX_AGE seconds
# and checked before reuse (CONN_HEALTH_CHECKS). Read by config/settings.py in each worker.
os.environ.setdefault("CONN_MAX_AGE", "60")

# systemd drives the server (reload is HUP); gunicorn's control socket would sit at one path
# in the home folder, shared by every instance on the machine.
control_socket_disable = True

# Only nginx on this machine may say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log: one JSON object per request with the request id (the X-Request-ID the app
# answers with), the path without its query string (searches carry names) and no address.
accesslog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "request_id": "%({x-request-id}o)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": %(B)s, "duration_ms": %(M)s}'
)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.json_formatter"}, "raw": {"format": "%(message)s"}},
    "filters": {"context": {"()": "core.logs.ContextFilter"}},
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["context"]},
        "access": {"class": "logging.StreamHandler", "formatter": "raw", "stream": "ext://sys.stdout"},
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
