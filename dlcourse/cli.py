"""The ``dlcourse`` command: ``run`` chapters headlessly, ``list`` them, check the ``data``.

    dlcourse list
    dlcourse run [NAMES...] [-p NAME VALUE ...] [--smoke] [--out DIR]
    dlcourse data
    dlcourse serve [--host 127.0.0.1] [--port 8000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import yaml


def parse_value(name: str, text: str):
    """Read a ``-p`` value as YAML, like papermill: ``3`` -> 3, ``0.1`` -> 0.1, ``cpu`` -> 'cpu'."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise ValueError(f"-p {name} {text!r}: not a value ({problem}); give a number, true/false "
                         f"or a word, quoted in the shell if it has spaces.") from None


def cmd_list(args) -> int:
    from dlcourse.runner import parameters_of, select, smoke_parameters_of

    for path in select(args.names):
        print(path.stem)
        smoke = smoke_parameters_of(path)
        for name, p in parameters_of(path).items():
            note = f"  # {p.help}" if p.help else ""
            quick = f"  (smoke: {smoke[name]!r})" if name in smoke else ""
            print(f"    {name} = {p.default!r}{quick}{note} [{p.allowed()}]")
    return 0


def cmd_run(args) -> int:
    from dlcourse.runner import Interrupted, run_notebooks, select

    parameters = {name: parse_value(name, value) for name, value in args.parameter}
    paths = select(args.names)
    report = Path(args.out) / "report.md"
    try:
        results = run_notebooks(paths, parameters, out_dir=Path(args.out), smoke=args.smoke,
                                in_place=args.in_place, timeout=args.timeout,
                                progress=not args.quiet, report=report)
    except Interrupted as stop:
        print(f"\n{stop}; report of what finished: {report}", file=sys.stderr)
        return stop.code
    failed = [r for r in results if r.status != "ok"]
    print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed; report: {report}")
    for r in failed:
        print(f"FAILED {r.name}: {r.error}" + (f" (see {r.output})" if r.output else ""))
    return 1 if failed else 0


def cmd_data(args) -> int:
    """Print one line per bundled file (listed or needed); 1 if any is missing or broken."""
    from dlcourse.data.manifest import DataFileError, check_files
    from dlcourse.data.registry import required_files

    try:
        checks = check_files(required_files())
    except DataFileError as exc:
        print(f"BROKEN  {exc}")
        return 1
    for check in checks:
        if check.problem is None:
            print(f"ok      {check.file}  ({check.entry.size:,} bytes, {check.entry.licence})")
        else:
            print(f"BROKEN  {check.problem}")
    return 1 if any(check.problem is not None for check in checks) else 0


def cmd_serve(args) -> int:
    import uvicorn

    from dlcourse.data.manifest import DataFileError
    from dlcourse.models.io import CheckpointError
    from dlcourse.serve.app import create_app

    try:
        app = create_app()
    except (DataFileError, CheckpointError) as exc:
        print(f"dlcourse serve: cannot load the models: {exc}", file=sys.stderr)
        return 1
    print(f"serving on http://{args.host}:{args.port} (the API's page: /docs); Ctrl-C stops",
          flush=True)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dlcourse", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p_list = sub.add_parser("list", help="show the chapters and their parameters")
    p_list.add_argument("names", nargs="*", help="chapters to show (default: all)")
    p_list.set_defaults(func=cmd_list)

    p_run = sub.add_parser("run", help="execute chapters headlessly and write a report")
    p_run.add_argument("names", nargs="*", help="chapters: 05, cnn_on_mnist or 05_cnn_on_mnist "
                                                "(default: all)")
    p_run.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                       metavar=("NAME", "VALUE"), help="set a notebook parameter (YAML value)")
    p_run.add_argument("--smoke", action="store_true",
                       help="use each notebook's small quick-check parameters first")
    p_run.add_argument("--out", default="build/run",
                       help="folder for executed notebooks and report.md (default: build/run);"
                            " with --in-place, for report.md and failed runs")
    p_run.add_argument("--in-place", action="store_true",
                       help="write outputs back into notebooks/ (maintainers: make notebooks)")
    p_run.add_argument("--timeout", type=int, default=1800, help="seconds allowed per cell")
    p_run.add_argument("--quiet", action="store_true", help="no per-cell progress bar")
    p_run.set_defaults(func=cmd_run)

    p_data = sub.add_parser("data", help="verify the bundled data files against data/MANIFEST")
    p_data.set_defaults(func=cmd_data)

    p_serve = sub.add_parser("serve", help="serve the course's models over HTTP (chapter 10)")
    p_serve.add_argument("--host", default="127.0.0.1",
                         help="address to listen on (default: 127.0.0.1, this machine only)")
    p_serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    p_serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (ValueError, FileNotFoundError) as exc:
        print(f"dlcourse: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # before or between chapters (run_notebooks handles the rest)
        print("dlcourse: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader stopped (`dlcourse list | head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no error at exit
        return 141  # 128 + SIGPIPE, as a shell tool killed by the closed pipe


if __name__ == "__main__":
    sys.exit(main())
