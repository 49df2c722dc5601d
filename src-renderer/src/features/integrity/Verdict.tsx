export function Verdict({ pass, children }: { pass: boolean; children: React.ReactNode }): React.JSX.Element {
  return (
    <p className={`verdict ${pass ? 'pass' : 'fail'}`} data-testid="verdict">
      <strong>{pass ? 'PASS' : 'FAIL'}</strong> — {children}
    </p>
  );
}
