import { useCallback, useState } from 'react';
import { CustodyImports } from './CustodyImports';
import { DatabaseVerification } from './DatabaseVerification';
import { EvidenceVerification } from './EvidenceVerification';
import { FileImport } from './FileImport';
import { FileVerification } from './FileVerification';

/**
 * Verifying the database or an exported file, importing a file, and the imports custody holds
 * with their re-verification: works without a connection for files.
 */
export function IntegrityPage(): React.JSX.Element {
  const [imports, setImports] = useState(0);
  const imported = useCallback(() => setImports((n) => n + 1), []);
  return (
    <section>
      <h1>Integrity</h1>
      <DatabaseVerification />
      <FileVerification />
      <EvidenceVerification />
      <FileImport onImported={imported} />
      <CustodyImports version={imports} />
    </section>
  );
}
