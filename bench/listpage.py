"""Time the people list page in-process; run by bench/run.py with DTBD_DATABASE_URL set.

Prints one JSON object: for each filter combination, the server times of --requests GETs
(after two warm-up requests) and the row count. It GETs the real page `/people/?…` with
Django's test Client logged in as a superuser when that URL exists; before the page existed
it timed what the page does: people_list + Paginator page + count.
"""

import argparse
import json
import os
import sys
import time

COMBINATIONS = [
    # (label, query parameters)
    ("no filter", {}),
    ("search 'nguyen van'", {"q": "nguyen van"}),
    ("unit subtree (Sở Y tế)", {"unit": "SH.SYT"}),
    ("level commune + civil servants", {"level": "commune", "category": "civil_servant"}),
    (
        "political theory ≥ intermediate",
        {"dimension": "political_theory", "at_least": "intermediate"},
    ),
    (
        "extra: search + subtree + qualification",
        {
            "q": "thi",
            "unit": "SH.SGDDT",
            "dimension": "foreign_language",
            "at_least": "b1",
        },
    ),
    ("extra: no filter, page 500", {"page": "500"}),
]
PAGE_SIZE = 50


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # nearest rank
    return ordered[int(rank) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--as-of", default=None)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dtbd.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import Resolver404, resolve

    user_model = get_user_model()
    user = user_model.objects.filter(username="bench").first()
    if user is None:
        user = user_model.objects.create_superuser("bench", "bench@example.vn", "bench-pw-123")
    client = Client(raise_request_exception=True)
    client.force_login(user)
    mode, page_error = "selector", ""
    try:
        resolve("/people/")
    except Resolver404:
        page_error = "/people/ does not exist"
    else:
        try:
            _page_request(client, {})()
            mode = "page"
        except Exception as error:
            page_error = f"GET /people/ failed: {error.__class__.__name__}: {error}"[:300]

    results = []
    for label, params in COMBINATIONS:
        if mode == "page":
            run = _page_request(client, params)
        else:
            run = _selector_request(user, params, args.as_of)
        for _ in range(2):
            run()
        times, total = [], None
        for _ in range(args.requests):
            start = time.perf_counter()
            total = run()
            times.append((time.perf_counter() - start) * 1000)
        if total is None:  # the page's count, found outside the timed requests
            total = _selector_request(user, params, args.as_of)()
        results.append(
            {
                "label": label,
                "params": params,
                "rows": total,
                "median_ms": round(_percentile(times, 50), 1),
                "p95_ms": round(_percentile(times, 95), 1),
                "max_ms": round(max(times), 1),
            }
        )
    json.dump(
        {"mode": mode, "page_error": page_error, "page_size": PAGE_SIZE, "results": results},
        sys.stdout,
    )


def _page_request(client, params):
    from urllib.parse import urlencode

    url = "/people/?" + urlencode(params)

    def run():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
        return None

    return run


def _selector_request(user, params, as_of):
    import datetime as dt

    from django.core.paginator import Paginator

    from dtbd.core.dates import today
    from dtbd.organisation.models import Unit
    from dtbd.people.selectors import PeopleFilter, people_list

    on = dt.date.fromisoformat(as_of) if as_of else today()
    unit_id = None
    if params.get("unit"):
        unit_id = Unit.objects.get(code=params["unit"]).pk
    filters = PeopleFilter(
        on=on,
        q=params.get("q", ""),
        unit_id=unit_id,
        level=params.get("level", ""),
        category=params.get("category", ""),
        dimension=params.get("dimension", ""),
        at_least=params.get("at_least", ""),
    )
    page_number = int(params.get("page", 1))

    def run():
        qs = people_list(actor=user, filters=filters)
        page = Paginator(qs, PAGE_SIZE).get_page(page_number)
        rows = [(p.person.full_name, p.unit_name) for p in page.object_list]
        assert rows or page.paginator.count == 0
        return page.paginator.count

    return run


if __name__ == "__main__":
    main()
