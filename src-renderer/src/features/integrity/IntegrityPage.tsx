import { DatabaseVerification } from './DatabaseVerification';
import { FileImport } from './FileImport';
import { FileVerification } from './FileVerification';

/** Verifying the database or an exported file, and importing a file: works without a connection for files. */
export function IntegrityPage(): React.JSX.Element {
  return (
    <section>
      <h1>Integrity</h1>
      <DatabaseVerification />
      <FileVerification />
      <FileImport />
    </section>
  );
}
