"""The command-line examples in README.md run as written, in order, on a fresh database.

A README whose examples fail is worse than none: clerks copy them. The commands are read from
the 命令行 section's ``bash`` blocks and run through ``cli.main`` in a temporary folder.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from openday_desktop import cli

README = Path(__file__).resolve().parents[2] / "README.md"
# check-event reports the demo list's quota problems with exit code 1, as the README says.
EXPECTED_EXIT = {"check-event": 1}


def readme_commands() -> list[list[str]]:
    """Each ``openday-cli`` example of the 命令行 section as an argument list (without the name)."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## 命令行") : text.index("## 开发")]
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", section, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            args = shlex.split(line.split("  #")[0])
            assert args[0] == "openday-cli", line
            commands.append(args[1:])
    return commands


def write_roster(path: Path) -> None:
    """A small village roster like the README's 名册.xlsx: a title row, a good ID and a mistyped one."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["青石村政府开放日代表报名表"])
    sheet.append(["姓名", "身份证号", "联系电话", "代表类别"])
    sheet.append(["张三", "110101198005121316", "13800138000", "村民代表"])
    sheet.append(["李四", "110101199203042420", "13912345678", "个体工商户"])
    for row in sheet.iter_rows(min_row=3, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "@"
    workbook.save(path)


def write_feedback(path: Path) -> None:
    """Suggestions typed up by another office: a title, then 序号 | 提出人 | 意见建议 | 类别."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["意见建议汇总"])
    sheet.append(["序号", "提出人", "意见建议", "类别"])
    sheet.append([1, "", "建议延长便民服务中心周末服务时间", "政务服务"])
    workbook.save(path)


def test_readme_examples_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_roster(tmp_path / "名册.xlsx")
    (tmp_path / "现场照片.jpg").write_bytes(b"\xff\xd8\xff photo")  # the attachment example
    write_feedback(tmp_path / "意见建议.xlsx")
    commands = readme_commands()
    kinds = {args[2] if args[0] == "--db" else args[0] for args in commands}
    assert {"demo", "event", "list", "check", "import-roster", "check-event", "export"} <= kinds
    assert {"stats", "feedback"} <= kinds
    exported = {args[args.index("export") + 1] for args in commands if "export" in args}
    assert exported == {
        "call",
        "registration-form",
        "person-form",
        "plan",
        "notice",
        "invitations",
        "summary",
        "roster",
        "signin",
        "feedback",
        "questionnaire",
        "results",
        "year-report",
        "archive",
    }
    # The package's sign-in PDF needs a Qt application: covered by the GUI tests.
    monkeypatch.setattr(cli, "_pdf_renderer", lambda: None)
    for args in commands:
        output = args[args.index("-o") + 1] if "-o" in args else ""
        if output.endswith(".pdf"):
            continue  # needs a Qt application: covered by the GUI printing tests
        command = args[2] if args[0] == "--db" else args[0]
        code = cli.main(args)
        captured = capsys.readouterr()
        assert code == EXPECTED_EXIT.get(command, 0), (args, captured.err)
        if output:
            assert (tmp_path / output).stat().st_size > 0, args
    report = json.loads((tmp_path / "导入报告.json").read_text(encoding="utf-8"))
    assert (report["imported"], report["invited"], len(report["errors"])) == (1, 1, 1)
    assert (tmp_path / "问题行.xlsx").exists()
    feedback = json.loads((tmp_path / "意见导入报告.json").read_text(encoding="utf-8"))
    assert (feedback["imported"], feedback["errors"]) == (1, [])
