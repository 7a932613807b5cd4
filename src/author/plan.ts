/** What a scaffolding command or a fix wants to write: whole files, checked before any is written. */
export interface FileChange {
  /** Path relative to the contracts root, posix style. */
  path: string;
  content: string;
  /** `create`: the file must not exist yet (scaffolding never overwrites); `update`: an edit of an existing file; `move`: created here, `from` removed. */
  action: 'create' | 'update' | 'move';
  from?: string;
}

/** A request the contract set cannot satisfy (unknown contract, existing event type): a usage error. */
export class AuthorError extends Error {}
