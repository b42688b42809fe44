"""The OpenAPI schema: every operation documents the problem responses it can give, so that
clients (and schemathesis) can rely on the schema for errors too."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from mentor.api.problems import PROBLEM_CONTENT_TYPE
from mentor.models_api import ApiScope


class ProblemSerializer(serializers.Serializer[Any]):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    # A declared field: DRF's metaclass takes it out of the class, so the serializer's own
    # ``errors`` property is untouched; the stubs see only the shadowing.
    errors = serializers.DictField(required=False,  # type: ignore[assignment]
                                   help_text="Per field: what is wrong (400 only).")

    class Meta:
        ref_name = "Problem"


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "405", "406", "429"]
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["415", "422"]
        for code in codes:
            if code not in responses:
                # An untyped hook of drf-spectacular's (untyped_calls_exclude does not reach a
                # call through the subclass).
                responses[code] = self._get_response_for_code(  # type: ignore[no-untyped-call]
                    ProblemSerializer, code, media_types=[PROBLEM_CONTENT_TYPE],
                    direction=direction)
        return responses


class ClientAuthenticationScheme(OpenApiAuthenticationExtension):
    """OAuth 2.0 client credentials; each operation names the scope it needs."""

    target_class = "mentor.api.permissions.ClientAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "/api/v1/oauth/token/",
            "scopes": {scope.value: str(scope.label) for scope in ApiScope}}}}

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[str]]:
        scope = getattr(auto_schema.view, "required_scope", None)
        if isinstance(scope, dict):
            scope = scope.get(auto_schema.method) or scope.get("*")
        return {self.name: [scope] if scope else []}
