"""Cursor pagination: a page of items and an opaque cursor to the next. The cursor is the last
primary key seen, signed, so a page never repeats or skips an item when others are added."""

from urllib.parse import urlencode

from django.core import signing

from interviewkit.api.problems import Problem

MAX_LIMIT = 100
DEFAULT_LIMIT = 50
MAX_CURSOR = 200  # characters; ours are far shorter
SALT = "interviewkit.api.cursor"


def page(request, queryset, *, cursor=None, limit=DEFAULT_LIMIT, newest_first=False):
    """{"items", "next_cursor", "next"} for a queryset, ordered by primary key."""
    queryset = queryset.order_by("-pk" if newest_first else "pk")
    if cursor:
        try:
            after = signing.loads(cursor, salt=SALT)
        except signing.BadSignature:
            raise Problem(
                422,
                "query.cursor: not a cursor of ours: pass next_cursor from the previous page "
                "as it was, or leave it out to start at the beginning.",
                kind="invalid",
            ) from None
        queryset = queryset.filter(**{"pk__lt" if newest_first else "pk__gt": after})
    items = list(queryset[: limit + 1])
    next_cursor = signing.dumps(items[limit - 1].pk, salt=SALT) if len(items) > limit else None
    next_url = None
    if next_cursor:
        query = {**request.GET.dict(), "cursor": next_cursor}
        next_url = request.build_absolute_uri(f"{request.path}?{urlencode(query)}")
    return {"items": items[:limit], "next_cursor": next_cursor, "next": next_url}
