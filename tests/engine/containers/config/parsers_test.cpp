#include "containers/config/mounts.h"
#include "containers/config/resources.h"
#include "containers/config/restart_policy.h"
#include "containers/config/security_options.h"

#include <gtest/gtest.h>

namespace berth::containers::config {
namespace {

TEST(RestartFlag, AsTheCliReadsIt) {
    auto policy = parse_restart_flag("on-failure:3");
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->name, "on-failure");
    EXPECT_EQ(policy->maximum_retry_count, 3);
    EXPECT_EQ(parse_restart_flag("")->name, "no");
    EXPECT_EQ(parse_restart_flag("always")->name, "always");
    EXPECT_EQ(parse_restart_flag(":3").error().message(), "invalid restart policy format: no policy provided before colon");
    EXPECT_EQ(parse_restart_flag("on-failure:x").error().message(),
              "invalid restart policy format: maximum retry count must be an integer");
}

TEST(SecurityOptions, DeprecatedColonSeparatorAndProfiles) {
    auto options = parse_security_options({"label:disable", "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\"}",
                                           "no-new-privileges=false", "writable-cgroups=true"});
    ASSERT_TRUE(options) << options.error().message();
    EXPECT_EQ(options->label_options, std::vector<std::string>{"disable"});
    EXPECT_EQ(options->seccomp_profile, "{\"defaultAction\":\"SCMP_ACT_ALLOW\"}");
    EXPECT_FALSE(options->seccomp_unconfined);
    EXPECT_FALSE(options->no_new_privileges);
    auto builtin = parse_security_options({"seccomp=builtin"});
    ASSERT_TRUE(builtin);
    EXPECT_TRUE(builtin->seccomp_profile.empty());
}

TEST(TmpfsOptions, LaterFlagsAndKeysWin) {
    auto merged = merge_tmpfs_options({"noexec", "nosuid", "size=1m", "exec", "ro", "rw", "size=2m", "defaults"});
    ASSERT_TRUE(merged);
    EXPECT_EQ(*merged, (std::vector<std::string>{"nosuid", "exec", "rw", "size=2m"}));
    EXPECT_FALSE(merge_tmpfs_options({"size"}));
}

TEST(Binds, Modes) {
    auto bind = parse_bind("/a/./b/:/c/../d:rshared,ro,z,cached");
    ASSERT_TRUE(bind) << bind.error().message();
    EXPECT_EQ(bind->source, "/a/b");
    EXPECT_EQ(bind->target, "/d");
    EXPECT_EQ(bind->propagation, "rshared");
    EXPECT_TRUE(bind->read_only);
    EXPECT_EQ(bind->selinux_label, "z");
    EXPECT_FALSE(parse_bind("/a:/b:shared,slave"));
}

TEST(Cpuset, Lists) {
    EXPECT_EQ(*parse_cpuset("0-2,5,1"), (std::vector<unsigned>{0, 1, 2, 5}));
    EXPECT_FALSE(parse_cpuset("3-1"));
    EXPECT_FALSE(parse_cpuset("1,,2"));
    EXPECT_FALSE(parse_cpuset(""));
}

TEST(CleanPath, LikeGo) {
    EXPECT_EQ(clean_path("/a//b/./c/.."), "/a/b");
    EXPECT_EQ(clean_path("/../x"), "/x");
    EXPECT_EQ(clean_path("/"), "/");
    EXPECT_EQ(clean_path("a/../.."), "..");
}

} // namespace
} // namespace berth::containers::config

namespace berth::containers::config {
namespace {

TEST(VolumeSpecs, NamedAnonymousAndNocopy) {
    auto named = parse_bind("data:/srv/data/:ro,nocopy");
    ASSERT_TRUE(named) << named.error().message();
    EXPECT_EQ(named->type, MountType::Volume);
    EXPECT_EQ(named->source, "data");
    EXPECT_EQ(named->target, "/srv/data");
    EXPECT_TRUE(named->read_only);
    EXPECT_TRUE(named->nocopy);

    auto anonymous = parse_bind("/cache");
    ASSERT_TRUE(anonymous) << anonymous.error().message();
    EXPECT_EQ(anonymous->type, MountType::Volume);
    EXPECT_EQ(anonymous->source, "");
    EXPECT_EQ(anonymous->target, "/cache");
    EXPECT_FALSE(anonymous->nocopy);

    // Still a bind when the source is absolute; nocopy is not for binds.
    EXPECT_EQ(parse_bind("/host:/ctr")->type, MountType::Bind);
    EXPECT_FALSE(parse_bind("/host:/ctr:nocopy"));
    EXPECT_FALSE(parse_bind("relative"));
}

TEST(VolumeSpecs, MountOfTypeVolume) {
    nlohmann::json body = {{"Type", "volume"},
                           {"Source", "data"},
                           {"Target", "/data"},
                           {"ReadOnly", true},
                           {"VolumeOptions",
                            {{"NoCopy", true},
                             {"Labels", {{"team", "db"}}},
                             {"DriverConfig", {{"Name", "local"}, {"Options", {{"type", "tmpfs"}, {"device", "tmpfs"}}}}}}}};
    auto object = GoObject::from(&body, "Mounts", "mount.Mount");
    ASSERT_TRUE(object);
    auto mount = parse_mount(*object, api::kMaxApiVersion, nullptr);
    ASSERT_TRUE(mount) << mount.error().message();
    EXPECT_EQ(mount->type, MountType::Volume);
    EXPECT_EQ(mount->source, "data");
    EXPECT_TRUE(mount->read_only);
    EXPECT_TRUE(mount->nocopy);
    EXPECT_EQ(mount->volume_driver, "local");
    EXPECT_EQ(mount->volume_options.at("type"), "tmpfs");
    ASSERT_TRUE(mount->volume_labels);
    EXPECT_EQ(mount->volume_labels->at("team"), "db");

    nlohmann::json anonymous = {{"Type", "volume"}, {"Target", "/cache"}};
    auto anonymous_object = GoObject::from(&anonymous, "Mounts", "mount.Mount");
    auto anonymous_mount = parse_mount(*anonymous_object, api::kMaxApiVersion, nullptr);
    ASSERT_TRUE(anonymous_mount) << anonymous_mount.error().message();
    EXPECT_EQ(anonymous_mount->source, "");
}

// --volume-driver (HostConfig.VolumeDriver) is the driver of -v's volumes, not of binds or --mount's.
TEST(VolumeSpecs, VolumeDriverAppliesToBindsVolumes) {
    nlohmann::json host = {{"Binds", {"pv:/data", "/host:/host"}},
                           {"VolumeDriver", "tp"},
                           {"Mounts", {{{"Type", "volume"}, {"Source", "m"}, {"Target", "/m"}}}}};
    auto object = GoObject::from(&host, "HostConfig", "container.HostConfig");
    ASSERT_TRUE(object);
    auto mounts = parse_all_mounts(*object, api::kMaxApiVersion, [](const std::string&) { return true; });
    ASSERT_TRUE(mounts) << mounts.error().message();
    ASSERT_EQ(mounts->size(), 3u);
    EXPECT_EQ((*mounts)[0].volume_driver, "tp");
    EXPECT_EQ((*mounts)[1].type, MountType::Bind);
    EXPECT_EQ((*mounts)[2].volume_driver, "");
}

TEST(VolumeSpecs, VolumesFrom) {
    auto parsed = parse_volumes_from({"web", "db:ro"});
    ASSERT_TRUE(parsed) << parsed.error().message();
    ASSERT_EQ(parsed->size(), 2u);
    EXPECT_EQ((*parsed)[0].container, "web");
    EXPECT_EQ((*parsed)[0].mode, "");
    EXPECT_EQ((*parsed)[1].container, "db");
    EXPECT_EQ((*parsed)[1].mode, "ro");
    EXPECT_EQ(parse_volumes_from({"db:"}).error().message(), "invalid mode: ");
    EXPECT_EQ(parse_volumes_from({"db:fast"}).error().message(), "invalid mode: fast");
}

} // namespace
} // namespace berth::containers::config
