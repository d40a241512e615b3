"""OpenDay Desktop (政府开放日助手): plan, staff and follow up government open days offline."""

__version__ = "0.1.0"
APP_NAME = "政府开放日助手"
# The names the per-user window settings are filed under (QSettings, the QApplication).
SETTINGS_ORGANIZATION = "OpenDay"
SETTINGS_APPLICATION = "OpenDayDesktop"
