#!/usr/bin/env bash
# Published ports with the real docker CLI against berthd: -p with a host IP,
# -p PORT/udp (held socket and rule),
# -p on every address, -p with a random port, -P with an image's EXPOSE, the
# host port held by berthd ("port is already allocated", exit 125), docker
# port / ps / inspect, hairpin from another container through the bridge's
# gateway, a user network, a kill -9 of berthd that keeps ports working, and
# nothing left (nft table, socket) after rm -f. Traffic stays on this machine:
# the host's loopback and the test daemon's bridge.
#   ports_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
command -v nft >/dev/null || skip "nft is not installed"
command -v ss >/dev/null || skip "ss (iproute2) is not installed"
use_daemon main

page="hello from web"
import_web_image "$page"

listening() { [[ -n "$(ss -Htln "sport = :$1")" ]]; }

read -r p1 p2 p3 p4 <<<"$(free_ports 4)"

step "-p 127.0.0.1:P1:80 and -p P2:80 answer on 127.0.0.1"
web1="$(docker run -d --name web1 -p "127.0.0.1:$p1:80" -p "$p2:80" bb:test "${WEB_HTTPD[@]}")"
expect_page "127.0.0.1:P1" "127.0.0.1:$p1" "$page"
expect_page "127.0.0.1:P2" "127.0.0.1:$p2" "$page"
listening "$p1" || fail "berthd holds no socket on $p1"
listening "$p2" || fail "berthd holds no socket on $p2"
nft list table ip "$(port_table_of "$web1")" >/dev/null 2>&1 || fail "no nft table for web1"

step "docker port, docker ps and inspect show them as Docker does"
# A port with no host IP is on [::] too where the host has IPv6 (Docker 27+;
# network_ipv6_ports_test.sh tests it).
expected="$(printf '0.0.0.0:%s\n127.0.0.1:%s\n' "$p2" "$p1")"
[[ $(cat /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null) == 0 ]] && expected+=$'\n'"[::]:$p2"
expect_eq "docker port" "$(sort <<<"$expected" | tr '\n' ',')" "$(docker port web1 80 | sort | tr '\n' ',')"
ports="$(docker ps --filter name=web1 --format '{{.Ports}}')"
expect_contains "ps" "127.0.0.1:$p1->80/tcp" "$ports"
expect_contains "ps" "0.0.0.0:$p2->80/tcp" "$ports"
bindings="$(docker inspect -f '{{json .HostConfig.PortBindings}}' web1)"
expect_contains "PortBindings" "{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"$p1\"}" "$bindings"
expect_contains "PortBindings" "{\"HostIp\":\"\",\"HostPort\":\"$p2\"}" "$bindings"
settings="$(docker inspect -f '{{json .NetworkSettings.Ports}}' web1)"
expect_contains "NetworkSettings.Ports" "\"80/tcp\":[" "$settings"
expect_contains "NetworkSettings.Ports" "{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"$p2\"}" "$settings"

step "a port already published: Docker's error and exit code 125"
status=0
out="$(docker run -d --name web_dup -p "$p2:80" bb:test "${WEB_HTTPD[@]}" 2>&1)" || status=$?
expect_eq "exit code" "125" "$status"
expect_contains "error" "Bind for 0.0.0.0:$p2 failed: port is already allocated" "$out"
expect_contains "error" "driver failed programming external connectivity on endpoint web_dup" "$out"
status="$(curl -s -o /dev/null -w '%{http_code}' -X POST --unix-socket "$(sock_of main)" \
    http://berthd/containers/web_dup/start)"
expect_eq "HTTP status of the start" "500" "$status"
docker rm -f web_dup >/dev/null

step "hairpin: another container reaches web1 through the bridge gateway's published port"
gateway="$(docker inspect -f '{{.NetworkSettings.Gateway}}' web1)"
[[ -n $gateway ]] || fail "web1 has no gateway"
out="$(docker run --rm bb:test wget -qO- -T 5 "http://$gateway:$p2/")" || fail "hairpin fetch failed: $out"
expect_eq "hairpin" "hello from web" "$out"

step "the host reaches P2 on its own addresses too; P1 (bound to 127.0.0.1) only on loopback"
expect_page "gateway address from the host" "$gateway:$p2" "$page"
host_ip="$(ip -4 -o addr show scope global | awk '{split($4, a, "/"); print a[1]; exit}')"
if [[ -n $host_ip && $host_ip != "$gateway" ]]; then expect_page "host address $host_ip" "$host_ip:$p2" "$page"; fi
fetch_page "$gateway:$p1" >/dev/null && fail "a port published on 127.0.0.1 answered on $gateway"

step "-p 80: a random port from the ephemeral range"
web2="$(docker run -d --name web2 -p 80 -p "$p4:53/udp" bb:test "${WEB_HTTPD[@]}")"
# udp too: on [::] where the host has IPv6 (berthd's proxy carries it to the IPv4-only container).
expected_udp="0.0.0.0:$p4"
[[ $(cat /proc/sys/net/ipv6/conf/all/disable_ipv6 2>/dev/null) == 0 ]] && expected_udp+=$'\n'"[::]:$p4"
expect_eq "udp in docker port" "$(sort <<<"$expected_udp" | tr '\n' ',')" "$(docker port web2 53/udp | sort | tr '\n' ',')"
[[ -n "$(ss -Huln "sport = :$p4")" ]] || fail "berthd holds no udp socket on $p4"
expect_contains "udp rule" "udp dport $p4 dnat to" "$(nft list table ip "$(port_table_of "$web2")")"
random="$(docker port web2 80/tcp | head -n1)"
random_port="${random##*:}"
read -r low high </proc/sys/net/ipv4/ip_local_port_range
((random_port >= low && random_port <= high)) || fail "random port $random_port outside $low-$high"
expect_page "random port" "127.0.0.1:$random_port" "$page"

step "-P publishes an image's EXPOSE"
docker commit --change 'EXPOSE 80/tcp' web1 bbexp:test >/dev/null
docker run -d --name web3 -P bbexp:test "${WEB_HTTPD[@]}" >/dev/null
published="$(docker port web3 80/tcp | head -n1)"
[[ -n $published ]] || fail "-P published nothing"
expect_page "-P" "127.0.0.1:${published##*:}" "$page"

step "a user network publishes too"
docker network create pnet >/dev/null
web4="$(docker run -d --name web4 --network pnet -p "127.0.0.1:$p3:80" bb:test "${WEB_HTTPD[@]}")"
expect_page "user network" "127.0.0.1:$p3" "$page"

step "kill -9 of berthd, then a restart: the ports still answer and are held again"
# A table left by a berthd that died between applying it and saving the
# record: a restarted berthd removes it.
stale="$(docker create --name stale -p 80 bb:test true)"
nft add table ip "$(port_table_of "$stale")"
stop_berthd main KILL
start_berthd main
nft list table ip "$(port_table_of "$stale")" >/dev/null 2>&1 && fail "the stale table of a stopped container survived"
docker rm stale >/dev/null
expect_page "after restart" "127.0.0.1:$p2" "$page"
expect_page "user network after restart" "127.0.0.1:$p3" "$page"
wait_for 5 "socket on $p2 held again" listening "$p2"
status=0
out="$(docker run -d --name web_dup2 -p "$p2:80" bb:test "${WEB_HTTPD[@]}" 2>&1)" || status=$?
expect_eq "exit code after restart" "125" "$status"
expect_contains "error after restart" "port is already allocated" "$out"
docker rm -f web_dup2 >/dev/null

step "stop unpublishes; start publishes again"
docker stop -t 1 web4 >/dev/null
nft list table ip "$(port_table_of "$web4")" >/dev/null 2>&1 && fail "web4's table survived its stop"
listening "$p3" && fail "the socket on $p3 survived web4's stop"
docker start web4 >/dev/null
expect_page "after start" "127.0.0.1:$p3" "$page"

step "rm -f leaves no nft table and no socket"
docker rm -f web1 web2 web3 web4 >/dev/null
for id in "$web1" "$web2" "$web4"; do
    nft list table ip "$(port_table_of "$id")" >/dev/null 2>&1 && fail "table $(port_table_of "$id") left behind"
done
for port in "$p1" "$p2" "$p3" "$random_port"; do
    listening "$port" && fail "a socket on $port left behind"
done
[[ -z "$(ss -Huln "sport = :$p4")" ]] || fail "the udp socket on $p4 left behind"
docker network rm pnet >/dev/null
echo "PASS ports"
