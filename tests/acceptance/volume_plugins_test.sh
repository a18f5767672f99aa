#!/usr/bin/env bash
# Volume plugins (Docker's v1 protocol) with the real docker CLI against berthd,
# whose --plugins-dir is this test's own directory (never /run/docker/plugins).
# The plugin is volume_plugin.py: python3 on a unix socket, its volumes in a temp
# dir. Create through the plugin, inspect shows its Driver, Mountpoint and
# Status, data written by one container is read by the next (-v with
# --volume-driver, --mount volume-driver=, -v of the existing name), the
# image's files copied into a new one, Mount and
# Unmount in pairs, rm removes it in the plugin; the plugin's errors and a
# missing plugin as dockerd words them; a spec file (.spec, .json) finds the
# same plugin; the driver of a name is known after berthd restarts, and a
# container that kept running across a kill -9 of berthd is not mounted twice.
#   volume_plugins_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
command -v python3 >/dev/null || skip "python3 is not installed"

plugins="$ACC_TMP/plugins"
state="$ACC_TMP/plugin-state"
mkdir -p "$plugins" "$state"
python3 "$(dirname "${BASH_SOURCE[0]}")/volume_plugin.py" "$plugins/tp.sock" "$state" \
    >"$ACC_TMP/plugin.log" 2>&1 &
track_helper $!
wait_for 10 "the test plugin's socket" test -S "$plugins/tp.sock"
use_daemon main --plugins-dir "$plugins"

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
mkdir -p "$rootfs/seed" && echo from-image >"$rootfs/seed/hello"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:test >/dev/null || fail "docker import failed"
run() { timeout 30 docker run --network none "$@"; }
calls() { grep -c "^$1 $2" "$state/calls.log" || true; }

step "volume create -d goes through the plugin; inspect and ls show it"
expect_eq "create" "pv" "$(docker volume create -d tp pv)"
[[ -d $state/volumes/pv ]] || fail "the plugin did not make pv"
expect_eq "driver" "tp" "$(docker volume inspect -f '{{.Driver}}' pv)"
expect_eq "plugin's mountpoint" "$state/volumes/pv" "$(docker volume inspect -f '{{.Mountpoint}}' pv)"
expect_eq "plugin's status" "0" "$(docker volume inspect -f '{{.Status.mounts}}' pv)"
expect_eq "ls" "tp pv" "$(docker volume ls --filter driver=tp --format '{{.Driver}} {{.Name}}')"
expect_contains "media type" "Plugin.Activate application/vnd.docker.plugins.v1.2+json" "$(cat "$state/calls.log")"

step "data written by one container is read by the next; each use mounted and unmounted"
run --rm -v pv:/data bb:test sh -c 'echo through-plugin >/data/file'
expect_eq "in the plugin's directory" "through-plugin" "$(cat "$state/volumes/pv/file")"
expect_eq "--mount volume-driver=" "through-plugin" \
    "$(run --rm --mount type=volume,src=pv,dst=/data,volume-driver=tp bb:test cat /data/file)"
expect_eq "Mount calls" 2 "$(calls VolumeDriver.Mount pv)"
unmounts_are() { [[ $(calls VolumeDriver.Unmount pv) == "$1" ]]; }
wait_for 10 "two Unmount calls (got $(calls VolumeDriver.Unmount pv))" unmounts_are 2
expect_eq "--volume-driver makes a new one" "new" \
    "$(run --rm -v fresh:/data --volume-driver tp bb:test sh -c 'echo new >/data/f; cat /data/f')"
expect_eq "fresh's driver" "tp" "$(docker volume inspect -f '{{.Driver}}' fresh)"
[[ -f $state/volumes/fresh/f ]] || fail "fresh is not the plugin's"
expect_eq "the image's files copied into a new plugin volume" "from-image" \
    "$(run --rm -v seeded:/seed --volume-driver tp bb:test cat /seed/hello)"
expect_eq "copied into the plugin's directory" "from-image" "$(cat "$state/volumes/seeded/hello")"

step "a volume in use is kept; rm removes it in the plugin"
cid="$(docker create --network none -v pv:/data bb:test true)"
out="$(docker volume rm pv 2>&1)" && fail "removed a volume in use"
expect_contains "in use" "remove pv: volume is in use - [$cid]" "$out"
docker rm "$cid" >/dev/null
docker volume rm pv fresh seeded >/dev/null || fail "volume rm failed"
[[ ! -e $state/volumes/pv ]] || fail "the plugin still has pv"
out="$(docker volume inspect pv 2>&1)" && fail "pv still known"
expect_contains "gone" "no such volume" "$out"

step "the plugin's errors and a missing plugin, as dockerd words them"
out="$(docker volume create -d tp -o fail=disk-full bad 2>&1)" && fail "created despite the plugin's error"
expect_contains "plugin error" "create bad: VolumeDriver.Create: asked to fail: disk-full" "$out"
out="$(docker volume ls -q)"
[[ $out != *bad* ]] || fail "a refused volume is listed: $out"
out="$(docker volume create -d nosuch x 2>&1)" && fail "created with a missing plugin"
expect_contains "missing plugin" 'error looking up volume plugin nosuch: plugin "nosuch" not found' "$out"
# --pull never: the CLI takes any 404 of create for a missing image and would try to pull (so with dockerd too).
out="$(docker create --pull never --mount type=volume,src=y,dst=/data,volume-driver=nosuch bb:test true 2>&1)" &&
    fail "created a container with a missing plugin"
expect_contains "missing plugin at container create" 'error looking up volume plugin nosuch: plugin "nosuch" not found' "$out"

step "spec files find the plugin"
echo "unix://$plugins/tp.sock" >"$plugins/tpspec.spec"
mkdir -p "$plugins/tpjson"
printf '{"Name": "tpjson", "Addr": "unix://%s"}\n' "$plugins/tp.sock" >"$plugins/tpjson/tpjson.json"
expect_eq ".spec" "s1" "$(docker volume create -d tpspec s1)"
expect_eq ".json" "j1" "$(docker volume create -d tpjson j1)"
[[ -d $state/volumes/s1 && -d $state/volumes/j1 ]] || fail "spec-found plugin did not make the volumes"

step "after a restart berthd still knows which driver owns a name"
stop_berthd main
use_daemon main --plugins-dir "$plugins"
expect_eq "driver after restart" "tpspec" "$(docker volume inspect -f '{{.Driver}}' s1)"
expect_eq "data through the plugin after restart" "ok" \
    "$(run --rm -v s1:/d bb:test sh -c 'echo ok >/d/x; cat /d/x')"
docker run -d --network none --name keeper -v j1:/j bb:test sleep 1000 >/dev/null
stop_berthd main KILL
use_daemon main --plugins-dir "$plugins"
expect_eq "a running container's volume is not mounted again after a restart" 1 "$(calls VolumeDriver.Mount j1)"
docker rm -f keeper >/dev/null
expect_eq "and its one Unmount balances it" 1 "$(calls VolumeDriver.Unmount j1)"
docker volume rm s1 j1 >/dev/null || fail "volume rm after restart failed"
[[ ! -e $state/volumes/s1 && ! -e $state/volumes/j1 ]] || fail "the plugin still has s1 or j1"
expect_eq "nothing left" "" "$(docker volume ls -q)"
echo "PASS"
