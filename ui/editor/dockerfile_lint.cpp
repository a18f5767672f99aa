#include "ui/editor/dockerfile_lint.h"

#include "build/dockerfile/instruction_rules.h"
#include "build/dockerfile/parser.h"

#include <algorithm>
#include <cctype>
#include <regex>

namespace berth::ui::editor {

namespace {

using dockerfile::Instruction;

std::string upper(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool endsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The physical lines, without their newlines.
std::vector<std::string_view> physicalLines(std::string_view text) {
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        start = end + 1;
    }
    return lines;
}

std::string_view lineAt(const std::vector<std::string_view>& lines, int line) {
    return line >= 1 && line <= static_cast<int>(lines.size()) ? lines[static_cast<size_t>(line - 1)]
                                                                : std::string_view{};
}

int lineLength(const std::vector<std::string_view>& lines, int line) {
    return static_cast<int>(lineAt(lines, line).size());
}

// A finding over [column, column + length) of `line`.
Finding at(std::string rule, Severity severity, std::string message, int line, int column, int length) {
    return Finding{std::move(rule), severity, std::move(message), line, column, line, column + std::max(length, 1), {}};
}

// A finding on the instruction's keyword.
Finding onKeyword(std::string rule, Severity severity, std::string message, const Instruction& instruction) {
    return at(std::move(rule), severity, std::move(message), instruction.range.start_line,
              instruction.range.start_column, static_cast<int>(instruction.keyword.size()));
}

struct Match {
    int line = 0;
    int column = 0;
    int length = 0;
};

// The first match of `pattern` on one physical line of the instruction.
std::optional<Match> findInInstruction(const std::vector<std::string_view>& lines, const Instruction& instruction,
                                       const std::regex& pattern) {
    for (int line = instruction.range.start_line; line <= instruction.range.end_line; ++line) {
        std::string text(lineAt(lines, line));
        std::smatch match;
        if (std::regex_search(text, match, pattern))
            return Match{line, static_cast<int>(match.position(0)) + 1, static_cast<int>(match.length(0))};
    }
    return std::nullopt;
}

Finding onMatchOrKeyword(std::string rule, Severity severity, std::string message, const Instruction& instruction,
                         const std::optional<Match>& match) {
    if (!match) return onKeyword(std::move(rule), severity, std::move(message), instruction);
    return at(std::move(rule), severity, std::move(message), match->line, match->column, match->length);
}

bool isShellRun(const Instruction& instruction) {
    return upper(instruction.keyword) == "RUN" && !instruction.json && instruction.heredocs.empty() &&
           !instruction.args.empty();
}

std::string runCommand(const Instruction& instruction) {
    std::string command;
    for (const auto& arg : instruction.args) command += (command.empty() ? "" : " ") + arg;
    return command;
}

// DL3015, DL3009: apt-get install flags and list cleanup.
void lintAptGet(const std::vector<std::string_view>& lines, const Instruction& instruction,
                std::vector<Finding>& out) {
    const std::string command = runCommand(instruction);
    static const std::regex installed(R"(\bapt-get\b[^&|;]*\binstall\b)");
    if (!std::regex_search(command, installed)) return;
    static const std::regex onOneLine(R"(apt-get(\s+-\S+)*\s+install\b)");
    auto match = findInInstruction(lines, instruction, onOneLine);
    if (command.find("--no-install-recommends") == std::string::npos) {
        Finding finding = onMatchOrKeyword("DL3015", Severity::Warning,
                                           "apt-get install without --no-install-recommends installs packages "
                                           "the image does not need",
                                           instruction, match);
        if (match) {
            int after = match->column + match->length;
            finding.fix = QuickFix{"Add --no-install-recommends",
                                   {TextEdit{match->line, after, match->line, after, " --no-install-recommends"}}};
        }
        out.push_back(std::move(finding));
    }
    if (command.find("/var/lib/apt/lists") == std::string::npos) {
        Finding finding = onMatchOrKeyword("DL3009", Severity::Warning,
                                           "Delete the apt lists after installing: add "
                                           "`rm -rf /var/lib/apt/lists/*` to this RUN",
                                           instruction, match);
        int last = instruction.range.end_line;
        std::string_view lastLine = lineAt(lines, last);
        size_t kept = lastLine.find_last_not_of(" \t");
        int end = kept == std::string_view::npos ? 1 : static_cast<int>(kept) + 2;
        finding.fix = QuickFix{"Remove the apt lists in the same RUN",
                               {TextEdit{last, end, last, end, " && rm -rf /var/lib/apt/lists/*"}}};
        out.push_back(std::move(finding));
    }
}

// DL3003: `cd` in RUN; fixed when the RUN is `cd DIR && REST` on one line.
void lintCd(const std::vector<std::string_view>& lines, const Instruction& instruction, std::vector<Finding>& out) {
    const std::string command = runCommand(instruction);
    static const std::regex usesCd(R"((^|&&|;|\|\|)\s*cd\s)");
    if (!std::regex_search(command, usesCd)) return;
    static const std::regex cdWord(R"(\bcd\s)");
    auto match = findInInstruction(lines, instruction, cdWord);
    if (match) match->length = 2;
    Finding finding = onMatchOrKeyword("DL3003", Severity::Warning,
                                       "Use WORKDIR to switch to a directory instead of `cd` in RUN", instruction,
                                       match);
    static const std::regex leadingCd(R"(^cd\s+([A-Za-z0-9_./~-]+)\s*&&\s*(\S.*)$)");
    std::smatch parts;
    if (instruction.range.start_line == instruction.range.end_line && std::regex_match(command, parts, leadingCd)) {
        int line = instruction.range.start_line;
        finding.fix = QuickFix{
            "Use WORKDIR " + parts[1].str(),
            {TextEdit{line, instruction.range.start_column, line, lineLength(lines, line) + 1,
                      "WORKDIR " + parts[1].str() + "\n" + instruction.keyword + " " + parts[2].str()}}};
    }
    out.push_back(std::move(finding));
}

// The words after `<tool> install` up to the end of that command.
std::vector<std::string> installWords(const std::string& command, const std::regex& install) {
    std::vector<std::string> words;
    std::smatch match;
    if (!std::regex_search(command, match, install)) return words;
    std::string rest = match.suffix().str();
    size_t stop = rest.find_first_of("&|;");
    rest = rest.substr(0, stop);
    size_t i = 0;
    while (i < rest.size()) {
        while (i < rest.size() && std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
        size_t start = i;
        while (i < rest.size() && !std::isspace(static_cast<unsigned char>(rest[i]))) ++i;
        if (i > start) words.push_back(rest.substr(start, i - start));
    }
    return words;
}

bool pipPinned(const std::string& word) {
    for (std::string_view marker : {"==", ">=", "<=", "~=", "!=", "<", ">", "@", "/", ".whl", ".tar.gz"})
        if (word.find(marker) != std::string::npos) return true;
    return word == ".";
}

bool npmPinned(const std::string& word) {
    if (word.find_first_of("/.:") != std::string::npos && word.front() != '@') return true; // a path, URL or tarball
    size_t at = word.find('@', 1);
    return at != std::string::npos;
}

// DL3013, DL3016: pip and npm install without versions.
void lintUnpinned(const std::vector<std::string_view>& lines, const Instruction& instruction,
                  std::vector<Finding>& out) {
    const std::string command = runCommand(instruction);
    static const std::regex pip(R"(\bpip3?\s+install\b)");
    static const std::regex npm(R"(\bnpm\s+(install|i|add)\b)");
    static const std::vector<std::string> pipTakesValue = {"-r", "--requirement", "-c", "--constraint", "-i",
                                                           "--index-url", "--extra-index-url", "-t", "--target",
                                                           "-e", "--editable", "-f", "--find-links"};
    std::vector<std::string> unpinned;
    std::vector<std::string> words = installWords(command, pip);
    for (size_t i = 0; i < words.size(); ++i) {
        if (std::find(pipTakesValue.begin(), pipTakesValue.end(), words[i]) != pipTakesValue.end()) {
            ++i;
            continue;
        }
        if (words[i].starts_with("-")) continue;
        if (!pipPinned(words[i])) unpinned.push_back(words[i]);
    }
    if (!unpinned.empty())
        out.push_back(onMatchOrKeyword("DL3013", Severity::Warning,
                                       "Pin versions in pip install (e.g. " + unpinned.front() + "==1.2.3)",
                                       instruction, findInInstruction(lines, instruction, pip)));
    unpinned.clear();
    for (const auto& word : installWords(command, npm))
        if (!word.starts_with("-") && !npmPinned(word)) unpinned.push_back(word);
    if (!unpinned.empty())
        out.push_back(onMatchOrKeyword("DL3016", Severity::Warning,
                                       "Pin versions in npm install (e.g. " + unpinned.front() + "@1.2.3)",
                                       instruction, findInInstruction(lines, instruction, npm)));
}

// DL3006, DL3007: FROM without a tag or with `latest`.
void lintFrom(const std::vector<std::string_view>& lines, const Instruction& instruction,
              const std::vector<std::string>& earlierStages, std::vector<Finding>& out) {
    if (instruction.args.empty()) return;
    const std::string& image = instruction.args.front();
    if (lower(image) == "scratch" || image.find('$') != std::string::npos || image.find('@') != std::string::npos)
        return;
    if (std::find(earlierStages.begin(), earlierStages.end(), lower(image)) != earlierStages.end()) return;
    size_t slash = image.rfind('/');
    size_t colon = image.find(':', slash == std::string::npos ? 0 : slash);
    auto match = findInInstruction(lines, instruction, std::regex(std::regex_replace(
                                                           image, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)")));
    if (colon == std::string::npos)
        out.push_back(onMatchOrKeyword("DL3006", Severity::Warning,
                                       "Tag the image explicitly: " + image + " without a tag means " + image +
                                           ":latest, which changes under you",
                                       instruction, match));
    else if (image.substr(colon + 1) == "latest")
        out.push_back(onMatchOrKeyword("DL3007", Severity::Warning,
                                       "Using latest is prone to errors if the image ever updates: pin a version",
                                       instruction, match));
}

bool isArchiveOrRemote(const std::string& source) {
    if (source.find("://") != std::string::npos || source.starts_with("git@")) return true;
    static const std::vector<std::string_view> archives = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz",
                                                           ".tar.xz", ".txz", ".tar.zst", ".gz", ".bz2", ".xz",
                                                           ".zst"};
    std::string name = lower(source);
    return std::any_of(archives.begin(), archives.end(), [&](std::string_view ext) { return endsWith(name, ext); });
}

// DL3020: ADD of local files that are not archives.
void lintAdd(const Instruction& instruction, std::vector<Finding>& out) {
    if (instruction.args.size() < 2 || !instruction.heredocs.empty()) return;
    for (size_t i = 0; i + 1 < instruction.args.size(); ++i)
        if (isArchiveOrRemote(instruction.args[i]) || instruction.args[i].find('$') != std::string::npos) return;
    for (const auto& flag : instruction.flags)
        if (flag.starts_with("--checksum")) return;
    Finding finding = onKeyword("DL3020", Severity::Warning,
                                "Use COPY instead of ADD for files and folders (ADD also fetches URLs and unpacks "
                                "archives)",
                                instruction);
    bool lowerCase = instruction.keyword == lower(instruction.keyword);
    int line = instruction.range.start_line;
    int column = instruction.range.start_column;
    finding.fix = QuickFix{"Replace ADD with COPY",
                           {TextEdit{line, column, line, column + static_cast<int>(instruction.keyword.size()),
                                     lowerCase ? "copy" : "COPY"}}};
    out.push_back(std::move(finding));
}

bool plainWord(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_./:=,@%+-").find(c) != std::string::npos;
}

// DL3025: shell form CMD/ENTRYPOINT; fixed when its words need no quoting.
void lintShellForm(const std::vector<std::string_view>& lines, const Instruction& instruction,
                   std::vector<Finding>& out) {
    if (instruction.json || instruction.args.empty()) return;
    std::string name = upper(instruction.keyword);
    Finding finding = onKeyword("DL3025", Severity::Info,
                                "Use the JSON form for " + name + " (e.g. " + name +
                                    " [\"app\", \"--flag\"]) so signals reach the process",
                                instruction);
    std::string command = runCommand(instruction);
    bool plain = std::all_of(command.begin(), command.end(), [](char c) { return plainWord(c) || c == ' '; });
    if (plain && instruction.range.start_line == instruction.range.end_line) {
        std::string json = "[";
        size_t i = 0;
        while (i < command.size()) {
            while (i < command.size() && command[i] == ' ') ++i;
            size_t start = i;
            while (i < command.size() && command[i] != ' ') ++i;
            if (i > start) json += (json.size() > 1 ? ", \"" : "\"") + command.substr(start, i - start) + "\"";
        }
        json += "]";
        int line = instruction.range.start_line;
        finding.fix = QuickFix{"Use the JSON form",
                               {TextEdit{line, instruction.range.start_column, line, lineLength(lines, line) + 1,
                                         instruction.keyword + " " + json}}};
    }
    out.push_back(std::move(finding));
}

QuickFix removeInstruction(const Instruction& instruction, const std::string& title) {
    return QuickFix{title, {TextEdit{instruction.range.start_line, 1, instruction.range.end_line + 1, 1, ""}}};
}

bool isRootUser(const Instruction& instruction) {
    if (instruction.args.empty()) return false;
    std::string user = instruction.args.front().substr(0, instruction.args.front().find(':'));
    return user == "root" || user == "0";
}

} // namespace

std::vector<Stage> stages_of(const dockerfile::ParsedDockerfile& parsed) {
    std::vector<Stage> stages;
    for (const auto& instruction : parsed.instructions) {
        if (upper(instruction.keyword) != "FROM" || instruction.args.empty()) continue;
        std::string name = instruction.args.size() >= 3 && lower(instruction.args[1]) == "as"
                               ? instruction.args[2]
                               : "stage " + std::to_string(stages.size());
        stages.push_back(Stage{instruction.range.start_line, name, instruction.args.front()});
    }
    return stages;
}

std::vector<Finding> lint_dockerfile(const dockerfile::ParsedDockerfile& parsed, std::string_view text) {
    const auto lines = physicalLines(text);
    std::vector<Finding> out;
    std::vector<std::string> stageNames;
    const Instruction* lastCmd = nullptr;
    const Instruction* lastEntrypoint = nullptr;
    const Instruction* lastFrom = nullptr;
    const Instruction* lastUser = nullptr;
    for (const auto& instruction : parsed.instructions) {
        const std::string keyword = upper(instruction.keyword);
        if (keyword == "FROM") {
            lintFrom(lines, instruction, stageNames, out);
            if (instruction.args.size() >= 3 && lower(instruction.args[1]) == "as")
                stageNames.push_back(lower(instruction.args[2]));
            lastCmd = lastEntrypoint = lastUser = nullptr;
            lastFrom = &instruction;
        } else if (keyword == "RUN" && isShellRun(instruction)) {
            lintAptGet(lines, instruction, out);
            lintCd(lines, instruction, out);
            lintUnpinned(lines, instruction, out);
        } else if (keyword == "ADD") {
            lintAdd(instruction, out);
        } else if (keyword == "USER") {
            lastUser = &instruction;
        } else if (keyword == "CMD" || keyword == "ENTRYPOINT") {
            const Instruction*& last = keyword == "CMD" ? lastCmd : lastEntrypoint;
            if (last) {
                Finding finding = onKeyword(keyword == "CMD" ? "DL4003" : "DL4004", Severity::Warning,
                                            "Several " + keyword + " instructions in this stage: only the last one (line " +
                                                std::to_string(instruction.range.start_line) + ") takes effect",
                                            *last);
                finding.fix = removeInstruction(*last, "Remove this " + keyword);
                out.push_back(std::move(finding));
            }
            last = &instruction;
            lintShellForm(lines, instruction, out);
        }
    }
    if (lastFrom && !lastUser)
        out.push_back(onKeyword("DL3002", Severity::Info,
                                "The final stage has no USER: its containers run as root", *lastFrom));
    else if (lastUser && isRootUser(*lastUser))
        out.push_back(onKeyword("DL3002", Severity::Warning, "The last USER is root: its containers run as root",
                                *lastUser));
    return out;
}

std::vector<Finding> analyze_dockerfile(std::string_view text) {
    const auto lines = physicalLines(text);
    // A parse error names lines only: underline the first line's words.
    auto onLines = [&](const dockerfile::ParseError& error, Severity severity, std::string rule) {
        int line = std::max(error.start_line, 1);
        std::string_view content = lineAt(lines, line);
        size_t first = content.find_first_not_of(" \t");
        int column = first == std::string_view::npos ? 1 : static_cast<int>(first) + 1;
        int length = std::max(static_cast<int>(content.size()) - column + 1, 1);
        return at(std::move(rule), severity, error.message, line, column, length);
    };
    std::vector<Finding> out;
    auto parsed = dockerfile::parse_dockerfile(text);
    if (!parsed) {
        out.push_back(onLines(parsed.error(), Severity::Error, "parse"));
        return out;
    }
    for (const auto& problem : dockerfile::problems_in(*parsed)) out.push_back(onLines(problem, Severity::Error, "parse"));
    for (auto& finding : lint_dockerfile(*parsed, text)) out.push_back(std::move(finding));
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
        return std::pair(a.line, a.column) < std::pair(b.line, b.column);
    });
    return out;
}

std::string apply_fix(std::string_view text, const QuickFix& fix) {
    std::string out(text);
    auto offset = [&](int line, int column) {
        size_t start = 0;
        for (int i = 1; i < line; ++i) {
            size_t newline = out.find('\n', start);
            if (newline == std::string::npos) return out.size();
            start = newline + 1;
        }
        size_t end = out.find('\n', start);
        if (end == std::string::npos) end = out.size();
        return std::min(start + static_cast<size_t>(std::max(column, 1) - 1), end);
    };
    std::vector<TextEdit> edits = fix.edits;
    std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) {
        return std::pair(a.line, a.column) > std::pair(b.line, b.column);
    });
    for (const auto& edit : edits) {
        size_t from = offset(edit.line, edit.column);
        size_t to = std::max(from, offset(edit.end_line, edit.end_column));
        out.replace(from, to - from, edit.text);
    }
    return out;
}

} // namespace berth::ui::editor
