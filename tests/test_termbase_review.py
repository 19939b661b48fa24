"""Review operations on the termbase: edit a term, merge two concepts, split a variant off, admit,
and the optimistic check that keeps two reviewers from overwriting each other."""

from __future__ import annotations

import json

import pytest

from termalign.glossary.concepts import Concept, Example, PairEvidence, Term
from termalign.glossary.termbase import ConflictError, Termbase
from termalign.errors import UserError


def example(zh: str, en: str) -> Example:
    return Example(doc="A/RES/79/194", bead="A/RES/79/194#s12", zh_paragraph="p12", en_paragraph="p12",
                   zh=f"鼓励会员国积极参加{zh}今后的会议。",
                   en=f"Encourages Member States to take an active part in future meetings of the {en}.")


def mined(*pairs: tuple[str, str, int]) -> Concept:
    """One concept holding the given (zh, en, frequency) pairs, all candidates, as mining proposes it."""
    terms: dict[tuple[str, str], Term] = {}
    evidence = []
    for zh, en, frequency in pairs:
        terms.setdefault(("zh", zh), Term("zh", zh, frequency=frequency, documents=2))
        terms.setdefault(("en", en), Term("en", en, frequency=frequency, documents=2))
        evidence.append(PairEvidence(zh, en, frequency=frequency, documents=2, association=40.0 + frequency,
                                     consistency=0.9, similarity=0.8, examples=[example(zh, en)]))
    return Concept(id=None, terms=list(terms.values()), pairs=evidence)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def tb(request, tmp_path):
    """The same review termbase on an SQLite file and on a PostgreSQL server."""
    location = tmp_path / "terms.db" if request.param == "sqlite" else request.getfixturevalue("pg_server").new_database()
    with Termbase.open(location, create=True, user="wang") as base:
        base.opened_as = location    # to open it a second time, as another reviewer
        base.commit_mining([
            mined(("因特网治理论坛", "Internet Governance Forum", 9), ("互联网治理论坛", "Internet Governance Forum", 3)),
            mined(("最不发达国家", "the least developed countries", 7)),
            mined(("发展", "development", 30), ("发展", "developing", 5)),
        ], note="first run")
        # Mining would fold this into C000002 (they share 最不发达国家); an import keeps it a concept of its own.
        base.commit_import([mined(("最不发达国家", "LDCs", 4))], note="vendor list")
        yield base


def terms(base: Termbase, cid: str, version: int | None = None) -> dict[str, str]:
    return {t.text: t.status for t in base.concept(cid, version).terms}


def test_edit_term_keeps_status_and_evidence_and_history(tb):
    tb.set_status("C000002", "approve", kind="approve")
    version = tb.edit_term("C000002", "en", "the least developed countries", "least developed countries",
                           note="no article in a term")
    assert (version.kind, version.author, version.note) == ("edit", "wang", "no article in a term")
    now = tb.concept("C000002")
    assert terms(tb, "C000002") == {"最不发达国家": "preferred", "least developed countries": "preferred"}
    assert [(p.zh, p.en, p.frequency) for p in now.pairs] == [("最不发达国家", "least developed countries", 7)]
    assert now.pairs[0].examples[0].en.endswith("the least developed countries.")
    # The version before still shows the old form.
    assert "the least developed countries" in terms(tb, "C000002", version.number - 1)
    diff = tb.diff(version.number - 1, version.number)
    assert [(c.text, c.new) for c in diff.added] == [("least developed countries", "preferred")]
    assert [(c.text, c.old) for c in diff.removed] == [("the least developed countries", "preferred")]
    # Lookups find the new form by key.
    assert [r.concept_id for r in tb.find("LEAST developed countries", "en")] == ["C000002"]
    assert tb.find("the least developed countries", "en") == []


def test_edit_term_refusals_write_nothing(tb):
    latest = tb.latest_version()
    with pytest.raises(UserError, match="only in case"):
        tb.edit_term("C000001", "en", "Internet Governance Forum", "internet governance forum")
    with pytest.raises(UserError, match="already has the zh term"):
        tb.edit_term("C000001", "zh", "互联网治理论坛", "因特网治理论坛")
    with pytest.raises(UserError, match="no en term"):
        tb.edit_term("C000001", "en", "Internet Forum", "Internet Governance Forum")
    with pytest.raises(UserError, match="Chinese characters"):
        tb.edit_term("C000001", "en", "Internet Governance Forum", "因特网")
    with pytest.raises(UserError, match="no concept C000077"):
        tb.edit_term("C000077", "en", "Internet Governance Forum", "IGF")
    assert tb.latest_version() == latest


def test_merge_moves_terms_and_evidence_and_empties_the_source(tb):
    tb.set_status("LDCs", "admit", kind="admit")
    version = tb.merge_concepts("C000004", "C000002", note="acronym of the same group")
    assert version.kind == "merge"
    assert terms(tb, "C000002") == {"最不发达国家": "candidate", "the least developed countries": "candidate",
                                    "LDCs": "admitted"}
    assert sorted((p.en, p.frequency) for p in tb.concept("C000002").pairs) == [
        ("LDCs", 4), ("the least developed countries", 7)]
    with pytest.raises(UserError, match="no concept C000004"):
        tb.concept("C000004")
    assert terms(tb, "C000004", version.number - 1) == {"最不发达国家": "candidate", "LDCs": "admitted"}
    diff = tb.diff(version.number - 1, version.number)
    assert diff.removed_concepts == ["C000004"]
    # The term both had is one term of the merged concept, found once.
    assert [r.concept_id for r in tb.find("最不发达国家", "zh")] == ["C000002"]
    with pytest.raises(UserError, match="no concept C000004"):
        tb.merge_concepts("C000004", "C000001")
    with pytest.raises(UserError, match="into itself"):
        tb.merge_concepts("C000001", "c1")


def test_merge_keeps_a_decision_over_a_candidate(tb):
    tb.set_status("C000004", "preferred")
    tb.merge_concepts("C000004", "C000002")
    assert terms(tb, "C000002")["最不发达国家"] == "preferred"


def test_split_moves_a_sense_off_with_its_translation(tb):
    version, new_id = tb.split_term("C000003", "en", "developing", note="another sense")
    assert (version.kind, new_id) == ("split", "C000005")
    assert terms(tb, "C000003") == {"发展": "candidate", "development": "candidate"}
    assert terms(tb, new_id) == {"developing": "candidate", "发展": "candidate"}
    assert [(p.zh, p.en) for p in tb.concept(new_id).pairs] == [("发展", "developing")]
    assert [(p.zh, p.en) for p in tb.concept("C000003").pairs] == [("发展", "development")]
    assert tb.diff(version.number - 1, version.number).added_concepts == [new_id]
    tb.commit_import([Concept(None, [Term("en", "capacity-building", status="preferred")])])
    latest = tb.latest_version()
    with pytest.raises(UserError, match="only term of C000006"):
        tb.split_term("C000006", "en", "Capacity building")
    with pytest.raises(UserError, match="no zh term"):
        tb.split_term("C000003", "zh", "发展中")
    assert tb.latest_version() == latest


def test_a_term_moved_out_can_come_back(tb):
    tb.edit_term("C000001", "zh", "互联网治理论坛", "互联网治理论坛会议")
    tb.edit_term("C000001", "zh", "互联网治理论坛会议", "互联网治理论坛")
    assert "互联网治理论坛" in terms(tb, "C000001")
    # Mining proposes the old form again into the same concept: no clash with the stored row.
    tb.commit_mining([mined(("互联网治理论坛会议", "Internet Governance Forum", 2))])
    assert {"互联网治理论坛", "互联网治理论坛会议"} <= set(terms(tb, "C000001"))


def test_concept_version_and_the_optimistic_check(tb):
    seen = tb.concept_version("C000002")
    assert seen == 1
    with Termbase.open(tb.opened_as, user="li") as other:
        other.set_status("C000002", "deprecate", kind="deprecate", expect={"C000002": seen})
    assert tb.concept_version("C000002") == 3
    latest = tb.latest_version()
    with pytest.raises(ConflictError, match=r"C000002 was changed by li in version 3 \(deprecate\)"):
        tb.set_status("C000002", "approve", kind="approve", expect={"C000002": seen})
    with pytest.raises(ConflictError):
        tb.merge_concepts("C000004", "C000002", expect={"C000004": 2, "C000002": seen})
    assert tb.latest_version() == latest
    assert set(terms(tb, "C000002").values()) == {"deprecated"}
    # Another concept's change does not stop a decision.
    tb.set_status("C000003", "approve", kind="approve", expect={"C000003": tb.concept_version("C000003")})
    assert tb.versions()[-1].author == "wang"


def test_cli_admit_edit_merge_split(run_cli, tmp_path):
    path = tmp_path / "cli.db"
    with Termbase.open(path, create=True) as base:
        base.commit_mining([mined(("最不发达国家", "the least developed countries", 7)),
                            mined(("发展", "development", 30), ("发展", "developing", 5))])
        base.commit_import([mined(("最不发达国家", "LDCs", 4))])
    result = run_cli("termbase", "admit", path, "LDCs", "--note", "acronym")
    assert result.exit_code == 0 and "version 3 (admit): 1 term(s) now admitted" in result.stdout
    result = run_cli("termbase", "edit", path, "C000001", "the least developed countries",
                     "least developed countries")
    assert result.exit_code == 0
    assert "+ C000001 en least developed countries [candidate]" in result.stdout
    assert "- C000001 en the least developed countries [candidate]" in result.stdout
    result = run_cli("termbase", "merge", path, "C000003", "C000001", "--format", "json")
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["version"]["kind"] == "merge" and payload["diff"]["removed_concepts"] == ["C000003"]
    result = run_cli("termbase", "split", path, "c2", "developing")
    assert result.exit_code == 0 and "developing split off C000002 into C000004" in result.stdout
    result = run_cli("termbase", "merge", path, "C000009", "C000001")
    assert result.exit_code == 2 and "termalign: error: no concept C000009" in result.stderr
    versions = run_cli("termbase", "versions", path).stdout
    assert "merge" in versions and "terms moved out" in versions
