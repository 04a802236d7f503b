"""Join codes and seat tokens: short codes to type, long secrets to hold a seat.

A *join code* names a game: six characters from an alphabet without look-alikes (no 0/O,
1/I/L), drawn with :mod:`secrets`, so it can be read off a projector and typed on a phone.
It only lets a student see the public view and take a free seat. A *token* (``secrets.
token_urlsafe``, 192 bits) is what a seat or the teacher console is bound to; the server keeps
only its SHA-256 digest, so a copy of the database holds no usable token.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

__all__ = ["ALPHABET", "CODE_LENGTH", "check_code", "digest", "join_code", "new_token", "same"]

#: Upper-case letters and digits that cannot be mistaken for one another.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
_CODE = re.compile(f"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
_TOKEN_BYTES = 24


def join_code() -> str:
    """A fresh join code (31^6, about 887 million, possible codes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def check_code(code: str) -> str:
    """``code`` in canonical form (upper case, spaces dropped), or ``""`` if malformed."""
    text = "".join(code.split()).upper()
    return text if _CODE.match(text) else ""


def new_token() -> str:
    """A fresh seat or teacher token."""
    return secrets.token_urlsafe(_TOKEN_BYTES)


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def same(token: str, stored: str) -> bool:
    """Whether ``token`` is the one whose digest is ``stored`` (constant time)."""
    return hmac.compare_digest(digest(token), stored)
