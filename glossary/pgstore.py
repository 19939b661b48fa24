"""The PostgreSQL side of the termbase: one connection adapter that speaks the termbase's SQL.

`glossary.termbase` writes its queries once, in the SQL that SQLite and
PostgreSQL share, with `?` placeholders. This module holds what differs:
the placeholder style, the schema's column types, where the schema version
lives, how writers are serialised, and how a URL is shown without its
password. psycopg is imported only when a PostgreSQL termbase is opened, so
that SQLite users never load it.

Credentials come from the URL, the PG* environment variables or ~/.pgpass,
all resolved by libpq; no message of this module shows a password.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from termalign.errors import TermbaseError

URL_SCHEMES = ("postgresql://", "postgres://")
# Where the schema version lives (SQLite keeps it in PRAGMA user_version).
META_TABLE = "termalign_meta"
# The advisory lock that serialises writers around version allocation ('talg').
WRITE_LOCK = 0x74616C67

# The migration step (termbase.MIGRATIONS, counted from 1) after which PostgreSQL adds what server-side
# search needs, and the statements. pg_trgm is a trusted extension (PostgreSQL 13 and later): a role with
# CREATE on the database may add it. A server without it (no contrib package, no right) keeps the
# termbase usable: lookup then searches on the client, and says so once.
SEARCH_STEP = 6
SEARCH_STEPS = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS terms_key_trgm ON terms USING gin (key gin_trgm_ops)",
)
# A query of one or two characters (会议, 发展, UN) has no trigram: the characters and character pairs
# of every key, in a GIN index of their own, find the keys holding it. Plain SQL, so it needs neither
# pg_trgm nor a locale that knows Han characters; the migration adds it whatever the server allows.
SHORT_STEPS = (
    """CREATE OR REPLACE FUNCTION termalign_short_grams(key text) RETURNS text[]
       LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
       $$ SELECT coalesce(array_agg(DISTINCT substr(key, i, n)), '{}')
          FROM generate_series(1, length(key)) AS i, (VALUES (1), (2)) AS widths(n)
          WHERE i + n - 1 <= length(key) $$""",
    "CREATE INDEX IF NOT EXISTS terms_key_short ON terms USING gin (termalign_short_grams(key))",
)
# The migration step after which substring search first reads the shortest keys of the query's language
# in length order (this btree, index-only) before asking the trigram index: a common substring (发展,
# "education ") is in tens of thousands of keys at 500,000 concepts, and the trigram index made the
# server fetch and sort them all to show the ten shortest; among the few thousand shortest keys it
# finds them at once. A rare substring is not among them, and the trigram index answers it as before.
LENGTH_STEP = 7
LENGTH_INDEX = "terms_by_length"
LENGTH_STEPS = (
    f"CREATE INDEX IF NOT EXISTS {LENGTH_INDEX} ON terms (lang, length(key), id) INCLUDE (key, concept)",
)
# The migration step after which fuzzy search finds the variants of a key of several words (the keys
# holding all its words but one, `normalize.variant_words`) in a GIN index of the words of the keys:
# an intersection of the posting lists of a few words, where pg_trgm read those of the key's common
# trigrams (ion, ent, tio: in a large share of all English keys) and compared thousands of keys
# (30-250 ms at 500,000 concepts). Plain SQL: no extension needed.
WORDS_STEP = 8
WORDS_INDEX = "terms_key_words"
KEY_WORDS = "string_to_array(key, ' ')"        # a key's words (a Chinese key is one): single spaces
WORDS_STEPS = (
    f"CREATE INDEX IF NOT EXISTS {WORDS_INDEX} ON terms USING gin ({KEY_WORDS})",
)
_PLAIN_INDEX_STEPS = {LENGTH_STEP: LENGTH_STEPS, WORDS_STEP: WORDS_STEPS}   # indexes any server can build
PROBE_KEYS = 5000                  # the shortest keys of a language the first substring pass reads
SHORT_QUERY = 2                     # queries of at most this many characters use SHORT_STEPS' index
FUZZY_CANDIDATES = 500             # the most similar keys a fuzzy search scores on the client
TRIGRAM_INDEX = "terms_key_trgm"
SHORT_INDEX = "terms_key_short"
# pg_trgm similarity a fuzzy candidate needs (pg_trgm's default); lookup then ranks the candidates by
# Indel similarity (cutoff 60), as on the client. Lower lets in thousands of keys that share common
# words and costs seconds; 互联网治理论坛 / 因特网治理论坛 share 4 of 12 trigrams (0.33).
TRIGRAM_THRESHOLD = 0.3
# Fuzzy search of a key of one word (a Chinese key is one), or of several that no key holds all but one
# of (WORDS_STEP), asks for candidates this similar first, and widens to TRIGRAM_THRESHOLD only when they
# name fewer concepts (of Indel similarity 60 or more) than the answer shows: on a large base a key of
# common words passes 0.3 with tens of thousands of keys, all fetched and scored (seconds at 500,000
# concepts), 0.5 with a few hundred. The price: when 0.5 already fills the list, a variant that shares fewer trigrams but scores
# higher by Indel similarity is not shown (互联网治理论坛 / 因特网治理论坛 share 0.33 of their trigrams).
FIRST_THRESHOLD = 0.5

_PASSWORD_IN_TEXT = re.compile(r"(postgres(?:ql)?://[^:/@\s]*):[^@\s]*@")
_PASSWORD_PARAM = re.compile(r"(password\s*=\s*)('[^']*'|\S+)", re.IGNORECASE)


def is_url(location: object) -> bool:
    """Whether LOCATION names a PostgreSQL termbase rather than an SQLite file."""
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def mask(text: str) -> str:
    """TEXT with every password of a PostgreSQL URL or connection string replaced by ***."""
    return _PASSWORD_PARAM.sub(r"\1***", _PASSWORD_IN_TEXT.sub(r"\1:***@", text))


def display_url(url: str) -> str:
    """The URL as messages show it: without a password or query parameters."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]     # host[:port] as written, even a port that is not a number
    netloc = f"{parts.username}@{host}" if parts.username else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _translate(sql: str) -> str:
    """The termbase's SQL in psycopg's placeholder style (no query holds a literal ? or %)."""
    return sql.replace("%", "%%").replace("?", "%s")


def translate_ddl(statement: str) -> str:
    """A migration statement written for SQLite, in PostgreSQL's types.

    Integers are 64-bit; an INTEGER PRIMARY KEY becomes an identity column (a
    sequence, so a concept number is never handed out twice); REAL becomes
    double precision, so that evidence reads back exactly as written; text
    compares by code point (COLLATE "C"), as SQLite's does, so that sorted
    output is the same on both backends whatever the server's locale.
    """
    ddl = re.sub(r"\bINTEGER PRIMARY KEY( AUTOINCREMENT)?", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                 statement)
    ddl = re.sub(r"\bINTEGER\b", "BIGINT", ddl)
    ddl = re.sub(r"\bREAL\b", "DOUBLE PRECISION", ddl)
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', ddl)


class PgConnection:
    """A psycopg connection with the calls the termbase makes on an sqlite3 one."""

    # A writer's statements that return nothing are queued (`defer`) and sent together in pipeline mode
    # before the next statement that reads: an import no longer waits on the server for every row.
    batches_writes = True
    FLUSH_AT = 5000                 # queued statements sent in one pipeline

    def __init__(self, url: str):
        import psycopg

        self.url = url
        self.name = display_url(url)
        self._queue: list[tuple[str, tuple]] = []
        self._trigram: dict[str, bool] = {}
        self._threshold: float | None = None
        try:
            # autocommit: the termbase opens its transactions itself, as it does on SQLite.
            self._conn = psycopg.connect(url, autocommit=True, connect_timeout=15,
                                         application_name="termalign")
        except psycopg.Error as exc:
            raise TermbaseError(f"cannot connect to termbase {self.name}: {mask(_first_line(exc))}; check the "
                                "server is running and the URL, PG* variables or ~/.pgpass") from None

    @property
    def role(self) -> str:
        """The database role this connection logged in as."""
        return self._conn.info.user

    @property
    def in_transaction(self) -> bool:
        from psycopg.pq import TransactionStatus

        return self._conn.info.transaction_status != TransactionStatus.IDLE

    def execute(self, sql: str | None, params: tuple | list = ()) -> Any:
        """Run SQL (None: only the queued statements) after what `defer` queued."""
        from psycopg import errors

        if sql in ("ROLLBACK", "BEGIN", "BEGIN IMMEDIATE"):
            self._queue.clear()     # what a rolled-back writer queued is dropped with it
        try:
            self._flush()
            if sql is None:
                return None
            if sql == "BEGIN IMMEDIATE":
                # A writer: the lock is held to COMMIT, so version numbers are handed out one at a time;
                # READ COMMITTED lets it see the versions committed while it waited.
                self._conn.execute("BEGIN ISOLATION LEVEL READ COMMITTED")
                return self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            if sql == "BEGIN":
                # A reader: one snapshot for all its queries; it takes no lock and waits for no writer.
                return self._conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return self._conn.execute(_translate(sql), tuple(params))
        except errors.InsufficientPrivilege:
            raise TermbaseError(f"the role {self.role} may not change {self.name}; ask for write access") from None
        except errors.TransactionRollback:
            raise  # a conflict: the writer tries again (write_problem)
        except errors.OperationalError as exc:
            raise TermbaseError(f"lost the connection to {self.name} ({mask(_first_line(exc))}); run the command "
                                "again (the termbase still holds its last committed version)") from None

    def search(self, sql: str, params: tuple | list = ()) -> list[tuple]:
        """The rows of a search query, planned for its own values every time.

        psycopg prepares a statement from its fifth run on, and the server may then keep one generic
        plan for all values: for `key LIKE $1` or `key % $1` that plan cannot weigh how common the
        pattern is, and at 500,000 concepts it took 2–7 s where the plan made for the values takes
        3–100 ms. A search is planned in well under a millisecond: never prepare it."""
        self.execute(None)
        return [tuple(row) for row in self._conn.execute(_translate(sql), tuple(params), prepare=False)]

    def executemany(self, sql: str, rows: list) -> None:
        self.execute_batch([(sql, tuple(row)) for row in rows])

    def defer(self, sql: str, params: tuple | list = ()) -> None:
        """Queue a statement whose result nobody reads; it runs, in order, before the next execute."""
        self._queue.append((_translate(sql), tuple(params)))
        if len(self._queue) >= self.FLUSH_AT:
            self.execute_batch([])

    def execute_batch(self, statements: list[tuple[str, tuple]]) -> None:
        """Run the queued statements, then STATEMENTS (in the termbase's SQL), in one pipeline."""
        self._queue.extend((_translate(sql), params) for sql, params in statements)
        self.execute(None)

    def copy_rows(self, table: str, columns: str, rows: list) -> None:
        """Append ROWS to TABLE with COPY: the fastest way in (`termbase copy`)."""
        self.execute(None)
        with self._conn.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _flush(self) -> None:
        if not self._queue:
            return
        queue, self._queue = self._queue, []
        # One round trip for the lot: pipeline mode sends every statement, then waits once (psycopg
        # prepares a statement that recurs, so the server parses each kind once).
        with self._conn.pipeline(), self._conn.cursor() as cursor:
            for sql, params in queue:
                cursor.execute(sql, params)

    def close(self) -> None:
        self._conn.close()

    # --- what the two backends do differently

    def schema_version(self) -> int | None:
        """The number of migration steps applied; None when the database holds no termbase at all."""
        # pg_tables, not to_regclass: a name looked up in vain stays cached as missing in this session
        # until it next takes a table lock, and another process may have created the table since.
        row = self._conn.execute("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema() "
                                 "AND tablename = %s)", (META_TABLE,)).fetchone()
        if not row or not row[0]:
            return None
        found = self._conn.execute(f"SELECT schema_version FROM {META_TABLE} WHERE application = 'termalign'")
        value = found.fetchone()
        return None if value is None else int(value[0])

    def has_tables(self) -> bool:
        row = self._conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()
        return bool(row and row[0])

    def migrate(self, migrations: list[tuple[str, ...]]) -> None:
        """Apply the steps not yet applied, in one transaction under the writers' lock."""
        self.execute("BEGIN IMMEDIATE")
        try:
            # Checked under the lock: another process creating the termbase at this moment is no stranger.
            if self.schema_version() is None and self.has_tables():
                raise TermbaseError(f"{self.name} already holds other tables; give a database of its own "
                                    "to the termbase")
            self._conn.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (application TEXT PRIMARY KEY, "
                               "schema_version BIGINT NOT NULL)")
            self._conn.execute(f"INSERT INTO {META_TABLE} VALUES ('termalign', 0) ON CONFLICT DO NOTHING")
            schema = self.schema_version() or 0
            for number, steps in enumerate(migrations[schema:], start=schema + 1):
                for statement in steps:
                    self._conn.execute(translate_ddl(statement))
                if number == SEARCH_STEP:
                    self._add_search_indexes()
                for statement in _PLAIN_INDEX_STEPS.get(number, ()):
                    self._conn.execute(statement)
            self._conn.execute(f"UPDATE {META_TABLE} SET schema_version = %s WHERE application = 'termalign'",
                               (len(migrations),))
            self._conn.execute("COMMIT")
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise

    def _add_search_indexes(self) -> None:
        """The trigram index of server-side search, when the server lets this role add pg_trgm."""
        import psycopg

        for statement in SHORT_STEPS:
            self._conn.execute(statement)
        self._conn.execute("SAVEPOINT search_indexes")
        try:
            for statement in SEARCH_STEPS:
                self._conn.execute(statement)
        except psycopg.Error:
            # Not fatal: lookup searches on the client instead (see trigram_search).
            self._conn.execute("ROLLBACK TO SAVEPOINT search_indexes")
        self._conn.execute("RELEASE SAVEPOINT search_indexes")

    def without_search_indexes(self) -> list[str]:
        """Drop the search indexes before a bulk load (`termbase copy`); the statements that make them
        again, to run after it: one index build is many times faster than updating a GIN index row by row."""
        self.execute(None)
        found = self._conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND indexname IN (%s, %s, %s, %s)", (TRIGRAM_INDEX, SHORT_INDEX, LENGTH_INDEX, WORDS_INDEX)).fetchall()
        for name, _ in found:
            self._conn.execute(f"DROP INDEX {name}")
        return [definition for _, definition in found]

    def run_ddl(self, statements: list[str]) -> None:
        self.execute(None)
        for statement in statements:
            self._conn.execute(statement)

    def trigram_search(self, lang: str) -> bool:
        """Whether the server can search LANG's term keys with the trigram index.

        Chinese needs the database's character classification (its LC_CTYPE) to count Han characters
        as letters: pg_trgm makes trigrams of letters and digits only, and under the C locale a Chinese
        key has none, so its index would find nothing."""
        if lang not in self._trigram:
            self.execute(None)
            row = self._conn.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema() AND indexname = %s)",
                (TRIGRAM_INDEX,)).fetchone()
            usable = bool(row and row[0])
            if usable and lang == "zh":
                (grams,) = self._conn.execute("SELECT cardinality(show_trgm('因特网'))").fetchone() or (0,)
                usable = grams >= 3
            self._trigram[lang] = usable
        return self._trigram[lang]

    def set_similarity_threshold(self, value: float = TRIGRAM_THRESHOLD) -> None:
        """The similarity the % operator of pg_trgm asks for, in this session (see TRIGRAM_THRESHOLD)."""
        if self._threshold != value:
            self._conn.execute(f"SET pg_trgm.similarity_threshold = {float(value)}")
            self._threshold = value

    def analyze(self) -> None:
        """Refresh the planner's statistics of the term tables after a large write: without them the
        server may scan every current term for a search that its trigram index answers (autovacuum
        would catch up only later)."""
        self.execute(None)
        self._conn.execute("ANALYZE terms, term_states, pair_states")

    def allocated_concepts(self) -> int:
        """The highest concept number ever handed out (rolled-back ones included)."""
        (sequence,) = self._conn.execute("SELECT pg_get_serial_sequence('concepts', 'num')").fetchone() or ("",)
        (value,) = self._conn.execute(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}").fetchone() or (0,)
        return int(value)

    def claim_concept(self, num: int) -> None:
        """Move the concept sequence past NUM, a number given explicitly (an import keeping its ids)."""
        if num > 0:
            self._conn.execute("SELECT setval(pg_get_serial_sequence('concepts', 'num'), %s)", (num,))

    def allocated_term_ids(self) -> int:
        """The highest term id handed out or stored: a writer numbers its new terms after it."""
        self.execute(None)
        (sequence,) = self._conn.execute("SELECT pg_get_serial_sequence('terms', 'id')").fetchone() or ("",)
        (value,) = self._conn.execute(
            f"SELECT greatest((SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}), "
            "(SELECT coalesce(max(id), 0) FROM terms))").fetchone() or (0,)
        return int(value)

    def resync_ids(self) -> None:
        """Point the terms' id sequence past the highest id, after rows were inserted with their ids."""
        self.execute(None)
        self._conn.execute("SELECT setval(pg_get_serial_sequence('terms', 'id'), max(id)) FROM terms "
                           "HAVING max(id) IS NOT NULL")

    def write_problem(self, exc: BaseException) -> str | TermbaseError | None:
        """'retry' for a conflict between transactions worth another attempt, else None."""
        from psycopg import errors

        return "retry" if isinstance(exc, errors.TransactionRollback) else None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
