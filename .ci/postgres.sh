# Starts a private PostgreSQL on 127.0.0.1 for the tests and exports GATEWAY_TEST_PG_URL,
# GATEWAY_TEST_PG_USER and GATEWAY_TEST_PG_PASSWORD. Sourced by .ci/run; usable by hand too:
#   source .ci/postgres.sh && start_test_postgres
start_test_postgres() {
  local bin port dir
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ]; then
    echo "postgres.sh: PostgreSQL is not installed" >&2
    return 1
  fi
  port=${PG_TEST_PORT:-55432}
  dir=$(mktemp -d /tmp/nextim-pg.XXXXXX)
  chown postgres "$dir"
  su postgres -c "$bin/initdb -D $dir/data -A trust -U postgres >/dev/null"
  su postgres -c "$bin/pg_ctl -D $dir/data -o '-c listen_addresses=127.0.0.1 -p $port -k $dir' -l $dir/log -w start >/dev/null"
  su postgres -c "psql -h 127.0.0.1 -p $port -U postgres -c \"CREATE USER nextim PASSWORD 'nextim'\" >/dev/null"
  su postgres -c "psql -h 127.0.0.1 -p $port -U postgres -c 'CREATE DATABASE nextim_test OWNER nextim' >/dev/null"
  export GATEWAY_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/nextim_test"
  export GATEWAY_TEST_PG_USER=nextim
  export GATEWAY_TEST_PG_PASSWORD=nextim
  echo "test PostgreSQL on $GATEWAY_TEST_PG_URL (data in $dir)"
}
