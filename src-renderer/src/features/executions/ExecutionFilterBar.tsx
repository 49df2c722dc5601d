import { useState } from 'react';
import type { ExecutionFilters } from '../../../../src-main/shared/model/workflows';
import { EXECUTION_STATUSES, type ExecutionStatus } from '../../../../src-main/shared/model/vocabulary';
import { inputFromUtc, QUICK_RANGES, utcFromInput } from './filters';

interface Props {
  value: ExecutionFilters;
  workflows: readonly string[];
  onChange(patch: Partial<ExecutionFilters>): void;
}

/** Workflow, status, trace and time (UTC, as the audit trail keeps it) filters of the executions list. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function ExecutionFilterBar({ value, workflows, onChange }: Props): React.JSX.Element {
  // The trace applies once it is a whole UUID (or cleared): half a UUID is not a filter yet.
  const [trace, setTrace] = useState(value.trace ?? '');
  const [applied, setApplied] = useState(value.trace ?? null);
  if ((value.trace ?? null) !== applied) {
    // Changed from outside (a palette command cleared the filters): the field follows.
    setApplied(value.trace ?? null);
    setTrace(value.trace ?? '');
  }
  const traceIncomplete = trace.trim() !== '' && !UUID.test(trace.trim());
  const typeTrace = (text: string) => {
    setTrace(text);
    const t = text.trim();
    if (t !== '' && !UUID.test(t)) return;
    const next = t ? t.toLowerCase() : null;
    setApplied(next);
    onChange({ trace: next });
  };
  const quick = (id: string) => {
    const range = QUICK_RANGES.find((r) => r.id === id);
    if (!range) return onChange({ from: null, to: null });
    onChange({ from: `${new Date(Date.now() - range.ms).toISOString().slice(0, 16)}Z`, to: null });
  };
  return (
    <div className="filters" role="search" aria-label="Filter executions">
      <label>
        Workflow{' '}
        <select value={value.workflow ?? ''} onChange={(e) => onChange({ workflow: e.target.value || null })}>
          <option value="">all workflows</option>
          {workflows.map((w) => (
            <option key={w}>{w}</option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select value={value.status ?? ''} onChange={(e) => onChange({ status: (e.target.value || null) as ExecutionStatus | null })}>
          <option value="">any status</option>
          {EXECUTION_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <label>
        Started{' '}
        <select value="" onChange={(e) => quick(e.target.value)} aria-label="Started within">
          <option value="">choose a range…</option>
          {QUICK_RANGES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
          <option value="any">any time</option>
        </select>
      </label>
      <label>
        From (UTC){' '}
        <input type="datetime-local" value={inputFromUtc(value.from)} onChange={(e) => onChange({ from: utcFromInput(e.target.value) })} />
      </label>
      <label>
        To (UTC){' '}
        <input type="datetime-local" value={inputFromUtc(value.to)} onChange={(e) => onChange({ to: utcFromInput(e.target.value) })} />
      </label>
      <label>
        Trace{' '}
        <input
          className="trace-input"
          value={trace}
          placeholder="trace id (UUID)"
          spellCheck={false}
          aria-invalid={traceIncomplete || undefined}
          aria-describedby={traceIncomplete ? 'trace-hint' : undefined}
          onChange={(e) => typeTrace(e.target.value)}
        />
      </label>
      {traceIncomplete && (
        <span className="reason" id="trace-hint">
          A trace id is a UUID (8-4-4-4-12 hex digits): paste it whole.
        </span>
      )}
    </div>
  );
}
