"""`termalign serve`: the terminologist's workbench, a small Flask application over the library API.

Pages: lookup (and its JSON twin for CAT-tool plug-ins), one concept at any
version, the review queue, the history of versions with diffs, and exports.
Each request opens the termbase in the name of its reviewer, so every version
written through the web records who made it, exactly as the command line does.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, g, request, session

from termalign.glossary.lookup import KeyIndex
from termalign.glossary.termbase import Termbase
from termalign.web.access import Access, new_csrf_token, same_token
from termalign.web.queue import ReviewQueue

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass
class Settings:
    termbase: Path | str    # an SQLite file or a postgresql:// URL
    access: Access

    @property
    def termbase_name(self) -> str:
        """How pages and downloads name the termbase: the file name, or the database name of a URL."""
        if isinstance(self.termbase, Path):
            return self.termbase.name
        return urlsplit(self.termbase).path.strip("/") or "termbase"

    @property
    def termbase_stem(self) -> str:
        return Path(self.termbase_name).stem


class IndexCache:
    """The lookup index of each termbase version read so far (a version never changes once written)."""

    def __init__(self, keep: int = 4) -> None:
        self._lock = threading.Lock()
        self._indexes: dict[tuple, KeyIndex] = {}
        self._keep = keep

    def get(self, base: Termbase, version: int, statuses: tuple[str, ...] | None) -> KeyIndex:
        key = (version, statuses)
        with self._lock:
            index = self._indexes.get(key)
            if index is None:
                index = (self._carried_over(base, version) if statuses is None else None) \
                    or KeyIndex.load(base, version, statuses)
                self._indexes[key] = index
                while len(self._indexes) > self._keep:
                    self._indexes.pop(next(iter(self._indexes)))
            return index

    def _carried_over(self, base: Termbase, version: int) -> KeyIndex | None:
        """The index of an earlier version when every version since only changed statuses.

        An index of all statuses holds keys, concepts and counts, none of which a review decision
        changes; rebuilding it after each approval took seconds on a large termbase (about 10 s
        of reading at 500,000 concepts), during which every lookup waited."""
        earlier = [v for v, statuses in self._indexes if statuses is None and v < version]
        if not earlier:
            return None
        since = max(earlier)
        for v in base.versions():
            if since < v.number <= version and (v.kind not in STATUS_KINDS
                                                or any(v.counts.get(name) for name in KEY_COUNTS)):
                return None
        return self._indexes[(since, None)]


# Versions that only set statuses (termbase approve / admit / deprecate, a status import) ...
STATUS_KINDS = ("approve", "admit", "deprecate", "status")
# ... and, to be sure, a version with any of these counts may have changed the keys, concepts or counts. may have changed the term keys, concepts or counts an index holds.
KEY_COUNTS = ("concepts_added", "terms_added", "terms_changed", "terms_removed")


def create_app(settings: Settings, secret_key: bytes | None = None) -> Flask:
    """The application for one termbase. SECRET_KEY signs session cookies (default: random per start)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),
        SESSION_COOKIE_NAME="termalign_session",
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=64 * 1024,
    )
    # Answers keep the order of the command line's JSON (query, lang, version, hits), which people read.
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if settings.access.mode == "local":
        # Without a login only loopback clients may use the server; refusing other Host names
        # also stops a web page from reaching it by DNS rebinding.
        app.config["TRUSTED_HOSTS"] = list(LOOPBACK_NAMES)
    from termalign.web import present

    app.jinja_env.globals["present"] = present
    app.extensions["termalign"] = settings
    app.extensions["termalign.indexes"] = IndexCache()
    app.extensions["termalign.queue"] = ReviewQueue()

    @app.before_request
    def protect() -> None:
        if "csrf" not in session:
            session["csrf"] = new_csrf_token()
        if request.method == "POST":
            given = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token")
            if not same_token(given, session.get("csrf")):
                abort(400, description="The form's security token is missing or out of date (CSRF check); "
                                       "reload the page and try again.")
            origin = request.headers.get("Origin")
            if origin and origin.split("://", 1)[-1] != request.host:
                abort(400, description="The request came from another site; nothing was changed.")

    @app.after_request
    def headers(response):
        # Scripts and styles only from this server: even text that escaped escaping could not run.
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    @app.teardown_request
    def close_termbase(_exc) -> None:
        base = g.pop("termbase", None)
        if base is not None:
            base.close()

    @app.context_processor
    def common() -> dict:
        from termalign.web.views import current_user, may_write

        return {"csrf_token": session.get("csrf", ""), "user": current_user(), "may_write": may_write(),
                "needs_login": settings.access.needs_login, "termbase_name": settings.termbase_name}

    from termalign.web.views import register

    register(app)
    return app


def prepare(app: Flask) -> None:
    """Build the latest version's lookup index and the review queue's ranking before anyone asks.

    `termalign serve` runs this in a background thread at start: on a large termbase each takes
    seconds to minutes (500,000 concepts: ~10–40 s and ~2 min on the 2-core dev machine), which
    the first lookup and the first queue page would otherwise spend waiting. A request arriving
    meanwhile waits on the same lock instead of building them a second time."""
    settings = app.extensions["termalign"]
    try:
        with Termbase.open(settings.termbase) as base:
            # A PostgreSQL termbase that its server searches (pg_trgm) needs no index on this side.
            if not (base.server_search("zh") and base.server_search("en")):
                app.extensions["termalign.indexes"].get(base, base.latest_version(), None)
            app.extensions["termalign.queue"].ranked(base)
    except Exception:       # noqa: BLE001 - only a head start: the request that needs it reports the error
        return

