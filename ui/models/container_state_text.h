#pragma once
// Docker's container State ("running", "exited", …) in the UI's words: what the
// Containers list's State column and the details' Details tab both show.

#include <QString>
#include <string>

namespace berth::ui {

QString containerStateText(const std::string& state);

} // namespace berth::ui
