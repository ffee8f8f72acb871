"""Command line: export the clinic, import spreadsheets (or restore an export), set a password.

    python -m lib.exchange export --db PATH --out DIR
    python -m lib.exchange import --db PATH DIR [--dry-run] [--as USERNAME]
    python -m lib.exchange password --db PATH USERNAME
    python -m lib.exchange pool DIR... --out report.parquet

Whoever can run these commands can read the database file itself, so they act as the
clinic lead (the first active one, or --as). `import` restores DIR when it is an export
(it holds manifest.json: only into an EMPTY clinic), else imports the CSV files in DIR.
"""

import argparse
import getpass
import sys
import zipfile
from pathlib import Path

from lib import audit, db
from lib.accounts.auth import MIN_PASSWORD, hash_password
from lib.errors import DomainError
from lib.exchange.export import export_clinic, zip_folder
from lib.exchange.importer import ImportRefused, import_files, preview
from lib.exchange.restore import restore_clinic
from lib.models import Actor


def _lead(cur, username=None):
    found = db.row(
        cur,
        Actor,
        "SELECT id, username, display_name, role, discipline FROM users"
        " WHERE role = 'lead' AND active AND ($name IS NULL OR username = $name) ORDER BY id LIMIT 1",
        {"name": username},
    )
    if found is None:
        raise DomainError("No active clinic lead account: start the app and create the lead's account first.")
    return found


def _files(source):
    source = Path(source)
    if source.is_file() and zipfile.is_zipfile(source):
        from lib.exchange.importer import unzip

        return unzip(source.read_bytes())
    return {p.name: p.read_bytes() for p in sorted(source.glob("*.csv"))}


def _print_report(report, out):
    for row in report.rows():
        print(f"{row['what']}: {row['new']} new, {row['already there']} already there", file=out)
    for e in report.errors:
        print(f"{e.file} line {e.line}, column {e.column or '-'}: {e.problem}", file=out)


def export(cur, args, out):
    manifest = export_clinic(cur, _lead(cur, args.as_user), args.out)
    archive = Path(args.out) / "home-practice-export.zip"
    data = zip_folder(args.out)
    archive.write_bytes(data)
    print(f"Exported {len(manifest['tables'])} tables to {args.out} and {archive}.", file=out)
    return 0


def run_import(cur, args, out):
    if (Path(args.source) / "manifest.json").exists():
        if args.dry_run:
            print("A restore has no dry run; it only goes into an empty clinic.", file=out)
            return 2
        counts = restore_clinic(cur, args.source)
        print(f"Restored {sum(counts.values())} rows into an empty clinic.", file=out)
        print("Accounts have no password yet: set one with `python -m lib.exchange password`.", file=out)
        return 0
    files = _files(args.source)
    if not files:
        print(f"No CSV files in {args.source}.", file=out)
        return 2
    actor = _lead(cur, args.as_user)
    try:
        report = preview(cur, actor, files) if args.dry_run else import_files(cur, actor, files)
    except ImportRefused as exc:
        _print_report(exc.report, out)
        print(str(exc), file=out)
        return 1
    _print_report(report, out)
    if not report.ok:
        print("Problems found: nothing would be imported.", file=out)
        return 1
    print("Dry run: nothing was written." if args.dry_run else "Imported.", file=out)
    return 0


def set_password(cur, args, out):
    password = getpass.getpass(f"New password for {args.username}: ")
    if len(password) < MIN_PASSWORD:
        print(f"Use at least {MIN_PASSWORD} characters.", file=out)
        return 2
    with db.transaction(cur):
        found = cur.execute(
            "UPDATE users SET password_hash = ? WHERE username = ? RETURNING id",
            [hash_password(password), args.username],
        ).fetchall()
        if found:
            audit.record(cur, None, "reset_password", "user", found[0][0], via="command line")
    print("Password set." if found else f"No account called {args.username}.", file=out)
    return 0 if found else 1


def pool_exports(args, out):
    from lib.exchange.pool import pool  # noqa: PLC0415  (the group's command: no clinic database)

    report = pool(args.folders, args.out)
    print(report.to_string(index=False), file=out)
    print(f"Pooled {len(args.folders)} site(s) into {args.out} ({len(report)} rows, no names).", file=out)
    return 0


def main(argv=None, out=sys.stdout):
    parser = argparse.ArgumentParser(prog="python -m lib.exchange", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    exp = commands.add_parser("export", help="write every table as CSV and Parquet, and a zip of them")
    exp.add_argument("--db", required=True)
    exp.add_argument("--out", required=True)
    exp.add_argument("--as", dest="as_user")
    imp = commands.add_parser("import", help="import CSV files (or restore an export into an empty clinic)")
    imp.add_argument("--db", required=True)
    imp.add_argument("source", help="a folder of CSV files, a zip of them, or an export folder")
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument("--as", dest="as_user")
    pwd = commands.add_parser("password", help="set an account's password (after a restore)")
    pwd.add_argument("--db", required=True)
    pwd.add_argument("username")
    grp = commands.add_parser("pool", help="pool sites' exports into adherence by site, discipline and month")
    grp.add_argument("folders", nargs="+", metavar="DIR", help="a site's export folder (or its parquet/)")
    grp.add_argument("--out", required=True, help="the report's Parquet file")
    args = parser.parse_args(argv)
    if args.command == "pool":
        return pool_exports(args, out)
    con = db.connect(args.db)
    try:
        with con.cursor() as cur:
            handler = {"export": export, "import": run_import, "password": set_password}[args.command]
            return handler(cur, args, out)
    except DomainError as exc:
        print(str(exc), file=out)
        return 1
    finally:
        con.close()


if __name__ == "__main__":
    sys.exit(main())
