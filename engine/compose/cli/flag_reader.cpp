#include "compose/cli/flag_reader.h"

namespace berth::compose::cli {

std::optional<std::string> FlagReader::value(std::string_view long_name, std::string_view short_name,
                                             std::string& error) {
    if (done())
        return std::nullopt;
    std::string_view word = args_[next_];
    std::string long_flag = "--" + std::string(long_name);
    std::string short_flag = short_name.empty() ? std::string() : "-" + std::string(short_name);
    if (word.starts_with(long_flag + "=")) {
        ++next_;
        return std::string(word.substr(long_flag.size() + 1));
    }
    if (!short_flag.empty() && word.starts_with(short_flag) && word.size() > short_flag.size() &&
        !word.starts_with("--")) {
        ++next_;
        std::string_view rest = word.substr(short_flag.size());
        return std::string(rest.starts_with('=') ? rest.substr(1) : rest);
    }
    if (word != long_flag && (short_flag.empty() || word != short_flag))
        return std::nullopt;
    if (next_ + 1 >= args_.size()) {
        error = "flag needs an argument: " + std::string(word);
        ++next_;
        return std::nullopt;
    }
    next_ += 2;
    return args_[next_ - 1];
}

std::optional<bool> FlagReader::boolean(std::string_view long_name, std::string_view short_name) {
    if (done())
        return std::nullopt;
    std::string_view word = args_[next_];
    std::string long_flag = "--" + std::string(long_name);
    if (word == long_flag || (!short_name.empty() && word == "-" + std::string(short_name))) {
        ++next_;
        return true;
    }
    if (word == long_flag + "=true" || word == long_flag + "=false") {
        ++next_;
        return word.ends_with("true");
    }
    return std::nullopt;
}

} // namespace berth::compose::cli
