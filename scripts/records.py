"""Command line for interception records: import, undo, log, create-admin, create-user.

Usage::

    python scripts/records.py import FILE [--drop-bad-rows] [--user NAME]
    python scripts/records.py undo IMPORT_ID [--user NAME]
    python scripts/records.py log [--limit N]
    python scripts/records.py create-admin USERNAME        # password from a prompt or stdin
    python scripts/records.py create-user USERNAME --role analyst

The store is ``DATABASE_URL`` (PostgreSQL) or the SQLite file in the data directory. Imports go
through the same importer as the Data page. Whoever can run this script on the server has the
store's credentials already, so the commands act with administrator rights.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.errors import UserInputError  # noqa: E402
from geo.logs import configure as configure_logging  # noqa: E402
from geo.records.access import Role, create_user  # noqa: E402
from geo.records.importer import ImportReport, import_file  # noqa: E402
from geo.records.schema import ImportStatus  # noqa: E402
from geo.records.store import RecordStore  # noqa: E402


def _print_report(report: ImportReport, out: TextIO = sys.stdout) -> None:
    for error in report.errors:
        print(f"  {error}", file=out)
    if report.error_count > len(report.errors):
        print(f"  ... and {report.error_count - len(report.errors)} more problems", file=out)
    if report.file_error:
        print(f"error: {report.file_error}", file=out)
    entry = report.entry
    print(
        f"import {entry.import_id if entry else '-'}: {report.status}; rows read "
        f"{report.rows_read:,}, added {report.accepted:,}, duplicates {report.duplicates:,}, "
        f"bad rows {report.rejected:,}",
        file=out,
    )
    if report.status is ImportStatus.REFUSED:
        print(
            "nothing was written. Fix the rows above, or run again with --drop-bad-rows to "
            "import the good rows only.",
            file=out,
        )


def _progress(done: int, total: int | None) -> None:
    if sys.stderr.isatty():
        print(f"\r  {done:,} rows", end="", file=sys.stderr, flush=True)


def cmd_import(args: argparse.Namespace, store: RecordStore) -> int:
    """Import one file; exit status 0 only if it was committed."""
    path = Path(args.file)
    try:
        report = import_file(
            store,
            path,
            file_name=path.name,
            user=args.user,
            drop_bad_rows=args.drop_bad_rows,
            progress=_progress,
        )
    except UserInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    if sys.stderr.isatty():
        print(file=sys.stderr)
    _print_report(report)
    return 0 if report.status is ImportStatus.COMMITTED else 1


def cmd_undo(args: argparse.Namespace, store: RecordStore) -> int:
    """Undo one import."""
    try:
        removed = store.undo_import(args.import_id, user=args.user)
    except UserInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"import {args.import_id} undone: {removed:,} records removed")
    return 0


def cmd_log(args: argparse.Namespace, store: RecordStore) -> int:
    """Print the import log, newest first."""
    print("id\tstarted (UTC)\tuser\tfile\tstatus\tread\tadded\tduplicates\tbad\tsha256")
    for e in store.import_log(limit=args.limit):
        status = f"{e.status} by {e.undone_by}" if e.status is ImportStatus.UNDONE else e.status
        print(
            f"{e.import_id}\t{e.started_at}\t{e.user_name}\t{e.file_name}\t{status}\t"
            f"{e.rows_read}\t{e.accepted}\t{e.duplicates}\t{e.rejected}\t{e.checksum[:16]}"
        )
    return 0


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def cmd_create(args: argparse.Namespace, store: RecordStore) -> int:
    """Create an admin (create-admin) or a user of any role (create-user)."""
    role = Role.ADMIN if args.command == "create-admin" else Role(args.role)
    try:
        create_user(store, args.username, _read_password(), role=role)
    except (UserInputError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"user {args.username!r} created with role {role.value}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and --help)."""
    parser = argparse.ArgumentParser(prog="records.py", description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="database URL or SQLite path (default: DATABASE_URL)")
    sub = parser.add_subparsers(dest="command", required=True)
    default_user = os.environ.get("USER") or getpass.getuser()
    p = sub.add_parser("import", help="import a .csv, .xlsx or .geojson file")
    p.add_argument("file")
    p.add_argument("--drop-bad-rows", action="store_true", help="import the good rows only")
    p.add_argument("--user", default=default_user, help="name recorded in the import log")
    p.set_defaults(run=cmd_import)
    p = sub.add_parser("undo", help="remove the records an import added")
    p.add_argument("import_id", type=int)
    p.add_argument("--user", default=default_user)
    p.set_defaults(run=cmd_undo)
    p = sub.add_parser("log", help="show the import log")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(run=cmd_log)
    p = sub.add_parser("create-admin", help="create an administrator account")
    p.add_argument("username")
    p.set_defaults(run=cmd_create)
    p = sub.add_parser("create-user", help="create an analyst or administrator account")
    p.add_argument("username")
    p.add_argument("--role", choices=[Role.ANALYST.value, Role.ADMIN.value], required=True)
    p.set_defaults(run=cmd_create)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        store = RecordStore(args.database)
    except UserInputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return args.run(args, store)


if __name__ == "__main__":
    configure_logging()
    sys.exit(main())
