#!/usr/bin/env bash
# macvlan and ipvlan networks with the real docker CLI against berthd, on a
# parent link the test makes in the host's namespace: one end of a veth pair
# whose other end sits, without an address, in a namespace of the test's (so no
# frame leaves the machine; this kernel may have no dummy links). Two
# containers on a macvlan network reach each other by name (embedded DNS) and
# by address from the network's subnet, also after a kill -9 of berthd; a
# running container is connected and disconnected; one with --ip is stopped
# and started again at once, a few times; Docker's refusals (bad
# mode, parent missing, a parent in use); ipvlan l2 the same way when the
# kernel has ipvlan, moby's error when it has not; `-o parent=IF.VLAN` and a
# parentless (--internal, dummy) network made and removed with the network, or
# refused with moby's words when the kernel has no 802.1q or dummy links;
# `docker network prune` removes a macvlan network. Nothing is left behind.
#   network_macvlan_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
command -v ip >/dev/null || skip "ip (iproute2) is not installed"

suffix="$(printf '%05d' $((RANDOM % 100000)))"
parent="bmv$suffix"
peer_ns="berth-acc-mv-$suffix"
# The parent and its peer's namespace go first, then the daemons and containers;
# dummy links "dm-<12 hex>" berthd made go too, should the test stop early.
mv_cleanup() {
    local status=$? file id
    set +e
    for file in "$ACC_TMP"/*/data/network/networks/*.json; do
        [[ -f $file ]] || continue
        [[ "$(jq -r '.Driver' "$file")" =~ ^(mac|ip)vlan$ ]] || continue
        id="$(jq -r '.Id' "$file")"
        ip link delete "dm-${id:0:12}" 2>/dev/null
    done
    ip link delete "$parent" 2>/dev/null
    ip netns delete "$peer_ns" 2>/dev/null
    (exit "$status")
    acc_cleanup
}
trap mv_cleanup EXIT
ip netns add "$peer_ns" || skip "cannot make a network namespace"
ip link add "$parent" type veth peer name eth0 netns "$peer_ns" || fail "cannot make the veth parent"
ip link set "$parent" up
ip -n "$peer_ns" link set eth0 up

# kernel_has KIND: whether this kernel makes links of KIND (tried in the peer's namespace).
kernel_has() {
    local ok=1
    case $1 in
    ipvlan) ip -n "$peer_ns" link add probe link eth0 type ipvlan mode l2 2>/dev/null && ok=0 ;;
    vlan) ip -n "$peer_ns" link add probe link eth0 type vlan id 7 2>/dev/null && ok=0 ;;
    dummy) ip -n "$peer_ns" link add probe type dummy 2>/dev/null && ok=0 ;;
    esac
    ip -n "$peer_ns" link delete probe 2>/dev/null
    return $ok
}

use_daemon main
rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:test >/dev/null || fail "docker import failed"
prefix="10.$((RANDOM % 200 + 20)).$((RANDOM % 250))"

step "Docker's refusals: a bad mode, a parent that is not there"
out="$(docker network create -d macvlan -o parent="$parent" -o macvlan_mode=fast mv_bad 2>&1)" && fail "mode fast accepted"
expect_contains "macvlan mode" "requested macvlan mode 'fast' is not valid, 'bridge' mode is the macvlan driver default" "$out"
out="$(docker network create -d ipvlan -o parent="$parent" -o ipvlan_mode=l9 iv_bad 2>&1)" && fail "mode l9 accepted"
expect_contains "ipvlan mode" "requested ipvlan mode 'l9' is not valid, 'l2' mode is the ipvlan driver default" "$out"
out="$(docker network create -d macvlan -o parent=nosuch$suffix mv_bad 2>&1)" && fail "a missing parent accepted"
expect_contains "missing parent" "invalid subinterface vlan name nosuch$suffix, example formatting is eth0.10" "$out"
out="$(docker network create -d macvlan -o parent=nosuch$suffix.10 mv_bad 2>&1)" && fail "a VLAN of a missing parent accepted"
expect_contains "missing VLAN base" "-o parent interface was not found on the host: nosuch$suffix" "$out"
out="$(docker network create -d macvlan -o parent="$parent.5000" mv_bad 2>&1)" && fail "VLAN 5000 accepted"
expect_contains "VLAN id" "vlan id must be between 1-4094, received: 5000" "$out"
expect_eq "nothing created" "" "$(docker network ls -q -f name=mv_bad -f name=iv_bad)"

step "macvlan: two containers reach each other by name and by address"
mv_id="$(docker network create -d macvlan --subnet "$prefix.0/24" -o parent="$parent" mv1)"
expect_eq "driver" "macvlan" "$(docker network inspect -f '{{.Driver}}' mv1)"
expect_eq "subnet" "$prefix.0/24" "$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' mv1)"
expect_eq "parent option" "$parent" "$(docker network inspect -f '{{index .Options "parent"}}' mv1)"
out="$(docker network create -d macvlan -o parent="$parent" mv2 2>&1)" && fail "a second macvlan on $parent"
expect_contains "parent in use" "network dm-${mv_id:0:12} is already using parent interface $parent" "$out"
docker run -d --name m1 --network mv1 bb:test sleep 300 >/dev/null
docker run -d --name m2 --network mv1 --ip "$prefix.77" bb:test sleep 300 >/dev/null
ip1="$(docker inspect -f '{{(index .NetworkSettings.Networks "mv1").IPAddress}}' m1)"
[[ $ip1 == "$prefix".* ]] || fail "m1's address $ip1 is not in $prefix.0/24"
expect_contains "m1's eth0" "eth0 $ip1/24" "$(docker exec m1 ip -o -4 addr show | awk '{print $2, $4}' | tr '\n' ',')"
expect_contains "a macvlan MAC" "$(docker inspect -f '{{(index .NetworkSettings.Networks "mv1").MacAddress}}' m1)" \
    "$(docker exec m1 ip -o link show eth0)"
docker exec m1 ping -c1 -W2 "$prefix.77" >/dev/null || fail "m1 cannot ping m2 by address"
docker exec m2 ping -c1 -W2 m1 >/dev/null || fail "m2 cannot ping m1 by name"
expect_contains "embedded DNS" "nameserver 127.0.0.11" "$(docker exec m1 cat /etc/resolv.conf)"
expect_contains "m2 in mv1's inspect" "m2" "$(docker network inspect -f '{{range .Containers}}{{.Name}},{{end}}' mv1)"

step "macvlan: after a kill -9 of berthd, the containers stay connected and resolvable"
stop_berthd main KILL
use_daemon main
docker exec m2 ping -c1 -W2 m1 >/dev/null || fail "m2 cannot ping m1 by name after the restart"
docker run -d --name m4 --network mv1 bb:test sleep 300 >/dev/null
ip4="$(docker inspect -f '{{(index .NetworkSettings.Networks "mv1").IPAddress}}' m4)"
[[ $ip4 != "$ip1" && $ip4 != "$prefix.77" ]] || fail "m4 got an address in use: $ip4"
docker rm -f m4 >/dev/null

step "macvlan: connect and disconnect a running container"
docker run -d --name m3 bb:test sleep 300 >/dev/null
docker network connect mv1 m3
expect_contains "m3's eth1" "eth1" "$(docker exec m3 ip -o link show)"
docker exec m3 ping -c1 -W2 m1 >/dev/null || fail "m3 cannot ping m1 after the connect"
docker network disconnect mv1 m3
out="$(docker exec m3 ip -o link show)"
[[ $out != *eth1* ]] || fail "eth1 left after the disconnect: $out"
step "macvlan: a container with --ip stopped and started again at once keeps its address"
# Its link (and the MAC derived from the address) must be gone from the parent
# before the address is free again, or the next start meets EADDRINUSE.
for round in 1 2 3 4; do
    docker stop -t 0 m2 >/dev/null || fail "docker stop m2 (round $round)"
    out="$(docker start m2 2>&1)" || fail "docker start m2 with --ip $prefix.77 (round $round): $out"
done
expect_eq "m2's address after the restarts" "$prefix.77" \
    "$(docker inspect -f '{{(index .NetworkSettings.Networks "mv1").IPAddress}}' m2)"
docker exec m1 ping -c1 -W2 "$prefix.77" >/dev/null || fail "m1 cannot ping m2 after its restarts"
out="$(docker network rm mv1 2>&1)" && fail "removed mv1 with containers on it"
docker rm -f m1 m2 m3 >/dev/null
docker network rm mv1 >/dev/null
ip link show "$parent" >/dev/null 2>&1 || fail "the user's parent $parent went with the network"

step "ipvlan l2: the same, or moby's error where the kernel has no ipvlan"
docker network create -d ipvlan --subnet "$prefix.0/24" -o parent="$parent" -o ipvlan_mode=l2 iv1 >/dev/null
if kernel_has ipvlan; then
    docker run -d --name i1 --network iv1 bb:test sleep 300 >/dev/null
    docker run -d --name i2 --network iv1 bb:test sleep 300 >/dev/null
    ip2="$(docker inspect -f '{{(index .NetworkSettings.Networks "iv1").IPAddress}}' i2)"
    docker exec i1 ping -c1 -W2 "$ip2" >/dev/null || fail "i1 cannot ping i2 by address"
    docker exec i2 ping -c1 -W2 i1 >/dev/null || fail "i2 cannot ping i1 by name"
    docker rm -f i1 i2 >/dev/null
else
    out="$(docker run -d --name i1 --network iv1 bb:test sleep 300 2>&1)" && fail "ipvlan without kernel support"
    expect_contains "no ipvlan" "failed to create the ipvlan port" "$out"
    docker rm -f i1 >/dev/null 2>&1 || true
fi
docker network rm iv1 >/dev/null

step "-o parent=IF.VLAN: the sub-interface made and removed with the network (or moby's error)"
if kernel_has vlan; then
    docker network create -d macvlan -o parent="$parent.10" mvv >/dev/null
    ip link show "$parent.10" >/dev/null 2>&1 || fail "no $parent.10"
    docker network rm mvv >/dev/null
    ! ip link show "$parent.10" >/dev/null 2>&1 || fail "$parent.10 left after the network"
else
    out="$(docker network create -d macvlan -o parent="$parent.10" mvv 2>&1)" && fail "a VLAN without kernel support"
    expect_contains "no 802.1q" "failed to create $parent.10 vlan link" "$out"
fi

step "no parent: an internal network on a dummy link (or moby's error)"
if kernel_has dummy; then
    mvi_id="$(docker network create -d macvlan mvi)"
    expect_eq "internal" "true" "$(docker network inspect -f '{{.Internal}}' mvi)"
    ip link show "dm-${mvi_id:0:12}" >/dev/null 2>&1 || fail "no dummy dm-${mvi_id:0:12}"
    docker run -d --name d1 --network mvi bb:test sleep 300 >/dev/null
    docker run -d --name d2 --network mvi bb:test sleep 300 >/dev/null
    docker exec d1 ping -c1 -W2 d2 >/dev/null || fail "d1 cannot ping d2"
    docker rm -f d1 d2 >/dev/null
    docker network rm mvi >/dev/null
    ! ip link show "dm-${mvi_id:0:12}" >/dev/null 2>&1 || fail "dm-${mvi_id:0:12} left after the network"
else
    out="$(docker network create -d macvlan --internal mvi 2>&1)" && fail "a dummy without kernel support"
    expect_contains "no dummy" "dummy link: " "$out"
fi
docker network create -d macvlan -o parent="$parent" mvp >/dev/null
expect_contains "pruned" "mvp" "$(docker network prune -f)"
expect_eq "no macvlan or ipvlan network left" "" "$(docker network ls -q -f driver=macvlan; docker network ls -q -f driver=ipvlan)"
echo "PASS"
