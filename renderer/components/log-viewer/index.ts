export { LogViewer, type LogViewerProps } from './LogViewer';
export { LogBuffer, DEFAULT_MAX_LINES } from './log-buffer';
export { LogSearch } from './log-search';
export { ansiSegments, stripAnsi } from './ansi';
