"""The WSGI entry point for gunicorn: `gunicorn -w 1 --threads 100 wsgi:app`."""

from frontdoor import create_app

app = create_app()
