"""``extractor keys``: manage API keys from the shell, on the database the
service uses (``SERVICE_*`` / ``DATABASE_URL`` / ``REDIS_URL``, as ``extractor serve``).

    extractor keys list [--organisation NAME]
    extractor keys create --name NAME --role ROLE [--organisation NAME] [--expires-in-days N]
    extractor keys revoke KEY_ID
    extractor keys rotate KEY_ID [--expires-in-days N]
    extractor keys expire KEY_ID (--at ISO_TIME | --in-days N | --never)

KEY_ID is the id from ``list`` or the first characters of the key itself
(``ek_…``, six or more). Changes take effect at once in running services.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta

# The roles of service.auth.ROLE_RANK, lowest first (a test checks they agree):
# written out so that building the CLI's parser imports nothing of the service.
ROLES = ("uploader", "reviewer", "admin")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("keys", help="list, create, revoke, rotate and expire API keys")
    ksub = p.add_subparsers(dest="action", required=True)

    k = ksub.add_parser("list", help="every key (never the keys themselves)")
    k.add_argument("--organisation", help="only this organisation's keys")

    k = ksub.add_parser("create", help="a new key, printed once")
    k.add_argument("--name", required=True)
    k.add_argument("--role", required=True, choices=ROLES)
    k.add_argument("--organisation", help="default: the operator organisation")
    k.add_argument("--expires-in-days", type=float)

    k = ksub.add_parser("revoke", help="revoke a key now")
    k.add_argument("key_id")

    k = ksub.add_parser("rotate", help="a new key with the same name and role; the old revoked")
    k.add_argument("key_id")
    k.add_argument("--expires-in-days", type=float)

    k = ksub.add_parser("expire", help="set or clear a key's expiry")
    k.add_argument("key_id")
    when = k.add_mutually_exclusive_group(required=True)
    when.add_argument("--at", help="ISO time (UTC if no offset); a past time expires it now")
    when.add_argument("--in-days", type=float)
    when.add_argument("--never", action="store_true")
    p.set_defaults(func=run)


def _in_days(days: float | None) -> datetime | None:
    return None if days is None else datetime.now(UTC) + timedelta(days=days)


def _naive(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC).replace(tzinfo=None)


def _print(item: dict[str, object]) -> None:
    print(json.dumps(item, ensure_ascii=False))


def run(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from service import key_admin
    from service.auth import create_key
    from service.models import ApiKey, Organisation
    from service.runtime import Runtime
    from service.settings import ServiceSettings

    settings = ServiceSettings()
    rt = Runtime(settings)
    try:
        with rt.sessions() as s:
            if args.action == "list":
                query = select(ApiKey, Organisation.name).join(Organisation)
                if args.organisation:
                    query = query.where(Organisation.name == args.organisation)
                for row, org in s.execute(query.order_by(ApiKey.created_at)).all():
                    _print(key_admin.key_summary(row, org))
                return 0
            if args.action == "create":
                org = args.organisation or settings.bootstrap_organisation
                row, clear = create_key(
                    s,
                    name=args.name,
                    role=args.role,
                    organisation=org,
                    pepper=settings.key_pepper,
                    expires_at=_naive(_in_days(args.expires_in_days)),
                )
                s.commit()
                rt.key_epoch.bump()
                _print({**key_admin.key_summary(row, org), "key": clear})
                return 0
            try:
                row = key_admin.find_key(s, args.key_id, by_prefix=True)
            except key_admin.KeyNotFound as exc:
                print(f"extractor keys: {exc} (or more than one key starts so)", file=sys.stderr)
                return 1
            owner = key_admin.organisation_name(s, row)
            if args.action == "revoke":
                _print(key_admin.key_summary(key_admin.revoke(rt, s, row), owner))
            elif args.action == "rotate":
                try:
                    new, clear = key_admin.rotate(rt, s, row, _in_days(args.expires_in_days))
                except ValueError as exc:
                    print(f"extractor keys: {exc}", file=sys.stderr)
                    return 1
                _print({**key_admin.key_summary(new, owner), "key": clear, "replaces": row.id})
            else:
                when = None if args.never else _in_days(args.in_days)
                if args.at:
                    when = datetime.fromisoformat(args.at)
                _print(key_admin.key_summary(key_admin.set_expiry(rt, s, row, when), owner))
            return 0
    finally:
        rt.close()
