#!/usr/bin/env bash
# Good and bad database states for the posture scan, on the servers scripts/dbtls-lab.sh starts
# (PostgreSQL 15 and MariaDB, TLS with the lab PKI, 127.0.0.1 only). Used by Tests/DatabaseScanTests
# and Benchmarks/db-scan. Everything is set through the servers' own clients over their Unix sockets.
#
#   dbscan-lab.sh postgres-good LAB PASSWORD   hardened: scram, hostssl only, pgaudit, passwordcheck, logging;
#                                              logins dba_admin (superuser) and scanner (least privilege)
#   dbscan-lab.sh postgres-bad LAB             every PostgreSQL rule's bad state (plain TCP on loopback allowed)
#   dbscan-lab.sh postgres-sql LAB DB SQL      run SQL as postgres
#   dbscan-lab.sh mariadb-good LAB PASSWORD    hardened MariaDB; accounts dba_admin and scanner
#   dbscan-lab.sh mariadb-bad LAB              every MariaDB rule's bad state
#   dbscan-lab.sh mariadb-sql LAB SQL          run SQL as root
set -euo pipefail

command=$1
LAB=$(cd "$2" && pwd)
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
as_postgres() { if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_as() { as_postgres "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$LAB/pg" -p "$(port_of_pg)" -U postgres -d "$1" -c "$2"; }
port_of_pg() { sed -n 's/^port = //p' "$LAB/pg/data/postgresql.conf" | tail -1; }
maria() { mariadb --no-defaults --socket="$LAB/mariadb/mysqld.sock" -u root --batch --skip-column-names -e "$1"; }
restart_pg() {
    as_postgres "$bin/pg_ctl" -D "$LAB/pg/data" -l "$LAB/pg/server.log" -w -m fast restart >/dev/null
}

case $command in
postgres-good)
    password=$3
    cat >>"$LAB/pg/data/postgresql.conf" <<EOF
shared_preload_libraries = 'pgaudit,passwordcheck'
pgaudit.log = 'role, ddl, write'
log_connections = on
log_disconnections = on
password_encryption = 'scram-sha-256'
ssl_min_protocol_version = 'TLSv1.2'
EOF
    printf 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 0.0.0.0/0 reject\n' >"$LAB/pg/data/pg_hba.conf"
    restart_pg
    psql_as postgres "
        CREATE ROLE dba_admin LOGIN SUPERUSER PASSWORD '$password' VALID UNTIL '2099-01-01';
        CREATE ROLE scanner LOGIN PASSWORD '$password' VALID UNTIL '2099-01-01' IN ROLE pg_read_all_settings, pg_read_all_stats;
        GRANT SELECT ON pg_hba_file_rules TO scanner;
        GRANT EXECUTE ON FUNCTION pg_hba_file_rules() TO scanner;
        CREATE SCHEMA ehr;
        CREATE TABLE ehr.encounter (encounter_id bigint PRIMARY KEY, patient_mrn text, birth_dt date, icd10_code text, npi text,
            insurance_member_id text, admission_date date, timezone text, passenger_count int);
        REVOKE ALL ON ehr.encounter FROM PUBLIC;"
    ;;
postgres-bad)
    cat >>"$LAB/pg/data/postgresql.conf" <<EOF
ssl = off
ssl_min_protocol_version = 'TLSv1'
shared_preload_libraries = ''
log_connections = off
log_disconnections = off
password_encryption = 'md5'
EOF
    printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' 'host all all 0.0.0.0/0 md5' \
        'host all all 10.0.0.0/8 password' >"$LAB/pg/data/pg_hba.conf"
    restart_pg
    # A line that does not load: the server would refuse to start with it, and keeps its running
    # rules on reload; pg_hba_file_rules reads the file as it is now.
    echo 'host all all 192.0.2.0/24 scram-sha-256 bogus=1' >>"$LAB/pg/data/pg_hba.conf"
    psql_as postgres "
        SET password_encryption = 'md5';
        CREATE ROLE legacy_app LOGIN PASSWORD 'legacy-password-1';
        SET password_encryption = 'scram-sha-256';
        CREATE ROLE ops_admin LOGIN CREATEROLE PASSWORD 'ops-password-1';
        CREATE ROLE jsmith_19750312 LOGIN;
        GRANT CREATE ON SCHEMA public TO PUBLIC;
        CREATE TABLE public.claims_123456789 (id int);
        GRANT SELECT ON public.claims_123456789 TO PUBLIC;
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO PUBLIC;
        CREATE FUNCTION public.unsafe_definer() RETURNS int LANGUAGE sql SECURITY DEFINER AS 'SELECT 1';"
    ;;
postgres-sql)
    psql_as "$3" "$4"
    ;;
mariadb-good)
    password=$3
    maria "
        DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');
        FLUSH PRIVILEGES;
        ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket;
        INSTALL SONAME 'simple_password_check';
        INSTALL SONAME 'server_audit';
        SET GLOBAL server_audit_events = 'CONNECT,QUERY_DDL,QUERY_DCL';
        SET GLOBAL server_audit_file_path = '$LAB/mariadb/audit.log';
        SET GLOBAL server_audit_logging = ON;
        SET GLOBAL require_secure_transport = ON;
        SET GLOBAL default_password_lifetime = 365;
        SET GLOBAL strict_password_validation = ON;
        CREATE USER 'dba_admin'@'127.0.0.1' IDENTIFIED BY '$password' REQUIRE SSL;
        GRANT ALL PRIVILEGES ON *.* TO 'dba_admin'@'127.0.0.1' WITH GRANT OPTION;
        CREATE USER 'scanner'@'127.0.0.1' IDENTIFIED BY '$password' REQUIRE SSL;
        GRANT SELECT ON mysql.global_priv TO 'scanner'@'127.0.0.1';
        GRANT SELECT ON mysql.user TO 'scanner'@'127.0.0.1';
        GRANT PROCESS ON *.* TO 'scanner'@'127.0.0.1';
        CREATE DATABASE ehr;
        CREATE TABLE ehr.encounter (encounter_id bigint PRIMARY KEY, patient_mrn varchar(20), birth_dt date, icd10_code varchar(8),
            npi varchar(10), insurance_member_id varchar(20), admission_date date, timezone varchar(40), passenger_count int);
        GRANT SELECT ON ehr.* TO 'scanner'@'127.0.0.1';"
    ;;
mariadb-bad)
    maria "
        SET GLOBAL require_secure_transport = OFF;
        SET GLOBAL default_password_lifetime = 0;
        SET GLOBAL server_audit_logging = OFF;
        UNINSTALL SONAME 'simple_password_check';
        CREATE USER ''@'localhost';
        CREATE USER ''@'lab-host';
        SET GLOBAL strict_password_validation = OFF;
        CREATE USER 'app'@'%' IDENTIFIED BY 'app-password-1' PASSWORD EXPIRE NEVER;
        GRANT FILE ON *.* TO 'app'@'%';
        CREATE USER 'nopw'@'10.0.0.5';
        CREATE USER 'root'@'10.%' IDENTIFIED BY 'remote-root-1';
        CREATE USER 'jsmith_19750312'@'localhost' IDENTIFIED BY 'jsmith-password-1';
        CREATE USER 'locked_empty'@'localhost' ACCOUNT LOCK;
        CREATE USER 'socket_only'@'localhost' IDENTIFIED VIA unix_socket;
        CREATE TABLE ehr.claims_123456789 (id int);"
    ;;
mariadb-sql)
    maria "$3"
    ;;
*)
    echo "dbscan-lab: unknown command $command" >&2
    exit 64
    ;;
esac
