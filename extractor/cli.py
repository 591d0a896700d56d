"""Command line: a thin shell over the library.

extractor extract PATH... [--format json|jsonl|csv|xlsx] [-o OUT]
extractor value TEXT | --batch
extractor train [--data DIR] [--out DIR] [--variants N] [--fold-variants N]
extractor evaluate GOLD_DIR [--model DIR] [--held-out]
extractor serve | worker
extractor keys list|create|revoke|rotate|expire ...
extractor training-data export ...
extractor models list|register|promote|rollback ...
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from extractor.errors import ExtractionError

# Installed with the `service` extra only (serve, worker, keys, training-data export).
# (httpx is in the extra too, but spaCy's weasel brings it to every install.)
SERVICE_MODULES = frozenset(
    ["fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg", "redis", "rq"]
    + ["prometheus_client", "multipart", "python_multipart"]
)


def _cmd_extract(args: argparse.Namespace) -> int:
    from extractor.batch import run_extract

    return run_extract(
        [Path(p) for p in args.paths],
        fmt=args.format,
        out=Path(args.output) if args.output else None,
        model_dir=Path(args.model) if args.model else None,
        jobs=args.jobs,
        summary=not args.quiet,
    )


def _cmd_value(args: argparse.Namespace) -> int:
    from extractor.values import parse_value

    if args.batch:
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError:
                item = None
            if not isinstance(item, dict) or "input" not in item:
                # One answer per line all the same, so that answers stay in step with questions.
                error = "invalid JSON line" if item is None else 'no "input" key'
                print(json.dumps({"error": error}, ensure_ascii=False), flush=False)
                continue
            text = item["input"]
            value = parse_value(text if isinstance(text, str) or text is None else str(text))
            print(json.dumps(value.model_dump(mode="json"), ensure_ascii=False))
        return 0
    if args.text is None:
        print("extractor value: give TEXT or --batch", file=sys.stderr)
        return 2
    print(json.dumps(parse_value(args.text).model_dump(mode="json"), ensure_ascii=False, indent=1))
    return 0


def _cmd_train(args: argparse.Namespace) -> int:
    from extractor.training.train import print_metrics, train_all

    registry = _registry(args) if args.register else None
    if registry is not None and args.out:
        print("extractor train: --out and --register exclude each other", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else None
    if registry is not None:
        out = registry.root / "versions" / registry.next_name()
    if args.incremental:
        from extractor.training.incremental import train_incremental

        base = Path(args.base) if args.base else None
        if base is None:
            base = registry.active()[1] if registry is not None else _default_model_dir()
        if out is None:
            print("extractor train --incremental: give --out DIR or --register", file=sys.stderr)
            return 2
        out = train_incremental(Path(args.data), base, out)
        metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
        meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
        blind = (metrics.get("blind") or {}).get("overall") or {}
        print(
            f"updated {base} with {len(meta['new_documents'])} new documents "
            f"({', '.join(meta['refitted'])} refitted) in {metrics['seconds']:.0f}s; "
            f"blind F1 {_fig(blind.get('f1'))}, fields {_fig(blind.get('all_fields'))}"
        )
    else:
        out = train_all(
            Path(args.data), out, variants=args.variants, fold_variants=args.fold_variants
        )
        print_metrics(json.loads((out / "metrics.json").read_text(encoding="utf-8")))
    print(f"model written to {out}")
    if registry is not None:
        registry.record_trained(out.name, Path(args.data))
        _print_versions(registry, only=out.name)
    return 0


def _default_model_dir() -> Path:
    from extractor.settings import settings

    return settings.model_dir


def _registry(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from extractor.registry import Registry

    if getattr(args, "root", None):
        return Registry(Path(args.root))
    from service.settings import ServiceSettings

    return Registry(ServiceSettings().registry_root)


def _print_versions(registry, only: str | None = None) -> None:  # type: ignore[no-untyped-def]
    print(f"{'':2}{'version':<10} {'created':<21} {'blind F1':>8} {'fields':>7}  vs in use")
    for v in registry.versions():
        if only and v.name != only:
            continue
        s = v.summary()
        blind = s["blind"] or {}
        cmp = (s["comparison"] or {}).get("blind", {})
        vs = " ".join(
            f"{k} {d['delta']:+.3f}" for k, d in cmp.items() if d.get("delta") is not None
        )
        mark = "* " if v.active else "  "
        print(
            f"{mark}{v.name:<10} {str(s['created'] or '-'):<21} "
            f"{_fig(blind.get('f1')):>8} {_fig(blind.get('all_fields')):>7}  {vs}"
        )


def _fig(x: object) -> str:
    return f"{x:.3f}" if isinstance(x, (int, float)) else "-"


def _cmd_models(args: argparse.Namespace) -> int:
    import getpass

    from extractor.registry import RegistryError

    registry = _registry(args)
    who = f"cli:{getpass.getuser()}"
    try:
        if args.action == "list":
            if args.evidence:
                for name in registry.names():
                    registry.evidence(name, Path(args.data))
            _print_versions(registry)
        elif args.action == "register":
            v = registry.register(Path(args.folder), Path(args.data))
            _print_versions(registry, only=v.name)
        elif args.action == "promote":
            event = registry.promote(
                args.version, Path(args.data), who, force=args.force, reason=args.reason
            )
            print(_event_line(event))
        else:
            print(_event_line(registry.rollback(who, reason=args.reason)))
    except RegistryError as exc:
        print(f"extractor models {args.action}: {exc.message}", file=sys.stderr)
        return 1
    return 0


def _event_line(event: dict[str, object]) -> str:
    forced = f" (forced: {event.get('reason')})" if event.get("forced") else ""
    return f"{event['action']}: {event['previous']} -> {event['version']}{forced}"


def _cmd_evaluate(args: argparse.Namespace) -> int:
    from extractor.training.evaluate import evaluate_dir, evaluate_held_out

    if args.held_out:
        report = evaluate_held_out(
            Path(args.gold).parent, args.fold_variants, out=sys.stderr if args.json else sys.stdout
        )
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    report = evaluate_dir(
        Path(args.gold),
        model_dir=Path(args.model) if args.model else None,
        docs_dir=Path(args.docs) if args.docs else None,
        pred_dir=Path(args.pred) if args.pred else None,
        out=sys.stderr if args.json else sys.stdout,
    )
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from service.app import run_server

    run_server(host=args.host, port=args.port)
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    from service.jobs import run_worker

    run_worker(burst=args.burst)
    return 0


def _cmd_cleanup(args: argparse.Namespace) -> int:
    from service.cleanup import cleanup_command

    return cleanup_command(dry_run=args.dry_run)


def _cmd_training_data(args: argparse.Namespace) -> int:
    from service.training_export import export_approved

    n = export_approved(Path(args.out))
    print(f"exported {n} approved documents to {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="extractor", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract indicators from reports")
    p.add_argument("paths", nargs="+", help="files or folders (searched recursively)")
    p.add_argument("--format", choices=["json", "jsonl", "csv", "xlsx"], default="json")
    p.add_argument("-o", "--output", help="output file, or folder for several JSON reports")
    p.add_argument("--model", help="model folder (default: the shipped model)")
    p.add_argument("-j", "--jobs", type=int, default=0, help="parallel workers (0: one a core)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("value", help="parse a target/actual value")
    p.add_argument("text", nargs="?")
    p.add_argument("--batch", action="store_true", help='JSON lines {"input": ...} on stdin')
    p.set_defaults(func=_cmd_value)

    p = sub.add_parser("train", help="train all models from training data")
    p.add_argument("--data", default="training_data")
    p.add_argument("--out", help="model folder to write (default models/default)")
    p.add_argument("--variants", type=int, default=6, help="generated variants per document")
    p.add_argument(
        "--fold-variants",
        type=int,
        default=2,
        help="variants per document inside the leave-one-layout-out folds",
    )
    p.add_argument(
        "--register",
        action="store_true",
        help="write the next version of the model registry (--root) and compare it "
        "on the blind set with the version in use",
    )
    p.add_argument("--root", help="model registry folder (default: the service's data/models)")
    p.add_argument(
        "--incremental",
        action="store_true",
        help="update a model with the new documents of --data in minutes: role, block and "
        "claim models refitted, calibration and prose kept, no held-out folds",
    )
    p.add_argument("--base", help="model folder to update (default: the version in use)")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("models", help="model versions: list, register, promote, roll back")
    msub = p.add_subparsers(dest="action", required=True)
    for name, text in (
        ("list", "versions with their blind-set figures (* in use)"),
        ("register", "add a trained model folder as the next version"),
        ("promote", "put a version in use (refused if worse on the blind set)"),
        ("rollback", "back to the version in use before the last promotion"),
    ):
        m = msub.add_parser(name, help=text)
        m.add_argument("--root", help="model registry folder (default: the service's data/models)")
        m.add_argument("--data", default="training_data", help="corpus holding the blind set")
        m.set_defaults(func=_cmd_models)
        if name == "list":
            m.add_argument("--evidence", action="store_true", help="score missing blind figures")
        if name == "register":
            m.add_argument("folder")
        if name == "promote":
            m.add_argument("version")
            m.add_argument("--force", action="store_true", help="promote even if worse")
        if name in ("promote", "rollback"):
            m.add_argument("--reason", help="why (required with --force)")

    p = sub.add_parser("evaluate", help="extract and score against gold")
    p.add_argument("gold", help="folder of gold JSON files")
    p.add_argument("--model")
    p.add_argument("--docs", help="folder holding the documents named by the gold files")
    p.add_argument("--pred", help="keep predictions in this folder")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--held-out",
        action="store_true",
        help="leave one layout out: retrain without each layout of GOLD_DIR/../manifest",
    )
    p.add_argument("--fold-variants", type=int, default=2, help="variants per document (held-out)")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("serve", help="run the HTTP service")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("worker", help="run a job-queue worker")
    p.add_argument("--burst", action="store_true", help="exit when the queue is empty")
    p.set_defaults(func=_cmd_worker)

    p = sub.add_parser(
        "cleanup", help="drop expired idempotency keys, old change-feed rows and page renders"
    )
    p.add_argument("--dry-run", action="store_true", help="count only, delete nothing")
    p.set_defaults(func=_cmd_cleanup)

    from service.key_cli import add_parser as add_keys_parser

    add_keys_parser(sub)

    p = sub.add_parser("training-data", help="corrections to training data")
    tsub = p.add_subparsers(dest="action", required=True)
    e = tsub.add_parser("export", help="export approved documents")
    e.add_argument("--out", default="training_data", help="training data folder to merge into")
    e.set_defaults(func=_cmd_training_data)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in SERVICE_MODULES:
            raise
        # `pip install extractor` is the library alone; the service is an extra.
        print(
            f"extractor {args.command}: needs the service stack ({exc.name} is missing): "
            "pip install 'extractor[service]'",
            file=sys.stderr,
        )
        return 2
    except ExtractionError as exc:
        print(f"extractor: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): not an error of ours.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
