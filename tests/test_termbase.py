"""The versioned termbase: versions, time travel, merging, decisions, safety under concurrency."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from termalign.glossary import termbase as termbase_module
from termalign.glossary.concepts import Concept, Example, PairEvidence, Term
from termalign.glossary.termbase import Termbase
from termalign.errors import UserError

REPO = Path(__file__).resolve().parent.parent


def example(zh: str, en: str, doc: str = "A/RES/78/132", para: str = "p7") -> Example:
    return Example(doc=doc, bead=f"{doc}#{para}", zh_paragraph=para, en_paragraph=para,
                   zh=f"大会鼓励各方积极参与{zh}的工作。", en=f"The Assembly encourages all to take part in the work of the {en}.")


def mined(zh: str, en: str, frequency: int = 6, documents: int = 3, association: float = 48.5,
          extra: list[Term] | None = None) -> Concept:
    """A concept as the miner proposes it: candidates with their pair evidence."""
    return Concept(id=None,
                   terms=[Term("zh", zh, frequency=frequency, documents=documents),
                          Term("en", en, frequency=frequency, documents=documents), *(extra or [])],
                   pairs=[PairEvidence(zh, en, frequency=frequency, documents=documents, association=association,
                                       consistency=0.92, similarity=0.81, examples=[example(zh, en)])])


def glossary_entry(zh: str, en: str, status: str = "preferred", concept_id: str | None = None) -> Concept:
    return Concept(id=concept_id, terms=[Term("zh", zh, status=status), Term("en", en, status=status)])


IGF = ("因特网治理论坛", "Internet Governance Forum")
LDC = ("最不发达国家", "least developed countries")
CSTD = ("科学和技术促进发展委员会", "Commission on Science and Technology for Development")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request) -> str:
    """Each test that uses it runs against an SQLite file and against a PostgreSQL server."""
    return request.param


@pytest.fixture
def new_base(backend, request, tmp_path):
    """Makes the location of a new, empty termbase on the backend under test: a file path or a URL."""
    def make(name: str = "terms.db") -> str:
        if backend == "sqlite":
            return str(tmp_path / name)
        return request.getfixturevalue("pg_server").new_database()
    return make


@pytest.fixture
def tb(new_base):
    with Termbase.open(new_base(), create=True) as base:
        yield base


def statuses(concept: Concept) -> dict[str, str]:
    return {t.text: t.status for t in concept.terms}


# ---------------------------------------------------------------- opening


def test_missing_file_is_refused_unless_created(tmp_path):
    with pytest.raises(UserError, match="not found"):
        Termbase.open(tmp_path / "none.db")
    assert not (tmp_path / "none.db").exists()
    with Termbase.open(tmp_path / "new.db", create=True) as base:
        assert base.latest_version() == 0
        assert base.versions() == []
        assert base.concepts() == []


def test_files_that_are_not_termbases_are_refused(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("大会，\n回顾其以往各项决议，\n" * 50, encoding="utf-8")
    with pytest.raises(UserError, match="not a termbase"):
        Termbase.open(text)
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE glossary (source TEXT, target TEXT)")
    conn.close()
    with pytest.raises(UserError, match="not a termalign termbase"):
        Termbase.open(other, create=True)
    with pytest.raises(UserError, match="folder"):
        Termbase.open(tmp_path)


def test_newer_schema_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "future.db"
    Termbase.open(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(termbase_module.MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(UserError, match="newer termalign.*upgrade"):
        Termbase.open(path)


def test_a_termbase_of_the_first_schema_is_migrated_with_its_data(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    monkeypatch.setattr(termbase_module, "MIGRATIONS", termbase_module.MIGRATIONS[:1])
    with Termbase.open(path, create=True) as old:
        assert old.schema_version() == 1
    monkeypatch.undo()
    # Rows as the first schema's code wrote them (versions had no author then).
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("""
        INSERT INTO versions VALUES (1, '2026-01-05T10:00:00Z', 'mine', '', '{}');
        INSERT INTO versions VALUES (2, '2026-01-06T10:00:00Z', 'approve', '', '{}');
        INSERT INTO concepts (num, created) VALUES (1, 1);
        INSERT INTO terms VALUES (1, 1, 'zh', '因特网治理论坛', '因特网治理论坛', 1);
        INSERT INTO terms VALUES (2, 1, 'en', 'Internet Governance Forum', 'internet governance forum', 1);
        INSERT INTO term_states VALUES (1, 1, 2, 'candidate', 'fullForm', 5, 3, '');
        INSERT INTO term_states VALUES (2, 1, 2, 'candidate', 'fullForm', 5, 3, '');
        INSERT INTO term_states VALUES (1, 2, NULL, 'preferred', 'fullForm', 5, 3, '');
        INSERT INTO term_states VALUES (2, 2, NULL, 'preferred', 'fullForm', 5, 3, '');
    """)
    conn.close()

    with Termbase.open(path) as base:
        assert base.schema_version() == len(termbase_module.MIGRATIONS) >= 2
        assert set(statuses(base.concept("C000001")).values()) == {"preferred"}
        assert set(statuses(base.concept("C000001", version=1)).values()) == {"candidate"}
        assert [row.concept_id for row in base.find("internet governance forum", "en")] == ["C000001"]
        assert [v.author for v in base.versions()] == ["", ""]
        assert base.set_status("C000001", "deprecated").author == base.user
    conn = sqlite3.connect(path)
    indexes = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert {"terms_by_key", "term_states_current"} <= indexes


# ---------------------------------------------------------------- mining and versions


def test_each_commit_is_one_numbered_version_with_its_counts(tb):
    first = tb.commit_mining([mined(*IGF), mined(*LDC)], note="A/RES/77 series", stats={"units": 412})
    assert (first.number, first.kind, first.note) == (1, "mine", "A/RES/77 series")
    assert first.counts["concepts_added"] == 2
    assert first.counts["terms_added"] == 4
    assert first.counts["units"] == 412
    second = tb.set_status("C000002", "approve", kind="approve")
    assert second.number == 2
    assert tb.latest_version() == 2
    assert [(v.number, v.kind) for v in tb.versions()] == [(1, "mine"), (2, "approve")]
    assert tb.versions()[0].counts == first.counts
    assert first.created.endswith("Z") and "T" in first.created


def test_mining_merges_by_term_key_and_groups_variants(tb):
    tb.commit_mining([mined(*IGF)])
    # Same English term written differently (case, hyphen, full-width), new Chinese variant.
    variant = mined("互联网治理论坛", "ＩＮＴＥＲＮＥＴ governance  forum", frequency=2, documents=1)
    version = tb.commit_mining([variant])
    assert version.counts["concepts_added"] == 0
    [concept] = tb.concepts()
    assert concept.id == "C000001"
    assert sorted(t.text for t in concept.terms_in("zh")) == ["互联网治理论坛", "因特网治理论坛"]
    assert [t.text for t in concept.terms_in("en")] == ["Internet Governance Forum"]
    assert len(concept.pairs) == 2


def test_concepts_in_one_commit_that_share_a_term_become_one(tb):
    acronym = Term("en", "IGF", term_type="acronym", frequency=4, documents=2)
    tb.commit_mining([mined(*IGF, extra=[acronym]), mined("互联网治理论坛", "IGF")])
    [concept] = tb.concepts()
    assert {t.text for t in concept.terms} == {"因特网治理论坛", "互联网治理论坛", "Internet Governance Forum", "IGF"}
    assert [t.term_type for t in concept.terms if t.text == "IGF"] == ["acronym"]


def test_mining_never_overwrites_a_human_decision(tb):
    tb.commit_mining([mined(*IGF), mined(*LDC)])
    tb.set_status("因特网治理论坛", "deprecated", kind="deprecate")
    tb.set_status("Internet Governance Forum", "preferred", kind="approve")
    tb.set_status("C000002", "admitted")
    again = [mined(*IGF, frequency=15, documents=7), mined(*LDC, frequency=9)]
    for concept in again:
        for term in concept.terms:
            term.status = "candidate"
    version = tb.commit_mining(again)
    assert version.counts["statuses_changed"] == 0
    igf, ldc = tb.concepts()
    assert statuses(igf) == {"因特网治理论坛": "deprecated", "Internet Governance Forum": "preferred"}
    assert set(statuses(ldc).values()) == {"admitted"}
    # The evidence is refreshed all the same.
    assert {t.frequency for t in igf.terms} == {15}
    assert igf.pairs[0].frequency == 15


def test_unchanged_evidence_writes_no_new_rows(tb):
    tb.commit_mining([mined(*IGF)])
    version = tb.commit_mining([mined(*IGF)])
    assert version.number == 2
    assert version.counts["terms_changed"] == version.counts["evidence_changed"] == 0
    assert tb.diff(1, 2).is_empty()


# ---------------------------------------------------------------- time travel and diff


def test_any_earlier_version_can_be_read(tb):
    tb.commit_mining([mined(*IGF, frequency=4)])                       # v1
    tb.set_status("C000001", "preferred", kind="approve")                # v2
    tb.commit_mining([mined("互联网治理论坛", IGF[1], frequency=9)])     # v3
    tb.apply_status_changes([("C000001", "zh", IGF[0], "superseded")])   # v4

    assert tb.concept("C000001", version=1).terms[0].status == "candidate"
    at2 = tb.concept("C000001", version=2)
    assert statuses(at2) == {IGF[0]: "preferred", IGF[1]: "preferred"}
    at4 = tb.concept("C000001")
    assert statuses(at4) == {IGF[0]: "superseded", IGF[1]: "preferred", "互联网治理论坛": "candidate"}
    assert [t.valid_from for t in at4.terms] == [1, 1, 3]

    assert [r.text for r in tb.find("互联网治理论坛", "zh", version=2)] == []
    assert [r.text for r in tb.find("互联网治理论坛", "zh", version=3)] == ["互联网治理论坛"]
    assert {(r.text, r.status) for r in tb.term_rows(version=3, statuses=["preferred"])} == {
        (IGF[0], "preferred"), (IGF[1], "preferred")}
    assert tb.concepts(version=0) == []
    with pytest.raises(UserError, match="version 5 does not exist"):
        tb.concepts(version=5)
    with pytest.raises(UserError, match="no concept C000001 at version 0"):
        tb.concept("C000001", version=0)


def test_status_filter_omits_empty_concepts_and_orphaned_pairs(tb):
    tb.commit_mining([mined(*IGF), mined(*LDC), mined("互联网治理论坛", IGF[1])])
    tb.set_status("C000001", "preferred")
    tb.set_status("互联网治理论坛", "deprecated")
    [igf] = tb.concepts(statuses=["preferred"])
    assert statuses(igf) == {IGF[0]: "preferred", IGF[1]: "preferred"}
    assert [(p.zh, p.en) for p in igf.pairs] == [IGF]
    assert [c.id for c in tb.concepts(statuses=("preferred", "deprecated"))] == ["C000001"]
    assert len(tb.concepts(statuses=["preferred", "deprecated"])[0].pairs) == 2


def test_diff_reports_additions_status_and_evidence_changes(tb):
    tb.commit_mining([mined(*IGF)])                                        # v1
    tb.set_status("C000001", "preferred", kind="approve")                  # v2
    tb.commit_mining([mined(*IGF, frequency=11, documents=5), mined(*CSTD)])  # v3

    d = tb.diff(1, 3)
    assert d.added_concepts == ["C000002"]
    assert {(c.concept_id, c.text, c.old, c.new) for c in d.added} == {
        ("C000002", CSTD[0], None, "candidate"), ("C000002", CSTD[1], None, "candidate")}
    assert {(c.text, c.old, c.new) for c in d.status_changed} == {
        (IGF[0], "candidate", "preferred"), (IGF[1], "candidate", "preferred")}
    changed = {(e.concept_id, e.zh): e for e in d.evidence_changed}
    assert changed["C000001", IGF[0]].old.frequency == 6
    assert changed["C000001", IGF[0]].new.frequency == 11
    assert changed["C000002", CSTD[0]].old is None

    back = tb.diff(3, 1)
    assert back.removed_concepts == ["C000002"]
    assert {c.text for c in back.removed} == set(CSTD)
    assert {(c.old, c.new) for c in back.status_changed} == {("preferred", "candidate")}
    assert tb.diff(2, 2).is_empty()
    assert json.loads(json.dumps(d.to_dict(), ensure_ascii=False))["v2"] == 3


# ---------------------------------------------------------------- import


def test_import_merges_into_existing_concepts_and_sets_statuses(tb):
    tb.commit_mining([mined(*IGF), mined(*LDC)])
    igf_entry = Concept(None, [Term("zh", IGF[0], status="candidate"), Term("en", IGF[1], status="candidate"),
                               Term("en", "IGF", status="admitted", term_type="acronym")])
    version = tb.commit_import([
        glossary_entry("最不发达国家", "Least Developed Countries", status="preferred"),
        glossary_entry("小岛屿发展中国家", "small island developing States", status="admitted"),
        igf_entry,
    ], note="DGACM glossary")
    assert version.kind == "import"
    assert version.counts["concepts_added"] == 1
    igf, ldc, sids = tb.concepts()
    assert set(statuses(ldc).values()) == {"preferred"}
    assert statuses(sids) == {"小岛屿发展中国家": "admitted", "small island developing States": "admitted"}
    assert statuses(igf) == {IGF[0]: "candidate", IGF[1]: "candidate", "IGF": "admitted"}
    tb.set_status(IGF[0], "preferred")
    # A glossary that only lists a term as a candidate does not undo a decision.
    tb.commit_import([Concept(None, [Term("zh", IGF[0], status="candidate")])])
    assert statuses(tb.concept("C000001"))[IGF[0]] == "preferred"


def test_import_keeps_entries_that_disagree_in_one_language_apart(tb):
    # Two senses of 发展 in a term list: merging on the shared Chinese would chain them.
    tb.commit_import([glossary_entry("发展", "development"), glossary_entry("发展", "developing", "admitted"),
                      glossary_entry("可持续发展", "sustainable development")])
    assert sorted(r.concept_id for r in tb.find("发展", "zh")) == ["C000001", "C000002"]
    # The same entry again, or one that adds a form to a known pair, is a duplicate.
    version = tb.commit_import([glossary_entry("发展", "Development"),
                                Concept(None, [Term("zh", "可持续发展"), Term("en", "sustainable development"),
                                               Term("en", "SD", term_type="abbreviation")])])
    assert version.counts["concepts_added"] == 0
    assert {t.text for t in tb.concept("C000003").terms} == {"可持续发展", "sustainable development", "SD"}


def test_an_entry_given_twice_in_one_import_is_one_change(tb):
    version = tb.commit_import([glossary_entry(*LDC, status="admitted"), glossary_entry(*LDC, status="preferred")])
    assert (version.counts["terms_added"], version.counts["statuses_changed"]) == (2, 0)
    assert set(statuses(tb.concept("C000001")).values()) == {"preferred"}
    assert [(c.text, c.new) for c in tb.diff(0, 1).added] == [(LDC[0], "preferred"), (LDC[1], "preferred")]


def test_counts_from_numpy_are_stored_as_numbers(tb):
    np = pytest.importorskip("numpy")
    concept = mined(*LDC)
    concept.terms[0].frequency, concept.terms[0].documents = np.int64(12), np.int64(4)
    pair = concept.pairs[0]
    pair.frequency, pair.association, pair.similarity = np.int64(12), np.float32(88.5), np.float32(0.75)
    tb.commit_mining([concept])
    stored = tb.concept("C000001")
    assert (stored.terms[0].frequency, stored.pairs[0].frequency, stored.pairs[0].association) == (12, 12, 88.5)
    assert type(stored.pairs[0].similarity) is float


def test_import_is_all_or_nothing(tb):
    tb.commit_mining([mined(*IGF)])
    bad = [glossary_entry(*LDC), Concept(None, [Term("zh", "可持续发展目标", status="approved")])]
    with pytest.raises(UserError, match="approved"):
        tb.commit_import(bad)
    with pytest.raises(UserError, match="empty"):
        tb.commit_import([glossary_entry(*LDC), Concept(None, [Term("en", "  ")])])
    assert tb.latest_version() == 1
    assert [c.id for c in tb.concepts()] == ["C000001"]


def test_import_into_a_fresh_termbase_keeps_concept_ids(tb, new_base):
    tb.commit_mining([mined(*IGF), mined(*LDC), mined(*CSTD)])
    tb.set_status("C000002", "preferred")
    exported = tb.concepts()
    with Termbase.open(new_base("copy.db"), create=True) as copy:
        copy.commit_import(exported)
        assert [c.id for c in copy.concepts()] == ["C000001", "C000002", "C000003"]
        assert [statuses(c) for c in copy.concepts()] == [statuses(c) for c in exported]
        # Importing it again changes nothing.
        assert copy.commit_import(exported).counts["concepts_changed"] == 0


def test_concept_ids_are_never_reused(tb):
    tb.commit_import([glossary_entry(*IGF, concept_id="C000040")])
    tb.commit_mining([mined(*LDC)])
    # An id at or below the counter is not free: the concept gets the next one.
    tb.commit_import([glossary_entry(*CSTD, concept_id="C000007")])
    assert [c.id for c in tb.concepts()] == ["C000040", "C000041", "C000042"]


# ---------------------------------------------------------------- decisions


def test_set_status_by_concept_id_or_by_term(tb):
    tb.commit_mining([mined(*IGF), mined(*LDC)])
    v = tb.set_status("c2", "approve", note="GA usage", kind="approve")
    assert (v.kind, v.note, v.counts["statuses_changed"]) == ("approve", "GA usage", 2)
    assert set(statuses(tb.concept("C000002")).values()) == {"preferred"}
    tb.set_status("ＩＮＴＥＲＮＥＴ  Governance-Forum", "deprecate", kind="deprecate")
    assert statuses(tb.concept("C000001")) == {IGF[0]: "candidate", IGF[1]: "deprecated"}
    tb.set_status(" 因特网治理论坛 ", "admitted")
    assert statuses(tb.concept("C000001"))[IGF[0]] == "admitted"


def test_set_status_refuses_unknown_and_ambiguous_targets(tb):
    tb.commit_mining([mined(*IGF)])
    # ICT renders two Chinese terms that a glossary keeps as two entries.
    tb.commit_import([glossary_entry("信通技术", "ICT"), glossary_entry("信息和通信技术", "ICT", "admitted")])
    latest = tb.latest_version()
    with pytest.raises(UserError, match="no concept C000099"):
        tb.set_status("C000099", "preferred")
    with pytest.raises(UserError, match="no term 'Internet Forum'"):
        tb.set_status("Internet Forum", "preferred")
    with pytest.raises(UserError, match=r"several concepts \(C000002, C000003\); give the concept id"):
        tb.set_status("ict", "deprecated")
    with pytest.raises(UserError, match="unknown term status"):
        tb.set_status("C000001", "approved")
    assert tb.latest_version() == latest
    tb.set_status("C000003", "deprecated")
    assert set(statuses(tb.concept("C000003")).values()) == {"deprecated"}
    assert set(statuses(tb.concept("C000002")).values()) == {"preferred"}


def test_apply_status_changes_supersedes_and_adds_the_new_form(tb):
    tb.commit_mining([mined("信息社会世界首脑会议", "World Summit on the Information Society")])
    tb.set_status("C000001", "preferred")
    version = tb.apply_status_changes([
        ("C000001", "zh", "信息社会世界首脑会议", "superseded"),
        ("C000001", "zh", "信息社会世界峰会", "preferred"),
    ], note="drift 2017→2018")
    assert (version.kind, version.counts["terms_added"], version.counts["statuses_changed"]) == ("drift", 1, 1)
    assert statuses(tb.concept("C000001")) == {"信息社会世界首脑会议": "superseded",
                                               "World Summit on the Information Society": "preferred",
                                               "信息社会世界峰会": "preferred"}
    assert tb.accepted_terms("zh") == ["信息社会世界峰会"]
    with pytest.raises(UserError, match="no concept C000002"):
        tb.apply_status_changes([("C000002", "zh", "峰会", "preferred")])
    with pytest.raises(UserError, match="language"):
        tb.apply_status_changes([("C000001", "fr", "Sommet mondial", "preferred")])
    assert tb.latest_version() == 3


def test_accepted_terms_are_preferred_and_admitted_at_the_latest_version(tb):
    tb.commit_mining([mined(*IGF), mined(*LDC), mined(*CSTD)])
    tb.set_status("C000001", "preferred")
    tb.set_status(LDC[0], "admitted")
    tb.set_status(CSTD[0], "deprecated")
    assert tb.accepted_terms("zh") == sorted([IGF[0], LDC[0]])
    assert tb.accepted_terms("en") == [IGF[1]]


# ---------------------------------------------------------------- safety

@pytest.mark.parametrize("backend", ["sqlite"])  # a full disk on a server is the server's administrator's
def test_a_full_disk_is_a_clear_error_and_loses_nothing(tb):
    tb.commit_mining([mined(*IGF)])
    # Simulate a full disk: the file may not grow past its current size.
    pages = tb._conn.execute("PRAGMA page_count").fetchone()[0]
    tb._conn.execute(f"PRAGMA max_page_count = {pages}")
    many = [glossary_entry(f"第{i}号区域方案", f"Regional Programme No. {i}") for i in range(2000)]
    with pytest.raises(UserError, match="check the disk"):
        tb.commit_import(many)
    assert tb.latest_version() == 1
    assert [c.id for c in tb.concepts()] == ["C000001"]


WRITER = textwrap.dedent("""
    import os, sys, time
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.termbase import Termbase

    class SlowTermbase(Termbase):
        # Holds the write lock a while, so that the two writers really collide.
        def _record_counts(self, number, counts):
            super()._record_counts(number, counts)
            time.sleep(0.15)

    path, name, rounds, other, signals = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
    with SlowTermbase.open(path, create=True) as tb:
        # Start together, whatever each process spent on imports.
        open(f"{signals}.{name}.ready", "w").close()
        while not os.path.exists(f"{signals}.{other}.ready"):
            time.sleep(0.01)
        started = time.time()
        for i in range(rounds):
            tb.commit_mining([Concept(None, [Term("en", f"{name} programme {i}", frequency=i + 1)])], note=name)
    print(started, time.time())
""")


def run_python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_two_processes_writing_at_once_both_land_as_separate_versions(new_base, tmp_path):
    path = new_base("shared.db")
    # Both create the file too: one of them makes it, the other uses it.
    writers = [run_python(WRITER, str(path), name, "4", other, str(tmp_path / "signal"))
               for name, other in (("mining-a", "mining-b"), ("mining-b", "mining-a"))]
    spans = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        spans.append([float(x) for x in out.split()])
    # They were writing at the same time: each began before the other had finished.
    assert max(start for start, _ in spans) < min(end for _, end in spans)
    with Termbase.open(path) as tb:
        versions = tb.versions()
        assert [v.number for v in versions] == list(range(1, 9))
        assert sorted(v.note for v in versions) == ["mining-a"] * 4 + ["mining-b"] * 4
        assert len(tb.concepts()) == 8
        assert len({c.id for c in tb.concepts()}) == 8


HOLDING = textwrap.dedent("""
    import os, sys, time
    from termalign.glossary.termbase import Termbase

    class HoldingTermbase(Termbase):
        # Signals that its version is written but not committed, then waits to be released.
        def _record_counts(self, number, counts):
            super()._record_counts(number, counts)
            open(sys.argv[2] + ".inside", "w").close()
            while not os.path.exists(sys.argv[2] + ".release"):
                time.sleep(0.01)

    with HoldingTermbase.open(sys.argv[1]) as tb:
        tb.set_status("C000001", "deprecated", kind="deprecate")
""")


def test_readers_see_the_last_committed_version_while_a_writer_works(new_base, tmp_path):
    path = new_base()
    signals = str(tmp_path / "writer")
    with Termbase.open(path, create=True) as tb:
        tb.commit_mining([mined(*IGF)])
        tb.set_status("C000001", "preferred")
    writer = run_python(HOLDING, str(path), signals)
    try:
        deadline = time.monotonic() + 60
        while not Path(f"{signals}.inside").exists():
            assert writer.poll() is None and time.monotonic() < deadline, writer.stderr.read()
            time.sleep(0.01)
        with Termbase.open(path) as tb:
            assert tb.latest_version() == 2
            assert set(statuses(tb.concept("C000001")).values()) == {"preferred"}
    finally:
        Path(f"{signals}.release").touch()
    assert writer.wait(timeout=60) == 0, writer.stderr.read()
    with Termbase.open(path) as tb:
        assert tb.latest_version() == 3
        assert set(statuses(tb.concept("C000001")).values()) == {"deprecated"}


KILLED = textwrap.dedent("""
    import os, sys
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.termbase import Termbase

    class DyingTermbase(Termbase):
        # The process dies after writing all rows of the version, before COMMIT.
        def _record_counts(self, number, counts):
            super()._record_counts(number, counts)
            os._exit(9)

    with DyingTermbase.open(sys.argv[1]) as tb:
        tb.set_status("C000001", "deprecated")
        tb.commit_mining([Concept(None, [Term("zh", "可持续发展目标"), Term("en", "Sustainable Development Goals")])])
""")


def test_a_writer_killed_mid_transaction_leaves_the_previous_version(new_base, backend):
    path = new_base()
    with Termbase.open(path, create=True) as tb:
        tb.commit_mining([mined(*IGF)])
        tb.set_status("C000001", "preferred")
    writer = run_python(KILLED, str(path))
    assert writer.wait(timeout=60) == 9, writer.stderr.read()
    with Termbase.open(path) as tb:
        assert tb.latest_version() == 2
        assert set(statuses(tb.concept("C000001")).values()) == {"preferred"}
        # The base takes new versions as before.
        assert tb.commit_mining([mined(*LDC)]).number == 3
        assert [c.id for c in tb.concepts()] == ["C000001", "C000002"]
    if backend == "sqlite":
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()


FOREVER = textwrap.dedent("""
    import sys
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.termbase import Termbase

    with Termbase.open(sys.argv[1], create=True) as tb:
        batch = 0
        while True:
            batch += 1
            tb.commit_mining([Concept(None, [Term("zh", f"第{batch}批第{i}号方案"), Term("en", f"plan {i} of batch {batch}")])
                              for i in range(400)])
""")


def test_a_writer_killed_at_any_moment_leaves_every_version_readable(new_base, backend):
    path = new_base()
    if backend == "postgresql":
        Termbase.open(path, create=True).close()  # a database that does not hold a termbase yet is an error
    writer = run_python(FOREVER, str(path))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if Path(path).exists() or backend == "postgresql":
            with Termbase.open(path) as tb:
                if tb.latest_version() >= 3:
                    break
        time.sleep(0.05)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    with Termbase.open(path) as tb:
        latest = tb.latest_version()
        assert latest >= 3
        for number in range(1, latest + 1):
            assert len(tb.concepts(version=number)) == 400 * number
        assert tb.commit_mining([mined(*IGF)]).number == latest + 1
    if backend == "sqlite":
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        conn.close()


# ---------------------------------------------------------------- command line


@pytest.fixture
def base_path(new_base) -> str:
    path = new_base("un-terms.db")
    with Termbase.open(path, create=True) as tb:
        tb.commit_mining([mined(*IGF), mined(*LDC)], note="A/RES/77 and 78")
        tb.commit_mining([mined("互联网治理论坛", IGF[1], frequency=3)], note="A/RES/79")
    return path


def test_cli_versions(run_cli, base_path):
    result = run_cli("termbase", "versions", base_path)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("v1") and "mine" in lines[0] and "new concepts 2" in lines[0]
    assert lines[1].endswith("A/RES/79")
    data = json.loads(run_cli("termbase", "versions", base_path, "--format", "json").stdout)
    assert [(v["number"], v["note"]) for v in data] == [(1, "A/RES/77 and 78"), (2, "A/RES/79")]


def test_cli_approve_deprecate_and_diff(run_cli, base_path, tmp_path):
    result = run_cli("termbase", "approve", base_path, "C000001", "--note", "GA usage")
    assert result.exit_code == 0
    assert "version 3 (approve): 3 term(s) now preferred" in result.stdout
    result = run_cli("termbase", "deprecate", base_path, "因特网治理论坛", "--format", "json")
    data = json.loads(result.stdout)
    assert data["version"]["number"] == 4
    assert data["changed"] == [{"concept_id": "C000001", "lang": "zh", "text": "因特网治理论坛",
                                "old": "preferred", "new": "deprecated"}]

    out = tmp_path / "diff.txt"
    assert run_cli("termbase", "diff", base_path, "1", "4", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "+ C000001 zh 互联网治理论坛 [preferred]" in text
    assert "~ C000001 zh 因特网治理论坛: candidate → deprecated" in text
    data = json.loads(run_cli("termbase", "diff", base_path, "0", "1", "--format", "json").stdout)
    assert data["added_concepts"] == ["C000001", "C000002"]


def test_cli_show_by_id_and_by_term_at_a_version(run_cli, base_path):
    result = run_cli("termbase", "show", base_path, "C000001")
    assert result.exit_code == 0
    assert "互联网治理论坛" in result.stdout
    assert "The Assembly encourages all to take part" in result.stdout
    result = run_cli("termbase", "show", base_path, "internet governance forum", "--version", "1")
    assert "C000001 (version 1)" in result.stdout
    assert "互联网治理论坛" not in result.stdout
    data = json.loads(run_cli("termbase", "show", base_path, "最不发达国家", "--format", "json").stdout)
    assert [c["id"] for c in data["concepts"]] == ["C000002"]
    assert data["concepts"][0]["pairs"][0]["examples"][0]["doc"] == "A/RES/78/132"


def test_cli_bad_input_is_a_one_line_error(run_cli, base_path, tmp_path):
    for args, message in (
        (("show", base_path, "C000077"), "no concept C000077"),
        (("show", base_path, "可持续发展目标"), "no term"),
        (("diff", base_path, "1", "9"), "version 9 does not exist"),
        (("versions", tmp_path / "missing.db"), "not found"),
        (("approve", base_path, "Forum"), "no term 'Forum'"),
    ):
        result = run_cli("termbase", *args)
        assert result.exit_code == 2, args
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_cli_group_lists_every_subcommand(run_cli):
    result = run_cli("termbase", "--help")
    assert result.exit_code == 0
    for name in ("versions", "diff", "show", "approve", "deprecate", "import", "export"):
        assert f"  {name} " in result.stdout


def test_cli_subcommand_help_has_examples(run_cli):
    for name in ("versions", "diff", "show", "approve", "deprecate"):
        result = run_cli("termbase", name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout and f"termalign termbase {name}" in result.stdout


def test_every_version_records_who_made_it(new_base):
    path = new_base("team.db")
    with Termbase.open(path, create=True, user="li.wei") as base:
        base.commit_mining([mined(*IGF)])
    with Termbase.open(path, user="a.martin") as base:
        base.set_status("C000001", "approve", kind="approve")
        assert [(v.kind, v.author) for v in base.versions()] == [("mine", "li.wei"), ("approve", "a.martin")]
    with Termbase.open(path) as base:
        assert base.user  # the login name by default, never empty
