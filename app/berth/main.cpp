// berth-gui: Berth's desktop GUI. Parses its options and opens the main
// window. People start it as `berth` (launcher.cpp), which runs `berth
// compose ...` itself, without loading Qt.
#include "ui/app_setup.h"
#include "ui/main_window.h"

#include "api/client/client.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QLocale>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    berth::ui::setUpApplication(QLocale());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Berth, a desktop container workstation."));
    parser.addHelpOption();
    parser.addVersionOption();
    // Like docker's -H and DOCKER_HOST: the flag wins over BERTH_HOST, then
    // DOCKER_HOST (so Berth opens whatever engine the docker CLI talks to), then the default.
    QString defaultHost = qEnvironmentVariable("BERTH_HOST");
    if (defaultHost.isEmpty()) defaultHost = qEnvironmentVariable("DOCKER_HOST");
    if (defaultHost.isEmpty()) defaultHost = QLatin1String(berth::api::kDefaultHost);
    QCommandLineOption hostOption(
        {QStringLiteral("H"), QStringLiteral("host")},
        QApplication::translate("main", "Engine API address (default: $BERTH_HOST, else $DOCKER_HOST, else %1).")
            .arg(QLatin1String(berth::api::kDefaultHost)),
        QApplication::translate("main", "address"), defaultHost);
    parser.addOption(hostOption);
    parser.process(app);

    berth::ui::MainWindow window(parser.value(hostOption));
    window.show();
    return QApplication::exec();
}
