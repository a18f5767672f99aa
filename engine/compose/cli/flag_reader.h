#pragma once
// Reading flags the way docker's cobra/pflag does for the words we accept:
// "--name value", "--name=value", "-n value", "-nvalue", and boolean "--name"
// (also "--name=true|false"). Small on purpose: each command lists its flags.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::compose::cli {

class FlagReader {
public:
    explicit FlagReader(const std::vector<std::string>& args, size_t start = 0) : args_(args), next_(start) {}

    bool done() const { return next_ >= args_.size(); }
    const std::string& peek() const { return args_[next_]; }
    size_t position() const { return next_; }
    void skip() { ++next_; }

    // A flag with a value; `error` is set when the flag is there but its value is not.
    std::optional<std::string> value(std::string_view long_name, std::string_view short_name, std::string& error);
    // A boolean flag.
    std::optional<bool> boolean(std::string_view long_name, std::string_view short_name);

private:
    const std::vector<std::string>& args_;
    size_t next_;
};

} // namespace berth::compose::cli
