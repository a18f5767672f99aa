#include "compose/cli/go_template.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <format>
#include <optional>
#include <set>

namespace berth::compose::cli {

TemplateValue TemplateValue::of_text(std::string text) { return {.kind = Kind::Text, .text = std::move(text)}; }
TemplateValue TemplateValue::of_list(std::vector<std::string> list) { return {.kind = Kind::List, .list = std::move(list)}; }
TemplateValue TemplateValue::of_bool(bool truth) { return {.kind = Kind::Bool, .truth = truth}; }
TemplateValue TemplateValue::of_integer(int64_t number) { return {.kind = Kind::Integer, .number = number}; }
TemplateValue TemplateValue::of_record(std::map<std::string, std::string> record) {
    return {.kind = Kind::Record, .record = std::move(record)};
}

// The parsed form: a pipeline is commands joined by `|`, a command operands.
struct TemplatePipeline;

struct TemplateOperand {
    enum class Kind { Field, Literal, Function, Group };
    Kind kind = Kind::Field;
    std::vector<std::string> path; // Field: .A.B → {A, B}; the dot → {}
    TemplateValue literal;
    std::string function;
    std::shared_ptr<TemplatePipeline> group; // ( ... )
};

struct TemplatePipeline {
    std::vector<std::vector<TemplateOperand>> commands;
};

struct TemplateNode {
    enum class Type { Text, Action, If, Range, With };
    Type type = Type::Text;
    std::string text;   // Text: the words; otherwise the action as written, for errors
    int line = 1;
    TemplatePipeline pipeline;
    std::vector<TemplateNode> body, otherwise;
};

namespace {

const std::set<std::string, std::less<>> kFunctions = {
    "eq", "ne", "lt", "le", "gt", "ge", "not", "and", "or", "len", "print", "println",
    "json", "split", "join", "title", "lower", "upper", "pad", "truncate"};

// The docker CLI's HeaderFunctions: these give back their text in a table's header.
const std::set<std::string, std::less<>> kHeaderIdentities = {"json",  "split", "join", "title",
                                                              "lower", "upper", "truncate"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

auto parse_error(int line, std::string_view message) {
    return fail(ErrorCategory::Invalid, "template: :{}: {}", line, message);
}

// --- splitting the text into text and actions ---

struct Piece {
    bool action = false;
    std::string text;
    int line = 1;
};

int line_at(std::string_view text, size_t at) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

// Where the action opened at `from` closes ("}}" outside quotes), or npos.
size_t action_close(std::string_view text, size_t from) {
    for (size_t i = from; i + 1 < text.size(); ++i) {
        if (text[i] == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i)
                if (text[i] == '\\')
                    ++i;
        } else if (text[i] == '`') {
            i = text.find('`', i + 1);
            if (i == std::string_view::npos)
                return i;
        } else if (text[i] == '}' && text[i + 1] == '}') {
            return i;
        }
    }
    return std::string_view::npos;
}

void trim_end(std::string& text) {
    while (!text.empty() && is_space(text.back()))
        text.pop_back();
}

Result<std::vector<Piece>> split_pieces(std::string_view text) {
    std::vector<Piece> pieces;
    bool trim_next = false;
    for (size_t at = 0; at <= text.size();) {
        size_t open = text.find("{{", at);
        std::string literal(text.substr(at, open == std::string_view::npos ? std::string_view::npos : open - at));
        if (trim_next)
            literal.erase(0, std::min(literal.size(), literal.find_first_not_of(" \t\r\n")));
        size_t inner = open + 2;
        if (open != std::string_view::npos && inner + 1 < text.size() && text[inner] == '-' && is_space(text[inner + 1])) {
            trim_end(literal);
            inner += 2;
        }
        if (!literal.empty())
            pieces.push_back({false, literal, line_at(text, at)});
        if (open == std::string_view::npos)
            break;
        size_t close = action_close(text, inner);
        if (close == std::string_view::npos)
            return parse_error(line_at(text, open), "unclosed action");
        size_t end = close;
        trim_next = close >= inner + 2 && text[close - 1] == '-' && is_space(text[close - 2]);
        if (trim_next)
            end -= 1;
        std::string words(text.substr(inner, end > inner ? end - inner : 0));
        trim_end(words);
        words.erase(0, std::min(words.size(), words.find_first_not_of(" \t\r\n")));
        if (!(words.starts_with("/*") && words.ends_with("*/") && words.size() >= 4))
            pieces.push_back({true, words, line_at(text, open)});
        at = close + 2;
    }
    return pieces;
}

// --- the words of one action ---

struct Token {
    enum class Kind { Open, Close, Pipe, Text, Number, Word, Field };
    Kind kind;
    std::string text;
};

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

Result<std::string> quoted_text(std::string_view words, size_t& i, int line) {
    std::string text;
    for (++i; i < words.size() && words[i] != '"'; ++i) {
        if (words[i] != '\\' || i + 1 >= words.size()) {
            text += words[i];
            continue;
        }
        char escaped = words[++i];
        text += escaped == 'n' ? '\n' : escaped == 't' ? '\t' : escaped == 'r' ? '\r' : escaped;
    }
    if (i >= words.size())
        return parse_error(line, "unterminated quoted string");
    ++i;
    return text;
}

Result<std::vector<Token>> tokens_of(std::string_view words, int line) {
    std::vector<Token> tokens;
    for (size_t i = 0; i < words.size();) {
        char c = words[i];
        if (is_space(c)) {
            ++i;
        } else if (c == '(' || c == ')' || c == '|') {
            tokens.push_back({c == '(' ? Token::Kind::Open : c == ')' ? Token::Kind::Close : Token::Kind::Pipe, {}});
            ++i;
        } else if (c == '"') {
            auto text = quoted_text(words, i, line);
            if (!text)
                return std::unexpected(text.error());
            tokens.push_back({Token::Kind::Text, *text});
        } else if (c == '`') {
            size_t end = words.find('`', i + 1);
            if (end == std::string_view::npos)
                return parse_error(line, "unterminated raw quoted string");
            tokens.push_back({Token::Kind::Text, std::string(words.substr(i + 1, end - i - 1))});
            i = end + 1;
        } else if (c == '.') {
            size_t end = i + 1;
            while (end < words.size() && (is_word_char(words[end]) || words[end] == '.'))
                ++end;
            tokens.push_back({Token::Kind::Field, std::string(words.substr(i, end - i))});
            i = end;
        } else if (std::isdigit(static_cast<unsigned char>(c)) ||
                   (c == '-' && i + 1 < words.size() && std::isdigit(static_cast<unsigned char>(words[i + 1])))) {
            size_t end = i + 1;
            while (end < words.size() && std::isdigit(static_cast<unsigned char>(words[end])))
                ++end;
            tokens.push_back({Token::Kind::Number, std::string(words.substr(i, end - i))});
            i = end;
        } else if (is_word_char(c)) {
            size_t end = i;
            while (end < words.size() && is_word_char(words[end]))
                ++end;
            tokens.push_back({Token::Kind::Word, std::string(words.substr(i, end - i))});
            i = end;
        } else if (c == '$') {
            return parse_error(line, "variables ($) are not taken by berth's templates");
        } else {
            return parse_error(line, std::format("unexpected \"{}\" in command", c));
        }
    }
    return tokens;
}

// --- pipelines ---

class PipelineParser {
public:
    PipelineParser(const std::vector<Token>& tokens, size_t from, int line) : tokens_(tokens), at_(from), line_(line) {}

    Result<TemplatePipeline> whole() {
        auto pipeline = pipeline_until_close();
        if (pipeline && at_ < tokens_.size())
            return parse_error(line_, "unexpected \")\" in command");
        return pipeline;
    }

private:
    Result<TemplatePipeline> pipeline_until_close() {
        TemplatePipeline pipeline;
        for (;;) {
            std::vector<TemplateOperand> command;
            while (at_ < tokens_.size() && tokens_[at_].kind != Token::Kind::Pipe &&
                   tokens_[at_].kind != Token::Kind::Close) {
                auto item = operand();
                if (!item)
                    return std::unexpected(item.error());
                command.push_back(std::move(*item));
            }
            if (command.empty())
                return parse_error(line_, "missing value for command");
            pipeline.commands.push_back(std::move(command));
            if (at_ >= tokens_.size() || tokens_[at_].kind != Token::Kind::Pipe)
                return pipeline;
            ++at_;
        }
    }

    Result<TemplateOperand> operand() {
        const Token& token = tokens_[at_++];
        TemplateOperand out;
        switch (token.kind) {
        case Token::Kind::Open: {
            auto inner = pipeline_until_close();
            if (!inner)
                return std::unexpected(inner.error());
            if (at_ >= tokens_.size())
                return parse_error(line_, "unclosed left paren");
            ++at_;
            out.kind = TemplateOperand::Kind::Group;
            out.group = std::make_shared<TemplatePipeline>(std::move(*inner));
            return out;
        }
        case Token::Kind::Text:
            out.kind = TemplateOperand::Kind::Literal;
            out.literal = TemplateValue::of_text(token.text);
            return out;
        case Token::Kind::Number:
            out.kind = TemplateOperand::Kind::Literal;
            out.literal = TemplateValue::of_integer(std::stoll(token.text));
            return out;
        case Token::Kind::Field:
            return field(token.text);
        case Token::Kind::Word:
            return word(token.text);
        default:
            return parse_error(line_, "unexpected token in command");
        }
    }

    Result<TemplateOperand> field(const std::string& text) {
        TemplateOperand out;
        if (text == ".")
            return out;
        for (size_t at = 1; at <= text.size();) {
            size_t next = text.find('.', at);
            std::string name = text.substr(at, next == std::string::npos ? std::string::npos : next - at);
            if (name.empty())
                return parse_error(line_, std::format("bad field {}", text));
            out.path.push_back(name);
            at = next == std::string::npos ? text.size() + 1 : next + 1;
        }
        return out;
    }

    Result<TemplateOperand> word(const std::string& text) {
        TemplateOperand out;
        if (text == "true" || text == "false") {
            out.kind = TemplateOperand::Kind::Literal;
            out.literal = TemplateValue::of_bool(text == "true");
            return out;
        }
        if (!kFunctions.contains(text))
            return parse_error(line_, std::format("function \"{}\" not defined", text));
        out.kind = TemplateOperand::Kind::Function;
        out.function = text;
        return out;
    }

    const std::vector<Token>& tokens_;
    size_t at_;
    int line_;
};

// --- the tree of if / range / with blocks ---

class TreeParser {
public:
    explicit TreeParser(const std::vector<Piece>& pieces) : pieces_(pieces) {}

    Result<std::vector<TemplateNode>> whole() {
        std::vector<TemplateNode> nodes;
        auto stop = list(nodes);
        if (!stop)
            return std::unexpected(stop.error());
        if (stop->kind != Stop::Kind::Eof)
            return parse_error(stop->line, std::format("unexpected {{{{{}}}}}", stop->kind == Stop::Kind::End ? "end" : "else"));
        return nodes;
    }

private:
    // What ended a list of nodes: the input, {{end}}, or {{else ...}} with its words after `else`.
    struct Stop {
        enum class Kind { Eof, End, Else };
        Kind kind = Kind::Eof;
        std::vector<Token> tail;
        int line = 1;
    };

    Result<Stop> list(std::vector<TemplateNode>& into) {
        while (at_ < pieces_.size()) {
            const Piece& piece = pieces_[at_++];
            if (!piece.action) {
                into.push_back({TemplateNode::Type::Text, piece.text, piece.line, {}, {}, {}});
                continue;
            }
            auto tokens = tokens_of(piece.text, piece.line);
            if (!tokens)
                return std::unexpected(tokens.error());
            std::string keyword = !tokens->empty() && tokens->front().kind == Token::Kind::Word ? tokens->front().text : "";
            if (keyword == "end" || keyword == "else") {
                if (keyword == "end" && tokens->size() > 1)
                    return parse_error(piece.line, "unexpected words in end");
                return Stop{keyword == "end" ? Stop::Kind::End : Stop::Kind::Else,
                            {tokens->begin() + 1, tokens->end()}, piece.line};
            }
            auto node = keyword == "if" || keyword == "range" || keyword == "with"
                            ? block(keyword, *tokens, 1, piece)
                            : action(*tokens, piece);
            if (!node)
                return std::unexpected(node.error());
            into.push_back(std::move(*node));
        }
        return Stop{};
    }

    Result<TemplateNode> action(const std::vector<Token>& tokens, const Piece& piece) {
        auto pipeline = PipelineParser(tokens, 0, piece.line).whole();
        if (!pipeline)
            return std::unexpected(pipeline.error());
        return TemplateNode{TemplateNode::Type::Action, piece.text, piece.line, std::move(*pipeline), {}, {}};
    }

    // `tokens[from...]` is the block's pipeline; the block runs to its {{end}}.
    Result<TemplateNode> block(const std::string& keyword, const std::vector<Token>& tokens, size_t from,
                               const Piece& piece) {
        TemplateNode node;
        node.type = keyword == "if" ? TemplateNode::Type::If
                    : keyword == "range" ? TemplateNode::Type::Range
                                         : TemplateNode::Type::With;
        node.text = piece.text;
        node.line = piece.line;
        if (from >= tokens.size())
            return parse_error(piece.line, std::format("missing value for {}", keyword));
        auto pipeline = PipelineParser(tokens, from, piece.line).whole();
        if (!pipeline)
            return std::unexpected(pipeline.error());
        node.pipeline = std::move(*pipeline);
        auto stop = list(node.body);
        if (!stop)
            return std::unexpected(stop.error());
        if (stop->kind == Stop::Kind::Eof)
            return parse_error(piece.line, "unexpected EOF");
        if (stop->kind == Stop::Kind::End)
            return node;
        // {{else if x}} (or else with) is an if inside the else, closed by the same {{end}}.
        if (!stop->tail.empty()) {
            const Token& chained = stop->tail.front();
            if (chained.kind != Token::Kind::Word || chained.text != keyword || keyword == "range")
                return parse_error(stop->line, "unexpected words after else");
            auto inner = block(keyword, stop->tail, 1, Piece{true, "else " + keyword, stop->line});
            if (!inner)
                return std::unexpected(inner.error());
            node.otherwise.push_back(std::move(*inner));
            return node;
        }
        auto closing = list(node.otherwise);
        if (!closing)
            return std::unexpected(closing.error());
        if (closing->kind != Stop::Kind::End)
            return parse_error(closing->line, closing->kind == Stop::Kind::Eof ? "unexpected EOF" : "expected end; found else");
        return node;
    }

    const std::vector<Piece>& pieces_;
    size_t at_ = 0;
};

// --- running it ---

// Go's fmt %v of a value.
std::string printed(const TemplateValue& value) {
    switch (value.kind) {
    case TemplateValue::Kind::Text: return value.text;
    case TemplateValue::Kind::Bool: return value.truth ? "true" : "false";
    case TemplateValue::Kind::Integer: return std::to_string(value.number);
    case TemplateValue::Kind::List: {
        std::string out = "[";
        for (size_t i = 0; i < value.list.size(); ++i)
            out += (i ? " " : "") + value.list[i];
        return out + "]";
    }
    case TemplateValue::Kind::Record: {
        std::string out = "map[";
        for (const auto& [key, field] : value.record)
            out += (out.size() > 4 ? " " : "") + key + ":" + field;
        return out + "]";
    }
    }
    return {};
}

// Go's truth: non-empty text, lists and records, true, non-zero.
bool truth(const TemplateValue& value) {
    switch (value.kind) {
    case TemplateValue::Kind::Text: return !value.text.empty();
    case TemplateValue::Kind::List: return !value.list.empty();
    case TemplateValue::Kind::Record: return true; // the row is a struct in docker: always true
    case TemplateValue::Kind::Bool: return value.truth;
    case TemplateValue::Kind::Integer: return value.number != 0;
    }
    return false;
}

std::string type_name(const TemplateValue& value) {
    switch (value.kind) {
    case TemplateValue::Kind::Text: return "string";
    case TemplateValue::Kind::List: return "[]string";
    case TemplateValue::Kind::Record: return "record";
    case TemplateValue::Kind::Bool: return "bool";
    case TemplateValue::Kind::Integer: return "int";
    }
    return {};
}

nlohmann::json as_json(const TemplateValue& value) {
    switch (value.kind) {
    case TemplateValue::Kind::Text: return value.text;
    case TemplateValue::Kind::List: return value.list;
    case TemplateValue::Kind::Record: return value.record;
    case TemplateValue::Kind::Bool: return value.truth;
    case TemplateValue::Kind::Integer: return value.number;
    }
    return nullptr;
}

std::vector<std::string> split_text(const std::string& text, const std::string& separator) {
    std::vector<std::string> parts;
    if (separator.empty()) { // Go splits into UTF-8 sequences
        for (size_t at = 0; at < text.size();) {
            size_t next = at + 1;
            while (next < text.size() && (static_cast<unsigned char>(text[next]) & 0xC0) == 0x80)
                ++next;
            parts.push_back(text.substr(at, next - at));
            at = next;
        }
        return parts;
    }
    for (size_t at = 0;;) {
        size_t next = text.find(separator, at);
        parts.push_back(text.substr(at, next == std::string::npos ? std::string::npos : next - at));
        if (next == std::string::npos)
            return parts;
        at = next + separator.size();
    }
}

// strings.Title for ASCII: the first letter of each word upper-cased.
std::string title_case(std::string text) {
    bool after_separator = true;
    for (char& c : text) {
        if (after_separator)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        after_separator = !is_word_char(c) && static_cast<unsigned char>(c) < 0x80;
    }
    return text;
}

std::string mapped(std::string text, int (*change)(int)) {
    for (char& c : text)
        c = static_cast<char>(change(static_cast<unsigned char>(c)));
    return text;
}

class Executor {
public:
    Executor(std::string& out, GoTemplate::Mode mode) : out_(out), mode_(mode) {}

    Result<> run(const std::vector<TemplateNode>& nodes, const TemplateValue& dot) {
        for (const auto& node : nodes) {
            node_ = &node;
            if (auto ok = run_node(node, dot); !ok)
                return ok;
        }
        return {};
    }

private:
    Result<> run_node(const TemplateNode& node, const TemplateValue& dot) {
        if (node.type == TemplateNode::Type::Text) {
            out_ += node.text;
            return {};
        }
        auto value = pipeline(node.pipeline, dot);
        if (!value)
            return std::unexpected(value.error());
        node_ = &node;
        switch (node.type) {
        case TemplateNode::Type::Action: out_ += printed(*value); return {};
        case TemplateNode::Type::If: return run(truth(*value) ? node.body : node.otherwise, dot);
        case TemplateNode::Type::With: return truth(*value) ? run(node.body, *value) : run(node.otherwise, dot);
        case TemplateNode::Type::Range: return range(node, *value, dot);
        default: return {};
        }
    }

    Result<> range(const TemplateNode& node, const TemplateValue& over, const TemplateValue& dot) {
        std::vector<TemplateValue> items;
        if (over.kind == TemplateValue::Kind::List)
            for (const auto& item : over.list)
                items.push_back(TemplateValue::of_text(item));
        else if (over.kind == TemplateValue::Kind::Integer)
            for (int64_t i = 0; i < over.number; ++i)
                items.push_back(TemplateValue::of_integer(i));
        else
            return failure(std::format("range can't iterate over {}", printed(over)));
        if (items.empty())
            return run(node.otherwise, dot);
        for (const auto& item : items)
            if (auto ok = run(node.body, item); !ok)
                return ok;
        return {};
    }

    std::unexpected<Error> failure(std::string_view message) const {
        return fail(ErrorCategory::Invalid, "template: :{}: executing \"\" at <{}>: {}", node_->line, node_->text,
                    message);
    }

    Result<TemplateValue> pipeline(const TemplatePipeline& pipeline, const TemplateValue& dot) {
        std::optional<TemplateValue> piped;
        for (const auto& command : pipeline.commands) {
            auto value = run_command(command, dot, piped ? &*piped : nullptr);
            if (!value)
                return value;
            piped = std::move(*value);
        }
        return *piped;
    }

    Result<TemplateValue> run_command(const std::vector<TemplateOperand>& command, const TemplateValue& dot,
                                      const TemplateValue* piped) {
        const TemplateOperand& head = command.front();
        if (head.kind != TemplateOperand::Kind::Function) {
            if (command.size() > 1 || piped)
                return failure("can't give argument to non-function");
            return operand(head, dot);
        }
        if (head.function == "and" || head.function == "or")
            return and_or(head.function == "and", command, dot, piped);
        std::vector<TemplateValue> args;
        for (size_t i = 1; i < command.size(); ++i) {
            auto value = operand(command[i], dot);
            if (!value)
                return value;
            args.push_back(std::move(*value));
        }
        if (piped)
            args.push_back(*piped);
        return call(head.function, args);
    }

    // Go's and/or: the first false (true) argument, else the last; later ones not evaluated.
    Result<TemplateValue> and_or(bool is_and, const std::vector<TemplateOperand>& command, const TemplateValue& dot,
                                 const TemplateValue* piped) {
        size_t count = command.size() - 1 + (piped ? 1 : 0);
        if (count < 1)
            return failure(std::format("wrong number of args for {}: want at least 1 got 0", is_and ? "and" : "or"));
        TemplateValue value;
        for (size_t i = 1; i <= count; ++i) {
            if (i < command.size()) {
                auto next = operand(command[i], dot);
                if (!next)
                    return next;
                value = std::move(*next);
            } else {
                value = *piped;
            }
            if (truth(value) != is_and)
                return value;
        }
        return value;
    }

    Result<TemplateValue> operand(const TemplateOperand& item, const TemplateValue& dot) {
        switch (item.kind) {
        case TemplateOperand::Kind::Literal: return item.literal;
        case TemplateOperand::Kind::Group: return pipeline(*item.group, dot);
        case TemplateOperand::Kind::Function: return call(item.function, {});
        case TemplateOperand::Kind::Field: break;
        }
        TemplateValue value = dot;
        for (const auto& name : item.path) {
            if (value.kind != TemplateValue::Kind::Record)
                return failure(std::format("can't evaluate field {} in type {}", name, type_name(value)));
            auto found = value.record.find(name);
            if (found == value.record.end()) {
                std::string fields;
                for (const auto& [key, unused] : value.record)
                    fields += (fields.empty() ? "" : ", ") + key;
                return failure(std::format("can't evaluate field {} (the fields are {})", name, fields));
            }
            value = TemplateValue::of_text(found->second);
        }
        return value;
    }

    Result<TemplateValue> call(const std::string& name, const std::vector<TemplateValue>& args) {
        if (mode_ == GoTemplate::Mode::Header && kHeaderIdentities.contains(name) && !args.empty()) {
            if (args.front().kind != TemplateValue::Kind::Text) // these take a string in a header
                return wrong_type("string", args.front());
            return args.front();
        }
        if (name == "print" || name == "println")
            return TemplateValue::of_text(sprint(args, name == "println"));
        if (name == "not" || name == "len" || name == "json" || name == "title" || name == "lower" || name == "upper")
            return one_argument(name, args);
        if (name == "eq" || name == "ne" || name == "lt" || name == "le" || name == "gt" || name == "ge")
            return comparison(name, args);
        return text_function(name, args);
    }

    // fmt.Sprint: a space between operands when neither is text; Sprintln: always, and a newline.
    static std::string sprint(const std::vector<TemplateValue>& args, bool line) {
        std::string out;
        for (size_t i = 0; i < args.size(); ++i) {
            bool spaced = line || (args[i].kind != TemplateValue::Kind::Text &&
                                   args[i - (i ? 1 : 0)].kind != TemplateValue::Kind::Text);
            if (i && spaced)
                out += ' ';
            out += printed(args[i]);
        }
        return line ? out + "\n" : out;
    }

    Result<TemplateValue> one_argument(const std::string& name, const std::vector<TemplateValue>& args) {
        if (args.size() != 1)
            return failure(std::format("wrong number of args for {}: want 1 got {}", name, args.size()));
        const TemplateValue& value = args.front();
        if (name == "not")
            return TemplateValue::of_bool(!truth(value));
        if (name == "json")
            return TemplateValue::of_text(as_json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        if (name == "len") {
            if (value.kind == TemplateValue::Kind::Bool || value.kind == TemplateValue::Kind::Integer)
                return failure(std::format("error calling len: len of type {}", type_name(value)));
            size_t size = value.kind == TemplateValue::Kind::Text   ? value.text.size()
                          : value.kind == TemplateValue::Kind::List ? value.list.size()
                                                                    : value.record.size();
            return TemplateValue::of_integer(static_cast<int64_t>(size));
        }
        if (value.kind != TemplateValue::Kind::Text)
            return wrong_type("string", value);
        if (name == "title")
            return TemplateValue::of_text(title_case(value.text));
        return TemplateValue::of_text(mapped(value.text, name == "lower" ? ::tolower : ::toupper));
    }

    std::unexpected<Error> wrong_type(std::string_view wanted, const TemplateValue& value) const {
        return failure(std::format("wrong type for value; expected {}; got {}", wanted, type_name(value)));
    }

    Result<TemplateValue> comparison(const std::string& name, const std::vector<TemplateValue>& args) {
        if (args.size() < 2 || (name != "eq" && args.size() != 2))
            return failure(std::format("wrong number of args for {}: want 2 got {}", name, args.size()));
        const TemplateValue& left = args.front();
        for (size_t i = 1; i < args.size(); ++i) {
            const TemplateValue& right = args[i];
            if (left.kind != right.kind)
                return failure(std::format("error calling {}: incompatible types for comparison", name));
            if (left.kind == TemplateValue::Kind::List || left.kind == TemplateValue::Kind::Record)
                return failure(std::format("error calling {}: non-comparable type", name));
            int order = left.kind == TemplateValue::Kind::Text ? left.text.compare(right.text)
                        : left.kind == TemplateValue::Kind::Integer
                            ? (left.number < right.number ? -1 : left.number > right.number)
                            : (left.truth == right.truth ? 0 : 1);
            if (left.kind == TemplateValue::Kind::Bool && name != "eq" && name != "ne")
                return failure(std::format("error calling {}: invalid type for comparison", name));
            bool holds = name == "eq"   ? order == 0
                         : name == "ne" ? order != 0
                         : name == "lt" ? order < 0
                         : name == "le" ? order <= 0
                         : name == "gt" ? order > 0
                                        : order >= 0;
            if (holds || name != "eq")
                return TemplateValue::of_bool(holds);
        }
        return TemplateValue::of_bool(false);
    }

    // split join pad truncate: their argument types as the docker CLI's Go functions take them.
    Result<TemplateValue> text_function(const std::string& name, const std::vector<TemplateValue>& args) {
        size_t wanted = name == "pad" ? 3 : 2;
        if (args.size() != wanted)
            return failure(std::format("wrong number of args for {}: want {} got {}", name, wanted, args.size()));
        if (name == "join") {
            if (args[0].kind != TemplateValue::Kind::List)
                return wrong_type("[]string", args[0]);
            if (args[1].kind != TemplateValue::Kind::Text)
                return wrong_type("string", args[1]);
            std::string joined;
            for (size_t i = 0; i < args[0].list.size(); ++i)
                joined += (i ? args[1].text : "") + args[0].list[i];
            return TemplateValue::of_text(joined);
        }
        if (args[0].kind != TemplateValue::Kind::Text)
            return wrong_type("string", args[0]);
        const std::string& text = args[0].text;
        if (name == "split") {
            if (args[1].kind != TemplateValue::Kind::Text)
                return wrong_type("string", args[1]);
            return TemplateValue::of_list(split_text(text, args[1].text));
        }
        for (size_t i = 1; i < args.size(); ++i)
            if (args[i].kind != TemplateValue::Kind::Integer)
                return wrong_type("int", args[i]);
        if (name == "truncate") {
            auto length = static_cast<size_t>(std::max<int64_t>(0, args[1].number));
            return TemplateValue::of_text(text.size() < length ? text : text.substr(0, length));
        }
        if (text.empty()) // pad: empty text stays empty
            return TemplateValue::of_text("");
        auto spaces = [](int64_t count) { return std::string(static_cast<size_t>(std::max<int64_t>(0, count)), ' '); };
        return TemplateValue::of_text(spaces(args[1].number) + text + spaces(args[2].number));
    }

    std::string& out_;
    GoTemplate::Mode mode_;
    const TemplateNode* node_ = nullptr;
};

} // namespace

Result<GoTemplate> GoTemplate::parse(std::string_view text) {
    auto pieces = split_pieces(text);
    if (!pieces)
        return std::unexpected(pieces.error());
    auto nodes = TreeParser(*pieces).whole();
    if (!nodes)
        return std::unexpected(nodes.error());
    GoTemplate parsed;
    parsed.nodes_ = std::make_shared<const std::vector<TemplateNode>>(std::move(*nodes));
    return parsed;
}

Result<> GoTemplate::execute(const TemplateValue& dot, std::string& out, Mode mode) const {
    if (!nodes_)
        return {};
    return Executor(out, mode).run(*nodes_, dot);
}

} // namespace berth::compose::cli
