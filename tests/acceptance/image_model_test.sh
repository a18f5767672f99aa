#!/usr/bin/env bash
# The image store under a random sequence of docker commands (issue 14, part
# 1), with the real docker CLI and a real registry on loopback: import, commit,
# tag, rmi with and without -f, image prune with and without -a, save, load,
# push, pull, create and rm, over a few images sharing layers. After every step
# every image saves whole (docker save of them all) and a random one runs; at the
# end, with everything removed and pruned, no blob or snapshot is left.
# BERTH_MODEL_SEED picks the sequence (printed, to replay a failure),
# BERTH_MODEL_STEPS its length (default 100; a nightly run takes more);
# BERTH_MODEL_VERBOSE=1 prints every step and its outcome.
#   image_model_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$@"
need_busybox
registry_tools_or_skip
use_daemon main
data="$(data_root_of main)"
start_registry plain
reg="$(registry_addr plain)"

seeded_sequence BERTH_MODEL_SEED BERTH_MODEL_STEPS 100
steps=$length

# Two base layers: imports of the same one share it.
for variant in 0 1; do
    make_busybox_rootfs "$ACC_TMP/rootfs$variant"
    echo "$variant" >"$ACC_TMP/rootfs$variant/variant"
    tar -C "$ACC_TMP/rootfs$variant" -c . >"$ACC_TMP/base$variant.tar"
done
names=(m:1 m:2 n:1 "$reg/m:1" "$reg/p:1")
archives=()
containers=()
history=()

pick() { printf '%s' $((RANDOM % $1)); }
any_name() { printf '%s' "${names[$(pick ${#names[@]})]}"; }
any_image() {
    local -a ids
    mapfile -t ids < <(docker images -aq --no-trunc | sort -u)
    ((${#ids[@]} > 0)) || return 1
    printf '%s' "${ids[$(pick ${#ids[@]})]}"
}
# run_step WHAT COMMAND...: runs it, noting what it did and whether it failed.
# Refusals (conflicts, missing names) are part of the game: only the
# invariants decide.
run_step() {
    local what=$1 out status=0
    shift
    out="$(timeout 120 "$@" 2>&1)" || status=$?
    history+=("$what: exit $status ${out:0:160}")
}

step_once() {
    local image name out
    case $(pick 13) in
    0) name=$(any_name)
       run_step "import as $name" docker import "$ACC_TMP/base$(pick 2).tar" "$name" ;;
    1 | 2)
        image=$(any_image) || return 0
        name=$(any_name)
        out="$(timeout 30 docker run -d "$image" sh -c "echo $(pick 3) >/changed" 2>&1)" ||
            { history+=("run for commit of $image: $out"); return 0; }
        timeout 30 docker wait "$out" >/dev/null
        run_step "commit of $image as $name" docker commit "$out" "$name"
        docker rm "$out" >/dev/null ;;
    3) image=$(any_image) || return 0
       run_step "tag $image $(any_name)" docker tag "$image" "$(any_name)" ;;
    4 | 5)
        local -a force=()
        ((RANDOM % 2)) && force=(-f)
        case $(pick 3) in
        0) name=$(any_image) || return 0 ;;
        1) name=$(any_image) || return 0; name=${name:7:12} ;;
        *) name=$(any_name) ;;
        esac
        run_step "rmi ${force[*]} $name" docker rmi "${force[@]}" "$name" ;;
    6) if ((RANDOM % 2)); then run_step "prune -a" docker image prune -af; else run_step "prune" docker image prune -f; fi ;;
    7) image=$(any_image) || return 0
       local archive="$ACC_TMP/archive${#archives[@]}.tar"
       run_step "save $image" docker save -o "$archive" "$image"
       [[ ! -s $archive ]] || archives+=("$archive") ;;
    8) ((${#archives[@]} > 0)) || return 0
       run_step "load" docker load -i "${archives[$(pick ${#archives[@]})]}" ;;
    9) name="$reg/q$(pick 3):1"
       image=$(any_image) || return 0
       docker tag "$image" "$name" && run_step "push $name ($image)" docker push "$name" ;;
    10) local -a pullable=("$reg/q0:1" "$reg/q1:1" "$reg/q2:1" "$reg/m:1" "$reg/p:1")
        name=${pullable[$(pick ${#pullable[@]})]}
        run_step "pull $name" docker pull "$name" ;;
    11) image=$(any_image) || return 0
        out="$(timeout 30 docker create "$image" true 2>&1)" && containers+=("$out")
        history+=("create of $image: $out") ;;
    *) ((${#containers[@]} > 0)) || return 0
       local i=$(pick ${#containers[@]})
       docker rm -f "${containers[$i]}" >/dev/null
       history+=("rm ${containers[$i]}")
       containers=("${containers[@]:0:i}" "${containers[@]:i+1}") ;;
    esac
}

fail_with_history() {
    printf 'BERTH_MODEL_SEED=%s; the last steps:\n' "$seed" >&2
    printf '  %s\n' "${history[@]: -10}" >&2
    fail "$1"
}

check_invariants() {
    local -a ids
    mapfile -t ids < <(docker images -aq --no-trunc | sort -u)
    ((${#ids[@]} > 0)) || return 0
    local out
    out="$(timeout 120 docker save -o "$ACC_TMP/all.tar" "${ids[@]}" 2>&1)" ||
        fail_with_history "docker save of every image failed: $out"
    tar -tf "$ACC_TMP/all.tar" >/dev/null || fail_with_history "docker save of every image wrote a broken tar"
    local image=${ids[$(pick ${#ids[@]})]}
    out="$(timeout 30 docker run --rm "$image" cat /variant 2>&1)" || fail_with_history "docker run $image: $out"
}

for ((i = 0; i < steps; i++)); do
    step_once
    check_invariants
done
step "$steps steps of seed $seed"
[[ -z ${BERTH_MODEL_VERBOSE:-} ]] || printf '  %s\n' "${history[@]}"

step "everything removed and pruned: nothing is left"
for c in "${containers[@]}"; do docker rm -f "$c" >/dev/null || fail "docker rm -f $c"; done
# Children first: a committed image's parent cannot go while the child is there.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    mapfile -t ids < <(docker images -aq --no-trunc | sort -u)
    ((${#ids[@]} > 0)) || break
    docker rmi -f "${ids[@]}" >/dev/null 2>&1 || true
done
docker image prune -af >/dev/null || fail "docker image prune -af"
expect_eq "images left" "" "$(docker images -aq)"
expect_eq "blobs left" "0" "$(find "$data/content/blobs/sha256" -type f | wc -l)"
expect_eq "snapshots left" "0" "$(find "$data/snapshots" -mindepth 1 -maxdepth 1 | wc -l)"
step "ok"
