import type { Coverage } from '../../../../src-main/shared/model/dashboard';
import { useStore } from '../../store';
import { formatCount, formatSeconds } from '../../ui/format';

const STATE_LABEL: Record<Coverage['state'], string> = {
  verified: 'Verified',
  partly: 'Partly verified',
  failed: 'Verification failed',
  changed: 'Rows deleted since verified',
  unverified: 'Not verified',
};

/** What the last verification says about the rows a card summarises (see Coverage for the states). */
export function coverageText(c: Coverage): string {
  const v = c.verification;
  if (!v) return `None of these ${formatCount(c.rows)} audit rows is verified: no verification of this database is on record.`;
  const when = `by db-v1 at ${formatSeconds(v.at)} UTC (${v.by})`;
  switch (c.state) {
    case 'verified':
      return `All ${formatCount(c.rows)} audit rows were verified ${when}.`;
    case 'partly':
      return `${formatCount(v.total)} of ${formatCount(c.rows)} audit rows were verified ${when}; the ${formatCount(c.rowsSince ?? 0)} added since are not.`;
    case 'failed':
      return `The verification ${when} found ${formatCount(v.tampered)} tampered and ${formatCount(v.unverifiable)} unverifiable row(s): these figures include them.`;
    case 'changed':
      return `${formatCount(-(c.rowsSince ?? 0))} fewer audit rows than were verified ${when}: rows were deleted, which db-v1 cannot show.`;
    default:
      return '';
  }
}

/** The line under a card: verified or not, what db-v1 leaves out, and the way to verify. */
export function CoverageNote({ coverage }: { coverage: Coverage }): React.JSX.Element {
  const navigate = useStore((s) => s.navigate);
  return (
    <p className={`coverage coverage-${coverage.state}`} data-testid="coverage" data-state={coverage.state}>
      <strong>{STATE_LABEL[coverage.state]}:</strong> {coverageText(coverage)} {coverage.notCovered}{' '}
      {coverage.state !== 'verified' && (
        <button type="button" className="link" onClick={() => navigate('integrity')}>
          Verify on the Integrity page
        </button>
      )}
    </p>
  );
}
