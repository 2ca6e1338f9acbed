"""Security headers on every answer, and the check that warns of a development secret key.

The pages load nothing from elsewhere and have no inline script or style (dtbd.js does what
inline code would), so the Content-Security-Policy allows only this site. Django's own
middleware already sends some of these headers from settings; they are set here too, with
setdefault, so this one file says what every answer carries.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response


_LOCAL_HOSTS = {"127.0.0.1", "localhost", "testserver", "[::1]", "::1"}


@register(Tags.security)
def check_development_secret_key(app_configs, **kwargs) -> list[Warning]:
    """Warn when the site looks deployed (DEBUG off, a real host name allowed) but still
    signs sessions with the key anyone can read in the source. (In HTTPS mode the settings
    refuse that key outright; `dtbd check --deploy` also reports it as security.W009.)"""
    if settings.DEBUG or settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return []
    if not set(settings.ALLOWED_HOSTS) - _LOCAL_HOSTS:
        return []
    return [
        Warning(
            "DTBD_SECRET_KEY is not set: sessions are signed with the development key"
            " published in the source.",
            hint="Set DTBD_SECRET_KEY to a long random value and DTBD_HTTPS=1 (docs/security.md).",
            id="dtbd.W001",
        )
    ]
