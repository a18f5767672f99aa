// The pure pieces of the later compose verbs: the docker stats row arithmetic and
// sizes, --since/--until timestamps, push's tag split (its credentials: tests/engine/api/registry_auth_test.cpp),
// cobra's words for flags, and cp's local tar round trip with a renamed top entry.
#include "compose/cli/flag_reader.h"
#include "compose/cli/local_archive.h"
#include "compose/cli/logs_command.h"
#include "compose/cli/push_command.h"
#include "compose/cli/stats_command.h"
#include "compose/cli/stats_format.h"
#include "compose/cli/table.h"
#include "compose/converge/image_pull.h"

#include <archive.h>
#include <archive_entry.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

namespace berth::compose::cli {
namespace {

namespace fs = std::filesystem;

TEST(ComposeStats, RowFollowsTheDockerCliArithmetic) {
    auto stats = nlohmann::json::parse(R"({
        "name": "/demo-web-1",
        "cpu_stats": {"cpu_usage": {"total_usage": 300000000}, "system_cpu_usage": 2000000000, "online_cpus": 2},
        "precpu_stats": {"cpu_usage": {"total_usage": 100000000}, "system_cpu_usage": 1000000000},
        "memory_stats": {"usage": 3145728, "limit": 1073741824, "stats": {"inactive_file": 1048576}},
        "networks": {"eth0": {"rx_bytes": 1500, "tx_bytes": 500}, "eth1": {"rx_bytes": 500, "tx_bytes": 0}},
        "blkio_stats": {"io_service_bytes_recursive": [{"op": "read", "value": 4096}, {"op": "write", "value": 8192}]},
        "pids_stats": {"current": 3}
    })");
    auto row = stats_row(stats, "0123456789abcdef0123", false);
    EXPECT_EQ(row, (std::vector<std::string>{"0123456789ab", "demo-web-1", "40.00%", "2MiB / 1GiB", "0.20%",
                                              "2kB / 500B", "4.1kB / 8.19kB", "3"}));
    EXPECT_EQ(stats_row(stats, "0123456789abcdef0123", true).front(), "0123456789abcdef0123");
}

TEST(ComposeStats, NoPreviousSampleIsZeroCpu) {
    auto row = stats_row(nlohmann::json::parse(R"({"name": "/x"})"), "id", false);
    EXPECT_EQ(row[2], "0.00%");
    EXPECT_EQ(row[3], "0B / 0B");
}

TEST(ComposeStats, BinarySizesAsGoUnits) {
    EXPECT_EQ(binary_size(0), "0B");
    EXPECT_EQ(binary_size(1536), "1.5KiB");
    EXPECT_EQ(binary_size(8166883328.0), "7.606GiB");
}

const std::vector<std::string> kSampleRow = {"0123456789ab", "demo-web-1", "40.00%", "2MiB / 1GiB",
                                             "0.20%",        "2kB / 500B", "4.1kB / 8.19kB", "3"};

std::string formatted(const std::string& format_text, const std::vector<StatsFields>& rows) {
    auto format = parse_stats_format(format_text);
    EXPECT_TRUE(format) << format.error().message();
    std::ostringstream out;
    if (format) {
        EXPECT_TRUE(print_stats(*format, rows, out));
    }
    return out.str();
}

TEST(ComposeStats, FormatsAsTheDockerCli) {
    const std::vector<StatsFields> rows = {stats_fields(kSampleRow)};
    EXPECT_EQ(formatted("", rows),
              "CONTAINER ID   NAME         CPU %     MEM USAGE / LIMIT   MEM %     NET I/O      BLOCK I/O        PIDS\n"
              "0123456789ab   demo-web-1   40.00%    2MiB / 1GiB         0.20%     2kB / 500B   4.1kB / 8.19kB   3\n");
    EXPECT_EQ(formatted("table", rows), formatted("", rows));
    EXPECT_EQ(formatted("json", rows),
              R"({"BlockIO":"4.1kB / 8.19kB","CPUPerc":"40.00%","Container":"0123456789ab","ID":"0123456789ab",)"
              R"("MemPerc":"0.20%","MemUsage":"2MiB / 1GiB","Name":"demo-web-1","NetIO":"2kB / 500B","PIDs":"3"})"
              "\n");
    EXPECT_EQ(formatted("{{.Name}}: {{ .CPUPerc }}", rows), "demo-web-1: 40.00%\n");
    EXPECT_EQ(formatted("{{json .PIDs}}", rows), "\"3\"\n");
    EXPECT_EQ(formatted("{{json  .}}", rows), formatted("{{json .}}", rows)); // spaced as written once threw
    EXPECT_EQ(formatted("{{json   .PIDs }}", rows), "\"3\"\n");
    EXPECT_EQ(formatted("table {{.Name}}\\t{{.Container}}", rows),
              "NAME         CONTAINER\ndemo-web-1   0123456789ab\n");
    EXPECT_EQ(formatted("json", {}), "");
    EXPECT_FALSE(parse_stats_format("{{.Nope}}"));
    EXPECT_FALSE(parse_stats_format("{{.Name"));
    EXPECT_FALSE(parse_stats_format("{{range .}}x{{end}}"));
}

TEST(ComposeLogs, TimestampsAsTheDockerCliSendsThem) {
    EXPECT_EQ(*api_timestamp("10m", 1'000'000), "999400");
    EXPECT_EQ(*api_timestamp("1h30m", 1'000'000), "994600");
    EXPECT_EQ(*api_timestamp("2024-05-06T07:08:09Z", 0), "1714979289.000000000");
    EXPECT_EQ(*api_timestamp("2024-05-06T07:08:09.5Z", 0), "1714979289.500000000");
    EXPECT_EQ(*api_timestamp("2024-05-06T09:08:09+02:00", 0), "1714979289.000000000");
    EXPECT_EQ(*api_timestamp("1714979289.25", 0), "1714979289.25");
    auto bad = api_timestamp("yesterday", 0);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message(), "failed to parse value as time or duration: \"yesterday\"");
}

TEST(ComposePush, Tags) {
    EXPECT_EQ(converge::split_tag("busybox"), (std::pair<std::string, std::string>{"busybox", "latest"}));
    EXPECT_EQ(converge::split_tag("127.0.0.1:5000/app:1"), (std::pair<std::string, std::string>{"127.0.0.1:5000/app", "1"}));
    EXPECT_EQ(converge::split_tag("127.0.0.1:5000/app"), (std::pair<std::string, std::string>{"127.0.0.1:5000/app", "latest"}));
}

TEST(ComposeFlags, TakeWordAndCobraWords) {
    std::vector<std::string> args = {"web", "--nope=1"};
    FlagReader reader(args);
    std::set<std::string> words;
    std::string error;
    reader.take_word(words, "logs", error);
    reader.take_word(words, "logs", error);
    EXPECT_EQ(words, (std::set<std::string>{"web"}));
    EXPECT_EQ(error, "unknown flag: --nope");
    EXPECT_EQ(unknown_word("extra", "down"), "unknown argument \"extra\" for \"compose down\"");
    std::ostringstream err;
    EXPECT_TRUE(FlagReader::reported(error, err));
    EXPECT_EQ(err.str(), "unknown flag: --nope\n");
    EXPECT_FALSE(FlagReader::reported("", err));
}

TEST(ComposeCp, PackAndUnpackRenameTheTopEntry) {
    fs::path root = fs::temp_directory_path() / ("compose-cp-test-" + std::to_string(getpid()));
    fs::create_directories(root / "src" / "sub");
    std::ofstream(root / "src" / "sub" / "f") << "hello";
    fs::create_symlink("sub/f", root / "src" / "link");
    auto tar = pack_path(root / "src", "renamed");
    ASSERT_TRUE(tar) << tar.error().message();
    fs::create_directories(root / "out");
    ASSERT_TRUE(unpack_into(*tar, root / "out", "renamed", "again", false));
    std::ifstream copied(root / "out" / "again" / "sub" / "f");
    std::string text((std::istreambuf_iterator<char>(copied)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text, "hello");
    EXPECT_TRUE(fs::is_symlink(root / "out" / "again" / "link"));
    EXPECT_EQ(fs::read_symlink(root / "out" / "again" / "link"), "sub/f");
    EXPECT_FALSE(pack_path(root / "missing", "x"));
    fs::remove_all(root);
}

TEST(ComposeCp, ABuildContextLeavesOutWhatTheFilterDrops) {
    fs::path root = fs::temp_directory_path() / ("compose-ctx-test-" + std::to_string(getpid()));
    fs::create_directories(root / "ctx" / "skip");
    std::ofstream(root / "ctx" / "Dockerfile") << "FROM x";
    std::ofstream(root / "ctx" / "skip" / "big") << "big";
    PackFilter filter;
    filter.left_out = [](const std::string& relative) { return relative == "skip"; };
    auto tar = pack_path(root / "ctx", "", filter);
    ASSERT_TRUE(tar) << tar.error().message();
    fs::create_directories(root / "out");
    ASSERT_TRUE(unpack_into(*tar, root / "out", "", "", false));
    EXPECT_TRUE(fs::exists(root / "out" / "Dockerfile"));
    EXPECT_FALSE(fs::exists(root / "out" / "skip"));
    EXPECT_FALSE(fs::exists(root / "out" / "ctx")); // no top entry for a context
    fs::remove_all(root);
}

// A Dockerfile made in memory (dockerfile_inline) goes in beside the context's
// files, and a written .dockerignore replaces the one on disk.
TEST(ComposeCp, WrittenFilesReplaceOrJoinTheContext) {
    fs::path root = fs::temp_directory_path() / ("compose-written-test-" + std::to_string(getpid()));
    fs::create_directories(root / "ctx");
    std::ofstream(root / "ctx" / "data") << "data";
    std::ofstream(root / "ctx" / ".dockerignore") << "old";
    PackFilter filter;
    filter.written[".dockerfile.abc"] = "FROM x\n";
    filter.written[".dockerignore"] = "old\n.dockerfile.abc\n";
    auto tar = pack_path(root / "ctx", "", filter);
    ASSERT_TRUE(tar) << tar.error().message();
    fs::create_directories(root / "out");
    ASSERT_TRUE(unpack_into(*tar, root / "out", "", "", false));
    auto read = [&](const char* name) {
        std::ifstream file(root / "out" / name);
        return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    };
    EXPECT_EQ(read("data"), "data");
    EXPECT_EQ(read(".dockerfile.abc"), "FROM x\n");
    EXPECT_EQ(read(".dockerignore"), "old\n.dockerfile.abc\n");
    EXPECT_EQ(fs::status(root / "out" / ".dockerfile.abc").permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    fs::remove_all(root);
}

// A tar of one regular file, as a daemon (or a hostile one) could answer cp with.
std::string tar_of_one_file(const std::string& name, const std::string& content) {
    std::string out(content.size() + 64 * 1024, '\0');
    size_t used = 0;
    archive* writer = archive_write_new();
    archive_write_set_format_pax_restricted(writer);
    archive_write_open_memory(writer, out.data(), out.size(), &used);
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(content.size()));
    archive_write_header(writer, entry);
    archive_write_data(writer, content.data(), content.size());
    archive_entry_free(entry);
    archive_write_close(writer);
    archive_write_free(writer);
    out.resize(used);
    return out;
}

// An absolute entry name joined to the destination would replace it: refused,
// and nothing written (the name points inside the test's folder, so a
// regression writes there, not outside).
TEST(ComposeCp, AnAbsoluteEntryNameIsRefused) {
    fs::path root = fs::temp_directory_path() / ("compose-cp-abs-" + std::to_string(getpid()));
    fs::create_directories(root / "out");
    auto unpacked = unpack_into(tar_of_one_file((root / "escaped").string(), "x"), root / "out", "", "", false);
    ASSERT_FALSE(unpacked);
    EXPECT_NE(unpacked.error().message().find("an absolute path"), std::string::npos) << unpacked.error().message();
    EXPECT_FALSE(fs::exists(root / "escaped"));
    fs::remove_all(root);
}

// A tar cut short in a file's data is an error, not a file reported as copied.
TEST(ComposeCp, ATarCutShortIsAnError) {
    fs::path root = fs::temp_directory_path() / ("compose-cp-cut-" + std::to_string(getpid()));
    fs::create_directories(root / "out");
    std::string tar = tar_of_one_file("f", std::string(20000, 'a'));
    ASSERT_TRUE(unpack_into(tar, root / "out", "", "", false));
    tar.resize(tar.size() / 2);
    EXPECT_FALSE(unpack_into(tar, root / "out", "", "", false));
    fs::remove_all(root);
}

} // namespace
} // namespace berth::compose::cli
