// POST /containers/create's body through parse_create_request, as the handler
// passes it: any JSON document the bytes make, then that document with each
// field of the top level, HostConfig and NetworkingConfig replaced in turn by a
// value of the wrong type or at a limit (a string for a number, -1, 2^63, a
// huge string, an object for an array...). The finding: an exception (the
// handler would answer 500 "internal error" instead of Docker's 400), a crash,
// or a refusal that is not a client error.
#include "containers/config/create_request.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using nlohmann::json;
using namespace berth;
using namespace berth::containers::config;

void check(const json& body, const CreateContext& context) {
    try {
        auto parsed = parse_create_request(body, context);
        if (!parsed && parsed.error().category() != ErrorCategory::Invalid &&
            parsed.error().category() != ErrorCategory::NotImplemented &&
            parsed.error().category() != ErrorCategory::NotFound) {
            std::fprintf(stderr, "refused as a server error: %s\nbody: %s\n", parsed.error().message().c_str(),
                         body.dump().c_str());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "exception: %s\nbody: %s\n", e.what(), body.dump().c_str());
        std::abort();
    }
}

const json& odd_values() {
    static const json values = json::array(
        {nullptr, true, -1, 0, json(9223372036854775807LL), json(-9223372036854775807LL - 1),
         json(18446744073709551615ULL), 1e308, -1.5, "", "x", std::string(70000, 'a'), "-1", "1e999",
         json::array(), json::array({nullptr, 1, "a", json::object()}), json::object(),
         json::object({{"", nullptr}, {"a", json::array({-1})}})});
    return values;
}

// Each field of `object` (at `at` in `body`) replaced in turn by each odd value.
void each_field_odd(json& body, const json::json_pointer& at, const CreateContext& context) {
    if (!body.contains(at) || !body[at].is_object()) return;
    std::vector<std::string> keys;
    for (const auto& [key, value] : body[at].items()) keys.push_back(key);
    for (const auto& key : keys) {
        json saved = body[at][key];
        for (const auto& value : odd_values()) {
            body[at][key] = value;
            check(body, context);
        }
        body[at][key] = std::move(saved);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    json body = json::parse(text, nullptr, false);
    if (body.is_discarded()) return 0; // the handler answers 400 before this parser
    CreateContext context;
    context.host.cpus = 2;
    context.host.cpuset_cpus = "0-1";
    context.host.cpuset_mems = "0";
    context.host.path_exists = [](const std::string& path) { return path == "/tmp"; };
    for (auto version : {berth::api::kMinApiVersion, berth::api::kMaxApiVersion}) {
        context.api_version = version;
        check(body, context);
    }
    if (!body.is_object()) return 0;
    each_field_odd(body, json::json_pointer(""), context);
    each_field_odd(body, json::json_pointer("/HostConfig"), context);
    each_field_odd(body, json::json_pointer("/HostConfig/RestartPolicy"), context);
    each_field_odd(body, json::json_pointer("/HostConfig/LogConfig"), context);
    each_field_odd(body, json::json_pointer("/NetworkingConfig"), context);
    for (const char* nested : {"/Healthcheck", "/HostConfig/Mounts/0", "/HostConfig/Mounts/2/TmpfsOptions",
                               "/HostConfig/Ulimits/0", "/NetworkingConfig/EndpointsConfig/default"})
        each_field_odd(body, json::json_pointer(nested), context);
    return 0;
}
