"""Baraza: live facilitation for meet-ups.

``create_app`` builds the Flask application. It is imported lazily so that the
pure parts of the package (``facilitation.domain``) load without Flask.
"""


def create_app(config: dict | None = None):
    """Build the application: configuration, storage, pages, API and Socket.IO."""
    from .factory import build_app

    return build_app(config)
