"""Command line: ``python -m generator`` (or ``kbgen``) check | build | serve | export | verify | demos | init | new | schema.

Author mistakes are printed as one line each (``path:line:col: error: ...``)
and give exit status 1, never a traceback. ``build`` writes the new site next
to the old one and swaps it in only when everything succeeded.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from generator.errors import BuildFailed, did_you_mean, note

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _root(args: argparse.Namespace) -> Path:
    return Path(args.root).resolve()


def cmd_check(args: argparse.Namespace) -> int:
    from generator.check import check_project
    errors, notes = check_project(_root(args), only=[Path(p) for p in args.paths])
    if args.format == "json":
        print(json.dumps({"errors": [e.as_dict() for e in errors], "notes": notes}, indent=2))
        return 1 if errors else 0
    for line in notes:
        note(line)
    if errors:
        return BuildFailed(errors).told()
    print("OK: no problems found.", file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from generator.build.build_command import build_main
    return build_main(args, _root(args))


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.mkdocs.serve import serve_preview
    return serve_preview(_root(args), args.dev_addr, args.demos)


def cmd_export(args: argparse.Namespace) -> int:
    from generator.exports import FORMATS
    if args.dir in FORMATS:
        from generator.exports.export_command import export_bank_main
        return export_bank_main(_root(args), args.dir, args.quiz or [], args.out, args.demos)
    meant = {"apkg": "anki", "xml": "moodle", "zip": "qti", "canvas": "qti", "pdf": "handout", "txt": "gift"}
    close = f"did you mean '{meant[args.dir]}'?" if args.dir in meant else did_you_mean(args.dir, FORMATS)
    if close and "/" not in args.dir and not Path(args.dir).exists():
        print(f"error: unknown format '{args.dir}'; formats: {', '.join(FORMATS)} (hint: {close} To write the whole "
              f"project into a folder of that name, write ./{args.dir})", file=sys.stderr)
        return 1
    if args.quiz or args.out:
        print(f"error: --quiz and --out go with a format: {', '.join(FORMATS)} (hint: 'export DIR' writes the whole "
              "project)", file=sys.stderr)
        return 1
    from generator.mkdocs.export import export_main
    return export_main(_root(args), args.dir, args.demos)


def cmd_verify(args: argparse.Namespace) -> int:
    from generator.build.verify import verify_site
    site = Path(args.site).resolve()
    problems = verify_site(site)
    if problems:
        return BuildFailed(problems).told()
    print(f"OK: {site} has every page processed, no attribute that runs a script, its quiz script, and no broken "
          "internal link.", file=sys.stderr)
    return 0


def cmd_demos(args: argparse.Namespace, rest: list[str]) -> int:
    from generator.demos import cli_main
    return cli_main(rest, _root(args))


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.content.schemas import write_schemas
    for path in write_schemas(_root(args)):
        print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from generator.course_init import init_main
    return init_main(args)


def cmd_new(args: argparse.Namespace) -> int:
    from generator.content.scaffold import new_main
    return new_main(args, _root(args))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description="Build a question-and-answer site with "
                                "quizzes from YAML entries and TensorFlow demos (also installed as 'kbgen').")
    p.add_argument("--root", default=".", help="project folder (holding mkdocs.yml); default: current folder")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate content, quizzes and result references; build nothing")
    c.add_argument("paths", nargs="*", help="only report problems in these files")
    c.add_argument("--format", choices=("text", "json"), default="text")
    b = sub.add_parser("build", help="run stale demos and build the site atomically")
    b.add_argument("--site-dir", help="output folder (default: site_dir of mkdocs.yml)")
    b.add_argument("--demos", choices=("full", "quick", "off"), help="demo configuration (default: mkdocs.yml)")
    b.add_argument("--no-strict", action="store_true", help="do not turn MkDocs warnings into errors")
    b.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress messages")
    b.add_argument("--site-url", help="address the site will be served from (overrides site_url in mkdocs.yml)")
    b.add_argument("--force", action="store_true", help="build even if no input changed since the last build")
    b.add_argument("--no-cache", action="store_true",
                   help="parse, validate and convert every page afresh, without reading or writing .cache/*.sqlite")
    s = sub.add_parser("serve", help="preview with live reload")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT",
                   help="address to serve on (default 127.0.0.1:8000)")
    s.add_argument("--demos", choices=("full", "quick", "off"), help="demo configuration (default: mkdocs.yml)")
    v = sub.add_parser("verify", help="check a built site (any engine's): processed pages, quiz script, links")
    v.add_argument("site", help="the folder the engine wrote, e.g. site/")
    e = sub.add_parser("export", help="write the question bank for a classroom (export qti|moodle|gift|anki|handout), "
                       "or a self-contained project that MkDocs, ProperDocs and Zensical build (export DIR)")
    e.add_argument("dir", metavar="FORMAT|DIR", help="qti, moodle, gift, anki or handout; else an empty folder for "
                   "the whole project")
    e.add_argument("--quiz", action="append", metavar="ID", help="only this quiz (repeat for several; default: all)")
    e.add_argument("--out", metavar="PATH", help="where a format is written (default: question-bank-qti.zip, "
                   "question-bank-moodle.xml, question-bank.gift.txt, question-bank.apkg, handouts/)")
    e.add_argument("--demos", choices=("full", "quick", "off"))
    sub.add_parser("demos", help="list demos and rerun them (see 'demos --help')", add_help=False)
    sub.add_parser("schema", help="regenerate the JSON Schemas in schemas/")
    i = sub.add_parser("init", help="start a new course in an empty folder: an entry, a quiz, a demo, a Makefile")
    i.add_argument("dir", help="the new course's folder (new or empty)")
    i.add_argument("--title", default="My course", help="the site's title (default: My course)")
    i.add_argument("--author", help="author of the sample entry (default: git config user.name)")
    n = sub.add_parser("new", help="scaffold a new entry or quiz")
    n.add_argument("kind", choices=("entry", "quiz"), nargs="?", default="entry")
    n.add_argument("--topic", help="topic id from content/taxonomy.yml")
    n.add_argument("--question", help="the entry's question")
    n.add_argument("--author", help="the entry's author")
    n.add_argument("--title", help="the quiz's title")
    n.add_argument("--id", dest="new_id", help="id to use instead of one derived from the question or title")
    n.add_argument("--yes", action="store_true", help="do not prompt; fail if something is missing")
    return p


def main(argv: list[str] | None = None) -> int:
    args, rest = parser().parse_known_args(argv)  # (None: sys.argv[1:])
    if rest and args.command != "demos":
        parser().error(f"unrecognized arguments: {' '.join(rest)}")
    handlers = {"check": cmd_check, "build": cmd_build, "serve": cmd_serve, "export": cmd_export,
                "schema": cmd_schema, "new": cmd_new, "verify": cmd_verify, "init": cmd_init}
    try:
        code = cmd_demos(args, rest) if args.command == "demos" else handlers[args.command](args)
        sys.stdout.flush()  # (a closed pipe is noticed here, not at exit)
        return code
    except BrokenPipeError:  # `... | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # (no second error when Python flushes)
        return 0
    except BuildFailed as failure:
        return failure.told()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
