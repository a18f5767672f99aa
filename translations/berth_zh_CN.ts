<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context>
    <name>berth::ui</name>
    <message>
        <location filename="../ui/dialogs/run_options.cpp" line="+28"/>
        <source>invalid proto: %1</source>
        <translation>无效的协议：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+10"/>
        <source>invalid port format: %1</source>
        <translation>无效的端口格式：%1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>invalid size: &apos;%1&apos;</source>
        <translation>无效的大小：&apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>an image is required</source>
        <translation>必须指定镜像</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>invalid volume specification: &apos;%1&apos;</source>
        <translation>无效的卷规格：&apos;%1&apos;</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>conflicting options: cannot specify both --restart and --rm</source>
        <translation>选项冲突：不能同时指定 --restart 和 --rm</translation>
    </message>
    <message>
        <location filename="../ui/client/image_reference.cpp" line="+21"/>
        <source>Enter an image reference, such as busybox:latest.</source>
        <translation>请输入镜像引用，例如 busybox:latest。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An image reference has no spaces.</source>
        <translation>镜像引用不能包含空格。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Repository names must be lowercase.</source>
        <translation>仓库名称必须为小写。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a valid image reference.</source>
        <translation>这不是有效的镜像引用。</translation>
    </message>
    <message>
        <location filename="../ui/compose/compose_graph.cpp" line="+199"/>
        <source>not created</source>
        <translation>未创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unhealthy</source>
        <translation>不健康</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>partly running</source>
        <translation>部分运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1: %2, %3 of %4 running</source>
        <translation>%1：%2，%4 个中 %3 个运行中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; depends on %1</source>
        <translation>；依赖 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; networks %1</source>
        <translation>；网络 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; ports %1</source>
        <translation>；端口 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>; volumes %1</source>
        <translation>；数据卷 %1</translation>
    </message>
</context>
<context>
    <name>berth::ui::AboutDialog</name>
    <message>
        <location filename="../ui/dialogs/about_dialog.cpp" line="+21"/>
        <source>About Berth</source>
        <translation>关于 Berth</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Berth&apos;s icon</source>
        <translation>Berth 图标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Berth&lt;/b&gt;&lt;br&gt;A desktop container workstation.</source>
        <translation>&lt;b&gt;Berth&lt;/b&gt;&lt;br&gt;桌面容器工作站。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Berth version:</source>
        <translation>Berth 版本：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt version:</source>
        <translation>Qt 版本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engine address:</source>
        <translation>引擎地址：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engine:</source>
        <translation>引擎：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engine version:</source>
        <translation>引擎版本：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API version:</source>
        <translation>API 版本：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>berth::ui::BuildDialog</name>
    <message>
        <location filename="../ui/editor/build_dialog.cpp" line="+27"/>
        <source>Do not use the build cache</source>
        <translation>不使用构建缓存</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Build Image</source>
        <translation>构建镜像</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Build context folder</source>
        <translation>构建上下文文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the build context folder</source>
        <translation>选择构建上下文文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build Context</source>
        <translation>构建上下文</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Image tags</source>
        <translation>镜像标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name:tag, another:tag</source>
        <translation>名称:标签, 另一个:标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build arguments</source>
        <translation>构建参数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KEY=value, one a line</source>
        <translation>KEY=value，每行一个</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target stage</source>
        <translation>目标阶段</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(the last stage)</source>
        <translation>（最后一个阶段）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dockerfile:</source>
        <translation>Dockerfile：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tags:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build args:</source>
        <translation>构建参数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start the build</source>
        <translation>开始构建</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>berth::ui::BuildLogView</name>
    <message>
        <location filename="../ui/editor/build_log_view.cpp" line="+10"/>
        <source>Build steps</source>
        <translation>构建步骤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Step</source>
        <comment>build log column</comment>
        <translation>步骤</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Instruction</source>
        <comment>build log column</comment>
        <translation>指令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <comment>build log column</comment>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Time</source>
        <comment>build log column</comment>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cache</source>
        <comment>build log column</comment>
        <translation>缓存</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Running</source>
        <comment>build step state</comment>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <comment>build step state</comment>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cached</source>
        <comment>build step state</comment>
        <translation>已缓存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <comment>build step state</comment>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>%1 s</source>
        <comment>build step time</comment>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Using cache</source>
        <translation>使用缓存</translation>
    </message>
</context>
<context>
    <name>berth::ui::ClearButton</name>
    <message>
        <location filename="../ui/widgets/clear_button.cpp" line="+13"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
</context>
<context>
    <name>berth::ui::ComposeCommand</name>
    <message>
        <location filename="../ui/compose/compose_command.cpp" line="+19"/>
        <source>Could not run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>berth compose crashed</source>
        <translation>berth compose 崩溃了</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>berth compose exited with status %1</source>
        <translation>berth compose 以状态 %1 退出</translation>
    </message>
</context>
<context>
    <name>berth::ui::ComposeEditor</name>
    <message>
        <location filename="../ui/compose/compose_editor.cpp" line="+42"/>
        <source>Compose file</source>
        <translation>Compose 文件</translation>
    </message>
</context>
<context>
    <name>berth::ui::ComposeEditorTab</name>
    <message>
        <location filename="../ui/compose/compose_editor_tab.cpp" line="+29"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Compose file to edit</source>
        <translation>要编辑的 Compose 文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the compose file</source>
        <translation>保存 Compose 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save and load the project again (Ctrl+S)</source>
        <translation>保存并重新加载项目（Ctrl+S）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compose file state</source>
        <translation>Compose 文件状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>This project was found from its containers&apos; labels: Open… its compose file to edit it.</source>
        <translation>此项目是从其容器的标签中发现的：请“打开…”其 compose 文件以编辑。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No project is selected: Open… a compose file to edit it here.</source>
        <translation>未选择项目：打开…一个 Compose 文件即可在此编辑。</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
</context>
<context>
    <name>berth::ui::ComposeGraphView</name>
    <message>
        <location filename="../ui/compose/compose_graph_view.cpp" line="+69"/>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1/%2 · %3</source>
        <translation>%1/%2 · %3</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 — %2 (%3 of %4 running)</source>
        <translation>%1 — %2（%4 个中 %3 个运行中）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Networks: %1</source>
        <translation>网络：%1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Published port %1</source>
        <translation>发布端口 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volume %1</source>
        <translation>数据卷 %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Service graph</source>
        <translation>服务关系图</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ctrl+wheel or +/− to zoom, 0 to fit, drag to move; click a service (or arrows and Enter) for its details</source>
        <translation>Ctrl+滚轮或 +/− 缩放，0 适应窗口，拖动以移动；点击服务（或用方向键和 Enter）查看详情</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No project selected.</source>
        <translation>未选择项目。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Network %1</source>
        <translation>网络 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>network %1</source>
        <translation>网络 %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>depends on, condition %1</source>
        <translation>依赖，条件 %1</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Current: %1, %2, %3 of %4 running. Enter opens its details. </source>
        <translation>当前：%1，%2，%4 个中 %3 个运行中。按 Enter 打开详情。</translation>
    </message>
</context>
<context>
    <name>berth::ui::ComposeLogsTab</name>
    <message>
        <location filename="../ui/compose/compose_logs_tab.cpp" line="+21"/>
        <source>Service whose logs are shown</source>
        <translation>显示其日志的服务</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Service:</source>
        <translation>服务：</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>All services</source>
        <translation>所有服务</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Select a project to see its logs.</source>
        <translation>选择一个项目以查看其日志。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No engine to read logs from.</source>
        <translation>没有可读取日志的引擎。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project %1 has no containers yet: Up creates them.</source>
        <translation>项目 %1 还没有容器：启动项目会创建它们。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Logs of project %1</source>
        <translation>项目 %1 的日志</translation>
    </message>
</context>
<context>
    <name>berth::ui::ComposePage</name>
    <message>
        <location filename="../ui/pages/compose_page.cpp" line="+96"/>
        <source>Remove volumes</source>
        <translation>移除数据卷</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compose projects</source>
        <translation>Compose 项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Compose output</source>
        <translation>Compose 输出</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What Up, Down and Restart write appears here.</source>
        <translation>启动、移除和重启项目的输出显示在这里。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Up progress per service</source>
        <translation>各服务的启动进度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Remove volumes on Down</source>
        <translation>移除项目时同时移除数据卷</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Down also removes the project&apos;s named volumes (-v)</source>
        <translation>移除项目时也移除其命名数据卷（-v）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compose actions</source>
        <translation>Compose 操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open Folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Up</source>
        <translation>启动项目</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Down</source>
        <translation>移除项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pull</source>
        <translation>拉取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Project views</source>
        <translation>项目视图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Graph</source>
        <translation>关系图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Editor</source>
        <translation>编辑器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Compose</source>
        <translation>Compose</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No project is selected. Open a compose file (compose.yaml) or a folder holding one to see its services, or start a project with docker compose: it appears in the list on the left.</source>
        <translation>未选择项目。打开一个 Compose 文件（compose.yaml）或包含它的文件夹即可查看其服务；也可以用 docker compose 启动一个项目，它会出现在左侧列表中。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Open a compose file</source>
        <translation>打开 compose 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compose files (*.yaml *.yml);;All files (*)</source>
        <translation>Compose 文件 (*.yaml *.yml);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open a compose project folder</source>
        <translation>打开 compose 项目文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Loaded project %1.</source>
        <translation>已加载项目 %1。</translation>
    </message>
    <message>
        <location line="-164"/>
        <location line="+206"/>
        <source>not created</source>
        <translation>未创建</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 has unsaved changes. Discard them and show project %2?</source>
        <translation>%1 有未保存的更改。放弃它们并显示项目 %2？</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Saved; project %1 loaded again.</source>
        <translation>已保存；项目 %1 已重新加载。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>docker compose %1</source>
        <translation>docker compose %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 needs the project&apos;s compose file: Open… it</source>
        <translation>%1 需要项目的 compose 文件：请先“打开…”它</translation>
    </message>
    <message>
        <source>docker compose up -d</source>
        <translation type="vanished">docker compose up -d</translation>
    </message>
    <message>
        <source>Up needs the project&apos;s compose file: Open… it</source>
        <translation type="vanished">启动项目需要其 compose 文件：请先“打开…”它</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>berth compose %1 (%2)…</source>
        <translation>berth compose %1（%2）…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>berth compose %1 (%2) finished.</source>
        <translation>berth compose %1（%2）已完成。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>not reached</source>
        <translation>未执行到</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Starting project %1…</source>
        <translation>正在启动项目 %1…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stopping project %1…</source>
        <translation>正在停止项目 %1…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restarting project %1…</source>
        <translation>正在重启项目 %1…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Taking project %1 down…</source>
        <translation>正在移除项目 %1…</translation>
    </message>
</context>
<context>
    <name>berth::ui::ComposeProjects</name>
    <message>
        <location filename="../ui/compose/compose_projects.cpp" line="+35"/>
        <source>running %1/%2</source>
        <translation>运行中 %1/%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, %1 unhealthy</source>
        <translation>，%1 个不健康</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, %1 exited</source>
        <translation>，%1 个已退出</translation>
    </message>
</context>
<context>
    <name>berth::ui::ConnectionBanner</name>
    <message>
        <location filename="../ui/widgets/connection_banner.cpp" line="+38"/>
        <source>Retry Now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Cannot reach the Berth engine at %1.</source>
        <translation>无法连接 %1 上的 Berth 引擎。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Start it with %1 (or %2); Berth reconnects by itself.</source>
        <translation>请用 %1（或 %2）启动它；Berth 会自动重新连接。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Access to the Berth engine at %1 was denied.</source>
        <translation>访问 %1 上的 Berth 引擎被拒绝。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add your user to the socket group: %1, then log in again.</source>
        <translation>请将你的用户加入套接字所属组：%1，然后重新登录。</translation>
    </message>
</context>
<context>
    <name>berth::ui::ContainerDetails</name>
    <message>
        <location filename="../ui/details/container_details.cpp" line="+16"/>
        <source>Container details</source>
        <translation>容器详情</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stats</source>
        <translation>统计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Top</source>
        <translation>进程</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>berth::ui::ContainersModel</name>
    <message>
        <location filename="../ui/models/containers_model.cpp" line="+35"/>
        <source>starting</source>
        <comment>container health</comment>
        <translation>启动中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>healthy</source>
        <comment>container health</comment>
        <translation>健康</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unhealthy</source>
        <comment>container health</comment>
        <translation>不健康</translation>
    </message>
    <message>
        <location filename="../ui/models/container_state_text.cpp" line="+8"/>
        <source>running</source>
        <comment>container state</comment>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paused</source>
        <comment>container state</comment>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>restarting</source>
        <comment>container state</comment>
        <translation>重启中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exited</source>
        <comment>container state</comment>
        <translation>已退出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>created</source>
        <comment>container state</comment>
        <translation>已创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dead</source>
        <comment>container state</comment>
        <translation>已失效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>removing</source>
        <comment>container state</comment>
        <translation>删除中</translation>
    </message>
    <message>
        <location filename="../ui/models/containers_model.cpp" line="+100"/>
        <source>Click to open %1</source>
        <translation>点击打开 %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Name</source>
        <comment>containers column</comment>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image</source>
        <comment>containers column</comment>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <comment>containers column</comment>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Health</source>
        <comment>containers column</comment>
        <translation>健康状况</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ports</source>
        <comment>containers column</comment>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>containers column</comment>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Project</source>
        <comment>containers column: the compose project</comment>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU %</source>
        <comment>containers column</comment>
        <translation>CPU %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory</source>
        <comment>containers column: used / limit</comment>
        <translation>内存</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1 / %2</source>
        <comment>memory used / limit</comment>
        <translation>%1 / %2</translation>
    </message>
</context>
<context>
    <name>berth::ui::ContainersPage</name>
    <message>
        <location filename="../ui/pages/containers_page.cpp" line="+40"/>
        <source>Starting %1…</source>
        <translation>正在启动 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopping %1…</source>
        <translation>正在停止 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restarting %1…</source>
        <translation>正在重启 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pausing %1…</source>
        <translation>正在暂停 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unpausing %1…</source>
        <translation>正在恢复 %1…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Killing %1…</source>
        <translation>正在强制终止 %1…</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Group by project</source>
        <translation>按项目分组</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Filter by name, image or state (Ctrl+F)</source>
        <translation>按名称、镜像或状态筛选（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter containers</source>
        <translation>筛选容器</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+114"/>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>No containers yet. Run… starts one from an image; the Images page&apos;s Pull… fetches an image first.</source>
        <translation>还没有容器。“运行…”从镜像启动一个容器；可先在“镜像”页用“拉取…”获取镜像。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Container actions</source>
        <translation>容器操作</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run…</source>
        <translation>运行…</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+232"/>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location line="-231"/>
        <location line="+233"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="-232"/>
        <location line="+234"/>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unpause</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kill</source>
        <translation>强制终止</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+191"/>
        <location line="+16"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="-195"/>
        <source>Show the containers of each compose project under one row</source>
        <translation>将每个 Compose 项目的容器归到同一行下</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+217"/>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <location line="-216"/>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stats</source>
        <translation>统计</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>&amp;Container</source>
        <translation>容器(&amp;C)</translation>
    </message>
    <message>
        <location line="+52"/>
        <location line="+44"/>
        <source>Removing %1…</source>
        <translation>正在删除 %1…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Remove containers</source>
        <translation>删除容器</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Remove %n container(s)? Running ones are stopped first.</source>
        <translation>
            <numerusform>删除 %n 个容器？正在运行的容器会先被停止。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+16"/>
        <source>Also remove their anonymous volumes</source>
        <translation>同时删除它们的匿名卷</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Remove project</source>
        <translation>删除项目</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Remove the %n container(s) of project %1? Running ones are stopped first.</source>
        <translation>
            <numerusform>删除项目 %1 的 %n 个容器？正在运行的容器会先被停止。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+1"/>
        <source>Project %1</source>
        <translation>项目 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Acts on every container of project %1</source>
        <translation>作用于项目 %1 的所有容器</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Start project %1</source>
        <translation>启动项目 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop project %1</source>
        <translation>停止项目 %1</translation>
    </message>
</context>
<context>
    <name>berth::ui::ContainersTreeModel</name>
    <message>
        <location filename="../ui/models/containers_tree_model.cpp" line="+218"/>
        <source>running %1/%2</source>
        <comment>compose project header: running containers / all</comment>
        <translation>运行中 %1/%2</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Compose project %1: %2</source>
        <comment>project name, running n/m</comment>
        <translation>Compose 项目 %1：%2</translation>
    </message>
</context>
<context>
    <name>berth::ui::DetailsArea</name>
    <message>
        <location filename="../ui/details/container_details.cpp" line="+25"/>
        <source>Open containers</source>
        <translation>打开的容器</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Logs of %1</source>
        <translation>%1 的日志</translation>
    </message>
</context>
<context>
    <name>berth::ui::DetailsWindow</name>
    <message>
        <location filename="../ui/details/details_window.cpp" line="+18"/>
        <location line="+1"/>
        <source>Container details</source>
        <translation>容器详情</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n containers</source>
        <translation>
            <numerusform>%n 个容器</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::ui::DiskUsageChart</name>
    <message>
        <location filename="../ui/widgets/disk_usage_chart.cpp" line="+20"/>
        <source>Images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Local volumes</source>
        <translation>本地卷</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Build cache</source>
        <translation>构建缓存</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Disk usage chart</source>
        <translation>磁盘使用图表</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Nothing uses disk space yet: no images, containers, local volumes or build cache.</source>
        <translation>尚无任何内容占用磁盘空间：没有镜像、容器、本地卷或构建缓存。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reclaimable</source>
        <translation>可回收</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1: %2 (%3 active), %4, %5 reclaimable</source>
        <translation>%1：%2（%3 个活动），%4，%5 可回收</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>MB</source>
        <translation>MB</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Disk usage shows here once the engine answers.</source>
        <translation>引擎应答后，这里会显示磁盘用量。</translation>
    </message>
</context>
<context>
    <name>berth::ui::DockerfileEditor</name>
    <message>
        <location filename="../ui/editor/dockerfile_editor.cpp" line="+99"/>
        <source>Dockerfile text</source>
        <translation>Dockerfile 文本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Completions</source>
        <translation>补全</translation>
    </message>
    <message>
        <location line="+251"/>
        <source>Fix: %1</source>
        <translation>修复：%1</translation>
    </message>
</context>
<context>
    <name>berth::ui::DockerfilePage</name>
    <message>
        <location filename="../ui/pages/dockerfile_page.cpp" line="+68"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Info</source>
        <translation>信息</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Dockerfiles</source>
        <translation>Dockerfile</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Show in Images</source>
        <translation>在镜像中显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run…</source>
        <translation>运行…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recent Files</source>
        <translation>最近的文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open file</source>
        <translation>打开的文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open files</source>
        <translation>打开的文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>.dockerignore text</source>
        <translation>.dockerignore 文本</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+9"/>
        <source>Stages</source>
        <translation>阶段</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>The build stages (FROM lines); click one to go to it</source>
        <translation>构建阶段（FROM 行）；点击以跳转</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Dockerfile actions</source>
        <translation>Dockerfile 操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open Dockerfile</source>
        <translation>打开 Dockerfile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dockerfiles (Dockerfile *.Dockerfile Dockerfile.* Containerfile);;All files (*)</source>
        <translation>Dockerfile (Dockerfile *.Dockerfile Dockerfile.* Containerfile);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recent files</source>
        <translation>最近的文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+212"/>
        <source>Save Dockerfile As</source>
        <translation>将 Dockerfile 另存为</translation>
    </message>
    <message>
        <location line="-208"/>
        <source>Build…</source>
        <translation>构建…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Build an image from this Dockerfile</source>
        <translation>用此 Dockerfile 构建镜像</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Problems and build log</source>
        <translation>问题和构建日志</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+60"/>
        <location line="+210"/>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="-268"/>
        <source>Line</source>
        <comment>problems column</comment>
        <translation>行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <comment>problems column</comment>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rule</source>
        <comment>problems column</comment>
        <translation>规则</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Quick Fix</source>
        <translation>快速修复</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Apply the quick fix of the selected problem</source>
        <translation>对所选问题应用快速修复</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fix: %1</source>
        <translation>修复：%1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Build result</source>
        <translation>构建结果</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the built image in Images</source>
        <translation>在镜像页面中显示构建出的镜像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run a container from the built image</source>
        <translation>用构建出的镜像运行容器</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+15"/>
        <source>(unsaved Dockerfile)</source>
        <translation>（未保存的 Dockerfile）</translation>
    </message>
    <message>
        <location line="-14"/>
        <source>%1 (modified)</source>
        <translation>%1（已修改）</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+4"/>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>The Dockerfile has unsaved changes. Save them first?</source>
        <translation>此 Dockerfile 有未保存的更改。先保存吗？</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No recent files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%1 on line %2</source>
        <translation>第 %2 行：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 (line %2)</source>
        <translation>%1（第 %2 行）</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Building…</source>
        <translation>正在构建…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Built %1</source>
        <translation>已构建 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built %1 as %2</source>
        <translation>已构建 %1，标签为 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Build failed: %1</source>
        <translation>构建失败：%1</translation>
    </message>
</context>
<context>
    <name>berth::ui::EmptyViewHint</name>
    <message>
        <location filename="../ui/widgets/empty_view_hint.cpp" line="+56"/>
        <source>The engine is not connected: this list fills once it answers.</source>
        <translation>引擎未连接：它响应后此列表会自动填充。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing matches the filter.</source>
        <translation>没有符合筛选条件的项。</translation>
    </message>
</context>
<context>
    <name>berth::ui::EnginePage</name>
    <message>
        <location filename="../ui/pages/engine_page.cpp" line="+64"/>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Product:</source>
        <translation>产品：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Server version:</source>
        <translation>服务端版本：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>API version:</source>
        <translation>API 版本：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Minimum API version:</source>
        <translation>最低 API 版本：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OS/Arch:</source>
        <translation>系统/架构：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Kernel:</source>
        <translation>内核：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Git commit:</source>
        <translation>Git 提交：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ID:</source>
        <translation>ID：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPUs:</source>
        <translation>CPU 数：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operating system:</source>
        <translation>操作系统：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cgroups:</source>
        <translation>Cgroups：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>version %1, %2 driver</source>
        <translation>版本 %1，%2 驱动</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Storage driver:</source>
        <translation>存储驱动：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Root directory:</source>
        <translation>根目录：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Containers:</source>
        <translation>容器：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2 running, %3 paused, %4 stopped)</source>
        <translation>%1（%2 个运行中，%3 个已暂停，%4 个已停止）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Images:</source>
        <translation>镜像：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Disk usage</source>
        <translation>磁盘使用</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+30"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Event type</source>
        <translation>事件类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All types</source>
        <translation>所有类型</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Filter events</source>
        <translation>筛选事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter by action or object</source>
        <translation>按操作或对象筛选</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No events yet: they appear here as containers, images, volumes and networks change.</source>
        <translation>还没有事件：容器、镜像、卷和网络发生变化时，事件会显示在这里。</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not connected to %1</source>
        <translation>未连接到 %1</translation>
    </message>
</context>
<context>
    <name>berth::ui::EventStream</name>
    <message>
        <location filename="../ui/client/event_stream.cpp" line="+55"/>
        <source>the engine closed the event stream</source>
        <translation>引擎关闭了事件流</translation>
    </message>
</context>
<context>
    <name>berth::ui::EventsModel</name>
    <message>
        <location filename="../ui/models/events_model.cpp" line="+45"/>
        <source>Time</source>
        <comment>events column</comment>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <comment>events column: container, image, …</comment>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Action</source>
        <comment>events column</comment>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Object</source>
        <comment>events column: the container, image, … the event is about</comment>
        <translation>对象</translation>
    </message>
</context>
<context>
    <name>berth::ui::FilesTab</name>
    <message>
        <location filename="../ui/details/files_tab.cpp" line="+44"/>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>File actions</source>
        <translation>文件操作</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Up</source>
        <translation>上一级</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Go to the parent folder</source>
        <translation>转到上级文件夹</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Download…</source>
        <translation>下载…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the selected files or folders to this computer</source>
        <translation>将选中的文件或文件夹复制到本机</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Upload…</source>
        <translation>上传…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy files from this computer into this folder (or drop them on the list)</source>
        <translation>将本机文件复制到此文件夹（也可拖放到列表上）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Path:</source>
        <translation>路径(&amp;P)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Files in the folder</source>
        <translation>文件夹中的文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Link target</source>
        <translation>链接目标</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n 项</numerusform>
        </translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Download to</source>
        <translation>下载到</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Downloading to %1…</source>
        <translation>正在下载到 %1…</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Downloaded %n item(s) to %1.</source>
        <translation>
            <numerusform>已下载 %n 项到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Skipped, as they would land outside it: %1</source>
        <translation>已跳过（会写到目标文件夹之外）：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Upload to %1</source>
        <translation>上传到 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Uploading to %1…</source>
        <translation>正在上传到 %1…</translation>
    </message>
</context>
<context>
    <name>berth::ui::GraphLayout</name>
    <message>
        <location filename="../ui/compose/graph_layout.cpp" line="+119"/>
        <source>Graphviz could not lay out the graph.</source>
        <translation>Graphviz 无法为该图布局。</translation>
    </message>
</context>
<context>
    <name>berth::ui::ImageProgressDialog</name>
    <message>
        <location filename="../ui/dialogs/image_progress_dialog.cpp" line="+67"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Pull an image</source>
        <translation>拉取镜像</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Push %1</source>
        <translation>推送 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>busybox:latest, or registry:5000/team/app:1.0</source>
        <translation>busybox:latest，或 registry:5000/team/app:1.0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image reference</source>
        <translation>镜像引用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reference problem</source>
        <translation>引用问题</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Image:</source>
        <translation>镜像(&amp;I)：</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pull progress</source>
        <translation>拉取进度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Push progress</source>
        <translation>推送进度</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Layers</source>
        <translation>镜像层</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Pull</source>
        <translation>拉取(&amp;P)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Push</source>
        <translation>推送(&amp;P)</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Pulling %1…</source>
        <translation>正在拉取 %1…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pushing %1…</source>
        <translation>正在推送 %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Pull cancelled.</source>
        <translation>已取消拉取。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Push cancelled.</source>
        <translation>已取消推送。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Pulled %1.</source>
        <translation>已拉取 %1。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Pushed %1.</source>
        <translation>已推送 %1。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The pull failed.</source>
        <translation>拉取失败。</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The push failed.</source>
        <translation>推送失败。</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%p% — %1 of %n layer(s) done</source>
        <translation>
            <numerusform>%p% — 已完成 %1/%n 层</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::ui::ImagesModel</name>
    <message>
        <location filename="../ui/models/images_model.cpp" line="+65"/>
        <source>in use</source>
        <comment>image used by a container</comment>
        <translation>使用中</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Repository</source>
        <comment>images column</comment>
        <translation>仓库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tag</source>
        <comment>images column</comment>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image ID</source>
        <comment>images column</comment>
        <translation>镜像 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Size</source>
        <comment>images column</comment>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>images column</comment>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In use</source>
        <comment>images column: a container uses the image</comment>
        <translation>使用中</translation>
    </message>
</context>
<context>
    <name>berth::ui::ImagesPage</name>
    <message>
        <location filename="../ui/pages/images_page.cpp" line="+53"/>
        <source>Filter by repository, tag or ID (Ctrl+F)</source>
        <translation>按仓库、标签或 ID 筛选（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter images</source>
        <translation>筛选镜像</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+113"/>
        <source>Images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="-111"/>
        <source>No images yet. Pull… fetches one from a registry (alpine, for example); the Dockerfiles page&apos;s Build… makes one.</source>
        <translation>还没有镜像。“拉取…”从镜像仓库获取镜像（例如 alpine）；“Dockerfile”页的“构建…”也能生成镜像。</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+292"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="-281"/>
        <source>Run…</source>
        <translation>运行…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Pull…</source>
        <translation>拉取…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Push…</source>
        <translation>推送…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tag…</source>
        <translation>标记…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Layers</source>
        <translation>镜像层</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Prune…</source>
        <translation>清理…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Log In…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Log In to Registry…</source>
        <translation>登录镜像仓库…</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation type="vanished">登录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log in to a registry, or log out of one</source>
        <translation>登录镜像仓库，或退出登录</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Log Out of Registry…</source>
        <translation>退出镜像仓库登录…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove the login kept for a registry</source>
        <translation>删除为镜像仓库保存的登录信息</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Image actions</source>
        <translation>镜像操作</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>There are no images yet.</source>
        <translation>还没有镜像。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Pull an image…</source>
        <translation>拉取镜像…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Removing %1…</source>
        <translation>正在删除 %1…</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Tagged %1.</source>
        <translation>已标记 %1。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Logged in to %1.</source>
        <translation>已登录 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Logged out of %1.</source>
        <translation>已退出 %1 的登录。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Pruning images…</source>
        <translation>正在清理镜像…</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Removed %n image(s); reclaimed %1.</source>
        <translation>
            <numerusform>已删除 %n 个镜像；回收了 %1。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Prune images</source>
        <translation>清理镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the dangling images (untagged, and used by no container)?</source>
        <translation>删除悬空镜像（无标签且未被任何容器使用）？</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All unused images, tagged ones too, would reclaim %1.</source>
        <translation>所有未使用的镜像（包括有标签的）可回收 %1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prune</source>
        <translation>清理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All unused images, tagged ones too</source>
        <translation>所有未使用的镜像，包括有标签的</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Remove images</source>
        <translation>删除镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove %1?</source>
        <translation>删除 %1？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Force (also untag images that containers use)</source>
        <translation>强制（同时移除容器正在使用的镜像的标签）</translation>
    </message>
</context>
<context>
    <name>berth::ui::InspectTab</name>
    <message>
        <location filename="../ui/details/inspect_tab.cpp" line="+33"/>
        <source>Search keys and values (Ctrl+F)</source>
        <translation>搜索键和值（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the inspect document</source>
        <translation>搜索检查文档</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Copy value</source>
        <translation>复制值</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+4"/>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+4"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Copy the whole document</source>
        <translation>复制整个文档</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Inspect document</source>
        <translation>检查文档</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Cannot inspect: %1</source>
        <translation>无法检查：%1</translation>
    </message>
</context>
<context>
    <name>berth::ui::JsonTreeModel</name>
    <message numerus="yes">
        <location filename="../ui/details/json_tree_model.cpp" line="+118"/>
        <source>{%n member(s)}</source>
        <translation>
            <numerusform>{%n 个成员}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n 项]</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Key</source>
        <comment>JSON member name</comment>
        <translation>键</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <comment>JSON member value</comment>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>berth::ui::LayerProgressModel</name>
    <message>
        <source>%1 of %2</source>
        <translation type="vanished">%1 / %2</translation>
    </message>
    <message>
        <location filename="../ui/models/layer_progress_model.cpp" line="+92"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>%1% (%2)</source>
        <translation type="vanished">%1%（%2）</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>%1% (%2 of %3)</source>
        <comment>layer progress: percent, bytes done, bytes in all</comment>
        <translation>%1%，%2/%3</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pulling fs layer</source>
        <translation>正在拉取层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying Checksum</source>
        <translation>正在校验</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Download complete</source>
        <translation>下载完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extracting</source>
        <translation>正在解压</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pull complete</source>
        <translation>拉取完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already exists</source>
        <translation>已存在</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preparing</source>
        <translation>准备中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pushing</source>
        <translation>正在推送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pushed</source>
        <translation>已推送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer already exists</source>
        <translation>层已存在</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Layer</source>
        <comment>progress column</comment>
        <translation>层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <comment>progress column</comment>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <comment>progress column</comment>
        <translation>进度</translation>
    </message>
</context>
<context>
    <name>berth::ui::LayersDialog</name>
    <message>
        <location filename="../ui/dialogs/layers_dialog.cpp" line="+20"/>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n minute(s) ago</source>
        <translation>
            <numerusform>%n 分钟前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n hour(s) ago</source>
        <translation>
            <numerusform>%n 小时前</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n 天前</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Loading the layers…</source>
        <translation>正在加载镜像层…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+4"/>
        <source>Layers of %1</source>
        <translation>%1 的镜像层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created by</source>
        <comment>layers column</comment>
        <translation>创建指令</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <comment>layers column</comment>
        <translation>大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>layers column</comment>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Comment</source>
        <comment>layers column</comment>
        <translation>注释</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message numerus="yes">
        <location line="+41"/>
        <source>%n layer(s), %1 in all.</source>
        <translation>
            <numerusform>共 %n 层，合计 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::ui::LogsTab</name>
    <message>
        <location filename="../ui/details/logs_tab.cpp" line="+61"/>
        <source>Cannot read the logs: %1</source>
        <translation>无法读取日志：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Search (Ctrl+F)</source>
        <translation>搜索（Ctrl+F）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search the logs</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+67"/>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+65"/>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配（Shift+F3）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next match (F3)</source>
        <translation>下一个匹配（F3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter (regular expression)</source>
        <translation>筛选（正则表达式）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show only lines matching</source>
        <translation>仅显示匹配的行</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Timestamps</source>
        <translation>时间戳</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrap</source>
        <translation>换行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wrap lines</source>
        <translation>自动换行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Since (e.g. 10m)</source>
        <translation>起始（例如 10m）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>Until</source>
        <translation>截止</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+44"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="-44"/>
        <source>Copy the selected lines</source>
        <translation>复制选中的行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Save the logs to a file</source>
        <translation>将日志保存到文件</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Log lines</source>
        <translation>日志行</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>%1 of %2 lines</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 lines</source>
        <translation>%1 行</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No line contains “%1”</source>
        <translation>没有包含“%1”的行</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Not a regular expression: %1</source>
        <translation>不是有效的正则表达式：%1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Save the logs</source>
        <translation>保存日志</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>berth::ui::MainMenu</name>
    <message>
        <location filename="../ui/main_menu.cpp" line="+30"/>
        <source>Main menu</source>
        <translation>主菜单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
</context>
<context>
    <name>berth::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="+93"/>
        <source>Berth</source>
        <translation>Berth</translation>
    </message>
    <message>
        <source>Containers</source>
        <translation type="vanished">容器</translation>
    </message>
    <message>
        <source>Creating, running and inspecting containers is not built yet in this version of Berth.</source>
        <translation type="vanished">此版本的 Berth 尚未提供创建、运行和查看容器的功能。</translation>
    </message>
    <message>
        <source>Images</source>
        <translation type="vanished">镜像</translation>
    </message>
    <message>
        <source>Pulling, building and browsing images is not built yet in this version of Berth.</source>
        <translation type="vanished">此版本的 Berth 尚未提供拉取、构建和浏览镜像的功能。</translation>
    </message>
    <message>
        <source>Volumes</source>
        <translation type="vanished">卷</translation>
    </message>
    <message>
        <source>Managing volumes is not built yet in this version of Berth.</source>
        <translation type="vanished">此版本的 Berth 尚未提供卷管理功能。</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation type="vanished">网络</translation>
    </message>
    <message>
        <source>Managing networks is not built yet in this version of Berth.</source>
        <translation type="vanished">此版本的 Berth 尚未提供网络管理功能。</translation>
    </message>
    <message>
        <source>Compose</source>
        <translation type="vanished">Compose</translation>
    </message>
    <message>
        <source>Running and editing compose projects is not built yet in this version of Berth.</source>
        <translation type="vanished">此版本的 Berth 尚未提供运行和编辑 Compose 项目的功能。</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="vanished">引擎</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Areas</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="vanished">退出</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;About Berth</source>
        <translation>关于 Berth(&amp;A)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Container stopped</source>
        <translation>容器已停止</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Container %1 exited with code %2</source>
        <translation>容器 %1 已退出，退出码 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Container unhealthy</source>
        <translation>容器不健康</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Container %1 is unhealthy</source>
        <translation>容器 %1 不健康</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+4"/>
        <source>Unsaved Changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Save your changes before closing Berth?</source>
        <translation>关闭 Berth 之前保存更改吗？</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These files have unsaved changes:
%1</source>
        <translation>以下文件有未保存的更改：
%1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Connected to %1 %2 at %3</source>
        <translation>已连接到 %3 上的 %1 %2</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>berth::ui::NetworksModel</name>
    <message>
        <location filename="../ui/models/networks_model.cpp" line="+46"/>
        <source>Name</source>
        <comment>networks column</comment>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network ID</source>
        <comment>networks column</comment>
        <translation>网络 ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Driver</source>
        <comment>networks column</comment>
        <translation>驱动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scope</source>
        <comment>networks column</comment>
        <translation>范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Used by</source>
        <comment>networks column: containers attached to it</comment>
        <translation>使用者</translation>
    </message>
</context>
<context>
    <name>berth::ui::NoticeBar</name>
    <message>
        <location filename="../ui/widgets/notice_bar.cpp" line="+18"/>
        <source>Notice</source>
        <translation>通知</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+1"/>
        <source>Close notice</source>
        <translation>关闭通知</translation>
    </message>
</context>
<context>
    <name>berth::ui::PlaceholderPage</name>
    <message>
        <source>Compose</source>
        <translation type="vanished">Compose</translation>
    </message>
    <message>
        <source>Running and editing compose projects is not built yet in this version of Berth.</source>
        <translation type="vanished">此版本的 Berth 尚未提供运行和编辑 Compose 项目的功能。</translation>
    </message>
</context>
<context>
    <name>berth::ui::RegistryLoginDialog</name>
    <message>
        <location filename="../ui/dialogs/registry_login_dialog.cpp" line="+32"/>
        <source>Log &amp;In</source>
        <translation>登录(&amp;I)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log &amp;Out</source>
        <translation>退出登录(&amp;O)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Log in to a registry</source>
        <translation>登录镜像仓库</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Registry server</source>
        <translation>镜像仓库服务器</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Username</source>
        <translation>用户名</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Password or access token</source>
        <translation>密码或访问令牌</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Where the credentials are kept</source>
        <translation>凭据的存放位置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Server:</source>
        <translation>服务器(&amp;S)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Username:</source>
        <translation>用户名(&amp;U)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>The password is kept unencrypted in %1, as docker login keeps it without a credential helper.</source>
        <translation>密码以未加密形式保存在 %1 中，与未配置凭据助手时 docker login 的做法相同。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Logged in to %1 as %2.</source>
        <translation>已以 %2 身份登录 %1。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Logging in to %1…</source>
        <translation>正在登录 %1…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The registry accepted the login, but it was not saved: %1</source>
        <translation>镜像仓库接受了登录，但未能保存：%1</translation>
    </message>
    <message>
        <location line="-41"/>
        <location line="+49"/>
        <source>Logged in to %1.</source>
        <translation>已登录 %1。</translation>
    </message>
    <message>
        <location line="-50"/>
        <location line="+66"/>
        <source>Not logged in to %1.</source>
        <translation>未登录 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Logged out of %1.</source>
        <translation>已退出 %1 的登录。</translation>
    </message>
</context>
<context>
    <name>berth::ui::ResourcePage</name>
    <message>
        <location filename="../ui/pages/page_registry.cpp" line="+44"/>
        <source>Volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of the new volume:</source>
        <translation>新卷的名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove all volumes that no container uses?</source>
        <translation>删除所有未被容器使用的卷？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No volumes yet. Create… makes one, and so does running a container with a named volume (-v name:/path).</source>
        <translation>还没有卷。“创建…”可新建一个卷；运行带命名卷（-v 名称:/路径）的容器也会创建卷。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name of the new network:</source>
        <translation>新网络的名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove all networks that no container uses?</source>
        <translation>删除所有未被容器使用的网络？</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No networks yet. Create… makes one.</source>
        <translation>还没有网络。“创建…”可新建一个网络。</translation>
    </message>
    <message>
        <location filename="../ui/pages/resource_page.cpp" line="+56"/>
        <source>Create…</source>
        <translation>创建…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Prune…</source>
        <translation>清理…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Filter %1</source>
        <translation>筛选%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Creating %1…</source>
        <translation>正在创建 %1…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removing %1…</source>
        <translation>正在删除 %1…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pruning…</source>
        <translation>正在清理…</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Removed %n object(s); reclaimed %1.</source>
        <translation>
            <numerusform>已删除 %n 个对象；回收了 %1。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::ui::RunDialog</name>
    <message>
        <location filename="../ui/dialogs/run_dialog.cpp" line="+46"/>
        <location line="+33"/>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="-32"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+28"/>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Restart policy</source>
        <translation>重启策略</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory limit</source>
        <translation>内存限制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU limit</source>
        <translation>CPU 限制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the container when it exits (--rm)</source>
        <translation>容器退出时将其删除（--rm）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the container when it exits</source>
        <translation>容器退出时将其删除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Attach: show its output once it runs (unchecked: -d, detached)</source>
        <translation>附加(&amp;A)：运行后显示其输出（不勾选：-d，后台运行）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach: show its output once it runs</source>
        <translation>附加：运行后显示其输出</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run a container</source>
        <translation>运行容器</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>e.g. busybox:latest</source>
        <translation>例如 busybox:latest</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>chosen by the engine</source>
        <translation>由引擎选择</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the image&apos;s default command</source>
        <translation>镜像的默认命令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. 8080:80, 127.0.0.1:5353:53/udp</source>
        <translation>例如 8080:80, 127.0.0.1:5353:53/udp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. /srv/data:/data:ro, cache:/cache</source>
        <translation>例如 /srv/data:/data:ro, cache:/cache</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no</source>
        <translation>不重启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>always</source>
        <translation>总是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unless-stopped</source>
        <translation>除非手动停止</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>on-failure</source>
        <translation>失败时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no limit (e.g. 512m, 1g)</source>
        <translation>不限制（例如 512m、1g）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>no limit</source>
        <translation>不限制</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Image:</source>
        <translation>镜像(&amp;I)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Command:</source>
        <translation>命令(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ports:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Environment:</source>
        <translation>环境变量(&amp;E)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Volumes:</source>
        <translation>卷(&amp;V)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ne&amp;twork:</source>
        <translation>网络(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Restart:</source>
        <translation>重启(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Memory:</source>
        <translation>内存(&amp;M)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;PUs:</source>
        <translation>CPU 数(&amp;P)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add variable</source>
        <translation>添加变量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Remove variable</source>
        <translation>删除变量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste KEY=VALUE lines</source>
        <translation>粘贴 KEY=VALUE 行</translation>
    </message>
</context>
<context>
    <name>berth::ui::ServicePreview</name>
    <message>
        <location filename="../ui/compose/up_preview.cpp" line="+17"/>
        <source>create</source>
        <translation>创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>recreate</source>
        <translation>重新创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>start</source>
        <translation>启动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>berth::ui::StatsTab</name>
    <message>
        <location filename="../ui/details/stats_tab.cpp" line="+27"/>
        <source>CPU %</source>
        <translation>CPU %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>of the host</source>
        <translation>占主机</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>of the limit</source>
        <translation>占限制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memory (MiB)</source>
        <translation>内存 (MiB)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>used</source>
        <translation>已用</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>limit</source>
        <translation>限制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Network (KiB/s)</source>
        <translation>网络 (KiB/s)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>received</source>
        <translation>接收</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>sent</source>
        <translation>发送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Block I/O (KiB/s)</source>
        <translation>块 I/O (KiB/s)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>read</source>
        <translation>读取</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>written</source>
        <translation>写入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIDs</source>
        <translation>PID 数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>processes</source>
        <translation>进程</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Waiting for the first sample…</source>
        <translation>正在等待第一个采样…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No stats: %1</source>
        <translation>无统计数据：%1</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>CPU %1 % · memory %2 of %3 · %4 processes</source>
        <translation>CPU %1 % · 内存 %2 / %3 · %4 个进程</translation>
    </message>
</context>
<context>
    <name>berth::ui::SummaryTab</name>
    <message>
        <location filename="../ui/details/summary_tab.cpp" line="+68"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (exit code %1)</source>
        <translation>（退出码 %1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Working directory</source>
        <translation>工作目录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Environment</source>
        <translation>环境变量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mounts</source>
        <translation>挂载</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Restart policy</source>
        <translation>重启策略</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Memory limit</source>
        <translation>内存限制</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+5"/>
        <location line="+2"/>
        <source>unlimited</source>
        <translation>无限制</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>CPU limit</source>
        <translation>CPU 限制</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PIDs limit</source>
        <translation>PID 数限制</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Cannot inspect: %1</source>
        <translation>无法检查：%1</translation>
    </message>
</context>
<context>
    <name>berth::ui::TagDialog</name>
    <message>
        <location filename="../ui/dialogs/tag_dialog.cpp" line="+20"/>
        <source>&amp;Tag</source>
        <translation>标记(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tag %1</source>
        <translation>标记 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New reference</source>
        <translation>新引用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>repository:tag</source>
        <translation>仓库:标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Image</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Image:</source>
        <translation>镜像：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New reference:</source>
        <translation>新引用(&amp;N)：</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Tagging…</source>
        <translation>正在标记…</translation>
    </message>
</context>
<context>
    <name>berth::ui::TerminalTab</name>
    <message>
        <location filename="../ui/details/terminal_tab.cpp" line="+23"/>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Terminal actions</source>
        <translation>终端操作</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>New Shell</source>
        <translation>新建 Shell</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open a shell in the container (bash, else sh)</source>
        <translation>在容器中打开 Shell（优先 bash，否则 sh）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Shift+T</source>
        <translation>Ctrl+Shift+T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach</source>
        <translation>附加</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attach to the container&apos;s main process</source>
        <translation>附加到容器的主进程</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ctrl+Shift+C</source>
        <translation>Ctrl+Shift+C</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ctrl+Shift+V</source>
        <translation>Ctrl+Shift+V</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Terminals</source>
        <translation>终端列表</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Shell %1</source>
        <translation>Shell %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attached</source>
        <translation>已附加</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 (ended)</source>
        <translation>%1（已结束）</translation>
    </message>
</context>
<context>
    <name>berth::ui::TerminalView</name>
    <message>
        <location filename="../ui/details/terminal_view.cpp" line="+22"/>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A shell or the main process of the container</source>
        <translation>容器中的 Shell 或主进程</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>[the process has ended]</source>
        <translation>[进程已结束]</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>[error: %1]</source>
        <translation>[错误：%1]</translation>
    </message>
</context>
<context>
    <name>berth::ui::TopTab</name>
    <message>
        <location filename="../ui/details/top_tab.cpp" line="+22"/>
        <source>Processes</source>
        <translation>进程</translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>%n process(es)</source>
        <translation>
            <numerusform>%n 个进程</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot list the processes: %1</source>
        <translation>无法列出进程：%1</translation>
    </message>
</context>
<context>
    <name>berth::ui::TrayIcon</name>
    <message>
        <location filename="../ui/widgets/tray_icon.cpp" line="+17"/>
        <source>Show Berth</source>
        <translation>显示 Berth</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keep running in the tray when closed</source>
        <translation>关闭时在托盘中继续运行</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Berth: %n container(s) running</source>
        <translation>
            <numerusform>Berth：%n 个容器正在运行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>berth::ui::UpPreviewDialog</name>
    <message>
        <location filename="../ui/compose/up_preview_dialog.cpp" line="+24"/>
        <source>Up %1</source>
        <translation>启动项目 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What Up will do</source>
        <translation>启动项目将执行的操作</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Every service of %1 is up to date: Up changes nothing.</source>
        <translation>%1 的每个服务都是最新的：启动项目不会做任何更改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up on %1 will:</source>
        <translation>在 %1 上启动项目将：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Services and what Up does to them</source>
        <translation>服务及启动项目对它们的操作</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service</source>
        <translation>服务</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Up</source>
        <translation>启动项目</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run Up</source>
        <translation>执行启动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel Up</source>
        <translation>取消启动</translation>
    </message>
</context>
<context>
    <name>berth::ui::UpProgress</name>
    <message>
        <location filename="../ui/compose/up_progress.cpp" line="+53"/>
        <source>pulling</source>
        <translation>正在拉取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>pulled</source>
        <translation>已拉取</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>creating</source>
        <translation>正在创建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>waiting for healthy</source>
        <translation>等待健康</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>healthy</source>
        <translation>健康</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
</context>
<context>
    <name>berth::ui::VolumesModel</name>
    <message>
        <location filename="../ui/models/volumes_model.cpp" line="+45"/>
        <source>Name</source>
        <comment>volumes column</comment>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Driver</source>
        <comment>volumes column</comment>
        <translation>驱动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mount point</source>
        <comment>volumes column</comment>
        <translation>挂载点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>volumes column</comment>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Used by</source>
        <comment>volumes column: containers mounting it</comment>
        <translation>使用者</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Berth, a desktop container workstation.</source>
        <translation type="vanished">Berth，桌面容器工作站。</translation>
    </message>
    <message>
        <source>Engine API address (default: $BERTH_HOST, else $DOCKER_HOST, else %1).</source>
        <translation type="vanished">引擎 API 地址（默认：$BERTH_HOST，其次 $DOCKER_HOST，再次 %1）。</translation>
    </message>
    <message>
        <source>Engine API address (default: $BERTH_HOST or %1).</source>
        <translation type="vanished">引擎 API 地址（默认：$BERTH_HOST 或 %1）。</translation>
    </message>
    <message>
        <source>address</source>
        <translation type="vanished">地址</translation>
    </message>
</context>
</TS>
