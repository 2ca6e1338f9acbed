"""How an API call says who it is: `Authorization: Bearer <token>` or the web session.

The bearer check runs first. A request that sends a token stands or falls by it (a wrong
token is 401 even with a session cookie), so integrators never act as whoever is logged in
in the same browser.
"""

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from .tokens import token_user


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any | None:
        header = request.headers.get(self.header)
        if header and header.split(" ")[0].lower() != self.openapi_scheme:
            raise AuthenticationError(message="the Authorization header must be 'Bearer <token>'")
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = token_user(token.strip())
        if user is None:
            raise AuthenticationError(message="the API token is unknown or revoked")
        return user


class Session(SessionAuth):
    """The web session, with Django's CSRF check on unsafe methods.

    Ninja checks CSRF before looking at the session; an anonymous call would then get 403
    for the missing CSRF token where the contract promises 401 for missing credentials.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)


def api_auth() -> list:
    return [BearerToken(), Session()]
