#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1 for tests (credential rotation, the PostgreSQL store):
# SCRAM-SHA-256 password authentication over TCP, every statement logged (so tests can prove what
# the server never saw), the socket and data under LAB. Nothing survives `stop`.
#
#   pg-lab.sh start LAB PORT SUPERUSER_PASSWORD   initdb + start; superuser `postgres`
#   pg-lab.sh sql LAB SQL                          run SQL as postgres over the lab's socket
#   pg-lab.sh stop LAB
set -euo pipefail
command=$1
LAB=$2
mkdir -p "$LAB"
LAB=$(cd "$LAB" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $command in
start)
    port=$3
    printf '%s\n' "$4" >"$LAB/superuser-password"
    if [[ $(id -u) -eq 0 ]]; then chown -R postgres "$LAB"; fi
    chmod 700 "$LAB"
    as_postgres "$bin/initdb" -D "$LAB/data" -U postgres --pwfile="$LAB/superuser-password" \
        --auth-local=trust --auth-host=scram-sha-256 --no-instructions >"$LAB/initdb.log" 2>&1
    cat >>"$LAB/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$LAB'
password_encryption = 'scram-sha-256'
log_statement = 'all'
logging_collector = off
fsync = off
CONF
    as_postgres "$bin/pg_ctl" -D "$LAB/data" -l "$LAB/server.log" -w -t 30 start >/dev/null
    ;;
sql)
    port=$(sed -n 's/^port = //p' "$LAB/data/postgresql.conf")
    as_postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$LAB" -p "$port" -U postgres -d postgres -tA -c "$3"
    ;;
stop)
    if [[ -d $LAB/data ]]; then as_postgres "$bin/pg_ctl" -D "$LAB/data" -m immediate stop >/dev/null 2>&1 || true; fi
    ;;
*)
    echo "usage: pg-lab.sh start|sql|stop LAB …" >&2
    exit 64
    ;;
esac
