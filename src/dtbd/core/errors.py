"""One application error type, turned into HTTP responses and CLI messages in one place."""


class ApplicationError(Exception):
    """A refusal the user can act on. `code` is stable; `message` is for people."""

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class ValidationFailed(ApplicationError):
    status = 422
    code = "invalid"


class NotFound(ApplicationError):
    status = 404
    code = "not_found"


class PermissionDenied(ApplicationError):
    status = 403
    code = "forbidden"


class Conflict(ApplicationError):
    """The record changed since the version the edit was based on."""

    status = 409
    code = "version_conflict"
