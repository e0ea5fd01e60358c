"""A small OpenID Connect provider on 127.0.0.1 for the tests: discovery, authorize, token
(with PKCE), JWKS and userinfo over real HTTP, signing RS256 ID tokens with joserfc.

Whoever `signs_in` next is the person at the provider's login page: authorize sends them
straight back with a code, as a provider does for someone already signed in there.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import RSAKey

KEY_ID = "test-signing-key"


class Provider:
    def __init__(self, *, client_id, client_secret, redirect_uri):
        self.client_id, self.client_secret = client_id, client_secret
        self.redirect_uri = redirect_uri
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": KEY_ID, "alg": "RS256", "use": "sig"}
        )
        self.person = None
        self.id_token_extra = {}  # claims to put in (or override in) the next ID tokens
        self.codes, self.access_tokens = {}, {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def signs_in(self, **claims):
        """The person at the provider: sub, email, names; `groups` go in the ID token only."""
        self.person = claims

    def discovery(self):
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def authorize(self, query):
        if query.get("client_id") != self.client_id or query.get("response_type") != "code":
            return 400, {"error": "unauthorized_client"}
        if query.get("redirect_uri") != self.redirect_uri or self.person is None:
            return 400, {"error": "invalid_request"}
        if query.get("code_challenge_method") != "S256":
            return 400, {"error": "invalid_request", "error_description": "PKCE S256 required"}
        code = secrets.token_urlsafe(16)
        self.codes[code] = {**query, "person": dict(self.person)}
        return 302, f"{self.redirect_uri}?{urlencode({'code': code, 'state': query['state']})}"

    def token(self, form):
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return 401, {"error": "invalid_client"}
        grant = self.codes.pop(form.get("code"), None)  # a code is good once
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return 400, {"error": "invalid_grant"}
        verifier = form.get("code_verifier", "").encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if challenge.decode() != grant["code_challenge"]:
            return 400, {"error": "invalid_grant", "error_description": "PKCE check failed"}
        person = grant["person"]
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **person,
            **self.id_token_extra,
        }
        id_token = jwt.encode({"alg": "RS256", "kid": KEY_ID}, claims, self.key)
        access_token = secrets.token_urlsafe(16)
        self.access_tokens[access_token] = {k: v for k, v in person.items() if k != "groups"}
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 300}
        return 200, {**body, "id_token": id_token}

    def userinfo(self, authorization):
        scheme, _, token = authorization.partition(" ")
        info = self.access_tokens.get(token) if scheme == "Bearer" else None
        return (200, info) if info else (401, {"error": "invalid_token"})

    def handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                query = {key: values[0] for key, values in parse_qs(url.query).items()}
                routes = {
                    "/.well-known/openid-configuration": lambda: (200, provider.discovery()),
                    "/authorize": lambda: provider.authorize(query),
                    "/jwks": lambda: (200, {"keys": [provider.key.as_dict(private=False)]}),
                    "/userinfo": lambda: provider.userinfo(self.headers.get("Authorization", "")),
                }
                self.answer(*routes.get(url.path, lambda: (404, {"error": "not_found"}))())

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if self.path == "/token":
                    self.answer(*provider.token(form))
                else:
                    self.answer(404, {"error": "not_found"})

            def answer(self, status, body):
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", body)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):  # quiet: the tests say what went wrong
                pass

        return Handler
