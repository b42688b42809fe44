"""A test SAML 2.0 identity provider made from pysaml2's ``saml2.server.Server``: single
sign-on (HTTP-Redirect in, HTTP-POST out) with a login form, a ``groups`` attribute and an
AuthnContextClassRef per person that the test changes between sign-ins (``people.json``),
and single logout (HTTP-Redirect).

    IDP_STATE_DIR=... python -m tests.idp.saml_idp PORT

``IDP_STATE_DIR`` holds ``idp.key``/``idp.crt`` (made by the fixture), ``people.json`` and,
before the first sign-in, ``sp.xml`` (the product's metadata). Prints ``ready`` when serving.
"""

from __future__ import annotations

import html
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAME_FORMAT_BASIC, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.server import Server

PASSWORD_CONTEXT = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
COOKIE = "test_saml_idp_session"
StartResponse = Callable[[str, list[tuple[str, str]]], Any]

# Signed-in browsers: session cookie -> username. One process, one test.
SESSIONS: dict[str, str] = {}


def state_dir() -> Path:
    return Path(os.environ["IDP_STATE_DIR"])


def people() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((state_dir() / "people.json").read_text())
    return data


def config(base_url: str) -> IdPConfig:
    state = state_dir()
    sp_metadata = state / "sp.xml"
    conf = IdPConfig()
    conf.load({
        "entityid": f"{base_url}/metadata",
        "xmlsec_binary": "/usr/bin/xmlsec1",
        "key_file": str(state / "idp.key"),
        "cert_file": str(state / "idp.crt"),
        "encryption_keypairs": [{"key_file": str(state / "idp.key"),
                                 "cert_file": str(state / "idp.crt")}],
        "metadata": {"local": [str(sp_metadata)]} if sp_metadata.exists() else {},
        "service": {"idp": {
            "name": "Test-identitetsudbyder",
            "endpoints": {
                "single_sign_on_service": [(f"{base_url}/sso/redirect",
                                            BINDING_HTTP_REDIRECT)],
                "single_logout_service": [(f"{base_url}/slo/redirect",
                                           BINDING_HTTP_REDIRECT)],
            },
            "name_id_format": [NAMEID_FORMAT_PERSISTENT],
            "policy": {"default": {"lifetime": {"minutes": 15},
                                   "attribute_restrictions": None,
                                   "name_form": NAME_FORMAT_BASIC}},
            "sign_response": True,
            "sign_assertion": True,
            "want_authn_requests_signed": False,
        }},
    })
    return conf


def page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="da"><head><meta charset="utf-8"><title>{title}'
            f"</title></head><body><main>{body}</main></body></html>").encode()


class App:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def __call__(self, environ: dict[str, Any], start_response: StartResponse
                 ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
        session = cookie[COOKIE].value if COOKIE in cookie else ""
        if path == "/metadata":
            xml = str(entity_descriptor(config(self.base_url))).encode()
            start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
            return [xml]
        if path == "/sso/redirect":
            username = SESSIONS.get(session)
            if username is not None:
                return self.answer(start_response, username, query["SAMLRequest"],
                                   query.get("RelayState", ""))
            return self.login_form(start_response, query["SAMLRequest"],
                                   query.get("RelayState", ""))
        if path == "/sso/login" and environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = {k: v[0] for k, v in
                    parse_qs(environ["wsgi.input"].read(length).decode()).items()}
            person = people().get(form.get("username", ""))
            if person is None or person.get("password") != form.get("password"):
                return self.login_form(start_response, form["SAMLRequest"],
                                       form.get("RelayState", ""), failed=True)
            session = secrets.token_urlsafe(16)
            SESSIONS[session] = form["username"]
            return self.answer(start_response, form["username"], form["SAMLRequest"],
                               form.get("RelayState", ""),
                               [("Set-Cookie", f"{COOKIE}={session}; Path=/; HttpOnly")])
        if path == "/slo/redirect":
            return self.logout(start_response, session, query)
        signed_in = SESSIONS.get(session)
        status = (f"Logget ind hos udbyderen som {html.escape(signed_in)}" if signed_in
                  else "Ikke logget ind hos udbyderen")
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page("Test-identitetsudbyder", f'<p id="idp-status">{status}</p>')]

    def login_form(self, start_response: StartResponse, request: str, relay_state: str,
                   failed: bool = False) -> Iterable[bytes]:
        error = '<p role="alert">Forkert brugernavn eller adgangskode.</p>' if failed else ""
        body = (
            "<h1>Test-identitetsudbyder</h1>"
            '<form method="post" action="/sso/login">'
            '<label for="id_username">Brugernavn</label>'
            '<input id="id_username" name="username" autocomplete="username">'
            '<label for="id_password">Adgangskode</label>'
            '<input id="id_password" name="password" type="password">'
            f'<input type="hidden" name="SAMLRequest" value="{html.escape(request)}">'
            f'<input type="hidden" name="RelayState" value="{html.escape(relay_state)}">'
            '<button type="submit" id="idp-login">Log ind hos udbyderen</button>'
            f"</form>{error}")
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [page("Test-identitetsudbyder: log ind", body)]

    def answer(self, start_response: StartResponse, username: str, request: str,
               relay_state: str, headers: list[tuple[str, str]] | None = None
               ) -> Iterable[bytes]:
        """The signed Response to the AuthnRequest, posted to the product's ACS."""
        server = Server(config=config(self.base_url))
        parsed = server.parse_authn_request(request, BINDING_HTTP_REDIRECT)
        args = server.response_args(parsed.message, [BINDING_HTTP_POST])
        person = people()[username]
        identity = {"uid": [username], "mail": [person.get("email", "")],
                    "givenName": [person.get("given_name", "")],
                    "sn": [person.get("family_name", "")],
                    "groups": list(person.get("groups", []))}
        name_id = NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"persistent-{username}",
                         name_qualifier=server.config.entityid,
                         sp_name_qualifier=args["sp_entity_id"])
        authn = {"class_ref": person.get("authn_context", PASSWORD_CONTEXT),
                 "authn_auth": server.config.entityid}
        response = server.create_authn_response(
            identity, name_id=name_id, authn=authn, sign_response=True, sign_assertion=True,
            **{k: args[k] for k in ("in_response_to", "destination", "sp_entity_id")})
        http = server.apply_binding(BINDING_HTTP_POST, str(response), args["destination"],
                                    relay_state, response=True)
        return self.respond(start_response, http, headers or [])

    def logout(self, start_response: StartResponse, session: str,
               query: dict[str, str]) -> Iterable[bytes]:
        """Single logout: ends this browser's session here and answers the product."""
        server = Server(config=config(self.base_url))
        request = server.parse_logout_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        SESSIONS.pop(session, None)
        response = server.create_logout_response(request.message, [BINDING_HTTP_REDIRECT])
        binding, destination = server.pick_binding(
            "single_logout_service", [BINDING_HTTP_REDIRECT], "spsso", request)
        http = server.apply_binding(binding, str(response), destination,
                                    query.get("RelayState", ""), response=True)
        return self.respond(start_response, http,
                            [("Set-Cookie", f"{COOKIE}=; Path=/; Max-Age=0")])

    @staticmethod
    def respond(start_response: StartResponse, http: dict[str, Any],
                headers: list[tuple[str, str]]) -> Iterable[bytes]:
        data = http.get("data") or ""
        location = dict(http.get("headers", [])).get("Location")
        if location:
            start_response("303 See Other", [("Location", location), *headers])
            return [b""]
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), *headers])
        return [data.encode() if isinstance(data, str) else bytes(data)]


def main(port: int) -> None:
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    class Server_(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = make_server("127.0.0.1", port, App(f"http://localhost:{port}"),
                         server_class=Server_, handler_class=QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]))
