#!/usr/bin/env bash
# `berth compose watch` against berthd: the project is built and brought up,
# then a file written under a `sync` rule's path appears in the running
# container (also in a directory made after the start, and a new directory
# with what it holds), a file removed there goes, an ignored one (the rule's
# `ignore`, .dockerignore, an editor's swap file) is not copied; a change under
# a `sync+restart` path also restarts the container; a change to a `rebuild`
# path builds the image again and recreates the container from it. SIGINT
# ends it with status 0. Errors in docker compose's words.
#   compose_watch_test.sh /path/to/berthd /path/to/berth
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/compose_lib.sh"
acc_setup "$1"
compose_needs "${2:-}"
use_daemon main
compose_image
export DOCKER_BUILDKIT=0

compose_project cw
mkdir -p "$dir/app" "$dir/conf"
echo one >"$dir/app/first.txt"
echo a=1 >"$dir/conf/settings"
printf 'app/secret\n' >"$dir/.dockerignore"
cat >"$dir/Dockerfile" <<'DOCKERFILE'
FROM bb:compose
COPY app /app
COPY conf /conf
CMD ["sleep", "300"]
DOCKERFILE
cat >"$dir/compose.yaml" <<'YAML'
services:
  web:
    build: .
    develop:
      watch:
        - path: ./app
          action: sync
          target: /app
          ignore: [skip.txt]
        - path: ./conf
          action: sync+restart
          target: /conf
        - path: ./Dockerfile
          action: rebuild
  other:
    image: bb:compose
    command: sleep 300
YAML
web="$project-web-1"

step "a selected service without a build section is refused"
status=0
out="$(compose watch --no-up other 2>&1)" || status=$?
expect_eq "without a build section: status" 1 "$status"
expect_contains "without a build section" "can't watch service \"other\" without a build context" "$out"

step "watch builds and starts the project, then says so"
(cd "$dir" && exec "$BERTH" compose -p "$project" watch >"$ACC_TMP/watch.out" 2>"$ACC_TMP/watch.err") &
watch_pid=$!
track_helper "$watch_pid"
wait_for 40 "Watch enabled" grep -q "Watch enabled" "$ACC_TMP/watch.out"
expect_eq "the built file" one "$(docker exec "$web" cat /app/first.txt)"
expect_eq "other runs too" running "$(docker inspect -f '{{.State.Status}}' "$project-other-1")"

# in_web FILE: the file's content in the container (fails while it is not there).
in_web() { docker exec "$web" cat "$1" 2>/dev/null; }
gone_in_web() { ! docker exec "$web" test -e "$1"; }

step "sync: a new file, a new directory with a file, a changed file"
echo two >"$dir/app/second.txt"
mkdir -p "$dir/app/sub/deeper"
echo three >"$dir/app/sub/deeper/third.txt"
echo one-changed >"$dir/app/first.txt"
wait_for 10 "second.txt in the container" in_web /app/second.txt
wait_for 10 "the new directory's file" in_web /app/sub/deeper/third.txt
expect_eq "second.txt" two "$(in_web /app/second.txt)"
expect_eq "third.txt" three "$(in_web /app/sub/deeper/third.txt)"
wait_for 10 "first.txt changed" bash -c "[[ \$(docker exec $web cat /app/first.txt) == one-changed ]]"
expect_contains "the sync line" 'Syncing "web" after changes were detected' "$(cat "$ACC_TMP/watch.out")"

step "ignored paths are not copied; a removed file goes"
echo no >"$dir/app/skip.txt"
echo no >"$dir/app/.x.swp"
echo no >"$dir/app/secret"
rm "$dir/app/second.txt"
echo marker >"$dir/app/marker.txt"
wait_for 10 "marker.txt" in_web /app/marker.txt
wait_for 10 "second.txt removed" gone_in_web /app/second.txt
for ignored in skip.txt .x.swp secret; do
    gone_in_web "/app/$ignored" || fail "$ignored (ignored) was copied"
done
started="$(docker inspect -f '{{.State.StartedAt}}' "$web")"
id="$(docker inspect -f '{{.Id}}' "$web")"

step "sync+restart: copied, and the container restarted"
echo a=2 >"$dir/conf/settings"
wait_for 15 "the container restarted" bash -c "[[ \$(docker inspect -f '{{.State.StartedAt}}' $web) != '$started' ]]"
wait_for 10 "running again" bash -c "[[ \$(docker inspect -f '{{.State.Status}}' $web) == running ]]"
expect_eq "the new settings" a=2 "$(in_web /conf/settings)"
expect_eq "the same container" "$id" "$(docker inspect -f '{{.Id}}' "$web")"

step "rebuild: the image built again and the container recreated from it"
echo 'LABEL rebuilt=yes' >>"$dir/Dockerfile"
wait_for 60 "a new container" bash -c "[[ \$(docker inspect -f '{{.Id}}' $web 2>/dev/null) != '$id' && -n \$(docker inspect -f '{{.Id}}' $web 2>/dev/null) ]]"
wait_for 20 "its label" bash -c "[[ \$(docker inspect -f '{{index .Config.Labels \"rebuilt\"}}' $web) == yes ]]"
expect_contains "the rebuild lines" 'Rebuilding service "web" after changes were detected...' "$(cat "$ACC_TMP/watch.out")"
expect_contains "built" 'service "web" successfully built' "$(cat "$ACC_TMP/watch.out")"

step "SIGINT ends watch with status 0"
kill -INT "$watch_pid"
status=0
wait "$watch_pid" || status=$?
expect_eq "watch's status" 0 "$status"
expect_contains "its last line" "Watch disabled" "$(tail -1 "$ACC_TMP/watch.out")"
compose down >/dev/null 2>&1 || fail "compose down failed"
echo "PASS"
