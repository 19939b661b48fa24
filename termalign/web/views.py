"""The routes of `termalign serve`: lookup, concept, review queue, history, exports, sign-in.

Every state change is a POST carrying the session's CSRF token (checked in
`create_app`) and the version of each concept the reviewer saw; the termbase
refuses the write inside its transaction when the concept changed since, so two
reviewers never overwrite each other's decisions.
"""

from __future__ import annotations

import base64
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

from flask import (Flask, abort, current_app, flash, g, jsonify, redirect, render_template, request,
                   send_file, session, url_for)

from werkzeug.wrappers import Response

from termalign.glossary.formats.base import FORMATS, ExportOptions, get_format
from termalign.glossary.lookup import Lookup
from termalign.glossary.concepts import HUMAN_STATUSES, parse_statuses
from termalign.glossary.normalize import term_key
from termalign.glossary.remote import API_LIMIT
from termalign.glossary.termbase import ConflictError, Termbase, default_user
from termalign.errors import UserError
from termalign.web.access import new_csrf_token

MODES = ("auto", "exact", "substring", "fuzzy")
QUEUE_PAGE = 20
STATUS_ACTIONS = {"approve": "preferred", "admit": "admitted", "deprecate": "deprecated"}
EXPORT_TYPES = {"tbx": "application/x-tbx+xml", "tbx2": "application/x-tbx+xml", "tbx3": "application/x-tbx+xml",
                "tsv": "text/tab-separated-values; charset=utf-8",
                "csv": "text/csv; charset=utf-8",
                "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# ---------------------------------------------------------------- who is asking


def settings():
    return current_app.extensions["termalign"]


def current_user() -> str | None:
    """The reviewer's name, or None for an anonymous reader."""
    access = settings().access
    if access.mode == "local":
        return access.local_user or default_user()
    if "user" in session:
        return session["user"]
    return g.get("api_user")


def may_write() -> bool:
    return current_user() is not None


def _api_credentials() -> str | None:
    """The user a program authenticates as with a bearer token (token mode) or HTTP Basic (users mode)."""
    access = settings().access
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if access.mode == "token" and scheme.lower() == "bearer":
        return "api" if access.check("api", value.strip()) else None
    if access.mode == "users" and scheme.lower() == "basic":
        try:
            name, _, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return name if access.check(name, password) else None
    return None


def require_read(api: bool = False) -> Response | None:
    access = settings().access
    if not access.needs_login or access.open_read or "user" in session:
        return None
    if api:
        user = _api_credentials()
        if user is None:
            return Response('{"error": "sign in: send Authorization: Bearer TOKEN or HTTP Basic"}', 401,
                            {"Content-Type": "application/json", "WWW-Authenticate": "Bearer, Basic"})
        g.api_user = user
        return None
    return redirect(url_for("login", next=request.full_path))


def require_write() -> Response | None:
    if may_write():
        return None
    flash("Sign in to change the termbase.", "error")
    return redirect(url_for("login", next=_back()))


def termbase() -> Termbase:
    """The termbase, opened for this request in the name of its reviewer."""
    if "termbase" not in g:
        g.termbase = Termbase.open(settings().termbase, user=current_user() or "anonymous")
    return g.termbase


def _back(default: str = "/review") -> str:
    """Where to return after a POST: a path on this server only."""
    target = request.form.get("next") or request.args.get("next") or default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _int_arg(name: str, default: int | None = None) -> int | None:
    value = request.args.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        abort(400, description=f"{name} must be a whole number, not {value!r}")


# ---------------------------------------------------------------- lookup


def _lookup(query: str, mode: str, lang: str, version: int | None, limit: int = 10,
            statuses: tuple[str, ...] | None = None):
    if mode not in MODES:
        raise UserError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
    base = termbase()
    at = base.latest_version() if version is None else version
    if not 0 <= at <= base.latest_version():
        raise UserError(f"version {at} does not exist (versions are 1–{base.latest_version()})")
    indexes = current_app.extensions["termalign.indexes"]
    # The version's key index only when the search needs it: a PostgreSQL termbase is searched by its
    # server (pg_trgm), and loading its keys would cost every first request after a new version seconds.
    finder = Lookup(base, version=at, statuses=statuses, limit=limit,
                    load_index=lambda: indexes.get(base, at, statuses))
    keep = {"exact": ("exact",), "substring": ("exact", "substring")}.get(mode)
    # An exact or substring search drops close variants, so it need not look for them.
    answer = finder.search(query, lang, fuzzy=mode == "fuzzy", fallback=keep is None)
    if keep:
        answer.hits = [hit for hit in answer.hits if hit.match in keep]
    return answer


def lookup_page():
    refused = require_read()
    if refused:
        return refused
    query = request.args.get("q", "").strip()
    mode = request.args.get("mode", "auto")
    lang = request.args.get("lang", "auto")
    version = _int_arg("version")
    answer, error = None, None
    if query:
        try:
            answer = _lookup(query, mode, lang, version)
        except UserError as exc:
            error = str(exc)
    return render_template("lookup.html", query=query, mode=mode, lang=lang, version=version, answer=answer,
                           error=error, modes=MODES)


def lookup_api():
    refused = require_read(api=True)
    if refused:
        return refused
    query = request.args.get("q", "").strip()
    limit = _int_arg("limit", 10)
    try:
        answer = _lookup(query, request.args.get("mode", "auto"), request.args.get("lang", "auto"),
                         _int_arg("version"), max(1, min(limit or 10, API_LIMIT)),
                         parse_statuses(request.args.get("status")))
    except UserError as exc:
        return jsonify({"error": str(exc)}), 400
    payload = answer.to_dict()
    for hit, data in zip(answer.hits, payload["hits"]):
        data["concept"]["url"] = url_for("concept_page", cid=hit.concept.id, _external=True)
    return jsonify(payload)


# ---------------------------------------------------------------- one concept


def concept_page(cid: str):
    refused = require_read()
    if refused:
        return refused
    version = _int_arg("version")
    base = termbase()
    latest = base.latest_version()
    try:
        concept = base.concept(cid, version)
    except UserError as exc:
        return render_template("error.html", message=str(exc)), 404
    at = latest if version is None else version
    return render_template("concept.html", concept=concept, at=at, latest=latest,
                           seen=base.concept_version(cid),
                           versions=base.versions())


def concept_api(cid: str):
    refused = require_read(api=True)
    if refused:
        return refused
    base = termbase()
    version = _int_arg("version")
    try:
        concept = base.concept(cid, version)
    except UserError as exc:
        return jsonify({"error": str(exc)}), 404
    return jsonify({"version": base.latest_version() if version is None else version,
                    "changed_in": base.concept_version(cid), "concept": concept.to_dict()})


# ---------------------------------------------------------------- review queue


def review_page():
    refused = require_read()
    if refused:
        return refused
    page = max(1, _int_arg("page", 1) or 1)
    base = termbase()
    latest, entries = current_app.extensions["termalign.queue"].ranked(base)
    pages = max(1, -(-len(entries) // QUEUE_PAGE))
    page = min(page, pages)
    shown = entries[(page - 1) * QUEUE_PAGE: page * QUEUE_PAGE]
    items = []
    for entry in shown:
        try:
            concept = base.concept(entry.concept_id, latest)
        except UserError:
            continue
        items.append({"concept": concept, "score": entry.score, "seen": base.concept_version(entry.concept_id)})
    return render_template("review.html", items=items, total=len(entries), page=page, pages=pages,
                           latest=latest)


def _expect(cid: str) -> dict[str, int] | None:
    """The concept version the reviewer's page showed, for the optimistic check."""
    seen = request.form.get("seen", "").strip()
    if not seen:
        return None
    try:
        return {cid: int(seen)}
    except ValueError:
        abort(400, description="the form's 'seen' version is not a number")


def _write(action, success: str):
    """Run ACTION (a termbase write); flash what it did, or why it did not."""
    refused = require_write()
    if refused:
        return refused
    try:
        version = action(termbase())
    except ConflictError as exc:
        flash(f"Conflict: {exc}", "error")
        return redirect(_back(), 303)
    except UserError as exc:
        flash(str(exc), "error")
        return redirect(_back(), 303)
    flash(success.format(version=version.number), "ok")
    return redirect(_back(), 303)


def decide(cid: str):
    """Approve, admit or deprecate the whole concept, or one term of it (fields lang and term)."""
    action = request.form.get("action", "")
    if action not in STATUS_ACTIONS:
        abort(400, description=f"unknown action {action!r}; use approve, admit or deprecate")
    note = request.form.get("note", "").strip()
    lang, text = request.form.get("lang", ""), request.form.get("term", "")
    status = STATUS_ACTIONS[action]
    if text:
        def apply(base: Termbase):
            concept = base.concept(cid)
            if not any(t.lang == lang and term_key(t.text, lang) == term_key(text, lang) for t in concept.terms):
                raise UserError(f"{concept.id} has no {lang} term {text!r}")
            return base.apply_status_changes([(cid, lang, text, status)], note=note, kind=action,
                                             expect=_expect(cid))
        return _write(apply, f"Version {{version}}: {text} is now {status}.")
    return _write(lambda base: base.set_status(cid, status, note=note, kind=action, expect=_expect(cid)),
                  f"Version {{version}}: every term of {cid} is now {status}.")


def edit_term(cid: str):
    form = request.form
    return _write(lambda base: base.edit_term(cid, form.get("lang", ""), form.get("old", ""), form.get("new", ""),
                                              note=form.get("note", "").strip(), expect=_expect(cid)),
                  f"Version {{version}}: {form.get('old', '')} → {form.get('new', '').strip()} in {cid}.")


def merge_concepts(cid: str):
    form = request.form
    into = form.get("into", "").strip()
    return _write(lambda base: base.merge_concepts(cid, into, note=form.get("note", "").strip(),
                                                   expect=_expect(cid)),
                  f"Version {{version}}: {cid} merged into {into.upper()}.")


def split_term(cid: str):
    form = request.form
    made: list[str] = []

    def apply(base: Termbase):
        version, new_id = base.split_term(cid, form.get("lang", ""), form.get("term", ""),
                                          note=form.get("note", "").strip(), expect=_expect(cid))
        made.append(new_id)
        return version

    response = _write(apply, f"Version {{version}}: {form.get('term', '')} split off {cid}.")
    if made:
        flash(f"The new concept is {made[0]}.", "ok")
    return response


# ---------------------------------------------------------------- history and exports


def history_page():
    refused = require_read()
    if refused:
        return refused
    versions = list(reversed(termbase().versions()))
    return render_template("history.html", versions=versions, formats=list(FORMATS))


def diff_page():
    refused = require_read()
    if refused:
        return refused
    base = termbase()
    latest = base.latest_version()
    v2 = _int_arg("to", latest)
    v1 = _int_arg("from", max(0, (v2 or 0) - 1))
    try:
        result = base.diff(v1, v2)
    except UserError as exc:
        return render_template("error.html", message=str(exc)), 404
    return render_template("diff.html", diff=result, latest=latest, versions=base.versions())


def export_file():
    refused = require_read()
    if refused:
        return refused
    name = request.args.get("format", "tbx")
    if name not in FORMATS:
        abort(400, description=f"unknown format {name!r}; use one of {', '.join(FORMATS)}")
    base = termbase()
    versions = base.versions()
    version = _int_arg("version") or (versions[-1].number if versions else 0)
    wanted = HUMAN_STATUSES + (("candidate",) if request.args.get("candidates") else ())
    try:
        concepts = base.concepts(version, wanted)
    except UserError as exc:
        return render_template("error.html", message=str(exc)), 404
    if not concepts:
        return render_template("error.html", message=f"Nothing to export at version {version}: no terms with "
                                                     f"status {', '.join(wanted)}. Include the candidates?"), 404
    current = next(v for v in versions if v.number == version)
    # The direction asked for, else the one the termbase remembers (termalign termbase export --src-lang).
    src_lang = request.args.get("src") if request.args.get("src") in ("zh", "en") else \
        (base.setting("src_lang") or "zh")
    # CSV with a BOM: a terminologist opens a downloaded CSV in Excel, which needs it to show Chinese.
    options = ExportOptions(src_lang=src_lang, bom=name == "csv", source=settings().termbase_name, version=version,
                            version_created=current.created, version_note=current.note,
                            version_dates={v.number: v.created for v in versions})
    # The writers write files; the finished file is streamed, then gone (unlinked while still open).
    fd, tmp = tempfile.mkstemp(suffix=f".{name}", prefix="termalign-export-")
    os.close(fd)
    try:
        get_format(name).write(concepts, tmp, options)
        handle = open(tmp, "rb")
    finally:
        Path(tmp).unlink(missing_ok=True)
    download = f"{settings().termbase_stem}-v{version}.{'tbx' if name.startswith('tbx') else name}"
    return send_file(handle, mimetype=EXPORT_TYPES[name], as_attachment=True, download_name=download)


def versions_api():
    refused = require_read(api=True)
    if refused:
        return refused
    return jsonify([asdict(v) for v in termbase().versions()])


# ---------------------------------------------------------------- signing in


def login():
    access = settings().access
    if not access.needs_login:
        return redirect(url_for("lookup_page"))
    error = None
    if request.method == "POST":
        name, secret = request.form.get("name", "").strip(), request.form.get("secret", "")
        if access.check(name, secret):
            session.clear()
            session["user"] = name
            session["csrf"] = new_csrf_token()       # a new session gets a new token
            return redirect(_back("/lookup"), 303)
        error = "Wrong name or password." if access.mode == "users" else "Wrong token, or no name given."
    return render_template("login.html", error=error, mode=access.mode, next=_back("/lookup")), (401 if error else 200)


def logout():
    session.clear()
    return redirect(url_for("lookup_page"), 303)


def handle_user_error(exc: UserError):
    return render_template("error.html", message=str(exc)), 400


def register(app: Flask) -> None:
    app.add_url_rule("/", "home", lambda: redirect(url_for("lookup_page")))
    app.add_url_rule("/lookup", "lookup_page", lookup_page)
    app.add_url_rule("/api/lookup", "lookup_api", lookup_api)
    app.add_url_rule("/concept/<cid>", "concept_page", concept_page)
    app.add_url_rule("/api/concept/<cid>", "concept_api", concept_api)
    app.add_url_rule("/api/versions", "versions_api", versions_api)
    app.add_url_rule("/review", "review_page", review_page)
    app.add_url_rule("/concept/<cid>/decide", "decide", decide, methods=["POST"])
    app.add_url_rule("/concept/<cid>/edit-term", "edit_term", edit_term, methods=["POST"])
    app.add_url_rule("/concept/<cid>/merge-into", "merge_concepts", merge_concepts, methods=["POST"])
    app.add_url_rule("/concept/<cid>/split-term", "split_term", split_term, methods=["POST"])
    app.add_url_rule("/history", "history_page", history_page)
    app.add_url_rule("/history/diff", "diff_page", diff_page)
    app.add_url_rule("/export", "export_file", export_file)
    app.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    app.add_url_rule("/logout", "logout", logout, methods=["POST"])
    app.register_error_handler(UserError, handle_user_error)
