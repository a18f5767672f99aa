#!/usr/bin/env bash
# Networks, volumes and containers under a random sequence of docker commands
# (the standards' "test sequences, not only verbs": containers share volumes and
# networks): network create/rm/prune/connect/disconnect, volume create/rm
# (with and without -f)/prune (with and without -a), run with a named and an
# anonymous volume on a user network or the default bridge, stop, kill, start,
# rm (with and without -v), and reading a volume through a container. After
# every step:
#   - every container's named volumes and every running container's networks
#     are listed (nothing in use was removed);
#   - every volume made here still holds the file written into it, as seen from
#     the host and, for a running container, from inside it;
#   - on each user network, the running containers the engine lists are the
#     kernel's: one veth on the network's bridge each, distinct addresses in its
#     subnet; a random pair of them resolves and reaches each other by name.
# At the end, with everything removed and pruned, no bridge, veth, nft table or
# volume directory is left. BERTH_MODEL_SEED picks the sequence (printed, to
# replay a failure), BERTH_MODEL_STEPS its length (default 60).
#   resource_model_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
acc_setup "$@"
need_busybox
need_tools ip nft jq
use_daemon main
data="$(data_root_of main)"

seeded_sequence BERTH_MODEL_SEED BERTH_MODEL_STEPS 60
steps=$length

make_busybox_rootfs "$ACC_TMP/rootfs"
tar -C "$ACC_TMP/rootfs" -cf "$ACC_TMP/rootfs.tar" .
docker import -c 'CMD ["/bin/sh"]' "$ACC_TMP/rootfs.tar" bb:model >/dev/null || fail "docker import failed"

tag="$(acc_unique_name)"
networks=("${tag}n0" "${tag}n1" "${tag}n2")
volumes=("${tag}v0" "${tag}v1" "${tag}v2" "${tag}v3")
declare -A marker=()  # volume -> the word written into it here
declare -A network_ids=() container_ids=()
containers=()         # every container made (some may be gone)
history=()
made=0

pick() { printf '%s' $((RANDOM % $1)); }
any_of() { local -n list=$1; printf '%s' "${list[$(pick ${#list[@]})]}"; }
run_step() { # WHAT COMMAND...: refusals are part of the game; only the invariants decide
    local what=$1 out status=0
    shift
    out="$(timeout 60 "$@" 2>&1)" || status=$?
    history+=("$what: exit $status ${out:0:160}")
    return $status
}
fail_with_history() {
    printf 'BERTH_MODEL_SEED=%s; the last steps:\n' "$seed" >&2
    printf '  %s\n' "${history[@]: -12}" >&2
    fail "$1"
}
listed_volumes() { docker volume ls -q | sort; }
mountpoint_of() { docker volume inspect -f '{{.Mountpoint}}' "$1"; }

step_once() {
    local net vol c out
    case $(pick 14) in
    0) net=$(any_of networks)
       local -a internal=()
       ((RANDOM % 4)) || internal=(--internal)
       run_step "network create ${internal[*]} $net" docker network create "${internal[@]}" "$net" &&
           network_ids[$net]="$(docker network inspect -f '{{.Id}}' "$net")" ;;
    1) net=$(any_of networks); run_step "network rm $net" docker network rm "$net" ;;
    2) run_step "network prune" docker network prune -f ;;
    3) vol=$(any_of volumes)
       if ! grep -qx "$vol" <<<"$(listed_volumes)"; then
           run_step "volume create $vol" docker volume create "$vol" || return 0
           marker[$vol]="w$RANDOM"
           echo "${marker[$vol]}" >"$(mountpoint_of "$vol")/marker"
       fi ;;
    4) vol=$(any_of volumes)
       local -a force=()
       ((RANDOM % 2)) && force=(-f)
       run_step "volume rm ${force[*]} $vol" docker volume rm "${force[@]}" "$vol" && unset "marker[$vol]" ;;
    5) if ((RANDOM % 2)); then run_step "volume prune -a" docker volume prune -af
       else run_step "volume prune" docker volume prune -f; fi
       for vol in "${!marker[@]}"; do grep -qx "$vol" <<<"$(listed_volumes)" || unset "marker[$vol]"; done ;;
    6 | 7)
        c="${tag}c$made"
        made=$((made + 1))
        local -a on=(--network bridge)
        ((RANDOM % 3)) && on=(--network "$(any_of networks)")
        vol=$(any_of volumes)
        if run_step "run $c ${on[*]} -v $vol:/data -v /anon" \
            docker run -d --name "$c" "${on[@]}" -v "$vol:/data" -v /anon bb:model sleep 300; then
            containers+=("$c")
            container_ids[$c]="$(docker inspect -f '{{.Id}}' "$c")"
            # A volume the run made is new and empty: give it its word too.
            [[ -n ${marker[$vol]:-} ]] || { marker[$vol]="w$RANDOM"; echo "${marker[$vol]}" >"$(mountpoint_of "$vol")/marker"; }
        else
            docker rm -f "$c" >/dev/null 2>&1 || true # created but not started (a missing network)
        fi ;;
    8) ((${#containers[@]})) || return 0
       c=$(any_of containers)
       if ((RANDOM % 2)); then run_step "stop $c" docker stop -t 1 "$c"; else run_step "kill $c" docker kill "$c"; fi ;;
    9) ((${#containers[@]})) || return 0
       c=$(any_of containers); run_step "start $c" docker start "$c" ;;
    10) ((${#containers[@]})) || return 0
        c=$(any_of containers)
        local -a with=()
        ((RANDOM % 2)) && with=(-v)
        run_step "rm -f ${with[*]} $c" docker rm -f "${with[@]}" "$c" ;;
    11) ((${#containers[@]})) || return 0
        c=$(any_of containers); net=$(any_of networks)
        run_step "network connect $net $c" docker network connect "$net" "$c" ;;
    12) ((${#containers[@]})) || return 0
        c=$(any_of containers); net=$(any_of networks)
        run_step "network disconnect $net $c" docker network disconnect "$net" "$c" ;;
    *) ((${#containers[@]})) || return 0
       c=$(any_of containers)
       vol="$(docker inspect -f '{{range .Mounts}}{{if eq .Destination "/data"}}{{.Name}}{{end}}{{end}}' "$c" 2>/dev/null)" ||
           return 0
       [[ -n ${marker[$vol]:-} && "$(docker inspect -f '{{.State.Running}}' "$c")" == true ]] || return 0
       out="$(docker exec "$c" cat /data/marker 2>&1)" || fail_with_history "reading /data in $c: $out"
       [[ $out == "${marker[$vol]}" ]] ||
           fail_with_history "$c reads '$out' in its volume $vol, where '${marker[$vol]}' was written"
       history+=("$c read its volume $vol") ;;
    esac
}

check_volumes() {
    local listed vol out
    listed="$(listed_volumes)"
    for vol in "${!marker[@]}"; do
        grep -qx "$vol" <<<"$listed" || fail_with_history "volume $vol is gone without a step removing it"
        out="$(cat "$(mountpoint_of "$vol")/marker" 2>&1)" || fail_with_history "volume $vol's file: $out"
        [[ $out == "${marker[$vol]}" ]] || fail_with_history "volume $vol holds '$out', not '${marker[$vol]}'"
    done
}

check_containers() {
    local -a ids
    mapfile -t ids < <(docker ps -aq --no-trunc)
    ((${#ids[@]})) || return 0
    local inspected listed_nets missing
    inspected="$(docker inspect "${ids[@]}")" || fail_with_history "docker inspect of every container failed"
    missing="$(jq -r '.[] | .Name as $c | .Mounts[] | select(.Type == "volume") | "\(.Name) \($c)"' <<<"$inspected" |
        while read -r vol c; do docker volume inspect "$vol" >/dev/null 2>&1 || echo "$vol (used by $c)"; done)"
    [[ -z $missing ]] || fail_with_history "a volume in use was removed: $missing"
    listed_nets="$(docker network ls --format '{{.Name}}')"
    missing="$(jq -r '.[] | select(.State.Running) | .Name as $c | .NetworkSettings.Networks | keys[] | "\(.) \($c)"' \
        <<<"$inspected" | while read -r net c; do grep -qx "$net" <<<"$listed_nets" || echo "$net (of $c)"; done)"
    [[ -z $missing ]] || fail_with_history "a running container's network is not listed: $missing"
}

check_networks() {
    local net id attached veths addresses subnet names a b
    for net in "${networks[@]}"; do
        id="$(docker network inspect -f '{{.Id}}' "$net" 2>/dev/null)" || continue
        ip link show "bt-${id:0:12}" >/dev/null 2>&1 || fail_with_history "network $net has no bridge bt-${id:0:12}"
        attached="$(docker network inspect "$net" | jq -r '.[0].Containers // {} | length')"
        veths="$(ip -o link show master "bt-${id:0:12}" | wc -l)"
        [[ $attached == "$veths" ]] ||
            fail_with_history "network $net lists $attached containers, its bridge has $veths veths"
        addresses="$(docker network inspect "$net" | jq -r '(.[0].Containers // {})[].IPv4Address')"
        [[ -z $addresses || "$(sort <<<"$addresses" | uniq -d)" == "" ]] ||
            fail_with_history "network $net gives one address twice: $addresses"
        # The pair must both be running: the engine lists only running endpoints.
        mapfile -t names < <(docker network inspect "$net" | jq -r '(.[0].Containers // {})[].Name' | shuf -n 2 --random-source=<(yes "$RANDOM"))
        ((${#names[@]} == 2)) || continue
        a=${names[0]} b=${names[1]}
        docker exec "$a" ping -c1 -W2 "$b" >/dev/null 2>&1 ||
            fail_with_history "$a cannot reach $b by name on $net: $(docker exec "$a" cat /etc/resolv.conf 2>&1 | head -3)"
    done
}

for ((i = 0; i < steps; i++)); do
    step_once || true # a refused step is part of the game
    check_volumes
    check_containers
    check_networks
done
step "$steps steps of seed $seed ($made containers run)"

step "everything removed and pruned: nothing is left"
for c in "${containers[@]}"; do docker rm -f -v "$c" >/dev/null 2>&1 || true; done
docker network prune -f >/dev/null || fail "docker network prune"
docker volume prune -af >/dev/null || fail "docker volume prune -a"
expect_eq "containers left" "" "$(docker ps -aq)"
expect_eq "volumes left" "" "$(docker volume ls -q)"
expect_eq "user networks left" "" "$(docker network ls --filter "name=$tag" -q)"
expect_eq "volume directories left" "" "$(find "$data/volumes" -mindepth 1 -maxdepth 1 -type d 2>/dev/null)"
for net in "${!network_ids[@]}"; do
    id=${network_ids[$net]}
    ip link show "bt-${id:0:12}" >/dev/null 2>&1 && fail "bridge bt-${id:0:12} of $net left behind"
    nft list table ip "berth_bt_${id:0:12}" >/dev/null 2>&1 && fail "nft table of $net left behind"
done
for c in "${!container_ids[@]}"; do
    nft list table ip "$(port_table_of "${container_ids[$c]}")" >/dev/null 2>&1 && fail "nft table of $c left behind"
done
echo "PASS"
