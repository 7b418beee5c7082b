/**
 * The Node options every way of starting the server passes (`npm start`, deploy/quire.service,
 * the Dockerfile, the benchmark's and the tests' server processes, the sync benchmark's workers). node-options.test.ts holds
 * the three files to this list.
 *
 * --max-semi-space-size=8: V8 sizes the young generation for throughput (16 MB a semi-space), and
 * loading the server's modules grows it to the maximum though it holds 3–8 MB afterwards. At 8 MB
 * the server starts at 116–123 MB instead of 133–135 MB; the API benchmark measured no cost in
 * calls per second (at 4 MB: 110 MB, but 5–8 % fewer calls).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=8'];
