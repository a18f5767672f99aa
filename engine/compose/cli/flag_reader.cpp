#include "compose/cli/flag_reader.h"

#include <ostream>

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

void FlagReader::take_word(std::set<std::string>& words, std::string_view verb, std::string& error) {
    if (done() || !error.empty())
        return;
    if (peek().starts_with("-")) {
        error = unknown_word(peek(), verb);
        return;
    }
    words.insert(peek());
    skip();
}

bool FlagReader::reported(const std::string& error, std::ostream& err) {
    if (error.empty())
        return false;
    err << error << "\n";
    return true;
}

std::string unknown_word(const std::string& word, std::string_view verb) {
    return word.starts_with("-") ? "unknown flag: " + word.substr(0, word.find('='))
                                 : "unknown argument \"" + word + "\" for \"compose " + std::string(verb) + "\"";
}

} // namespace berth::compose::cli
