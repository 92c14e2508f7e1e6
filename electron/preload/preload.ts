// The preload script (sandboxed): exposes named functions only, as window.vgi (electron/common/ipc.ts
// VgiBridge). ipcRenderer itself never reaches the page.

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { IPC, type MenuCommand, type OpenedFile, type VgiBridge } from '../common/ipc';

const api: VgiBridge = {
  platform: 'electron',
  openFileDialog: () => ipcRenderer.invoke(IPC.openFileDialog),
  readFileSlice: (path, offset, length) => ipcRenderer.invoke(IPC.readFileSlice, path, offset, length),
  initialFile: () => ipcRenderer.invoke(IPC.initialFile),
  recentFiles: () => ipcRenderer.invoke(IPC.recentFiles),
  noteDropped: (file) => {
    const path = webUtils.getPathForFile(file);
    return path ? ipcRenderer.invoke(IPC.noteOpened, path) : Promise.resolve(null);
  },
  saveFile: (name, data) => ipcRenderer.invoke(IPC.saveFile, name, data),
  onOpenFile: (cb) => {
    const listener = (_e: IpcRendererEvent, f: OpenedFile) => cb(f);
    ipcRenderer.on(IPC.openFile, listener);
    return () => ipcRenderer.off(IPC.openFile, listener);
  },
  onCommand: (cb) => {
    const listener = (_e: IpcRendererEvent, c: MenuCommand) => cb(c);
    ipcRenderer.on(IPC.command, listener);
    return () => ipcRenderer.off(IPC.command, listener);
  },
};

contextBridge.exposeInMainWorld('vgi', api);
