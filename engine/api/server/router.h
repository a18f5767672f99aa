#pragma once
// Routes Engine API requests to handlers: strips and checks the "/v1.xx" prefix,
// matches method and path pattern, and answers what no handler takes the way
// Docker does: 404 "page not found" for unknown paths, 405 for a known path with
// another method, and 501 for Engine API endpoints berthd has not built yet.

#include "api/server/exchange.h"

#include <atomic>
#include <cstdint>
#include <vector>

namespace berth::api {

using Handler = std::function<Task(Exchange&)>;

class Router {
public:
    void add(http::verb method, std::string pattern, Handler handler);
    // A route whose request body may be large (image load and import): the
    // server spools it to a file instead of reading it into memory
    // (Exchange::body_file), with no size limit.
    void add_upload(http::verb method, std::string pattern, Handler handler);
    // A route that reads its (large) body as it arrives through
    // Exchange::body_stream: neither spooled nor read into memory first.
    void add_streamed_upload(http::verb method, std::string pattern, Handler handler);
    Task dispatch(Exchange& exchange) const;
    // Requests dispatched so far (berthd's idle check, daemon/idle_release.h).
    uint64_t requests() const { return requests_.load(std::memory_order_relaxed); }
    // Whether the request `target` of `method` goes to an upload route.
    bool spools_body(http::verb method, std::string_view target) const;
    // Whether it goes to a streamed upload route.
    bool streams_body(http::verb method, std::string_view target) const;

private:
    struct Route {
        http::verb method;
        std::string pattern;
        Handler handler;
        bool upload = false;
        bool streamed = false;
    };
    Task dispatch_checked(Exchange& exchange) const;
    // The route a request of `method` to `target` goes to, if any.
    const Route* route_for(http::verb method, std::string_view target) const;

    std::vector<Route> routes_;
    mutable std::atomic<uint64_t> requests_ = 0;
};

} // namespace berth::api
