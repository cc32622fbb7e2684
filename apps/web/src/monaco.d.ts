// The editor core with its features but without every language and worker of the full bundle.
declare module 'monaco-editor/esm/vs/editor/edcore.main.js' {
  export * from 'monaco-editor';
}
