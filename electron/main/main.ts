// The Electron main process: one window with secure defaults (context isolation, sandbox, no Node in the
// page, a strict CSP, no navigation away, no new windows, no permissions), the renderer served from the
// app:// scheme, menus, the open dialog, recent files, a capture given on the command line or through the
// OS ("open with", file association), and the IPC handlers of electron/common/ipc.ts.

import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { IPC, type MenuCommand, type OpenedFile } from '../common/ipc';
import { CAPTURE_EXTENSIONS, capturesInArgv, FileAccess } from './files';
import { CSP } from '../../host/serve/csp';

const SCHEME = 'app';
const HOST = 'vgi';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ttf': 'font/ttf', '.woff2': 'font/woff2',
};

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

const rendererRoot = (() => {
  const candidates = [join(__dirname, '..', 'renderer'), join(__dirname, '..', '..', 'dist', 'renderer')];
  return candidates.find((c) => existsSync(join(c, 'index.html'))) ?? candidates[0];
})();

let files: FileAccess;
let win: BrowserWindow | null = null;
let pendingOpen: OpenedFile | null = null;

function send(channel: string, payload: unknown): void {
  win?.webContents.send(channel, payload);
}

function command(c: MenuCommand): void {
  send(IPC.command, c);
}

function openPath(path: string): void {
  const f = files.allow(path);
  if (!f) return;
  app.addRecentDocument(f.path);
  if (win && !win.webContents.isLoading()) send(IPC.openFile, f);
  else pendingOpen = f;
  buildMenu();
}

async function showOpenDialog(): Promise<OpenedFile | null> {
  const res = await dialog.showOpenDialog(win!, {
    title: 'Open a capture',
    properties: ['openFile'],
    filters: [{ name: 'Captures', extensions: CAPTURE_EXTENSIONS }, { name: 'All files', extensions: ['*'] }],
  });
  if (res.canceled || res.filePaths.length === 0) return null;
  const f = files.allow(res.filePaths[0]);
  if (f) {
    app.addRecentDocument(f.path);
    buildMenu();
  }
  return f;
}

function buildMenu(): void {
  const recent = files.recentFiles();
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          label: 'Open Capture…', accelerator: 'CmdOrCtrl+O',
          click: () => void showOpenDialog().then((f) => f && send(IPC.openFile, f)),
        },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((f) => ({ label: f.name, sublabel: f.path, click: () => openPath(f.path) }))
            : [{ label: 'No recent captures', enabled: false }],
        },
        { type: 'separator' },
        { label: 'Export Messages as ndjson…', click: () => command('export-ndjson') },
        { label: 'Export Messages as CSV…', click: () => command('export-csv') },
        { label: 'Export Packets of the Messages as pcapng…', click: () => command('export-pcapng') },
        { label: 'Export Lanes as SVG…', click: () => command('export-svg') },
        { type: 'separator' },
        { label: 'Stop Reading', accelerator: 'Esc', registerAccelerator: false, click: () => command('cancel-load') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { label: 'Filter', accelerator: 'CmdOrCtrl+F', click: () => command('focus-filter') },
        { label: 'Lanes', accelerator: 'CmdOrCtrl+L', click: () => command('toggle-lanes') },
        { label: 'Light / Dark Theme', accelerator: 'CmdOrCtrl+Shift+T', click: () => command('toggle-theme') },
        { type: 'separator' },
        { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): void {
  win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 900,
    minHeight: 560,
    title: 'VGI Inspector',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win?.show());
  win.on('closed', () => {
    win = null;
  });
  const wc = win.webContents;
  wc.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${SCHEME}://${HOST}/`)) e.preventDefault();
  });
  wc.on('will-attach-webview', (e) => e.preventDefault());
  wc.on('did-finish-load', () => {
    if (pendingOpen) {
      send(IPC.openFile, pendingOpen);
      pendingOpen = null;
    }
  });
  void win.loadURL(`${SCHEME}://${HOST}/index.html`);
}

function registerIpc(initial: OpenedFile | null): void {
  let initialTaken = false;
  ipcMain.handle(IPC.openFileDialog, () => showOpenDialog());
  ipcMain.handle(IPC.readFileSlice, (_e, path: unknown, offset: unknown, length: unknown) =>
    files.read(String(path), Number(offset), Number(length)));
  ipcMain.handle(IPC.initialFile, () => {
    // The capture of the command line, once (a reload then starts empty, as a fresh window would).
    if (initialTaken) return null;
    initialTaken = true;
    if (pendingOpen && initial && pendingOpen.path === initial.path) pendingOpen = null;
    return initial;
  });
  ipcMain.handle(IPC.recentFiles, () => files.recentFiles());
  ipcMain.handle(IPC.noteOpened, (_e, path: unknown) => {
    if (typeof path !== 'string' || path === '') return null;
    const f = files.allow(path);
    if (f) {
      app.addRecentDocument(f.path);
      buildMenu();
    }
    return f;
  });
  ipcMain.handle(IPC.saveFile, async (_e, name: unknown, data: unknown) => {
    if (typeof name !== 'string' || (typeof data !== 'string' && !(data instanceof Uint8Array))) return false;
    const res = await dialog.showSaveDialog(win!, { defaultPath: name.replace(/[\\/]/g, '_') });
    if (res.canceled || !res.filePath) return false;
    writeFileSync(res.filePath, data);
    return true;
  });
}

function serveRenderer(): void {
  protocol.handle(SCHEME, (req) => {
    const url = new URL(req.url);
    if (url.host !== HOST) return new Response('not found', { status: 404 });
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const full = resolve(rendererRoot, rel);
    if (!full.startsWith(rendererRoot + sep) || !existsSync(full) || !statSync(full).isFile()) {
      return new Response('not found', { status: 404 });
    }
    return new Response(readFileSync(full), {
      headers: {
        'content-type': TYPES[extname(full).toLowerCase()] ?? 'application/octet-stream',
        'content-security-policy': CSP,
        'x-content-type-options': 'nosniff',
      },
    });
  });
}

// ---- lifecycle ---------------------------------------------------------------------------------------

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // macOS "open with" / file association can arrive before ready.
  const early: string[] = [];
  app.on('open-file', (e, path) => {
    e.preventDefault();
    if (files) openPath(path);
    else early.push(path);
  });

  app.on('second-instance', (_e, argv) => {
    for (const p of capturesInArgv(argv)) openPath(p);
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-navigate', (ev, url) => {
      if (!url.startsWith(`${SCHEME}://${HOST}/`)) ev.preventDefault();
    });
  });

  void app.whenReady().then(() => {
    files = new FileAccess(join(app.getPath('userData'), 'recent-files.json'));
    session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
    serveRenderer();
    const fromArgv = capturesInArgv(process.argv.slice(1));
    const first = fromArgv[0] ?? early[0];
    const initial = first ? files.allow(first) : null;
    registerIpc(initial);
    buildMenu();
    createWindow();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}
