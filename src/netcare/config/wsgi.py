"""WSGI entry point for production servers (gunicorn netcare.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcare.config.settings")
application = get_wsgi_application()


def warm_up() -> None:
    """Import now what the first requests would otherwise import: every view (through the URL
    configuration: the API, the planner, the forms) and WeasyPrint (the case summary PDF).

    A server process imports this module before it takes requests, so the cost moves from the
    first page of each process after a start (seconds: docs/performance.md) to its start.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the attribute's loading is the point)
    import weasyprint  # noqa: F401


warm_up()
