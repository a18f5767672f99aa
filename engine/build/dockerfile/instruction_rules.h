#pragma once
// What each instruction accepts, checked as BuildKit's instructions package
// checks a parsed node before building: the instruction is known, its flags
// are ones it takes (with values of the right kind), and it has the arguments
// it needs. Messages are BuildKit's, so `docker build` users see the same text:
//   unknown instruction: RUNN (did you mean run?)
//   unknown flag: form (did you mean from?)
//   COPY requires at least two arguments, but only one was provided. Destination could not be determined
// The parser itself accepts all of these (as BuildKit's parser does); the
// builder calls check_dockerfile, the editor problems_in for every problem.

#include "build/dockerfile/node.h"

#include <expected>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace berth::dockerfile {

// An instruction's flags by name (without --). Bool flags hold "true"/"false";
// list flags (--mount, --exclude) every value in order; others their one value.
class InstructionFlags {
public:
    bool has(std::string_view name) const { return values_.contains(name); }
    std::string value(std::string_view name) const; // "" when absent
    std::vector<std::string> values(std::string_view name) const;
    void add(const std::string& name, std::string value) { values_[name].push_back(std::move(value)); }

private:
    std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

// Parses the flags against the instruction's accepted set (ONBUILD: its trigger's).
std::expected<InstructionFlags, std::string> parse_instruction_flags(const Instruction& instruction);

// The first problem with one instruction, located at its lines.
std::expected<void, ParseError> check_instruction(const Instruction& instruction);

// The first problem in the file (what the builder stops on).
std::expected<void, ParseError> check_dockerfile(const ParsedDockerfile& dockerfile);

// Every instruction's first problem (what the editor underlines).
std::vector<ParseError> problems_in(const ParsedDockerfile& dockerfile);

} // namespace berth::dockerfile
