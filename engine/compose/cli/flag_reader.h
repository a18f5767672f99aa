#pragma once
// Reading flags the way docker's cobra/pflag does for the words we accept:
// "--name value", "--name=value", "-n value", "-nvalue", and boolean "--name"
// (also "--name=true|false"). Small on purpose: each command lists its flags.

#include <iosfwd>
#include <optional>
#include <set>
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
    // The word no flag of the verb took: a positional one goes into `words`, a
    // flag is "unknown flag: --x" in `error` (cobra's words).
    void take_word(std::set<std::string>& words, std::string_view verb, std::string& error);

    // The one way a verb's flag error ends it: printed on its own line; true when there was one.
    static bool reported(const std::string& error, std::ostream& err);

private:
    const std::vector<std::string>& args_;
    size_t next_;
};

// cobra's words for `word` that `compose VERB` does not take: an unknown flag or an extra argument.
std::string unknown_word(const std::string& word, std::string_view verb);

} // namespace berth::compose::cli
