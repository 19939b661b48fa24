"""Lookups in a termbase that a team's workbench (`termalign serve`) shares, over its JSON API.

A team keeps one termbase on a database server with the workbench in front of
it; a translator on another machine looks terms up through the workbench, with
the sign-in the workbench gives them, rather than with database credentials of
their own:

    termalign lookup -t https://terms.example.org/ 因特网治理论坛

The answer is the workbench's `/api/lookup` JSON, which is `Answer.to_dict()` of
the same search run on the workbench (plus each concept's page URL), so it reads
exactly as a lookup in the termbase itself. Each answer costs one HTTP request
on one kept-alive connection; the process needs no database driver.

Sign-in, as the workbench asks for it (see termalign.web.access):
- token: `$TERMALIGN_TOKEN` is sent as `Authorization: Bearer`;
- users: HTTP Basic, with the name in the URL (https://wang@terms.example.org/)
  and the password from `$TERMALIGN_PASSWORD`, else ~/.netrc, else the URL.
Neither is ever shown: messages name the workbench without its password.
"""

from __future__ import annotations

import base64
import json
import netrc
import os
import warnings
from types import TracebackType
from urllib.parse import unquote, urlencode, urlsplit

from termalign import __version__
from termalign.errors import SettingError, TermalignWarning, TermbaseError, UserError
from termalign.glossary.pgstore import display_url

SCHEMES = ("http://", "https://")
TOKEN_VAR = "TERMALIGN_TOKEN"
PASSWORD_VAR = "TERMALIGN_PASSWORD"
API_PATH = "/api/lookup"
API_LIMIT = 100                     # the most concepts the workbench gives for one query
TIMEOUT_S = 30.0
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_server_url(location: object) -> bool:
    """Whether LOCATION names a workbench that shares a termbase, rather than the termbase itself."""
    return isinstance(location, str) and location.lower().startswith(SCHEMES)


class RemoteLookup:
    """Answers from the workbench at URL, one request each on a connection kept open between them."""

    def __init__(self, url: str, token: str | None = None, password: str | None = None,
                 timeout: float = TIMEOUT_S) -> None:
        # http.client (and ssl, for https) only here: Termbase.open calls is_server_url on every open.
        import http.client

        parts = urlsplit(url)
        self.shown = display_url(url)
        try:
            port = parts.port
        except ValueError:
            raise TermbaseError(f"{self.shown} has no valid port number") from None
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise TermbaseError(f"{self.shown} is not the address of a workbench; give one like "
                                "https://terms.example.org/ or http://127.0.0.1:8000/")
        self._path = parts.path.rstrip("/") + API_PATH
        connection = http.client.HTTPSConnection if parts.scheme.lower() == "https" else http.client.HTTPConnection
        self._conn = connection(parts.hostname, port, timeout=timeout)
        self._failures: tuple[type[Exception], ...] = (OSError, http.client.HTTPException)
        self._headers = {"Accept": "application/json", "User-Agent": f"termalign/{__version__}"}
        token = token if token is not None else os.environ.get(TOKEN_VAR)
        if token:
            self._headers["Authorization"] = f"Bearer {token.strip()}"
        elif parts.username:
            name = unquote(parts.username)
            secret = password if password is not None else _password(name, parts.hostname, parts.password)
            pair = base64.b64encode(f"{name}:{secret}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {pair}"
        self._signed_in = "Authorization" in self._headers
        if self._signed_in and parts.scheme.lower() == "http" and parts.hostname not in LOOPBACK:
            warnings.warn(TermalignWarning(f"the sign-in for {self.shown} travels unencrypted; give the "
                                           "workbench's https:// address"), stacklevel=2)

    def search(self, query: str, lang: str = "auto", fuzzy: bool = False, version: int | None = None,
               statuses: tuple[str, ...] | None = None, limit: int = 10) -> dict:
        """The answer to QUERY as `Answer.to_dict()` gives it (see `Lookup.search` for the arguments)."""
        if not 1 <= limit <= API_LIMIT:
            raise SettingError("limit", f"limit must be 1 to {API_LIMIT} through a workbench (the most concepts "
                                        f"it gives for one query), not {limit}")
        params: dict[str, str | int] = {"q": query, "lang": lang, "mode": "fuzzy" if fuzzy else "auto",
                                        "limit": limit}
        if version is not None:
            params["version"] = version
        if statuses:
            params["status"] = ",".join(statuses)
        status, body = self._get(f"{self._path}?{urlencode(params)}")
        return self._answer(status, body)

    def _get(self, target: str) -> tuple[int, bytes]:
        try:
            return self._send(target)
        except self._failures as exc:
            self._conn.close()
            if isinstance(exc, TimeoutError):
                raise self._unreachable(exc) from None
        # A GET changes nothing, so it is sent once more: the workbench may have closed the kept-alive
        # connection while an editor macro sat idle between two queries.
        try:
            return self._send(target)
        except self._failures as exc:
            self._conn.close()
            raise self._unreachable(exc) from None

    def _send(self, target: str) -> tuple[int, bytes]:
        self._conn.request("GET", target, headers=self._headers)
        response = self._conn.getresponse()
        return response.status, response.read()

    def _unreachable(self, exc: Exception) -> TermbaseError:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
        return TermbaseError(f"cannot reach the workbench at {self.shown}: {reason}")

    def _answer(self, status: int, body: bytes) -> dict:
        if status == 401:
            if self._signed_in:
                raise TermbaseError(f"the workbench at {self.shown} refused the sign-in; check ${TOKEN_VAR}, "
                                    f"or the name in the URL and ${PASSWORD_VAR} (or ~/.netrc)")
            raise TermbaseError(f"the workbench at {self.shown} asks for a sign-in: set ${TOKEN_VAR} to its "
                                f"token, or put your name in the URL (https://NAME@host/) and your password "
                                f"in ${PASSWORD_VAR} or ~/.netrc")
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if status == 400 and isinstance(data, dict) and isinstance(data.get("error"), str):
            raise UserError(data["error"])
        if status == 404:
            raise TermbaseError(f"no workbench answers at {self.shown} (HTTP 404 for {API_PATH}); give the "
                                "address `termalign serve` printed")
        if status in (413, 414, 431):
            raise TermbaseError(f"the workbench at {self.shown} refused a query this long (HTTP {status}); "
                                "look up a term, not a passage")
        if status != 200:
            raise TermbaseError(f"the workbench at {self.shown} failed to answer (HTTP {status})")
        if not (isinstance(data, dict) and isinstance(data.get("hits"), list) and "version" in data):
            raise TermbaseError(f"{self.shown} did not answer as a termalign workbench; give the address "
                                "`termalign serve` printed")
        return data

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> RemoteLookup:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _password(name: str, host: str, in_url: str | None) -> str:
    """NAME's password: $TERMALIGN_PASSWORD, else the ~/.netrc entry for HOST, else the one in the URL."""
    if os.environ.get(PASSWORD_VAR):
        return os.environ[PASSWORD_VAR]
    try:
        entry = netrc.netrc().authenticators(host)
    except (OSError, netrc.NetrcParseError):
        entry = None
    if entry and entry[0] in (name, "") and entry[2]:
        return entry[2]
    if in_url is not None:
        return unquote(in_url)
    raise TermbaseError(f"no password for {name} on {host}: set ${PASSWORD_VAR}, or add "
                        f"'machine {host} login {name} password …' to ~/.netrc")
