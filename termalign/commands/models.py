"""`termalign models`: the encoders this installation can use."""

from __future__ import annotations

import json
import time

import click


@click.command("models")
@click.option("--check", "check_spec", metavar="SPEC",
              help="Load SPEC (e.g. use-m3, st:/models/LaBSE) and embed a test pair to show it works.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def models(check_spec: str | None, fmt: str) -> None:
    """List the available encoders, their dimension and whether they are installed.

    \b
    Examples:
      termalign models
      termalign models --check st:/models/LaBSE
    """
    from termalign.models import DEFAULT_SPEC, REGISTRY

    if check_spec:
        rows = [_check(check_spec)]
    else:
        rows = [{"spec": info.spec, "dim": info.dim, "installed": info.installed,
                 "default": info.spec == DEFAULT_SPEC, "description": info.description}
                for info in REGISTRY.values()]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        if check_spec:
            click.echo(f"{row['spec']}: dim {row['dim']}, loaded in {row['load_s']:.2f} s, "
                       f"cosine(zh, its en) {row['cos_translation']:.3f} vs cosine(zh, other en) {row['cos_other']:.3f}")
            continue
        mark = "installed" if row["installed"] else "not installed"
        dim = row["dim"] if row["dim"] else "model's own"
        default = " (default)" if row["default"] else ""
        click.echo(f"{row['spec']:<10} dim {dim:<12} {mark:<14} {row['description']}{default}")


def _check(spec: str) -> dict:
    from termalign.models import load_encoder

    start = time.perf_counter()
    encoder = load_encoder(spec, cache=False)
    vectors = encoder.encode(["大会通过了这项决议。", "The General Assembly adopted the resolution.",
                              "Heavy rain is expected in the mountains tomorrow."])
    return {"spec": spec, "dim": encoder.dim, "load_s": time.perf_counter() - start,
            "cos_translation": float(vectors[0] @ vectors[1]), "cos_other": float(vectors[0] @ vectors[2])}
