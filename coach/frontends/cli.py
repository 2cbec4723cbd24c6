"""Command line: ``coach ask``, ``coach ingest``, ``coach app`` (practice modes: ``cli_practice``).

Exit codes: 0 for any routed answer, 2 for bad usage or input, 3 for a model
or index that cannot be used. Errors print one clear line, never a traceback,
and never an API key.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import textwrap
from pathlib import Path

from coach.present.render import sources_text
from coach.settings import SettingsError, load_settings

EXIT_USAGE = 2
EXIT_BACKEND = 3


def _quiet_libraries() -> None:
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    for name in ("chromadb", "httpx", "urllib3", "openai"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _fail(message: str, code: int) -> int:
    print(f"coach: {message}", file=sys.stderr)
    return code


def _read_message(args: argparse.Namespace) -> str:
    if args.question in (None, "-"):
        if sys.stdin is None or sys.stdin.isatty():
            raise ValueError("give a question, e.g. coach ask \"what if he won't talk?\"")
        return sys.stdin.buffer.read().decode("utf-8", errors="replace")
    return args.question


def print_reply(reply: dict) -> None:
    print(textwrap.fill(reply["answer"].split("\n\n")[0], 88) if reply["answer"] else "")
    for para in reply["answer"].split("\n\n")[1:]:
        print()
        print(textwrap.fill(para, 88))
    if reply["sources"]:
        print()
        print("\n".join(sources_text(reply["sources"], scores=True)))
    print(f"\n[{reply['route']} · {reply['backend']}]")


def cmd_ask(args: argparse.Namespace) -> int:
    from coach.present.reply import BackendError, InputError
    from coach.service import Coach

    try:
        message = _read_message(args)
    except ValueError as exc:
        return _fail(str(exc), EXIT_USAGE)
    try:
        coach = Coach(load_settings())
        reply = coach.ask(message).to_dict()
    except InputError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except BackendError as exc:
        return _fail(f"the model ({load_settings().describe_backend()}) did not answer: {exc}", EXIT_BACKEND)
    if args.json:
        print(json.dumps(reply, ensure_ascii=False))
    else:
        print_reply(reply)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from coach.service import Coach

    coach = Coach(load_settings())
    st = coach.status
    for _name, problem in st.report.problems:
        print(f"skipped: {problem}", file=sys.stderr)
    if st.notice:
        print(st.notice, file=sys.stderr)
    summary = {
        "files": len(st.report.files),
        "sections": len(st.report.sections),
        "added": st.stats.added,
        "removed": st.stats.removed,
        "unchanged": st.stats.unchanged,
        "seconds": round(st.stats.seconds, 3),
        "problems": [{"file": f, "message": m} for f, m in st.report.problems],
        **coach.guidance_report(),
    }
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"{summary['sections']} sections from {summary['files']} files: {summary['added']} added, "
            f"{summary['removed']} removed, {summary['unchanged']} unchanged ({summary['seconds']} s)"
        )
        if summary["uncurated"]:
            print("sections with no curated guidance (answered extractively):")
            for key in summary["uncurated"]:
                print(f"  - {key}")
        for problem in summary["guidance_problems"]:
            print(f"guidance: {problem}", file=sys.stderr)
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from streamlit.web import cli as stcli

    app = Path(__file__).resolve().parents[2] / "app.py"
    sys.argv = ["streamlit", "run", str(app), "--server.headless=true", "--browser.gatherUsageStats=false"]
    return int(stcli.main() or 0)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="coach", description="A private relationship coach grounded in advice articles.")
    sub = ap.add_subparsers(dest="command", required=True)
    ask = sub.add_parser("ask", help="ask a question and get a grounded answer")
    ask.add_argument("question", nargs="?", help="the question ('-' or nothing reads standard input)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(func=cmd_ask)
    ing = sub.add_parser("ingest", help="(re)index the articles in the knowledge folder")
    ing.add_argument("--json", action="store_true")
    ing.set_defaults(func=cmd_ingest)
    app = sub.add_parser("app", help="start the chat page")
    app.set_defaults(func=cmd_app)
    from coach.frontends import cli_practice

    cli_practice.register(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    _quiet_libraries()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["eval"]:  # its own options (--quick, --compare …) go straight to the runner
        from evals.run import main as run_evals

        return run_evals(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        return _fail(str(exc), EXIT_USAGE)
    logging.basicConfig(level=settings.log_level, format="%(levelname)s %(name)s: %(message)s")
    _quiet_libraries()
    from coach.knowledge.index import IndexUnavailable
    from coach.models.factory import BackendUnavailable

    try:
        return args.func(args)
    except (BackendUnavailable, IndexUnavailable) as exc:
        return _fail(str(exc), EXIT_BACKEND)
    except SettingsError as exc:
        return _fail(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return 130
