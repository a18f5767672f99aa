#pragma once
// A line edit's clear button (QLineEdit::setClearButtonEnabled) is a tool button
// Qt leaves without an accessible name: a screen reader reads "button" and
// nothing more. enableClearButton() turns it on and names it.

class QLineEdit;

namespace berth::ui {

void enableClearButton(QLineEdit* edit);

} // namespace berth::ui
