"""Command line for ``coach phrase``, ``coach roleplay``, ``coach eval`` and ``coach bench``.

``coach roleplay --json`` reads user turns one per line from standard input and
prints the whole session as one JSON object; without ``--json`` it runs an
interactive practice (type ``/hint`` for a hint, ``/end`` or an empty line to
finish and see the debrief).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap

from coach.present.render import debrief_lines, sources_text
from coach.present.reply import InputError
from coach.respond import prompts
from coach.settings import load_settings


def cmd_phrase(args: argparse.Namespace) -> int:
    from coach.service import Coach

    coach = Coach(load_settings())
    try:
        result = coach.phrase(args.message)
    except InputError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return 2
    out = result.to_dict()
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    if result.route != "answer":
        print(result.reply)
        return 0
    for v in result.variants:
        print(f"{v['label']}:\n  {textwrap.fill(v['text'], 84, subsequent_indent='  ')}\n")
    if result.avoid:
        print("What to avoid:")
        for note in result.avoid:
            print(f"  - {note}")
    if result.sources:
        print()
        print("\n".join(sources_text(result.sources)))
    return 0


def _print_debrief(debrief: dict) -> None:
    print("\nDebrief\n" + "\n".join(debrief_lines(debrief)))


def cmd_roleplay(args: argparse.Namespace) -> int:
    from coach.service import Coach

    coach = Coach(load_settings())
    if args.list:
        for name, persona in sorted(coach.personas().items()):
            print(f"{name:18s} {persona.title}")
        return 0
    try:
        session = coach.roleplay(args.persona, seed=args.seed)
    except KeyError as exc:
        print(f"coach: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.json:
        for line in sys.stdin:
            text = line.strip()
            if not text:
                continue
            try:
                if coach.say(session, text) is None:
                    break
            except InputError as exc:
                print(f"coach: {exc}", file=sys.stderr)
                return 2
        print(json.dumps(session.to_dict(), ensure_ascii=False))
        return 0
    p = session.persona
    print(f"Practising with: {p.title}\n{p.scenario}\n(/hint for a hint, /end to finish)\n")
    print(f"Partner: {session.opening}")
    while True:
        try:
            text = input("You: ").strip()
        except EOFError:
            break
        if not text or text == "/end":
            break
        if text == "/hint":
            print(f"Hint: {session.hint()}")
            continue
        try:
            turn = coach.say(session, text)
        except InputError as exc:
            print(f"coach: {exc}")
            continue
        if turn is None:
            print("\n" + (session.state.ended_reply or prompts.PRACTICE_ENDED))
            break
        print(f"Partner: {turn.partner}")
    _print_debrief(session.debrief())
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from coach import bench

    results = bench.run(big=args.sections, answer_rounds=args.rounds)
    print(json.dumps(results) if args.json else bench.table(results))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    be = sub.add_parser("bench", help="measure speed and print a table (or --json)")
    be.add_argument("--json", action="store_true")
    be.add_argument("--sections", type=int, default=10_000, help="size of the synthetic base")
    be.add_argument("--rounds", type=int, default=5, help="questions timed through the model")
    be.set_defaults(func=cmd_bench)
    # listed for --help only: `coach eval …` goes to evals.run before parsing (see cli.main)
    sub.add_parser("eval", help="run the evals (coach eval --help for options)")
    ph = sub.add_parser("phrase", help="gentler ways to say something")
    ph.add_argument("message")
    ph.add_argument("--json", action="store_true")
    ph.set_defaults(func=cmd_phrase)
    rp = sub.add_parser("roleplay", help="practise a conversation with a partner persona")
    rp.add_argument("--persona", default="withdrawn")
    rp.add_argument("--list", action="store_true", help="list personas")
    rp.add_argument("--json", action="store_true", help="read turns from stdin, print the session as JSON")
    rp.add_argument("--seed", type=int, default=None, help="make partner lines repeatable")
    rp.set_defaults(func=cmd_roleplay)
