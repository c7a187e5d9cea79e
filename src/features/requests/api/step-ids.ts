/** Ids of one step on a request (the event and its text), made before the first try. */
export interface StepIds {
  readonly eventId: string;
  readonly textId: string;
}
