import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewkit.settings")
application = get_wsgi_application()

# What start-up made (modules, settings, apps: some 150,000 objects) lives as long as the
# process: kept out of the garbage collector's full passes, which would otherwise walk all of
# it every few requests (gc.freeze; see the Python docs' advice for long-lived servers).
gc.freeze()
