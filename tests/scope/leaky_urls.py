"""The project's URLs plus routes that forget the policy, to prove the sweep catches them."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from dtbd.accounts.auth import api_auth
from dtbd.core.api import Api
from dtbd.people.models import Person


def person_card(request: HttpRequest, code: str) -> HttpResponse:
    """Reads Person.objects directly: anyone signed in sees anyone's name."""
    return HttpResponse(get_object_or_404(Person, code=code).full_name)


def everyone(request: HttpRequest) -> HttpResponse:
    """A list without the policy."""
    return HttpResponse(", ".join(Person.objects.values_list("full_name", flat=True)))


leaky_api = Api(title="Leaky", version="0", urls_namespace="leaky", auth=api_auth())


@leaky_api.get("/people/{person_code}/name")
def person_name(request, person_code: str):
    person = Person.objects.filter(code=person_code).first()
    if person is None:
        raise Http404
    return {"name": person.full_name}


urlpatterns = [
    path("people/<str:code>/card/", person_card, name="leaky_card"),
    path("everyone/", everyone, name="leaky_list"),
    path("leaky-api/", leaky_api.urls),
    path("", include("dtbd.urls")),
]
