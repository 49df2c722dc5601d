import { useId, useState } from 'react';
import {
  FILTER_HELP,
  normaliseFilter,
  parseFilter,
  parseTime,
  printFilter,
  type AuditFilter,
} from '../../../../src-main/shared/model/audit-filter';
import { DRAG_MODES, OUTCOMES } from '../../../../src-main/shared/model/vocabulary';

interface FilterBarProps {
  /** The filter applied (canonical). */
  value: string;
  onApply(filter: string): void;
  workflows: readonly string[];
}

/** One key of a filter string changed through a control: the string stays the one source of truth. */
function withKey(text: string, patch: Partial<AuditFilter>): string {
  let filter: AuditFilter;
  try {
    filter = parseFilter(text);
  } catch {
    filter = {};
  }
  const next: Record<string, unknown> = { ...filter, ...patch };
  for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
  return printFilter(next as AuditFilter);
}

/** An absolute time of the filter as a datetime-local input's value (UTC); relative times show nothing here. */
const inputValue = (spec: AuditFilter['since']) => (spec?.kind === 'absolute' ? spec.utc.slice(0, 16).replace(' ', 'T') : '');

/**
 * The filter string (typed, pasted, copied) and controls for the common keys, which rewrite the
 * string. A string that does not parse says why under the box and is not applied.
 */
export function FilterBar({ value, onApply, workflows }: FilterBarProps): React.JSX.Element {
  const [draft, setDraft] = useState(value);
  const [copied, setCopied] = useState(false);
  const helpId = useId();
  const parsed = normaliseFilter(draft);
  const current: AuditFilter = parsed.ok ? parsed.filter : {};
  const apply = (text: string) => {
    setDraft(text);
    const n = normaliseFilter(text);
    if (n.ok) onApply(n.text);
  };
  const one = (list: readonly string[] | undefined) => (list && list.length === 1 ? list[0]! : '');

  return (
    <div className="audit-filters" role="search" aria-label="Audit log filters">
      <form
        className="filter-string"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <input
          type="text"
          aria-label="Filter string"
          aria-describedby={helpId}
          aria-invalid={!parsed.ok || undefined}
          placeholder='e.g. actor:ann mode:execute outcome:failure since:7d text:"timeout"'
          value={draft}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!parsed.ok}>
          Apply
        </button>
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(parsed.ok ? parsed.text : draft).then(() => setCopied(true));
            setTimeout(() => setCopied(false), 1500);
          }}
        >
          {copied ? 'Copied' : 'Copy filter'}
        </button>
        <button type="button" disabled={!draft} onClick={() => apply('')}>
          Clear
        </button>
      </form>
      <p id={helpId} className={parsed.ok ? 'muted filter-help' : 'filter-error'} data-testid="filter-message">
        {parsed.ok
          ? `Keys: ${Object.keys(FILTER_HELP).join(', ')} — see docs/audit-filter.md. Times are UTC unless an offset is given.`
          : parsed.error.message}
      </p>
      <div className="filters">
        <label>
          From (UTC)
          <input
            type="datetime-local"
            value={inputValue(current.since)}
            onChange={(e) => apply(withKey(draft, { since: e.target.value ? (parseTime(`${e.target.value}Z`) ?? undefined) : undefined }))}
          />
        </label>
        <label>
          To (UTC)
          <input
            type="datetime-local"
            value={inputValue(current.until)}
            onChange={(e) => apply(withKey(draft, { until: e.target.value ? (parseTime(`${e.target.value}Z`) ?? undefined) : undefined }))}
          />
        </label>
        <label>
          Mode
          <select
            value={one(current.mode)}
            onChange={(e) => apply(withKey(draft, { mode: e.target.value ? [e.target.value as (typeof DRAG_MODES)[number]] : undefined }))}
          >
            <option value="">any</option>
            {DRAG_MODES.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </label>
        <label>
          Outcome
          <select
            value={one(current.outcome)}
            onChange={(e) => apply(withKey(draft, { outcome: e.target.value ? [e.target.value as (typeof OUTCOMES)[number]] : undefined }))}
          >
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o}>{o}</option>
            ))}
          </select>
        </label>
        <label>
          Workflow
          <select
            value={one(current.workflow)}
            onChange={(e) => apply(withKey(draft, { workflow: e.target.value ? [e.target.value] : undefined }))}
          >
            <option value="">any</option>
            {workflows.map((w) => (
              <option key={w}>{w}</option>
            ))}
          </select>
        </label>
        <label>
          Actor
          <input
            type="search"
            placeholder="name or email"
            defaultValue={current.actor ?? ''}
            key={`actor:${current.actor ?? ''}`}
            onKeyDown={(e) => {
              if (e.key === 'Enter') apply(withKey(draft, { actor: e.currentTarget.value.trim() || undefined }));
            }}
            onBlur={(e) => {
              if ((e.currentTarget.value.trim() || undefined) !== current.actor)
                apply(withKey(draft, { actor: e.currentTarget.value.trim() || undefined }));
            }}
          />
        </label>
      </div>
    </div>
  );
}
