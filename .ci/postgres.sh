# A throwaway PostgreSQL cluster for a test or bench run: sourced by .ci/run (and usable by hand).
#   source .ci/postgres.sh && pg_start /tmp/pgdata 55432 && export TEST_DATABASE_URL=... ; pg_stop
# Runs the server as the `postgres` user when started as root (initdb refuses root), on a
# non-default port with its socket in the data folder, so it never meets a system cluster.

pg_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$found" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; return 1; }
  echo "$found"
}

pg_as() {  # run a command as the cluster's owner
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}

pg_start() {  # pg_start DIR PORT [durable]
  local dir=$1 port=$2 mode=${3:-fast} bin opts
  bin=$(pg_bin) || return 1
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  chmod 700 "$dir"
  pg_as "$bin/initdb -D '$dir' -U postgres --auth=trust -E UTF8 --no-sync" >/dev/null
  opts="-p $port -k '$dir' -c listen_addresses=''"
  # Tests want speed, not durability: fsync off (this cluster is thrown away after the run).
  # A benchmark wants what production has: pass "durable".
  [ "$mode" = durable ] || opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  pg_as "$bin/pg_ctl -D '$dir' -l '$dir/server.log' -o \"$opts\" -w start" >/dev/null
  pg_as "$bin/createdb -h '$dir' -p $port -U postgres line_test"
}

pg_url() {  # pg_url DIR PORT: a SQLAlchemy URL over the cluster's Unix socket
  echo "postgresql+psycopg://postgres@/line_test?host=$1&port=$2"
}

pg_stop() {  # pg_stop DIR
  local bin
  bin=$(pg_bin) || return 0
  [ -f "$1/postmaster.pid" ] && pg_as "$(pg_bin)/pg_ctl -D '$1' -m fast -w stop" >/dev/null || true
  rm -rf "$1"
}
