// The libFuzzer entry point for the compose loader: any bytes go through the YAML
// reader, tree interpolation and a merge with themselves, and, as plain text,
// through string interpolation and the .env parser. Crashes and hangs are the findings.
#include "compose/compose_yaml.h"
#include "compose/dotenv.h"
#include "compose/interpolation.h"
#include "compose/merge.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace berth::compose;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const VariableLookup lookup = [](std::string_view name) -> std::optional<std::string> {
        if (name == "SET")
            return "value";
        if (name == "EMPTY")
            return "";
        return std::nullopt;
    };
    (void)interpolate(text, lookup);
    (void)parse_dotenv(text, "fuzz.env", lookup);
    auto document = parse_compose_yaml(text, "fuzz.yaml");
    if (!document)
        return 0;
    auto merged = merge_compose_files(*document, *document);
    (void)interpolate_tree(*document, lookup, "fuzz.yaml");
    if (merged)
        (void)merge_compose_files(*merged, *document);
    return 0;
}
