"""gunicorn for phuongso behind Caddy (deploy/caddy/Caddyfile); see docs/deployment.md.

Three sync workers served best on two cores (bench/README.md); persistent database
connections come from CONN_MAX_AGE in the environment.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
timeout = 60  # PDF reports take a few seconds; nothing legitimate takes a minute
graceful_timeout = 30
# A worker is replaced after this many requests (bounded memory growth), not all at once.
max_requests = 2000
max_requests_jitter = 200
# Only the proxy on this machine may say which scheme and address a request came from.
forwarded_allow_ips = "127.0.0.1"
# Request line and headers stay small; bodies are capped by Caddy and by Django.
limit_request_line = 8190
limit_request_fields = 100
accesslog = "-"
errorlog = "-"
