// A standalone driver for the fuzz targets here, for compilers without
// libFuzzer (GCC): replays the seed files given (files or directories, searched
// recursively), then feeds seeded random mutations of them to
// LLVMFuzzerTestOneInput until --seconds pass. A target reports a finding by
// aborting (a crash, a sanitizer report, or its own check); the driver prints
// the seed first, so `--seed=N` replays the same run.
//   <target>_fuzz_driver [--seconds=N] [--seed=N] PATH...
// BERTH_FUZZ_SECONDS, when set, overrides --seconds (a nightly run takes minutes).
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

void run_one(const std::string& input) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

std::vector<std::string> load_seeds(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<std::string> seeds;
    const auto add = [&](const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        seeds.push_back(buffer.str());
    };
    for (const auto& path : paths) {
        if (fs::is_directory(path)) {
            std::vector<fs::path> files; // sorted: the same seed gives the same run
            for (const auto& entry : fs::recursive_directory_iterator(path))
                if (entry.is_regular_file()) files.push_back(entry.path());
            std::ranges::sort(files);
            for (const auto& file : files) add(file);
        } else if (fs::is_regular_file(path)) {
            add(path);
        }
    }
    return seeds;
}

// Pieces of the formats the targets read (HTTP, JSON, base64, Dockerfile, YAML), so mutations
// reach past the first syntax check.
const std::vector<std::string> kTokens = {
    "\r\n", "\r\n\r\n", ": ", "Transfer-Encoding: chunked\r\n", "Content-Length: ", "0\r\n\r\n", "ffffffff\r\n",
    "Host: x\r\n", "?", "&", "=", "%", "%zz", "%00", "+", "filters=", "{", "}", "[", "]", "\"", ",", ":", "null",
    "true", "-1", "0", "1e308", "9223372036854775807", "-9223372036854775808", "18446744073709551616", "\"\"",
    "{}", "[]", "\\u0000", "\\ud800", "\xff", "\xc3\x28", "/../", "//", "/v1.45", "/v9.99", "/v0", "=", "_-",
    "eyJ1c2VybmFtZSI6ImEifQ", "GET ", "POST ", "HTTP/1.1", "HTTP/1.0",
    // Dockerfiles and compose files: lines, continuations, heredocs, expansion, YAML structure
    "\n", "\\\n", "`\n", "# escape=`\n", "FROM a AS b\n", "RUN ", "COPY --from=0 ", "<<EOF\n", "EOF\n", "$", "${",
    "${A:-", "${A:?", "$$", "'", "  ", "- ", "---\n", "&a ", "*a", "<<: *a\n", "!!str ", "|\n", ">-\n", "~"};

std::string mutate(std::string input, std::mt19937_64& random) {
    const int steps = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < steps; ++i) {
        const std::size_t pos = input.empty() ? 0 : random() % (input.size() + 1);
        switch (random() % 6) {
        case 0: // flip a byte
            if (!input.empty()) input[pos % input.size()] = static_cast<char>(random());
            break;
        case 1: // insert a token
            input.insert(pos, kTokens[random() % kTokens.size()]);
            break;
        case 2: // erase a run
            if (!input.empty()) input.erase(pos % input.size(), random() % 16);
            break;
        case 3: // duplicate a run
            if (!input.empty()) {
                const std::size_t from = random() % input.size();
                input.insert(pos, input.substr(from, random() % 64));
            }
            break;
        case 4: // a digit made huge: sizes, lengths and counts at their limits
            input.insert(pos, std::string(1 + random() % 24, static_cast<char>('0' + random() % 10)));
            break;
        default: // truncate
            input.resize(pos);
            break;
        }
    }
    if (input.size() > 1 << 16) input.resize(1 << 16);
    return input;
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 10;
    std::uint64_t seed = std::random_device{}();
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.starts_with("--seconds=")) seconds = std::stod(arg.substr(10));
        else if (arg.starts_with("--seed=")) seed = std::stoull(arg.substr(7));
        else paths.push_back(arg);
    }
    if (const char* env = std::getenv("BERTH_FUZZ_SECONDS")) seconds = std::stod(env);
    std::printf("%s: --seed=%llu --seconds=%g\n", argv[0], static_cast<unsigned long long>(seed), seconds);
    std::fflush(stdout);
    auto seeds = load_seeds(paths);
    if (seeds.empty()) seeds.push_back("{}");
    for (const auto& input : seeds) run_one(input);

    std::mt19937_64 random(seed);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::uint64_t runs = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        std::string input = mutate(seeds[random() % seeds.size()], random);
        run_one(input);
        ++runs;
        if (runs % 256 == 0) seeds.push_back(std::move(input)); // let mutations build on each other a little
        if (seeds.size() > 4096) seeds.resize(seeds.size() / 2);
    }
    std::printf("%s: %llu mutated inputs, seed %llu, no finding\n", argv[0], static_cast<unsigned long long>(runs),
                static_cast<unsigned long long>(seed));
    return 0;
}
