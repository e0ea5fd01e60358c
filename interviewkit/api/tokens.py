"""Making, checking and revoking API tokens. A token is "ik_" + an 8-character key id + "_" +
a 43-character secret: the key id finds the row, the SHA-256 of the whole token must match."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from interviewkit.api.models import ApiToken

PREFIX = "ik_"
MAX_ACTIVE = 20
LAST_USED_PRECISION = timedelta(minutes=1)  # writes last_used_at at most this often


class TooMany(Exception):
    """The user has MAX_ACTIVE tokens already."""


class Refused(Exception):
    """A token that is wrong, revoked or whose user may no longer sign in; says which."""


def digest(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


def create_token(user, *, name):
    """(the ApiToken, the token itself): the token is shown once and never stored."""
    if user.api_tokens.filter(revoked_at__isnull=True).count() >= MAX_ACTIVE:
        raise TooMany(
            f"You have {MAX_ACTIVE} tokens, the most one person may have: revoke one you no "
            f"longer use first."
        )
    for _ in range(5):  # a key id is random; in the rare clash, draw another
        key_id, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        raw = f"{PREFIX}{key_id}_{secret}"
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user, name=name, key_id=key_id, digest=digest(raw)
                )
        except IntegrityError:
            continue
        return token, raw
    raise IntegrityError("could not draw a free key id")


def user_for(raw):
    """The user a presented token acts as; Refused says what is wrong with it."""
    key_id = raw[len(PREFIX) : len(PREFIX) + 8]
    well_formed = raw.startswith(PREFIX) and raw[len(PREFIX) + 8 : len(PREFIX) + 9] == "_"
    token = ApiToken.objects.select_related("user").filter(key_id=key_id).first()
    if not well_formed or token is None or not hmac.compare_digest(token.digest, digest(raw)):
        raise Refused("This API token is not one of ours: check that it was copied whole.")
    if token.revoked_at:
        raise Refused(
            f"This API token was revoked on {timezone.localtime(token.revoked_at):%d %b %Y}: "
            f"create a new one on the API tokens page."
        )
    if not token.user.is_active:
        raise Refused("The account this API token belongs to is deactivated.")
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def revoke(token):
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
