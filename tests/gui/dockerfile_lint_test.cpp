// The Dockerfile editor's rules (ui/editor/dockerfile_lint): what each finds,
// where, and that its quick fix makes the finding go away.

#include "ui/editor/dockerfile_lint.h"

#include "build/dockerfile/parser.h"

#include <QTest>

using namespace berth::ui::editor;

namespace {

std::vector<Finding> withRule(const std::string& text, const std::string& rule) {
    std::vector<Finding> out;
    for (auto& finding : analyze_dockerfile(text))
        if (finding.rule == rule) out.push_back(std::move(finding));
    return out;
}

// Applies the only finding of `rule`'s fix and checks the rule is then quiet.
std::string fixed(const std::string& text, const std::string& rule) {
    auto findings = withRule(text, rule);
    if (findings.size() != 1 || !findings.front().fix) return "<no single fixable " + rule + ">";
    std::string after = apply_fix(text, *findings.front().fix);
    if (!withRule(after, rule).empty()) return "<still " + rule + " after the fix: " + after + ">";
    return after;
}

} // namespace

class DockerfileLintTest : public QObject {
    Q_OBJECT
private slots:
    void parseErrorIsOnItsLineAndFirstWord() {
        auto findings = withRule("FROM busybox:1.36\n  RUNN echo hi\nUSER 1000\n", "parse");
        QCOMPARE(findings.size(), 1u);
        QCOMPARE(findings[0].line, 2);
        QCOMPARE(findings[0].column, 3);
        QCOMPARE(findings[0].end_column, 15);
        QVERIFY(findings[0].message.find("unknown instruction") != std::string::npos);
        QCOMPARE(findings[0].severity, Severity::Error);
    }
    void missingCopyDestination() {
        auto findings = withRule("FROM busybox:1.36\nCOPY a\nUSER 1\n", "parse");
        QCOMPARE(findings.size(), 1u);
        QCOMPARE(findings[0].line, 2);
    }
    void cleanFileHasNoFindings() {
        auto findings = analyze_dockerfile("FROM busybox:1.36\nWORKDIR /app\nCOPY a /app/\nUSER 1000\n"
                                           "CMD [\"sh\"]\n");
        QVERIFY2(findings.empty(), findings.empty() ? "" : findings.front().message.c_str());
    }
    void aptGetRecommendsFlagFix() {
        std::string text = "FROM debian:13\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER 1\n";
        auto findings = withRule(text, "DL3015");
        QCOMPARE(findings.size(), 1u);
        QCOMPARE(findings[0].line, 2);
        QCOMPARE(findings[0].column, 23); // at the second "apt-get", the one that installs
        QCOMPARE(QString::fromStdString(fixed(text, "DL3015")),
                 QString::fromStdString("FROM debian:13\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\nUSER 1\n"));
    }
    void aptListsCleanupFixAcrossContinuation() {
        std::string text = "FROM debian:13\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y curl  \nUSER 1\n";
        QCOMPARE(QString::fromStdString(fixed(text, "DL3009")),
                 QString::fromStdString("FROM debian:13\nRUN apt-get update \\\n && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*  \nUSER 1\n"));
    }
    void fromTags() {
        QCOMPARE(withRule("FROM busybox\nUSER 1\n", "DL3006").size(), 1u);
        QCOMPARE(withRule("FROM busybox:latest\nUSER 1\n", "DL3007").size(), 1u);
        QCOMPARE(withRule("FROM localhost:5000/busybox\nUSER 1\n", "DL3006").size(), 1u);
        QVERIFY(withRule("FROM localhost:5000/busybox:1\nUSER 1\n", "DL3006").empty());
        QVERIFY(withRule("FROM busybox@sha256:abc\nUSER 1\n", "DL3006").empty());
        QVERIFY(withRule("FROM scratch\nUSER 1\n", "DL3006").empty());
        // A stage named earlier is not an image.
        QCOMPARE(withRule("FROM busybox:1 AS base\nFROM base\nUSER 1\n", "DL3006").size(), 0u);
        auto findings = withRule("FROM   busybox\nUSER 1\n", "DL3006");
        QCOMPARE(findings[0].column, 8);
        QCOMPARE(findings[0].end_column, 15);
    }
    void addWhereCopyFits() {
        QCOMPARE(QString::fromStdString(fixed("FROM a:1\nADD src /app\nUSER 1\n", "DL3020")),
                 QStringLiteral("FROM a:1\nCOPY src /app\nUSER 1\n"));
        QVERIFY(withRule("FROM a:1\nADD app.tar.gz /app\nUSER 1\n", "DL3020").empty());
        QVERIFY(withRule("FROM a:1\nADD https://example.com/x /x\nUSER 1\n", "DL3020").empty());
    }
    void noUser() {
        auto findings = withRule("FROM a:1 AS build\nUSER 1\nFROM b:2\nCMD [\"x\"]\n", "DL3002");
        QCOMPARE(findings.size(), 1u);
        QCOMPARE(findings[0].line, 3);
        QVERIFY(!findings[0].fix);
        QCOMPARE(withRule("FROM a:1\nUSER root\n", "DL3002").size(), 1u);
        QVERIFY(withRule("FROM a:1\nUSER app\n", "DL3002").empty());
    }
    void cdInRun() {
        QCOMPARE(QString::fromStdString(fixed("FROM a:1\nRUN cd /src && make\nUSER 1\n", "DL3003")),
                 QStringLiteral("FROM a:1\nWORKDIR /src\nRUN make\nUSER 1\n"));
        auto findings = withRule("FROM a:1\nRUN make && cd /x && ls\nUSER 1\n", "DL3003");
        QCOMPARE(findings.size(), 1u);
        QVERIFY(!findings[0].fix);
        QCOMPARE(findings[0].column, 13);
        QVERIFY(withRule("FROM a:1\nRUN abcd /x\nUSER 1\n", "DL3003").empty());
    }
    void severalCmd() {
        std::string text = "FROM a:1\nUSER 1\nCMD [\"a\"]\nCMD [\"b\"]\n";
        auto findings = withRule(text, "DL4003");
        QCOMPARE(findings.size(), 1u);
        QCOMPARE(findings[0].line, 3);
        QCOMPARE(QString::fromStdString(fixed(text, "DL4003")), QStringLiteral("FROM a:1\nUSER 1\nCMD [\"b\"]\n"));
        // A CMD per stage is fine.
        QVERIFY(withRule("FROM a:1\nCMD [\"a\"]\nFROM b:1\nUSER 1\nCMD [\"b\"]\n", "DL4003").empty());
    }
    void shellFormCmd() {
        QCOMPARE(QString::fromStdString(fixed("FROM a:1\nUSER 1\nENTRYPOINT /app --port=80\n", "DL3025")),
                 QStringLiteral("FROM a:1\nUSER 1\nENTRYPOINT [\"/app\", \"--port=80\"]\n"));
        auto findings = withRule("FROM a:1\nUSER 1\nCMD echo $HOME | cat\n", "DL3025");
        QCOMPARE(findings.size(), 1u);
        QVERIFY(!findings[0].fix); // needs a shell: no clear fix
    }
    void unpinnedInstalls() {
        QCOMPARE(withRule("FROM a:1\nRUN pip install flask requests==2.0\nUSER 1\n", "DL3013").size(), 1u);
        QVERIFY(withRule("FROM a:1\nRUN pip install -r requirements.txt flask==1\nUSER 1\n", "DL3013").empty());
        QCOMPARE(withRule("FROM a:1\nRUN npm install express\nUSER 1\n", "DL3016").size(), 1u);
        QVERIFY(withRule("FROM a:1\nRUN npm install express@4 @types/node@20\nUSER 1\n", "DL3016").empty());
        QVERIFY(withRule("FROM a:1\nRUN npm install\nUSER 1\n", "DL3016").empty());
        QCOMPARE(withRule("FROM a:1\nRUN npm install @types/node\nUSER 1\n", "DL3016").size(), 1u);
    }
    void stages() {
        auto parsed = berth::dockerfile::parse_dockerfile("FROM a:1 AS build\nRUN x\nFROM b:2\n");
        QVERIFY(parsed);
        auto found = stages_of(*parsed);
        QCOMPARE(found.size(), 2u);
        QCOMPARE(found[0].name, std::string("build"));
        QCOMPARE(found[1].name, std::string("stage 1"));
        QCOMPARE(found[1].line, 3);
    }
};

QTEST_APPLESS_MAIN(DockerfileLintTest)
#include "dockerfile_lint_test.moc"
