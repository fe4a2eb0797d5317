"""The ``misinfo`` command: score, sources, train, evaluate, inspect-model, train-punkt.

Data goes to stdout (or ``-o``); progress and messages go to stderr. Exit
status: 0 when every document was scored, 1 when any failed (or the command
failed, e.g. the output could not be written), 2 for a usage error, 141 when
the reader of the output closed the pipe early.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from itertools import islice
from pathlib import Path

import click

from . import __version__
from .artifact import ModelError
from .output import OUTPUT_FORMATS, SOURCES_FORMATS

DATA_DIR_HELP = "Folder of the labelled corpora (default: $MISINFO_DATA_DIR)."


def _data_dir(value: str | None) -> Path:
    from .datasets import DataDirError, resolve_data_dir

    try:
        return resolve_data_dir(value)
    except DataDirError as exc:
        raise click.UsageError(str(exc)) from exc


def _load(model: str | None, trust: bool):
    from .parallel import settle_for_long_run
    from .scorer import load_scorer

    try:
        scorer = load_scorer(model, trust=trust)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    settle_for_long_run(scorer)
    return scorer


def _echo(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="misinfo")
def main() -> None:
    """Per-sentence anonymous attribution, sensational wording, unverifiable specifics and credibility."""


model_option = click.option("--model", "model", type=click.Path(file_okay=False), default=None,
                            help="Model folder (default: the shipped model).")
trust_option = click.option("--trust-model", is_flag=True,
                            help="Load a model whose card, checksum or library versions do not verify.")


def _raise_interrupt(signum, frame):  # SIGTERM behaves like Ctrl-C: stop after whole records
    raise KeyboardInterrupt


#: Exit status after the reader of stdout (or of a pipe named by -o) went away: what a shell
#: reports for a tool that SIGPIPE ended (128 + 13), so `set -o pipefail` scripts see the usual value.
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE


def _check_output(output: str | None, resume: bool) -> None:
    """Refuse, before any work, an output that cannot be written or resumed."""
    from .output import special_output

    if output is None:
        return
    kind = special_output(output)
    if kind is not None:
        if resume:
            raise click.UsageError(f"--resume needs a regular file, and {output} is a {kind} "
                                   "(written directly, with no .partial to continue)")
        return
    folder = Path(output).parent
    if not folder.is_dir():
        cause = "is not a folder" if folder.exists() else "does not exist"
        raise click.ClickException(f"cannot write {output}: folder {folder} {cause}")


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the flush at exit does not fail (and print) again."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (CliRunner)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _input_options(formats):
    """The options ``score`` and ``sources`` share: inputs, output, parallelism, model."""
    options = [
        click.argument("inputs", nargs=-1, type=str),
        click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
                     help="Write here instead of stdout (written whole: a run that stops leaves OUTPUT.partial; "
                          "a device or pipe is written directly)."),
        click.option("--format", "fmt", type=click.Choice(list(formats)), default="jsonl", show_default=True),
        click.option("--jobs", "jobs", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Local processes."),
        click.option("--scheduler", default=None, metavar="ADDRESS|local",
                     help="Score on Dask: tcp://HOST:PORT of an existing scheduler, or 'local'."),
        click.option("--input-format", type=click.Choice(["auto", "text", "html", "jsonl"]), default="auto",
                     show_default=True, help="How to read inputs (auto: by suffix; stdin sniffed for JSONL)."),
        model_option,
        click.option("--resume", is_flag=True, help="Continue an interrupted run into the same -o file."),
        trust_option,
        click.option("--html-mode", type=click.Choice(["main", "full"]), default="main", show_default=True,
                     help="HTML pages: main = headline and article text (byline, date, site to the summary's "
                          "meta); full = all visible text."),
    ]

    def decorate(f):
        for option in reversed(options):
            f = option(f)
        return f
    return decorate


@main.command()
@_input_options(OUTPUT_FORMATS)
def score(inputs, output, fmt, jobs, scheduler, input_format, model, resume, trust_model, html_mode):
    """Score documents (files, directories, or - for stdin) sentence by sentence."""
    _run(inputs, output, fmt, jobs, scheduler, input_format, model, resume, trust_model, html_mode,
         view="sentences")


@main.command()
@_input_options(SOURCES_FORMATS)
def sources(inputs, output, fmt, jobs, scheduler, input_format, model, resume, trust_model, html_mode):
    """List each document's sources, typed and counted, with its sourcing figures (no sentence records)."""
    _run(inputs, output, fmt, jobs, scheduler, input_format, model, resume, trust_model, html_mode,
         view="sources")


def _run(inputs, output, fmt, jobs, scheduler, input_format, model, resume, trust_model, html_mode, *, view):
    """Read, score and write documents: the one loop of ``score`` and ``sources``."""
    from .io import read_inputs
    from .output import OutputError, open_sink, renderer_for
    from .distributed import DaskUnavailable
    from .runner import score_documents
    from .progress import Progress, count_documents

    if resume and not output:
        raise click.UsageError("--resume needs -o OUTPUT")
    _check_output(output, resume)
    scorer = _load(model, trust_model)
    skipped: list[str] = []
    docs = read_inputs(inputs or ("-",), input_format=input_format, skipped=skipped, html_mode=html_mode)
    color = fmt == "text" and output is None and sys.stdout.isatty()
    thresholds = {"flag_threshold": scorer.flag_threshold, "credible_threshold": scorer.model.credible_threshold}
    render = renderer_for(fmt, scorer.signal_names, color=color, view=view, **thresholds)
    try:
        sink = open_sink(output, fmt, scorer.signal_names, resume=resume, view=view, **thresholds)
    except OutputError as exc:
        raise click.ClickException(str(exc)) from exc
    except BrokenPipeError:
        _discard_stdout()
        sys.exit(EXIT_BROKEN_PIPE)
    if sink.complete:
        _echo(f"{output} is already complete; nothing to resume")
        return
    already = sink.documents_done
    if already:
        _echo(f"resuming after {already} documents already in {sink.partial_path} "
              f"({sink.failed_before} of them failed)")
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    failed = n_docs = n_sentences = 0
    started = time.perf_counter()
    progress = Progress(None)
    if progress.enabled:
        total = count_documents(inputs or ("-",))
        progress.total = None if total is None else max(0, total - already)
    scored = score_documents(scorer, islice(docs, already, None), n_jobs=jobs, render=render,
                             scheduler=scheduler)
    try:
        for rendered in scored:
            # a huge document is scored while its parts are written, so its
            # sentence count, error and notice (a web page read in full) are known only after them
            sink.write_parts(rendered.parts)
            error = rendered.error
            sink.end_document(failed=error is not None)
            if rendered.notice is not None:
                _echo(("\n" if progress.enabled else "") + f"note: {rendered.notice}")
            n_docs += 1
            n_sentences += rendered.n_sentences
            failed += error is not None
            if error is not None:
                _echo(("\n" if progress.enabled else "") + f"error: {error}")
            progress.update(1, rendered.n_sentences)
        sink.finish()
        progress.close()
    except KeyboardInterrupt:
        progress.close()
        sink.close()
        where = f"; rerun with --resume -o {output} to continue" if output else ""
        _echo(f"interrupted after {already + n_docs} documents (whole records only){where}")
        sys.exit(130)
    except BrokenPipeError:
        # the reader closed the pipe (`misinfo score ... | head`): its choice, so no
        # traceback and no summary claiming delivery
        scored.close()
        if progress.enabled:
            sys.stderr.write("\n")  # end the progress line, say nothing more
        if output is None:
            _discard_stdout()
        else:
            sink.close()
        sys.exit(EXIT_BROKEN_PIPE)
    except OutputError as exc:
        scored.close()
        progress.close()
        if output is None:
            _discard_stdout()  # what is still buffered cannot be written either
        else:
            sink.close()
        raise click.ClickException(str(exc)) from exc
    except DaskUnavailable as exc:
        sink.close()
        raise click.ClickException(str(exc)) from exc
    except Exception:
        sink.close()
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    elapsed = time.perf_counter() - started
    rate = n_sentences / elapsed if elapsed > 0 else 0.0
    _echo(f"scored {n_docs} documents, {n_sentences} sentences in {elapsed:.1f}s "
          f"({rate:.0f} sentences/s); {failed} failed")
    if skipped:
        _echo(f"skipped {len(skipped)} files with unknown suffixes inside directories")
    if failed or sink.failed_before:  # a resumed run also answers for the documents before it
        sys.exit(1)


@main.command()
@click.option("--data-dir", default=None, help=DATA_DIR_HELP)
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False),
              help="Model folder to write, e.g. models/default.")
@click.option("--limit", type=click.IntRange(min=50), default=None,
              help="Use at most this many sentences per corpus (quick runs; not for shipping).")
@click.option("--no-dev-metrics", is_flag=True, help="Do not evaluate on dev for the card.")
def train(data_dir, output, limit, no_dev_metrics):
    """Train a model from the corpora and write it with its model card."""
    from .training import train_and_save

    folder = _data_dir(data_dir)
    card = train_and_save(folder, Path(output), limit=limit, dev_metrics=not no_dev_metrics, log=_echo)
    _echo(f"wrote {output} (sha256 {card['artifact']['sha256'][:12]}..., "
          f"{card['artifact']['bytes'] / 1e6:.1f} MB)")


@main.command()
@click.option("--data-dir", default=None, help=DATA_DIR_HELP)
@click.option("--split", type=click.Choice(["dev", "train"]), default="dev", show_default=True)
@model_option
@trust_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--plots", type=click.Path(file_okay=False), default=None,
              help="Write evaluation plots (PNG) into this folder.")
def evaluate(data_dir, split, model, trust_model, as_json, plots):
    """Print the model's figures on a split, next to published references and goals."""
    from .evaluate import ReportCache, evaluate_all, figures_to_dicts, format_table

    folder = _data_dir(data_dir)
    scorer = ReportCache(_load(model, trust_model))  # the plots reuse the table's reports
    figures = evaluate_all(scorer, folder, split)
    if as_json:
        click.echo(json.dumps({"split": split, "figures": figures_to_dicts(figures)}, indent=2))
    else:
        click.echo(f"split: {split}")
        click.echo(format_table(figures), nl=False)
    if plots:
        from .plots import PlotsUnavailable, write_plots

        try:
            for path in write_plots(scorer, folder, split, Path(plots)):
                _echo(f"wrote {path}")
        except PlotsUnavailable as exc:
            raise click.ClickException(str(exc)) from exc


@main.command("inspect-model")
@click.argument("path", required=False, type=click.Path(file_okay=False))
def inspect_model(path):
    """Print a model's card and whether it verifies (sha256, library versions)."""
    from .artifact import read_card, verify_model
    from .scorer import default_model_path

    folder = Path(path) if path else default_model_path()
    try:
        card = read_card(folder)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(card, indent=2, ensure_ascii=False))
    try:
        verify_model(folder)
        _echo(f"{folder}: verified (sha256 and library versions match the card)")
    except ModelError as exc:
        _echo(f"{folder}: DOES NOT VERIFY: {exc}")
        sys.exit(1)


@main.command("train-punkt")
@click.option("--data-dir", default=None, help=DATA_DIR_HELP)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Where to write the parameters (shipped: pipeline/resources/punkt_news.json).")
def train_punkt(data_dir, output):
    """Train Punkt sentence-splitting parameters on the PTC train articles."""
    from .datasets import load_ptc_articles
    from .segment import save_params, train_punkt_params

    folder = _data_dir(data_dir)
    params = train_punkt_params(a.text for a in load_ptc_articles(folder, "train"))
    save_params(params, output)
    _echo(f"wrote {output}: {len(params.abbrev_types)} abbreviations, "
          f"{len(params.collocations)} collocations, {len(params.sent_starters)} sentence starters")


if __name__ == "__main__":  # pragma: no cover
    main()
