#!/usr/bin/env python3
"""Fills translations/berth_zh_CN.ts from the table below (source text -> Simplified
Chinese) for entries still marked unfinished. Run after lupdate; then
check_translations.sh lists what is left. Entries already translated are kept."""
import html
import re
import sys

ZH = {
    "Retry Now": "立即重试",
    "Cannot reach the Berth engine at %1.": "无法连接 %1 上的 Berth 引擎。",
    "Start it with %1 (or %2); Berth reconnects by itself.": "请用 %1（或 %2）启动它；Berth 会自动重新连接。",
    "Access to the Berth engine at %1 was denied.": "访问 %1 上的 Berth 引擎被拒绝。",
    "Add your user to the socket group: %1, then log in again.": "请将你的用户加入套接字所属组：%1，然后重新登录。",
    "Version": "版本",
    "Product:": "产品：",
    "Server version:": "服务端版本：",
    "API version:": "API 版本：",
    "Minimum API version:": "最低 API 版本：",
    "OS/Arch:": "系统/架构：",
    "Kernel:": "内核：",
    "Git commit:": "Git 提交：",
    "System": "系统",
    "Name:": "名称：",
    "ID:": "ID：",
    "CPUs:": "CPU 数：",
    "Memory:": "内存：",
    "Operating system:": "操作系统：",
    "Cgroups:": "Cgroups：",
    "version %1, %2 driver": "版本 %1，%2 驱动",
    "Storage driver:": "存储驱动：",
    "Root directory:": "根目录：",
    "Containers:": "容器：",
    "%1 (%2 running, %3 paused, %4 stopped)": "%1（%2 个运行中，%3 个已暂停，%4 个已停止）",
    "Images:": "镜像：",
    "Engine": "引擎",
    "Connected to %1": "已连接到 %1",
    "Not connected to %1": "未连接到 %1",
    "Files": "文件",
    "File actions": "文件操作",
    "Up": "上一级",
    "Go to the parent folder": "转到上级文件夹",
    "Refresh": "刷新",
    "Download…": "下载…",
    "Copy the selected files or folders to this computer": "将选中的文件或文件夹复制到本机",
    "Upload…": "上传…",
    "Copy files from this computer into this folder (or drop them on the list)": "将本机文件复制到此文件夹（也可拖放到列表上）",
    "&Path:": "路径(&P)：",
    "Path": "路径",
    "Files in the folder": "文件夹中的文件",
    "Name": "名称",
    "Size": "大小",
    "Modified": "修改时间",
    "Permissions": "权限",
    "Link target": "链接目标",
    "Status": "状态",
    "Reading %1…": "正在读取 %1…",
    "%n item(s)": "%n 项",
    "Download to": "下载到",
    "Downloading to %1…": "正在下载到 %1…",
    "Downloaded %n item(s) to %1.": "已下载 %n 项到 %1。",
    "Skipped, as they would land outside it: %1": "已跳过（会写到目标文件夹之外）：%1",
    "Upload to %1": "上传到 %1",
    "Uploading to %1…": "正在上传到 %1…",
    "Berth": "Berth",
    "Containers": "容器",
    "Creating, running and inspecting containers is not built yet in this version of Berth.": "此版本的 Berth 尚未提供创建、运行和查看容器的功能。",
    "Images": "镜像",
    "Pulling, building and browsing images is not built yet in this version of Berth.": "此版本的 Berth 尚未提供拉取、构建和浏览镜像的功能。",
    "Volumes": "卷",
    "Managing volumes is not built yet in this version of Berth.": "此版本的 Berth 尚未提供卷管理功能。",
    "Networks": "网络",
    "Managing networks is not built yet in this version of Berth.": "此版本的 Berth 尚未提供网络管理功能。",
    "Compose": "Compose",
    "Running and editing compose projects is not built yet in this version of Berth.": "此版本的 Berth 尚未提供运行和编辑 Compose 项目的功能。",
    "Connected to %1 %2 at %3": "已连接到 %3 上的 %1 %2",
    "Connecting to %1…": "正在连接 %1…",
    "Not connected": "未连接",
    "Terminal": "终端",
    "Terminal actions": "终端操作",
    "New Shell": "新建 Shell",
    "Open a shell in the container (bash, else sh)": "在容器中打开 Shell（优先 bash，否则 sh）",
    "Ctrl+Shift+T": "Ctrl+Shift+T",
    "Attach": "附加",
    "Attach to the container's main process": "附加到容器的主进程",
    "Copy": "复制",
    "Ctrl+Shift+C": "Ctrl+Shift+C",
    "Paste": "粘贴",
    "Ctrl+Shift+V": "Ctrl+Shift+V",
    "Terminals": "终端列表",
    "Shell %1": "Shell %1",
    "Attached": "已附加",
    "%1 (ended)": "%1（已结束）",
    "A shell or the main process of the container": "容器中的 Shell 或主进程",
    "[the process has ended]": "[进程已结束]",
    "[error: %1]": "[错误：%1]",
    "Berth, a desktop container workstation.": "Berth，桌面容器工作站。",
    "Engine API address (default: $BERTH_HOST or %1).": "引擎 API 地址（默认：$BERTH_HOST 或 %1）。",
    "address": "地址",
}


def fill(match):
    numerus, head, source, tail = match.group(1), match.group(2), match.group(3), match.group(4)
    text = ZH.get(html.unescape(source))
    if text is None or 'type="unfinished"' not in tail:
        return match.group(0)
    escaped = html.escape(text, quote=False).replace("'", "&apos;").replace('"', "&quot;")
    body = f"<numerusform>{escaped}</numerusform>" if numerus else escaped
    tail = re.sub(r'<translation type="unfinished">.*?</translation>|<translation type="unfinished"/>',
                  lambda _: f"<translation>{body}</translation>", tail, count=1, flags=re.S)
    return f"<message{numerus or ''}>{head}<source>{source}</source>{tail}"


def main(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r'<message( numerus="yes")?>(.*?)<source>(.*?)</source>(.*?</message>)', fill, text, flags=re.S)
    open(path, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "translations/berth_zh_CN.ts")
