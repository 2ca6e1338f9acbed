"""The project's URLs plus a route whose parameter the sweep does not know."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def widget(request: HttpRequest, widget_id: str) -> HttpResponse:
    return HttpResponse(widget_id)


urlpatterns = [
    path("widgets/<str:widget_id>/", widget, name="widget"),
    path("", include("dtbd.urls")),
]
