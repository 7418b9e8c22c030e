"""Quotations for an archive too big for one machine, with Dask.

    pip install 'quote-attribution-service[dask]'
    python -m service.recipes.dask_quotes INPUT_GLOB OUTPUT_DIR [--partitions N]
        [--types direct,indirect,mixed] [--acts speech,position]
        [--offsets codepoints|utf16]
        [--scheduler processes|threads|synchronous|tcp://HOST:8786]
        [--workers N]

INPUT_GLOB names JSON Lines files (plain or compressed: .gz, .bz2, .xz) or
Parquet files (.parquet, with ``id`` and ``text`` or ``html`` columns), on
local disk or at any address fsspec reads (s3://, gs://, ... with its package
installed).  Each article must carry an ``id``: the results are spread over
many files.

The articles become a Dask bag; the engine runs over each partition once
(``map_partitions``, importing it once per partition, not once per article,
and ``extract_many`` in the partition's process) and every partition becomes
one file, OUTPUT_DIR/part-00000.jsonl and on, in input order.  Each line is
``Result.to_dict()``, exactly what ``python -m service extract`` writes for
the same article.  Lines that are not articles are listed on stderr at the
end.  See recipes/README.md.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

try:
    import dask
    import dask.bag as db
    import fsspec
except ImportError as missing:  # the package installs without its extras
    raise ImportError(
        f"the Dask recipe needs its extra: pip install 'quote-attribution-service[dask]' ({missing})"
    ) from missing

PARQUET = (".parquet", ".pq")
OK, BAD, FAILED = "ok", "bad", "failed"


def extract_partition(records, types, acts, offsets=None):
    """Results for one partition of ``(article, where)`` pairs, where an
    article is a JSON Lines line or an already-parsed row; as
    ``(kind, output line or message)``."""
    # Imported here, in the worker, once per partition.
    from service.cli import output_line, parse_article
    from service.engine import OFFSET_UNITS, extract_many
    from service.engine.library import record_problem

    results, articles, places = [], [], []
    for article, where in records:
        if isinstance(article, str):
            if not article.strip():
                continue
            parsed = parse_article(article)
        else:
            problem = record_problem(article)
            parsed = article if problem is None else problem
        if isinstance(parsed, str):
            results.append((BAD, f"{where}: {parsed}: {str(article)[:60]!r}"))
            continue
        if parsed.get("id") is None:
            source = parsed.get("text", parsed.get("html"))
            results.append((BAD, f"{where}: no 'id': {source[:60]!r}"))
            continue
        # Held back in order; the bad lines' messages need no place among them.
        articles.append(parsed)
        places.append(where)
    for result, where in zip(extract_many(articles, types, acts, offsets=offsets or OFFSET_UNITS[0]), places):
        if result.ok:
            results.append((OK, output_line(result)))
        else:
            results.append((FAILED, f"{where}: id {result.id!r}: {result.error}"))
    return results


def _row_group(path: str, index: int, storage_options: dict) -> list[tuple[dict, str]]:
    import pyarrow.parquet as pq

    with fsspec.open(path, "rb", **storage_options) as handle:
        parquet = pq.ParquetFile(handle)
        columns = [name for name in ("id", "text", "html") if name in parquet.schema_arrow.names]
        rows = parquet.read_row_group(index, columns=columns).to_pylist()
    # A row with both columns has one of them null: the article is the other.
    rows = [{name: value for name, value in row.items() if value is not None or name == "id"} for row in rows]
    return [(row, f"{path} row group {index}") for row in rows]


def read_articles(urlpath: str, partitions: int | None, storage_options: dict | None = None) -> db.Bag:
    """A bag of ``(article, where)``: lines of JSON Lines files, or rows of
    Parquet files (one partition per row group), in file order."""
    storage_options = storage_options or {}
    files = fsspec.open_files(urlpath, "rb", **storage_options)
    if not files:
        raise SystemExit(f"no files match {urlpath}")
    paths = sorted(f.path for f in files)
    protocol = files.fs.protocol if isinstance(files.fs.protocol, str) else files.fs.protocol[0]
    if protocol not in ("file", "local"):
        paths = [f"{protocol}://{path}" for path in paths]
    if all(path.endswith(PARQUET) for path in paths):
        import pyarrow.parquet as pq

        parts = []
        for path in paths:
            with fsspec.open(path, "rb", **storage_options) as handle:
                count = pq.ParquetFile(handle).metadata.num_row_groups
            parts += [dask.delayed(_row_group)(path, index, storage_options) for index in range(count)]
        bag = db.from_delayed(parts)
    else:
        compressed = any(fsspec.utils.infer_compression(path) for path in paths)
        if compressed:
            blocksize = None  # a compressed file cannot be split: one partition each
        elif partitions:
            total = sum(files.fs.size(f.path) for f in files)
            blocksize = max(math.ceil(total / partitions), 1)
        else:
            blocksize = 64 * 2**20
        bag = db.read_text(
            paths, blocksize=blocksize, encoding="utf-8", linedelimiter="\n",
            include_path=True, storage_options=storage_options,
        )
    if partitions and bag.npartitions != partitions:
        bag = bag.repartition(partitions)
    return bag


def run(urlpath: str, output_dir: str, partitions: int | None = None, types=None, scheduler: str = "processes",
        workers: int | None = None, acts=None, offsets: str | None = None) -> dict:
    """Extract every article under ``urlpath`` into ``output_dir``; returns counts."""
    from service.engine import DEFAULT_ACTS, QUOTE_TYPES

    types = tuple(types or QUOTE_TYPES)
    acts = tuple(acts or DEFAULT_ACTS)
    fs, root = fsspec.core.url_to_fs(output_dir)
    if fs.exists(root) and fs.glob(root.rstrip("/") + "/part-*.jsonl"):
        raise SystemExit(f"{output_dir} already holds part-*.jsonl files: choose an empty directory")
    fs.makedirs(root, exist_ok=True)

    results = read_articles(urlpath, partitions).map_partitions(extract_partition, types, acts, offsets)
    # Each partition's results go straight to its own file, so every
    # partition is extracted once and nothing but counts and messages comes
    # back.  (Bag.to_textfiles could write the lines, but counting them and
    # collecting the messages too would extract every partition again.)
    writes = [
        dask.delayed(write_part)(part, f"{output_dir.rstrip('/')}/part-{index:05d}.jsonl")
        for index, part in enumerate(results.to_delayed())
    ]
    with _scheduler(scheduler, workers) as options:
        outcomes = dask.compute(*writes, **options)
    problems = [problem for _, part_problems in outcomes for problem in part_problems]
    return {
        "articles": sum(count for count, _ in outcomes),
        "partitions": len(outcomes),
        "skipped": [message for kind, message in problems if kind == BAD],
        "failed": [message for kind, message in problems if kind == FAILED],
    }


def write_part(results, path: str) -> tuple[int, list[tuple[str, str]]]:
    """Writes one partition's output lines to ``path``; returns how many, and
    the partition's skipped and failed articles."""
    count, problems = 0, []
    with fsspec.open(path, "w", encoding="utf-8") as part:
        for kind, payload in results:
            if kind == OK:
                part.write(payload + "\n")
                count += 1
            else:
                problems.append((kind, payload))
    return count, problems


class _scheduler:
    """``dask.compute`` options for a local scheduler, or a client connected
    to a cluster's scheduler (an address such as tcp://host:8786)."""

    def __init__(self, name: str, workers: int | None):
        self.name, self.workers, self.client = name, workers, None

    def __enter__(self) -> dict:
        if "://" in self.name:
            from dask.distributed import Client  # pip install distributed

            self.client = Client(self.name)
            return {}
        options = {"scheduler": self.name}
        if self.workers:
            options["num_workers"] = self.workers
        return options

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.close()


def _types(value: str) -> tuple[str, ...]:
    from service.engine import QUOTE_TYPES

    chosen = tuple(t.strip() for t in value.split(",") if t.strip())
    if not chosen or any(t not in QUOTE_TYPES for t in chosen):
        raise argparse.ArgumentTypeError(f"types are a comma-separated subset of {','.join(QUOTE_TYPES)}")
    return chosen


def _acts(value: str) -> tuple[str, ...]:
    from service.engine import QUOTE_ACTS

    chosen = tuple(a.strip() for a in value.split(",") if a.strip())
    if not chosen or any(a not in QUOTE_ACTS for a in chosen):
        raise argparse.ArgumentTypeError(f"acts are a comma-separated subset of {','.join(QUOTE_ACTS)}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    from service.engine import OFFSET_UNITS

    parser = argparse.ArgumentParser(
        prog="python -m service.recipes.dask_quotes",
        description="Quotations for every article in JSON Lines or Parquet files, with Dask.",
    )
    parser.add_argument("input", metavar="INPUT_GLOB", help="JSON Lines or Parquet files: a path, glob or fsspec URL")
    parser.add_argument("output", metavar="OUTPUT_DIR", help="where part-NNNNN.jsonl files are written")
    parser.add_argument("--partitions", type=int, metavar="N",
                        help="split the articles into N partitions (default: 64 MiB of JSON Lines, "
                             "or one Parquet row group, each)")
    parser.add_argument("--types", type=_types, help="comma-separated quote types (default: all)")
    parser.add_argument("--acts", type=_acts, help="comma-separated acts: speech, position (default: speech)")
    parser.add_argument("--offsets", choices=OFFSET_UNITS, default=OFFSET_UNITS[0],
                        help="unit of every start/end: codepoints (default) or utf16")
    parser.add_argument("--scheduler", default="processes",
                        help="processes (default), threads, synchronous, or a Dask cluster's address")
    parser.add_argument("--workers", type=int, metavar="N", help="local processes or threads (default: one per CPU)")
    args = parser.parse_args(argv)
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions is at least 1")

    started = time.monotonic()
    counts = run(args.input, args.output, args.partitions, args.types, args.scheduler, args.workers, args.acts,
                 args.offsets)
    for message in counts["skipped"]:
        print(f"skipped {message}", file=sys.stderr)
    for message in counts["failed"]:
        print(f"failed {message}", file=sys.stderr)
    print(
        f"{counts['articles']} articles, {len(counts['skipped'])} skipped, {len(counts['failed'])} failed, "
        f"{counts['partitions']} parts in {args.output}, {time.monotonic() - started:.1f}s",
        file=sys.stderr,
    )
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
