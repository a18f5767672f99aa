#!/usr/bin/env python3
"""Walks the AT-SPI tree of a running `berth` as a screen reader would and checks it.

Checks (each failure names the path to the control):
  * no push button, toggle, menu item, text field, combo box, check box, radio
    button, spin box, page tab or list item without an accessible name;
  * tables and tree tables expose their cells (a cell at row 0, column 0 when
    there are rows);
  * the action names in REQUIRED_ACTIONS exist, named by their visible label.
    Those missing are listed; they fail the run with --strict (as the suite
    runs it: the Containers page's details actions are found in its menu-bar
    menu, Container);
  * the menu bar is reached through AT-SPI: Help > About Berth and File > Log In
    to Registry… open their dialogs (a menu shown through its ShowMenu action,
    the entry pressed), and every menu entry is named like any control;
  * with --dialogs, the Run, Pull, Tag, Layers, Push, Log In and Prune dialogs open
    from their buttons through AT-SPI and are checked like the window (the walk
    covers every top-level window of the app);
  * a page of the sidebar can be chosen through AT-SPI (Selection), as a screen
    reader user would, and the window then shows that page;
  * a row of the Containers table selected through AT-SPI (Table) becomes its
    current row (the cell reads FOCUSED), so the keyboard and the actions go on
    from it.

Usage: a11y_walk.py --pid PID [--strict] [--page Containers] [--timeout 20]
Exit: 0 ok, 1 a check failed, 77 no accessibility bus or app found (skip).
"""
import argparse
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

# libatspi gives an application 800 ms to answer a call. On a loaded machine
# (CI's two cores running the suite in parallel) the app, busy laying out a page,
# misses that and the walk fails with "Did not receive a reply": wait as long as
# a person would.
Atspi.set_timeout(30000, 60000)

# The actions the issue names (issue 10, "Accessibility"): one list, used by this
# script alone. The name is the visible label, compared without "&" and "…".
REQUIRED_ACTIONS = [
    "Start", "Stop", "Restart", "Pause", "Kill", "Remove", "Run", "Pull",
    "Logs", "Terminal", "Inspect", "Files", "Stats",
]

R = Atspi.Role
NEEDS_NAME = {
    R.PUSH_BUTTON, R.TOGGLE_BUTTON, R.MENU_ITEM, R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM,
    R.TEXT, R.ENTRY, R.PASSWORD_TEXT, R.COMBO_BOX, R.CHECK_BOX, R.RADIO_BUTTON,
    R.SPIN_BUTTON, R.PAGE_TAB, R.LIST_ITEM,
}
ACTIONABLE = {
    R.PUSH_BUTTON, R.TOGGLE_BUTTON, R.MENU_ITEM, R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM,
    R.PAGE_TAB, R.LIST_ITEM, R.CHECK_BOX, R.RADIO_BUTTON,
}
TABLES = {R.TABLE, R.TREE_TABLE}
# Children of big views: cells are checked through the Table interface instead.
MAX_CHILDREN = 200


def clean(name):
    return (name or "").replace("&", "").replace("…", "").replace("...", "").strip()


def label(node):
    try:
        return f"{node.get_role_name()} '{node.get_name() or ''}'"
    except Exception:  # a node that went away while we walked
        return "?"


def find_app(pid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        desktop = Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            try:
                if app is not None and app.get_process_id() == pid and app.get_child_count() > 0:
                    return app
            except Exception:
                pass
        time.sleep(0.2)
    return None


def walk(node, path, visit, depth=0):
    if node is None or depth > 60:
        return
    visit(node, path)
    try:
        count = node.get_child_count()
    except Exception:
        return
    if node.get_role() in TABLES and count > MAX_CHILDREN:
        count = MAX_CHILDREN
    for i in range(count):
        try:
            child = node.get_child_at_index(i)
        except Exception:
            continue
        walk(child, path + [label(child)], visit, depth + 1)


class Checker:
    def __init__(self):
        self.problems = []
        self.names = {}  # clean name -> role names of actionable nodes carrying it
        self.checked = 0

    def visit(self, node, path):
        try:
            role = node.get_role()
            name = node.get_name() or ""
        except Exception:
            return
        self.checked += 1
        if role in NEEDS_NAME and not clean(name):
            # A list item or cell inside a table is named by its text; an empty cell is fine.
            parent = node.get_parent()
            if not (role == R.LIST_ITEM and parent is not None and parent.get_role() in TABLES):
                self.problems.append("no accessible name: " + " > ".join(path))
        if role in ACTIONABLE and clean(name):
            self.names.setdefault(clean(name).lower(), set()).add(node.get_role_name())
        if role in TABLES:
            self.check_table(node, path)

    def check_table(self, node, path):
        table = node.get_table_iface() if hasattr(node, "get_table_iface") else None
        if table is None:
            self.problems.append("table without the Table interface: " + " > ".join(path))
            return
        rows, columns = table.get_n_rows(), table.get_n_columns()
        if columns > 0:
            for column in range(columns):
                header = table.get_column_header(column)
                if header is None or not clean(header.get_name()):
                    if not clean(table.get_column_description(column) or ""):
                        self.problems.append(f"column {column} without a header name: " + " > ".join(path))
        if rows > 0 and columns > 0 and table.get_accessible_at(0, 0) is None:
            self.problems.append("table does not expose its cells: " + " > ".join(path))


def sidebar_and_pages(app):
    """The sidebar: the list whose items are the pages (Containers, …, Engine)."""
    found = []

    def visit(node, _path):
        try:
            if node.get_role() == R.LIST and any(
                clean(node.get_child_at_index(i).get_name()) == "Engine" for i in range(node.get_child_count())
            ):
                found.append(node)
        except Exception:
            pass

    walk(app, [], visit)
    return found[0] if found else None


def showing_names(app):
    """The names of the showing nodes, one entry per node (a name twice is two nodes)."""
    names = []

    def visit(node, _path):
        try:
            if node.get_state_set().contains(Atspi.StateType.SHOWING):
                names.append(clean(node.get_name()))
        except Exception:
            pass

    walk(app, [], visit)
    return names


def choose_page(app, page, timeout):
    """Selects `page` in the sidebar through the Selection interface, then waits
    until the page's title is showing."""
    sidebar = sidebar_and_pages(app)
    if sidebar is None:
        return "no sidebar list with an 'Engine' item found"
    selection = sidebar.get_selection_iface()
    if selection is None:
        return "the sidebar does not offer the Selection interface"
    items = [clean(sidebar.get_child_at_index(i).get_name()) for i in range(sidebar.get_child_count())]
    if page not in items:
        return f"no page {page!r} in the sidebar (it has {items})"
    selection.select_child(items.index(page))
    deadline = time.monotonic() + timeout
    selected = False
    while time.monotonic() < deadline:
        item = sidebar.get_child_at_index(items.index(page))
        selected = item.get_state_set().contains(Atspi.StateType.SELECTED)
        if selected and sum(1 for n in showing_names(app) if n == page) >= 2:  # the sidebar item and the page's title
            return None
        time.sleep(0.1)
    if not selected:
        return f"selecting {page!r} in the sidebar through AT-SPI did not select it"
    return PAGE_NOT_SHOWN.format(page=page)


# The sidebar item is selected but the page does not change: the window follows
# the current row only, which AT-SPI's Selection does not move.
PAGE_NOT_SHOWN = ("selecting {page!r} in the sidebar through AT-SPI selects the item but does not show the page "
                  "(the sidebar's current row must follow the selection)")


def selected_row_becomes_current(app, table_name, timeout):
    """Clears `table_name`'s selection and selects its last row through AT-SPI's
    Table interface, as a screen reader does; that row must then be the current
    one: its first cell FOCUSED (Qt's cell state for the view's current index)."""
    table = showing_table(app, table_name)
    if table is None:
        named = find_all(app, lambda n: clean(n.get_name()) == table_name)
        return f"no showing table {table_name!r} (nodes of that name: " + \
            ", ".join(f"{n.get_role_name()} showing={n.get_state_set().contains(Atspi.StateType.SHOWING)}"
                      for n in named) + ")"
    iface = table.get_table_iface()
    rows = iface.get_n_rows() if iface else 0
    if rows < 2:
        return f"table {table_name!r} has {rows} rows; the check needs two"
    selection = table.get_selection_iface()
    if selection is not None:
        selection.clear_selection()
    row = rows - 1
    iface.add_row_selection(row)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        cell = iface.get_accessible_at(row, 0)
        if iface.is_row_selected(row) and cell is not None and cell.get_state_set().contains(Atspi.StateType.FOCUSED):
            return None
        time.sleep(0.1)
    if not iface.is_row_selected(row):
        return f"selecting row {row} of {table_name!r} through AT-SPI did not select it"
    return f"row {row} of {table_name!r}, selected through AT-SPI, did not become the current row"


# The dialogs and views opened through AT-SPI before the walk, as a screen reader
# user would open them (page, the action's visible label, the window's title
# start). Tag, Layers and Push act on the selected image: a11y_test.sh loads one
# named 127.0.0.1:9/... so a push is refused on loopback. Prune comes last: its
# question is modal.
DIALOGS = [
    ("Containers", "Run", "Run a container"),
    ("Images", "Pull", "Pull an image"),
    ("Images", "Tag", "Tag "),
    ("Images", "Layers", "Layers of "),
    ("Images", "Push", "Push "),
    ("Images", "Log In", "Log in to a registry"),
    ("Images", "Prune", "Prune images"),
]


def find_node(root, accept):
    found = []

    def visit(node, _path):
        try:
            if not found and accept(node):
                found.append(node)
        except Exception:
            pass

    walk(root, [], visit)
    return found[0] if found else None


def windows(app):
    names = []
    for i in range(app.get_child_count()):
        try:
            names.append(app.get_child_at_index(i).get_name() or "")
        except Exception:
            pass
    return names


def find_all(app, predicate):
    found = []
    walk(app, [], lambda node, _path: found.append(node) if predicate(node) else None)
    return found


def showing_table(app, table_name):
    # Qt gives a QTreeView (the grouped Containers view) the tree role, with the Table interface.
    return find_node(app, lambda n: n.get_role() in TABLES | {R.TREE} and clean(n.get_name()) == table_name
                     and n.get_state_set().contains(Atspi.StateType.SHOWING))


def select_first_row(app, table_name):
    table = showing_table(app, table_name)
    if table is None:
        return f"no showing table {table_name!r}"
    iface = table.get_table_iface()
    if iface is None or iface.get_n_rows() == 0:
        return f"table {table_name!r} has no rows to select"
    iface.add_row_selection(0)
    return None


def open_dialog(app, page, action, title, timeout):
    """Chooses `page`, presses the showing, enabled button named `action` and waits
    for a window whose name starts with `title`."""
    error = choose_page(app, page, 2)
    if error:
        return error
    if page == "Images":
        error = select_first_row(app, "Images")
        if error:
            return error
    button = find_node(app, lambda n: n.get_role() in {R.PUSH_BUTTON, R.TOGGLE_BUTTON}
                       and clean(n.get_name()) == action
                       and n.get_state_set().contains(Atspi.StateType.SHOWING)
                       and n.get_state_set().contains(Atspi.StateType.ENABLED))
    if button is None:
        return f"no showing, enabled {action!r} button on the {page} page"
    Atspi.Action.do_action(button, 0)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(name.startswith(title) for name in windows(app)):
            return None
        time.sleep(0.1)
    return f"pressing {action!r} on the {page} page opened no window {title!r} (windows: {windows(app)})"


def do_named_action(node, wanted):
    """Does the action of `node` whose name contains `wanted` (case-insensitive); False when it has none."""
    action = node.get_action_iface() if hasattr(node, "get_action_iface") else None
    if action is None:
        return False
    for i in range(action.get_n_actions()):
        if wanted in (action.get_action_name(i) or "").lower():
            return action.do_action(i)
    return False


def open_from_menu(app, menu, item, title, timeout):
    """Opens `menu` of the menu bar (its ShowMenu action, as a screen reader
    does), presses its entry `item` and waits for a window whose name starts
    with `title`; the menu is closed again after."""
    bar = find_node(app, lambda n: n.get_role() == R.MENU_BAR)
    if bar is None:
        return "the window has no menu bar"
    top = find_node(bar, lambda n: n.get_role() in {R.MENU_ITEM, R.MENU} and clean(n.get_name()) == menu)
    if top is None:
        return f"no menu {menu!r} in the menu bar"
    if not do_named_action(top, "show"):
        return f"the menu bar's {menu!r} offers no ShowMenu action"
    entry, deadline = None, time.monotonic() + timeout
    while entry is None and time.monotonic() < deadline:
        entry = find_node(top, lambda n: n.get_role() in {R.MENU_ITEM, R.CHECK_MENU_ITEM, R.RADIO_MENU_ITEM}
                          and clean(n.get_name()) == item)
        if entry is None:
            time.sleep(0.1)
    if entry is None:
        return f"no entry {item!r} in the {menu!r} menu"
    do_named_action(entry, "press") or Atspi.Action.do_action(entry, 0)
    while time.monotonic() < deadline:
        if any(name.startswith(title) for name in windows(app)):
            do_named_action(top, "show")  # a menu still open closes
            return None
        time.sleep(0.1)
    return f"{menu} > {item} opened no window {title!r} (windows: {windows(app)})"


def close_window(app, title, timeout):
    """Presses the Close button of the window whose name starts with `title` and waits until it is gone."""
    window = None
    for i in range(app.get_child_count()):
        child = app.get_child_at_index(i)
        if child is not None and (child.get_name() or "").startswith(title):
            window = child
    if window is None:
        return f"no window {title!r} to close"
    button = find_node(window, lambda n: n.get_role() == R.PUSH_BUTTON and clean(n.get_name()) == "Close")
    if button is None:
        return f"the window {title!r} has no Close button"
    Atspi.Action.do_action(button, 0)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(name.startswith(title) for name in windows(app)):
            return None
        time.sleep(0.1)
    return f"pressing Close did not close {title!r}"


# Opened from the menu bar through AT-SPI: (menu, entry, the window's title
# start, closed again after so that the page's own button opens it afresh).
MENU_DIALOGS = [
    ("File", "Log In to Registry", "Log in to a registry", True),
    ("Help", "About Berth", "About Berth", False),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--strict", action="store_true", help="missing required actions fail the run")
    parser.add_argument("--page", default="Containers", help="the page to choose through AT-SPI")
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("--dialogs", action="store_true",
                        help="open the Run, Pull, Tag, Layers, Push, Log In and Prune dialogs first and check them too")
    args = parser.parse_args()

    app = find_app(args.pid, args.timeout)
    if app is None:
        print(f"SKIP: no accessible application with pid {args.pid} on the AT-SPI bus")
        return 77

    failures = []
    error = choose_page(app, args.page, min(args.timeout, 5))
    if error is None:
        print(f"ok: chose the {args.page} page through AT-SPI")
    else:
        failures.append(error)

    for menu, item, title, close in MENU_DIALOGS:
        error = open_from_menu(app, menu, item, title, 30)
        if not error and close:
            error = close_window(app, title, 30)
        if error:
            failures.append(error)
        else:
            print(f"ok: {menu} > {item} opened {title!r}")

    if args.dialogs:
        for page, action, title in DIALOGS:
            error = open_dialog(app, page, action, title, 30)
            if error:
                failures.append(error)
            else:
                print(f"ok: {action} opened {title!r}")
        time.sleep(0.5)  # the Layers and Push answers land
        # The grouped tree's project header row (a11y_test.sh made project a11yproject):
        # a cell named by what it is, not only the project's bare name.
        choose_page(app, "Containers", 2)
        header, deadline = None, time.monotonic() + 30
        while header is None and time.monotonic() < deadline:
            header = find_node(app, lambda n: (n.get_name() or "").startswith("Compose project a11yproject"))
            if header is None:
                time.sleep(0.2)
        if header is None:
            failures.append("the Containers tree exposes no cell named 'Compose project a11yproject: …'")
        else:
            print(f"ok: project header row read as {header.get_role_name()} {header.get_name()!r}")
        error = selected_row_becomes_current(app, "Containers", 30)
        if error:
            failures.append(error)
        else:
            print("ok: a Containers row selected through AT-SPI became the current row")

    sidebar = sidebar_and_pages(app)
    pages = [clean(sidebar.get_child_at_index(i).get_name()) for i in range(sidebar.get_child_count())] if sidebar else []
    checker = Checker()
    # Each page in turn, so every page's controls are checked while it shows.
    for page in pages:
        choose_page(app, page, 0.5)
        walk(app, [label(app)], checker.visit)
    print(f"checked {checker.checked} accessible nodes on pages: {', '.join(pages)}")
    failures += sorted(set(checker.problems))

    missing = [name for name in REQUIRED_ACTIONS if name.lower() not in checker.names]
    present = [name for name in REQUIRED_ACTIONS if name.lower() in checker.names]
    print("required actions present: " + (", ".join(present) or "none"))
    if missing:
        print("required actions MISSING: " + ", ".join(missing))
        if args.strict:
            failures.append("missing required actions: " + ", ".join(missing))

    for failure in failures:
        print("FAIL: " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
