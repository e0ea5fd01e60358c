"""gunicorn's settings for Interview Kit: `gunicorn -c python:interviewkit.gunicorn_conf
interviewkit.wsgi …`. Beside the app, the master process answers GET /healthz on HEALTH_BIND
(host:port; default 127.0.0.1:8001; `off` for none), so that a balancer's health check does
not wait behind the pages (interviewkit/health.py)."""

import os

HEALTH_BIND = os.getenv("HEALTH_BIND", "127.0.0.1:8001")


def when_ready(server):
    if HEALTH_BIND == "off":
        return
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewkit.settings")
    django.setup()
    from interviewkit import health

    server.health = health.serve(server, HEALTH_BIND)
    server.log.info("Health check at http://%s/healthz", HEALTH_BIND)


def post_fork(server, worker):
    # A worker has no use for the master's health socket; closed, it cannot hold the port.
    if health := getattr(server, "health", None):
        health.socket.close()
