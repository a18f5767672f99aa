#pragma once
// The part of Go's text/template that the docker CLI's --format strings use,
// with the docker CLI's functions (cli/templates): text and {{actions}}
// ({{- and -}} trim the white space beside them, {{/* comments */}}),
// {{if}} / {{else if}} / {{else}} / {{end}}, {{range}} (a list or a count;
// its {{else}} when there is nothing to range over), {{with}}, pipelines
// (`.Name | upper`), parentheses, "string" `raw` number true false literals,
// the dot and .Field of a record. Functions: Go's eq ne lt le gt ge not and
// or len print println, docker's json split join title lower upper pad
// truncate. Not taken (an error naming them): variables ($x), other functions.
// Values are text, lists of text (split's), records (a row's fields), truth
// values and integers: what these formats meet.

#include "base/error.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace berth::compose::cli {

struct TemplateValue {
    enum class Kind { Text, List, Record, Bool, Integer };
    Kind kind = Kind::Text;
    std::string text{};
    std::vector<std::string> list{};
    std::map<std::string, std::string> record{};
    bool truth = false;
    int64_t number = 0;

    static TemplateValue of_text(std::string text);
    static TemplateValue of_list(std::vector<std::string> list);
    static TemplateValue of_record(std::map<std::string, std::string> record);
    static TemplateValue of_bool(bool truth);
    static TemplateValue of_integer(int64_t number);
};

struct TemplateNode;

class GoTemplate {
public:
    // Header mode is the docker CLI's HeaderFunctions: a table's header row is
    // the template run on the column titles, where json, split, join, title,
    // lower, upper and truncate leave their text as it is.
    enum class Mode { Rows, Header };

    static Result<GoTemplate> parse(std::string_view text);

    // Appends to `out` as Go writes: what came before an error stays written.
    Result<> execute(const TemplateValue& dot, std::string& out, Mode mode = Mode::Rows) const;

private:
    std::shared_ptr<const std::vector<TemplateNode>> nodes_;
};

} // namespace berth::compose::cli
