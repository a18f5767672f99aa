#include "ui/pages/page_registry.h"

#include "ui/pages/compose_page.h"
#include "ui/pages/containers_page.h"
#include "ui/pages/dockerfile_page.h"
#include "ui/pages/engine_page.h"
#include "ui/pages/images_page.h"
#include "ui/pages/placeholder_page.h"
#include "ui/pages/resource_page.h"
#include "ui/models/engine_state.h"
#include "ui/models/networks_model.h"
#include "ui/models/volumes_model.h"
#include "ui/widgets/svg_icon.h"

#include <QStyle>

namespace berth::ui {

namespace {
// The desktop's icon when it has a theme, else one Qt's style always has, so the
// sidebar never shows empty squares (the build root has no icon theme at all).
QIcon themedIcon(const QWidget* widget, const char* themeName, QStyle::StandardPixmap fallback) {
    return QIcon::fromTheme(QLatin1String(themeName), widget->style()->standardIcon(fallback));
}
// A ResourcePage over a model with loaded()/loadFailed() (volumes, networks).
template <typename Model>
Page* resourcePage(const QString& id, const QIcon& icon, const ResourcePage::Texts& texts, Model* model,
                   ResourcePage::Operations operations, const EngineState* state, QWidget* parent) {
    auto* page = new ResourcePage(id, icon, texts, model, Model::NameRole, std::move(operations), parent);
    page->followEngine(state);
    QObject::connect(model, &Model::loadFailed, page, &ResourcePage::showLoadError);
    QObject::connect(model, &Model::loaded, page, &ResourcePage::clearLoadError);
    return page;
}

} // namespace

std::vector<Page*> createPages(const PageContext& context, QWidget* parent) {
    EngineApi* api = context.state->api();
    return {
        new ContainersPage(context, svgIcon(QStringLiteral("containers")), parent),
        new ImagesPage(context, svgIcon(QStringLiteral("images")), parent),
        resourcePage(QStringLiteral("volumes"), themedIcon(parent, "drive-harddisk", QStyle::SP_DriveHDIcon),
                     {ResourcePage::tr("Volumes"), ResourcePage::tr("Name of the new volume:"),
                      ResourcePage::tr("Remove all volumes that no container uses?"),
                      ResourcePage::tr("No volumes yet. Create… makes one, and so does running a container "
                                       "with a named volume (-v name:/path).")},
                     context.state->volumes(),
                     {[api](const QString& name) { return api->createVolume(name); },
                      [api](const QString& name) { return api->removeVolume(name, false); },
                      [api] { return api->pruneVolumes(); }},
                     context.state, parent),
        resourcePage(QStringLiteral("networks"), themedIcon(parent, "network-wired", QStyle::SP_DriveNetIcon),
                     {ResourcePage::tr("Networks"), ResourcePage::tr("Name of the new network:"),
                      ResourcePage::tr("Remove all networks that no container uses?"),
                      ResourcePage::tr("No networks yet. Create… makes one.")},
                     context.state->networks(),
                     {[api](const QString& name) { return api->createNetwork(name); },
                      [api](const QString& name) { return api->removeNetwork(name); },
                      [api] { return api->pruneNetworks(); }},
                     context.state, parent),
        new ComposePage(context, themedIcon(parent, "text-x-script", QStyle::SP_FileDialogContentsView), parent),
        new DockerfilePage(context, themedIcon(parent, "text-x-generic", QStyle::SP_FileIcon), parent),
        new EnginePage(context, themedIcon(parent, "computer", QStyle::SP_ComputerIcon), parent),
    };
}

} // namespace berth::ui
