"""The command lines' argument parser, in Chinese: headings, usage and error messages."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its fixed English section titles and error messages put into Chinese.

    Used by ``openday-cli`` (every sub-command's parser too) and by ``openday``.
    """

    def format_help(self) -> str:
        text = super().format_help()
        return (
            text.replace("usage:", "用法：")
            .replace("positional arguments:", "位置参数：")
            .replace("options:", "选项：")
            .replace("show this help message and exit", "显示帮助并退出")
            .replace("show program's version number and exit", "显示版本号并退出")
        )

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "用法：")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: 用法错误：{_chinese_usage_error(message)}\n")


# argparse's own error sentences (Python 3.10-3.13), each put into Chinese; anything else
# passes through unchanged. Compiled (by re's cache) only when there is an error to translate.
_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"^argument (\S+): ", r"参数 \1："),
    (r"invalid choice: '([^']*)' \(choose from (.*)\)$", r"“\1”不是可选的值，可选：\2"),
    (r"the following arguments are required: (.*)$", r"缺少必填的参数：\1"),
    (r"unrecognized arguments: (.*)$", r"不认识的参数：\1"),
    (r"invalid int value: '([^']*)'$", r"“\1”不是整数，请写数字编号或数量"),
    (r"invalid (\w+) value: '([^']*)'$", r"“\2”不是有效的值"),
    (r"not allowed with argument (.*)$", r"不能与 \1 同时使用"),
    (r"one of the arguments (.*) is required$", r"请在 \1 中写一个"),
    (r"expected at least one argument$", "后面至少要写一个值"),
    (r"expected one argument$", "后面要写一个值"),
    (r"ambiguous option: (\S+) could match (.*)$", r"“\1”可能是 \2，请写完整"),
)


def _chinese_usage_error(message: str) -> str:
    """argparse's English error message in Chinese (the choices and option names stay as typed)."""
    for pattern, replacement in _USAGE_ERRORS:
        message = re.sub(pattern, replacement, message)
    return message.replace("'", "")
