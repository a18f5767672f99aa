// The Logs tab's figures from issue 10 §6: a 1,000,000-line log opens (model
// filled and the view painted) in ≤ 1 s, a search through it takes ≤ 0.5 s, and
// following a container that writes 10,000 lines/s never stalls the event loop
// over 50 ms. A benchmark, not a test: it prints the figures and exits 0.
//
//   packaging/dev.sh exec -- env QT_QPA_PLATFORM=offscreen build/tests/gui/logs_bench
#include "ui/details/log_model.h"
#include "ui/details/log_source.h"
#include "ui/details/logs_tab.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QScrollBar>
#include <QTimer>

#include <atomic>
#include <cstdio>
#include <thread>

using namespace berth::ui;

namespace {

// Posts what it is given from any thread, like EngineLogSource's reader.
class BenchSource : public LogSource {
public:
    void start(const LogQuery&) override {}
    void stop() override {}
    using LogSource::post;
};

LogBatch lines(int first, int count) {
    LogBatch batch;
    for (int i = first; i < first + count; ++i) {
        QByteArray text = "2026-01-01 10:00:00 INFO request " + QByteArray::number(i) +
                          " GET /api/v1/items?page=" + QByteArray::number(i % 97) + " -> 200 (3 ms)";
        if (i % 50 == 0) text = "\x1b[31mERROR\x1b[0m " + text;
        batch.appendLine("2026-01-01T10:00:00.000000000Z", text, i % 7 == 0 ? LogStreamKind::Stderr : LogStreamKind::Stdout);
    }
    return batch;
}

struct Tab {
    BenchSource* source;
    std::unique_ptr<LogsTab> tab;
};

Tab makeTab() {
    auto source = std::make_unique<BenchSource>();
    Tab made{source.get(), nullptr};
    std::vector<std::unique_ptr<LogSource>> sources;
    sources.push_back(std::move(source));
    made.tab = std::make_unique<LogsTab>(std::move(sources), QStringList{QStringLiteral("bench")});
    made.tab->resize(1200, 800);
    made.tab->show();
    QApplication::processEvents();
    return made;
}

void openAndSearch() {
    Tab t = makeTab();
    std::vector<LogBatch> batches;
    for (int i = 0; i < 1'000'000; i += 10'000) batches.push_back(lines(i, 10'000)); // made before the clock starts
    QElapsedTimer timer;
    timer.start();
    for (auto& batch : batches) t.source->post(std::move(batch));
    while (t.tab->model()->rowCount() < 1'000'000) QApplication::processEvents();
    t.tab->view()->viewport()->repaint();
    const qint64 openMs = timer.elapsed();
    std::printf("open 1,000,000 lines (%.0f MB of text): %lld ms (target <= 1000)\n",
                static_cast<double>(t.tab->model()->byteCount()) / 1e6, openMs);

    t.tab->setSearchText(QStringLiteral("request 999999 "));
    timer.restart();
    const bool found = t.tab->findNext();
    std::printf("search to the last line: %lld ms, %s (target <= 500)\n", timer.elapsed(), found ? "found" : "NOT FOUND");
    timer.restart();
    t.tab->setFilterText(QStringLiteral("ERROR.*page=1\\d\\b"));
    std::printf("regex filter over 1,000,000 lines: %lld ms, %d rows\n", timer.elapsed(), t.tab->model()->rowCount());
    t.tab->setFilterText(QString());

    timer.restart();
    for (int i = 0; i < 200; ++i) {
        t.tab->view()->verticalScrollBar()->setValue(i * 5000);
        t.tab->view()->viewport()->repaint();
    }
    std::printf("200 scroll jumps with a repaint each: %.2f ms per frame\n", static_cast<double>(timer.elapsed()) / 200);
}

void follow() {
    Tab t = makeTab();
    std::atomic<bool> running{true};
    // 10,000 lines/s in 100 posts of 100 lines, as a stream's chunks arrive.
    std::thread writer([&] {
        int next = 0;
        while (running) {
            t.source->post(lines(next, 100));
            next += 100;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0, worst = 0;
    QTimer tick;
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.elapsed();
        worst = std::max(worst, now - last);
        last = now;
    });
    tick.start();
    while (clock.elapsed() < 5000) QApplication::processEvents(QEventLoop::AllEvents, 50);
    running = false;
    writer.join();
    std::printf("follow at 10,000 lines/s for 5 s: %d lines shown, worst event-loop gap %lld ms (target <= 50)\n",
                t.tab->model()->rowCount(), worst);
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    openAndSearch();
    follow();
    return 0;
}
