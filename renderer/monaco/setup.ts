// Monaco loaded from the local monaco-editor package (no CDN): a slim editor build (editorSlim.ts), its
// workers from Vite `?worker` imports, and @monaco-editor/react's loader pointed at this instance.

import * as monaco from './editorSlim';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import JsonWorker from 'monaco-editor/language/json/json.worker?worker';
import { loader } from '@monaco-editor/react';

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

self.MonacoEnvironment = {
  getWorker(_id: string, label: string): Worker {
    return label === 'json' ? new JsonWorker() : new EditorWorker();
  },
};

loader.config({ monaco });

export { monaco };
