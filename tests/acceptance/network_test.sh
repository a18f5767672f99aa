#!/usr/bin/env bash
# User-defined networks with the real docker CLI against berthd: create (auto
# and chosen subnets, Docker's refusals), ls with filters, inspect with its
# containers, containers reaching each other on one network and not across two,
# --ip, --internal, rm refused while in use, a kill -9 of berthd that leaves
# running containers connected, prune, and nothing left on the host after.
#   network_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
command -v ip >/dev/null || skip "ip (iproute2) is not installed"
command -v nft >/dev/null || skip "nft is not installed"
use_daemon main

import_web_image "hello from web"

# A subnet of 10.0.0.0/8 unlikely to be taken on this host or by a parallel test.
octet=$((RANDOM % 200 + 20))
subnet_b="10.$octet.$((RANDOM % 250)).0/24"
prefix_b="${subnet_b%.0/24}"

step "the predefined networks are listed as Docker lists them"
names="$(docker network ls --format '{{.Name}} {{.Driver}} {{.Scope}}' | sort | tr '\n' ',')"
expect_eq "ls" "bridge bridge local,host host local,none null local," "$names"

step "create: an automatic subnet, a chosen one, and Docker's refusals"
net_a_id="$(docker network create --label team=front net_a)"
[[ $net_a_id =~ ^[0-9a-f]{64}$ ]] || fail "network id: $net_a_id"
subnet_a="$(docker network inspect -f '{{range .IPAM.Config}}{{.Subnet}}{{end}}' net_a)"
[[ -n $subnet_a ]] || fail "net_a got no subnet"
bridge_a="bt-${net_a_id:0:12}"
ip link show "$bridge_a" >/dev/null 2>&1 || fail "no bridge $bridge_a"
docker network create --subnet "$subnet_b" --gateway "$prefix_b.254" --ip-range "$prefix_b.128/25" \
    --aux-address "rsvd=$prefix_b.2" net_b >/dev/null
expect_eq "gateway" "$prefix_b.254" "$(docker network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' net_b)"
out="$(docker network create net_a 2>&1)" && fail "duplicate name accepted"
expect_contains "duplicate" "network with name net_a already exists" "$out"
out="$(docker network create --subnet "$subnet_b" net_c 2>&1)" && fail "overlapping subnet accepted"
expect_contains "overlap" "Pool overlaps with other one on this address space" "$out"
out="$(docker network create -d nosuchdriver net_c 2>&1)" && fail "unknown driver accepted"
expect_contains "driver" 'plugin "nosuchdriver" not found' "$out"
out="$(docker network create --subnet 10.$octet.251.0/24 --gateway 10.$octet.252.1 net_c 2>&1)" &&
    fail "gateway outside the subnet accepted"
expect_contains "gateway" "gateway 10.$octet.252.1" "$out"
# The CLI checks that one itself; the daemon's own answer:
out="$(api_post main /networks/create \
    "{\"Name\":\"net_c\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.$octet.251.0/24\",\"Gateway\":\"10.$octet.252.1\"}]}}")"
expect_contains "daemon's gateway check" "does not belong to subnet 10.$octet.251.0/24" "$out"
out="$(docker run --rm --network nosuchnet bb:test true 2>&1)" && fail "unknown network accepted"
expect_contains "unknown network" "network nosuchnet not found" "$out"

step "ls filters: name, label, type, dangling"
expect_eq "name" "net_a" "$(docker network ls -f name=net_a --format '{{.Name}}')"
expect_eq "label" "net_a" "$(docker network ls -f label=team=front --format '{{.Name}}')"
expect_eq "custom" "net_a,net_b," "$(docker network ls -f type=custom --format '{{.Name}}' | sort | tr '\n' ',')"
expect_eq "builtin" "3" "$(docker network ls -f type=builtin -q | wc -l)"

step "two containers on one network reach each other; --ip and aliases show in inspect"
docker run -d --name web --network net_a --network-alias site bb:test httpd -f -p 80 -h /www >/dev/null
web_ip="$(docker inspect -f '{{.NetworkSettings.Networks.net_a.IPAddress}}' web)"
[[ -n $web_ip ]] || fail "web has no address on net_a"
expect_eq "network id" "$net_a_id" "$(docker inspect -f '{{.NetworkSettings.Networks.net_a.NetworkID}}' web)"
expect_eq "aliases" "[site]" "$(docker inspect -f '{{.NetworkSettings.Networks.net_a.Aliases}}' web)"
got="$(timeout 30 docker run --rm --network net_a bb:test timeout 10 wget -qO- "http://$web_ip/")"
expect_eq "same network" "hello from web" "$got"
expect_eq "inspect containers" "web" "$(docker network inspect -f '{{range .Containers}}{{.Name}}{{end}}' net_a)"
ranged="$(timeout 30 docker run --rm --network net_b bb:test ip -4 -o addr show eth0)"
expect_contains "--ip-range" "$prefix_b.128/24" "$ranged"
static="$(timeout 30 docker run --rm --network net_b --ip "$prefix_b.77" bb:test ip -4 -o addr show eth0)"
expect_contains "--ip" "$prefix_b.77/24" "$static"
out="$(timeout 30 docker run --rm --network net_b --ip "$prefix_b.2" bb:test true 2>&1)" && fail "aux address handed out"

step "the embedded DNS server: names, aliases and short ids on the network, round robin behind one alias"
got="$(timeout 30 docker run --rm --network net_a bb:test timeout 10 wget -qO- http://web/)"
expect_eq "by name" "hello from web" "$got"
got="$(timeout 30 docker run --rm --network net_a bb:test timeout 10 wget -qO- http://site/)"
expect_eq "by alias" "hello from web" "$got"
web_short="$(docker inspect -f '{{.Id}}' web | cut -c1-12)"
got="$(timeout 30 docker run --rm --network net_a bb:test timeout 10 wget -qO- "http://$web_short/")"
expect_eq "by short id" "hello from web" "$got"
expect_contains "resolv.conf" "nameserver 127.0.0.11" "$(timeout 30 docker run --rm --network net_a bb:test cat /etc/resolv.conf)"
docker run -d --name rr1 --network net_a --network-alias rr bb:test sleep 300 >/dev/null
docker run -d --name rr2 --network net_a --network-alias rr bb:test sleep 300 >/dev/null
rr1_ip="$(docker inspect -f '{{.NetworkSettings.Networks.net_a.IPAddress}}' rr1)"
rr2_ip="$(docker inspect -f '{{.NetworkSettings.Networks.net_a.IPAddress}}' rr2)"
# The first address of each answer: both containers come first in turn.
firsts="$(timeout 30 docker run --rm --network net_a bb:test sh -c \
    'for i in 1 2 3 4; do nslookup rr 127.0.0.11 | grep "^Address" | grep -v ":53" | head -n1; done' |
    awk '{print $NF}' | sort -u | tr '\n' ' ')"
expect_eq "round robin" "$(printf '%s\n' "$rr1_ip" "$rr2_ip" | sort | tr '\n' ' ')" "$firsts"
# Over TCP too (`dig +tcp`, or a client asking again after TC=1), from web's own
# namespace with the host's dig: busybox's nslookup has no TCP.
if command -v dig >/dev/null && command -v nsenter >/dev/null; then
    web_pid="$(docker inspect -f '{{.State.Pid}}' web)"
    expect_eq "dig +tcp" "$web_ip" "$(nsenter -t "$web_pid" -n dig +tcp +short +tries=1 +time=5 @127.0.0.11 site)"
    expect_eq "dig +tcp, round robin's two" "$(printf '%s\n' "$rr1_ip" "$rr2_ip" | sort | tr '\n' ' ')" \
        "$(nsenter -t "$web_pid" -n dig +tcp +short +tries=1 +time=5 @127.0.0.11 rr | sort | tr '\n' ' ')"
else
    echo "dig or nsenter missing: DNS over TCP not checked here"
fi
docker rm -f rr1 rr2 >/dev/null
status=0
timeout 30 docker run --rm --init bb:test timeout 5 nslookup web 127.0.0.11 >/dev/null 2>&1 || status=$?
((status != 0)) || fail "the default bridge resolved a container name"

# Commands meant to fail run under --init: a wget that is pid 1 ignores the
# SIGTERM of `timeout` and would wait out TCP's own connect timeout.
step "containers on two different networks cannot reach each other"
status=0
timeout 30 docker run --rm --init --network net_b bb:test timeout 3 wget -qO- "http://$web_ip/" >/dev/null 2>&1 || status=$?
((status != 0)) || fail "net_b reached web on net_a"
status=0
timeout 30 docker run --rm --init bb:test timeout 3 wget -qO- "http://$web_ip/" >/dev/null 2>&1 || status=$?
((status != 0)) || fail "the default bridge reached web on net_a"

step "an --internal network forwards nothing out of its bridge"
docker network create --internal net_int >/dev/null
gateway_a="$(docker network inspect -f '{{range .IPAM.Config}}{{.Gateway}}{{end}}' net_a)"
status=0
timeout 30 docker run --rm --init --network net_int bb:test timeout 3 wget -qO- "http://$web_ip/" >/dev/null 2>&1 || status=$?
((status != 0)) || fail "net_int reached web"
# Not even the host's address on another network: no route leaves an internal network.
status=0
timeout 30 docker run --rm --init --network net_int bb:test ping -c1 -W2 "$gateway_a" >/dev/null 2>&1 || status=$?
((status != 0)) || fail "net_int reached $gateway_a through the host"

step "rm refuses a network in use"
out="$(docker network rm net_a 2>&1)" && fail "removed a network in use"
expect_contains "in use" "error while removing network: network net_a id $net_a_id has active endpoints" "$out"
out="$(docker network rm bridge 2>&1)" && fail "removed the predefined bridge"
expect_contains "predefined" "bridge is a pre-defined network and cannot be removed" "$out"

step "after kill -9 of berthd, running containers stay connected"
stop_berthd main KILL
use_daemon main
expect_eq "same id" "$net_a_id" "$(docker network inspect -f '{{.Id}}' net_a)"
got="$(timeout 30 docker run --rm --network net_a bb:test timeout 10 wget -qO- "http://$web_ip/")"
expect_eq "after restart" "hello from web" "$got"
got="$(timeout 30 docker run --rm --network net_a bb:test timeout 10 wget -qO- http://site/)"
expect_eq "name after restart" "hello from web" "$got"
# web's own server socket was made again by the new berthd.
expect_contains "web resolves after restart" "Name:" "$(docker exec web nslookup site 127.0.0.11 2>&1)"

step "prune removes unused user networks; nothing is left on the host"
docker rm -f web >/dev/null
expect_eq "dangling" "net_a,net_b,net_int," "$(docker network ls -f dangling=true --format '{{.Name}}' | sort | tr '\n' ',')"
docker network rm net_int >/dev/null
docker network prune -f >/dev/null
expect_eq "after prune" "bridge,host,none," "$(docker network ls --format '{{.Name}}' | sort | tr '\n' ',')"
ip link show "$bridge_a" >/dev/null 2>&1 && fail "bridge $bridge_a left behind"
nft list table ip "berth_${bridge_a//-/_}" >/dev/null 2>&1 && fail "nft table of $bridge_a left behind"
echo "PASS"
