#!/bin/bash
# Entrypoint of the locally built PostgreSQL image (test/containers/engine.sh builds
# it with debootstrap when no registry is reachable). It honours the part of the
# official postgres image's contract that tests use:
#
#   POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required unless
#   POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_DB (default POSTGRES_USER),
#   POSTGRES_INITDB_ARGS, PGDATA, scripts in /docker-entrypoint-initdb.d
#   (*.sh, *.sql), and arguments: "postgres -c fsync=off" or just "-c fsync=off".
#
# The server listens on 5432 on every address. Initialization runs a temporary
# server on the Unix socket only, so a TCP connection always reaches the final
# one; both print "database system is ready to accept connections", as in the
# official image (wait for the second occurrence, or for a TCP connection).
set -Eeuo pipefail

pgbin=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
export PATH="$pgbin:$PATH"
export PGDATA=${PGDATA:-/var/lib/postgresql/data}

if [ "${1:-}" = "" ] || [ "${1:0:1}" = "-" ]; then
	set -- postgres "$@"
fi

# Anything but the server itself runs as given (e.g. "bash", "psql --version").
if [ "$1" != "postgres" ]; then
	exec "$@"
fi
shift

as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"; }

mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
chmod 2775 /var/run/postgresql

if [ ! -s "$PGDATA/PG_VERSION" ]; then
	POSTGRES_USER=${POSTGRES_USER:-postgres}
	POSTGRES_DB=${POSTGRES_DB:-$POSTGRES_USER}
	auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}
	if [ -z "${POSTGRES_PASSWORD:-}" ] && [ "$auth" != "trust" ]; then
		echo "error: database is uninitialized and POSTGRES_PASSWORD is not set" >&2
		echo "       (set POSTGRES_PASSWORD, or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
		exit 1
	fi
	pwfile=$(mktemp)
	printf '%s\n' "${POSTGRES_PASSWORD:-}" >"$pwfile"
	chown postgres "$pwfile"
	# shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words
	as_postgres initdb --username="$POSTGRES_USER" --pwfile="$pwfile" \
		--encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host="$auth" \
		${POSTGRES_INITDB_ARGS:-} >/dev/null
	rm -f "$pwfile"
	printf '\nhost all all all %s\n' "$auth" >>"$PGDATA/pg_hba.conf"
	printf "\nlisten_addresses = '*'\n" >>"$PGDATA/postgresql.conf"

	as_postgres pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -k /var/run/postgresql" -w start
	psql=(psql -v ON_ERROR_STOP=1 -h /var/run/postgresql --username "$POSTGRES_USER" --no-password --no-psqlrc)
	if [ "$POSTGRES_DB" != "postgres" ]; then
		as_postgres "${psql[@]}" --dbname postgres -q \
			-c "CREATE DATABASE \"$POSTGRES_DB\"" >/dev/null
	fi
	for f in /docker-entrypoint-initdb.d/*; do
		# shellcheck disable=SC1090 # the caller's init scripts
		case "$f" in
		*.sh) echo "running $f"; . "$f" ;;
		*.sql) echo "running $f"; as_postgres "${psql[@]}" --dbname "$POSTGRES_DB" -f "$f" ;;
		esac
	done
	as_postgres pg_ctl -D "$PGDATA" -m fast -w stop
	echo "PostgreSQL init process complete; ready for start up."
fi

exec setpriv --reuid=postgres --regid=postgres --init-groups -- postgres -D "$PGDATA" "$@"
