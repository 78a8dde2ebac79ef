#!/usr/bin/env bash
# A loopback lab for the database TLS checker: test PKI, and PostgreSQL 15, MariaDB and Redis
# servers with TLS on 127.0.0.1. Used by Tests/DatabaseTLSTests and Benchmarks/tls.
# Everything lives under LAB (a fresh temporary folder); nothing is installed or left running
# after `stop`. Recipe: ../shared/reference/db-tls.md §4.3.
#
#   dbtls-lab.sh pki LAB                    CA, intermediate, other CA, expired and short-lived roots, the leaf scenarios
#   dbtls-lab.sh postgres LAB PORT LEAF [CIPHERS]  PostgreSQL 15, TLS-only over TCP, serving LEAF.pem (ssl_ciphers)
#   dbtls-lab.sh postgres-switch LAB LEAF   serve another leaf (reload)
#   dbtls-lab.sh mariadb LAB PORT LEAF [TLS_VERSIONS]  MariaDB with TLS (tls_version); run again to restart it
#                                           with the same data (another tls_version is a startup setting)
#   dbtls-lab.sh redis LAB PORT LEAF [legacy]  Redis TLS port (legacy: also TLS 1.0/1.1)
#   dbtls-lab.sh stop LAB                   stop every server of the lab
set -euo pipefail

command=$1
LAB=$2
mkdir -p "$LAB"
LAB=$(cd "$LAB" && pwd)
PKI=$LAB/pki
quiet() { "$@" >/dev/null 2>&1 || { echo "dbtls-lab: failed: $*" >&2; "$@"; exit 1; }; }

# Servers refuse to run as root: run them as their service user when we are root.
as_user() {
    local user=$1
    shift
    if [[ $(id -u) -eq 0 ]]; then runuser -u "$user" -- "$@"; else "$@"; fi
}
own() { if [[ $(id -u) -eq 0 ]]; then chown -R "$1" "${@:2}"; fi; }

leaf() { # name subject-CN SAN issuer startdate enddate [keyspec] [digest]
    local name=$1 cn=$2 san=$3 issuer=$4 start=$5 end=$6 keyspec=${7:-ec:P-256} digest=${8:-sha256}
    local extfile=$PKI/$name.ext
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=%s\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' "$san" >"$extfile"
    if [[ $keyspec == ec:* ]]; then
        quiet openssl req -new -newkey ec -pkeyopt "ec_paramgen_curve:${keyspec#ec:}" -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "/CN=$cn"
    else
        quiet openssl req -new -newkey "$keyspec" -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "/CN=$cn"
    fi
    quiet openssl ca -batch -config "$PKI/ca.cnf" -cert "$PKI/$issuer.pem" -keyfile "$PKI/$issuer.key" -in "$PKI/$name.csr" \
        -out "$PKI/$name.pem" -notext -md "$digest" -startdate "$start" -enddate "$end" -extfile "$extfile"
}

authority() { # name CN [issuer]
    local name=$1 cn=$2 issuer=${3:-}
    if [[ -z $issuer ]]; then
        quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.pem" -days 3650 \
            -subj "/CN=$cn" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
    else
        printf 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >"$PKI/$name.ext"
        quiet openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "/CN=$cn"
        quiet openssl ca -batch -config "$PKI/ca.cnf" -cert "$PKI/$issuer.pem" -keyfile "$PKI/$issuer.key" -in "$PKI/$name.csr" \
            -out "$PKI/$name.pem" -notext -md sha256 -days 3650 -extfile "$PKI/$name.ext"
    fi
}

dated_authority() { # name CN startdate enddate: a self-signed root with exact dates (openssl req cannot set them)
    local name=$1 cn=$2 start=$3 end=$4
    printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n' >"$PKI/$name.ext"
    quiet openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/$name.key" -out "$PKI/$name.csr" -subj "/CN=$cn"
    quiet openssl ca -batch -selfsign -config "$PKI/ca.cnf" -keyfile "$PKI/$name.key" -in "$PKI/$name.csr" -out "$PKI/$name.pem" -notext \
        -md sha256 -startdate "$start" -enddate "$end" -extfile "$PKI/$name.ext"
}

case $command in
pki)
    rm -rf "$PKI" && mkdir -p "$PKI/newcerts" && : >"$PKI/index.txt" && echo 1000 >"$PKI/serial"
    printf '[ca]\ndefault_ca=d\n[d]\ndir=%s\ndatabase=$dir/index.txt\nnew_certs_dir=$dir/newcerts\nserial=$dir/serial\ndefault_md=sha256\npolicy=p\nunique_subject=no\n[p]\ncommonName=supplied\n' "$PKI" >"$PKI/ca.cnf"
    authority ca "Test DB Root CA"
    authority other-ca "Untrusted Root CA"
    authority intermediate "Test DB Intermediate CA" ca
    now=$(date -u +%Y%m%d%H%M%SZ)
    in90=$(date -u -d '+90 days' +%Y%m%d%H%M%SZ)
    in10=$(date -u -d '+10 days' +%Y%m%d%H%M%SZ)
    leaf good localhost "DNS:localhost,IP:127.0.0.1" ca "$now" "$in90"
    leaf wronghost db.example.com "DNS:db.example.com" ca "$now" "$in90"
    leaf expired localhost "DNS:localhost,IP:127.0.0.1" ca 20240101000000Z 20240401000000Z
    leaf notyet localhost "DNS:localhost,IP:127.0.0.1" ca 20990101000000Z 21000101000000Z
    leaf untrusted localhost "DNS:localhost,IP:127.0.0.1" other-ca "$now" "$in90"
    leaf chained localhost "DNS:localhost,IP:127.0.0.1" intermediate "$now" "$in90"
    leaf iponly 127.0.0.1 "IP:127.0.0.1" ca "$now" "$in90"
    leaf expiring localhost "DNS:localhost,IP:127.0.0.1" ca "$now" "$in10"
    leaf wildcard "*.example.org" "DNS:f*.example.org" ca "$now" "$in90"
    leaf weak localhost "DNS:localhost,IP:127.0.0.1" ca "$now" "$in90" rsa:1024 sha1
    # Private roots that a client's trust store holds: one expired in 2025, one expiring in 10 days.
    dated_authority expired-root "Expired Private Root CA" 20230101000000Z 20250101000000Z
    dated_authority short-root "Short-lived Private Root CA" "$now" "$in10"
    leaf under-expired-root localhost "DNS:localhost,IP:127.0.0.1" expired-root "$now" "$in90"
    leaf under-short-root localhost "DNS:localhost,IP:127.0.0.1" short-root "$now" "$in90"
    cat "$PKI/chained.pem" "$PKI/intermediate.pem" >"$PKI/chained-full.pem"
    cp "$PKI/chained.key" "$PKI/chained-full.key"
    quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$PKI/selfsigned.key" -out "$PKI/selfsigned.pem" \
        -days 90 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1"
    mkdir -p "$LAB/trust" && cp "$PKI/ca.pem" "$LAB/trust/ca.pem"
    chmod 755 "$LAB" "$PKI" && chmod 644 "$PKI"/*.pem "$PKI"/*.key
    ;;
postgres)
    port=$3 name=$4 ciphers=${5:-HIGH:MEDIUM:+3DES:!aNULL}
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    mkdir -p "$LAB/pg" && cp "$PKI/$name.pem" "$LAB/pg/server.crt" && cp "$PKI/$name.key" "$LAB/pg/server.key"
    chmod 600 "$LAB/pg/server.key" && own postgres "$LAB/pg"
    quiet as_user postgres "$bin/initdb" -D "$LAB/pg/data" -U postgres -A trust --no-instructions
    cat >>"$LAB/pg/data/postgresql.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$LAB/pg'
ssl = on
ssl_cert_file = '$LAB/pg/server.crt'
ssl_key_file = '$LAB/pg/server.key'
ssl_ciphers = '$ciphers'
fsync = off
EOF
    printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n' >"$LAB/pg/data/pg_hba.conf"
    quiet as_user postgres "$bin/pg_ctl" -D "$LAB/pg/data" -l "$LAB/pg/server.log" -w start
    ;;
postgres-switch)
    name=$3
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    cp "$PKI/$name.pem" "$LAB/pg/server.crt" && cp "$PKI/$name.key" "$LAB/pg/server.key"
    chmod 600 "$LAB/pg/server.key" && own postgres "$LAB/pg"
    quiet as_user postgres "$bin/pg_ctl" -D "$LAB/pg/data" reload
    ;;
mariadb)
    port=$3 name=$4 versions=${5:-TLSv1.2,TLSv1.3}
    M=$LAB/mariadb
    if [[ -f $M/mysqld.pid ]]; then
        pid=$(cat "$M/mysqld.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        rm -f "$M/mysqld.sock" "$M/mysqld.pid"
    fi
    mkdir -p "$M" && cp "$PKI/$name.pem" "$M/server.crt" && cp "$PKI/$name.key" "$M/server.key" && cp "$PKI/ca.pem" "$M/ca.pem"
    chmod 600 "$M/server.key" && own mysql "$M"
    if [[ ! -d $M/data ]]; then
        quiet mariadb-install-db --no-defaults --user="$(id -u -n | sed 's/^root$/mysql/')" --datadir="$M/data" --auth-root-authentication-method=normal --skip-test-db
    fi
    own mysql "$M"
    /usr/sbin/mariadbd --no-defaults --tls-version="$versions" --user="$(id -u -n | sed 's/^root$/mysql/')" --datadir="$M/data" --port="$port" --bind-address=127.0.0.1 \
        --socket="$M/mysqld.sock" --pid-file="$M/mysqld.pid" --log-error="$M/error.log" --skip-grant-tables=0 \
        --ssl-cert="$M/server.crt" --ssl-key="$M/server.key" --ssl-ca="$M/ca.pem" --innodb-buffer-pool-size=16M >/dev/null 2>&1 &
    for _ in $(seq 1 100); do
        [[ -S $M/mysqld.sock ]] && exit 0
        sleep 0.1
    done
    echo "dbtls-lab: mariadb did not start; see $M/error.log" >&2
    tail -5 "$M/error.log" >&2 || true
    exit 1
    ;;
redis)
    port=$3 name=$4 legacy=${5:-}
    mkdir -p "$LAB/redis"
    extra=()
    if [[ $legacy == legacy ]]; then extra=(--tls-protocols "TLSv1 TLSv1.1 TLSv1.2 TLSv1.3" --tls-ciphers "DEFAULT:@SECLEVEL=0"); fi
    quiet redis-server --port 0 --tls-port "$port" --bind 127.0.0.1 --tls-cert-file "$PKI/$name.pem" --tls-key-file "$PKI/$name.key" \
        --tls-ca-cert-file "$PKI/ca.pem" --tls-auth-clients no --daemonize yes --pidfile "$LAB/redis/redis-$port.pid" \
        --logfile "$LAB/redis/redis-$port.log" --dir "$LAB/redis" --save "" "${extra[@]}"
    for _ in $(seq 1 50); do
        [[ -s $LAB/redis/redis-$port.pid ]] && exit 0
        sleep 0.1
    done
    ;;
stop)
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [[ -d $LAB/pg/data ]]; then as_user postgres "$bin/pg_ctl" -D "$LAB/pg/data" -m immediate stop >/dev/null 2>&1 || true; fi
    if [[ -f $LAB/mariadb/mysqld.pid ]]; then kill "$(cat "$LAB/mariadb/mysqld.pid")" 2>/dev/null || true; fi
    for pidfile in "$LAB"/redis/*.pid; do
        [[ -f $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
    ;;
*)
    echo "dbtls-lab: unknown command $command" >&2
    exit 64
    ;;
esac
