#include "logs/log_driver.h"
#include "logs/log_options.h"

#include <gtest/gtest.h>

using namespace berth::logs;
using berth::ErrorCategory;

namespace {

std::string error_of(std::string_view type, const LogOpts& opts) {
    auto result = validate_log_config(type, opts);
    return result ? std::string("ok") : result.error().message();
}

} // namespace

TEST(LogOptions, DockersWordingForBadOptions) {
    EXPECT_EQ(error_of("json-file", {}), "ok");
    EXPECT_EQ(error_of("json-file", {{"max-size", "10m"}, {"max-file", "3"}, {"compress", "false"}, {"tag", "x"}}),
              "ok");
    EXPECT_EQ(error_of("json-file", {{"foo", "1"}}), "unknown log opt 'foo' for json-file log driver");
    EXPECT_EQ(error_of("json-file", {{"max-size", "ten"}}), "invalid size: 'ten'");
    EXPECT_EQ(error_of("json-file", {{"max-size", "0"}}), "max-size must be a positive number");
    EXPECT_EQ(error_of("json-file", {{"max-file", "x"}}), "strconv.Atoi: parsing \"x\": invalid syntax");
    EXPECT_EQ(error_of("json-file", {{"max-file", "0"}}), "max-file cannot be less than 1");
    EXPECT_EQ(error_of("json-file", {{"compress", "yes"}}), "strconv.ParseBool: parsing \"yes\": invalid syntax");
    EXPECT_EQ(error_of("json-file", {{"compress", "true"}, {"max-file", "3"}}),
              "compress cannot be true when max-file is less than 2 or max-size is not set");
    EXPECT_EQ(error_of("json-file", {{"mode", "fast"}}), "logger: logging mode not supported: fast");
    EXPECT_EQ(error_of("json-file", {{"max-buffer-size", "4m"}}),
              "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
    EXPECT_EQ(error_of("json-file", {{"mode", "non-blocking"}, {"max-buffer-size", "4m"}}), "ok");

    EXPECT_EQ(error_of("local", {}), "ok");
    EXPECT_EQ(error_of("local", {{"foo", "1"}}), "unknown log opt 'foo' for log driver local");
    EXPECT_EQ(error_of("local", {{"max-size", "x"}}), "invalid value for max-size: x: invalid size: 'x'");
    EXPECT_EQ(error_of("local", {{"max-file", "-1"}, {"compress", "false"}}), "max-file must not be negative");
    EXPECT_EQ(error_of("local", {{"max-file", "1"}}), "compression cannot be enabled when max file count is 1");
    EXPECT_EQ(error_of("local", {{"max-file", "1"}, {"compress", "false"}}), "ok");

    EXPECT_EQ(error_of("none", {{"anything", "goes"}}), "ok");
}

TEST(LogOptions, UnknownAndUnsupportedDrivers) {
    auto unknown = validate_log_config("foo", {});
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().message(), "logger: no log driver named 'foo' is registered");
    EXPECT_EQ(unknown.error().category(), ErrorCategory::Invalid);
    auto syslog = validate_log_config("syslog", {});
    ASSERT_FALSE(syslog);
    EXPECT_EQ(syslog.error().category(), ErrorCategory::NotImplemented);
    EXPECT_NE(syslog.error().message().find("\"syslog\" is not supported by berthd"), std::string::npos);
    EXPECT_FALSE(make_log_driver("journald", {}, "/tmp/x"));
}

TEST(LogOptions, GoNumberAndBoolParsing) {
    EXPECT_EQ(*parse_go_int("+5"), 5);
    EXPECT_EQ(*parse_go_int("-3"), -3);
    EXPECT_FALSE(parse_go_int(""));
    EXPECT_EQ(parse_go_int("99999999999").error().message(),
              "strconv.Atoi: parsing \"99999999999\": value out of range");
    EXPECT_TRUE(*parse_go_bool("T"));
    EXPECT_FALSE(*parse_go_bool("False"));
    EXPECT_FALSE(parse_go_bool("tRuE"));
}

TEST(LogOptions, AttributesFromLabelsEnvAndTag) {
    ContainerLogInfo info;
    info.id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    info.name = "/web";
    info.image_name = "nginx:latest";
    info.image_id = "sha256:fedcba9876543210";
    info.labels = {{"com.example.team", "ops"}, {"other", "x"}, {"com.example.tier", "front"}};
    info.env = {"PATH=/bin", "REGION=eu", "EMPTY="};
    auto attrs = log_attributes({{"labels", "other,missing"},
                                 {"labels-regex", "^com\\.example\\.t"},
                                 {"env", "REGION,EMPTY"},
                                 {"tag", "{{.Name}}/{{ .ID }}@{{.ImageName}}:{{.ImageID}}"}},
                                info);
    ASSERT_TRUE(attrs) << attrs.error().message();
    std::map<std::string, std::string> expected{{"other", "x"},
                                                {"com.example.team", "ops"},
                                                {"com.example.tier", "front"},
                                                {"REGION", "eu"},
                                                {"EMPTY", ""},
                                                {"tag", "web/0123456789ab@nginx:latest:fedcba987654"}};
    EXPECT_EQ(*attrs, expected);
    EXPECT_TRUE(log_attributes({}, info)->empty());
    EXPECT_FALSE(expand_log_tag("{{.Name | upper}}", info));
    EXPECT_FALSE(log_attributes({{"env-regex", "("}}, info));
}
