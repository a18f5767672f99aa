// The Compose page (issue 13 §4) over the fake engine: the graph model from a
// loaded compose file (nodes, depends_on edges with conditions, network groups,
// ports, volumes) — pure; projects discovered from container labels with their
// counts; a 6-service project laid out by Graphviz (distinct positions, every
// edge drawn), live state without a new layout, a click opening details, the
// screenshots (light and dark); Up/Down running `berth compose` as a process
// and its failure shown verbatim; Down of a label-only project through the API.
#include "fake_engine_api.h"
#include "test_artifacts.h"

#include "ui/compose/compose_editor.h"
#include "ui/compose/compose_editor_tab.h"
#include "ui/compose/compose_graph.h"
#include "ui/compose/compose_graph_view.h"
#include "ui/compose/compose_loader.h"
#include "ui/compose/compose_logs_tab.h"
#include "ui/details/log_model.h"
#include "ui/details/logs_tab.h"
#include "ui/compose/compose_projects.h"
#include "ui/compose/up_preview.h"
#include "ui/compose/up_progress.h"
#include "ui/compose/up_preview_dialog.h"
#include "ui/models/containers_model.h"
#include "ui/models/engine_state.h"
#include "ui/app_translations.h"
#include "ui/main_window.h"
#include "ui/pages/compose_page.h"
#include "ui/widgets/indicator_contrast_style.h"
#include "ui/widgets/notice_bar.h"

#include <QAction>
#include <QApplication>
#include <QMessageBox>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QScrollBar>
#include <QStyleOptionHeader>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStyleOptionButton>
#include <QTabWidget>
#include <QTimer>
#include <QTextBlock>
#include <QToolTip>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest/QTest>

using namespace berth::ui;
using berth::test::FakeEngineApi;
using berth::test::makeContainer;

namespace {
// Six services: a proxy in front of web and api, both needing db healthy and
// cache started; a worker that needs the api; two networks.
const char* kSixServices = R"(name: shop
services:
  proxy:
    image: nginx:alpine
    ports: ["8080:80"]
    networks: [front]
    depends_on: [web, api]
  web:
    image: shop/web:1
    networks: [front, back]
    depends_on:
      db: {condition: service_healthy}
      cache: {condition: service_started}
  api:
    image: shop/api:1
    deploy: {replicas: 2}
    networks: [front, back]
    depends_on:
      db: {condition: service_healthy}
  worker:
    image: shop/worker:1
    networks: [back]
    depends_on:
      api: {condition: service_started}
  db:
    image: postgres:16
    volumes: ["data:/var/lib/postgresql/data"]
    networks: [back]
  cache:
    image: redis:7
    networks: [back]
volumes:
  data: {}
networks:
  front: {}
  back: {}
)";

QString writeProject(const QTemporaryDir& dir, const char* text) {
    const QString path = dir.filePath(QStringLiteral("compose.yaml"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return {};
    file.write(text);
    return path;
}

berth::api::types::ContainerSummary service(const std::string& id, const std::string& project, const std::string& name,
                                            const std::string& state, const std::string& status = {}) {
    auto c = makeContainer(id, project + "-" + name + "-1", state, project);
    c.labels["com.docker.compose.service"] = name;
    if (!status.empty()) c.status = status;
    return c;
}

bool loadContainers(EngineState& state) {
    QSignalSpy loaded(state.containers(), &ContainersModel::loaded);
    state.containers()->reload();
    return QTest::qWaitFor([&] { return loaded.count() >= 1; }, 5000);
}
} // namespace

class ComposePageTest : public QObject {
    Q_OBJECT
private slots:
    void init() { QSettings().remove(QStringLiteral("compose")); }
    void graphFromLoadedFile();
    void loaderErrorNamesTheLine();
    void discoversProjectsFromLabels();
    void laysOutSixServicesAndFollowsState();
    void upAndDownRunBerthCompose();
    void downOfALabelOnlyProjectUsesTheApi();
    void labelledConfigFilesAreLoaded();
    void problemFromErrorReadsThePlace();
    void editorUnderlinesTheBrokenLine();
    void savingReloadsTheGraph();
    void previewListsCreateRecreateAndKeep();
    void mergedLogsPrefixEachService();
    void upProgressLinesAreRead();
    void upShowsEachServicesStep();
    void unsavedTextIsNotDroppedSilently();
    void anUncheckedBoxIsSeenInTheDark();
    void emptyProjectListHeadersReadFully();
    void graphTabHintsUntilAProjectIsOpened();
};

void ComposePageTest::graphFromLoadedFile() {
    QTemporaryDir dir;
    const LoadedCompose loaded = loadCompose({{writeProject(dir, kSixServices)}, {}, {}});
    QVERIFY2(loaded.error.isEmpty(), qPrintable(loaded.error));
    const ComposeGraph graph = graphFromProject(loaded.model);
    QCOMPARE(graph.project, QStringLiteral("shop"));
    QCOMPARE(graph.nodes.size(), size_t(6));
    QCOMPARE(graph.node(QStringLiteral("api"))->replicas, 2);
    QCOMPARE(graph.node(QStringLiteral("proxy"))->ports, QStringList{QStringLiteral("8080:80/tcp")});
    QCOMPARE(graph.node(QStringLiteral("db"))->volumes, QStringList{QStringLiteral("data")});
    QCOMPARE(graph.node(QStringLiteral("web"))->state, ServiceState::NotCreated);
    QCOMPARE(graph.edges.size(), size_t(6));
    const auto edge = std::ranges::find_if(graph.edges, [](const GraphEdge& e) {
        return e.from == QLatin1String("web") && e.to == QLatin1String("db");
    });
    QVERIFY(edge != graph.edges.end());
    QCOMPARE(edge->condition, QStringLiteral("service_healthy"));
    // Groups: each service inside its first network (sorted: back before front).
    QCOMPARE(graph.groups.size(), size_t(2));
    QCOMPARE(graph.groups[0].network, QStringLiteral("back"));
    QCOMPARE(graph.groups[0].services,
             (QStringList{QStringLiteral("api"), QStringLiteral("cache"), QStringLiteral("db"), QStringLiteral("web"),
                          QStringLiteral("worker")}));
    QCOMPARE(graph.groups[1].services, QStringList{QStringLiteral("proxy")});
    QVERIFY(describeGraph(graph).contains(QStringLiteral("depends on db (service_healthy)")));
}

void ComposePageTest::loaderErrorNamesTheLine() {
    auto* api = new FakeEngineApi;
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    QTemporaryDir dir;
    const QString path = writeProject(dir, "services:\n  web:\n    image: [unclosed\n");
    QSignalSpy loaded(&page, &ComposePage::sourceLoaded);
    page.openSource({{path}, {}, {}});
    QVERIFY(loaded.wait(5000));
    QCOMPARE(page.notice()->kind(), NoticeBar::Kind::Error);
    QVERIFY2(page.notice()->text().contains(path + QStringLiteral(":")), qPrintable(page.notice()->text()));
}

void ComposePageTest::discoversProjectsFromLabels() {
    auto* api = new FakeEngineApi;
    api->containers = {service(std::string(64, '1'), "blog", "app", "running"),
                       service(std::string(64, '2'), "blog", "db", "running", "Up 1 minute (unhealthy)"),
                       service(std::string(64, '3'), "blog", "job", "exited"),
                       service(std::string(64, '4'), "chat", "bot", "running"),
                       makeContainer(std::string(64, '5'), "standalone", "running")};
    api->containers[0].labels["com.docker.compose.depends_on"] = "db:service_healthy:false";
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    QVERIFY(loadContainers(state));
    QTRY_COMPARE(page.projectNames(), (QStringList{QStringLiteral("blog"), QStringLiteral("chat")}));
    QCOMPARE(page.projectState(QStringLiteral("blog")), QStringLiteral("running 2/3, 1 unhealthy, 1 exited"));
    QCOMPARE(page.projectState(QStringLiteral("chat")), QStringLiteral("running 1/1"));
    page.selectProject(QStringLiteral("blog"));
    const ComposeGraph& graph = page.graphView()->graph();
    QCOMPARE(graph.nodes.size(), size_t(3));
    QCOMPARE(graph.node(QStringLiteral("db"))->state, ServiceState::Unhealthy);
    QCOMPARE(graph.node(QStringLiteral("job"))->state, ServiceState::Exited);
    QCOMPARE(graph.edges.size(), size_t(1));
    QCOMPARE(graph.edges[0].condition, QStringLiteral("service_healthy"));
    // Up needs a file; the others work on labels.
    QVERIFY(!page.findChild<QAction*>(QStringLiteral("composeUpAction"))->isEnabled());
    QVERIFY(page.findChild<QAction*>(QStringLiteral("composeDownAction"))->isEnabled());
}

void ComposePageTest::laysOutSixServicesAndFollowsState() {
    auto* api = new FakeEngineApi;
    api->containers = {service(std::string(64, 'a'), "shop", "db", "running", "Up 3 minutes (healthy)"),
                       service(std::string(64, 'b'), "shop", "web", "running"),
                       service(std::string(64, 'c'), "shop", "cache", "exited")};
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    page.resize(1100, 650);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(loadContainers(state));
    QTemporaryDir dir;
    QSignalSpy loaded(&page, &ComposePage::sourceLoaded);
    page.openSource({{writeProject(dir, kSixServices)}, {}, {}});
    QVERIFY(loaded.wait(5000));
    QCOMPARE(loaded.first().at(1).toString(), QString());
    page.selectProject(QStringLiteral("shop"));
    QTRY_COMPARE(page.graphView()->graph().nodes.size(), size_t(6));
    ComposeGraphView* view = page.graphView();
    const GraphLayout& layout = view->graphLayout();
    QVERIFY2(layout.error.isEmpty(), qPrintable(layout.error));
    // 6 services, 1 port, 1 volume; distinct places that do not overlap.
    QCOMPARE(layout.nodes.size(), 8);
    const auto rects = layout.nodes.values();
    for (int i = 0; i < rects.size(); ++i)
        for (int j = i + 1; j < rects.size(); ++j) QVERIFY(!rects[i].intersects(rects[j]));
    // Every edge (6 depends_on, 1 port, 1 volume) has a curve; dependencies point down.
    QCOMPARE(layout.edges.size(), size_t(8));
    for (const LaidOutEdge& edge : layout.edges) QVERIFY(!edge.path.isEmpty());
    QVERIFY(layout.nodes.value(QStringLiteral("s:web")).center().y() < layout.nodes.value(QStringLiteral("s:db")).center().y());
    QCOMPARE(layout.clusters.size(), 2);
    QCOMPARE(view->graph().node(QStringLiteral("db"))->state, ServiceState::Healthy);
    QCOMPARE(view->graph().node(QStringLiteral("api"))->state, ServiceState::NotCreated);
    QCOMPARE(page.projectState(QStringLiteral("shop")), QStringLiteral("running 2/3, 1 exited"));
    QVERIFY(view->accessibleDescription().contains(QStringLiteral("db: healthy")));

    // A state change repaints without a new layout.
    const int layouts = view->layoutCount();
    api->containers[2].state = "running";
    api->containers[2].status = "Up 1 second";
    api->sendEvent("container", "start", std::string(64, 'c'));
    QTRY_COMPARE(view->graph().node(QStringLiteral("cache"))->state, ServiceState::Running);
    QCOMPARE(view->layoutCount(), layouts);

    // Clicking a service opens its container's details.
    QSignalSpy details(&page, &ComposePage::detailsRequested);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->servicePosition(QStringLiteral("web")));
    QCOMPARE(details.count(), 1);
    QCOMPARE(details.first().at(0).toStringList(), QStringList{QString::fromStdString(std::string(64, 'b'))});

    // The keyboard: arrows move the current service (sorted: api first), Enter opens it.
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Right);
    QCOMPARE(view->currentService(), QStringLiteral("api"));
    QTest::keyClick(view, Qt::Key_Left);
    QCOMPARE(view->currentService(), QStringLiteral("worker"));
    QVERIFY(view->accessibleDescription().startsWith(QStringLiteral("Current: worker")));
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(details.count(), 2);
    QCOMPARE(details.last().at(0).toStringList(), QStringList{QString::fromStdString(std::string(64, 'b'))});
    view->setCurrentService({});

    // Zoom.
    const double before = view->zoom();
    QTest::keyClick(view, Qt::Key_Plus);
    QVERIFY(view->zoom() > before);
    QTest::keyClick(view, Qt::Key_0);

    QVERIFY(berth::test::saveLightAndDarkScreenshots(page, QStringLiteral("compose-graph")));
    // Recent files remember the opened project.
    QVERIFY(QSettings().value(QStringLiteral("compose/recentFiles")).toStringList().size() == 1);
}

void ComposePageTest::upAndDownRunBerthCompose() {
    auto* api = new FakeEngineApi;
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    // A stand-in for `berth`: echoes its arguments on stderr and fails, as `berth compose up` does until it lands.
    QTemporaryDir dir;
    const QString fake = dir.filePath(QStringLiteral("berth"));
    QFile script(fake);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\necho \"progress: $*\" >&2\necho 'berth compose: unknown command \"up\"' >&2\nexit 14\n");
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    page.setComposeProgram(fake);
    const QString file = writeProject(dir, kSixServices);
    QSignalSpy loaded(&page, &ComposePage::sourceLoaded);
    page.openSource({{file}, {}, {}});
    QVERIFY(loaded.wait(5000));
    page.selectProject(QStringLiteral("shop"));
    QVERIFY(page.findChild<QAction*>(QStringLiteral("composeUpAction"))->isEnabled());

    auto* output = page.findChild<QPlainTextEdit*>(QStringLiteral("composeProgress"));
    page.findChild<QAction*>(QStringLiteral("composeUpAction"))->trigger();
    // Up asks first (the preview); Cancel runs nothing, Up runs `up -d`.
    auto* preview = page.findChild<UpPreviewDialog*>();
    QVERIFY(preview);
    preview->reject();
    QTest::qWait(50);
    QVERIFY(!output->toPlainText().contains(QStringLiteral(" up -d")));
    page.findChild<QAction*>(QStringLiteral("composeUpAction"))->trigger();
    QTRY_VERIFY(page.findChild<UpPreviewDialog*>());
    page.findChild<UpPreviewDialog*>()->accept();
    QTRY_COMPARE(page.notice()->kind(), NoticeBar::Kind::Error);
    QCOMPARE(page.notice()->text(), QStringLiteral("berth compose: unknown command \"up\""));
    QVERIFY2(output->toPlainText().contains(QStringLiteral("progress: compose -f %1 -p shop up -d").arg(file)),
             qPrintable(output->toPlainText()));

    page.findChild<QCheckBox*>(QStringLiteral("removeVolumes"))->setChecked(true);
    page.findChild<QAction*>(QStringLiteral("composeDownAction"))->trigger();
    QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("-p shop down -v")));
    // Pull and Build: the verb as it is; a verb berth lacks fails with its own words.
    page.findChild<QAction*>(QStringLiteral("composePullAction"))->trigger();
    QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("-p shop pull")));
    page.findChild<QAction*>(QStringLiteral("composeBuildAction"))->trigger();
    QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("-p shop build")));
    QTRY_COMPARE(page.notice()->kind(), NoticeBar::Kind::Error);
}

void ComposePageTest::downOfALabelOnlyProjectUsesTheApi() {
    auto* api = new FakeEngineApi;
    api->containers = {service(std::string(64, '1'), "blog", "app", "running"),
                       service(std::string(64, '2'), "blog", "db", "exited")};
    berth::api::types::Network net;
    net.id = std::string(64, 'n');
    net.name = "blog_default";
    net.labels["com.docker.compose.project"] = "blog";
    berth::api::types::Network other;
    other.name = "elsewhere";
    api->networks = {net, other};
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    QVERIFY(loadContainers(state));
    QTRY_COMPARE(page.projectNames(), QStringList{QStringLiteral("blog")});
    api->calls.clear();
    page.selectProject(QStringLiteral("blog"));
    page.runOnSelected(QStringLiteral("down"));
    QTRY_VERIFY2(api->calls.filter(QStringLiteral("network")).size() >= 1 || api->calls.size() >= 4,
                 qPrintable(api->calls.join(u',')));
    QTRY_VERIFY2(api->calls.join(u',').contains(QStringLiteral("blog_default")), qPrintable(api->calls.join(u',')));
    const QString calls = api->calls.join(u',');
    QVERIFY2(calls.indexOf(QStringLiteral("stop ")) < calls.indexOf(QStringLiteral("rm ")), qPrintable(calls));
    QVERIFY(!calls.contains(QStringLiteral("elsewhere")));
}

// A project started by docker compose names its files in labels: the page loads
// them (quietly), so the graph shows every declared service and Up is possible.
void ComposePageTest::labelledConfigFilesAreLoaded() {
    QTemporaryDir dir;
    const QString file = writeProject(dir, kSixServices);
    auto* api = new FakeEngineApi;
    api->containers = {service(std::string(64, 'd'), "shop", "db", "running")};
    api->containers[0].labels["com.docker.compose.project.config_files"] = file.toStdString();
    api->containers[0].labels["com.docker.compose.project.working_dir"] = dir.path().toStdString();
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    QSignalSpy loaded(&page, &ComposePage::sourceLoaded);
    QVERIFY(loadContainers(state));
    QVERIFY(loaded.wait(5000));
    page.selectProject(QStringLiteral("shop"));
    QTRY_COMPARE(page.graphView()->graph().nodes.size(), size_t(6));
    QVERIFY(page.graphView()->graph().fromFile);
    QCOMPARE(page.graphView()->graph().node(QStringLiteral("db"))->state, ServiceState::Running);
    QVERIFY(page.findChild<QAction*>(QStringLiteral("composeUpAction"))->isEnabled());
    QVERIFY(QSettings().value(QStringLiteral("compose/recentFiles")).toStringList().isEmpty());
}

void ComposePageTest::problemFromErrorReadsThePlace() {
    const ComposeProblem p = problemFromError(QStringLiteral("/tmp/x/compose.yaml:3:12: yaml: bad: thing"));
    QCOMPARE(p.file, QStringLiteral("/tmp/x/compose.yaml"));
    QCOMPARE(p.line, 3);
    QCOMPARE(p.column, 12);
    QCOMPARE(p.message, QStringLiteral("yaml: bad: thing"));
    const ComposeProblem wrapped = problemFromError(QStringLiteral("include: /a/b.yaml:4:5: oops"));
    QCOMPARE(wrapped.file, QStringLiteral("/a/b.yaml"));
    QCOMPARE(wrapped.line, 4);
    const ComposeProblem schema = problemFromError(
        QStringLiteral("validating /a/compose.yaml:4:5: services.web Additional property foo is not allowed"));
    QCOMPARE(schema.file, QStringLiteral("/a/compose.yaml"));
    QCOMPARE(schema.line, 4);
    QCOMPARE(schema.column, 5);
    QCOMPARE(schema.message, QStringLiteral("services.web Additional property foo is not allowed"));
    const ComposeProblem none = problemFromError(QStringLiteral("service \"web\" refers to undefined network x"));
    QCOMPARE(none.line, 0);
    QCOMPARE(none.message, none.text);
}

namespace {
// As typing would: replaces the editor's text (setPlainText would mark it unmodified).
void typeText(QPlainTextEdit* editor, const QString& text) {
    editor->selectAll();
    editor->insertPlainText(text);
}

// The page with kSixServices opened and selected, the Editor tab shown.
struct EditorFixture {
    FakeEngineApi* api = new FakeEngineApi;
    EngineState state{api};
    ComposePage page{{nullptr, &state}, QIcon()};
    QTemporaryDir dir;
    QString file;
    bool open() {
        file = writeProject(dir, kSixServices);
        QSignalSpy loaded(&page, &ComposePage::sourceLoaded);
        page.openSource({{file}, {}, {}});
        if (!loaded.wait(5000)) return false;
        page.selectProject(QStringLiteral("shop"));
        page.tabs()->setCurrentWidget(page.editorTab());
        page.editorTab()->setCheckDelay(20);
        return page.editorTab()->currentFile() == file;
    }
};
} // namespace

// A broken line is underlined where the YAML reader says, listed, and both go when fixed.
void ComposePageTest::editorUnderlinesTheBrokenLine() {
    EditorFixture f;
    QVERIFY(f.open());
    ComposeEditorTab* tab = f.page.editorTab();
    ComposeEditor* editor = tab->editor();
    QCOMPARE(editor->syntaxName(), QStringLiteral("YAML"));
    QVERIFY(editor->toPlainText().startsWith(QStringLiteral("name: shop")));
    QTRY_VERIFY(editor->problems().isEmpty());
    QCOMPARE(tab->problemsList()->topLevelItemCount(), 0);

    // Line 4 (1-based) gets a mapping value where a scalar ended: yaml-cpp names line 4.
    typeText(editor, QStringLiteral("services:\n  web:\n    image: nginx\n    ports: a: b\n"));
    QTRY_COMPARE(tab->problemsList()->topLevelItemCount(), 1);
    QCOMPARE(editor->problems().size(), 1);
    QCOMPARE(editor->problems().first().line, 4);
    QCOMPARE(editor->underlinedLines(), QList<int>{3});
    QCOMPARE(tab->problemsList()->topLevelItem(0)->text(0), QStringLiteral("4"));
    QCOMPARE(editor->problems().first().file, f.file); // the real file, not the checked copy
    // The message is the tooltip over that line.
    f.page.resize(1100, 650);
    f.page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.page));
    const QTextBlock line4 = editor->document()->findBlockByNumber(3);
    const QPoint over = editor->blockGeometry(line4).center().toPoint();
    QHelpEvent help(QEvent::ToolTip, over, editor->viewport()->mapToGlobal(over));
    QApplication::sendEvent(editor->viewport(), &help);
    QTRY_COMPARE(QToolTip::text(), editor->problems().first().message);
    QVERIFY(tab->isModified());

    // Before any Save, the whole loader runs on the text: an undefined dependency is listed too.
    typeText(editor, QStringLiteral("services:\n  web:\n    image: nginx\n    depends_on: [nowhere]\n"));
    QTRY_VERIFY(tab->problemsList()->topLevelItemCount() == 1 &&
                tab->problemsList()->topLevelItem(0)->text(2).contains(QStringLiteral("nowhere")));
    QFile onDisk(f.file);
    QVERIFY(onDisk.open(QIODevice::ReadOnly));
    QVERIFY(onDisk.readAll().startsWith("name: shop")); // untouched until Save

    typeText(editor, QStringLiteral("services:\n  web:\n    image: nginx\n    ports: [\"80:80\"]\n"));
    QTRY_COMPARE(tab->problemsList()->topLevelItemCount(), 0);
    QVERIFY(editor->underlinedLines().isEmpty());
    QVERIFY(berth::test::saveLightAndDarkScreenshots(f.page, QStringLiteral("compose-editor-ok")));
    typeText(editor, QStringLiteral("services:\n  web:\n    image: nginx\n    ports: a: b\n"));
    QTRY_COMPARE(tab->problemsList()->topLevelItemCount(), 1);
    f.page.resize(1100, 650);
    QVERIFY(berth::test::saveLightAndDarkScreenshots(f.page, QStringLiteral("compose-editor")));
}

// Save writes the file and runs the whole loader: a semantic error is listed,
// a good file redraws the graph from what was saved.
void ComposePageTest::savingReloadsTheGraph() {
    EditorFixture f;
    QVERIFY(f.open());
    ComposeEditorTab* tab = f.page.editorTab();
    QSignalSpy reloaded(tab, &ComposeEditorTab::reloaded);
    typeText(tab->editor(), QStringLiteral("name: shop\nservices:\n  web:\n    image: nginx\n    depends_on: [nowhere]\n"));
    QVERIFY(tab->save());
    QTRY_COMPARE(tab->problemsList()->topLevelItemCount(), 1);
    QVERIFY2(tab->problemsList()->topLevelItem(0)->text(2).contains(QStringLiteral("nowhere")),
             qPrintable(tab->problemsList()->topLevelItem(0)->text(2)));
    QCOMPARE(reloaded.count(), 0);
    QCOMPARE(f.page.graphView()->graph().nodes.size(), size_t(6)); // the last good load stays

    typeText(tab->editor(), QStringLiteral("name: shop\nservices:\n  web:\n    image: nginx\n  db:\n    image: postgres\n"));
    QVERIFY(tab->save());
    QVERIFY(reloaded.wait(5000));
    QCOMPARE(tab->problemsList()->topLevelItemCount(), 0);
    QTRY_COMPARE(f.page.graphView()->graph().nodes.size(), size_t(2));
    QFile saved(f.file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().contains("postgres"));
    QVERIFY(!tab->isModified());
}

// The preview is converge's plan over the live containers: a matching config hash
// is kept, a stale one recreated, a stopped one started, a missing one created.
void ComposePageTest::previewListsCreateRecreateAndKeep() {
    QTemporaryDir dir;
    const LoadedCompose loaded = loadCompose({{writeProject(dir, kSixServices)}, {}, {}});
    QVERIFY2(loaded.error.isEmpty(), qPrintable(loaded.error));
    const auto hashOf = [&](const char* name) { return loaded.model.service(name)->config_hash; };
    auto labelled = [](berth::api::types::ContainerSummary c, const std::string& hash, int number = 1) {
        c.labels["com.docker.compose.config-hash"] = hash;
        c.labels["com.docker.compose.container-number"] = std::to_string(number);
        return c;
    };
    auto* api = new FakeEngineApi;
    api->containers = {labelled(service(std::string(64, 'a'), "shop", "db", "running"), hashOf("db")),
                       labelled(service(std::string(64, 'b'), "shop", "web", "running"), "stale"),
                       labelled(service(std::string(64, 'c'), "shop", "cache", "exited"), hashOf("cache")),
                       labelled(service(std::string(64, 'd'), "shop", "api", "running"), hashOf("api")),
                       labelled(service(std::string(64, 'e'), "other", "db", "running"), "x")};
    std::vector<const berth::api::types::ContainerSummary*> containers;
    for (const auto& c : api->containers) containers.push_back(&c);
    const auto previews = previewUp(loaded.model, containers);
    QCOMPARE(previews.size(), size_t(6));
    const auto find = [&](const QString& name) {
        return *std::ranges::find_if(previews, [&](const ServicePreview& p) { return p.service == name; });
    };
    QCOMPARE(find(QStringLiteral("db")).summary(), QStringLiteral("keep 1"));
    QCOMPARE(find(QStringLiteral("web")).summary(), QStringLiteral("recreate 1"));
    QCOMPARE(find(QStringLiteral("cache")).summary(), QStringLiteral("start 1"));
    QCOMPARE(find(QStringLiteral("api")).summary(), QStringLiteral("create 1, keep 1")); // 2 replicas
    QCOMPARE(find(QStringLiteral("proxy")).summary(), QStringLiteral("create 1"));
    QCOMPARE(find(QStringLiteral("db")).containers, QStringList{QStringLiteral("shop-db-1")});

    // The page's Up shows the same in its dialog.
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    page.resize(1100, 650);
    QVERIFY(loadContainers(state));
    QSignalSpy opened(&page, &ComposePage::sourceLoaded);
    page.openSource({{loaded.configFiles.first()}, {}, {}});
    QVERIFY(opened.wait(5000));
    page.selectProject(QStringLiteral("shop"));
    page.requestUp();
    auto* dialog = page.findChild<UpPreviewDialog*>();
    QVERIFY(dialog);
    QCOMPARE(dialog->list()->topLevelItemCount(), 6);
    QStringList rows;
    for (int i = 0; i < dialog->list()->topLevelItemCount(); ++i)
        rows << dialog->list()->topLevelItem(i)->text(0) + QLatin1Char('=') + dialog->list()->topLevelItem(i)->text(1);
    QVERIFY2(rows.contains(QStringLiteral("web=recreate 1")), qPrintable(rows.join(u',')));
    QVERIFY2(rows.contains(QStringLiteral("db=keep 1")), qPrintable(rows.join(u',')));
    dialog->show();
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(*dialog, QStringLiteral("compose-up-preview")));
    dialog->reject();
}

namespace {
class FakeLogSource : public LogSource {
public:
    void start(const LogQuery&) override { ++starts; }
    void stop() override {}
    void push(const char* timestamp, const char* text) {
        LogBatch batch;
        batch.appendLine(timestamp, text, LogStreamKind::Stdout);
        post(std::move(batch));
    }
    int starts = 0;
};
} // namespace

// The Logs tab merges the project's containers by timestamp, each line prefixed
// with its service; a click on a node narrows it to that service.
void ComposePageTest::mergedLogsPrefixEachService() {
    auto* api = new FakeEngineApi;
    api->containers = {service(std::string(64, 'w'), "blog", "web", "running"),
                       service(std::string(64, 'd'), "blog", "db", "running"),
                       service(std::string(64, 'o'), "other", "x", "running")};
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    QMap<QString, FakeLogSource*> sources; // by container ID, the latest made
    page.logsTab()->setSourceFactory([&sources](const QString& id) {
        auto source = std::make_unique<FakeLogSource>();
        sources[id] = source.get();
        return source;
    });
    page.resize(1100, 650);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QVERIFY(loadContainers(state));
    QTRY_VERIFY(page.projectNames().contains(QStringLiteral("blog")));
    page.selectProject(QStringLiteral("blog"));
    QVERIFY(sources.isEmpty()); // no stream while the tab is hidden
    page.tabs()->setCurrentWidget(page.logsTab());
    const QString web = QString::fromStdString(std::string(64, 'w'));
    const QString db = QString::fromStdString(std::string(64, 'd'));
    QTRY_COMPARE(sources.size(), 2);
    QCOMPARE(page.logsTab()->sourceNames(), (QStringList{QStringLiteral("db"), QStringLiteral("web")}));
    sources[web]->push("2026-01-01T00:00:02.000000000Z", "GET / 200");
    sources[db]->push("2026-01-01T00:00:01.000000000Z", "database system is ready");
    sources[web]->push("2026-01-01T00:00:03.000000000Z", "GET /about 200");
    QTRY_COMPARE(page.logsTab()->logs()->model()->rowCount(), 3);
    QCOMPARE(page.logsTab()->rowWithPrefix(0), QStringLiteral("db | database system is ready"));
    QCOMPARE(page.logsTab()->rowWithPrefix(1), QStringLiteral("web | GET / 200"));
    QCOMPARE(page.logsTab()->rowWithPrefix(2), QStringLiteral("web | GET /about 200"));
    // Three short lines fit the tab: no horizontal scroll bar under them.
    auto* logLines = page.logsTab()->logs()->findChild<QListView*>(QStringLiteral("logsView"));
    QVERIFY(logLines);
    QTest::qWait(50);
    QVERIFY(!logLines->horizontalScrollBar()->isVisible());
    QVERIFY(berth::test::saveLightAndDarkScreenshots(page, QStringLiteral("compose-logs")));

    // A click on the db node: only db's stream.
    sources.clear();
    emit page.graphView()->serviceActivated(QStringLiteral("db"), {db});
    QCOMPARE(page.logsTab()->serviceFilter(), QStringLiteral("db"));
    QTRY_COMPARE(sources.size(), 1);
    QVERIFY(sources.contains(db));
    sources[db]->push("2026-01-01T00:00:04.000000000Z", "checkpoint");
    QTRY_COMPARE(page.logsTab()->logs()->model()->rowCount(), 1);
    QCOMPARE(page.logsTab()->rowWithPrefix(0), QStringLiteral("checkpoint"));
    QCOMPARE(page.logsTab()->sourceNames(), QStringList{QStringLiteral("db")});
}

void ComposePageTest::upProgressLinesAreRead() {
    const QStringList services{QStringLiteral("web"), QStringLiteral("my-db")};
    const QString project = QStringLiteral("shop");
    using E = UpProgressEvent;
    QCOMPARE(parseUpProgressLine(QStringLiteral(" web Pulling"), project, services), (E{QStringLiteral("web"), {}, UpStage::Pulling}));
    QCOMPARE(parseUpProgressLine(QStringLiteral(" Container shop-my-db-2  Waiting"), project, services),
             (E{QStringLiteral("my-db"), QStringLiteral("shop-my-db-2"), UpStage::Waiting}));
    QCOMPARE(parseUpProgressLine(QStringLiteral(" Container shop-web-1  Recreate"), project, services)->stage, UpStage::Creating);
    QCOMPARE(parseUpProgressLine(QStringLiteral(" Container shop-web-1  Started"), project, services)->stage, UpStage::Done);
    QCOMPARE(parseUpProgressLine(QStringLiteral(" Container shop-web-1  Error"), project, services)->stage, UpStage::Failed);
    QVERIFY(!parseUpProgressLine(QStringLiteral(" Network shop_default  Created"), project, services));
    QVERIFY(!parseUpProgressLine(QStringLiteral(" Container other-web-1  Started"), project, services));
    QVERIFY(!parseUpProgressLine(QStringLiteral("WARN[0000] Found orphan containers"), project, services));
}

// A stand-in `berth compose up` writes docker compose's progress lines and waits
// half-way: the list and the graph's nodes show each service's step, and the end
// settles them (the failed one failed, the ones never reached said so).
void ComposePageTest::upShowsEachServicesStep() {
    auto* api = new FakeEngineApi;
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    page.resize(1100, 650);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTemporaryDir dir;
    const QString fake = dir.filePath(QStringLiteral("berth"));
    QFile script(fake);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(QStringLiteral("#!/bin/sh\n"
                                "echo ' Network shop_back  Created' >&2\n"
                                "echo ' db Pulling' >&2\n"
                                "echo ' db Pulled' >&2\n"
                                "echo ' Container shop-db-1  Creating' >&2\n"
                                "echo ' Container shop-db-1  Started' >&2\n"
                                "echo ' Container shop-cache-1  Running' >&2\n"
                                "echo ' Container shop-web-1  Creating' >&2\n"
                                "echo ' Container shop-db-1  Waiting' >&2\n"
                                "while [ ! -e '%1' ]; do sleep 0.05; done\n"
                                "echo ' Container shop-db-1  Healthy' >&2\n"
                                "echo ' Container shop-web-1  Error' >&2\n"
                                "echo 'Error response from daemon: boom' >&2\n"
                                "exit 1\n")
                     .arg(dir.filePath(QStringLiteral("go")))
                     .toUtf8());
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    page.setComposeProgram(fake);
    QSignalSpy loaded(&page, &ComposePage::sourceLoaded);
    page.openSource({{writeProject(dir, kSixServices)}, {}, {}});
    QVERIFY(loaded.wait(5000));
    page.selectProject(QStringLiteral("shop"));
    page.requestUp();
    QTRY_VERIFY(page.findChild<UpPreviewDialog*>());
    page.findChild<UpPreviewDialog*>()->accept();

    QTreeWidget* list = page.upProgressList();
    const auto step = [list](const QString& service) {
        for (int i = 0; i < list->topLevelItemCount(); ++i)
            if (list->topLevelItem(i)->text(0) == service) return list->topLevelItem(i)->text(1);
        return QString();
    };
    QTRY_COMPARE(step(QStringLiteral("db")), QStringLiteral("waiting for healthy"));
    QVERIFY(list->isVisible());
    QCOMPARE(list->topLevelItemCount(), 6);
    QCOMPARE(step(QStringLiteral("web")), QStringLiteral("creating"));
    QCOMPARE(step(QStringLiteral("cache")), QStringLiteral("done"));
    QCOMPARE(step(QStringLiteral("proxy")), QStringLiteral("pending"));
    QCOMPARE(page.graphView()->graph().node(QStringLiteral("db"))->progress, QStringLiteral("waiting for healthy"));
    QCOMPARE(page.graphView()->graph().node(QStringLiteral("web"))->progress, QStringLiteral("creating"));
    QVERIFY(berth::test::saveLightAndDarkScreenshots(page, QStringLiteral("compose-up-progress")));

    QFile go(dir.filePath(QStringLiteral("go")));
    QVERIFY(go.open(QIODevice::WriteOnly));
    go.close();
    QTRY_COMPARE(page.notice()->kind(), NoticeBar::Kind::Error);
    QCOMPARE(page.notice()->text(), QStringLiteral("Error response from daemon: boom"));
    QCOMPARE(step(QStringLiteral("db")), QStringLiteral("healthy"));
    QCOMPARE(step(QStringLiteral("web")), QStringLiteral("failed"));
    QCOMPARE(step(QStringLiteral("proxy")), QStringLiteral("not reached"));
    QVERIFY(page.graphView()->graph().node(QStringLiteral("db"))->progress.isEmpty());
}

// Selecting another project while the editor holds unsaved text asks; Cancel stays, Discard moves on.
void ComposePageTest::unsavedTextIsNotDroppedSilently() {
    EditorFixture f;
    f.api->containers = {service(std::string(64, '1'), "blog", "app", "running")};
    QVERIFY(loadContainers(f.state));
    QVERIFY(f.open());
    QTRY_COMPARE(f.page.projectNames(), (QStringList{QStringLiteral("blog"), QStringLiteral("shop")}));
    typeText(f.page.editorTab()->editor(), QStringLiteral("name: shop\nservices: {}\n"));
    const auto answer = [](QMessageBox::StandardButton button) {
        QTimer::singleShot(0, [button] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (box) box->button(button)->click();
        });
    };
    answer(QMessageBox::Cancel);
    f.page.selectProject(QStringLiteral("blog"));
    QCOMPARE(f.page.selectedProject(), QStringLiteral("shop"));
    QVERIFY(f.page.editorTab()->isModified());
    answer(QMessageBox::Discard);
    f.page.selectProject(QStringLiteral("blog"));
    QCOMPARE(f.page.selectedProject(), QStringLiteral("blog"));
    QVERIFY(f.page.editorTab()->currentFile().isEmpty());
}

// "Remove volumes", unchecked, in the dark screenshots' look (a dark palette
// with Fusion): its box's border stands out from the toolbar by WCAG's 3:1 for a
// control's boundary. Fusion alone draws it darker than the dark window (about 1.3:1).
void ComposePageTest::anUncheckedBoxIsSeenInTheDark() {
    auto* api = new FakeEngineApi;
    EngineState state(api);
    ComposePage page({nullptr, &state}, QIcon());
    page.resize(1000, 600);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    auto* box = page.findChild<QCheckBox*>(QStringLiteral("removeVolumes"));
    QVERIFY(box);
    QVERIFY(!box->isChecked());
    QImage image;
    QRect indicator;
    berth::test::inTheDark([&] {
        QStyleOptionButton option;
        option.initFrom(box);
        indicator = box->style()->subElementRect(QStyle::SE_CheckBoxIndicator, &option, box);
        image = box->grab().toImage();
    });
    QVERIFY(indicator.width() > 4);
    const QColor window = berth::test::darkPalette().color(QPalette::Window);
    // The left edge of the box, half way down: Fusion's 1-pixel border.
    const QColor edge = image.pixelColor(indicator.left(), indicator.center().y());
    QVERIFY2(contrastRatio(edge, window) >= 3.0,
             qPrintable(QStringLiteral("border %1 on window %2: %3:1")
                            .arg(edge.name(), window.name())
                            .arg(contrastRatio(edge, window), 0, 'f', 2)));
}

namespace {
// The project list's header sections narrower than `text` needs as a header
// label, or running past the list's right edge.
QStringList sectionsNarrowerThan(const QTreeWidget& projects, const QString& text) {
    QStringList squeezed;
    const QHeaderView* header = projects.header();
    for (int column = 0; column < header->count(); ++column) {
        QStyleOptionHeader option;
        option.initFrom(header);
        option.section = column;
        option.text = text.isEmpty() ? projects.headerItem()->text(column) : text;
        const int needed = header->style()->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), header).width();
        if (header->sectionSize(column) < needed || header->sectionViewportPosition(column) + needed > header->width())
            squeezed << QStringLiteral("%1: %2 < %3").arg(projects.headerItem()->text(column)).arg(header->sectionSize(column)).arg(needed);
    }
    return squeezed;
}
} // namespace

// The Compose page with no project at all, in the window at its default size:
// Project, State and File read whole in English and in Chinese.
void ComposePageTest::emptyProjectListHeadersReadFully() {
    QSettings().remove(QStringLiteral("window/geometry"));
    QTemporaryDir dir(QStringLiteral("/tmp/berth-gui-XXXXXX"));
    const QString host = QStringLiteral("unix://") + dir.filePath(QStringLiteral("berth.sock")); // no engine
    for (const QLocale& locale : {QLocale(QLocale::English), QLocale(QLocale::Chinese, QLocale::China)}) {
        berth::ui::AppTranslations installed = berth::ui::installTranslations(locale);
        {
            MainWindow window(host);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.showPage(QStringLiteral("compose"));
            auto* projects = window.findChild<QTreeWidget*>(QStringLiteral("composeProjects"));
            QVERIFY(projects);
            QCOMPARE(projects->topLevelItemCount(), 0);
            const QString suffix = installed.berth ? QStringLiteral("-zh_CN") : QString();
            // Each label whole, and room around it: no section narrower than "not created",
            // the state a project just opened shows (the labels ran together at their bare width).
            QVERIFY2(sectionsNarrowerThan(*projects, {}).isEmpty(), qPrintable(sectionsNarrowerThan(*projects, {}).join(u',')));
            const QString notCreated = QCoreApplication::translate("berth::ui::ComposePage", "not created");
            QVERIFY2(sectionsNarrowerThan(*projects, notCreated).isEmpty(),
                     qPrintable(sectionsNarrowerThan(*projects, notCreated).join(u',')));
            QVERIFY(berth::test::saveLightAndDarkScreenshots(window, QStringLiteral("compose-empty") + suffix));
        }
        berth::ui::removeTranslations(installed);
    }
}

// No project: the Graph tab says how to get one, with the two ways to open one
// as buttons; the graph takes its place once a project is opened.
void ComposePageTest::graphTabHintsUntilAProjectIsOpened() {
    EditorFixture f;
    f.page.resize(1100, 650);
    f.page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.page));
    auto* hint = f.page.findChild<QLabel*>(QStringLiteral("composeGraphHintText"));
    QVERIFY(hint);
    QVERIFY(hint->isVisible());
    QVERIFY(hint->text().contains(QLatin1String("Open a compose file")));
    QVERIFY(!f.page.graphView()->isVisible());
    // The buttons are the toolbar's actions (their chooser kept closed here).
    for (const char* name : {"openComposeFileAction", "openComposeFolderAction"}) {
        auto* action = f.page.findChild<QAction*>(QLatin1String(name));
        auto* button = f.page.findChild<QPushButton*>(QLatin1String(name) + QStringLiteral("Button"));
        QVERIFY(action && button && button->isVisible());
        QCOMPARE(button->text(), action->text());
        QObject::disconnect(action, &QAction::triggered, &f.page, nullptr);
        QSignalSpy opening(action, &QAction::triggered);
        button->click();
        QCOMPARE(opening.count(), 1);
    }
    QVERIFY(berth::test::saveLightAndDarkScreenshots(f.page, QStringLiteral("compose-graph-hint")));

    QVERIFY(f.open());
    f.page.tabs()->setCurrentIndex(0); // the Graph tab
    QVERIFY(!hint->isVisible());
    QVERIFY(f.page.graphView()->isVisible());
}

QTEST_MAIN(ComposePageTest)
#include "compose_page_test.moc"
