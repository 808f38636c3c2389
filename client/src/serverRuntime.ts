// How the language server process is started (shared with the benchmark, which must measure the same thing).

/**
 * V8 flags of the server process. Its garbage is short-lived parse and validation data plus, on every keystroke in
 * a large file, the file's previous text: small semi-spaces (4 MB instead of up to 16) and a heap that grows by 50%
 * (instead of V8's default factor, up to 4×) before the next full collection keep its resident memory down, for a
 * millisecond or two of CPU per edit at 20,000 lines (`npm run bench`).
 */
export const SERVER_EXEC_ARGV = ['--max-semi-space-size=4', '--heap-growing-percent=50'];
