"""How people sign in: a password (possibly for break-glass administrators only) or single
sign-on with OpenID Connect through mozilla-django-oidc."""

import logging
import re

import jwt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, User
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from interviewkit.accounts.groups import HIRING_MANAGERS, INTERVIEWERS
from interviewkit.accounts.models import SignOn

logger = logging.getLogger("interviewkit.security")
NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]")


def password_login_allowed(user):
    """With PASSWORD_LOGIN off, only superusers and the BREAK_GLASS_USERS use a password."""
    return (
        settings.PASSWORD_LOGIN
        or user.is_superuser
        or user.get_username() in settings.BREAK_GLASS_USERS
    )


class PasswordBackend(ModelBackend):
    """Django's username and password login, refused to those password login is off for; their
    password sessions end too, since get_user asks the same."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and password_login_allowed(user)


def groups_from_claims(claims):
    """Our group names for the values of the configured groups claim (a list or one value)."""
    values = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    values = {values} if isinstance(values, str) else {str(value) for value in values}
    mapping = {HIRING_MANAGERS: settings.OIDC_MANAGER_GROUPS}
    mapping[INTERVIEWERS] = settings.OIDC_INTERVIEWER_GROUPS
    return [ours for ours, theirs in mapping.items() if values & set(theirs)]


def free_username(claims):
    """A username from the provider's preferred name or email, made unique with a number."""
    wanted = claims.get("preferred_username") or claims.get("email") or claims["sub"]
    base = NOT_IN_USERNAMES.sub("-", str(wanted))[:140] or "user"
    name, number = base, 1
    while User.objects.filter(username__iexact=name).exists():
        number += 1
        name = f"{base}-{number}"
    return name


class SignOnBackend(OIDCAuthenticationBackend):
    """OpenID Connect users: found by issuer and subject, created on first sign-in, and put in
    the groups their groups claim maps to on every sign-in."""

    def verify_token(self, token, **kwargs):
        """The token's claims, or None (a failed sign-in that says why) when it is not good."""
        # mozilla-django-oidc checks the signature, expiry and nonce; issuer and audience are ours.
        try:
            claims = super().verify_token(token, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError) as error:
            return self.refuse(f"the provider's token did not verify ({error}).")
        audience = claims.get("aud")
        audience = [audience] if isinstance(audience, str) else audience or []
        if claims.get("iss") != settings.OIDC_ISSUER or self.OIDC_RP_CLIENT_ID not in audience:
            return self.refuse("the provider's token is from another issuer or for another app.")
        return claims

    def refuse(self, reason):
        logger.warning("single sign-on refused: %s", reason)
        self.request.sign_on_refused = reason
        return None

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, then the userinfo endpoint's: a provider puts groups in either."""
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("The userinfo endpoint answered for another subject.")
        return {**payload, **info}

    def verify_claims(self, claims):
        if not groups_from_claims(claims):
            groups = ", ".join(settings.OIDC_MANAGER_GROUPS + settings.OIDC_INTERVIEWER_GROUPS)
            return self.refuse(
                f"your account is in none of the groups that may use Interview Kit. Ask your "
                f"administrator to add you to one of: {groups}."
            )
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        users = User.objects.filter(
            sign_on__issuer=settings.OIDC_ISSUER, sign_on__subject=claims["sub"]
        )
        if users.exists():
            return users
        # Someone who had a password account before single sign-on keeps it (and their
        # loops) when the provider vouches for the same email; administrators never do.
        email = claims.get("email")
        if email and claims.get("email_verified") is True:
            return User.objects.filter(
                email__iexact=email, is_superuser=False, sign_on__isnull=True
            )
        return User.objects.none()

    @transaction.atomic
    def create_user(self, claims):
        user = User.objects.create_user(free_username(claims), email=claims.get("email", ""))
        return self.update_user(user, claims)

    @transaction.atomic
    def update_user(self, user, claims):
        user.email = claims.get("email") or user.email
        user.first_name = str(claims.get("given_name", user.first_name))[:150]
        user.last_name = str(claims.get("family_name", user.last_name))[:150]
        user.save(update_fields=["email", "first_name", "last_name"])
        SignOn.objects.update_or_create(
            user=user,
            defaults={
                "issuer": settings.OIDC_ISSUER,
                "subject": claims["sub"],
                "last_signed_in_at": timezone.now(),
            },
        )
        wanted = groups_from_claims(claims)
        ours = Group.objects.filter(name__in=(HIRING_MANAGERS, INTERVIEWERS))
        user.groups.remove(*[group for group in ours if group.name not in wanted])
        user.groups.add(*[group for group in ours if group.name in wanted])
        return user

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
