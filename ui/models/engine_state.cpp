#include "ui/models/engine_state.h"

#include "ui/models/containers_model.h"
#include "ui/models/events_model.h"
#include "ui/models/images_model.h"
#include "ui/models/networks_model.h"
#include "ui/models/volumes_model.h"

namespace berth::ui {

EngineState::EngineState(EngineApi* api, QObject* parent)
    : QObject(parent)
    , api_(api)
    , containers_(new ContainersModel(api, this))
    , images_(new ImagesModel(api, containers_, this))
    , events_(new EventsModel(this))
    , volumes_(new VolumesModel(api, containers_, this))
    , networks_(new NetworksModel(api, containers_, this)) {
    api_->setParent(this);
    connect(api_, &EngineApi::eventReceived, this, &EngineState::onEvent);
    connect(api_, &EngineApi::eventsEnded, this, &EngineState::eventsLost);
}

// The models go before the API their continuations belong to.
EngineState::~EngineState() {
    api_->stopEvents();
}

void EngineState::engineConnected() {
    // Events first, so nothing that happens while the lists travel is missed.
    api_->startEvents();
    containers_->reload();
    images_->reload();
    volumes_->reload();
    networks_->reload();
    setConnected(true);
}

void EngineState::engineLost() {
    api_->stopEvents();
    containers_->clear();
    images_->clear();
    volumes_->clear();
    networks_->clear();
    setConnected(false);
}

void EngineState::setConnected(bool connected) {
    if (connected == connected_) return;
    connected_ = connected;
    emit connectionChanged(connected);
}

void EngineState::onEvent(const api::types::Event& event) {
    containers_->applyEvent(event);
    images_->applyEvent(event);
    volumes_->applyEvent(event);
    networks_->applyEvent(event);
    events_->append(event);
    emit eventReceived(event);
}

} // namespace berth::ui
