#pragma once
// What the Run dialog collects, and the POST /containers/create body it makes:
// the same body `docker run` sends for the same flags (-p, -e, -v, --network,
// --restart, -m, --cpus, --rm). Pure: text in, body or a message out, so it is
// tested without a window.

#include <QString>
#include <QStringList>
#include <expected>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

namespace berth::ui {

struct RunOptions {
    QString image;
    QString name;             // empty: the engine picks one
    QString command;          // split as a shell would split words; empty: the image's CMD
    QStringList ports;        // "8080:80", "127.0.0.1:8080:80/udp", "80" (-p)
    std::vector<std::pair<QString, QString>> env; // -e KEY=VALUE
    QStringList volumes;      // "/host:/ctr[:ro]", "named:/data" (-v)
    QString network;          // --network; empty: bridge
    QString restartPolicy;    // no, always, unless-stopped, on-failure[:N]
    QString memory;           // -m: "512m", "1g", bytes
    double cpus = 0;          // --cpus; 0: no limit
    bool autoRemove = false;  // --rm
};

// The create body, or what is wrong with the options (in the words `docker run` uses).
std::expected<nlohmann::json, QString> createBody(const RunOptions& options);

// Words as a POSIX shell splits them: blanks separate, '…' and "…" quote,
// a backslash escapes (the Command field; no variables or globs).
QStringList splitShellWords(const QString& text);

// Docker's memory sizes: a number with an optional b/k/m/g suffix (RAMInBytes).
std::expected<long long, QString> parseMemory(const QString& text);

// KEY=VALUE lines as pasted (blank lines and # comments skipped, "KEY" alone
// taken with an empty value), as in an --env-file.
std::vector<std::pair<QString, QString>> parseEnvLines(const QString& text);

} // namespace berth::ui
