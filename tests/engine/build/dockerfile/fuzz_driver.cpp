// A standalone fuzz driver for compilers without libFuzzer (GCC): replays the
// seed files given (files or directories, searched recursively), then feeds
// random mutations of them to LLVMFuzzerTestOneInput until --seconds pass.
//   dockerfile_fuzz_driver [--seconds=N] [--seed=N] PATH...
// Build it with -DBERTH_SANITIZE=ON to have ASan/UBSan watch. Exit 0 when nothing crashed.
#include <chrono>
#include <cstdint>
#include <cstdio>
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
            for (const auto& entry : fs::recursive_directory_iterator(path))
                if (entry.is_regular_file()) add(entry.path());
        } else if (fs::is_regular_file(path)) {
            add(path);
        }
    }
    return seeds;
}

// Dockerfile-flavoured pieces, so mutations reach the interesting paths.
const std::vector<std::string> kTokens = {
    "\\\n", "`\n", "\n", "#", "# escape=`\n", "<<EOF\n", "\nEOF\n", "<<-'X'", "${", "}", "$", ":-", ":+", "?", "%%",
    "##", "/", "\"", "'", "[", "]", "[\"a\",", "--from=", "--", " ", "\t", "RUN ", "COPY ", "ONBUILD ", "ENV a=b ",
    "HEALTHCHECK ", "FROM ", "\\u0000", "\xEF\xBB\xBF", "\xff", "\r\n"};

std::string mutate(std::string input, std::mt19937_64& random) {
    const int steps = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < steps; ++i) {
        const std::size_t pos = input.empty() ? 0 : random() % (input.size() + 1);
        switch (random() % 5) {
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
    auto seeds = load_seeds(paths);
    if (seeds.empty()) seeds.push_back("FROM scratch\nRUN echo $A\n");
    for (const auto& input : seeds) run_one(input);

    std::mt19937_64 random(seed);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::uint64_t runs = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        std::string input = mutate(seeds[random() % seeds.size()], random);
        run_one(input);
        ++runs;
        if (runs % 1024 == 0) seeds.push_back(std::move(input)); // let mutations build on each other a little
        if (seeds.size() > 4096) seeds.resize(seeds.size() / 2);
    }
    std::printf("dockerfile fuzz driver: %llu mutated inputs, seed %llu, no crash\n",
                static_cast<unsigned long long>(runs), static_cast<unsigned long long>(seed));
    return 0;
}
