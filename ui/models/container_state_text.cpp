#include "ui/models/container_state_text.h"

#include "ui/models/containers_model.h" // its translation context, where these words always were

namespace berth::ui {

QString containerStateText(const std::string& state) {
    if (state == "running") return ContainersModel::tr("running", "container state");
    if (state == "paused") return ContainersModel::tr("paused", "container state");
    if (state == "restarting") return ContainersModel::tr("restarting", "container state");
    if (state == "exited") return ContainersModel::tr("exited", "container state");
    if (state == "created") return ContainersModel::tr("created", "container state");
    if (state == "dead") return ContainersModel::tr("dead", "container state");
    if (state == "removing") return ContainersModel::tr("removing", "container state");
    return QString::fromStdString(state);
}

} // namespace berth::ui
