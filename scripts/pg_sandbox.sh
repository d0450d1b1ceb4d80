#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the load test: `initdb` into a temporary
# folder, served on a Unix socket in that folder only (no TCP port to collide with), the command
# run with ARCHIVE_TEST_POSTGRES_URL pointing at it, then the cluster stopped and deleted.
#
#   scripts/pg_sandbox.sh COMMAND [ARGS…]      e.g. scripts/pg_sandbox.sh .venv/bin/python -m pytest
#
# Needs Debian's `postgresql` package (the server binaries in /usr/lib/postgresql/N/bin; no
# running cluster). As root, the server runs as the `postgres` user. The default collation is a
# linguistic one (ICU en-US), as on most production clusters: the archive must not depend on it.
# Durability is off (fsync, synchronous_commit): the cluster lives for one command.
set -euo pipefail

bindir=${PG_BINDIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [ ! -x "${bindir:-/nonexistent}/initdb" ]; then
  echo "pg_sandbox: no PostgreSQL server binaries (apt-get install postgresql)" >&2
  exit 2
fi
[ $# -gt 0 ] || { echo "usage: $0 COMMAND [ARGS…]" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/archive-pg.XXXXXX")
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres: "$dir"
  as=(runuser -u postgres --)
fi
stop() {
  "${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

init=("$bindir/initdb" -D "$dir/data" -U archive -A trust -E UTF8 --locale=C.UTF-8)
if ! "${as[@]}" "${init[@]}" --locale-provider=icu --icu-locale=en-US >"$dir/initdb.log" 2>&1; then
  rm -rf "$dir/data"  # an older server or one without ICU: C.UTF-8 it is
  "${as[@]}" "${init[@]}" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
fi
"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
  "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export ARCHIVE_TEST_POSTGRES_URL="postgresql+psycopg://archive@/postgres?host=$dir"
echo "pg_sandbox: $ARCHIVE_TEST_POSTGRES_URL" >&2
"$@"
