#pragma once
// A container's files: GET /containers/{id}/changes (docker diff), GET
// /containers/{id}/export (docker export), HEAD/GET/PUT /containers/{id}/archive
// (docker cp). Tars stream from a worker thread (streaming.h); uploads arrive
// whole, as every request body does for now.

#include "api/server/router.h"
#include "daemon/container_handlers.h"

namespace berth::daemon {

void add_archive_routes(api::Router& router, ContainerContext& context);

} // namespace berth::daemon
