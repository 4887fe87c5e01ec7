"""A small OpenID Connect provider for tests: real HTTP on a loopback port, real RS256 JWTs
(joserfc, Authlib's JOSE library), authorization code flow with PKCE and a nonce."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "front-door"
CLIENT_SECRET = "test-client-secret"


@dataclass
class LocalProvider:
    """The next sign-in's claims are set by the test: `provider.user = {...}`."""

    issuer: str = ""
    user: dict[str, Any] = field(default_factory=dict)
    key: RSAKey = field(default_factory=lambda: RSAKey.generate_key(2048, {"kid": "k1"}))
    signing_key: RSAKey | None = None  # set to sign with a key the JWKS does not publish
    issuer_claim: str | None = None  # set to claim to be another issuer
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer_claim or self.issuer,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **self.user,
        }
        key = self.signing_key or self.key
        return jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)


def _provider_app(provider: LocalProvider) -> Flask:
    app = Flask("test_oidc_provider")

    @app.get("/.well-known/openid-configuration")
    def metadata() -> Any:
        return jsonify(
            issuer=provider.issuer,
            authorization_endpoint=f"{provider.issuer}/authorize",
            token_endpoint=f"{provider.issuer}/token",
            jwks_uri=f"{provider.issuer}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
        )

    @app.get("/jwks")
    def jwks() -> Any:
        return jsonify(keys=[provider.key.as_dict(private=False)])

    @app.get("/authorize")
    def authorize() -> Any:
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("code_challenge_method") != "S256":
            abort(400)
        code = secrets.token_urlsafe(16)
        provider.codes[code] = {
            "nonce": args["nonce"],
            "challenge": args["code_challenge"],
            "redirect_uri": args["redirect_uri"],
        }
        query = urlencode({"code": code, "state": args["state"]})
        return redirect(f"{args['redirect_uri']}?{query}")

    @app.post("/token")
    def token() -> Any:
        if request.authorization is None or (
            request.authorization.username,
            request.authorization.password,
        ) != (CLIENT_ID, CLIENT_SECRET):
            abort(401)
        grant = provider.codes.pop(request.form["code"], None)
        if grant is None or grant["redirect_uri"] != request.form["redirect_uri"]:
            abort(400)
        verifier = request.form["code_verifier"].encode()
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if challenge.decode() != grant["challenge"]:
            abort(400)
        return jsonify(
            access_token=secrets.token_urlsafe(16),
            token_type="Bearer",
            expires_in=300,
            id_token=provider.id_token(grant["nonce"]),
        )

    return app


@contextmanager
def running_provider() -> Iterator[LocalProvider]:
    provider = LocalProvider()
    server = make_server("127.0.0.1", 0, _provider_app(provider), threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    # shutdown() waits for the next poll: the default 0.5 s was most of each test's time
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join()
