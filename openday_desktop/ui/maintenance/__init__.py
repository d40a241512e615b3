"""Safety in the window: 备份与恢复, 操作记录, 个人信息保存期限, 删除并抹去, the start-up check."""

from .actions import MaintenanceActions, install_maintenance, recover_at_start

__all__ = ["MaintenanceActions", "install_maintenance", "recover_at_start"]
