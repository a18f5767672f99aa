#!/usr/bin/env bash
# What a container asks of its endpoint beyond an address, with the real docker
# CLI, docker compose and `berth compose` against berthd: `--mac-address` (on the
# default bridge and a user network, before and after start, and through
# `docker network connect`), `--link-local-ip` (the interface carries it, inspect
# shows it), a bad MAC refused at create; compose's service and per-network
# `mac_address`, `link_local_ips`, `driver_opts`, and `priority` choosing the
# main network (NetworkMode, eth0).
#   network_endpoint_test.sh /path/to/berthd /path/to/berth
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/compose_lib.sh"
acc_setup "$1"
compose_needs "${2:-}"
command -v ip >/dev/null || skip "ip (iproute2) is not installed"
use_daemon main
compose_image

# mac_of CONTAINER [IFACE]: the MAC the kernel gives the container's interface.
mac_of() { docker exec "$1" cat "/sys/class/net/${2:-eth0}/address"; }
# inet_of CONTAINER [IFACE]: its IPv4 addresses with their prefixes, a line each.
inet_of() { docker exec "$1" ip -o -4 addr show dev "${2:-eth0}" | awk '{print $4}'; }
net="ep$(acc_unique_name)"
docker network create "$net" >/dev/null

step "--mac-address on the default bridge and on a user network"
docker run -d --name macd --mac-address 92:d0:c6:0a:29:33 bb:compose sleep 300 >/dev/null
expect_eq "the default bridge's eth0" "92:d0:c6:0a:29:33" "$(mac_of macd)"
expect_eq "inspect" "92:d0:c6:0a:29:33" "$(docker inspect -f '{{.NetworkSettings.Networks.bridge.MacAddress}}' macd)"
docker create --name macu --network "$net" --mac-address 92:d0:c6:0a:29:34 bb:compose sleep 300 >/dev/null
expect_eq "asked, shown before start" "92:d0:c6:0a:29:34" \
    "$(docker inspect -f "{{(index .NetworkSettings.Networks \"$net\").MacAddress}}" macu)"
docker start macu >/dev/null
expect_eq "a user network's eth0" "92:d0:c6:0a:29:34" "$(mac_of macu)"
docker restart -t 0 macu >/dev/null
expect_eq "kept across a restart" "92:d0:c6:0a:29:34" "$(mac_of macu)"
plain_mac="$(docker run --rm --network "$net" bb:compose cat /sys/class/net/eth0/address)"
[[ $plain_mac == 02:42:* ]] || fail "a container without --mac-address got '$plain_mac' (Docker's 02:42 + its IPv4)"

step "--link-local-ip: the interface carries it"
docker run -d --name ll --network "$net" --link-local-ip 169.254.10.10 bb:compose sleep 300 >/dev/null
expect_contains "eth0's addresses" "169.254.10.10/16" "$(inet_of ll)"
expect_eq "inspect's IPAMConfig" '["169.254.10.10"]' \
    "$(docker inspect -f "{{json (index .NetworkSettings.Networks \"$net\").IPAMConfig.LinkLocalIPs}}" ll)"

step "docker network connect --link-local-ip, and a MAC on the second network"
docker network connect --link-local-ip 169.254.20.20 bridge ll
expect_contains "eth1's addresses" "169.254.20.20/16" "$(inet_of ll eth1)"

step "bad values are refused at create (the CLI checks them too: sent raw), nothing made"
# create_raw ENDPOINT_JSON: POST /containers/create on $net; prints the body, then the status.
create_raw() {
    api_post_status main /containers/create "{\"Image\": \"bb:compose\", \"HostConfig\": {\"NetworkMode\": \"$net\"},
        \"NetworkingConfig\": {\"EndpointsConfig\": {\"$net\": $1}}}"
}
before="$(docker ps -aq | wc -l)"
out="$(create_raw '{"MacAddress": "92:d0:zz:0a:29:33"}')"
expect_eq "a bad MAC's status" 400 "${out##*$'\n'}"
expect_contains "a bad MAC" "invalid config for network $net: invalid MAC address 92:d0:zz:0a:29:33" "$out"
out="$(create_raw '{"IPAMConfig": {"LinkLocalIPs": ["169.254.1.300"]}}')"
expect_eq "a bad link-local address's status" 400 "${out##*$'\n'}"
expect_contains "a bad link-local address" "invalid link-local IP address: 169.254.1.300" "$out"
expect_eq "nothing made" "$before" "$(docker ps -aq | wc -l)"

write_project() {
    cat >"$dir/compose.yaml" <<YAML
services:
  web:
    image: bb:compose
    command: sleep 300
    mac_address: 92:d0:c6:0a:29:41
    networks:
      a:
        link_local_ips: [169.254.30.30]
        driver_opts: {com.example.note: "1"}
      b:
        priority: 10
      c:
        priority: 10
        mac_address: 92:d0:c6:0a:29:42
networks: {a: {}, b: {}, c: {}}
YAML
}

# check_project TOOL: web's main network is b (highest priority, then by name), with the service's MAC.
check_project() {
    local web="$project-web-1"
    expect_eq "$1: NetworkMode" "${project}_b" "$(docker inspect -f '{{.HostConfig.NetworkMode}}' "$web")"
    local main_ip
    main_ip="$(docker inspect -f "{{(index .NetworkSettings.Networks \"${project}_b\").IPAddress}}" "$web")"
    expect_contains "$1: eth0 is on b" "$main_ip/" "$(inet_of "$web" eth0)"
    expect_eq "$1: b's MAC is the service's" "92:d0:c6:0a:29:41" \
        "$(docker inspect -f "{{(index .NetworkSettings.Networks \"${project}_b\").MacAddress}}" "$web")"
    expect_eq "$1: c's MAC" "92:d0:c6:0a:29:42" \
        "$(docker inspect -f "{{(index .NetworkSettings.Networks \"${project}_c\").MacAddress}}" "$web")"
    local ifaces
    ifaces="$(docker exec "$web" ip -o link | awk -F': ' '{print $2}' | cut -d@ -f1 | tr '\n' ' ')"
    local iface found=""
    for iface in $ifaces; do
        [[ $iface == eth* ]] || continue
        [[ "$(mac_of "$web" "$iface")" == 92:d0:c6:0a:29:42 ]] && found=$iface
    done
    [[ -n $found ]] || fail "$1: no interface has c's MAC (interfaces: $ifaces)"
    expect_contains "$1: a's link-local address" "169.254.30.30/16" "$(docker exec "$web" ip -o -4 addr show)"
    # docker compose sends a network's driver_opts from 2.27 on (Debian 13 has 2.26).
    [[ $1 == "docker compose" ]] && return
    expect_eq "$1: a's DriverOpts" '{"com.example.note":"1"}' \
        "$(docker inspect -f "{{json (index .NetworkSettings.Networks \"${project}_a\").DriverOpts}}" "$web")"
}

# up_check_down NAME TOOL PREFIX: a new project brought up by TOOL (compose or theirs), checked, brought down.
up_check_down() {
    compose_project "$3"
    write_project
    "$2" up -d >/dev/null 2>&1 || fail "$1 up failed: $("$2" up -d 2>&1)"
    check_project "$1"
    "$2" down >/dev/null 2>&1 || fail "$1 down failed"
}

step "berth compose: mac_address, link_local_ips, driver_opts and priority"
up_check_down "berth compose" compose epc
if $have_docker_compose; then
    step "docker compose against berthd: the same"
    up_check_down "docker compose" theirs epd
fi

step "a service MAC that its main network contradicts is refused before anything is made"
compose_project epx
cat >"$dir/compose.yaml" <<YAML
services:
  web:
    image: bb:compose
    mac_address: 92:d0:c6:0a:29:51
    networks: {a: {mac_address: 92:d0:c6:0a:29:52}}
networks: {a: {}}
YAML
out="$(compose up -d 2>&1)" && fail "berth compose up accepted contradicting MACs"
expect_contains "the refusal" "the service-level mac_address should have the same value as network a" "$out"
expect_eq "nothing made" "" "$(docker ps -aq --filter "label=com.docker.compose.project=$project")"

echo "PASS"
