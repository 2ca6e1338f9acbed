"""/api/v1/courses: Courses and classes."""

from ninja import Router

router = Router(tags=["courses"])
