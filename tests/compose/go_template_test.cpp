// Go's text/template as the docker CLI's --format uses it (go_template.h), on a
// stats row: the outputs Go's templates with the docker CLI's functions give.
#include "compose/cli/go_template.h"
#include "compose/cli/stats_format.h"

#include <gtest/gtest.h>
#include <sstream>

namespace berth::compose::cli {
namespace {

const StatsFields kRow = {{"ID", "0123456789ab"},  {"Name", "demo-web-1"}, {"CPUPerc", "40.00%"},
                          {"MemUsage", "2MiB / 1GiB"}, {"MemPerc", "0.20%"},  {"NetIO", "2kB / 500B"},
                          {"BlockIO", "4.1kB / 8.19kB"}, {"PIDs", "3"},     {"Container", "0123456789ab"}};

// The template run on kRow, or its error.
std::string run(std::string_view text) {
    auto parsed = GoTemplate::parse(text);
    if (!parsed)
        return "parse: " + parsed.error().message();
    std::string out;
    if (auto ran = parsed->execute(TemplateValue::of_record(kRow), out); !ran)
        return "run: " + ran.error().message();
    return out;
}

TEST(GoTemplate, IfElseIfElse) {
    EXPECT_EQ(run(R"({{if eq .Name "demo-web-1"}}web{{else}}other{{end}})"), "web");
    EXPECT_EQ(run(R"({{if eq .PIDs "1"}}one{{else if eq .PIDs "3"}}three{{else}}many{{end}})"), "three");
    EXPECT_EQ(run(R"({{if eq .PIDs "1"}}one{{else if eq .PIDs "2"}}two{{else}}many{{end}})"), "many");
    EXPECT_EQ(run(R"({{if eq .PIDs "1" "2" "3"}}listed{{end}})"), "listed"); // eq takes several
    EXPECT_EQ(run("{{if .Name}}named{{end}}{{if \"\"}}never{{end}}"), "named");
    EXPECT_EQ(run(R"({{if and .Name (not (eq .PIDs "0"))}}up{{end}})"), "up");
    EXPECT_EQ(run(R"({{or "" "b"}}|{{and "a" ""}}|{{and "a" "c"}})"), "b||c"); // the deciding operand itself
    EXPECT_EQ(run(R"({{if lt (len .Name) 20}}short{{end}})"), "short");
    EXPECT_EQ(run("{{with .Name}}{{.}}{{end}}{{with \"\"}}x{{else}}none{{end}}"), "demo-web-1none");
}

TEST(GoTemplate, RangeOverSplitAndCounts) {
    EXPECT_EQ(run(R"({{range split .Name "-"}}[{{.}}]{{end}})"), "[demo][web][1]");
    EXPECT_EQ(run(R"({{range split "" ""}}x{{else}}none{{end}})"), "none"); // strings.Split("", "") is empty
    EXPECT_EQ(run("{{range 3}}{{.}}{{end}}"), "012");
    EXPECT_EQ(run(R"({{range split .MemUsage " / "}}{{if eq . "1GiB"}}limit {{.}}{{end}}{{end}})"), "limit 1GiB");
}

TEST(GoTemplate, TheDockerCliFunctions) {
    EXPECT_EQ(run(R"({{join (split .MemUsage " / ") "|"}})"), "2MiB|1GiB");
    EXPECT_EQ(run("{{.Name | upper}} {{lower \"ABC\"}} {{title \"hello world-x\"}}"), "DEMO-WEB-1 abc Hello World-X");
    EXPECT_EQ(run("{{truncate .ID 4}}|{{truncate .PIDs 4}}|{{pad .PIDs 1 2}}|{{pad \"\" 1 2}}"), "0123|3| 3  |");
    EXPECT_EQ(run(R"({{json (split .Name "-")}} {{json .PIDs}} {{len (split .Name "-")}})"), R"(["demo","web","1"] "3" 3)");
    EXPECT_EQ(run(R"({{print "a" 1 2 "b"}}|{{println "a" 1}})"), "a1 2b|a 1\n"); // fmt.Sprint's spacing
}

TEST(GoTemplate, TrimMarkersAndComments) {
    EXPECT_EQ(run("{{.Name -}}  :  {{- .PIDs}}"), "demo-web-1:3");
    EXPECT_EQ(run("{{/* a note */}}x{{- /* another */ -}}  y"), "xy");
    EXPECT_EQ(run("{{\"}}\"}}"), "}}"); // a quoted }} does not close the action
}

TEST(GoTemplate, ErrorsInGoWords) {
    EXPECT_EQ(run("{{if .Name}}x"), "parse: template: :1: unexpected EOF");
    EXPECT_EQ(run("x{{end}}"), "parse: template: :1: unexpected {{end}}");
    EXPECT_EQ(run("{{foo .Name}}"), "parse: template: :1: function \"foo\" not defined");
    EXPECT_EQ(run("a\n{{.Name"), "parse: template: :2: unclosed action");
    EXPECT_NE(run("{{$x := .Name}}").find("variables"), std::string::npos);
    EXPECT_EQ(run("{{range .}}x{{end}}").substr(0, 5), "run: ");
    EXPECT_NE(run(R"({{join .Name ","}})").find("wrong type for value; expected []string; got string"),
              std::string::npos);
    EXPECT_NE(run("{{.Name.Length}}").find("can't evaluate field Length in type string"), std::string::npos);
}

std::string formatted(const std::string& format_text) {
    auto format = parse_stats_format(format_text);
    if (!format)
        return format.error().message();
    std::ostringstream out;
    if (auto printed = print_stats(*format, {kRow}, out); !printed)
        return printed.error().message();
    return out.str();
}

TEST(GoTemplate, StatsTablesRunTheTemplateOnTheTitles) {
    // The header is the template on the titles: the if's test is false there.
    EXPECT_EQ(formatted(R"(table {{.Name}}\t{{if eq .PIDs "3"}}busy{{else}}idle{{end}})"),
              "NAME         idle\ndemo-web-1   busy\n");
    // In a header the docker CLI's lower, truncate... give their text back.
    EXPECT_EQ(formatted(R"(table {{lower .Name}}\t{{truncate .ID 4}})"), "NAME         CONTAINER ID\ndemo-web-1   0123\n");
    EXPECT_EQ(formatted(R"({{range split .Name "-"}}{{.}} {{end}})"), "demo web 1 \n");
    EXPECT_NE(formatted("{{.Nope}}").find("can't evaluate field Nope"), std::string::npos);
}

} // namespace
} // namespace berth::compose::cli
