"""What only a server brings: schema bookkeeping on PostgreSQL, many writers, a restarted server,
credentials kept out of messages, and `termbase copy` between the two backends with full history.

The behaviour both backends share is tested in tests/test_termbase.py, which runs on each.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from termalign.errors import UserError
from termalign.glossary import termbase as termbase_module
from termalign.glossary.lookup import Lookup
from termalign.glossary.termbase import Termbase
from test_termbase import CSTD, IGF, LDC, glossary_entry, mined, run_python, statuses

pytestmark = pytest.mark.postgres


def test_a_newer_schema_on_the_server_is_refused(pg_server):
    url = pg_server.new_database()
    Termbase.open(url, create=True).close()
    pg_server.sql(f"UPDATE termalign_meta SET schema_version = {len(termbase_module.MIGRATIONS) + 1}",
                  url.rsplit("/", 1)[1])
    with pytest.raises(UserError, match="newer termalign.*upgrade"):
        Termbase.open(url)


def test_a_database_without_a_termbase_is_refused_unless_created(pg_server):
    url = pg_server.new_database()
    with pytest.raises(UserError, match="holds no termbase"):
        Termbase.open(url)
    pg_server.sql("CREATE TABLE invoices (number integer)", url.rsplit("/", 1)[1])
    with pytest.raises(UserError, match="other tables"):
        Termbase.open(url, create=True)


def test_a_termbase_of_the_first_schema_is_migrated_on_the_server(pg_server, monkeypatch):
    url = pg_server.new_database()
    monkeypatch.setattr(termbase_module, "MIGRATIONS", termbase_module.MIGRATIONS[:1])
    with Termbase.open(url, create=True) as old:
        assert old.schema_version() == 1
    monkeypatch.undo()
    dbname = url.rsplit("/", 1)[1]
    for statement in ("INSERT INTO versions VALUES (1, '2026-01-05T10:00:00Z', 'mine', '', '{}')",
                      "INSERT INTO concepts (num, created) VALUES (1, 1)",
                      "INSERT INTO terms VALUES (1, 1, 'en', 'Internet Governance Forum', "
                      "'internet governance forum', 1)",
                      "INSERT INTO term_states VALUES (1, 1, NULL, 'candidate', 'fullForm', 5, 3, '')"):
        pg_server.sql(statement, dbname)
    with Termbase.open(url, user="a.martin") as base:
        assert base.schema_version() == len(termbase_module.MIGRATIONS)
        assert [v.author for v in base.versions()] == [""]
        assert base.set_status("C000001", "approve", kind="approve").author == "a.martin"
        assert statuses(base.concept("C000001")) == {"Internet Governance Forum": "preferred"}


def test_the_author_is_the_database_role_by_default(pg_server):
    with Termbase.open(pg_server.new_database(), create=True) as base:
        assert base.commit_mining([mined(*IGF)]).author == "termalign"


MANY = textwrap.dedent("""
    import sys
    from termalign.glossary.concepts import Concept, Term
    from termalign.glossary.termbase import Termbase

    url, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with Termbase.open(url, user=name) as tb:
        for i in range(rounds):
            tb.commit_mining([Concept(None, [Term("en", f"{name} working group {i}", frequency=i + 1),
                                             Term("zh", f"{name}第{i}工作组")])], note=f"{name} {i}")
""")


def test_eight_writers_at_once_each_land_every_version(pg_server):
    url = pg_server.new_database()
    Termbase.open(url, create=True).close()
    names = [f"writer{n}" for n in range(8)]
    writers = [run_python(MANY, url, name, "25") for name in names]
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    with Termbase.open(url) as tb:
        versions = tb.versions()
        assert [v.number for v in versions] == list(range(1, 201))
        assert sorted(v.note for v in versions) == sorted(f"{name} {i}" for name in names for i in range(25))
        assert all(v.note.startswith(v.author) for v in versions)
        concepts = tb.concepts()
        assert len(concepts) == 200 and len({c.id for c in concepts}) == 200
        # Each version holds exactly what its writer had committed by then.
        assert len(tb.concepts(version=100)) == 100


def test_the_server_restarted_between_two_commands(pg_server, run_cli):
    url = pg_server.new_database()
    with Termbase.open(url, create=True) as tb:
        tb.commit_mining([mined(*IGF), mined(*LDC)])
    assert run_cli("termbase", "approve", url, "C000001", "--user", "li.wei").exit_code == 0
    held = Termbase.open(url)
    pg_server.restart()
    # A handle that lost its connection says so in one line; a new command works as before.
    with pytest.raises(UserError, match="lost the connection"):
        held.latest_version()
    held.close()
    result = run_cli("termbase", "versions", url)
    assert result.exit_code == 0
    assert "li.wei" in result.stdout.splitlines()[1] and "approve" in result.stdout
    with Termbase.open(url) as tb:
        assert set(statuses(tb.concept("C000001")).values()) == {"preferred"}


def test_a_password_never_appears_in_a_message(pg_server, run_cli):
    # Nothing listens on this port: the connection fails, and the message names the server without the password.
    port = pg_server.port + 1 if pg_server.port < 65535 else pg_server.port - 1
    url = f"postgresql://reviewer:Secr3t-Pa55@127.0.0.1:{port}/unterm"
    with pytest.raises(UserError) as caught:
        Termbase.open(url)
    assert "Secr3t-Pa55" not in str(caught.value)
    assert "reviewer@127.0.0.1" in str(caught.value)
    result = run_cli("lookup", "数字鸿沟", "--termbase", url)
    assert result.exit_code == 2
    assert "Secr3t-Pa55" not in result.output and "cannot connect" in result.output


def test_the_termbase_is_taken_from_the_environment(pg_server, run_cli, monkeypatch):
    url = pg_server.new_database()
    with Termbase.open(url, create=True) as tb:
        tb.commit_import([glossary_entry(*CSTD)])
    monkeypatch.setenv("TERMALIGN_TERMBASE", url)
    result = run_cli("lookup", "科学和技术促进发展委员会", "--format", "json")
    assert result.exit_code == 0, result.output
    hit = json.loads(result.stdout)["hits"][0]
    assert hit["match"] == "exact" and hit["concept"]["id"] == "C000001"


def _history(base: Termbase) -> list:
    """Everything a reader can ask of a termbase, version by version."""
    return [(v.number, v.created, v.kind, v.note, v.counts, v.author, base.concepts(version=v.number),
             base.diff(v.number - 1, v.number).to_dict()) for v in base.versions()]


def _lookups(base: Termbase) -> list:
    answers = []
    for version in range(1, base.latest_version() + 1):
        finder = Lookup(base, version=version)
        for query in ("因特网治理论坛", "internet", "互联网治理论坛", "least developed countries", "委员会"):
            answers.append(finder.search(query, fuzzy=True).to_dict())
    return answers


def _build_history(base: Termbase) -> None:
    base.commit_mining([mined(*IGF), mined(*LDC)], note="A/RES/77")
    base.set_status("C000001", "approve", kind="approve")
    base.commit_import([glossary_entry(*CSTD, concept_id="C000040")], note="UNTERM")
    base.commit_mining([mined("互联网治理论坛", IGF[1], frequency=3)], note="A/RES/79")
    base.set_status("因特网治理论坛", "deprecate", kind="deprecate")


@pytest.mark.parametrize("direction", ["sqlite-to-postgresql", "postgresql-to-sqlite"])
def test_copy_keeps_the_whole_history_in_either_direction(pg_server, tmp_path, run_cli, direction):
    file, url = str(tmp_path / "un-terms.db"), pg_server.new_database()
    src, dst = (file, url) if direction == "sqlite-to-postgresql" else (url, file)
    with Termbase.open(src, create=True, user="li.wei") as base:
        _build_history(base)
        before, before_lookups = _history(base), _lookups(base)
    result = run_cli("termbase", "copy", src, dst)
    assert result.exit_code == 0, result.output
    with Termbase.open(dst) as copy:
        assert _history(copy) == before
        assert _lookups(copy) == before_lookups
        # The copy goes on numbering where the original would: no concept id is handed out twice.
        copy.commit_mining([mined("数字鸿沟", "digital divide")])
        assert [c.id for c in copy.concepts()][-1] == "C000041"
    exports = [run_cli("termbase", "export", where, "--version", "2", "--format", "tsv", "--include-candidates",
                       "-o", tmp_path / f"v2-{n}.tsv") for n, where in enumerate((src, dst))]
    assert all(r.exit_code == 0 for r in exports)
    assert (tmp_path / "v2-0.tsv").read_bytes() == (tmp_path / "v2-1.tsv").read_bytes()
    assert "Internet Governance Forum" in (tmp_path / "v2-0.tsv").read_text(encoding="utf-8")


def test_copy_refuses_a_target_that_holds_versions(pg_server, tmp_path, run_cli):
    url = pg_server.new_database()
    with Termbase.open(url, create=True) as base:
        base.commit_mining([mined(*IGF)])
    with Termbase.open(tmp_path / "a.db", create=True) as base:
        base.commit_mining([mined(*LDC)])
    result = run_cli("termbase", "copy", tmp_path / "a.db", url)
    assert result.exit_code == 2 and "already holds versions" in result.output
    with Termbase.open(url) as base:
        assert base.latest_version() == 1


def test_diff_and_tbx_export_name_who_made_each_version(pg_server, tmp_path, run_cli):
    url = pg_server.new_database()
    with Termbase.open(url, create=True, user="li.wei") as base:
        base.commit_mining([mined(*IGF)], note="A/RES/78")
    assert run_cli("termbase", "approve", url, "C000001", "--user", "a.martin").exit_code == 0
    text = run_cli("termbase", "diff", url, "1", "2").stdout
    assert "v2 approve by a.martin" in text
    data = json.loads(run_cli("termbase", "diff", url, "0", "2", "--format", "json").stdout)
    assert [v["author"] for v in data["versions"]] == ["li.wei", "a.martin"]
    out = tmp_path / "terms.tbx"
    assert run_cli("termbase", "export", url, "--format", "tbx", "-o", out).exit_code == 0
    assert "by a.martin" in out.read_text(encoding="utf-8")


def test_the_remembered_direction_lives_on_the_server_and_travels_with_a_copy(pg_server, tmp_path, run_cli):
    url = pg_server.new_database()
    listing = tmp_path / "en-zh.txt"
    listing.write_text("Internet Governance Forum\t因特网治理论坛\nleast developed countries\t最不发达国家\n",
                       encoding="utf-8")
    assert run_cli("termbase", "import", url, listing).exit_code == 0
    with Termbase.open(url) as base:
        assert base.setting("src_lang") == "en"
    exported = run_cli("termbase", "export", url, "--format", "tsv")
    assert exported.stdout.startswith(("Internet Governance Forum\t因特网治理论坛", "least developed countries\t"))
    assert run_cli("termbase", "copy", url, tmp_path / "copy.db").exit_code == 0
    with Termbase.open(tmp_path / "copy.db") as copy:
        assert copy.setting("src_lang") == "en"
