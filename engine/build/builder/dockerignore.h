#pragma once
// .dockerignore as moby's patternmatcher reads and applies it: one pattern a
// line, `#` comments and blank lines skipped, each pattern cleaned (Go's
// filepath.Clean) with a leading `/` dropped; `!` makes an exception. A path
// is excluded when the last pattern that matches it (or one of its parent
// directories) is not an exception. Patterns follow Go's filepath.Match — `*`
// and `?` stop at `/`, `[...]` classes (`^` negates), `\` escapes — plus `**`,
// any number of directories (`**/x` also matches `x`). Pure functions.

#include <string>
#include <string_view>
#include <vector>

namespace berth::build {

struct IgnorePattern {
    std::string pattern; // cleaned, without `!`
    bool exception = false;
};

class IgnoreMatcher {
public:
    IgnoreMatcher() = default;
    explicit IgnoreMatcher(std::vector<IgnorePattern> patterns) : patterns_(std::move(patterns)) {}
    // The .dockerignore file's text.
    static IgnoreMatcher parse(std::string_view text);

    // `path` relative to the context root ("src/main.c"; cleaned here).
    bool excluded(std::string_view path) const;
    bool empty() const { return patterns_.empty(); }
    // Whether some exception pattern could bring back something below an
    // excluded directory: then the walk must look inside it.
    bool has_exceptions() const;

private:
    std::vector<IgnorePattern> patterns_;
};

// Go's filepath.Match extended with `**` as patternmatcher compiles it. A
// malformed class (`[a-`) matches nothing, as Go reports ErrBadPattern.
bool ignore_pattern_matches(std::string_view pattern, std::string_view path);

// Go's path.Clean on a slash-separated path ("" -> ".", "a//b/../c" -> "a/c").
std::string clean_path(std::string_view path);

} // namespace berth::build
