import { useState } from 'react';
import type { ApiKeyCheckReason, ApiKeyCheckResult } from '../../../../src-main/shared/model/api-keys';
import { callOrToast } from '../../api/callOrToast';

const REASONS: Record<ApiKeyCheckReason, string> = {
  'bad-checksum': 'not a well-formed aiwf_ key (mistyped or truncated): rejected without a database look-up',
  unknown: 'no key has this hash',
  inactive: 'the key is deactivated',
  revoked: 'the key was revoked',
  expired: 'the key has expired',
  'user-disabled': "the key's user is disabled",
};

/** Paste a key and see whether it is valid; it is hashed in main, never stored or logged. */
export function CheckKey(): React.JSX.Element {
  const [key, setKey] = useState('');
  const [result, setResult] = useState<ApiKeyCheckResult | null>(null);
  const check = async (e: React.FormEvent) => {
    e.preventDefault();
    setResult(await callOrToast('keys/check', { key: key.trim() }));
    setKey('');
  };
  return (
    <form className="card" onSubmit={(e) => void check(e)} aria-label="Check a key">
      <h2>Check a key</h2>
      <input
        type="password"
        autoComplete="off"
        className="wide"
        placeholder="Paste a key"
        aria-label="Key to check"
        value={key}
        onChange={(e) => setKey(e.target.value)}
      />
      <button type="submit">Check</button>
      {result && (
        <p data-testid="check-result" className={result.valid ? 'verdict pass' : 'verdict fail'}>
          {result.valid
            ? `Valid — ${result.userEmail}, scopes ${result.scopes.join(', ')}`
            : `Not valid: ${result.reason ? REASONS[result.reason] : 'no reason given'}`}
          {result.reason && ` (${result.reason})`}
        </p>
      )}
    </form>
  );
}
