"""The page a locked-out login gets (django-axes calls this)."""

from django.conf import settings
from django.shortcuts import render


def locked_out(request, response, credentials):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
