// The connection to the editor. Over stdio (how the extension starts the server) diagnostics go out as JSON
// encoded once per document: a large file's thousands of diagnostics would otherwise be serialized again on
// every keystroke, which cost more than linting the edit. Other transports (--node-ipc, sockets) are as usual.
import {
  createConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type Diagnostic,
  type Message,
} from 'vscode-languageserver/node';

/** JSON of diagnostics lists, by the array that is sent: each part a comma-separated run of encoded diagnostics. */
const preEncoded = new WeakMap<Diagnostic[], Buffer[]>();

/** Records how `diagnostics` is encoded: `parts` joined by commas (empty parts skipped) inside `[ ]`. */
export function sendAsEncoded(diagnostics: Diagnostic[], parts: Buffer[]): Diagnostic[] {
  preEncoded.set(diagnostics, parts);
  return diagnostics;
}

/** The comma-separated JSON of some diagnostics (no brackets), to pass to sendAsEncoded. */
export function encodeDiagnostics(diagnostics: Diagnostic[]): Buffer {
  return Buffer.from(JSON.stringify(diagnostics).slice(1, -1), 'utf8');
}

const COMMA = Buffer.from(',');

/** A message as sent: publishDiagnostics from its pre-encoded parts, anything else as JSON. */
export function encodeMessage(msg: Message): Buffer {
  const notification = msg as Message & { method?: string; params?: { uri: string; version?: number; diagnostics: Diagnostic[] } };
  const parts = notification.method === 'textDocument/publishDiagnostics' && notification.params ? preEncoded.get(notification.params.diagnostics) : undefined;
  if (!parts || !notification.params) return Buffer.from(JSON.stringify(msg), 'utf8');
  const { uri, version } = notification.params;
  const head = `{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":${JSON.stringify(uri)},${version === undefined ? '' : `"version":${version},`}"diagnostics":[`;
  const chunks: Buffer[] = [Buffer.from(head, 'utf8')];
  for (const part of parts) {
    if (part.length === 0) continue;
    if (chunks.length > 1) chunks.push(COMMA);
    chunks.push(part);
  }
  chunks.push(Buffer.from(']}}'));
  return Buffer.concat(chunks);
}

export function createServerConnection(): Connection {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  const writer = new StreamMessageWriter(process.stdout, {
    charset: 'utf-8',
    contentTypeEncoder: { name: 'application/json', encode: (msg) => Promise.resolve(encodeMessage(msg)) },
  });
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), writer);
  // As the library does for its own stdio set-up: the editor closing stdin ends the server (status 1 unless it
  // asked for a shutdown first).
  let shutdownAsked = false;
  connection.onShutdown(() => {
    shutdownAsked = true;
  });
  const exit = () => process.exit(shutdownAsked ? 0 : 1);
  process.stdin.on('end', exit);
  process.stdin.on('close', exit);
  // stdout carries the protocol: anything logged goes to the editor's output channel instead.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = (...args: unknown[]) => connection.console.info(args.map(String).join(' '));
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  console.debug = console.log;
  return connection;
}
