"""WSGI entry point for production servers (gunicorn netcare.config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netcare.config.settings")
application = get_wsgi_application()
