"""Bad input is a 400 naming the parameter, in one JSON shape across the API:

{"error": "bbox: expected minLon,minLat,maxLon,maxLat", "parameter": "bbox"}
"""

from __future__ import annotations

from django.http import JsonResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.views import exception_handler as drf_exception_handler

from apps.sites.filters import InvalidFilter


class BadParameter(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "bad_parameter"

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = str(message)
        super().__init__(detail=self.message)

    def as_dict(self) -> dict:
        return {"error": f"{self.parameter}: {self.message}", "parameter": self.parameter}


def bad_parameter_response(exc: BadParameter) -> JsonResponse:
    return JsonResponse(exc.as_dict(), status=400)


def from_form_errors(errors: dict) -> BadParameter:
    """The first invalid parameter of a (filter) form, with its message."""
    parameter, messages = next(iter(errors.items()))
    return BadParameter(parameter, " ".join(str(m) for m in messages))


def exception_handler(exc, context):
    """DRF's handler, with every 400 reshaped to name its parameter."""
    if isinstance(exc, InvalidFilter):
        exc = BadParameter(exc.parameter, exc.message)
    if isinstance(exc, BadParameter):
        return bad_parameter_response(exc)
    if isinstance(exc, ValidationError) and isinstance(exc.detail, dict) and exc.detail:
        body = from_form_errors(exc.detail).as_dict()
        body["errors"] = exc.detail  # every field's messages, for forms with several
        return JsonResponse(body, status=400)
    return drf_exception_handler(exc, context)
