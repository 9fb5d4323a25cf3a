#!/usr/bin/env bash
# engine.sh makes a Docker-API container engine available to the integration
# suites (test/integration, testcontainers-go) and prints the environment they
# need, as `export` lines for the caller to eval:
#
#	eval "$(test/containers/engine.sh)"   # what `make test-integration` does
#
# 1. An engine that already answers is used as it is, with the official images:
#    $DOCKER_HOST, else /var/run/docker.sock. Nothing is installed or built.
# 2. Otherwise (Debian, as root) it runs rootful podman as that engine: it installs
#    podman, runc, iptables, debootstrap and curl when missing, writes its own
#    containers.conf (runc; nofile and nproc ulimits the host allows; cgroupfs
#    without systemd — it never touches the system's or a user's containers.conf:
#    podman reads it through CONTAINERS_CONF),
#    starts `podman system service` on $MEMBERSHIP_PODMAN_DIR/podman.sock unless
#    it answers already, and builds the images locally when missing, since no
#    registry may be reachable:
#      PostgreSQL  debootstrap of Debian's postgresql + postgres/docker-entrypoint.sh
#      NATS        FROM scratch, static nats-server built with `go install` (-js)
#      mailpit     FROM scratch, static mailpit built with `go install`
#      SeaweedFS   FROM scratch, static `weed` (S3 gateway) built from its module
#      memberd     FROM scratch, this work tree's static memberd, CA certificates,
#                  the CJK and Latin fonts of the PDFs, a non-root user, no shell
#                  (rebuilt when the binary or those files change)
#    Each image carries a label with a hash of its recipe and is rebuilt only when
#    missing or when its recipe changed. It exports TESTCONTAINERS_RYUK_DISABLED
#    (Ryuk's image is not local) and TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 (the
#    engine shares this machine's network; the suites then publish ports on the
#    loopback address only).
#
# Environment (all optional):
#   MEMBERSHIP_IMAGE_POSTGRES  image for PostgreSQL (default postgres:16-alpine;
#                              with podman: the local build). A value set by the
#                              caller is used as is and not built.
#   MEMBERSHIP_IMAGE_NATS      image for NATS (default nats:2.10-alpine; -js is passed)
#   MEMBERSHIP_IMAGE_MAILPIT   image for mailpit (default axllent/mailpit:v1.33.1)
#   MEMBERSHIP_IMAGE_SEAWEEDFS image for SeaweedFS (default chrislusf/seaweedfs:latest;
#                              its command is `server -s3 …`)
#   MEMBERSHIP_IMAGE_MEMBERD   image for memberd (always built here from the work tree)
#   MEMBERSHIP_PODMAN_DIR      socket, log and config folder (default /run/membership-podman)
#   MEMBERSHIP_FORCE_PODMAN=1  use podman even when another engine answers
#
# Progress goes to stderr; stdout carries only the export lines.
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
say() { printf 'engine.sh: %s\n' "$*" >&2; }
die() {
	say "error: $*"
	exit 1
}

NATS_VERSION=2.15.2
MAILPIT_VERSION=1.33.1
# SeaweedFS (Apache-2.0; the S3 server of the file-store suites). The module
# proxy serves it by pseudo-version; its go.mod has replace directives, so it is
# built inside its own module folder rather than with `go install pkg@version`.
SEAWEEDFS_MODULE=github.com/seaweedfs/seaweedfs
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
# What the memberd image carries besides the binary (Debian's paths; the PDF
# renderer looks there).
CJK_FONT=/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
LATIN_FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
CA_CERTS=/etc/ssl/certs/ca-certificates.crt
MEMBERD_UID=10001
PODMAN_DIR=${MEMBERSHIP_PODMAN_DIR:-/run/membership-podman}
SOCK=$PODMAN_DIR/podman.sock # "podman.sock" in the path selects testcontainers' podman provider
CONF=$PODMAN_DIR/containers.conf
LABEL=org.openassoc.membership.recipe

conf_changed=0 # set when write_conf changed the configuration
cleanup=()     # temporary build folders, removed on exit
bg_pids=()     # image builds running in the background, waited for on exit
on_exit() {
	if [ ${#bg_pids[@]} -gt 0 ]; then
		wait "${bg_pids[@]}" 2>/dev/null || true
	fi
	if [ ${#cleanup[@]} -gt 0 ]; then
		rm -rf "${cleanup[@]}"
	fi
}
trap on_exit EXIT

# answers HOST tells whether a Docker-API engine answers at HOST (unix:// or tcp://).
answers() {
	local host=$1
	if ! command -v curl >/dev/null; then # a fresh machine: the Docker CLI may still tell
		command -v docker >/dev/null && DOCKER_HOST=$host timeout 5 docker version >/dev/null 2>&1
		return
	fi
	case "$host" in
	unix://*)
		[ -S "${host#unix://}" ] &&
			curl -fsS --max-time 3 --unix-socket "${host#unix://}" http://engine/_ping >/dev/null 2>&1
		;;
	tcp://*) curl -fsS --max-time 3 "http://${host#tcp://}/_ping" >/dev/null 2>&1 ;;
	*) command -v docker >/dev/null && DOCKER_HOST=$host timeout 5 docker version >/dev/null 2>&1 ;;
	esac
}

emit() { # the export lines for the caller
	local name
	printf 'export DOCKER_HOST=%q\n' "$DOCKER_HOST"
	for name in TESTCONTAINERS_RYUK_DISABLED TESTCONTAINERS_HOST_OVERRIDE MEMBERSHIP_IMAGE_POSTGRES MEMBERSHIP_IMAGE_NATS MEMBERSHIP_IMAGE_MAILPIT MEMBERSHIP_IMAGE_SEAWEEDFS MEMBERSHIP_IMAGE_MEMBERD; do
		if [ -n "${!name:-}" ]; then
			printf 'export %s=%q\n' "$name" "${!name}"
		fi
	done
}

use_existing_engine() {
	if [ "${MEMBERSHIP_FORCE_PODMAN:-}" = 1 ]; then
		return 1
	fi
	local candidate=
	if [ -n "${DOCKER_HOST:-}" ] && [ "$DOCKER_HOST" != "unix://$SOCK" ]; then
		if answers "$DOCKER_HOST"; then
			candidate=$DOCKER_HOST
		else
			say "DOCKER_HOST=$DOCKER_HOST does not answer; falling back"
		fi
	fi
	if [ -z "$candidate" ] && answers unix:///var/run/docker.sock; then
		candidate=unix:///var/run/docker.sock
	fi
	[ -n "$candidate" ] || return 1
	say "using the container engine at $candidate (official images)"
	DOCKER_HOST=$candidate
	MEMBERSHIP_IMAGE_POSTGRES=${MEMBERSHIP_IMAGE_POSTGRES:-postgres:16-alpine}
	MEMBERSHIP_IMAGE_NATS=${MEMBERSHIP_IMAGE_NATS:-nats:2.10-alpine}
	MEMBERSHIP_IMAGE_MAILPIT=${MEMBERSHIP_IMAGE_MAILPIT:-axllent/mailpit:v$MAILPIT_VERSION}
	MEMBERSHIP_IMAGE_SEAWEEDFS=${MEMBERSHIP_IMAGE_SEAWEEDFS:-chrislusf/seaweedfs:latest}
	emit
}

install_missing() {
	local -a missing=()
	command -v podman >/dev/null || missing+=(podman)
	command -v runc >/dev/null || missing+=(runc)
	command -v iptables >/dev/null || missing+=(iptables) # port forwarding of the bridge network
	command -v debootstrap >/dev/null || missing+=(debootstrap)
	command -v curl >/dev/null || missing+=(curl)
	[ -f "$CJK_FONT" ] || missing+=(fonts-droid-fallback) # for the memberd image
	[ -f "$LATIN_FONT" ] || missing+=(fonts-dejavu-core)
	[ -f "$CA_CERTS" ] || missing+=(ca-certificates)
	[ ${#missing[@]} -eq 0 ] && return 0
	command -v apt-get >/dev/null || die "no container engine answers and ${missing[*]} are missing: install them, or start Docker and set DOCKER_HOST"
	say "installing ${missing[*]} (apt-get)"
	DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

# hard_limit FLAG prints the hard limit `ulimit -H FLAG`, capped at 1048576.
hard_limit() {
	local n
	n=$(ulimit -H "$1")
	if [ "$n" = unlimited ] || [ "$n" -gt 1048576 ]; then
		n=1048576
	fi
	echo "$n"
}

write_conf() {
	local nofile nproc conf
	nofile=$(hard_limit -n)
	nproc=$(hard_limit -u)
	if [ "$nproc" -gt 32768 ]; then
		nproc=32768 # podman sets its own (hence runc's) nproc limit to 32768
	fi
	# runc: crun fails on hosts with hybrid cgroups. ulimits: podman's defaults
	# (nofile and nproc 1048576) exceed what sandboxes without CAP_SYS_RESOURCE
	# allow, and runc then fails with "error setting rlimits". cgroupfs and file
	# events: no systemd may be running.
	conf=$(
		cat <<EOF
# Written by test/containers/engine.sh for its podman service (read through
# CONTAINERS_CONF only by that service and the script's own podman commands).
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]

[engine]
runtime = "runc"
EOF
		if [ ! -d /run/systemd/system ]; then
			printf 'cgroup_manager = "cgroupfs"\nevents_logger = "file"\n'
		fi
	)
	mkdir -p "$PODMAN_DIR"
	if [ ! -f "$CONF" ] || [ "$(cat "$CONF")" != "$conf" ]; then
		say "writing $CONF"
		printf '%s\n' "$conf" >"$CONF"
		conf_changed=1
	fi
}

# stop_service stops the service this script started (its pid file), if running.
stop_service() {
	local pid
	pid=$(cat "$PODMAN_DIR/service.pid" 2>/dev/null || true)
	if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "podman system service"; then
		say "restarting the podman service (pid $pid)"
		kill "$pid" 2>/dev/null || true
		for _ in $(seq 1 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
	fi
}

# cwd_gone reports whether the running service's working directory was deleted
# (it was started from a clone or worktree removed since): conmon, which it
# starts for every container, then fails with "Failed to get working directory"
# and every start answers "write child: broken pipe".
cwd_gone() {
	local pid
	pid=$(cat "$PODMAN_DIR/service.pid" 2>/dev/null || true)
	[ -n "$pid" ] && readlink "/proc/$pid/cwd" 2>/dev/null | grep -q ' (deleted)$'
}

start_service() {
	if answers "unix://$SOCK"; then
		if [ "$conf_changed" = 0 ] && ! cwd_gone; then
			say "podman service already answers on $SOCK"
			return
		fi
		if cwd_gone; then
			say "the podman service's working directory was deleted: restarting it"
		fi
		stop_service
	fi
	rm -f "$SOCK"
	say "starting podman system service on $SOCK (log: $PODMAN_DIR/service.log)"
	# setsid and closed descriptors: the service outlives this script and must not
	# hold the caller's $(...) pipe open.
	# It runs from its own folder, not the caller's: a CI clone or a worktree is
	# deleted after the run, and the service (and its conmon) must outlive it.
	(cd "$PODMAN_DIR" && CONTAINERS_CONF=$CONF exec setsid podman system service --time=0 "unix://$SOCK" \
		</dev/null >"$PODMAN_DIR/service.log" 2>&1) &
	echo $! >"$PODMAN_DIR/service.pid"
	for _ in $(seq 1 150); do
		answers "unix://$SOCK" && return 0
		if ! kill -0 "$(cat "$PODMAN_DIR/service.pid")" 2>/dev/null; then
			tail -n 20 "$PODMAN_DIR/service.log" >&2 || true
			die "podman system service exited"
		fi
		sleep 0.2
	done
	tail -n 20 "$PODMAN_DIR/service.log" >&2 || true
	die "podman system service did not answer on $SOCK within 30 s"
}

pm() { CONTAINERS_CONF=$CONF podman "$@"; }

# remove_stale removes test containers left by runs that were killed before they
# could clean up (Ryuk, which would do it, is off): those created over an hour ago.
remove_stale() {
	local now id created
	now=$(date +%s)
	pm ps -a --filter label=org.testcontainers=true --format '{{.ID}} {{.Created.Unix}}' 2>/dev/null |
		while read -r id created; do
			if [ -n "$created" ] && [ $((now - created)) -gt 3600 ]; then
				say "removing stale test container $id"
				pm rm -f "$id" >/dev/null || true
			fi
		done
}

# image_current NAME HASH: the image exists and was built from this recipe.
image_current() {
	[ "$(pm image inspect --format "{{index .Labels \"$LABEL\"}}" "$1" 2>/dev/null)" = "$2" ]
}

recipe_hash() { cat "$@" | sha256sum | cut -c1-16; }

# debian_suite prints the running Debian's codename (bookworm, trixie …).
debian_suite() {
	# shellcheck disable=SC1091 # the running system's file
	(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")
}

debian_mirror() {
	# The mirror apt already uses: deb822 .sources first, then one-line lists.
	local uri
	uri=$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n 1 || true)
	if [ -z "$uri" ]; then
		uri=$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list |
			awk '{for (i = 2; i <= NF; i++) if ($i ~ /^(https?|file):/) {print $i; exit}}' | grep -v -- '-security' | head -n 1 || true)
	fi
	[ -n "$uri" ] || die "cannot find a Debian mirror in /etc/apt/sources.list*"
	echo "$uri"
}

build_postgres() { # NAME HASH ROOT (an empty folder, removed by the caller)
	local name=$1 hash=$2 root=$3 suite mirror pgbin started=$SECONDS
	suite=$(debian_suite)
	mirror=$(debian_mirror)
	say "building $name: debootstrap $suite with postgresql (about 2 minutes)"
	debootstrap --variant=minbase --include=postgresql "$suite" "$root" "$mirror" >"$root.log" 2>&1 || {
		tail -n 30 "$root.log" >&2
		die "debootstrap failed (log: $root.log)"
	}
	rm -f "$root.log"
	pgbin=$(cd "$root" && printf '%s\n' usr/lib/postgresql/*/bin | sort -V | tail -n 1)
	# Drop the cluster the package created, the package caches and apt lists.
	rm -rf "$root"/var/lib/postgresql/* "$root"/etc/postgresql/* "$root"/var/cache/apt/archives/*.deb \
		"$root"/var/lib/apt/lists/*
	install -m 0755 "$here/postgres/docker-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
	mkdir -p "$root/var/lib/postgresql/data" "$root/docker-entrypoint-initdb.d"
	chroot "$root" chown -R postgres:postgres /var/lib/postgresql
	tar --numeric-owner --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' -C "$root" -c . |
		pm import --quiet \
			--change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
			--change 'CMD ["postgres"]' \
			--change "ENV PATH=/usr/local/sbin:/usr/local/bin:/$pgbin:/usr/sbin:/usr/bin:/sbin:/bin" \
			--change 'ENV PGDATA=/var/lib/postgresql/data' \
			--change 'EXPOSE 5432' \
			--change 'STOPSIGNAL SIGINT' \
			--change "LABEL $LABEL=$hash" \
			- "$name" >/dev/null
	say "built $name in $((SECONDS - started)) s"
}

build_go_binary_image() { # NAME HASH PACKAGE@VERSION BINARY PORTS CMD-JSON [IN-MODULE-FOLDER]
	local name=$1 hash=$2 pkg=$3 bin=$4 ports=$5 cmd=$6 inmod=${7:-} work started=$SECONDS
	work=$(mktemp -d /var/tmp/membership-image.XXXXXX)
	cleanup+=("$work")
	say "building $name: CGO_ENABLED=0 go install $pkg (a few minutes the first time)"
	mkdir -p "$work/rootfs/tmp" "$work/rootfs/data"
	chmod 1777 "$work/rootfs/tmp" "$work/rootfs/data"
	if ! go_static "$work" "$pkg" "$bin" "$inmod" >"$work/build.log" 2>&1; then
		tail -n 30 "$work/build.log" >&2
		die "go install $pkg failed"
	fi
	[ -x "$work/rootfs/$bin" ] || die "go install $pkg did not produce $bin"
	local -a changes=(--change "ENTRYPOINT [\"/$bin\"]" --change "CMD $cmd" --change "LABEL $LABEL=$hash")
	local port
	for port in $ports; do
		changes+=(--change "EXPOSE $port")
	done
	tar --numeric-owner -C "$work/rootfs" -c . | pm import --quiet "${changes[@]}" - "$name" >/dev/null
	say "built $name in $((SECONDS - started)) s"
}

# go_static WORK PACKAGE@VERSION BINARY [MODULE@VERSION]: a static build into
# WORK/rootfs/BINARY. With a module, the package is built inside that module's
# folder of the module cache, so its own go.mod (replace directives included)
# applies: `go install pkg@version` refuses modules with replace directives.
go_static() {
	local work=$1 pkg=$2 bin=$3 mod=${4:-} dir path
	if [ -z "$mod" ]; then
		(cd "$work" && GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0 GOBIN="$work/rootfs" \
			go install -trimpath -ldflags='-s -w' "$pkg")
		return
	fi
	dir=$(cd "$work" && GOWORK=off GOFLAGS= go mod download -json "$mod" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
	[ -n "$dir" ] || return 1
	path=${pkg%@*}
	(cd "$dir" && GOWORK=off GOFLAGS='-buildvcs=false -mod=readonly' CGO_ENABLED=0 \
		go build -trimpath -ldflags='-s -w' -o "$work/rootfs/$bin" "./${path#"${mod%@*}"/}")
}

# build_memberd NAME: the memberd image of this work tree. The binary is built
# first (fast when Go's cache has it); the image is imported again only when
# the binary, the fonts, the certificates or this recipe changed.
build_memberd() {
	local name=$1 work hash root started=$SECONDS
	root=$(cd "$here/../.." && pwd)
	work=$(mktemp -d /var/tmp/membership-memberd.XXXXXX)
	cleanup+=("$work")
	mkdir -p "$work/rootfs/etc/ssl/certs" "$work/rootfs/usr/share/fonts/truetype/droid" \
		"$work/rootfs/usr/share/fonts/truetype/dejavu" "$work/rootfs/data" "$work/rootfs/tmp"
	if ! (cd "$root" && GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0 \
		go build -trimpath -ldflags='-s -w' -o "$work/rootfs/memberd" ./apps/memberd) >"$work/build.log" 2>&1; then
		tail -n 30 "$work/build.log" >&2
		die "building memberd failed"
	fi
	cp "$CA_CERTS" "$work/rootfs/etc/ssl/certs/"
	cp "$CJK_FONT" "$work/rootfs/usr/share/fonts/truetype/droid/"
	cp "$LATIN_FONT" "$work/rootfs/usr/share/fonts/truetype/dejavu/"
	printf 'root:x:0:0:root:/:/nonexistent\nmemberd:x:%s:%s:memberd:/data:/nonexistent\n' "$MEMBERD_UID" "$MEMBERD_UID" \
		>"$work/rootfs/etc/passwd"
	printf 'root:x:0:\nmemberd:x:%s:\n' "$MEMBERD_UID" >"$work/rootfs/etc/group"
	chmod 1777 "$work/rootfs/tmp"
	chmod 0700 "$work/rootfs/data"
	chown "$MEMBERD_UID:$MEMBERD_UID" "$work/rootfs/data"
	hash=$( (cd "$work/rootfs" && find . -type f -print0 | sort -z | xargs -0 sha256sum && echo "memberd image v1 uid $MEMBERD_UID") |
		sha256sum | cut -c1-16)
	if image_current "$name" "$hash"; then
		say "image $name is up to date"
		return
	fi
	tar --numeric-owner -C "$work/rootfs" -c . | pm import --quiet \
		--change 'ENTRYPOINT ["/memberd"]' \
		--change "USER $MEMBERD_UID:$MEMBERD_UID" \
		--change 'WORKDIR /data' \
		--change 'ENV MEMBERD_ADDR=0.0.0.0:8080' \
		--change 'ENV MEMBERD_DATA=/data' \
		--change 'ENV MEMBERD_LOG_FORMAT=json' \
		--change 'EXPOSE 8080' \
		--change 'VOLUME /data' \
		--change 'STOPSIGNAL SIGTERM' \
		--change "LABEL $LABEL=$hash" \
		- "$name" >/dev/null
	say "built $name in $((SECONDS - started)) s"
}

ensure_images() {
	local suite hash root pg_pid=
	suite=$(debian_suite)
	if [ -z "${MEMBERSHIP_IMAGE_POSTGRES:-}" ]; then
		MEMBERSHIP_IMAGE_POSTGRES=localhost/membership-postgres:$suite
		hash=$(recipe_hash "$here/postgres/docker-entrypoint.sh")
		if image_current "$MEMBERSHIP_IMAGE_POSTGRES" "$hash"; then
			say "image $MEMBERSHIP_IMAGE_POSTGRES is up to date"
		else
			# debootstrap mostly waits for the mirror and the disk: it runs beside
			# the Go builds, which want the CPU.
			root=$(mktemp -d /var/tmp/membership-postgres.XXXXXX)
			cleanup+=("$root")
			build_postgres "$MEMBERSHIP_IMAGE_POSTGRES" "$hash" "$root" &
			pg_pid=$!
			bg_pids+=("$pg_pid")
		fi
	fi
	if [ -z "${MEMBERSHIP_IMAGE_NATS:-}" ]; then
		MEMBERSHIP_IMAGE_NATS=localhost/membership-nats:$NATS_VERSION
		hash=$(echo "nats-server $NATS_VERSION scratch -js v1" | sha256sum | cut -c1-16)
		if image_current "$MEMBERSHIP_IMAGE_NATS" "$hash"; then
			say "image $MEMBERSHIP_IMAGE_NATS is up to date"
		else
			build_go_binary_image "$MEMBERSHIP_IMAGE_NATS" "$hash" \
				"github.com/nats-io/nats-server/v2@v$NATS_VERSION" nats-server "4222 6222 8222" '["-js"]'
		fi
	fi
	if [ -z "${MEMBERSHIP_IMAGE_MAILPIT:-}" ]; then
		MEMBERSHIP_IMAGE_MAILPIT=localhost/membership-mailpit:$MAILPIT_VERSION
		hash=$(echo "mailpit $MAILPIT_VERSION scratch v1" | sha256sum | cut -c1-16)
		if image_current "$MEMBERSHIP_IMAGE_MAILPIT" "$hash"; then
			say "image $MEMBERSHIP_IMAGE_MAILPIT is up to date"
		else
			build_go_binary_image "$MEMBERSHIP_IMAGE_MAILPIT" "$hash" \
				"github.com/axllent/mailpit@v$MAILPIT_VERSION" mailpit "1025 8025" '[]'
		fi
	fi
	if [ -z "${MEMBERSHIP_IMAGE_SEAWEEDFS:-}" ]; then
		MEMBERSHIP_IMAGE_SEAWEEDFS=localhost/membership-seaweedfs:${SEAWEEDFS_VERSION##*-}
		hash=$(echo "seaweedfs $SEAWEEDFS_VERSION scratch /data v1" | sha256sum | cut -c1-16)
		if image_current "$MEMBERSHIP_IMAGE_SEAWEEDFS" "$hash"; then
			say "image $MEMBERSHIP_IMAGE_SEAWEEDFS is up to date"
		else
			build_go_binary_image "$MEMBERSHIP_IMAGE_SEAWEEDFS" "$hash" \
				"$SEAWEEDFS_MODULE/weed@$SEAWEEDFS_VERSION" weed "8333 9333" '["server","-dir=/data","-s3"]' \
				"$SEAWEEDFS_MODULE@$SEAWEEDFS_VERSION"
		fi
	fi
	if [ -z "${MEMBERSHIP_IMAGE_MEMBERD:-}" ]; then
		MEMBERSHIP_IMAGE_MEMBERD=localhost/membership-memberd:dev
		build_memberd "$MEMBERSHIP_IMAGE_MEMBERD"
	fi
	if [ -n "$pg_pid" ]; then
		wait "$pg_pid" || die "building $MEMBERSHIP_IMAGE_POSTGRES failed (see above)"
		bg_pids=()
	fi
}

main() {
	if use_existing_engine; then
		return
	fi
	[ "$(id -u)" = 0 ] || die "no container engine answers (DOCKER_HOST, /var/run/docker.sock) and podman needs root to be set up here: run as root, or start Docker/podman and set DOCKER_HOST"
	say "no Docker engine answers: using rootful podman"
	install_missing
	command -v go >/dev/null || die "go is needed to build the NATS and mailpit images"
	write_conf
	start_service
	remove_stale
	ensure_images
	DOCKER_HOST=unix://$SOCK
	# shellcheck disable=SC2034 # exported by emit, through ${!name}
	TESTCONTAINERS_RYUK_DISABLED=true # Ryuk's image comes from a registry
	# The service shares this machine's network: published ports are on its
	# loopback. (Without this, testcontainers takes a /.dockerenv for "inside a
	# container" and dials the bridge gateway instead.)
	# shellcheck disable=SC2034 # exported by emit
	TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
	emit
}

main "$@"
