// Child process of profile-writes-killed.test.ts: writes profiles and secrets in <argv[2]> for
// ever (create, update, delete), as fast as it can, until the parent kills it with SIGKILL.
// Says "ready" on stdout once the first write is done. Run with `node --import tsx`.
import { ProfileStore } from '../../../../src-main/domains/connections/profile-store';
import { SafeStorageSecretStore } from '../../../../src-main/platform/secrets/secret-store';

const dir = process.argv[2]!;
const safe = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'gnome_libsecret',
  encryptString: (s: string) => Buffer.from(s, 'utf8').reverse(),
  decryptString: (b: Buffer) => Buffer.from(b).reverse().toString('utf8'),
};
const store = new ProfileStore(dir, { secrets: new SafeStorageSecretStore(dir, safe) });
let n = 0;
for (;;) {
  const p = await store.create({ name: `p${process.pid}-${n++}`, host: 'db.example.org', database: 'gov', user: 'sre' }, `pw-${n}`);
  if (n === 1) process.stdout.write('ready\n');
  await store.update(p.id, { port: 5433 + (n % 100) }, `pw2-${n}`);
  if (n % 3 === 0) await store.delete(p.id);
}
