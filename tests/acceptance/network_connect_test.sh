#!/usr/bin/env bash
# Several networks per container and `docker network connect/disconnect` with
# the real docker CLI against berthd: a container created on one network and
# connected to a second before start gets eth0 and eth1, reaches and resolves
# containers on each; its stats count each interface's traffic; a running
# container connected and disconnected at once (reachability and DNS
# before/after, events, its default route moving to the next network when its
# own goes); a stopped one disconnected from its NetworkMode network; -f for a
# container gone without its endpoint; Docker's
# errors, inspect's shapes, and the attachments kept across a kill -9 of berthd;
# /etc/hosts and /etc/resolv.conf of a running container updated in place.
#   network_connect_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
command -v ip >/dev/null || skip "ip (iproute2) is not installed"
command -v nft >/dev/null || skip "nft is not installed"
use_daemon main

rootfs="$ACC_TMP/rootfs"
make_busybox_rootfs "$rootfs"
tar -C "$rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:test >/dev/null || fail "docker import failed"

docker network create nc_a >/dev/null
docker network create nc_b >/dev/null
ids="$(docker network inspect -f '{{.Id}}' nc_a nc_b)"

step "create on nc_a, connect nc_b before start: eth0 and eth1"
docker create --name two --network nc_a --network-alias twoalias bb:test sleep 300 >/dev/null
docker network connect --alias twob nc_b two
out="$(docker network connect nc_b two 2>&1)" && fail "a second connect to nc_b was accepted"
expect_contains "already" "endpoint with name two already exists in network nc_b" "$out"
expect_eq "networks while created" "nc_a,nc_b," \
    "$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}},{{end}}' two)"
docker start two >/dev/null
docker run -d --name onlya --network nc_a bb:test sleep 300 >/dev/null
docker run -d --name onlyb --network nc_b bb:test sleep 300 >/dev/null
ip_a="$(docker inspect -f '{{(index .NetworkSettings.Networks "nc_a").IPAddress}}' two)"
ip_b="$(docker inspect -f '{{(index .NetworkSettings.Networks "nc_b").IPAddress}}' two)"
[[ -n $ip_a && -n $ip_b && $ip_a != "$ip_b" ]] || fail "addresses: '$ip_a' '$ip_b'"
links="$(docker exec two ip -o -4 addr show | awk '{print $2, $4}' | grep eth | tr '\n' ',')"
expect_contains "eth0 on nc_a" "eth0 $ip_a/" "$links"
expect_contains "eth1 on nc_b" "eth1 $ip_b/" "$links"
gw_a="$(docker inspect -f '{{(index .NetworkSettings.Networks "nc_a").Gateway}}' two)"
expect_contains "default route via nc_a" "default via $gw_a dev eth0" "$(docker exec two ip route)"
# The CLI joins them in Go's map order: sorted here.
expect_eq "ps Networks" "nc_a,nc_b," "$(docker ps -f name=^two$ --format '{{.Networks}}' | tr ',' '\n' | sort | tr '\n' ',')"

step "two reaches and resolves containers on each network; they resolve its aliases"
docker exec two ping -c1 -W2 onlya >/dev/null || fail "two cannot ping onlya"
docker exec two ping -c1 -W2 onlyb >/dev/null || fail "two cannot ping onlyb"
expect_contains "onlya resolves twoalias" "$ip_a" "$(docker exec onlya nslookup twoalias 127.0.0.11 2>&1)"
expect_contains "onlyb resolves twob" "$ip_b" "$(docker exec onlyb nslookup twob 127.0.0.11 2>&1)"
out="$(docker exec onlya nslookup onlyb 127.0.0.11 2>&1)" && fail "onlya resolved onlyb across networks: $out"

step "stats count each interface's traffic (networks in GET /containers/{id}/stats)"
# net_stat CONTAINER IFACE FIELD: one counter of an interface in a one-shot stats read.
net_stat() { api main "/containers/$1/stats?stream=false" | sed '$d' | jq -r ".networks.$2.$3"; }
rx0="$(net_stat onlya eth0 rx_bytes)"
tx0="$(net_stat onlya eth0 tx_bytes)"
[[ $rx0 =~ ^[0-9]+$ && $tx0 =~ ^[0-9]+$ ]] || fail "no eth0 counters in onlya's stats: rx '$rx0' tx '$tx0'"
for key in rx_packets rx_errors rx_dropped tx_packets tx_errors tx_dropped; do
    [[ "$(net_stat onlya eth0 "$key")" =~ ^[0-9]+$ ]] || fail "eth0 has no $key"
done
[[ "$(net_stat two eth1 rx_bytes)" =~ ^[0-9]+$ ]] || fail "two's stats have no eth1"
[[ "$(net_stat onlya lo rx_bytes)" == null ]] || fail "lo is counted in the stats"
docker exec two ping -c4 -s 1000 -W2 onlya >/dev/null || fail "two cannot ping onlya with 1000-byte payloads"
rx1="$(net_stat onlya eth0 rx_bytes)"
tx1="$(net_stat onlya eth0 tx_bytes)"
((rx1 - rx0 >= 4000)) || fail "onlya's eth0 rx_bytes grew by $((rx1 - rx0)) for four 1000-byte pings"
((tx1 - tx0 >= 4000)) || fail "onlya's eth0 tx_bytes grew by $((tx1 - tx0)) for four 1000-byte replies"
netio="$(docker stats --no-stream --format '{{.NetIO}}' onlya)"
[[ $netio =~ ^[0-9.]+k?B\ /\ [0-9.]+k?B$ && $netio != "0B / 0B" ]] || fail "docker stats NET I/O: '$netio'"

step "docker run with two --network (both endpoints in the create request)"
docker run -d --name both --network nc_b --network nc_a bb:test sleep 300 >/dev/null
expect_eq "run on two networks" "nc_a,nc_b," \
    "$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}},{{end}}' both)"
expect_contains "eth1 of both" "eth1" "$(docker exec both ip -o link show)"
docker exec both ping -c1 -W2 onlya >/dev/null || fail "both cannot ping onlya"
docker exec both ping -c1 -W2 onlyb >/dev/null || fail "both cannot ping onlyb"
docker rm -f both >/dev/null

step "connect and disconnect a running container"
events_log="$ACC_TMP/events.out"
docker events --filter type=network --format '{{.Action}} {{.Actor.Attributes.container}}' >"$events_log" &
ACC_HELPER_PIDS+=($!)
sleep 0.3
out="$(docker exec onlya ping -c1 -W1 onlyb 2>&1)" && fail "onlya reached onlyb before the connect"
docker network connect --alias bee nc_b onlya
ip_ab="$(docker inspect -f '{{(index .NetworkSettings.Networks "nc_b").IPAddress}}' onlya)"
expect_contains "eth1 added live" "eth1" "$(docker exec onlya ip -o link show)"
docker exec onlya ping -c1 -W2 onlyb >/dev/null || fail "onlya cannot ping onlyb after the connect"
expect_contains "onlyb resolves bee" "$ip_ab" "$(docker exec onlyb nslookup bee 127.0.0.11 2>&1)"
out="$(docker network connect nc_b onlya 2>&1)" && fail "connected twice"
expect_contains "already running" "endpoint with name onlya already exists in network nc_b" "$out"
docker network disconnect nc_b onlya
out="$(docker exec onlya ip -o link show)"
[[ $out != *eth1* ]] || fail "eth1 left after disconnect: $out"
out="$(docker exec onlyb nslookup bee 127.0.0.11 2>&1)" && fail "bee still resolves after disconnect: $out"
out="$(docker exec onlya ping -c1 -W1 "$ip_ab" 2>&1)" && fail "onlya still reaches nc_b"
onlya_id="$(docker inspect -f '{{.Id}}' onlya)"
out="$(docker network disconnect nc_b onlya 2>&1)" && fail "disconnected twice"
expect_contains "not connected" "container $onlya_id is not connected to network nc_b" "$out"
wait_for 5 "connect and disconnect events" grep -q "disconnect $onlya_id" "$events_log"
expect_contains "connect event" "connect $onlya_id" "$(cat "$events_log")"

step "/etc/hosts and /etc/resolv.conf of a running container follow connect and disconnect (rewritten in place)"
tab=$'\t'
docker run -d --name etc --hostname etchost bb:test sleep 300 >/dev/null
ip_e0="$(docker inspect -f '{{.NetworkSettings.IPAddress}}' etc)"
[[ -n $ip_e0 ]] || fail "etc has no address on the default bridge"
docker exec etc sh -c 'echo "10.9.9.9 useredit" >>/etc/hosts'
out="$(docker exec etc cat /etc/resolv.conf)"
[[ $out != *127.0.0.11* ]] || fail "embedded DNS on the default bridge: $out"
docker network connect nc_b etc
ip_eb="$(docker inspect -f '{{(index .NetworkSettings.Networks "nc_b").IPAddress}}' etc)"
hosts="$(docker exec etc cat /etc/hosts)"
expect_contains "nc_b's address under the hostname" "$ip_eb${tab}etchost" "$hosts"
expect_contains "the bridge's line kept" "$ip_e0${tab}etchost" "$hosts"
expect_contains "the user's line kept" "10.9.9.9 useredit" "$hosts"
expect_contains "embedded DNS after connecting a user network" "nameserver 127.0.0.11" "$(docker exec etc cat /etc/resolv.conf)"
expect_contains "names resolve through resolv.conf" "$ip_b" "$(docker exec etc nslookup twob 2>&1)"
docker network disconnect bridge etc
hosts="$(docker exec etc cat /etc/hosts)"
[[ $hosts != *"$ip_e0${tab}etchost"* ]] || fail "the bridge's line left after its disconnect: $hosts"
expect_contains "nc_b's line kept" "$ip_eb${tab}etchost" "$hosts"
expect_contains "the user's line kept after disconnect" "10.9.9.9 useredit" "$hosts"
docker rm -f etc >/dev/null
# A resolv.conf the user changed is theirs (moby's resolv.conf.hash): left as it is.
docker run -d --name etcmine bb:test sleep 300 >/dev/null
docker exec etcmine sh -c 'echo "nameserver 10.9.9.9" >/etc/resolv.conf'
docker network connect nc_b etcmine
expect_eq "user's resolv.conf kept" "nameserver 10.9.9.9" "$(docker exec etcmine cat /etc/resolv.conf)"
docker rm -f etcmine >/dev/null

step "the default route moves to the next network when its network is disconnected"
docker run -d --name mover --network nc_a bb:test sleep 300 >/dev/null
docker network connect nc_b mover
gw_b="$(docker inspect -f '{{(index .NetworkSettings.Networks "nc_b").Gateway}}' mover)"
expect_contains "default via nc_a first" "default via $gw_a dev eth0" "$(docker exec mover ip route)"
docker network disconnect nc_a mover
expect_contains "default via nc_b after" "default via $gw_b dev eth1" "$(docker exec mover ip route)"
docker rm -f mover >/dev/null

step "a stopped container leaves its NetworkMode network: it starts on the rest, or on it again when none is left"
networks_of() { docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}},{{end}}' "$1"; }
docker create --name parked --network nc_a bb:test sleep 300 >/dev/null
docker network connect nc_b parked
docker network disconnect nc_a parked
expect_eq "networks while stopped" "nc_b," "$(networks_of parked)"
docker start parked >/dev/null
expect_eq "started on nc_b only" "nc_b," "$(networks_of parked)"
links="$(docker exec parked ip -o -4 addr show | awk '{print $2}' | tr '\n' ',')"
expect_eq "one interface" "lo,eth0," "$links"
docker exec parked ping -c1 -W2 onlyb >/dev/null || fail "parked cannot reach onlyb"
docker stop -t 0 parked >/dev/null
docker network disconnect nc_b parked
expect_eq "no network left" "" "$(networks_of parked)"
docker start parked >/dev/null
expect_eq "NetworkMode's again" "nc_a," "$(networks_of parked)"
docker exec parked ping -c1 -W2 onlya >/dev/null || fail "parked cannot reach onlya"
docker rm -f parked >/dev/null

step "Docker's refusals for host and none"
docker run -d --name hosty --network host bb:test sleep 300 >/dev/null
out="$(docker network connect nc_a hosty 2>&1)" && fail "connected a host-network container"
expect_contains "host" "container sharing network namespace with another container or host cannot be connected to any other network" "$out"
docker rm -f hosty >/dev/null
out="$(docker network connect host onlya 2>&1)" && fail "connected to host"
expect_contains "to host" "container cannot be disconnected from host network or connected to host network" "$out"

step "after kill -9 of berthd, both networks stay attached and resolvable"
stop_berthd main KILL
use_daemon main
docker exec two ping -c1 -W2 onlyb >/dev/null || fail "two lost nc_b after the restart"
expect_contains "resolves after restart" "$ip_b" "$(docker exec onlyb nslookup twob 127.0.0.11 2>&1)"
expect_eq "networks after restart" "nc_a,nc_b," \
    "$(docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}},{{end}}' two)"
docker restart -t 1 two >/dev/null
expect_contains "eth1 after container restart" "eth1" "$(docker exec two ip -o link show)"
docker exec two ping -c1 -W2 onlyb >/dev/null || fail "two lost nc_b after its own restart"

step "disconnect -f removes the endpoint of a container gone meanwhile (Docker's ForceEndpointDelete)"
stop_berthd main KILL
nc_a_id="$(head -1 <<<"$ids")"
record="$(data_root_of main)/network/networks/$nc_a_id.json"
[[ -f $record ]] || fail "no record $record"
jq --arg id "$(printf 'f%.0s' {1..64})" '.Containers[$id] = {"Name": "ghost", "EndpointID": "e", "MacAddress": "", "IPv4Address": "10.99.0.9/16"}' \
    "$record" >"$record.new" && mv "$record.new" "$record"
use_daemon main
expect_contains "ghost listed" "ghost," "$(docker network inspect -f '{{range .Containers}}{{.Name}},{{end}}' nc_a)"
out="$(docker network disconnect nc_a ghost 2>&1)" && fail "disconnected a missing container without -f"
expect_contains "without -f" "No such container: ghost" "$out"
docker network disconnect -f nc_a ghost
out="$(docker network inspect -f '{{range .Containers}}{{.Name}},{{end}}' nc_a)"
[[ $out != *ghost* ]] || fail "ghost still on nc_a: $out"
out="$(docker network disconnect -f nc_a ghost 2>&1)" && fail "forced twice"
expect_contains "forced twice" "endpoint ghost not found" "$out"

step "cleanup leaves nothing"
docker rm -f two onlya onlyb >/dev/null
docker network rm nc_a nc_b >/dev/null
for id in $ids; do
    ip link show "bt-${id:0:12}" >/dev/null 2>&1 && fail "bridge bt-${id:0:12} left behind"
    nft list table ip "berth_bt_${id:0:12}" >/dev/null 2>&1 && fail "nft table of bt-${id:0:12} left behind"
done
echo "PASS"
