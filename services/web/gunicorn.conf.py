"""gunicorn settings for the web front end: one process with threads (the Prometheus
series live in it), JSON logs on stderr like every service; scale with replicas."""
import os

bind = os.environ.get("WEB_HTTP_ADDRESS", "127.0.0.1:8006")
worker_class = "gthread"
workers = 1
threads = int(os.environ.get("WEB_THREADS", "8"))
timeout = 60
graceful_timeout = 10
accesslog = None  # the app logs each request itself, with its correlation id
control_socket_disable = True  # no shared socket under ~/.gunicorn (read-only root in k8s)
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal_kit.observability.JsonFormatter", "service": "web"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"level": os.environ.get("LOG_LEVEL", "INFO"), "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
        "gunicorn.access": {"level": "WARNING", "handlers": ["stderr"], "propagate": False},
    },
}
