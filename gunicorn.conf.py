"""Gunicorn settings for the quotation service.

Read from the environment so the same file serves the Procfile, scripts/serve
and the container image (whose exec-form CMD cannot expand variables):

    PORT              listening port on all interfaces (default 8000)
    WEB_CONCURRENCY   number of worker processes (default 2, one per core)
    GUNICORN_TIMEOUT  seconds before a silent worker is restarted (default 30)

A ``--bind`` on the command line (as in the Procfile) takes precedence over
``bind`` here; anything else can be overridden with GUNICORN_CMD_ARGS.
"""

import os

bind = [f"0.0.0.0:{os.environ.get('PORT', '8000')}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5

# Load the app (and the engine's lexicons) once in the master, then fork:
# faster worker start-up, shared memory, and an import error stops the
# server at once instead of workers crash-looping.
preload_app = True

# Recycle workers now and then so a slow leak can never take the service down.
max_requests = 2000
max_requests_jitter = 200

accesslog = "-"
errorlog = "-"
loglevel = "info"

# Newer gunicorn opens a control socket in $HOME by default; several
# instances on one machine would contend for it, and the container user has
# no writable home.  Nothing here uses it.
control_socket_disable = True
