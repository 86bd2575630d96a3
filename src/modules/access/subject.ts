/** Who permissions belong to: a user or an app client. */
export type SubjectType = 'user' | 'client';

export interface SubjectRef {
  type: SubjectType;
  id: string;
}
