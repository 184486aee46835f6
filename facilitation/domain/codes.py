"""Join codes: six characters a person can read off a wall and type on a phone."""
import secrets

# No look-alikes: 0/O, 1/I/L, 2/Z, 5/S, 8/B are all left out.
ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
LENGTH = 6


def new_join_code() -> str:
    """A fresh random join code."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_join_code(text: str) -> str | None:
    """The canonical form of what a person typed, or None when it cannot be a join code."""
    if not isinstance(text, str):
        return None
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code
