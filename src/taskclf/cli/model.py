"""``taskclf model list | inspect | activate``: the bundles on disk and how good each one is."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from taskclf.cli.common import console, handle_errors, settings_of
from taskclf.core.errors import InvalidInput
from taskclf.core.requests import DateRange

app = typer.Typer(no_args_is_help=True, help="List, inspect and activate model bundles.")


@app.command("list")
@handle_errors
def list_(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Every bundle, newest first, with why it is invalid when it is."""
    from taskclf.registry import get_active, list_bundles  # LightGBM: imported on use

    settings = settings_of(ctx)
    infos = list_bundles(settings.models_dir)
    if as_json:
        typer.echo(json.dumps([info.to_dict() for info in infos], indent=2))
        return
    console.print(_bundles_table(infos, get_active(settings.models_dir)))


def _bundles_table(infos: list[Any], active: str | None) -> Table:
    table = Table("model_id", "valid", "macro F1", "weighted F1", "created_at", "note")
    for info in infos:
        table.add_row(
            info.model_id + (" (active)" if info.model_id == active else ""),
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


@app.command("activate")
@handle_errors
def activate(
    ctx: typer.Context, model_id: Annotated[str, typer.Argument(help="Bundle id to activate.")]
) -> None:
    """Point the tray at MODEL_ID (promote a new model or roll back to an old one)."""
    from taskclf.registry import activate as activate_bundle

    path = activate_bundle(settings_of(ctx).models_dir, model_id)
    console.print(f"Active model: [bold]{model_id}[/] ({path})", highlight=False)


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
    summary = Table("metric", "saved validation", *(["held-out test"] if test else []))
    for key in ("macro_f1", "weighted_f1"):
        summary.add_row(key, _num(saved[key]), *([_num(test[key])] if test else []))
    if test:
        summary.add_row("rows", "", str(test["n_rows"]))
        summary.add_row("accuracy", "", _num(test["accuracy"]))
    console.print(summary)
    if test and test.get("overlaps_training"):
        console.print("[yellow]note:[/] the replay range overlaps the training range")
    unlearnt = meta.get("split", {}).get("labels_only_in_validation")
    if unlearnt:
        console.print(
            f"[yellow]note:[/] only in validation, never trained on: {', '.join(unlearnt)}",
            highlight=False,
        )
    console.print(_per_class_table(saved, test))
    _print_confusions("top confusions (validation)", saved["top_confusion_pairs"])
    if test:
        _print_confusions("top confusions (test)", test["top_confusion_pairs"])


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
