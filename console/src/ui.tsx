import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { GraphQLFailure } from './api';
import { onLinkClick } from './router';

export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a href={props.href} class={props.class} onClick={onLinkClick}>
      {props.children}
    </a>
  );
}

/** A labelled control with its API error beside it, tied by aria-describedby. */
export function Field(props: { id: string; label: string; error?: string; hint?: string; children: ComponentChildren }) {
  return (
    <div class={props.error ? 'field invalid' : 'field'}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.children}
      {props.error && (
        <p class="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** The aria-describedby value for a Field's control. */
export function describedBy(id: string, options: { error?: string; hint?: string }): string | undefined {
  const ids = [options.hint ? `${id}-hint` : '', options.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

export function ErrorBox(props: { error: unknown }) {
  if (!props.error) return null;
  const message = props.error instanceof Error ? props.error.message : String(props.error);
  return (
    <p class="error-box" role="alert">
      {message}
    </p>
  );
}

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads once per change of `key`; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  // `key` names everything `load` reads: a new key loads again.
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

/** Field messages of a failed mutation, or the error for the box above the form. */
export function splitErrors(error: unknown): { fields: Record<string, string>; general?: unknown } {
  if (error instanceof GraphQLFailure) {
    const fields = error.fieldErrors();
    return Object.keys(fields).length > 0 ? { fields } : { fields, general: error };
  }
  return { fields: {}, general: error };
}

export function formatDate(value: string | null | undefined): string {
  return value ? new Date(value).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—';
}

export function lines(value: string): string[] {
  return value
    .split(/[\n,\s]+/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/**
 * Previous / Next over a Relay connection. `cursors` holds the `after` of every page up to
 * this one (`[null]` on the first), so Previous steps back without the server's help.
 */
export function Pager(props: {
  label: string;
  cursors: (string | null)[];
  setCursors: (cursors: (string | null)[]) => void;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}) {
  const { cursors, setCursors, pageInfo } = props;
  return (
    <nav class="pager" aria-label={props.label}>
      <button type="button" disabled={cursors.length === 1} onClick={() => setCursors(cursors.slice(0, -1))}>
        Previous page
      </button>
      <button type="button" disabled={!pageInfo.hasNextPage} onClick={() => setCursors([...cursors, pageInfo.endCursor ?? null])}>
        Next page
      </button>
    </nav>
  );
}
