import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importOptionalPeer, MissingPeerError } from './optional-peer.js';

function manifest(peerDependencies: Record<string, string>): URL {
  const path = join(mkdtempSync(join(tmpdir(), 'optional-peer-')), 'package.json');
  writeFileSync(path, JSON.stringify({ name: 'caller', peerDependencies }));
  return pathToFileURL(path);
}

describe('importOptionalPeer', () => {
  it('imports an installed package', async () => {
    const vitest = await importOptionalPeer<object>('vitest', 'this test', manifest({}));
    expect(vitest).toHaveProperty('describe');
  });

  it('names the package, what needs it and the install command at the declared range when it is missing', async () => {
    const attempt = importOptionalPeer(
      'realdeps-no-such-package',
      'The thing under test',
      manifest({ 'realdeps-no-such-package': '^3.1.0' }),
      'set IT_PROVIDER=local',
    );
    await expect(attempt).rejects.toBeInstanceOf(MissingPeerError);
    await expect(attempt).rejects.toThrow(
      "The thing under test needs realdeps-no-such-package, which is not installed. Install it: npm install --save-dev realdeps-no-such-package@'^3.1.0', or set IT_PROVIDER=local.",
    );
  });
});
