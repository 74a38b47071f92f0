"""A bare Django + PostgreSQL application: the yardstick the web targets are set against.

The issue that sets the web targets says a bare Django + PostgreSQL request takes about 4 ms at
p50 on the intended 2-core machine. This is such a request: one view, one indexed query (a
patient's name by id), no middleware, no session, no template, served by the same server with
the same workers as netcare in `bench_web.py`. Measured in the same run, it tells how this
machine compares with the one the targets were written for; this shared virtual machine is
not always as fast (docs/performance.md).

    gunicorn bare_django:application       (DATABASE_URL: the benchmark's database)
"""

from __future__ import annotations

import os
import urllib.parse

from django.conf import settings

_url = urllib.parse.urlparse(
    os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/netcare_bench")
)
settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-django-yardstick-0123456789-0123456789-abcdef",  # noqa: S106
    ALLOWED_HOSTS=["127.0.0.1"],
    ROOT_URLCONF=__name__,
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _url.path.lstrip("/"),
            "USER": _url.username or "",
            "HOST": _url.hostname or "",
            "PORT": _url.port or "",
            "CONN_MAX_AGE": 600,
        }
    },
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
)

import django  # noqa: E402 (after settings.configure)

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils.html import escape  # noqa: E402


def patient_name(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_name FROM patients_patient WHERE id = %s", [int(request.GET["id"])]
        )
        row = cursor.fetchone()
    return HttpResponse(f"<p>{escape(row[0] if row else '')}</p>")


urlpatterns = [path("", patient_name)]
application = get_wsgi_application()
