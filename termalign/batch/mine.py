"""Mining a batch's aligned pairs as one corpus, shard by shard on the batch's workers.

Each shard is a run of consecutive aligned documents (`SHARD_DOCUMENTS`); the
workers read and count them (`glossary.shards`) and keep them until the run
ends; this process merges the counts and ranks (`glossary.mining.mine_shards`).
The result is the same whatever the shard size or the number of workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from termalign.batch.run import aligned_files
from termalign.glossary.mining import MiningOptions, MiningResult, mine_shards

# Documents per shard: resolution-size pairs are 200–400 units, so a shard is
# some 10,000 units — a few seconds of counting and a few tens of MB on a worker.
SHARD_DOCUMENTS = 32


def shard_files(outdir: Path, rows: list[dict], size: int = SHARD_DOCUMENTS) -> Iterator[list[Path]]:
    """The aligned pairs' jsonl files, in manifest order, SIZE at a time."""
    files = aligned_files(outdir, rows)
    for start in range(0, len(files), size):
        yield files[start:start + size]


def mine_batch(outdir: Path, rows: list[dict], accepted_zh: list[str], options: MiningOptions,
               executor, size: int = SHARD_DOCUMENTS) -> MiningResult:
    """Mine the aligned pairs of a batch. Workers on this machine read the files themselves; a
    remote cluster is sent each shard's units, read here one shard at a time."""
    from termalign.glossary import shards as remote

    accepted = executor.share(list(accepted_zh))

    def scanned():
        for i, files in enumerate(shard_files(outdir, rows, size)):
            sources = [str(f) for f in files] if executor.local else [list(remote.records(f)) for f in files]
            yield executor.submit(remote.scan, sources, accepted, key=f"mine-scan-{i}-{files[0].stem}")

    # an iterator: no list here holds the whole shards once their vocabularies are counted
    return mine_shards(scanned(), executor, options)
