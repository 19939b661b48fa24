"""`termalign mine`: aligned texts → term pairs → one new version of a termbase."""

from __future__ import annotations

from pathlib import Path

import click

from termalign import progress
from termalign.commands.termbase_option import ENV_VAR, LOCATION, USER, shown
from termalign.errors import UserError


@click.command("mine")
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...",
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-t", "--termbase", required=True, metavar="TB", type=LOCATION, envvar=ENV_VAR,
              help="The termbase to add to: a file (created when missing) or a postgresql:// URL "
                   "[default: $TERMALIGN_TERMBASE].")
@USER
@click.option("--note", default="", metavar="TEXT", help="A note stored with the new version.")
@click.option("--min-count", type=click.IntRange(min=1), default=3, show_default=True, metavar="N",
              help="Aligned units a pair must be linked in to be proposed.")
@click.option("--model", default="use-m3", show_default=True, metavar="SPEC",
              help="Encoder for the similarity feature (see `termalign models`).")
@click.option("--no-similarity", is_flag=True,
              help="Rank pairs without the encoder's similarity of the two strings (faster).")
@click.option("--no-cache", is_flag=True, help="Do not read or write the on-disk embedding cache.")
def mine(inputs: tuple[Path, ...], termbase: Path | str, user: str | None, note: str, min_count: int, model: str,
         no_similarity: bool, no_cache: bool) -> None:
    """Mine consistently translated term pairs from aligned texts into a termbase.

    INPUT is an alignment saved by `termalign align --format jsonl`, or a TMX
    memory (zh and en units). Several inputs are mined together, so a term seen
    in five documents counts as stronger evidence than one seen once. Each run
    is one new version of the termbase: new pairs become candidate terms,
    grouped into concepts with their variants, and terms a person has
    approved or deprecated keep their status.

    \b
    Examples:
      termalign mine a-res-70-125.jsonl a-res-70-1.jsonl --termbase un.db --note "GA 70"
      termalign mine memory.tmx --termbase un.db --min-count 5 --no-similarity
    """
    from termalign.align.alignment_files import read_bitext
    from termalign.glossary.mining import MiningOptions, TermMiner
    from termalign.glossary.termbase import Termbase

    seen = [path.resolve() for path in inputs]
    for path, resolved in zip(inputs, seen):
        if seen.count(resolved) > 1:
            raise UserError(f"{path} is given twice; each input counts as evidence once, so give it once")
    accepted: list[str] = []
    if isinstance(termbase, str) or termbase.exists():
        # Refuse a file that is not a termbase before spending minutes on mining.
        with Termbase.open(termbase, create=isinstance(termbase, str), user=user, write=True) as tb:
            accepted = tb.accepted_terms("zh")
    if not no_similarity:
        from termalign.models import load_encoder

        load_encoder(model, cache=not no_cache)  # a wrong --model fails now, not after the mining
    miner = TermMiner(accepted, MiningOptions(min_count=min_count, similarity=not no_similarity, model=model,
                                               cache=not no_cache))
    empty = [path for path in progress.track(inputs, desc="mine", unit="file") if not miner.add(read_bitext(path))]
    if not miner.units:
        raise UserError(f"no aligned units to mine in {', '.join(map(str, inputs))}; give alignments saved by "
                        "`termalign align --format jsonl` or a TMX memory with zh and en units")
    for path in empty:
        progress.info(f"{path}: no aligned units with text on both sides; skipped")
    result = miner.mine()
    phrases = sum(1 for c in result.concepts if c.kind == "phraseology")
    stats = {"units": result.units, "documents": result.documents,
             "candidates_zh": result.candidates["zh"], "candidates_en": result.candidates["en"],
             "pairs_proposed": len(result.pairs), "phraseology": phrases, "pairs_refused": len(result.refused)}
    with Termbase.open(termbase, create=True, user=user) as tb:
        version = tb.commit_mining(result.concepts, note=note, stats=stats)
    progress.info(f"mined {result.units} units from {len(inputs)} input(s), {result.documents} document(s): "
                  f"candidates zh {result.candidates['zh']}, en {result.candidates['en']}; "
                  f"{len(result.pairs)} term pairs proposed and {phrases} UN phraseology, in {len(result.concepts)} "
                  f"concepts; {len(result.refused)} pairs refused (general words, contradicted pairs)")
    progress.info(f"{shown(termbase)}: version {version.number}: {version.counts.get('concepts_added', 0)} new concepts, "
                  f"{version.counts.get('concepts_changed', 0)} changed concepts")
