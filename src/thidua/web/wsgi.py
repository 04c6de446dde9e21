"""WSGI entry point: ``gunicorn thidua.web.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.web.settings")
application = get_wsgi_application()
