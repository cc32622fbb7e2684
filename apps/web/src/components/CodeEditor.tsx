/**
 * Monaco, bundled with the app (no CDN: the platform runs offline), with the languages content
 * folders hold: YAML, Markdown and shell. Problems from the server are shown as markers.
 *
 * Uncontrolled: each file is a Monaco model (under `folder`, the folder's key for this visit)
 * that starts from `initial` and tells each edit; a controlled value would race the typing.
 */
import Editor, { loader, type OnMount } from '@monaco-editor/react';
import * as monaco from 'monaco-editor/esm/vs/editor/edcore.main.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/markdown/markdown.contribution.js';
import 'monaco-editor/esm/vs/basic-languages/shell/shell.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { useEffect, useRef } from 'react';

self.MonacoEnvironment = { getWorker: () => new EditorWorker() };
loader.config({ monaco });

export interface EditorMarker {
  line: number;
  column: number;
  message: string;
}

function languageOf(path: string): string {
  if (path.endsWith('.yaml') || path.endsWith('.yml')) return 'yaml';
  if (path.endsWith('.md')) return 'markdown';
  if (path.endsWith('.sh')) return 'shell';
  return 'plaintext';
}

export function CodeEditor({
  folder,
  path,
  initial,
  onChange,
  markers,
  onSave,
}: {
  folder: string;
  path: string;
  initial: string;
  onChange: (value: string) => void;
  markers: EditorMarker[];
  onSave: () => void;
}) {
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const saveRef = useRef(onSave);
  saveRef.current = onSave;

  // the folder's models go when the page does
  useEffect(
    () => () => {
      for (const model of monaco.editor.getModels())
        if (model.uri.path.startsWith(`/${folder}/`)) model.dispose();
    },
    [folder],
  );

  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      'kubebelt',
      markers.map((m) => ({
        severity: monaco.MarkerSeverity.Error,
        message: m.message,
        startLineNumber: m.line,
        startColumn: m.column,
        endLineNumber: m.line,
        endColumn: model.getLineMaxColumn(Math.min(m.line, model.getLineCount())),
      })),
    );
  });

  return (
    <Editor
      height="100%"
      path={`${folder}/${path}`}
      language={languageOf(path)}
      defaultValue={initial}
      onChange={(v) => onChange(v ?? '')}
      onMount={(editor) => {
        editorRef.current = editor;
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current());
      }}
      options={{
        minimap: { enabled: false },
        fontSize: 13,
        tabSize: 2,
        insertSpaces: true,
        scrollBeyondLastLine: false,
        wordWrap: path.endsWith('.md') ? 'on' : 'off',
        automaticLayout: true,
      }}
    />
  );
}
