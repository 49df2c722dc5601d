import { useState } from 'react';

/**
 * A new key's secret, shown exactly once. Dismissing it drops it from React state (it was
 * never put in the store), so nothing in the renderer keeps it afterwards.
 */
export function SecretOnce({ secret, label, onDismiss }: { secret: string; label: string; onDismiss(): void }): React.JSX.Element {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <div className="card secret" role="dialog" aria-label="New API key">
      <h2>{label}</h2>
      <p className="warning">
        Copy this key now. It is shown once and stored nowhere: the database keeps only its SHA-256. If it is lost, rotate the key.
      </p>
      <code className="secret-value" data-testid="new-key">
        {secret}
      </code>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDismiss}>
          I have stored it — dismiss
        </button>
      </div>
    </div>
  );
}
