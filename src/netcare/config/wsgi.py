"""WSGI entry point for production servers (gunicorn netcare.config.wsgi)."""

import gc
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


def freeze_what_start_up_made() -> None:
    """Move every object start-up made into the garbage collector's permanent generation.

    A full collection walks every tracked object. After start-up there are about 210,000
    (modules, the URL configuration, the models, WeasyPrint), none of them garbage; walking
    them took 195 ms once every ~1,000 chart views on the benchmark machine, a pause that the
    request in progress and those queued behind it waited out. Frozen (`gc.freeze`), they are
    not walked again; what requests make is collected as before.
    """
    gc.collect()
    gc.freeze()


warm_up()
freeze_what_start_up_made()
