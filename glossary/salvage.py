"""What can still be read from a damaged SQLite termbase, saved into a new termbase.

A failing disk or a cut copy leaves pages that SQLite cannot read, and every command then refuses
the file (glossary.termbase checks its pages). SQLite's own `.recover` would be the usual way out,
but the sqlite3 shell of Debian 12 (3.40.1) stops with "SQL logic error" on any file holding an
AUTOINCREMENT table — every termbase — and writes nothing. Here each table is read by stretches of
row ids; a stretch that meets a damaged page is halved until the unreadable rows are isolated, and
the rest is kept. A row whose references went with the damage (a term whose concept row is gone,
a state whose term is gone, anything made in a version whose record is gone) is left out, so the
new termbase holds a consistent history; the report counts what was kept and what was lost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from termalign.errors import TermbaseError
from termalign.glossary.termbase import APPLICATION_ID, TABLE_COLUMNS, Termbase, is_damage_error

# Rows read per query: a damaged page costs the halvings of one stretch, not of the whole table.
_STRETCH = 4096
# A reference a row must find kept for the row to be kept: (column position, table it points into).
_REFERENCES: dict[str, list[tuple[str, str]]] = {
    "concepts": [("created", "versions")],
    "concept_notes": [("concept", "concepts"), ("valid_from", "versions")],
    "terms": [("concept", "concepts"), ("created", "versions")],
    "term_states": [("term", "terms"), ("valid_from", "versions")],
    "pair_states": [("concept", "concepts"), ("valid_from", "versions")],
}
# The key other tables refer to a table by.
_KEYS = {"versions": "number", "concepts": "num", "terms": "id"}


@dataclass
class TableReport:
    """One table's rows: KEPT, UNREADABLE (row ids on damaged pages) and ORPHANED (references lost)."""
    kept: int = 0
    unreadable: int = 0
    orphaned: int = 0


@dataclass
class SalvageReport:
    tables: dict[str, TableReport] = field(default_factory=dict)

    @property
    def lost(self) -> int:
        return sum(t.unreadable + t.orphaned for t in self.tables.values())


def salvage(path: str | Path, target: Termbase) -> SalvageReport:
    """Save every readable, consistent row of the SQLite termbase at PATH into the empty TARGET (either
    backend), in one transaction; what was kept and lost, table by table."""
    path = Path(path)
    if not path.is_file():
        raise TermbaseError(f"{path} does not exist: give the path of the damaged termbase file")
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check_is_termbase(conn, path)
        present = _columns_present(conn)
        report = SalvageReport()
        kept: dict[str, set[int]] = {}

        def rows(table: str, columns: list[str]) -> Iterator[tuple]:
            counts = report.tables.setdefault(table, TableReport())
            checks = [(columns.index(col), kept[parent]) for col, parent in _REFERENCES.get(table, [])]
            key = columns.index(_KEYS[table]) if table in _KEYS else None
            if key is not None:
                kept[table] = set()
            for row in _readable(conn, table, columns, counts):
                if any(row[pos] not in allowed for pos, allowed in checks):
                    counts.orphaned += 1
                    continue
                counts.kept += 1
                if key is not None:
                    kept[table].add(row[key])
                yield row

        tables = [(table, [c.strip() for c in columns.split(",") if c.strip() in present.get(table, ())])
                  for table, columns in TABLE_COLUMNS.items() if table in present]
        target.load_rows(((table, ", ".join(columns), rows(table, columns)) for table, columns in tables),
                         _allocated_concepts(conn))
        return report
    finally:
        conn.close()


def _check_is_termbase(conn: sqlite3.Connection, path: Path) -> None:
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        conn.execute("SELECT name FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        raise TermbaseError(f"nothing can be read from {path}: its first page, which says where everything "
                            f"else is, is damaged or it is not an SQLite file ({exc})") from None
    if app_id != APPLICATION_ID:
        raise TermbaseError(f"{path} is not a termbase made by termalign: give the path of the damaged termbase")


def _columns_present(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """The columns each of the termbase's tables has in this file (an older schema lacks some)."""
    out: dict[str, set[str]] = {}
    for table in TABLE_COLUMNS:
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if columns:
            out[table] = columns
    return out


def _readable(conn: sqlite3.Connection, table: str, columns: list[str], counts: TableReport) -> Iterator[tuple]:
    """The rows of TABLE that can be read, in row id order; each row id on a damaged page is counted."""
    low, high = _bound(conn, table, "min"), _bound(conn, table, "max")
    low = 1 if low is None else low                 # row ids are handed out from 1
    if high is None:                                # no table can hold more rows than its file has bytes
        high = low + conn.execute("PRAGMA page_count").fetchone()[0] * _STRETCH
    select = f"SELECT {', '.join(columns)} FROM {table} WHERE rowid BETWEEN ? AND ? ORDER BY rowid"
    for start in range(low, high + 1, _STRETCH):
        stretches = [(start, min(start + _STRETCH - 1, high))]
        while stretches:
            first, last = stretches.pop()
            try:
                found = conn.execute(select, (first, last)).fetchall()
            except sqlite3.DatabaseError as exc:
                if not is_damage_error(exc):
                    raise
                if first == last:
                    counts.unreadable += 1
                else:
                    middle = (first + last) // 2
                    stretches += [(middle + 1, last), (first, middle)]      # the lower half first
                continue
            yield from found


def _bound(conn: sqlite3.Connection, table: str, end: str) -> int | None:
    """The lowest or highest row id of TABLE (0 when it is empty); None when the page holding it is damaged."""
    try:
        value = conn.execute(f"SELECT {end}(rowid) FROM {table}").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if not is_damage_error(exc):
            raise
        return None
    return 0 if value is None else value


def _allocated_concepts(conn: sqlite3.Connection) -> int:
    """The highest concept number ever handed out, so that the new termbase never hands it out again."""
    for sql in ("SELECT seq FROM sqlite_sequence WHERE name = 'concepts'", "SELECT max(num) FROM concepts"):
        try:
            row = conn.execute(sql).fetchone()
        except sqlite3.DatabaseError:
            continue
        if row and row[0]:
            return row[0]
    return 0
