// The JSON requests the fetch-based clients (GitLab, Gitea, Bitbucket) make, with errors already turned into ForgeErrors.
import { errorForStatus, ForgeError, forgeNames, networkError, type FailedRequest, type ForgeKind, type PullRequestResult } from './forge';

export interface PostJsonOptions {
  forge: ForgeKind;
  baseUrl: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  req: FailedRequest['req'];
  token: string;
  timeoutMs: number;
  /** Pulls the readable text out of an error body. */
  detailOf(body: unknown): string;
}

export type GetJsonOptions = Omit<PostJsonOptions, 'body'> & {
  /** Statuses that mean "nothing there" rather than a failure: answered as undefined. */
  absentOn?: number[];
};

export function postJson(options: PostJsonOptions): Promise<unknown> {
  return requestJson('POST', options);
}

export function getJson(options: GetJsonOptions): Promise<unknown> {
  return requestJson('GET', options);
}

async function requestJson(method: 'GET' | 'POST', options: GetJsonOptions & { body?: unknown }): Promise<unknown> {
  const { forge, baseUrl, path, token } = options;
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(method === 'POST' ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (cause) {
    throw networkError(forge, baseUrl, cause, token);
  }
  const body = parseJson(text);
  if (options.absentOn?.includes(response.status)) return undefined;
  if (!response.ok) {
    const detail = options.detailOf(body) || text.slice(0, 200);
    throw errorForStatus({ forge, status: response.status, detail, req: options.req, token });
  }
  return body;
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** `message` as most forges send it: a string, a list of strings, or an object of field → messages (GitLab). */
export function messageOf(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const { message, error } = body as { message?: unknown; error?: unknown };
  const value = message ?? error;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String).join('; ');
  if (value && typeof value === 'object') {
    return Object.entries(value)
      .map(([field, problems]) => `${field} ${Array.isArray(problems) ? problems.join(', ') : String(problems)}`)
      .join('; ');
  }
  return '';
}

/** Drops a trailing slash so paths can be appended as `/api/...`. */
export function trimBaseUrl(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Reads the created pull request from a success body; a body without them means the forge is not what we think. */
export function resultFrom(body: unknown, numberField: string, urlField: string, forge: ForgeKind): PullRequestResult {
  const record = (body ?? {}) as Record<string, unknown>;
  const number = record[numberField];
  const url = record[urlField];
  if (typeof number !== 'number' || typeof url !== 'string') {
    throw new ForgeError('server', `${forgeNames[forge]} answered without the pull request's ${numberField} and ${urlField}; is the URL a ${forgeNames[forge]} server?`);
  }
  return { number, url };
}

/** A string field of a success body; its absence means the forge is not what we think. */
export function stringField(body: unknown, field: string, forge: ForgeKind): string {
  const value = ((body ?? {}) as Record<string, unknown>)[field];
  if (typeof value !== 'string' || !value) {
    throw new ForgeError('server', `${forgeNames[forge]} answered without the repository's ${field}; is the URL a ${forgeNames[forge]} server?`);
  }
  return value;
}
