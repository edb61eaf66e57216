"""Everything the user sees: rich output on a terminal, plain text when piped, JSON lines for scripts.

The only module that imports rich. stdout carries data; progress, summaries, warnings and errors
go to stderr. ``NO_COLOR`` is honoured by rich itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

HIGHLIGHT_STYLE = "bold yellow"


def _out():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _err():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _json_line(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


def error(message: str) -> None:
    """One-line error on stderr."""
    _err().print(f"[bold red]error:[/] {_esc(message)}")


def warning(message: str) -> None:
    """One-line warning on stderr."""
    _err().print(f"[bold yellow]warning:[/] {_esc(message)}")


def _esc(text: str) -> str:
    from rich.markup import escape

    return escape(str(text))


@dataclass
class Summary:
    """Counts of one ``add``/``ingest``/``retag`` run by status, as the closing line reports them."""

    added: int = 0
    duplicate: int = 0
    failed: int = 0
    retagged: int = 0
    skipped: int = 0  # records of crawls that were not articles (images, redirects, ...)
    unchanged: int = 0


MAX_LISTED_FAILURES = 50


def add_results(
    results: Iterable, *, as_json: bool, quiet: bool, verb: str = "added", verbose: bool = False
) -> Summary:
    """Consume ``AddResult``s: JSON lines or a progress bar, then a summary and failures on stderr.

    With ``verbose`` every result gets a line on stderr as it comes.
    """
    summary = Summary()
    failures = []
    err = _err()
    show_progress = not as_json and not quiet and not verbose and err.is_terminal
    stopped = True
    try:
        for r in _with_progress(results, err) if show_progress else results:
            if r.status == "skipped":
                summary.skipped += sum((r.skipped or {}).values())
                if as_json:
                    _json_line(r.to_json())
                elif verbose:
                    err.print(
                        f"  skipped  {'-':16}  {_esc(r.source)}: {_esc(describe_skipped(r.skipped or {}))}"
                    )
                continue
            setattr(summary, r.status, getattr(summary, r.status, 0) + 1)
            if r.status == "failed" and len(failures) < MAX_LISTED_FAILURES:
                failures.append(r)
            if getattr(r, "note", None) and not quiet:
                err.print(f"[yellow]note[/] {_esc(r.source)}: {_esc(r.note)}")
            if as_json:
                _json_line(r.to_json())
                sys.stdout.flush()
            elif verbose:
                err.print(
                    f"{r.status:>9}  {r.id or '-':16}  {_esc(r.source)}"
                    + (f"  {_esc(r.title)}" if r.title else "")
                    + (f": {_esc(r.error)}" if r.error else "")
                )
        stopped = False
    except BaseException as e:
        # Let the library see why its run ends (a signal, a full disk), so its log says so.
        throw = getattr(results, "throw", None)
        if throw is not None:
            try:
                throw(e)
            except BaseException:  # noqa: BLE001 - the original exception is raised below
                pass
        raise
    finally:
        # Also when the run is stopped (Ctrl-C, SIGTERM, a full disk): close the library's
        # generator first, so its run is logged, then say what got done before the error line.
        close = getattr(results, "close", None)
        if close is not None:
            close()
        _print_summary(summary, failures, err, as_json=as_json, quiet=quiet, verbose=verbose, verb=verb)
        if stopped and not quiet:
            err.print("[red]stopped before the end[/]: what is listed above is in the archive")
    return summary


def _print_summary(summary, failures, err, *, as_json, quiet, verbose, verb) -> None:
    if failures and not as_json and not verbose:
        for r in failures:
            err.print(f"[red]failed[/] {_esc(r.source)}: {_esc(r.error)}")
        if summary.failed > len(failures):
            err.print(f"… and {summary.failed - len(failures)} more failures")
    if not quiet or failures:
        parts = (
            [f"{summary.retagged} retagged", f"{summary.unchanged} unchanged"]
            if verb == "retagged"
            else [f"{summary.added} added", f"{summary.duplicate} duplicate"]
        )
        parts.append(f"{summary.failed} failed")
        if summary.skipped:
            parts.append(f"{summary.skipped} other crawl records skipped")
        err.print(", ".join(parts))


class ExportProgress:
    """A progress bar on stderr for an export (counts and rate); silent when quiet or piped."""

    def __init__(self, total: int | None, *, quiet: bool, label: str = "exporting"):
        self.total, self.quiet, self.label = total, quiet, label
        self._progress = self._task = None

    def __enter__(self):
        err = _err()
        if not self.quiet and err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("articles"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=self.total, rate="")
        return self

    def __call__(self, done: int) -> None:
        if self._progress is not None:
            task = self._progress.tasks[0]
            rate = f"{task.speed:,.0f}/s" if task.speed else ""
            self._progress.update(self._task, completed=done, rate=rate)

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()


def export_summary(summary, *, as_json: bool, quiet: bool) -> None:
    """The outcome of an export: a JSON object on stdout with ``--json``, else a line on stderr."""
    if as_json:
        _json_line(summary.to_json())
        return
    if not quiet:
        what = f"{summary.articles} article{'s' if summary.articles != 1 else ''}"
        extra = f", {summary.records} WARC records" if summary.records else ""
        where = f"{_esc(summary.output)} ({summary.format}, {summary.bytes:,} bytes)"
        _err().print(f"exported {what}{extra} to {where}")


def describe_skipped(counts: dict[str, int]) -> str:
    """A one-line account of what a crawl held besides articles.

    >>> describe_skipped({"not HTML or text": 3, "redirect": 1})
    '4 records skipped: 3 not HTML or text, 1 redirect'
    """
    total = sum(counts.values())
    parts = ", ".join(f"{n} {reason}" for reason, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{total} record{'s' if total != 1 else ''} skipped: {parts}"


def _with_progress(results: Iterable, console) -> Iterator:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} articles"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("archiving", total=None)
        for r in results:
            progress.advance(task)
            yield r


def tag_results(results: Iterable, *, as_json: bool, quiet: bool) -> int:
    """Print the tags of each article (JSON line or a readable view); return how many failed."""
    failed = 0
    out = None if as_json else _out()
    for item, art, err in results:
        if err is not None:
            failed += 1
            if as_json:
                _json_line(
                    {
                        "source_id": item.given.source_id,
                        "source": item.source,
                        "status": "failed",
                        "error": err,
                    }
                )
            else:
                error(f"{item.source}: {err}")
            continue
        tags = art.tags or {}
        if as_json:
            _json_line(
                {
                    "source_id": item.given.source_id,
                    "source": item.source,
                    "id": art.id,
                    "title": art.title,
                    **tags,
                }
            )
        else:
            _print_tags(out, item.source, art, tags)
    return failed


def _print_tags(out, source: str, art, tags: dict) -> None:
    from rich.table import Table

    out.print(f"[bold]{_esc(art.title or source)}[/]  [dim]{_esc(source)} · {art.id}[/]")
    o = tags.get("outlet")
    if o:
        out.print(
            f"  outlet  {_esc(o.get('name') or o.get('domain'))} [dim]({o.get('how')}, "
            f"{o.get('confidence')}: {_esc(o.get('evidence') or '')})[/]"
        )
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in ("kind", "name", "detail", "conf."):
        table.add_column(col)
    for p in tags.get("locations", []):
        where = ", ".join(x for x in (p.get("admin1"), p.get("country")) if x)
        table.add_row(
            "place",
            _esc(p["name"]),
            _esc(
                f"{p.get('kind') or ''} {where} "
                f"#{p.get('geonames_id') or '?'}" + (" focus" if p.get("focus") else "")
            ),
            f"{p.get('confidence', '')}",
        )
    for p in tags.get("people", []):
        table.add_row("person", _esc(p["name"]), _esc(p.get("role") or ""), f"{p.get('confidence', '')}")
    for o in tags.get("organizations", []):
        table.add_row(
            "org", _esc(o["name"]), _esc(", ".join(o.get("aliases") or [])), f"{o.get('confidence', '')}"
        )
    for t in tags.get("topics", []):
        table.add_row(
            "topic",
            _esc(t["label"]),
            _esc(f"{t['code']} ← " + ", ".join(t.get("evidence") or [])),
            f"{t.get('score', '')}",
        )
    out.print(table)
    out.print()


def _highlighted(snippet: str, highlights: list) -> Any:
    from rich.text import Text

    text = Text(snippet)
    for start, end in highlights or []:
        text.stylize(HIGHLIGHT_STYLE, start, end)
    return text


def _hit_json(h) -> dict:
    return {
        "id": h.id,
        "title": h.title,
        "outlet": h.outlet,
        "published": h.published,
        "score": round(h.score, 4),
        "snippet": h.snippet,
        "highlights": h.highlights,
        "tags": h.tags,
    }


def search_result(result, *, as_json: bool, count_only: bool, stream=None) -> None:
    """Hits as JSON lines, or a ranked list with highlighted snippets; facets after.

    ``stream``: every hit (``--all``), printed as it comes instead of ``result.hits``.
    """
    if count_only:
        if as_json:
            _json_line({"count": result.total, "exact": result.total_exact})
        else:
            sys.stdout.write(f"{result.total}\n")
        return
    hits = result.hits if stream is None else stream
    if as_json:
        for h in hits:
            _json_line(_hit_json(h))
        if result.facets:
            facets = {k: [[v, n] for v, n in vals] for k, vals in result.facets.items()}
            _json_line({"facets": facets, "facets_sampled": result.facets_sampled})
        return
    out, err = _out(), _err()
    from rich.text import Text

    shown = 0
    for rank, h in enumerate(hits, 1):
        shown = rank
        head = Text(f"{rank:>2}. ", style="dim")
        head.append(h.title or "(untitled)", style="bold")
        meta = " · ".join(x for x in (h.outlet, (h.published or "")[:10], h.id) if x)
        head.append(f"  {meta}", style="dim")
        out.print(head)
        out.print(Text("    ").append(_highlighted(h.snippet, h.highlights)))
    if result.facets:
        for name, values in result.facets.items():
            if values:
                out.print(Text(f"{name}: ", style="bold").append(", ".join(f"{v} ({n})" for v, n in values)))
    about = "" if result.total_exact else "about "
    notes = [f"{about}{result.total:,} matching article{'s' if result.total != 1 else ''}"]
    if shown < result.total:
        notes.append(f"showing {shown}")
    if result.ranked_within:
        notes.append(f"ranked among the newest {result.ranked_within:,}")
    if result.facets and result.facets_sampled:
        notes.append("facets counted over those newest matches")
    err.print("[dim]" + ", ".join(notes) + "[/]")


def article(shown, *, mode: str) -> None:
    """``show``: raw bytes, text, sidecar JSON, or a readable panel."""
    if mode == "raw":
        sys.stdout.buffer.write(shown.raw)
        sys.stdout.flush()
        return
    if mode == "text":
        sys.stdout.write(shown.text if shown.text.endswith("\n") else shown.text + "\n")
        return
    if mode == "json":
        sys.stdout.write(json.dumps(shown.sidecar, ensure_ascii=False, indent=2) + "\n")
        return
    sc = shown.sidecar
    out = _out()
    out.print(f"[bold]{_esc(sc.get('title') or '(untitled)')}[/]")
    outlet = (sc.get("outlet") or {}).get("name") or (sc.get("outlet") or {}).get("domain")
    facts = [
        ("id", sc["id"]),
        ("outlet", outlet),
        ("published", sc.get("published")),
        ("byline", ", ".join(sc.get("byline") or [])),
        ("dateline", sc.get("dateline")),
        ("places", ", ".join(p["name"] for p in sc.get("locations") or [])),
        ("people", ", ".join(p["name"] for p in sc.get("people") or [])),
        ("organizations", ", ".join(p["name"] for p in sc.get("organizations") or [])),
        ("topics", ", ".join(t["label"] for t in sc.get("topics") or [])),
        ("archived", f"{sc.get('ingested')} in {sc['warc']['file']}"),
    ]
    for k, v in facts:
        if v:
            out.print(f"[dim]{k:>13}[/]  {_esc(v)}")
    out.print()
    out.print(_esc(shown.text))


def stats(data: dict, *, as_json: bool) -> None:
    """``Archive.stats()`` as one JSON line, or the article count and each top-N list (15 shown)."""
    if as_json:
        _json_line(data)
        return
    out = _out()
    out.print(f"[bold]{data.get('articles', 0)} articles[/]")
    for key, values in data.items():
        if isinstance(values, list) and values:
            out.print(f"[bold]{key.replace('_', ' ')}[/]")
            for row in values[:15]:
                name, count = (row[0], row[1]) if isinstance(row, (list, tuple)) else (row, "")
                out.print(f"  {count:>7}  {_esc(name)}")


def _finding_line(p) -> str:
    where = " ".join(
        x for x in (p.file, f"offset {p.offset}" if p.offset is not None else None, p.record) if x
    )
    return f"[red]{p.kind}[/] {_esc(where)}: {_esc(p.detail)}"


def timeline(tl, *, fmt: str) -> None:
    """A timeline as a table with a bar per period (``fmt`` "table"), JSON or CSV on stdout."""
    if fmt == "json":
        _json_line(tl.to_json())
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["period", *(label for label, _ in tl.series)])
        for i, period in enumerate(tl.periods):
            writer.writerow([period, *(counts[i] for _, counts in tl.series)])
        # Undated matches are counted over all of them, not per series: one number in the first column.
        unsplit = [label for label, _ in tl.series] == ["all"]
        writer.writerow(
            ["undated" if unsplit else "undated (all series)", tl.undated, *[""] * (len(tl.series) - 1)]
        )
        return
    from rich.table import Table
    from rich.text import Text

    out = _out()
    table = Table(box=None, pad_edge=False, show_edge=False)
    table.add_column(tl.by, style="bold")
    for label, _ in tl.series:
        table.add_column(_esc(label), justify="right")
    table.add_column("", no_wrap=True)
    sums = [sum(counts[i] for _, counts in tl.series) for i in range(len(tl.periods))]
    widest = max(sums, default=0) or 1
    width = 40
    colors = ["cyan", "magenta", "green", "yellow", "blue", "red", "bright_cyan", "bright_magenta"]
    for i, period in enumerate(tl.periods):
        bar = Text()
        for k, (_, counts) in enumerate(tl.series):
            cells = round(counts[i] * width / widest)
            bar.append("█" * cells, style=colors[k % len(colors)])
        table.add_row(period, *(f"{counts[i]:,}" for _, counts in tl.series), bar)
    out.print(table)
    dated = sum(sums)
    _err().print(
        f"[dim]{tl.total:,} matching articles: {dated:,} dated"
        + (" in the series shown" if len(tl.series) > 1 else "")
        + f", {tl.undated:,} undated (not on the time axis)[/]"
    )


def verify_report(report, *, as_json: bool, quiet: bool) -> None:
    """Each finding on stdout (a line, or a JSON object), then what was checked on stderr."""
    if as_json:
        for p in report.problems:
            _json_line(p.to_json())
        return
    out, err = _out(), _err()
    for p in report.problems:
        out.print(_finding_line(p))
    if not quiet or report.problems:
        status = "[green]ok[/]" if not report.problems else f"[red]{len(report.problems)} problem(s)[/]"
        what = "manifests and counts of" if report.fast else "verified"
        live = f" (left out {report.skipped_live} file(s) being written)" if report.skipped_live else ""
        err.print(f"{what} {report.files} WARC files, {report.articles} articles{live}: {status}")


def repair_report(report, *, as_json: bool, quiet: bool) -> None:
    """What repair did (stderr), then what it left, as ``verify_report`` says it."""
    err = _err()
    if not quiet:
        for action in report.actions or ["nothing to repair"]:
            err.print(f"repaired: {_esc(action)}")
    if report.problems:
        err.print("[red]left as found[/] (damage to WARC files; restore them from a copy):")
    verify_report(report, as_json=as_json, quiet=quiet)


def amended(sidecar: dict, *, as_json: bool, quiet: bool) -> None:
    """The amended article's new sidecar as JSON, or a one-line confirmation on stderr."""
    if as_json:
        _json_line(sidecar)
        return
    if not quiet:
        _err().print(f"amended {sidecar['id']}: {_esc(sidecar.get('title') or '')}")


def history(records: list[dict]) -> None:
    """One JSON line per metadata record of an article, oldest first."""
    for rec in records:
        _json_line(rec)


def reindex_report(report, *, quiet: bool) -> None:
    """Damage met while reindexing and the counts rebuilt, on stderr."""
    err = _err()
    for p in report.problems:
        err.print(_finding_line(p))
    if not quiet or report.problems:
        err.print(f"reindexed {report.articles} articles from {report.files} WARC files")
