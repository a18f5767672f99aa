#pragma once
// Routes Engine API requests to handlers: strips and checks the "/v1.xx" prefix,
// matches method and path pattern, and answers what no handler takes the way
// Docker does: 404 "page not found" for unknown paths, 405 for a known path with
// another method, and 501 for Engine API endpoints berthd has not built yet.

#include "api/server/exchange.h"

#include <vector>

namespace berth::api {

using Handler = std::function<Task(Exchange&)>;

class Router {
public:
    void add(http::verb method, std::string pattern, Handler handler);
    Task dispatch(Exchange& exchange) const;

private:
    struct Route {
        http::verb method;
        std::string pattern;
        Handler handler;
    };
    Task dispatch_checked(Exchange& exchange) const;

    std::vector<Route> routes_;
};

} // namespace berth::api
