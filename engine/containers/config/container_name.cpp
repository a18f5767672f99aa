#include "containers/config/container_name.h"

#include <array>

namespace berth::containers::config {
namespace {

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Our own word lists, the same shape as Docker's: a mood, then someone who
// mattered to computing, mathematics or the sciences.
constexpr std::array<std::string_view, 64> kAdjectives{
    "agile",     "amazing",   "brave",      "bright",    "busy",      "calm",      "careful",   "cheerful",
    "clever",    "cool",      "curious",    "daring",    "dazzling",  "eager",     "earnest",   "elated",
    "fervent",   "fond",      "friendly",   "gallant",   "gentle",    "gifted",    "glad",      "graceful",
    "happy",     "hardy",     "honest",     "hopeful",   "humble",    "jolly",     "jovial",    "keen",
    "kind",      "lively",    "loyal",      "lucid",     "merry",     "mellow",    "modest",    "nimble",
    "noble",     "patient",   "peaceful",   "playful",   "polite",    "proud",     "quick",     "quiet",
    "radiant",   "relaxed",   "serene",    "sharp",     "sincere",   "sleepy",    "steady",    "stoic",
    "sunny",     "swift",     "tender",     "upbeat",    "vibrant",   "warm",      "witty",     "zealous",
};

constexpr std::array<std::string_view, 64> kSurnames{
    "agnesi",    "allen",     "babbage",    "backus",    "bardeen",   "bell",      "bohr",      "boole",
    "carson",    "cerf",      "church",     "curie",     "darwin",    "dijkstra",  "einstein",  "euclid",
    "euler",     "faraday",   "fermat",     "feynman",   "franklin",  "galileo",   "gauss",     "goldberg",
    "goodall",   "hamilton",  "hawking",    "hertz",     "hopper",    "hypatia",   "jackson",   "johnson",
    "kepler",    "knuth",     "kowalevski", "lamarr",    "lamport",   "leakey",    "liskov",    "lovelace",
    "maxwell",   "meitner",   "mendel",     "mirzakhani", "morse",    "newton",    "noether",   "pascal",
    "perlman",   "planck",    "ramanujan",  "ritchie",   "shannon",   "sinoussi",  "swartz",    "tesla",
    "thompson",  "torvalds",  "turing",     "volta",     "wilson",    "wing",      "yalow",     "zuse",
};

} // namespace

Result<std::string> validate_container_name(std::string_view name) {
    std::string_view rest = name;
    if (rest.starts_with('/')) rest.remove_prefix(1);
    bool valid = rest.size() >= 2 && is_alnum(rest.front());
    for (size_t i = 1; valid && i < rest.size(); ++i) {
        char c = rest[i];
        valid = is_alnum(c) || c == '_' || c == '.' || c == '-';
    }
    if (!valid)
        return fail(ErrorCategory::Invalid, "Invalid container name ({}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed",
                    name);
    return std::string(rest);
}

std::string random_container_name(std::mt19937_64& rng, int retry) {
    std::uniform_int_distribution<size_t> adjective(0, kAdjectives.size() - 1);
    std::uniform_int_distribution<size_t> surname(0, kSurnames.size() - 1);
    std::string name = std::string(kAdjectives[adjective(rng)]) + "_" + std::string(kSurnames[surname(rng)]);
    if (retry > 0) name += std::to_string(std::uniform_int_distribution<int>(0, 9)(rng));
    return name;
}

std::string generate_container_name(const std::function<bool(std::string_view)>& is_taken,
                                    std::string_view container_id, std::mt19937_64& rng) {
    for (int attempt = 0; attempt < 6; ++attempt) {
        std::string name = random_container_name(rng, attempt);
        if (!is_taken(name)) return name;
    }
    return std::string(container_id.substr(0, 12));
}

} // namespace berth::containers::config
