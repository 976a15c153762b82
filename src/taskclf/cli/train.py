"""``taskclf train lgbm``: the training job with a rich progress bar; Ctrl-C cancels cleanly."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Annotated, Any

import typer

from taskclf.cli.common import console, handle_errors, settings_of
from taskclf.cli.progress import job_progress
from taskclf.core.progress import CancelToken
from taskclf.core.requests import TrainRequest

if TYPE_CHECKING:
    from taskclf.jobs.train import TrainOutcome

app = typer.Typer(no_args_is_help=True, help="Train a model from labelled time.")


@app.command("lgbm")
@handle_errors
def lgbm(
    ctx: typer.Context,
    date_from: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day (inclusive), YYYY-MM-DD.")],
    num_boost_round: Annotated[int, typer.Option(help="Boosting rounds.")] = 100,
    class_weight: Annotated[str, typer.Option(help="balanced or none.")] = "balanced",
    synthetic: Annotated[bool, typer.Option(help="Generated data; no ActivityWatch.")] = False,
    signal_report: Annotated[
        bool,
        typer.Option(help="Also fit one model per left-out signal group (about 5x the work)."),
    ] = False,
) -> None:
    """Train a LightGBM model on the labelled minutes of a date range and save a bundle."""
    request = TrainRequest.model_validate(
        {
            "date_from": date_from,
            "date_to": date_to,
            "num_boost_round": num_boost_round,
            "class_weight": class_weight,
            "synthetic": synthetic,
            "signal_report": signal_report,
        }
    )
    from taskclf.jobs.train import train  # LightGBM: imported when training, not for --help

    outcome = _run_with_progress(lambda p, c: train(request, settings_of(ctx), p, c))
    console.print(
        f"Model saved to [bold]{outcome.model_id}[/]  macro F1 {outcome.metrics['macro_f1']:.3f}"
        f"  weighted F1 {outcome.metrics['weighted_f1']:.3f}\n{outcome.model_dir}",
        highlight=False,
    )


def _run_with_progress(job: Any) -> TrainOutcome:
    """Run the job in a worker thread so Ctrl-C here can ask it to stop at the next round."""
    cancel = CancelToken()
    result: dict[str, Any] = {}
    with job_progress(console) as bar:
        task = bar.add_task("Starting…", total=100, step="initializing")

        def progress(step: str, pct: int, message: str) -> None:
            bar.update(task, completed=pct, description=message, step=step)

        def work() -> None:
            try:
                result["outcome"] = job(progress, cancel)
            except BaseException as exc:  # handed to the main thread below
                result["error"] = exc
            finally:
                finished.set()

        finished = threading.Event()
        threading.Thread(target=work, name="taskclf-train", daemon=True).start()
        _wait(finished, cancel)
    if "error" in result:
        raise result["error"]
    outcome: TrainOutcome = result["outcome"]
    return outcome


def _wait(finished: threading.Event, cancel: CancelToken) -> None:
    """Waits on an event, not ``Thread.join``: a Ctrl-C inside ``join`` can make Python 3.11
    mark the still-running worker as stopped (bpo-45274), and its result would be missing."""
    while not finished.is_set():
        try:
            finished.wait(0.2)
        except KeyboardInterrupt:
            cancel.cancel()
            console.print("Cancelling… (stops after the current boosting round)")
