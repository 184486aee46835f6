"""Domain errors: every broken rule maps to one of these, with a message a person can read."""


class DomainError(Exception):
    """A rule of the facilitation domain was broken; ``str(error)`` says which."""

    status = 400


class NotFound(DomainError):
    """The session, stage, activity or group does not exist."""

    status = 404


class Forbidden(DomainError):
    """The caller may not do this."""

    status = 403


class Conflict(DomainError):
    """The action does not fit the session's current state (e.g. voting on a closed poll)."""

    status = 409
