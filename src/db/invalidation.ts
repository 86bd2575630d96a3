/**
 * What cached authorization state a write made stale. Published after the write
 * commits; every instance (PostgreSQL LISTEN/NOTIFY, or in process on PGlite)
 * drops the matching cache entries.
 */
export type Invalidation =
  /** An access token was revoked. */
  | { kind: 'token'; id: string }
  /** A refresh family was revoked: its access tokens are listed. */
  | { kind: 'tokens'; ids: string[] }
  /** A client was deleted, restored, changed or its secret rotated. */
  | { kind: 'client'; id: string }
  /** A user was disabled, deleted or changed. */
  | { kind: 'user'; id: string }
  /** A subject's direct roles or permissions changed. */
  | { kind: 'subject'; type: 'user' | 'client'; id: string }
  /** A role's permissions changed, or a role or permission was deleted: every subject may be affected. */
  | { kind: 'roles' };

export interface InvalidationBus {
  /** Delivers to every instance, this one included. */
  publish(event: Invalidation): Promise<void>;
  subscribe(listener: (event: Invalidation) => void): () => void;
  close(): Promise<void>;
}
