#!/usr/bin/env bash
# berthd beside dockerd (issue 11, "living beside Docker"): with dockerd's
# iptables FORWARD policy DROP and br_netfilter on, berthd's bridges still
# forward, through berthd's accepts in dockerd's DOCKER-USER chain. Everything
# happens in a network namespace the test makes (berthd, and dockerd when
# docker.io is installed, run inside it through nsenter), so the host's
# FORWARD policy, its docker0 and its rules are never touched: deleting the
# namespace takes the bridges, the iptables-nft tables and docker0 with it.
# Without dockerd, the chains are made as dockerd makes them with iptables-nft
# (the policy, FORWARD -j DOCKER-USER, DOCKER-USER -j RETURN). dockerd comes
# first, as at boot: it sets the policy only when it turns ip_forward on itself.
# The accepts are put back at a container's connect when they are missing (a
# dockerd started after the network). The same in ip6tables' DOCKER-USER, for
# IPv6 between containers of an --ipv6 network.
#   network_docker_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
for tool in ip nft nsenter; do command -v "$tool" >/dev/null || skip "$tool is not installed"; done
DOCKERD="$(command -v dockerd || true)"
if [[ -z $DOCKERD ]]; then
    command -v iptables >/dev/null || skip "neither dockerd nor iptables is installed"
    [[ "$(iptables -V)" == *nf_tables* ]] || skip "iptables is not iptables-nft"
fi

netns="berth-acc-$(acc_unique_name)"
nsfile="/run/netns/$netns"
dockerd_pid=""
# Before lib.sh's cleanup (which ends with exit): dockerd, then the namespace,
# which takes whatever berthd and dockerd made in it once they are gone.
docker_test_cleanup() {
    local status=$?
    set +e # a failing step below must not end the cleanup (nor `(exit 1)` it)
    if [[ -n $dockerd_pid ]]; then
        kill -TERM "$dockerd_pid" 2>/dev/null
        timeout 15 tail --pid="$dockerd_pid" -f /dev/null 2>/dev/null || kill -KILL "$dockerd_pid" 2>/dev/null
    fi
    ip netns delete "$netns" 2>/dev/null
    (exit "$status")
    acc_cleanup
}
trap docker_test_cleanup EXIT
ip netns add "$netns" || skip "cannot make a network namespace"
in_ns() { nsenter --net="$nsfile" -- "$@"; }
in_ns ip link set lo up
[[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] || modprobe br_netfilter 2>/dev/null || true
[[ -e /proc/sys/net/bridge/bridge-nf-call-iptables ]] || skip "br_netfilter is not loaded"
in_ns sh -c 'echo 1 >/proc/sys/net/bridge/bridge-nf-call-iptables'
in_ns sh -c 'echo 1 >/proc/sys/net/bridge/bridge-nf-call-ip6tables'
# As at boot (a new namespace inherits the host's setting): dockerd turns
# forwarding on, and with it sets the FORWARD policy to DROP.
in_ns sh -c 'echo 0 >/proc/sys/net/ipv4/ip_forward'

if [[ -n $DOCKERD ]]; then
    step "dockerd with iptables on, in the namespace, on its own socket and roots"
    ddir="$ACC_TMP/dockerd"
    mkdir -p "$ddir"
    setpriv --pdeathsig KILL -- nsenter --net="$nsfile" -- "$DOCKERD" --iptables=true \
        -H "unix://$ddir/docker.sock" --data-root "$ddir/data" --exec-root "$ddir/exec" \
        --pidfile "$ddir/docker.pid" --config-file /dev/null >"$ddir/dockerd.log" 2>&1 &
    dockerd_pid=$!
    wait_for 60 "dockerd to answer" curl -sf --max-time 2 --unix-socket "$ddir/docker.sock" http://d/_ping
else
    step "dockerd's iptables-nft chains, as it makes them (no dockerd installed)"
    in_ns iptables -N DOCKER-USER
    in_ns iptables -A DOCKER-USER -j RETURN
    in_ns iptables -A FORWARD -j DOCKER-USER
    in_ns iptables -P FORWARD DROP
fi
expect_contains "FORWARD policy" "policy drop" "$(in_ns nft list chain ip filter FORWARD)"
in_ns nft list chain ip filter DOCKER-USER >/dev/null || fail "no DOCKER-USER chain"
# ip6tables' side, as dockerd 27+ makes it (ip6tables on by default; 26 needs
# --experimental): a DOCKER-USER chain and, once it has turned IPv6 forwarding
# on, the FORWARD policy DROP. Made here when dockerd did not.
ipv6_chain=""
if command -v ip6tables >/dev/null && [[ "$(ip6tables -V)" == *nf_tables* ]]; then
    if ! in_ns nft list chain ip6 filter DOCKER-USER >/dev/null 2>&1; then
        in_ns ip6tables -N DOCKER-USER
        in_ns ip6tables -A DOCKER-USER -j RETURN
        in_ns ip6tables -A FORWARD -j DOCKER-USER
    fi
    in_ns ip6tables -P FORWARD DROP
    ipv6_chain=yes
fi

# The docker CLI reaches berthd over its socket; berthd lives in the namespace.
ACC_LAUNCHER+=(nsenter --net="$nsfile" --)
use_daemon main

import_web_image "hello beside dockerd"
docker network create nd_net >/dev/null
net_id="$(docker network inspect -f '{{.Id}}' nd_net)"
bridge="bt-${net_id:0:12}"

step "two containers on a user network reach each other; a published port answers"
# As if DOCKER-USER had come after the network (dockerd started later): the
# next container's connect puts the accepts back.
handles="$(in_ns nft -a list chain ip filter DOCKER-USER | sed -n "s/.*berth:$bridge\".*# handle \([0-9]*\)$/\1/p")"
[[ -n $handles ]] || fail "no accepts for $bridge after the network's creation"
for handle in $handles; do in_ns nft delete rule ip filter DOCKER-USER handle "$handle"; done
docker run -d --name web --network nd_net -p 8080:80 bb:test httpd -f -p 80 -h /www >/dev/null
rules="$(in_ns nft list chain ip filter DOCKER-USER)"
expect_eq "accepts for $bridge" 2 "$(grep -c "comment \"berth:$bridge\"" <<<"$rules")"
out="$(docker run --rm --network nd_net bb:test wget -T 3 -qO- http://web/ 2>&1)" ||
    fail "a container could not reach web across $bridge: $out"
expect_eq "container to container" "hello beside dockerd" "$out"
out="$(in_ns timeout 5 "$BUSYBOX" wget -T 3 -qO- http://127.0.0.1:8080/ 2>&1)" || fail "127.0.0.1:8080: $out"
expect_eq "published port" "hello beside dockerd" "$out"
gateway="$(docker network inspect -f '{{(index .IPAM.Config 0).Gateway}}' nd_net)"
out="$(docker run --rm --network nd_net bb:test wget -T 3 -qO- "http://$gateway:8080/" 2>&1)" ||
    fail "hairpin through $gateway:8080: $out"

step "the default bridge forwards too"
docker run -d --name web0 bb:test httpd -f -p 80 -h /www >/dev/null
ip0="$(docker inspect -f '{{.NetworkSettings.IPAddress}}' web0)"
out="$(docker run --rm bb:test wget -T 3 -qO- "http://$ip0/" 2>&1)" || fail "default bridge: $out"

step "isolation still holds: the default bridge cannot reach the user network"
ip_web="$(docker inspect -f '{{(index .NetworkSettings.Networks "nd_net").IPAddress}}' web)"
out="$(docker run --rm bb:test wget -T 2 -qO- "http://$ip_web/" 2>&1)" && fail "bridge reached nd_net: $out"

if [[ -n $ipv6_chain ]]; then
    step "IPv6 through a bridge: berthd's accepts in ip6tables' DOCKER-USER too"
    ula="fd$(printf '%02x' $((RANDOM % 255 + 1))):$(printf '%x' $((RANDOM % 65535 + 1)))::"
    docker network create --ipv6 --subnet "${ula}/64" nd_six >/dev/null
    six="bt-$(docker network inspect -f '{{.Id}}' nd_six | cut -c1-12)"
    rules6="$(in_ns nft list chain ip6 filter DOCKER-USER)"
    expect_eq "ip6 accepts for $six" 2 "$(grep -c "comment \"berth:$six\"" <<<"$rules6")"
    expect_contains "ip6 FORWARD policy" "policy drop" "$(in_ns nft list chain ip6 filter FORWARD)"
    docker run -d --name web6 --network nd_six bb:test httpd -f -p 80 -h /www >/dev/null
    ip6_web="$(docker inspect -f '{{.NetworkSettings.Networks.nd_six.GlobalIPv6Address}}' web6)"
    out="$(docker run --rm --network nd_six bb:test wget -T 3 -qO- "http://[$ip6_web]/" 2>&1)" ||
        fail "a container could not reach web6 over IPv6 across $six: $out"
    expect_eq "IPv6 container to container" "hello beside dockerd" "$out"
    docker rm -f web6 >/dev/null
    docker network rm nd_six >/dev/null
    [[ "$(in_ns nft list chain ip6 filter DOCKER-USER)" != *"berth:$six"* ]] || fail "ip6 rules of $six left"
fi

step "the rules go with the network, and a killed berthd's are pruned at start"
docker rm -f web web0 >/dev/null
docker network rm nd_net >/dev/null
[[ "$(in_ns nft list chain ip filter DOCKER-USER)" != *"berth:$bridge"* ]] || fail "rules of $bridge left"
[[ -z $ipv6_chain || "$(in_ns nft list chain ip6 filter DOCKER-USER)" != *"berth:$bridge"* ]] ||
    fail "ip6 rules of $bridge left"
docker network create nd_two >/dev/null
two="bt-$(docker network inspect -f '{{.Id}}' nd_two | cut -c1-12)"
grep -q "berth:$two" <<<"$(in_ns nft list chain ip filter DOCKER-USER)" || fail "no rules for $two"
# A bridge a killed berthd had, gone since (its rule names no link now).
in_ns nft insert rule ip filter DOCKER-USER iifname bt-0dead0dead0 accept comment '"berth:bt-0dead0dead0"'
[[ -z $ipv6_chain ]] ||
    in_ns nft insert rule ip6 filter DOCKER-USER iifname bt-0dead0dead0 accept comment '"berth:bt-0dead0dead0"'
stop_berthd main KILL
use_daemon main
rules="$(in_ns nft list chain ip filter DOCKER-USER)"
[[ $rules != *"berth:bt-0dead0dead0"* ]] || fail "the stale rule was kept: $rules"
if [[ -n $ipv6_chain ]]; then
    rules6="$(in_ns nft list chain ip6 filter DOCKER-USER)"
    [[ $rules6 != *"berth:bt-0dead0dead0"* ]] || fail "the stale ip6 rule was kept: $rules6"
    expect_eq "ip6 accepts for $two after the restart" 2 "$(grep -c "comment \"berth:$two\"" <<<"$rules6")"
fi
expect_eq "accepts for $two after the restart" 2 "$(grep -c "comment \"berth:$two\"" <<<"$rules")"
docker network rm nd_two >/dev/null
echo "PASS"
