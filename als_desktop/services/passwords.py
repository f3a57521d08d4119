"""Password hashes: Argon2id through argon2-cffi.

argon2-cffi's default parameters (RFC 9106's low-memory profile: 64 MiB, 3 passes, 4 lanes)
are above OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane). A hash made with weaker
parameters than the current ones is replaced at the next successful sign-in.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# NIST SP 800-63B section 5.1.1.2: memorised secrets of at least 8 characters, no composition
# rules, up to at least 64.
MIN_LENGTH = 8
MAX_LENGTH = 128

_hasher = PasswordHasher()


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_LENGTH:
        return f"A password needs at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"A password can have at most {MAX_LENGTH} characters."
    if password.strip() != password:
        return "A password cannot start or end with a space."
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
