#pragma once
// Which events a GET /events?filters=... subscriber wants, as dockerd decides it.

#include "api/filters.h"
#include "daemon/events.h"

namespace berth::daemon {

class EventFilter {
public:
    // Validates the keys dockerd accepts for events; others are "invalid filter 'x'".
    static Result<EventFilter> from(api::Filters filters);
    bool matches(const Event& event) const;

private:
    explicit EventFilter(api::Filters filters) : filters_(std::move(filters)) {}
    api::Filters filters_;
};

} // namespace berth::daemon
