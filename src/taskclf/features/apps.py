"""App-name normalisation and the app -> category map.

Watchers report the same program under many names (``Code``, ``code-oss``, ``Code.exe``);
the model should see one id per program and a coarse category that generalises to apps it
has never seen.
"""

from __future__ import annotations

import re
from functools import lru_cache

CATEGORIES = (
    "editor", "terminal", "browser", "chat", "email", "meeting",
    "docs", "design", "media", "system", "other",
)  # fmt: skip

_ALIASES = {
    "code": "vscode", "code-oss": "vscode", "visual-studio-code": "vscode", "vscodium": "vscode",
    "codium": "vscode", "google-chrome": "chrome", "google-chrome-stable": "chrome",
    "chromium": "chrome", "chromium-browser": "chrome", "google-chrome-beta": "chrome",
    "firefox-esr": "firefox", "navigator": "firefox", "gnome-terminal-server": "gnome-terminal",
    "iterm2": "iterm", "zoom.us": "zoom", "zoom-workplace": "zoom", "microsoft-teams": "teams",
    "ms-teams": "teams", "teams-for-linux": "teams", "winword": "word", "microsoft-word": "word",
    "microsoft-outlook": "outlook", "soffice": "libreoffice", "libreoffice-writer": "libreoffice",
    "idea": "intellij", "idea64": "intellij", "intellij-idea": "intellij", "pycharm64": "pycharm",
    "figma-linux": "figma", "evince": "pdf-viewer", "okular": "pdf-viewer", "preview": "pdf-viewer",
    "acrord32": "pdf-viewer", "windowsterminal": "windows-terminal", "cmd": "windows-terminal",
    "powershell": "windows-terminal", "msedge": "edge", "microsoft-edge": "edge",
}  # fmt: skip

_CATEGORY = {
    "editor": ("vscode", "intellij", "pycharm", "vim", "nvim", "gvim", "emacs", "sublime_text",
               "sublime-text", "zed", "xcode", "android-studio", "cursor"),
    "terminal": ("gnome-terminal", "konsole", "alacritty", "kitty", "iterm", "terminal",
                 "xterm", "windows-terminal", "wezterm", "tilix", "warp"),
    "browser": ("chrome", "firefox", "safari", "edge", "brave", "brave-browser", "vivaldi",
                "opera"),
    "chat": ("slack", "discord", "telegram", "telegram-desktop", "signal", "element",
             "whatsapp", "mattermost"),
    "email": ("thunderbird", "outlook", "mail", "evolution", "geary", "mailspring"),
    "meeting": ("zoom", "teams", "webex", "skype", "jitsi", "around", "facetime"),
    "docs": ("word", "libreoffice", "notion", "obsidian", "pdf-viewer", "pages", "typora",
             "onenote", "logseq"),
    "design": ("figma", "gimp", "inkscape", "krita", "photoshop", "illustrator", "sketch",
               "blender"),
    "media": ("spotify", "vlc", "mpv", "rhythmbox", "music", "totem"),
    "system": ("loginwindow", "gnome-shell", "lockscreen", "explorer", "finder", "nautilus",
               "systemsettings", "unknown"),
}  # fmt: skip
_CATEGORY_OF = {app: cat for cat, apps in _CATEGORY.items() for app in apps}


@lru_cache(maxsize=4096)
def normalise_app(name: str) -> str:
    """Lower-case, strip paths and ``.exe``/``.app``, collapse punctuation, apply aliases."""
    text = name.strip().lower().replace("\\", "/").rsplit("/", 1)[-1]
    text = text.removesuffix(".exe").removesuffix(".app").removesuffix(".desktop")
    text = re.sub(r"[^a-z0-9.+_]+", "-", text).strip("-.") or "unknown"
    return _ALIASES.get(text, text)


def app_category(app_id: str) -> str:
    return _CATEGORY_OF.get(app_id, "other")
