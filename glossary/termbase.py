"""The versioned termbase: one SQLite file holding concepts, terms, statuses and evidence.

Every change (a mining run, an import, an approval) is one numbered version
written in one transaction. Nothing is overwritten: each term state, pair of
evidence and concept note is a row valid from one version up to (not
including) the version that replaced it, so any earlier version can be read,
diffed and exported by choosing the rows valid at that number.

All SQL of the project lives in this module and in `glossary.pgstore`: the
queries are written once in the SQL that SQLite and PostgreSQL share, and a
termbase is either an SQLite file or, given a postgresql:// URL, a database
on a PostgreSQL server (`pgstore.PgConnection` adapts the differences).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import getpass
import inspect
import itertools
import json
import os
import random
import re
import sqlite3
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from termalign.align.document import LANGS
from termalign.glossary.concepts import HUMAN_STATUSES, STATUSES, TERM_TYPES, Concept, Example, PairEvidence, Term
from termalign.glossary.normalize import clean_text, script_lang, term_key, variant_words
from termalign.glossary import pgstore
from termalign.glossary.remote import is_server_url
from termalign.atomic import remove_stale
from termalign.errors import TermbaseError

# 'talg' in the SQLite header tells our files apart from any other SQLite database.
APPLICATION_ID = 0x74616C67
VERSION_KINDS = ("mine", "import", "approve", "admit", "deprecate", "status", "drift", "edit", "merge", "split")
STATUS_ALIASES = {"approve": "preferred", "admit": "admitted", "deprecate": "deprecated"}
ACCEPTED_STATUSES = ("preferred", "admitted")
# What every version's counts hold (a mining run adds its own statistics).
COUNT_NAMES = ("concepts_added", "concepts_changed", "terms_added", "terms_changed", "terms_removed",
               "statuses_changed", "evidence_changed")

# How long a writer keeps trying while another process holds the write lock.
# SQLite's busy timeout waits inside one attempt; the retry loop covers the
# cases where SQLite gives up at once (e.g. a WAL snapshot that went stale).
BUSY_TIMEOUT_S = 30.0
WRITE_PATIENCE_S = 120.0

# A reader checks the pages of a termbase up to this size when it opens it (about 0.1 s); a larger
# one is checked by writers only, and readers report damaged pages when a query meets them.
CHECK_READERS_UP_TO = 32 * 1024 * 1024
# Files that passed the check in this process, by (device, inode, size, mtime): `serve` opens the
# termbase for every request, and checks it again only once it has changed.
_checked: set[tuple[int, int, int, int]] = set()

_CONCEPT_ID = re.compile(r"^[Cc](\d{1,12})$")

# Schema migrations, applied in order; PRAGMA user_version counts those applied.
# Never edit a step that has shipped: add a new one.
MIGRATIONS: list[tuple[str, ...]] = [
    # 1: the storage model.
    (
        """CREATE TABLE versions (
            number  INTEGER PRIMARY KEY,
            created TEXT NOT NULL,
            kind    TEXT NOT NULL,
            note    TEXT NOT NULL,
            counts  TEXT NOT NULL
        )""",
        # AUTOINCREMENT makes SQLite's own guarantee ours: a concept number is never reused.
        """CREATE TABLE concepts (
            num     INTEGER PRIMARY KEY AUTOINCREMENT,
            created INTEGER NOT NULL REFERENCES versions(number)
        )""",
        """CREATE TABLE concept_notes (
            concept    INTEGER NOT NULL REFERENCES concepts(num),
            valid_from INTEGER NOT NULL,
            valid_to   INTEGER,
            note       TEXT NOT NULL,
            PRIMARY KEY (concept, valid_from)
        )""",
        """CREATE TABLE terms (
            id      INTEGER PRIMARY KEY,
            concept INTEGER NOT NULL REFERENCES concepts(num),
            lang    TEXT NOT NULL,
            text    TEXT NOT NULL,
            key     TEXT NOT NULL,
            created INTEGER NOT NULL REFERENCES versions(number),
            UNIQUE (concept, lang, key)
        )""",
        """CREATE TABLE term_states (
            term       INTEGER NOT NULL REFERENCES terms(id),
            valid_from INTEGER NOT NULL,
            valid_to   INTEGER,
            status     TEXT NOT NULL,
            term_type  TEXT NOT NULL,
            frequency  INTEGER NOT NULL,
            documents  INTEGER NOT NULL,
            note       TEXT NOT NULL,
            PRIMARY KEY (term, valid_from)
        )""",
        """CREATE TABLE pair_states (
            concept     INTEGER NOT NULL REFERENCES concepts(num),
            zh_key      TEXT NOT NULL,
            en_key      TEXT NOT NULL,
            valid_from  INTEGER NOT NULL,
            valid_to    INTEGER,
            zh          TEXT NOT NULL,
            en          TEXT NOT NULL,
            frequency   INTEGER NOT NULL,
            documents   INTEGER NOT NULL,
            association REAL NOT NULL,
            consistency REAL NOT NULL,
            similarity  REAL,
            examples    TEXT NOT NULL,
            PRIMARY KEY (concept, zh_key, en_key, valid_from)
        )""",
    ),
    # 2: indexes for lookup (issue 7): exact match by key and the current rows.
    (
        "CREATE INDEX terms_by_key ON terms (key, lang)",
        "CREATE INDEX term_states_current ON term_states (term) WHERE valid_to IS NULL",
        "CREATE INDEX pair_states_current ON pair_states (concept) WHERE valid_to IS NULL",
    ),
    # 3: who made each version: terminologists are accountable for approvals.
    (
        "ALTER TABLE versions ADD COLUMN author TEXT NOT NULL DEFAULT ''",
    ),
    # 4: what a mined pair is (term or UN phraseology) and how well it is attested (issue 19).
    (
        "ALTER TABLE pair_states ADD COLUMN kind TEXT NOT NULL DEFAULT 'term'",
        "ALTER TABLE pair_states ADD COLUMN tier TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE pair_states ADD COLUMN reason TEXT NOT NULL DEFAULT ''",
    ),
    # 5: what a termbase remembers between commands, e.g. the direction its users work in (issue 15).
    (
        "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ),
    # 6: search on the server (issue 16): PostgreSQL adds the pg_trgm extension and a trigram index on
    # the term keys (pgstore.SEARCH_STEPS); SQLite, searched through the client's key index, adds nothing.
    (),
    # 7: bounded substring search on the server: PostgreSQL adds a btree of the term keys by language and
    # length (pgstore.LENGTH_STEPS); SQLite adds nothing.
    (),
    # 8: fuzzy search by shared words on the server: PostgreSQL adds a GIN index of the words of the term
    # keys (pgstore.WORDS_STEPS); SQLite adds nothing.
    (),
]


class ConflictError(TermbaseError):
    """A concept changed after the reviewer read it: the change was not written."""


@dataclass
class Version:
    number: int
    created: str
    kind: str
    note: str
    counts: dict
    author: str = ""


@dataclass(slots=True)
class TermRow:
    """A light index row, for lookup without loading evidence."""

    concept_id: str
    lang: str
    text: str
    key: str
    status: str
    frequency: int


@dataclass
class TermChange:
    """A term that appeared, disappeared or changed status between two versions."""

    concept_id: str
    lang: str
    text: str
    old: str | None                 # status in the first version (None: absent)
    new: str | None                 # status in the second version (None: absent)


@dataclass
class EvidenceChange:
    concept_id: str
    zh: str
    en: str
    old: PairEvidence | None
    new: PairEvidence | None


@dataclass
class Diff:
    v1: int
    v2: int
    added_concepts: list[str] = field(default_factory=list)
    removed_concepts: list[str] = field(default_factory=list)
    added: list[TermChange] = field(default_factory=list)
    removed: list[TermChange] = field(default_factory=list)
    status_changed: list[TermChange] = field(default_factory=list)
    evidence_changed: list[EvidenceChange] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.status_changed or self.evidence_changed)

    def to_dict(self) -> dict:
        return asdict(self)


def default_user() -> str:
    """The login name of this process, the author of versions when no user is given."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) and no LOGNAME/USER variable
        return f"uid {os.getuid()}"


def concept_id(num: int) -> str:
    return f"C{num:06d}"


def parse_concept_id(text: str) -> int | None:
    """The number in 'C000042', or None when TEXT is not a concept id."""
    match = _CONCEPT_ID.match(text.strip())
    return int(match.group(1)) if match else None


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    message = str(exc).lower()
    return "locked" in message or "busy" in message


def _storage_error(exc: sqlite3.OperationalError, path: Path) -> TermbaseError | None:
    """The user's side of a failed write (a read-only file, a full disk), or None for our bugs."""
    message = str(exc).lower()
    if "readonly" in message or "read-only" in message:
        return _read_only_error(path)
    if "disk is full" in message or "disk i/o error" in message:
        return TermbaseError(f"could not write {path} ({exc}); check the disk has space and works, then run "
                         f"the command again (the termbase still holds its previous version)")
    return None


def _read_only_reason(path: Path) -> str | None:
    """Why this process cannot change the termbase file PATH, or None when it can.

    SQLite writes a journal (the -wal and -shm files) beside the termbase, so a
    writer needs the folder as well as the file."""
    folder = path.absolute().parent
    if not os.access(path, os.W_OK):
        return f"{path} is a read-only file"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{path} is in a read-only folder ({folder})"
    return None


def _read_only_error(path: Path) -> TermbaseError:
    reason = _read_only_reason(path) or f"{path} is read-only"
    return TermbaseError(f"cannot change the termbase: {reason}; ask for write access, or copy the termbase "
                         "to a folder you can write to (reading it works as it is)")


def _identity(path: Path) -> tuple[int, int, int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def _worth_checking(path: Path, writer: bool) -> bool:
    """Whether opening PATH checks its pages: always for a writer, for a reader up to
    CHECK_READERS_UP_TO; never again for the file as it was when it last passed."""
    try:
        return (writer or path.stat().st_size <= CHECK_READERS_UP_TO) and _identity(path) not in _checked
    except OSError:
        return True


def is_damage_error(exc: sqlite3.DatabaseError) -> bool:
    """True for SQLite's words for a file whose pages are damaged (not a lock, not a read-only file)."""
    name = getattr(exc, "sqlite_errorname", "")
    message = str(exc).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in message


def _damaged(path: Path | str, detail: str) -> TermbaseError:
    return TermbaseError(
        f"{path} is damaged ({detail}); nothing was written to it. Restore an earlier copy "
        f"from your backups; failing that, `termalign termbase salvage {path} NEW.db` saves the rows "
        "that are still readable into a new termbase")


def _damage_is_a_termbase_error(method: Callable) -> Callable:
    """Wrap a public Termbase method: damaged pages met while reading become a one-line TermbaseError."""

    @functools.wraps(method)
    def guarded(self: Termbase, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if not is_damage_error(exc):
                raise
            raise _damaged(self.location, str(exc)) from None

    return guarded


class _SqliteConnection(sqlite3.Connection):
    """An sqlite3 connection with the few calls whose SQL differs on PostgreSQL (see pgstore.PgConnection)."""

    def allocated_concepts(self) -> int:
        """The highest concept number ever handed out (AUTOINCREMENT's counter)."""
        return self.execute(
            "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'concepts'), 0)").fetchone()[0]

    def claim_concept(self, num: int) -> None:
        """Move the concept counter up to NUM (AUTOINCREMENT follows a number inserted explicitly by
        itself; a copied termbase also brings numbers that were handed out and never used)."""
        if num and not self.execute("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'concepts'",
                                    (num,)).rowcount:
            self.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('concepts', ?)", (num,))

    def resync_ids(self) -> None:
        """Nothing to do: SQLite numbers new rows after the highest one present."""

    def defer(self, sql: str, params: tuple | list = ()) -> None:
        """A statement whose result nobody reads: SQLite runs in-process, so it runs at once."""
        self.execute(sql, params)

    def allocated_term_ids(self) -> int:
        """The highest term id stored (SQLite numbers a new row after it)."""
        return self.execute("SELECT coalesce(max(id), 0) FROM terms").fetchone()[0]

    def copy_rows(self, table: str, columns: str, rows: list) -> None:
        """Append ROWS to TABLE (`termbase copy`)."""
        self.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join('?' * (columns.count(',') + 1))})",
                         rows)

    def without_search_indexes(self) -> list[str]:
        """Nothing to set aside: SQLite is searched through lookup's key index, not by its own indexes."""
        return []

    def run_ddl(self, statements: list[str]) -> None:
        for statement in statements:
            self.execute(statement)

    def analyze(self) -> None:
        """Nothing to do: SQLite's planner needs no statistics refreshed for these queries."""

    def write_problem(self, exc: BaseException) -> str | TermbaseError | None:
        return None


@dataclass
class _TermNow:
    """A term as it stands inside the transaction being written."""

    id: int
    concept: int
    lang: str
    key: str
    text: str
    since: int                      # valid_from of its current state row
    status: str
    term_type: str
    frequency: int
    documents: int
    note: str

    def state(self) -> tuple:
        return (self.status, self.term_type, self.frequency, self.documents, self.note)


_TERM_COLUMNS = ("t.id, t.concept, t.lang, t.key, t.text, s.valid_from, "
                 "s.status, s.term_type, s.frequency, s.documents, s.note")
_PAIR_COLUMNS = ("concept, zh, en, frequency, documents, association, consistency, "
                 "similarity, examples, kind, tier, reason")
# Where a row of f"{_PAIR_COLUMNS}, zh_key, en_key" holds its keys.
_ZH_KEY, _EN_KEY = len(_PAIR_COLUMNS.split(",")), len(_PAIR_COLUMNS.split(",")) + 1
# Every stored row, table by table in an order that satisfies the foreign keys (termbase copy, salvage).
TABLE_COLUMNS = {
    "versions": "number, created, kind, note, counts, author",
    "concepts": "num, created",
    "concept_notes": "concept, valid_from, valid_to, note",
    "terms": "id, concept, lang, text, key, created",
    "term_states": "term, valid_from, valid_to, status, term_type, frequency, documents, note",
    "pair_states": "concept, zh_key, en_key, valid_from, valid_to, zh, en, frequency, documents, "
                   "association, consistency, similarity, examples, kind, tier, reason",
    "settings": "name, value",
}
_COPY_ORDER = {"versions": "number", "concepts": "num", "concept_notes": "concept, valid_from", "terms": "id",
               "term_states": "term, valid_from", "pair_states": "concept, zh_key, en_key, valid_from", "settings": "name"}
_COPY_BATCH = 5000
# PostgreSQL: a version adding this many terms refreshes the planner's statistics (pgstore.analyze).
ANALYZE_AFTER = 5000


def _at(version: int, latest: int, alias: str) -> tuple[str, tuple]:
    """The SQL condition and parameters selecting rows valid at VERSION."""
    if version == latest:
        return f"{alias}.valid_to IS NULL", ()
    return f"{alias}.valid_from <= ? AND ({alias}.valid_to IS NULL OR {alias}.valid_to > ?)", (version, version)


def _in(column: str, values: Iterable) -> tuple[str, tuple]:
    listed = tuple(values)
    return f"{column} IN ({','.join('?' * len(listed))})", listed


def _term_states_at(version: int, latest: int, statuses: Iterable[str] | None,
                    *extra: tuple[str, Iterable]) -> tuple[str, list]:
    """WHERE condition for term states (alias s) valid at VERSION, of STATUSES, and meeting EXTRA."""
    sql, params = _at(version, latest, "s")
    conditions, values = [sql], [*params]
    if statuses is not None:
        extra = (_in("s.status", statuses), *extra)
    for condition, condition_params in extra:
        conditions.append(condition)
        values.extend(condition_params)
    return " AND ".join(conditions), values


def _pair_from_row(row: tuple) -> PairEvidence:
    return PairEvidence(zh=row[1], en=row[2], frequency=row[3], documents=row[4],
                        association=row[5], consistency=row[6], similarity=row[7],
                        examples=[Example(**e) for e in json.loads(row[8])],
                        kind=row[9], tier=row[10], reason=row[11])


def _evidence_tuple(pair: PairEvidence) -> tuple:
    # int()/float(): miners may count with numpy, whose integers SQLite cannot store.
    return (pair.zh, pair.en, int(pair.frequency), int(pair.documents), float(pair.association),
            float(pair.consistency), None if pair.similarity is None else float(pair.similarity),
            json.dumps([vars(e) for e in pair.examples], ensure_ascii=False), pair.kind, pair.tier, pair.reason)


class Termbase:
    """A termbase file. Open with `Termbase.open(path)`; use as a context manager."""

    def __init__(self, path: Path | None, conn: _SqliteConnection | pgstore.PgConnection, user: str):
        # The file of an SQLite termbase; None for one on a PostgreSQL server.
        self.path = path
        self._conn = conn
        # Recorded as the author of every version this handle writes.
        self.user = user

    @property
    def name(self) -> str:
        """How messages name this termbase: the file name, or the server URL without its password."""
        return self.path.name if self.path is not None else self._conn.name  # type: ignore[union-attr]

    @property
    def location(self) -> str:
        """The path of the file, or the server URL without its password."""
        return str(self.path) if self.path is not None else self._conn.name  # type: ignore[union-attr]

    @property
    def backend(self) -> str:
        return "sqlite" if self.path is not None else "postgresql"

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: str | os.PathLike, create: bool = False, user: str | None = None,
             write: bool = False) -> Termbase:
        """Open the termbase at PATH (made empty first when missing and CREATE), upgrading an older schema.

        PATH is an SQLite file, or a postgresql://user@host:port/dbname URL of a database on a server.
        USER is recorded as the author of the versions written through this handle (default: the login
        name of the process; on PostgreSQL the database role). WRITE (implied by CREATE) says the caller
        will change the termbase: a file this process may not change is then refused at once, rather
        than after the work. A read-only file (or one in a read-only folder) opens read-only, for
        lookups, versions and exports; any write through it is refused with the same message."""
        if pgstore.is_url(path):
            return cls._open_postgresql(str(path), create, user)
        if is_server_url(path):
            raise TermbaseError(f"{pgstore.display_url(str(path))} is the address of a workbench, which shares "
                                "its termbase for lookups only (`termalign lookup -t ADDRESS`); give this command "
                                "the termbase file or postgresql:// URL the workbench was started with")
        path = Path(path)
        if path.is_dir():
            raise TermbaseError(f"{path} is a folder, not a termbase file; give the path of a .db file")
        if not path.exists():
            if not create:
                raise TermbaseError(f"termbase {path} not found; check the path, or create one by mining "
                                    "or importing into it")
            cls._create(path)
        else:
            # What a creation killed half-way left beside the file (see _create).
            remove_stale(path.parent, path.name, ".new")
        read_only = _read_only_reason(path) is not None
        if read_only and (create or write):
            raise _read_only_error(path)
        conn = cls._connect(path, read_only)
        try:
            cls._prepare(conn, path, create, check=_worth_checking(path, writer=create or write))
        except BaseException:
            conn.close()
            raise
        return cls(path, conn, user or default_user())

    @staticmethod
    def _connect(path: Path, read_only: bool) -> _SqliteConnection:
        if not read_only:
            return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, factory=_SqliteConnection)
        uri = f"file:{urllib.parse.quote(str(path.absolute()))}?mode=ro"
        folder = path.absolute().parent
        if not os.access(folder, os.W_OK | os.X_OK) and not Path(f"{path}-wal").exists():
            # SQLite cannot make the -shm file a WAL reader needs in a read-only folder. With no -wal
            # file there is no journal to read and (the folder being read-only to us) we cannot start
            # one, so the file holds every committed version: tell SQLite it will not change.
            uri += "&immutable=1"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               factory=_SqliteConnection)

    @classmethod
    def _open_postgresql(cls, url: str, create: bool, user: str | None) -> Termbase:
        conn = pgstore.PgConnection(url)
        try:
            schema = conn.schema_version()
            if schema is None:
                if not create:
                    raise TermbaseError(f"{conn.name} holds no termbase; create one by mining or importing into it")
            elif schema > len(MIGRATIONS):
                raise TermbaseError(f"{conn.name} was written by a newer termalign (termbase schema {schema}, this "
                                    f"version reads up to {len(MIGRATIONS)}); upgrade termalign to open it")
            if schema is None or schema < len(MIGRATIONS):
                conn.migrate(MIGRATIONS)
        except BaseException:
            conn.close()
            raise
        return cls(None, conn, user or conn.role)

    @classmethod
    def _create(cls, path: Path) -> None:
        """Make an empty termbase at PATH so that no other process ever sees it half made.

        The schema is written to a temporary file beside PATH, which is then hard-linked
        into place: linking fails when PATH exists, so a creator that loses a race
        simply uses the termbase of the one that won.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A creator killed half-way leaves its temporary file (and SQLite's -wal and -shm beside it).
            remove_stale(path.parent, path.name, ".new")
            import tempfile     # here: only a new file needs it, and a lookup starts sooner without it

            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
        except OSError as exc:
            raise TermbaseError(f"cannot create termbase {path}: {exc.strerror or exc}; "
                            "choose a folder you can write to") from None
        try:
            # Held until this creator is done: while it is, nobody takes the file for a leftover.
            fcntl.flock(fd, fcntl.LOCK_EX)
            # mkstemp makes the file private; a termbase gets the permissions of any new file.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            conn = sqlite3.connect(tmp, isolation_level=None)
            try:
                cls._prepare(conn, Path(tmp), create=True)
            finally:
                # Closing the only connection folds the write-ahead log into the file.
                conn.close()
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            os.close(fd)

    @staticmethod
    def _prepare(conn: sqlite3.Connection, path: Path, create: bool, check: bool = False) -> None:
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
            blank = app_id == 0 and schema == 0 and conn.execute(
                "SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
        except sqlite3.DatabaseError as exc:
            if is_damage_error(exc) and "not a database" not in str(exc):
                raise _damaged(path, str(exc)) from None
            if isinstance(exc, sqlite3.OperationalError):   # e.g. unable to open database file
                raise TermbaseError(f"cannot open termbase {path} ({exc}); check the permissions of the "
                                    "file and its folder") from None
            raise TermbaseError(f"{path} is not a termbase (not an SQLite file); "
                            f"give the path of a termbase made by termalign") from None
        if blank and not create:
            raise TermbaseError(f"{path} is an empty file, not a termbase; remove it, or give the path "
                            f"of a termbase made by termalign")
        if not blank and app_id != APPLICATION_ID:
            raise TermbaseError(f"{path} is an SQLite file but not a termalign termbase; "
                            f"give the path of a termbase made by termalign")
        if schema > len(MIGRATIONS):
            raise TermbaseError(f"{path} was written by a newer termalign (termbase schema {schema}, this "
                            f"version reads up to {len(MIGRATIONS)}); upgrade termalign to open it")
        if check and not blank:
            Termbase._check_pages(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
        # FULL: a committed version survives a power cut too, at one fsync per version.
        conn.execute("PRAGMA synchronous = FULL")
        # A large import passes through the write-ahead log; do not keep that much disk afterwards.
        conn.execute("PRAGMA journal_size_limit = 16777216")
        if blank:
            conn.execute("PRAGMA journal_mode = WAL")
        if schema < len(MIGRATIONS):
            try:
                Termbase._migrate(conn)
            except sqlite3.OperationalError as exc:
                raise _storage_error(exc, path) or exc

    @staticmethod
    def _check_pages(conn: sqlite3.Connection, path: Path) -> None:
        """Refuse a file whose pages are damaged (a disk fault, a copy cut short) before anything
        reads wrong rows from it or writes a version on top of it. quick_check reads every page
        once (for a termbase of 100 MB, well under a second) but skips the slower index checks."""
        try:
            problems = [row[0] for row in conn.execute("PRAGMA quick_check(3)")]
        except sqlite3.DatabaseError as exc:
            if is_damage_error(exc):
                raise _damaged(path, str(exc)) from None
            raise
        if problems != ["ok"]:
            detail = " ".join(" ".join(problems).split())
            raise _damaged(path, f"SQLite's check found: {detail[:160]}")
        _checked.add(_identity(path))

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        with _writing(conn):
            # Read again under the write lock: another process may have migrated meanwhile.
            schema = conn.execute("PRAGMA user_version").fetchone()[0]
            for steps in MIGRATIONS[schema:]:
                for statement in steps:
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Termbase:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def schema_version(self) -> int:
        if isinstance(self._conn, pgstore.PgConnection):
            return self._conn.schema_version() or 0
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # ------------------------------------------------------------------ reading

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[int]:
        """A read transaction, so that several queries see one version; yields the latest number."""
        self._conn.execute("BEGIN")
        try:
            yield self._latest()
        finally:
            self._conn.execute("COMMIT")

    def _latest(self) -> int:
        return self._conn.execute("SELECT coalesce(max(number), 0) FROM versions").fetchone()[0]

    def _resolve(self, version: int | None, latest: int) -> int:
        if version is None:
            return latest
        if not 0 <= version <= latest:
            raise TermbaseError(f"version {version} does not exist in {self.name} (versions are 1–{latest})")
        return version

    def latest_version(self) -> int:
        """The number of the newest version; 0 for an empty termbase."""
        return self._latest()

    def setting(self, name: str) -> str | None:
        """A value the termbase remembers (see `set_setting`), or None."""
        row = self._conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def set_setting(self, name: str, value: str) -> None:
        """Remember VALUE under NAME (e.g. "src_lang": the CAT project's source language). Settings are
        preferences, not content: they make no version and are not part of any version's history."""
        conn = self._conn
        try:
            with _writing(conn):
                conn.execute("DELETE FROM settings WHERE name = ?", (name,))
                conn.execute("INSERT INTO settings (name, value) VALUES (?, ?)", (name, value))
        except sqlite3.OperationalError as exc:
            raise _storage_error(exc, self.path or Path()) or TermbaseError(
                f"could not write to {self.location} ({exc}); try again when other writers have finished") from None

    def versions(self) -> list[Version]:
        rows = self._conn.execute("SELECT number, created, kind, note, counts, author FROM versions ORDER BY number")
        return [Version(n, created, kind, note, json.loads(counts), author)
                for n, created, kind, note, counts, author in rows]

    def concepts(self, version: int | None = None, statuses: Iterable[str] | None = None) -> list[Concept]:
        """Every concept as it stood at VERSION (None: the latest), by id, with its terms and evidence.

        With STATUSES only terms of those statuses are kept, with the pairs whose two
        terms are both kept; concepts left without terms are omitted.
        """
        with self._snapshot() as latest:
            return self._load_concepts(self._resolve(version, latest), latest, statuses)

    def concept(self, concept_id: str, version: int | None = None) -> Concept:
        """One concept as it stood at VERSION; UserError when it did not exist then."""
        num = parse_concept_id(concept_id)
        with self._snapshot() as latest:
            found = self._load_concepts(self._resolve(version, latest), latest, None, [num]) if num else []
        if not found:
            at = "" if version is None else f" at version {version}"
            raise TermbaseError(f"no concept {concept_id}{at} in {self.name}; find its id by looking up one of its terms")
        return found[0]

    def concepts_with_ids(self, ids: Iterable[str], version: int | None = None) -> list[Concept]:
        """The concepts of IDS (those that existed) as they stood at VERSION, in one read (one round
        trip per table on a server, where a lookup showing ten hits would otherwise make ten)."""
        nums = [num for num in map(parse_concept_id, ids) if num is not None]
        if not nums:
            return []
        with self._snapshot() as latest:
            return self._load_concepts(self._resolve(version, latest), latest, None, nums)

    def concept_version(self, concept_id: str) -> int:
        """The latest version that changed the concept (its terms, statuses, evidence or note); 0 if none did.

        A reviewer's page remembers it; a write given it back as EXPECT refuses to
        overwrite a decision taken since (see ConflictError)."""
        num = parse_concept_id(concept_id)
        if num is None:
            raise TermbaseError(f"{concept_id!r} is not a concept id (expected e.g. C000042)")
        return _concept_version(self._conn, num)

    def term_rows(self, version: int | None = None, statuses: Iterable[str] | None = None) -> list[TermRow]:
        """Every term at VERSION as a light row (no evidence), in the order the terms were added."""
        with self._snapshot() as latest:
            return self._term_rows(self._resolve(version, latest), latest, statuses, "", ())

    def find(self, text: str, lang: str, version: int | None = None) -> list[TermRow]:
        """The terms of language LANG whose key equals TEXT's key at VERSION: one per concept that has it."""
        key = term_key(text, lang)
        with self._snapshot() as latest:
            return self._term_rows(self._resolve(version, latest), latest, None,
                                   "t.key = ? AND t.lang = ?", (key, lang))

    def server_search(self, lang: str) -> bool:
        """Whether `search_terms` can find LANG's terms with the server's indexes (PostgreSQL with pg_trgm)."""
        return isinstance(self._conn, pgstore.PgConnection) and self._conn.trigram_search(lang)

    def search_terms(self, mode: str, key: str, lang: str, version: int | None = None,
                     statuses: Iterable[str] | None = None, limit: int = 10,
                     similarity: float = pgstore.TRIGRAM_THRESHOLD) -> list[tuple[int, str, int, int]]:
        """The terms of LANG at VERSION that match KEY, found by the server's indexes, as
        (concept number, key, frequency, term id) in the order lookup ranks them (see `glossary.lookup`).

        MODE exact: the terms whose key is KEY, most frequent first. substring: the terms whose key
        contains KEY, shortest first, then most frequent, enough rows to name LIMIT concepts. fuzzy: the
        candidates of a fuzzy search, unranked (lookup scores them as on the client), the keys of similar
        trigrams, SIMILARITY the trigram similarity they need. words: the same, the keys holding all the
        words of a KEY of several words but one (`normalize.variant_words`), found in the index of words.
        Both of a length an Indel similarity of 60 allows. Ties go to the older term, as in the client's
        index."""
        if not isinstance(self._conn, pgstore.PgConnection):
            raise TermbaseError(f"{self.name} is searched through lookup's key index, not by a server")
        with self._snapshot() as latest:
            version = self._resolve(version, latest)
            select = "SELECT t.concept, t.key, s.frequency, s.term FROM term_states s JOIN {terms} t ON t.id = s.term"
            columns = select.format(terms="terms")
            if mode == "exact":
                condition, values = _term_states_at(version, latest, statuses, ("t.lang = ? AND t.key = ?", (lang, key)))
                return self._conn.search(f"{columns} WHERE {condition} ORDER BY s.frequency DESC, s.term", values)
            if mode == "substring":
                pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                found: tuple[str, tuple]
                if len(key) <= pgstore.SHORT_QUERY:
                    # No trigram in the query: the index of each key's characters and pairs finds it.
                    found = ("t.lang = ? AND termalign_short_grams(t.key) @> ARRAY[?::text] AND t.key LIKE ? ESCAPE '\\'",
                             (lang, key, pattern))
                else:
                    found = ("t.lang = ? AND t.key LIKE ? ESCAPE '\\'", (lang, pattern))
                condition, values = _term_states_at(version, latest, statuses, found)
                take = max(limit, 1) * 4
                probe = True            # once the shortest keys cannot answer, neither can they for more rows
                while True:
                    rows = self._shortest_containing(key, lang, pattern, version, latest, statuses, take) \
                        if probe else None
                    probe = rows is not None
                    if rows is None:
                        rows = self._conn.search(
                            f"{columns} WHERE {condition} ORDER BY length(t.key), s.frequency DESC, s.term LIMIT ?",
                            (*values, take))
                    if len(rows) < take or len({row[0] for row in rows}) >= limit:
                        return rows
                    take *= 4
            if mode in ("fuzzy", "words"):
                # Indel similarity of at least 60 needs the shorter key to be at least 3/7 of the longer.
                shortest, longest = (3 * len(key) + 6) // 7, (7 * len(key)) // 3
                condition, values = _term_states_at(
                    version, latest, statuses,
                    ("t.lang = ? AND length(t.key) BETWEEN ? AND ?", (lang, shortest, longest)))
                if mode == "words":
                    # One intersection of posting lists per word left out.
                    words = variant_words(key)
                    if not words:
                        return []
                    close = "SELECT id, concept, lang, key FROM terms WHERE " + \
                        " OR ".join([f"{pgstore.KEY_WORDS} @> ?::text[]"] * len(words))
                    close_values: list = [[w for w in words if w != left] for left in words]
                else:
                    self._conn.set_similarity_threshold(similarity)
                    close, close_values = "SELECT id, concept, lang, key FROM terms WHERE key % ?", [key]
                # The candidates first, in a fence the planner cannot see through: it estimates any `%`
                # condition at ~100 rows, and for a long query it then preferred walking the length btree
                # over the window's 200,000 keys, testing each (1.8 s at 500,000 concepts, against 0.1 s).
                # The most similar by trigrams, when a key has more candidates than that.
                return self._conn.search(
                    f"WITH close_keys AS MATERIALIZED ({close}) {select.format(terms='close_keys')} "
                    f"WHERE {condition} ORDER BY similarity(t.key, ?) DESC, s.term LIMIT ?",
                    (*close_values, *values, key, pgstore.FUZZY_CANDIDATES))
            raise ValueError(f"unknown search mode {mode!r}")

    def _shortest_containing(self, key: str, lang: str, pattern: str, version: int, latest: int,
                             statuses: Iterable[str] | None, take: int) -> list[tuple] | None:
        """The first TAKE substring hits in rank order when the PROBE_KEYS shortest keys of LANG hold
        them all, else None (the trigram index must answer).

        Sure, not a guess: the probe reads every key shorter than the last key it reads (EDGE), so when
        it finds TAKE hits all shorter than EDGE, no key outside it can rank before them."""
        conn = self._conn
        assert isinstance(conn, pgstore.PgConnection)       # search_terms checked it
        condition, values = _term_states_at(version, latest, statuses, ("t.key LIKE ? ESCAPE '\\'", (pattern,)))
        rows = conn.search(
            "SELECT t.concept, t.key, s.frequency, s.term, length(t.key), "
            "(SELECT length(key) FROM terms WHERE lang = ? ORDER BY length(key), id OFFSET ? LIMIT 1) "
            "FROM (SELECT id, key, concept FROM terms WHERE lang = ? ORDER BY length(key), id LIMIT ?) t "
            f"JOIN term_states s ON s.term = t.id WHERE {condition} "
            "ORDER BY length(t.key), s.frequency DESC, s.term LIMIT ?",
            (lang, pgstore.PROBE_KEYS - 1, lang, pgstore.PROBE_KEYS, *values, take))
        edge = rows[0][5] if rows else 0
        if rows and (edge is None or (len(rows) == take and rows[-1][4] < edge)):
            return [tuple(row[:4]) for row in rows]
        return None

    def accepted_terms(self, lang: str) -> list[str]:
        """The preferred and admitted terms of LANG at the latest version (e.g. a jieba user dictionary)."""
        status_sql, params = _in("s.status", ACCEPTED_STATUSES)
        rows = self._conn.execute(
            f"SELECT DISTINCT t.text FROM term_states s JOIN terms t ON t.id = s.term "
            f"WHERE s.valid_to IS NULL AND t.lang = ? AND {status_sql} ORDER BY t.text", (lang, *params))
        return [text for (text,) in rows]

    def _term_rows(self, version: int, latest: int, statuses: Iterable[str] | None,
                   where: str, params: tuple) -> list[TermRow]:
        condition, values = _term_states_at(version, latest, statuses, *([(where, params)] if where else []))
        rows = self._conn.execute(
            f"SELECT t.concept, t.lang, t.text, t.key, s.status, s.frequency "
            f"FROM term_states s JOIN terms t ON t.id = s.term WHERE {condition} "
            f"ORDER BY s.term", values)
        return [TermRow(concept_id(num), lang, text, key, status, frequency)
                for num, lang, text, key, status, frequency in rows]

    def _load_concepts(self, version: int, latest: int, statuses: Iterable[str] | None,
                       nums: list[int] | None = None) -> list[Concept]:
        condition, values = _term_states_at(version, latest, statuses,
                                            *([_in("t.concept", nums)] if nums is not None else []))
        concepts: dict[int, Concept] = {}
        keys: dict[int, set[tuple[str, str]]] = {}
        for num, lang, text, key, status, term_type, frequency, documents, note, created in self._conn.execute(
                f"SELECT t.concept, t.lang, t.text, t.key, s.status, s.term_type, s.frequency, s.documents, "
                f"s.note, t.created FROM term_states s JOIN terms t ON t.id = s.term "
                f"WHERE {condition} ORDER BY t.concept, t.id", values):
            concept = concepts.get(num)
            if concept is None:
                concept = concepts[num] = Concept(id=concept_id(num))
                keys[num] = set()
            concept.terms.append(Term(lang=lang, text=text, status=status, term_type=term_type,
                                      frequency=frequency, documents=documents, note=note, valid_from=created))
            keys[num].add((lang, key))

        def rows_at(table: str, columns: str, order: str):
            sql, params = _at(version, latest, "x")
            where = f"WHERE {sql}"
            if nums is not None:
                num_sql, num_params = _in("x.concept", nums)
                where += f" AND {num_sql}"
                params += num_params
            return self._conn.execute(f"SELECT {columns} FROM {table} x {where} ORDER BY {order}", params)

        # Pairs in the order they first appeared, then by key: the same on every backend and after a copy.
        for row in rows_at("pair_states", _PAIR_COLUMNS + ", zh_key, en_key",
                           "x.concept, (SELECT min(p.valid_from) FROM pair_states p WHERE p.concept = x.concept "
                           "AND p.zh_key = x.zh_key AND p.en_key = x.en_key), x.zh_key, x.en_key"):
            num, zh_key, en_key = row[0], row[_ZH_KEY], row[_EN_KEY]
            # A pair is shown only with both of its terms (a status filter may have dropped one).
            if num in concepts and ("zh", zh_key) in keys[num] and ("en", en_key) in keys[num]:
                concepts[num].pairs.append(_pair_from_row(row))
        for num, note in rows_at("concept_notes", "concept, note", "x.concept"):
            if num in concepts:
                concepts[num].note = note
        return list(concepts.values())

    def diff(self, v1: int, v2: int) -> Diff:
        """What changed from version V1 to V2 (either may be the older one; 0 is the empty termbase)."""
        with self._snapshot() as latest:
            v1, v2 = self._resolve(v1, latest), self._resolve(v2, latest)
            # Only rows that began or ended between the two versions can differ.
            lo, hi = sorted((v1, v2))
            touched = "(valid_from > ? AND valid_from <= ?) OR (valid_to > ? AND valid_to <= ?)"
            touched_params = (lo, hi, lo, hi)
            terms_where = f"s.term IN (SELECT term FROM term_states WHERE {touched})"
            pairs_where = (f"(x.concept, x.zh_key, x.en_key) IN "
                           f"(SELECT concept, zh_key, en_key FROM pair_states WHERE {touched})")
            old_terms, new_terms = (self._term_states_at(v, latest, terms_where, touched_params) for v in (v1, v2))
            old_pairs, new_pairs = (self._pairs_at(v, latest, pairs_where, touched_params) for v in (v1, v2))
            # A concept is new when none of its terms existed before (and gone when none remain).
            touched_concepts = f"t.concept IN (SELECT t.concept FROM term_states s JOIN terms t " \
                               f"ON t.id = s.term WHERE {terms_where})"
            old_concepts, new_concepts = (self._concepts_at(v, latest, touched_concepts, touched_params)
                                          for v in (v1, v2))
        result = Diff(v1, v2)
        for term_id in sorted(new_terms.keys() | old_terms.keys()):
            old, new = old_terms.get(term_id), new_terms.get(term_id)
            num, lang, text = (new or old or ())[:3]
            change = TermChange(concept_id(num), lang, text, old[3] if old else None, new[3] if new else None)
            if old is None:
                result.added.append(change)
            elif new is None:
                result.removed.append(change)
            elif old[3] != new[3]:
                result.status_changed.append(change)
        result.added_concepts = [concept_id(n) for n in sorted(new_concepts - old_concepts)]
        result.removed_concepts = [concept_id(n) for n in sorted(old_concepts - new_concepts)]
        for key in sorted(old_pairs.keys() | new_pairs.keys()):
            old, new = old_pairs.get(key), new_pairs.get(key)
            if old is None or new is None or old[1:12] != new[1:12]:
                row = new or old or ()
                result.evidence_changed.append(EvidenceChange(
                    concept_id(key[0]), row[1], row[2],
                    _pair_from_row(old) if old else None, _pair_from_row(new) if new else None))
        return result

    def _term_states_at(self, version: int, latest: int, where: str, params: tuple) -> dict[int, tuple]:
        sql, at_params = _at(version, latest, "s")
        rows = self._conn.execute(f"SELECT t.id, t.concept, t.lang, t.text, s.status FROM term_states s "
                                  f"JOIN terms t ON t.id = s.term WHERE {sql} AND {where}", at_params + params)
        return {term_id: (num, lang, text, status) for term_id, num, lang, text, status in rows}

    def _concepts_at(self, version: int, latest: int, where: str, params: tuple) -> set[int]:
        sql, at_params = _at(version, latest, "s")
        rows = self._conn.execute(f"SELECT DISTINCT t.concept FROM term_states s JOIN terms t ON t.id = s.term "
                                  f"WHERE {sql} AND {where}", at_params + params)
        return {num for (num,) in rows}

    def _pairs_at(self, version: int, latest: int, where: str, params: tuple) -> dict[tuple, tuple]:
        sql, at_params = _at(version, latest, "x")
        rows = self._conn.execute(f"SELECT {_PAIR_COLUMNS}, zh_key, en_key FROM pair_states x "
                                  f"WHERE {sql} AND {where}", at_params + params)
        return {(row[0], row[_ZH_KEY], row[_EN_KEY]): row for row in rows}

    # ------------------------------------------------------------------ writing

    def commit_mining(self, concepts: list[Concept], note: str = "", stats: dict | None = None) -> Version:
        """Merge mined concepts in as one new version: new terms come in as candidates, known terms get
        the new counts and evidence, and no status is ever changed. STATS joins the version's counts."""
        _validate_concepts(concepts, "mined concept")
        return self._write("mine", note, lambda writer: writer.merge(concepts, mining=True), stats)

    def commit_import(self, concepts: list[Concept], note: str = "") -> Version:
        """Merge glossary concepts in as one new version, with the statuses their terms carry; all or nothing."""
        _validate_concepts(concepts, "imported concept")
        return self._write("import", note, lambda writer: writer.merge(concepts, mining=False))

    def set_status(self, target: str, status: str, note: str = "", kind: str = "status",
                   expect: dict[str, int] | None = None) -> Version:
        """Give STATUS ("approve", "admit" and "deprecate" name theirs) to all terms of a concept id, or to one
        term found by key in either language, in one new version. UserError when TARGET is unknown or ambiguous.

        EXPECT maps concept ids to the `concept_version` the caller saw: when one of them has changed
        since, nothing is written and ConflictError says who changed it."""
        status = _checked_status(STATUS_ALIASES.get(status, status))
        return self._write(kind, note, lambda writer: writer.checked(expect).set_status(target, status))

    def edit_term(self, concept: str, lang: str, old: str, new: str, note: str = "",
                  expect: dict[str, int] | None = None) -> Version:
        """Correct the text of term OLD (LANG) of CONCEPT to NEW, in one new version.

        The old form leaves the concept and the new one takes its status, type, counts,
        note and evidence pairs, so earlier versions still show the old form."""
        num = _checked_concept(concept)
        lang, new = _checked_lang(lang), _checked_text(new).strip()
        if lang == "en" and script_lang(new) == "zh":
            raise TermbaseError(f"the English term {new!r} is written in Chinese characters")
        return self._write("edit", note, lambda writer: writer.checked(expect).edit_term(num, lang, old, new))

    def merge_concepts(self, source: str, target: str, note: str = "",
                       expect: dict[str, int] | None = None) -> Version:
        """Move every term and evidence pair of concept SOURCE into concept TARGET, in one new version.

        SOURCE is left without terms (its id is never given to another concept). A term
        both concepts have stays TARGET's, taking SOURCE's status only where TARGET's
        was still an unreviewed candidate."""
        nums = _checked_concept(source), _checked_concept(target)
        if nums[0] == nums[1]:
            raise TermbaseError(f"cannot merge {concept_id(nums[0])} into itself; give two different concepts")
        return self._write("merge", note, lambda writer: writer.checked(expect).merge_concepts(*nums))

    def split_term(self, concept: str, lang: str, text: str, note: str = "",
                   expect: dict[str, int] | None = None) -> tuple[Version, str]:
        """Move term TEXT (LANG) of CONCEPT into a new concept of its own, in one new version.

        Its evidence pairs go with it, and so does (as a copy) the other-language term
        of each pair: a variant split off keeps its translation. Returns the version
        and the new concept's id."""
        num, lang = _checked_concept(concept), _checked_lang(lang)
        made: list[int] = []

        def apply(writer: _Writer) -> dict[str, int]:
            made.append(writer.checked(expect).split_term(num, lang, text))
            return writer.finish()

        version = self._write("split", note, apply)
        return version, concept_id(made[0])

    def apply_status_changes(self, changes: list[tuple[str, str, str, str]], note: str = "",
                             kind: str = "drift", expect: dict[str, int] | None = None) -> Version:
        """Apply (concept id, lang, term, status) changes in one new version; a term the concept lacks is added.
        EXPECT: as for `set_status`."""
        checked = []
        for concept, lang, text, status in changes:
            num = parse_concept_id(concept)
            if num is None:
                raise TermbaseError(f"{concept!r} is not a concept id (expected e.g. C000042)")
            checked.append((num, _checked_lang(lang), _checked_text(text), _checked_status(status)))
        return self._write(kind, note, lambda writer: writer.checked(expect).apply_status_changes(checked))

    def _write(self, kind: str, note: str, apply: Callable[[_Writer], dict[str, int]],
               stats: dict | None = None) -> Version:
        """Run APPLY as one new version in one transaction, waiting for other writers."""
        if kind not in VERSION_KINDS:
            raise ValueError(f"unknown version kind {kind!r}")
        note = clean_text(note)     # a note is shown on terminals: no ESC sequences (issue 13)
        deadline = time.monotonic() + WRITE_PATIENCE_S
        while True:
            try:
                return self._write_once(kind, note, apply, stats)
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):
                    raise _storage_error(exc, self.path or Path()) or exc
            except TermbaseError:
                raise
            except Exception as exc:
                problem = self._conn.write_problem(exc)
                if isinstance(problem, TermbaseError):
                    raise problem from None
                if problem != "retry":
                    raise
            if time.monotonic() > deadline:
                raise TermbaseError(f"{self.location} stayed locked by another process for over "
                                    f"{WRITE_PATIENCE_S:.0f} s; try again when it has finished") from None
            time.sleep(random.uniform(0.02, 0.2))

    def _write_once(self, kind: str, note: str, apply: Callable[[_Writer], dict[str, int]],
                    stats: dict | None) -> Version:
        conn = self._conn
        with _writing(conn):
            number = self._latest() + 1
            created = _now()
            conn.execute("INSERT INTO versions (number, created, kind, note, counts, author) "
                         "VALUES (?, ?, ?, ?, '{}', ?)", (number, created, kind, note, self.user))
            writer = _Writer(conn, number)
            counts = {**(stats or {}), **apply(writer)}
            writer.claim_numbers()
            if writer.counts["terms_added"] >= ANALYZE_AFTER:
                conn.analyze()
            self._record_counts(number, counts)
        return Version(number, created, kind, note, counts, self.user)

    def copy_to(self, target: Termbase) -> int:
        """Copy every row of this termbase, with its whole history, into the empty TARGET (either backend)
        in one transaction; the number of versions copied. Ids, numbers, dates and authors are kept."""
        with self._snapshot() as latest:
            target.load_rows(((table, columns, self._conn.execute(
                                  f"SELECT {columns} FROM {table} ORDER BY {_COPY_ORDER[table]}"))
                              for table, columns in TABLE_COLUMNS.items()),
                             self._conn.allocated_concepts())
        return latest

    def load_rows(self, tables: Iterable[tuple[str, str, Iterable[tuple]]], allocated_concepts: int) -> None:
        """Fill this empty termbase, in one transaction, with stored rows (`copy_to`, glossary.salvage):
        TABLES gives, in the order of TABLE_COLUMNS, a table's name, the columns the rows hold (those
        missing take their defaults) and the rows; ALLOCATED_CONCEPTS is the highest concept number
        ever handed out, which stays used."""
        if self.latest_version() != 0:
            raise TermbaseError(f"{self.location} already holds versions; give a new file or an empty database")
        conn = self._conn
        with _writing(conn):
            indexes = conn.without_search_indexes()     # built once at the end, not row by row
            for table, columns, rows in tables:
                rows = iter(rows)
                while batch := list(itertools.islice(rows, _COPY_BATCH)):
                    conn.copy_rows(table, columns, batch)
            conn.claim_concept(allocated_concepts)
            conn.resync_ids()
            conn.run_ddl(indexes)
            conn.analyze()

    def _record_counts(self, number: int, counts: dict) -> None:
        self._conn.execute("UPDATE versions SET counts = ? WHERE number = ?",
                           (json.dumps(counts, ensure_ascii=False), number))


# Damaged pages can be met by any query, long after open() checked the file: every public method
# reports them in one line (what the file is and how to recover it) instead of SQLite's exception.
for _name, _member in list(vars(Termbase).items()):
    if not _name.startswith("_") and inspect.isfunction(_member):
        setattr(Termbase, _name, _damage_is_a_termbase_error(_member))


@contextlib.contextmanager
def _writing(conn: sqlite3.Connection | _SqliteConnection | pgstore.PgConnection) -> Iterator[None]:
    """A writer's transaction on CONN, waiting for the write lock: committed when the block succeeds,
    else rolled back."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        # A connection that broke has no transaction left to roll back.
        with contextlib.suppress(Exception):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        raise


class _Writer:
    """The changes of one version, applied inside its open transaction."""

    def __init__(self, conn: _SqliteConnection | pgstore.PgConnection, version: int):
        self.conn = conn
        self.version = version
        self.counts: Counter = Counter()
        self.changed_concepts: set[int] = set()
        self.new_concepts: set[int] = set()
        # PostgreSQL: the writer numbers new concepts and terms itself (it holds the writers' lock), so
        # that their INSERTs can be queued and sent in batches instead of each waiting for RETURNING.
        self.batched: bool = getattr(conn, "batches_writes", False)
        self._last_concept: int | None = None
        self._last_term: int | None = None
        # Terms this version created, by (concept, lang, key): (id, text).
        self._made_terms: dict[tuple[int, str, str], tuple[int, str]] = {}
        # Current evidence pairs and notes of the concepts read in advance (and of new concepts):
        # {(zh_key, en_key): (valid_from, evidence)} and (valid_from, note) or None.
        self._pairs: dict[int, dict[tuple[str, str], tuple[int, tuple]]] = {}
        self._notes: dict[int, tuple[int, str] | None] = {}

    def claim_numbers(self) -> None:
        """Move the database's counters past the concept numbers and term ids this writer handed out."""
        if self._last_concept is not None:
            self.conn.claim_concept(self._last_concept)
        if self._last_term is not None:
            self.conn.resync_ids()

    def prefetch(self, nums: set[int]) -> None:
        """Read the current evidence pairs and notes of concepts NUMS in a few queries (batched writers
        only: a mining run would otherwise wait on the server once per pair)."""
        wanted = sorted(n for n in nums if n not in self._pairs)
        for start in range(0, len(wanted), _COPY_BATCH):
            chunk = wanted[start:start + _COPY_BATCH]
            for num in chunk:
                self._pairs[num], self._notes[num] = {}, None
            for row in self.conn.execute(
                    "SELECT concept, zh_key, en_key, valid_from, zh, en, frequency, documents, association, "
                    "consistency, similarity, examples, kind, tier, reason FROM pair_states "
                    "WHERE valid_to IS NULL AND concept = ANY(?)", (chunk,)):
                self._pairs[row[0]][row[1], row[2]] = (row[3], tuple(row[4:]))
            for num, since, note in self.conn.execute(
                    "SELECT concept, valid_from, note FROM concept_notes WHERE valid_to IS NULL AND concept = ANY(?)",
                    (chunk,)):
                self._notes[num] = (since, note)

    def finish(self) -> dict[str, int]:
        self.counts["concepts_added"] = len(self.new_concepts)
        self.counts["concepts_changed"] = len(self.changed_concepts - self.new_concepts)
        return {name: self.counts[name] for name in COUNT_NAMES}

    # --- the current state

    def current_terms(self, where: str = "", params: tuple = ()) -> list[_TermNow]:
        rows = self.conn.execute(
            f"SELECT {_TERM_COLUMNS} FROM term_states s JOIN terms t ON t.id = s.term "
            f"WHERE s.valid_to IS NULL {'AND ' + where if where else ''} ORDER BY t.id", params)
        return [_TermNow(*row) for row in rows]

    def current_pair(self, num: int, zh_key: str, en_key: str) -> tuple[int, tuple] | None:
        known = self._pairs.get(num)
        if known is not None:
            return known.get((zh_key, en_key))
        row = self.conn.execute(
            "SELECT valid_from, zh, en, frequency, documents, association, consistency, similarity, examples, "
            "kind, tier, reason FROM pair_states WHERE concept = ? AND zh_key = ? AND en_key = ? AND valid_to IS NULL",
            (num, zh_key, en_key)).fetchone()
        return (row[0], tuple(row[1:])) if row else None

    # --- primitive changes

    def new_concept(self, requested: int | None) -> int:
        """A new concept number: the requested one when it was never allocated, else the next."""
        if self.batched:
            if self._last_concept is None:
                self._last_concept = self.conn.allocated_concepts()
            num = requested if requested is not None and requested > self._last_concept else self._last_concept + 1
            self._last_concept = num
            self.conn.defer("INSERT INTO concepts (num, created) VALUES (?, ?)", (num, self.version))
        elif requested is not None and requested > self.conn.allocated_concepts():
            self.conn.execute("INSERT INTO concepts (num, created) VALUES (?, ?)", (requested, self.version))
            self.conn.claim_concept(requested)
            num = requested
        else:
            num = self.conn.execute("INSERT INTO concepts (created) VALUES (?) RETURNING num",
                                    (self.version,)).fetchone()[0]
        self.new_concepts.add(num)
        # A concept made by this version has no evidence or note but what this writer gives it.
        self._pairs[num], self._notes[num] = {}, None
        return num

    def add_term(self, num: int, term: Term, key: str, status: str) -> _TermNow:
        # A term the concept had before (moved out by an edit, merge or split) comes back as itself:
        # a concept holds one term per key.
        # A concept made by this version holds only the terms this writer gave it.
        row = self._made_terms.get((num, term.lang, key))
        if row is None and num not in self.new_concepts:
            row = self.conn.execute("SELECT id, text FROM terms WHERE concept = ? AND lang = ? AND key = ?",
                                    (num, term.lang, key)).fetchone()
        if row is None:
            text = term.text.strip()
            if self.batched:
                if self._last_term is None:
                    self._last_term = self.conn.allocated_term_ids()
                self._last_term = term_id = self._last_term + 1
                self.conn.defer("INSERT INTO terms (id, concept, lang, text, key, created) VALUES (?, ?, ?, ?, ?, ?)",
                                (term_id, num, term.lang, text, key, self.version))
            else:
                term_id = self.conn.execute(
                    "INSERT INTO terms (concept, lang, text, key, created) VALUES (?, ?, ?, ?, ?) RETURNING id",
                    (num, term.lang, text, key, self.version)).fetchone()[0]
            self._made_terms[num, term.lang, key] = (term_id, text)
        else:
            term_id, text = row
        now = _TermNow(term_id, num, term.lang, key, text, self.version, status,
                       term.term_type, int(term.frequency), int(term.documents), term.note)
        self.conn.defer(
            "INSERT INTO term_states (term, valid_from, status, term_type, frequency, documents, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (term_id, self.version, *now.state()))
        self.counts["terms_added"] += 1
        self.changed_concepts.add(num)
        return now

    def update_term(self, term: _TermNow, *, status: str | None = None, term_type: str | None = None,
                    frequency: int | None = None, documents: int | None = None, note: str | None = None) -> None:
        """Give TERM a new state from this version on; no row is written when nothing changes."""
        old_state, old_status = term.state(), term.status
        for name, value in (("status", status), ("term_type", term_type), ("frequency", frequency),
                            ("documents", documents), ("note", note)):
            if value is not None:
                setattr(term, name, value)
        if term.state() == old_state:
            return
        if term.since == self.version:
            # Touched twice within this version (and counted the first time): rewrite this version's row.
            self.conn.defer("UPDATE term_states SET status = ?, term_type = ?, frequency = ?, documents = ?, "
                              "note = ? WHERE term = ? AND valid_from = ?", (*term.state(), term.id, self.version))
            return
        self.conn.defer("UPDATE term_states SET valid_to = ? WHERE term = ? AND valid_to IS NULL",
                        (self.version, term.id))
        self.conn.defer(
            "INSERT INTO term_states (term, valid_from, status, term_type, frequency, documents, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)", (term.id, self.version, *term.state()))
        term.since = self.version
        self.counts["statuses_changed" if term.status != old_status else "terms_changed"] += 1
        self.changed_concepts.add(term.concept)

    def set_pair(self, num: int, pair: PairEvidence, zh_key: str, en_key: str) -> None:
        evidence = _evidence_tuple(pair)
        current = self.current_pair(num, zh_key, en_key)
        if current is not None and current[1] == evidence:
            return
        if current is not None and current[0] == self.version:
            # Given twice within this version (and counted the first time): replace this version's row.
            self.conn.defer("DELETE FROM pair_states WHERE concept = ? AND zh_key = ? AND en_key = ? "
                              "AND valid_from = ?", (num, zh_key, en_key, self.version))
        else:
            if current is not None:
                self.conn.defer("UPDATE pair_states SET valid_to = ? WHERE concept = ? AND zh_key = ? "
                                  "AND en_key = ? AND valid_to IS NULL", (self.version, num, zh_key, en_key))
            self.counts["evidence_changed"] += 1
            self.changed_concepts.add(num)
        self.conn.defer(
            "INSERT INTO pair_states (concept, zh_key, en_key, valid_from, zh, en, frequency, documents, "
            "association, consistency, similarity, examples, kind, tier, reason) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (num, zh_key, en_key, self.version, *evidence))
        if num in self._pairs:
            self._pairs[num][zh_key, en_key] = (self.version, evidence)

    def set_note(self, num: int, note: str) -> None:
        if num in self._notes:
            row = self._notes[num]
        else:
            row = self.conn.execute("SELECT valid_from, note FROM concept_notes WHERE concept = ? AND valid_to IS NULL",
                                    (num,)).fetchone()
        if (row[1] if row else "") == note:
            return
        if row and row[0] == self.version:
            self.conn.defer("DELETE FROM concept_notes WHERE concept = ? AND valid_from = ?", (num, self.version))
        elif row:
            self.conn.defer("UPDATE concept_notes SET valid_to = ? WHERE concept = ? AND valid_to IS NULL",
                            (self.version, num))
        self.conn.defer("INSERT INTO concept_notes (concept, valid_from, note) VALUES (?, ?, ?)",
                        (num, self.version, note))
        if num in self._notes:
            self._notes[num] = (self.version, note)
        self.changed_concepts.add(num)

    def end_term(self, term: _TermNow) -> None:
        """TERM leaves its concept from this version on (older versions keep it)."""
        if term.since == self.version:
            self.conn.defer("DELETE FROM term_states WHERE term = ? AND valid_from = ?", (term.id, self.version))
        else:
            self.conn.defer("UPDATE term_states SET valid_to = ? WHERE term = ? AND valid_to IS NULL",
                            (self.version, term.id))
        self.counts["terms_removed"] += 1
        self.changed_concepts.add(term.concept)

    def current_pairs(self, num: int) -> list[tuple[str, str, PairEvidence]]:
        """The concept's evidence pairs now, with their keys: (zh_key, en_key, evidence)."""
        rows = self.conn.execute(f"SELECT {_PAIR_COLUMNS}, zh_key, en_key FROM pair_states "
                                 f"WHERE concept = ? AND valid_to IS NULL ORDER BY zh_key, en_key", (num,))
        return [(row[_ZH_KEY], row[_EN_KEY], _pair_from_row(row)) for row in rows]

    def end_pair(self, num: int, zh_key: str, en_key: str) -> None:
        self.conn.defer("UPDATE pair_states SET valid_to = ? WHERE concept = ? AND zh_key = ? AND en_key = ? "
                        "AND valid_to IS NULL", (self.version, num, zh_key, en_key))
        if num in self._pairs:
            self._pairs[num].pop((zh_key, en_key), None)
        self.counts["evidence_changed"] += 1
        self.changed_concepts.add(num)

    def current_note(self, num: int) -> str:
        if num in self._notes:
            known = self._notes[num]
            return known[1] if known else ""
        row = self.conn.execute("SELECT note FROM concept_notes WHERE concept = ? AND valid_to IS NULL",
                                (num,)).fetchone()
        return row[0] if row else ""

    def concept_terms(self, num: int) -> list[_TermNow]:
        terms = self.current_terms("t.concept = ?", (num,))
        if not terms:
            raise TermbaseError(f"no concept {concept_id(num)} in this termbase (or it has no terms left); "
                            f"find its id with `termalign lookup`")
        return terms

    def checked(self, expect: dict[str, int] | None) -> _Writer:
        """Refuse to write when a concept of EXPECT changed after the version the caller saw."""
        for cid, seen in (expect or {}).items():
            num = _checked_concept(cid)
            changed = _concept_version(self.conn, num)
            if changed > seen:
                kind, author = self.conn.execute("SELECT kind, author FROM versions WHERE number = ?",
                                                 (changed,)).fetchone()
                who = f" by {author}" if author else ""
                raise ConflictError(f"{concept_id(num)} was changed{who} in version {changed} ({kind}) after "
                                    f"you read it at version {seen}; nothing was written: reload it and decide again")
        return self

    # --- the operations

    def merge(self, concepts: list[Concept], *, mining: bool) -> dict[str, int]:
        """Merge incoming concepts into existing ones that share terms with them (same lang, same key).

        Mining merges on any shared term: a new zh form of a known en term is a
        variant of that concept. An import merges only duplicates: an entry that
        shares a term in one language but has none of the concept's terms in the
        other (token/标记 against tag/标记) is another sense and becomes a concept of
        its own, so that polysemous words do not chain unrelated entries together.
        """
        by_key: dict[tuple[str, str], list[int]] = {}
        terms: dict[tuple[int, str, str], _TermNow] = {}
        held: dict[int, dict[str, set[str]]] = {}

        def remember(term: _TermNow) -> None:
            by_key.setdefault((term.lang, term.key), []).append(term.concept)
            terms[term.concept, term.lang, term.key] = term
            held.setdefault(term.concept, {}).setdefault(term.lang, set()).add(term.key)

        def duplicate(num: int, wanted: dict[str, set[str]]) -> bool:
            return all(not held[num].get(lang) or held[num][lang] & keys for lang, keys in wanted.items())

        for held_term in self.current_terms():
            remember(held_term)
        if self.batched:
            self.prefetch({num for incoming in concepts for key in _incoming_keys(incoming)
                           for num in by_key.get(key, ())})
        for incoming in concepts:
            keys = [(t.lang, term_key(t.text, t.lang)) for t in incoming.terms]
            requested = parse_concept_id(incoming.id) if incoming.id else None
            matches = Counter(num for key in set(keys) for num in by_key.get(key, ()))
            if not mining:
                wanted: dict[str, set[str]] = {}
                for lang, key in keys:
                    wanted.setdefault(lang, set()).add(key)
                # An entry that names its concept id (our own exports do) never merges into a concept
                # another entry of this same import made: a termbase holding IGF alone and
                # IGF/因特网治理论坛 as two concepts must come back from its export as two.
                fresh = self.new_concepts if requested is not None else set()
                matches = Counter({num: n for num, n in matches.items()
                                   if num not in fresh and duplicate(num, wanted)})
            if matches:
                # The concept sharing most terms; on a tie the one the file names, else the oldest.
                num = max(matches, key=lambda n: (matches[n], n == requested, -n))
            else:
                num = self.new_concept(requested)
            for term, (lang, key) in zip(incoming.terms, keys):
                existing = terms.get((num, lang, key))
                if existing is None:
                    remember(self.add_term(num, term, key, "candidate" if mining else term.status))
                elif mining:
                    # Mining refreshes the counts and never touches a status.
                    self.update_term(existing, frequency=int(term.frequency), documents=int(term.documents))
                elif term.status == "candidate" and existing.status in HUMAN_STATUSES:
                    # A glossary that calls a term a mere candidate does not undo a person's decision.
                    self.update_term(existing, term_type=term.term_type, note=term.note or None)
                else:
                    self.update_term(existing, status=term.status, term_type=term.term_type,
                                     note=term.note or None)
            for pair in incoming.pairs:
                pair_keys = term_key(pair.zh, "zh"), term_key(pair.en, "en")
                for lang, text, key in (("zh", pair.zh, pair_keys[0]), ("en", pair.en, pair_keys[1])):
                    if (num, lang, key) not in terms:
                        remember(self.add_term(num, Term(lang=lang, text=text), key, "candidate"))
                self.set_pair(num, pair, *pair_keys)
            if incoming.note:
                self.set_note(num, incoming.note)
        return self.finish()

    def set_status(self, target: str, status: str) -> dict[str, int]:
        num = parse_concept_id(target)
        if num is not None:
            targets = self.current_terms("t.concept = ?", (num,))
            if not targets:
                raise TermbaseError(f"no concept {target} in this termbase; find its id by looking up one of its terms")
        else:
            targets = [term for lang in LANGS
                       for term in self.current_terms("t.key = ? AND t.lang = ?", (term_key(target, lang), lang))]
            if not targets:
                raise TermbaseError(f"no term {target!r} in this termbase; check the spelling, "
                                    "or find it with a fuzzy lookup")
            owners = sorted({term.concept for term in targets})
            if len(owners) > 1:
                raise TermbaseError(f"{target!r} is a term of several concepts "
                                f"({', '.join(concept_id(n) for n in owners)}); give the concept id instead")
        for term in targets:
            self.update_term(term, status=status)
        return self.finish()

    def edit_term(self, num: int, lang: str, old: str, new: str) -> dict[str, int]:
        terms = self.concept_terms(num)
        old_key, new_key = term_key(old, lang), term_key(new, lang)
        found = next((t for t in terms if t.lang == lang and t.key == old_key), None)
        if found is None:
            raise TermbaseError(f"{concept_id(num)} has no {lang} term {old!r}; see `termalign termbase show`")
        if new_key == old_key:
            raise TermbaseError(f"{new!r} differs from {found.text!r} only in case, width or spacing, which the "
                            f"termbase does not tell apart; the term keeps its stored form")
        if any(t.lang == lang and t.key == new_key for t in terms):
            raise TermbaseError(f"{concept_id(num)} already has the {lang} term {new!r}; deprecate {found.text!r} instead")
        self.end_term(found)
        self.add_term(num, Term(lang=lang, text=new, term_type=found.term_type, frequency=found.frequency,
                                documents=found.documents, note=found.note), new_key, found.status)
        for zh_key, en_key, pair in self.current_pairs(num):
            if (zh_key if lang == "zh" else en_key) == old_key:
                self.end_pair(num, zh_key, en_key)
                setattr(pair, lang, new)
                keys = (new_key, en_key) if lang == "zh" else (zh_key, new_key)
                self.set_pair(num, pair, *keys)
        return self.finish()

    def merge_concepts(self, source: int, target: int) -> dict[str, int]:
        moving, staying = self.concept_terms(source), self.concept_terms(target)
        held = {(t.lang, t.key): t for t in staying}
        for term in moving:
            kept = held.get((term.lang, term.key))
            if kept is None:
                self.add_term(target, Term(lang=term.lang, text=term.text, term_type=term.term_type,
                                           frequency=term.frequency, documents=term.documents, note=term.note),
                              term.key, term.status)
            elif kept.status == "candidate" and term.status in HUMAN_STATUSES:
                self.update_term(kept, status=term.status)
            self.end_term(term)
        target_pairs = {(zh, en): pair for zh, en, pair in self.current_pairs(target)}
        for zh_key, en_key, pair in self.current_pairs(source):
            self.end_pair(source, zh_key, en_key)
            already = target_pairs.get((zh_key, en_key))
            if already is None or already.frequency < pair.frequency:
                self.set_pair(target, pair, zh_key, en_key)
        notes = [n for n in (self.current_note(target), self.current_note(source)) if n]
        if len(notes) == 2 and notes[0] != notes[1]:
            self.set_note(target, f"{notes[0]}; {notes[1]}")
        elif notes:
            self.set_note(target, notes[0])
        if self.current_note(source):
            self.set_note(source, "")
        return self.finish()

    def split_term(self, num: int, lang: str, text: str) -> int:
        terms = self.concept_terms(num)
        key = term_key(text, lang)
        found = next((t for t in terms if t.lang == lang and t.key == key), None)
        if found is None:
            raise TermbaseError(f"{concept_id(num)} has no {lang} term {text!r}; see `termalign termbase show`")
        if all(t is found for t in terms):
            raise TermbaseError(f"{found.text!r} is the only term of {concept_id(num)}; there is nothing to split it from")
        new = self.new_concept(None)
        partners = {(t.lang, t.key): t for t in terms}

        def copy(term: _TermNow) -> None:
            self.add_term(new, Term(lang=term.lang, text=term.text, term_type=term.term_type,
                                    frequency=term.frequency, documents=term.documents, note=term.note),
                          term.key, term.status)

        copy(found)
        self.end_term(found)
        copied: set[tuple[str, str]] = set()
        for zh_key, en_key, pair in self.current_pairs(num):
            if (zh_key if lang == "zh" else en_key) != key:
                continue
            other = ("en", en_key) if lang == "zh" else ("zh", zh_key)
            if other in partners and other not in copied:
                copy(partners[other])
                copied.add(other)
            self.end_pair(num, zh_key, en_key)
            self.set_pair(new, pair, zh_key, en_key)
        return new

    def apply_status_changes(self, changes: list[tuple[int, str, str, str]]) -> dict[str, int]:
        for num, lang, text, status in changes:
            if not self.conn.execute("SELECT 1 FROM concepts WHERE num = ?", (num,)).fetchone():
                raise TermbaseError(f"no concept {concept_id(num)} in this termbase")
            key = term_key(text, lang)
            found = self.current_terms("t.concept = ? AND t.lang = ? AND t.key = ?", (num, lang, key))
            if found:
                self.update_term(found[0], status=status)
            else:
                self.add_term(num, Term(lang=lang, text=text), key, status)
        return self.finish()


def _incoming_keys(concept: Concept) -> set[tuple[str, str]]:
    """The (lang, key) of every term an incoming concept names, its evidence pairs' included."""
    keys = {(t.lang, term_key(t.text, t.lang)) for t in concept.terms}
    for pair in concept.pairs:
        keys |= {("zh", term_key(pair.zh, "zh")), ("en", term_key(pair.en, "en"))}
    return keys


def _concept_version(conn: _SqliteConnection | pgstore.PgConnection, num: int) -> int:
    """The latest version in which a row of concept NUM began or ended."""
    row = conn.execute(
        "SELECT max(v) FROM ("
        " SELECT max(s.valid_from) AS v FROM term_states s JOIN terms t ON t.id = s.term WHERE t.concept = ?"
        " UNION ALL SELECT max(s.valid_to) FROM term_states s JOIN terms t ON t.id = s.term WHERE t.concept = ?"
        " UNION ALL SELECT max(valid_from) FROM pair_states WHERE concept = ?"
        " UNION ALL SELECT max(valid_to) FROM pair_states WHERE concept = ?"
        " UNION ALL SELECT max(valid_from) FROM concept_notes WHERE concept = ?"
        " UNION ALL SELECT max(valid_to) FROM concept_notes WHERE concept = ?) AS changes",
        (num,) * 6).fetchone()
    return row[0] or 0


def _checked_concept(text: str) -> int:
    num = parse_concept_id(text)
    if num is None:
        raise TermbaseError(f"{text!r} is not a concept id (expected e.g. C000042)")
    return num


def _checked_status(status: str) -> str:
    if status not in STATUSES:
        raise TermbaseError(f"unknown term status {status!r}; use one of {', '.join(STATUSES)}")
    return status


def _checked_lang(lang: str) -> str:
    if lang not in LANGS:
        raise TermbaseError(f"unknown language {lang!r}; a termbase holds 'zh' and 'en' terms")
    return lang


def _checked_text(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise TermbaseError("a term is empty; every term needs some text")
    return clean_text(text)


def _validate_concepts(concepts: list[Concept], what: str) -> None:
    """Refuse the whole batch before writing anything when one concept is malformed."""
    for index, concept in enumerate(concepts, 1):
        label = f"{what} {concept.id or index}"
        if not concept.terms and not concept.pairs:
            raise TermbaseError(f"{label} has no terms")
        if concept.id is not None and parse_concept_id(concept.id) is None:
            raise TermbaseError(f"{label}: {concept.id!r} is not a concept id (expected e.g. C000042)")
        for term in concept.terms:
            _checked_lang(term.lang)
            _checked_text(term.text)
            if term.lang == "en" and script_lang(term.text) == "zh":
                raise TermbaseError(f"{label}: the English term {term.text!r} is written in Chinese characters")
            if term.status not in STATUSES:
                raise TermbaseError(f"{label}: term {term.text!r} has status {term.status!r}; "
                                f"expected one of {', '.join(STATUSES)}")
            if term.term_type not in TERM_TYPES:
                raise TermbaseError(f"{label}: term {term.text!r} has type {term.term_type!r}; "
                                f"expected one of {', '.join(TERM_TYPES)}")
        for pair in concept.pairs:
            _checked_text(pair.zh)
            _checked_text(pair.en)
