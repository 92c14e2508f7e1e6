// The IPC contract between the Electron main process, the preload script and the renderer: channel names
// and the shapes that cross them. No electron import here (the renderer imports these types).

export const IPC = {
  openFileDialog: 'vgi:open-file-dialog',
  readFileSlice: 'vgi:read-file-slice',
  initialFile: 'vgi:initial-file',
  recentFiles: 'vgi:recent-files',
  noteOpened: 'vgi:note-opened',
  saveFile: 'vgi:save-file',
  /** main -> renderer: open this file (menu, recent files, second instance, file association). */
  openFile: 'vgi:open-file',
  /** main -> renderer: a menu command (export, theme, focus filter, ...). */
  command: 'vgi:command',
} as const;

export type IpcChannel = (typeof IPC)[keyof typeof IPC];

/** A file the main process has agreed to let the renderer read. */
export interface OpenedFile {
  path: string;
  name: string;
  size: number;
}

export type MenuCommand = 'export-ndjson' | 'export-csv' | 'export-pcapng' | 'export-svg' | 'focus-filter' | 'toggle-theme' | 'toggle-lanes' | 'cancel-load';

/** What the preload script exposes as `window.vgi` (named functions only; never ipcRenderer itself). */
export interface VgiBridge {
  readonly platform: 'electron';
  openFileDialog(): Promise<OpenedFile | null>;
  /** Bytes [offset, offset + length) of a file opened through this bridge (dialog, command line, drop, recent). */
  readFileSlice(path: string, offset: number, length: number): Promise<Uint8Array>;
  initialFile(): Promise<OpenedFile | null>;
  recentFiles(): Promise<OpenedFile[]>;
  /** A file dropped on the window: returns it as opened (for recent files), or null when it is not readable. */
  noteDropped(file: File): Promise<OpenedFile | null>;
  saveFile(suggestedName: string, data: string | Uint8Array): Promise<boolean>;
  onOpenFile(cb: (file: OpenedFile) => void): () => void;
  onCommand(cb: (command: MenuCommand) => void): () => void;
}

/** Limits the main process enforces on readFileSlice. */
export const MAX_SLICE = 16 << 20;
