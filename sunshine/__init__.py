"""Sunshine (阳光政务): open-government and government-services platform."""

from .celery import app as celery_app

__all__ = ["celery_app"]
