#pragma once
// The Image endpoints berthd has built: import (POST /images/create?fromSrc=-),
// list, inspect, history, tag and delete. Pull, push, save/load, build and the
// rest answer 501 until the images issue brings them.

#include "api/server/router.h"
#include "images/image_service.h"

namespace berth::daemon {

struct ImageContext {
    images::ImageService& service;
    api::asio::thread_pool& blocking_pool;
};

void add_image_routes(api::Router& router, ImageContext& context);

} // namespace berth::daemon
