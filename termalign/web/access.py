"""Who may read and write through `termalign serve`, and the CSRF token of each session.

Three settings:

- local: no login; only loopback clients reach the server, and every version is
  written in the name of the person who started it (the termbase's default user);
- token: a shared secret read from a file; a reviewer signs in with their name and
  the token, and programs send `Authorization: Bearer TOKEN`;
- users: a file of `name:password-hash` lines (werkzeug's scrypt hashes); a
  reviewer signs in with their own password, programs use HTTP Basic.

With a token or users, reading may be opened to anyone (`open_read`); writing
never is.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from termalign.atomic import atomic_write
from termalign.errors import UserError

_DUMMY_HASH = generate_password_hash("not a password of anyone")


@dataclass
class Access:
    mode: str                               # "local", "token" or "users"
    local_user: str = ""                    # local: the author of every version
    token: str = ""                         # token: the shared secret
    users: dict[str, str] = field(default_factory=dict)  # users: name -> password hash
    open_read: bool = False                 # anyone may read (token and users only)

    @property
    def needs_login(self) -> bool:
        return self.mode != "local"

    def check(self, name: str, secret: str) -> bool:
        """Whether NAME may sign in with SECRET (the token, or NAME's password)."""
        if self.mode == "token":
            return bool(name.strip()) and hmac.compare_digest(secret.encode(), self.token.encode())
        if self.mode == "users":
            stored = self.users.get(name)
            # Hash even for an unknown name, so that timing does not tell which names exist.
            ok = check_password_hash(stored or _DUMMY_HASH, secret)
            return stored is not None and ok
        return False


def read_token(path: str | Path) -> str:
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise UserError(f"cannot read the token file {path}: {exc.strerror or exc}") from None
    if len(token) < 16:
        raise UserError(f"the token in {path} is shorter than 16 characters; use a long random one, "
                        f"e.g. `python3 -c 'import secrets; print(secrets.token_urlsafe())' > {path}`")
    return token


def read_users(path: str | Path) -> dict[str, str]:
    """name -> password hash from a users file (`name:hash` lines; # comments and blank lines skipped)."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise UserError(f"users file {path} not found; add a user with "
                        f"`termalign serve --users {path} --add-user NAME`") from None
    except OSError as exc:
        raise UserError(f"cannot read the users file {path}: {exc.strerror or exc}") from None
    users: dict[str, str] = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, hashed = line.partition(":")
        if not name.strip() or "$" not in hashed:
            raise UserError(f"{path} line {number}: expected NAME:PASSWORD-HASH; "
                            f"add users with `termalign serve --users {path} --add-user NAME`")
        users[name.strip()] = hashed.strip()
    if not users:
        raise UserError(f"{path} lists no users; add one with `termalign serve --users {path} --add-user NAME`")
    return users


def add_user(path: str | Path, name: str, password: str) -> None:
    """Add NAME to the users file (or give them a new password), keeping the other lines."""
    name = name.strip()
    if not name or ":" in name or any(ch.isspace() for ch in name):
        raise UserError(f"{name!r} cannot be a user name: use one word without ':'")
    if len(password) < 8:
        raise UserError("the password is shorter than 8 characters")
    path = Path(path)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if line.partition(":")[0].strip() != name]
    kept.append(f"{name}:{generate_password_hash(password)}")
    with atomic_write(path) as handle:
        handle.write("\n".join(kept) + "\n")
    path.chmod(0o600)


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def same_token(given: str | None, expected: str | None) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
