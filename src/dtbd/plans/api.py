"""/api/v1/plans: Training plans."""

from ninja import Router

router = Router(tags=["plans"])
