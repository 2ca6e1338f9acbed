"""/api/v1/standards: Standards and training needs."""

from ninja import Router

router = Router(tags=["standards"])
