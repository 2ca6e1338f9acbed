"""GET /api/v1/reports and /api/v1/reports/{name}?PARAM=VALUE…: the contract's JSON."""

from typing import Any

from ninja import Router

from dtbd.accounts.policy import policy_for
from dtbd.core.api import READ_ERRORS, ApiRequest

from . import registry

router = Router(tags=["reports"])


@router.get("", summary="The reports and their parameters")
def report_list(request: ApiRequest) -> list[dict[str, Any]]:
    return [
        {
            "name": report.name,
            "title": str(report.title),
            "params": [
                {"name": p.name, "required": p.required, "choices": list(p.choices), "help": p.help}
                for p in report.params
            ],
        }
        for report in registry.reports()
    ]


@router.get("/{name}", response={200: dict, **READ_ERRORS}, summary="Compute a report")
def report_get(request: ApiRequest, name: str) -> dict:
    raw = {key: request.GET[key] for key in request.GET}
    return registry.run(name, policy_for(request.auth), raw)
