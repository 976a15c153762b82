"""``taskclf model list | inspect | compare | activate | prune | pin | unpin``: the bundles on
disk, how good each one is (alone or against another), and which of them to keep."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from taskclf.cli.common import console, handle_errors, settings_of
from taskclf.core.errors import InvalidInput
from taskclf.core.requests import DateRange

app = typer.Typer(no_args_is_help=True, help="List, inspect, activate and prune model bundles.")


@app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Every bundle, newest first, with why it is invalid when it is."""
    from taskclf.registry import get_active, list_bundles, pinned_ids  # LightGBM: on use

    models_dir = settings_of(ctx).models_dir
    infos = list_bundles(models_dir)
    if as_json:
        typer.echo(json.dumps([info.to_dict() for info in infos], indent=2))
        return
    console.print(_bundles_table(infos, get_active(models_dir), pinned_ids(models_dir)))


def _bundles_table(infos: list[Any], active: str | None, pinned: set[str]) -> Table:
    table = Table("model_id", "valid", "macro F1", "weighted F1", "created_at", "note")
    for info in infos:
        marks = " (active)" if info.model_id == active else ""
        marks += " (pinned)" if info.model_id in pinned else ""
        table.add_row(
            info.model_id + marks,
            "yes" if info.valid else "[red]no[/]",
            _num(info.macro_f1),
            _num(info.weighted_f1),
            info.created_at or "",
            info.invalid_reason or "",
        )
    return table


@app.command("inspect")
@handle_errors
def inspect(
    ctx: typer.Context,
    model_id: Annotated[str | None, typer.Argument(help="Bundle id (see `model list`).")] = None,
    current: Annotated[bool, typer.Option("--current", help="The active model.")] = False,
    date_from: Annotated[str | None, typer.Option("--from", help="Replay from YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Replay to YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Saved validation metrics; with --from/--to also held-out test metrics on that range."""
    settings = settings_of(ctx)
    if (model_id is None) == (not current):
        raise InvalidInput("give either MODEL_ID or --current", field="model_id")
    from taskclf.jobs.train import evaluate_bundle_on_range
    from taskclf.registry import current_model_id, inspect_bundle

    chosen = model_id or current_model_id(settings.models_dir)
    if (date_from is None) != (date_to is None):
        raise InvalidInput("--from and --to go together", field="date_from")
    if date_from is not None:
        span = DateRange.model_validate({"date_from": date_from, "date_to": date_to})
        payload = evaluate_bundle_on_range(settings, chosen, span.date_from, span.date_to)
    else:
        payload = inspect_bundle(settings.models_dir, chosen)
    if as_json:
        typer.echo(json.dumps(payload, indent=2))
    else:
        _print_inspect(payload)


@app.command("compare")
@handle_errors
def compare(
    ctx: typer.Context,
    model_a: Annotated[str, typer.Argument(help="First bundle id (see `model list`).")],
    model_b: Annotated[str, typer.Argument(help="Second bundle id.")],
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Both models replayed on the same labelled minutes: per-class F1 side by side, where
    they disagree, and which is better overall and on the newest days."""
    from taskclf.jobs.compare import compare_models

    span = DateRange.model_validate({"date_from": date_from, "date_to": date_to})
    payload = compare_models(settings_of(ctx), model_a, model_b, span.date_from, span.date_to)
    if as_json:
        typer.echo(json.dumps(payload, indent=2))
    else:
        _print_compare(payload)


@app.command("predict")
@handle_errors
def predict(
    ctx: typer.Context,
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD.")],
    model_id: Annotated[str | None, typer.Argument(help="Bundle id (see `model list`).")] = None,
    current: Annotated[bool, typer.Option("--current", help="The active model.")] = False,
    out: Annotated[
        Path | None, typer.Option(help="file.csv or file.parquet (else stdout).")
    ] = None,
) -> None:
    """Per-minute label and confidence of a model over the stored rows, with the true label."""
    from taskclf.jobs.predict import current_id, predict_range, write_rows
    from taskclf.labels.store import LabelStore

    settings = settings_of(ctx)
    span = DateRange.model_validate({"date_from": date_from, "date_to": date_to})
    if (model_id is None) == (not current):
        raise InvalidInput("give either MODEL_ID or --current", field="model_id")
    with LabelStore(settings.db_path) as labels:
        chosen = model_id or current_id(settings, None)
        frame = predict_range(settings, labels, chosen, span.date_from, span.date_to)
    text = write_rows(frame, out)
    if text is not None:
        typer.echo(text, nl=False)
    else:
        console.print(f"Wrote {frame.height} rows of {chosen} to {out}", markup=False)


@app.command("activate")
@handle_errors
def activate(
    ctx: typer.Context, model_id: Annotated[str, typer.Argument(help="Bundle id to activate.")]
) -> None:
    """Point the tray at MODEL_ID (promote a new model or roll back to an old one)."""
    from taskclf.registry import activate as activate_bundle

    path = activate_bundle(settings_of(ctx).models_dir, model_id)
    console.print(f"Active model: [bold]{model_id}[/] ({path})", highlight=False)


@app.command("prune")
@handle_errors
def prune(
    ctx: typer.Context,
    keep: Annotated[
        int | None, typer.Option(min=0, help="Newest bundles to keep [default: keep_models, 50].")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would go.")] = False,
) -> None:
    """Remove all bundles but the newest KEEP, the active one and the pinned ones."""
    from taskclf.registry import prune as prune_bundles

    settings = settings_of(ctx)
    count = settings.keep_models if keep is None else keep
    _print_pruned(prune_bundles(settings.models_dir, count, dry_run=dry_run))


@app.command("pin")
@handle_errors
def pin(ctx: typer.Context, model_id: Annotated[str, typer.Argument(help="Bundle id.")]) -> None:
    """Keep MODEL_ID through every prune (an empty `pinned` file in its directory)."""
    from taskclf.registry import pin as pin_bundle

    pin_bundle(settings_of(ctx).models_dir, model_id)
    console.print(f"Pinned {model_id}: `taskclf model prune` keeps it", markup=False)


@app.command("unpin")
@handle_errors
def unpin(ctx: typer.Context, model_id: Annotated[str, typer.Argument(help="Bundle id.")]) -> None:
    """Let `model prune` remove MODEL_ID again once it is old enough."""
    from taskclf.registry import unpin as unpin_bundle

    was_pinned = unpin_bundle(settings_of(ctx).models_dir, model_id)
    console.print(
        f"Unpinned {model_id}" if was_pinned else f"{model_id} was not pinned", markup=False
    )


def _print_pruned(result: Any) -> None:
    verb = "would remove" if result.dry_run else "removed"
    for name in result.removed:
        console.print(f"{verb} {name}", markup=False, highlight=False)
    for name in result.swept:
        console.print(f"{verb} leftover {name}", markup=False, highlight=False)
    outcome = "would be removed" if result.dry_run else "removed"
    console.print(
        f"{len(result.removed)} bundle(s) {outcome}, {len(result.kept)} kept"
        + (" (dry run: nothing was deleted)" if result.dry_run else ""),
        markup=False,
        highlight=False,
    )


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _print_inspect(payload: dict[str, Any]) -> None:
    meta, saved = payload["metadata"], payload["bundle_saved_validation"]
    test = payload.get("held_out_test")
    console.print(f"[bold]{payload['bundle_path']}[/]", highlight=False)
    console.print(
        f"trained on {meta.get('date_from')} → {meta.get('date_to')} "
        f"({meta.get('data_provenance')}), class weight {meta.get('class_weight')}, "
        f"split {meta.get('split', {}).get('train_rows')} train / "
        f"{meta.get('split', {}).get('validation_rows')} validation",
        highlight=False,
    )
    final = meta.get("final_fit")
    if isinstance(final, dict):
        console.print(
            f"saved model: refit on {final.get('on')} ({final.get('rows')} rows, "
            f"{final.get('rounds')} rounds); validation figures are from the time-split fit",
            highlight=False,
        )
    heading = "saved validation" + (" and held-out test (the --from/--to days)" if test else "")
    console.print(heading, highlight=False)
    console.print(_summary_table(saved, payload.get("bundle_saved_validation_decoded"), test))
    if test and test.get("overlaps_training"):
        console.print("[yellow]note:[/] the replay range overlaps the training range")
    unlearnt = meta.get("split", {}).get("labels_only_in_validation")
    if unlearnt:
        console.print(
            f"[yellow]note:[/] only in validation, never trained on: {', '.join(unlearnt)}",
            highlight=False,
        )
    if payload.get("signal_table"):
        console.print(_signal_table(payload["signal_table"]))
    console.print(_per_class_table(saved, test))
    _print_confusions("top confusions (validation)", saved["top_confusion_pairs"])
    if test:
        _print_confusions("top confusions (test)", test["top_confusion_pairs"])


def _summary_table(
    saved: dict[str, Any], decoded: dict[str, Any] | None, test: dict[str, Any] | None
) -> Table:
    """Raw (per-minute arg-max) and decoded (as a sequence) side by side, where present."""
    columns: list[tuple[str, dict[str, Any]]] = [("validation raw", saved)]
    if decoded:
        columns.append(("validation decoded", decoded))
    if test:
        columns.append(("test raw", test))
        if test.get("decoded"):
            columns.append(("test decoded", test["decoded"]))
    table = Table("metric", *(name for name, _ in columns))
    for key in ("macro_f1", "weighted_f1", "accuracy"):
        cells = [_num(figures.get(key)) for _, figures in columns]
        if any(cells):
            table.add_row(key, *cells)
    if test:
        table.add_row("rows", *("" if name.startswith("val") else str(test["n_rows"])
                                for name, _ in columns))  # fmt: skip
    return table


def _signal_table(rows: list[dict[str, Any]]) -> Table:
    """What each signal buys: validation macro-F1 with one feature group left out."""
    table = Table("signals", "macro F1 raw", "macro F1 decoded", title="per-signal table")
    for row in rows:
        removed = row["removed"]
        table.add_row(
            "all signals" if removed is None else f"without {removed}",
            _num(row["macro_f1"]),
            _num(row["macro_f1_decoded"]),
        )
    return table


def _per_class_table(saved: dict[str, Any], test: dict[str, Any] | None) -> Table:
    heads = ["label", "precision", "recall", "f1", "support"]
    table = Table(*heads, *(["test f1", "test support"] if test else []))
    for label, row in saved["per_class_derived"].items():
        extra = []
        if test:
            cell = test["per_class_derived"].get(label, {})
            extra = [_num(cell.get("f1")), str(cell.get("support", ""))]
        table.add_row(
            label,
            _num(row["precision"]),
            _num(row["recall"]),
            _num(row["f1"]),
            str(row["support"]),
            *extra,
        )
    return table


def _print_confusions(title: str, pairs: list[dict[str, Any]]) -> None:
    if not pairs:
        return
    console.print(title)
    for pair in pairs[:5]:
        console.print(
            f"  {pair['true_label']} → {pair['pred_label']}: {pair['count']}", highlight=False
        )


def _print_compare(payload: dict[str, Any]) -> None:
    a, b = payload["a"], payload["b"]
    console.print(
        f"[bold]A[/] {a['model_id']} ({a['scored_on']})  vs  "
        f"[bold]B[/] {b['model_id']} ({b['scored_on']})",
        highlight=False,
    )
    console.print(
        f"{payload['n_rows']} labelled minutes, {payload['date_from']} → {payload['date_to']}",
        highlight=False,
    )
    summary = Table("metric", "A", "B")
    for key in ("macro_f1", "weighted_f1", "accuracy", "raw_macro_f1"):
        summary.add_row(key, _num(a.get(key)), _num(b.get(key)))
    console.print(summary)
    classes = Table("label", "A f1", "B f1", "support")
    for row in payload["per_class"]:
        classes.add_row(row["label"], _num(row["a_f1"]), _num(row["b_f1"]), str(row["support"]))
    console.print(classes)
    differ = payload["disagreements"]
    console.print(
        f"they disagree on {differ['minutes']} minute(s) ({differ['share']:.1%})",
        highlight=False,
    )
    if differ["pairs"]:
        pairs = Table("A says", "B says", "minutes")
        for pair in differ["pairs"]:
            pairs.add_row(pair["a_label"], pair["b_label"], str(pair["minutes"]))
        console.print(pairs)
    newest = payload["newest_days"]
    console.print(
        f"newest days {newest['date_from']} → {newest['date_to']}: "
        f"A {_num(newest['a_macro_f1'])}, B {_num(newest['b_macro_f1'])} macro F1, "
        f"better: {_side(newest['better'])}",
        highlight=False,
    )
    console.print(f"better overall (macro F1): {_side(payload['better'])}", highlight=False)


def _side(better: str) -> str:
    return "tie" if better == "tie" else better.upper()
