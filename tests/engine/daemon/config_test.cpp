#include "daemon/config.h"

#include <gtest/gtest.h>

namespace berth::daemon {
namespace {

Result<CommandLine> parse(std::initializer_list<std::string_view> args) {
    std::vector<std::string_view> list(args);
    return parse_command_line(list);
}

TEST(Config, DefaultsAreDockerLike) {
    auto command_line = parse({});
    ASSERT_TRUE(command_line);
    const DaemonConfig& config = command_line->config;
    EXPECT_EQ(config.hosts, std::vector<std::string>{"unix:///run/berth/berth.sock"});
    EXPECT_EQ(config.data_root, "/var/lib/berth");
    EXPECT_EQ(config.exec_root, "/run/berth");
    EXPECT_EQ(config.effective_pidfile(), "/run/berth/berthd.pid");
    EXPECT_EQ(config.group, "berth");
}

TEST(Config, ReadsFlagsInEveryForm) {
    auto command_line = parse({"-H", "unix:///tmp/a.sock", "--host=unix:///tmp/b.sock", "--data-root", "/d",
                               "--exec-root=/e", "-G", "4242", "--log-level", "debug", "--pidfile", "/p"});
    ASSERT_TRUE(command_line) << command_line.error().message();
    const DaemonConfig& config = command_line->config;
    EXPECT_EQ(config.hosts, (std::vector<std::string>{"unix:///tmp/a.sock", "unix:///tmp/b.sock"}));
    EXPECT_EQ(config.socket_paths().value(), (std::vector<std::string>{"/tmp/a.sock", "/tmp/b.sock"}));
    EXPECT_EQ(config.data_root, "/d");
    EXPECT_EQ(config.exec_root, "/e");
    EXPECT_EQ(config.group, "4242");
    EXPECT_EQ(config.log_level, log::Level::Debug);
    EXPECT_EQ(config.effective_pidfile(), "/p");
    EXPECT_TRUE(command_line->flags_given.contains("data-root"));
}

TEST(Config, RejectsBadFlags) {
    EXPECT_FALSE(parse({"--no-such-flag"}));
    EXPECT_FALSE(parse({"--data-root"}));
    EXPECT_FALSE(parse({"--log-level", "loud"}));
    EXPECT_FALSE(parse({"stray"}));
    auto tcp = parse({"-H", "tcp://0.0.0.0:2375"});
    ASSERT_TRUE(tcp);
    auto paths = tcp->config.socket_paths();
    ASSERT_FALSE(paths);
    EXPECT_NE(paths.error().message().find("unix sockets only"), std::string::npos);
}

TEST(Config, FileSettingsApplyUnderFlags) {
    auto command_line = parse({"--data-root", "/d"});
    auto config = apply_config_file(*command_line, R"({"exec-root":"/e","hosts":["unix:///f.sock"],"debug":true})");
    ASSERT_TRUE(config) << config.error().message();
    EXPECT_EQ(config->data_root, "/d");
    EXPECT_EQ(config->exec_root, "/e");
    EXPECT_EQ(config->hosts, std::vector<std::string>{"unix:///f.sock"});
    EXPECT_EQ(config->log_level, log::Level::Debug);
}

TEST(Config, FileErrorsAreDockers) {
    auto command_line = parse({"--data-root", "/d"});
    auto conflict = apply_config_file(*command_line, R"({"data-root":"/other"})");
    ASSERT_FALSE(conflict);
    EXPECT_NE(conflict.error().message().find("specified both as a flag and in the configuration file: data-root"),
              std::string::npos);
    auto unknown = apply_config_file(*command_line, R"({"colour":"blue"})");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message(), "the following directives don't match any configuration option: colour");
    EXPECT_FALSE(apply_config_file(*command_line, "{not json"));
    EXPECT_FALSE(apply_config_file(*command_line, R"({"hosts":"unix:///x"})"));
    EXPECT_FALSE(apply_config_file(*command_line, R"({"debug":"yes"})"));
    EXPECT_FALSE(apply_config_file(*command_line, "[]"));
}

TEST(Config, KnownDockerKeysNotBuiltYetAreTolerated) {
    auto command_line = parse({});
    auto config = apply_config_file(*command_line, R"({"storage-opts":[],"log-opts":{}})");
    EXPECT_TRUE(config);
}

// -s / --storage-driver, or the file's "storage-driver": overlay2 or vfs; unset, berthd probes.
TEST(Config, StorageDriver) {
    auto flags = parse({"-s", "vfs"});
    ASSERT_TRUE(flags);
    EXPECT_EQ(flags->config.storage_driver, "vfs");
    EXPECT_EQ(parse({})->config.storage_driver, "");
    auto file = apply_config_file(*parse({}), R"({"storage-driver":"overlay2"})");
    ASSERT_TRUE(file) << file.error().message();
    EXPECT_EQ(file->storage_driver, "overlay2");
    EXPECT_EQ(file->describe().at("storage-driver"), "overlay2");
    auto unknown = parse({"--storage-driver", "btrfs"});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message(), "unknown storage driver \"btrfs\": berthd has overlay2 and vfs");
    EXPECT_FALSE(apply_config_file(*flags, R"({"storage-driver":"vfs"})")) << "flag and file both";
}

// --plugins-dir or the file's "plugins-dir": where volume plugins are found; unset, Docker's directories.
TEST(Config, PluginsDir) {
    EXPECT_EQ(parse({})->config.plugins_dir, "");
    auto flags = parse({"--plugins-dir", "/tmp/plugins"});
    ASSERT_TRUE(flags) << flags.error().message();
    EXPECT_EQ(flags->config.plugins_dir, "/tmp/plugins");
    auto file = apply_config_file(*parse({}), R"({"plugins-dir":"/srv/plugins"})");
    ASSERT_TRUE(file) << file.error().message();
    EXPECT_EQ(file->describe().at("plugins-dir"), "/srv/plugins");
    auto relative = parse({"--plugins-dir=plugins"});
    ASSERT_FALSE(relative);
    EXPECT_EQ(relative.error().message(), "invalid plugins directory \"plugins\": it must be an absolute path");
}

// Plain-HTTP registries: --insecure-registry (repeatable) or the file's list.
TEST(Config, InsecureRegistries) {
    auto flags = parse({"--insecure-registry", "reg.lan:5000", "--insecure-registry=other"});
    ASSERT_TRUE(flags);
    EXPECT_EQ(flags->config.insecure_registries, (std::vector<std::string>{"reg.lan:5000", "other"}));
    auto file = apply_config_file(*parse({}), R"({"insecure-registries":["a:1","b"]})");
    ASSERT_TRUE(file) << file.error().message();
    EXPECT_EQ(file->insecure_registries, (std::vector<std::string>{"a:1", "b"}));
    EXPECT_EQ(file->describe().at("insecure-registries"), "[a:1,b]");
    EXPECT_FALSE(apply_config_file(*parse({}), R"({"insecure-registries":"a"})"));
    EXPECT_FALSE(parse({"--insecure-registry", "http://a/b"}));
    EXPECT_FALSE(apply_config_file(*flags, R"({"insecure-registries":["x"]})")) << "flag and file both";
}

// Mirrors of docker.io: --registry-mirror (repeatable) or "registry-mirrors",
// checked like dockerd's ValidateMirror, kept with a trailing "/".
TEST(Config, RegistryMirrors) {
    auto flags = parse({"--registry-mirror", "https://mirror.lan:5000", "--registry-mirror=http://127.0.0.1:7000/"});
    ASSERT_TRUE(flags) << flags.error().message();
    EXPECT_EQ(flags->config.registry_mirrors,
              (std::vector<std::string>{"https://mirror.lan:5000/", "http://127.0.0.1:7000/"}));
    EXPECT_EQ(flags->config.describe().at("registry-mirrors"), "[https://mirror.lan:5000/,http://127.0.0.1:7000/]");
    auto file = apply_config_file(*parse({}), R"({"registry-mirrors":["https://m.example"]})");
    ASSERT_TRUE(file) << file.error().message();
    EXPECT_EQ(file->registry_mirrors, std::vector<std::string>{"https://m.example/"});
    EXPECT_TRUE(parse({})->config.registry_mirrors.empty());

    auto error_of = [](std::string_view mirror) {
        auto parsed = parse({"--registry-mirror", mirror});
        return parsed ? std::string("accepted") : parsed.error().message();
    };
    EXPECT_EQ(error_of("mirror.lan"), R"(invalid mirror: unsupported scheme "" in "mirror.lan")");
    EXPECT_EQ(error_of("ftp://mirror.lan"), R"(invalid mirror: unsupported scheme "ftp" in "ftp://mirror.lan")");
    EXPECT_EQ(error_of("https://user:pw@mirror.lan"),
              R"(invalid mirror: username/password not allowed in URI "https://mirror.lan")");
    EXPECT_EQ(error_of("https://mirror.lan/?x=1"),
              R"(invalid mirror: query or fragment at end of the URI "https://mirror.lan/?x=1")");
    EXPECT_EQ(error_of("https://mirror.lan/v2/cache"),
              R"(invalid mirror: "https://mirror.lan/v2/cache" has a path; berthd takes scheme://host[:port])");
    EXPECT_EQ(error_of("https://mirror.lan:99999"), R"(invalid mirror: "https://mirror.lan:99999" is not a valid URI)");

    auto in_file = apply_config_file(*parse({}), R"({"registry-mirrors":["mirror.lan"]})");
    ASSERT_FALSE(in_file);
    EXPECT_NE(in_file.error().message().find("configuration file /etc/berth/daemon.json: invalid mirror"),
              std::string::npos)
        << in_file.error().message();
    EXPECT_FALSE(apply_config_file(*parse({}), R"({"registry-mirrors":"https://m.example"})"));
    EXPECT_FALSE(apply_config_file(*flags, R"({"registry-mirrors":["https://x.example"]})")) << "flag and file both";
}

// Docker's certs.d, /etc/docker/certs.d unless --registry-certs-dir says otherwise.
TEST(Config, RegistryCertsDir) {
    EXPECT_EQ(parse({})->config.registry_certs_dir, "/etc/docker/certs.d");
    auto flags = parse({"--registry-certs-dir", "/srv/certs.d"});
    ASSERT_TRUE(flags);
    EXPECT_EQ(flags->config.registry_certs_dir, "/srv/certs.d");
    EXPECT_EQ(flags->config.describe().at("registry-certs-dir"), "/srv/certs.d");
    auto file = apply_config_file(*parse({}), R"({"registry-certs-dir":"/etc/berth/certs.d"})");
    ASSERT_TRUE(file) << file.error().message();
    EXPECT_EQ(file->registry_certs_dir, "/etc/berth/certs.d");
    auto relative = parse({"--registry-certs-dir", "certs.d"});
    ASSERT_FALSE(relative);
    EXPECT_EQ(relative.error().message(), R"(invalid registry certs directory "certs.d": it must be an absolute path)");
    EXPECT_FALSE(apply_config_file(*flags, R"({"registry-certs-dir":"/x"})")) << "flag and file both";
}

} // namespace
} // namespace berth::daemon
