// A read-only Monaco editor showing a payload (JSON, XML), with one range highlighted and revealed.
// Loaded lazily: Monaco is large and is not needed for the first rows.

import { useEffect, useRef } from 'react';
import Editor, { DiffEditor, type OnMount } from '@monaco-editor/react';
import type * as Monaco from 'monaco-editor';
import '../monaco/setup';

export interface MonacoPaneProps {
  text: string;
  language: string;
  theme: 'light' | 'dark';
  highlight: { start: number; end: number } | null;
  label: string;
}

const OPTIONS: Monaco.editor.IStandaloneEditorConstructionOptions = {
  readOnly: true,
  domReadOnly: true,
  minimap: { enabled: false },
  scrollBeyondLastLine: false,
  automaticLayout: true,
  fontSize: 12,
  lineNumbersMinChars: 3,
  folding: true,
  wordWrap: 'on',
  renderLineHighlight: 'none',
  scrollbar: { alwaysConsumeMouseWheel: false },
  // Tab leaves the editor (it is read-only): the keyboard goes on to the next pane.
  tabFocusMode: true,
  // No dimmed number on the empty line after a final newline (too faint to read: WCAG contrast).
  renderFinalNewline: 'off',
};

export default function MonacoPane({ text, language, theme, highlight, label }: MonacoPaneProps) {
  const editorRef = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const decorations = useRef<Monaco.editor.IEditorDecorationsCollection | null>(null);

  const apply = () => {
    const ed = editorRef.current;
    const model = ed?.getModel();
    if (!ed || !model) return;
    decorations.current?.clear();
    if (!highlight) return;
    const start = model.getPositionAt(highlight.start);
    const end = model.getPositionAt(highlight.end);
    const range = { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column };
    decorations.current = ed.createDecorationsCollection([{ range, options: { inlineClassName: 'monaco-field-hl', className: 'monaco-field-line' } }]);
    ed.revealRangeInCenterIfOutsideViewport(range);
  };

  const onMount: OnMount = (ed) => {
    editorRef.current = ed;
    apply();
  };

  useEffect(apply, [highlight, text]);

  return (
    <div className="monaco-host" data-testid="payload-editor" data-language={language} aria-label={label} role="region">
      <Editor
        value={text}
        language={language}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        options={OPTIONS}
        onMount={onMount}
        loading={<div className="empty-note">Loading editor…</div>}
      />
    </div>
  );
}

export function MonacoDiff({ left, right, language, theme }: { left: string; right: string; language: string; theme: 'light' | 'dark' }) {
  return (
    <div className="monaco-host" data-testid="payload-diff" role="region" aria-label="Difference of the two payloads">
      <DiffEditor
        original={left}
        modified={right}
        language={language}
        theme={theme === 'dark' ? 'vs-dark' : 'vs'}
        options={{ ...OPTIONS, renderSideBySide: true, originalEditable: false }}
        loading={<div className="empty-note">Loading editor…</div>}
      />
    </div>
  );
}
