#!/usr/bin/env bash
# Published ports over IPv6 (Docker 27+) with the real docker CLI against
# berthd: `-p P:80` answers on [::1] as on 127.0.0.1, for a container on an
# --ipv6 network (DNAT in the container's ip6 table; ::1 through berthd's
# proxy) and for an IPv4-only one on the default bridge (the proxy, as
# docker-proxy carries [::] to the container's IPv4); an explicit [::1]
# binding; udp on [::1] through the proxy too (a datagram and its reply, to
# an IPv4-only container and to one with IPv6); inspect / docker port /
# docker ps showing 0.0.0.0 and [::] as Docker does; "port is already allocated" for [::]; a kill -9 of berthd that
# keeps them working; nothing left after rm (ip6 table, sockets). Traffic
# stays on this machine: the host's loopback and the test's own bridges, with
# ULA addresses of a random fdXX:: prefix.
#   network_ipv6_ports_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
need_tools nft ss nsenter python3
need_ipv6
grep -q 'inet6 ::1/128' <<<"$(ip -6 addr show dev lo)" || skip "lo has no ::1"

keep_ipv6_forwarding
use_daemon main

page="hello from web"
import_web_image "$page"

listening6() { [[ -n "$(ss -Htln6 "sport = :$1")" ]]; }

ula="fd$(printf '%02x' $((RANDOM % 255 + 1))):$(printf '%x' $((RANDOM % 65535 + 1))):$(printf '%x' $((RANDOM % 65535 + 1)))"
subnet4="10.$((RANDOM % 200 + 20)).$((RANDOM % 250)).0/24"
read -r p1 p2 p3 p4 p5 p6 <<<"$(free_ports 6)"

# udp_echo_in CONTAINER: a udp server on port 9999 (both families) in the
# container's network namespace (busybox has none), answering "pong:DATA".
udp_echo_in() {
    local pid
    pid="$(docker inspect -f '{{.State.Pid}}' "$1")"
    nsenter --net="/proc/$pid/ns/net" python3 -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
s.bind(("::", 9999))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(b"pong:" + data, peer)
' &
    track_helper $!
    UDP_ECHO_PIDS+=($!)
}
UDP_ECHO_PIDS=()

# udp_exchange HOST PORT TEXT: sends TEXT from the host, prints the answer ("" after 2 s).
udp_exchange() {
    python3 -c '
import socket, sys
family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(family, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(sys.argv[3].encode(), (sys.argv[1], int(sys.argv[2])))
try:
    print(s.recv(2048).decode())
except socket.timeout:
    print("")
' "$@"
}
udp_answers() { [[ "$(udp_exchange "$1" "$2" "$3")" == "pong:$3" ]]; } # HOST PORT TEXT

step "-p P1:80 on an --ipv6 network: 127.0.0.1 and [::1] both answer"
docker network create --ipv6 --subnet "$subnet4" --subnet "$ula:1::/64" pnet6 >/dev/null
web6="$(docker run -d --name web6 --network pnet6 -p "$p1:80" bb:test "${WEB_HTTPD[@]}")"
expect_page "127.0.0.1 (IPv6 network)" "127.0.0.1:$p1" "$page"
expect_page "[::1] (IPv6 network)" "[::1]:$p1" "$page"
listening6 "$p1" || fail "berthd holds no IPv6 socket on $p1"
table6="$(nft list table ip6 "$(port_table_of "$web6")" 2>&1)" || fail "no ip6 table for web6: $table6"
expect_contains "ip6 DNAT" "tcp dport $p1 dnat to [$ula:1::2]:80" "$table6"
expect_contains "::1 left to the proxy" "ip6 daddr != ::1" "$table6"

step "the host reaches it on the bridge's IPv6 address (DNAT), another container too (hairpin)"
expect_page "[$ula:1::1] from the host" "[$ula:1::1]:$p1" "$page"
out="$(timeout 30 docker run --rm --network pnet6 bb:test timeout 10 wget -qO- "http://[$ula:1::1]:$p1/")" ||
    fail "hairpin over IPv6 failed: $out"
expect_eq "IPv6 hairpin" "hello from web" "$out"

step "-p P2:80 on the default bridge (IPv4-only container): [::1] answers through the proxy"
web4="$(docker run -d --name web4 -p "$p2:80" bb:test "${WEB_HTTPD[@]}")"
expect_eq "no IPv6 in the container" "" "$(docker inspect -f '{{.NetworkSettings.GlobalIPv6Address}}' web4)"
expect_page "127.0.0.1 (default bridge)" "127.0.0.1:$p2" "$page"
expect_page "[::1] (default bridge)" "[::1]:$p2" "$page"
nft list table ip6 "$(port_table_of "$web4")" >/dev/null 2>&1 && fail "an ip6 table for a container without IPv6"

step "an explicit [::1] binding answers on [::1] only"
web_lo="$(docker run -d --name web_lo -p "[::1]:$p3:80" bb:test "${WEB_HTTPD[@]}")"
expect_page "[::1] binding" "[::1]:$p3" "$page"
fetch_page "127.0.0.1:$p3" >/dev/null && fail "a port published on [::1] answered on 127.0.0.1"
expect_eq "docker port of [::1]" "[::1]:$p3" "$(docker port web_lo 80)"

step "an explicit 0.0.0.0 binding is IPv4 only (Docker 27+)"
docker run -d --name web_v4 -p "0.0.0.0:$p4:80" bb:test "${WEB_HTTPD[@]}" >/dev/null
expect_page "0.0.0.0 binding" "127.0.0.1:$p4" "$page"
expect_eq "docker port of 0.0.0.0" "0.0.0.0:$p4" "$(docker port web_v4 80)"
fetch_page "[::1]:$p4" >/dev/null && fail "a port published on 0.0.0.0 answered on [::1]"
docker rm -f web_v4 >/dev/null

step "docker port, docker ps and inspect show 0.0.0.0 and [::] as Docker does"
expect_eq "docker port" "0.0.0.0:$p1,[::]:$p1," "$(docker port web6 80 | tr '\n' ',')"
ports="$(docker ps --filter name=web6 --format '{{.Ports}}')"
expect_contains "ps, IPv4" "0.0.0.0:$p1->80/tcp" "$ports"
[[ $ports == *"[::]:$p1->80/tcp"* || $ports == *":::$p1->80/tcp"* ]] || fail "ps shows no IPv6 binding: $ports"
expect_eq "NetworkSettings.Ports" "[{\"HostIp\":\"0.0.0.0\",\"HostPort\":\"$p1\"},{\"HostIp\":\"::\",\"HostPort\":\"$p1\"}]" \
    "$(docker inspect -f '{{json (index .NetworkSettings.Ports "80/tcp")}}' web6)"
list="$(curl -s --unix-socket "$(sock_of main)" "http://berthd/containers/json?filters=%7B%22name%22%3A%5B%22web4%22%5D%7D" |
    jq -c '[.[0].Ports[] | {IP, PublicPort}]')"
expect_eq "the list's Ports" "[{\"IP\":\"0.0.0.0\",\"PublicPort\":$p2},{\"IP\":\"::\",\"PublicPort\":$p2}]" "$list"

step "a port already published on [::]: Docker's error, exit code 125"
status=0
out="$(docker run -d --name dup6 -p "[::]:$p2:80" bb:test "${WEB_HTTPD[@]}" 2>&1)" || status=$?
expect_eq "exit code" "125" "$status"
expect_contains "error" "Bind for :::$p2 failed: port is already allocated" "$out"
docker rm -f dup6 >/dev/null

step "udp on [::1]: to an IPv4-only container (default bridge) and to one with IPv6, through the proxy"
udp4="$(docker run -d --name udp4 -p "$p5:9999/udp" bb:test sleep 600)"
udp6="$(docker run -d --name udp6 --network pnet6 -p "[::1]:$p6:9999/udp" bb:test sleep 600)"
udp_echo_in udp4
udp_echo_in udp6
wait_for 5 "the udp server in udp4 (over IPv4)" udp_answers 127.0.0.1 "$p5" v4
wait_for 5 "udp to [::1] (IPv6 container)" udp_answers ::1 "$p6" "to v6"
[[ -z "$(udp_exchange 127.0.0.1 "$p6" v4)" ]] || fail "a udp port published on [::1] answered on 127.0.0.1"
expect_eq "udp to [::1] (IPv4-only container)" "pong:over v6" "$(udp_exchange ::1 "$p5" "over v6")"
expect_eq "a second datagram" "pong:again" "$(udp_exchange ::1 "$p5" again)"
expect_eq "docker port of udp4" "0.0.0.0:$p5,[::]:$p5," "$(docker port udp4 9999/udp | tr '\n' ',')"
kill "${UDP_ECHO_PIDS[@]}" 2>/dev/null
wait "${UDP_ECHO_PIDS[@]}" 2>/dev/null || true # killed: 143
docker rm -f udp4 udp6 >/dev/null
[[ -z "$(udp_exchange ::1 "$p5" gone)" ]] || fail "[::1]:$p5/udp still answers after rm"
for port in "$p5" "$p6"; do
    [[ -z "$(ss -Hauln "sport = :$port")" ]] || fail "a udp socket on $port left behind: $(ss -Hauln "sport = :$port")"
done
for id in "$udp4" "$udp6"; do
    nft list table ip6 "$(port_table_of "$id")" >/dev/null 2>&1 && fail "ip6 table $(port_table_of "$id") left behind"
    nft list table ip "$(port_table_of "$id")" >/dev/null 2>&1 && fail "table $(port_table_of "$id") left behind"
done

step "kill -9 of berthd, then a restart: [::1] still answers, the sockets are held again"
stop_berthd main KILL
start_berthd main
expect_page "[::1] after restart (IPv6 network)" "[::1]:$p1" "$page"
expect_page "[::1] after restart (default bridge)" "[::1]:$p2" "$page"
wait_for 5 "IPv6 socket on $p2 held again" listening6 "$p2"

step "stop, then rm -f: no ip6 table, no IPv6 socket left"
docker stop -t 1 web6 >/dev/null
for family in ip ip6; do
    nft list table "$family" "$(port_table_of "$web6")" >/dev/null 2>&1 && fail "web6's $family table survived its stop"
done
listening6 "$p1" && fail "the IPv6 socket on $p1 survived web6's stop"
docker start web6 >/dev/null
expect_page "[::1] after start" "[::1]:$p1" "$page"
docker rm -f web6 web4 web_lo >/dev/null
for id in "$web6" "$web4" "$web_lo"; do
    nft list table ip6 "$(port_table_of "$id")" >/dev/null 2>&1 && fail "ip6 table $(port_table_of "$id") left behind"
    nft list table ip "$(port_table_of "$id")" >/dev/null 2>&1 && fail "table $(port_table_of "$id") left behind"
done
for port in "$p1" "$p2" "$p3"; do
    [[ -z "$(ss -Htln "sport = :$port")" ]] || fail "a socket on $port left behind: $(ss -Htln "sport = :$port")"
done
fetch_page "[::1]:$p2" >/dev/null && fail "[::1]:$p2 still answers after rm"
docker network rm pnet6 >/dev/null
echo "PASS"
