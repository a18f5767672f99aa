#pragma once
// The Image endpoints berthd has built: pull and import (POST /images/create),
// list, inspect, history, tag and delete, and POST /auth (docker login). Push,
// save/load, build and the rest answer 501 until they are built.

#include "api/server/router.h"
#include "images/image_service.h"
#include "registry/registry_client.h"

namespace berth::daemon {

struct ImageContext {
    images::ImageService& service;
    api::asio::thread_pool& blocking_pool;
    registry::RegistryOptions registry = {};
};

void add_image_routes(api::Router& router, ImageContext& context);

} // namespace berth::daemon
