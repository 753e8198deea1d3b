# NSIS script of the per-user Windows installer: no administrator rights, everything under the user's profile and HKCU.
#
# Built by dist/build-windows.sh:
#   makensis -DVERSION=0.1.0 -DSTAGE=/path/to/Territoire -DOUTFILE=/path/to/setup.exe dist/windows/territoire.nsi
# STAGE is the folder of the portable zip (territoire.exe, territoire.ico, LISEZMOI.txt, sample-data/).
# Silent install: setup.exe /S ; silent removal: desinstaller.exe /S

# 64-bit installer (Unicode): Territoire is x64 only, and it runs under 64-bit-only wine for the checks.
Target amd64-unicode
!include "MUI2.nsh"

!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef STAGE
  !error "STAGE (the folder to install) must be given with -DSTAGE=…"
!endif
!ifndef OUTFILE
  !define OUTFILE "territoire-setup.exe"
!endif
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Territoire"

Name "Territoire"
OutFile "${OUTFILE}"
# Per-user: Windows starts the installer without an elevation prompt.
RequestExecutionLevel user
InstallDir "$LOCALAPPDATA\Programs\Territoire"
InstallDirRegKey HKCU "Software\Territoire" "InstallDir"
SetCompressor /SOLID lzma
BrandingText "Territoire ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1036 "ProductName" "Territoire"
VIAddVersionKey /LANG=1036 "FileDescription" "Installation de Territoire"
VIAddVersionKey /LANG=1036 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1036 "CompanyName" "Angers Loire Métropole"
VIAddVersionKey /LANG=1036 "LegalCopyright" "MIT OR Apache-2.0"

!define MUI_ICON "${STAGE}/territoire.ico"
!define MUI_UNICON "${STAGE}/territoire.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\territoire.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Lancer Territoire"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "French"

Section "Territoire"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}/territoire.exe"
  File "${STAGE}/territoire.ico"
  File "${STAGE}/LISEZMOI.txt"
  SetOutPath "$INSTDIR\sample-data"
  File "${STAGE}/sample-data/*"
  SetOutPath "$INSTDIR"

  WriteUninstaller "$INSTDIR\desinstaller.exe"
  CreateShortcut "$SMPROGRAMS\Territoire.lnk" "$INSTDIR\territoire.exe" "" "$INSTDIR\territoire.ico"

  WriteRegStr HKCU "Software\Territoire" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "Territoire"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "Angers Loire Métropole"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\territoire.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\desinstaller.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\desinstaller.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

# Removes the program only: settings (%APPDATA%) and caches (%LOCALAPPDATA%) stay, as after an update.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\Territoire.lnk"
  Delete "$INSTDIR\sample-data\*"
  RMDir "$INSTDIR\sample-data"
  Delete "$INSTDIR\territoire.exe"
  Delete "$INSTDIR\territoire.ico"
  Delete "$INSTDIR\LISEZMOI.txt"
  Delete "$INSTDIR\desinstaller.exe"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\Territoire"
SectionEnd
