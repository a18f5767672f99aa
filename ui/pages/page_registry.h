#pragma once
// The pages of the main window, in sidebar order. A new page is one line here.

#include "ui/pages/page.h"

#include <vector>

namespace berth::ui {

std::vector<Page*> createPages(const PageContext& context, QWidget* parent);

} // namespace berth::ui
