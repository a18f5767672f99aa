#include "ui/dialogs/run_options.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace berth::ui {

namespace {

// lupdate files a free tr() under the enclosing namespace, so that is the context to look up.
QString tr(const char* text) {
    return QCoreApplication::translate("berth::ui", text);
}

struct PortSpec {
    std::string hostIp, hostPort, containerPort, protocol;
};

// -p [ip:][hostPort:]containerPort[/protocol]
std::expected<PortSpec, QString> parsePort(const QString& spec) {
    QString rest = spec.trimmed();
    PortSpec out;
    out.protocol = "tcp";
    if (int slash = static_cast<int>(rest.lastIndexOf(QLatin1Char('/'))); slash >= 0) {
        out.protocol = rest.mid(slash + 1).toLower().toStdString();
        rest = rest.left(slash);
        if (out.protocol != "tcp" && out.protocol != "udp" && out.protocol != "sctp")
            return std::unexpected(tr("invalid proto: %1").arg(QString::fromStdString(out.protocol)));
    }
    QStringList parts = rest.split(QLatin1Char(':'));
    if (parts.size() > 3) return std::unexpected(tr("invalid port format: %1").arg(spec));
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    out.containerPort = parts.takeLast().toStdString();
    if (parts.size() == 2) out.hostIp = parts.takeFirst().toStdString();
    if (parts.size() == 1) out.hostPort = parts.takeFirst().toStdString();
    auto valid = [](const std::string& port) {
        return digits.match(QString::fromStdString(port)).hasMatch() && port.size() <= 5 && std::stoi(port) >= 1 &&
               std::stoi(port) <= 65535;
    };
    if (!valid(out.containerPort) || (!out.hostPort.empty() && !valid(out.hostPort)))
        return std::unexpected(tr("invalid port format: %1").arg(spec));
    return out;
}

} // namespace

QStringList splitShellWords(const QString& text) {
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote; // '\'' or '"' while inside quotes
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == quote) quote = QChar();
            else if (c == QLatin1Char('\\') && quote == QLatin1Char('"') && i + 1 < text.size()) word += text[++i];
            else word += c;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inWord = true;
        } else if (c == QLatin1Char('\\') && i + 1 < text.size()) {
            word += text[++i];
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord) words << word;
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (inWord) words << word;
    return words;
}

std::expected<long long, QString> parseMemory(const QString& text) {
    static const QRegularExpression size(QStringLiteral("^([0-9]+(?:\\.[0-9]+)?)\\s*([bkmg]?)b?$"),
                                         QRegularExpression::CaseInsensitiveOption);
    auto match = size.match(text.trimmed());
    if (!match.hasMatch()) return std::unexpected(tr("invalid size: '%1'").arg(text));
    double value = match.captured(1).toDouble();
    const QString unit = match.captured(2).toLower();
    if (unit == QLatin1String("k")) value *= 1024;
    else if (unit == QLatin1String("m")) value *= 1024.0 * 1024;
    else if (unit == QLatin1String("g")) value *= 1024.0 * 1024 * 1024;
    return static_cast<long long>(value);
}

std::vector<std::pair<QString, QString>> parseEnvLines(const QString& text) {
    std::vector<std::pair<QString, QString>> out;
    for (const QString& raw : text.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const int equals = static_cast<int>(line.indexOf(QLatin1Char('=')));
        if (equals < 0) out.emplace_back(line, QString());
        else out.emplace_back(line.left(equals).trimmed(), line.mid(equals + 1));
    }
    return out;
}

std::expected<nlohmann::json, QString> createBody(const RunOptions& options) {
    if (options.image.trimmed().isEmpty()) return std::unexpected(tr("an image is required"));
    nlohmann::json body = {{"Image", options.image.trimmed().toStdString()}};
    nlohmann::json host = nlohmann::json::object();

    const QStringList words = splitShellWords(options.command);
    if (!words.isEmpty()) {
        nlohmann::json cmd = nlohmann::json::array();
        for (const QString& word : words) cmd.push_back(word.toStdString());
        body["Cmd"] = cmd;
    }
    if (!options.env.empty()) {
        nlohmann::json env = nlohmann::json::array();
        for (const auto& [key, value] : options.env) {
            if (key.trimmed().isEmpty()) continue;
            env.push_back((key.trimmed() + QLatin1Char('=') + value).toStdString());
        }
        body["Env"] = env;
    }
    if (!options.ports.isEmpty()) {
        nlohmann::json exposed = nlohmann::json::object(), bindings = nlohmann::json::object();
        for (const QString& spec : options.ports) {
            if (spec.trimmed().isEmpty()) continue;
            auto port = parsePort(spec);
            if (!port) return std::unexpected(port.error());
            const std::string key = port->containerPort + "/" + port->protocol;
            exposed[key] = nlohmann::json::object();
            if (!bindings.contains(key)) bindings[key] = nlohmann::json::array();
            bindings[key].push_back({{"HostIp", port->hostIp}, {"HostPort", port->hostPort}});
        }
        body["ExposedPorts"] = exposed;
        host["PortBindings"] = bindings;
    }
    if (!options.volumes.isEmpty()) {
        nlohmann::json binds = nlohmann::json::array();
        for (const QString& volume : options.volumes) {
            if (volume.trimmed().isEmpty()) continue;
            if (!volume.contains(QLatin1Char(':')))
                return std::unexpected(tr("invalid volume specification: '%1'").arg(volume));
            binds.push_back(volume.trimmed().toStdString());
        }
        host["Binds"] = binds;
    }
    if (!options.network.trimmed().isEmpty()) host["NetworkMode"] = options.network.trimmed().toStdString();
    if (!options.restartPolicy.isEmpty() && options.restartPolicy != QLatin1String("no")) {
        QString policy = options.restartPolicy;
        int retries = 0;
        if (policy.startsWith(QLatin1String("on-failure:"))) {
            retries = policy.mid(11).toInt();
            policy = QStringLiteral("on-failure");
        }
        if (options.autoRemove) return std::unexpected(tr("conflicting options: cannot specify both --restart and --rm"));
        host["RestartPolicy"] = {{"Name", policy.toStdString()}, {"MaximumRetryCount", retries}};
    }
    if (!options.memory.trimmed().isEmpty()) {
        auto memory = parseMemory(options.memory);
        if (!memory) return std::unexpected(memory.error());
        host["Memory"] = *memory;
    }
    // --cpus is NanoCpus, as the docker CLI sends it.
    if (options.cpus > 0) host["NanoCpus"] = static_cast<long long>(options.cpus * 1e9);
    if (options.autoRemove) host["AutoRemove"] = true;
    if (!host.empty()) body["HostConfig"] = host;
    return body;
}

} // namespace berth::ui
