"""Finding an OpenID Connect provider's endpoints from its discovery document."""

import requests

DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
TIMEOUT_SECONDS = 10


class DiscoveryError(Exception):
    """The issuer published no usable discovery document; the message says what is wrong."""


def discover(issuer):
    """{setting and environment variable: value} for the provider at `issuer`, discovered."""
    issuer = issuer.rstrip("/")
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=TIMEOUT_SECONDS)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise DiscoveryError(f"Could not read {url}: {error}") from None
    if document.get("issuer", "").rstrip("/") != issuer:
        raise DiscoveryError(
            f"{url} names the issuer {document.get('issuer')!r}, not {issuer!r}: give the "
            f"issuer exactly as the provider does."
        )
    missing = [key for key in DISCOVERED.values() if not document.get(key)]
    if missing:
        raise DiscoveryError(f"{url} does not give {', '.join(missing)}.")
    return {"OIDC_ISSUER": document["issuer"]} | {
        name: document[key] for name, key in DISCOVERED.items()
    }
