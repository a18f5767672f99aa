#pragma once
// The parsed Dockerfile as BuildKit's parser (frontend/dockerfile/parser) gives
// it to the builder: one Instruction per logical line, its arguments split the
// way that instruction's form says, nothing expanded yet (the builder expands
// variables per instruction, with ShellLexer). The editor reads the same tree.

#include <memory>
#include <string>
#include <vector>

namespace berth::dockerfile {

// A here-document: `RUN <<EOF`, `COPY <<-"EOT" /dst`, `3<<X`.
struct Heredoc {
    std::string name;    // the delimiter word, quotes removed
    std::string content; // the lines up to the delimiter, each with its newline
    bool expand = true;  // false when any part of the delimiter was quoted
    bool chomp = false;  // `<<-`: leading tabs stripped (from content by the builder, from the delimiter here)
    unsigned file_descriptor = 0;
};

// Lines are 1-based; columns are 1-based and count bytes. The range covers
// continuation lines and heredoc bodies.
struct SourceRange {
    int start_line = 0;
    int start_column = 1;
    int end_line = 0;
};

struct Instruction {
    Instruction() = default;
    Instruction(const Instruction& other); // deep: copies the ONBUILD trigger too
    Instruction& operator=(const Instruction& other);
    Instruction(Instruction&&) noexcept = default;
    Instruction& operator=(Instruction&&) noexcept = default;
    ~Instruction() = default;

    std::string keyword;            // as written: `run`, `RUN`, `Copy`
    std::vector<std::string> flags; // `--from=build`, as written (quotes removed)
    std::vector<std::string> args;  // per form; see argument_forms.h
    bool json = false;              // exec (JSON array) form
    std::unique_ptr<Instruction> sub_instruction; // ONBUILD's instruction
    std::vector<Heredoc> heredocs;
    std::string original;              // the logical line, continuations joined
    std::vector<std::string> comments; // the comment lines just above it
    SourceRange range;
};

struct Warning {
    std::string message;
    std::string detail;
    std::string url;
    int line = 0;
};

struct ParsedDockerfile {
    std::vector<Instruction> instructions;
    std::vector<Warning> warnings;
    char32_t escape_token = '\\';
    std::string syntax; // the `# syntax=` directive, if any
    std::string check;  // the `# check=` directive, if any
};

// A parse error with where it is; message reads as BuildKit's.
struct ParseError {
    std::string message;
    int start_line = 0;
    int end_line = 0;
    // "dockerfile parse error on line 3: unknown instruction: FOO", as docker build prints it.
    std::string describe() const;
};

} // namespace berth::dockerfile
