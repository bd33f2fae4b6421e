# A throwaway PostgreSQL cluster for the tests, to be sourced by .ci/run (bash):
#
#     source .ci/postgres.sh
#     trap postgres_cleanup EXIT
#     postgres_start
#     go test ./...
#
# postgres_start installs PostgreSQL from the distribution's packages when it is
# missing, creates a cluster with initdb in a new temporary directory (as the
# postgres user when run as root: initdb refuses root), starts it with pg_ctl on a
# free loopback port with its socket in that directory, creates a login role that
# may create databases (and end sessions in them: DROP DATABASE ... FORCE), and exports
#
#     OMERO_TEST_POSTGRES           postgres://ROLE:PASSWORD@127.0.0.1:PORT/postgres?sslmode=disable
#     OMERO_TEST_POSTGRES_REQUIRED  1 (a test that cannot reach the server fails, not skips)
#
# postgres_cleanup stops the server and removes the directory; it is safe to call
# more than once, and before or without postgres_start. A developer can run the
# same by hand:  source .ci/postgres.sh && postgres_start && go test ./... ;
# postgres_cleanup

POSTGRES_CI_DIR=""
POSTGRES_CI_BIN=""

# postgres_bindir prints the directory of the newest installed server's programs
# (Debian keeps them in /usr/lib/postgresql/VERSION/bin, off the PATH; a client-only
# version there has no initdb).
postgres_bindir() {
    local d
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -rV); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
    fi
}

postgres_install() {
    if [ "$(id -u)" != 0 ]; then
        echo "postgres.sh: PostgreSQL is not installed, and only root can install it (apt-get install postgresql)" >&2
        return 1
    fi
    echo "postgres.sh: installing PostgreSQL from the distribution's packages" >&2
    # Debian's package would create and start a cluster of its own; ours is enough.
    mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" >/etc/postgresql-common/createcluster.d/omero-ci.conf
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
}

# postgres_as runs a command as the cluster's owner.
postgres_as() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

postgres_start() {
    POSTGRES_CI_BIN=$(postgres_bindir)
    if [ -z "$POSTGRES_CI_BIN" ]; then
        postgres_install || return 1
        POSTGRES_CI_BIN=$(postgres_bindir)
        [ -n "$POSTGRES_CI_BIN" ] || { echo "postgres.sh: no initdb after installing PostgreSQL" >&2; return 1; }
    fi
    # In /tmp, not $TMPDIR: a socket's path may not be longer than 107 bytes.
    POSTGRES_CI_DIR=$(mktemp -d /tmp/omero-pg.XXXXXX) || return 1
    if [ "$(id -u)" = 0 ]; then
        chown postgres: "$POSTGRES_CI_DIR" || return 1
    fi
    local data="$POSTGRES_CI_DIR/data" log="$POSTGRES_CI_DIR/server.log"
    # Local connections (the socket, only in our directory) need no password; TCP
    # connections do, so the tests take their password from the URL as users will.
    if ! postgres_as "$POSTGRES_CI_BIN/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 \
        --auth-local=trust --auth-host=scram-sha-256 >"$POSTGRES_CI_DIR/initdb.log" 2>&1; then
        echo "postgres.sh: initdb failed:" >&2
        cat "$POSTGRES_CI_DIR/initdb.log" >&2
        return 1
    fi
    # A port that is free now may be taken before the server binds it: try a few.
    local try port=""
    for try in 1 2 3 4 5; do
        local p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        # fsync off: this cluster lives for one CI run, and durability is SQLite's
        # and PostgreSQL's business, not what these tests measure.
        if postgres_as "$POSTGRES_CI_BIN/pg_ctl" -D "$data" -l "$log" -w -t 60 -s \
            -o "-c listen_addresses=127.0.0.1 -c port=$p -c unix_socket_directories=$POSTGRES_CI_DIR -c fsync=off -c full_page_writes=off -c max_connections=200" \
            start >/dev/null 2>&1; then
            port=$p
            break
        fi
    done
    if [ -z "$port" ]; then
        echo "postgres.sh: the server did not start; its log:" >&2
        tail -n 20 "$log" >&2
        return 1
    fi
    local role=omero_ci
    local password
    password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
    if ! "$POSTGRES_CI_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$POSTGRES_CI_DIR" -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE $role LOGIN CREATEDB PASSWORD '$password'" -c "GRANT pg_signal_backend TO $role" >&2; then
        echo "postgres.sh: could not create the role $role" >&2
        return 1
    fi
    export OMERO_TEST_POSTGRES="postgres://$role:$password@127.0.0.1:$port/postgres?sslmode=disable"
    export OMERO_TEST_POSTGRES_REQUIRED=1
    echo "postgres.sh: PostgreSQL $("$POSTGRES_CI_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $data)" >&2
}

postgres_cleanup() {
    if [ -n "$POSTGRES_CI_DIR" ] && [ -d "$POSTGRES_CI_DIR" ]; then
        if [ -f "$POSTGRES_CI_DIR/data/postmaster.pid" ]; then
            postgres_as "$POSTGRES_CI_BIN/pg_ctl" -D "$POSTGRES_CI_DIR/data" -m immediate -w -s stop >/dev/null 2>&1 || true
        fi
        rm -rf "$POSTGRES_CI_DIR"
        unset OMERO_TEST_POSTGRES OMERO_TEST_POSTGRES_REQUIRED
    fi
    POSTGRES_CI_DIR=""
}
