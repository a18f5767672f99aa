#include "build/dockerfile/instruction_rules.h"

#include <algorithm>
#include <array>

namespace berth::dockerfile {
namespace {

enum class FlagKind { String, Bool, List };

struct FlagSpec {
    std::string_view name;
    FlagKind kind;
};

using Check = std::expected<void, std::string>;

std::string lowered(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string uppered(std::string_view text) {
    std::string out(text);
    std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

// The flags each instruction takes (dockerfile frontend 1.x, stable and labs ones BuildKit accepts by default).
std::vector<FlagSpec> accepted_flags(std::string_view keyword) {
    using enum FlagKind;
    if (keyword == "from") return {{"platform", String}};
    if (keyword == "run") return {{"mount", List}, {"network", String}, {"security", String}, {"device", List}};
    if (keyword == "copy")
        return {{"from", String}, {"chown", String}, {"chmod", String}, {"link", Bool}, {"parents", Bool},
                {"exclude", List}};
    if (keyword == "add")
        return {{"chown", String}, {"chmod", String}, {"checksum", String}, {"keep-git-dir", Bool}, {"link", Bool},
                {"exclude", List}, {"unpack", Bool}};
    if (keyword == "healthcheck")
        return {{"interval", String}, {"timeout", String}, {"start-period", String}, {"start-interval", String},
                {"retries", String}};
    return {};
}

constexpr std::array kInstructions = {"add",        "arg",    "cmd",        "copy",       "entrypoint", "env",
                                      "expose",     "from",   "healthcheck", "label",     "maintainer", "onbuild",
                                      "run",        "shell",  "stopsignal", "user",       "volume",     "workdir"};

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// " (did you mean x?)" when a known word is close, as BuildKit's suggest package adds.
std::string suggestion(std::string_view typed, const std::vector<std::string_view>& known) {
    const std::string typed_lower = lowered(typed);
    std::string_view best;
    std::size_t best_distance = 3; // at most two edits away
    for (auto candidate : known) {
        const std::size_t distance = edit_distance(typed_lower, candidate);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    if (best.empty() || best_distance == 0) return "";
    return " (did you mean " + std::string(best) + "?)";
}

std::expected<InstructionFlags, std::string> parse_flags(const std::vector<std::string>& flags,
                                                         const std::vector<FlagSpec>& specs) {
    InstructionFlags parsed;
    std::vector<std::string_view> names;
    for (const auto& spec : specs) names.push_back(spec.name);
    for (const auto& flag : flags) {
        if (!flag.starts_with("--")) return std::unexpected("arg should start with -- : " + flag);
        if (flag == "--") break;
        std::string name = flag.substr(2);
        std::string value;
        const auto equals = name.find('=');
        if (equals != std::string::npos) {
            value = name.substr(equals + 1);
            name.resize(equals);
        }
        const auto spec = std::ranges::find(specs, name, &FlagSpec::name);
        if (spec == specs.end()) return std::unexpected("unknown flag: " + name + suggestion(name, names));
        if (parsed.has(name) && spec->kind != FlagKind::List) return std::unexpected("duplicate flag specified: " + name);
        if (spec->kind == FlagKind::Bool) {
            if (equals != std::string::npos && value.empty()) return std::unexpected("missing a value on flag: " + name);
            const std::string lower = lowered(value);
            if (lower.empty()) value = "true";
            else if (lower == "true" || lower == "false") value = lower;
            else return std::unexpected("expecting boolean value for flag " + name + ", not: " + value);
        } else if (equals == std::string::npos) {
            return std::unexpected("missing a value on flag: " + name);
        }
        parsed.add(name, std::move(value));
    }
    return parsed;
}

std::string at_least_one(std::string_view keyword) { return uppered(keyword) + " requires at least one argument"; }
std::string exactly_one(std::string_view keyword) { return uppered(keyword) + " requires exactly one argument"; }

// BuildKit: a stage name is lower-case letters, digits, -, _ and ., starting with a letter.
bool valid_stage_name(std::string_view name) {
    const std::string lower = lowered(name);
    if (lower.empty() || lower[0] < 'a' || lower[0] > 'z') return false;
    return std::ranges::all_of(lower, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

Check check_from(const Instruction& instruction) {
    const auto& args = instruction.args;
    if (args.size() != 1 && args.size() != 3) return std::unexpected("FROM requires either one or three arguments");
    if (args.size() == 3) {
        if (lowered(args[1]) != "as") return std::unexpected("FROM requires either one or three arguments");
        if (!valid_stage_name(args[2]))
            return std::unexpected("invalid name for build stage: \"" + args[2] +
                                   "\", name can't start with a number or contain symbols");
    }
    return {};
}

Check check_key_values(const Instruction& instruction, std::string_view keyword) {
    if (instruction.args.empty()) return std::unexpected(at_least_one(keyword));
    for (std::size_t i = 0; i < instruction.args.size(); i += 3)
        if (instruction.args[i].empty()) return std::unexpected(uppered(keyword) + " names can not be blank");
    return {};
}

Check check_copy(const Instruction& instruction, std::string_view keyword) {
    if (instruction.args.size() < 2)
        return std::unexpected(uppered(keyword) +
                               " requires at least two arguments, but only one was provided. Destination could not be "
                               "determined");
    return {};
}

Check check_healthcheck(const Instruction& instruction) {
    if (instruction.args.empty()) return std::unexpected(at_least_one("healthcheck"));
    const std::string type = uppered(instruction.args[0]);
    if (type == "NONE") {
        if (instruction.args.size() != 1 || !instruction.flags.empty())
            return std::unexpected("HEALTHCHECK NONE takes no arguments");
        return {};
    }
    if (type != "CMD" && type != "CMD-SHELL")
        return std::unexpected("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    if (instruction.args.size() < 2) return std::unexpected("Missing command after HEALTHCHECK CMD");
    return {};
}

Check check_onbuild(const Instruction& instruction) {
    if (!instruction.sub_instruction) return std::unexpected(at_least_one("onbuild"));
    const std::string trigger = lowered(instruction.sub_instruction->keyword);
    if (trigger == "onbuild") return std::unexpected("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    if (trigger == "from" || trigger == "maintainer")
        return std::unexpected(uppered(trigger) + " isn't allowed as an ONBUILD trigger");
    return {};
}

Check check_arguments(const Instruction& instruction, const std::string& keyword) {
    const auto& args = instruction.args;
    if (keyword == "from") return check_from(instruction);
    if (keyword == "env" || keyword == "label") return check_key_values(instruction, keyword);
    if (keyword == "copy" || keyword == "add") return check_copy(instruction, keyword);
    if (keyword == "healthcheck") return check_healthcheck(instruction);
    if (keyword == "onbuild") return check_onbuild(instruction);
    if (keyword == "maintainer" || keyword == "workdir" || keyword == "user" || keyword == "stopsignal")
        return args.size() == 1 ? Check{} : std::unexpected(exactly_one(keyword));
    if (keyword == "arg" || keyword == "expose") return args.empty() ? std::unexpected(at_least_one(keyword)) : Check{};
    if (keyword == "volume") {
        if (args.empty()) return std::unexpected(at_least_one(keyword));
        for (const auto& volume : args)
            if (volume.find_first_not_of(" \t") == std::string::npos)
                return std::unexpected("VOLUME specified can not be an empty string");
        return {};
    }
    if (keyword == "shell") {
        if (!instruction.json) return std::unexpected("SHELL requires the arguments to be in JSON form");
        return args.empty() ? std::unexpected(at_least_one(keyword)) : Check{};
    }
    return {}; // RUN, CMD, ENTRYPOINT: any arguments
}

Check check(const Instruction& instruction) {
    const std::string keyword = lowered(instruction.keyword);
    if (std::ranges::find(kInstructions, keyword) == kInstructions.end()) {
        std::vector<std::string_view> known(kInstructions.begin(), kInstructions.end());
        return std::unexpected("unknown instruction: " + instruction.keyword + suggestion(instruction.keyword, known));
    }
    const Instruction& flagged = keyword == "onbuild" && instruction.sub_instruction ? *instruction.sub_instruction
                                                                                      : instruction;
    if (keyword == "onbuild" && !instruction.flags.empty()) {
        auto flags = parse_flags(instruction.flags, {});
        if (!flags) return std::unexpected(flags.error());
    }
    if (&flagged != &instruction) {
        if (auto trigger = check(flagged); !trigger) return trigger;
    } else if (auto flags = parse_instruction_flags(instruction); !flags) {
        return std::unexpected(flags.error());
    }
    return check_arguments(instruction, keyword);
}

} // namespace

std::string InstructionFlags::value(std::string_view name) const {
    auto found = values_.find(name);
    return found == values_.end() || found->second.empty() ? std::string() : found->second.back();
}

std::vector<std::string> InstructionFlags::values(std::string_view name) const {
    auto found = values_.find(name);
    return found == values_.end() ? std::vector<std::string>{} : found->second;
}

std::expected<InstructionFlags, std::string> parse_instruction_flags(const Instruction& instruction) {
    const Instruction& target = lowered(instruction.keyword) == "onbuild" && instruction.sub_instruction
                                    ? *instruction.sub_instruction
                                    : instruction;
    return parse_flags(target.flags, accepted_flags(lowered(target.keyword)));
}

std::expected<void, ParseError> check_instruction(const Instruction& instruction) {
    auto checked = check(instruction);
    if (!checked) return std::unexpected(ParseError{checked.error(), instruction.range.start_line, instruction.range.end_line});
    return {};
}

std::expected<void, ParseError> check_dockerfile(const ParsedDockerfile& dockerfile) {
    for (const auto& instruction : dockerfile.instructions)
        if (auto checked = check_instruction(instruction); !checked) return checked;
    return {};
}

std::vector<ParseError> problems_in(const ParsedDockerfile& dockerfile) {
    std::vector<ParseError> problems;
    for (const auto& instruction : dockerfile.instructions)
        if (auto checked = check_instruction(instruction); !checked) problems.push_back(std::move(checked.error()));
    return problems;
}

} // namespace berth::dockerfile
