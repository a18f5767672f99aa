#include "ui/client/image_reference.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace berth::ui {

SplitReference splitReference(const QString& reference) {
    const QString trimmed = reference.trimmed();
    if (const qsizetype at = trimmed.indexOf(u'@'); at >= 0) return {trimmed.left(at), trimmed.mid(at + 1)};
    // A ':' after the last '/' is the tag's; one before it is a registry's port.
    const qsizetype colon = trimmed.lastIndexOf(u':');
    if (colon > trimmed.lastIndexOf(u'/')) return {trimmed.left(colon), trimmed.mid(colon + 1)};
    return {trimmed, QStringLiteral("latest")};
}

QString referenceProblem(const QString& reference) {
    // lupdate files a free tr() under the enclosing namespace, so that is the context to look up.
    auto tr = [](const char* text) { return QCoreApplication::translate("berth::ui", text); };
    const QString trimmed = reference.trimmed();
    if (trimmed.isEmpty()) return tr("Enter an image reference, such as busybox:latest.");
    if (trimmed.contains(QRegularExpression(QStringLiteral("\\s"))))
        return tr("An image reference has no spaces.");
    // distribution/reference's grammar, simplified: host[:port]/ path / name, then :tag or @digest.
    static const QRegularExpression grammar(QStringLiteral(
        "^(?:(?:[a-zA-Z0-9.-]+(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?)/)?"
        "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
        "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@[a-z0-9]+(?:[+._-][a-z0-9]+)*:[0-9a-fA-F]{32,})?$"));
    if (!grammar.match(trimmed).hasMatch()) {
        // Docker's own words for the usual mistake: a capital in the path (a registry host may have them).
        QString path = splitReference(trimmed).name;
        const QString first = path.section(u'/', 0, 0);
        if (path.contains(u'/') && (first.contains(u'.') || first.contains(u':') || first == u"localhost"))
            path = path.section(u'/', 1);
        if (path != path.toLower()) return tr("Repository names must be lowercase.");
        return tr("This is not a valid image reference.");
    }
    return {};
}

} // namespace berth::ui
