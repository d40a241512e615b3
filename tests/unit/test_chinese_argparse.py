"""One Chinese argument parser for both command lines and every sub-command."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from openday_desktop import app, cli
from openday_desktop.chinese_argparse import ChineseArgumentParser


def _parsers(parser: argparse.ArgumentParser) -> Iterator[argparse.ArgumentParser]:
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_every_cli_parser_is_the_chinese_one() -> None:
    parsers = list(_parsers(cli.build_parser()))
    assert len(parsers) > 20  # the walk reaches the sub-commands' own sub-commands
    strays = [p.prog for p in parsers if not isinstance(p, ChineseArgumentParser)]
    assert strays == []


def test_the_window_program_speaks_chinese_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        app._parse_args(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：") and "选项：" in out and "usage" not in out


def test_a_usage_error_is_chinese_on_a_sub_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.build_parser().parse_args(["event", "status"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "用法错误" in err and "缺少必填的参数" in err
    assert "required" not in err and "usage" not in err
