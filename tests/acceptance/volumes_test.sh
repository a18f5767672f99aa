#!/usr/bin/env bash
# Volumes and mounts with the real docker CLI against berthd: named volumes
# keep data across containers; the image's files are copied into a new volume
# (not with nocopy); a volume in use is never removed (409); docker rm -v and
# --rm take anonymous volumes along; prune takes anonymous ones only unless -a;
# --volumes-from; a read-only bind refuses writes; tmpfs sizes hold; local
# driver options (tmpfs); inspect's Mounts; docker system df -v; references and
# mounts rebuilt after a kill -9 of berthd; volume events; nothing left after
# docker volume prune -a and docker rm -f.
#   volumes_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
use_daemon main
vols="$(data_root_of main)/volumes"

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
mkdir -p "$rootfs/seed" && echo from-image >"$rootfs/seed/hello"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:test >/dev/null || fail "docker import failed"
docker import -c 'CMD ["/bin/sh"]' -c 'VOLUME ["/seed"]' "$ACC_TMP/rootfs.tar" bb:vol >/dev/null ||
    fail "docker import with VOLUME failed"
run() { timeout 30 docker run --network none "$@"; }

step "volume create, inspect, ls with filters"
docker events --filter type=volume --format '{{.Action}} {{.Actor.ID}}' >"$ACC_TMP/events" 2>&1 &
track_helper $!
expect_eq "create" "data" "$(docker volume create --label team=db data)"
expect_eq "mountpoint" "$vols/data/_data" "$(docker volume inspect -f '{{.Mountpoint}}' data)"
expect_eq "labels" "db" "$(docker volume inspect -f '{{index .Labels "team"}}' data)"
expect_eq "driver and scope" "local local" "$(docker volume inspect -f '{{.Driver}} {{.Scope}}' data)"
expect_eq "ls label filter" "data" "$(docker volume ls -q --filter label=team=db)"
status=0
out="$(docker volume create 'bad@name' 2>&1)" || status=$?
expect_eq "bad name status" 1 "$status"
expect_contains "bad name" 'includes invalid characters for a local volume name' "$out"
out="$(docker volume inspect nosuch 2>&1)" || true
expect_contains "inspect missing" "no such volume" "$out"

step "data written into a named volume survives the container and is seen by the next"
run --rm -v data:/data bb:test sh -c 'echo kept >/data/file'
expect_eq "next container" "kept" "$(run --rm -v data:/data:ro bb:test cat /data/file)"
expect_eq "ro volume refuses writes" "refused" \
    "$(run --rm -v data:/data:ro bb:test sh -c '(echo x >/data/other) 2>/dev/null && echo wrote || echo refused')"

step "a volume in use is never removed, even with -f"
cid="$(docker create --network none -v data:/data bb:test true)"
out="$(docker volume rm data 2>&1)" && fail "removed a volume in use"
expect_contains "in use" "remove data: volume is in use - [$cid]" "$out"
docker volume rm -f data >/dev/null 2>&1 && fail "force removed a volume in use"
expect_eq "still there" "kept" "$(cat "$vols/data/_data/file")"
expect_eq "ls dangling=false" "data" "$(docker volume ls -q --filter dangling=false)"
docker rm "$cid" >/dev/null
expect_eq "ls dangling=true" "data" "$(docker volume ls -q --filter dangling=true)"

step "the image's files are copied into a new volume, not into one with nocopy"
expect_eq "copied" "from-image" "$(run --rm -v copied:/seed bb:test cat /seed/hello)"
expect_eq "nocopy" "empty" "$(run --rm -v bare:/seed:nocopy bb:test sh -c 'ls /seed | grep -q . && echo full || echo empty')"
expect_eq "--mount volume-nocopy" "empty" \
    "$(run --rm --mount type=volume,src=bare2,dst=/seed,volume-nocopy bb:test sh -c 'ls -A /seed | grep -q . && echo full || echo empty')"
expect_eq "copy kept" "from-image" "$(cat "$vols/copied/_data/hello")"

step "the image's VOLUME makes an anonymous volume; docker rm -v removes it, docker rm keeps it"
cid="$(docker create --network none bb:vol true)"
anon="$(docker inspect -f '{{range .Mounts}}{{.Name}}{{end}}' "$cid")"
expect_eq "anonymous name length" 64 "${#anon}"
expect_eq "mount type" "volume /seed true" "$(docker inspect -f '{{range .Mounts}}{{.Type}} {{.Destination}} {{.RW}}{{end}}' "$cid")"
docker start -a "$cid" >/dev/null
expect_eq "anonymous copy" "from-image" "$(cat "$vols/$anon/_data/hello")"
docker rm -v "$cid" >/dev/null
[[ ! -e $vols/$anon ]] || fail "docker rm -v left the anonymous volume"
cid="$(docker create --network none -v /scratch bb:test true)"
anon="$(docker inspect -f '{{range .Mounts}}{{.Name}}{{end}}' "$cid")"
docker rm "$cid" >/dev/null
expect_eq "kept without -v" "$anon" "$(docker volume ls -q --filter dangling=true --filter name="$anon")"
run --rm -v /scratch2 bb:test true
expect_eq "--rm takes its anonymous volume" "1" "$(docker volume ls -q --filter label=com.docker.volume.anonymous | wc -l)"

step "prune: anonymous unused volumes by default, named ones with -a"
out="$(docker volume prune -f)"
expect_contains "pruned the anonymous one" "$anon" "$out"
[[ -d $vols/data ]] || fail "prune without -a removed a named volume"
docker volume prune -af >/dev/null
expect_eq "nothing left" "" "$(docker volume ls -q)"

step "--volumes-from shares volumes and binds, with the mode asked for"
mkdir -p "$ACC_TMP/hostdir"
docker create --network none --name source -v shared:/shared -v "$ACC_TMP/hostdir:/host" bb:test true >/dev/null
run --rm --volumes-from source bb:test sh -c 'echo via-from >/shared/f && echo host >/host/h'
expect_eq "shared volume" "via-from" "$(cat "$vols/shared/_data/f")"
expect_eq "shared bind" "host" "$(cat "$ACC_TMP/hostdir/h")"
expect_eq "volumes-from :ro" "refused" \
    "$(run --rm --volumes-from source:ro bb:test sh -c '(echo x >/shared/g) 2>/dev/null && echo wrote || echo refused')"

step "binds and tmpfs: a read-only bind refuses writes, tmpfs sizes hold"
expect_eq "ro bind" "refused" \
    "$(run --rm -v "$ACC_TMP/hostdir:/h:ro" bb:test sh -c '(echo x >/h/x) 2>/dev/null && echo wrote || echo refused')"
expect_eq "tmpfs full" "full" \
    "$(run --rm --tmpfs /t:size=1m bb:test sh -c 'dd if=/dev/zero of=/t/big bs=1M count=2 2>/dev/null && echo fit || echo full')"
expect_eq "--mount tmpfs-size" "2048" "$(run --rm --mount type=tmpfs,dst=/t,tmpfs-size=2m bb:test sh -c "df -k /t | awk 'NR==2{print \$2}'")"

step "local driver options: a tmpfs volume with a size"
docker volume create -d local -o type=tmpfs -o device=tmpfs -o o=size=1m small >/dev/null
expect_eq "options" "tmpfs" "$(docker volume inspect -f '{{.Options.type}}' small)"
expect_eq "tmpfs volume full" "full" \
    "$(run --rm -v small:/s bb:test sh -c 'dd if=/dev/zero of=/s/big bs=1M count=2 2>/dev/null && echo fit || echo full')"
findmnt -rn "$vols/small/_data" >/dev/null && fail "the tmpfs volume stayed mounted after its container"
out="$(docker volume create -o bogus=1 v2 2>&1)" && fail "accepted a bad option"
expect_contains "bad option" 'invalid option: "bogus"' "$out"

step "system df -v shows volumes with sizes and links"
docker create --network none --name holder -v data2:/d bb:test true >/dev/null
run --rm -v data2:/d bb:test sh -c 'dd if=/dev/zero of=/d/f bs=1k count=64 2>/dev/null'
df="$(curl -s --unix-socket "$(sock_of main)" http://berthd/system/df)"
expect_eq "df refcount" 1 "$(jq -r '.Volumes[] | select(.Name=="data2") | .UsageData.RefCount' <<<"$df")"
expect_eq "df size" 65536 "$(jq -r '.Volumes[] | select(.Name=="data2") | .UsageData.Size' <<<"$df")"
expect_contains "docker system df -v" "data2" "$(docker system df -v)"

step "after a kill -9 of berthd, volumes in use are still refused removal and mounted ones unmount on exit"
docker run -d --network none --name keeper -v small:/s bb:test sleep 1000 >/dev/null
findmnt -rn "$vols/small/_data" >/dev/null || fail "the tmpfs volume is not mounted while its container runs"
docker create --network none --name idle -v idle:/i bb:test true >/dev/null
stop_berthd main KILL
start_berthd main
out="$(docker volume rm small 2>&1)" && fail "removed a running container's volume after a restart"
expect_contains "running user after restart" "volume is in use" "$out"
out="$(docker volume rm idle 2>&1)" && fail "removed a stopped container's volume after a restart"
expect_contains "stopped user after restart" "volume is in use" "$out"
docker rm -f keeper idle >/dev/null
findmnt -rn "$vols/small/_data" >/dev/null && fail "the tmpfs volume stayed mounted after its container went"

step "events, and nothing left after docker rm -f and docker volume prune -a"
docker rm -f source holder >/dev/null
docker volume prune -af >/dev/null
expect_eq "no volumes" "" "$(docker volume ls -q)"
expect_eq "no volume dirs" "" "$(ls -A "$vols")"
expect_eq "no mounts" "" "$(findmnt -rn -o TARGET | grep "^$vols" || true)"
sleep 0.3
expect_contains "create event" "create data" "$(cat "$ACC_TMP/events")"
expect_contains "mount event" "mount data" "$(cat "$ACC_TMP/events")"
expect_contains "unmount event" "unmount data" "$(cat "$ACC_TMP/events")"
expect_contains "destroy event" "destroy data" "$(cat "$ACC_TMP/events")"
echo "volumes: ok"
