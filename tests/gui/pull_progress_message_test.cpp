// The typed progress message of pull/push/build streams (api::types::ProgressMessage):
// Docker's JSON lines as its registry pull writes them, read field for field; an
// error's words kept verbatim; the layer lines told from the whole-image ones.
#include "api/types/progress_message.h"

#include <QtTest/QTest>

using berth::api::types::ProgressMessage;

namespace {
ProgressMessage parse(const char* line) {
    auto message = ProgressMessage::from_json(nlohmann::json::parse(line));
    if (!message) qFatal("not parsed: %s", line);
    return *message;
}
} // namespace

class PullProgressMessageTest : public QObject {
    Q_OBJECT
private slots:
    void readsADownloadingLayer() {
        auto m = parse(R"({"status":"Downloading","progressDetail":{"current":1048576,"total":2228352},)"
                       R"("progress":"[=====>    ]  1.05MB/2.228MB","id":"a3ed95caeb02"})");
        QCOMPARE(m.id, std::string("a3ed95caeb02"));
        QCOMPARE(m.status, std::string("Downloading"));
        QCOMPARE(m.current, int64_t{1048576});
        QCOMPARE(m.total, int64_t{2228352});
        QVERIFY(m.is_layer());
        QVERIFY(!m.is_layer_done());
        QVERIFY(!m.is_error());
    }
    void tellsDoneLayersFromWholeImageLines() {
        QVERIFY(parse(R"({"status":"Pull complete","progressDetail":{},"id":"a3ed95caeb02"})").is_layer_done());
        QVERIFY(parse(R"({"status":"Already exists","progressDetail":{},"id":"a3ed95caeb02"})").is_layer_done());
        QVERIFY(parse(R"({"status":"Pushed","progressDetail":{},"id":"a3ed95caeb02"})").is_layer_done());
        QVERIFY(!parse(R"({"status":"Extracting","progressDetail":{"current":5,"total":9},"id":"x"})").is_layer_done());
        auto digest = parse(R"({"status":"Digest: sha256:0123"})");
        QVERIFY(!digest.is_layer());
        QCOMPARE(digest.total, int64_t{0});
    }
    void keepsTheEngineErrorVerbatim() {
        auto m = parse(R"({"errorDetail":{"message":"manifest for busybox:nope not found: manifest unknown"},)"
                       R"("error":"manifest for busybox:nope not found"})");
        QVERIFY(m.is_error());
        QVERIFY(!m.is_layer());
        QCOMPARE(m.error, std::string("manifest for busybox:nope not found: manifest unknown"));
        // An engine that writes only "error" is read too.
        QCOMPARE(parse(R"({"error":"unauthorized"})").error, std::string("unauthorized"));
    }
    void rejectsWrongShapes() {
        QVERIFY(!ProgressMessage::from_json(nlohmann::json::array()));
        QVERIFY(!ProgressMessage::from_json(nlohmann::json::parse(R"({"status":5})")));
    }
    void roundTrips() {
        ProgressMessage layer{.id = "abc", .status = "Extracting", .current = 3, .total = 7, .error = {}};
        QCOMPARE(*ProgressMessage::from_json(layer.to_json()), layer);
        ProgressMessage failure{.id = {}, .status = {}, .current = 0, .total = 0, .error = "no space left"};
        QCOMPARE(*ProgressMessage::from_json(failure.to_json()), failure);
    }
};

QTEST_GUILESS_MAIN(PullProgressMessageTest)
#include "pull_progress_message_test.moc"
