"""The JSON API under ``/api/`` (django-ninja): parse, call a service, serialise (docs/api.md)."""
