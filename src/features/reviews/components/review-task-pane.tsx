import type { HostMailItem } from '../../../m365/host.ts';

/** The review answer pane beside an open review e-mail (Outlook task pane and workbench mailbox). */
export function ReviewTaskPane({ item }: { item: HostMailItem }) {
  return <div data-testid="review-task-pane">{item.subject}</div>;
}
