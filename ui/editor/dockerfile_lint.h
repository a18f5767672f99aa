#pragma once
// What the Dockerfile editor underlines, Qt-free and pure: the parser's errors
// (the same engine/build/dockerfile library the builder uses) and lint rules
// users ask for, with a quick fix where one is clear. The rules' ideas come from
// hadolint's documented list (its rule ids are kept for reference):
//   DL3015 apt-get install without --no-install-recommends      fix: add the flag
//   DL3009 apt-get install without rm -rf /var/lib/apt/lists/*  fix: append the cleanup
//   DL3006 FROM without a tag; DL3007 FROM …:latest              (no fix: which version is the user's call)
//   DL3020 ADD where COPY fits (local files, not archives)      fix: ADD → COPY
//   DL3002 no USER in the last stage (it runs as root)          (no fix)
//   DL3003 `cd` in RUN instead of WORKDIR                       fix: `RUN cd d && x` → `WORKDIR d` + `RUN x`
//   DL4003/DL4004 several CMD/ENTRYPOINT in a stage             fix: remove the earlier one
//   DL3025 shell form CMD/ENTRYPOINT                            fix: JSON form, when the words are plain
//   DL3013/DL3016 unpinned pip/npm install                      (no fix)
//
// Positions: lines 1-based, columns 1-based in bytes of that physical line
// (the editor converts to characters).

#include "build/dockerfile/node.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace berth::ui::editor {

enum class Severity { Error, Warning, Info };

// Replace [(line, column), (end_line, end_column)) with `text`; an empty range
// inserts. A column past a line's end means its end; a line past the last
// means the end of the text (so deleting whole lines is (a,1)-(b+1,1)).
struct TextEdit {
    int line = 1;
    int column = 1;
    int end_line = 1;
    int end_column = 1;
    std::string text;
};

struct QuickFix {
    std::string title;
    std::vector<TextEdit> edits; // in the order they apply; never overlapping
};

struct Finding {
    std::string rule; // "parse", "DL3015", …
    Severity severity = Severity::Warning;
    std::string message;
    int line = 1;
    int column = 1;
    int end_line = 1;
    int end_column = 1; // exclusive
    std::optional<QuickFix> fix;
};

// The parse errors (at most one, the parse stops there), else every
// instruction's first problem (unknown instruction, flag, missing argument),
// then the lint rules. Sorted by line.
std::vector<Finding> analyze_dockerfile(std::string_view text);

// Only the lint rules, on a parsed file whose text is `text`.
std::vector<Finding> lint_dockerfile(const dockerfile::ParsedDockerfile& parsed, std::string_view text);

// `text` with `fix`'s edits applied (for tests and the editor's fallback).
std::string apply_fix(std::string_view text, const QuickFix& fix);

// The stages: FROM's line and its name (`AS name`, else "stage N", 0-based N).
struct Stage {
    int line = 0;
    std::string name;
    std::string image;
};
std::vector<Stage> stages_of(const dockerfile::ParsedDockerfile& parsed);

} // namespace berth::ui::editor
