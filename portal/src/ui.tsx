import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError } from './api';

let go: (path: string) => void = (p) => location.assign(p);
export const setNavigator = (f: (path: string) => void) => {
  go = f;
};
export const navigate = (path: string) => go(path);

/** A link inside the portal: no reload (the token stays in memory). */
export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={(e: MouseEvent) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

/** What a control needs to be tied to its label, hint and error. */
export interface ControlProps {
  id: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
}

/** A labelled control with the API's reason for refusing it right below. */
export function Field(props: {
  id: string;
  label: string;
  error?: ApiError | undefined;
  name: string;
  hint?: string;
  children: (a: ControlProps) => ComponentChildren;
}) {
  const issue = props.error?.field(props.name);
  const described = [props.hint ? `${props.id}-hint` : '', issue ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${issue ? ' invalid' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <small id={`${props.id}-hint`} class="hint">
          {props.hint}
        </small>
      )}
      {props.children({ id: props.id, 'aria-invalid': issue ? true : undefined, ...(described ? { 'aria-describedby': described } : {}) })}
      {issue && (
        <p id={`${props.id}-error`} class="field-error" role="alert">
          {issue.vi} <span lang="en">({issue.en})</span>
        </p>
      )}
    </div>
  );
}

/** The answer to a failed request: what went wrong, and for a 403 who may do it. */
export function Problem(props: { error?: ApiError | undefined }) {
  const e = props.error;
  if (!e) return null;
  const title =
    e.status === 403
      ? 'Không có quyền thực hiện'
      : e.status === 0
        ? 'Mất kết nối'
        : e.status === 400
          ? 'Chưa gửi được: kiểm tra các trường đánh dấu'
          : 'Chưa gửi được';
  return (
    <div class="problem" role="alert">
      <strong>{title}</strong>
      <p>{e.vi}</p>
      <p lang="en" class="en">
        {e.en}
      </p>
      {e.fields
        .filter((f) => f.field.startsWith('('))
        .map((f) => (
          <p key={f.field}>{f.vi}</p>
        ))}
    </div>
  );
}

export function Loading() {
  return (
    <p class="loading" role="status">
      Đang tải…
    </p>
  );
}

export function StatusBadge(props: { status: string; label: string }) {
  return <span class={`badge s-${props.status}`}>{props.label}</span>;
}

export function Progress(props: { value: number }) {
  return (
    <span class="progress">
      <span class="bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(100, props.value))}%` }} />
      </span>
      <span>{props.value}%</span>
    </span>
  );
}

/**
 * A form's call to the API: `busy` while it runs, `error` from its refusal (an ApiError, or what
 * `otherwise` makes of anything else). What was typed is the caller's to clear, on success only.
 */
export function useAction(otherwise?: (x: unknown) => ApiError | undefined) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (x) {
      setError(x instanceof ApiError ? x : otherwise?.(x));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}
