// The Node that runs the fuzzed server and CLI: this one when it is new enough for the drift client, else the
// Node 24 the tests install from npm into the project cache (as test/run.mjs does).
import { existsSync } from 'node:fs';

export async function testNode(): Promise<string> {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return process.execPath;
  const tools = await import('../e2e/tools');
  await tools.ensureNode24();
  if (!existsSync(tools.node24Binary)) throw new Error(`no Node 24 at ${tools.node24Binary}`);
  return tools.node24Binary;
}
