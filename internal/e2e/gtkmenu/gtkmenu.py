# Shows a tray menu with libdbusmenu-gtk3, the menu client of xfce4-panel's
# StatusNotifier plugin, and opens every submenu a few times, as a person
# pointing at it would. For each opening it prints one line:
#   <round> TAB <labels from the top, joined by " > "> TAB <entries shown>
# Arguments: bus name, rounds, seconds between rounds. With 0 rounds it
# only keeps the menu up to date, as a panel does, for that many seconds.
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("DbusmenuGtk3", "0.4")
from gi.repository import DbusmenuGtk3, Gdk, GLib, Gtk  # noqa: E402

name, rounds, pause = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
menu = DbusmenuGtk3.Menu.new(name, "/StatusNotifierItem/menu")
anchor = Gtk.Window()  # what the menu opens beside, as beside a tray icon
anchor.show_all()
done = [0]


def pump(seconds):
    end = GLib.get_monotonic_time() + int(seconds * 1e6)
    while GLib.get_monotonic_time() < end:
        while Gtk.events_pending():
            Gtk.main_iteration()
        GLib.usleep(10000)


def submenus(shell, path):
    for child in shell.get_children():
        # A hidden entry cannot be pointed at, so its submenu is never opened.
        if not isinstance(child, Gtk.MenuItem) or not child.get_visible():
            continue
        if child.get_submenu() is not None:
            here = path + [child.get_label() or ""]
            yield here, child
            yield from submenus(child.get_submenu(), here)


def one_round():
    menu.popup_at_widget(anchor, Gdk.Gravity.SOUTH_WEST, Gdk.Gravity.NORTH_WEST, None)
    pump(0.1)
    for path, item in list(submenus(menu, [])):
        item.emit("activate")  # what GTK does as the pointer enters it
        item.get_parent().select_item(item)
        pump(0.2)
        shown = [c for c in item.get_submenu().get_children() if c.get_visible()]
        print(f"{done[0]}\t{' > '.join(path)}\t{len(shown)}", flush=True)
    menu.popdown()
    done[0] += 1
    if done[0] >= rounds:
        Gtk.main_quit()
        return False
    return True


if rounds == 0:
    GLib.timeout_add(int(pause * 1000), Gtk.main_quit)
else:
    GLib.timeout_add(int(pause * 1000), one_round)
Gtk.main()
