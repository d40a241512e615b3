"""OpenDay Desktop (政府开放日助手): plan, staff and follow up government open days offline."""

__version__ = "0.1.0"
APP_NAME = "政府开放日助手"
