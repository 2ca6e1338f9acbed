"""/api/v1/careers: Careers."""

from ninja import Router

router = Router(tags=["careers"])
