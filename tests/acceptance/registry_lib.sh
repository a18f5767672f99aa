# shellcheck shell=bash
# OCI_* and REGISTRY_ADDR_* are results read by the tests.
# shellcheck disable=SC2034
# Registries and OCI images for the acceptance tests; source it after lib.sh.
#
#   start_registry NAME [OPTION...]  Debian's docker-registry (distribution 2.8)
#                                    on 127.0.0.1:<free port>; options:
#                                      htpasswd  basic auth for tester/secret
#                                      tls=CERT:KEY  HTTPS with that certificate
#                                      client-ca=FILE  (with tls) client
#                                        certificates signed by FILE required
#                                      client-certs=DIR  what the helpers' own
#                                        clients (probe, skopeo, curl) use: a
#                                        certs.d-style DIR (ca.crt, client.cert
#                                        and client.key)
#   registry_addr NAME               prints its host:port
#   registry_curl NAME CURL_ARGS... curl with that registry's scheme and certs:
#                                    URLs say REGISTRY_URL for its base
#   oci_layer_tar DIR OUT            a deterministic, uncompressed layer tar
#   oci_layout_init LAYOUT           an empty OCI image layout
#   oci_layout_image LAYOUT PLATFORM SPEC...
#                                    layers, config and manifest blobs
#   oci_layout_index LAYOUT DESCRIPTOR...
#                                    an image index blob over manifests
#   oci_layout_tag LAYOUT DESCRIPTOR the layout's index.json: its one image
#   oci_layout_digest LAYOUT         prints the digest index.json points to
#   push_layout LAYOUT REF [USER:PASS]
#                                    skopeo copy --all --preserve-digests
#
# Everything is built with bash, tar, gzip, sha256sum and jq; zstd layers use
# the zstd CLI when there is one and libzstd (through python3's ctypes)
# otherwise, and the htpasswd line is bcrypt from htpasswd(1) or libcrypt.

REGISTRY_BIN="${REGISTRY_BIN:-/usr/bin/docker-registry}"
REGISTRY_USER=tester
REGISTRY_PASSWORD=secret
declare -A ACC_REGISTRY_ADDR=()
declare -A ACC_REGISTRY_CERTS=() # NAME -> client-certs DIR, for HTTPS registries

# ---- registries -------------------------------------------------------------

# registry_tools_or_skip: skip the test when a tool these helpers need is missing.
registry_tools_or_skip() {
    [[ -x $REGISTRY_BIN ]] || skip "docker-registry is not installed"
    local tool
    for tool in skopeo tar gzip sha256sum jq curl; do
        command -v "$tool" >/dev/null || skip "$tool is not installed"
    done
    command -v zstd >/dev/null || command -v python3 >/dev/null ||
        skip "neither zstd nor python3 (for libzstd) is installed"
}

# A bcrypt htpasswd line for USER PASSWORD (distribution accepts only bcrypt).
registry_htpasswd_line() {
    local user=$1 password=$2
    if command -v htpasswd >/dev/null; then
        htpasswd -nbB "$user" "$password" | sed '/^$/d'
        return
    fi
    command -v python3 >/dev/null || fail "no htpasswd and no python3 to make a bcrypt password"
    python3 - "$user" "$password" <<'EOF'
import ctypes, sys
libcrypt = ctypes.CDLL("libcrypt.so.1")
libcrypt.crypt_gensalt.restype = ctypes.c_char_p
libcrypt.crypt_gensalt.argtypes = [ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p, ctypes.c_int]
libcrypt.crypt.restype = ctypes.c_char_p
libcrypt.crypt.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
salt = libcrypt.crypt_gensalt(b"$2y$", 5, None, 0)
hashed = libcrypt.crypt(sys.argv[2].encode(), salt) if salt else None
if not hashed or not hashed.startswith(b"$2y$"):
    sys.exit("libcrypt cannot make bcrypt hashes")
print(sys.argv[1] + ":" + hashed.decode())
EOF
}

# registry_client_args CERTS_DIR: curl's options for a certs.d-style directory
# (its CA, and its client certificate when there is one).
registry_client_args() {
    [[ -n $1 ]] || return 0
    printf '%s\n' --cacert "$1/ca.crt"
    [[ ! -f $1/client.cert ]] || printf '%s\n' --cert "$1/client.cert" --key "$1/client.key"
}

# registry_up ADDR PID [CERTS_DIR]: the registry we started answers /v2/ on
# ADDR (over HTTPS, verified with CERTS_DIR, when that is given).
registry_up() {
    kill -0 "$2" 2>/dev/null || return 1
    local scheme=http
    local -a tls_args=()
    if [[ -n ${3:-} ]]; then
        scheme=https
        mapfile -t tls_args < <(registry_client_args "$3")
    fi
    curl -s --max-time 2 "${tls_args[@]}" -o /dev/null -D - "$scheme://$1/v2/" |
        grep -qi '^docker-distribution-api-version: registry/2'
}

# start_registry NAME [OPTION...]: a registry whose files are all in
# $ACC_TMP/registry-NAME: config.yml, htpasswd, storage/ (filesystem driver,
# deletes enabled) and its log registry.out (which dump_logs shows on a
# failure, as it does */*.out); killed by the EXIT trap. With "htpasswd", every request needs
# basic auth as $REGISTRY_USER:$REGISTRY_PASSWORD (tester:secret); with
# "tls=CERT:KEY" it serves HTTPS, and with "client-ca=FILE" too it asks every
# client for a certificate signed by FILE (distribution's http.tls.clientcas).
# "client-certs=DIR" is what the helpers here trust and present to it. Sets
# REGISTRY_ADDR_<NAME> and registry_addr NAME to its 127.0.0.1:PORT.
start_registry() {
    local name=$1 auth="" tls="" client_ca="" client_certs="" option
    shift
    [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "start_registry: '$name' is not a valid name"
    for option in "$@"; do
        case "$option" in
        htpasswd) auth=htpasswd ;;
        tls=*:*) tls=${option#tls=} ;;
        client-ca=*) client_ca=${option#client-ca=} ;;
        client-certs=*) client_certs=${option#client-certs=} ;;
        *) fail "start_registry: unknown option '$option'" ;;
        esac
    done
    [[ -z $client_ca || -n $tls ]] || fail "start_registry: client-ca needs tls"
    [[ -z $tls || -n $client_certs ]] || fail "start_registry: tls needs client-certs (for the readiness probe)"
    local dir="$ACC_TMP/registry-$name"
    local config="$dir/config.yml" log="$dir/registry.out" htpasswd="$dir/htpasswd"
    mkdir -p "$dir/storage"
    local tls_config=""
    if [[ -n $tls ]]; then
        tls_config="  tls:
    certificate: ${tls%%:*}
    key: ${tls#*:}"
        [[ -z $client_ca ]] || tls_config+="
    clientcas:
      - $client_ca"
    fi
    local auth_config=""
    if [[ $auth == htpasswd ]]; then
        registry_htpasswd_line "$REGISTRY_USER" "$REGISTRY_PASSWORD" >"$htpasswd" ||
            fail "could not make an htpasswd file"
        auth_config="auth:
  htpasswd:
    realm: berth-test-$name
    path: $htpasswd"
    fi
    local attempt port addr pid deadline
    for attempt in 1 2 3 4 5 6 7 8; do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        if command -v ss >/dev/null && [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; then continue; fi
        addr="127.0.0.1:$port"
        cat >"$config" <<EOF
version: 0.1
log:
  level: info
  fields:
    service: registry-$name
storage:
  filesystem:
    rootdirectory: $dir/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: $addr
  secret: berth-acceptance-$name
$tls_config
$auth_config
EOF
        printf '== attempt %s on %s\n' "$attempt" "$addr" >>"$log"
        "${ACC_LAUNCHER[@]}" "$REGISTRY_BIN" serve "$config" >>"$log" 2>&1 &
        pid=$!
        track_helper "$pid"
        deadline=$((SECONDS + 15))
        until registry_up "$addr" "$pid" "$client_certs"; do
            kill -0 "$pid" 2>/dev/null || break
            ((SECONDS < deadline)) || fail "registry '$name' did not answer on $addr within 15s"
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            ACC_REGISTRY_ADDR[$name]=$addr
            ACC_REGISTRY_CERTS[$name]=$client_certs
            printf -v "REGISTRY_ADDR_$name" '%s' "$addr"
            return 0
        fi
        wait "$pid" 2>/dev/null || true # it lost the port to someone: try another
    done
    fail "registry '$name' would not start (see $log)"
}

registry_addr() {
    [[ -n ${ACC_REGISTRY_ADDR[$1]:-} ]] || fail "registry_addr: no registry '$1'"
    printf '%s' "${ACC_REGISTRY_ADDR[$1]}"
}

# registry_of ADDR: the name of the registry we started on ADDR.
registry_of() {
    local name
    for name in "${!ACC_REGISTRY_ADDR[@]}"; do
        [[ ${ACC_REGISTRY_ADDR[$name]} != "$1" ]] || { printf '%s' "$name"; return 0; }
    done
    fail "registry_of: no registry on '$1'"
}

# registry_curl NAME CURL_ARGS...: curl with REGISTRY_URL in the arguments
# replaced by the registry's base URL (https with its CA and client
# certificate when it serves TLS).
registry_curl() {
    local name=$1
    shift
    local certs=${ACC_REGISTRY_CERTS[$name]:-} scheme=http
    local -a tls_args=()
    if [[ -n $certs ]]; then
        scheme=https
        mapfile -t tls_args < <(registry_client_args "$certs")
    fi
    curl "${tls_args[@]}" "${@//REGISTRY_URL/$scheme://$(registry_addr "$name")}"
}

# ---- OCI image layouts ------------------------------------------------------

OCI_MT_INDEX=application/vnd.oci.image.index.v1+json
OCI_MT_MANIFEST=application/vnd.oci.image.manifest.v1+json
OCI_MT_CONFIG=application/vnd.oci.image.config.v1+json
OCI_MT_LAYER=application/vnd.oci.image.layer.v1.tar
OCI_CREATED="2024-05-06T07:08:09Z"
OCI_PATH_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# oci_layer_tar DIR OUT: DIR's contents as a layer tar: entries without "./",
# parents before children in byte order, owners 0:0 by number, one mtime, so the
# same tree always makes the same bytes (and DiffID).
oci_layer_tar() {
    local dir=$1 out=$2
    (cd "$dir" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort) >"$out.list"
    tar -C "$dir" --format=gnu --numeric-owner --owner=0 --group=0 --mtime=@1700000000 \
        --no-recursion -cf "$out" -T "$out.list"
    rm -f "$out.list"
}

# oci_zstd IN OUT: IN compressed with zstd (one frame with the content size).
oci_zstd() {
    if command -v zstd >/dev/null; then
        zstd -q -f -19 -o "$2" "$1"
        return
    fi
    python3 - "$1" "$2" <<'EOF'
import ctypes, sys
zstd = ctypes.CDLL("libzstd.so.1")
zstd.ZSTD_compressBound.restype = ctypes.c_size_t
zstd.ZSTD_compressBound.argtypes = [ctypes.c_size_t]
zstd.ZSTD_compress.restype = ctypes.c_size_t
zstd.ZSTD_compress.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int]
zstd.ZSTD_isError.argtypes = [ctypes.c_size_t]
data = open(sys.argv[1], "rb").read()
out = ctypes.create_string_buffer(zstd.ZSTD_compressBound(len(data)))
n = zstd.ZSTD_compress(out, len(out), data, len(data), 19)
if zstd.ZSTD_isError(n):
    sys.exit("ZSTD_compress failed")
open(sys.argv[2], "wb").write(out.raw[:n])
EOF
}

# oci_layout_init LAYOUT: an empty image layout (oci-layout, blobs/sha256).
oci_layout_init() {
    mkdir -p "$1/blobs/sha256"
    printf '{"imageLayoutVersion":"1.0.0"}' >"$1/oci-layout"
}

# oci_layout_add_blob LAYOUT FILE: move FILE into LAYOUT's blobs; sets
# OCI_BLOB_DIGEST (sha256:...) and OCI_BLOB_SIZE.
OCI_BLOB_DIGEST=""
OCI_BLOB_SIZE=""
oci_layout_add_blob() {
    local layout=$1 file=$2 hex
    hex="$(sha256sum "$file" | cut -d' ' -f1)"
    OCI_BLOB_SIZE="$(stat -c %s "$file")"
    OCI_BLOB_DIGEST="sha256:$hex"
    mv -f "$file" "$layout/blobs/sha256/$hex"
}

# oci_layout_add_json LAYOUT JSON: JSON, compacted, as a blob (OCI_BLOB_*).
oci_layout_add_json() {
    local tmp
    tmp="$(mktemp "$1/blob.XXXXXX")"
    jq -cj . <<<"$2" >"$tmp"
    oci_layout_add_blob "$1" "$tmp"
}

# oci_layout_image LAYOUT OS/ARCH[/VARIANT] SPEC... where SPEC is
# COMPRESSION:DIR, COMPRESSION one of gzip, zstd, none: one layer per DIR (in
# order, lowest first), a config (architecture, os[, variant], Env PATH, Cmd
# ["/bin/sh"], rootfs.diff_ids, one history entry per layer, created
# $OCI_CREATED) and a manifest, as blobs in LAYOUT. index.json is not touched.
# Sets OCI_MANIFEST_DIGEST, OCI_MANIFEST_SIZE, OCI_CONFIG_DIGEST, OCI_DIFF_IDS
# and OCI_LAYER_DIGESTS (arrays), and OCI_DESCRIPTOR: the manifest's descriptor
# with its platform, for oci_layout_index or oci_layout_tag.
OCI_MANIFEST_DIGEST=""
OCI_MANIFEST_SIZE=""
OCI_CONFIG_DIGEST=""
OCI_DESCRIPTOR=""
OCI_DIFF_IDS=()
OCI_LAYER_DIGESTS=()
oci_layout_image() {
    local layout=$1 platform=$2
    shift 2
    local os arch variant=""
    IFS=/ read -r os arch variant <<<"$platform"
    [[ -n $os && -n $arch ]] || fail "oci_layout_image: bad platform '$platform'"
    OCI_DIFF_IDS=()
    OCI_LAYER_DIGESTS=()
    local layers="[]" history="[]" spec compression dir tar media i=0
    for spec in "$@"; do
        compression=${spec%%:*}
        dir=${spec#*:}
        [[ -d $dir ]] || fail "oci_layout_image: no directory '$dir'"
        i=$((i + 1))
        tar="$(mktemp "$layout/layer.XXXXXX")"
        oci_layer_tar "$dir" "$tar"
        OCI_DIFF_IDS+=("sha256:$(sha256sum "$tar" | cut -d' ' -f1)")
        case "$compression" in
        gzip)
            gzip -n -9 -c "$tar" >"$tar.gz" && rm -f "$tar" && tar="$tar.gz"
            media="$OCI_MT_LAYER+gzip"
            ;;
        zstd)
            oci_zstd "$tar" "$tar.zst" || fail "oci_layout_image: zstd compression failed"
            rm -f "$tar" && tar="$tar.zst"
            media="$OCI_MT_LAYER+zstd"
            ;;
        none) media="$OCI_MT_LAYER" ;;
        *) fail "oci_layout_image: unknown compression '$compression'" ;;
        esac
        oci_layout_add_blob "$layout" "$tar"
        OCI_LAYER_DIGESTS+=("$OCI_BLOB_DIGEST")
        layers="$(jq -c --arg mt "$media" --arg d "$OCI_BLOB_DIGEST" --argjson s "$OCI_BLOB_SIZE" \
            '. + [{mediaType: $mt, digest: $d, size: $s}]' <<<"$layers")"
        history="$(jq -c --arg c "$OCI_CREATED" --arg by "berth test: layer $i ($compression)" \
            '. + [{created: $c, created_by: $by}]' <<<"$history")"
    done
    local diff_ids
    diff_ids="$(printf '%s\n' "${OCI_DIFF_IDS[@]}" | jq -Rsc 'split("\n") | map(select(. != ""))')"
    local platform_json
    platform_json="$(jq -nc --arg os "$os" --arg arch "$arch" --arg v "$variant" \
        '{architecture: $arch, os: $os} + (if $v == "" then {} else {variant: $v} end)')"
    oci_layout_add_json "$layout" "$(jq -nc --argjson p "$platform_json" --arg c "$OCI_CREATED" \
        --arg path "$OCI_PATH_ENV" --argjson d "$diff_ids" --argjson h "$history" \
        '{created: $c} + $p + {config: {Env: [$path], Cmd: ["/bin/sh"]},
          rootfs: {type: "layers", diff_ids: $d}, history: $h}')"
    OCI_CONFIG_DIGEST=$OCI_BLOB_DIGEST
    oci_layout_add_json "$layout" "$(jq -nc --arg mt "$OCI_MT_MANIFEST" --arg cmt "$OCI_MT_CONFIG" \
        --arg cd "$OCI_BLOB_DIGEST" --argjson cs "$OCI_BLOB_SIZE" --argjson l "$layers" \
        '{schemaVersion: 2, mediaType: $mt, config: {mediaType: $cmt, digest: $cd, size: $cs}, layers: $l}')"
    OCI_MANIFEST_DIGEST=$OCI_BLOB_DIGEST
    OCI_MANIFEST_SIZE=$OCI_BLOB_SIZE
    OCI_DESCRIPTOR="$(jq -nc --arg mt "$OCI_MT_MANIFEST" --arg d "$OCI_BLOB_DIGEST" \
        --argjson s "$OCI_BLOB_SIZE" --argjson p "$platform_json" \
        '{mediaType: $mt, digest: $d, size: $s, platform: $p}')"
}

# oci_layout_index LAYOUT DESCRIPTOR...: an image index over the manifests
# (descriptors from oci_layout_image, in the order given) as a blob. Sets
# OCI_INDEX_DIGEST and OCI_DESCRIPTOR (the index's descriptor).
OCI_INDEX_DIGEST=""
oci_layout_index() {
    local layout=$1
    shift
    local manifests
    manifests="$(printf '%s\n' "$@" | jq -sc .)"
    oci_layout_add_json "$layout" "$(jq -nc --arg mt "$OCI_MT_INDEX" --argjson m "$manifests" \
        '{schemaVersion: 2, mediaType: $mt, manifests: $m}')"
    OCI_INDEX_DIGEST=$OCI_BLOB_DIGEST
    OCI_DESCRIPTOR="$(jq -nc --arg mt "$OCI_MT_INDEX" --arg d "$OCI_BLOB_DIGEST" --argjson s "$OCI_BLOB_SIZE" \
        '{mediaType: $mt, digest: $d, size: $s}')"
}

# oci_layout_tag LAYOUT DESCRIPTOR: index.json names DESCRIPTOR (a manifest or
# an index) as the layout's one image, which skopeo's oci:LAYOUT then copies.
oci_layout_tag() {
    jq -nc --arg mt "$OCI_MT_INDEX" --argjson d "$2" \
        '{schemaVersion: 2, mediaType: $mt, manifests: [$d | del(.platform)]}' >"$1/index.json"
}

# oci_layout_name LAYOUT DESCRIPTOR NAME: index.json names DESCRIPTOR's image
# NAME (a full reference) the way containerd and Docker 25 do.
oci_layout_name() {
    jq -nc --arg mt "$OCI_MT_INDEX" --argjson d "$2" --arg name "$3" --arg tag "${3##*:}" \
        '{schemaVersion: 2, mediaType: $mt, manifests: [$d | del(.platform) |
          .annotations = {"io.containerd.image.name": $name, "org.opencontainers.image.ref.name": $tag}]}' \
        >"$1/index.json"
}

# oci_layout_big LAYOUT BASE_DIR MIB: an image of two layers, BASE_DIR gzipped
# and /random (MIB MiB from /dev/urandom) uncompressed; OCI_* as oci_layout_image.
oci_layout_big() {
    local layout=$1 base_dir=$2 mib=$3 big
    big="$(mktemp -d "$ACC_TMP/big.XXXXXX")"
    head -c $((mib << 20)) /dev/urandom >"$big/random"
    oci_layout_init "$layout"
    oci_layout_image "$layout" "linux/$(go_arch)" "gzip:$base_dir" "none:$big"
    rm -rf "$big"
}

# oci_layout_digest LAYOUT: the digest of the manifest or index index.json names.
oci_layout_digest() {
    jq -r '.manifests[0].digest' "$1/index.json"
}

# push_layout LAYOUT REF [USER:PASS]: push the layout's image (all of an index)
# to docker://REF (over plain HTTP, or HTTPS with the registry's client-certs
# when it serves TLS), keeping every digest as built, then check that the
# registry serves REF with that very digest.
push_layout() {
    local layout=$1 ref=$2 creds=${3:-}
    local host=${ref%%/*} path=${ref#*/}
    local name certs
    name="$(registry_of "$host")"
    certs=${ACC_REGISTRY_CERTS[$name]:-}
    local -a cred_args=() curl_auth=() tls_args=(--dest-tls-verify=false)
    if [[ -n $creds ]]; then
        cred_args=(--dest-creds "$creds")
        curl_auth=(-u "$creds")
    fi
    # skopeo reads a certs.d-style directory as the docker daemon does.
    [[ -z $certs ]] || tls_args=(--dest-tls-verify=true --dest-cert-dir "$certs")
    local out
    out="$(timeout 120 skopeo --insecure-policy copy --quiet --all --preserve-digests \
        "${tls_args[@]}" "${cred_args[@]}" "oci:$layout" "docker://$ref" 2>&1)" ||
        fail "skopeo copy oci:$layout docker://$ref failed: $out"
    local want media repo tag
    want="$(oci_layout_digest "$layout")"
    media="$(jq -r '.manifests[0].mediaType' "$layout/index.json")"
    repo=${path%:*}
    tag=${path##*:}
    local served
    served="$(registry_curl "$name" -s --max-time 10 "${curl_auth[@]}" -o /dev/null -D - -H "Accept: $media" -I \
        "REGISTRY_URL/v2/$repo/manifests/$tag" | tr -d '\r' |
        sed -n 's/^[Dd]ocker-[Cc]ontent-[Dd]igest: //p')"
    expect_eq "the digest the registry serves for $ref" "$want" "$served"
}
