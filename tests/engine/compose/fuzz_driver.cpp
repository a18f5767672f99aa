// A standalone fuzz driver for the compose loader (GCC has no libFuzzer): replays
// the seed files given (files or directories, recursively), then feeds random
// mutations of them, spliced with compose-flavoured tokens, to
// LLVMFuzzerTestOneInput until --seconds pass.
//   compose_fuzz_driver [--seconds=N] [--seed=N] PATH...
// Build with -DBERTH_SANITIZE=ON to have ASan/UBSan watch. Exit 0 when nothing crashed.
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

std::vector<std::string> load_seeds(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<std::string> seeds;
    auto add = [&](const fs::path& file) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        seeds.push_back(buffer.str());
    };
    for (const auto& path : paths) {
        if (fs::is_directory(path)) {
            for (const auto& entry : fs::recursive_directory_iterator(path))
                if (entry.is_regular_file() && entry.file_size() < (1 << 16))
                    add(entry.path());
        } else if (fs::is_regular_file(path)) {
            add(path);
        }
    }
    return seeds;
}

// YAML and interpolation pieces, so mutations reach the interesting paths.
const std::vector<std::string> tokens = {
    "\n", "  ", "- ", ": ", "{", "}", "[", "]", ",", "&a ", "*a", "<<: *a\n", "<<: [*a, *a]\n", "!!str ", "!reset ",
    "'", "\"", "#", "|\n", ">-\n", "---\n", "...\n", "${", "$$", "$", ":-", "-", ":?", "?", ":+", "+", "${SET}",
    "${UNSET:-${EMPTY:+x}}", "services:\n", "  web:\n", "    environment:\n", "    ports: [\"80:80\"]\n",
    "    networks: [a]\n", "    depends_on: [db]\n", "    ulimits: {nofile: 1}\n", "    build: .\n",
    "x-ext: ", "export ", "=", "\\n", "\\", "\xEF\xBB\xBF", "\xff", "\r\n", "\t"};

std::string mutate(std::string input, std::mt19937_64& random) {
    int steps = 1 + static_cast<int>(random() % 8);
    for (int i = 0; i < steps; ++i) {
        size_t pos = input.empty() ? 0 : random() % (input.size() + 1);
        switch (random() % 5) {
        case 0:
            if (!input.empty())
                input[pos % input.size()] = static_cast<char>(random());
            break;
        case 1:
            input.insert(pos, tokens[random() % tokens.size()]);
            break;
        case 2:
            if (!input.empty())
                input.erase(pos % input.size(), random() % 16);
            break;
        case 3:
            if (!input.empty())
                input.insert(pos, input.substr(random() % input.size(), random() % 64));
            break;
        default:
            input.resize(pos);
            break;
        }
    }
    if (input.size() > (1 << 16))
        input.resize(1 << 16);
    return input;
}

// An escaping exception is a finding like a crash: keep the input to replay it.
void run_one(const std::string& input) {
    try {
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    } catch (...) {
        std::ofstream("compose-fuzz-crash.bin", std::ios::binary) << input;
        std::fprintf(stderr, "compose fuzz driver: exception; input saved to compose-fuzz-crash.bin\n");
        throw;
    }
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 10;
    std::uint64_t seed = std::random_device{}();
    std::vector<std::string> paths;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.starts_with("--seconds="))
            seconds = std::stod(arg.substr(10));
        else if (arg.starts_with("--seed="))
            seed = std::stoull(arg.substr(7));
        else
            paths.push_back(arg);
    }
    auto seeds = load_seeds(paths);
    if (seeds.empty())
        seeds.push_back("services:\n  web:\n    image: \"a:${SET:-b}\"\n");
    for (const auto& input : seeds)
        run_one(input);
    std::mt19937_64 random(seed);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::uint64_t runs = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        std::string input = mutate(seeds[random() % seeds.size()], random);
        run_one(input);
        ++runs;
        if (runs % 1024 == 0)
            seeds.push_back(std::move(input)); // let mutations build on each other a little
        if (seeds.size() > 4096)
            seeds.resize(seeds.size() / 2);
    }
    std::printf("compose fuzz driver: %llu mutated inputs, seed %llu, no crash\n", static_cast<unsigned long long>(runs),
                static_cast<unsigned long long>(seed));
    return 0;
}
