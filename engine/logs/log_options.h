#pragma once
// Reading --log-opt values the way dockerd's Go code does, so the errors read the
// same: numbers through strconv.Atoi, booleans through strconv.ParseBool, and the
// attributes every file driver can attach to its messages (Docker's
// logger.Info.ExtraAttributes and loggerutils.ParseLogTag).

#include "base/error.h"
#include "logs/log_driver.h"

#include <map>
#include <string>
#include <string_view>

namespace berth::logs {

// strconv.Atoi: `strconv.Atoi: parsing "x": invalid syntax`.
Result<int> parse_go_int(std::string_view text);
// strconv.ParseBool: 1 t T TRUE true True 0 f F FALSE false False.
Result<bool> parse_go_bool(std::string_view text);

// The attributes chosen by labels=, labels-regex=, env=, env-regex= and tag=,
// keyed by name ("tag" for the tag). Empty when none of those options is given.
Result<std::map<std::string, std::string>> log_attributes(const LogOpts& opts, const ContainerLogInfo& info);

// The tag= template. Docker's is a Go template; berthd knows the plain field
// references it documents: {{.ID}} {{.FullID}} {{.Name}} {{.ImageID}}
// {{.ImageFullID}} {{.ImageName}} {{.DaemonName}}. Anything else is an error.
Result<std::string> expand_log_tag(std::string_view tmpl, const ContainerLogInfo& info);

} // namespace berth::logs
