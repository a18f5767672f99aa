#!/usr/bin/env bash
# HTTPS registries and registry mirrors with the real docker CLI: Debian's
# docker-registry serving TLS with a test CA made here by openssl, one of them
# also asking for client certificates; berthd reads the CA and the client
# certificate from a certs.d directory of its own (--registry-certs-dir) laid
# out like /etc/docker/certs.d. Then a docker.io name pulled through
# --registry-mirror from a local plain registry.
#
# Loopback registries are plain HTTP in berthd unless certs.d has a directory
# for them (see engine/registry/README.md): that is what makes these registries
# on 127.0.0.1 and localhost TLS ones. Nothing leaves this machine: every
# registry is on 127.0.0.1, the docker.io pulls are served by the mirror.
#   tls_registry_test.sh /path/to/berthd
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$(dirname "${BASH_SOURCE[0]}")/registry_lib.sh"
acc_setup "$@"
need_busybox
registry_tools_or_skip
command -v openssl >/dev/null || skip "openssl is not installed"

# ---- a test PKI ------------------------------------------------------------------

pki="$ACC_TMP/pki"
mkdir -p "$pki"
# make_ca NAME: $pki/NAME.crt and .key, a self-signed CA.
make_ca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
        -keyout "$pki/$1.key" -out "$pki/$1.crt" -subj "/CN=berth test $1" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        2>>"$pki/openssl.out" || fail "openssl: cannot make the CA $1 (see $pki/openssl.out)"
}
# make_cert CA NAME USAGE [SAN]: $pki/NAME.crt and .key signed by CA, for
# serverAuth or clientAuth.
make_cert() {
    local ca=$1 name=$2 usage=$3 san=${4:-}
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$pki/$name.key" \
        -out "$pki/$name.csr" -subj "/CN=berth test $name" 2>>"$pki/openssl.out" ||
        fail "openssl: cannot make the key of $name"
    {
        echo "basicConstraints=critical,CA:FALSE"
        echo "keyUsage=critical,digitalSignature"
        echo "extendedKeyUsage=$usage"
        [[ -z $san ]] || echo "subjectAltName=$san"
    } >"$pki/$name.ext"
    openssl x509 -req -in "$pki/$name.csr" -CA "$pki/$ca.crt" -CAkey "$pki/$ca.key" -CAcreateserial \
        -days 2 -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>>"$pki/openssl.out" ||
        fail "openssl: cannot sign $name"
}
make_ca ca
make_cert ca server serverAuth "IP:127.0.0.1,DNS:localhost"
make_ca client-ca
make_cert client-ca client clientAuth
make_ca other-ca

# What skopeo and curl use towards the registries (certs.d layout too).
mkdir -p "$ACC_TMP/clients/tls" "$ACC_TMP/clients/mtls"
cp "$pki/ca.crt" "$ACC_TMP/clients/tls/ca.crt"
cp "$pki/ca.crt" "$ACC_TMP/clients/mtls/ca.crt"
cp "$pki/client.crt" "$ACC_TMP/clients/mtls/client.cert"
cp "$pki/client.key" "$ACC_TMP/clients/mtls/client.key"

# ---- the image and the registries ------------------------------------------------

rootfs="$ACC_TMP/layers/base"
make_busybox_rootfs "$rootfs"
echo "over tls" >"$rootfs/hello"
layout="$ACC_TMP/oci-image"
oci_layout_init "$layout"
oci_layout_image "$layout" "linux/$(go_arch)" "gzip:$rootfs"
oci_layout_tag "$layout" "$OCI_DESCRIPTOR"
image_digest=$OCI_MANIFEST_DIGEST
image_id=$OCI_CONFIG_DIGEST

start_registry tls "tls=$pki/server.crt:$pki/server.key" "client-certs=$ACC_TMP/clients/tls"
treg="$(registry_addr tls)"
tport=${treg##*:}
push_layout "$layout" "$treg/team/app:1"
start_registry mtls "tls=$pki/server.crt:$pki/server.key" "client-ca=$pki/client-ca.crt" \
    "client-certs=$ACC_TMP/clients/mtls"
mreg="$(registry_addr mtls)"
push_layout "$layout" "$mreg/team/app:1"
start_registry mirror
mirror="$(registry_addr mirror)"
# A docker.io name nobody has: only the mirror can serve it.
hub_name="berth-mirror-test-$(acc_unique_name)"
push_layout "$layout" "$mirror/library/$hub_name:1"

certs="$ACC_TMP/certs.d"
mkdir -p "$certs"
# The first mirror refuses connections (nothing listens on port 9): berthd must
# go on to the second.
use_daemon main --registry-certs-dir "$certs" --registry-mirror "http://127.0.0.1:9" --registry-mirror "http://$mirror"

# pull_ok REF: docker pull REF succeeds with the image's digest.
pull_ok() {
    local out
    out="$(timeout 120 docker pull "$1" 2>&1)" || fail "docker pull $1: $out"
    expect_contains "pull of $1" "Digest: $image_digest" "$out"
    expect_contains "pull of $1" "Status: " "$out"
    expect_eq "Id of $1" "$image_id" "$(docker image inspect "$1" --format '{{.Id}}')"
}

# push_ok REGISTRY REPO TAG: docker push of the image as REGISTRY/REPO:TAG
# succeeds, and skopeo (with the registry's client-certs) reads back its digest.
push_ok() {
    local reg=$1 ref="$1/$2:$3" out
    docker tag "$reg/team/app:1" "$ref" || fail "docker tag $ref"
    out="$(timeout 120 docker push "$ref" 2>&1)" || fail "docker push $ref: $out"
    expect_contains "push of $ref" "$3: digest: $image_digest" "$out"
    expect_eq "the digest skopeo reads back from $ref" "$image_digest" \
        "$(skopeo inspect --cert-dir "${ACC_REGISTRY_CERTS[$(registry_of "$reg")]}" --format '{{.Digest}}' \
            "docker://$ref")"
}

# ---- TLS --------------------------------------------------------------------------

step "pull over TLS from 127.0.0.1 with the CA in certs.d/127.0.0.1:PORT (the IP address SAN)"
mkdir -p "$certs/$treg"
cp "$pki/ca.crt" "$certs/$treg/ca.crt"
pull_ok "$treg/team/app:1"
expect_eq "the image's file" "over tls" "$(timeout 30 docker run --rm "$treg/team/app:1" cat /hello)"

step "pull over TLS from localhost with the CA in certs.d/localhost:PORT (the DNS SAN, sent as SNI)"
mkdir -p "$certs/localhost:$tport"
cp "$pki/ca.crt" "$certs/localhost:$tport/ca.crt"
pull_ok "localhost:$tport/team/app:1"

step "without the registry's CA the pull fails with an x509 error"
rm "$certs/$treg/ca.crt"
out="$(timeout 60 docker pull "$treg/team/app:1" 2>&1)" && fail "a pull without the CA succeeded: $out"
expect_contains "pull without the CA" "x509: certificate signed by unknown authority" "$out"
cp "$pki/other-ca.crt" "$certs/$treg/other.crt"
out="$(timeout 60 docker pull "$treg/team/app:1" 2>&1)" && fail "a pull with another CA succeeded: $out"
expect_contains "pull with another CA" "x509: certificate signed by unknown authority" "$out"
cp "$pki/ca.crt" "$certs/$treg/ca.crt"

step "a half client pair in certs.d is refused in Docker's words"
touch "$certs/$treg/lonely.cert"
out="$(timeout 60 docker pull "$treg/team/app:1" 2>&1)" && fail "a pull with a .cert without .key succeeded: $out"
expect_contains "pull with a lonely .cert" "missing key $certs/$treg/lonely.key for client certificate" "$out"
rm "$certs/$treg/lonely.cert"

step "docker push over TLS"
push_ok "$treg" team/pushed 2

# ---- client certificates ----------------------------------------------------------

step "a registry that asks for a client certificate refuses berthd without one, clearly"
mkdir -p "$certs/$mreg"
cp "$pki/ca.crt" "$certs/$mreg/ca.crt"
out="$(timeout 60 docker pull "$mreg/team/app:1" 2>&1)" && fail "a pull without a client certificate succeeded: $out"
expect_contains "pull without a client certificate" "the registry asks for a client certificate" "$out"

step "with client.cert and client.key in certs.d the pull and a push work"
cp "$pki/client.crt" "$certs/$mreg/client.cert"
cp "$pki/client.key" "$certs/$mreg/client.key"
pull_ok "$mreg/team/app:1"
push_ok "$mreg" team/pushed 3

# ---- mirrors ---------------------------------------------------------------------

step "a docker.io image comes from the registry mirror (after the first mirror refused)"
out="$(timeout 120 docker pull "$hub_name:1" 2>&1)" || fail "docker pull $hub_name:1 through the mirror: $out"
expect_contains "pull through the mirror" "Digest: $image_digest" "$out"
expect_contains "pull through the mirror" "Status: Downloaded newer image for $hub_name:1" "$out"
# (The same image as the TLS pulls: it has their names too.)
expect_contains "RepoTags" "\"$hub_name:1\"" "$(docker image inspect "$hub_name:1" --format '{{json .RepoTags}}')"
expect_contains "RepoDigests" "\"$hub_name@$image_digest\"" \
    "$(docker image inspect "$hub_name:1" --format '{{json .RepoDigests}}')"
grep -q "/v2/library/$hub_name/manifests/1" "$ACC_TMP/registry-mirror/registry.out" ||
    fail "the mirror's log shows no request for library/$hub_name"
grep -q "http://127.0.0.1:9/.*trying the next source" "$(log_of main)" ||
    fail "berthd's log does not say it went past the refusing mirror"

stop_berthd main
expect_eq "exit status on SIGTERM" "0" "$STOP_STATUS"
echo "PASS ($ACC_TEST_NAME)"
