; Inno Setup 6 script: the Windows installer of OpenDay Desktop (政府开放日助手).
;
; Built by `python packaging\build.py installer` (which makes dist\openday\ first and passes
; the version), or by hand: ISCC /DAppVersion=0.1.0 packaging\windows\openday.iss
; Output: dist\OpenDay-<version>-setup.exe. Steps in packaging\README.md. Needs Inno Setup 6.3
; or later (x64compatible). Saved as UTF-8 with a BOM, so ISCC reads the Chinese names correctly.
;
; - Per-user install, no administrator rights: %LOCALAPPDATA%\Programs\OpenDay ({autopf} when
;   running with lowest privileges). An administrator may still choose "all users" in the dialog.
; - Start-menu entry (and an optional desktop icon).
; - The data is NOT here: the program keeps its database, backups and log in
;   %APPDATA%\OpenDay, which this installer never writes and the uninstaller never deletes
;   (no [UninstallDelete] entry may name {userappdata}; tests/unit/test_packaging.py checks it).
; - No file association: the database is an ordinary .db (SQLite) file, an extension many other
;   programs use; other databases are opened with 文件 → 打开数据库.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "政府开放日助手"
#define AppExe "openday.exe"
#define Root AddBackslash(SourcePath) + "..\.."

[Setup]
AppId={{BF049AE2-A4B2-425A-A06E-5A48540C0B3E}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=OpenDay Desktop
DefaultDirName={autopf}\OpenDay
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=OpenDay-{#AppVersion}-setup
SetupIconFile={#Root}\build\packaging\icons\openday.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
CloseApplications=yes

[Languages]
; The Simplified Chinese messages are an unofficial Inno Setup translation: put
; ChineseSimplified.isl next to this script (see packaging\README.md); without it the
; installer's own buttons are in English, the program itself is Chinese either way.
#if FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "{#AddBackslash(SourcePath)}ChineseSimplified.isl"
#else
Name: "english"; MessagesFile: "compiler:Default.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "在桌面上创建快捷方式"; Flags: unchecked

[Files]
Source: "{#Root}\dist\openday\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "筹备政府开放日：活动、代表、签到、意见建议、公文"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "启动{#AppName}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section: the uninstaller removes exactly the files it installed, and the
; user's data in %APPDATA%\OpenDay stays for the next installation.
