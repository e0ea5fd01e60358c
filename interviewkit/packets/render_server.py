"""Imported once by the render fork server that every render child is forked from (see
pdf.render_pdf): Django set up, WeasyPrint and its fonts loaded, so that a child is ready in
milliseconds where a fresh interpreter takes a second or two."""

import gc

import django

django.setup()

from interviewkit.packets import pdf  # noqa: E402

pdf.make_pdf("<html><head></head><body><p>Warm-up</p></body></html>")  # loads the fonts
gc.collect()
gc.freeze()  # the children forked from here leave these objects alone: their pages stay shared
