"""`termalign batch`: manifests, bad pairs reported, resumable outputs, local and cluster runs identical."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from termalign.batch.manifest import read_manifest
from termalign.errors import UserError

# A short English text on another subject, written for these tests: paired with the
# bundled Chinese resolution it must be reported as unrelated.
OTHER_EN = """The General Assembly,

Recalling its earlier decisions on the conservation of migratory fish stocks,

1. Encourages coastal States to share catch data with regional fisheries bodies;

2. Invites donors to support observer programmes on fishing vessels;

3. Decides to review the matter at its next session.
"""


def _example(name: str) -> bytes:
    with resources.as_file(resources.files("termalign") / "examples" / name) as path:
        return Path(path).read_bytes()


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    """A manifest with two good pairs, a missing file, an empty file, a swapped pair and an unrelated pair."""
    monkeypatch.setenv("TERMALIGN_CACHE_DIR", str(tmp_path / "cache"))
    docs = tmp_path / "docs"
    docs.mkdir()
    zh, en, draft = _example("resolution.zh.txt"), _example("resolution.en.txt"), _example("draft.en.txt")
    (docs / "res.zh.txt").write_bytes(zh)
    (docs / "res.en.txt").write_bytes(en)
    (docs / "draft.en.txt").write_bytes(draft)
    (docs / "empty.zh.txt").write_bytes(b"")
    (docs / "other.en.txt").write_text(OTHER_EN, encoding="utf-8")
    manifest = docs / "pairs.csv"
    manifest.write_text("zh,en,id\n"
                        "res.zh.txt,res.en.txt,A/RES/81/236\n"
                        "res.zh.txt,draft.en.txt,draft\n"
                        "gone.zh.txt,res.en.txt,gone\n"
                        "empty.zh.txt,res.en.txt,empty\n"
                        "res.en.txt,res.zh.txt,swapped\n"
                        "res.zh.txt,other.en.txt,other\n", encoding="utf-8")
    return manifest


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_folder_conventions_pair_files_by_symbol_and_language(tmp_path):
    for name in ("A_RES_74_197_C.pdf", "A_RES_74_197_E.pdf", "report-ZH.txt", "report-EN.txt",
                 "resolution.zh.txt", "resolution.en.txt", "001.zh", "001.en", "lonely_C.docx", "notes.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    pairs = {p.doc_id: p for p in read_manifest(tmp_path)}
    assert set(pairs) == {"A/RES/74/197", "report", "resolution", "001", "lonely"}
    assert pairs["A/RES/74/197"].zh.name == "A_RES_74_197_C.pdf"
    assert pairs["A/RES/74/197"].en.name == "A_RES_74_197_E.pdf"
    assert pairs["A/RES/74/197"].safe_name == "A_RES_74_197"
    assert pairs["report"].en.name == "report-EN.txt"
    assert pairs["lonely"].en is None           # reported by the batch as a pair without its English file


def test_tsv_manifest_without_header_and_duplicate_ids(tmp_path):
    (tmp_path / "m.tsv").write_text("a.zh\ta.en\n# a comment\nb.zh\tb.en\tE/2024/1\n", encoding="utf-8")
    pairs = read_manifest(tmp_path / "m.tsv")
    assert [(p.doc_id, p.zh, p.en) for p in pairs] == [("a", tmp_path / "a.zh", tmp_path / "a.en"),
                                                      ("E/2024/1", tmp_path / "b.zh", tmp_path / "b.en")]
    (tmp_path / "dup.csv").write_text("a.zh,a.en,X\nb.zh,b.en,X\n", encoding="utf-8")
    with pytest.raises(UserError, match="two pairs are named 'X'"):
        read_manifest(tmp_path / "dup.csv")


@pytest.mark.slow
def test_bad_pairs_are_reported_and_the_batch_finishes(run_cli, corpus, tmp_path):
    out = tmp_path / "out"
    result = run_cli("batch", corpus, "-o", out, "--workers", "1", "--date", "2026-12-18")
    assert result.exit_code == 1, result.output
    summary = (out / "summary.csv").read_text(encoding="utf-8").splitlines()
    rows = {line.split(",")[0]: line for line in summary[1:]}
    assert list(rows) == ["A/RES/81/236", "draft", "gone", "empty", "swapped", "other"]
    assert ",aligned," in rows["A/RES/81/236"] and ",aligned," in rows["draft"]
    assert "gone.zh.txt does not exist" in rows["gone"]
    assert "empty.zh.txt is empty" in rows["empty"]
    assert "swapped" in rows["swapped"] and "looks English" in rows["swapped"]
    assert ",unrelated," in rows["other"] and ",yes," in rows["other"]
    assert "termalign-batch-" not in result.stderr          # messages name the user's files, not temp copies
    tmx = (out / "combined.tmx").read_text(encoding="utf-8")
    assert 'creationdate="20261218T000000Z"' in tmx
    assert "<prop type=\"x-document\">A/RES/81/236</prop>" in tmx and "<prop type=\"x-document\">draft</prop>" in tmx
    assert not (out / "pairs" / "other.jsonl").exists()     # an unrelated pair is reported, not aligned
    assert "A/RES/81/236" in (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_rerun_redoes_only_unfinished_pairs(run_cli, corpus, tmp_path):
    out = tmp_path / "out"
    run_cli("batch", corpus, "-o", out, "--workers", "1")
    before = _digests(out)
    # A batch killed while "draft" was in flight: its outputs may be there, its record is not.
    # (The missing file "gone" has no record and is looked at again on every run.)
    (out / "pairs" / "draft.done.json").unlink()
    (out / "pairs" / "draft.tmx").write_bytes(b"half a file")
    result = run_cli("batch", corpus, "-o", out, "--workers", "1")
    assert "4 done by an earlier run, 1 run now" in result.stderr, result.stderr
    assert _digests(out) == before
    # a damaged output of a finished pair is noticed and that pair redone
    (out / "pairs" / "A_RES_81_236.jsonl").write_text("{}\n", encoding="utf-8")
    result = run_cli("batch", corpus, "-o", out, "--workers", "1")
    assert "4 done by an earlier run, 1 run now" in result.stderr
    assert _digests(out) == before


@pytest.mark.slow
@pytest.mark.cluster
def test_local_cluster_run_is_byte_identical_to_the_in_process_run(run_cli, corpus, tmp_path):
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    local, cluster = tmp_path / "local", tmp_path / "cluster"
    run_cli("batch", corpus, "-o", local, "--workers", "1", "--date", "2026-12-18")
    result = run_cli("batch", corpus, "-o", cluster, "--workers", "2", "--date", "2026-12-18")
    assert "in 2 local worker processes" in result.stderr, result.stderr
    assert _digests(local) == _digests(cluster)
    assert len(_digests(local)) >= 10


@pytest.mark.slow
def test_batch_mines_the_aligned_pairs_into_one_version(run_cli, corpus, tmp_path):
    from termalign.glossary.termbase import Termbase

    tb = tmp_path / "tb.sqlite"
    result = run_cli("batch", corpus, "-o", tmp_path / "out", "--workers", "1", "--termbase", tb,
                     "--min-count", "2", "--no-similarity")
    assert "version 1" in result.stderr, result.stderr
    with Termbase.open(tb) as base:
        assert base.find("数字鸿沟", "zh")


def test_an_output_folder_that_is_a_file_is_refused(run_cli, corpus, tmp_path):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_cli("batch", corpus, "-o", tmp_path / "file", "--workers", "1")
    assert result.exit_code == 2


@pytest.mark.slow
@pytest.mark.cluster
def test_mining_on_two_local_workers_equals_mining_in_this_process(shared_dir, tmp_path):
    """Shards of aligned documents counted on two worker processes and merged here propose the same
    pairs, scores and concepts as one process mining every unit."""
    pytest.importorskip("distributed", reason="dask.distributed is not installed")
    from termalign.align.bitext import BeadRecord, write_jsonl
    from termalign.batch.executor import InProcess, OnDask
    from termalign.batch.mine import mine_batch
    from termalign.batch.task import OK
    from termalign.glossary.mining import MiningOptions

    source = shared_dir / "data/unpc-v1.0-testsets"
    zh = (source / "derived/UNv1.0.devset.zh.detok").read_text(encoding="utf-8").splitlines()[:800]
    en = (source / "original/UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:800]
    (tmp_path / "pairs").mkdir()
    rows = []
    for d in range(8):
        name = f"pairs/unpc-dev-{d}.jsonl"
        with open(tmp_path / name, "w", encoding="utf-8") as handle:
            write_jsonl([BeadRecord(doc=f"unpc-dev-{d}", level="sentence", zh_ids=[f"s{i}"], en_ids=[f"s{i}"],
                                    zh=zh[i], en=en[i], type="1-1", score=1.0) for i in range(d * 100, d * 100 + 100)],
                        handle)
        rows.append({"status": OK, "jsonl": name})
    options = MiningOptions(similarity=False)
    alone = mine_batch(tmp_path, rows, [], options, InProcess())
    cluster = OnDask(workers=2)
    try:
        sharded = mine_batch(tmp_path, rows, [], options, cluster, size=3)
    finally:
        cluster.close()
    assert len(alone.pairs) > 50
    assert [(p.evidence, round(p.score, 9)) for p in sharded.pairs] == [(p.evidence, round(p.score, 9)) for p in alone.pairs]
    assert sharded.concepts == alone.concepts
    assert any(p.evidence.zh == "大会" and p.evidence.en == "General Assembly" for p in sharded.pairs)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux-only")
def test_a_process_limited_to_one_core_runs_one_single_threaded_worker():
    """Under `taskset -c 0` (or a one-core container) the defaults follow the cores the process may
    use, not the machine's: one worker in this process, and one thread for the encoder and BLAS."""
    code = ("import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
            "from termalign.batch.executor import make_executor, worker_environment; "
            "print(type(make_executor()).__name__, worker_environment(1)['TERMALIGN_THREADS'])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["InProcess", "1"]
