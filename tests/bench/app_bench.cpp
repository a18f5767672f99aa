// The app's figures from issue 10 §6, measured on the real MainWindow against a
// real engine that runs N containers (app_bench.sh starts both): start to the
// first painted window (target ≤ 0.5 s), to a populated container list (≤ 1 s
// with 50 containers), RSS with the list shown and with 5 stats charts open
// (≤ 150 MB), and CPU while idle (≤ 2 % of one core). The Logs figures are
// logs_bench's. A benchmark, not a test: it prints the figures and exits 0
// (1 when the list never fills, so the figures would mean nothing).
//
//   app_bench HOST N   (BENCH_T0_US: the wall clock, in µs, when the process was started)
#include "ui/main_window.h"
#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <chrono>
#include <cstdio>
#include <optional>
#include <sys/resource.h>

using namespace berth::ui;

namespace {

int64_t wallMicros() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Seconds since the process was started: from BENCH_T0_US when the script gave it
// (so exec and dynamic linking count), else since main() began.
int64_t g_t0 = 0;
double sinceStart() { return static_cast<double>(wallMicros() - g_t0) / 1e6; }

double rssMiB() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:")) return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024;
    return 0;
}

double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs the event loop for `ms`, as the user's idle app would: a real QEventLoop
// that sleeps until an event comes. (processEvents(flags, maxtime) ignores
// WaitForMoreEvents and spins: it measured itself at ~95 % of a core.)
void idle(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

// The app's CPU use over `ms` of idling, in % of one core.
double idleCpuPercent(int ms) {
    double cpuBefore = cpuSeconds();
    QElapsedTimer wall;
    wall.start();
    idle(ms);
    return 100.0 * (cpuSeconds() - cpuBefore) / (static_cast<double>(wall.elapsed()) / 1000.0);
}

// Notes when the window first paints.
class FirstPaint : public QObject {
public:
    std::optional<double> at;
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint && !at) at = sinceStart();
        return QObject::eventFilter(watched, event);
    }
};

void row(const char* what, const QString& value, const char* target) {
    std::printf("%-48s %-14s %s\n", what, qPrintable(value), target);
}

} // namespace

int main(int argc, char* argv[]) {
    g_t0 = qEnvironmentVariableIsSet("BENCH_T0_US") ? qEnvironmentVariable("BENCH_T0_US").toLongLong() : wallMicros();
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: app_bench HOST N\n");
        return 2;
    }
    const QString host = QString::fromLocal8Bit(argv[1]);
    const int expected = QString::fromLocal8Bit(argv[2]).toInt();

    MainWindow window(host);
    FirstPaint paint;
    window.installEventFilter(&paint);
    window.resize(1280, 800);
    window.show();
    ContainersModel* containers = window.engineState()->containers();
    std::optional<double> populated;
    QElapsedTimer waiting;
    waiting.start();
    while ((!paint.at || !populated) && waiting.elapsed() < 30000) {
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        if (!populated && containers->rowCount() >= expected) populated = sinceStart();
    }
    if (!populated) {
        std::fprintf(stderr, "the container list never showed %d containers (it has %d)\n", expected,
                     containers->rowCount());
        return 1;
    }
    std::printf("\nBerth app benchmark: %d containers, platform %s\n\n", expected,
                qPrintable(QApplication::platformName()));
    row("start to the first painted window", paint.at ? QStringLiteral("%1 s").arg(*paint.at, 0, 'f', 3) : QStringLiteral("-"),
        "target <= 0.5 s");
    row("start to a populated container list", QStringLiteral("%1 s").arg(*populated, 0, 'f', 3), "target <= 1 s (50 containers)");

    idle(3000); // the CPU/memory columns' first samples, the events stream settled
    row("RSS, container list shown", QStringLiteral("%1 MB").arg(rssMiB(), 0, 'f', 1), "");
    row("CPU idle, container list shown (15 s)", QStringLiteral("%1 %").arg(idleCpuPercent(15000), 0, 'f', 2),
        "target <= 2 % of one core");

    window.showPage(QStringLiteral("engine"));
    idle(2000);
    row("CPU idle, Engine page shown (15 s)", QStringLiteral("%1 %").arg(idleCpuPercent(15000), 0, 'f', 2),
        "target <= 2 % of one core");
    window.showPage(QStringLiteral("containers"));
    idle(1000);

    QStringList five;
    for (int i = 0; i < containers->rowCount() && five.size() < 5; ++i)
        five << containers->index(i, 0).data(ContainersModel::IdRole).toString();
    window.openContainerDetails(five, QStringLiteral("stats"));
    idle(5000);
    row("RSS, 5 stats charts open", QStringLiteral("%1 MB").arg(rssMiB(), 0, 'f', 1), "target <= 150 MB");
    row("CPU, 5 stats charts open (15 s)", QStringLiteral("%1 %").arg(idleCpuPercent(15000), 0, 'f', 2), "");
    std::printf("\n");
    std::fflush(stdout);
    return 0;
}
