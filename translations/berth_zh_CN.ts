<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en_US">
<context>
    <name>berth::ui::ConnectionBanner</name>
    <message>
        <location filename="../ui/widgets/connection_banner.cpp" line="+38"/>
        <source>Retry Now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <location line="+47"/>
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
    <name>berth::ui::EnginePage</name>
    <message>
        <location filename="../ui/pages/engine_page.cpp" line="+49"/>
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
        <location line="+23"/>
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
    <name>berth::ui::FilesTab</name>
    <message>
        <location filename="../ui/details/files_tab.cpp" line="+43"/>
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
        <location line="+37"/>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%n item(s)</source>
        <translation><numerusform>%n 项</numerusform></translation>
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
        <location line="+25"/>
        <source>Downloaded %n item(s) to %1.</source>
        <translation><numerusform>已下载 %n 项到 %1。</numerusform></translation>
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
    <name>berth::ui::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="+63"/>
        <source>Berth</source>
        <translation>Berth</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Containers</source>
        <translation>容器</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Creating, running and inspecting containers is not built yet in this version of Berth.</source>
        <translation>此版本的 Berth 尚未提供创建、运行和查看容器的功能。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Images</source>
        <translation>镜像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pulling, building and browsing images is not built yet in this version of Berth.</source>
        <translation>此版本的 Berth 尚未提供拉取、构建和浏览镜像的功能。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Volumes</source>
        <translation>卷</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Managing volumes is not built yet in this version of Berth.</source>
        <translation>此版本的 Berth 尚未提供卷管理功能。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Managing networks is not built yet in this version of Berth.</source>
        <translation>此版本的 Berth 尚未提供网络管理功能。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Compose</source>
        <translation>Compose</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running and editing compose projects is not built yet in this version of Berth.</source>
        <translation>此版本的 Berth 尚未提供运行和编辑 Compose 项目的功能。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Connected to %1 %2 at %3</source>
        <translation>已连接到 %3 上的 %1 %2</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Connecting to %1…</source>
        <translation>正在连接 %1…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connected to %1</source>
        <translation>已连接到 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>berth::ui::TerminalTab</name>
    <message>
        <location filename="../ui/details/terminal_tab.cpp" line="+21"/>
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
        <location line="+43"/>
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
    <name>main</name>
    <message>
        <location filename="../app/berth/main.cpp" line="+31"/>
        <source>Berth, a desktop container workstation.</source>
        <translation>Berth，桌面容器工作站。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Engine API address (default: $BERTH_HOST or %1).</source>
        <translation>引擎 API 地址（默认：$BERTH_HOST 或 %1）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>address</source>
        <translation>地址</translation>
    </message>
</context>
</TS>
