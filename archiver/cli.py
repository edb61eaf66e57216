"""The command line: a thin skin over the library.

Each command parses its options, calls one library function, hands the result to ``render``
and maps ``ArchiverError`` to an exit code (1 runtime, 2 usage). Heavy modules are imported
inside the commands so that ``archiver --help`` starts fast.
"""

from __future__ import annotations

import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from archiver.errors import ArchiverError
from archiver.inputs.reader import DEFAULT_MAX_BYTES

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@dataclass(frozen=True)
class Settings:
    """Global options, built once from the command line and the environment."""

    archive: Path | None
    quiet: bool
    verbose: bool

    def archive_path(self) -> Path:
        """``--archive``, else ``$ARCHIVER_HOME`` (click reads both), else the user data dir."""
        return self.archive or default_archive(quiet=self.quiet)


def default_archive(*, quiet: bool = True) -> Path:
    """The user data dir (``~/.local/share/archiver`` on Linux, via platformdirs), unless an
    archive lives only at the old default (``click.get_app_dir``): that one is used, and named."""
    import platformdirs

    new = Path(platformdirs.user_data_dir("archiver", appauthor=False))
    old = Path(click.get_app_dir("archiver"))
    if old != new and not (new / "archive.json").exists() and (old / "archive.json").exists():
        if not quiet:
            click.echo(
                f"archiver: using the archive at the old default {old} (move it to {new}, or pass --archive)",
                err=True,
            )
        return old
    return new


NEGATION = "\ue000"  # stands for a leading "-" of a query word while click parses the options


class _QueryCommand(click.Command):
    """A command whose QUERY words may start with "-" (``archiver search -sports budget``): a
    ``-word`` that is not one of the command's options is a negated term, not a usage error."""

    def parse_args(self, ctx, args):
        known = {name for param in self.get_params(ctx) for name in (*param.opts, *param.secondary_opts)}
        out, rest = [], False
        for arg in args:
            if rest or arg == "--":
                rest = True
                out.append(arg)
            elif arg.startswith("-") and not arg.startswith("--") and len(arg) > 2 and arg[1].isalnum():
                out.append(arg if arg in known else NEGATION + arg[1:])
            else:
                out.append(arg)
        return super().parse_args(ctx, out)


def _query_text(words) -> str:
    return " ".join(w.replace(NEGATION, "-", 1) if w.startswith(NEGATION) else w for w in words)


def _set_global(ctx, param, value):
    """``-q``, ``-v`` and ``--archive`` given after the subcommand (as pip and git users type them)."""
    if value in (None, False):
        return value
    root = ctx.find_root()
    import dataclasses

    name = {"quiet_": "quiet", "verbose_": "verbose", "archive_": "archive"}[param.name]
    root.obj = dataclasses.replace(root.obj, **{name: value})
    ctx.obj = root.obj
    return value


def _globals(f):
    f = click.option(
        "--archive",
        "archive_",
        type=click.Path(file_okay=False, path_type=Path),
        expose_value=False,
        callback=_set_global,
        help="Archive directory.",
    )(f)
    f = click.option(
        "-q",
        "--quiet",
        "quiet_",
        is_flag=True,
        expose_value=False,
        callback=_set_global,
        help="Print nothing on stderr but errors.",
    )(f)
    return click.option(
        "-v",
        "--verbose",
        "verbose_",
        is_flag=True,
        expose_value=False,
        callback=_set_global,
        help="Say more about what happens.",
    )(f)


def _fail(e: ArchiverError) -> None:
    from archiver import render

    render.error(str(e))
    sys.exit(e.exit_code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ArchiverError as e:
            _fail(e)
        except KeyboardInterrupt as e:
            signum = e.args[0] if e.args and isinstance(e.args[0], int) else signal.SIGINT
            click.echo(f"interrupted by {signal.Signals(signum).name}", err=True)
            sys.exit(128 + signum)
        except BrokenPipeError:
            # `archiver search x | head`: the reader left; stop quietly, as other Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(141)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as e:  # a bug: say so in one line, keep the traceback for those who ask
            if os.environ.get("ARCHIVER_DEBUG"):
                raise
            from archiver import render

            render.error(f"internal error: {type(e).__name__}: {e} (set ARCHIVER_DEBUG=1 for details)")
            sys.exit(1)


def _complete_ids(ctx, param, incomplete):
    """Ids from the archive, for shell completion (click does not run ``main`` while completing,
    so the archive path comes from the parsed parameters or the environment)."""
    from archiver.store.archive import complete_ids

    root = ctx.find_root()
    path = root.params.get("archive") or os.environ.get("ARCHIVER_HOME") or default_archive()
    return complete_ids(Path(path), incomplete)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option(
    "--archive",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="ARCHIVER_HOME",
    help="Archive directory (default: $ARCHIVER_HOME, else the user data dir).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing on stderr but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Say more about what happens.")
@click.version_option(package_name="archiver", prog_name="archiver")
@click.pass_context
def main(ctx, archive, quiet, verbose):
    """archiver: keep news text as WARC/1.1, tagged and searchable.

    \b
    Example:
      archiver add samples/ && archiver search Danbury
    """
    ctx.obj = Settings(archive=archive, quiet=quiet, verbose=verbose)
    # cron and systemd stop a run with SIGTERM (time-out) or SIGHUP (session gone): end it as
    # Ctrl-C does, so the WARC file is closed, the summary printed and the run logged.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)


def _interrupt(signum, frame):
    raise KeyboardInterrupt(signum)


def _input_options(f):
    f = click.option(
        "--format",
        "fmt",
        type=click.Choice(["auto", "text", "jsonl"]),
        default="auto",
        show_default=True,
        help="Input format; auto treats .jsonl files and JSON stdin as JSONL, .html and markup as web "
        "pages, .warc/.warc.gz/.wacz as crawls; text keeps everything as text.",
    )(f)
    f = click.option("--outlet", help="The publisher (wins over what the text suggests).")(f)
    f = click.option("--url", help="The article's source URL.")(f)
    f = click.option("--published", help="Publication date (any format dateutil reads).")(f)
    f = click.option("--title", help="The article's title.")(f)
    f = click.option(
        "--max-bytes",
        type=click.IntRange(min=1),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Size limit of one article in bytes (in a crawl: of each decompressed payload).",
    )(f)
    f = click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=0),
        default=0,
        help="Worker processes for normalizing and tagging (default 0: one per CPU).",
    )(f)
    return click.argument("sources", nargs=-1, required=True)(f)


def _jobs(jobs: int) -> int:
    from archiver.inputs.article import default_jobs

    return jobs or default_jobs()


def _inputs(sources, fmt, outlet, url, published, title, max_bytes):
    from archiver.inputs.article import parse_published
    from archiver.inputs.reader import Given, iter_inputs

    # A bad --published is a usage error (exit 2), found before any input is read.
    given = Given(url=url, outlet=outlet, title=title, published=parse_published(published))
    return iter_inputs(list(sources), fmt=fmt, given=given, max_bytes=max_bytes, stdin=sys.stdin.buffer)


@main.command(context_settings=CONTEXT)
@_input_options
@click.option("--json", "as_json", is_flag=True, help="One JSON result line per article.")
@click.option("--no-tag", is_flag=True, help="Store without tagging (tags can be added by retag).")
@_globals
@click.pass_obj
def add(settings: Settings, sources, fmt, outlet, url, published, title, max_bytes, jobs, as_json, no_tag):
    """Archive articles: WARC records, sidecar and index entry for each.

    SOURCES are files, directories (recursive) or - for stdin: plain text, JSONL, saved web
    pages (.html: the article is extracted) and crawls (.warc, .warc.gz, .wacz: each HTML or
    text page captured with status 200 becomes an article, its capture kept for replay).

    \b
    Examples:
      archiver add story.txt --url https://example.com/story --outlet "NBC Connecticut"
      archiver add saved-page.html crawl.warc.gz
      archiver add samples/
      cat batch.jsonl | archiver add --format jsonl -
    """
    from archiver import render
    from archiver.store.archive import AddOptions, open_archive

    items = _inputs(sources, fmt, outlet, url, published, title, max_bytes)
    with open_archive(settings.archive_path(), create=True) as archive:
        # A bug met on one article fails that article, not the batch (it is reported at the end).
        options = AddOptions(tag=not no_tag, jobs=_jobs(jobs), contain_errors=True)
        results = archive.add(items, options)
        summary = render.add_results(results, as_json=as_json, quiet=settings.quiet, verbose=settings.verbose)
    if archive.stopped_early:
        render.error(archive.stopped_early)
    sys.exit(0 if summary.failed == 0 and not archive.stopped_early else 1)


@main.command(context_settings=CONTEXT)
@_input_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per article, in input order.")
@_globals
@click.pass_obj
def tag(settings: Settings, sources, fmt, outlet, url, published, title, max_bytes, jobs, as_json):
    """Show the tags of articles without archiving anything.

    \b
    Examples:
      archiver tag story.txt
      archiver tag --json - < batch.jsonl
    """
    from archiver import render
    from archiver.store.archive import tag_items

    items = _inputs(sources, fmt, outlet, url, published, title, max_bytes)
    failed = render.tag_results(tag_items(items, jobs=_jobs(jobs)), as_json=as_json, quiet=settings.quiet)
    sys.exit(1 if failed else 0)


def _filter_options(f):
    f = click.option("--person", multiple=True, help="Only articles tagged with this person (repeat: all).")(
        f
    )
    f = click.option(
        "--location",
        "--place",
        "location",
        multiple=True,
        help='Only articles tagged with this place or a place inside it: France, FR, "Paris, Texas", '
        "geonames:4717560 (repeat: all).",
    )(f)
    f = click.option(
        "--outlet", multiple=True, help="Only articles from this outlet (name, alias or domain)."
    )(f)
    f = click.option("--topic", multiple=True, help="Only articles with this topic (label or IPTC code).")(f)
    f = click.option("--since", help="Published on or after this date (undated articles never match).")(f)
    f = click.option("--until", help="Published on or before this date (undated articles never match).")(f)
    f = click.option("--undated", is_flag=True, help="Only articles without a publication date.")(f)
    return click.argument("query", nargs=-1)(f)


def _request(query, person, location, outlet, topic, since, until, undated, **more):
    from archiver.index.query import SearchRequest
    from archiver.inputs.article import parse_day

    return SearchRequest(
        query=_query_text(query),
        person=tuple(person) or None,
        location=tuple(location) or None,
        outlet=tuple(outlet) or None,
        topic=tuple(topic) or None,
        since=parse_day(since) if since else None,
        until=parse_day(until, end=True) if until else None,
        undated=undated,
        **more,
    )


@main.command(cls=_QueryCommand, context_settings=CONTEXT)
@_filter_options
@click.option(
    "--sort",
    type=click.Choice(["relevance", "newest", "oldest"]),
    default="relevance",
    show_default=True,
    help="Rank (BM25 over every match) or publication date; undated articles sort last.",
)
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="0: every match.")
@click.option("--all", "every", is_flag=True, help="Every match (streamed; as --limit 0).")
@click.option("--json", "as_json", is_flag=True, help="One JSON line per hit.")
@click.option(
    "--count", "count_only", is_flag=True, help="Print only the number of matching articles (exact)."
)
@click.option(
    "--facets", is_flag=True, help="Also show the top outlets, places, people, organizations, topics."
)
@_globals
@click.pass_obj
def search(settings: Settings, sort, limit, every, as_json, count_only, facets, **filters):
    """Search the archive (ranked, with snippets); counts and facets are exact.

    Query language: words (all must match), "exact phrases", OR, -word, prefix*, and fields
    person:, location: (or place:), outlet:, topic:, org:, title:.

    \b
    Examples:
      archiver search Danbury
      archiver search -sports budget --since 2024-01-01
      archiver search immigration --location Connecticut --facets
      archiver search 'outlet:AP' --all --json > ap.jsonl
    """
    from archiver import render
    from archiver.store.archive import open_archive

    every = every or limit == 0
    req = _request(sort=sort, limit=0 if every else limit, facets=facets, count_only=count_only, **filters)
    with open_archive(settings.archive_path()) as archive:
        if every and not count_only:
            result = archive.search(_replace(req, limit=1))
            render.search_result(result, as_json=as_json, count_only=False, stream=archive.iter_hits(req))
        else:
            render.search_result(archive.search(req), as_json=as_json, count_only=count_only)


def _replace(req, **changes):
    import dataclasses

    return dataclasses.replace(req, **changes)


@main.command(cls=_QueryCommand, context_settings=CONTEXT)
@_filter_options
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month", show_default=True)
@click.option(
    "--split",
    type=click.Choice(["outlet", "location", "person", "organization", "topic"]),
    help="One series per top value of this tag.",
)
@click.option(
    "--top", type=click.IntRange(min=1), default=10, show_default=True, help="Series kept by --split."
)
@click.option("--json", "fmt", flag_value="json", help="The timeline as one JSON object.")
@click.option("--csv", "fmt", flag_value="csv", help="The timeline as CSV (period, one column per series).")
@_globals
@click.pass_obj
def timeline(settings: Settings, by, split, top, fmt, **filters):
    """Exact counts of matching articles per period of publication (undated counted apart).

    \b
    Examples:
      archiver timeline ICE --location Connecticut --by month --split outlet
      archiver timeline --by year --csv > per-year.csv
    """
    from archiver import render
    from archiver.store.archive import open_archive
    from archiver.timeline import build_timeline

    req = _request(**filters)
    with open_archive(settings.archive_path()) as archive:
        tl = build_timeline(archive, req, by=by, split=split, top=top)
    render.timeline(tl, fmt=fmt or "table")


@main.command(context_settings=CONTEXT)
@click.argument("article_id", shell_complete=_complete_ids)
@click.option("--json", "mode", flag_value="json", help="The sidecar as JSON.")
@click.option("--text", "mode", flag_value="text", help="The normalized text only.")
@click.option("--raw", "mode", flag_value="raw", help="The original bytes, untouched.")
@click.option("--history", "mode", flag_value="history", help="Every metadata record, oldest first.")
@_globals
@click.pass_obj
def show(settings: Settings, article_id, mode):
    """Show one article by id (a unique prefix is enough).

    \b
    Examples:
      archiver show 3f2a
      archiver show 3f2a --raw > original.txt
    """
    from archiver import render
    from archiver.store.archive import open_archive

    with open_archive(settings.archive_path()) as archive:
        if mode == "history":
            from archiver.store.corrections import history

            render.history(history(archive, article_id))
            return
        shown = archive.show(article_id, with_raw=mode == "raw")
    render.article(shown, mode=mode or "pretty")


@main.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True)
@_globals
@click.pass_obj
def stats(settings: Settings, as_json):
    """Counts by outlet, month, topic, and the top people and places.

    \b
    Example:
      archiver stats --json
    """
    from archiver import render
    from archiver.store.archive import open_archive

    with open_archive(settings.archive_path()) as archive:
        render.stats(archive.stats(), as_json=as_json)


@main.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per problem.")
@click.option("--fast", is_flag=True, help="Manifests and counts only (no record, sidecar or index check).")
@_globals
@click.pass_obj
def verify(settings: Settings, as_json, fast):
    """Recompute every digest and check WARC, sidecars and index agree; exit 1 on any problem.

    Works on a read-only archive and beside a running add (live writers' files are left out).

    \b
    Examples:
      archiver verify
      archiver verify --fast --json
    """
    from archiver import render
    from archiver.store.archive import open_archive
    from archiver.store.integrity import verify as verify_archive

    with open_archive(settings.archive_path()) as archive:
        report = verify_archive(archive, fast=fast)
    render.verify_report(report, as_json=as_json, quiet=settings.quiet)
    sys.exit(1 if report.problems else 0)


@main.command(context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="One JSON line per problem left.")
@_globals
@click.pass_obj
def repair(settings: Settings, as_json):
    """Fix what verify can fix without touching a closed WARC file's bytes; exit 1 if damage remains.

    Rebuilds sidecars and index, closes dead writers' files, writes missing manifests and a
    missing archive.json. Damaged records stay named: restore their files from a copy.

    \b
    Example:
      archiver repair && archiver verify
    """
    from archiver import render
    from archiver.store.integrity import repair as repair_archive

    report = repair_archive(settings.archive_path())
    render.repair_report(report, as_json=as_json, quiet=settings.quiet)
    sys.exit(1 if report.problems else 0)


@main.command(context_settings=CONTEXT)
@click.argument("article_id", shell_complete=_complete_ids)
@click.option("--url", help="The corrected source URL (re-tags the article).")
@click.option("--published", help="The corrected publication date.")
@click.option("--outlet", help="The corrected outlet (re-tags the article).")
@click.option("--title", help="The corrected title.")
@click.option("--json", "as_json", is_flag=True, help="Print the new sidecar as JSON.")
@_globals
@click.pass_obj
def amend(settings: Settings, article_id, url, published, outlet, title, as_json):
    """Correct what was known at ingest; the earlier metadata is kept (see show --history).

    \b
    Example:
      archiver amend 3f2a --url https://example.com/story --published 2024-03-05
    """
    from archiver import render
    from archiver.store.archive import open_archive
    from archiver.store.corrections import amend

    changes = {"url": url, "published": published, "outlet": outlet, "title": title}
    with open_archive(settings.archive_path()) as archive:
        sidecar = amend(archive, article_id, changes)
    render.amended(sidecar, as_json=as_json, quiet=settings.quiet)


@main.command(context_settings=CONTEXT)
@_globals
@click.pass_obj
def reindex(settings: Settings):
    """Rebuild every sidecar and the search index from the WARC files alone.

    \b
    Example:
      rm -r ARCHIVE/index ARCHIVE/sidecars && archiver reindex
    """
    from archiver import render
    from archiver.store.archive import open_archive

    with open_archive(settings.archive_path()) as archive:
        report = archive.reindex()
    render.reindex_report(report, quiet=settings.quiet)
    sys.exit(1 if report.problems else 0)


@main.command(context_settings=CONTEXT)
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON result line per article.")
@_globals
@click.pass_obj
def retag(settings: Settings, query, as_json):
    """Re-tag archived articles (all, or those a search query matches) with the current tagger.

    New metadata records are appended; nothing already written is edited.

    \b
    Examples:
      archiver retag
      archiver retag 'outlet:"NBC Connecticut"'
    """
    from archiver import render
    from archiver.store.archive import open_archive
    from archiver.store.corrections import retag

    with open_archive(settings.archive_path()) as archive:
        summary = render.add_results(
            retag(archive, " ".join(query)), as_json=as_json, quiet=settings.quiet, verb="retagged"
        )
    sys.exit(0 if summary.failed == 0 else 1)


@main.command(context_settings=CONTEXT)
@click.argument("inbox", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--done",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where archived files are moved.",
)
@click.option(
    "--failed",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Where failed files are moved, each with NAME.error.json.",
)
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON result line per article.")
@click.option("--no-tag", is_flag=True, help="Store without tagging (tags can be added by retag).")
@_globals
@click.pass_obj
def ingest(settings: Settings, inbox, done, failed, max_bytes, as_json, no_tag):
    """Archive every file in INBOX (for cron); move each to --done or --failed.

    Exit 0 when everything went in, 1 when anything failed.

    \b
    Example (crontab):
      */10 * * * * archiver -q ingest ~/inbox --done ~/inbox.done --failed ~/inbox.failed
    """
    from archiver import render
    from archiver.store.ingest import InboxOptions, ingest_inbox

    opts = InboxOptions(inbox=inbox, done=done, failed=failed, max_bytes=max_bytes, tag=not no_tag)
    results = ingest_inbox(settings.archive_path(), opts)
    summary = render.add_results(results, as_json=as_json, quiet=settings.quiet, verbose=settings.verbose)
    sys.exit(0 if summary.failed == 0 else 1)


@main.command("export", cls=_QueryCommand, context_settings=CONTEXT)
@_filter_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "warc", "wacz", "bagit"]),
    required=True,
    help="jsonl/csv for analysis; warc, wacz (ReplayWeb.page) or bagit (a bag directory) for repositories.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The file (bagit: a directory; jsonl and csv: - for stdout).",
)
@click.option("--excel", is_flag=True, help="csv: start with a UTF-8 byte order mark for Excel.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary of what was written.")
@_globals
@click.pass_obj
def export_cmd(settings: Settings, fmt, output, excel, as_json, **filters):
    """Export the articles a search matches (no query: all of them) for others to use.

    Same query language and filters as search.

    \b
    Examples:
      archiver export --format jsonl -o all.jsonl
      archiver export 'place:Hartford' --format jsonl -o - | jq .title
      archiver export Danbury --since 2025-01 --format csv --excel -o danbury.csv
      archiver export 'topic:immigration' --format wacz -o immigration.wacz
      archiver export --outlet "NBC Connecticut" --format bagit -o nbc-bag
    """
    from archiver import render
    from archiver.export import ExportOptions, count_matches, export, export_to_stream
    from archiver.store.archive import open_archive

    req = _request(**filters)
    options = ExportOptions(fmt=fmt, output=output, excel=excel, query=req.query)
    to_stdout = str(output) == "-"
    with open_archive(settings.archive_path()) as archive:
        total = None if settings.quiet or as_json else count_matches(archive, req)
        with render.ExportProgress(total, quiet=settings.quiet or as_json) as progress:
            if to_stdout:
                summary = export_to_stream(archive, req, options, sys.stdout.buffer, progress=progress)
            else:
                summary = export(archive, req, options, progress=progress)
    render.export_summary(summary, as_json=as_json and not to_stdout, quiet=settings.quiet)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@main.command(context_settings=CONTEXT)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8080, show_default=True)
@click.option("--open", "open_browser", is_flag=True, help="Open the search page in a web browser.")
@_globals
@click.pass_obj
def serve(settings: Settings, host, port, open_browser):
    """Browse the archive in a web browser: search, facets, timeline, articles (read-only).

    Needs the web extra: pip install 'archiver[web]'. Listens on 127.0.0.1 unless told otherwise.

    \b
    Examples:
      archiver serve --open
      archiver serve --port 9000
    """
    from archiver import render
    from archiver.store.archive import open_archive

    try:
        import uvicorn

        from archiver.web.app import create_app
    except ImportError as e:
        raise click.UsageError(
            f"archiver serve needs the web extra ({e.name} is missing): pip install 'archiver[web]'"
        ) from e
    root = settings.archive_path()
    with open_archive(root) as archive:  # a missing archive or index is reported now, not per page
        archive.index  # noqa: B018 - raises now when the index is missing
    if host not in LOOPBACK_HOSTS:
        render.warning(f"listening on {host}: anyone who can reach this address can read the archive")
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    if not settings.quiet:
        click.echo(f"serving {root} at {url} (read-only; Ctrl-C stops)", err=True)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(url,)).start()
    uvicorn.run(create_app(root), host=host, port=port, log_level="warning" if settings.quiet else "info")
