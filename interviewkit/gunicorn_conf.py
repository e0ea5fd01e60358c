"""gunicorn's settings for Interview Kit: `gunicorn -c python:interviewkit.gunicorn_conf
interviewkit.wsgi …`. Beside the app, the master process answers GET /healthz on HEALTH_BIND
(host:port; default 127.0.0.1:8001; `off` for none), so that a balancer's health check does
not wait behind the pages (interviewkit/health.py)."""


def when_ready(server):
    from interviewkit import environment

    bind = environment.read().get("HEALTH_BIND", "127.0.0.1:8001")
    if bind == "off":
        return
    from interviewkit import health

    server.health = health.serve(server, bind)
    server.log.info("Health check at http://%s/healthz", bind)


def post_fork(server, worker):
    # A worker has no use for the master's health socket; closed, it cannot hold the port.
    if health := getattr(server, "health", None):
        health.socket.close()
