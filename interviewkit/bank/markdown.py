"""Question Markdown to safe HTML, the same for pages and for PDFs.

Markdown (python-markdown) renders, Pygments highlights fenced code with CSS classes, and
nh3 (an allow-list sanitizer) then keeps only harmless tags, attributes and link schemes:
no scripts, no event handlers, no images, no javascript: or file: links.
"""

import re

import markdown
import nh3
from django.utils.safestring import mark_safe
from pygments.token import STANDARD_TYPES

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    "span", "div", "sub", "sup", "del",
}  # fmt: skip
PYGMENTS_CLASSES = {name for name in STANDARD_TYPES.values() if name} | {"codehilite"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
ALLOWED_CLASSES = {"span": PYGMENTS_CLASSES, "div": {"codehilite"}}
EXTENSIONS = ["fenced_code", "codehilite", "tables", "sane_lists"]
EXTENSION_CONFIGS = {"codehilite": {"guess_lang": False, "css_class": "codehilite"}}


def render_markdown(text):
    """Markdown source to sanitized HTML, marked safe for templates."""
    html = markdown.markdown(
        text or "", extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above


TITLE_WORDS = 12


def short_title(prompt):
    """The first sentence of a prompt, at most a dozen words, without Markdown marks."""
    text = re.sub(r"[`*_#>\[\]]", "", prompt or "").strip()
    sentence = re.split(r"(?<=[.?!])\s", text, maxsplit=1)[0]
    words = sentence.split()
    return " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
