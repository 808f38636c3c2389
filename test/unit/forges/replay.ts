// Replays one recorded request/response pair on 127.0.0.1: the client under test must send what the recording
// expects (method, path, headers, JSON body) and gets the recorded response back. Differences are collected, not
// thrown, so a test can report all of them at once.
import { isDeepStrictEqual } from 'node:util';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface Recording {
  /** Where the shapes come from: the forge's API documentation. */
  source: string;
  request: {
    method: string;
    /** Raw path as sent, percent-encoding included. */
    path: string;
    /** Lower-case names; `{{token}}` stands for the token the test passes. A subset: other headers are allowed. */
    headers: Record<string, string>;
    /** Absent for a request without a body (GET). */
    body?: unknown;
  };
  response: { status: number; headers: Record<string, string>; body: unknown };
}

export interface Replay {
  url: string;
  /** What differed between the request and the recording; empty when the client kept the contract. */
  mismatches: string[];
  requests: number;
  close(): Promise<void>;
}

export function loadRecording(name: string): Recording {
  return JSON.parse(readFileSync(join(__dirname, 'recordings', `${name}.json`), 'utf8')) as Recording;
}

export async function replay(recording: Recording, token: string): Promise<Replay> {
  const state = { mismatches: [] as string[], requests: 0 };
  const server = createServer(async (request, response) => {
    state.requests++;
    const body = await readBody(request);
    state.mismatches.push(...compare(recording, token, request, body));
    const { status, headers, body: responseBody } = recording.response;
    response.writeHead(status, headers);
    response.end(responseBody === undefined ? '' : JSON.stringify(responseBody));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get mismatches() {
      return state.mismatches;
    },
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A URL where nothing listens: the port of a server that was just closed. */
export async function closedServerUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function compare(recording: Recording, token: string, request: IncomingMessage, body: string): string[] {
  const expected = recording.request;
  const found: string[] = [];
  if (request.method !== expected.method) found.push(`method ${request.method}, recorded ${expected.method}`);
  if (request.url !== expected.path) found.push(`path ${request.url}, recorded ${expected.path}`);
  for (const [name, value] of Object.entries(expected.headers)) {
    const want = value.replaceAll('{{token}}', token);
    const got = request.headers[name];
    // Report the header by name only: its value may be the token.
    if (got !== want) found.push(`header ${name} differs from the recording`);
  }
  // A recording without a body (GET) expects none.
  if (expected.body === undefined) {
    if (body !== '') found.push(`body sent, recorded none: ${body.slice(0, 100)}`);
    return found;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    found.push(`body is not JSON: ${body.slice(0, 100)}`);
  }
  if (parsed !== undefined && !isDeepStrictEqual(parsed, expected.body)) {
    found.push(`body ${JSON.stringify(parsed)}, recorded ${JSON.stringify(expected.body)}`);
  }
  return found;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
