#pragma once
// The one place holding what the GUI knows of the engine: the API, the live
// models every page shows, and the event stream that keeps them current. Two
// views of a container read the same row, so they always agree.
//
// Lifecycle: engineConnected() loads every model and opens /events;
// engineLost() empties them (what they showed belonged to an engine we no
// longer reach); connectionChanged() tells views, whose empty lists then say why. When the event stream breaks, eventsLost() tells the owner to
// check the connection.

#include "ui/client/engine_api.h"

#include <QObject>

namespace berth::ui {

class ContainersModel;
class EventsModel;
class ImagesModel;
class NetworksModel;
class VolumesModel;

class EngineState : public QObject {
    Q_OBJECT
public:
    // Takes ownership of `api`.
    explicit EngineState(EngineApi* api, QObject* parent = nullptr);
    ~EngineState() override;

    EngineApi* api() const { return api_; }
    ContainersModel* containers() const { return containers_; }
    ImagesModel* images() const { return images_; }
    EventsModel* events() const { return events_; }
    VolumesModel* volumes() const { return volumes_; }
    NetworksModel* networks() const { return networks_; }

    void engineConnected();
    void engineLost();
    // Between engineConnected() and engineLost(); false before the first.
    bool isConnected() const { return connected_; }

signals:
    void connectionChanged(bool connected);
    void eventReceived(const berth::api::types::Event& event);
    void eventsLost(const QString& why);

private:
    void setConnected(bool connected);
    void onEvent(const api::types::Event& event);

    EngineApi* api_;
    ContainersModel* containers_;
    ImagesModel* images_;
    EventsModel* events_;
    VolumesModel* volumes_;
    NetworksModel* networks_;
    bool connected_ = false;
};

} // namespace berth::ui
