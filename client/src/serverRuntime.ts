// How the language server process is started (shared with the benchmark, which must measure the same thing).

/**
 * V8's young generation grows to 16 MB semi-spaces by default; the server's allocations are short-lived parse and
 * validation garbage, so small semi-spaces keep its resident memory down for a few more scavenges.
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=4'];
