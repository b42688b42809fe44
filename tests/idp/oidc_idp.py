"""A test OpenID Connect provider: django-oauth-toolkit's authorization server with OIDC,
PKCE required, RP-initiated logout, and per-user ``groups``, ``amr`` and ``acr`` claims that
the test changes between sign-ins (read from ``people.json`` at every token).

    IDP_STATE_DIR=... IDP_ISSUER=http://localhost:PORT/o python -m tests.idp.oidc_idp PORT

``IDP_STATE_DIR`` holds ``oidc-signing-key.pem``, ``people.json`` and ``client.json``
(written by the fixture, ``tests/mentor/sso_fixtures.py``); the process prints ``ready``
when it serves.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

if __name__ == "__main__":
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.idp.oidc_settings"
    import django

    django.setup()

from django.contrib.auth.views import LoginView
from django.shortcuts import render
from oauth2_provider.oauth2_validators import OAuth2Validator


def people() -> dict[str, dict[str, Any]]:
    """Everyone the provider knows, as the test last wrote them."""
    state = Path(os.environ["IDP_STATE_DIR"])
    data: dict[str, dict[str, Any]] = json.loads((state / "people.json").read_text())
    return data


class ClaimsValidator(OAuth2Validator):  # type: ignore[misc]
    # The claims that the product reads, given with the "openid" scope.
    oidc_claim_scope: ClassVar[dict[str, str]] = {**OAuth2Validator.oidc_claim_scope,
                                                  "groups": "openid", "amr": "openid",
                                                  "acr": "openid"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        person = people().get(request.user.username, {})
        claims = {"preferred_username": request.user.username,
                  "email": person.get("email", ""),
                  "given_name": person.get("given_name", ""),
                  "family_name": person.get("family_name", ""),
                  "groups": person.get("groups", []),
                  "amr": person.get("amr", ["pwd"])}
        if person.get("acr"):
            claims["acr"] = person["acr"]
        return claims


def status(request: HttpRequest) -> HttpResponse:
    """Whether the browser has a session with the provider (the tests look here)."""
    return render(request, "idp/status.html", {"user": request.user})


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", LoginView.as_view(template_name="idp/login.html"), name="login"),
    path("", status, name="status"),
]


def _set_up() -> None:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from oauth2_provider.models import get_application_model

    call_command("migrate", verbosity=0, interactive=False)
    state = Path(os.environ["IDP_STATE_DIR"])
    users = get_user_model()
    for username, person in people().items():
        user, _created = users.objects.get_or_create(username=username)
        user.set_password(person["password"])
        user.save()
    client = json.loads((state / "client.json").read_text())
    application = get_application_model()
    application.objects.update_or_create(client_id=client["client_id"], defaults={
        "name": "Mentorstøtte (test)",
        "client_secret": client["client_secret"],
        "client_type": application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": client["redirect_uri"],
        "post_logout_redirect_uris": client["post_logout_redirect_uri"],
        "algorithm": application.RS256_ALGORITHM,
        "skip_authorization": True,
    })


def main(port: int) -> None:
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    _set_up()
    server = make_server("127.0.0.1", port, get_wsgi_application(), server_class=Server,
                         handler_class=QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
