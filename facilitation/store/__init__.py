"""Persistence: SQLAlchemy Core tables on SQLite (default, WAL mode) or PostgreSQL."""
from .db import Store

__all__ = ["Store"]
