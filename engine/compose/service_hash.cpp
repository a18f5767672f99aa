#include "compose/service_hash.h"

#include "base/digest.h"
#include "compose/go_json_view.h"

namespace berth::compose {

std::string service_hash(ConfigValue service) {
    for (const char* key : {"build", "pull_policy", "scale"})
        service.erase(key);
    if (auto* deploy = service.find("deploy"))
        deploy->erase("replicas");
    add_go_json_service_fields(service);
    std::string digest = digest_of(to_compact_json(service));
    auto colon = digest.find(':');
    return colon == std::string::npos ? digest : digest.substr(colon + 1);
}

} // namespace berth::compose
