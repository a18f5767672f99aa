// What the real app does to its QApplication (berth::ui::setUpApplication,
// which app/berth/main.cpp calls): on a desktop where Qt chose Fusion the style
// in effect is IndicatorContrastStyle over Fusion, so a dark palette's check box
// keeps a visible border while a light one is drawn exactly as Fusion draws it;
// another style (Breeze, Windows) is left alone; the names, the version and the
// locale's translations are in place.
#include "test_artifacts.h"

#include "ui/app_setup.h"
#include "ui/widgets/indicator_contrast_style.h"

#include "base/build_info.h"

#include <QApplication>
#include <QCheckBox>
#include <QMenu>
#include <QStyleFactory>
#include <QStyleOption>
#include <QToolBar>
#include <QToolButton>
#include <QtTest/QTest>

using berth::ui::IndicatorContrastStyle;

namespace {

// An unchecked check box as `style` draws it in `palette`.
QImage checkBoxIn(QStyle* style, const QPalette& palette) {
    QCheckBox box; // no text: its antialiased edges could match any grey
    box.setStyle(style);
    box.setPalette(palette);
    box.resize(box.sizeHint());
    return box.grab().toImage();
}

bool hasColor(const QImage& image, const QColor& color) {
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixelColor(x, y).rgb() == color.rgb()) return true;
    return false;
}

} // namespace

class AppSetupTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        // A desktop without a style of its own: Qt chooses Fusion.
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    }

    void fusionBecomesTheContrastStyle() {
        berth::ui::AppTranslations installed = berth::ui::setUpApplication(QLocale(QLocale::English));
        auto* style = dynamic_cast<IndicatorContrastStyle*>(QApplication::style());
        QVERIFY2(style, qPrintable(QApplication::style()->metaObject()->className()));
        QVERIFY(style->baseStyle());
        QCOMPARE(style->baseStyle()->name().toLower(), QStringLiteral("fusion"));
        berth::ui::removeTranslations(installed);
    }

    void darkCheckBoxBorderShows() {
        berth::ui::AppTranslations installed = berth::ui::setUpApplication(QLocale(QLocale::English));
        const QPalette dark = berth::test::darkPalette();
        const QColor border = IndicatorContrastStyle::indicatorBorder(dark);
        QVERIFY(border.isValid());
        const QImage app = checkBoxIn(QApplication::style(), dark);
        QVERIFY2(hasColor(app, border), "the app's style does not draw the check box's border in its contrast colour");
        // Plain Fusion does not: the border is what the contrast style adds.
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        QVERIFY(!hasColor(checkBoxIn(fusion.get(), dark), border));
        QVERIFY(berth::ui::contrastRatio(border, dark.color(QPalette::Window)) >= 3.0);
        berth::ui::removeTranslations(installed);
    }

    void lightLooksLikeFusion() {
        berth::ui::AppTranslations installed = berth::ui::setUpApplication(QLocale(QLocale::English));
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        const QPalette light = fusion->standardPalette();
        QVERIFY(!IndicatorContrastStyle::indicatorBorder(light).isValid());
        QCOMPARE(checkBoxIn(QApplication::style(), light), checkBoxIn(fusion.get(), light));
        berth::ui::removeTranslations(installed);
    }

    // A menu's separator (the Container menu's, between the verbs and the
    // details): Fusion's line is lost on a dark menu; the app's style draws one.
    void darkMenuSeparatorShows() {
        berth::ui::AppTranslations installed = berth::ui::setUpApplication(QLocale(QLocale::English));
        const QPalette dark = berth::test::darkPalette();
        auto separatorContrast = [&](QStyle* style) {
            QMenu menu;
            menu.setStyle(style);
            menu.setPalette(dark);
            menu.addAction(QStringLiteral("Above"));
            QAction* separator = menu.addSeparator();
            menu.addAction(QStringLiteral("Below"));
            menu.resize(menu.sizeHint());
            const QImage image = menu.grab().toImage();
            const QRect rect = menu.actionGeometry(separator);
            const QColor background = image.pixelColor(rect.left() + 2, rect.top());
            double best = 1;
            for (int y = rect.top(); y <= rect.bottom(); ++y)
                best = std::max(best, berth::ui::contrastRatio(image.pixelColor(rect.center().x(), y), background));
            return best;
        };
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        QVERIFY(separatorContrast(QApplication::style()) >= 1.8);
        QVERIFY(separatorContrast(fusion.get()) < 1.3); // what the style is there for
        berth::ui::removeTranslations(installed);
    }

    // The "»" of a toolbar too narrow for its buttons: Qt's arrow image is dark
    // grey, lost on a dark window; the app's style draws it in WindowText.
    void toolbarExtensionArrowShowsInTheDark() {
        berth::ui::AppTranslations installed = berth::ui::setUpApplication(QLocale(QLocale::English));
        const QPalette dark = berth::test::darkPalette();
        const QColor window = dark.color(QPalette::Window);
        QStyleOption option;
        option.palette = dark;
        auto arrowContrast = [&](const QStyle* style) {
            const QImage arrow = style->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton, &option)
                                     .pixmap(16, 16).toImage().convertToFormat(QImage::Format_ARGB32);
            double best = 1;
            for (int y = 0; y < arrow.height(); ++y)
                for (int x = 0; x < arrow.width(); ++x)
                    if (arrow.pixelColor(x, y).alpha() == 255)
                        best = std::max(best, berth::ui::contrastRatio(arrow.pixelColor(x, y), window));
            return best;
        };
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        QVERIFY(arrowContrast(QApplication::style()) >= 4.5);
        QVERIFY(arrowContrast(fusion.get()) < 3.0); // what the style is there for
        // Light: Fusion's own arrow.
        option.palette = fusion->standardPalette();
        QCOMPARE(QApplication::style()->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton, &option)
                     .pixmap(16, 16).toImage(),
                 fusion->standardIcon(QStyle::SP_ToolBarHorizontalExtensionButton, &option).pixmap(16, 16).toImage());
        berth::ui::removeTranslations(installed);
    }

    // The desktop turns dark after the window is made (and the tests' dark
    // screenshots do the same): the "»" is drawn in the palette of now.
    void toolbarExtensionArrowFollowsAPaletteChange() {
        berth::ui::AppTranslations installed = berth::ui::setUpApplication(QLocale(QLocale::English));
        const QPalette before = QApplication::palette();
        QToolBar bar;
        for (int i = 0; i < 12; ++i) bar.addAction(QStringLiteral("Action %1").arg(i));
        bar.resize(160, bar.sizeHint().height());
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        auto* extension = bar.findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
        QVERIFY(extension);
        QTRY_VERIFY(extension->isVisible());
        const QPalette dark = berth::test::darkPalette();
        QApplication::setPalette(dark);
        QApplication::processEvents();
        const QImage image = extension->grab().toImage();
        double best = 1;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                best = std::max(best, berth::ui::contrastRatio(image.pixelColor(x, y), dark.color(QPalette::Window)));
        QApplication::setPalette(before);
        QVERIFY2(best >= 4.5, qPrintable(QStringLiteral("the arrow's best contrast is %1").arg(best)));
        berth::ui::removeTranslations(installed);
    }

    void anotherStyleIsLeftAlone() {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Windows")));
        QStyle* before = QApplication::style();
        berth::ui::AppTranslations installed = berth::ui::setUpApplication(QLocale(QLocale::English));
        QCOMPARE(QApplication::style(), before);
        QVERIFY(!dynamic_cast<IndicatorContrastStyle*>(QApplication::style()));
        berth::ui::removeTranslations(installed);
    }

    void namesVersionAndTranslations() {
        berth::ui::AppTranslations installed =
            berth::ui::setUpApplication(QLocale(QLocale::Chinese, QLocale::China));
        QCOMPARE(QApplication::applicationName(), QStringLiteral("berth"));
        QCOMPARE(QApplication::applicationDisplayName(), QStringLiteral("Berth"));
        QCOMPARE(QApplication::applicationVersion(), QString::fromLatin1(berth::berth_version()));
        QVERIFY(installed.berth);
        QCOMPARE(QCoreApplication::translate("berth::ui::MainMenu", "&File"), QStringLiteral("文件(&F)"));
        berth::ui::removeTranslations(installed);
        QCOMPARE(QCoreApplication::translate("berth::ui::MainMenu", "&File"), QStringLiteral("&File"));
    }
};

QTEST_MAIN(AppSetupTest)
#include "app_setup_test.moc"
