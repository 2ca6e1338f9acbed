"""What every API endpoint shares: the error shape, the one place errors become responses,
pagination, and the NinjaAPI subclass that keeps the API out of the login redirect.
"""

import logging
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, re_path
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger

from .errors import ApplicationError

logger = logging.getLogger(__name__)

MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


class ApiRequest(HttpRequest):
    """What an endpoint receives: `auth` is the user the session or token stands for."""

    auth: Any


class ErrorOut(Schema):
    code: str
    message: str
    field: str | None = None


# For the OpenAPI document: what any authenticated read or write may answer besides 200.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 403: ErrorOut, 409: ErrorOut}

_HTTP_CODES = {
    400: "invalid",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    429: "throttled",
}


class Api(NinjaAPI):
    """NinjaAPI whose views answer JSON themselves instead of redirecting to the login page.

    The project runs LoginRequiredMiddleware; the API authenticates per call (session or
    bearer token) and must say 401, so every view it serves is login_not_required.
    """

    def __init__(self, **kwargs: Any):
        # Swagger UI from the files ninja ships (ninja is in INSTALLED_APPS), with the online
        # validator badge off: the docs page must not reach outside the province's network.
        kwargs.setdefault("docs", Swagger(settings={"validatorUrl": None}))
        super().__init__(**kwargs)
        install_error_handlers(self)

    @property
    def urls(self) -> tuple[list, str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            if not isinstance(pattern, URLPattern):
                continue
            # ninja's root view only raises Http404 (an HTML page); say where the docs are.
            view = self._index if pattern.name == "api-root" else pattern.callback
            pattern.callback = _api_view(view)
        # Last, so it only catches what no endpoint answers: a JSON 404, not the HTML page.
        patterns.append(re_path(r"^.+$", _api_view(_unknown_address), name="unknown"))
        return patterns, app_name, namespace

    def _index(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return JsonResponse(
            {
                "title": self.title,
                "version": self.version,
                "openapi": f"{request.path}{(self.openapi_url or '').lstrip('/')}",
                "docs": f"{request.path}{(self.docs_url or '').lstrip('/')}",
            }
        )


def _unknown_address(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return error_response(404, "not_found", f"no API address {request.path}")


_unknown_address.csrf_exempt = True  # type: ignore[attr-defined]


def _api_view(view: Any) -> Any:
    def api_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = error_response(
                405, "method_not_allowed", f"this address answers only {allowed}"
            )
            response["Allow"] = allowed
        return response

    api_view.csrf_exempt = getattr(view, "csrf_exempt", False)  # type: ignore[attr-defined]
    return login_not_required(api_view)


def error_response(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    return JsonResponse({"code": code, "message": message, "field": field}, status=status)


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error the API answers has the shape {"code", "message", "field"}."""

    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message, exc.field)

    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        first = exc.errors[0] if exc.errors else {}
        field = _field_of(first.get("loc", ()))
        message = str(first.get("msg", "invalid input"))
        if field:
            message = f"{field}: {message}"
        if len(exc.errors) > 1:
            message += f" (and {len(exc.errors) - 1} more)"
        return error_response(422, "invalid", message, field)

    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else "credentials are required"
        response = error_response(401, "unauthenticated", message)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 403 and "CSRF" in exc.message:
            return error_response(403, "csrf_failed", "the CSRF token is missing or wrong")
        if exc.status_code == 400:  # e.g. a body that is not JSON: still invalid input
            return error_response(422, "invalid", exc.message)
        code = _HTTP_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, code, exc.message)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(404, "not_found", "not found")

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return error_response(500, "server_error", "the server failed; the error is logged")

    handlers: list[tuple[type[Exception], Any]] = [
        (ApplicationError, application_error),
        (NinjaValidationError, validation_error),
        (AuthenticationError, authentication_error),
        (HttpError, http_error),
        (Http404, not_found),
        (Exception, unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def _field_of(loc: Any) -> str | None:
    """The field a pydantic error is about: ("query", "page_size") -> "page_size".

    Body errors carry the body parameter's name second ("body", "payload", "birth_date").
    """
    parts = [p for p in loc if isinstance(p, str)]
    parts = parts[2:] if parts and parts[0] == "body" else parts[1:]
    return parts[-1] if parts else None


def paginate(items: QuerySet | list, *, page: int, page_size: int) -> dict[str, Any]:
    """One page of `items`: {"count", "page", "page_size", "results"}; results stay raw."""
    count = items.count() if isinstance(items, QuerySet) else len(items)
    start = (page - 1) * page_size
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "results": list(items[start : start + page_size]) if start < count else [],
    }
