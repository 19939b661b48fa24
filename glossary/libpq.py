"""A read-only PostgreSQL session through libpq itself, for `termalign lookup`'s start-up.

`import psycopg` costs about 130 ms of CPU (it loads asyncio, importlib.metadata,
ssl and its type adapters), most of a whole `termalign lookup` against a server,
which an editor macro may start for every selection. A lookup only sends a few
SELECTs with text parameters and reads back integers, numbers and text, which
libpq's C functions do directly: this module calls them through ctypes (loading
libpq and connecting take 5–7 ms). It uses the libpq that psycopg uses (the copy psycopg-binary
ships, else the system's libpq.so.5), so connection strings, PG* variables,
~/.pgpass, SSL and authentication behave exactly as they do through psycopg.

Writers, `termbase copy` and the workbench keep psycopg (`pgstore.PgConnection`);
`pgstore.PgReader` puts this session behind the same interface for readers.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import os
import re
from collections.abc import Iterator
from typing import Any

# Result statuses (libpq-fe.h): a command without rows, and rows.
_COMMAND_OK, _TUPLES_OK = 1, 2
_CONNECTION_OK = 0
_SQLSTATE = ord("C")                # PG_DIAG_SQLSTATE
# Type oids whose text form becomes a Python value; any other type reads back as str.
_INTEGERS = frozenset((20, 21, 23, 26))          # int8, int2, int4, oid
_FLOATS = frozenset((700, 701))                  # float4, float8
_BOOL = 16
_PLACEHOLDER = re.compile(r"%%|%s")

_library: Any = None


class LibpqError(Exception):
    """A statement or connection libpq refused; SQLSTATE is the server's error code ('' without one)."""

    def __init__(self, message: str, sqlstate: str = ""):
        super().__init__(message)
        self.sqlstate = sqlstate


def _find_library() -> Any:
    """libpq loaded with the signatures used here; None when neither psycopg-binary's nor the system's is found."""
    global _library
    if _library is not None:
        return _library or None
    candidates = []
    # find_spec locates psycopg_binary without importing it (importing it is what this module avoids).
    spec = importlib.util.find_spec("psycopg_binary")
    if spec is not None and spec.origin:
        libs = os.path.join(os.path.dirname(os.path.dirname(spec.origin)), "psycopg_binary.libs")
        candidates += sorted(glob.glob(os.path.join(libs, "libpq-*.so*")))
    candidates.append("libpq.so.5")
    for candidate in candidates:
        try:
            lib = ctypes.CDLL(candidate)
            break
        except OSError:
            continue
    else:
        _library = False
        return None
    void, text, number = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    for name, restype, argtypes in (
            ("PQconnectdbParams", void, [ctypes.POINTER(text), ctypes.POINTER(text), number]),
            ("PQstatus", number, [void]), ("PQerrorMessage", text, [void]), ("PQfinish", None, [void]),
            ("PQuser", text, [void]), ("PQtransactionStatus", number, [void]),
            ("PQexecParams", void, [void, text, number, void, ctypes.POINTER(text), void, void, number]),
            ("PQresultStatus", number, [void]), ("PQresultErrorMessage", text, [void]),
            ("PQresultErrorField", text, [void, number]), ("PQclear", None, [void]),
            ("PQntuples", number, [void]), ("PQnfields", number, [void]), ("PQftype", ctypes.c_uint, [void, number]),
            ("PQgetvalue", void, [void, number, number]), ("PQgetlength", number, [void, number, number]),
            ("PQgetisnull", number, [void, number, number])):
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    _library = lib
    return lib


def available() -> bool:
    """Whether libpq can be loaded (else readers use psycopg)."""
    return _find_library() is not None


class Rows:
    """The rows of one statement, read the way a psycopg cursor's are."""

    def __init__(self, rows: list[tuple]):
        self._rows = rows
        self._next = 0

    def fetchone(self) -> tuple | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    def fetchall(self) -> list[tuple]:
        rest, self._next = self._rows[self._next:], len(self._rows)
        return rest

    def __iter__(self) -> Iterator[tuple]:
        while (row := self.fetchone()) is not None:
            yield row


class Session:
    """One connection, in autocommit mode as psycopg's is opened; statements use psycopg's %s placeholders."""

    def __init__(self, conninfo: str, **settings: str):
        """CONNINFO: a URL or key=value string; SETTINGS: more connection keywords (they win over CONNINFO's)."""
        lib = _find_library()
        if lib is None:
            raise LibpqError("libpq not found")
        self._lib = lib
        keys = ["dbname", *settings, "client_encoding"]
        values = [conninfo, *settings.values(), "UTF8"]
        array = ctypes.c_char_p * (len(keys) + 1)
        # expand_dbname=1: the dbname value is itself a connection string or URL, expanded in place.
        self._conn = lib.PQconnectdbParams(array(*(k.encode() for k in keys), None),
                                           array(*(v.encode() for v in values), None), 1)
        if not self._conn or lib.PQstatus(self._conn) != _CONNECTION_OK:
            message = self._connection_error()
            self.close()
            raise LibpqError(message, "08000")

    @property
    def user(self) -> str:
        return (self._lib.PQuser(self._conn) or b"").decode()

    @property
    def idle(self) -> bool:
        """Whether no transaction is open (PQTRANS_IDLE)."""
        return self._lib.PQtransactionStatus(self._conn) == 0

    def execute(self, sql: str, params: tuple | list = ()) -> Rows:
        """Run one statement (never prepared: each is planned for its values); its rows."""
        lib, values = self._lib, list(params)
        numbers = iter(range(1, len(values) + 1))
        statement = _PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"${next(numbers)}", sql)
        texts = (ctypes.c_char_p * max(len(values), 1))(*(_text(value) for value in values))
        result = lib.PQexecParams(self._conn, statement.encode(), len(values), None, texts, None, None, 0)
        try:
            status = lib.PQresultStatus(result) if result else -1
            if status == _COMMAND_OK:
                return Rows([])
            if status != _TUPLES_OK:
                raise self._statement_error(result)
            return Rows(_read(lib, result))
        finally:
            if result:
                lib.PQclear(result)

    def _connection_error(self) -> str:
        raw = self._lib.PQerrorMessage(self._conn) if self._conn else b""
        return (raw or b"").decode(errors="replace").strip() or "connection failed"

    def _statement_error(self, result: int | None) -> LibpqError:
        if not result:
            return LibpqError(self._connection_error(), "08000")
        message = (self._lib.PQresultErrorMessage(result) or b"").decode(errors="replace").strip()
        sqlstate = (self._lib.PQresultErrorField(result, _SQLSTATE) or b"").decode()
        # No SQLSTATE: libpq itself failed, e.g. the server went away mid-statement.
        return LibpqError(message or self._connection_error(), sqlstate or "08000")

    def close(self) -> None:
        if self._conn:
            self._lib.PQfinish(self._conn)
            self._conn = None


def _text(value: Any) -> bytes | None:
    """A parameter in PostgreSQL's text form (the server infers its type from the statement)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return b"t" if value else b"f"
    return str(value).encode()


def _read(lib: Any, result: int) -> list[tuple]:
    """Every row of RESULT, each value converted by its column's type."""
    columns = range(lib.PQnfields(result))
    converters = [_converter(lib.PQftype(result, column)) for column in columns]
    getvalue, getlength, isnull, string_at = lib.PQgetvalue, lib.PQgetlength, lib.PQgetisnull, ctypes.string_at
    rows = []
    for row in range(lib.PQntuples(result)):
        rows.append(tuple(None if isnull(result, row, column) else
                          convert(string_at(getvalue(result, row, column), getlength(result, row, column)))
                          for column, convert in zip(columns, converters)))
    return rows


def _converter(oid: int):
    if oid in _INTEGERS:
        return int
    if oid in _FLOATS:
        return float
    if oid == _BOOL:
        return lambda raw: raw == b"t"
    return lambda raw: raw.decode()
